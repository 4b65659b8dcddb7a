"""``alegra --help`` and ``alegra <resource> --help``: columns that stay
aligned whatever the names, and headings in the run's language."""

import importlib.metadata
import re

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


def text_offset(line, names):
    """Where the second column of ``line`` starts, its name being one of
    ``names`` (or none: a continuation line)."""
    name = max((name for name in names
                if line.startswith('  ' + name + ' ')), key=len,
               default='')
    rest = line[2 + len(name):]
    return 2 + len(name) + len(rest) - len(rest.lstrip(' '))


class TestOverviewColumns(base.TestCase):

    def test_resources_are_aligned_after_the_longest_name(self):
        result = self.run_cli('--help')
        self.assertEqual(0, result.code, result)
        rows = section(result.stdout, 'Resources (', 'Other commands')
        names = [line.split()[0] for line in rows
                 if not line.startswith('   ')]
        longest = max(names, key=len)
        # The real plugin set has names longer than the old 22 columns.
        self.assertIn('inventory-adjustments-numerations', names)
        self.assertGreater(len(longest), 22)
        offsets = {text_offset(line, names) for line in rows}
        self.assertEqual({2 + len(longest) + 1}, offsets, rows)

    def other_commands(self, *extra):
        result = self.run_cli('--help')
        self.assertEqual(0, result.code, result)
        rows = section(result.stdout, 'Other commands:', 'Exit codes')
        commands = ['help', *extra] + [
            entry.name.replace('_', ' ') for entry in
            importlib.metadata.entry_points(group=registry.COMMAND_GROUP)]
        offsets = {text_offset(line, commands) for line in rows}
        self.assertEqual(1, len(offsets), rows)
        return rows, offsets.pop()

    def test_other_commands_keep_the_usual_layout(self):
        rows, offset = self.other_commands()
        self.assertIn('  mcp claude disable ', '\n'.join(rows))
        self.assertEqual(2 + 22 + 1, offset)

    def test_other_commands_are_aligned_after_the_longest_name(self):
        long_name = 'a_command_name_longer_than_the_column'
        self.useFixture(fake_plugins.Installed(
            group=registry.COMMAND_GROUP,
            **{long_name: 'alegra.commands.config:Show'}))
        rows, offset = self.other_commands(long_name.replace('_', ' '))
        self.assertIn('  ' + long_name.replace('_', ' ') + ' Show the',
                      '\n'.join(rows))
        self.assertEqual(2 + len(long_name) + 1, offset)

    def test_short_names_keep_the_usual_layout(self):
        result = self.run_cli('contacts', '--help')
        self.assertEqual(0, result.code, result)
        rows = section(result.stdout, 'verbs:', '\n')
        for line in rows:
            self.assertRegex(line, r'^  \S+ +\S')
            self.assertEqual(' ', line[2 + 12])
            self.assertNotEqual(' ', line[2 + 12 + 1])

    def test_verbs_are_aligned_after_the_longest_verb(self):
        self.useFixture(fake_plugins.Installed(
            **{'long-verb': f'{__name__}:LONG_VERB'}))
        result = self.run_cli('long-verb', '--help')
        self.assertEqual(0, result.code, result)
        rows = section(result.stdout, 'verbs:', '\n')
        verbs = [line.split()[0] for line in rows]
        self.assertIn('recalculate-everything-now', verbs)
        offsets = {text_offset(line, verbs) for line in rows}
        self.assertEqual({2 + len('recalculate-everything-now') + 1},
                         offsets, rows)
        overview = self.run_cli('--help')
        self.assertIn('recalculate-everything-now', overview.stdout)


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
        self.assertRegex(result.stdout,
                         r'\n  auth status +Mostrar el perfil activo y '
                         r'comprobar sus credenciales \(código de salida 0 '
                         r'si son válidas\)\n')
        result = self.run_cli('contacts', '--help')
        self.assertTrue(result.stdout.startswith(
            'uso: alegra contacts <verb> [options]'))
        self.assertIn('\nverbos:\n', result.stdout)
        self.assertIsNone(re.search(r'\nverbs:', result.stdout))
