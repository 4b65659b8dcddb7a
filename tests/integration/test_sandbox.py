"""The real ``alegra`` against the sandbox: the API's semantics end to end."""

import base64
import http.client
import http.server
import io
import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import fixtures

from alegra import errors
from alegra.sandbox import server
from tests.integration import base

AUTHORIZATION = 'Basic ' + base64.b64encode(
    f'{server.DEFAULT_EMAIL}:{server.DEFAULT_TOKEN}'.encode()).decode()


def http_call(base_url, method, path, body=None, auth=True):
    headers = {'Content-Type': 'application/json'}
    if auth:
        headers['Authorization'] = AUTHORIZATION
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base_url + path, data=data,
                                     method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(
                response.read() or b'null')
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read() or b'null')


class TestResources(base.SandboxTestCase):

    def test_seeded_lists_filters_and_count(self):
        result = self.alegra('contacts', 'list', '-o', 'json')
        names = [contact['name'] for contact in json.loads(result.stdout)]
        self.assertIn('José Núñez', names)
        result = self.alegra('invoices', 'list', '--status', 'open', '-o',
                             'json')
        statuses = {invoice['status'] for invoice in json.loads(
            result.stdout)}
        self.assertEqual({'open'}, statuses)
        count = self.alegra('invoices', 'list', '--count').stdout.strip()
        self.assertEqual(8, int(count))
        clients = json.loads(self.alegra('contacts', 'list', '--type',
                                         'provider', '-o', 'json').stdout)
        self.assertTrue(all('provider' in c['type'] for c in clients))

    def test_paging_order_and_limit_clamp(self):
        for n in range(40):
            http_call(self.server.base_url, 'POST', '/contacts',
                      {'name': f'Cliente {n:02d}'})
        status, _, page = http_call(self.server.base_url, 'GET',
                                    '/contacts?limit=50')
        self.assertEqual(30, len(page))
        result = self.alegra('contacts', 'list', '--all', '-o', 'json')
        self.assertEqual(48, len(json.loads(result.stdout)))
        result = self.alegra('contacts', 'list', '--order-field', 'name',
                             '--order-direction', 'DESC', '--limit', '2',
                             '-o', 'value', '--columns', 'name')
        self.assertEqual('Óscar Ibáñez', result.stdout.splitlines()[0])

    def test_create_returns_201_and_a_string_id(self):
        status, _, record = http_call(self.server.base_url, 'POST',
                                      '/items', {'name': 'Té', 'price': 10})
        self.assertEqual(201, status)
        self.assertIsInstance(record['id'], str)
        # A price list's price is written with four decimals [REC].
        self.assertEqual([{'idPriceList': '1', 'name': 'General',
                           'price': '10.0000'}], record['price'])
        result = self.alegra('items', 'get', record['id'], '-o', 'json')
        self.assertEqual('Té', json.loads(result.stdout)['name'])

    def test_update_merges_and_delete_removes(self):
        created = json.loads(self.alegra(
            'contacts', 'create', '--set', 'name=Ana', '--set',
            'email=ana@x.test', '-o', 'json').stdout)
        updated = json.loads(self.alegra(
            'contacts', 'update', created['id'], '--set', 'name=Ana Ruiz',
            '-o', 'json').stdout)
        self.assertEqual('ana@x.test', updated['email'])
        self.assertEqual('Ana Ruiz', updated['name'])
        self.assertEqual(0, self.alegra('contacts', 'delete', created['id'],
                                        '--yes').code)
        result = self.alegra('contacts', 'get', created['id'])
        self.assertError(result, errors.NOT_FOUND, 'HTTP 404')

    def test_invoice_create_computes_totals_and_actions(self):
        body = {'date': '2026-11-01', 'dueDate': '2026-12-01',
                'client': {'id': '1'},
                'items': [{'id': '1', 'price': 100000, 'quantity': 2,
                           'tax': [{'id': '1'}]}]}
        created = json.loads(self.alegra(
            'invoices', 'create', '-f', '-', '-o', 'json',
            stdin=json.dumps(body)).stdout)
        self.assertEqual('draft', created['status'])
        self.assertEqual(238000, float(created['total']))
        self.assertEqual(float(created['total']), float(created['balance']))
        voided = json.loads(self.alegra('invoices', 'void', created['id'],
                                        '--yes', '-o', 'json').stdout)
        self.assertEqual('void', voided['status'])
        opened = json.loads(self.alegra('invoices', 'open', created['id'],
                                        '-o', 'json').stdout)
        self.assertEqual('open', opened['status'])
        result = self.alegra('invoices', 'email', created['id'], '--set',
                             'emails=["ana@x.test"]')
        self.assertEqual(0, result.code, result)
        self.assertEqual([{'document': created['id'],
                           'request': {'emails': ['ana@x.test']}}],
                         self.server.sandbox.store.outbox('email'))

    def test_bad_body_is_400_naming_the_field(self):
        status, _, answer = http_call(self.server.base_url, 'POST',
                                      '/contacts', {'kindOfPerson': 'X'})
        self.assertEqual(400, status)
        self.assertIn('kindOfPerson', answer['message'])
        self.assertEqual(400, answer['code'])

    def test_users_self_and_company(self):
        status, _, user = http_call(self.server.base_url, 'GET',
                                    '/users/self')
        self.assertEqual((200, server.DEFAULT_EMAIL), (status, user['email']))
        result = self.alegra('auth', 'status', '-o', 'json')
        self.assertEqual(0, result.code, result)
        _, _, company = http_call(self.server.base_url, 'GET', '/company')
        self.assertEqual('colombia', company['applicationVersion'])


