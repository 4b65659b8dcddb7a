"""The MCP server, driven by the SDK's own client against the sandbox."""

import json
import os
import re

import anyio
import mcp
from mcp import StdioServerParameters

from alegra import shell
from alegra.mcp import server as mcp_server
from alegra.mcp import tools
from tests.integration import base


class BridgeTestCase(base.SandboxTestCase):

    def bridge(self, **policy):
        app = shell.AlegraApp(environ=self.environ())
        app.options = app.parser.parse_args([])
        return mcp_server.Bridge(tools.build(app),
                                 mcp_server.Policy(**policy),
                                 environ=self.environ())

    def session(self, bridge, work):
        async def run():
            server = mcp_server.build_server(bridge)
            async with mcp.Client(server, raise_exceptions=True) as client:
                return await work(client)
        return anyio.run(run)


class TestInMemory(BridgeTestCase):

    def test_tools_listed_with_schemas_and_annotations(self):
        async def work(client):
            return (await client.list_tools()).tools
        listed = {tool.name: tool for tool in self.session(self.bridge(),
                                                           work)}
        self.assertGreater(len(listed), 200)
        for name in listed:
            self.assertRegex(name, r'^[a-zA-Z0-9_-]{1,64}$')
        for name in ('alegra_invoices_list', 'alegra_contacts_create',
                     'alegra_webhook_subscriptions_list', 'alegra_doctor'):
            self.assertIn(name, listed)
        for setup in ('auth', 'config', 'mcp', 'completion', 'sandbox'):
            self.assertFalse([n for n in listed
                              if n.startswith(f'alegra_{setup}_')], setup)
        created = listed['alegra_contacts_create']
        body = created.input_schema['properties']['body']
        self.assertEqual(['name'], body['required'])
        self.assertIn('kindOfPerson', body['properties'])
        self.assertTrue(listed['alegra_invoices_list'].annotations
                        .read_only_hint)
        self.assertTrue(listed['alegra_invoices_void'].annotations
                        .destructive_hint)
        self.assertEqual(['draft', 'open', 'closed', 'void'],
                         listed['alegra_invoices_list'].input_schema[
                             'properties']['status']['enum'])

    def test_the_seed_task_open_invoices_and_their_balances(self):
        async def work(client):
            return await client.call_tool('alegra_invoices_list',
                                          {'status': 'open'})
        result = self.session(self.bridge(), work)
        self.assertFalse(result.is_error, result)
        invoices = result.structured_content['result']
        self.assertTrue(invoices)
        self.assertEqual({'open'}, {inv['status'] for inv in invoices})
        total = sum(float(invoice['balance']) for invoice in invoices)
        self.assertGreater(total, 0)
        text = result.content[0].text
        self.assertEqual(len(invoices), len(json.loads(text)))

    def test_contacts_list_pages_and_count(self):
        async def work(client):
            page = await client.call_tool('alegra_contacts_list',
                                          {'limit': 2, 'start': 1})
            count = await client.call_tool('alegra_contacts_list',
                                           {'count': True})
            return page, count
        page, count = self.session(self.bridge(), work)
        self.assertEqual(['2', '3'], [c['id'] for c in
                                      page.structured_content['result']])
        self.assertEqual(8, count.structured_content['result'])

    def test_create_with_a_body_and_bad_arguments(self):
        async def work(client):
            good = await client.call_tool(
                'alegra_contacts_create',
                {'body': {'name': 'Agente Ñ', 'type': ['client']}})
            bad = await client.call_tool('alegra_contacts_create',
                                         {'body': {'kindOfPerson': 'X'}})
            missing = await client.call_tool('alegra_contacts_get',
                                             {'id': '999'})
            return good, bad, missing
        good, bad, missing = self.session(self.bridge(), work)
        self.assertEqual('Agente Ñ', good.structured_content['result'][
            'name'])
        self.assertTrue(bad.is_error)
        self.assertIn('invalid arguments', bad.content[0].text)
        self.assertTrue(missing.is_error)
        self.assertIn('HTTP 404', missing.content[0].text)
        self.assertIn('not-found', missing.content[0].text)
        self.assertNotIn('Traceback', missing.content[0].text)

    def test_read_only_mode_refuses_writes(self):
        async def work(client):
            names = [tool.name for tool in (await client.list_tools()).tools]
            result = await client.call_tool(
                'alegra_contacts_create', {'body': {'name': 'No'}})
            return names, result
        names, result = self.session(self.bridge(read_only=True), work)
        self.assertNotIn('alegra_contacts_create', names)
        self.assertIn('alegra_contacts_list', names)
        self.assertTrue(result.is_error)
        self.assertIn('read-only', result.content[0].text)

    def test_destructive_tools_need_confirmation(self):
        async def work(client):
            refused = await client.call_tool('alegra_invoices_void',
                                             {'id': '1'})
            done = await client.call_tool('alegra_invoices_void',
                                          {'id': '1', 'confirm': True})
            return refused, done
        refused, done = self.session(self.bridge(), work)
        self.assertTrue(refused.is_error)
        self.assertIn('confirm=true', refused.content[0].text)
        self.assertEqual('void', done.structured_content['result']['status'])

    def test_allow_deny_and_dry_run(self):
        bridge = self.bridge(allow=('alegra_items_create',
                                    'alegra_items_list'),
                             deny=('alegra_items_list',), dry_run=True)

        async def work(client):
            names = [tool.name for tool in (await client.list_tools()).tools]
            result = await client.call_tool(
                'alegra_items_create', {'body': {'name': 'Té',
                                                 'price': 10}})
            return names, result
        names, result = self.session(bridge, work)
        self.assertEqual(['alegra_items_create'], names)
        request = result.structured_content['result']
        self.assertEqual('POST', request['method'])
        self.assertEqual('Basic <redacted>',
                         request['headers']['Authorization'])
        self.assertNotIn('sandbox', json.dumps(request['headers']))
        self.assertEqual(6, self.server.sandbox.store.count('items'))


