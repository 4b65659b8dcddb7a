"""``alegra --help`` and ``alegra <resource> --help``: columns that stay
aligned whatever the names, and headings in the run's language."""

import importlib.metadata
import re

import fixtures

from alegra import registry
from alegra.registry import Action
from tests.unit import base
from tests.unit import fake_plugins

# A resource whose action name is longer than the usual verb column.
LONG_VERB = fake_plugins.gadgets(
    'long-verb', actions=(Action('recalculate-everything-now',
                                 'recalculate it'),))


def section(text, heading, end):
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith(heading)) + 1
    stop = next((i for i in range(start, len(lines))
                 if not lines[i] or lines[i].startswith(end)), len(lines))
    return lines[start:stop]


def layout(rows, names):
    """``(text column, names alone on their line)`` of a listing: where
    every text starts, on its name's line or the next ones."""
    columns, alone = set(), []
    for line in rows:
        name = max((name for name in names
                    if line == '  ' + name or
                    line.startswith('  ' + name + ' ')), key=len, default='')
        if name and line == '  ' + name:
            alone.append(name)
            continue
        rest = line[2 + len(name):]
        columns.add(2 + len(name) + len(rest) - len(rest.lstrip(' ')))
    return columns, alone


class TestOverviewColumns(base.TestCase):
    """The listings are laid out as argparse lays out options."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.EnvironmentVariable('COLUMNS', '80'))

    def overview(self):
        result = self.run_cli('--help')
        self.assertEqual(0, result.code, result)
        return result.stdout

    def test_resources_text_in_one_column_long_names_alone(self):
        rows = section(self.overview(), 'Resources (', 'Other commands')
        names = [line.split()[0] for line in rows
                 if not line.startswith('   ')]
        columns, alone = layout(rows, names)
        self.assertEqual({2 + 22 + 1}, columns, rows)
        # The real plugin set has names longer than the column: each is
        # alone on its line, its text on the next one, in the column.
        self.assertIn('inventory-adjustments-numerations', alone)
        self.assertEqual(sorted(name for name in names if len(name) > 22),
                         sorted(alone))
        first = rows.index('  inventory-adjustments-numerations')
        self.assertTrue(rows[first + 1].startswith(' ' * 25 + 'numberings'))

    def test_no_line_wider_than_the_terminal(self):
        text = self.overview()
        self.assertEqual([], [line for line in text.splitlines()
                              if len(line) > 79 and ' ' in line.strip()])
        self.assertIn('\nExit codes: 0 ok, 1 error,', text)

    def other_commands(self, *extra):
        rows = section(self.overview(), 'Other commands:', 'Exit codes')
        commands = ['help', *extra] + [
            entry.name.replace('_', ' ') for entry in
            importlib.metadata.entry_points(group=registry.COMMAND_GROUP)]
        return rows, layout(rows, commands)

    def test_other_commands_keep_the_usual_layout(self):
        rows, (columns, alone) = self.other_commands()
        self.assertIn('\n  mcp claude disable     Remove', '\n'.join(rows))
        self.assertEqual(({2 + 22 + 1}, []), (columns, alone))

    def test_a_long_command_name_is_alone_on_its_line(self):
        long_name = 'a_command_name_longer_than_the_column'
        self.useFixture(fake_plugins.Installed(
            group=registry.COMMAND_GROUP,
            **{long_name: 'alegra.commands.config:Show'}))
        name = long_name.replace('_', ' ')
        rows, (columns, alone) = self.other_commands(name)
        self.assertEqual(({2 + 22 + 1}, [name]), (columns, alone))
        self.assertTrue(rows[rows.index('  ' + name) + 1].startswith(
            ' ' * 25 + 'Show the'))

    def test_short_verbs_keep_the_usual_layout(self):
        result = self.run_cli('contacts', '--help')
        self.assertEqual(0, result.code, result)
        rows = section(result.stdout, 'verbs:', '\n')
        verbs = [line.split()[0] for line in rows
                 if not line.startswith('   ')]
        self.assertEqual(({2 + 12 + 1}, []), layout(rows, verbs))

    def test_a_long_verb_is_alone_on_its_line(self):
        self.useFixture(fake_plugins.Installed(
            **{'long-verb': f'{__name__}:LONG_VERB'}))
        result = self.run_cli('long-verb', '--help')
        self.assertEqual(0, result.code, result)
        rows = section(result.stdout, 'verbs:', '\n')
        verbs = [line.split()[0] for line in rows
                 if not line.startswith('   ')]
        self.assertEqual(({2 + 22 + 1}, ['recalculate-everything-now']),
                         layout(rows, verbs))
        self.assertIn('recalculate-everything-now', self.overview())


class TestOverviewLanguage(base.TestCase):

    def test_english(self):
        result = self.run_cli('--help')
        for heading in ('Resources (alegra <resource> <verb> --help for '
                        'more):', 'Other commands:', 'Exit codes: 0 ok, '):
            self.assertIn(heading, result.stdout)
        self.assertIn('Sign in: check the credentials', result.stdout)
        result = self.run_cli('contacts', '--help')
        self.assertTrue(result.stdout.startswith(
            'usage: alegra contacts <verb> [options]'))
        self.assertIn('\nverbs:\n', result.stdout)

    def test_spanish(self):
        self.environ['ALEGRA_LANG'] = 'es'
        result = self.run_cli('--help')
        self.assertEqual(0, result.code, result)
        for heading in ('Recursos (alegra <resource> <verb> --help para más',
                        'Otros comandos:', 'Códigos de salida: 0 ok, '):
            self.assertIn(heading, result.stdout)
        self.assertNotIn('Other commands:', result.stdout)
        # The commands' help, first paragraph on one line.
        self.assertRegex(' '.join(result.stdout.split()),
                         r' auth status Mostrar el perfil activo y '
                         r'comprobar sus credenciales \(código de salida 0 '
                         r'si son válidas\) ')
        result = self.run_cli('contacts', '--help')
        self.assertTrue(result.stdout.startswith(
            'uso: alegra contacts <verb> [options]'))
        self.assertIn('\nverbos:\n', result.stdout)
        self.assertIsNone(re.search(r'\nverbs:', result.stdout))
