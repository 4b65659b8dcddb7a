"""The real ``alegra`` against the sandbox: the API's semantics end to end."""

import base64
import http.server
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request

from alegra import errors
from alegra.sandbox import server
from tests.integration import base


def http_call(base_url, method, path, body=None, auth=True):
    headers = {'Content-Type': 'application/json'}
    if auth:
        token = base64.b64encode(
            f'{server.DEFAULT_EMAIL}:{server.DEFAULT_TOKEN}'.encode()).decode()
        headers['Authorization'] = f'Basic {token}'
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
        self.assertEqual([{'idPriceList': '1', 'name': 'General',
                           'price': 10}], record['price'])
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
