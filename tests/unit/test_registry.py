"""Discovery through stevedore, the plugin checks, and broken plugins
named in one line wherever plugins are loaded."""

import importlib.metadata
import inspect
import io
import json
import os
import sys

import fixtures
import testtools

from alegra import __version__
from alegra import errors
from alegra import registry
from alegra import shell
from alegra.mcp import tools
from alegra.sandbox import server
from alegra.sandbox import store as store_module
from tests.unit import fake_plugins
from tests.unit.test_sandbox_parts import AUTH

FAKE_FILE = 'tests/unit/fake_plugins/__init__.py'


def check(name, thorough=False, app=None):
    return registry.check(fake_plugins.published(name), thorough, app)


def problems(name, app=None):
    status = registry.diagnose(fake_plugins.published(name), thorough=True,
                               app=app)
    return [str(problem) for problem in status.problems]


class TestDiscovery(testtools.TestCase):

    def test_entry_points_are_listed_without_importing(self):
        self.useFixture(fake_plugins.Installed(
            ghost='alegra_ghost_module:RESOURCE'))
        found = registry.entry_points()
        self.assertEqual('alegra_ghost_module:RESOURCE',
                         found['ghost'].value)
        self.assertIn('contacts', found)
        self.assertNotIn('alegra_ghost_module', sys.modules)
        self.assertIn('auth_login',
                      registry.entry_points(registry.COMMAND_GROUP))

    def test_survey_loads_only_the_names_asked_for(self):
        loaded = []
        real = importlib.metadata.EntryPoint.load

        def spy(entry_point):
            loaded.append(entry_point.name)
            return real(entry_point)

        self.useFixture(fixtures.MockPatchObject(
            importlib.metadata.EntryPoint, 'load', spy))
        statuses = registry.survey(names=['contacts', 'items', 'nothing'])
        self.assertEqual(['contacts', 'items'], sorted(statuses))
        self.assertEqual(['contacts', 'items'], sorted(loaded))
        self.assertTrue(all(status.ok for status in statuses.values()))

    def test_a_failed_import_is_set_aside_with_its_reason(self):
        self.useFixture(fake_plugins.Installed(
            broken='tests.unit.fake_plugins.unimportable:RESOURCE'))
        statuses = registry.survey()
        self.assertTrue(statuses['contacts'].ok)
        [problem] = statuses['broken'].problems
        self.assertEqual(
            "plugin 'broken' (no installed package, "
            'tests/unit/fake_plugins/unimportable.py:3): failed to load: '
            "ModuleNotFoundError: No module named 'alegra_no_such_module'",
            str(problem))

    def test_the_first_of_two_plugins_of_one_name_is_used(self):
        self.useFixture(fake_plugins.Installed(
            contacts='tests.unit.fake_plugins:SOUND'))
        status = registry.survey(names=['contacts'])['contacts']
        self.assertEqual('alegra_plugins.contacts:RESOURCE',
                         status.entry_point.value)

    def test_an_assertion_error_breaks_only_its_plugin(self):
        # stevedore lets AssertionError through its load-failure callback.
        tmp = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(tmp, 'alegra_fake_assert.py'), 'w',
                  encoding='utf-8') as handle:
            handle.write("assert False, 'not ready'\n")
        self.useFixture(fixtures.MonkeyPatch('sys.path', [tmp, *sys.path]))
        self.useFixture(fake_plugins.Installed(
            asserts='alegra_fake_assert:RESOURCE'))
        statuses = registry.survey()
        self.assertTrue(statuses['contacts'].ok)
        self.assertIn('alegra_fake_assert.py:1): failed to load: '
                      'AssertionError: not ready',
                      str(statuses['asserts'].problems[0]))

    def test_a_syntax_error_names_its_line(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(tmp, 'alegra_fake_syntax.py'), 'w',
                  encoding='utf-8') as handle:
            handle.write('RESOURCE = (\n\n')
        self.useFixture(fixtures.MonkeyPatch('sys.path', [tmp, *sys.path]))
        entry_point = importlib.metadata.EntryPoint(
            'syntax', 'alegra_fake_syntax:RESOURCE', registry.RESOURCE_GROUP)
        error = self.assertRaises(registry.BrokenPlugin, registry.check,
                                  entry_point)
        self.assertIn('alegra_fake_syntax.py:1): failed to load: '
                      'SyntaxError:', str(error))

    def test_an_installed_plugin_names_its_package(self):
        entry_point = registry.entry_points()['contacts']
        self.assertEqual(f'alegra {__version__}',
                         str(registry.provider(entry_point)))
        registry.check(entry_point)
        self.assertEqual('alegra', registry.distribution_of('contacts'))

    def test_a_resource_documents_itself_by_its_summary(self):
        resource = check('sound')
        self.assertEqual('sound for the tests (/sound)',
                         inspect.getdoc(resource))


