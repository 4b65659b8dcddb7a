"""Local JSON Schema checks, with the real plugin schemas."""

import testtools

from alegra import errors
from alegra import jsonio
from alegra import validation
from alegra_plugins import contacts
from alegra_plugins import items


class TestContacts(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.schema = contacts.RESOURCE.create_schema()

    def test_schema_is_loaded(self):
        self.assertEqual('object', self.schema['type'])
        self.assertIn('name', self.schema['required'])

    def test_valid_contact_passes(self):
        contact = {'name': 'José Pérez', 'kindOfPerson': 'PERSON_ENTITY',
                   'type': ['client', 'provider'],
                   'identification': {'type': 'CC', 'number': '1020304050'},
                   'address': {'city': 'Bogotá', 'zipCode': 110111},
                   'seller': {'id': 1}, 'creditLimit': jsonio.JsonNumber(
                       '1500.50'),
                   'regime': 'SIMPLIFIED_REGIME'}
        self.assertIsNone(validation.check(contact, self.schema))
        self.assertEqual([], validation.problems(contact, self.schema))

    def test_missing_name(self):
        exc = self.assertRaises(errors.InvalidInput, validation.check,
                                {'email': 'a@b.co'}, self.schema)
        self.assertIn('name', exc.message)
        self.assertIn('is required', exc.message)
        self.assertEqual('invalid body: name: is required', exc.message)
        self.assertEqual(errors.INVALID_INPUT, exc.exit_code)

    def test_what_names_the_body(self):
        exc = self.assertRaises(errors.InvalidInput, validation.check, {},
                                self.schema, what='row 3')
        self.assertEqual('invalid row 3: name: is required', exc.message)

    def test_bad_enum_is_named(self):
        exc = self.assertRaises(errors.InvalidInput, validation.check,
                                {'name': 'Ana', 'kindOfPerson': 'COMPANY'},
                                self.schema)
        self.assertIn('kindOfPerson', exc.message)
        self.assertIn('COMPANY', exc.message)
        self.assertIn('LEGAL_ENTITY', exc.message)

    def test_partial_ignores_required(self):
        body = {'email': 'ana@empresa.co'}
        self.assertIsNone(validation.check(body, self.schema, partial=True))
        self.assertEqual([], validation.problems(body, self.schema,
                                                 partial=True))

    def test_partial_still_checks_fields(self):
        exc = self.assertRaises(errors.InvalidInput, validation.check,
                                {'kindOfPerson': 'x'}, self.schema,
                                partial=True)
        self.assertIn('kindOfPerson', exc.message)

    def test_partial_does_not_change_the_schema(self):
        validation.problems({}, self.schema, partial=True)
        self.assertEqual(['name'], self.schema['required'])

    def test_nested_required(self):
        found = validation.problems(
            {'name': 'Ana', 'seller': {'name': 'x'}}, self.schema)
        self.assertEqual(['seller'], [field for field, _ in found])

    def test_problems_lists_all_sorted(self):
        body = {'status': 'gone', 'kindOfPerson': 'COMPANY',
                'email': 5}
        found = validation.problems(body, self.schema)
        self.assertEqual(['email', 'kindOfPerson', 'name', 'status'],
                         [field for field, _ in found])
        self.assertEqual(sorted(found), found)
        self.assertEqual(('name', 'is required'), found[2])
        self.assertIn('COMPANY', found[1][1])
        self.assertIn('gone', found[3][1])

    def test_check_counts_the_others(self):
        exc = self.assertRaises(errors.InvalidInput, validation.check,
                                {'status': 'gone', 'email': 5},
                                self.schema)
        self.assertTrue(exc.message.startswith('invalid body: email: '),
                        exc.message)
        self.assertTrue(exc.message.endswith('(and 2 more)'), exc.message)

    def test_no_schema_checks_nothing(self):
        self.assertIsNone(validation.check({}, None))
        self.assertIsNone(validation.check({}, {}))


class TestItems(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.schema = items.RESOURCE.create_schema()

    def test_price_as_number(self):
        for price in (0, 1500, jsonio.JsonNumber('10.50'), 2.5):
            self.assertEqual([], validation.problems(
                {'name': 'Café', 'price': price}, self.schema), price)

    def test_price_as_list(self):
        body = {'name': 'Café',
                'price': [{'idPriceList': 1,
                           'price': jsonio.JsonNumber('10.50')},
                          {'idPriceList': '2', 'price': 9}]}
        self.assertIsNone(validation.check(body, self.schema))

    def test_negative_price_rejected(self):
        for price in (-1, jsonio.JsonNumber('-0.01'),
                      [{'price': -5}]):
            found = validation.problems({'name': 'Café', 'price': price},
                                        self.schema)
            self.assertEqual(['price'], [field for field, _ in found],
                             price)

    def test_price_list_must_not_be_empty(self):
        found = validation.problems({'name': 'Café', 'price': []},
                                    self.schema)
        self.assertEqual(['price'], [field for field, _ in found])

    def test_price_as_text_rejected(self):
        exc = self.assertRaises(errors.InvalidInput, validation.check,
                                {'name': 'Café', 'price': '10'},
                                self.schema)
        self.assertIn('price', exc.message)

    def test_missing_name_and_price(self):
        self.assertEqual([('name', 'is required'), ('price', 'is required')],
                         validation.problems({}, self.schema))

    def test_nested_field_path(self):
        found = validation.problems(
            {'name': 'Café', 'price': 1,
             'inventory': {'unit': 'unit', 'unitCost': -3,
                           'warehouses': [{'id': 1}, {'initialQuantity': 2}]}},
            self.schema)
        self.assertEqual(['inventory.unitCost', 'inventory.warehouses.1.id'],
                         [field for field, _ in found])
        self.assertEqual('is required', found[1][1])
