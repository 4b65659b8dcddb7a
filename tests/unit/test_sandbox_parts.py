"""Sandbox pieces without sockets: rate window, store queries, webhooks,
requests as data, and the ``--port`` of its servers."""

import base64
import copy
import decimal
import json
import threading

import testtools

from alegra import registry
from alegra.commands import sandbox as sandbox_commands
from alegra.sandbox import actions
from alegra.sandbox import books
from alegra.sandbox import ratelimit
from alegra.sandbox import server
from alegra.sandbox import shapes
from alegra.sandbox import store as store_module
from alegra.sandbox import webhooks
from alegra_plugins import bank_accounts
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


# Declared action effects (alegra.sandbox.actions), on a resource of the
# tests' own, with books and webhooks that only record what they are told.


def _tally(record, payload):
    record['tally'] = record.get('tally', 0) + payload['by']
    return {'tally': record['tally']}


WIDGETS = registry.Resource(
    name='widgets', path='/widgets', summary='widgets for the action tests',
    actions=(
        registry.Action('retire', 'retire', sets={'status': 'retired'}),
        registry.Action('tally', 'count', body=True, effect=_tally),
        registry.Action('archive', 'archive', sets={'archived': True},
                        answer={'code': '200', 'message': 'archivado'}),
        registry.Action('poke', 'declares nothing'),
        registry.Action('ping', 'declares nothing, takes no id',
                        path='ping', takes_id=False),
        registry.Action('retire-all', 'a batch', path='retire-all',
                        takes_id=False, batch=5,
                        sets={'status': 'retired'}),
        registry.Action('peek', 'a read', method='GET', path='{id}/peek'),
        registry.Action('notify', 'an email', body=True, effect='email',
                        answer={'code': '200', 'message': 'enviado'}),
        registry.Action('move', 'a transfer', body=True, effect='transfer'),
        registry.Action('attach', 'an upload', path='{id}/attachment',
                        upload=True),
        registry.Action('stamp', 'an emission', emits=True),
    ))
UPLOAD = (b'--XyZ\r\nContent-Disposition: form-data; name="file"; '
          b'filename="nota.txt"\r\nContent-Type: text/plain\r\n\r\n'
          b'hola\r\n--XyZ--\r\n')


class RecordingBooks:
    """Books that record each call; they refuse what ``refuse`` names and
    stamp ``retiredBy`` on a retired record after the effect."""

    def __init__(self, store):
        self.store = store
        self.lock = threading.RLock()
        self.calls = []
        self.refuse = ()

    def check_action(self, resource, action, record):
        self.calls.append(('check', resource, action, copy.deepcopy(record)))
        if record['id'] in self.refuse:
            raise server.Reply(400, f'{action} rehusado')

    def after_action(self, resource, action, before, after):
        self.calls.append(('after', resource, action, before,
                           copy.deepcopy(after)))
        if action == 'retire':
            self.store.replace(resource, after['id'],
                               dict(after, retiredBy='books'))

    def transfer(self, origin, payload):
        self.calls.append(('transfer', origin['id'], payload))
        return {'originAccount': origin, 'amount': payload['amount']}


class RecordingDispatcher:

    def __init__(self):
        self.events = []

    def publish(self, resource, action, record):
        self.events.append((resource, action, record))

    def stop(self):
        pass


