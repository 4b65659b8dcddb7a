"""``auth login``, ``auth status`` and ``auth logout``.

Login checks the credentials with ``GET /users/self`` before keeping
anything, then stores the token in the OS keyring and the email and base
URL in the profile; the token never goes to the config file or the screen.
A keyring that does not keep the token fails the login before the profile
is written, so no profile ever looks signed in without its token.
"""

import dataclasses
import getpass

from alegra import command
from alegra import config
from alegra import credentials
from alegra import errors
from alegra.request import ApiRequest

SELF = ApiRequest('GET', '/users/self')


def _user_name(user):
    if not isinstance(user, dict):
        return None
    parts = [user.get('name'), user.get('lastName')]
    return ' '.join(str(part) for part in parts if part) or user.get('email')


def _on_terminal(stream):
    return hasattr(stream, 'isatty') and stream.isatty()


class Login(command.AlegraCommand):
    """Sign in: check the credentials and keep them in a profile."""

    creates_profile = True

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--email', help='the Alegra user email')
        parser.add_argument(
            '--with-token', action='store_true',
            help='read the API token from stdin (for scripts), instead of '
                 'asking for it')
        return parser

    def take_action(self, parsed_args):
        settings = self.settings
        if self.options.dry_run:
            self.show_dry_run(SELF)
            return errors.OK
        email = parsed_args.email or settings.email or self._ask_email()
        token = self._token(parsed_args, settings)
        checked = dataclasses.replace(settings, email=email, _token=token)
        from alegra import session
        api = session.ApiSession(checked)
        try:
            user = api.send(SELF)
        finally:
            api.close()
        credentials.set_token(settings.profile, token)
        stored = config.ConfigFile(settings.config_path)
        stored.set(settings.profile, 'email', email)
        stored.set(settings.profile, 'base_url', settings.base_url)
        if stored.default_profile is None:
            stored.default_profile = settings.profile
        stored.save()
        self.printer().record({
            'profile': settings.profile, 'base_url': settings.base_url,
            'email': email, 'user': _user_name(user),
            'token': 'stored in the OS keyring'})
        return errors.OK

    def _ask_email(self):
        if not _on_terminal(self.app.stdin):
            raise errors.UsageError('no email given',
                                    hint='pass --email or set ALEGRA_EMAIL')
        self.app.stderr.write('Alegra email: ')
        self.app.stderr.flush()
        email = self.app.stdin.readline().strip()
        if not email:
            raise errors.UsageError('no email given')
        return email

    def _token(self, parsed_args, settings):
        if parsed_args.with_token:
            token = self.app.stdin.readline().strip()
        elif settings.token_source == 'env':
            token = settings.token
        elif _on_terminal(self.app.stdin):
            token = getpass.getpass('Alegra API token (hidden): ',
                                    stream=self.app.stderr).strip()
        else:
            raise errors.UsageError(
                'no token given and no terminal to ask on',
                hint='pipe it with --with-token or set ALEGRA_TOKEN')
        if not token:
            raise errors.UsageError('the token is empty')
        return token


class Status(command.AlegraCommand):
    """Show the active profile and check its credentials (exit 0 if valid)."""

    def take_action(self, parsed_args):
        settings = self.settings
        if self.options.dry_run:
            self.show_dry_run(SELF)
            return errors.OK
        status = {
            'profile': settings.profile,
            'base_url': settings.base_url,
            'email': settings.email,
            'token': settings.token_source or 'missing',
            'config_file': settings.config_path,
        }
        try:
            user = self.send(SELF)
        except errors.AlegraError:
            status['status'] = 'not authenticated'
            self.printer().record(status)
            raise
        status['user'] = _user_name(user)
        status['status'] = 'authenticated'
        self.printer().record(status)
        return errors.OK


class Logout(command.AlegraCommand):
    """Forget the token of the active profile."""

    def take_action(self, parsed_args):
        profile = self.settings.profile
        if self.dry_run_local(f'remove the token of profile {profile!r} from '
                              'the OS keyring'):
            return errors.OK
        if credentials.delete_token(profile):
            self.app.stderr.write(f'token of profile {profile!r} removed '
                                  'from the OS keyring\n')
        else:
            self.app.stderr.write(f'no token stored for profile {profile!r}\n')
        if self.settings.token_source == 'env':
            self.app.warn('ALEGRA_TOKEN is still set in the environment')
        return errors.OK
