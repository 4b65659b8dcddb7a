"""Which failed requests are tried again, when, and how many times.

A 429 is always retried, after ``Retry-After`` or ``X-Rate-Limit-Reset``
(never longer than ``max_wait``).  5xx answers, attempts past their
deadline, dropped connections and bodies cut short are retried with capped
exponential backoff and jitter for GET, PUT and DELETE.  A POST is retried
only when it surely never reached the server (the connection was refused or
never opened, or a 429 turned it away): Alegra has no idempotency key, and a
second POST after a timeout could create a second invoice.  A redirect that
was not followed, and a request stopped on purpose, are never retried.
"""

import logging

from alegra.i18n import _

LOG = logging.getLogger('alegra.retry')
IDEMPOTENT = frozenset({'GET', 'PUT', 'DELETE', 'HEAD'})
DEFAULT_ATTEMPTS = 5
DEFAULT_MAX_WAIT = 60.0


class Retryable(Exception):
    """One attempt failed in a way that may be tried again.

    ``error`` is the :class:`~alegra.errors.AlegraError` to report if the
    attempts run out; ``wait`` the server's own advice, in seconds.
    """

    def __init__(self, error, wait=None):
        super().__init__(error.message)
        self.error = error
        self.wait = wait


class Policy:
    """How many attempts a request gets, and the longest wait between two.

    A plain class: a dataclass would cost every command's start a
    millisecond or two to generate its methods.
    """

    def __init__(self, attempts=DEFAULT_ATTEMPTS, max_wait=DEFAULT_MAX_WAIT):
        self.attempts = attempts
        self.max_wait = max_wait

    def run(self, attempt, describe, sleep):
        """Call ``attempt()`` until it returns, re-raising the last error.

        Most requests succeed at once, so tenacity is imported only when
        the first attempt fails; it then counts that failure as its own
        first attempt.
        """
        try:
            return attempt()
        except Retryable as exc:
            failed = [exc]

        def again():
            if failed:
                raise failed.pop()
            return attempt()

        import tenacity

        def wait(state):
            advice = state.outcome.exception().wait
            if advice is not None:
                return min(advice, self.max_wait)
            return backoff(state)

        backoff = tenacity.wait_exponential_jitter(multiplier=0.5,
                                                   max=self.max_wait)

        def announce(state):
            LOG.info(_('{request} failed ({error}); retry {attempt} of '
                       '{retries} in {seconds} s').format(
                request=describe, error=state.outcome.exception(),
                attempt=state.attempt_number, retries=self.attempts - 1,
                seconds=f'{state.next_action.sleep:.1f}'))

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(Retryable),
            stop=tenacity.stop_after_attempt(max(self.attempts, 1)),
            wait=wait, sleep=sleep, before_sleep=announce, reraise=True)
        try:
            return retrying(again)
        except Retryable as exc:
            error = exc.error
            if self.attempts > 1:
                error.message = _('{message} (after {count} attempts)') \
                    .format(message=error.message, count=self.attempts)
            raise error from None
