"""Request bodies: value inference, dotted paths, JSON files, --set, and
the schema that types --set values and CSV cells."""

import io
import os

import fixtures
import testtools

from alegra import body
from alegra import errors
from alegra import jsonio
from alegra_plugins import contacts
from alegra_plugins import invoices
from alegra_plugins import items
from tests.unit import base

CONTACTS = contacts.RESOURCE.create_schema()
INVOICES = invoices.RESOURCE.create_schema()
ITEMS = items.RESOURCE.create_schema()


def options(schema, path):
    return body.field_schemas(schema, path)


def cell(text, schema, path):
    """A CSV cell's value at ``path``."""
    return body.typed_value(schema, path, text, literal=True)


def typed(text, schema, path):
    """A ``--set`` value at ``path``."""
    return body.typed_value(schema, path, text)


class TestInferValue(testtools.TestCase):

    def test_json_words(self):
        self.assertIs(True, body.infer_value('true'))
        self.assertIs(False, body.infer_value('false'))
        self.assertIsNone(body.infer_value('null'))

    def test_json_words_are_case_sensitive(self):
        self.assertEqual('True', body.infer_value('True'))
        self.assertEqual('NULL', body.infer_value('NULL'))

    def test_integer(self):
        value = body.infer_value('42')
        self.assertEqual(42, value)
        self.assertIs(int, type(value))

    def test_negative_integer(self):
        value = body.infer_value('-7')
        self.assertEqual(-7, value)
        self.assertIs(int, type(value))

    def test_zero(self):
        self.assertEqual(0, body.infer_value('0'))

    def test_decimal_keeps_its_text(self):
        value = body.infer_value('10.50')
        self.assertIsInstance(value, jsonio.JsonNumber)
        self.assertEqual('10.50', str(value))
        self.assertEqual('10.50', value.text)
        self.assertEqual(jsonio.JsonNumber('10.5'), value)
        self.assertEqual('{"price": 10.50}',
                         jsonio.dumps({'price': value}, indent=None))

    def test_negative_decimal(self):
        value = body.infer_value('-0.25')
        self.assertIsInstance(value, jsonio.JsonNumber)
        self.assertEqual('-0.25', str(value))

    def test_leading_zeros_stay_a_string(self):
        self.assertEqual('007123', body.infer_value('007123'))

    def test_plus_sign_stays_a_string(self):
        self.assertEqual('+573001234567', body.infer_value('+573001234567'))

    def test_exponent_stays_a_string(self):
        self.assertEqual('1e5', body.infer_value('1e5'))

    def test_integer_beyond_2_53_stays_a_string(self):
        value = body.infer_value('9007199254740993')
        self.assertEqual('9007199254740993', value)
        self.assertIsInstance(value, str)

    def test_negative_integer_beyond_2_53_stays_a_string(self):
        self.assertEqual('-9007199254740993',
                         body.infer_value('-9007199254740993'))

    def test_2_53_is_an_integer(self):
        value = body.infer_value('9007199254740992')
        self.assertEqual(2 ** 53, value)
        self.assertIs(int, type(value))

    def test_incomplete_decimals_stay_strings(self):
        self.assertEqual('1.', body.infer_value('1.'))
        self.assertEqual('.5', body.infer_value('.5'))
        self.assertEqual('01.5', body.infer_value('01.5'))

    def test_json_array(self):
        self.assertEqual([1, 'a', None], body.infer_value('[1, "a", null]'))

    def test_json_object(self):
        value = body.infer_value('{"id": 5, "price": 1.50}')
        self.assertEqual({'id': 5, 'price': jsonio.JsonNumber('1.50')},
                         value)
        self.assertEqual('1.50', str(value['price']))

    def test_json_string(self):
        self.assertEqual('007', body.infer_value('"007"'))
        self.assertEqual('true', body.infer_value('"true"'))

    def test_malformed_json_is_a_usage_error(self):
        exc = self.assertRaises(errors.UsageError, body.infer_value,
                                '[client')
        self.assertIn("'[client'", exc.message)
        self.assertEqual(errors.USAGE, exc.exit_code)
        self.assertIsNotNone(exc.hint)

    def test_malformed_object_is_a_usage_error(self):
        self.assertRaises(errors.UsageError, body.infer_value, '{id: 5}')

    def test_plain_words_stay_strings(self):
        self.assertEqual('client', body.infer_value('client'))
        self.assertEqual('José Núñez', body.infer_value('José Núñez'))
        self.assertEqual('Bogotá D.C.', body.infer_value('Bogotá D.C.'))

    def test_empty_string(self):
        self.assertEqual('', body.infer_value(''))


