"""A request as data, so that sending it and showing it (``--dry-run``) agree.

Commands build an :class:`ApiRequest`; the session sends it, and
``--dry-run`` prints the very same method, URL, headers and body, with the
credentials redacted, plus an equivalent ``curl`` line.

This is also the one place where an id becomes part of a URL
(:func:`resource_path`): ids come from the command line, MCP clients, CSV
cells and server answers, so each is checked and percent-encoded as exactly
one path segment.  ``contacts delete '../items/6'`` must never reach
``/items/6``, and ``invoices open '5/void?x='`` must never void invoice 5.
"""

import dataclasses
import shlex
import urllib.parse

from alegra import __version__
from alegra import errors
from alegra import jsonio
from alegra.i18n import _
from alegra.i18n import ngettext

REDACTED = 'Basic <redacted>'
USER_AGENT = f'alegra/{__version__}'
# Ids that a path would resolve to another resource, or to none.
_NOT_IDS = ('', '.', '..')


def check_id(ident):
    """``ident`` as text, refused (exit 2) when it cannot be one segment."""
    text = '' if ident is None else str(ident)
    if text.strip() in _NOT_IDS:
        raise errors.UsageError(
            _('{id} is not a valid id').format(id=repr(text)),
            hint=_('give the id of one record'))
    return text


def path_segment(ident):
    """One id as exactly one percent-encoded path segment: ``/``, ``?``,
    ``#`` and ``%`` in it are data, never URL syntax."""
    return urllib.parse.quote(check_id(ident), safe='')


def resource_path(base, *ids, tail=''):
    """``base/ID[/ID...][/tail]``: the path of a record or of its action.

    ``base`` and ``tail`` come from plugins (trusted data); every id is
    encoded by :func:`path_segment`.
    """
    parts = [base.rstrip('/')] + [path_segment(ident) for ident in ids]
    if tail:
        parts.append(tail.strip('/'))
    return '/'.join(parts)


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
        size = ngettext('{count} byte', '{count} bytes',
                        upload['bytes']).format(count=upload['bytes'])
        lines += ['', f"{upload['field']}: {upload['file']} ({size})"]
    lines += ['', description['curl']]
    return '\n'.join(lines) + '\n'
