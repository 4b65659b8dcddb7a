"""The accounting plugins: sellers, cost centers, the chart of accounts,
bank accounts, reconciliations, journals, additional charges, users, the
company and reports; their schemas, filters, verbs and the sandbox."""

import base64
import io
import json
import re
import types

import testtools

from alegra import validation
from alegra import verbs
from alegra.bulk import mapping
from alegra.sandbox import server
from alegra.sandbox import store
from alegra_plugins import additional_charges
from alegra_plugins import bank_accounts
from alegra_plugins import categories
from alegra_plugins import company
from alegra_plugins import cost_centers
from alegra_plugins import journals
from alegra_plugins import reconciliations
from alegra_plugins import reports
from alegra_plugins import sellers
from alegra_plugins import users

RESOURCES = tuple(module.RESOURCE for module in (
    sellers, cost_centers, categories, bank_accounts, reconciliations,
    journals, additional_charges, users, company, reports))
BY_NAME = {resource.name: resource for resource in RESOURCES}
CREATABLE = tuple(r for r in RESOURCES if r.supports('create'))
LISTABLE = tuple(r for r in RESOURCES if r.supports('list'))
# The list verb's own flags and the global ones: no filter may take them.
BUILT_IN = {'--start', '--limit', '--all', '--count', '--query', '-q',
            '--order-field', '--order-direction', '--param', '--columns',
            '--output', '--dry-run', '--profile', '--base-url', '--debug',
            '--verbose', '--help', '-h'}
LONG_FLAG = re.compile(r'^--[a-z][a-z0-9]*(-[a-z0-9]+)*$')
AUTH = {'Authorization': 'Basic ' + base64.b64encode(
    b'sandbox@alegra.test:sandbox').decode('ascii')}
TRANSFER = {'idDestination': '2', 'amount': 150000, 'date': '2026-03-15',
            'observations': 'Fondo de caja menor'}


def fields(body, schema, partial=False):
    return [field for field, _ in
            validation.problems(body, schema, partial)]


