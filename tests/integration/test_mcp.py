"""The MCP server, driven by the SDK's own client against the sandbox."""

import base64
import json
import os
import re
import subprocess
import time

import anyio
import mcp
from mcp import StdioServerParameters
from mcp.client.stdio import stdio_client

from alegra import shell
from alegra.mcp import server as mcp_server
from alegra.mcp import tools
from alegra.sandbox import server as server_module
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
        self.assertEqual({'count': 8}, count.structured_content)

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
                                             {'id': '5'})
            done = await client.call_tool('alegra_invoices_void',
                                          {'id': '5', 'confirm': True})
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
        # Sent to this sandbox as an id, which names no invoice: the
        # batch is refused whole, and nothing went to 127.0.0.1:9.
        self.assertTrue(result.is_error)
        self.assertIn('HTTP 404: No se encontró el recurso '
                      '--base-url=http://127.0.0.1:9/api/v1 en /invoices',
                      result.content[0].text)
        self.assertNotIn('stamp', self.server.sandbox.store.get(
            'invoices', '3'))

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
        self.assertIn(f'claude mcp add --scope user alegra -- {base.ALEGRA} '
                      'mcp start --profile sandbox', result.stderr)
        with open(path) as handle:
            config = json.load(handle)
        self.assertEqual({'command': 'x'}, config['mcpServers']['other'])
        self.assertEqual('dark', config['theme'])
        self.assertEqual(['mcp', 'start', '--profile', 'sandbox'],
                         config['mcpServers']['alegra']['args'])
        status = json.loads(self.alegra('mcp', 'claude', 'status',
                                        '--config-path', path, '-o',
                                        'json').stdout)
        self.assertTrue(status[0]['enabled'])
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
        self.assertEqual(base.ALEGRA, entry['command'])
        self.assertEqual('sandbox', entry['env']['ALEGRA_TOKEN'])
        status = self.alegra('mcp', 'claude', 'status', '--config-path',
                             path, '-o', 'json')
        shown = json.loads(status.stdout)[0]['entry']['env']
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


class TestResourcesAndPrompts(BridgeTestCase):

    def test_records_read_by_uri(self):
        async def work(client):
            templates = (await client.list_resource_templates()) \
                .resource_templates
            listed = (await client.list_resources()).resources
            contact = await client.read_resource('alegra://contacts/2')
            company = await client.read_resource('alegra://company')
            pdf = await client.read_resource('alegra://invoices/2/pdf')
            return templates, listed, contact, company, pdf
        templates, listed, contact, company, pdf = self.session(
            self.bridge(), work)
        uris = {template.uri_template for template in templates}
        self.assertIn('alegra://invoices/{id}', uris)
        self.assertIn('alegra://contacts/{id}', uris)
        self.assertIn('alegra://invoices/{id}/pdf', uris)
        self.assertEqual(['alegra://company'],
                         [str(resource.uri) for resource in listed])
        record = contact.contents[0]
        self.assertEqual('application/json', record.mime_type)
        self.assertEqual('2', json.loads(record.text)['id'])
        self.assertIn('name', json.loads(company.contents[0].text))
        self.assertEqual('application/pdf', pdf.contents[0].mime_type)
        self.assertTrue(base64.b64decode(pdf.contents[0].blob).startswith(
            b'%PDF'))

    def test_uris_that_read_nothing_are_clean_errors(self):
        async def work(client):
            failures = {}
            for uri in ('alegra://contacts/999', 'alegra://nothing/1',
                        'alegra://invoices/5%2Fvoid', 'alegra://company/1',
                        'https://example.com/x'):
                try:
                    await client.read_resource(uri)
                except mcp.MCPError as exc:
                    failures[uri] = (exc.error.code, exc.error.message)
            return failures
        failures = self.session(self.bridge(deny=('alegra_invoices_void',)),
                                work)
        code, message = failures['alegra://contacts/999']
        self.assertEqual(mcp_server.RESOURCE_NOT_FOUND, code)
        self.assertIn('HTTP 404', message)
        self.assertIn('[exit 5: not-found]', message)
        self.assertIn('no nothing record is readable',
                      failures['alegra://nothing/1'][1])
        # One id, encoded: invoice "5/void" does not exist.
        self.assertIn('HTTP 404', failures['alegra://invoices/5%2Fvoid'][1])
        self.assertEqual('open', self.server.sandbox.store.get(
            'invoices', '5')['status'])
        self.assertIn('read as alegra://company',
                      failures['alegra://company/1'][1])
        self.assertIn('not an alegra record URI',
                      failures['https://example.com/x'][1])
        for _, message in failures.values():
            self.assertNotIn('Traceback', message)
            self.assertNotIn('sandbox@', message)

    def test_prompts_name_the_tools_and_work_out_the_dates(self):
        async def work(client):
            listed = (await client.list_prompts()).prompts
            month = await client.get_prompt('open_invoices_this_month',
                                            {'month': '2026-02'})
            stock = await client.get_prompt('item_stock', {'item': 'Café'})
            try:
                await client.get_prompt('open_invoices_this_month',
                                        {'month': 'febrero'})
            except mcp.MCPError as exc:
                bad = exc.error.message
            return listed, month, stock, bad
        listed, month, stock, bad = self.session(self.bridge(), work)
        self.assertEqual(['open_invoices_this_month',
                          'clients_with_overdue_invoices', 'item_stock'],
                         [prompt.name for prompt in listed])
        text = month.messages[0].content.text
        self.assertIn('alegra_invoices_list with status=open, '
                      'since=2026-02-01, until=2026-02-28', text)
        self.assertIn("alegra_items_list, name='Café'",
                      stock.messages[0].content.text)
        self.assertEqual("month: 'febrero' is not YYYY-MM", bad)

        async def names(client):
            return [prompt.name for prompt in
                    (await client.list_prompts()).prompts]
        self.assertEqual(['item_stock'], self.session(
            self.bridge(deny=('alegra_invoices_list',)), names))


