"""Asking before destroying: only on a terminal, never hanging without one."""

from alegra import errors


def confirm(question, stdin, stderr, assume_yes=False):
    """Return when the user agreed; raise otherwise.

    With ``--yes`` nothing is asked.  Without a terminal there is nobody to
    ask, so the command stops with a usage error instead of waiting.
    """
    if assume_yes:
        return
    if not (hasattr(stdin, 'isatty') and stdin.isatty()):
        raise errors.UsageError(f'{question} needs confirmation and there is '
                                'no terminal to ask on',
                                hint='pass --yes to confirm')
    stderr.write(f'{question} [y/N] ')
    stderr.flush()
    answer = stdin.readline().strip().lower()
    if answer not in ('y', 'yes', 's', 'si', 'sí'):
        raise errors.Cancelled('cancelled; nothing was changed')
