"""argparse's own texts that a user of alegra can see, for the catalog.

argparse looks these up through :mod:`alegra.i18n` once Spanish is
chosen (see ``_translate_argparse``); listing them here is what puts them
in alegra's catalog, since Babel reads only alegra's sources.  They must
stay exactly argparse's msgids.  Not imported at run time.
"""

from alegra.i18n import N_

TEXTS = (
    N_('usage: '),
    N_('options'),
    N_('positional arguments'),
    N_('show this help message and exit'),
    N_('argument %(argument_name)s: %(message)s'),
    N_('ambiguous option: %(option)s could match %(matches)s'),
    N_('expected one argument'),
    N_('expected at least one argument'),
    N_('expected at most one argument'),
    N_('ignored explicit argument %r'),
    N_('invalid %(type)s value: %(value)r'),
    N_('invalid choice: %(value)r (choose from %(choices)s)'),
    N_('not allowed with argument %s'),
    N_('one of the arguments %s is required'),
    N_('the following arguments are required: %s'),
    N_('unrecognized arguments: %s'),
)

