"""The document plugins: payments, bills, estimates, notes, orders and the
Mexican documents, held to their schemas, their flags and the sandbox.

Every plugin runs the same contract (one test class each, so a failure
names the plugin); what only one plugin has is tested after.
"""

import base64
import copy
import datetime
import io
import json
import os
import re
import types

import testtools

from alegra import body
from alegra import validation
from alegra import verbs
from alegra.bulk import mapping
from alegra.bulk import readers
from alegra.output import formats
from alegra.sandbox import server
from alegra.sandbox import store
from alegra_plugins import _documents
from alegra_plugins import bills
from alegra_plugins import contacts
from alegra_plugins import credit_notes
from alegra_plugins import debit_notes
from alegra_plugins import estimates
from alegra_plugins import global_invoices
from alegra_plugins import income_debit_notes
from alegra_plugins import invoices
from alegra_plugins import payments
from alegra_plugins import purchase_orders
from alegra_plugins import recurring_invoices
from alegra_plugins import recurring_payments
from alegra_plugins import remissions
from alegra_plugins import transportation_receipts
from tests.unit import base

RESOURCES = (payments.RESOURCE, bills.RESOURCE, estimates.RESOURCE,
             remissions.RESOURCE, credit_notes.RESOURCE, debit_notes.RESOURCE,
             income_debit_notes.RESOURCE, purchase_orders.RESOURCE,
             recurring_invoices.RESOURCE, recurring_payments.RESOURCE,
             global_invoices.RESOURCE, transportation_receipts.RESOURCE)
# Flags the list verb (and every command) has of its own.
BUILT_IN = {'--start', '--limit', '--all', '--count', '--query', '-q',
            '--order-field', '--order-direction', '--param', '--columns',
            '--output', '-o', '--dry-run', '--profile', '--base-url',
            '--debug', '--verbose', '-v', '--help', '-h'}
LONG_FLAG = re.compile(r'^--[a-z][a-z0-9]*(-[a-z0-9]+)*$')
AUTH = {'Authorization': 'Basic ' + base64.b64encode(
    b'sandbox@alegra.test:sandbox').decode('ascii')}
ACTION_BODIES = {'email': {'emails': ['compras@nandu.test']},
                 'comments': {'comment': 'Llegaron 48 de 50 bolsas'}}
CHANGE = {'observations': 'Revisado en las pruebas'}


def fake_app():
    return types.SimpleNamespace(stdin=io.StringIO(), stdout=io.StringIO(),
                                 stderr=io.StringIO())


def day_after(text):
    return (datetime.date.fromisoformat(text) +
            datetime.timedelta(days=1)).isoformat()


