"""``auth login``, ``auth status`` and ``auth logout``.

Login checks the credentials with ``GET /users/self`` before keeping
anything, then stores the token in the OS keyring and the email and base
URL in the profile; the token never goes to the screen.  A keyring that
does not keep the token fails the login before the profile is written, so
no profile ever looks signed in without its token; a keyring known to keep
nothing (none available, or the null backend) fails it before the token
is even asked for.  Only ``--insecure-storage`` puts the token in the
config file instead (mode 0600, unencrypted), for machines without a
usable keyring, as ``gh auth login --insecure-storage`` does.

A command finds its token in ``ALEGRA_TOKEN``, else the keyring, else the
config file; ``auth status`` says which (``token_source``), and ``auth
logout`` removes it from the keyring and the config file.
"""

import dataclasses
import getpass

from alegra import command
from alegra import config
from alegra import credentials
from alegra import errors
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest

SELF = ApiRequest('GET', '/users/self')
# ``token_source`` in JSON, YAML, CSV and value output, when there is none.
NO_TOKEN = 'none'
AUTHENTICATED = N_('authenticated')
NOT_AUTHENTICATED = N_('not authenticated')


def token_fields(settings, source, backend=None):
    """Where the token lives, for a record: in words for a person (the
    ``token`` row of a table, in the language of the run), as a stable
    ``token_source`` (env, keyring, config-file or none) for scripts."""
    if settings.output != 'table':
        return {'token_source': source or NO_TOKEN}
    if source == 'env':
        words = _('from ALEGRA_TOKEN in the environment')
    elif source == 'keyring':
        words = _('in the OS keyring ({backend})').format(
            backend=backend or credentials.backend_name())
    elif source == 'config-file':
        words = _('in the config file, unencrypted: {path}').format(
            path=settings.config_path)
    else:
        words = _('none')
    return {'token': words}


def keyring_hint():
    return _('run `alegra auth login --insecure-storage` to keep the token '
             'in the config file instead, or set ALEGRA_EMAIL and '
             'ALEGRA_TOKEN in the environment')


def _user_name(user):
    if not isinstance(user, dict):
        return None
    parts = [user.get('name'), user.get('lastName')]
    return ' '.join(str(part) for part in parts if part) or user.get('email')


def _on_terminal(stream):
    return hasattr(stream, 'isatty') and stream.isatty()


