"""A request as data, so that sending it and showing it (``--dry-run``) agree.

Commands build an :class:`ApiRequest`; the session sends it, and
``--dry-run`` prints the very same method, URL, headers and body, with the
credentials redacted, plus an equivalent ``curl`` line.
"""

import dataclasses
import shlex
import urllib.parse

from alegra import __version__
from alegra import jsonio

REDACTED = 'Basic <redacted>'
USER_AGENT = f'alegra/{__version__}'


@dataclasses.dataclass
class ApiRequest:
    method: str
    path: str
    params: list = dataclasses.field(default_factory=list)
    body: object = None
    # An upload: (field name, file name, bytes), sent as multipart.
    upload: tuple = None

    def url(self, base_url):
        """The full URL, query included, encoded as ``requests`` encodes it."""
        url = base_url.rstrip('/') + '/' + self.path.lstrip('/')
        if self.params:
            url += '?' + urllib.parse.urlencode(self.params)
        return url

    def headers(self):
        """Headers without Authorization, which the session adds."""
        headers = {'Accept': 'application/json', 'User-Agent': USER_AGENT}
        if self.body is not None:
            headers['Content-Type'] = 'application/json'
        elif self.upload is not None:
            headers['Content-Type'] = 'multipart/form-data'
        return headers

    def encoded_body(self):
        if self.body is None:
            return None
        return jsonio.dumps(self.body, indent=None).encode('utf-8')

    def describe(self, base_url):
        """The request as shown by ``--dry-run``: never a credential."""
        headers = self.headers()
        headers['Authorization'] = REDACTED
        headers = dict(sorted(headers.items()))
        described = {
            'method': self.method,
            'url': self.url(base_url),
            'headers': headers,
            'body': self.body,
            'curl': self.curl(base_url, headers),
        }
        if self.upload is not None:
            field, name, data = self.upload
            described['upload'] = {'field': field, 'file': name,
                                   'bytes': len(data)}
        return described

    def curl(self, base_url, headers):
        """A runnable ``curl`` line that reads the credentials from the
        environment instead of printing them."""
        words = ['curl', '-X', self.method, self.url(base_url)]
        for name, value in headers.items():
            if name != 'Authorization' and not (
                    self.upload is not None and name == 'Content-Type'):
                words += ['-H', f'{name}: {value}']
        if self.body is not None:
            words += ['--data-raw', jsonio.dumps(self.body, indent=None)]
        if self.upload is not None:
            words += ['-F', f'{self.upload[0]}=@{self.upload[1]}']
        line = ' '.join(shlex.quote(word) for word in words)
        return line + ' -u "$ALEGRA_EMAIL:$ALEGRA_TOKEN"'


def render_dry_run(description):
    """The human form of :meth:`ApiRequest.describe`."""
    lines = [f"{description['method']} {description['url']}"]
    lines += [f'{name}: {value}'
              for name, value in description['headers'].items()]
    if description['body'] is not None:
        lines += ['', jsonio.dumps(description['body'])]
    if description.get('upload'):
        upload = description['upload']
        lines += ['', f"{upload['field']}: {upload['file']} "
                      f"({upload['bytes']} bytes)"]
    lines += ['', description['curl']]
    return '\n'.join(lines) + '\n'
