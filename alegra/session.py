"""The one place that talks HTTP to Alegra.

Every command sends its :class:`~alegra.request.ApiRequest` through
:class:`ApiSession`: base URL, Basic auth, ``User-Agent``, timeouts, JSON
decoding, the mapping of failures to :mod:`alegra.errors`, and in front of
every attempt the account's shared :class:`~alegra.limiter.RateLimiter`,
with :mod:`alegra.retry` deciding what is tried again.  ``requests`` and
``tenacity`` are imported when the first request is sent.
"""

import logging
import os
import re
import time

from alegra import errors
from alegra import jsonio
from alegra import limiter as limiter_module
from alegra import retry
from alegra.request import ApiRequest

LOG = logging.getLogger(__name__)
# (connect, read) seconds: connecting is quick or broken; Alegra can take
# a while to answer a big list or a stamping call.
TIMEOUT = (10, 60)
# A POST that reached the server may have done its work: say so, rather
# than the usual "try again".
UNSAFE_TO_REPEAT = ('it may have been processed: check in Alegra before '
                    'sending it again')
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


class ApiSession:
    """A ``requests.Session`` bound to one account's settings."""

    def __init__(self, settings, environ=None, sleep=None):
        settings.require_credentials()
        import requests

        self.settings = settings
        self._requests = requests
        self._http = requests.Session()
        self._http.auth = (settings.email, settings.token)
        # Proxies and CA bundle from the environment, read once: requests
        # would otherwise look them up again for every request.
        self._http.trust_env = False
        self._http.proxies.update(
            requests.utils.get_environ_proxies(settings.base_url))
        bundle = os.environ.get('REQUESTS_CA_BUNDLE') or \
            os.environ.get('CURL_CA_BUNDLE')
        if bundle:
            self._http.verify = bundle
        self._sleep = sleep or time.sleep
        path = limiter_module.state_path(
            settings.base_url, settings.email,
            os.environ if environ is None else environ)
        self.limiter = limiter_module.RateLimiter(path, sleep=self._sleep)
        self.policy = retry.Policy(settings.max_attempts, settings.max_wait)

    def send(self, request: ApiRequest, on_send=None, cancelled=None):
        """Send a request and return its decoded JSON (``None`` if empty).

        ``on_send()`` runs just before the bytes leave (after any wait for
        the rate limit), which is when an import journals a row as sent;
        ``cancelled()`` ends a wait for the rate limit early.
        """
        describe = f'{request.method} {request.path}'
        response = self.policy.run(
            lambda: self._attempt(request, on_send, cancelled), describe,
            self._sleep)
        return decode(response)

    def _attempt(self, request, on_send=None, cancelled=None):
        reservation = self.limiter.acquire(cancelled)
        if on_send is not None:
            on_send()
        try:
            response = self.transmit(request)
        except errors.ServerError as exc:
            self.limiter.release(reservation)
            if request.method in retry.IDEMPOTENT or exc.never_sent:
                raise retry.Retryable(exc) from None
            exc.hint = UNSAFE_TO_REPEAT
            raise
        except BaseException:
            self.limiter.release(reservation)
            raise
        status = response.status_code
        if status == 429:
            wait = _retry_after(response.headers)
            self.limiter.release(reservation)
            self.limiter.exhaust(response.headers, wait)
            raise retry.Retryable(self._error(response), wait=wait)
        # A 5xx may come from a proxy that knows nothing of the limit: only
        # Alegra's own answers teach the limiter.
        self.limiter.release(reservation,
                             response.headers if status < 500 else None)
        if status >= 500 and request.method in retry.IDEMPOTENT:
            raise retry.Retryable(self._error(response))
        if status >= 400:
            error = self._error(response)
            if status >= 500:
                error.hint = UNSAFE_TO_REPEAT
            raise error
        return response

    @staticmethod
    def _error(response):
        return errors.for_status(response.status_code,
                                 error_message(response))

    def transmit(self, request: ApiRequest):
        """Put one request on the wire and return the raw response."""
        url = request.url(self.settings.base_url)
        LOG.debug('%s %s', request.method, url)
        headers = request.headers()
        files = None
        if request.upload is not None:
            # requests writes the multipart Content-Type with its boundary.
            headers.pop('Content-Type')
            field, name, data = request.upload
            files = {field: (name, data)}
        try:
            return self._http.request(
                request.method, url, headers=headers,
                data=request.encoded_body(), files=files, timeout=TIMEOUT)
        except self._requests.ConnectTimeout:
            raise _unsent(f'{request.method} {url}: could not connect '
                          'in time') from None
        except self._requests.Timeout:
            raise errors.ServerError(
                f'{request.method} {url} timed out') from None
        except self._requests.ConnectionError as exc:
            error = errors.ServerError(
                f'cannot reach {self.settings.base_url}: '
                f'{_root_cause(exc)}')
            error.never_sent = _never_connected(exc)
            raise error from None

    def close(self):
        self._http.close()


def _unsent(message):
    error = errors.ServerError(message)
    error.never_sent = True
    return error


def _never_connected(exc):
    """True when the connection was never opened, so nothing was sent."""
    from urllib3 import exceptions as urllib3_errors
    cause = exc.args[0] if exc.args else None
    reason = getattr(cause, 'reason', cause)
    return isinstance(reason, urllib3_errors.NewConnectionError)


def _retry_after(headers):
    for name in ('Retry-After', 'X-Rate-Limit-Reset'):
        try:
            return max(float(headers[name]), 0.0)
        except (KeyError, TypeError, ValueError):
            continue
    return None


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
    text = str(exc)
    match = _ERRNO.search(text)
    if match:
        return match.group(1).strip()
    if 'aborted' in text or 'RemoteDisconnected' in text:
        return 'the connection closed before an answer came'
    return type(exc).__name__
