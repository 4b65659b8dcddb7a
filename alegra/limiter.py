"""A rate limiter shared by every ``alegra`` process of one account.

Alegra allows 150 requests per user per fixed one-minute window, and every
answer says what is left (``X-Rate-Limit-Remaining``) and for how long
(``X-Rate-Limit-Reset``, seconds).  Scripts run ``alegra`` once per record,
in loops and in parallel, so the limiter's memory is a small JSON file
under the user's cache directory, one per account (base URL and email),
read and written under an exclusive lock and replaced atomically.

Before each request a process reserves one unit of the window's budget;
when none is left it sleeps until the window ends, then spends the next
window in full: a long run takes close to the minimum time the ceiling
allows.  Reservations not yet answered ("in flight") are subtracted from
what the server reports, so parallel processes never overshoot; each
expires after the request timeout, so a crashed process frees its units.

Headers and the state file are untrusted: one answer saying
``X-Rate-Limit-Reset: 999999`` or ``X-Rate-Limit-Limit: 0`` would otherwise
stall every later process of the account.  A value that is not a finite
number, a limit below 1, a remaining count outside ``0..limit`` or a reset
beyond :data:`MAX_WINDOW` makes the answer's rate-limit headers unknown
(ignored); a negative reset (the API sends ``-2`` as a window starts) means
nothing to wait for; and the state is clamped to one window whenever it is
read, so no wait ever outlasts a window.
"""

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import tempfile
import time

from alegra import errors
from alegra import filelock
from alegra import paths
from alegra.i18n import _

LOG = logging.getLogger('alegra.limiter')
DEFAULT_LIMIT = 150
DEFAULT_WINDOW = 60.0
# Alegra's window: no reset, window or wait is believed beyond it.
MAX_WINDOW = DEFAULT_WINDOW
# A reservation older than this is a request that will never be answered:
# by default a little more than the request deadline (``timeout``, 60 s).
IN_FLIGHT_TTL = 75.0
# What a reservation read back from the shared file may claim at most,
# whatever ``--timeout`` the process that made it had.
MAX_IN_FLIGHT_TTL = 3600.0
# Margin after the computed end of a window before spending the next one.
SAFETY = 0.05
# How often a wait looks whether it was cancelled, in seconds.
CANCEL_CHECK = 0.5


def state_path(base_url, email, environ=os.environ):
    key = hashlib.sha256(f'{base_url}\n{email}'.encode()).hexdigest()[:24]
    return os.path.join(paths.cache_home(environ), 'ratelimit',
                        f'{key}.json')


@dataclasses.dataclass
class State:
    """What one account's processes know of the current window."""

    # None once answers come without rate-limit headers: nothing to pace.
    limit: int = DEFAULT_LIMIT
    window: float = DEFAULT_WINDOW
    # Wall-clock end of the current window; None before any answer in it.
    window_end: float = None
    # Budget still free to reserve in the current window.
    remaining: int = DEFAULT_LIMIT
    # Expiry times of reservations whose answers have not arrived.
    in_flight: list = dataclasses.field(default_factory=list)
    # The last answer's headers, for ``alegra limits``.
    last_remaining: int = None
    last_reset: float = None
    observed_at: float = None

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError('not an object')
        names = {field.name for field in dataclasses.fields(cls)}
        state = cls(**{key: value for key, value in data.items()
                       if key in names})
        numbers = (int, float)
        if not (isinstance(state.in_flight, list) and
                all(isinstance(item, numbers) for item in state.in_flight)
                and isinstance(state.remaining, int)
                and isinstance(state.window, numbers)
                and isinstance(state.limit, (int, type(None)))
                and isinstance(state.window_end, (*numbers, type(None)))):
            raise ValueError('fields of the wrong type')
        return state

    def to_json(self):
        return json.dumps(dataclasses.asdict(self))

    def roll(self, now):
        """Forget expired reservations; start a new window if due."""
        self.in_flight = [expiry for expiry in self.in_flight
                          if expiry > now]
        if self.window_end is not None and now >= self.window_end:
            self.window_end = None
            self.remaining = (self.limit or 0) - len(self.in_flight)

    def bound(self, now):
        """Clamp what another process (or an old version) left in the file
        to one window from ``now``; ``not a <= b`` also catches NaN."""
        if self.limit is not None and self.limit < 1:
            self.limit = DEFAULT_LIMIT
        if not 0 < self.window <= MAX_WINDOW:
            self.window = DEFAULT_WINDOW
        if self.window_end is not None and \
                not self.window_end <= now + self.window:
            self.window_end = now + self.window
        self.remaining = max(0, min(self.remaining,
                                    self.limit or self.remaining))
        self.in_flight = [min(expiry, now + MAX_IN_FLIGHT_TTL)
                          for expiry in self.in_flight if expiry > now]


class StateFile:
    """The JSON state under an exclusive lock; a bad file starts afresh."""

    def __init__(self, path, clock=time.time):
        self.path = path
        self.clock = clock

    @contextlib.contextmanager
    def locked(self):
        directory = os.path.dirname(self.path)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        with open(self.path + '.lock', 'a+') as lock:
            filelock.lock(lock)
            try:
                state = self._read()
                yield state
                self._write(state)
            finally:
                filelock.unlock(lock)

    def peek(self):
        """The state without locking or changing it (for ``limits``)."""
        return self._read(missing=None)

    def _read(self, missing=State):
        try:
            with open(self.path, encoding='utf-8') as handle:
                state = State.from_json(handle.read())
            state.bound(self.clock())
            return state
        except FileNotFoundError:
            return missing() if missing else None
        except (ValueError, TypeError, OSError):
            LOG.info(_('rate-limit state {path} is unreadable; starting '
                       'afresh').format(path=self.path))
            return State()

    def _write(self, state):
        handle, temporary = tempfile.mkstemp(
            dir=os.path.dirname(self.path), prefix='.state-')
        try:
            with os.fdopen(handle, 'w', encoding='utf-8') as stream:
                stream.write(state.to_json())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _announces_limit(headers):
    return any(name.lower().startswith('x-rate-limit') for name in headers)


