"""The sandbox's rate limit: Alegra's fixed one-minute window per user.

Every answer carries ``X-Rate-Limit-Limit``, ``X-Rate-Limit-Remaining`` and
``X-Rate-Limit-Reset`` (seconds left in the window, a countdown as Alegra
sends it); past the limit the answer is 429 until the window ends.
"""

import math
import threading
import time


def parse(text):
    """``150/60`` -> ``(150, 60.0)``; ``off`` or ``0`` -> ``None``."""
    if text in ('off', '0', 'none'):
        return None
    count, _, seconds = text.partition('/')
    limit, window = int(count), float(seconds or 60)
    if limit < 1 or window <= 0:
        raise ValueError(text)
    return limit, window


class FixedWindow:
    """Counts requests per user in windows that start at their first call."""

    def __init__(self, limit, window, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._windows = {}
        self._lock = threading.Lock()
        # Requests counted in each finished window, per user: what a
        # benchmark reads to see how full the windows were.
        self.finished = {}

    def hit(self, user):
        """Count one request; ``(allowed, headers)``."""
        now = self.clock()
        with self._lock:
            started, used = self._windows.get(user, (None, 0))
            if started is None or now - started >= self.window:
                if started is not None:
                    self.finished.setdefault(user, []).append(used)
                started, used = now, 0
            allowed = used < self.limit
            if allowed:
                used += 1
            self._windows[user] = (started, used)
        reset = max(0, math.ceil(started + self.window - now))
        headers = {
            'X-Rate-Limit-Limit': str(self.limit),
            'X-Rate-Limit-Remaining': str(self.limit - used),
            'X-Rate-Limit-Reset': str(reset),
        }
        if not allowed:
            headers['Retry-After'] = str(reset)
        return allowed, headers
