"""Profiles in a config file, and the settings a command runs with.

The file is INI (``[profile NAME]`` sections, as the AWS CLI does) at
``$ALEGRA_CONFIG`` or ``~/.config/alegra/config.ini``.  Writes go to a
temporary file that replaces the old one, mode 0600, so a crash never
leaves half a config.

Tokens live in ``ALEGRA_TOKEN`` or the OS keyring (see
:mod:`alegra.credentials`).  Only when the user asks for it with
``alegra auth login --insecure-storage`` (a machine without a usable
keyring) does the file hold one, unencrypted, as the ``token`` key of the
profile; it is no setting (``config set`` refuses it) and no command shows
it.  Where a command finds its token, first to last: ``ALEGRA_TOKEN``, the
keyring, the config file.

Precedence for every setting: flag > environment > profile > default.
"""

import configparser
import dataclasses
import ipaddress
import os
import urllib.parse

from alegra import errors
from alegra import files
from alegra import i18n
from alegra import paths
from alegra import sanitize
from alegra.i18n import _

DEFAULT_BASE_URL = 'https://api.alegra.com/api/v1'
DEFAULT_PROFILE = 'default'
OUTPUT_FORMATS = ('table', 'json', 'csv', 'yaml', 'value')
# The profile's language setting, read by alegra.i18n.
LANGUAGE_KEY = 'language'
PROFILE_KEYS = ('email', 'base_url', 'output', 'max_attempts', 'max_wait',
                'timeout', LANGUAGE_KEY)
# The key of a token kept in the file (``auth login --insecure-storage``).
TOKEN_KEY = 'token'
# Where a command's token came from (``Settings.token_source``).
TOKEN_SOURCES = ('env', 'keyring', 'config-file')
_SETTINGS = 'settings'


def config_path(environ=os.environ):
    if environ.get('ALEGRA_CONFIG'):
        return environ['ALEGRA_CONFIG']
    return os.path.join(paths.config_home(environ), 'alegra', 'config.ini')


def _section(profile):
    return f'profile {profile}'