class TestFieldSchemas(testtools.TestCase):

    def test_plain_property(self):
        self.assertEqual([{'type': 'string'}],
                         options(CONTACTS, 'address.city'))

    def test_through_one_of(self):
        self.assertEqual([{'type': ['string', 'integer']}],
                         options(CONTACTS, 'identification.number'))
        found = options(CONTACTS, 'identification')
        self.assertEqual(3, len(found))
        self.assertEqual({'string', 'integer', 'object'},
                         {option['type'] for option in found})

    def test_through_ref(self):
        found = options(CONTACTS, 'seller')
        self.assertEqual(
            [['string', 'integer'], 'object'],
            [option['type'] for option in found])
        self.assertEqual([{'type': ['string', 'integer']}],
                         options(CONTACTS, 'seller.id'))

    def test_through_arrays(self):
        found = options(INVOICES, 'items.0.price')
        self.assertEqual(1, len(found))
        self.assertEqual('number', found[0]['type'])
        self.assertEqual('number',
                         options(INVOICES, 'items.3.quantity')[0]['type'])

    def test_ref_inside_array_items(self):
        # items.0.tax.0 is a $ref to the reference definition.
        found = options(INVOICES, 'items.0.tax.0.id')
        self.assertEqual([{'type': ['string', 'integer']}], found)

    def test_ref_to_a_definition_with_a_pattern(self):
        found = options(INVOICES, 'date')
        self.assertEqual('string', found[0]['type'])
        self.assertIn('pattern', found[0])

    def test_unknown_path_and_no_schema(self):
        self.assertEqual([], options(CONTACTS, 'nope'))
        self.assertEqual([], options(CONTACTS, 'name.first'))
        self.assertEqual([], body.field_schemas({}, 'name'))
        self.assertEqual([], body.field_schemas(None, 'name'))

    def test_additional_properties_say_nothing(self):
        schema = {'type': 'object', 'properties': {},
                  'additionalProperties': {'type': 'string'}}
        self.assertEqual([], body.field_schemas(schema, 'regime'))


