"""The catalog plugins: warehouses, stock movements and settings.

Each plugin gets the same checks, in a test class of its own: its schema
against its example, its filters as flags, and its verbs against the
sandbox in-process (no sockets, no entry points).
"""

import base64
import io
import json
import re
import types

import testtools

from alegra import validation
from alegra import verbs
from alegra.sandbox import server
from alegra.sandbox import store
from alegra_plugins import _catalog
from alegra_plugins import currencies
from alegra_plugins import custom_fields
from alegra_plugins import inventory_adjustments
from alegra_plugins import inventory_adjustments_numerations
from alegra_plugins import item_categories
from alegra_plugins import number_templates
from alegra_plugins import price_lists
from alegra_plugins import retentions
from alegra_plugins import taxes
from alegra_plugins import terms
from alegra_plugins import variant_attributes
from alegra_plugins import warehouse_transfers
from alegra_plugins import warehouses

# Each plugin with the change an update sends.
PLUGINS = (
    (inventory_adjustments, {'observations': 'Conteo corregido'}),
    (inventory_adjustments_numerations, {'prefix': 'AJB'}),
    (warehouses, {'address': 'Carrera 50 # 30-12', 'isDefault': True}),
    (warehouse_transfers, {'observations': 'Llegó completo'}),
    (item_categories, {'description': 'Todo para preparar café'}),
    (variant_attributes, {'options': [{'value': '1 kg'}]}),
    (custom_fields, {'defaultValue': 'Nariño'}),
    (price_lists, {'percentage': 7.5}),
    (taxes, {'status': 'inactive'}),
    (retentions, {'percentage': 6}),
    (currencies, {'exchangeRate': 4050.5}),
    (terms, {'days': 60}),
    (number_templates, {'nextInvoiceNumber': 20}),
)
RESOURCES = tuple(module.RESOURCE for module, _ in PLUGINS)
# Flags every list verb has already, its own and the common ones.
BUILT_IN_FLAGS = {'--start', '--limit', '--all', '--count', '--query', '-q',
                  '--order-field', '--order-direction', '--param',
                  '--columns', '--output', '--dry-run', '--profile',
                  '--base-url', '--debug', '--verbose', '--help', '-h',
                  '-o', '-v'}
LONG_FLAG = re.compile(r'^--[a-z][a-z0-9]*(-[a-z0-9]+)*$')
AUTHORIZATION = 'Basic ' + base64.b64encode(
    b'sandbox@alegra.test:sandbox').decode('ascii')
SEED_IDS = {'taxes': 3, 'retentions': 4, 'price-lists': 2, 'terms': 3,
            'warehouses': 2, 'currencies': 2, 'number-templates': 5}


def sandbox(plan_gated=server.DEFAULT_PLAN_GATED):
    found = server.Sandbox(
        store.Store(),
        server.Options(rate_limit=None, probe_webhooks=False,
                       plan_gated=plan_gated),
        resources={resource.path: resource for resource in RESOURCES})
    found.load_seed()
    return found


def call(box, method, path, payload=None, query=''):
    body = b'' if payload is None else json.dumps(payload).encode('utf-8')
    target = '/api/v1' + path + (f'?{query}' if query else '')
    status, _, answer = box.handle(method, target,
                                   {'Authorization': AUTHORIZATION}, body)
    return status, json.loads(answer.decode('utf-8'))


def without(body, path):
    """A copy of ``body`` without the field at a dotted path."""
    body = json.loads(json.dumps(body))
    *parents, last = path.split('.')
    node = body
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    del node[last]
    return body


def required_paths(schema, example, prefix=''):
    """Every required field of ``schema`` present in ``example``, as
    dotted paths, nested objects and array members included."""
    found = []
    for field in schema.get('required', ()):
        if field in example:
            found.append(prefix + field)
    for field, value in example.items():
        prop = schema.get('properties', {}).get(field, {})
        if isinstance(value, dict) and prop.get('type') == 'object':
            found += required_paths(prop, value, f'{prefix}{field}.')
        if isinstance(value, list) and prop.get('type') == 'array':
            for index, member in enumerate(value):
                if isinstance(member, dict):
                    found += required_paths(prop['items'], member,
                                            f'{prefix}{field}.{index}.')
    return found


