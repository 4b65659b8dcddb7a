"""Sandbox pieces without sockets: rate window, store queries, webhooks,
requests as data, and the ``--port`` of its servers."""

import base64
import json

import testtools

from alegra.commands import sandbox as sandbox_commands
from alegra.sandbox import ratelimit
from alegra.sandbox import server
from alegra.sandbox import store as store_module
from alegra.sandbox import webhooks
from alegra_plugins import contacts
from alegra_plugins import inventory_adjustments
from alegra_plugins import inventory_adjustments_numerations
from alegra_plugins import invoices
from alegra_plugins import items

AUTH = {'Authorization': 'Basic ' + base64.b64encode(
    b'sandbox@alegra.test:sandbox').decode('ascii')}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class TestFixedWindow(testtools.TestCase):

    def test_parse(self):
        self.assertEqual((150, 60.0), ratelimit.parse('150/60'))
        self.assertEqual((40, 5.0), ratelimit.parse('40/5'))
        self.assertEqual((10, 60.0), ratelimit.parse('10'))
        self.assertIsNone(ratelimit.parse('off'))
        self.assertRaises(ValueError, ratelimit.parse, '0/5')
        self.assertRaises(ValueError, ratelimit.parse, 'x/5')

    def test_counts_per_user_and_resets_with_the_window(self):
        clock = FakeClock()
        window = ratelimit.FixedWindow(2, 60, clock=clock)
        self.assertEqual((True, '1', '60'), self._hit(window, 'ana'))
        clock.now += 10.5
        self.assertEqual((True, '0', '50'), self._hit(window, 'ana'))
        allowed, headers = window.hit('ana')
        self.assertFalse(allowed)
        self.assertEqual('50', headers['Retry-After'])
        self.assertEqual((True, '1', '60'), self._hit(window, 'luis'))
        clock.now += 50
        self.assertEqual((True, '1', '60'), self._hit(window, 'ana'))

    @staticmethod
    def _hit(window, user):
        allowed, headers = window.hit(user)
        return (allowed, headers['X-Rate-Limit-Remaining'],
                headers['X-Rate-Limit-Reset'])