class TestStatuses(base.SandboxTestCase):

    def test_401_with_wrong_token(self):
        status, _, _ = http_call(self.server.base_url, 'GET', '/contacts',
                                 auth=False)
        self.assertEqual(401, status)
        result = self.alegra('contacts', 'list', ALEGRA_TOKEN='wrong')
        self.assertError(result, errors.AUTH, 'HTTP 401')

    def test_402_on_plan_gated_paths(self):
        status, _, answer = http_call(self.server.base_url, 'GET',
                                      '/conciliations')
        self.assertEqual(402, status)
        self.assertEqual(402, answer['code'])

    def test_404_and_405(self):
        self.assertEqual(404, http_call(self.server.base_url, 'GET',
                                        '/nothing-here')[0])
        self.assertEqual(405, http_call(self.server.base_url, 'PATCH',
                                        '/contacts/1', {})[0])

    def test_rate_limit_headers_on_every_answer(self):
        _, headers, _ = http_call(self.server.base_url, 'GET', '/contacts')
        self.assertEqual('150', headers['X-Rate-Limit-Limit'])
        self.assertEqual('149', headers['X-Rate-Limit-Remaining'])
        self.assertLessEqual(int(headers['X-Rate-Limit-Reset']), 60)


class TestRateLimitAndFaults(base.SandboxTestCase):

    def test_429_past_the_limit(self):
        self.server = self.start_sandbox(rate_limit=(3, 60.0))
        for _ in range(3):
            self.assertEqual(200, http_call(self.server.base_url, 'GET',
                                            '/items')[0])
        status, headers, _ = http_call(self.server.base_url, 'GET', '/items')
        self.assertEqual(429, status)
        self.assertEqual('0', headers['X-Rate-Limit-Remaining'])
        self.assertIn('Retry-After', headers)
        result = self.alegra('items', 'list', ALEGRA_MAX_ATTEMPTS='1')
        self.assertError(result, errors.RATE_LIMITED, 'HTTP 429')

    def test_injected_server_errors_and_drops(self):
        quick = {'ALEGRA_MAX_ATTEMPTS': '2', 'ALEGRA_MAX_WAIT': '0.1'}
        self.server = self.start_sandbox(faults={'503': 1.0})
        self.assertError(self.alegra('items', 'list', **quick),
                         errors.SERVER, 'HTTP 503', 'after 2 attempts')
        self.server = self.start_sandbox(faults={'drop': 1.0})
        self.assertError(self.alegra('items', 'list', **quick),
                         errors.SERVER, 'cannot reach')