class TestSchemas(testtools.TestCase):

    def test_examples_pass(self):
        for resource in CREATABLE:
            self.assertEqual(
                [], validation.problems(resource.example,
                                        resource.create_schema()),
                resource.name)

    def test_no_example_without_create(self):
        for resource in RESOURCES:
            if not resource.supports('create'):
                self.assertIsNone(resource.example, resource.name)

    def test_each_required_field_is_required(self):
        for resource in CREATABLE:
            schema = resource.create_schema()
            self.assertTrue(schema['required'], resource.name)
            for field in schema['required']:
                body = dict(resource.example)
                body.pop(field, None)
                self.assertIn((field, 'is required'),
                              validation.problems(body, schema),
                              (resource.name, field))

    def test_required_fields(self):
        required = {r.name: r.create_schema()['required']
                    for r in CREATABLE}
        self.assertEqual({
            'sellers': ['name'],
            'cost-centers': ['name'],
            'categories': ['name'],
            'bank-accounts': ['name', 'type', 'initialBalance'],
            'reconciliations': ['bankAccount', 'date'],
            'journals': ['date', 'entries'],
            'additional-charges': ['name'],
            'users': ['name', 'lastName', 'email'],
        }, required)

    def test_extra_fields_are_allowed(self):
        for resource in CREATABLE:
            body = dict(resource.example, customField='x')
            self.assertEqual([], fields(body, resource.create_schema()),
                             resource.name)

    def test_partial_updates_need_no_required_field(self):
        for resource in RESOURCES:
            schema = resource.create_schema()
            if schema and resource.supports('update'):
                self.assertEqual([], fields({'name': 'Nuevo nombre'},
                                            schema, partial=True),
                                 resource.name)

    def test_status_is_active_or_inactive(self):
        for name in ('sellers', 'cost-centers', 'bank-accounts',
                     'additional-charges', 'users'):
            resource = BY_NAME[name]
            schema = resource.create_schema()
            self.assertEqual([], fields(
                dict(resource.example, status='inactive'), schema))
            self.assertEqual(['status'], fields(
                dict(resource.example, status='deleted'), schema), name)

    def test_names_cannot_be_empty(self):
        for resource in CREATABLE:
            if 'name' in resource.example:
                self.assertEqual(['name'], fields(
                    dict(resource.example, name=''),
                    resource.create_schema()), resource.name)

    def test_seller_identification_may_be_a_number(self):
        schema = sellers.RESOURCE.create_schema()
        self.assertEqual([], fields({'name': 'Ana', 'identification':
                                     1020304050}, schema))
        self.assertEqual(['identification'], fields(
            {'name': 'Ana', 'identification': {'number': '1'}}, schema))

    def test_category_type_takes_unknown_types(self):
        schema = categories.RESOURCE.create_schema()
        for kind in categories.TYPES + ('productionCost',):
            self.assertEqual([], fields({'name': 'Cuenta', 'type': kind},
                                        schema))
        self.assertEqual(['type'], fields({'name': 'Cuenta', 'type': 4},
                                          schema))

    def test_category_nature(self):
        schema = categories.RESOURCE.create_schema()
        self.assertEqual([], fields({'name': 'Caja', 'nature': 'credit'},
                                    schema))
        self.assertEqual(['nature'], fields({'name': 'Caja',
                                             'nature': 'debe'}, schema))

    def test_bank_account_rules(self):
        resource = bank_accounts.RESOURCE
        schema = resource.create_schema()
        for kind in ('bank', 'credit-card', 'cash'):
            self.assertEqual([], fields(dict(resource.example, type=kind),
                                        schema))
        cases = (('type', 'savings'), ('initialBalance', '200000'),
                 ('initialBalanceDate', '01/01/2026'))
        for field, value in cases:
            self.assertEqual([field], fields(
                dict(resource.example, **{field: value}), schema))
        self.assertEqual([], fields(dict(resource.example,
                                         initialBalance=-350000), schema))

    def test_reconciliation_account_is_a_reference(self):
        schema = reconciliations.RESOURCE.create_schema()
        body = dict(reconciliations.RESOURCE.example, bankAccount='1')
        self.assertEqual([], fields(body, schema))
        body['bankAccount'] = {'name': 'Bancolombia'}
        self.assertEqual(['bankAccount'], fields(body, schema))

    def test_journal_entries(self):
        schema = journals.RESOURCE.create_schema()
        example = journals.RESOURCE.example
        self.assertEqual(['entries'], fields(dict(example, entries=[]),
                                             schema))
        cases = (({'debit': 100}, 'entries.0.id'),
                 ({'id': '5120', 'debit': -1}, 'entries.0.debit'),
                 ({'id': '5120', 'credit': '100'}, 'entries.0.credit'))
        for entry, field in cases:
            self.assertEqual([field], fields(dict(example, entries=[entry]),
                                             schema), entry)
        self.assertEqual(['costCenter'], fields(
            dict(example, costCenter={'code': 'CC-01'}), schema))
        self.assertEqual([], fields(dict(example, costCenter='1'), schema))

    def test_additional_charge_percentage(self):
        schema = additional_charges.RESOURCE.create_schema()
        self.assertEqual([], fields({'name': 'Flete', 'amount': 12000},
                                    schema))
        for value in (-1, 101, '10'):
            self.assertEqual(['percentage'], fields(
                {'name': 'Propina', 'percentage': value}, schema), value)

    def test_user_email(self):
        schema = users.RESOURCE.create_schema()
        body = dict(users.RESOURCE.example, email='camila')
        self.assertEqual(['email'], fields(body, schema))

    def test_company_update_schema(self):
        schema = company.RESOURCE.create_schema()
        self.assertNotIn('required', schema)
        self.assertEqual([], fields({
            'name': 'Café Montaña SAS', 'decimalPrecision': '2',
            'address': {'address': 'Carrera 7', 'city': 'Bogotá',
                        'department': 'Bogotá D.C.'},
            'email': 'contabilidad@cafemontana.test',
            'website': 'cafemontana.test'}, schema))
        self.assertEqual([], fields({'decimalPrecision': 0}, schema))
        self.assertEqual(['email'], fields({'email': 'sin-arroba'}, schema))

    def test_reports_have_no_schema(self):
        self.assertIsNone(reports.RESOURCE.create_schema())


