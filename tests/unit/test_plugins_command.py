"""``alegra plugins list`` and ``alegra plugins check``."""

import csv
import io
import json

from alegra import __version__
from alegra import errors
from alegra import i18n
from alegra import registry
from tests.unit import base
from tests.unit import fake_plugins

BROKEN = {'bad-json': 'tests.unit.fake_plugins:BAD_JSON',
          'bad-example': 'tests.unit.fake_plugins:BAD_EXAMPLE',
          'bad-mapping': 'tests.unit.fake_plugins:BAD_MAPPING',
          'sound': 'tests.unit.fake_plugins:SOUND'}


class TestList(base.TestCase):

    def test_every_resource_with_its_package_and_verbs(self):
        result = self.run_cli('plugins', 'list', '-o', 'json')
        self.assertEqual(0, result.code, result)
        rows = {row['name']: row for row in json.loads(result.stdout)}
        self.assertEqual(set(registry.entry_points()), set(rows))
        self.assertEqual(
            {'name': 'invoices', 'package': 'alegra',
             'version': __version__, 'status': 'ok', 'reason': ''},
            {key: value for key, value in rows['invoices'].items()
             if key != 'verbs'})
        self.assertEqual(['list', 'get', 'create', 'update', 'delete',
                          'import', 'export', 'pdf'],
                         rows['invoices']['verbs'][:8])
        self.assertIn('void', rows['invoices']['verbs'])
        self.assertEqual(['get', 'update'], rows['company']['verbs'])

    def test_a_broken_plugin_is_listed_with_its_reason(self):
        self.useFixture(fake_plugins.Installed(**BROKEN))
        result = self.run_cli('plugins', 'list', '-o', 'csv', '--columns',
                              'name,package,status,reason')
        self.assertEqual(0, result.code, result)
        rows = {row['name']: row for row in
                csv.DictReader(io.StringIO(result.stdout))}
        self.assertEqual(
            {'name': 'bad-json', 'package': '', 'status': 'broken',
             'reason': 'tests/unit/fake_plugins/schemas/bad.json:3:45: '
                       'schema file is not valid JSON: Expecting property '
                       'name enclosed in double quotes'}, rows['bad-json'])
        # Listing runs the checks every command runs, not the full ones.
        self.assertEqual('ok', rows['bad-example']['status'])
        self.assertEqual('ok', rows['contacts']['status'])
        table = self.run_cli('plugins', 'list')
        self.assertIn('| bad-json ', table.stdout)
        self.assertEqual('', table.stderr)

    def test_command_plugins(self):
        result = self.run_cli('plugins', 'list', '--commands', '-o', 'json')
        self.assertEqual(0, result.code, result)
        rows = {row['name']: row for row in json.loads(result.stdout)}
        self.assertEqual(('alegra', 'ok'), (rows['plugins check']['package'],
                                            rows['plugins check']['status']))
        self.assertIn('auth login', rows)

    def test_a_broken_config_does_not_hide_the_plugins(self):
        with open(self.config_path, 'w', encoding='utf-8') as handle:
            handle.write('[default\n')
        result = self.run_cli('plugins', 'list', '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertIn('contacts', result.stdout)


class TestCheck(base.TestCase):

    def test_every_installed_plugin_passes(self):
        result = self.run_cli('plugins', 'check')
        self.assertEqual(0, result.code, result)
        resources = len(registry.entry_points())
        commands = len(registry.entry_points(registry.COMMAND_GROUP))
        self.assertEqual(f'{resources + commands} plugins checked: no '
                         'problems\n', result.stdout)
        self.assertEqual('', result.stderr)

    def test_one_line_per_problem_and_exit_1(self):
        self.useFixture(fake_plugins.Installed(**BROKEN))
        result = self.run_cli('plugins', 'check', 'sound', 'bad-json',
                              'bad-example', 'bad-mapping')
        self.assertError(result, errors.GENERAL,
                         '3 problems in 3 of 4 plugins')
        lines = result.stdout.splitlines()
        self.assertEqual(["plugin 'bad-json'", "plugin 'bad-example'",
                          "plugin 'bad-mapping'"],
                         [line.split(' (')[0] for line in lines])
        self.assertIn('schema file is not valid JSON', lines[0])
        self.assertIn("example fails its own schema: price: 'free' is not "
                      "of type 'number'", lines[1])

    def test_a_name_alone(self):
        self.useFixture(fake_plugins.Installed(**BROKEN))
        result = self.run_cli('plugins', 'check', 'sound')
        self.assertEqual(0, result.code, result)
        self.assertEqual('1 plugin checked: no problems\n', result.stdout)

    def test_json(self):
        self.useFixture(fake_plugins.Installed(**BROKEN))
        result = self.run_cli('plugins', 'check', 'bad-mapping', '-o',
                              'json')
        self.assertEqual(errors.GENERAL, result.code, result)
        self.assertEqual([{
            'plugin': 'bad-mapping', 'package': None, 'version': None,
            'file': 'tests/unit/fake_plugins/__init__.py',
            'problem': "import_mapping maps 'Colour' to 'colour', which "
                       'the create schema does not have'}],
            json.loads(result.stdout))
        passing = self.run_cli('plugins', 'check', 'sound', '-o', 'json')
        self.assertEqual((0, []), (passing.code,
                                   json.loads(passing.stdout)))

    def test_an_unknown_name(self):
        result = self.run_cli('plugins', 'check', 'contacts', 'gizmos')
        self.assertError(result, errors.USAGE,
                         "no resource plugin is named 'gizmos'",
                         'alegra plugins list')


class TestSpanish(base.TestCase):
    """ALEGRA_LANG=es: the texts are Spanish, the columns, the statuses and
    the JSON are not."""

    def setUp(self):
        super().setUp()
        self.environ['ALEGRA_LANG'] = 'es'
        # The language a run chose outlives it: the next test starts
        # from the environment's again.
        self.addCleanup(i18n.use)

    def test_check_counts_in_spanish(self):
        self.useFixture(fake_plugins.Installed(**BROKEN))
        passing = self.run_cli('plugins', 'check', 'sound')
        self.assertEqual((0, '1 plugin comprobado: sin problemas\n'),
                         (passing.code, passing.stdout))
        failing = self.run_cli('plugins', 'check', 'sound', 'bad-json',
                               'bad-example', 'bad-mapping')
        self.assertError(failing, errors.GENERAL,
                         '3 problemas en 3 de 4 plugins')
        one = self.run_cli('plugins', 'check', 'bad-mapping', '-o', 'json')
        self.assertError(one, errors.GENERAL, '1 problema en 1 de 1 plugin')
        self.assertEqual(['plugin', 'package', 'version', 'file', 'problem'],
                         list(json.loads(one.stdout)[0]))

    def test_every_plugin_checked(self):
        result = self.run_cli('plugins', 'check')
        self.assertEqual(0, result.code, result)
        self.assertRegex(result.stdout,
                         r'^\d+ plugins comprobados: sin problemas\n$')

    def test_an_unknown_name(self):
        result = self.run_cli('plugins', 'check', 'gizmos')
        self.assertError(result, errors.USAGE,
                         "ningún plugin de recursos se llama 'gizmos'",
                         'vea `alegra plugins list`')

    def test_list_keeps_its_columns_and_statuses(self):
        self.useFixture(fake_plugins.Installed(**BROKEN))
        result = self.run_cli('plugins', 'list', '-o', 'json')
        self.assertEqual(0, result.code, result)
        rows = {row['name']: row for row in json.loads(result.stdout)}
        self.assertEqual(['name', 'package', 'version', 'status', 'verbs',
                          'reason'], list(rows['invoices']))
        self.assertEqual(('ok', 'broken'), (rows['invoices']['status'],
                                            rows['bad-json']['status']))
        table = self.run_cli('plugins', 'list')
        self.assertIn('| name ', table.stdout)

    def test_help(self):
        listed = self.run_cli('plugins', 'list', '--help').stdout
        self.assertIn('listar los plugins de comandos (grupo de entry '
                      'points alegra.commands)', ' '.join(listed.split()))
        checked = self.run_cli('plugins', 'check', '--help').stdout
        self.assertIn('plugins de recursos que se comprueban',
                      ' '.join(checked.split()))

    def test_english_stays_english(self):
        self.environ['ALEGRA_LANG'] = 'en'
        result = self.run_cli('plugins', 'check', 'gizmos')
        self.assertError(result, errors.USAGE,
                         "no resource plugin is named 'gizmos'")
        self.assertIn('list the command plugins', self.run_cli(
            'plugins', 'list', '--help').stdout)
