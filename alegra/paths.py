"""Where alegra keeps its files: the XDG config and cache homes."""

import os


def _home(environ):
    return environ.get('HOME') or os.path.expanduser('~')


def config_home(environ=os.environ):
    return environ.get('XDG_CONFIG_HOME') or os.path.join(_home(environ),
                                                          '.config')


def cache_home(environ=os.environ):
    """``$XDG_CACHE_HOME/alegra``: rate-limit state and import journals."""
    base = environ.get('XDG_CACHE_HOME') or os.path.join(_home(environ),
                                                         '.cache')
    return os.path.join(base, 'alegra')