class TestTransfer(testtools.TestCase):

    def setUp(self):
        super().setUp()
        [self.action] = bank_accounts.RESOURCE.actions

    def test_action(self):
        self.assertEqual('transfer', self.action.name)
        self.assertEqual('POST', self.action.method)
        self.assertTrue(self.action.body)
        self.assertFalse(self.action.destructive)
        self.assertEqual('/bank-accounts/1/transfer',
                         self.action.url_path('/bank-accounts', '1'))
        self.assertIn('/bank-accounts/transfer', self.action.help)

    def test_body(self):
        schema = self.action.schema
        self.assertEqual([], fields(TRANSFER, schema))
        self.assertEqual([], fields(dict(TRANSFER, idDestination=2,
                                         exchangeRate=3900.5), schema))
        for field in ('idDestination', 'amount', 'date'):
            body = dict(TRANSFER)
            del body[field]
            self.assertEqual([(field, 'is required')],
                             validation.problems(body, schema))
        for amount in (0, -10, '150000'):
            self.assertEqual(['amount'], fields(dict(TRANSFER,
                                                     amount=amount),
                                                schema), amount)


class TestColumns(testtools.TestCase):

    def test_table_columns(self):
        for resource in RESOURCES:
            self.assertTrue(1 <= len(resource.table_columns) <= 7,
                            resource.name)

    def test_import_headers_are_export_columns(self):
        for resource in RESOURCES:
            self.assertTrue(set(resource.import_mapping)
                            <= set(resource.export_columns), resource.name)

    def test_import_paths_are_create_fields(self):
        for resource in CREATABLE:
            schema = resource.create_schema()
            for path in resource.import_mapping.values():
                self.assertTrue(mapping.field_schemas(schema, path),
                                (resource.name, path))

    def test_ids_are_not_imported(self):
        for resource in RESOURCES:
            self.assertNotIn('id', resource.import_mapping, resource.name)

    def test_no_export_without_list(self):
        for resource in RESOURCES:
            if not resource.supports('list'):
                self.assertEqual((), resource.export_columns)
                self.assertEqual({}, resource.import_mapping)


class TestFilters(testtools.TestCase):

    def app(self):
        return types.SimpleNamespace(stdin=io.StringIO(),
                                     stdout=io.StringIO(),
                                     stderr=io.StringIO())

    def test_options_are_valid_unique_and_free(self):
        for resource in RESOURCES:
            options = [f.option for f in resource.filters]
            dests = [f.dest for f in resource.filters]
            for option in options:
                self.assertRegex(option, LONG_FLAG)
                self.assertNotIn(option, BUILT_IN, resource.name)
            self.assertEqual(len(options), len(set(options)))
            self.assertEqual(len(dests), len(set(dests)))

    def test_flags(self):
        found = {r.name: {f.param: f.option for f in r.filters}
                 for r in RESOURCES if r.filters}
        self.assertEqual({
            'sellers': {'status': '--status'},
            'cost-centers': {'status': '--status', 'name': '--name'},
            'categories': {'format': '--layout', 'type': '--type'},
            'bank-accounts': {'includeInactive': '--include-inactive',
                              'includeBalance': '--include-balance'},
            'journals': {'date': '--date'},
            'additional-charges': {'status': '--status', 'name': '--name'},
            'users': {'status': '--status', 'role': '--role'},
        }, found)

    def test_filters_only_on_listable_resources(self):
        for resource in RESOURCES:
            if resource.filters:
                self.assertTrue(resource.supports('list'), resource.name)

    def test_list_parsers_build(self):
        for resource in LISTABLE:
            command = verbs.commands_for(resource)['list'](self.app(), None)
            parser = command.get_parser(f'alegra {resource.name} list')
            parsed = parser.parse_args([])
            self.assertEqual([], command.query_params(parsed),
                             resource.name)

    def test_list_sends_the_api_parameters(self):
        cases = (
            (categories.RESOURCE, ['--layout', 'plain', '--type', 'income'],
             [('format', 'plain'), ('type', 'income')]),
            (bank_accounts.RESOURCE,
             ['--include-inactive', 'true', '--include-balance', 'false'],
             [('includeInactive', 'true'), ('includeBalance', 'false')]),
            (cost_centers.RESOURCE, ['--status', 'active', '--name', 'Tien'],
             [('status', 'active'), ('name', 'Tien')]),
            (users.RESOURCE, ['--role', 'admin'], [('role', 'admin')]),
            (journals.RESOURCE, ['--date', '2026-03-31'],
             [('date', '2026-03-31')]),
        )
        for resource, argv, expected in cases:
            command = verbs.commands_for(resource)['list'](self.app(), None)
            parser = command.get_parser(f'alegra {resource.name} list')
            self.assertEqual(expected,
                             command.query_params(parser.parse_args(argv)))

    def test_choices_are_enforced(self):
        app = self.app()
        command = verbs.commands_for(categories.RESOURCE)['list'](app, None)
        parser = command.get_parser('alegra categories list')
        with testtools.ExpectedException(SystemExit):
            parser.parse_args(['--layout', 'list'])
        self.assertIn("choose from 'tree', 'plain'", app.stderr.getvalue())


