"""``alegra --help`` and ``alegra help``: resources first, then the rest.

cliff's stock listing prints one line per command; with a few hundred
resource verbs that buries the resources, so the overview groups verbs
under their resource.  Each listing is two columns, names and what they
are, laid out as argparse lays out options: the second column starts
after the longest name of that listing (no nearer than a minimum, so
short names keep the usual layout, and no farther than a maximum); a
name longer than that has its text start on the next line, and texts
wrap at the terminal's width.
"""

import shutil
import textwrap

from cliff import help as cliff_help

from alegra import errors
from alegra import i18n
from alegra.i18n import _


def _description(factory):
    """The first paragraph of a command's help, on one line."""
    paragraph = i18n.doc(factory).strip().split('\n\n', 1)[0]
    return ' '.join(paragraph.split()).rstrip('.')


# The narrowest name column of the overview and of a resource's verbs,
# and the widest any name column gets.
NAME_WIDTH = 22
VERB_WIDTH = 12
MAX_WIDTH = 22


def _columns():
    """The width texts wrap at: the terminal's ($COLUMNS first), less one
    column, as argparse does."""
    return shutil.get_terminal_size().columns - 1


def _rows(stdout, rows, minimum):
    """``(name, text)`` rows, two spaces in, the texts in one column."""
    width = min(MAX_WIDTH,
                max([minimum] + [len(name) for name, _text in rows]))
    indent = ' ' * (2 + width + 1)
    for name, text in rows:
        lines = textwrap.wrap(text, max(_columns() - len(indent), 30)) or \
            ['']
        if len(name) > width:
            stdout.write(f'  {name}\n')
            lines[0] = indent + lines[0]
        else:
            lines[0] = f'  {name:<{width}} {lines[0]}'
        stdout.write(''.join((line if number == 0 else indent + line)
                             .rstrip() + '\n'
                             for number, line in enumerate(lines)))


def print_overview(app, stdout):
    manager = app.command_manager
    manager.load_all()
    stdout.write(app.parser.format_help())
    stdout.write('\n' + _('Resources (alegra <resource> <verb> --help for '
                          'more):') + '\n')
    rows = []
    for name, resource in sorted(manager.resources.items()):
        verbs = [command.split(' ', 1)[1] for command in manager.commands
                 if command.startswith(name + ' ')]
        rows.append((name, _(resource.summary)))
        rows.append(('', ', '.join(verbs)))
    _rows(stdout, rows, NAME_WIDTH)
    stdout.write('\n' + _('Other commands:') + '\n')
    rows = []
    for name, entry_point in sorted(manager.commands.items()):
        if name.split(' ', 1)[0] in manager.resources or \
                name.startswith('__'):
            continue
        try:
            text = _description(entry_point.load())
        except Exception as exc:  # a broken command plugin: say so, go on
            app.warn(_('command {name!r} failed to load: {error}').format(
                name=name, error=f'{type(exc).__name__}: {exc}'))
            continue
        rows.append((name, text))
    _rows(stdout, rows, NAME_WIDTH)
    for reason in sorted(manager.broken.values()):
        app.warn(reason)
    codes = ', '.join(f'{code} {name}'
                      for code, name, _when in errors.EXIT_CODES)
    stdout.write('\n' + textwrap.fill(
        _('Exit codes: {codes}.').format(codes=codes), _columns()) + '\n')


def print_resource(app, name, stdout):
    manager = app.command_manager
    resource = manager.load_resource(name)
    summary = _(resource.summary)
    stdout.write(_('usage: alegra {name} <verb> [options]').format(name=name)
                 + '\n\n' + f'{name}: {summary} ({resource.path})\n\n' +
                 _('verbs:') + '\n')
    rows = []
    for command, factory in sorted(manager.commands.items()):
        if command.startswith(name + ' '):
            verb = command.split(' ', 1)[1]
            rows.append((verb, factory.load()(app, None).get_description()))
    _rows(stdout, rows, VERB_WIDTH)


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