class TestHardening(BridgeTestCase):

    def test_bodies_with_references_and_the_invoice_example(self):
        from alegra_plugins import invoices

        async def work(client):
            return await client.call_tool('alegra_invoices_create',
                                          {'body': invoices.RESOURCE.example})
        result = self.session(self.bridge(), work)
        self.assertFalse(result.is_error, result.content)
        self.assertEqual('draft', result.structured_content['result'][
            'status'])

    def test_an_id_cannot_reach_a_denied_tool(self):
        """``5/void?x=`` is one id: opening it never voids invoice 5."""
        bridge = self.bridge(deny=('alegra_invoices_void',))

        async def work(client):
            return await client.call_tool('alegra_invoices_open',
                                          {'id': '5/void?x='})
        before = self.server.sandbox.store.get('invoices', '5')
        result = self.session(bridge, work)
        self.assertTrue(result.is_error)
        self.assertIn('HTTP 404', result.content[0].text)
        self.assertEqual(before['status'],
                         self.server.sandbox.store.get('invoices', '5')[
                             'status'])

    def test_a_value_cannot_pass_for_an_option(self):
        async def work(client):
            return await client.call_tool('alegra_invoices_stamp', {
                'ids': ['3', '--base-url=http://127.0.0.1:9/api/v1'],
                'confirm': True})
        result = self.session(self.bridge(), work)
        self.assertFalse(result.is_error, result.content)
        stamped = result.structured_content['result']
        self.assertEqual(['3'], [invoice['id'] for invoice in stamped])

    def test_export_answers_with_its_summary(self):
        out = os.path.join(self.tmp, 'c.csv')

        async def work(client):
            return await client.call_tool('alegra_contacts_export',
                                          {'out': out})
        result = self.session(self.bridge(), work)
        self.assertEqual({'message': f'exported 8 contacts to {out}'},
                         result.structured_content['result'])
        self.assertTrue(os.path.exists(out))

    def test_read_only_hides_tools_that_write_files(self):
        bridge = self.bridge(read_only=True)
        names = {spec.name for spec in bridge.visible()}
        self.assertNotIn('alegra_contacts_export', names)
        self.assertNotIn('alegra_invoices_pdf', names)
        self.assertIn('alegra_invoices_get', names)

    def test_limit_is_bounded_in_the_schema(self):
        spec = self.bridge().specs['alegra_contacts_list']
        self.assertEqual({'type': 'integer', 'minimum': 1, 'maximum': 30},
                         {key: value for key, value in spec.input_schema[
                             'properties']['limit'].items()
                          if key in ('type', 'minimum', 'maximum')})


