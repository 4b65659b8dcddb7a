"""Integration helpers: a real sandbox on a free loopback port, and the real
``alegra`` console script run against it in a subprocess."""

import os
import shutil
import subprocess
import sys

import fixtures
import testtools

from alegra.sandbox import server
from alegra.sandbox import store as store_module

ALEGRA = shutil.which('alegra', path=os.path.dirname(sys.executable)) or \
    shutil.which('alegra')


class Result:
    def __init__(self, process):
        self.code = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr

    def __repr__(self):
        return (f'Result(code={self.code!r}, stdout={self.stdout!r}, '
                f'stderr={self.stderr!r})')


class SandboxTestCase(testtools.TestCase):
    """Starts a seeded sandbox per test and stops it afterwards."""

    seed = True
    options = {}

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.server = self.start_sandbox(**self.options)

    def start_sandbox(self, data=None, **options):
        options.setdefault('probe_webhooks', True)
        sandbox = server.Sandbox(store_module.Store(data),
                                 server.Options(**options))
        if self.seed:
            sandbox.load_seed()
        instance = server.SandboxServer(sandbox, '127.0.0.1', 0)
        instance.start()
        self.addCleanup(sandbox.store.close)
        self.addCleanup(instance.stop)
        return instance

    def environ(self, **extra):
        env = {key: value for key, value in os.environ.items()
               if not key.startswith('ALEGRA_')}
        env.update(ALEGRA_BASE_URL=self.server.base_url,
                   ALEGRA_EMAIL=server.DEFAULT_EMAIL,
                   ALEGRA_TOKEN=server.DEFAULT_TOKEN,
                   ALEGRA_CONFIG=os.path.join(self.tmp, 'config.ini'),
                   XDG_CACHE_HOME=os.path.join(self.tmp, 'cache'),
                   PYTHON_KEYRING_BACKEND='keyring.backends.null.Keyring')
        env.update(extra)
        return env

    def alegra(self, *argv, stdin='', **env):
        process = subprocess.run(
            [ALEGRA, *argv], input=stdin, capture_output=True, text=True,
            env=self.environ(**env), timeout=60, check=False)
        result = Result(process)
        self.assertNotIn('Traceback', result.stderr, result)
        return result

    def assertError(self, result, code, *fragments):
        self.assertEqual(code, result.code, result)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(1, len(lines), result)
        self.assertTrue(lines[0].startswith('Error: '), result)
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
