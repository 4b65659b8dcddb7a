"""``alegra sandbox serve`` as users start it, against real sockets: a
busy port, and ``--write-profile --port 0``."""

import configparser
import os
import signal
import socket
import subprocess

from tests.integration import base


def busy_socket(test):
    """A socket listening on a free loopback port, for the test's time."""
    sock = socket.socket()
    test.addCleanup(sock.close)
    sock.bind(('127.0.0.1', 0))
    sock.listen()
    return sock.getsockname()[1]


class TestServe(base.SandboxTestCase):
    seed = False

    def serve(self, *argv, **env):
        """Start ``sandbox serve``; returns the process and what it wrote on
        stderr up to its ``Ctrl-C`` line."""
        process = subprocess.Popen(
            [base.ALEGRA, 'sandbox', 'serve', *argv],
            env=self.environ(**env), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.addCleanup(self.stop, process)
        lines = []
        while len(lines) < 20:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            if 'Ctrl-C' in line:
                break
        return process, ''.join(lines)

    def stop(self, process):
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            return process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.communicate()

    def profile(self):
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(os.path.join(self.tmp, 'config.ini'), encoding='utf-8')
        return dict(parser['profile sandbox'])

    def test_a_busy_port_suggests_port_0(self):
        port = busy_socket(self)
        result = self.alegra('sandbox', 'serve', '--port', str(port))
        self.assertError(result, 2, f'cannot listen on 127.0.0.1:{port}',
                         f'another program uses port {port}',
                         'pass --port 0')
        self.assertFalse(os.path.exists(os.path.join(self.tmp,
                                                     'config.ini')))

    def test_a_busy_port_in_spanish(self):
        port = busy_socket(self)
        result = self.alegra('sandbox', 'serve', '--port', str(port),
                             ALEGRA_LANG='es')
        self.assertError(result, 2, f'otro programa usa el puerto {port}',
                         'use --port 0')

    def test_write_profile_with_port_0_names_the_port_and_warns(self):
        busy = busy_socket(self)
        process, stderr = self.serve('--port', '0', '--write-profile',
                                     '--seed')
        self.assertIsNone(process.poll(), stderr)
        url = stderr.split('listening on ', 1)[1].split()[0]
        port = int(url.split(':')[2].split('/')[0])
        self.assertNotIn(port, (0, busy))
        profile = self.profile()
        self.assertEqual(url, profile['base_url'])
        self.assertEqual(f'http://127.0.0.1:{port}/api/v1', url)
        self.assertIn(f"Warning: profile 'sandbox' points at port {port}, "
                      'picked for this run: it works only while this '
                      'sandbox runs; pass a fixed --port (such as 8585) for '
                      'a lasting profile', stderr)
        # No keyring here (the null one): the public token went to the
        # file, so the profile works with nothing in the environment.
        self.assertIn('Warning: no OS keyring kept the token: the public '
                      'sandbox token is kept in the config file', stderr)
        self.assertEqual('sandbox', profile['token'])
        alone = dict(ALEGRA_BASE_URL='', ALEGRA_EMAIL='', ALEGRA_TOKEN='',
                     ALEGRA_MAX_ATTEMPTS='1')
        result = self.alegra('--profile', 'sandbox', 'contacts', 'list',
                             '--count', **alone)
        self.assertEqual((0, '8'), (result.code, result.stdout.strip()),
                         result)
        status = self.alegra('--profile', 'sandbox', 'auth', 'status',
                             '-o', 'json', **alone)
        self.assertIn('"token_source": "config-file"', status.stdout)
        _out, rest = self.stop(process)
        self.assertEqual(0, process.returncode, rest)
        self.assertIn('sandbox stopped', rest)
        # The profile died with the sandbox, as the warning said.
        result = self.alegra('--profile', 'sandbox', 'contacts', 'list',
                             '--count', **alone)
        self.assertNotEqual(0, result.code, result)

    def test_a_fixed_port_gets_no_warning_about_it(self):
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            free = probe.getsockname()[1]
        process, stderr = self.serve('--port', str(free), '--write-profile')
        self.assertIsNone(process.poll(), stderr)
        self.assertNotIn('picked for this run', stderr)
        self.assertEqual(f'http://127.0.0.1:{free}/api/v1',
                         self.profile()['base_url'])

    def test_a_chosen_token_is_not_written_to_the_file(self):
        process, stderr = self.serve('--port', '0', '--write-profile',
                                     '--token', 'my-own-sandbox-token')
        self.assertIsNone(process.poll(), stderr)
        self.assertNotIn('my-own-sandbox-token', stderr)
        self.assertIn('also set ALEGRA_TOKEN to the sandbox token', stderr)
        self.assertNotIn('token', self.profile())

    def test_warning_in_spanish(self):
        process, stderr = self.serve('--port', '0', '--write-profile',
                                     ALEGRA_LANG='es')
        self.assertIsNone(process.poll(), stderr)
        self.assertIn('solo funciona mientras este sandbox se ejecuta',
                      stderr)
        self.assertIn('sandbox de Alegra escuchando en', stderr)
