"""The invoices plugin: its schema, filters, actions and columns."""

import io
import types

import testtools

from alegra import body
from alegra import errors
from alegra import validation
from alegra import verbs
from alegra_plugins import invoices
from tests.unit import base

RESOURCE = invoices.RESOURCE
INVOICES = base.BASE_URL + '/invoices'


def valid_invoice(**changes):
    """The Colombian example of the API notes, plus ``changes``."""
    invoice = {'client': {'id': 12}, 'numberTemplate': {'id': 7},
               'date': '2026-06-06', 'dueDate': '2026-06-21',
               'paymentForm': 'CASH',
               'items': [{'id': 5, 'price': 50000, 'quantity': 1,
                          'tax': [{'id': 3}]}],
               'stamp': {'generateStamp': True}}
    invoice.update(changes)
    return invoice


class TestSchema(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.schema = RESOURCE.create_schema()

    def fields(self, invoice):
        return [field for field, _ in
                validation.problems(invoice, self.schema)]

    def test_schema_is_loaded(self):
        self.assertEqual('object', self.schema['type'])
        self.assertEqual(['date', 'dueDate', 'client', 'items'],
                         self.schema['required'])

    def test_example_passes(self):
        self.assertEqual([], self.fields(valid_invoice()))

    def test_bare_ids_and_string_ids_pass(self):
        invoice = valid_invoice(client='12', items=[
            {'id': '5', 'price': 0, 'quantity': 2.5, 'discount': 100,
             'tax': ['3'], 'description': 'Café', 'name': 'Café',
             'reference': 'CAF-1', 'observations': 'Entrega en Cali'}])
        self.assertEqual([], self.fields(invoice))

    def test_optional_fields_pass(self):
        invoice = valid_invoice(
            status='open', numberTemplate={'prefix': 'FV', 'number': 12},
            observations='x' * 500, anotation='Gracias por su compra',
            termsConditions='Pago a 30 días',
            payments=[{'date': '2026-06-06', 'account': {'id': 1},
                       'amount': 59500, 'paymentMethod': 'transfer'}],
            seller={'id': 2}, priceList=1, warehouse={'id': '1'},
            costCenter=4, currency={'code': 'USD', 'exchangeRate': 3900},
            retentions=[{'id': 1, 'amount': 1000}],
            paymentMethod='CREDIT_TRANSFER', operationType='STANDARD',
            type='NATIONAL', periodicity='MONTHLY')
        self.assertEqual([], self.fields(invoice))

    def test_country_fields_are_allowed(self):
        invoice = valid_invoice(paymentType='PUE', cfdiUse='G03',
                                regimeClient='GENERAL_REGIME',
                                saleCondition='CASH')
        self.assertEqual([], self.fields(invoice))

    def test_items_are_required(self):
        invoice = valid_invoice()
        del invoice['items']
        found = validation.problems(invoice, self.schema)
        self.assertEqual([('items', 'is required')], found)

    def test_items_cannot_be_empty(self):
        self.assertEqual(['items'], self.fields(valid_invoice(items=[])))

    def test_every_required_field_is_named(self):
        self.assertEqual(['client', 'date', 'dueDate', 'items'],
                         self.fields({}))

    def test_bad_date(self):
        for date in ('06/06/2026', '2026-6-6', '2026-06-06T10:00', 20260606):
            self.assertEqual(['date'], self.fields(valid_invoice(date=date)),
                             date)

    def test_bad_due_date(self):
        self.assertEqual(['dueDate'],
                         self.fields(valid_invoice(dueDate='mañana')))

    def test_create_accepts_only_draft_or_open(self):
        self.assertEqual([], self.fields(valid_invoice(status='draft')))
        for status in ('closed', 'void'):
            self.assertEqual(['status'],
                             self.fields(valid_invoice(status=status)))

    def test_status_message_names_the_choices(self):
        [(field, reason)] = validation.problems(
            valid_invoice(status='closed'), self.schema)
        self.assertIn('closed', reason)
        self.assertIn('draft', reason)

    def test_line_rules(self):
        cases = (
            ({'price': 1000, 'quantity': 1}, 'items.0.id'),
            ({'id': 5, 'quantity': 0}, 'items.0.quantity'),
            ({'id': 5, 'quantity': -1}, 'items.0.quantity'),
            ({'id': 5, 'price': -1}, 'items.0.price'),
            ({'id': 5, 'price': '1000'}, 'items.0.price'),
            ({'id': 5, 'discount': 101}, 'items.0.discount'),
            ({'id': 5, 'discount': -5}, 'items.0.discount'),
            ({'id': 5, 'tax': {'id': 3}}, 'items.0.tax'),
            ({'id': 5, 'tax': [{'name': 'IVA'}]}, 'items.0.tax.0'),
            ({'id': 1.5}, 'items.0.id'),
        )
        for line, field in cases:
            self.assertEqual([field],
                             self.fields(valid_invoice(items=[line])), line)

    def test_client_must_be_a_reference(self):
        self.assertEqual(['client'],
                         self.fields(valid_invoice(client={'name': 'Ana'})))

    def test_number_template_needs_an_id_or_a_number(self):
        self.assertEqual(['numberTemplate'], self.fields(
            valid_invoice(numberTemplate={'prefix': 'FV'})))

    def test_long_texts_are_rejected(self):
        for field in ('observations', 'anotation', 'termsConditions'):
            self.assertEqual(
                [field], self.fields(valid_invoice(**{field: 'x' * 501})))

    def test_country_enums(self):
        cases = (('paymentForm', 'CARD'), ('type', 'LOCAL'),
                 ('paymentType', 'PPP'), ('periodicity', 'WEEKLY'))
        for field, value in cases:
            self.assertEqual([field],
                             self.fields(valid_invoice(**{field: value})))

    def test_stamp_flag_is_boolean(self):
        self.assertEqual(['stamp.generateStamp'], self.fields(
            valid_invoice(stamp={'generateStamp': 'yes'})))

    def test_partial_update_needs_no_required_field(self):
        self.assertEqual([], validation.problems(
            {'observations': 'Revisado'}, self.schema, partial=True))


class TestColumns(testtools.TestCase):

    def test_table_columns(self):
        self.assertEqual(
            ('id', 'numberTemplate.fullNumber', 'date', 'dueDate',
             'client.name', 'status', 'total', 'balance'),
            RESOURCE.table_columns)

    def test_import_headers_are_export_columns(self):
        self.assertTrue(set(RESOURCE.import_mapping)
                        <= set(RESOURCE.export_columns))

    def test_imported_row_builds_a_valid_body(self):
        row = {'date': '2026-01-12', 'dueDate': '2026-02-11',
               'status': 'open', 'client.id': '1',
               'observations': 'Importada', 'items.0.id': '1',
               'items.0.name': 'Café de origen Huila 500 g',
               'items.0.price': 52000, 'items.0.quantity': 2}
        invoice = {}
        for header, path in RESOURCE.import_mapping.items():
            body.set_path(invoice, path, row[header])
        self.assertEqual({'id': '1'}, invoice['client'])
        self.assertEqual([], validation.problems(
            invoice, RESOURCE.create_schema()))

    def test_read_only_fields_are_not_imported(self):
        for header in ('id', 'numberTemplate.fullNumber', 'client.name',
                       'total', 'totalPaid', 'balance'):
            self.assertNotIn(header, RESOURCE.import_mapping)


class TestFilters(testtools.TestCase):

    def options(self):
        return {f.param: f.option for f in RESOURCE.filters}

    def test_flags(self):
        self.assertEqual({
            'status': '--status',
            'client_id': '--client',
            'client_name': '--client-name',
            'client_identification': '--client-identification',
            'numberTemplate_fullNumber': '--number',
            'item_id': '--item',
            'date': '--date',
            'dueDate': '--due-date',
            'date_afterOrNow': '--since',
            'date_beforeOrNow': '--until',
            'dueDate_beforeOrNow': '--due-until',
        }, self.options())

    def test_flags_are_unique(self):
        options = [f.option for f in RESOURCE.filters]
        dests = [f.dest for f in RESOURCE.filters]
        self.assertEqual(len(options), len(set(options)))
        self.assertEqual(len(dests), len(set(dests)))

    def test_status_choices(self):
        [status] = [f for f in RESOURCE.filters if f.param == 'status']
        self.assertEqual(('draft', 'open', 'closed', 'void'), status.choices)

    def test_list_sends_the_api_parameters(self):
        app = types.SimpleNamespace(stdin=io.StringIO(),
                                    stdout=io.StringIO(),
                                    stderr=io.StringIO())
        command = verbs.commands_for(RESOURCE)['list'](app, None)
        parser = command.get_parser('alegra invoices list')
        parsed = parser.parse_args([
            '--status', 'open', '--client', '5', '--since', '2026-01-01',
            '--until', '2026-03-31', '--number', 'FV-3', '--item', '2',
            '--due-until', '2026-04-30'])
        self.assertEqual([('status', 'open'), ('client_id', '5'),
                          ('numberTemplate_fullNumber', 'FV-3'),
                          ('item_id', '2'),
                          ('date_afterOrNow', '2026-01-01'),
                          ('date_beforeOrNow', '2026-03-31'),
                          ('dueDate_beforeOrNow', '2026-04-30')],
                         command.query_params(parsed))


class TestActions(testtools.TestCase):

    def actions(self):
        return {action.name: action for action in RESOURCE.actions}

    def test_names(self):
        self.assertEqual(['void', 'open', 'email', 'stamp', 'preview',
                          'attach'],
                         [action.name for action in RESOURCE.actions])

    def test_paths(self):
        actions = self.actions()
        for name in ('void', 'open', 'email'):
            self.assertEqual(f'/invoices/7/{name}',
                             actions[name].url_path(RESOURCE.path, '7'))
            self.assertTrue(actions[name].takes_id)
        self.assertEqual('/invoices/7/attachment',
                         actions['attach'].url_path(RESOURCE.path, '7'))
        for name in ('stamp', 'preview'):
            self.assertEqual(f'/invoices/{name}',
                             actions[name].url_path(RESOURCE.path))
            self.assertFalse(actions[name].takes_id)
        self.assertEqual({'POST'}, {action.method
                                    for action in actions.values()})
        self.assertEqual(10, actions['stamp'].batch)
        self.assertTrue(actions['stamp'].emits)
        self.assertTrue(actions['attach'].upload)

    def test_only_void_is_destructive(self):
        self.assertEqual(['void'], [name for name, action
                                    in self.actions().items()
                                    if action.destructive])

    def test_email_and_preview_take_a_body(self):
        self.assertEqual(['email', 'preview'], [name for name, action
                                     in self.actions().items()
                                     if action.body])

    def test_email_body(self):
        schema = self.actions()['email'].schema
        self.assertEqual([], validation.problems(
            {'emails': ['ana@empresa.co', 'pagos@ñandú.co'],
             'sendCopyToUser': True}, schema))
        self.assertEqual([('emails', 'is required')],
                         validation.problems({'sendCopyToUser': True},
                                             schema))
        for bad in ({'emails': []}, {'emails': 'ana@empresa.co'},
                    {'emails': ['a@b.co'], 'sendCopyToUser': 'yes'}):
            self.assertNotEqual([], validation.problems(bad, schema), bad)

    def test_commands(self):
        self.assertEqual(
            ['list', 'get', 'create', 'update', 'delete', 'import',
             'export', 'pdf', 'void', 'open', 'email', 'stamp', 'preview',
             'attach'],
            list(verbs.commands_for(RESOURCE)))

    def test_resource(self):
        self.assertEqual('invoices', RESOURCE.name)
        self.assertEqual('/invoices', RESOURCE.path)
        self.assertEqual('/invoices/7', RESOURCE.item_path('7'))
        self.assertEqual('sales invoices', RESOURCE.summary)


class TestCommandLine(base.TestCase):
    """``alegra invoices ...`` through the installed entry point."""

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_list_filters(self):
        self.http.get(INVOICES, json=[{
            'id': '3', 'numberTemplate': {'fullNumber': 'FV-3'},
            'client': {'name': 'Cafetería La Única Ltda.'},
            'status': 'open', 'total': 639297, 'balance': 339297}])
        result = self.run_cli('invoices', 'list', '--status', 'open',
                              '--client', '6', '--since', '2026-01-01',
                              '--until', '2026-03-31', '--number', 'FV-3')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'status': ['open'], 'client_id': ['6'],
                          'date_afterOrNow': ['2026-01-01'],
                          'date_beforeOrNow': ['2026-03-31'],
                          'numberTemplate_fullNumber': ['FV-3'],
                          'start': ['0'], 'limit': ['30']},
                         self.http.last_request.qs)
        self.assertIn('FV-3', result.stdout)
        self.assertIn('Cafetería La Única', result.stdout)

    def test_void_with_yes(self):
        self.http.post(INVOICES + '/4/void', json={'id': '4',
                                                  'status': 'void'})
        result = self.run_cli('invoices', 'void', '4', '--yes')
        self.assertEqual(0, result.code, result)
        self.assertEqual('POST', self.http.last_request.method)

    def test_void_needs_confirmation(self):
        result = self.run_cli('invoices', 'void', '4')
        self.assertError(result, errors.USAGE, 'void invoices 4', '--yes')
        self.assertFalse(self.http.called)

    def test_void_asks_on_a_terminal(self):
        self.http.post(INVOICES + '/4/void', json={'id': '4',
                                                  'status': 'void'})
        result = self.run_cli('invoices', 'void', '4', stdin='sí\n',
                              tty=True)
        self.assertEqual(0, result.code, result)
        self.assertIn('void invoices 4? [y/N]', result.stderr)
        self.assertTrue(self.http.called)

    def test_email_sends_its_body(self):
        self.http.post(INVOICES + '/4/email', json={'code': 200,
                                                   'message': 'ok'})
        result = self.run_cli('invoices', 'email', '4',
                              '--set', 'emails=["ana@empresa.co"]',
                              '--set', 'sendCopyToUser=false')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'emails': ['ana@empresa.co'],
                          'sendCopyToUser': False},
                         self.http.last_request.json())

    def test_email_without_addresses_is_refused_locally(self):
        result = self.run_cli('invoices', 'email', '4',
                              '--set', 'sendCopyToUser=true')
        self.assertError(result, errors.INVALID_INPUT, 'emails',
                         'is required')
        self.assertFalse(self.http.called)

    def test_create_refuses_a_closed_invoice_locally(self):
        result = self.run_cli(
            'invoices', 'create', '--set', 'date=2026-01-12',
            '--set', 'dueDate=2026-02-11', '--set', 'client.id=1',
            '--set', 'items.0.id=1', '--set', 'items.0.quantity=2',
            '--set', 'status=closed')
        self.assertError(result, errors.INVALID_INPUT, 'status')
        self.assertFalse(self.http.called)
