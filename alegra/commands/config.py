"""``config show|set|unset|use|list``: the profiles file, secrets masked."""

from alegra import command
from alegra import config
from alegra import errors

MASK = '********'


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
        self.printer().record({
            'profile': settings.profile,
            'config_file': settings.config_path,
            'email': settings.email,
            'base_url': settings.base_url,
            'output': settings.output,
            'token': f'{MASK} ({settings.token_source})'
            if settings.token else 'missing',
        })
        return errors.OK


class Set(_ConfigCommand):
    """Set a profile setting: email, base_url or output."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('key', choices=config.PROFILE_KEYS)
        parser.add_argument('value')
        return parser

    def take_action(self, parsed_args):
        stored = self.stored()
        profile = self.target_profile(stored)
        if self.dry_run_local(f'set {parsed_args.key} in profile '
                              f'{profile!r} of {stored.path}'):
            return errors.OK
        stored.set(profile, parsed_args.key, parsed_args.value)
        if stored.default_profile is None:
            stored.default_profile = profile
        stored.save()
        self.app.stderr.write(
            f'{parsed_args.key} set in profile {profile!r}\n')
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
        if self.dry_run_local(f'remove {parsed_args.key} from profile '
                              f'{profile!r} of {stored.path}'):
            return errors.OK
        stored.unset(profile, parsed_args.key)
        stored.save()
        return errors.OK


class Use(_ConfigCommand):
    """Make a profile the default one."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', help='profile name')
        return parser

    def take_action(self, parsed_args):
        stored = self.stored()
        if not stored.has_profile(parsed_args.name):
            raise errors.UsageError(
                f'no profile {parsed_args.name!r}',
                hint='profiles: ' + (', '.join(stored.profiles()) or 'none'))
        if self.dry_run_local(f'make {parsed_args.name!r} the default '
                              'profile'):
            return errors.OK
        stored.default_profile = parsed_args.name
        stored.save()
        self.app.stderr.write(f'default profile is now '
                              f'{parsed_args.name!r}\n')
        return errors.OK


class ListProfiles(_ConfigCommand):
    """List the profiles in the config file."""

    def take_action(self, parsed_args):
        stored = self.stored()
        rows = [dict(name=name, default=name == stored.default_profile,
                     **stored.profile(name))
                for name in stored.profiles()]
        self.printer().records(rows, ('name', 'default', 'email',
                                      'base_url', 'output'))
        return errors.OK