class TestCellValues(testtools.TestCase):
    """CSV cells are data: text unless the schema asks for more."""

    def test_string_fields_keep_text(self):
        path = 'identification.number'
        self.assertEqual('007123', cell('007123', CONTACTS, path))
        self.assertEqual('900123456', cell('900123456', CONTACTS, path))
        self.assertEqual('+573001234567',
                         cell('+573001234567', CONTACTS, 'phonePrimary'))
        self.assertEqual('true', cell('true', CONTACTS, 'phonePrimary'))
        self.assertEqual('"Lo mejor"',
                         cell('"Lo mejor"', CONTACTS, 'observations'))
        self.assertEqual('null', cell('null', CONTACTS, 'observations'))

    def test_number_field_gets_a_lossless_number(self):
        value = cell('10.50', INVOICES, 'items.0.price')
        self.assertIsInstance(value, jsonio.JsonNumber)
        self.assertEqual('10.50', str(value))
        self.assertEqual('{"price": 10.50}',
                         jsonio.dumps({'price': value}, indent=None))
        whole = cell('52000', INVOICES, 'items.0.price')
        self.assertEqual(52000, whole)
        self.assertIs(int, type(whole))
        self.assertEqual(52000, cell(' 52000 ', INVOICES, 'items.0.price'))

    def test_number_where_a_list_is_also_allowed(self):
        # An item's price is a number or a list of per-list prices.
        value = cell('10.50', ITEMS, 'price')
        self.assertIsInstance(value, jsonio.JsonNumber)
        self.assertEqual('10.50', str(value))

    def test_integer_field(self):
        schema = {'properties': {'n': {'type': 'integer'}}}
        self.assertEqual(42, cell('42', schema, 'n'))
        self.assertIs(int, type(cell('42', schema, 'n')))
        self.assertEqual('4.5', cell('4.5', schema, 'n'))
        self.assertEqual('007', cell('007', schema, 'n'))

    def test_the_schemas_first_type_that_fits_wins(self):
        # creditLimit is ["number", "string"]: an amount, or text.
        value = cell('1500.50', CONTACTS, 'creditLimit')
        self.assertIsInstance(value, jsonio.JsonNumber)
        self.assertEqual('1500.50', str(value))
        self.assertEqual('sin límite',
                         cell('sin límite', CONTACTS, 'creditLimit'))
        # zipCode is ["string", "integer"]: digits stay text.
        self.assertEqual('110111', cell('110111', CONTACTS,
                                        'address.zipCode'))
        # sendNotifications is ["boolean", "string"].
        path = 'internalContacts.0.sendNotifications'
        self.assertIs(True, cell('sí', CONTACTS, path))
        self.assertEqual('a veces', cell('a veces', CONTACTS, path))

    def test_booleans(self):
        for text, expected in (('true', True), ('false', False),
                               ('sí', True), ('Sí', True), ('si', True),
                               ('yes', True), ('1', True), ('no', False),
                               ('NO', False), ('0', False)):
            value = cell(text, CONTACTS, 'ignoreRepeated')
            self.assertIs(expected, value, text)
        self.assertEqual('maybe', cell('maybe', CONTACTS, 'ignoreRepeated'))

    def test_array_split_on_commas(self):
        self.assertEqual(['client', 'provider'],
                         cell('client, provider', CONTACTS, 'type'))
        self.assertEqual(['client', 'provider'],
                         cell(' client ,provider, ', CONTACTS, 'type'))
        self.assertEqual(['client'], cell('client', CONTACTS, 'type'))

    def test_array_from_json(self):
        self.assertEqual(['client'], cell('["client"]', CONTACTS, 'type'))
        self.assertEqual(['client', 'provider'],
                         cell(' ["client", "provider"] ', CONTACTS, 'type'))

    def test_array_of_objects_from_json(self):
        value = cell('[{"id": 1, "price": 10.00}]', ITEMS, 'price')
        self.assertEqual([{'id': 1, 'price': jsonio.JsonNumber('10.00')}],
                         value)
        self.assertEqual('10.00', str(value[0]['price']))

    def test_object_from_json(self):
        self.assertEqual({'id': 5}, cell('{"id": 5}', CONTACTS, 'seller'))
        self.assertEqual({'city': 'Bogotá'},
                         cell('{"city": "Bogotá"}', CONTACTS, 'address'))

    def test_non_number_in_number_field_stays_text(self):
        path = 'items.0.price'
        self.assertEqual('abc', cell('abc', INVOICES, path))
        self.assertEqual('1e5', cell('1e5', INVOICES, path))
        self.assertEqual('10,50', cell('10,50', INVOICES, path))

    def test_unknown_field_keeps_text(self):
        self.assertEqual('42', cell('42', CONTACTS, 'nope'))
        self.assertEqual('true', cell('true', {}, 'name'))


