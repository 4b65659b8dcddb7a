"""The MCP server's runtime, driven by the SDK's own client in-process
against a small API on 127.0.0.1 (see :mod:`tests.unit.misbehaving`):
cancellation, concurrency, structured answers, export and pdf data,
progress, log messages, toolsets changing the lists, and no token in
anything a client gets.

Each behaviour that differs between the protocol's eras is run in both:
``legacy`` (the initialize handshake, what most clients speak) and
``auto`` (2026-07-28, per-request envelopes).
"""

import base64
import json
import re
import threading
import time

import anyio
import mcp

from alegra import i18n
from alegra import shell
from alegra.mcp import calls
from alegra.mcp import policy as policy_module
from alegra.mcp import prompts
from alegra.mcp import resources
from alegra.mcp import server as mcp_server
from alegra.mcp import tools
from alegra.mcp import toolsets
from tests.unit import base
from tests.unit import misbehaving

MODES = ('legacy', 'auto')
# A hung API answers after this long, if ever: far past any test.
HANG = 30
# What a test allows for a cancelled call to end, and for a later call to
# be answered: the call itself takes a few ms.
PROMPTLY = 1.5
CONTACTS = [{'id': str(number), 'name': f'Cliente {number}',
             'type': ['client']} for number in range(1, 31)]
PDF = b'%PDF-1.4 fake document\n%%EOF\n'
_SPECS = {}


def specs():
    """Every tool, built once for the module (the plugins are the same
    for every test)."""
    if not _SPECS:
        # The descriptions are in the language of the run: English.
        i18n.use({})
        app = shell.AlegraApp(environ={})
        app.options = app.parser.parse_args([])
        _SPECS.update(tools.build(app))
    return _SPECS


def reply(data, status=200, headers=None):
    return [misbehaving.response(status, json.dumps(data).encode(),
                                 headers=headers)]


class Api:
    """A fake Alegra: answers by method and path prefix, or hangs."""

    def __init__(self, routes):
        self.routes = routes
        self.lock = threading.Lock()
        self.seen = []

    def __call__(self, request):
        path = request.path.split('?', 1)[0]
        with self.lock:
            self.seen.append((request.method, request.path))
            count = sum(1 for method, seen in self.seen
                        if method == request.method and
                        seen.split('?', 1)[0] == path)
        for (method, prefix), answer in self.routes.items():
            if method == request.method and path.startswith(prefix):
                return answer(request, count) if callable(answer) else \
                    answer
        return reply({'message': 'no such route'}, 404)


def hang(request, count):
    return [HANG]


class ServerTestCase(base.TestCase):
    """A bridge over a fake API, and an SDK client on it."""

    def setUp(self):
        super().setUp()
        self.use_env_credentials()
        self.http.real_http = True
        self.environ['ALEGRA_TIMEOUT'] = str(HANG)

    def api(self, routes):
        self.fake = Api(routes)
        server = self.useFixture(misbehaving.Server(self.fake))
        self.environ['ALEGRA_BASE_URL'] = server.url + '/api/v1'
        return server

    def bridge(self, **options):
        self.current = mcp_server.Bridge(
            specs(), policy_module.Policy(**options), environ=self.environ)
        return self.current

    def session(self, work, mode='auto', bridge=None, **client):
        bridge = bridge or self.bridge()

        async def run():
            server = mcp_server.build_server(bridge)
            async with mcp.Client(server, mode=mode, **client) as session:
                return await work(session)
        try:
            return anyio.run(run)
        finally:
            # A test that failed half-way leaves no call behind.
            bridge.stop_all()
            bridge.wait(PROMPTLY)


async def ended(bridge):
    """Seconds until every call still running has ended (or None)."""
    started = time.monotonic()
    if await anyio.to_thread.run_sync(bridge.wait, PROMPTLY):
        return time.monotonic() - started
    return None


