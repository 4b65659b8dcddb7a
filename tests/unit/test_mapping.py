"""From import rows to request bodies: maps, headers, cells, --set, and the
columns reported as not imported (the values' types are in test_body)."""

import testtools

from alegra import errors
from alegra import jsonio
from alegra.bulk import mapping
from alegra.bulk import readers
from alegra_plugins import contacts
from alegra_plugins import currencies
from alegra_plugins import invoices

CONTACTS = contacts.RESOURCE
INVOICES = invoices.RESOURCE


def csv_rows(headers, *records):
    return readers.Rows('csv', list(headers),
                        list(enumerate((list(r) for r in records), start=1)))


def json_rows(*records):
    return readers.Rows('json', [], list(enumerate(records, start=1)))


class TestParseMaps(testtools.TestCase):

    def test_several_specs_in_one_flag(self):
        self.assertEqual(
            {'Name': 'name', 'NIT': 'identification.number'},
            mapping.parse_maps(['Name=name,NIT=identification.number']))

    def test_repeatable_and_stripped(self):
        self.assertEqual(
            {'Name': 'name', 'Ciudad': 'address.city', 'Tel': 'mobile'},
            mapping.parse_maps(['Name=name', ' Ciudad = address.city ,',
                                'Tel=mobile']))

    def test_later_spec_wins(self):
        self.assertEqual({'A': 'email'},
                         mapping.parse_maps(['A=name', 'A=email']))

    def test_nothing(self):
        self.assertEqual({}, mapping.parse_maps([]))
        self.assertEqual({}, mapping.parse_maps(['', ' , ']))

    def test_bad_spec(self):
        for text in ('Name', 'Name=name,NIT', '=name'):
            exc = self.assertRaises(errors.UsageError, mapping.parse_maps,
                                    [text])
            self.assertIn('--map', exc.message)


class TestUnguard(testtools.TestCase):

    def test_strips_the_apostrophe_before_a_formula_character(self):
        self.assertEqual('=SUM(A1)', mapping.unguard("'=SUM(A1)"))
        self.assertEqual('+cmd', mapping.unguard("'+cmd"))
        self.assertEqual('-x', mapping.unguard("'-x"))
        self.assertEqual('@home', mapping.unguard("'@home"))

    def test_other_apostrophes_are_kept(self):
        self.assertEqual("'quoted'", mapping.unguard("'quoted'"))
        self.assertEqual("O'Brien", mapping.unguard("O'Brien"))
        self.assertEqual("'", mapping.unguard("'"))
        self.assertEqual('=x', mapping.unguard('=x'))
        self.assertEqual('', mapping.unguard(''))


