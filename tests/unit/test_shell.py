"""The application: help, unknown commands, option placement, plugins."""

import subprocess
import sys

import fixtures

from alegra import __version__
from alegra import errors
from alegra import registry
from tests.unit import base
from tests.unit import fake_plugins


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

    def install(self, **plugins):
        self.useFixture(fake_plugins.Installed(**plugins))

    def test_a_broken_plugin_does_not_break_the_others(self):
        self.install(broken='tests.unit.no_such_module:RESOURCE')
        self.use_env_credentials()
        self.http.get(base.BASE_URL + '/contacts', json=[])
        result = self.run_cli('contacts', 'list')
        self.assertEqual(0, result.code, result)
        help_result = self.run_cli('--help')
        self.assertEqual(0, help_result.code)
        self.assertIn('contacts', help_result.stdout)
        self.assertNotIn('broken', help_result.stdout)
        warnings = [line for line in help_result.stderr.splitlines()
                    if 'broken' in line]
        self.assertEqual(1, len(warnings), help_result.stderr)
        self.assertIn('ModuleNotFoundError', warnings[0])

    def test_running_a_broken_plugin_is_one_error_line(self):
        self.install(broken='tests.unit.no_such_module:RESOURCE')
        result = self.run_cli('broken', 'list')
        self.assertError(result, errors.GENERAL, "plugin 'broken'",
                         'no installed package', 'failed to load')

    def test_a_plugin_that_is_not_a_resource(self):
        self.install(odd='alegra.errors:AlegraError')
        result = self.run_cli('odd', 'list')
        self.assertError(result, errors.GENERAL, "plugin 'odd'",
                         'alegra/errors.py', 'is the class AlegraError, '
                         'not an alegra.registry.Resource')

    def test_a_schema_file_that_is_not_json_is_named(self):
        self.install(**{'bad-json': 'tests.unit.fake_plugins:BAD_JSON'})
        for argv in (('bad-json', 'list'), ('bad-json', '--help'),
                     ('help', 'bad-json'), ('bad-j', 'create')):
            result = self.run_cli(*argv)
            self.assertError(
                result, errors.GENERAL, "plugin 'bad-json' (",
                'tests/unit/fake_plugins/schemas/bad.json:3:45',
                "schema file is not valid JSON: Expecting property name")
            self.assertNotIn('JSONDecodeError', result.stderr)

    def test_an_unsupported_registry_api(self):
        self.install(future='tests.unit.fake_plugins:FUTURE')
        result = self.run_cli('future', 'get', '1')
        self.assertError(result, errors.GENERAL, "plugin 'future'",
                         'needs registry API 2; this alegra has 1 '
                         '(upgrade alegra)')

    def test_help_lists_each_broken_plugin_in_one_line(self):
        self.install(**{'bad-json': 'tests.unit.fake_plugins:BAD_JSON',
                        'future': 'tests.unit.fake_plugins:FUTURE'})
        result = self.run_cli('--help')
        self.assertEqual(0, result.code, result)
        self.assertEqual(
            ["Warning: plugin 'bad-json'", "Warning: plugin 'future'"],
            [line.split(' (')[0] for line in result.stderr.splitlines()])
        self.assertIn('contacts', result.stdout)

    def test_a_broken_command_plugin(self):
        self.useFixture(fake_plugins.Installed(
            registry.COMMAND_GROUP, frobnicate='alegra_no_such:Command',
            odd_one='alegra.registry:Resource'))
        result = self.run_cli('frobnicate')
        self.assertError(result, errors.GENERAL, "command 'frobnicate'",
                         'failed to load: ModuleNotFoundError')
        result = self.run_cli('odd', 'one')
        self.assertError(result, errors.GENERAL, "command 'odd one'",
                         'not a cliff Command class')
        overview = self.run_cli('--help')
        self.assertEqual(0, overview.code, overview)
        self.assertNotIn('frobnicate', overview.stdout)
        self.assertEqual(2, overview.stderr.count('Warning: command '),
                         overview.stderr)

    def test_plugins_load_through_stevedore_and_its_cache(self):
        import stevedore
        listed = []
        real = stevedore.ExtensionManager.list_entry_points

        def spy(manager):
            listed.append(manager.namespace)
            return real(manager)

        self.useFixture(fixtures.MockPatchObject(
            stevedore.ExtensionManager, 'list_entry_points', spy))
        loaded = []
        named = stevedore.NamedExtensionManager.__init__

        def spy_named(manager, namespace, names, **kwargs):
            loaded.append((namespace, list(names)))
            named(manager, namespace, names, **kwargs)

        self.useFixture(fixtures.MockPatchObject(
            stevedore.NamedExtensionManager, '__init__', spy_named))
        result = self.run_cli('contacts', 'list', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertIn((registry.RESOURCE_GROUP, ['contacts']), loaded)
        self.assertEqual({registry.RESOURCE_GROUP, registry.COMMAND_GROUP},
                         set(listed) & {registry.RESOURCE_GROUP,
                                        registry.COMMAND_GROUP})

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
