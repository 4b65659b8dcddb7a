"""API tokens in the OS keyring, one per profile.

``keyring`` is imported here only, when a command needs a token, so that
``--help`` and ``--dry-run`` never pay for it.  A machine without a keyring
backend (a headless server, CI) gets one clear message pointing at the
``ALEGRA_TOKEN`` route instead of a traceback, and so does a backend that
takes a token and keeps nothing (``keyring.backends.null``): a stored
token is read back before anyone is told it is stored.

A token may also live in the config file, unencrypted, when the user asks
for it (``alegra auth login --insecure-storage``); that copy is kept by
:class:`alegra.config.ConfigFile`.  Where a command finds its token, first
to last: ``ALEGRA_TOKEN``, the OS keyring, the config file (see
:func:`alegra.config.resolve`).
"""

from alegra import errors
from alegra.i18n import N_
from alegra.i18n import _

SERVICE = 'alegra'
# Backends that never keep a token: ``fail`` (no backend is available, as
# on a headless Linux server) and ``null`` (chosen to keep nothing).
# The way on without a keyring (translated when the error is shown).
USE_ENVIRONMENT = N_('set ALEGRA_EMAIL and ALEGRA_TOKEN in the environment '
                     'instead')
_UNUSABLE = ('keyring.backends.fail.Keyring', 'keyring.backends.null.Keyring')


def _keyring():
    import keyring
    import keyring.errors
    return keyring, keyring.errors


def _no_backend():
    return errors.AuthError(
        _('no OS keyring backend is available on this machine'),
        hint=USE_ENVIRONMENT)


def backend_name():
    """The dotted class name of the keyring backend in use."""
    keyring, _kerrors = _keyring()
    backend = type(keyring.get_keyring())
    return f'{backend.__module__}.{backend.__name__}'


def unusable_backend():
    """The name of the keyring backend when it cannot keep a token at all
    (none available, or the null one), else ``None``.  A usable-looking
    backend may still refuse a token: :func:`set_token` finds out."""
    name = backend_name()
    return name if name in _UNUSABLE else None


def unusable_error():
    """The :class:`~alegra.errors.AuthError` for :func:`unusable_backend`."""
    name = unusable_backend()
    if name == 'keyring.backends.fail.Keyring':
        return _no_backend()
    return errors.AuthError(
        _('the OS keyring ({backend}) keeps no tokens').format(backend=name),
        hint=USE_ENVIRONMENT)


def get_token(profile):
    """The stored token of a profile, or ``None`` (also with no backend)."""
    keyring, kerrors = _keyring()
    try:
        return keyring.get_password(SERVICE, profile)
    except kerrors.KeyringError:
        return None


def set_token(profile, token):
    """Store a token, or raise :class:`~alegra.errors.AuthError` when the
    keyring did not keep it."""
    keyring, kerrors = _keyring()
    try:
        keyring.set_password(SERVICE, profile, token)
    except kerrors.NoKeyringError:
        raise _no_backend() from None
    except kerrors.KeyringError as exc:
        raise errors.AuthError(
            _('the OS keyring refused to store the token: {reason}').format(
                reason=type(exc).__name__),
            hint=USE_ENVIRONMENT) from None
    if get_token(profile) != token:
        raise errors.AuthError(
            _('the OS keyring ({backend}) did not keep the token').format(
                backend=backend_name()),
            hint=USE_ENVIRONMENT)


def delete_token(profile):
    """Forget a profile's token; ``False`` when there was none to forget."""
    keyring, kerrors = _keyring()
    if get_token(profile) is None:
        return False
    try:
        keyring.delete_password(SERVICE, profile)
    except kerrors.PasswordDeleteError:
        return False
    except kerrors.NoKeyringError:
        raise _no_backend() from None
    except kerrors.KeyringError as exc:
        raise errors.AuthError(
            _('the OS keyring refused to remove the token: {reason}').format(
                reason=type(exc).__name__)) from None
    return True


def discard_token(profile):
    """Forget a profile's token if the keyring holds one, quietly: for a
    token that has just been stored elsewhere, so that no older copy in
    the keyring shadows it."""
    try:
        return delete_token(profile)
    except errors.AuthError:
        return False