class TestStore(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.store = store_module.Store()
        self.addCleanup(self.store.close)
        for record in ({'name': 'Ana', 'type': ['client'], 'date':
                        '2026-01-05', 'client': {'id': '7'}},
                       {'name': 'Beto 100%', 'type': ['provider'],
                        'date': '2026-02-01', 'client': {'id': '8'}},
                       {'name': 'Carla', 'type': ['client', 'provider'],
                        'date': '2026-03-01', 'client': {'id': '7'}}):
            self.store.insert('contacts', record)

    def names(self, query, start=0, limit=30):
        import json
        _, rows = self.store.page('contacts', query, start, limit)
        return [json.loads(row)['name'] for row in rows]

    def test_ids_are_sequential_strings(self):
        self.assertEqual('1', self.store.get('contacts', '1')['id'])
        record = self.store.insert('contacts', {'name': 'Dora'})
        self.assertEqual('4', record['id'])

    def test_equals_matches_scalars_and_array_members(self):
        query = store_module.Query()
        query.equals('type', 'provider')
        self.assertEqual(['Beto 100%', 'Carla'], self.names(query))
        query = store_module.Query()
        query.equals('client_id', '7')
        self.assertEqual(['Ana', 'Carla'], self.names(query))

    def test_item_id_matches_any_line(self):
        self.store.insert('contacts', {'name': 'Con líneas', 'items': [
            {'id': '5'}, {'id': '6'}]})
        query = store_module.Query()
        query.equals('item_id', '6')
        self.assertEqual(['Con líneas'], self.names(query))

    def test_contains_escapes_like_wildcards(self):
        query = store_module.Query()
        query.contains('name', '100%')
        self.assertEqual(['Beto 100%'], self.names(query))
        query = store_module.Query()
        query.contains('name', '%')
        self.assertEqual(['Beto 100%'], self.names(query))

    def test_date_ranges(self):
        query = store_module.Query()
        self.assertTrue(query.range('date_afterOrNow', '2026-02-01'))
        self.assertEqual(['Beto 100%', 'Carla'], self.names(query))
        query = store_module.Query()
        query.range('date_before', '2026-02-01')
        self.assertEqual(['Ana'], self.names(query))
        self.assertFalse(store_module.Query().range('status', 'x'))

    def test_order_and_paging_with_total(self):
        query = store_module.Query()
        query.order_by('name', descending=True)
        self.assertEqual(['Beto 100%'], self.names(query, start=1, limit=1))
        total, rows = self.store.page('contacts', store_module.Query(), 0,
                                      1, with_total=True)
        self.assertEqual((3, 1), (total, len(rows)))

    def test_replace_delete_and_singletons(self):
        self.store.replace('contacts', '1', {'id': '1', 'name': 'Ana B'})
        self.assertEqual('Ana B', self.store.get('contacts', '1')['name'])
        self.assertTrue(self.store.delete('contacts', '1'))
        self.assertFalse(self.store.delete('contacts', '1'))
        self.assertIsNone(self.store.get('contacts', '1'))
        self.store.insert('company', {'name': 'X'}, key='self')
        self.assertEqual('X', self.store.get('company', 'self')['name'])


class TestDispatcher(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.store = store_module.Store()
        self.sent = []
        self.answers = []
        self.dispatcher = webhooks.Dispatcher(self.store, send=self.send)
        self.addCleanup(self.store.close)
        self.addCleanup(self.dispatcher.stop)

    def send(self, url, payload):
        self.sent.append((url, payload))
        return self.answers.pop(0) if self.answers else True

    def subscribe(self, event):
        return self.store.insert(webhooks.RESOURCE,
                                 {'event': event, 'url': 'h.test/x'})

    def test_payload_shape_and_matching_event_only(self):
        self.subscribe('new-invoice')
        self.dispatcher.publish('invoices', 'new', {'id': '1'})
        self.dispatcher.publish('invoices', 'edit', {'id': '1'})
        self.dispatcher.publish('warehouses', 'new', {'id': '1'})
        self.dispatcher.drain()
        self.assertEqual([('h.test/x', {'subject': 'new-invoice',
                                        'message': {'invoice':
                                                    {'id': '1'}}})],
                         self.sent)

    def test_dropped_after_ten_failures_in_a_row(self):
        subscription = self.subscribe('edit-client')
        self.answers = [False] * 9 + [True] + [False] * 10
        for _ in range(20):
            self.dispatcher.publish('contacts', 'edit', {'id': '2'})
        self.dispatcher.drain()
        self.assertEqual(20, len(self.sent))
        self.assertIsNone(self.store.get(webhooks.RESOURCE,
                                         subscription['id']))

    def test_twelve_events(self):
        self.assertEqual(12, len(webhooks.EVENTS))
        self.assertIn('delete-bill', webhooks.EVENTS)

    def test_delivery_url(self):
        self.assertEqual('http://127.0.0.1:5/x',
                         webhooks.delivery_url('127.0.0.1:5/x'))
        self.assertEqual('https://example.com/x',
                         webhooks.delivery_url('example.com/x'))
        self.assertEqual('http://example.com/x',
                         webhooks.delivery_url('http://example.com/x'))


class TestRequestsAsData(testtools.TestCase):
    """Malformed targets and bodies get a 4xx in Alegra's shape."""

    def setUp(self):
        super().setUp()
        resources = (contacts, items, invoices, inventory_adjustments,
                     inventory_adjustments_numerations)
        self.sandbox = server.Sandbox(
            store_module.Store(),
            server.Options(rate_limit=None, probe_webhooks=False),
            resources={module.RESOURCE.path: module.RESOURCE
                       for module in resources})
        self.addCleanup(self.sandbox.store.close)
        self.addCleanup(self.sandbox.webhooks.stop)
        self.sandbox.load_seed()

    def call(self, method, target, body=b''):
        status, _, answer = self.sandbox.handle(method, '/api/v1' + target,
                                                AUTH, body)
        return status, json.loads(answer)

    def assertRefused(self, status, answer, code, *fragments):
        self.assertEqual((code, code), (status, answer['code']), answer)
        for fragment in fragments:
            self.assertIn(fragment, answer['message'])

    def test_paging_nonsense_is_400_and_a_big_limit_is_clamped(self):
        for query, name in (('start=' + '1' + '0' * 23, 'start'),
                            ('start=-1', 'start'), ('limit=-1', 'limit'),
                            ('limit=abc', 'limit'), ('limit=1e3', 'limit'),
                            ('limit=' + '9' * 5000, 'limit'),
                            ('start=%EF%BC%95', 'start')):
            status, answer = self.call('GET', '/contacts?' + query)
            self.assertRefused(status, answer, 400, name)
        status, answer = self.call('GET', f'/contacts?start={2 ** 63 - 1}')
        self.assertEqual((200, []), (status, answer))
        for n in range(40):
            self.sandbox.store.insert('contacts', {'name': f'C{n}'})
        status, answer = self.call('GET', '/contacts?limit=50')
        self.assertEqual((200, 30), (status, len(answer)))

    def test_json_too_deep_or_not_utf8_is_400(self):
        for body in (b'{"a":' + b'[' * 100000 + b']' * 100000 + b'}',
                     b'{"a":' * 65 + b'1' + b'}' * 65,
                     b'{"name": "\xff"}'):
            status, answer = self.call('POST', '/contacts', body)
            self.assertRefused(status, answer, 400, 'cuerpo')
        nested = b'{"name": "Ana", "a":' * 63 + b'1' + b'}' * 63
        self.assertEqual(201, self.call('POST', '/contacts', nested)[0])

    def test_an_encoded_id_is_one_segment(self):
        for method in ('GET', 'DELETE', 'PUT'):
            status, answer = self.call(method, '/contacts/..%2Fitems%2F6',
                                       b'{"name": "X"}')
            self.assertRefused(status, answer, 404, '../items/6',
                               '/contacts')
        self.assertEqual('6', self.call('GET', '/items/6')[1]['id'])
        self.sandbox.store.insert('contacts', {'id': 'a/b?c', 'name': 'Raro'})
        status, answer = self.call('GET', '/contacts/a%2Fb%3Fc')
        self.assertEqual((200, 'Raro'), (status, answer['name']))
        self.assertEqual('1', self.call('GET', '/contacts/%31')[1]['id'])
        self.sandbox.store.insert('invoices', {'id': 'x/1'})
        self.sandbox.public_url = 'http://sandbox.test'
        answer = self.call('GET', '/invoices/x%2F1')[1]
        self.assertEqual('http://sandbox.test/files/invoices/x%2F1.pdf',
                         answer['pdfUrl'])

    def test_dot_and_empty_segments_are_no_route(self):
        for target in ('/contacts//1', '/contacts/1//', '/contacts/./1',
                       '/contacts/..', '/contacts/%2E%2E', '/contacts/%2e',
                       '//contacts', '/items/1/../../contacts/1', ''):
            status, answer = self.call('GET', target)
            self.assertRefused(status, answer, 404)
        status, answer = self.call('GET', 'x/contacts')
        self.assertRefused(status, answer, 404)
        self.assertEqual(200, self.call('GET', '/contacts/')[0])
        status, answer = self.call('GET',
                                   '/inventory-adjustments/numerations')
        self.assertEqual(200, status)
        status, answer = self.call(
            'GET', '/inventory-adjustments/numerations%2F1')
        self.assertRefused(status, answer, 404, 'numerations/1')


class TestPortNumber(testtools.TestCase):

    def test_zero_to_65535(self):
        self.assertEqual(0, sandbox_commands.port_number('0'))
        self.assertEqual(65535, sandbox_commands.port_number('65535'))
        for text in ('-1', '65536', '99999', 'abc'):
            self.assertRaises(ValueError, sandbox_commands.port_number, text)
