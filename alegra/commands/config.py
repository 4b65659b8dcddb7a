"""``config show|set|unset|use|list``: the profiles file, secrets masked.

A token kept in the file (``auth login --insecure-storage``) is never
shown: ``config show`` and ``config list`` print it masked, and ``config
set`` and ``config unset`` do not take it (``auth login`` and ``auth
logout`` do).
"""

from alegra import command
from alegra import config
from alegra import errors
from alegra import i18n
from alegra.i18n import N_
from alegra.i18n import _

MASK = '********'
MISSING = N_('missing')


class _ConfigCommand(command.AlegraCommand):
    def stored(self):
        return config.ConfigFile(config.config_path(self.app.environ))

    def target_profile(self, stored):
        flags = {'profile': self.options.profile}
        return config.active_profile(flags, self.app.environ, stored)


class Show(_ConfigCommand):
    """Show the settings in effect (the token masked) and their profile."""

    def take_action(self, parsed_args):
        settings = self.settings
        if settings.token:
            token = f'{MASK} ({settings.token_source})'
        elif settings.output == 'table':
            token = _(MISSING)
        else:
            token = MISSING
        self.printer().record({
            'profile': settings.profile,
            'config_file': settings.config_path,
            'email': settings.email,
            'base_url': settings.base_url,
            'output': settings.output,
            'language': i18n.language(),
            'token': token,
        })
        return errors.OK


class Set(_ConfigCommand):
    """Set a profile setting: email, base_url, output, max_attempts,
    max_wait, timeout or language (es or en)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('key', choices=config.PROFILE_KEYS)
        parser.add_argument('value')
        return parser

    def take_action(self, parsed_args):
        stored = self.stored()
        profile = self.target_profile(stored)
        if self.dry_run_local(
                _('set {key} in profile {profile!r} of {path}').format(
                    key=parsed_args.key, profile=profile, path=stored.path)):
            return errors.OK
        stored.set(profile, parsed_args.key, parsed_args.value)
        if stored.default_profile is None:
            stored.default_profile = profile
        stored.save()
        self.app.stderr.write(
            _('{key} set in profile {profile!r}').format(
                key=parsed_args.key, profile=profile) + '\n')
        return errors.OK


class Unset(_ConfigCommand):
    """Remove a setting from a profile."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('key', choices=config.PROFILE_KEYS)
        return parser

    def take_action(self, parsed_args):
        stored = self.stored()
        profile = self.target_profile(stored)
        if self.dry_run_local(
                _('remove {key} from profile {profile!r} of {path}').format(
                    key=parsed_args.key, profile=profile, path=stored.path)):
            return errors.OK
        stored.unset(profile, parsed_args.key)
        stored.save()
        return errors.OK


class Use(_ConfigCommand):
    """Make a profile the default one."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', help=_('profile name'))
        return parser

    def take_action(self, parsed_args):
        stored = self.stored()
        if not stored.has_profile(parsed_args.name):
            raise errors.UsageError(
                _('no profile {name!r}').format(name=parsed_args.name),
                hint=_('profiles: {names}').format(
                    names=', '.join(stored.profiles()) or _('none')))
        if self.dry_run_local(
                _('make {name!r} the default profile').format(
                    name=parsed_args.name)):
            return errors.OK
        stored.default_profile = parsed_args.name
        stored.save()
        self.app.stderr.write(
            _('default profile is now {name!r}').format(
                name=parsed_args.name) + '\n')
        return errors.OK


class ListProfiles(_ConfigCommand):
    """List the profiles in the config file."""

    def take_action(self, parsed_args):
        stored = self.stored()
        rows = []
        for name in stored.profiles():
            row = dict(name=name, default=name == stored.default_profile,
                       **stored.profile(name))
            if config.TOKEN_KEY in row:
                row[config.TOKEN_KEY] = MASK
            rows.append(row)
        self.printer().records(rows, ('name', 'default', 'email',
                                      'base_url', 'output'))
        return errors.OK