class ConfigFile:
    """The profiles file: read once, changed in memory, saved atomically."""

    def __init__(self, path):
        self.path = path
        self.parser = configparser.ConfigParser(interpolation=None)
        try:
            # Not parser.read(), which takes a file it cannot open (a
            # directory, no permission) for a missing one, silently.
            with open(path, encoding='utf-8') as handle:
                self.parser.read_file(handle, path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise errors.UsageError(
                _('cannot read the config file {path}: {reason}').format(
                    path=path, reason=i18n.strerror(exc)),
                hint=_('check ALEGRA_CONFIG')) from None
        except (configparser.Error, UnicodeDecodeError) as exc:
            reason = getattr(exc, 'message', None) or _('not UTF-8 text')
            raise errors.UsageError(
                _('config file {path} is not valid: {reason}').format(
                    path=path, reason=reason),
                hint=_('fix or remove it')) from None

    @property
    def default_profile(self):
        return self.parser.get(_SETTINGS, 'default_profile', fallback=None)

    @default_profile.setter
    def default_profile(self, name):
        if not self.parser.has_section(_SETTINGS):
            self.parser.add_section(_SETTINGS)
        self.parser.set(_SETTINGS, 'default_profile', name)

    def profiles(self):
        return sorted(section.split(' ', 1)[1]
                      for section in self.parser.sections()
                      if section.startswith('profile '))

    def has_profile(self, name):
        return self.parser.has_section(_section(name))

    def profile(self, name):
        """The stored keys of one profile (empty when it does not exist),
        with its ``token`` when one is kept here: never show this dict."""
        if not self.has_profile(name):
            return {}
        return dict(self.parser.items(_section(name)))

    def token(self, name):
        """The token kept in the file for a profile, or ``None``."""
        return self.profile(name).get(TOKEN_KEY) or None

    def set_token(self, name, token):
        """Keep a profile's token in the file (``--insecure-storage``)."""
        if not self.has_profile(name):
            self.parser.add_section(_section(name))
        self.parser.set(_section(name), TOKEN_KEY, token)

    def remove_token(self, name):
        """Drop a profile's token from the file; ``False`` if it had none."""
        return self.has_profile(name) and \
            self.parser.remove_option(_section(name), TOKEN_KEY)

    def set(self, name, key, value):
        if key not in PROFILE_KEYS:
            raise errors.UsageError(
                _('unknown setting {key!r}').format(key=key),
                hint=_('settings are {keys}').format(
                    keys=', '.join(PROFILE_KEYS)))
        if key == 'output':
            check_output(value)
        elif key == LANGUAGE_KEY:
            _check_choice(value, i18n.LANGUAGES,
                          _('unknown language {value!r}'))
        elif key in _NUMBERS:
            _NUMBERS[key](value, key)
        if not self.has_profile(name):
            self.parser.add_section(_section(name))
        self.parser.set(_section(name), key, value)

    def unset(self, name, key):
        if self.has_profile(name):
            self.parser.remove_option(_section(name), key)

    def save(self):
        """Write the whole file atomically, readable by its owner only."""
        directory = os.path.dirname(os.path.abspath(self.path))
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise errors.UsageError(
                _('cannot write the config file {path}: {reason}').format(
                    path=self.path, reason=i18n.strerror(exc)),
                hint=_('check ALEGRA_CONFIG')) from None
        with files.atomic_writer(self.path, mode=0o600) as stream:
            self.parser.write(stream)


def _attempts(text, name='max_attempts (ALEGRA_MAX_ATTEMPTS)'):
    try:
        value = int(text)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise errors.UsageError(
            _('{name} must be a whole number of 1 or more, not '
              '{text!r}').format(name=name, text=text))
    return value


def _seconds(text, name='max_wait (ALEGRA_MAX_WAIT)'):
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value < float('inf'):
        raise errors.UsageError(
            _('{name} must be a number of seconds, not {text!r}').format(
                name=name, text=text))
    return value


def _timeout(text, name='timeout (--timeout, ALEGRA_TIMEOUT)'):
    value = _seconds(text, name)
    if value == 0:
        raise errors.UsageError(
            _('{name} must be more than 0 seconds').format(name=name))
    return value


_NUMBERS = {'max_attempts': _attempts, 'max_wait': _seconds,
            'timeout': _timeout}


def check_output(value):
    return _check_choice(value, OUTPUT_FORMATS,
                         _('unknown output format {value!r}'))


def _check_choice(value, choices, unknown):
    if value not in choices:
        raise errors.UsageError(
            unknown.format(value=value),
            hint=_('use one of {choices}').format(choices=', '.join(choices)))
    return value


@dataclasses.dataclass
class Settings:
    """What one command runs with, and where each value came from."""

    profile: str
    base_url: str
    email: str | None
    output: str
    max_attempts: int = 5
    max_wait: float = 60.0
    # Seconds one attempt may take, connecting to the last byte.
    timeout: float = 60.0
    # One of TOKEN_SOURCES, or None when there is no token.
    token_source: str | None = None
    config_path: str = ''
    _token: str | None = dataclasses.field(default=None, repr=False)

    @property
    def token(self):
        """The API token.  Whoever reads it is about to send it, so it is
        registered here to be redacted from anything a server echoes back
        (:mod:`alegra.sanitize`)."""
        sanitize.add_credentials(self.email, self._token)
        return self._token

    @property
    def has_credentials(self):
        return bool(self.email and self._token)

    def require_credentials(self):
        if not self.email or not self._token:
            if not self.email and not self._token:
                message = _('no email and token for profile {profile!r}')
            elif not self.email:
                message = _('no email for profile {profile!r}')
            else:
                message = _('no token for profile {profile!r}')
            raise errors.AuthError(
                message.format(profile=self.profile),
                hint=_('run `alegra auth login` or set ALEGRA_EMAIL and '
                       'ALEGRA_TOKEN'))
        _check_sendable('email', self.email, self.profile)
        _check_sendable('token', self._token, self.profile)


def _check_sendable(name, value, profile):
    """Refuse a credential HTTP Basic auth cannot carry (beyond Latin-1,
    where ``requests`` would crash) or that holds control characters (a
    paste gone wrong).  The message never shows the value: it is secret."""
    try:
        value.encode('latin-1')
    except UnicodeEncodeError:
        message = _('the {name} of profile {profile!r} has characters '
                    'beyond Latin-1, which cannot be sent to Alegra')
    else:
        if value.isprintable():
            return
        message = _('the {name} of profile {profile!r} has control or '
                    'invisible characters, which cannot be sent to Alegra')
    raise errors.AuthError(
        message.format(name=name, profile=profile),
        hint=_('check ALEGRA_EMAIL and ALEGRA_TOKEN, or run `alegra auth '
               'login` again'))


def active_profile(flags, environ, config):
    """The profile a command works on: flag, env, default, ``default``."""
    return (flags.get('profile') or environ.get('ALEGRA_PROFILE') or
            config.default_profile or DEFAULT_PROFILE)


def resolve(flags, environ=os.environ, token_lookup=None, new_profile=False):
    """Settings from flags (a dict), the environment and the config file.

    The token, first to last: ``ALEGRA_TOKEN``; ``token_lookup(profile)``
    (the keyring), only called when ``ALEGRA_TOKEN`` is not set, so CI
    never touches a keyring; the profile's ``token`` in the config file
    (kept there by ``auth login --insecure-storage``).  Without a lookup
    (``--dry-run``) and without an email, no stored token is read.
    ``settings.token_source`` says which one it was.
    A profile named explicitly must exist, unless ``new_profile`` (login).
    """
    path = config_path(environ)
    config = ConfigFile(path)
    profile = active_profile(flags, environ, config)
    stored = config.profile(profile)
    explicit = flags.get('profile') or environ.get('ALEGRA_PROFILE')
    if explicit and not stored and not new_profile and \
            profile != DEFAULT_PROFILE and \
            not environ.get('ALEGRA_EMAIL'):
        raise errors.UsageError(
            _('profile {profile!r} is not in {path}').format(
                profile=profile, path=path),
            hint=_('see `alegra config list`, or create it with `alegra '
                   'auth login --profile {profile}`').format(
                       profile=profile))

    def pick(flag, env, key, default=None):
        return (flags.get(flag) or environ.get(env) or stored.get(key) or
                default)

    settings = Settings(
        profile=profile,
        base_url=pick('base_url', 'ALEGRA_BASE_URL', 'base_url',
                      DEFAULT_BASE_URL).rstrip('/'),
        email=pick('email', 'ALEGRA_EMAIL', 'email'),
        output=check_output(pick('output', 'ALEGRA_OUTPUT', 'output',
                                 'table')),
        max_attempts=_attempts(pick('max_attempts', 'ALEGRA_MAX_ATTEMPTS',
                                    'max_attempts', '5')),
        max_wait=_seconds(pick('max_wait', 'ALEGRA_MAX_WAIT', 'max_wait',
                               '60')),
        timeout=_timeout(pick('timeout', 'ALEGRA_TIMEOUT', 'timeout', '60')),
        config_path=path,
    )
    if environ.get('ALEGRA_TOKEN'):
        settings._token, settings.token_source = environ['ALEGRA_TOKEN'], \
            'env'
    elif token_lookup is not None and settings.email:
        token = token_lookup(profile)
        if token:
            settings._token, settings.token_source = token, 'keyring'
        elif stored.get(TOKEN_KEY):
            settings._token, settings.token_source = stored[TOKEN_KEY], \
                'config-file'
    return settings


def insecure_base_url(url):
    """True when the URL sends credentials in clear to another machine."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == 'https':
        return False
    host = parsed.hostname or ''
    if host == 'localhost':
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True