class TestSetValues(testtools.TestCase):
    """A --set value is typed by the same rules, and JSON where it says so."""

    def test_a_string_field_keeps_digits_as_text(self):
        path = 'identification.number'
        value = typed('900123456', CONTACTS, path)
        self.assertEqual('900123456', value)
        self.assertIsInstance(value, str)
        self.assertEqual('900123456',
                         typed('900123456', CONTACTS, 'identification'))
        self.assertEqual('42', typed('42', INVOICES, 'client.id'))
        self.assertEqual('true', typed('true', CONTACTS, 'name'))

    def test_a_json_string_is_that_string(self):
        self.assertEqual('1020304050',
                         typed('"1020304050"', CONTACTS, 'identification'))
        self.assertEqual('10', typed('"10"', ITEMS, 'price'))
        self.assertRaises(errors.UsageError, typed, '"a" b', CONTACTS,
                          'name')

    def test_null_is_null(self):
        self.assertIsNone(typed('null', CONTACTS, 'seller'))
        self.assertIsNone(typed('null', CONTACTS, 'nope'))

    def test_json_where_a_list_or_an_object_is_taken(self):
        self.assertEqual({'type': 'NIT', 'number': '900123456'},
                         typed('{"type": "NIT", "number": "900123456"}',
                               CONTACTS, 'identification'))
        prices = typed('[{"idPriceList": 1, "price": 10.50}]', ITEMS,
                       'price')
        self.assertEqual('10.50', str(prices[0]['price']))
        self.assertEqual(['client'], typed('["client"]', CONTACTS, 'type'))
        # Where only text is taken, brackets are text.
        self.assertEqual('[borrador] pedido',
                         typed('[borrador] pedido', CONTACTS, 'name'))

    def test_numbers_where_a_number_is_taken(self):
        value = typed('10.50', ITEMS, 'price')
        self.assertIsInstance(value, jsonio.JsonNumber)
        self.assertEqual('10.50', str(value))
        self.assertIs(int, type(typed('3', INVOICES, 'items.0.quantity')))
        limit = typed('1500.50', CONTACTS, 'creditLimit')
        self.assertEqual('1500.50', str(limit))

    def test_a_decimal_where_an_integer_is_wanted_stays_text(self):
        schema = {'properties': {'n': {'type': 'integer'},
                                 'm': {'type': ['integer', 'string']}}}
        self.assertEqual('4.5', typed('4.5', schema, 'n'))
        self.assertEqual(4, typed('4', schema, 'm'))
        self.assertEqual('4.5', typed('4.5', schema, 'm'))

    def test_booleans_take_the_same_words_as_cells(self):
        for text, expected in (('true', True), ('sí', True), ('YES', True),
                               ('1', True), ('false', False),
                               ('no', False), ('0', False)):
            self.assertIs(expected, typed(text, CONTACTS, 'ignoreRepeated'),
                          text)

    def test_a_list_of_plain_values_from_commas(self):
        self.assertEqual(['client', 'provider'],
                         typed('client,provider', CONTACTS, 'type'))
        self.assertEqual(['client'], typed('client', CONTACTS, 'type'))

    def test_enums_are_untouched(self):
        self.assertEqual('LEGAL_ENTITY',
                         typed('LEGAL_ENTITY', CONTACTS, 'kindOfPerson'))
        self.assertEqual('legal_entity',
                         typed('legal_entity', CONTACTS, 'kindOfPerson'))
        schema = {'properties': {'n': {'enum': [1, 2]}}}
        self.assertEqual(2, typed('2', schema, 'n'))

    def test_where_the_schema_says_nothing_inference_decides(self):
        for schema, path in ((CONTACTS, 'regimeObject'), ({}, 'name'),
                             (None, 'name')):
            self.assertEqual(42, typed('42', schema, path))
            self.assertEqual('007123', typed('007123', schema, path))
            self.assertIs(True, typed('true', schema, path))
            self.assertEqual(['a'], typed('["a"]', schema, path))
        schema = {'type': 'object', 'additionalProperties': True}
        self.assertEqual(5, typed('5', schema, 'anything'))


class TestSplitAssignment(testtools.TestCase):

    def test_key_and_value(self):
        self.assertEqual(('name', 'José'),
                         body.split_assignment('name=José', '--set'))

    def test_value_may_contain_equals(self):
        self.assertEqual(('query', 'a=b=c'),
                         body.split_assignment('query=a=b=c', '--set'))

    def test_empty_value(self):
        self.assertEqual(('name', ''),
                         body.split_assignment('name=', '--set'))

    def test_key_is_stripped(self):
        self.assertEqual(('name', ' x'),
                         body.split_assignment(' name = x', '--set'))

    def test_missing_equals(self):
        exc = self.assertRaises(errors.UsageError, body.split_assignment,
                                'name', '--set')
        self.assertIn('--set', exc.message)
        self.assertIn("'name'", exc.message)
        self.assertIn('key=value', exc.message)

    def test_empty_key(self):
        exc = self.assertRaises(errors.UsageError, body.split_assignment,
                                '=value', '--param')
        self.assertIn('--param', exc.message)

    def test_blank_key(self):
        # A key of spaces is empty once stripped.
        self.assertRaises(errors.UsageError, body.split_assignment,
                          '  =value', '--param')


