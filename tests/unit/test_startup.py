"""What a command imports on its way: nothing it does not use.

Timing is ``benchmarks/startup.py``'s job; these tests hold the imports
that made the start slow out of the commands that do not need them, in a
fresh interpreter each.
"""

import json
import subprocess
import sys

import testtools

from alegra import testing

# Slow to import, and needed only by some commands: retries (tenacity),
# body checks (jsonschema), YAML output, the keyring, table cells that
# are not plain text (prettytable, wcwidth), imports (alegra.bulk).
HEAVY = ('tenacity', 'jsonschema', 'yaml', 'keyring', 'prettytable',
         'wcwidth', 'alegra.bulk')
RUN = '''
import json, sys
from alegra import shell
code = shell.main(sys.argv[1:])
heavy = sorted(name for name in sys.modules
               if name.split('.')[0] in {heavy} or
               name.startswith('alegra.bulk'))
sys.stderr.write('\\nIMPORTED ' + json.dumps([code, heavy]) + '\\n')
'''.format(heavy=set(name for name in HEAVY if '.' not in name))


def imported(argv, environ):
    """The exit code of ``alegra argv...`` and the heavy modules it
    imported, run in a fresh interpreter."""
    process = subprocess.run(
        [sys.executable, '-c', RUN, *argv], env=environ, capture_output=True,
        text=True, timeout=60, check=False)
    report = process.stderr.rsplit('IMPORTED ', 1)
    if len(report) != 2:
        raise AssertionError(process.stderr)
    return json.loads(report[1])


class TestStartupImports(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.sandbox = self.useFixture(testing.SandboxFixture())

    def test_a_dry_run_get_imports_none_of_them(self):
        code, heavy = imported(['contacts', 'get', '1', '--dry-run'],
                               self.sandbox.environ)
        self.assertEqual(0, code)
        self.assertEqual([], heavy)

    def test_a_get_shown_as_a_table_imports_none_of_them(self):
        contact = self.sandbox.store.insert(
            'contacts', {'name': 'José Pérez', 'email': 'jose@example.com'})
        code, heavy = imported(['contacts', 'get', contact['id']],
                               self.sandbox.environ)
        self.assertEqual(0, code)
        self.assertEqual([], heavy)

    def test_a_failed_request_brings_tenacity_to_retry(self):
        environ = dict(self.sandbox.environ, ALEGRA_MAX_ATTEMPTS='2',
                       ALEGRA_MAX_WAIT='0')
        code, heavy = imported(['contacts', 'get', '1'], dict(
            environ, ALEGRA_BASE_URL='http://127.0.0.1:9/api/v1'))
        self.assertNotEqual(0, code)
        self.assertIn('tenacity', heavy)

    def test_quick_commands_import_none_of_them(self):
        for argv in (['--version'], ['contacts', 'list', '--dry-run'],
                     ['__complete', 'contacts', 'l']):
            code, heavy = imported(argv, self.sandbox.environ)
            self.assertEqual(0, code, argv)
            self.assertEqual([], heavy, argv)


class TestExit(testtools.TestCase):
    """Run as the process, a command spares its exit the garbage
    collections over what the imports made; called from Python, it leaves
    the collector alone."""

    def freeze_count(self, call):
        script = ('import gc, io, sys\n'
                  'from alegra import shell\n'
                  f'{call}\n'
                  'print(gc.get_freeze_count())\n')
        process = subprocess.run(
            [sys.executable, '-c', script, '--version'], capture_output=True,
            text=True, timeout=60, check=True)
        return int(process.stdout.split()[-1])

    def test_the_process_freezes_what_is_alive_at_its_end(self):
        self.assertGreater(self.freeze_count('shell.main()'), 1000)

    def test_a_caller_keeps_its_collector(self):
        self.assertEqual(0, self.freeze_count(
            "shell.main(['--version'], stdout=io.StringIO())"))
