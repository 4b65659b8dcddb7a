"""Out-of-tree plugin packages: tests/plugin_example (installed by tox)
shows up everywhere with no change to alegra; tests/plugin_broken, whose
plugins break the contract, is named in one line everywhere and breaks
nothing else."""

import gettext
import importlib.resources
import json
import os
import shutil
import subprocess
import sys
import tempfile

import testtools

from alegra import i18n
from alegra import registry
from tests.integration import base

HERE = os.path.dirname(os.path.abspath(__file__))


def installed():
    return 'gadgets' in registry.entry_points()


def install_broken_package(target):
    """pip-install tests/plugin_broken into ``target`` (a directory to put
    on PYTHONPATH): installed the way users install a plugin, but seen only
    by the commands given that PYTHONPATH, not by the other tests."""
    source = os.path.join(target, 'source')
    shutil.copytree(os.path.join(HERE, '..', 'plugin_broken'), source)
    site = os.path.join(target, 'site')
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet',
                    '--no-deps', '--no-build-isolation', '--no-index',
                    '--target', site, source], check=True,
                   capture_output=True, timeout=300)
    return site


@testtools.skipUnless(installed(), 'tests/plugin_example is not installed '
                                   '(tox installs it for this env)')
class TestOutOfTreePlugin(base.SandboxTestCase):

    def test_help_lists_it_with_its_distribution(self):
        overview = self.alegra('--help').stdout
        self.assertIn('gadgets', overview)
        self.assertIn('recall', overview)
        self.assertIn('retire', overview)
        detail = self.alegra('gadgets', 'create', '--help').stdout
        self.assertIn('alegra-gadgets plugin', detail)

    def test_verbs_against_the_sandbox(self):
        created = json.loads(self.alegra(
            'gadgets', 'create', '--set', 'name=Taza', '--set', 'price=9',
            '--set', 'color=blue', '-o', 'json').stdout)
        self.assertEqual('Taza', created['name'])
        listed = json.loads(self.alegra('gadgets', 'list', '--color', 'blue',
                                        '-o', 'json').stdout)
        self.assertEqual([created['id']], [item['id'] for item in listed])
        bad = self.alegra('gadgets', 'create', '--set', 'name=X', '--set',
                          'price=1', '--set', 'color=pink')
        self.assertEqual(6, bad.code, bad)
        self.assertEqual(0, self.alegra('gadgets', 'recall', created['id'],
                                        '--yes').code)

    def test_retire_does_what_it_declares(self):
        created = json.loads(self.alegra(
            'gadgets', 'create', '--set', 'name=Taza', '--set', 'price=9',
            '-o', 'json').stdout)
        sandbox = self.server.sandbox
        events = []
        publish = sandbox.webhooks.publish
        sandbox.webhooks.publish = lambda *event: (events.append(event),
                                                   publish(*event))
        self.addCleanup(setattr, sandbox.webhooks, 'publish', publish)
        result = self.alegra('gadgets', 'retire', created['id'], '-o',
                             'json')
        self.assertEqual(0, result.code, result)
        retired = dict(created, status='retired')
        self.assertEqual(retired, json.loads(result.stdout))
        self.assertEqual(retired, json.loads(self.alegra(
            'gadgets', 'get', created['id'], '-o', 'json').stdout))
        self.assertEqual([('gadgets', 'edit', retired)], events)
        # recall declares nothing: it answers the record unchanged.
        recalled = self.alegra('gadgets', 'recall', created['id'], '--yes',
                               '-o', 'json')
        self.assertEqual(retired, json.loads(recalled.stdout))
        self.assertEqual(1, len(events))

    def test_its_commands_are_mcp_tools(self):
        tools = {tool['name']: tool for tool in json.loads(
            self.alegra('mcp', 'tools', '--toolsets', 'all').stdout)}
        for verb in ('list', 'get', 'create', 'import', 'export', 'recall',
                     'retire'):
            self.assertIn(f'alegra_gadgets_{verb}', tools)
        body = tools['alegra_gadgets_create']['inputSchema']['properties'][
            'body']
        self.assertEqual(['name', 'price'], body['required'])
        self.assertTrue(tools['alegra_gadgets_recall']['annotations'][
            'destructiveHint'])

    def test_import_and_export(self):
        path = os.path.join(self.tmp, 'gadgets.csv')
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('name,price,color\nLámpara,45000,green\n'
                         'Reloj,99000.50,red\n')
        result = self.alegra('gadgets', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        exported = self.alegra('gadgets', 'export').stdout.splitlines()
        self.assertEqual('id,name,color,price,maker.id', exported[0])
        self.assertIn('Reloj,red,99000.50,', [line.split(',', 1)[1]
                                              for line in exported[1:]])

    def test_its_own_spanish_catalog(self):
        """alegra-gadgets ships alegra_gadgets/locale/es/.../
        alegra_gadgets.mo (compiled when it is built); alegra reads it
        once the plugin is loaded, in a Spanish run only."""
        catalog = importlib.resources.files('alegra_gadgets').joinpath(
            'locale/es/LC_MESSAGES/alegra_gadgets.mo')
        self.assertTrue(catalog.is_file(), catalog)
        # The texts are not alegra's: they come from the plugin's catalog.
        alegra_catalog = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR,
                                             ['es'])
        self.assertEqual('gadgets of this color',
                         alegra_catalog.gettext('gadgets of this color'))
        spanish = self.alegra('gadgets', 'list', '--help', ALEGRA_LANG='es')
        self.assertEqual(0, spanish.code, spanish)
        self.assertIn('aparatos de este color', spanish.stdout)
        overview = self.alegra('gadgets', '--help', ALEGRA_LANG='es')
        self.assertIn('aparatos de ejemplo de un plugin de terceros',
                      overview.stdout)
        self.assertIn('retirar un aparato de la venta',
                      overview.stdout.lower())
        self.assertIn('aparatos de ejemplo de un plugin de terceros',
                      self.alegra('--help', ALEGRA_LANG='es').stdout)
        english = self.alegra('gadgets', 'list', '--help', ALEGRA_LANG='en')
        self.assertIn('gadgets of this color', english.stdout)
        self.assertNotIn('aparatos', english.stdout)
        self.assertNotIn('aparatos', self.alegra('gadgets', '--help').stdout)


