"""``alegra --help`` and ``alegra help``: resources first, then the rest.

cliff's stock listing prints one line per command; with a few hundred
resource verbs that buries the resources, so the overview groups verbs
under their resource.
"""

from cliff import help as cliff_help

from alegra import errors


def _description(factory):
    doc = (factory.__doc__ or '').strip().splitlines()
    return doc[0].rstrip('.') if doc else ''


def print_overview(app, stdout):
    manager = app.command_manager
    manager.load_all()
    stdout.write(app.parser.format_help())
    stdout.write('\nResources (alegra <resource> <verb> --help for more):\n')
    for name, resource in sorted(manager.resources.items()):
        verbs = [command.split(' ', 1)[1] for command in manager.commands
                 if command.startswith(name + ' ')]
        stdout.write(f'  {name:<22} {resource.summary}\n')
        stdout.write(f"  {'':<22} {', '.join(verbs)}\n")
    stdout.write('\nOther commands:\n')
    for name, entry_point in sorted(manager.commands.items()):
        if name.split(' ', 1)[0] in manager.resources or \
                name.startswith('__'):
            continue
        try:
            text = _description(entry_point.load())
        except Exception as exc:  # a broken command plugin: say so, go on
            app.warn(f'command {name!r} failed to load: '
                     f'{type(exc).__name__}: {exc}')
            continue
        stdout.write(f'  {name:<22} {text}\n')
    for reason in sorted(manager.broken.values()):
        app.warn(reason)
    codes = ', '.join(f'{code} {name}' for code, name, _ in errors.EXIT_CODES)
    stdout.write(f'\nExit codes: {codes}.\n')


def print_resource(app, name, stdout):
    manager = app.command_manager
    resource = manager.load_resource(name)
    stdout.write(f'usage: alegra {name} <verb> [options]\n\n'
                 f'{name}: {resource.summary} ({resource.path})\n\nverbs:\n')
    for command, factory in sorted(manager.commands.items()):
        if command.startswith(name + ' '):
            verb = command.split(' ', 1)[1]
            text = factory.load()(app, None).get_description()
            stdout.write(f'  {verb:<12} {text}\n')


class Help(cliff_help.HelpCommand):
    """Show help for alegra, a resource, or a command."""

    def take_action(self, parsed_args):
        words = parsed_args.cmd
        if not words:
            print_overview(self.app, self.app.stdout)
            return errors.OK
        if len(words) == 1 and \
                words[0] in self.app.command_manager.resource_entry_points:
            print_resource(self.app, words[0], self.app.stdout)
            return errors.OK
        return super().take_action(parsed_args)