class TestAnswers(BridgeTestCase):

    def test_export_answers_the_records_without_out(self):
        async def work(client):
            return await client.call_tool('alegra_contacts_export',
                                          {'format': 'jsonl'})
        result = self.session(self.bridge(), work)
        self.assertEqual('exported 8 contacts', result.content[0].text)
        data = result.content[1].resource
        self.assertEqual('application/jsonl', data.mime_type)
        self.assertEqual(8, len(data.text.splitlines()))
        self.assertEqual([], [name for name in os.listdir(self.tmp)
                              if name.endswith('.jsonl')])

    def test_list_answers_match_the_declared_output_schema(self):
        import jsonschema

        async def work(client):
            listed = {tool.name: tool for tool in
                      (await client.list_tools()).tools}
            answers = {}
            for name, arguments in (('alegra_invoices_list', {}),
                                    ('alegra_invoices_get', {'id': '3'}),
                                    ('alegra_items_list', {}),
                                    ('alegra_company_get', {})):
                answers[name] = await client.call_tool(name, arguments)
            return listed, answers
        listed, answers = self.session(self.bridge(), work)
        for name, answer in answers.items():
            self.assertFalse(answer.is_error, answer)
            jsonschema.validate(answer.structured_content,
                                listed[name].output_schema)
        fields = listed['alegra_invoices_list'].output_schema[
            'properties']['result']['items']['properties']
        self.assertIn('balance', fields)


class TestStdioLifecycle(base.SandboxTestCase):
    """The real ``alegra mcp start`` with a client that goes away."""

    seed = False

    def hung_api(self):
        from tests.unit import misbehaving
        hung = self.useFixture(misbehaving.Server(lambda request: [60]))
        return self.environ(ALEGRA_BASE_URL=hung.url + '/api/v1',
                            ALEGRA_TIMEOUT='60')

    def start(self, environ):
        process = subprocess.Popen(
            [base.ALEGRA, 'mcp', 'start'], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)
        self.addCleanup(process.kill)

        def send(message):
            process.stdin.write((json.dumps(message) + '\n').encode())
            process.stdin.flush()
        send({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {
            'protocolVersion': '2025-11-25', 'capabilities': {},
            'clientInfo': {'name': 'test', 'version': '1'}}})
        self.assertIn(b'"id":1', process.stdout.readline())
        send({'jsonrpc': '2.0', 'method': 'notifications/initialized'})
        send({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/call', 'params': {
            'name': 'alegra_contacts_list', 'arguments': {}}})
        time.sleep(0.5)  # the call is now waiting on the hung API
        return process

    def test_stdin_closed_ends_the_server_within_3_seconds(self):
        process = self.start(self.hung_api())
        started = time.monotonic()
        process.stdin.close()
        code = process.wait(10)
        took = time.monotonic() - started
        self.assertLess(took, 3, f'exited after {took:.2f} s')
        self.assertEqual(0, code, process.stderr.read())

    def test_a_killed_client_ends_the_server_within_3_seconds(self):
        process = self.start(self.hung_api())
        started = time.monotonic()
        # A client killed: both pipes close at once.
        process.stdout.close()
        process.stdin.close()
        process.wait(10)
        took = time.monotonic() - started
        self.assertLess(took, 3, f'exited after {took:.2f} s')

    def test_verbose_logs_the_calls_on_stderr(self):
        self.server = self.start_sandbox()
        log = os.path.join(self.tmp, 'stderr.log')
        params = StdioServerParameters(
            command=base.ALEGRA, args=['-vv', 'mcp', 'start', '--read-only'],
            env=self.environ())

        async def run():
            with open(log, 'w') as errlog:
                async with mcp.Client(stdio_client(params, errlog=errlog)) \
                        as client:
                    return await client.call_tool('alegra_contacts_list',
                                                  {'limit': 2})
        result = anyio.run(run)
        self.assertFalse(result.is_error, result)
        with open(log) as handle:
            stderr = handle.read()
        self.assertIn(f'GET {self.server.base_url}/contacts?', stderr)
        self.assertNotIn(server_module.DEFAULT_TOKEN, stderr)