class TestCancellation(ServerTestCase):

    def test_a_cancelled_call_stops_its_request_and_frees_the_server(self):
        for mode in MODES:
            self.api({('GET', '/api/v1/contacts'): hang,
                      ('GET', '/api/v1/items'): reply([{'id': '1'}])})
            bridge = self.bridge()

            async def work(client, bridge=bridge):
                with anyio.move_on_after(0.5) as scope:
                    await client.call_tool('alegra_contacts_list', {})
                stopped = await ended(bridge)
                started = time.monotonic()
                later = await client.call_tool('alegra_items_list', {})
                return scope.cancelled_caught, stopped, \
                    time.monotonic() - started, later
            cancelled, stopped, later_took, later = self.session(
                work, mode, bridge)
            self.assertTrue(cancelled, mode)
            self.assertIsNotNone(stopped, f'{mode}: the call hangs on')
            self.assertLess(stopped, PROMPTLY, mode)
            self.assertLess(later_took, PROMPTLY, mode)
            self.assertEqual([{'id': '1'}], later.structured_content[
                'result'], mode)

    def test_a_stopped_call_is_aborted_even_before_it_sends(self):
        self.api({('GET', '/api/v1/contacts'): hang})
        bridge = self.bridge()
        call = bridge.prepare('alegra_contacts_list', {})
        call.stop()
        started = time.monotonic()
        self.assertEqual(calls.errors.CANCELLED, bridge.run(call))
        self.assertLess(time.monotonic() - started, PROMPTLY)
        self.assertEqual([], self.fake.seen)

    def test_a_call_stopped_in_flight_ends_with_its_error(self):
        self.api({('GET', '/api/v1/contacts'): hang})
        bridge = self.bridge()
        call = bridge.prepare('alegra_contacts_list', {})
        threading.Timer(0.3, call.stop).start()
        started = time.monotonic()
        code = bridge.run(call)
        self.assertLess(time.monotonic() - started, PROMPTLY)
        self.assertEqual(calls.errors.SERVER, code)
        self.assertIn('stopped before the answer came',
                      call.stderr.getvalue())

    def test_a_cancelled_import_lets_go_of_its_journal(self):
        def create(request, count):
            return [HANG] if count == 1 else reply({'id': str(count)}, 201)
        self.api({('POST', '/api/v1/items'): create,
                  ('GET', '/api/v1/items'): reply([])})
        rows = [{'name': f'Té {number}', 'price': 1000}
                for number in range(1, 41)]

        async def work(client):
            with anyio.move_on_after(0.5):
                await client.call_tool('alegra_items_import',
                                       {'rows': rows})
            stopped = await ended(self.current)
            again = await client.call_tool('alegra_items_import',
                                           {'rows': rows, 'resume': True})
            return stopped, again
        stopped, again = self.session(work, 'auto', self.bridge())
        self.assertLess(stopped, PROMPTLY)
        self.assertFalse(again.is_error, again)
        text = again.content[0].text
        # The row whose answer the cancel cut off was looked up and sent
        # again; the others had not been sent.
        self.assertIn('row 1: created id 2 (sent again', text)
        self.assertIn('import: 40 created', text)
        posts = [path for method, path in self.fake.seen
                 if method == 'POST']
        self.assertEqual(41, len(posts))

    def test_the_lifespan_ends_the_calls_of_a_client_gone(self):
        self.api({('GET', '/api/v1/contacts'): hang})
        bridge = self.bridge()

        async def work(client):
            async with anyio.create_task_group() as group:
                group.start_soon(client.call_tool, 'alegra_contacts_list',
                                 {})
                await anyio.sleep(0.3)
                group.cancel_scope.cancel()
        started = time.monotonic()
        self.session(work, 'legacy', bridge)
        self.assertTrue(bridge.wait(0))
        self.assertLess(time.monotonic() - started, 0.3 + PROMPTLY)


