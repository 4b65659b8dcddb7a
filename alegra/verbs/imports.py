"""``<resource> import``: many records from one file, in the file's order,
each exactly once.

Rows are independent: a row that fails to map, fails the plugin's schema
or is refused by the API is reported with its number and reason, and the
run goes on.  Each outcome is journaled as it happens (see
:mod:`alegra.bulk.journal`), so ``--resume`` sends only what is not yet in
Alegra, and a second run of the same import at the same time refuses to
start (the journal is locked).

Rows are created in the file's order, row N's POST after row N-1's answer:
documents are numbered in the order they are created, so invoice 4 must
not be made before invoice 1.  Where order does not matter, ``--concurrency
N`` sends N rows at once, and their lines still print in file order;
numbered resources (``Resource.ordered``) refuse it.  Every request is
paced by the account's shared rate limiter.

A POST that got no clear answer may have created its record, and is not
guessed at: the row is looked up by its natural key or by the marker it
was sent with (see :mod:`alegra.bulk.natural_keys`), counted created when
found and sent again when not (the sending and the lookups during the run
are :mod:`alegra.bulk.sender`'s).  ``--resume`` first reports the rows
done before, then looks up the rows an earlier run left unknown, in file
order, before it sends anything else.  A row that cannot be looked up
stays ``unknown``, for a person to check.

Files may be larger than memory: rows are read, mapped, checked and sent
one at a time, with only a few in flight; what is kept per row is a digest
of its body, on disk (to catch repeated rows, see :mod:`alegra.bulk.seen`)
and, with ``--report``, its outcome.

Every resource command class is built at start, this one too, so the
:mod:`alegra.bulk` modules are imported by the methods that use them: a
``get`` does not pay for them.
"""

import argparse
import contextlib
import os

from alegra import command
from alegra import errors
from alegra import files
from alegra import jsonio
from alegra import validation
from alegra.i18n import N_
from alegra.i18n import _
from alegra.i18n import ngettext
from alegra.verbs import base
from alegra.verbs import write

DEFAULT_CONCURRENCY = 1
# The note of a row done by an earlier run, by the status it had then.
EARLIER = {'created': N_('created in an earlier run'),
           'updated': N_('updated in an earlier run')}


# --concurrency.
_concurrency = command.whole_number(N_('concurrency (1-16)'), 1, 16)


class _Numbered(argparse.Action):
    """``--concurrency`` of a numbered resource: refused, saying why.
    Hidden from ``--help`` and from the MCP tools (``dest`` suppressed)."""

    def __call__(self, parser, namespace, values, option_string=None):
        raise argparse.ArgumentError(self, self.const)


