"""Asking before destroying: only on a terminal, never hanging without one."""

from alegra import errors
from alegra.i18n import _


def confirm(question, stdin, stderr, assume_yes=False):
    """Return when the user agreed; raise otherwise.

    With ``--yes`` nothing is asked.  Without a terminal there is nobody to
    ask, so the command stops with a usage error instead of waiting.
    ``question`` is in this run's language; yes is ``y``, ``yes``, ``s``,
    ``si`` or ``sí`` whatever the language.
    """
    if assume_yes:
        return
    if not (hasattr(stdin, 'isatty') and stdin.isatty()):
        raise errors.UsageError(
            _('{question} needs confirmation and there is no terminal to '
              'ask on').format(question=question),
            hint=_('pass --yes to confirm'))
    stderr.write(_('{question} [y/N] ').format(question=question))
    stderr.flush()
    answer = stdin.readline().strip().lower()
    if answer not in ('y', 'yes', 's', 'si', 'sí'):
        raise errors.Cancelled(_('cancelled; nothing was changed'))
