"""The application: help, unknown commands, option placement, plugins."""

import importlib.metadata
import subprocess
import sys

import fixtures

from alegra import __version__
from alegra import errors
from alegra import registry
from tests.unit import base


def fake_entry_point(name, value):
    return importlib.metadata.EntryPoint(
        name=name, value=value, group=registry.RESOURCE_GROUP)


class TestHelp(base.TestCase):

    def test_help_lists_every_resource_and_command(self):
        result = self.run_cli('--help')
        self.assertEqual(0, result.code)
        for word in ('contacts', 'items', 'auth login', 'config show',
                     'Exit codes:'):
            self.assertIn(word, result.stdout)

    def test_no_arguments_prints_the_overview(self):
        result = self.run_cli()
        self.assertEqual(0, result.code)
        self.assertIn('Resources', result.stdout)

    def test_resource_help_lists_verbs(self):
        for argv in (('contacts', '--help'), ('help', 'contacts')):
            result = self.run_cli(*argv)
            self.assertEqual(0, result.code, result)
            for verb in ('list', 'get', 'create', 'update', 'delete'):
                self.assertIn(f'  {verb} ', result.stdout)

    def test_command_help(self):
        result = self.run_cli('contacts', 'list', '--help')
        self.assertEqual(0, result.code)
        for flag in ('--start', '--limit', '--all', '--count', '--type',
                     '--order-direction', '--columns', '--dry-run'):
            self.assertIn(flag, result.stdout)

    def test_version(self):
        process = subprocess.run(
            [sys.executable, '-m', 'alegra.shell', '--version'],
            capture_output=True, text=True, check=False)
        self.assertEqual(f'alegra {__version__}\n', process.stdout)


class TestUsageErrors(base.TestCase):

    def test_unknown_command_suggests_on_stderr(self):
        result = self.run_cli('contcts', 'list')
        self.assertError(result, errors.USAGE, 'not an alegra command',
                         'did you mean: contacts')
        self.assertEqual('', result.stdout)

    def test_unrelated_word_gets_no_wild_guess(self):
        result = self.run_cli('frobnicate')
        self.assertError(result, errors.USAGE, 'see `alegra --help`')
        self.assertNotIn('did you mean', result.stderr)

    def test_missing_verb(self):
        result = self.run_cli('contacts')
        self.assertError(result, errors.USAGE, 'missing verb', 'list')

    def test_unknown_verb(self):
        result = self.run_cli('contacts', 'frobnicate')
        self.assertError(result, errors.USAGE, "no verb 'frobnicate'")

    def test_unknown_option_is_one_line(self):
        result = self.run_cli('contacts', 'list', '--bogus')
        self.assertError(result, errors.USAGE, '--bogus',
                         'alegra contacts list --help')

    def test_unknown_global_option(self):
        result = self.run_cli('--bogus', 'contacts', 'list')
        self.assertError(result, errors.USAGE, '--bogus')

    def test_missing_argument(self):
        result = self.run_cli('contacts', 'get')
        self.assertError(result, errors.USAGE, 'ID')

    def test_command_query_flag_is_not_taken_globally(self):
        self.use_env_credentials()
        self.http.get(base.BASE_URL + '/contacts', json=[])
        result = self.run_cli('contacts', 'list', '-q', 'Pérez')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['Pérez'], self.http.last_request.qs['query'])

    def test_value_of_global_option_is_not_the_command(self):
        self.use_env_credentials()
        self.http.get(base.BASE_URL + '/items', json=[])
        result = self.run_cli('--columns', 'id', '-o', 'value', 'items',
                              'list')
        self.assertEqual(0, result.code, result)


class TestPlugins(base.TestCase):

    def use_entry_points(self, **extra):
        found = registry.resource_entry_points()
        found.update({name: fake_entry_point(name, value)
                      for name, value in extra.items()})
        self.useFixture(fixtures.MockPatch(
            'alegra.registry.resource_entry_points', return_value=found))

    def test_a_broken_plugin_does_not_break_the_others(self):
        self.use_entry_points(broken='tests.unit.no_such_module:RESOURCE')
        self.use_env_credentials()
        self.http.get(base.BASE_URL + '/contacts', json=[])
        result = self.run_cli('contacts', 'list')
        self.assertEqual(0, result.code, result)
        help_result = self.run_cli('--help')
        self.assertEqual(0, help_result.code)
        self.assertIn('contacts', help_result.stdout)
        warnings = [line for line in help_result.stderr.splitlines()
                    if 'broken' in line]
        self.assertEqual(1, len(warnings), help_result.stderr)
        self.assertIn('ModuleNotFoundError', warnings[0])

    def test_running_a_broken_plugin_is_one_error_line(self):
        self.use_entry_points(broken='tests.unit.no_such_module:RESOURCE')
        result = self.run_cli('broken', 'list')
        self.assertError(result, errors.GENERAL, "plugin 'broken'",
                         'failed to load')

    def test_a_plugin_that_is_not_a_resource(self):
        self.use_entry_points(odd='alegra.errors:AlegraError')
        result = self.run_cli('odd', 'list')
        self.assertError(result, errors.GENERAL, 'not an alegra.registry')

    def test_only_the_named_plugin_is_imported(self):
        code = ('import sys; from alegra import shell; '
                'shell.main(["contacts", "list", "--dry-run"]); '
                'print(sorted(m for m in sys.modules if '
                'm.startswith(("alegra_plugins.", "requests", "keyring", '
                '"jsonschema", "mcp"))))')
        process = subprocess.run([sys.executable, '-c', code],
                                 capture_output=True, text=True, check=False,
                                 env={'ALEGRA_CONFIG': '/nonexistent/x.ini',
                                      'PATH': '/usr/bin:/bin'})
        self.assertEqual("['alegra_plugins.contacts']",
                         process.stdout.strip().splitlines()[-1])


class TestWarnings(base.TestCase):

    def test_plain_http_to_another_host_warns(self):
        result = self.run_cli('contacts', 'list', '--dry-run', '--base-url',
                              'http://api.example.com/api/v1')
        self.assertEqual(0, result.code)
        self.assertIn('Warning: http://api.example.com/api/v1 is not https',
                      result.stderr)

    def test_loopback_http_does_not_warn(self):
        result = self.run_cli('contacts', 'list', '--dry-run', '--base-url',
                              'http://localhost:9000/api/v1')
        self.assertEqual('', result.stderr)


class TestCommandGroups(base.TestCase):

    def test_group_help_and_missing_command(self):
        result = self.run_cli('mcp', '--help')
        self.assertEqual(0, result.code, result)
        self.assertIn('  mcp start\n', result.stdout)
        self.assertIn('  mcp claude enable\n', result.stdout)
        missing = self.run_cli('config')
        self.assertError(missing, errors.USAGE, 'config: missing command',
                         'config show')