class Import(base.ResourceCommand):
    verb_help = N_('Create records in {name} ({summary}) from a CSV, JSON '
                   'or JSON Lines file.')

    def get_description(self):
        return ' '.join((super().get_description(),
                         _order_help(self.resource),
                         _lookup_help(self.resource)))

    def get_parser(self, prog_name):
        from alegra.bulk import natural_keys
        from alegra.bulk import readers

        parser = super().get_parser(prog_name)
        group = write.add_body_arguments(parser)
        group.title = _('input')
        file_action = next(action for action in group._group_actions
                           if action.dest == 'file')
        file_action.required = True
        file_action.help = _('CSV, JSON (array) or JSON Lines file; - '
                             'reads stdin')
        group.add_argument(
            '--map', action='append', default=[], metavar='COL=FIELD,...',
            help=_("CSV column to field path ('Name=name,NIT="
                   "identification.number'); repeatable"))
        group.add_argument('--encoding',
                           help=_('text encoding of the file (default: '
                                  'UTF-8, else Windows-1252)'))
        group.add_argument('--format', choices=readers.FORMATS,
                           help=_('file format (default: from the name or '
                                  'content)'))
        run = parser.add_argument_group(_('run'))
        run.add_argument('--update-by', metavar='FIELD',
                         help=_('update (PUT) the record whose FIELD '
                                'matches the row (identification, '
                                'reference, ...); create the others'))
        if self.resource.ordered:
            run.add_argument(
                '--concurrency', action=_Numbered, dest=argparse.SUPPRESS,
                default=argparse.SUPPRESS, help=argparse.SUPPRESS,
                const=_("{name} are numbered in the order they are "
                        "created: their rows are created one at a time, "
                        "in the file's order").format(
                            name=self.resource.name))
        else:
            run.add_argument('--concurrency', type=_concurrency,
                             default=DEFAULT_CONCURRENCY, metavar='N',
                             help=_("rows sent at once (default 1: one "
                                    "after the other, in the file's order); "
                                    "the row lines print in file order "
                                    "either way, all under the rate limit"))
        run.add_argument('--report', metavar='FILE',
                         help=_('write every row with its status, id, '
                                'error and note (CSV, or JSONL for .jsonl)'))
        again = run.add_mutually_exclusive_group()
        again.add_argument('--resume', action='store_true',
                           help=_('continue an earlier import of this '
                                  'file: look up the rows whose answer was '
                                  'lost, then send the rows not yet '
                                  'created'))
        again.add_argument('--restart', action='store_true',
                           help=_('forget an earlier import of this file '
                                  'and send every row again'))
        run.add_argument('--allow-duplicates', action='store_true',
                         help=_('send rows identical to an earlier row too'))
        run.add_argument('--resend-unknown', action='store_true',
                         help=_('with --resume, also send rows whose '
                                'earlier POST got no answer and that cannot '
                                'be looked up (check them in Alegra first)'))
        if self.resource.marker is not None:
            run.add_argument(
                '--no-marker', action='store_true',
                help=_('do not add [{tag} KEY#ROW] to the {field} of rows '
                       'without a natural key; such a row whose POST gets '
                       'no answer then stays unknown').format(
                           tag=natural_keys.MARKER_TAG,
                           field=self.resource.marker.fields[0]))
        return parser

    def take_action(self, parsed_args):
        if parsed_args.report:
            _check_writable(parsed_args.report)
        with files.open_input(parsed_args.file, self.app.stdin) as source:
            return self._import(source, parsed_args)

    def _import(self, source, parsed_args):
        from alegra.bulk import journal as journal_module
        from alegra.bulk import mapping
        from alegra.bulk import readers
        from alegra.bulk import report as report_module

        rows = readers.read(source, parsed_args.file, parsed_args.encoding,
                            parsed_args.format)
        mapper = mapping.RowMapper(self.resource, rows, parsed_args.map,
                                   parsed_args.set)
        ignored = mapper.ignored(rows.headers, parsed_args.update_by)
        if ignored:
            self.app.warn(_('columns not imported (no field): {columns}')
                          .format(columns=', '.join(ignored)))
        dry_run = self.options.dry_run
        # Counting reads the file once more, row by row: the progress bar
        # needs the total, and a CSV broken further on stops the import
        # before any row is sent.
        report = report_module.ImportReport(
            self.app.stderr, rows.count(),
            progress=_is_terminal(self.app.stderr) and not dry_run,
            keep=bool(parsed_args.report), in_order=not dry_run)
        if not dry_run:
            self.settings.require_credentials()
        # --update-by may PUT the row to a record: no marker there.
        marked = self.resource.marker is not None and not (
            getattr(parsed_args, 'no_marker', False) or parsed_args.update_by)
        # Markers name the file, not the account, so that a dry run
        # without credentials shows the very body the real run sends.
        builder = RowBuilder(self.resource, mapper, rows,
                             journal_module.journal_key(
                                 self.resource.name, '', '', source)
                             if marked else None)
        if dry_run:
            with contextlib.closing(builder.rows(
                    report, parsed_args.allow_duplicates)) as found:
                for row in found:
                    self.app.stdout.write(_('row {number}: {body}').format(
                        number=row.number,
                        body=jsonio.dumps(row.body, indent=None)) + '\n')
            return self._finish(report, parsed_args, dry_run=True)
        journal = self._journal(parsed_args, self._journal_key(source))
        try:
            self._send(builder, journal, report, parsed_args)
        except BaseException:
            # Stopped early: still say what happened to every row.
            report.summary()
            if parsed_args.report:
                report.write(parsed_args.report)
            raise
        finally:
            journal.close()
        return self._finish(report, parsed_args)

    def _journal_key(self, source):
        """The import's journal key: the file's bytes in this account."""
        from alegra.bulk import journal as journal_module

        settings = self.settings
        return journal_module.journal_key(
            self.resource.name, settings.base_url, settings.email, source)

    def _new_session(self):
        # The app's, so that whatever runs the command can stop it.
        return self.app.new_session()

    def _journal(self, parsed_args, key):
        """The import's journal, held by this run until it is closed."""
        from alegra.bulk import journal as journal_module

        journal = journal_module.ImportJournal(
            journal_module.journal_dir(self.app.environ), key)
        try:
            journal.hold()
            if parsed_args.restart:
                journal.reset()
            elif not parsed_args.resume and journal.load():
                raise errors.UsageError(
                    _('this file was already imported into this account '
                      '(in part or in full)'),
                    hint=_('--resume sends only the rows not yet created; '
                           '--restart sends every row again'))
        except BaseException:
            journal.close()
            raise
        return journal

    def _send(self, builder, journal, report, parsed_args):
        from alegra.bulk import sender as sender_module

        earlier = journal.load() if parsed_args.resume else {}
        sender = sender_module.RowSender(
            self.resource, journal, report, parsed_args.update_by,
            self._new_session)
        try:
            done = _report_done(earlier, report)
            done |= self._look_up_earlier(builder, earlier, sender,
                                          parsed_args.resend_unknown)
            with contextlib.closing(builder.rows(
                    report, parsed_args.allow_duplicates, done)) as rows:
                self._send_rows((row for row in rows
                                 if row.number not in done), sender,
                                getattr(parsed_args, 'concurrency', 1))
            sender.look_up_lost()
        finally:
            sender.close()

    def _look_up_earlier(self, builder, earlier, sender, resend_unknown):
        """Settle, in file order and before anything else is sent, the
        rows an earlier run left unknown; the numbers of those settled or
        reported (not to be sent again)."""
        from alegra.bulk import natural_keys
        from alegra.bulk import sender as sender_module

        unknown = {number for number, entry in earlier.items()
                   if entry.get('status') == 'unknown'}
        settled = set()
        if not unknown:
            return settled
        for row in builder.rebuilt(unknown):
            entry = earlier[row.number]
            # The marker it was really sent with, if any.
            row = row._replace(marker=entry.get('marker'))
            key = natural_keys.row_key(self.resource, row.body, row.marker)
            if key is not None:
                sender.settle(row, key, entry.get('error') or
                              _('sent without an answer'))
            elif resend_unknown:
                continue
            else:
                sender.report.row(row.number, 'unknown',
                                  error=entry.get('error'),
                                  note=_(sender_module.CANNOT_LOOK_UP))
            settled.add(row.number)
        return settled

    @staticmethod
    def _send_rows(rows, sender, concurrency):
        # Enough rows queued to keep every worker busy, and no more: the
        # rest are still unread in the file.  One worker takes them in
        # order.
        import concurrent.futures

        queued = 2 * concurrency
        running = set()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            try:
                for row in rows:
                    if len(running) >= queued:
                        done, running = concurrent.futures.wait(
                            running,
                            return_when=concurrent.futures.FIRST_COMPLETED)
                        for future in done:
                            future.result()
                    running.add(pool.submit(sender.send, row))
                for future in concurrent.futures.as_completed(running):
                    future.result()
            except BaseException:
                sender.stop.set()
                for future in running:
                    future.cancel()
                raise

    def _finish(self, report, parsed_args, dry_run=False):
        if not dry_run:
            report.summary()
        if parsed_args.report:
            report.write(parsed_args.report, not_sent=not dry_run)
        counts = report.counts
        bad = counts['failed'] + counts['unknown'] + \
            (0 if dry_run else report.not_sent)
        if not bad:
            return errors.OK
        if counts['created'] + counts['updated'] + counts['skipped'] or \
                (dry_run and report.total > bad):
            raise errors.PartialFailure(
                ngettext('{bad} of {total} rows were not imported',
                         '{bad} of {total} rows were not imported',
                         bad).format(bad=bad, total=report.total),
                hint=_('see the row lines above') if parsed_args.report
                else _('see the row lines above, or write them with '
                       '--report FILE'))
        raise errors.BulkFailed(
            ngettext('none of the {total} rows was imported',
                     'none of the {total} rows was imported',
                     report.total).format(total=report.total))