class TestVerbs(testtools.TestCase):

    def test_commands(self):
        found = {r.name: list(verbs.commands_for(r)) for r in RESOURCES}
        full = ['list', 'get', 'create', 'update', 'delete', 'import',
                'export']
        self.assertEqual({
            'sellers': full,
            'cost-centers': full,
            'categories': ['list', 'get', 'create', 'update', 'import',
                           'export'],
            'bank-accounts': full + ['transfer'],
            'reconciliations': ['list', 'get', 'create', 'delete',
                                'import', 'export'],
            'journals': full,
            'additional-charges': full,
            'users': full,
            'company': ['get', 'update'],
            'reports': ['get'],
        }, found)

    def test_paths(self):
        self.assertEqual({
            'sellers': '/sellers', 'cost-centers': '/cost-centers',
            'categories': '/categories', 'bank-accounts': '/bank-accounts',
            'reconciliations': '/conciliations', 'journals': '/journals',
            'additional-charges': '/additional-charges', 'users': '/users',
            'company': '/company', 'reports': '/reports',
        }, {r.name: r.path for r in RESOURCES})

    def test_company_is_a_singleton(self):
        resource = company.RESOURCE
        self.assertTrue(resource.singleton)
        self.assertEqual('/company', resource.item_path(None))

    def test_reports_are_got_by_name(self):
        resource = reports.RESOURCE
        self.assertEqual('report', resource.id_field)
        self.assertEqual('/reports/sales-totals',
                         resource.item_path('sales-totals'))
        for name in ('sales-documents', 'sales-totals', 'sales-by-client',
                     'sales-by-seller'):
            self.assertIn(name, resource.summary)

    def test_users_self_is_a_plain_get(self):
        self.assertEqual('/users/self', users.RESOURCE.item_path('self'))

    def test_summaries_are_lower_case(self):
        for resource in RESOURCES:
            self.assertEqual(resource.summary[:1].lower(),
                             resource.summary[:1], resource.name)

    def test_modules_have_docstrings(self):
        for module in (sellers, cost_centers, categories, bank_accounts,
                       reconciliations, journals, additional_charges, users,
                       company, reports):
            self.assertTrue(module.__doc__, module.__name__)


