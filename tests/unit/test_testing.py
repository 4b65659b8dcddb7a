"""The sandbox fixture that plugin authors test with (alegra.testing)."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import unittest

import fixtures
import requests
import testtools

from alegra import errors
from alegra import schema
from alegra import testing
from alegra.registry import Resource

# A resource no installed package publishes: served only because the
# fixture is given it, as a plugin under development is.
PROJECTS = Resource(
    name='projects',
    path='/projects',
    summary='construction projects',
    schema=schema.body('Project (create body)', {
        'name': schema.text('what the project is called'),
        'budget': schema.amount('the budget'),
    }, required=('name',)),
    example={'name': 'Sede norte', 'budget': 1500000},
)
ALEGRA = shutil.which('alegra', path=os.path.dirname(sys.executable)) or \
    shutil.which('alegra')


def get(sandbox, path):
    return requests.get(sandbox.base_url + path, timeout=10,
                        auth=(sandbox.environ['ALEGRA_EMAIL'],
                              sandbox.environ['ALEGRA_TOKEN']))


class TestSandboxFixture(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.EnvironmentVariable('ALEGRA_PROFILE',
                                                     'someone-elses'))
        self.useFixture(fixtures.EnvironmentVariable('ALEGRA_TOKEN',
                                                     'a-real-token'))

    def test_serves_on_a_loopback_port_until_cleaned_up(self):
        with testing.SandboxFixture() as sandbox:
            self.assertRegex(sandbox.base_url,
                             r'^http://127\.0\.0\.1:\d+/api/v1$')
            answer = get(sandbox, '/users/self')
            self.assertEqual(200, answer.status_code)
            home = os.path.dirname(sandbox.environ['ALEGRA_CONFIG'])
            self.assertTrue(os.path.isdir(home))
            base_url = sandbox.base_url
        self.assertRaises(requests.ConnectionError, requests.get,
                          base_url + '/users/self', timeout=10)
        self.assertFalse(os.path.exists(home))

    def test_is_a_fixture_for_use_fixture(self):
        sandbox = self.useFixture(testing.SandboxFixture())
        self.assertEqual(200, get(sandbox, '/contacts').status_code)
        self.assertEqual({}, sandbox.getDetails())

    def test_environ_points_the_command_line_at_the_sandbox_alone(self):
        sandbox = self.useFixture(testing.SandboxFixture())
        environ = sandbox.environ
        self.assertEqual(sandbox.base_url, environ['ALEGRA_BASE_URL'])
        self.assertEqual('sandbox', environ['ALEGRA_TOKEN'])
        self.assertNotIn('ALEGRA_PROFILE', environ)
        self.assertEqual(testing.KEYRING_BACKEND,
                         environ['PYTHON_KEYRING_BACKEND'])
        home = os.path.dirname(environ['ALEGRA_CONFIG'])
        for name in ('XDG_CONFIG_HOME', 'XDG_CACHE_HOME'):
            self.assertTrue(environ[name].startswith(home + os.sep))
        self.assertEqual(os.environ['PATH'], environ['PATH'])

    def test_serves_the_resources_it_is_given(self):
        sandbox = self.useFixture(testing.SandboxFixture(
            resources=[PROJECTS]))
        auth = (sandbox.environ['ALEGRA_EMAIL'],
                sandbox.environ['ALEGRA_TOKEN'])
        answer = requests.post(sandbox.base_url + '/projects',
                               json=PROJECTS.example, auth=auth, timeout=10)
        self.assertEqual(201, answer.status_code, answer.text)
        record = sandbox.store.get('projects', answer.json()['id'])
        self.assertEqual('Sede norte', record['name'])
        refused = requests.post(sandbox.base_url + '/projects',
                                json={'budget': 1}, auth=auth, timeout=10)
        self.assertEqual(400, refused.status_code)
        # Beside every installed plugin.
        self.assertEqual(200, get(sandbox, '/contacts').status_code)

    def test_store_arranges_what_the_command_line_reads(self):
        sandbox = self.useFixture(testing.SandboxFixture())
        contact = sandbox.store.insert('contacts', {'name': 'Ana Gómez'})
        result = sandbox.alegra('contacts', 'get', contact['id'], '-o',
                                'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual('Ana Gómez', json.loads(result.stdout)['name'])

    def test_alegra_runs_the_command_line_in_process(self):
        sandbox = self.useFixture(testing.SandboxFixture())
        result = sandbox.alegra('contacts', 'create', '--set',
                                'name=Tienda Uno', '-o', 'json')
        self.assertEqual(0, result.code, result)
        ident = json.loads(result.stdout)['id']
        self.assertEqual('Tienda Uno',
                         sandbox.store.get('contacts', ident)['name'])
        self.assertEqual(1, sandbox.store.count('contacts'))
        failed = sandbox.alegra('contacts', 'get', '999')
        self.assertEqual(errors.NOT_FOUND, failed.code, failed)
        self.assertTrue(failed.stderr.startswith('Error: '), failed)
        # The rate-limit state went to the fixture's cache, not the user's.
        self.assertTrue(os.listdir(os.path.join(
            sandbox.environ['XDG_CACHE_HOME'], 'alegra')))

    def test_alegra_takes_stdin(self):
        sandbox = self.useFixture(testing.SandboxFixture())
        result = sandbox.alegra('contacts', 'create', '--file', '-', '-o',
                                'json', stdin='{"name": "Desde stdin"}')
        self.assertEqual(0, result.code, result)
        self.assertEqual('Desde stdin', json.loads(result.stdout)['name'])

    def test_the_real_command_line_with_environ(self):
        sandbox = self.useFixture(testing.SandboxFixture())
        sandbox.store.insert('contacts', {'name': 'Por subproceso'})
        process = subprocess.run(
            [ALEGRA, 'contacts', 'list', '-o', 'json'], env=sandbox.environ,
            capture_output=True, text=True, timeout=60, check=False)
        self.assertEqual(0, process.returncode, process.stderr)
        self.assertEqual(['Por subproceso'],
                         [c['name'] for c in json.loads(process.stdout)])

    def test_empty_unless_seeded(self):
        empty = self.useFixture(testing.SandboxFixture())
        seeded = self.useFixture(testing.SandboxFixture(seed=True))
        self.assertEqual(0, empty.store.count('contacts'))
        self.assertGreater(seeded.store.count('contacts'), 0)
        self.assertEqual(200, get(empty, '/company').status_code)

    def test_options_reach_the_sandbox(self):
        sandbox = self.useFixture(testing.SandboxFixture(
            rate_limit=None, email='qa@empresa.co', token='t0k3n'))
        self.assertIsNone(sandbox.sandbox.options.rate_limit)
        self.assertEqual('qa@empresa.co', sandbox.environ['ALEGRA_EMAIL'])
        self.assertEqual(200, get(sandbox, '/contacts').status_code)
        self.assertEqual(0, sandbox.alegra('contacts', 'list').code)

    def test_a_failed_start_leaves_nothing_behind(self):
        sandbox = testing.SandboxFixture(no_such_option=True)
        self.assertRaises(TypeError, sandbox.setUp)
        self.assertIsNone(sandbox._home)
        self.assertIsNone(sandbox.server)


class TestSandboxMixin(testtools.TestCase):

    def test_a_unittest_case_gets_a_sandbox_per_test(self):
        seen = []

        class Projects(testing.SandboxMixin, unittest.TestCase):
            sandbox_resources = [PROJECTS]

            def test_one(self):
                seen.append(self.sandbox)
                self.assertEqual(
                    200, get(self.sandbox, '/projects').status_code)

            def test_two(self):
                seen.append(self.sandbox)
                self.assertEqual(0, self.sandbox.store.count('projects'))

        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(Projects).run(
            result)
        self.assertEqual([], result.errors + result.failures)
        self.assertEqual(2, result.testsRun)
        self.assertEqual(2, len({id(sandbox) for sandbox in seen}))
        self.assertTrue(all(sandbox.server is None for sandbox in seen))

    def test_seed_is_asked_for_by_an_attribute(self):
        counts = []

        class Seeded(testing.SandboxMixin, unittest.TestCase):
            sandbox_seed = True

            def test_seeded(self):
                counts.append(self.sandbox.store.count('contacts'))

        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(Seeded).run(result)
        self.assertEqual([], result.errors + result.failures)
        self.assertGreater(counts[0], 0)


class TestPluginExample(testtools.TestCase):
    """tests/plugin_example's own tests, which use this fixture, pass with
    the example installed the way its author installs it."""

    # pip builds the example offline, with this environment's setuptools.
    @testtools.skipUnless(importlib.util.find_spec('setuptools'),
                          'setuptools is not installed')
    def test_the_example_plugins_tests_pass(self):
        example = os.path.join(os.path.dirname(__file__), '..',
                               'plugin_example')
        target = self.useFixture(fixtures.TempDir()).path
        source = os.path.join(target, 'source')
        shutil.copytree(example, source, ignore=shutil.ignore_patterns(
            'build', '*.egg-info', '__pycache__'))
        site = os.path.join(target, 'site')
        subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet',
                        '--no-deps', '--no-build-isolation', '--no-index',
                        '--target', site, source], check=True,
                       capture_output=True, timeout=300)
        run = subprocess.run(
            [sys.executable, '-m', 'unittest', 'discover', '-s',
             os.path.join(source, 'tests')],
            env=dict(os.environ, PYTHONPATH=site), cwd=target,
            capture_output=True, text=True, timeout=300, check=False)
        self.assertEqual(0, run.returncode, run.stderr)
        self.assertIn('Ran 4 tests', run.stderr)
