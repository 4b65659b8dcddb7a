"""Toolsets, filters and client configuration, through the SDK's client and
the real ``alegra`` against the sandbox."""

import json
import os

import anyio
import mcp
from mcp import StdioServerParameters

from alegra import errors
from alegra.mcp import policy as policy_module
from alegra.mcp import server as mcp_server
from alegra.mcp import toolsets
from tests.integration import base
from tests.integration import test_mcp

LIMIT = 40000


def wire_size(listed):
    """Characters of the tools as the server sends them."""
    return len(json.dumps(
        [tool.model_dump(by_alias=True, exclude_none=True, mode='json')
         for tool in listed], separators=(',', ':'), ensure_ascii=False))


class TestToolsets(test_mcp.BridgeTestCase):

    def test_the_default_list_fits_a_context(self):
        bridge = self.bridge(toolsets=toolsets.DEFAULT)

        async def work(client):
            return (await client.list_tools()).tools
        listed = self.session(bridge, work)
        self.assertLessEqual(wire_size(listed), LIMIT)
        names = {tool.name for tool in listed}
        self.assertIn(toolsets.LIST, names)
        self.assertIn('alegra_invoices_create', names)
        self.assertNotIn('alegra_invoices_void', names)

    def test_all_is_every_tool(self):
        async def work(client):
            return (await client.list_tools()).tools
        bridge = self.bridge()
        listed = self.session(bridge, work)
        self.assertEqual(len(bridge.specs) - len(toolsets.META),
                         len(listed))
        self.assertNotIn(toolsets.ENABLE, {tool.name for tool in listed})

    def test_an_agent_enables_a_toolset(self):
        bridge = self.bridge(toolsets=toolsets.DEFAULT)

        async def run():
            server = mcp_server.build_server(bridge)
            async with mcp.Client(server, raise_exceptions=True) as client:
                catalog = await client.call_tool(toolsets.LIST, {})
                async with client.listen(tools_list_changed=True) as events:
                    enabled = await client.call_tool(
                        toolsets.ENABLE,
                        {'toolsets': ['invoices_destructive']})
                    with anyio.fail_after(5):
                        change = await events.__anext__()
                listed = (await client.list_tools()).tools
                voided = await client.call_tool(
                    'alegra_invoices_void', {'id': '5', 'confirm': True})
                return catalog, enabled, change, listed, voided
        catalog, enabled, change, listed, voided = anyio.run(run)
        self.assertFalse(catalog.is_error, catalog)
        entries = {entry['name']: entry for entry in
                   json.loads(catalog.content[0].text)}
        self.assertFalse(entries['invoices_destructive']['enabled'])
        self.assertFalse(enabled.is_error, enabled)
        self.assertIn('alegra_invoices_void',
                      json.loads(enabled.content[0].text)['tools_added'])
        self.assertIn('Tools', type(change).__name__)
        self.assertIn('alegra_invoices_void',
                      {tool.name for tool in listed})
        self.assertFalse(voided.is_error, voided)


class TestStdio(base.SandboxTestCase):

    def listed(self, *options, command=None, env=None):
        params = StdioServerParameters(
            command=command or base.ALEGRA,
            args=['mcp', 'start', *options], env=env or self.environ())

        async def run():
            async with mcp.Client(params) as client:
                return (await client.list_tools()).tools
        return anyio.run(run)

    def test_default_and_all(self):
        default = self.listed()
        self.assertLessEqual(wire_size(default), LIMIT)
        self.assertIn(toolsets.ENABLE, {tool.name for tool in default})
        everything = self.listed('--toolsets', 'all')
        self.assertGreater(len(everything), 280)
        self.assertGreater(wire_size(everything), 5 * LIMIT)

    def test_globs_and_read_only(self):
        listed = self.listed('--allow', 'alegra_contacts_*,alegra_items_l*',
                             '--deny', 'alegra_contacts_[di]*',
                             '--read-only')
        self.assertEqual(['alegra_contacts_get', 'alegra_contacts_list',
                          'alegra_items_list'],
                         sorted(tool.name for tool in listed))

    def test_start_refuses_to_offer_nothing(self):
        result = self.alegra('mcp', 'start', '--read-only', '--allow',
                             'alegra_contacts_create')
        self.assertError(result, errors.USAGE,
                         'no tool to offer: --read-only hides '
                         'alegra_contacts_create, the only tool --allow '
                         'names')
        result = self.alegra('mcp', 'start', '--toolsets', 'invoice')
        self.assertError(result, errors.USAGE, 'no such toolset: invoice',
                         'invoices_destructive')
        result = self.alegra('mcp', 'start', '--allow', 'alegra_invoce_*')
        self.assertError(result, errors.USAGE,
                         'no such tool: alegra_invoce_*')


class TestClaude(base.SandboxTestCase):

    def test_enable_writes_a_command_a_desktop_client_can_start(self):
        """A client's PATH has no virtualenv: the entry works anyway."""
        home = self.tmp
        code_config = os.path.join(home, '.claude.json')
        with open(code_config, 'w') as handle:
            json.dump({'numStartups': 1}, handle)
        env = {'HOME': home, 'XDG_CONFIG_HOME': os.path.join(home, 'cfg')}
        result = self.alegra('mcp', 'claude', 'enable', '--profile',
                             'sandbox', **env)
        self.assertEqual(0, result.code, result)
        with open(os.path.join(home, 'cfg', 'Claude',
                               'claude_desktop_config.json')) as handle:
            desktop = json.load(handle)['mcpServers']['alegra']
        with open(code_config) as handle:
            code = json.load(handle)
        self.assertEqual(1, code['numStartups'])
        entry = code['mcpServers']['alegra']
        self.assertEqual('stdio', entry.pop('type'))
        self.assertEqual(desktop, entry)
        self.assertEqual(base.ALEGRA, entry['command'])
        self.assertEqual(['mcp', 'start', '--profile', 'sandbox'],
                         entry['args'])
        # The profile's token would be in the keyring; the rest of the
        # account comes in the environment, as a client's env block.
        client_env = {key: value for key, value in self.environ().items()
                      if key.startswith(('ALEGRA_', 'PYTHON_KEYRING',
                                         'XDG_CACHE'))}
        client_env.update(PATH='/usr/bin:/bin', HOME=home)
        params = StdioServerParameters(command=entry['command'],
                                       args=entry['args'][:2],
                                       env=client_env)

        async def run():
            async with mcp.Client(params) as client:
                return await client.call_tool('alegra_contacts_list',
                                              {'count': True})
        counted = anyio.run(run)
        self.assertFalse(counted.is_error, counted)
        self.assertEqual('8', counted.content[0].text)


class TestPolicyImport(base.SandboxTestCase):

    def test_the_policy_is_one_class(self):
        self.assertIs(policy_module.Policy, mcp_server.Policy)