class TestSetPath(testtools.TestCase):

    def test_top_level(self):
        target = {}
        self.assertIs(target, body.set_path(target, 'name', 'Ana'))
        self.assertEqual({'name': 'Ana'}, target)

    def test_dotted_nesting(self):
        self.assertEqual({'address': {'city': {'name': 'Lima'}}},
                         body.set_path({}, 'address.city.name', 'Lima'))

    def test_numeric_part_builds_a_list(self):
        self.assertEqual({'items': [{'id': 5}]},
                         body.set_path({}, 'items.0.id', 5))

    def test_later_index_pads_with_none(self):
        self.assertEqual({'items': [None, {'id': 7}]},
                         body.set_path({}, 'items.1.id', 7))

    def test_list_as_last_part(self):
        self.assertEqual({'tax': [None, None, 3]},
                         body.set_path({}, 'tax.2', 3))

    def test_lists_of_lists(self):
        self.assertEqual({'a': [[None, 'x']]},
                         body.set_path({}, 'a.0.1', 'x'))

    def test_merges_into_existing_dicts(self):
        target = {'name': 'Ana', 'address': {'city': 'Lima', 'zip': '15'}}
        body.set_path(target, 'address.city', 'Cusco')
        body.set_path(target, 'address.country', 'PE')
        self.assertEqual({'name': 'Ana',
                          'address': {'city': 'Cusco', 'zip': '15',
                                      'country': 'PE'}}, target)

    def test_merges_into_existing_list_items(self):
        target = {'items': [{'id': 1}]}
        body.set_path(target, 'items.0.quantity', 2)
        body.set_path(target, 'items.1.id', 9)
        self.assertEqual({'items': [{'id': 1, 'quantity': 2}, {'id': 9}]},
                         target)

    def test_overwrites_a_scalar_leaf(self):
        self.assertEqual({'a': 2}, body.set_path({'a': 1}, 'a', 2))

    def test_conflict_with_a_scalar(self):
        exc = self.assertRaises(errors.UsageError, body.set_path,
                                {'address': 'Calle 1'}, 'address.city', 'X')
        self.assertIn('address.city', exc.message)
        self.assertIn("'address'", exc.message)

    def test_name_inside_a_list(self):
        exc = self.assertRaises(errors.UsageError, body.set_path,
                                {'items': []}, 'items.name', 'X')
        self.assertIn('list index', exc.message)

    def test_empty_segment(self):
        for path in ('a..b', '.a', 'a.', ''):
            exc = self.assertRaises(errors.UsageError, body.set_path, {},
                                    path, 1)
            self.assertIn(repr(path), exc.message)

    def test_failed_path_leaves_no_partial_write_for_empty_segment(self):
        target = {}
        self.assertRaises(errors.UsageError, body.set_path, target,
                          'a..b', 1)
        self.assertEqual({}, target)


class TestGetPath(testtools.TestCase):

    record = {'id': '1',
              'address': {'city': 'Bogotá', 'geo': {'lat': 4.6}},
              'items': [{'id': 10}, {'id': 11, 'tax': [{'id': 3}]}],
              'status': None}

    def test_top_level(self):
        self.assertEqual('1', body.get_path(self.record, 'id'))

    def test_nested_dicts(self):
        self.assertEqual('Bogotá', body.get_path(self.record, 'address.city'))
        self.assertEqual(4.6, body.get_path(self.record, 'address.geo.lat'))

    def test_whole_subtree(self):
        self.assertEqual({'lat': 4.6},
                         body.get_path(self.record, 'address.geo'))

    def test_list_indexes(self):
        self.assertEqual(10, body.get_path(self.record, 'items.0.id'))
        self.assertEqual(3, body.get_path(self.record, 'items.1.tax.0.id'))

    def test_missing_is_none(self):
        for path in ('nope', 'address.nope', 'address.city.name',
                     'items.5.id', 'items.x', 'items.-1.id', 'id.0',
                     'status.name'):
            self.assertIsNone(body.get_path(self.record, path), path)

    def test_list_record(self):
        self.assertEqual('b', body.get_path(['a', 'b'], '1'))