class RowBuilder:
    """The rows of the file as bodies to send, read as they are needed.

    With a journal ``key``, a row without a natural key is marked (see
    :func:`alegra.bulk.natural_keys.add_marker`), in the dry run too: the
    body shown is the body sent.
    """

    def __init__(self, resource, mapper, rows, key=None):
        self.resource = resource
        self.mapper = mapper
        self.file_rows = rows
        self.key = key

    def _row(self, number, body, record):
        from alegra.bulk import natural_keys
        from alegra.bulk import sender as sender_module

        marker = None
        if self.key is not None:
            marker = natural_keys.add_marker(
                self.resource, body,
                natural_keys.marker_text(self.key, number))
        return sender_module.Row(number, body, marker,
                                 self.mapper.record_id(record))

    def rows(self, report, allow_duplicates, reported=()):
        """The rows that map and validate, one at a time, as they are
        read; the others are reported failed, unless their outcome is
        ``reported`` already.

        A row that would send exactly what an earlier row sends is almost
        always a spreadsheet slip, so it is not sent twice unless asked
        (the marker, different on every row, is added after this check).
        """
        from alegra.bulk import seen as seen_module

        schema = self.resource.create_schema()
        seen = None if allow_duplicates else seen_module.SeenBodies()
        try:
            for number, record in self.file_rows.records:
                try:
                    body = self.mapper.build(record)
                    if not body:
                        raise errors.InvalidInput(
                            _('the row has no field to send'))
                    validation.check(body, schema, what=_('row'))
                    first = seen.first_row(body, number) if seen else number
                    if first != number:
                        raise errors.InvalidInput(
                            _('the same as row {first}; not sent twice '
                              '(--allow-duplicates sends it)').format(
                                  first=first))
                except errors.AlegraError as exc:
                    if number not in reported:
                        report.row(number, 'failed', error=exc.message)
                    continue
                yield self._row(number, body, record)
        finally:
            if seen:
                seen.close()

    def rebuilt(self, numbers):
        """The rows numbered ``numbers``, built again as they were sent,
        in file order (one more pass over the file)."""
        for number, record in self.file_rows.records:
            if number in numbers:
                try:
                    body = self.mapper.build(record)
                except errors.AlegraError:
                    continue  # failed before it was ever sent
                yield self._row(number, body, record)