class _Contract:
    """What every document plugin must do; ``resource`` says which."""

    resource = None

    # The sandbox, built on first use and closed after the test.

    @property
    def sandbox(self):
        if getattr(self, '_sandbox', None) is None:
            records = store.Store()
            self.addCleanup(records.close)
            self._sandbox = server.Sandbox(
                records, server.Options(rate_limit=None,
                                        probe_webhooks=False),
                resources={r.path: r for r in RESOURCES})
            self.addCleanup(self._sandbox.webhooks.stop)
            self.assertTrue(self._sandbox.load_seed())
        return self._sandbox

    def call(self, method, path, payload=None, query=''):
        data = b'' if payload is None else json.dumps(payload).encode()
        target = server.API_PREFIX + path + (f'?{query}' if query else '')
        status, _, answer = self.sandbox.handle(method, target, AUTH, data)
        return status, json.loads(answer)

    def create_example(self):
        status, record = self.call('POST', self.resource.path,
                                   self.resource.example)
        self.assertEqual(201, status, record)
        return record

    def some_record(self):
        """A record to act on: the example, or one put in the store for a
        resource that cannot create."""
        if self.resource.supports('create'):
            return self.create_example()
        return self.sandbox.store.insert(self.resource.name, {
            'number': '1', 'status': 'active', 'startDate': '2026-01-01',
            'repeatEvery': '1', 'amount': 120000,
            'account': {'id': '1', 'name': 'Bancolombia'}})

    @property
    def schema(self):
        return self.resource.create_schema()

    # (a) The schema and the example.

    def test_example_matches_the_verbs(self):
        if self.resource.supports('create'):
            self.assertIsInstance(self.schema, dict)
            self.assertIsInstance(self.resource.example, dict)
        else:
            self.assertIsNone(self.resource.example)

    def test_example_passes_the_schema(self):
        if self.schema is None:
            self.skipTest('no create body')
        self.assertEqual([], validation.problems(self.resource.example,
                                                 self.schema))

    def test_each_required_field_is_needed(self):
        if self.schema is None:
            self.skipTest('no create body')
        self.assertNotEqual([], self.schema['required'])
        for field in self.schema['required']:
            example = copy.deepcopy(self.resource.example)
            del example[field]
            self.assertIn((field, 'is required'),
                          validation.problems(example, self.schema), field)

    def test_an_update_needs_no_required_field(self):
        if self.schema is None:
            self.skipTest('no create body')
        self.assertEqual([], validation.problems(CHANGE, self.schema,
                                                 partial=True))

    def test_country_fields_are_allowed(self):
        if self.schema is None:
            self.skipTest('no create body')
        self.assertNotIn('additionalProperties', json.dumps(self.schema))
        example = dict(self.resource.example, cfdiUse='G03',
                       paymentForm='CASH')
        self.assertEqual([], validation.problems(example, self.schema))

    # Columns: a table, an export, and an import that reads it back.

    def test_columns(self):
        self.assertTrue(5 <= len(self.resource.table_columns) <= 7,
                        self.resource.table_columns)
        for columns in (self.resource.table_columns,
                        self.resource.export_columns):
            self.assertEqual(len(columns), len(set(columns)))
            self.assertEqual('id', columns[0])

    def test_import_mapping_reads_the_export_into_create_fields(self):
        mapping = self.resource.import_mapping
        if self.schema is None:
            self.assertEqual({}, mapping)
            return
        properties = self.schema['properties']
        for header, path in mapping.items():
            self.assertIn(header, self.resource.export_columns)
            self.assertIn(path.split('.')[0], properties, path)

    def test_an_exported_example_imports_back(self):
        if self.schema is None:
            self.skipTest('no create body')
        stream = io.StringIO()
        formats.Printer('csv', stream).records(
            [self.create_example()], self.resource.export_columns)
        rows = readers.read(stream.getvalue().encode('utf-8'), 'export.csv')
        [(_, row)] = rows.records
        rebuilt = mapping.RowMapper(self.resource, rows).build(row)
        self.assertEqual([], validation.problems(rebuilt, self.schema))
        for path in self.resource.import_mapping.values():
            sent = body.get_path(self.resource.example, path)
            if sent is None:
                continue  # filled by the sandbox (a line's item name)
            self.assertEqual(sent, body.get_path(rebuilt, path), path)

    # (b) Filters as flags.

    def test_filter_flags_are_valid_unique_and_free(self):
        options = [filter_.option for filter_ in self.resource.filters]
        for option in options:
            self.assertRegex(option, LONG_FLAG)
            self.assertNotIn(option, BUILT_IN)
        self.assertEqual(len(options), len(set(options)))
        dests = [filter_.dest for filter_ in self.resource.filters]
        self.assertEqual(len(dests), len(set(dests)))
        params = [filter_.param for filter_ in self.resource.filters]
        self.assertEqual(len(params), len(set(params)))

    def test_list_sends_each_filter_as_its_parameter(self):
        command = verbs.commands_for(self.resource)['list'](fake_app(), None)
        parser = command.get_parser(f'alegra {self.resource.name} list')
        argv, expected = [], []
        for filter_ in self.resource.filters:
            value = filter_.choices[0] if filter_.choices else 'x1'
            argv += [filter_.option, value]
            expected.append((filter_.param, value))
        sent = command.query_params(parser.parse_args(argv))
        self.assertEqual(sorted(expected), sorted(sent))

    # (c) The sandbox serves the plugin.

    def test_list_answers_a_list(self):
        status, answer = self.call('GET', self.resource.path)
        self.assertEqual(200, status)
        self.assertIsInstance(answer, list)

    def test_create_get_update_delete(self):
        if not self.resource.supports('create'):
            status, _ = self.call('POST', self.resource.path, {})
            self.assertEqual(405, status)
            return
        created = self.create_example()
        ident = created['id']
        self.assertIsInstance(ident, str)
        item = self.resource.item_path(ident)
        status, fetched = self.call('GET', item)
        self.assertEqual((200, ident), (status, fetched['id']))
        status, updated = self.call('PUT', item, CHANGE)
        self.assertEqual(200, status, updated)
        self.assertEqual(CHANGE['observations'], updated['observations'])
        for field in self.schema['required']:
            self.assertIn(field, updated)
        status, listed = self.call('GET', self.resource.path)
        self.assertIn(ident, [record['id'] for record in listed])
        status, _ = self.call('DELETE', item)
        self.assertEqual(200, status)
        status, _ = self.call('GET', item)
        self.assertEqual(404, status)

    def test_sandbox_refuses_an_invalid_body(self):
        if not self.resource.supports('create'):
            self.skipTest('no create')
        field = self.schema['required'][0]
        invalid = {key: value for key, value in
                   self.resource.example.items() if key != field}
        status, answer = self.call('POST', self.resource.path, invalid)
        self.assertEqual(400, status)
        self.assertIn(field, answer['message'])

    def test_unsupported_verbs_answer_405(self):
        item = self.resource.item_path(self.some_record()['id'])
        self.assertEqual(405, self.call('PATCH', item, CHANGE)[0])
        for method, verb in (('PUT', 'update'), ('DELETE', 'delete')):
            if not self.resource.supports(verb):
                self.assertEqual(405, self.call(method, item, CHANGE)[0])

    def test_filters_find_the_example(self):
        if not self.resource.supports('create'):
            self.skipTest('no create')
        ident = self.create_example()['id']
        tried = 0
        for filter_ in self.resource.filters:
            value = body.get_path(self.resource.example,
                                  filter_.param.replace('_', '.'))
            if not isinstance(value, str):
                continue
            tried += 1
            _, found = self.call('GET', self.resource.path,
                                 query=f'{filter_.param}={value}')
            self.assertIn(ident, [record['id'] for record in found],
                          filter_.param)
        self.assertGreater(tried, 0)
        date = self.resource.example.get('date')
        if date and any(filter_.option == '--since'
                        for filter_ in self.resource.filters):
            _, found = self.call('GET', self.resource.path,
                                 query=f'date_afterOrNow={date}')
            self.assertIn(ident, [record['id'] for record in found])
            _, found = self.call('GET', self.resource.path,
                                 query=f'date_afterOrNow={day_after(date)}')
            self.assertNotIn(ident, [record['id'] for record in found])

    def test_each_action_answers_200(self):
        ident = self.some_record()['id']
        for action in self.resource.actions:
            if action.upload:
                continue  # multipart: see test_attach_takes_a_file
            payload = ACTION_BODIES.get(action.name) if action.body else None
            status, answer = self.call(
                action.method, action.url_path(self.resource.path, ident),
                payload)
            self.assertEqual(200, status, (action.name, answer))
            self.assertIsInstance(answer, dict)

    def test_attach_takes_a_file(self):
        for action in self.resource.actions:
            if action.upload:
                self.assertEqual('{id}/attachment', action.path)

    def test_destructive_actions(self):
        for action in self.resource.actions:
            self.assertEqual(action.name in ('void', 'close'),
                             action.destructive, action.name)
            self.assertTrue(action.takes_id)
            self.assertEqual(action.body, action.schema is not None)