class TestCheapChecks(testtools.TestCase):
    """What loading a plugin checks: every command runs these."""

    def assertBroken(self, name, *fragments):
        error = self.assertRaises(registry.BrokenPlugin, check, name)
        self.assertIsInstance(error, errors.AlegraError)
        self.assertEqual(errors.GENERAL, error.exit_code)
        self.assertTrue(str(error).startswith(
            f"plugin {name!r} (no installed package, "), error)
        self.assertEqual(1, len(error.one_line().splitlines()))
        for fragment in fragments:
            self.assertIn(fragment, str(error))
        return error

    def test_a_sound_plugin(self):
        self.assertEqual('sound', check('sound').name)

    def test_not_a_resource(self):
        self.assertBroken('not-a-resource', f'{FAKE_FILE}):',
                          'NOT_A_RESOURCE is a dict, not an '
                          'alegra.registry.Resource')

    def test_a_schema_file_that_is_not_json(self):
        error = self.assertBroken(
            'bad-json', 'tests/unit/fake_plugins/schemas/bad.json:3:45): '
            'schema file is not valid JSON: Expecting property name')
        self.assertEqual('tests/unit/fake_plugins/schemas/bad.json:3:45',
                         error.file)

    def test_a_missing_schema_file(self):
        self.assertBroken('no-schema-file',
                          'tests/unit/fake_plugins/schemas/missing.json): '
                          'schema file is missing')

    def test_a_schema_file_without_a_package(self):
        resource = fake_plugins.gadgets('x', schema='x.json')
        status = registry.diagnose(fake_plugins.published('x'),
                                   plugin=resource)
        self.assertIn("schema names the file 'x.json' but package is "
                      'empty (set package=__package__)',
                      str(status.problems[0]))

    def test_a_newer_registry_api(self):
        self.assertBroken('future', 'needs registry API 2; this alegra '
                                    'has 1 (upgrade alegra)')

    def test_an_older_registry_api(self):
        self.useFixture(fixtures.MockPatch(
            'alegra.registry.SUPPORTED_API_VERSIONS', (2,)))
        self.useFixture(fixtures.MockPatch('alegra.registry.API_VERSION', 2))
        error = self.assertRaises(registry.BrokenPlugin, check, 'sound')
        self.assertIn('needs registry API 1; this alegra has 2 (upgrade '
                      'the plugin)', str(error))

    def test_an_api_that_is_no_number(self):
        resource = fake_plugins.gadgets('x', api='1')
        status = registry.diagnose(fake_plugins.published('x'),
                                   plugin=resource)
        self.assertIn("api='1': state the registry API version as a "
                      'number, such as 1', str(status.problems[0]))

    def test_loading_does_not_run_the_full_checks(self):
        for name in ('invalid-schema', 'bad-example', 'bad-mapping',
                     'bad-columns', 'clashing-flag'):
            self.assertEqual(name, check(name).name)