class TestConcurrency(ServerTestCase):

    def test_a_hung_call_does_not_hold_up_another(self):
        for mode in MODES:
            self.api({('GET', '/api/v1/contacts'): hang,
                      ('GET', '/api/v1/items'): reply([{'id': '7'}])})
            bridge = self.bridge()

            async def work(client):
                answers = {}
                async with anyio.create_task_group() as group:
                    group.start_soon(client.call_tool,
                                     'alegra_contacts_list', {})
                    await anyio.sleep(0.2)
                    started = time.monotonic()
                    answers['items'] = await client.call_tool(
                        'alegra_items_list', {})
                    answers['took'] = time.monotonic() - started
                    group.cancel_scope.cancel()
                return answers
            answers = self.session(work, mode, bridge)
            self.assertLess(answers['took'], PROMPTLY, mode)
            self.assertEqual([{'id': '7'}],
                             answers['items'].structured_content['result'])

    def test_writes_to_one_resource_wait_their_turn_reads_do_not(self):
        def create(request, count):
            # The first create hangs; the next is answered at once.
            return [HANG] if count == 1 else reply({'id': '31',
                                                     'name': 'B'}, 201)
        self.api({('POST', '/api/v1/contacts'): create,
                  ('GET', '/api/v1/contacts'): reply(CONTACTS[:2]),
                  ('POST', '/api/v1/items'): reply({'id': '9'}, 201)})
        bridge = self.bridge()

        async def work(client):
            found = {}

            async def second():
                found['second'] = await client.call_tool(
                    'alegra_contacts_create', {'body': {'name': 'B'}})
                found['second_at'] = time.monotonic()
            async with anyio.create_task_group() as group:
                first = anyio.CancelScope()
                group.start_soon(self._first, client, first)
                await anyio.sleep(0.2)
                group.start_soon(second)
                await anyio.sleep(0.3)
                found['read'] = await client.call_tool(
                    'alegra_contacts_list', {})
                found['other'] = await client.call_tool(
                    'alegra_items_create', {'body': {'name': 'T', 'price': 1}})
                found['waiting'] = 'second' not in found
                found['cancelled_at'] = time.monotonic()
                first.cancel()
            return found
        found = self.session(work, 'auto', bridge)
        self.assertTrue(found['waiting'])
        self.assertEqual(2, len(found['read'].structured_content['result']))
        self.assertEqual('9', found['other'].structured_content['result'][
            'id'])
        self.assertEqual('31', found['second'].structured_content['result'][
            'id'])
        self.assertLess(found['second_at'] - found['cancelled_at'],
                        PROMPTLY)

    @staticmethod
    async def _first(client, scope):
        with scope:
            await client.call_tool('alegra_contacts_create',
                                   {'body': {'name': 'A'}})


class TestStructuredAnswers(ServerTestCase):

    def test_list_and_get_declare_and_fill_their_output_schema(self):
        self.api({('GET', '/api/v1/contacts/2'): reply(CONTACTS[1]),
                  ('GET', '/api/v1/contacts'): lambda request, count: (
                      reply({'metadata': {'total': 30}, 'data': []})
                      if 'metadata=true' in request.path
                      else reply(CONTACTS[:2]))})

        async def work(client):
            listed = {tool.name: tool for tool in
                      (await client.list_tools()).tools}
            page = await client.call_tool('alegra_contacts_list',
                                          {'limit': 2})
            one = await client.call_tool('alegra_contacts_get', {'id': '2'})
            count = await client.call_tool('alegra_contacts_list',
                                           {'count': True})
            return listed, page, one, count
        listed, page, one, count = self.session(work)
        schema = listed['alegra_contacts_list'].output_schema
        self.assertEqual('array', schema['properties']['result']['type'])
        self.assertIn('name', schema['properties']['result']['items'][
            'properties'])
        self.assertEqual(['result'],
                         listed['alegra_contacts_get'].output_schema[
                             'required'])
        self.assertIsNone(listed['alegra_contacts_create'].output_schema)
        self.assertEqual(CONTACTS[:2], page.structured_content['result'])
        self.assertEqual(CONTACTS[1], one.structured_content['result'])
        self.assertEqual({'count': 30}, count.structured_content)
        self.assertEqual('30', count.content[0].text)

    def test_an_answer_that_breaks_the_schema_is_an_error(self):
        self.api({('GET', '/api/v1/contacts'): reply(['a', 'b'])})

        async def work(client):
            return await client.call_tool('alegra_contacts_list', {})
        result = self.session(work)
        self.assertTrue(result.is_error)
        self.assertIn('[exit 9: server]', result.content[0].text)