class TestPayments(_Contract, testtools.TestCase):
    resource = payments.RESOURCE

    def test_void_then_open(self):
        ident = self.create_example()['id']
        _, voided = self.call('POST', f'/payments/{ident}/void')
        self.assertEqual('void', voided['status'])
        _, found = self.call('GET', '/payments', query='status=void')
        self.assertIn(ident, [record['id'] for record in found])
        _, opened = self.call('POST', f'/payments/{ident}/open')
        self.assertEqual('open', opened['status'])
        _, found = self.call('GET', '/payments', query='status=void')
        self.assertNotIn(ident, [record['id'] for record in found])


class TestBills(_Contract, testtools.TestCase):
    resource = bills.RESOURCE

    def test_a_comment_needs_its_text(self):
        ident = self.create_example()['id']
        status, answer = self.call('POST', f'/bills/{ident}/comments', {})
        self.assertEqual(400, status)
        self.assertIn('comment', answer['message'])

    def test_close(self):
        ident = self.create_example()['id']
        _, closed = self.call('POST', f'/bills/{ident}/close')
        self.assertEqual('closed', closed['status'])


class TestEstimates(_Contract, testtools.TestCase):
    resource = estimates.RESOURCE


class TestRemissions(_Contract, testtools.TestCase):
    resource = remissions.RESOURCE


class TestCreditNotes(_Contract, testtools.TestCase):
    resource = credit_notes.RESOURCE


class TestDebitNotes(_Contract, testtools.TestCase):
    resource = debit_notes.RESOURCE