class TestSandbox(testtools.TestCase):
    """Every plugin served by the real sandbox, in process."""

    def setUp(self):
        super().setUp()
        self.sandbox = self.make(plan_gated=())

    def make(self, **options):
        sandbox = server.Sandbox(
            store.Store(),
            server.Options(rate_limit=None, probe_webhooks=False, **options),
            resources={r.path: r for r in RESOURCES})
        sandbox.load_seed()
        return sandbox

    def call(self, method, path, body=None, sandbox=None):
        data = b'' if body is None else json.dumps(body).encode('utf-8')
        status, _, answer = (sandbox or self.sandbox).handle(
            method, '/api/v1' + path, dict(AUTH), data)
        return status, json.loads(answer.decode('utf-8'))

    def test_lists(self):
        for resource in LISTABLE:
            status, answer = self.call('GET', resource.path)
            self.assertEqual(200, status, resource.name)
            self.assertIsInstance(answer, list)

    def test_seeded_bank_account_is_listed(self):
        status, answer = self.call('GET', '/bank-accounts')
        self.assertEqual(['Bancolombia', 'Davivienda', 'Caja general'],
                         [a['name'] for a in answer])

    def test_create_get_update_delete(self):
        for resource in CREATABLE:
            status, created = self.call('POST', resource.path,
                                        resource.example)
            self.assertEqual(201, status, (resource.name, created))
            ident = created['id']
            self.assertIsInstance(ident, str)
            path = resource.item_path(ident)
            status, got = self.call('GET', path)
            self.assertEqual(200, status, resource.name)
            self.assertEqual(created, got)
            if resource.supports('update'):
                status, updated = self.call('PUT', path,
                                            {'observations': 'Revisado'})
                self.assertEqual(200, status, resource.name)
                self.assertEqual(dict(created, observations='Revisado'),
                                 updated)
            else:
                status, _ = self.call('PUT', path, {'date': '2026-04-30'})
                self.assertEqual(405, status, resource.name)
            if resource.supports('delete'):
                status, _ = self.call('DELETE', path)
                self.assertEqual(200, status, resource.name)
                status, _ = self.call('GET', path)
                self.assertEqual(404, status, resource.name)
            else:
                status, _ = self.call('DELETE', path)
                self.assertEqual(405, status, resource.name)

    def test_bad_bodies_are_refused(self):
        for resource in CREATABLE:
            status, answer = self.call('POST', resource.path, {})
            self.assertEqual(400, status, resource.name)
            # The first problem in field order is named.
            self.assertIn(min(resource.create_schema()['required']),
                          answer['message'])

    def test_transfer(self):
        status, answer = self.call('POST', '/bank-accounts/1/transfer',
                                   TRANSFER)
        self.assertEqual(200, status, answer)
        status, answer = self.call('POST', '/bank-accounts/1/transfer',
                                   {'amount': 1})
        self.assertEqual(400, status, answer)
        self.assertIn('date', answer['message'])
        status, _ = self.call('POST', '/bank-accounts/99/transfer', TRANSFER)
        self.assertEqual(404, status)

    def test_categories_cannot_be_deleted(self):
        status, created = self.call('POST', '/categories',
                                    categories.RESOURCE.example)
        status, _ = self.call('DELETE', f"/categories/{created['id']}")
        self.assertEqual(405, status)

    def test_company(self):
        status, got = self.call('GET', '/company')
        self.assertEqual(200, status)
        self.assertEqual('Café Montaña SAS', got['name'])
        status, updated = self.call('PUT', '/company',
                                    {'phone': '601 999 0000'})
        self.assertEqual(200, status)
        self.assertEqual(dict(got, phone='601 999 0000'), updated)
        for method in ('POST', 'DELETE'):
            status, _ = self.call(method, '/company', {})
            self.assertEqual(405, status, method)

    def test_users_self(self):
        status, got = self.call('GET', '/users/self')
        self.assertEqual(200, status)
        self.assertEqual('sandbox@alegra.test', got['email'])

    def test_reports(self):
        status, _ = self.call('GET', '/reports')
        self.assertEqual(405, status)
        status, _ = self.call('POST', '/reports', {})
        self.assertEqual(405, status)
        # The sandbox computes its reports from the stored invoices.
        status, got = self.call('GET',
                                '/reports/sales-totals?from=2026-01-01')
        self.assertEqual(200, status)
        self.assertEqual(['balance', 'count', 'total'],
                         sorted(got['data'][0]))
        status, _ = self.call('GET', '/reports/no-such-report')
        self.assertEqual(404, status)

    def test_plan_gated_by_default(self):
        sandbox = self.make()
        for path in ('/conciliations', '/reports/sales-totals'):
            status, answer = self.call('GET', path, sandbox=sandbox)
            self.assertEqual(402, status, path)
        status, _ = self.call('GET', '/journals', sandbox=sandbox)
        self.assertEqual(200, status)