class TestMalformedRequests(base.SandboxTestCase):
    """Raw HTTP that no client library would send: every request gets a
    JSON answer in Alegra's shape, the server keeps serving, and nothing
    lands on stderr as a traceback."""

    def setUp(self):
        super().setUp()
        self.stderr = io.StringIO()
        self.useFixture(fixtures.MonkeyPatch('sys.stderr', self.stderr))
        self.log = []
        self.server.log = self.log.append

    def send(self, method, path, headers=(), body=b''):
        """``(status, JSON answer)``, headers sent exactly as given."""
        connection = http.client.HTTPConnection(
            *self.server.server_address[:2], timeout=10)
        self.addCleanup(connection.close)
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.putheader('Authorization', AUTHORIZATION)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, json.loads(response.read())

    def raw(self, data, close_writing=False):
        """``(status, content type, JSON answer)`` of bytes sent as is."""
        sock = socket.create_connection(self.server.server_address[:2],
                                        timeout=10)
        self.addCleanup(sock.close)
        sock.sendall(data)
        if close_writing:
            sock.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return (response.status, response.getheader('Content-Type'),
                json.loads(response.read()))

    def assertAnswer(self, code, answer, *fragments):
        self.assertEqual(code, answer['code'], answer)
        for fragment in fragments:
            self.assertIn(fragment, answer['message'])

    def assertStillServing(self):
        status, _, _ = http_call(self.server.base_url, 'GET', '/contacts')
        self.assertEqual(200, status)
        self.assertNotIn('Traceback', self.stderr.getvalue())

    def test_bad_content_length_is_400_or_413(self):
        for value, code in (('abc', 400), ('-5', 400), ('1.5', 400),
                            (str(10 ** 12), 413),
                            (str(16 * 1024 * 1024 + 1), 413),
                            ('9' * 5000, 413)):
            status, answer = self.send('POST', '/api/v1/contacts',
                                       [('Content-Length', value)], b'{}')
            self.assertEqual(code, status, value)
            self.assertAnswer(code, answer, 'Content-Length' if code == 400
                              else 'máximo')
        status, answer = self.send('POST', '/api/v1/contacts',
                                   [('Content-Length', '2'),
                                    ('Content-Length', '3')], b'{}')
        self.assertAnswer(400, answer, 'Content-Length')
        status, answer = self.send('POST', '/api/v1/contacts',
                                   [('Transfer-Encoding', 'chunked')],
                                   b'2\r\n{}\r\n0\r\n\r\n')
        self.assertEqual(411, status)
        self.assertAnswer(411, answer, 'Content-Length')
        self.assertStillServing()

    def test_a_cut_body_is_never_acted_on(self):
        before = self.server.sandbox.store.count('contacts')
        body = b'{"name": "Cortado"}'
        status, _, answer = self.raw(
            b'POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\n'
            b'Authorization: ' + AUTHORIZATION.encode() + b'\r\n'
            b'Content-Length: 100\r\n\r\n' + body, close_writing=True)
        self.assertEqual(400, status)
        self.assertAnswer(400, answer, 'incompleto')
        self.assertEqual(before, self.server.sandbox.store.count('contacts'))
        gone = socket.create_connection(self.server.server_address[:2])
        gone.sendall(b'POST /api/v1/contacts HTTP/1.1\r\n'
                     b'Content-Length: 100\r\n\r\n{')
        gone.close()
        self.assertStillServing()

    def test_broken_http_is_answered_in_json(self):
        for data, code in (
                (b'GARBAGE\r\n\r\n', 400),
                (b'BREW /api/v1/contacts HTTP/1.1\r\nHost: x\r\n\r\n', 501),
                (b'GET /' + b'a' * 70000 + b' HTTP/1.1\r\n\r\n', 414)):
            status, content_type, answer = self.raw(data)
            self.assertEqual(code, status)
            self.assertEqual('application/json; charset=utf-8',
                             content_type)
            self.assertAnswer(code, answer)
        self.assertStillServing()

    def test_an_unexpected_failure_is_500_and_one_log_line(self):
        route = self.server.sandbox._route
        calls = []

        def failing_once(*args):
            calls.append(args)
            if len(calls) == 1:
                raise ZeroDivisionError('boom')
            return route(*args)

        self.server.sandbox._route = failing_once
        status, _, answer = http_call(self.server.base_url, 'GET',
                                      '/contacts')
        self.assertEqual(500, status)
        self.assertEqual({'code': 500, 'message': 'Error interno del '
                                                  'sandbox'}, answer)
        self.assertStillServing()
        failures = [line for line in self.log if 'ZeroDivisionError' in line]
        self.assertEqual(1, len(failures), self.log)
        self.assertIn('boom', failures[0])

    def test_an_encoded_id_never_reaches_another_resource(self):
        self.server.sandbox.store.insert('contacts', {'id': 'a/b',
                                                      'name': 'Raro'})
        for method, path in (
                ('GET', '/api/v1/contacts/..%2Fitems%2F6'),
                ('DELETE', '/api/v1/contacts/..%2Fitems%2F6'),
                ('DELETE', '/api/v1/contacts/../items/6'),
                ('DELETE', '/api/v1/items//6'),
                ('DELETE', '/api/v1/items/6//'),
                ('DELETE', '/api/v1/contacts/%2E%2E/items/6')):
            status, answer = self.send(method, path)
            self.assertEqual(404, status, path)
            self.assertAnswer(404, answer)
        status, answer = self.send('GET', '/api/v1/items/6')
        self.assertEqual((200, '6'), (status, answer['id']))
        status, answer = self.send('GET', '/api/v1/contacts/a%2Fb')
        self.assertEqual((200, 'Raro'), (status, answer['name']))
        self.assertStillServing()