class TestIncomeDebitNotes(_Contract, testtools.TestCase):
    resource = income_debit_notes.RESOURCE


class TestPurchaseOrders(_Contract, testtools.TestCase):
    resource = purchase_orders.RESOURCE


class TestRecurringInvoices(_Contract, testtools.TestCase):
    resource = recurring_invoices.RESOURCE


class TestRecurringPayments(_Contract, testtools.TestCase):
    resource = recurring_payments.RESOURCE


class TestGlobalInvoices(_Contract, testtools.TestCase):
    resource = global_invoices.RESOURCE


class TestTransportationReceipts(_Contract, testtools.TestCase):
    resource = transportation_receipts.RESOURCE


# What only some plugins have.


def problem_fields(resource, document):
    return [field for field, _ in
            validation.problems(document, resource.create_schema())]


class TestRegistry(testtools.TestCase):

    def test_names_and_paths(self):
        names = [resource.name for resource in RESOURCES]
        self.assertEqual(
            ['payments', 'bills', 'estimates', 'remissions', 'credit-notes',
             'debit-notes', 'income-debit-notes', 'purchase-orders',
             'recurring-invoices', 'recurring-payments', 'global-invoices',
             'transportation-receipts'], names)
        for resource in RESOURCES:
            self.assertEqual('/' + resource.name, resource.path)
            self.assertEqual(resource.summary.lower(), resource.summary)

    def test_actions(self):
        self.assertEqual(
            {'payments': ['void', 'open', 'stamp', 'attach'],
             'bills': ['close', 'attach', 'comments'],
             'estimates': ['email'], 'remissions': ['void', 'open'],
             'credit-notes': ['email'],
             'purchase-orders': ['void', 'email', 'comments'],
             'transportation-receipts': ['void', 'open']},
            {resource.name: [action.name for action in resource.actions]
             for resource in RESOURCES if resource.actions})

    def test_emails_take_the_invoice_email_body(self):
        for resource in (estimates.RESOURCE, credit_notes.RESOURCE):
            [action] = resource.actions
            self.assertIs(_documents.EMAIL_BODY, action.schema)

    def test_the_shared_module_is_no_plugin(self):
        self.assertFalse(hasattr(_documents, 'RESOURCE'))


class TestPaymentRules(testtools.TestCase):

    resource = payments.RESOURCE

    def test_type_is_in_or_out(self):
        [type_] = [f for f in self.resource.filters if f.param == 'type']
        self.assertEqual(('in', 'out'), type_.choices)
        payment = dict(self.resource.example, type='income')
        self.assertEqual(['type'], problem_fields(self.resource, payment))

    def test_an_applied_invoice_needs_its_amount(self):
        payment = dict(self.resource.example, invoices=[{'id': '5'}])
        self.assertEqual(['invoices.0.amount'],
                         problem_fields(self.resource, payment))

    def test_expense_against_bills_and_categories(self):
        payment = {'date': '2026-03-21', 'type': 'out',
                   'bankAccount': '1', 'paymentMethod': 'cash',
                   'client': 4, 'bills': [{'id': '1', 'amount': 5000}],
                   'categories': [{'id': '5064', 'price': 20000,
                                   'tax': {'id': '1'}}]}
        self.assertEqual([], problem_fields(self.resource, payment))


class TestBillRules(testtools.TestCase):

    resource = bills.RESOURCE

    def test_purchases_need_items_or_categories(self):
        bill = dict(self.resource.example, purchases={})
        self.assertEqual(['purchases'], problem_fields(self.resource, bill))
        bill['purchases'] = {'categories': [{'id': '5105', 'price': 90000,
                                             'quantity': 1,
                                             'tax': [{'id': '1'}]}]}
        self.assertEqual([], problem_fields(self.resource, bill))

    def test_comment_body(self):
        [comments] = [a for a in self.resource.actions
                      if a.name == 'comments']
        self.assertTrue(comments.body)
        self.assertEqual([], validation.problems({'comment': 'ok'},
                                                 comments.schema))
        self.assertEqual([('comment', 'is required')],
                         validation.problems({}, comments.schema))

    def test_type_choices(self):
        [type_] = [f for f in self.resource.filters if f.param == 'type']
        self.assertEqual(('bill', 'supportDocument', 'all'), type_.choices)


