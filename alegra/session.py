"""The one place that talks HTTP to Alegra.

Every command sends its :class:`~alegra.request.ApiRequest` through
:class:`ApiSession`: base URL, Basic auth, ``User-Agent``, timeouts, JSON
decoding, the mapping of failures to :mod:`alegra.errors`, and in front of
every attempt the account's shared :class:`~alegra.limiter.RateLimiter`,
with :mod:`alegra.retry` deciding what is tried again.  ``requests`` is
imported when the first request is sent, ``tenacity`` when one fails.

Answers are untrusted.  ``requests`` bounds each read, not a request, so a
server dripping a byte every few seconds would hold a command forever:
every attempt has one deadline (``--timeout``, ``ALEGRA_TIMEOUT``) from
connecting to the last byte of the body, kept by a watchdog that shuts the
socket down (a :class:`Transfer`), which is also how another thread stops a
request in flight (:meth:`ApiSession.abort`).  A body cut short is a network
failure, never a short answer.  Redirects are followed only for GET, at
most :data:`MAX_REDIRECTS`, and only within the API's scheme, host and
port: credentials never go to another host, and a POST is never replayed
elsewhere nor taken for "created".
"""

import contextlib
import functools
import logging
import math
import os
import re
import socket
import threading
import time
import urllib.parse

from alegra import errors
from alegra import i18n
from alegra import jsonio
from alegra import limiter as limiter_module
from alegra import retry
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import USER_AGENT
from alegra.request import ApiRequest

LOG = logging.getLogger(__name__)
# Seconds to open a connection: it is quick or broken.  The whole attempt
# has its own deadline, the settings' ``timeout``.
CONNECT_TIMEOUT = 10
MAX_REDIRECTS = 3
# The largest answer read into memory.  A page of 30 records is a few
# hundred KB; a PDF a few MB.  More is a server gone wrong.
MAX_ANSWER = 64 * 1024 * 1024
# Why a transfer ended before its answer was read.
TIMED_OUT, ABORTED = 'timed out', 'aborted'
# A POST that reached the server may have done its work: say so, rather
# than the usual "try again".  A hint, translated when it is shown.
UNSAFE_TO_REPEAT = N_('it may have been processed: check in Alegra before '
                      'sending it again')
_ERRNO = re.compile(r"\[Errno (-?\d+)\] ([^'\")]+)")
_SHORT = re.compile(r'(\d+) bytes read, (\d+) more expected')
# The transfer of the calling thread, for the connection to attach to.
_LOCAL = threading.local()