class _PluginChecks:
    """The checks every catalog plugin passes; see the subclasses below."""

    module = None
    change = None

    @property
    def resource(self):
        return self.module.RESOURCE

    def problems(self, body, partial=False):
        return validation.problems(body, self.resource.create_schema(),
                                   partial)

    # (a) The schema.

    def test_module_docstring_is_one_sentence_naming_the_path(self):
        doc = ' '.join(self.module.__doc__.split())
        self.assertIn(f'(``{self.resource.path}``)', doc)
        self.assertTrue(doc.endswith('.'), doc)

    def test_schema_is_built_in_python(self):
        schema = self.resource.create_schema()
        self.assertIsInstance(self.resource.schema, dict)
        self.assertEqual('object', schema['type'])
        self.assertNotIn('additionalProperties', json.dumps(schema))
        self.assertTrue(schema['required'])

    def test_example_passes(self):
        self.assertIsNotNone(self.resource.example)
        self.assertEqual([], self.problems(self.resource.example))

    def test_example_missing_each_required_field_fails(self):
        paths = required_paths(self.resource.create_schema(),
                               self.resource.example)
        for field in self.resource.create_schema()['required']:
            self.assertIn(field, paths, 'the example lacks a required '
                                        'field')
        for path in paths:
            self.assertIn((path, 'is required'),
                          self.problems(without(self.resource.example,
                                                path)))

    def test_extra_fields_are_allowed(self):
        body = dict(self.resource.example, countrySpecific={'a': 1})
        self.assertEqual([], self.problems(body))

    def test_update_change_passes_as_partial(self):
        self.assertEqual([], self.problems(self.change, partial=True))

    def test_status_takes_only_active_or_inactive(self):
        properties = self.resource.create_schema()['properties']
        if 'status' not in properties:
            self.skipTest('no status field')
        self.assertEqual([], self.problems({'status': 'inactive'}, True))
        self.assertNotEqual([], self.problems({'status': 'closed'}, True))

    def test_columns(self):
        self.assertTrue(3 <= len(self.resource.table_columns) <= 7)
        self.assertEqual(self.resource.id_field,
                         self.resource.table_columns[0])
        self.assertEqual(self.resource.id_field,
                         self.resource.export_columns[0])

    def test_import_mapping_reads_export_columns_into_the_schema(self):
        properties = self.resource.create_schema()['properties']
        for column, path in self.resource.import_mapping.items():
            self.assertIn(column, self.resource.export_columns)
            self.assertIn(path.split('.')[0], properties)

    # (b) The filters.

    def test_filter_flags_are_valid_unique_and_free(self):
        options = [filter_.option for filter_ in self.resource.filters]
        for option in options:
            self.assertThat(option, testtools.matchers.MatchesRegex(
                LONG_FLAG.pattern))
            self.assertNotIn(option, BUILT_IN_FLAGS)
        self.assertEqual(len(options), len(set(options)))
        dests = [filter_.dest for filter_ in self.resource.filters]
        self.assertEqual(len(dests), len(set(dests)))

    def test_list_parser_sends_each_filter(self):
        app = types.SimpleNamespace(stdin=io.StringIO(),
                                    stdout=io.StringIO(),
                                    stderr=io.StringIO())
        command = verbs.commands_for(self.resource)['list'](app, None)
        parser = command.get_parser(f'alegra {self.resource.name} list')
        argv, expected = [], []
        for filter_ in self.resource.filters:
            value = filter_.choices[0] if filter_.choices else 'x'
            argv += [filter_.option, value]
            expected.append((filter_.param, value))
        parsed = parser.parse_args(argv)
        self.assertEqual(expected, command.query_params(parsed))

    def test_commands(self):
        self.assertEqual(['list', 'get', 'create', 'update', 'delete',
                          'import', 'export'],
                         list(verbs.commands_for(self.resource)))

    # (c) Against the sandbox.

    def test_sandbox_round_trip(self):
        box = sandbox()
        path, key = self.resource.path, self.resource.id_field
        status, listed = call(box, 'GET', path)
        self.assertEqual(200, status)
        self.assertIsInstance(listed, list)
        self.assertEqual(SEED_IDS.get(self.resource.name, 0), len(listed))

        status, created = call(box, 'POST', path, self.resource.example)
        self.assertEqual(201, status, created)
        ident = created[key]
        self.assertIsInstance(ident, str)
        item = f'{path}/{ident}'
        status, fetched = call(box, 'GET', item)
        self.assertEqual(200, status)
        self.assertEqual(created, fetched)
        for field, value in self.resource.example.items():
            self.assertEqual(value, fetched[field])

        status, updated = call(box, 'PUT', item, self.change)
        self.assertEqual(200, status, updated)
        self.assertEqual({**fetched, **self.change}, updated)
        self.assertEqual(updated, call(box, 'GET', item)[1])

        status, _ = call(box, 'DELETE', item)
        self.assertEqual(200, status)
        self.assertEqual(404, call(box, 'GET', item)[0])

    def test_sandbox_refuses_a_body_missing_a_required_field(self):
        box = sandbox()
        field = self.resource.create_schema()['required'][0]
        status, answer = call(box, 'POST', self.resource.path,
                              without(self.resource.example, field))
        self.assertEqual(400, status)
        self.assertIn(field, answer['message'])

    def test_sandbox_answers_405_to_an_unsupported_method(self):
        box = sandbox()
        self.assertEqual(405, call(box, 'PATCH', self.resource.path)[0])
        ident = call(box, 'POST', self.resource.path,
                     self.resource.example)[1][self.resource.id_field]
        self.assertEqual(405, call(box, 'PATCH',
                                   f'{self.resource.path}/{ident}',
                                   self.change)[0])

    def test_sandbox_filters(self):
        box = sandbox()
        call(box, 'POST', self.resource.path, self.resource.example)
        for filter_ in self.resource.filters:
            status, answer = call(box, 'GET', self.resource.path,
                                  query=f'{filter_.param}=x')
            self.assertEqual(200, status)
            self.assertIsInstance(answer, list)


