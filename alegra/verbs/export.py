"""``<resource> export``: every record, streamed to CSV, JSON or JSON Lines.

Pages of 30 (the API's maximum) are written as they arrive, so memory does
not grow with the account.  ``--out FILE`` writes to a temporary file in
the same directory and renames it only when the export finished: a failed
export never leaves a half-written file, nor destroys the previous one.
"""

from alegra import errors
from alegra import files
from alegra import paging
from alegra.i18n import N_
from alegra.i18n import _
from alegra.i18n import ngettext
from alegra.output import formats
from alegra.request import ApiRequest
from alegra.verbs import listing

EXPORT_FORMATS = ('csv', 'json', 'jsonl')


class Export(listing.Query):
    verb_help = N_('Export every record of {name} ({summary}) to CSV or '
                   'JSON.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_query_arguments(parser)
        group = parser.add_argument_group(_('export'))
        group.add_argument('--format', choices=EXPORT_FORMATS,
                           default='csv', help=_('file format (default csv)'))
        group.add_argument('--out', metavar='FILE',
                           help=_('write to FILE (atomically) instead of '
                                  'stdout'))
        return parser

    def take_action(self, parsed_args):
        request = ApiRequest('GET', self.resource.path,
                             self.query_params(parsed_args))
        if self.options.dry_run:
            self.show_dry_run(paging.with_params(
                request, start=parsed_args.start, limit=paging.MAX_PAGE))
            return errors.OK
        records = paging.walk(self.app.session().send, request,
                              parsed_args.start,
                              id_field=self.resource.id_field)
        if parsed_args.out:
            count = self._to_file(parsed_args, records)
        else:
            count = self._write(self.app.stdout, parsed_args, records)
        self.app.stderr.write(_summary(count, self.resource.name,
                                       parsed_args.out) + '\n')
        return errors.OK

    def _write(self, stream, parsed_args, records):
        columns = self.options.columns
        printer = formats.Printer(
            parsed_args.format, stream,
            columns=[c.strip() for c in columns.split(',') if c.strip()]
            if columns else None)
        return printer.records(records, self.resource.export_columns or
                               self.resource.table_columns)

    def _to_file(self, parsed_args, records):
        with files.atomic_writer(parsed_args.out) as stream:
            return self._write(stream, parsed_args, records)


def _summary(count, name, path=None):
    """``exported 3 contacts``, ``exported 3 contacts to out.csv``."""
    if path:
        return ngettext('exported {count} {name} to {path}',
                        'exported {count} {name} to {path}', count).format(
            count=count, name=name, path=path)
    return ngettext('exported {count} {name}', 'exported {count} {name}',
                    count).format(count=count, name=name)