class TestPersistence(base.SandboxTestCase):
    seed = False

    def test_state_survives_a_restart(self):
        data = os.path.join(self.tmp, 'sandbox.db')
        first = self.start_sandbox(data=data)
        self.server = first
        created = json.loads(self.alegra('contacts', 'create', '--set',
                                         'name=Persistente', '-o',
                                         'json').stdout)
        first.stop()
        first.sandbox.store.close()
        self.server = self.start_sandbox(data=data)
        result = self.alegra('contacts', 'get', created['id'], '-o', 'json')
        self.assertEqual('Persistente', json.loads(result.stdout)['name'])


class _Collector(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get('Content-Length') or 0)
        self.server.bodies.append(self.rfile.read(length))
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, *args):
        pass


class TestWebhooks(base.SandboxTestCase):

    def receiver(self):
        httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Collector)
        httpd.bodies = []
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        return httpd

    def test_probe_and_delivery(self):
        httpd = self.receiver()
        url = f'127.0.0.1:{httpd.server_address[1]}/hook'
        status, _, answer = http_call(self.server.base_url, 'POST',
                                      '/webhooks/subscriptions',
                                      {'event': 'new-invoice', 'url': url})
        self.assertEqual(201, status, answer)
        self.assertEqual([b''], httpd.bodies)
        listed = json.loads(self.alegra('webhook-subscriptions', 'list',
                                        '-o', 'json').stdout)
        self.assertEqual(url, listed[0]['url'])
        body = {'date': '2026-11-01', 'dueDate': '2026-12-01',
                'client': 1, 'items': [{'id': 2, 'price': 10,
                                        'quantity': 1}]}
        self.alegra('invoices', 'create', '-f', '-', stdin=json.dumps(body))
        self.server.sandbox.webhooks.drain()
        event = json.loads(httpd.bodies[1])
        self.assertEqual('new-invoice', event['subject'])
        self.assertEqual('2026-11-01', event['message']['invoice']['date'])

    def test_unreachable_url_is_refused(self):
        status, _, answer = http_call(self.server.base_url, 'POST',
                                      '/webhooks/subscriptions',
                                      {'event': 'new-item',
                                       'url': '127.0.0.1:9/none'})
        self.assertEqual(400, status)
        self.assertIn('2xx', answer['message'])

    def test_dropped_after_ten_failures(self):
        httpd = self.receiver()
        url = f'127.0.0.1:{httpd.server_address[1]}/hook'
        http_call(self.server.base_url, 'POST', '/webhooks/subscriptions',
                  {'event': 'edit-item', 'url': url})
        httpd.shutdown()
        httpd.server_close()
        for n in range(10):
            http_call(self.server.base_url, 'PUT', '/items/1',
                      {'name': f'Café {n}'})
        self.server.sandbox.webhooks.drain()
        _, _, answer = http_call(self.server.base_url, 'GET',
                                 '/webhooks/subscriptions')
        self.assertEqual([], answer['subscriptions'])

    def test_listen_prints_events_as_json_lines(self):
        process = subprocess.Popen(
            [base.ALEGRA, 'webhooks', 'listen', '--port', '0'],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=self.environ())
        self.addCleanup(process.wait)
        self.addCleanup(process.terminate)
        banner = process.stderr.readline()
        port = int(banner.split(':')[2].split('/')[0])
        status, _, answer = http_call(
            self.server.base_url, 'POST', '/webhooks/subscriptions',
            {'event': 'new-client', 'url': f'127.0.0.1:{port}/'})
        self.assertEqual(201, status, answer)
        self.alegra('contacts', 'create', '--set', 'name=Ñoño')
        line = process.stdout.readline()
        event = json.loads(line)
        self.assertEqual('new-client', event['subject'])
        self.assertEqual('Ñoño', event['message']['client']['name'])

    def test_listen_refuses_a_malformed_event(self):
        process = subprocess.Popen(
            [base.ALEGRA, 'webhooks', 'listen', '--port', '0'],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=self.environ())
        banner = process.stderr.readline()
        port = int(banner.split(':')[2].split('/')[0])
        statuses = []
        for length in ('abc', '-5', '99999999999'):
            connection = http.client.HTTPConnection('127.0.0.1', port,
                                                    timeout=5)
            connection.putrequest('POST', '/')
            connection.putheader('Content-Length', length)
            connection.endheaders()
            statuses.append(connection.getresponse().status)
            connection.close()
        process.terminate()
        out, err = process.communicate(timeout=10)
        self.assertEqual([400, 400, 413], statuses)
        self.assertEqual('', out)
        self.assertNotIn('Traceback', err)


class TestSandboxRun(base.SandboxTestCase):
    seed = False

    def test_run_points_the_command_at_a_fresh_sandbox(self):
        started = time.monotonic()
        result = self.alegra('sandbox', 'run', '--seed', '--',
                             base.ALEGRA, 'contacts', 'list', '--count')
        self.assertEqual(0, result.code, result)
        self.assertEqual('8', result.stdout.strip())
        self.assertLess(time.monotonic() - started, 30)

    def test_run_exits_with_the_command_code(self):
        result = self.alegra('sandbox', 'run', '--', base.ALEGRA,
                             'contacts', 'get', '999')
        self.assertEqual(errors.NOT_FOUND, result.code)

    def test_run_without_command_is_usage(self):
        result = self.alegra('sandbox', 'run')
        self.assertError(result, errors.USAGE, 'no command')