class Login(command.AlegraCommand):
    """Sign in: check the credentials and keep them in a profile.

    The token goes to the OS keyring; on a machine without a usable one
    (a headless server), --insecure-storage keeps it in the config file
    instead, unencrypted (mode 0600), or set ALEGRA_EMAIL and ALEGRA_TOKEN
    in the environment."""

    creates_profile = True

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--email', help=_('the Alegra user email'))
        parser.add_argument(
            '--with-token', action='store_true',
            help=_('read the API token from stdin (for scripts), instead of '
                   'asking for it'))
        parser.add_argument(
            '--insecure-storage', action='store_true',
            help=_('keep the token in the config file, unencrypted (mode '
                   '0600), instead of the OS keyring: for machines without '
                   'a usable keyring'))
        return parser

    def take_action(self, parsed_args):
        settings = self.settings
        if self.options.dry_run:
            self.show_dry_run(SELF)
            return errors.OK
        insecure = parsed_args.insecure_storage
        if not insecure and credentials.unusable_backend():
            # Before the token is typed or sent: it could not be kept.
            error = credentials.unusable_error()
            error.hint = keyring_hint()
            raise error
        email = parsed_args.email or settings.email or self._ask_email()
        token = self._token(parsed_args, settings)
        checked = dataclasses.replace(settings, email=email, _token=token)
        from alegra import session
        api = session.ApiSession(checked)
        try:
            user = api.send(SELF)
        finally:
            api.close()
        stored = config.ConfigFile(settings.config_path)
        if insecure:
            stored.set_token(settings.profile, token)
            source = 'config-file'
        else:
            try:
                credentials.set_token(settings.profile, token)
            except errors.AuthError as exc:
                exc.hint = keyring_hint()
                raise
            # A copy left in the file by an earlier --insecure-storage.
            stored.remove_token(settings.profile)
            source = 'keyring'
        stored.set(settings.profile, 'email', email)
        stored.set(settings.profile, 'base_url', settings.base_url)
        if stored.default_profile is None:
            stored.default_profile = settings.profile
        stored.save()
        if insecure:
            # An older token in the keyring would be found first.
            credentials.discard_token(settings.profile)
            self.app.warn(_('the token is kept unencrypted in {path}: '
                            'whoever can read that file can use it').format(
                                path=settings.config_path))
        self.printer().record({
            'profile': settings.profile, 'base_url': settings.base_url,
            'email': email, **token_fields(settings, source),
            'user': _user_name(user)})
        return errors.OK

    def _ask_email(self):
        if not _on_terminal(self.app.stdin):
            raise errors.UsageError(
                _('no email given'),
                hint=_('pass --email or set ALEGRA_EMAIL'))
        self.app.stderr.write(_('Alegra email: '))
        self.app.stderr.flush()
        email = self.app.stdin.readline().strip()
        if not email:
            raise errors.UsageError(_('no email given'))
        return email

    def _token(self, parsed_args, settings):
        if parsed_args.with_token:
            token = self.app.stdin.readline().strip()
        elif settings.token_source == 'env':
            token = settings.token
        elif _on_terminal(self.app.stdin):
            token = getpass.getpass(_('Alegra API token (hidden): '),
                                    stream=self.app.stderr).strip()
        else:
            raise errors.UsageError(
                _('no token given and no terminal to ask on'),
                hint=_('pipe it with --with-token or set ALEGRA_TOKEN'))
        if not token:
            raise errors.UsageError(_('the token is empty'))
        return token


class Status(command.AlegraCommand):
    """Show the active profile and check its credentials (exit 0 if valid).

    It says where the token lives: ALEGRA_TOKEN in the environment, else
    the OS keyring, else the config file (auth login --insecure-storage)."""

    def take_action(self, parsed_args):
        settings = self.settings
        if self.options.dry_run:
            self.show_dry_run(SELF)
            return errors.OK
        status = {
            'profile': settings.profile,
            'base_url': settings.base_url,
            'email': settings.email,
            **token_fields(settings, settings.token_source),
            'config_file': settings.config_path,
        }
        try:
            user = self.send(SELF)
        except errors.AlegraError:
            status['status'] = self.state(NOT_AUTHENTICATED)
            self.printer().record(status)
            raise
        status['user'] = _user_name(user)
        status['status'] = self.state(AUTHENTICATED)
        self.printer().record(status)
        return errors.OK


class Logout(command.AlegraCommand):
    """Forget the token of the active profile (OS keyring and config file)."""

    def take_action(self, parsed_args):
        settings = self.settings
        profile = settings.profile
        if self.dry_run_local(
                _('remove the token of profile {profile!r} from the OS '
                  'keyring and the config file').format(profile=profile)):
            return errors.OK
        stored = config.ConfigFile(settings.config_path)
        in_file = stored.remove_token(profile)
        if in_file:
            stored.save()
            self.app.stderr.write(
                _('token of profile {profile!r} removed from the config '
                  'file {path}').format(profile=profile, path=stored.path) +
                '\n')
        if credentials.delete_token(profile):
            self.app.stderr.write(
                _('token of profile {profile!r} removed from the OS '
                  'keyring').format(profile=profile) + '\n')
        elif not in_file:
            self.app.stderr.write(
                _('no token stored for profile {profile!r}').format(
                    profile=profile) + '\n')
        if settings.token_source == 'env':
            self.app.warn(_('ALEGRA_TOKEN is still set in the environment'))
        return errors.OK
