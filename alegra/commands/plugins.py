"""``alegra plugins list`` and ``alegra plugins check``.

``list`` says what is installed: each resource plugin, the package and
version that provides it, its verbs, and whether it loads.  ``check`` holds
plugins to the whole contract (:mod:`alegra.plugin_checks`), one line per
problem and exit code 1 on any: the command a plugin's author runs in CI.
"""

from alegra import command
from alegra import errors
from alegra import registry
from alegra.i18n import _
from alegra.i18n import ngettext

LIST_COLUMNS = ('name', 'package', 'version', 'status', 'verbs', 'reason')
CHECK_COLUMNS = ('plugin', 'package', 'version', 'file', 'problem')


class ListPlugins(command.AlegraCommand):
    """List the plugins: the package of each, its verbs, and its status."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--commands', action='store_true',
            help=_('list the command plugins (entry-point group {group}) '
                   'instead of the resources').format(
                       group=registry.COMMAND_GROUP))
        return parser

    def take_action(self, parsed_args):
        manager = self.app.command_manager
        manager.load_all()
        if parsed_args.commands:
            rows = self._commands(manager)
        else:
            rows = self._resources(manager)
        self.printer(self.output_format()).records(rows, LIST_COLUMNS)
        return errors.OK

    def _resources(self, manager):
        rows = []
        for name, entry_point in sorted(
                manager.resource_entry_points.items()):
            verbs = [command.split(' ', 1)[1] for command in manager.commands
                     if command.startswith(name + ' ')]
            rows.append(_row(name, entry_point, verbs,
                             manager.failures.get(name)))
        return rows

    def _commands(self, manager):
        entry_points = registry.entry_points(registry.COMMAND_GROUP)
        return [_row(name.replace('_', ' '), entry_point, None,
                     manager.failures.get(name.replace('_', ' ')))
                for name, entry_point in sorted(entry_points.items())]


def _row(name, entry_point, verbs, failure):
    found = registry.provider(entry_point)
    return {'name': name,
            'package': found.name if found else None,
            'version': found.version if found else None,
            'status': 'broken' if failure else 'ok',
            # A broken plugin's verbs are unknown: it did not load.
            'verbs': None if failure else verbs,
            'reason': f'{failure.file}: {failure.problem}' if failure
            else ''}


class CheckPlugins(command.AlegraCommand):
    """Check plugins against the whole plugin contract; exit 1 on a problem.

    Every check a plugin must pass: it loads and is a Resource of a
    registry API this alegra runs; its schema file is JSON and a valid
    JSON Schema, as are its actions' schemas; its example passes its own
    schema; its import mapping, natural keys and marker name fields of the
    create schema; its columns are well-formed; its commands build.
    """

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'names', nargs='*', metavar='NAME',
            help=_('resource plugins to check (default: every installed '
                   'plugin, the command plugins too)'))
        return parser

    def take_action(self, parsed_args):
        names = parsed_args.names
        installed = registry.entry_points(registry.RESOURCE_GROUP)
        for name in names:
            if name not in installed:
                raise errors.UsageError(
                    _('no resource plugin is named {name!r}').format(
                        name=name),
                    hint=_('see `alegra plugins list`'))
        statuses = list(registry.survey(
            registry.RESOURCE_GROUP, names or None, thorough=True,
            app=self.app).values())
        if not names:
            statuses += registry.survey(registry.COMMAND_GROUP).values()
        problems = [problem for status in statuses
                    for problem in status.problems]
        printer = self.printer(self.output_format())
        if printer.fmt == 'table':
            for problem in problems:
                self.app.stdout.write(f'{problem}\n')
        else:
            printer.records([_problem_record(problem)
                             for problem in problems], CHECK_COLUMNS)
        if problems:
            broken = sum(1 for status in statuses if status.problems)
            raise errors.AlegraError(_count_problems(
                len(problems), broken, len(statuses)))
        if printer.fmt == 'table':
            self.app.stdout.write(ngettext(
                '{count} plugin checked: no problems',
                '{count} plugins checked: no problems',
                len(statuses)).format(count=len(statuses)) + '\n')
        return errors.OK


def _problem_record(problem):
    found = problem.provider
    return {'plugin': problem.name,
            'package': found.name if found else None,
            'version': found.version if found else None,
            'file': problem.file,
            'problem': problem.problem}


def _count_problems(problems, broken, plugins):
    """``'5 problems in 4 of 52 plugins'``, in this run's language."""
    found = ngettext('{problems} problem in {broken} of {plugins}',
                     '{problems} problems in {broken} of {plugins}',
                     problems)
    checked = ngettext('{count} plugin', '{count} plugins', plugins)
    return found.format(problems=problems, broken=broken,
                        plugins=checked.format(count=plugins))
