"""The one place that talks HTTP to Alegra.

Every command sends its :class:`~alegra.request.ApiRequest` through
:class:`ApiSession`: base URL, Basic auth, ``User-Agent``, timeouts, JSON
decoding and the mapping of failures to :mod:`alegra.errors`.  Pacing and
retries wrap :meth:`ApiSession.transmit`, the single call that puts bytes
on the wire.  ``requests`` is imported when the first request is sent.
"""

import logging
import re

from alegra import errors
from alegra import jsonio
from alegra.request import ApiRequest

LOG = logging.getLogger(__name__)
# (connect, read) seconds: connecting is quick or broken; Alegra can take
# a while to answer a big list or a stamping call.
TIMEOUT = (10, 60)
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


class ApiSession:
    """A ``requests.Session`` bound to one account's settings."""

    def __init__(self, settings):
        settings.require_credentials()
        import requests

        self.settings = settings
        self._requests = requests
        self._http = requests.Session()
        self._http.auth = (settings.email, settings.token)
        self._http.trust_env = True

    def send(self, request: ApiRequest):
        """Send a request and return its decoded JSON (``None`` if empty)."""
        response = self.transmit(request)
        if response.status_code >= 400:
            raise errors.for_status(response.status_code,
                                    error_message(response))
        return decode(response)

    def transmit(self, request: ApiRequest):
        """Put one request on the wire and return the raw response."""
        url = request.url(self.settings.base_url)
        LOG.debug('%s %s', request.method, url)
        try:
            return self._http.request(
                request.method, url, headers=request.headers(),
                data=request.encoded_body(), timeout=TIMEOUT)
        except self._requests.Timeout:
            raise errors.ServerError(
                f'{request.method} {url} timed out') from None
        except self._requests.ConnectionError as exc:
            raise errors.ServerError(
                f'cannot reach {self.settings.base_url}: '
                f'{_root_cause(exc)}') from None

    def close(self):
        self._http.close()


def decode(response):
    """The JSON of a successful answer; an empty body decodes to ``None``."""
    if not response.content.strip():
        return None
    try:
        return jsonio.loads(response.content.decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        raise errors.ServerError(
            f'the API answered HTTP {response.status_code} with a body that '
            'is not JSON') from None


def error_message(response):
    """Alegra's error text, kept intact, from any of its error shapes."""
    try:
        body = jsonio.loads(response.content.decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        body = None
    if isinstance(body, dict):
        inner = body.get('error', body)
        if isinstance(inner, str):
            return inner
        if isinstance(inner, dict) and inner.get('message'):
            return str(inner['message'])
    return response.reason or 'no message'


def _root_cause(exc):
    """``Connection refused`` rather than urllib3's paragraph."""
    match = _ERRNO.search(str(exc))
    return match.group(1).strip() if match else type(exc).__name__
