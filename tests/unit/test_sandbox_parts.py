"""Sandbox pieces without sockets: rate window, store queries, webhooks."""

import testtools

from alegra.sandbox import ratelimit
from alegra.sandbox import store as store_module
from alegra.sandbox import webhooks


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
