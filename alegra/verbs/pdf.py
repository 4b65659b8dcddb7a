"""``<document> pdf ID --out FILE``: download the PDF Alegra renders.

The document's record carries a PDF URL (``pdfUrl``, or ``url``); the file
is fetched from there through the session (one deadline, a size bound,
the account's credentials only on the API's own host; see
:meth:`alegra.session.ApiSession.download`), and written atomically.
"""

from alegra import errors
from alegra import files
from alegra.i18n import N_
from alegra.i18n import _
from alegra.i18n import ngettext
from alegra.request import ApiRequest
from alegra.verbs import base

URL_FIELDS = ('pdfUrl', 'pdf', 'url')


class Pdf(base.ResourceCommand):
    verb_help = N_('Download the PDF of a record of {name} ({summary}).')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_id_argument(parser)
        parser.add_argument('--out', required=True, metavar='FILE',
                            help=_('where to write the PDF'))
        return parser

    def take_action(self, parsed_args):
        record = self.send(ApiRequest(
            'GET', self.resource.item_path(parsed_args.ident),
            [('fields', 'pdf')]))
        if record is None:
            return errors.OK
        url = next((record[field] for field in URL_FIELDS
                    if isinstance(record.get(field), str) and
                    record[field].startswith(('http://', 'https://'))), None)
        if url is None:
            raise errors.InvalidInput(
                _('{name} {id} has no PDF URL').format(
                    name=self.resource.name, id=parsed_args.ident),
                hint=_('drafts and documents not yet emitted may have none'))
        data = self.app.session().download(url)
        with files.atomic_writer(parsed_args.out, binary=True) as stream:
            stream.write(data)
        self.app.stderr.write(ngettext(
            'wrote {count} bytes to {path}', 'wrote {count} bytes to {path}',
            len(data)).format(count=len(data), path=parsed_args.out) + '\n')
        return errors.OK
