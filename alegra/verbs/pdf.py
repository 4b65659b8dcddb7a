"""``<document> pdf ID --out FILE``: download the PDF Alegra renders.

The document's record carries a PDF URL (``pdfUrl``, or ``url``); the file
is fetched from there, without the account's credentials when the URL is
on another host, and written atomically.
"""

import urllib.parse

from alegra import errors
from alegra import files
from alegra.request import ApiRequest
from alegra.verbs import base

URL_FIELDS = ('pdfUrl', 'pdf', 'url')


class Pdf(base.ResourceCommand):
    verb_help = 'Download the PDF of a record of {name} ({summary}).'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_id_argument(parser)
        parser.add_argument('--out', required=True, metavar='FILE',
                            help='where to write the PDF')
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
                f'{self.resource.name} {parsed_args.ident} has no PDF URL',
                hint='drafts and documents not yet emitted may have none')
        data = self._download(url)
        with files.atomic_writer(parsed_args.out, binary=True) as stream:
            stream.write(data)
        self.app.stderr.write(f'wrote {len(data)} bytes to '
                              f'{parsed_args.out}\n')
        return errors.OK

    def _download(self, url):
        import requests
        same_host = urllib.parse.urlsplit(url).netloc == \
            urllib.parse.urlsplit(self.settings.base_url).netloc
        auth = (self.settings.email, self.settings.token) if same_host \
            else None
        try:
            response = requests.get(url, auth=auth, timeout=60)
        except requests.RequestException as exc:
            raise errors.ServerError(f'cannot download the PDF: '
                                     f'{type(exc).__name__}') from None
        if response.status_code >= 400:
            raise errors.for_status(response.status_code,
                                    'the PDF download failed')
        return response.content