class TestRowMapperCsv(testtools.TestCase):

    def test_map_names_a_missing_column(self):
        rows = csv_rows(['Nombre', 'NIT'], ['Ana', '1'])
        exc = self.assertRaises(errors.UsageError, mapping.RowMapper,
                                CONTACTS, rows, ['Name=name,NIT=x'])
        self.assertIn('Name', exc.message)
        self.assertNotIn('NIT', exc.message)
        self.assertIn('Nombre, NIT', exc.hint)

    def test_map_and_set(self):
        rows = csv_rows(['Name', 'NIT'], ['Empresa S.A.S.', '900123456'])
        mapper = mapping.RowMapper(
            CONTACTS, rows, ['Name=name,NIT=identification.number'],
            ['identification.type=NIT', 'type=["client"]',
             'kindOfPerson=LEGAL_ENTITY', 'creditLimit=1500.50'])
        built = mapper.build(rows.records[0][1])
        self.assertEqual(
            {'name': 'Empresa S.A.S.',
             'identification': {'number': '900123456', 'type': 'NIT'},
             'type': ['client'], 'kindOfPerson': 'LEGAL_ENTITY',
             'creditLimit': jsonio.JsonNumber('1500.50')},
            built)
        self.assertEqual('1500.50', str(built['creditLimit']))

    def test_set_goes_on_top_of_cells(self):
        rows = csv_rows(['name', 'email'], ['Ana', 'a@x.co'])
        mapper = mapping.RowMapper(CONTACTS, rows, [],
                                   ['email=b@y.co', 'address.city=Cali'])
        self.assertEqual({'name': 'Ana', 'email': 'b@y.co',
                          'address': {'city': 'Cali'}},
                         mapper.build(rows.records[0][1]))

    def test_set_values_are_not_shared_between_rows(self):
        rows = csv_rows(['name'], ['Ana'], ['Luis'])
        mapper = mapping.RowMapper(CONTACTS, rows, [], ['type=["client"]'])
        first = mapper.build(['Ana'])
        first['type'].append('provider')
        self.assertEqual(['client'], mapper.build(['Luis'])['type'])

    def test_bad_json_in_set_is_a_usage_error(self):
        rows = csv_rows(['name'], ['Ana'])
        self.assertRaises(errors.UsageError, mapping.RowMapper, CONTACTS,
                          rows, [], ['type=[client'])
        self.assertRaises(errors.UsageError, mapping.RowMapper, CONTACTS,
                          rows, [], ['no-equals-sign'])

    def test_plugin_default_mapping_reads_an_export(self):
        headers = list(CONTACTS.export_columns)
        cells = {'id': '12', 'name': 'José Núñez', 'identification': '900',
                 'identificationObject.type': 'NIT',
                 'identificationObject.number': '900',
                 'kindOfPerson': 'LEGAL_ENTITY', 'type': 'client, provider',
                 'email': 'jose@x.co', 'phonePrimary': '+573001234567',
                 'mobile': '3001234567', 'address.address': 'Cra 7 # 1-2',
                 'address.city': 'Bogotá', 'status': 'active'}
        rows = csv_rows(headers, [cells[h] for h in headers])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual(
            {'name': 'José Núñez',
             'identification': {'type': 'NIT', 'number': '900'},
             'kindOfPerson': 'LEGAL_ENTITY',
             'type': ['client', 'provider'],
             'email': 'jose@x.co', 'phonePrimary': '+573001234567',
             'mobile': '3001234567',
             'address': {'address': 'Cra 7 # 1-2', 'city': 'Bogotá'},
             'status': 'active'},
            mapper.build(rows.records[0][1]))
        # The id is the API's to give; an export's id column is no news.
        self.assertEqual(['identification'], mapper.ignored(headers))
        # With --update-by identification the column names the lookup.
        self.assertEqual([], mapper.ignored(headers, 'identification'))
        self.assertEqual(['identification'], mapper.ignored(headers, 'email'))

    def test_update_by_columns_are_not_reported(self):
        headers = ['id', 'name', 'identification', 'identification.number',
                   'identificationObject.number', 'Notas']
        rows = csv_rows(headers, ['5', 'Ana', '9', '9', '9', 'x'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual(['identification', 'identification.number',
                          'Notas'], mapper.ignored(headers))
        self.assertEqual(['Notas'],
                         mapper.ignored(headers, 'identification'))
        self.assertEqual(['identification', 'identification.number',
                          'Notas'], mapper.ignored(headers, 'id'))
        self.assertEqual({'name': 'Ana', 'identification': {'number': '9'}},
                         mapper.build(rows.records[0][1]))

    def test_set_is_typed_by_the_schema_like_the_cells(self):
        rows = csv_rows(['Name', 'NIT'], ['Ana', '900123456'])
        mapper = mapping.RowMapper(
            CONTACTS, rows, ['Name=name'],
            ['identification.number=900123456', 'ignoreRepeated=sí',
             'address.zipCode=050021', 'type=client'])
        self.assertEqual(
            {'name': 'Ana', 'identification': {'number': '900123456'},
             'ignoreRepeated': True, 'address': {'zipCode': '050021'},
             'type': ['client']},
            mapper.build(rows.records[0][1]))

    def test_header_that_is_a_field_path(self):
        rows = csv_rows(['name', 'address.department', 'nameObject.lastName'],
                        ['Ana', 'Valle', 'Gómez'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual({'name': 'Ana',
                          'address': {'department': 'Valle'},
                          'nameObject': {'lastName': 'Gómez'}},
                         mapper.build(rows.records[0][1]))
        self.assertEqual([], mapper.ignored(rows.headers))

    def test_auto_mapped_header_overlapping_a_mapped_path_is_ignored(self):
        headers = ['name', 'identification', 'identificationObject.number']
        rows = csv_rows(headers, ['Ana', '123', '123'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual({'name': 'Ana', 'identification': {'number': '123'}},
                         mapper.build(rows.records[0][1]))
        self.assertEqual(['identification'], mapper.ignored(headers))

    def test_header_alone_maps_when_nothing_overlaps(self):
        rows = csv_rows(['name', 'identification'], ['Ana', '007123'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual({'name': 'Ana', 'identification': '007123'},
                         mapper.build(rows.records[0][1]))

    def test_ignored_lists_unmapped_headers(self):
        headers = ['Nombre', 'name', 'Notas internas', '', 'Saldo']
        rows = csv_rows(headers, ['x', 'Ana', 'y', 'z', '5'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual(['Nombre', 'Notas internas', 'Saldo'],
                         mapper.ignored(headers))
        self.assertEqual({'name': 'Ana'}, mapper.build(rows.records[0][1]))

    def test_map_takes_precedence_over_default_mapping(self):
        rows = csv_rows(['name', 'Razón social'], ['Alias', 'Empresa'])
        mapper = mapping.RowMapper(CONTACTS, rows, ['Razón social=name',
                                                    'name=observations'])
        self.assertEqual({'name': 'Empresa', 'observations': 'Alias'},
                         mapper.build(rows.records[0][1]))

    def test_empty_cells_are_left_out(self):
        rows = csv_rows(['name', 'email', 'address.city', 'type'],
                        ['Ana', '', '   ', ''])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual({'name': 'Ana'}, mapper.build(rows.records[0][1]))

    def test_short_rows_miss_the_trailing_fields(self):
        rows = csv_rows(['name', 'email'], ['Ana'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual({'name': 'Ana'}, mapper.build(['Ana']))

    def test_too_many_cells(self):
        rows = csv_rows(['name', 'email'], ['Ana', 'a@x.co', 'extra'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        exc = self.assertRaises(errors.InvalidInput, mapper.build,
                                ['Ana', 'a@x.co', 'extra'])
        self.assertIn('3 cells', exc.message)
        self.assertIn('2', exc.message)

    def test_guarded_cells_are_unguarded(self):
        rows = csv_rows(['name', 'phonePrimary'], ["'=Empresa", '+5730012'])
        mapper = mapping.RowMapper(CONTACTS, rows)
        self.assertEqual({'name': '=Empresa', 'phonePrimary': '+5730012'},
                         mapper.build(rows.records[0][1]))

    def test_invoice_line_from_item_columns(self):
        headers = list(INVOICES.import_mapping)
        cells = {'date': '2024-05-01', 'dueDate': '2024-05-31',
                 'status': 'open', 'client.id': '7',
                 'observations': 'pedido 12', 'items.0.id': '3',
                 'items.0.name': 'Café', 'items.0.price': '10.50',
                 'items.0.quantity': '2'}
        rows = csv_rows(headers, [cells[h] for h in headers])
        mapper = mapping.RowMapper(INVOICES, rows)
        built = mapper.build(rows.records[0][1])
        self.assertEqual(
            {'date': '2024-05-01', 'dueDate': '2024-05-31',
             'status': 'open', 'client': {'id': '7'},
             'observations': 'pedido 12',
             'items': [{'id': '3', 'name': 'Café',
                        'price': jsonio.JsonNumber('10.50'),
                        'quantity': 2}]},
            built)
        self.assertEqual('10.50', str(built['items'][0]['price']))
        self.assertIs(int, type(built['items'][0]['quantity']))

    def test_two_invoice_lines(self):
        rows = csv_rows(['items.0.id', 'items.1.id', 'items.1.quantity'],
                        ['3', '4', '1.5'])
        mapper = mapping.RowMapper(INVOICES, rows)
        self.assertEqual(
            {'items': [{'id': '3'},
                       {'id': '4', 'quantity': jsonio.JsonNumber('1.5')}]},
            mapper.build(rows.records[0][1]))

    def test_failed_jsonl_record_is_raised(self):
        rows = readers.Rows('jsonl', [], [])
        mapper = mapping.RowMapper(CONTACTS, rows)
        bad = errors.InvalidInput('not valid JSON: x')
        self.assertIs(bad, self.assertRaises(errors.InvalidInput,
                                             mapper.build, bad))


class TestRowMapperJson(testtools.TestCase):

    def test_id_is_dropped(self):
        record = {'id': '12', 'name': 'Ana', 'type': ['client']}
        mapper = mapping.RowMapper(CONTACTS, json_rows(record))
        self.assertEqual({'name': 'Ana', 'type': ['client']},
                         mapper.build(record))
        # The record read from the file is left as it was.
        self.assertEqual('12', record['id'])

    def test_map_moves_a_field(self):
        record = {'name': 'Ana', 'nit': '900',
                  'extra': {'city': 'Cali', 'keep': 1}}
        mapper = mapping.RowMapper(
            CONTACTS, json_rows(record),
            ['nit=identification.number,extra.city=address.city'])
        self.assertEqual({'name': 'Ana',
                          'identification': {'number': '900'},
                          'extra': {'keep': 1},
                          'address': {'city': 'Cali'}},
                         mapper.build(record))

    def test_an_id_the_body_needs_is_kept(self):
        # A currency is known by its code, which its create body holds.
        record = {'code': 'USD', 'exchangeRate': 4100}
        mapper = mapping.RowMapper(currencies.RESOURCE, json_rows(record))
        self.assertEqual(record, mapper.build(record))

    def test_set_is_typed_by_the_schema(self):
        record = {'name': 'Ana'}
        mapper = mapping.RowMapper(CONTACTS, json_rows(record), sets=[
            'identification.number=900123456', 'creditLimit=10.00'])
        built = mapper.build(record)
        self.assertEqual({'name': 'Ana',
                          'identification': {'number': '900123456'},
                          'creditLimit': jsonio.JsonNumber('10.00')}, built)
        self.assertEqual('10.00', str(built['creditLimit']))

    def test_map_of_an_absent_field_does_nothing(self):
        record = {'name': 'Ana'}
        mapper = mapping.RowMapper(CONTACTS, json_rows(record),
                                   ['nit=identification.number'])
        self.assertEqual({'name': 'Ana'}, mapper.build(record))

    def test_values_keep_their_json_types_and_set_goes_on_top(self):
        record = {'name': 'Ana', 'identification': '007123',
                  'creditLimit': jsonio.JsonNumber('10.00')}
        mapper = mapping.RowMapper(CONTACTS, json_rows(record),
                                   sets=['name=Ana María', 'status=active'])
        built = mapper.build(record)
        self.assertEqual({'name': 'Ana María', 'identification': '007123',
                          'creditLimit': jsonio.JsonNumber('10.00'),
                          'status': 'active'}, built)
        self.assertEqual('10.00', str(built['creditLimit']))

    def test_record_that_is_not_an_object(self):
        mapper = mapping.RowMapper(CONTACTS, json_rows(['Ana']))
        exc = self.assertRaises(errors.InvalidInput, mapper.build, ['Ana'])
        self.assertIn('not a JSON object', exc.message)
        self.assertEqual([], mapper.ignored([]))
