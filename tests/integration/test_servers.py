"""The long-running commands as users start them: sandbox serve (and its
profile), MCP over streamable HTTP."""

import json
import os
import socket
import subprocess
import time

import anyio
import mcp

from tests.integration import base


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_for(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(('127.0.0.1', port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f'nothing listens on {port}')


class TestServers(base.SandboxTestCase):
    seed = False

    def background(self, *argv, **env):
        process = subprocess.Popen([base.ALEGRA, *argv],
                                   env=self.environ(**env),
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        self.addCleanup(process.wait, 10)
        self.addCleanup(process.terminate)
        return process

    def test_serve_writes_a_sandbox_profile(self):
        port = free_port()
        process = self.background('sandbox', 'serve', '--port', str(port),
                                  '--seed', '--write-profile')
        wait_for(port)
        banner = process.stderr.readline() + process.stderr.readline()
        self.assertIn('no OS keyring', banner)
        profiles = json.loads(self.alegra('config', 'list', '-o',
                                          'json').stdout)
        sandbox = [p for p in profiles if p['name'] == 'sandbox'][0]
        self.assertEqual(f'http://127.0.0.1:{port}/api/v1',
                         sandbox['base_url'])
        env = {'ALEGRA_BASE_URL': '', 'ALEGRA_EMAIL': ''}
        result = self.alegra('--profile', 'sandbox', 'contacts', 'list',
                             '--count', **env)
        self.assertEqual('8', result.stdout.strip(), result)

    def test_serve_refuses_a_port_in_use(self):
        with socket.socket() as taken:
            taken.bind(('127.0.0.1', 0))
            taken.listen()
            port = taken.getsockname()[1]
            result = self.alegra('sandbox', 'serve', '--port', str(port))
        self.assertError(result, 2, 'cannot listen')

    def test_a_port_out_of_range_is_usage_before_binding(self):
        for command in (('sandbox', 'serve'), ('webhooks', 'listen'),
                        ('sandbox', 'run', '--', 'true')):
            for port in ('99999', '65536', '-1', 'abc'):
                result = self.alegra(*command[:2], f'--port={port}',
                                     *command[2:])
                self.assertError(result, 2, '--port', port)

    def test_mcp_over_streamable_http(self):
        port = free_port()
        self.background('mcp', 'start', '--http', '--port', str(port),
                        '--read-only')
        wait_for(port)

        async def run():
            async with mcp.Client(f'http://127.0.0.1:{port}/mcp') as client:
                listed = (await client.list_tools()).tools
                result = await client.call_tool('alegra_contacts_list', {})
                return listed, result
        listed, result = anyio.run(run)
        self.assertTrue(all(t.annotations.read_only_hint for t in listed))
        self.assertEqual([], result.structured_content['result'])
        self.assertFalse(os.path.exists(os.path.join(self.tmp, 'x')))