class TestExportAndPdf(ServerTestCase):

    def pages(self, request, count):
        start = int(re.search(r'start=(\d+)', request.path)[1])
        return reply(CONTACTS[start:start + 30] if start < 40 else [])

    def test_export_answers_the_data_without_out(self):
        self.api({('GET', '/api/v1/contacts'): self.pages})
        out = f'{self.tmp}/contacts.json'

        async def work(client):
            csv = await client.call_tool('alegra_contacts_export', {})
            as_json = await client.call_tool('alegra_contacts_export',
                                             {'format': 'json'})
            to_file = await client.call_tool('alegra_contacts_export',
                                             {'format': 'json',
                                              'out': out})
            return csv, as_json, to_file
        csv, as_json, to_file = self.session(work)
        self.assertFalse(csv.is_error, csv)
        self.assertEqual('exported 30 contacts', csv.content[0].text)
        data = csv.content[1].resource
        self.assertEqual('text/csv', data.mime_type)
        self.assertEqual('alegra://export/contacts.csv', str(data.uri))
        self.assertEqual(31, len(data.text.strip().splitlines()))
        self.assertEqual(CONTACTS, json.loads(as_json.content[1].resource
                                              .text))
        self.assertEqual({'message': f'exported 30 contacts to {out}'},
                         to_file.structured_content['result'])
        with open(out) as handle:
            self.assertEqual(CONTACTS, json.load(handle))

    def test_an_export_too_large_for_an_answer_says_to_use_out(self):
        self.api({('GET', '/api/v1/contacts'): self.pages})
        self.patch(calls, 'MAX_TEXT', 500)

        async def work(client):
            return await client.call_tool('alegra_contacts_export', {})
        result = self.session(work)
        self.assertTrue(result.is_error)
        self.assertIn('longer than 500 characters', result.content[0].text)
        self.assertIn('give out', result.content[0].text)
        self.assertIn('[exit 2: usage]', result.content[0].text)

    def test_pdf_answers_the_document_without_out(self):
        server = self.api({
            ('GET', '/api/v1/invoices/5'): lambda request, count: reply(
                {'id': '5', 'pdfUrl': f'{server.url}/files/5.pdf'}),
            ('GET', '/files/5.pdf'): [misbehaving.response(
                body=PDF, headers={'Content-Type': 'application/pdf'})]})

        async def work(client):
            return await client.call_tool('alegra_invoices_pdf',
                                          {'id': '5'})
        result = self.session(work)
        self.assertFalse(result.is_error, result)
        self.assertIn(f'invoices 5: PDF, {len(PDF)} bytes',
                      result.content[0].text)
        document = result.content[1].resource
        self.assertEqual('application/pdf', document.mime_type)
        self.assertEqual('alegra://invoices/5/pdf', str(document.uri))
        self.assertEqual(PDF, base64.b64decode(document.blob))
        # The file it went through is gone.
        self.assertFalse([name for name in __import__('os').listdir(
            __import__('tempfile').gettempdir())
            if name.startswith('alegra-mcp-')])