def _order_help(resource):
    if resource.ordered:
        return _("Rows are created one at a time, in the file's order: "
                 "{name} are numbered in the order they are created.") \
            .format(name=resource.name)
    return _("Rows are created in the file's order, one at a time unless "
             "--concurrency says more.")


def _lookup_help(resource):
    from alegra.bulk import natural_keys

    ways = [natural_keys.join_and(key.fields)
            for key in resource.natural_keys]
    if resource.marker is not None:
        ways.append(_('the marker [{tag} KEY#ROW] the import adds to its '
                      '{field}').format(tag=natural_keys.MARKER_TAG,
                                        field=resource.marker.fields[0]))
    if not ways:
        return _('A row whose POST gets no clear answer is reported '
                 'unknown: check it in Alegra (see --resend-unknown).')
    found = ways[0]
    for way in ways[1:]:
        found = _('{ways}, else by {way}').format(ways=found, way=way)
    return _('A row whose POST gets no clear answer is looked up by '
             '{ways}, and sent again only when it is not there.').format(
                 ways=found)


def _report_done(earlier, report):
    """Report the rows an earlier run created or updated; their numbers."""
    from alegra.bulk import journal as journal_module

    done = set()
    for number in sorted(earlier):
        entry = earlier[number]
        if entry.get('status') in journal_module.FINAL:
            report.row(number, 'skipped', entry.get('id'),
                       note=_(EARLIER[entry['status']]))
            done.add(number)
    return done


def _check_writable(path):
    """Refuse a --report path before sending anything, not after."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
        raise errors.UsageError(
            _('cannot write the report {path}: no writable directory '
              '{directory}').format(path=path, directory=directory))


def _is_terminal(stream):
    return hasattr(stream, 'isatty') and stream.isatty()