class TestDeclaredActionEffects(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.webhooks = RecordingDispatcher()
        self.sandbox = server.Sandbox(
            store_module.Store(),
            server.Options(rate_limit=None, probe_webhooks=False),
            resources={WIDGETS.path: WIDGETS}, dispatcher=self.webhooks)
        self.addCleanup(self.sandbox.store.close)
        self.store = self.sandbox.store
        self.books = self.sandbox.books = RecordingBooks(self.store)
        for name in ('Uno', 'Dos', 'Tres'):
            self.store.insert('widgets', {'name': name, 'status': 'active'})

    def call(self, method, target, body=None, raw=None):
        data = raw if raw is not None else \
            json.dumps(body).encode() if body is not None else b''
        status, _, answer = self.sandbox.handle(method, '/api/v1' + target,
                                                AUTH, data)
        return status, json.loads(answer)

    def test_sets_changes_saves_and_announces_the_record(self):
        status, answer = self.call('POST', '/widgets/1/retire')
        self.assertEqual(200, status)
        stored = self.store.get('widgets', '1')
        self.assertEqual('retired', stored['status'])
        # The books ran after the effect; their change is answered too.
        self.assertEqual('books', stored['retiredBy'])
        self.assertEqual(stored, answer)
        self.assertEqual([('widgets', 'edit', stored)], self.webhooks.events)
        self.assertEqual(
            [('check', 'widgets', 'retire',
              {'id': '1', 'name': 'Uno', 'status': 'active'}),
             ('after', 'widgets', 'retire',
              {'id': '1', 'name': 'Uno', 'status': 'active'},
              {'id': '1', 'name': 'Uno', 'status': 'retired'})],
            self.books.calls)

    def test_a_callable_effect_answers_and_its_change_is_kept(self):
        status, answer = self.call('POST', '/widgets/2/tally', {'by': 3})
        self.assertEqual((200, {'tally': 3}), (status, answer))
        self.call('POST', '/widgets/2/tally', {'by': 4})
        self.assertEqual(7, self.store.get('widgets', '2')['tally'])
        self.assertEqual(2, len(self.webhooks.events))

    def test_a_declared_answer_replaces_the_record(self):
        status, answer = self.call('POST', '/widgets/1/archive')
        self.assertEqual((200, {'code': '200', 'message': 'archivado'}),
                         (status, answer))
        self.assertIs(True, self.store.get('widgets', '1')['archived'])

    def test_nothing_declared_echoes_and_changes_nothing(self):
        status, answer = self.call('POST', '/widgets/3/poke')
        self.assertEqual((200, self.store.get('widgets', '3')),
                         (status, answer))
        self.assertEqual([], self.webhooks.events)
        self.assertEqual(['check', 'after'],
                         [call[0] for call in self.books.calls])
        status, answer = self.call('POST', '/widgets/ping')
        self.assertEqual({'code': 200,
                          'message': 'ping: aceptado por el sandbox'},
                         answer)

    def test_a_refusal_leaves_the_whole_batch_undone(self):
        self.books.refuse = ('2',)
        status, answer = self.call('POST', '/widgets/retire-all',
                                   {'ids': ['1', '2']})
        self.assertEqual((400, 'retire-all rehusado'),
                         (status, answer['message']))
        self.assertEqual(['active', 'active', 'active'],
                         [self.store.get('widgets', i)['status']
                          for i in ('1', '2', '3')])
        self.assertEqual([], self.webhooks.events)

    def test_an_unknown_id_leaves_the_whole_batch_undone(self):
        status, answer = self.call('POST', '/widgets/retire-all',
                                   {'ids': ['1', '99']})
        self.assertEqual((404, 'No se encontró el recurso 99 en /widgets'),
                         (status, answer['message']))
        self.assertEqual('active', self.store.get('widgets', '1')['status'])
        self.assertEqual([], self.webhooks.events)

    def test_a_batch_acts_on_each_record_it_names_once(self):
        status, answer = self.call('POST', '/widgets/retire-all',
                                   {'ids': ['3', 1, '3', {'id': 2}]})
        self.assertEqual(200, status)
        self.assertEqual([('3', 'retired'), ('1', 'retired')],
                         [(w['id'], w['status']) for w in answer])
        self.assertEqual('active', self.store.get('widgets', '2')['status'])
        self.assertEqual(['3', '1'], [record['id'] for _, _, record
                                      in self.webhooks.events])

    def test_a_get_action_only_reads(self):
        status, answer = self.call('GET', '/widgets/1/peek')
        self.assertEqual((200, 'Uno'), (status, answer['name']))
        self.assertEqual([], self.books.calls + self.webhooks.events)

    def test_email_goes_to_the_outbox(self):
        status, answer = self.call('POST', '/widgets/2/notify',
                                   {'emails': ['a@b.test']})
        self.assertEqual((200, 'enviado'), (status, answer['message']))
        self.assertEqual([{'document': '2',
                           'request': {'emails': ['a@b.test']}}],
                         self.store.outbox('email'))
        self.assertEqual([], self.webhooks.events)

    def test_transfer_is_the_books(self):
        status, answer = self.call('POST', '/widgets/1/move',
                                   {'idDestination': '2', 'amount': 5})
        self.assertEqual((200, 5), (status, answer['amount']))
        self.assertIn(('transfer', '1', {'idDestination': '2', 'amount': 5}),
                      self.books.calls)

    def test_upload_and_emission(self):
        _, answer = self.call('POST', '/widgets/1/attachment', raw=UPLOAD)
        self.assertEqual([{'id': '1', 'name': 'nota.txt', 'size': 4}],
                         answer['attachments'])
        _, answer = self.call('POST', '/widgets/1/attachment', raw=UPLOAD)
        self.assertEqual(['1', '2'], [a['id'] for a in answer['attachments']])
        _, answer = self.call('POST', '/widgets/2/stamp')
        self.assertEqual('sandbox-2', answer['stamp']['cufe'])

    def test_effects_are_callables_or_names_the_sandbox_knows(self):
        self.assertEqual(set(registry.SANDBOX_EFFECTS),
                         set(actions.NAMED_EFFECTS))
        error = self.assertRaises(ValueError, registry.Action, 'send',
                                  'x', effect='mail')
        self.assertIn("effect must be a callable or one of email, "
                      "transfer, not 'mail'", str(error))


class TestNumbersAndLeniency(testtools.TestCase):
    """How the sandbox writes numbers, and reads numeric strings."""

    def test_money_rounds_half_up_to_the_company_decimals(self):
        self.assertEqual(284, shapes.money(decimal.Decimal('283.52'), 0))
        self.assertEqual(84, shapes.money(decimal.Decimal('83.52'), 0))
        self.assertEqual(3, shapes.money('2.5', 0))
        self.assertEqual('283.52', str(shapes.money('283.52', 2)))
        self.assertEqual('200.00', str(shapes.money(200, 2)))

    def test_prices_and_percentages_as_the_api_writes_them(self):
        self.assertEqual('4050.0000', shapes.price_text(4050))
        self.assertEqual('16.00', shapes.percentage_text('16'))
        self.assertEqual(decimal.Decimal(0), shapes.number('abc'))
        self.assertEqual(decimal.Decimal(0), shapes.number(None))
        self.assertEqual(decimal.Decimal(0), shapes.number('NaN'))

    def test_reference_ids(self):
        for value in (5, '5', {'id': 5}, {'id': '5', 'name': 'x'}):
            self.assertEqual('5', shapes.reference_id(value))
        for value in (None, '', {}, {'id': None}, [5], True):
            self.assertIsNone(shapes.reference_id(value))

    def test_numeric_strings_become_numbers_where_no_string_is_taken(self):
        self.assertEqual(
            {'initialBalance': 100000},
            shapes.lenient({'initialBalance': '100000'},
                           bank_accounts.RESOURCE.create_schema()))
        self.assertEqual(
            {'price': [{'price': decimal.Decimal('4050.5')}]},
            shapes.lenient({'price': [{'price': '4050.5'}]},
                           items.RESOURCE.create_schema()))
        self.assertEqual(
            {'client': '1', 'items': [{'id': '1', 'price': 40,
                                       'quantity': 5}]},
            shapes.lenient({'client': '1', 'items': [
                {'id': '1', 'price': '40', 'quantity': '5'}]},
                invoices.RESOURCE.create_schema()))
        # An identification may be a number or a string: kept as sent.
        # Not a plain number: left for the schema check to refuse.
        for body in ({'identification': '900100000'}, {'creditLimit': '5'},
                     {'name': '12'}):
            self.assertEqual(body, shapes.lenient(
                dict(body), contacts.RESOURCE.create_schema()))
        self.assertEqual({'initialBalance': '1e3'}, shapes.lenient(
            {'initialBalance': '1e3'},
            bank_accounts.RESOURCE.create_schema()))


class TestDescriptions(testtools.TestCase):

    def test_every_key_in_order_with_its_empty_value(self):
        answer = shapes.full('contacts', {
            'name': 'Ana', 'address': {'city': 'Cali', 'zipCode': '1'},
            'type': None, 'extra': 1})
        self.assertEqual(list(shapes.DESCRIPTIONS['contacts']) + ['extra'],
                         list(answer))
        self.assertEqual({'address': None, 'city': 'Cali', 'zipCode': '1'},
                         answer['address'])
        self.assertEqual(([], [], None), (answer['type'],
                                          answer['internalContacts'],
                                          answer['email']))
        self.assertIs(answer, shapes.full('widgets', answer) and answer)

    def test_reading_an_answer_again_gives_it_back(self):
        store = store_module.Store()
        self.addCleanup(store.close)
        store.insert('taxes', {'name': 'IVA', 'percentage': 16,
                               'type': 'IVA'})
        store.insert('contacts', {'name': 'Ana', 'identification': '1'})
        for resource, record in (
                ('contacts', {'name': 'Beto', 'priceList': 1,
                              'identification': {'type': 'CC',
                                                 'number': '2'}}),
                ('items', {'name': 'Té', 'price': 10, 'tax': [1]}),
                ('invoices', {'client': 1, 'items': [
                    {'id': 1, 'tax': [{'id': '1'}]}]}),
                ('payments', {'client': '1', 'bankAccount': '9'}),
                ('bank-accounts', {'name': 'Caja'})):
            answer = shapes.for_read(resource, record, store)
            self.assertEqual(answer, shapes.for_read(resource, answer,
                                                     store), resource)
        item = shapes.for_read('items', {'name': 'Té', 'price': 10,
                                         'tax': [1]}, store)
        self.assertEqual([{'id': '1', 'name': 'IVA', 'percentage': '16.00',
                           'description': ''}], item['tax'])

    def test_deleted_answers(self):
        self.assertEqual({'code': 200, 'message': 'El contacto fue '
                                                  'eliminado correctamente.'},
                         shapes.deleted('contacts'))
        self.assertEqual(shapes.DELETED_DEFAULT,
                         shapes.deleted('warehouses')['message'])


class TestBooks(testtools.TestCase):
    """The accounting rules on a store, without a server."""

    def setUp(self):
        super().setUp()
        self.store = store_module.Store()
        self.addCleanup(self.store.close)
        self.books = books.Books(self.store)
        self.store.insert('company', {'decimalPrecision': '0'}, key='self')
        self.store.insert('taxes', {'name': 'IVA', 'percentage': 16,
                                    'type': 'IVA'})
        self.store.insert('contacts', {'name': 'cliente'})
        for name, price in (('item1', 40), ('item2', 80)):
            self.store.insert('items', shapes.for_read(
                'items', {'name': name, 'price': price}, self.store))
        self.store.insert('number-templates', {
            'name': 'FV', 'prefix': 'FV', 'documentType': 'invoice',
            'nextInvoiceNumber': 7, 'isDefault': True})
        self.write('bank-accounts', {'name': 'Caja', 'initialBalance': 1000})

    def write(self, resource, body):
        """What the server does on a create."""
        with self.books.lock:
            record = shapes.for_read(resource, self.books.create(
                resource, body), self.store)
            stored = self.store.insert(resource, record)
            self.books.created(resource, stored, body)
        return stored

    def invoice(self, **extra):
        return self.write('invoices', {
            'date': '2016-10-12', 'client': 1,
            'items': [{'id': 1, 'price': 40, 'quantity': 5},
                      {'id': 2, 'discount': 10, 'tax': [{'id': 1}]}],
            **extra})

    def test_invoice_totals_numbering_and_catalogue(self):
        invoice = self.invoice()
        self.assertEqual((280, 8, 12, 284, 0, 284, 'draft'), tuple(
            invoice[key] for key in ('subtotal', 'discount', 'tax', 'total',
                                     'totalPaid', 'balance', 'status')))
        self.assertEqual([('item1', 40, 200), ('item2', 80, 84)],
                         [(line['name'], line['price'], line['total'])
                          for line in invoice['items']])
        self.assertEqual({'id': '1', 'prefix': 'FV', 'number': '7',
                          'text': None, 'fullNumber': 'FV-7'},
                         invoice['numberTemplate'])
        self.assertEqual(8, self.store.get('number-templates', '1')
                         ['nextInvoiceNumber'])

    def test_refusals_name_the_missing_record(self):
        for body, fragment in (
                ({'client': 987654, 'items': [{'id': 1}]}, 'cliente 987654'),
                ({'client': 1, 'items': [{'id': 987654}]}, 'ítem 987654'),
                ({'client': 1, 'items': [{'id': 1, 'tax': [9]}]},
                 'impuesto 9'),
                ({'client': 1, 'items': [{'id': 1}],
                  'numberTemplate': {'id': 9}}, 'numeración 9')):
            error = self.assertRaises(books.Refused, self.books.create,
                                      'invoices', body)
            self.assertEqual(400, error.status)
            self.assertIn(fragment, error.message)
            self.assertEqual({'code': 400, 'message': error.message},
                             error.body)
        self.assertEqual(7, self.store.get('number-templates', '1')
                         ['nextInvoiceNumber'])

    def test_payment_applied_voided_and_deleted(self):
        invoice = self.invoice(status='open')
        payment = self.write('payments', {
            'bankAccount': 1, 'invoices': [{'id': invoice['id'],
                                            'amount': 284}]})
        self.assertEqual(('1', 284), (payment['number'], payment['amount']))
        paid = self.store.get('invoices', invoice['id'])
        self.assertEqual(('closed', 0), (paid['status'], paid['balance']))
        self.assertEqual(1284, self.store.get('bank-accounts', '1')
                         ['balance'])
        error = self.assertRaises(books.Refused, self.books.check_action,
                                  'invoices', 'void', paid)
        self.assertIn('pagos', error.message)
        self.assertRaises(books.Refused, self.books.delete, 'invoices',
                          paid)
        # Opening a paid invoice leaves it closed; a closed bill that
        # still owes stays closed.
        self.books.after_action('invoices', 'open', paid,
                                dict(paid, status='open'))
        self.assertEqual('closed', self.store.get(
            'invoices', invoice['id'])['status'])
        owing = {'id': '5', 'status': 'closed', 'totalPaid': 0,
                 'balance': 10}
        self.books.after_action('bills', 'close', owing, dict(owing))
        self.books.after_action('payments', 'void', payment,
                                dict(payment, status='void'))
        self.assertEqual(('open', 284), tuple(
            self.store.get('invoices', invoice['id'])[key]
            for key in ('status', 'balance')))
        self.assertEqual(1000, self.store.get('bank-accounts', '1')
                         ['balance'])
        self.books.after_action('payments', 'open',
                                dict(payment, status='void'), payment)
        self.books.delete('payments', payment)
        self.assertEqual([], self.store.get('invoices', invoice['id'])
                         ['payments'])

    def test_a_payment_that_does_not_fit_changes_nothing(self):
        invoice = self.invoice(status='open')
        self.write('payments', {'bankAccount': 1, 'invoices': [
            {'id': invoice['id'], 'amount': 100}]})
        before = self.store.get('invoices', invoice['id'])
        for body in ({'bankAccount': 1, 'invoices': [
                         {'id': invoice['id'], 'amount': 100},
                         {'id': invoice['id'], 'amount': 100}]},
                     {'bankAccount': 1, 'invoices': [{'id': '99',
                                                      'amount': 1}]},
                     {'bankAccount': 99, 'invoices': [
                         {'id': invoice['id'], 'amount': 1}]},
                     {'type': 'out', 'bankAccount': 1, 'invoices': [
                         {'id': invoice['id'], 'amount': 1}]}):
            self.assertRaises(books.Refused, self.books.create, 'payments',
                              body)
        self.assertEqual(before, self.store.get('invoices', invoice['id']))
        self.assertEqual(1100, self.store.get('bank-accounts', '1')
                         ['balance'])

    def test_records_in_use_are_kept(self):
        self.invoice()
        for resource in ('contacts', 'items', 'number-templates'):
            error = self.assertRaises(books.Refused, self.books.delete,
                                      resource, {'id': '1'})
            self.assertIn('/invoices', error.message)
        self.books.delete('items', {'id': '3'})
        self.books.delete('taxes', {'id': '1'})

    def test_transfer(self):
        self.write('bank-accounts', {'name': 'Banco', 'initialBalance': 0})
        origin = self.store.get('bank-accounts', '1')
        answer = self.books.transfer(origin, {'idDestination': 2,
                                              'amount': 300})
        self.assertEqual((700, 300, 300), (
            answer['originAccount']['balance'],
            answer['destinationAccount']['balance'], answer['amount']))
        self.assertEqual(700, origin['balance'])
        for payload in ({'idDestination': 1, 'amount': 1},
                        {'idDestination': 9, 'amount': 1},
                        {'idDestination': 2, 'amount': 0}, {}):
            self.assertRaises(books.Refused, self.books.transfer, origin,
                              payload)

    def test_precision_of_the_company(self):
        self.assertEqual(0, self.books.precision())
        self.store.replace('company', 'self', {'decimalPrecision': '2'})
        self.assertEqual(2, self.books.precision())
        self.store.replace('company', 'self', {'decimalPrecision': 'x'})
        self.assertEqual(0, self.books.precision())