def _class_name(module):
    return 'Test' + ''.join(part.capitalize()
                            for part in module.__name__.rsplit('.', 1)[1]
                            .split('_'))


for _module, _change in PLUGINS:
    globals()[_class_name(_module)] = type(
        _class_name(_module), (_PluginChecks, testtools.TestCase),
        {'module': _module, 'change': _change, '__module__': __name__})
del _module, _change


class TestSpecifics(testtools.TestCase):
    """What only some plugins do."""

    def test_every_path_is_distinct(self):
        paths = [resource.path for resource in RESOURCES]
        names = [resource.name for resource in RESOURCES]
        self.assertEqual(len(paths), len(set(paths)))
        self.assertEqual(len(names), len(set(names)))

    def test_no_actions(self):
        self.assertEqual([], [resource.name for resource in RESOURCES
                              if resource.actions])

    def test_currencies_are_keyed_by_code(self):
        resource = currencies.RESOURCE
        self.assertEqual('code', resource.id_field)
        self.assertEqual('/currencies/USD', resource.item_path('USD'))
        box = sandbox()
        status, created = call(box, 'POST', '/currencies', resource.example)
        self.assertEqual((201, 'EUR'), (status, created['code']))
        self.assertNotIn('id', created)
        self.assertEqual(200, call(box, 'GET', '/currencies/EUR')[0])
        # The seed's own USD is there, and a second one is refused.
        self.assertEqual(200, call(box, 'GET', '/currencies/USD')[0])
        self.assertEqual(400, call(box, 'POST', '/currencies',
                                   {'code': 'USD', 'exchangeRate': 1})[0])
        for bad in ({'code': 'usd', 'exchangeRate': 1},
                    {'code': 'USD', 'exchangeRate': 0}):
            self.assertNotEqual([], validation.problems(
                bad, resource.create_schema()))

    def test_taxes_percentage_is_0_to_100(self):
        schema = taxes.RESOURCE.create_schema()
        for good in (0, 19, 100, 2.5):
            self.assertEqual([], validation.problems(
                {'name': 'IVA', 'percentage': good}, schema))
        for bad in (-1, 101, '19'):
            self.assertNotEqual([], validation.problems(
                {'name': 'IVA', 'percentage': bad}, schema))

    def test_terms_days_are_whole_and_not_negative(self):
        schema = terms.RESOURCE.create_schema()
        self.assertEqual([], validation.problems(
            {'name': 'Contado', 'days': 0}, schema))
        for bad in (-1, 1.5, '30'):
            self.assertNotEqual([], validation.problems(
                {'name': 'x', 'days': bad}, schema))

    def test_price_list_types(self):
        schema = price_lists.RESOURCE.create_schema()
        self.assertEqual([], validation.problems(
            {'name': 'General', 'type': 'amount', 'percentage': None},
            schema))
        self.assertNotEqual([], validation.problems(
            {'name': 'x', 'type': 'fixed'}, schema))

    def test_adjustment_lines(self):
        schema = inventory_adjustments.RESOURCE.create_schema()
        example = inventory_adjustments.RESOURCE.example
        for line in ({'id': '1', 'type': 'both', 'quantity': 1},
                     {'id': '1', 'type': 'in', 'quantity': 0},
                     {'id': '1', 'type': 'in', 'quantity': 1,
                      'unitCost': -5}):
            self.assertNotEqual([], validation.problems(
                dict(example, items=[line]), schema), line)
        self.assertNotEqual([], validation.problems(
            dict(example, items=[]), schema))
        self.assertEqual([], validation.problems(
            dict(example, warehouse='1', date='2026-03-15'), schema))

    def test_stock_lines_are_shared(self):
        adjustment = inventory_adjustments.RESOURCE.create_schema()
        transfer = warehouse_transfers.RESOURCE.create_schema()
        self.assertEqual(_catalog.stock_lines()['items']['properties'],
                         transfer['properties']['items']['items']
                         ['properties'])
        self.assertEqual(
            set(transfer['properties']['items']['items']['properties'])
            | {'type', 'unitCost'},
            set(adjustment['properties']['items']['items']['properties']))

    def test_number_template_document_types(self):
        schema = number_templates.RESOURCE.create_schema()
        self.assertEqual([], validation.problems(
            {'name': 'x', 'documentType': 'supportDocument'}, schema))
        self.assertNotEqual([], validation.problems(
            {'name': 'x', 'documentType': 'receipt'}, schema))

    def test_sandbox_filters_seeded_and_created_records(self):
        box = sandbox()
        template = number_templates.RESOURCE
        call(box, 'POST', template.path, template.example)
        self.assertEqual(2, len(call(box, 'GET', template.path,
                                     query='documentType=invoice')[1]))
        self.assertEqual(['Cotizaciones'], [
            record['name'] for record in call(
                box, 'GET', template.path, query='documentType=estimate')[1]])
        adjustments = inventory_adjustments.RESOURCE
        call(box, 'POST', adjustments.path, adjustments.example)
        self.assertEqual(1, len(call(box, 'GET', adjustments.path,
                                     query='warehouse_id=1')[1]))
        self.assertEqual([], call(box, 'GET', adjustments.path,
                                  query='warehouse_id=2')[1])
        transfer = warehouse_transfers.RESOURCE
        call(box, 'POST', transfer.path, transfer.example)
        self.assertEqual(1, len(call(box, 'GET', transfer.path,
                                     query='item_id=1')[1]))
        self.assertEqual(['IVA 5%'], [
            record['name'] for record in call(
                box, 'GET', '/taxes', query='name=5%25')[1]])

    def test_numerations_beside_adjustments(self):
        box = sandbox()
        numeration = inventory_adjustments_numerations.RESOURCE
        status, created = call(box, 'POST', numeration.path,
                               numeration.example)
        self.assertEqual(201, status)
        self.assertEqual([created], call(
            box, 'GET', '/inventory-adjustments/numerations')[1])
        self.assertEqual([], call(box, 'GET', '/inventory-adjustments')[1])