class TestReadJsonObject(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def write(self, name, data, encoding='utf-8'):
        path = os.path.join(self.tmp, name)
        mode = 'wb' if isinstance(data, bytes) else 'w'
        kwargs = {} if isinstance(data, bytes) else {'encoding': encoding}
        with open(path, mode, **kwargs) as handle:
            handle.write(data)
        return path

    def test_file(self):
        path = self.write('c.json', '{"name": "José", "price": 10.00}')
        value = body.read_json_object(path, None)
        self.assertEqual({'name': 'José', 'price': jsonio.JsonNumber('10')},
                         value)
        self.assertEqual('10.00', str(value['price']))

    def test_file_with_bom(self):
        path = self.write('bom.json', '{"name": "Peña"}',
                          encoding='utf-8-sig')
        with open(path, 'rb') as handle:
            self.assertTrue(handle.read().startswith(b'\xef\xbb\xbf'))
        self.assertEqual({'name': 'Peña'}, body.read_json_object(path, None))

    def test_stdin(self):
        stdin = io.StringIO('{"name": "Ana", "items": [{"id": 1}]}')
        self.assertEqual({'name': 'Ana', 'items': [{'id': 1}]},
                         body.read_json_object('-', stdin))

    def test_invalid_json_in_file_names_the_file(self):
        path = self.write('bad.json', '{"name": ')
        exc = self.assertRaises(errors.InvalidInput, body.read_json_object,
                                path, None)
        self.assertIn(path, exc.message)
        self.assertIn('not valid JSON', exc.message)
        self.assertEqual(errors.INVALID_INPUT, exc.exit_code)

    def test_invalid_json_on_stdin_names_stdin(self):
        exc = self.assertRaises(errors.InvalidInput, body.read_json_object,
                                '-', io.StringIO('nope'))
        self.assertIn('stdin', exc.message)
        self.assertIn('not valid JSON', exc.message)

    def test_non_object(self):
        path = self.write('list.json', '[{"name": "Ana"}]')
        exc = self.assertRaises(errors.InvalidInput, body.read_json_object,
                                path, None)
        self.assertIn(path, exc.message)
        self.assertIn('JSON object', exc.message)

    def test_non_object_on_stdin(self):
        exc = self.assertRaises(errors.InvalidInput, body.read_json_object,
                                '-', io.StringIO('"text"'))
        self.assertIn('stdin must hold a JSON object', exc.message)

    def test_missing_file(self):
        path = os.path.join(self.tmp, 'missing.json')
        exc = self.assertRaises(errors.InvalidInput, body.read_json_object,
                                path, None)
        self.assertIn('cannot read ' + path, exc.message)

    def test_not_utf8(self):
        path = self.write('latin1.json', '{"name": "Peña"}'.encode('latin-1'))
        exc = self.assertRaises(errors.InvalidInput, body.read_json_object,
                                path, None)
        self.assertIn(path, exc.message)
        self.assertIn('UTF-8', exc.message)


class TestBuild(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def test_no_file_no_sets(self):
        self.assertEqual({}, body.build())

    def test_sets_only(self):
        built = body.build(assignments=['name=Ana', 'price=10.50',
                                        'items.0.id=5', 'active=true',
                                        'phone=+573001234567'])
        self.assertEqual({'name': 'Ana', 'price': jsonio.JsonNumber('10.5'),
                          'items': [{'id': 5}], 'active': True,
                          'phone': '+573001234567'}, built)
        self.assertEqual('10.50', str(built['price']))

    def test_file_with_sets_merged_on_top_deeply(self):
        path = os.path.join(self.tmp, 'contact.json')
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('{"name": "Ana", "email": "a@x.co", '
                         '"address": {"city": "Lima", "address": "Calle 1"},'
                         ' "items": [{"id": 1, "quantity": 2}]}')
        built = body.build(path, ['address.city=Bogotá', 'name=Ana María',
                                  'items.0.quantity=3', 'items.1.id=4'])
        self.assertEqual({'name': 'Ana María', 'email': 'a@x.co',
                          'address': {'city': 'Bogotá',
                                      'address': 'Calle 1'},
                          'items': [{'id': 1, 'quantity': 3}, {'id': 4}]},
                         built)

    def test_file_from_stdin(self):
        built = body.build('-', ['type=["client"]'],
                           stdin=io.StringIO('{"name": "Ana"}'))
        self.assertEqual({'name': 'Ana', 'type': ['client']}, built)

    def test_later_set_wins(self):
        self.assertEqual({'name': 'B'},
                         body.build(assignments=['name=A', 'name=B']))

    def test_bad_assignment(self):
        exc = self.assertRaises(errors.UsageError, body.build,
                                assignments=['name'])
        self.assertIn('--set', exc.message)

    def test_sets_are_typed_by_the_schema(self):
        built = body.build(assignments=[
            'name=Distribuidora Ñandú SAS', 'identification.type=NIT',
            'identification.number=900123456', 'ignoreRepeated=sí',
            'creditLimit=1500.50', 'address.zipCode=050021'],
            schema=CONTACTS)
        self.assertEqual(
            {'name': 'Distribuidora Ñandú SAS',
             'identification': {'type': 'NIT', 'number': '900123456'},
             'ignoreRepeated': True,
             'creditLimit': jsonio.JsonNumber('1500.50'),
             'address': {'zipCode': '050021'}}, built)
        self.assertEqual('1500.50', str(built['creditLimit']))

    def test_the_file_is_not_retyped(self):
        path = os.path.join(self.tmp, 'contact.json')
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('{"name": "Ana", "identification": 900123456}')
        built = body.build(path, ['address.zipCode=110111'],
                           schema=CONTACTS)
        self.assertEqual({'name': 'Ana', 'identification': 900123456,
                          'address': {'zipCode': '110111'}}, built)


class TestListIndexLimit(testtools.TestCase):
    """A path's list index builds a list that long: it is capped."""

    def test_an_index_over_the_limit_is_a_usage_error(self):
        target = {}
        path = f'items.{body.MAX_LIST_INDEX + 1}.id'
        exc = self.assertRaises(errors.UsageError, body.set_path, target,
                                path, 1)
        self.assertIn(repr(path), exc.message)
        self.assertIn(str(body.MAX_LIST_INDEX), exc.message)
        self.assertEqual(errors.USAGE, exc.exit_code)
        self.assertEqual({'items': []}, target)

    def test_the_limit_itself_is_allowed(self):
        result = body.set_path({}, f'items.{body.MAX_LIST_INDEX}', 1)
        self.assertEqual(body.MAX_LIST_INDEX + 1, len(result['items']))
        self.assertEqual(1, result['items'][-1])

    def test_a_word_inside_a_filled_list_is_a_usage_error(self):
        exc = self.assertRaises(errors.UsageError, body.set_path,
                                {'items': [{}]}, 'items.name.x', 1)
        self.assertIn('list index', exc.message)

    def test_digits_that_are_not_decimal_are_keys(self):
        self.assertEqual({'a': {'²': {'b': 1}}},
                         body.set_path({}, 'a.².b', 1))


class TestSetFlagLimit(base.TestCase):

    def test_a_huge_index_on_the_command_line_is_one_usage_line(self):
        self.use_env_credentials()
        result = self.run_cli('invoices', 'create', '--dry-run',
                              '--set', 'items.99999999.id=1')
        self.assertError(result, errors.USAGE, "'items.99999999.id'",
                         'over the limit of 10000')
        self.assertEqual('', result.stdout)