class TestProgressAndLogs(ServerTestCase):

    def test_export_and_import_report_progress(self):
        def pages_of_many(request, count):
            start = int(re.search(r'start=(\d+)', request.path)[1])
            many = [{'id': str(number)} for number in range(1, 71)]
            return reply(many[start:start + 30])
        self.api({('GET', '/api/v1/contacts'): pages_of_many,
                  ('POST', '/api/v1/items'): lambda request, count: reply(
                      {'id': str(count)}, 201)})
        for mode in MODES:
            progress = []

            async def on_progress(done, total, message, progress=progress):
                progress.append((done, total, message))

            async def work(client, on_progress=on_progress, mode=mode,
                           progress=progress):
                await client.call_tool('alegra_contacts_export', {},
                                       progress_callback=on_progress)
                exported = list(progress)
                progress.clear()
                # Rows of their own: the same rows again would be an
                # import already done.
                imported = await client.call_tool(
                    'alegra_items_import',
                    {'rows': [{'name': f'{name} {mode}', 'price': 1}
                              for name in 'ABC']},
                    progress_callback=on_progress)
                return exported, imported
            exported, imported = self.session(work, mode)
            self.assertFalse(imported.is_error, imported)
            self.assertEqual([(30, None, '30 records read'),
                              (60, None, '60 records read'),
                              (70, None, '70 records read')],
                             [(int(done), total, message)
                              for done, total, message in exported], mode)
            self.assertEqual([(1, 3), (2, 3), (3, 3)],
                             [(int(done), int(total))
                              for done, total, _ in progress], mode)
            self.assertTrue(progress[0][2].startswith('row 1: created'))

    def retrying_api(self):
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '2'
        self.api({('GET', '/api/v1/items'): lambda request, count: (
            reply({'message': 'busy'}, 429, {'Retry-After': '0'})
            if count % 2 else reply([{'id': '1'}]))})

    def test_log_records_go_to_the_client_at_its_level(self):
        self.retrying_api()
        for mode, level in (('legacy', 'info'), ('auto', 'info'),
                            ('legacy', 'warning'), ('auto', None)):
            messages = []

            async def on_log(params, messages=messages):
                messages.append((params.level, params.logger, params.data))

            async def work(client, mode=mode, level=level):
                if mode == 'legacy' and level:
                    await client.set_logging_level(level)
                return await client.call_tool('alegra_items_list', {})
            client = {'logging_callback': on_log}
            if mode == 'auto' and level:
                client['log_level'] = level
            result = self.session(work, mode, **client)
            self.assertFalse(result.is_error, result)
            retries = [message for message in messages
                       if message[1] == 'alegra.retry']
            if level == 'info':
                self.assertEqual(1, len(retries), (mode, messages))
                self.assertEqual('info', retries[0][0])
                self.assertIn('GET /items failed', retries[0][2])
            else:
                self.assertEqual([], retries, (mode, level, messages))

    def test_debug_records_reach_the_servers_own_handlers(self):
        """``-v`` on ``mcp start`` shows the calls' records on stderr."""
        self.retrying_api()
        seen = []

        class Handler(calls.logging.Handler):
            def emit(self, record):
                seen.append((record.levelname, record.getMessage()))
        handler = Handler(calls.logging.DEBUG)
        logger = calls.logging.getLogger('alegra')
        logger.addHandler(handler)
        self.addCleanup(logger.removeHandler, handler)

        async def work(client):
            return await client.call_tool('alegra_items_list', {})
        self.session(work)
        self.assertIn('INFO', [level for level, _ in seen])
        self.assertTrue([text for level, text in seen
                         if level == 'DEBUG' and '/items' in text])


class TestToolsets(ServerTestCase):

    def test_the_lists_are_declared_changeable_and_logging_offered(self):
        self.api({})
        for mode in MODES:
            async def work(client):
                return client.server_capabilities
            capabilities = self.session(work, mode)
            self.assertTrue(capabilities.tools.list_changed, mode)
            self.assertTrue(capabilities.prompts.list_changed, mode)
            self.assertTrue(capabilities.resources.list_changed, mode)
            if mode == 'legacy':
                self.assertIsNotNone(capabilities.logging)

    def test_enabling_a_toolset_changes_the_lists_and_says_so(self):
        self.api({})
        default = toolsets.parse(','.join(toolsets.DEFAULT), specs())

        async def legacy(client):
            before = {tool.name for tool in (await client.list_tools())
                      .tools}
            result = await client.call_tool(toolsets.ENABLE,
                                            {'toolsets': ['credit_notes']})
            await anyio.sleep(0.1)
            after = {tool.name for tool in (await client.list_tools())
                     .tools}
            return before, result, after
        notices = []

        async def on_message(message):
            notices.append(getattr(message, 'method', None))
        before, result, after = self.session(
            legacy, 'legacy', self.bridge(toolsets=default),
            message_handler=on_message)
        self.assertFalse(result.is_error, result)
        self.assertNotIn('alegra_credit_notes_list', before)
        self.assertIn('alegra_credit_notes_list', after)
        self.assertIn('notifications/tools/list_changed', notices)
        self.assertIn('notifications/resources/list_changed', notices)

        async def modern(client):
            async with client.listen(tools_list_changed=True,
                                     resources_list_changed=True) as stream:
                await client.call_tool(toolsets.ENABLE,
                                       {'toolsets': ['credit_notes']})
                events = []
                with anyio.move_on_after(1):
                    async for event in stream:
                        events.append(type(event).__name__)
                        if len(events) == 2:
                            break
                return events
        events = self.session(modern, 'auto', self.bridge(toolsets=default))
        self.assertEqual({'ToolsListChanged', 'ResourcesListChanged'},
                         set(events))