class TestNoteRules(testtools.TestCase):

    def test_credited_invoices_need_amounts(self):
        resource = credit_notes.RESOURCE
        note = dict(resource.example, invoices=[{'id': '5'}])
        self.assertEqual(['invoices.0.amount'],
                         problem_fields(resource, note))

    def test_supplier_debit_note_may_hold_only_account_lines(self):
        resource = debit_notes.RESOURCE
        note = {'date': '2026-03-08', 'client': '4',
                'categories': [{'id': '5105', 'price': 10000}],
                'bills': [{'id': '2', 'amount': 10000}]}
        self.assertEqual([], problem_fields(resource, note))


class TestScheduleRules(testtools.TestCase):

    def test_recurring_invoice_starts_instead_of_being_dated(self):
        schema = recurring_invoices.RESOURCE.create_schema()
        self.assertNotIn('date', schema['properties'])
        self.assertEqual(['startDate', 'client', 'items'],
                         schema['required'])

    def test_uncertain_schedule_fields_say_so(self):
        properties = recurring_invoices.RESOURCE.create_schema()[
            'properties']
        for field in ('frequency', 'frequencyType'):
            self.assertIn('uncertain', properties[field]['description'])

    def test_recurring_payments_are_read_only(self):
        resource = recurring_payments.RESOURCE
        self.assertEqual(('list', 'get'), resource.verbs)
        self.assertEqual(['export', 'get', 'list'],
                         sorted(verbs.commands_for(resource)))

    def test_global_invoice_has_no_client(self):
        resource = global_invoices.RESOURCE
        self.assertNotIn('client', resource.example)
        self.assertEqual(['date', 'items'],
                         resource.create_schema()['required'])


class TestDeclaredEffects(testtools.TestCase):
    """What each document action declares it does, and the sandbox doing
    it, for the routes the facts list (contacts attach, purchase-order
    email and comments) among others."""

    def setUp(self):
        super().setUp()
        resources = (*RESOURCES, contacts.RESOURCE, invoices.RESOURCE)
        records = store.Store()
        self.addCleanup(records.close)
        self.sandbox = server.Sandbox(
            records, server.Options(rate_limit=None, probe_webhooks=False),
            resources={r.path: r for r in resources})
        self.addCleanup(self.sandbox.webhooks.stop)
        self.sandbox.load_seed()

    def call(self, method, path, payload=None, raw=None):
        data = raw if raw is not None else \
            b'' if payload is None else json.dumps(payload).encode()
        status, _, answer = self.sandbox.handle(
            method, server.API_PREFIX + path, AUTH, data)
        return status, json.loads(answer)

    def create(self, resource):
        status, record = self.call('POST', resource.path, resource.example)
        self.assertEqual(201, status, record)
        return record['id']

    def test_status_actions_set_the_status(self):
        expected = {'void': {'status': 'void'}, 'open': {'status': 'open'},
                    'close': {'status': 'closed'}}
        for resource in RESOURCES:
            for action in resource.actions:
                if action.name in expected:
                    self.assertEqual(expected[action.name], action.sets,
                                     (resource.name, action.name))
        for resource in (remissions.RESOURCE,
                         transportation_receipts.RESOURCE):
            ident = self.create(resource)
            _, voided = self.call('POST', f'{resource.path}/{ident}/void')
            self.assertEqual('void', voided['status'], resource.name)
            _, opened = self.call('POST', f'{resource.path}/{ident}/open')
            self.assertEqual('open', opened['status'], resource.name)

    def test_the_books_refuse_before_and_keep_accounts_after(self):
        status, payment = self.call('POST', '/payments',
                                    payments.RESOURCE.example)
        self.assertEqual(201, status, payment)
        _, invoice = self.call('GET', '/invoices/5')
        status, answer = self.call('POST', '/invoices/5/void')
        self.assertEqual(400, status, answer)
        self.assertIn('pagos', answer['message'])
        self.assertEqual(invoice, self.call('GET', '/invoices/5')[1])
        _, voided = self.call('POST', f'/payments/{payment["id"]}/void')
        self.assertEqual('void', voided['status'])
        _, after = self.call('GET', '/invoices/5')
        self.assertEqual(float(invoice['totalPaid']) - 100000,
                         float(after['totalPaid']))

    def test_emails_are_recorded_and_confirmed(self):
        sent = {'emails': ['compras@nandu.test']}
        for resource in (estimates.RESOURCE, credit_notes.RESOURCE,
                         purchase_orders.RESOURCE):
            ident = self.create(resource)
            status, answer = self.call(
                'POST', f'{resource.path}/{ident}/email', sent)
            self.assertEqual((200, _documents.DOCUMENT_SENT),
                             (status, answer), resource.name)
            self.assertEqual({'document': ident, 'request': sent},
                             self.sandbox.store.outbox('email')[-1])
        [email] = [a for a in invoices.RESOURCE.actions
                   if a.name == 'email']
        self.assertEqual({'code': '200', 'message':
                          'La factura fue enviada exitosamente'},
                         email.answer)

    def test_purchase_order_email_needs_addresses(self):
        ident = self.create(purchase_orders.RESOURCE)
        status, answer = self.call(
            'POST', f'/purchase-orders/{ident}/email', {'emails': []})
        self.assertEqual(400, status)
        self.assertIn('emails', answer['message'])
        self.assertEqual([], self.sandbox.store.outbox('email'))

    def test_comments_are_kept_on_bills_and_purchase_orders(self):
        for resource in (bills.RESOURCE, purchase_orders.RESOURCE):
            ident = self.create(resource)
            path = f'{resource.path}/{ident}/comments'
            self.call('POST', path, {'comment': 'Llegaron 48 de 50'})
            status, answer = self.call('POST', path, {'comment': 'Y 2 más'})
            self.assertEqual(200, status, answer)
            self.assertEqual([{'id': '1', 'comment': 'Llegaron 48 de 50'},
                              {'id': '2', 'comment': 'Y 2 más'}],
                             answer['comments'], resource.name)
            _, stored = self.call('GET', f'{resource.path}/{ident}')
            self.assertEqual(answer['comments'], stored['comments'])
            status, _ = self.call('POST', path, {'comment': ''})
            self.assertEqual(400, status)

    def test_a_contact_takes_attachments(self):
        upload = (b'--XyZ\r\nContent-Disposition: form-data; name="file"; '
                  b'filename="rut.pdf"\r\n\r\n%PDF-1.4\r\n--XyZ--\r\n')
        status, answer = self.call('POST', '/contacts/1/attachment',
                                   raw=upload)
        self.assertEqual(200, status, answer)
        self.assertEqual([{'id': '1', 'name': 'rut.pdf', 'size': 8}],
                         answer['attachments'])
        _, contact = self.call('GET', '/contacts/1')
        self.assertEqual(answer['attachments'], contact['attachments'])
        status, _ = self.call('POST', '/contacts/1/attachment', {})
        self.assertEqual(400, status)
        status, _ = self.call('POST', '/contacts/999/attachment', raw=upload)
        self.assertEqual(404, status)


