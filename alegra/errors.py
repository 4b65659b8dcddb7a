"""One exception family, one exit code per class of failure.

Scripts branch on the exit code, so every failure the tool can report is an
:class:`AlegraError` subclass carrying the code of its class.  The table
here is the single source for ``doc/source/errors.rst`` and the tests.
Server text in a message is redacted and its controls escaped (see
:mod:`alegra.sanitize`): the ``Error:`` line is safe on a terminal.
"""

from alegra import i18n
from alegra import sanitize
from alegra.i18n import N_
from alegra.i18n import _

OK = 0
GENERAL = 1
USAGE = 2
CANCELLED = 3
AUTH = 4
NOT_FOUND = 5
INVALID_INPUT = 6
PLAN_REQUIRED = 7
RATE_LIMITED = 8
SERVER = 9
PARTIAL_FAILURE = 10
BULK_FAILED = 11
INTERRUPTED = 130
TERMINATED = 143


class AlegraError(Exception):
    """A failure reported to the user as one ``Error: ...`` line.

    ``message`` is written in the user's language where the error is
    raised (``_()``); ``hint`` may also be a text kept in data and marked
    with ``N_()`` (the class hints below), translated when the line is
    built.  The ``Error:`` prefix never changes with the language.
    """

    exit_code = GENERAL
    hint = None

    def __init__(self, message, hint=None, status=None):
        super().__init__(message)
        self.message = message
        self.status = status
        if hint is not None:
            self.hint = hint

    def shown_hint(self):
        """The hint in this run's language, or ``None``."""
        return _(self.hint) if self.hint else None

    def one_line(self):
        """The message and its hint on a single line, for stderr."""
        text = ' '.join(self.message.split())
        hint = self.shown_hint()
        if hint:
            text = f'{text} ({hint})'
        return f'Error: {sanitize.for_terminal(text)}'


class UsageError(AlegraError):
    """Bad flags or arguments: fixable by reading ``--help``."""

    exit_code = USAGE


class Cancelled(AlegraError):
    """The user declined a confirmation prompt."""

    exit_code = CANCELLED


class AuthError(AlegraError):
    """Missing or rejected credentials, or a permission the user lacks."""

    exit_code = AUTH


class NotFound(AlegraError):
    exit_code = NOT_FOUND
    hint = N_('check the id with a list command; a suspended account also '
              'answers 404')


class InvalidInput(AlegraError):
    """A body, file or value that the API (or our schema check) rejects."""

    exit_code = INVALID_INPUT


class PlanRequired(AlegraError):
    exit_code = PLAN_REQUIRED
    hint = N_("the company's Alegra plan does not include this, "
              'or the account is suspended')


class RateLimited(AlegraError):
    exit_code = RATE_LIMITED
    hint = N_('over 150 requests per minute; wait for the window to reset')


class ServerError(AlegraError):
    """5xx answers, timeouts and connections that failed."""

    exit_code = SERVER
    hint = N_('usually transient; try again shortly')
    # True when the request surely never left (connection never opened),
    # the only case in which a POST may be sent again.
    never_sent = False


class PartialFailure(AlegraError):
    """Some items of a bulk command failed; the others succeeded."""

    exit_code = PARTIAL_FAILURE


class BulkFailed(AlegraError):
    """No item of a bulk command succeeded."""

    exit_code = BULK_FAILED


class ApiError(AlegraError):
    """An API answer that fits no other class (405 and other 4xx)."""

    exit_code = GENERAL


_BY_STATUS = {
    400: InvalidInput,
    401: AuthError,
    402: PlanRequired,
    403: AuthError,
    404: NotFound,
    429: RateLimited,
}

# Translated when the line is built (AlegraError.one_line).
_STATUS_HINTS = {
    401: N_('run `alegra auth login` or check ALEGRA_EMAIL and '
            'ALEGRA_TOKEN'),
    403: N_("this user's role in Alegra lacks the permission"),
    405: N_('the API does not allow this method on this path'),
}


def cannot_listen(host, port, exc):
    """The error of a server (sandbox, webhook receiver) that cannot bind."""
    return UsageError(_('cannot listen on {host}:{port}: {reason}').format(
        host=host, port=port, reason=i18n.strerror(exc)))


def for_status(status, message):
    """The exception for an HTTP error status, with its hint.

    The server's ``message`` is made safe here, so that no copy of it (an
    import's row line, its report and journal, an MCP result) shows a
    secret or a control character.
    """
    if status >= 500:
        cls = ServerError
    else:
        cls = _BY_STATUS.get(status, ApiError)
    return cls(f'HTTP {status}: {sanitize.for_terminal(message)}',
               hint=_STATUS_HINTS.get(status), status=status)


# (code, name, when) rows for the error reference and its test.  The
# ``when`` texts are marked for the catalog; readers translate them with
# ``_()`` where they show them.  Names never change with the language.
EXIT_CODES = (
    (OK, 'ok', N_('the command did what was asked')),
    (GENERAL, 'error', N_('an unexpected failure, or an API answer of '
                          'another class (405, other 4xx)')),
    (USAGE, 'usage', N_('unknown command, bad flag or flag value, missing '
                        'argument, no terminal to confirm on')),
    (CANCELLED, 'cancelled', N_('you answered no at a confirmation prompt')),
    (AUTH, 'auth', N_('no credentials, or the API answered 401 or 403')),
    (NOT_FOUND, 'not-found', N_('the API answered 404')),
    (INVALID_INPUT, 'invalid-input', N_('the API answered 400, or a body '
                                        'or file failed the local checks')),
    (PLAN_REQUIRED, 'plan-required', N_('the API answered 402')),
    (RATE_LIMITED, 'rate-limited', N_('the API answered 429')),
    (SERVER, 'server', N_('the API answered 5xx, timed out or could not be '
                          'reached')),
    (PARTIAL_FAILURE, 'partial-failure', N_('a bulk command where some '
                                            'items failed and others '
                                            'succeeded')),
    (BULK_FAILED, 'bulk-failed', N_('a bulk command where no item '
                                    'succeeded')),
    (INTERRUPTED, 'interrupted', N_('Ctrl-C')),
    (TERMINATED, 'terminated', N_('SIGTERM (kill): stopped as by Ctrl-C, '
                                  'without leaving partial files')),
)
