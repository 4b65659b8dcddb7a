"""Messages in the user's language: English, or Spanish.

Every text a person reads (``Error:`` lines and hints, summaries, prompts,
``--help``, MCP tool descriptions) is written in English in the code and
looked up in a gettext catalog at the moment it is shown: ``_('...')``
for a text written where it is shown, ``N_('...')`` to mark a text kept
in data (a class attribute, a table) that is translated with ``_()``
where it is shown.  Placeholders are ``str.format`` names, filled after
the lookup: ``_('cannot read {path}').format(path=path)``.

The catalogs are Babel's: ``.po`` files under ``alegra/locale`` compiled
to ``.mo`` when the package is built (see ``setup.py``), so an install
ships them and nothing is compiled at run time.  A plugin package may ship
its own catalog, ``<package>/locale/<lang>/LC_MESSAGES/<package>.mo``; it
is consulted after alegra's once the plugin is loaded.

The language is chosen once per run (:func:`use`), the first time a text
is shown: ``ALEGRA_LANG`` (``es`` or ``en``), else the profile's
``language`` setting, else the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``): Spanish for ``es_*``, English otherwise.
What scripts read never changes with it: exit codes, JSON, column names,
the ``Error:`` and ``Warning:`` prefixes.

Nothing here is imported until a text is shown, and in English no catalog
is read at all, so a command pays for translation only when it speaks
Spanish.
"""

import errno
import os
import threading

DOMAIN = 'alegra'
LANGUAGES = ('en', 'es')
DEFAULT = 'en'
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), 'locale')
# The locale variables, in the order gettext reads them.
_LOCALE_VARIABLES = ('LC_ALL', 'LC_MESSAGES', 'LANG')

# Reentrant: reading the profile's setting may itself show a text.
_lock = threading.RLock()
_state = {'environ': os.environ, 'profile': None, 'language': None,
          'catalog': None}
_plugin_packages = []


def N_(message):
    """Mark ``message`` for the catalog without translating it yet."""
    return message


# The system's reasons for the failures a user meets (a file, a port, a
# connection), as glibc words them, so that a Spanish line does not end in
# English.  In English the system's own text is shown, whatever it is.
# Negative numbers are getaddrinfo's (socket.EAI_NONAME, EAI_AGAIN).
_OS_REASONS = {
    errno.ENOENT: N_('No such file or directory'),
    errno.EACCES: N_('Permission denied'),
    errno.EPERM: N_('Operation not permitted'),
    errno.EISDIR: N_('Is a directory'),
    errno.ENOTDIR: N_('Not a directory'),
    errno.EEXIST: N_('File exists'),
    errno.ENOSPC: N_('No space left on device'),
    errno.EROFS: N_('Read-only file system'),
    errno.EADDRINUSE: N_('Address already in use'),
    errno.EADDRNOTAVAIL: N_('Cannot assign requested address'),
    errno.ECONNREFUSED: N_('Connection refused'),
    errno.ECONNRESET: N_('Connection reset by peer'),
    errno.ETIMEDOUT: N_('Connection timed out'),
    errno.EHOSTUNREACH: N_('No route to host'),
    errno.ENETUNREACH: N_('Network is unreachable'),
    -2: N_('Name or service not known'),
    -3: N_('Temporary failure in name resolution'),
}


def _(message):
    """``message`` in the language of this run; an empty text stays
    empty (gettext would answer the catalog's header), so that optional
    texts (a plugin's summary, a docstring) need no test first."""
    if not message:
        return message or ''
    catalog = _catalog()
    return message if catalog is None else catalog.gettext(message)


def doc(factory):
    """A command's help, its class docstring, in this run's language."""
    import inspect

    return _(inspect.getdoc(factory))


def os_reason(number, text):
    """The reason of a system error (``OSError.errno``, ``.strerror``) in
    this run's language: the system's ``text`` in English, or the
    translation of a failure alegra knows."""
    known = _OS_REASONS.get(number)
    if known is None or language() == DEFAULT:
        return text
    return _(known)


def strerror(exc):
    """An ``OSError``'s reason in this run's language (:func:`os_reason`)."""
    return os_reason(exc.errno, exc.strerror)