class TestBrokenPluginPackage(base.SandboxTestCase):
    """alegra-broken 1.0.0: widgets does not import, sprockets's schema
    file is not JSON, gizmos needs registry API 2; cogs loads but fails
    ``plugins check``."""

    BROKEN = ('gizmos', 'sprockets', 'widgets')

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.target = tempfile.mkdtemp(prefix='alegra-broken-')
        cls.site = install_broken_package(cls.target)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.target, ignore_errors=True)
        super().tearDownClass()

    def alegra(self, *argv, **env):
        return super().alegra(*argv, PYTHONPATH=self.site, **env)

    def test_help_names_each_broken_plugin_in_one_line(self):
        result = self.alegra('--help')
        self.assertEqual(0, result.code, result)
        self.assertIn('cogs', result.stdout)
        for name in self.BROKEN:
            self.assertNotIn(f'  {name} ', result.stdout)
        self.assertWarnings(result.stderr)

    def test_running_one_is_one_error_line(self):
        sprockets = self.alegra('sprockets', 'create', '--set', 'name=x')
        self.assertError(sprockets, 1, "plugin 'sprockets' (alegra-broken "
                         '1.0.0, ', 'alegra_broken/schemas/sprocket.json:5:5'
                         "): schema file is not valid JSON: Expecting ',' "
                         'delimiter')
        self.assertNotIn('JSONDecodeError', sprockets.stderr)
        self.assertError(self.alegra('widgets', 'list'), 1,
                         'alegra_broken/widgets.py:3): failed to load: '
                         "ModuleNotFoundError: No module named "
                         "'alegra_widgets_sdk'")
        self.assertError(self.alegra('gizmos', 'get', '1'), 1,
                         'needs registry API 2; this alegra has 1')
        # The others work as before.
        self.assertEqual(0, self.alegra('contacts', 'list').code)
        self.assertEqual(0, self.alegra('cogs', 'list', '--dry-run').code)

    def test_completion_offers_none_of_them(self):
        result = self.alegra('__complete', '')
        self.assertEqual(0, result.code, result)
        offered = result.stdout.splitlines()
        self.assertIn('cogs', offered)
        self.assertEqual([], [name for name in self.BROKEN
                              if name in offered])
        self.assertEqual('', self.alegra('__complete', 'sprockets',
                                         '').stdout)

    def test_plugins_list_and_check(self):
        listed = {row['name']: row for row in json.loads(self.alegra(
            'plugins', 'list', '-o', 'json').stdout)}
        self.assertEqual(
            {'cogs': 'ok', 'gizmos': 'broken', 'sprockets': 'broken',
             'widgets': 'broken'},
            {name: row['status'] for name, row in listed.items()
             if row['package'] == 'alegra-broken'})
        self.assertEqual('1.0.0', listed['cogs']['version'])
        checked = self.alegra('plugins', 'check')
        self.assertError(checked, 1, '5 problems in 4 of ')
        self.assertEqual(5, len(checked.stdout.splitlines()), checked)
        cogs = self.alegra('plugins', 'check', 'cogs')
        self.assertError(cogs, 1, '2 problems in 1 of 1 plugin')
        self.assertEqual(
            ['example fails its own schema: teeth: is required',
             "import_mapping maps 'Teeth' to 'tooth_count', which the "
             'create schema does not have'],
            [line.split('): ', 1)[1] for line in cogs.stdout.splitlines()])
        self.assertEqual(0, self.alegra('plugins', 'check', 'contacts').code)

    def test_doctor_fails_on_them(self):
        result = self.alegra('doctor')
        self.assertError(result, 1, "plugin 'gizmos' (alegra-broken 1.0.0")
        failed = [line for line in result.stdout.splitlines()
                  if line.startswith('✗ plugins')]
        self.assertEqual(3, len(failed), result)

    def test_the_sandbox_skips_them_and_answers_404(self):
        probe = (
            'import base64, os, urllib.error, urllib.request\n'
            "auth = base64.b64encode(('%s:%s' % (os.environ['ALEGRA_EMAIL'],"
            " os.environ['ALEGRA_TOKEN'])).encode()).decode()\n"
            "for path in ('/sprockets', '/widgets', '/cogs'):\n"
            "    request = urllib.request.Request(os.environ["
            "'ALEGRA_BASE_URL'] + path, headers={'Authorization': "
            "'Basic ' + auth})\n"
            '    try:\n'
            '        answer = urllib.request.urlopen(request)\n'
            '    except urllib.error.HTTPError as exc:\n'
            '        answer = exc\n'
            "    print(answer.status, answer.read().decode())\n")
        result = self.alegra('sandbox', 'run', '--', sys.executable, '-c',
                             probe)
        self.assertEqual(0, result.code, result)
        self.assertEqual(
            ['404 {"code": 404, "message": "No existe el recurso '
             '/sprockets"}',
             '404 {"code": 404, "message": "No existe el recurso /widgets"}',
             '200 []'], result.stdout.splitlines())
        self.assertWarnings(result.stderr)

    def assertWarnings(self, stderr):
        """One warning per broken plugin, naming its package and file."""
        self.assertEqual(
            [(f"Warning: plugin '{name}' (alegra-broken 1.0.0", True)
             for name in self.BROKEN],
            [(line.split(', ', 1)[0], 'alegra_broken' in line)
             for line in stderr.splitlines()])