class TestActionRequests(base.TestCase):
    """What ``alegra`` sends for the routes the facts list."""

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_contacts_attach(self):
        path = os.path.join(self.tmp, 'rut.pdf')
        with open(path, 'wb') as handle:
            handle.write(b'%PDF-1.4 rut')
        url = base.BASE_URL + '/contacts/4/attachment'
        self.http.post(url, json={'id': '4', 'attachments': []})
        result = self.run_cli('contacts', 'attach', '4', path)
        self.assertEqual(0, result.code, result)
        sent = self.http.last_request
        self.assertEqual(('POST', url), (sent.method, sent.url))
        self.assertTrue(sent.headers['Content-Type'].startswith(
            'multipart/form-data'))
        self.assertIn(b'name="file"; filename="rut.pdf"', sent.body)
        self.assertIn(b'%PDF-1.4 rut', sent.body)

    def test_purchase_orders_email(self):
        url = base.BASE_URL + '/purchase-orders/7/email'
        self.http.post(url, json=_documents.DOCUMENT_SENT)
        result = self.run_cli('purchase-orders', 'email', '7', '--set',
                              'emails=["compras@nandu.test"]')
        self.assertEqual(0, result.code, result)
        self.assertEqual(url, self.http.last_request.url)
        self.assertEqual({'emails': ['compras@nandu.test']},
                         self.http.last_request.json())
        refused = self.run_cli('purchase-orders', 'email', '7')
        self.assertEqual(6, refused.code, refused)

    def test_purchase_orders_comments(self):
        url = base.BASE_URL + '/purchase-orders/7/comments'
        self.http.post(url, json={'id': '7', 'comments': []})
        result = self.run_cli('purchase-orders', 'comments', '7', '--set',
                              'comment=Entregar en bodega 2')
        self.assertEqual(0, result.code, result)
        self.assertEqual(('POST', url), (self.http.last_request.method,
                                         self.http.last_request.url))
        self.assertEqual({'comment': 'Entregar en bodega 2'},
                         self.http.last_request.json())
