"""``<resource> import``: many records from one file, none lost, none twice.

Rows are independent: a row that fails to map, fails the plugin's schema
or is refused by the API is reported with its number and reason, and the
run goes on.  Each outcome is journaled as it happens (see
:mod:`alegra.bulk.journal`), so ``--resume`` sends only what is not yet in
Alegra, and a POST that may have arrived without an answer is never sent
again silently.  Rows go out ``--concurrency`` at a time, all paced by the
account's shared rate limiter; a second run of the same import at the same
time refuses to start (the journal is locked), so no row goes out twice.

Files may be larger than memory: rows are read, mapped, checked and sent
one at a time, with only a few in flight; what is kept per row is a digest
of its body, on disk (to catch repeated rows, see :mod:`alegra.bulk.seen`)
and, with ``--report``, its outcome.
"""

import concurrent.futures
import contextlib
import os
import threading

from alegra import errors
from alegra import files
from alegra import jsonio
from alegra import paging
from alegra import validation
from alegra.body import get_path
from alegra.bulk import journal as journal_module
from alegra.bulk import mapping
from alegra.bulk import readers
from alegra.bulk import report as report_module
from alegra.bulk import seen as seen_module
from alegra.request import ApiRequest
from alegra.verbs import base
from alegra.verbs import write

DEFAULT_CONCURRENCY = 4
# Failures that no other row would escape: stop instead of failing them all.
FATAL = (errors.AuthError, errors.PlanRequired)


def _concurrency(text):
    value = int(text)
    if not 1 <= value <= 16:
        raise ValueError(text)
    return value


_concurrency.__name__ = 'concurrency (1-16)'