class TestFullChecks(testtools.TestCase):
    """``alegra plugins check``: every contract check, one line each."""

    def test_a_sound_plugin_and_the_built_in_ones_pass(self):
        app = shell.AlegraApp(stdout=io.StringIO(), stderr=io.StringIO(),
                              environ={})
        self.assertEqual([], problems('sound', app))
        statuses = registry.survey(thorough=True, app=app)
        self.assertEqual({}, {name: status.problems for name, status
                              in statuses.items() if status.problems})

    def test_each_problem(self):
        cases = {
            'invalid-schema': "the create schema is not a valid JSON "
                              "Schema: properties/name/type: 'text' is not "
                              'valid under any of the given schemas',
            'bad-example': "example fails its own schema: price: 'free' is "
                           "not of type 'number'",
            'bad-mapping': "import_mapping maps 'Colour' to 'colour', which "
                           'the create schema does not have',
            'bad-columns': "table_columns holds 'unit price': a column is a "
                           'field name',
            'misnamed': "the entry point is named 'misnamed' but the "
                        "Resource 'misnamed-resource'",
        }
        for name, problem in cases.items():
            with self.subTest(plugin=name):
                [line] = problems(name)
                self.assertTrue(line.startswith(
                    f"plugin {name!r} (no installed package, {FAKE_FILE}): "
                    f'{problem}'), line)

    def test_a_clashing_flag_fails_to_build(self):
        app = shell.AlegraApp(stdout=io.StringIO(), stderr=io.StringIO(),
                              environ={})
        self.assertEqual([], problems('clashing-flag'))
        [line] = problems('clashing-flag', app)
        self.assertIn("the command 'clashing-flag list' cannot be built: "
                      'ArgumentError: argument --limit: conflicting option',
                      line)

    def test_columns_may_name_fields_only_the_answer_has(self):
        resource = fake_plugins.gadgets(
            'x', table_columns=('id', 'status', 'numberTemplate.fullNumber',
                                'items.0.price'))
        status = registry.diagnose(fake_plugins.published('x'), True,
                                   plugin=resource)
        self.assertEqual([], status.problems)

    def test_keys_must_name_create_fields(self):
        resource = fake_plugins.gadgets(
            'x', natural_keys=(registry.NaturalKey(('name', 'code')),),
            marker=registry.NaturalKey(('notes',)))
        status = registry.diagnose(fake_plugins.published('x'), True,
                                   plugin=resource)
        self.assertEqual(
            ["natural key field 'code' is not in the create schema",
             "marker field 'notes' is not in the create schema"],
            [problem.problem for problem in status.problems])


class TestBrokenPluginsEverywhere(testtools.TestCase):
    """The sandbox and the MCP server skip a broken plugin with its line."""

    def setUp(self):
        super().setUp()
        self.useFixture(fake_plugins.Installed(**{
            'bad-json': 'tests.unit.fake_plugins:BAD_JSON',
            'sound': 'tests.unit.fake_plugins:SOUND'}))

    def test_the_sandbox_skips_it_and_answers_404(self):
        logged = self.useFixture(fixtures.FakeLogger('alegra.sandbox'))
        records = store_module.Store()
        self.addCleanup(records.close)
        sandbox = server.Sandbox(records, server.Options(
            rate_limit=None, probe_webhooks=False, plan_gated=()))
        self.addCleanup(sandbox.webhooks.stop)
        self.assertIn('/sound', sandbox.resources)
        self.assertNotIn('/bad-json', sandbox.resources)
        self.assertEqual(
            ["plugin 'bad-json' (no installed package, "
             'tests/unit/fake_plugins/schemas/bad.json:3:45): schema file '
             'is not valid JSON: Expecting property name enclosed in '
             'double quotes'], logged.output.splitlines())
        for method, body in (('GET', b''), ('POST', b'{"name": "x"}')):
            status, headers, answer = sandbox.handle(
                method, server.API_PREFIX + '/bad-json', AUTH, body)
            self.assertEqual(404, status)
            self.assertEqual({'code': 404, 'message':
                              'No existe el recurso /bad-json'},
                             json.loads(answer))

    def test_the_mcp_server_makes_no_tools_of_it(self):
        stderr = io.StringIO()
        app = shell.AlegraApp(stdout=io.StringIO(), stderr=stderr,
                              environ={})
        app.options = app.parser.parse_args([])
        specs = tools.build(app)
        self.assertIn('alegra_sound_list', specs)
        self.assertFalse([name for name in specs if 'bad_json' in name])
        self.assertEqual(["Warning: plugin 'bad-json' (no installed "
                          'package, tests/unit/fake_plugins/schemas/'
                          'bad.json:3:45): schema file is not valid JSON: '
                          'Expecting property name enclosed in double '
                          'quotes'], stderr.getvalue().splitlines())
