"""Test helpers: the CLI run in-process against requests-mock.

Every test gets its own config file, an in-memory keyring and an
environment dict of its own, so nothing touches the developer's real
settings and no request reaches the network.
"""

import io
import os

import fixtures
import keyring
import keyring.backend
from requests_mock.contrib import fixture as requests_mock_fixture
import testtools

from alegra import i18n
from alegra import shell
from alegra.testing import Result

BASE_URL = 'https://api.alegra.com/api/v1'
EMAIL = 'ana@empresa.co'
TOKEN = 's3cr3t-t0ken-value'


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in a dict, for tests."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


class TerminalInput(io.StringIO):
    """Stdin that claims to be a terminal, with scripted answers."""

    def isatty(self):
        return True




class TestCase(testtools.TestCase):
    """A test with an isolated config, keyring, environment and HTTP mock."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.config_path = os.path.join(self.tmp, 'config.ini')
        # One attempt: retries have their own tests, with a fake clock.
        self.environ = {'ALEGRA_CONFIG': self.config_path,
                        'HOME': self.tmp, 'ALEGRA_MAX_ATTEMPTS': '1'}
        # Code called directly (not through main) speaks this test's
        # language, not the one an earlier test in the process chose.
        i18n.use(self.environ)
        self.addCleanup(i18n.use)
        self.keyring = MemoryKeyring()
        previous = keyring.get_keyring()
        keyring.set_keyring(self.keyring)
        self.addCleanup(keyring.set_keyring, previous)
        self.http = self.useFixture(
            requests_mock_fixture.Fixture(case_sensitive=True))

    def use_env_credentials(self):
        self.environ.update(ALEGRA_EMAIL=EMAIL, ALEGRA_TOKEN=TOKEN)

    def run_cli(self, *argv, stdin='', tty=False):
        """Run ``alegra argv...`` in-process; returns code, stdout, stderr."""
        stdin_stream = (TerminalInput if tty else io.StringIO)(stdin)
        stdout, stderr = io.StringIO(), io.StringIO()
        code = shell.main(list(argv), stdin=stdin_stream, stdout=stdout,
                          stderr=stderr, environ=self.environ)
        result = Result(code, stdout.getvalue(), stderr.getvalue())
        self.assertNotIn(TOKEN, result.stdout + result.stderr)
        return result

    def assertError(self, result, code, *fragments):
        """One ``Error:`` line on stderr, the exit code, the words given."""
        self.assertEqual(code, result.code, result)
        lines = [line for line in result.stderr.splitlines()
                 if not line.startswith('Warning:')]
        self.assertEqual(1, len(lines), result)
        self.assertTrue(lines[0].startswith('Error: '), result)
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