class TestStdio(base.SandboxTestCase):

    def test_initialize_list_and_call_over_stdio(self):
        params = StdioServerParameters(
            command=base.ALEGRA, args=['mcp', 'start', '--read-only'],
            env=self.environ())

        async def run():
            async with mcp.Client(params) as client:
                listed = (await client.list_tools()).tools
                result = await client.call_tool('alegra_contacts_list', {})
                return listed, result
        listed, result = anyio.run(run)
        self.assertTrue(all(tool.annotations.read_only_hint
                            for tool in listed))
        self.assertEqual(8, len(result.structured_content['result']))


class TestClientConfig(base.SandboxTestCase):

    def test_enable_keeps_other_servers_and_disable_removes(self):
        path = os.path.join(self.tmp, 'claude.json')
        with open(path, 'w') as handle:
            json.dump({'mcpServers': {'other': {'command': 'x'}},
                       'theme': 'dark'}, handle)
        result = self.alegra('mcp', 'claude', 'enable', '--config-path',
                             path, '--profile', 'sandbox')
        self.assertEqual(0, result.code, result)
        self.assertIn('claude mcp add alegra -- alegra mcp start '
                      '--profile sandbox', result.stderr)
        with open(path) as handle:
            config = json.load(handle)
        self.assertEqual({'command': 'x'}, config['mcpServers']['other'])
        self.assertEqual('dark', config['theme'])
        self.assertEqual(['mcp', 'start', '--profile', 'sandbox'],
                         config['mcpServers']['alegra']['args'])
        status = json.loads(self.alegra('mcp', 'claude', 'status',
                                        '--config-path', path, '-o',
                                        'json').stdout)
        self.assertTrue(status['enabled'])
        self.alegra('mcp', 'claude', 'disable', '--config-path', path)
        with open(path) as handle:
            config = json.load(handle)
        self.assertEqual(['other'], list(config['mcpServers']))
        self.assertFalse([name for name in os.listdir(self.tmp)
                          if re.match(r'\.claude\.json\.', name)])

    def test_hand_added_env_is_kept_and_masked(self):
        path = os.path.join(self.tmp, 'claude.json')
        with open(path, 'w') as handle:
            json.dump({'mcpServers': {'alegra': {
                'command': 'old', 'env': {'ALEGRA_TOKEN': 'sandbox',
                                          'ALEGRA_PROFILE': 'sandbox'}}}},
                      handle)
        self.alegra('mcp', 'claude', 'enable', '--config-path', path)
        with open(path) as handle:
            entry = json.load(handle)['mcpServers']['alegra']
        self.assertEqual('alegra', entry['command'])
        self.assertEqual('sandbox', entry['env']['ALEGRA_TOKEN'])
        status = self.alegra('mcp', 'claude', 'status', '--config-path',
                             path, '-o', 'json')
        shown = json.loads(status.stdout)['entry']['env']
        self.assertEqual({'ALEGRA_TOKEN': '********',
                          'ALEGRA_PROFILE': 'sandbox'}, shown)

    def test_a_broken_config_is_not_touched(self):
        path = os.path.join(self.tmp, 'cursor.json')
        with open(path, 'w') as handle:
            handle.write('{not json')
        result = self.alegra('mcp', 'cursor', 'enable', '--config-path',
                             path)
        self.assertEqual(6, result.code, result)
        with open(path) as handle:
            self.assertEqual('{not json', handle.read())