class Import(base.ResourceCommand):
    verb_help = ('Create records in {name} ({summary}) from a CSV, JSON or '
                 'JSON Lines file.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        group = write.add_body_arguments(parser)
        group.title = 'input'
        file_action = next(action for action in group._group_actions
                           if action.dest == 'file')
        file_action.required = True
        file_action.help = 'CSV, JSON (array) or JSON Lines file; - reads ' \
                           'stdin'
        group.add_argument(
            '--map', action='append', default=[], metavar='COL=FIELD,...',
            help="CSV column to field path ('Name=name,NIT="
                 "identification.number'); repeatable")
        group.add_argument('--encoding',
                           help='text encoding of the file (default: UTF-8,'
                                ' else Windows-1252)')
        group.add_argument('--format', choices=readers.FORMATS,
                           help='file format (default: from the name or '
                                'content)')
        run = parser.add_argument_group('run')
        run.add_argument('--update-by', metavar='FIELD',
                         help='update (PUT) the record whose FIELD matches '
                              'the row (identification, reference, ...); '
                              'create the others')
        run.add_argument('--concurrency', type=_concurrency,
                         default=DEFAULT_CONCURRENCY,
                         help=f'rows sent at once (default '
                              f'{DEFAULT_CONCURRENCY}), all under the rate '
                              'limit')
        run.add_argument('--report', metavar='FILE',
                         help='write every row with its status, id and '
                              'error (CSV, or JSONL for .jsonl)')
        again = run.add_mutually_exclusive_group()
        again.add_argument('--resume', action='store_true',
                           help='continue an earlier import of this file: '
                                'send only rows not yet created')
        again.add_argument('--restart', action='store_true',
                           help='forget an earlier import of this file and '
                                'send every row again')
        run.add_argument('--allow-duplicates', action='store_true',
                         help='send rows identical to an earlier row too')
        run.add_argument('--resend-unknown', action='store_true',
                         help='with --resume, also send rows whose earlier '
                              'POST got no answer (check them first)')
        return parser

    def take_action(self, parsed_args):
        if parsed_args.report:
            _check_writable(parsed_args.report)
        with files.open_input(parsed_args.file, self.app.stdin) as source:
            return self._import(source, parsed_args)

    def _import(self, source, parsed_args):
        rows = readers.read(source, parsed_args.file, parsed_args.encoding,
                            parsed_args.format)
        mapper = mapping.RowMapper(self.resource, rows, parsed_args.map,
                                   parsed_args.set)
        ignored = mapper.ignored(rows.headers)
        if ignored:
            self.app.warn('columns not imported (no field): '
                          + ', '.join(ignored))
        # Counting reads the file once more, row by row: the progress bar
        # needs the total, and a CSV broken further on stops the import
        # before any row is sent.
        report = report_module.ImportReport(
            self.app.stderr, rows.count(),
            progress=_is_terminal(self.app.stderr) and
            not self.options.dry_run, keep=bool(parsed_args.report))
        with contextlib.closing(self._bodies(
                mapper, rows, report, parsed_args.allow_duplicates)) as bodies:
            return self._run(bodies, report, source, parsed_args)

    def _run(self, bodies, report, source, parsed_args):
        if self.options.dry_run:
            for number, body in bodies:
                self.app.stdout.write(
                    f'row {number}: {jsonio.dumps(body, indent=None)}\n')
            return self._finish(report, parsed_args, dry_run=True)
        journal = self._journal(parsed_args, source)
        try:
            self._send(bodies, journal, report, parsed_args)
        except BaseException:
            # Stopped early: still say what happened to the rows sent.
            report.summary()
            if parsed_args.report:
                report.write(parsed_args.report)
            raise
        finally:
            journal.close()
        return self._finish(report, parsed_args)

    def _bodies(self, mapper, rows, report, allow_duplicates):
        """The rows that map and validate, one at a time, as they are
        read; the others are reported failed.

        A row that would send exactly what an earlier row sends is almost
        always a spreadsheet slip, so it is not sent twice unless asked.
        """
        schema = self.resource.create_schema()
        seen = None if allow_duplicates else seen_module.SeenBodies()
        try:
            for number, record in rows.records:
                try:
                    body = mapper.build(record)
                    if not body:
                        raise errors.InvalidInput('the row has no field to '
                                                  'send')
                    validation.check(body, schema, what='row')
                    first = seen.first_row(body, number) if seen else number
                    if first != number:
                        raise errors.InvalidInput(
                            f'the same as row {first}; not sent twice '
                            '(--allow-duplicates sends it)')
                except errors.AlegraError as exc:
                    report.row(number, 'failed', error=exc.message)
                    continue
                yield number, body
        finally:
            if seen:
                seen.close()

    def _journal(self, parsed_args, source):
        """The import's journal, held by this run until it is closed."""
        settings = self.settings
        settings.require_credentials()
        journal = journal_module.ImportJournal(
            journal_module.journal_dir(self.app.environ),
            journal_module.journal_key(self.resource.name,
                                       settings.base_url, settings.email,
                                       source))
        try:
            journal.hold()
            if parsed_args.restart:
                journal.reset()
            elif not parsed_args.resume and journal.load():
                raise errors.UsageError(
                    'this file was already imported into this account (in '
                    'part or in full)',
                    hint='--resume sends only the rows not yet created; '
                         '--restart sends every row again')
        except BaseException:
            journal.close()
            raise
        return journal

    def _send(self, bodies, journal, report, parsed_args):
        earlier = journal.load() if parsed_args.resume else {}
        sender = RowSender(self, journal, report, parsed_args.update_by)
        # Enough rows queued to keep every worker busy, and no more: the
        # rest are still unread in the file.
        queued = 2 * parsed_args.concurrency
        running = set()
        with concurrent.futures.ThreadPoolExecutor(
                parsed_args.concurrency) as pool:
            try:
                for number, body in bodies:
                    if _settled(number, earlier.pop(number, {}), report,
                                parsed_args.resend_unknown):
                        continue
                    if len(running) >= queued:
                        done, running = concurrent.futures.wait(
                            running,
                            return_when=concurrent.futures.FIRST_COMPLETED)
                        for future in done:
                            future.result()
                    running.add(pool.submit(sender.send, number, body))
                for future in concurrent.futures.as_completed(running):
                    future.result()
            except BaseException:
                sender.stop.set()
                for future in running:
                    future.cancel()
                raise
            finally:
                sender.close()

    def _finish(self, report, parsed_args, dry_run=False):
        if not dry_run:
            report.summary()
        if parsed_args.report:
            report.write(parsed_args.report)
        counts = report.counts
        bad = counts['failed'] + counts['unknown']
        if not bad:
            return errors.OK
        if counts['created'] + counts['updated'] + counts['skipped'] or \
                (dry_run and report.total > bad):
            raise errors.PartialFailure(
                f'{bad} of {report.total} rows were not imported',
                hint='see the row lines above' +
                ('' if parsed_args.report else ', or write them with '
                 '--report FILE'))
        raise errors.BulkFailed(f'none of the {report.total} rows was '
                                'imported')


class RowSender:
    """Sends rows from worker threads, one API session per thread."""

    def __init__(self, command, journal, report, update_by):
        self.command = command
        self.resource = command.resource
        self.journal = journal
        self.report = report
        self.update_by = update_by
        self.stop = threading.Event()
        self._local = threading.local()
        self._sessions = []
        self._lock = threading.Lock()

    def session(self):
        if getattr(self._local, 'session', None) is None:
            from alegra import session
            app = self.command.app
            self._local.session = session.ApiSession(app.settings,
                                                     app.environ)
            with self._lock:
                self._sessions.append(self._local.session)
        return self._local.session

    def close(self):
        for api in self._sessions:
            api.close()

    def send(self, number, body):
        if self.stop.is_set():
            return
        try:
            existing = self._existing(body) if self.update_by else None
        except errors.Cancelled:
            return
        except errors.AlegraError as exc:
            self._failed(number, 'failed', exc)
            return
        if existing is None:
            self._create(number, body)
        else:
            self._update(number, body, existing)

    def _create(self, number, body):
        request = ApiRequest('POST', self.resource.path, body=body)
        try:
            record = self.session().send(
                request, on_send=lambda: self.journal.record(number,
                                                             'sending'),
                cancelled=self.stop.is_set)
        except errors.Cancelled:
            return  # stopped before sending: the row stays to do
        except errors.ServerError as exc:
            # Only a request that never left is surely not in Alegra.
            self._failed(number, 'failed' if exc.never_sent else 'unknown',
                         exc)
            return
        except errors.AlegraError as exc:
            self._failed(number, 'failed', exc)
            return
        record = self.resource.unwrap(record)
        ident = record.get(self.resource.id_field) \
            if isinstance(record, dict) else None
        self.journal.record(number, 'created', ident)
        self.report.row(number, 'created', ident)

    def _update(self, number, body, existing):
        ident = existing[self.resource.id_field]
        request = ApiRequest('PUT', self.resource.item_path(ident),
                             body=body)
        try:
            self.session().send(request, cancelled=self.stop.is_set)
        except errors.Cancelled:
            return
        except errors.AlegraError as exc:
            self._failed(number, 'failed', exc)
            return
        self.journal.record(number, 'updated', ident)
        self.report.row(number, 'updated', ident)

    def _failed(self, number, status, exc):
        """Record a row that did not go in; stop every row on a failure
        that no other row would escape (credentials, plan)."""
        self.journal.record(number, status, error=exc.message)
        self.report.row(number, status, error=exc.message)
        if isinstance(exc, FATAL):
            self.stop.set()
            raise exc

    def _existing(self, body):
        """The one record whose ``--update-by`` field matches the row."""
        key = _key_text(get_path(body, self.update_by))
        if key is None:
            return None
        # Every page: the API may not filter on this field, and a match on
        # page two must not be created again.
        session = self.session()
        records = paging.walk(
            lambda request: session.send(request,
                                         cancelled=self.stop.is_set),
            ApiRequest('GET', self.resource.path, [(self.update_by, key)]),
            id_field=self.resource.id_field)
        matches = [record for record in records
                   if _key_text(get_path(record, self.update_by)) == key]
        if len(matches) > 1:
            raise errors.InvalidInput(
                f'{len(matches)} records have {self.update_by} {key}')
        return matches[0] if matches else None


def _settled(number, entry, report, resend_unknown):
    """Report a row that an earlier run settled; True when it is not to be
    sent now."""
    status = entry.get('status')
    if status in journal_module.FINAL:
        report.row(number, 'skipped', entry.get('id'),
                   note=f'{status} in an earlier run')
        return True
    if status == 'unknown' and not resend_unknown:
        report.row(number, 'unknown', error=entry.get('error'),
                   note='not sent again; check it, then use '
                        '--resend-unknown')
        return True
    return False


def _key_text(value):
    """The comparable text of a key; ``{type, number}`` compares by number."""
    if isinstance(value, dict):
        value = value.get('number')
    if value is None or value == '':
        return None
    return str(value)


def _check_writable(path):
    """Refuse a --report path before sending anything, not after."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
        raise errors.UsageError(f'cannot write the report {path}: no '
                                f'writable directory {directory}')


def _is_terminal(stream):
    return hasattr(stream, 'isatty') and stream.isatty()