def _header_int(headers, name):
    """The header as a whole number; ``None`` when missing or not a finite
    number (``inf`` and ``nan`` included)."""
    try:
        return int(float(headers[name]))
    except (KeyError, TypeError, ValueError, OverflowError):
        return None


def _rate_headers(headers):
    """``(limit, remaining, reset)`` from an answer, or ``None`` when any
    is missing or out of bounds: such an answer teaches nothing."""
    limit, remaining, reset = (
        _header_int(headers, f'X-Rate-Limit-{name}')
        for name in ('Limit', 'Remaining', 'Reset'))
    if limit is None or remaining is None or reset is None or \
            limit < 1 or not 0 <= remaining <= limit or reset > MAX_WINDOW:
        return None
    return limit, remaining, reset


class RateLimiter:
    """Paces requests against the shared state of one account."""

    def __init__(self, path, clock=None, sleep=None,
                 in_flight_ttl=IN_FLIGHT_TTL):
        self.clock = clock or time.time
        # A request in flight holds its unit until answered, or this long.
        self.in_flight_ttl = in_flight_ttl
        self.file = StateFile(path, self.clock)
        self.sleep = sleep or time.sleep
        # Set while this process's answers carry no rate-limit headers
        # (a server without a limit): nothing to share, so no file work.
        self.unlimited = False

    def acquire(self, cancelled=None):
        """Block until one request may be sent; returns a reservation.

        ``cancelled()`` is asked while waiting: when it turns true (an
        import stopped with Ctrl-C) the wait ends with
        :class:`~alegra.errors.Cancelled` and nothing is sent.
        """
        if self.unlimited:
            return None
        while True:
            with self.file.locked() as state:
                now = self.clock()
                state.roll(now)
                if state.window_end is None:
                    # Until an answer says otherwise, a window starts now.
                    state.window_end = now + state.window
                if state.limit is None or state.remaining > 0:
                    state.remaining -= 1
                    expiry = now + self.in_flight_ttl
                    state.in_flight.append(expiry)
                    return expiry
                wait = max(state.window_end - now, 0) + SAFETY
            LOG.info(_('rate limit: 0 of {limit} requests left in this '
                       'window; waiting {seconds} s').format(
                           limit=state.limit, seconds=f'{wait:.1f}'))
            self._wait(wait, cancelled)

    def _wait(self, seconds, cancelled):
        if cancelled is None:
            self.sleep(seconds)
            return
        while seconds > 0:
            if cancelled is not None and cancelled():
                raise errors.Cancelled(_('stopped while waiting for the '
                                         'rate limit; nothing was sent'))
            step = min(seconds, CANCEL_CHECK)
            self.sleep(step)
            seconds -= step

    def release(self, reservation, headers=None):
        """Record the answer to a reserved request (or its failure)."""
        limited = headers is None or _announces_limit(headers)
        if self.unlimited and not limited:
            return
        self.unlimited = not limited
        with self.file.locked() as state:
            now = self.clock()
            with contextlib.suppress(ValueError):
                state.in_flight.remove(reservation)
            if headers is not None:
                self._observe(state, headers, now)
            state.roll(now)

    def _observe(self, state, headers, now):
        found = _rate_headers(headers)
        if found is None:
            if not _announces_limit(headers):
                state.limit = None
            else:
                LOG.debug('rate-limit headers out of bounds, ignored: %s',
                          {name: value for name, value in headers.items()
                           if name.lower().startswith('x-rate-limit')})
            return
        limit, remaining, reset = found
        state.last_remaining, state.last_reset = remaining, reset
        state.observed_at = now
        if reset < 0:
            # The API's way to say a window has just begun: nothing to
            # wait for, the window is whole.
            state.limit, state.window_end = limit, None
            state.remaining = max(limit - len(state.in_flight), 0)
            return
        end = now + reset
        first_of_window = remaining == limit - 1 and reset > 0
        if first_of_window:
            # Its reset is the window's length, and its end is the closest
            # bound there is: the window started when it was counted.
            state.window = float(reset)
        new_window = state.window_end is None or now >= state.window_end \
            or end > state.window_end + 1 or state.limit is None
        state.limit = limit
        free = remaining - len(state.in_flight)
        if new_window or first_of_window:
            state.window_end = end
            state.remaining = free
        else:
            # Reset is rounded up to whole seconds: the smallest bound seen
            # is the closest to the window's true end.
            state.window_end = min(state.window_end, end)
            state.remaining = min(state.remaining, free)
        state.remaining = max(state.remaining, 0)

    def exhaust(self, headers, wait=None):
        """A 429 answer: nothing is left until the window ends (``wait``
        seconds from now, when the answer said so; never past a window)."""
        with self.file.locked() as state:
            now = self.clock()
            self._observe(state, headers, now)
            state.remaining = 0
            if wait is not None:
                state.window_end = now + min(max(wait, 0), MAX_WINDOW)