def ngettext(singular, plural, count):
    """The form of a message for ``count`` things, in this run's language."""
    catalog = _catalog()
    if catalog is None:
        return singular if count == 1 else plural
    return catalog.ngettext(singular, plural, count)


def use(environ=None, profile=None):
    """Choose the language from ``environ`` (and the ``profile`` named on
    the command line) the next time a text is shown."""
    with _lock:
        _state.update(environ=os.environ if environ is None else environ,
                      profile=profile, language=None, catalog=None)
    _translate_argparse()


def language():
    """``'es'`` or ``'en'``: the language of this run."""
    with _lock:
        if _state['language'] is None:
            # Texts shown while the profile is read (a config file that
            # does not parse) are in the language of the environment.
            # (choose() reads the profile only without ALEGRA_LANG.)
            environ = _state['environ']
            _state['language'] = from_locale(environ)
            _state['language'] = choose(environ, _state['profile'])
        return _state['language']


def choose(environ, profile=None):
    """The language ``environ`` asks for: ``ALEGRA_LANG``, the profile's
    ``language`` setting, then the locale."""
    explicit = normalize(environ.get('ALEGRA_LANG', ''))
    if explicit:
        return explicit
    setting = normalize(_profile_setting(environ, profile))
    if setting:
        return setting
    return from_locale(environ)


def normalize(value):
    """``'es'`` for ``es``, ``es_CO.UTF-8``, ``ES``; ``'en'`` for English;
    ``''`` for anything else (not a language alegra speaks)."""
    code = (value or '').strip().lower().replace('-', '_')
    code = code.split('.', 1)[0].split('@', 1)[0].split('_', 1)[0]
    return code if code in LANGUAGES else ''


def from_locale(environ):
    """The language of the POSIX locale: ``LANGUAGE`` (a list of
    preferences; the first alegra speaks wins) unless the locale is C,
    then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``."""
    locale_name = next((environ[name] for name in _LOCALE_VARIABLES
                        if environ.get(name)), '')
    if locale_name.split('.', 1)[0] in ('C', 'POSIX'):
        return DEFAULT
    for preference in environ.get('LANGUAGE', '').split(':'):
        found = normalize(preference)
        if found:
            return found
    return normalize(locale_name) or DEFAULT


def _profile_setting(environ, profile):
    """The ``language`` setting of the profile this run uses, or ``''``.

    A config file that cannot be read is left for the command to report
    (in the language chosen without it)."""
    from alegra import config
    from alegra import errors
    try:
        stored = config.ConfigFile(config.config_path(environ))
    except errors.AlegraError:
        return ''
    name = config.active_profile({'profile': profile}, environ, stored)
    return stored.profile(name).get(config.LANGUAGE_KEY, '')


def add_plugin_catalog(package):
    """Consult ``package``'s own catalog (after alegra's) from now on."""
    top = package.split('.', 1)[0]
    with _lock:
        if top in _plugin_packages or top in ('alegra', 'alegra_plugins'):
            return
        _plugin_packages.append(top)
        _state['catalog'] = None


def _catalog():
    """The translations of this run, or ``None`` in English."""
    if language() == DEFAULT:
        return None
    with _lock:
        if _state['catalog'] is None:
            _state['catalog'] = _load(_state['language'])
        return _state['catalog']


def _load(lang):
    import gettext

    catalog = gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)
    for package in _plugin_packages:
        directory = _package_locale_dir(package)
        if directory:
            catalog.add_fallback(gettext.translation(
                package, directory, [lang], fallback=True))
    return catalog


def _package_locale_dir(package):
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], 'locale')


def _translate_argparse():
    """Have argparse's own texts (``usage:``, ``options``, its errors) go
    through this catalog: argparse looks them up with the module-level
    ``_`` and ``ngettext`` it imported from gettext, in gettext's global
    domain, which alegra does not own.  Their msgids are listed in
    :mod:`alegra.i18n.argparse_texts` so that the catalog carries them.
    In English :func:`_` returns them as they are."""
    import argparse

    argparse._ = _
    argparse.ngettext = ngettext
