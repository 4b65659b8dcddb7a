"""Natural keys and markers: what finds an import row's record again."""

import testtools

from alegra.bulk import natural_keys
from alegra.registry import NaturalKey
from alegra.registry import Resource

CONTACTS = Resource(
    name='contacts', path='/contacts', summary='contacts',
    natural_keys=(NaturalKey(('identification',),
                             {'identification': 'identification'}),
                  NaturalKey(('name', 'email'), {'email': 'email'})))
NOTES = {'type': 'object', 'properties': {
    'date': {'type': 'string'},
    'observations': {'type': 'string', 'maxLength': 40}}}
INVOICES = Resource(
    name='invoices', path='/invoices', summary='invoices', schema=NOTES,
    natural_keys=(NaturalKey(('numberTemplate.prefix',
                              'numberTemplate.number'), {'date': 'date'}),),
    marker=NaturalKey(('observations',), {'date': 'date'}), ordered=True)
MARK = '[alegra-import 1a2b3c4d#7]'


class TestComparable(testtools.TestCase):

    def test_values(self):
        comparable = natural_keys.comparable
        self.assertEqual('900123456', comparable(
            {'type': 'NIT', 'number': 900123456}))
        self.assertEqual('4', comparable({'id': '4', 'name': 'Tostadores'}))
        self.assertEqual('007123', comparable('007123'))
        self.assertIsNone(comparable(''))
        self.assertIsNone(comparable(None))
        self.assertIsNone(comparable([1, 2]))

    def test_loose_ignores_case_and_spaces(self):
        self.assertEqual('ana ríos', natural_keys.comparable(
            '  Ana   RÍOS ', loose=True))
        self.assertEqual('  Ana', natural_keys.comparable('  Ana'))


class TestRowKey(testtools.TestCase):

    def test_the_first_key_the_row_has(self):
        key = natural_keys.row_key(CONTACTS, {
            'name': 'Ana', 'email': 'ana@correo.test',
            'identification': {'type': 'CC', 'number': '52987654'}})
        self.assertEqual((('identification', '52987654'),), key.values)
        self.assertEqual((('identification', '52987654'),), key.params)
        key = natural_keys.row_key(CONTACTS, {'name': 'Ana',
                                              'email': 'Ana@Correo.test'})
        self.assertEqual((('name', 'ana'), ('email', 'ana@correo.test')),
                         key.values)
        self.assertEqual((('email', 'Ana@Correo.test'),), key.params)
        self.assertEqual('name ana and email ana@correo.test',
                         key.describe())
        self.assertIsNone(natural_keys.row_key(CONTACTS, {'name': 'Ana'}))

    def test_a_record_read_back_matches_its_row(self):
        key = natural_keys.row_key(CONTACTS, {
            'identification': {'type': 'NIT', 'number': '900123456'}})
        # The API answers a plain identification and an object beside it.
        self.assertTrue(key.matches({
            'id': '9', 'identification': '900123456',
            'identificationObject': {'type': 'NIT', 'number': '900123456',
                                     'dv': '1'}}))
        self.assertFalse(key.matches({'id': '9',
                                      'identification': '9001234567'}))
        self.assertFalse(key.matches({'id': '9'}))

    def test_the_marker_when_there_is_no_natural_key(self):
        body = {'date': '2026-11-25', 'observations': f'Pedido {MARK}'}
        self.assertIsNone(natural_keys.row_key(INVOICES, body))
        key = natural_keys.row_key(INVOICES, body, MARK)
        self.assertEqual((('date', '2026-11-25'),), key.params)
        self.assertTrue(key.matches({'observations': f'Pedido {MARK}'}))
        self.assertFalse(key.matches({'observations': 'Pedido'}))
        self.assertFalse(key.matches({}))
        self.assertEqual(f'the marker {MARK}', key.describe())
        # No marker for a resource that names no marker field.
        self.assertIsNone(natural_keys.row_key(CONTACTS, {'name': 'A'},
                                               MARK))

    def test_update_by_compares_exactly(self):
        key = natural_keys.field_key('email', {'email': 'Ana@Correo.test'})
        self.assertTrue(key.matches({'email': 'Ana@Correo.test'}))
        self.assertFalse(key.matches({'email': 'ana@correo.test'}))
        self.assertIsNone(natural_keys.field_key('email', {'name': 'Ana'}))


class TestMarker(testtools.TestCase):

    def test_text(self):
        self.assertEqual(MARK, natural_keys.marker_text('1a2b3c4d' * 4, 7))

    def test_appended_to_the_observations(self):
        body = {'observations': 'Pedido'}
        self.assertEqual(MARK, natural_keys.add_marker(INVOICES, body, MARK))
        self.assertEqual(f'Pedido {MARK}', body['observations'])
        body = {}
        natural_keys.add_marker(INVOICES, body, MARK)
        self.assertEqual(MARK, body['observations'])

    def test_none_where_it_does_not_fit(self):
        body = {'observations': 'x' * 20}
        self.assertIsNone(natural_keys.add_marker(INVOICES, body, MARK))
        self.assertEqual('x' * 20, body['observations'])
        body = {'observations': 12}
        self.assertIsNone(natural_keys.add_marker(INVOICES, body, MARK))

    def test_none_where_the_row_has_a_natural_key(self):
        body = {'numberTemplate': {'prefix': 'FV-', 'number': 12}}
        self.assertIsNone(natural_keys.add_marker(INVOICES, body, MARK))
        self.assertNotIn('observations', body)
        self.assertIsNone(natural_keys.add_marker(CONTACTS, {}, MARK))


class TestFind(testtools.TestCase):

    def test_every_page_is_compared(self):
        pages = [[{'id': str(n), 'identification': '5'} for n in range(30)],
                 [{'id': '30', 'identification': '5'},
                  {'id': '31', 'identification': '6'}]]
        sent = []

        def send(request):
            sent.append(dict(request.params))
            return pages[len(sent) - 1]

        key = natural_keys.row_key(CONTACTS, {'identification': '6'})
        self.assertEqual([{'id': '31', 'identification': '6'}],
                         natural_keys.find(send, CONTACTS, key))
        self.assertEqual([{'identification': '6', 'start': 0, 'limit': 30},
                          {'identification': '6', 'start': 30,
                           'limit': 30}], sent)