class ApiSession:
    """A ``requests.Session`` bound to one account's settings."""

    def __init__(self, settings, environ=None, sleep=None):
        settings.require_credentials()
        import requests

        self.settings = settings
        self.timeout = settings.timeout
        self._requests = requests
        self._http = requests.Session()
        self._http.auth = (settings.email, settings.token)
        adapter = _watched_adapter()()
        self._http.mount('https://', adapter)
        self._http.mount('http://', adapter)
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
        # A request in flight holds its unit of the window until its
        # deadline has surely passed.
        self.limiter = limiter_module.RateLimiter(
            path, sleep=self._sleep,
            in_flight_ttl=max(limiter_module.IN_FLIGHT_TTL,
                              settings.timeout + 15))
        self.policy = retry.Policy(settings.max_attempts, settings.max_wait)
        self._aborted = False
        self._transfers = set()
        self.max_answer = MAX_ANSWER

    def send(self, request: ApiRequest, on_send=None, cancelled=None):
        """Send a request and return its decoded JSON (``None`` if empty).

        ``on_send()`` runs just before the bytes leave (after any wait for
        the rate limit), which is when an import journals a row as sent;
        ``cancelled()`` ends a wait for the rate limit early.
        """
        describe = f'{request.method} {request.path}'

        def stop():
            return self._aborted or bool(cancelled and cancelled())

        response = self.policy.run(
            lambda: self._attempt(request, on_send, stop), describe,
            self._pause)
        return decode(response)

    def abort(self):
        """Stop this session from any thread (an MCP call cancelled).

        The request in flight ends at once with a
        :class:`~alegra.errors.ServerError` (for a POST, "may have been
        processed"), a wait for the rate limit ends with
        :class:`~alegra.errors.Cancelled`, and nothing more is sent.
        """
        self._aborted = True
        for transfer in list(self._transfers):
            transfer.end(ABORTED)

    def _pause(self, seconds):
        if not self._aborted:
            self._sleep(seconds)

    def _attempt(self, request, on_send=None, cancelled=None):
        if self._aborted:
            raise errors.Cancelled(
                _('{request}: stopped; nothing was sent').format(
                    request=f'{request.method} {request.path}'))
        reservation = self.limiter.acquire(cancelled)
        if on_send is not None:
            on_send()
        try:
            response = self.transmit(request)
        except errors.ServerError as exc:
            self.limiter.release(reservation)
            if not self._aborted and (request.method in retry.IDEMPOTENT
                                      or exc.never_sent):
                raise retry.Retryable(exc) from None
            if request.method not in retry.IDEMPOTENT and \
                    not exc.never_sent:
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
        if 300 <= status < 400:
            raise _not_followed(request, response)
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
        """Put one request on the wire and return the raw response with its
        body read, all within the deadline; a GET follows redirects within
        the API's own scheme and host."""
        url = request.url(self.settings.base_url)
        with Transfer(self.timeout) as transfer:
            self._transfers.add(transfer)
            if self._aborted:
                # abort() came before the transfer was listed.
                transfer.end(ABORTED)
            try:
                for _attempt in range(MAX_REDIRECTS + 1):
                    response = self._exchange(request, url, transfer)
                    url = _redirect_target(request.method, url, response)
                    if url is None:
                        break
            finally:
                self._transfers.discard(transfer)
        return response

    def _exchange(self, request, url, transfer):
        LOG.debug('%s %s', request.method, url)
        headers = request.headers()
        files = None
        if request.upload is not None:
            # requests writes the multipart Content-Type with its boundary.
            headers.pop('Content-Type')
            field, name, data = request.upload
            files = {field: (name, data)}
        left = transfer.left()
        from urllib3 import exceptions as urllib3_errors
        broken = (self._requests.ConnectionError, self._requests.Timeout,
                  self._requests.exceptions.ChunkedEncodingError,
                  self._requests.exceptions.ContentDecodingError,
                  urllib3_errors.HTTPError)
        try:
            response = self._http.request(
                request.method, url, headers=headers,
                data=request.encoded_body(), files=files,
                timeout=(min(CONNECT_TIMEOUT, left), left), stream=True,
                allow_redirects=False)
            # The body is read here, under the same deadline and bound.
            _read_bounded(response, self.max_answer)
        except broken as exc:
            raise self._failure(request, url, transfer, exc) from None
        except AnswerTooLarge:
            raise errors.ServerError(
                _('{request}: the answer is larger than {size} MB; not read')
                .format(request=f'{request.method} {url}',
                        size=self.max_answer // (1024 * 1024))) from None
        if transfer.ended:
            # The socket was shut down at the deadline: a body without a
            # length then simply ends, and what came is not the answer.
            response.close()
            raise self._failure(request, url, transfer)
        return response

    def _failure(self, request, url, transfer, exc=None):
        """The :class:`~alegra.errors.ServerError` for a broken exchange;
        ``never_sent`` only when no connection was ever opened."""
        requests = self._requests
        describe = f'{request.method} {url}'
        if isinstance(exc, requests.ConnectTimeout):
            return _unsent(_('{request}: could not connect in time').format(
                request=describe))
        if transfer.ended == ABORTED:
            return errors.ServerError(
                _('{request}: stopped before the answer came').format(
                    request=describe),
                hint=_('stopped on request'))
        if transfer.ended or isinstance(exc, requests.Timeout):
            return errors.ServerError(
                _('{request} timed out after {seconds} s').format(
                    request=describe, seconds=f'{transfer.seconds:g}'))
        if isinstance(exc, (requests.exceptions.ChunkedEncodingError,
                            requests.exceptions.ContentDecodingError)):
            match = _SHORT.search(str(exc))
            if match:
                message = _('{request}: the connection closed before the '
                            'whole answer came (cut short after {got} of '
                            '{expected} bytes)').format(
                                request=describe, got=match[1],
                                expected=int(match[1]) + int(match[2]))
            else:
                message = _('{request}: the connection closed before the '
                            'whole answer came (cut short)').format(
                                request=describe)
            return errors.ServerError(message)
        error = errors.ServerError(
            _('cannot reach {url}: {reason}').format(
                url=self.settings.base_url, reason=_root_cause(exc)))
        error.never_sent = _never_connected(exc)
        return error

    def download(self, url):
        """The bytes at ``url``, a file a record links to (a PDF).

        The same deadline and size bound as any answer.  The account's
        credentials go only to the API's own scheme, host and port: a URL
        elsewhere (a storage service), or a redirect there, is fetched
        without them.
        """
        request = ApiRequest('GET', url)
        home = _origin(self.settings.base_url)
        with Transfer(self.timeout) as transfer:
            self._transfers.add(transfer)
            try:
                for _attempt in range(MAX_REDIRECTS + 1):
                    response = self._fetch(request, url, transfer,
                                           _origin(url) == home)
                    if not response.is_redirect:
                        break
                    url = urllib.parse.urljoin(url,
                                               response.headers['Location'])
            finally:
                self._transfers.discard(transfer)
        if response.status_code >= 300:
            raise errors.for_status(response.status_code,
                                    _('the download failed'))
        return response.content

    def _fetch(self, request, url, transfer, with_credentials):
        left = transfer.left()
        try:
            response = self._http.request(
                'GET', url, headers={'User-Agent': USER_AGENT},
                auth=None if with_credentials else _anonymous,
                timeout=(min(CONNECT_TIMEOUT, left), left), stream=True,
                allow_redirects=False)
            _read_bounded(response, self.max_answer)
        except AnswerTooLarge:
            raise errors.ServerError(
                _('{request}: larger than {size} MB; not read').format(
                    request=f'GET {url}',
                    size=self.max_answer // (1024 * 1024))) from None
        except (self._requests.RequestException, OSError) as exc:
            raise self._failure(request, url, transfer, exc) from None
        if transfer.ended:
            response.close()
            raise self._failure(request, url, transfer)
        return response

    def close(self):
        self._http.close()


def _anonymous(prepared):
    """``requests`` auth that adds nothing: the session's own credentials
    stay home."""
    return prepared


class Transfer:
    """One attempt on the wire, ended by its deadline or by another thread.

    The connection carrying it attaches its socket (see
    :func:`_watched_adapter`); ending the transfer shuts that socket down,
    so a read blocked in a dripped header or body returns at once, whatever
    ``requests`` was waiting for.  The socket itself is kept, not the
    connection: ``http.client`` lets go of it once an answer says
    ``Connection: close``, while the body is still being read from it.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        # TIMED_OUT or ABORTED once ended early.
        self.ended = None
        self._socket = None
        self._done = False
        self._lock = threading.Lock()
        self._watchdog = threading.Timer(seconds, self.end, (TIMED_OUT,))
        self._watchdog.daemon = True

    def left(self):
        """Seconds left before the deadline (never quite zero)."""
        return max(self.deadline - time.monotonic(), 0.001)

    def attach(self, sock):
        with self._lock:
            self._socket = sock
            ended = self.ended
        if ended:
            _shut_down(sock)

    def end(self, why):
        with self._lock:
            if self.ended or self._done:
                return
            self.ended = why
            sock = self._socket
        if sock is not None:
            _shut_down(sock)

    def __enter__(self):
        _LOCAL.transfer = self
        self._watchdog.start()
        return self

    def __exit__(self, *exc_info):
        self._watchdog.cancel()
        _LOCAL.transfer = None
        with self._lock:
            # The connection goes back to the pool: never touch it again.
            self._done, self._socket = True, None


def _shut_down(sock):
    # socket.socket's own shutdown, also for a TLS socket: it wakes a
    # blocked read in another thread without touching the TLS state.  TLS
    # inside a TLS proxy (urllib3's SSLTransport) wraps the real socket.
    if not isinstance(sock, socket.socket):
        sock = getattr(sock, 'socket', None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _attach(connection):
    transfer = getattr(_LOCAL, 'transfer', None)
    if transfer is not None and connection.sock is not None:
        transfer.attach(connection.sock)


@functools.cache
def _watched_adapter():
    """A ``requests`` adapter whose connections attach themselves to the
    calling thread's :class:`Transfer`, when they connect (new) and when
    they send (new or kept alive).  Built on first use: ``requests`` and
    ``urllib3`` are imported lazily."""
    from requests import adapters
    from urllib3 import connectionpool

    def watched(base):
        class Watched(base):
            def connect(self):
                super().connect()
                _attach(self)

            def request(self, *args, **kwargs):
                _attach(self)
                return super().request(*args, **kwargs)
        return Watched

    class Pool(connectionpool.HTTPConnectionPool):
        ConnectionCls = watched(connectionpool.HTTPConnectionPool
                                .ConnectionCls)

    class TlsPool(connectionpool.HTTPSConnectionPool):
        ConnectionCls = watched(connectionpool.HTTPSConnectionPool
                                .ConnectionCls)

    pools = {'http': Pool, 'https': TlsPool}

    class WatchedAdapter(adapters.HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy, **kwargs):
            manager = super().proxy_manager_for(proxy, **kwargs)
            if not proxy.lower().startswith('socks'):
                manager.pool_classes_by_scheme = pools
            return manager

    return WatchedAdapter


def _origin(url):
    """Scheme, host and port: what a redirect must keep to be followed."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    default = {'http': 80, 'https': 443}.get(parts.scheme)
    return parts.scheme, parts.hostname, port or default


def _redirect_target(method, url, response):
    """Where a GET's redirect leads, when it may be followed with the
    credentials: the same origin as ``url``.  ``None`` otherwise."""
    if method != 'GET' or not response.is_redirect:
        return None
    target = urllib.parse.urljoin(url, response.headers['Location'])
    origin = _origin(target)
    return target if origin is not None and origin == _origin(url) \
        else None


def _not_followed(request, response):
    """The failure for a 3xx that was not followed: for anything but GET
    the request may have been processed; never report it as done."""
    location = response.headers.get('Location')
    described = f'{request.method} {request.path}'
    if location:
        message = _('the API answered HTTP {status} (redirect to '
                    '{location}) to {request}; not followed').format(
                        status=response.status_code,
                        location=location[:200], request=described)
    else:
        message = _('the API answered HTTP {status} to {request}; not '
                    'followed').format(status=response.status_code,
                                       request=described)
    error = errors.ServerError(message, status=response.status_code)
    if request.method == 'GET':
        error.hint = _('a GET follows up to {count} redirects, and only '
                       'within the same scheme and host; check the base '
                       'URL').format(count=MAX_REDIRECTS)
    else:
        error.hint = UNSAFE_TO_REPEAT
    return error


class AnswerTooLarge(Exception):
    """An answer past :data:`MAX_ANSWER`; its reading stopped there."""


def _read_bounded(response, limit):
    """Read the body into ``response`` (as ``response.content`` would),
    never more than ``limit`` bytes of it."""
    declared = response.headers.get('Content-Length', '')
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise AnswerTooLarge(declared)
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            response.close()
            raise AnswerTooLarge(size)
        chunks.append(chunk)
    response._content = b''.join(chunks)


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
    """The server's advice in seconds; ``None`` when absent or not a
    finite number (``inf``, ``1e400``, ``nan``)."""
    for name in ('Retry-After', 'X-Rate-Limit-Reset'):
        try:
            seconds = float(headers[name])
        except (KeyError, TypeError, ValueError):
            continue
        if math.isfinite(seconds):
            return max(seconds, 0.0)
    return None


def decode(response):
    """The JSON of a successful answer; an empty body decodes to ``None``."""
    if not response.content.strip():
        return None
    # Whatever the Content-Type says (the API labels some JSON text/html).
    try:
        return jsonio.loads(response.content.decode('utf-8-sig'))
    except (UnicodeDecodeError, ValueError):
        raise errors.ServerError(
            _('the API answered HTTP {status} with a body that is not JSON')
            .format(status=response.status_code)) from None


def error_message(response):
    """Alegra's error text, kept intact, from any of its error shapes."""
    try:
        body = jsonio.loads(response.content.decode('utf-8-sig'))
    except (UnicodeDecodeError, ValueError):
        body = None
    if isinstance(body, dict):
        inner = body.get('error', body)
        if isinstance(inner, str):
            return inner
        if isinstance(inner, dict) and inner.get('message'):
            return str(inner['message'])
    return response.reason or _('no message')


def _root_cause(exc):
    """``Connection refused`` rather than urllib3's paragraph."""
    text = str(exc)
    match = _ERRNO.search(text)
    if match:
        return i18n.os_reason(int(match.group(1)), match.group(2).strip())
    if 'aborted' in text or 'RemoteDisconnected' in text:
        return _('the connection closed before an answer came')
    return type(exc).__name__
