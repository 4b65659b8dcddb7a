"""API tokens in the OS keyring, one per profile.

``keyring`` is imported here only, when a command needs a token, so that
``--help`` and ``--dry-run`` never pay for it.  A machine without a keyring
backend (a headless server, CI) gets one clear message pointing at the
``ALEGRA_TOKEN`` route instead of a traceback, and so does a backend that
takes a token and keeps nothing (``keyring.backends.null``): a stored
token is read back before anyone is told it is stored.
"""

from alegra import errors

SERVICE = 'alegra'
_NO_BACKEND = ('no OS keyring backend is available on this machine; set '
               'ALEGRA_EMAIL and ALEGRA_TOKEN in the environment instead')


def _keyring():
    import keyring
    import keyring.errors
    return keyring, keyring.errors


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
        raise errors.AuthError(_NO_BACKEND) from None
    except kerrors.KeyringError as exc:
        raise errors.AuthError(
            f'the OS keyring refused to store the token: '
            f'{type(exc).__name__}') from None
    if get_token(profile) != token:
        backend = type(keyring.get_keyring())
        raise errors.AuthError(
            f'the OS keyring ({backend.__module__}.{backend.__name__}) did '
            'not keep the token',
            hint='set ALEGRA_EMAIL and ALEGRA_TOKEN in the environment '
                 'instead')


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
        raise errors.AuthError(_NO_BACKEND) from None
    return True