class TestNoSecrets(ServerTestCase):

    def test_no_token_in_results_errors_or_log_messages(self):
        secret = base64.b64encode(
            f'{base.EMAIL}:{base.TOKEN}'.encode()).decode()

        def echo(request, count):
            return reply({'message': 'bad: ' + request.headers.get(
                'authorization', '') + ' ' + base.TOKEN}, 429,
                {'Retry-After': '0'})
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '2'
        self.api({('GET', '/api/v1/contacts'): echo,
                  ('GET', '/api/v1/items'): reply([{'id': '1', 'note':
                                                    base.TOKEN}])})
        messages = []

        async def on_log(params):
            messages.append(json.dumps(params.model_dump(mode='json')))

        async def work(client):
            await client.set_logging_level('debug')
            failed = await client.call_tool('alegra_contacts_list', {})
            listed = await client.call_tool('alegra_items_list', {})
            return failed, listed
        failed, listed = self.session(work, 'legacy',
                                      logging_callback=on_log)
        self.assertTrue(failed.is_error)
        self.assertIn('<redacted>', failed.content[0].text)
        everything = json.dumps([failed.model_dump(mode='json'),
                                 listed.model_dump(mode='json'),
                                 messages])
        self.assertTrue(messages)
        self.assertNotIn(base.TOKEN, everything)
        self.assertNotIn(secret, everything)


class TestUrisAndPrompts(ServerTestCase):
    """The parts that need no API: URIs to tool calls, prompt texts."""

    def test_a_uri_is_the_get_or_pdf_call_it_names(self):
        bridge = self.bridge()
        spec, arguments = resources.target(bridge, 'alegra://invoices/5')
        self.assertEqual(('alegra_invoices_get', {'id': '5'}),
                         (spec.name, arguments))
        spec, arguments = resources.target(bridge,
                                           'alegra://invoices/5%2Fvoid/pdf')
        self.assertEqual(('alegra_invoices_pdf', {'id': '5/void'}),
                         (spec.name, arguments))
        spec, arguments = resources.target(bridge, 'alegra://company')
        self.assertEqual(('alegra_company_get', {}), (spec.name, arguments))
        self.assertEqual('alegra://credit-notes/a%2Fb%3Fc',
                         resources.record_uri('credit-notes', 'a/b?c'))
        for uri, words in (
                ('alegra://invoices', 'read as alegra://invoices/{id}'),
                ('alegra://company/1', 'read as alegra://company'),
                ('alegra://invoices/5/void', 'not an alegra record URI'),
                ('alegra://nothing/5', 'no nothing record is readable')):
            error = self.assertRaises(resources.UnknownUri,
                                      resources.target, bridge, uri)
            self.assertIn(words, str(error))
        denied = self.bridge(deny=('alegra_invoices_get',))
        self.assertRaises(resources.UnknownUri, resources.target, denied,
                          'alegra://invoices/5')
        self.assertNotIn('alegra://invoices/{id}', [
            entry['uri_template'] for entry in resources.templates(denied)])

    def test_prompts_work_out_their_dates(self):
        bridge = self.bridge()
        today = prompts.datetime.date(2026, 3, 1)
        _, text = prompts.render(bridge, 'clients_with_overdue_invoices',
                                 {}, today)
        self.assertIn('open invoices due before 2026-03-01', text)
        self.assertIn('status=open, due_until=2026-02-28', text)
        _, text = prompts.render(bridge, 'open_invoices_this_month', {},
                                 today)
        self.assertIn('since=2026-03-01, until=2026-03-31', text)
        _, text = prompts.render(bridge, 'open_invoices_this_month',
                                 {'month': '2024-02'}, today)
        self.assertIn('until=2024-02-29', text)
        _, text = prompts.render(bridge, 'item_stock', {'item': '12'})
        self.assertIn("Call alegra_items_stock with id='12'.", text)
        self.assertNotIn('alegra_items_list', text)
        for name, arguments, words in (
                ('open_invoices_this_month', {'month': '2026-13'},
                 "month: '2026-13' is not a month"),
                ('clients_with_overdue_invoices', {'as_of': 'hoy'},
                 "as_of: 'hoy' is not YYYY-MM-DD"),
                ('item_stock', {'item': ' '}, 'item: give')):
            error = self.assertRaises(prompts.BadArgument, prompts.render,
                                      bridge, name, arguments, today)
            self.assertIn(words, str(error))
        self.assertRaises(LookupError, prompts.render,
                          self.bridge(read_only=True, deny=(
                              'alegra_items_stock',)), 'item_stock',
                          {'item': 'x'})
