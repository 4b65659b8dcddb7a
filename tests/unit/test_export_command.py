"""``alegra <resource> export`` through the CLI, against requests-mock."""

import csv
import io
import json
import os

from alegra import errors
from alegra import jsonio
from alegra_plugins import contacts as contacts_plugin
from tests.unit import base
from tests.unit.test_verbs import STOP
from tests.unit.test_verbs import forever

CONTACTS = base.BASE_URL + '/contacts'
ITEMS = base.BASE_URL + '/items'
INVOICES = base.BASE_URL + '/invoices'
EXPORT_COLUMNS = list(contacts_plugin.RESOURCE.export_columns)

JOSE = {
    'id': '1', 'name': 'José Núñez & Cía', 'identification': '900123456',
    'identificationObject': {'type': 'NIT', 'number': '900123456'},
    'kindOfPerson': 'LEGAL_ENTITY', 'type': ['client', 'provider'],
    'email': 'jose@nunez.co', 'phonePrimary': '+573001234567',
    'mobile': '3001234567',
    'address': {'address': 'Cra 7 # 12-34, piso 2', 'city': 'Bogotá'},
    'status': 'active', 'seller': None,
}
FORMULA = {'id': '2', 'name': '=HYPERLINK("http://x")', 'type': ['client'],
           'identification': '-5', 'status': 'active',
           'observations': 'line one\nline two'}


def contacts(count, start=0):
    return [{'id': str(start + n), 'name': f'Cliente {start + n}'}
            for n in range(count)]


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text, newline='')))


class ExportTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def gets(self):
        return [request for request in self.http.request_history
                if request.method == 'GET']


class TestCsvExport(ExportTestCase):

    def test_walks_pages_of_thirty(self):
        pages = [contacts(30, 0), contacts(30, 30), contacts(4, 60)]
        self.http.get(CONTACTS, [{'json': page} for page in pages])
        result = self.run_cli('contacts', 'export')
        self.assertEqual(0, result.code, result)
        self.assertEqual([(['0'], ['30']), (['30'], ['30']),
                          (['60'], ['30'])],
                         [(r.qs['start'], r.qs['limit'])
                          for r in self.gets()])
        rows = read_csv(result.stdout)
        self.assertEqual(64, len(rows))
        self.assertEqual([str(n) for n in range(64)],
                         [row['id'] for row in rows])
        self.assertEqual('Cliente 63', rows[-1]['name'])
        self.assertEqual('exported 64 contacts\n', result.stderr)

    def test_start_flag_is_the_first_offset(self):
        self.http.get(CONTACTS, [{'json': contacts(30, 5)},
                                 {'json': []}])
        result = self.run_cli('contacts', 'export', '--start', '5')
        self.assertEqual(0, result.code, result)
        self.assertEqual([['5'], ['35']],
                         [r.qs['start'] for r in self.gets()])
        self.assertEqual(30, len(read_csv(result.stdout)))

    def test_plugin_export_columns_and_values(self):
        self.http.get(CONTACTS, json=[JOSE, FORMULA])
        result = self.run_cli('contacts', 'export')
        self.assertEqual(0, result.code, result)
        lines = result.stdout.split('\r\n')
        self.assertEqual(','.join(EXPORT_COLUMNS), lines[0])
        rows = read_csv(result.stdout)
        self.assertEqual(
            {'id': '1', 'name': 'José Núñez & Cía',
             'identification': '900123456',
             'identificationObject.type': 'NIT',
             'identificationObject.number': '900123456',
             'kindOfPerson': 'LEGAL_ENTITY', 'type': 'client, provider',
             'email': 'jose@nunez.co', 'phonePrimary': '+573001234567',
             'mobile': '3001234567',
             'address.address': 'Cra 7 # 12-34, piso 2',
             'address.city': 'Bogotá', 'status': 'active'},
            rows[0])
        # A formula is neutralised; a plain negative number is not.
        self.assertEqual('\'=HYPERLINK("http://x")', rows[1]['name'])
        self.assertEqual('-5', rows[1]['identification'])
        self.assertEqual('client', rows[1]['type'])
        self.assertEqual('', rows[1]['address.city'])

    def test_numbers_as_sent(self):
        self.http.get(ITEMS, text='[{"id": 3, "name": "Café molido", '
                                  '"price": [{"idPriceList": 1, '
                                  '"price": 10.00}], '
                                  '"inventory": {"unitCost": 4.50, '
                                  '"availableQuantity": 12}}]')
        result = self.run_cli('items', 'export')
        self.assertEqual(0, result.code, result)
        [row] = read_csv(result.stdout)
        self.assertEqual('10.00', row['price.0.price'])
        self.assertEqual('4.50', row['inventory.unitCost'])
        self.assertEqual('12', row['inventory.availableQuantity'])
        self.assertEqual('3', row['id'])
        self.assertEqual('Café molido', row['name'])

    def test_columns_flag(self):
        self.http.get(CONTACTS, json=[JOSE])
        result = self.run_cli('contacts', 'export', '--columns',
                              'id, name,address.city')
        self.assertEqual(0, result.code, result)
        self.assertEqual('id,name,address.city\r\n'
                         '1,José Núñez & Cía,Bogotá\r\n', result.stdout)

    def test_nested_values_are_compact_json(self):
        self.http.get(CONTACTS, json=[JOSE])
        result = self.run_cli('contacts', 'export', '--columns',
                              'id,address,seller')
        self.assertEqual(0, result.code, result)
        [row] = read_csv(result.stdout)
        self.assertEqual({'address': 'Cra 7 # 12-34, piso 2',
                          'city': 'Bogotá'}, json.loads(row['address']))
        self.assertEqual('', row['seller'])

    def test_cells_with_newlines_stay_one_record(self):
        self.http.get(CONTACTS, json=[FORMULA])
        result = self.run_cli('contacts', 'export', '--columns',
                              'id,observations')
        self.assertEqual(0, result.code, result)
        self.assertEqual([{'id': '2', 'observations': 'line one\nline two'}],
                         read_csv(result.stdout))

    def test_no_records(self):
        self.http.get(CONTACTS, json=[])
        result = self.run_cli('contacts', 'export')
        self.assertEqual(0, result.code, result)
        self.assertEqual(','.join(EXPORT_COLUMNS) + '\r\n', result.stdout)
        self.assertEqual('exported 0 contacts\n', result.stderr)

    def test_wrapped_answers_are_read(self):
        self.http.get(CONTACTS, json={'data': [JOSE], 'metadata': {}})
        result = self.run_cli('contacts', 'export', '--columns', 'id')
        self.assertEqual(0, result.code, result)
        self.assertEqual('id\r\n1\r\n', result.stdout)


class TestJsonExport(ExportTestCase):

    RAW = ('[{"id": "1", "name": "José Núñez", "creditLimit": 1500.50, '
           '"type": ["client"], "address": {"city": "Bogotá"}}, '
           '{"id": "2", "name": "Ana", "creditLimit": 10.00}]')

    def test_json_array_equal_to_the_records(self):
        self.http.get(CONTACTS, text=self.RAW)
        result = self.run_cli('contacts', 'export', '--format', 'json')
        self.assertEqual(0, result.code, result)
        exported = jsonio.loads(result.stdout)
        self.assertEqual(jsonio.loads(self.RAW), exported)
        self.assertEqual('1500.50', str(exported[0]['creditLimit']))
        self.assertIn('10.00', result.stdout)
        self.assertIn('José Núñez', result.stdout)

    def test_json_walks_pages(self):
        pages = [contacts(30, 0), contacts(2, 30)]
        self.http.get(CONTACTS, [{'json': page} for page in pages])
        result = self.run_cli('contacts', 'export', '--format', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual(pages[0] + pages[1], json.loads(result.stdout))

    def test_empty_json_is_an_empty_array(self):
        self.http.get(CONTACTS, json=[])
        result = self.run_cli('contacts', 'export', '--format', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual([], json.loads(result.stdout))

    def test_json_with_columns_projects(self):
        self.http.get(CONTACTS, json=[JOSE])
        result = self.run_cli('contacts', 'export', '--format', 'json',
                              '--columns', 'id,address.city')
        self.assertEqual(0, result.code, result)
        self.assertEqual([{'id': '1', 'address.city': 'Bogotá'}],
                         json.loads(result.stdout))

    def test_jsonl_one_record_per_line(self):
        self.http.get(CONTACTS, text=self.RAW)
        result = self.run_cli('contacts', 'export', '--format', 'jsonl')
        self.assertEqual(0, result.code, result)
        lines = result.stdout.splitlines()
        self.assertEqual(2, len(lines))
        self.assertTrue(result.stdout.endswith('\n'))
        self.assertEqual(jsonio.loads(self.RAW),
                         [jsonio.loads(line) for line in lines])
        self.assertIn('"creditLimit": 10.00', lines[1])
        self.assertEqual('exported 2 contacts\n', result.stderr)

    def test_unknown_format(self):
        result = self.run_cli('contacts', 'export', '--format', 'xlsx')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertFalse(self.http.called)


class TestQuery(ExportTestCase):

    def test_raw_params_and_plugin_filters_are_sent(self):
        self.http.get(INVOICES, json=[])
        result = self.run_cli('invoices', 'export', '--param',
                              'status=open', '--param', 'fields=x,y',
                              '--client', '12', '--since', '2024-01-01',
                              '-q', 'Café')
        self.assertEqual(0, result.code, result)
        query = self.http.last_request.qs
        self.assertEqual(['open'], query['status'])
        self.assertEqual(['x,y'], query['fields'])
        self.assertEqual(['12'], query['client_id'])
        self.assertEqual(['2024-01-01'], query['date_afterOrNow'])
        self.assertEqual(['Café'], query['query'])
        self.assertEqual(['0'], query['start'])
        self.assertEqual(['30'], query['limit'])

    def test_filter_flag_wins_over_param(self):
        self.http.get(CONTACTS, json=[])
        result = self.run_cli('contacts', 'export', '--param',
                              'type=provider', '--type', 'client')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['client'], self.http.last_request.qs['type'])

    def test_filters_are_kept_on_every_page(self):
        pages = [contacts(30, 0), contacts(1, 30)]
        self.http.get(CONTACTS, [{'json': page} for page in pages])
        result = self.run_cli('contacts', 'export', '--type', 'provider')
        self.assertEqual(0, result.code, result)
        self.assertEqual([['provider'], ['provider']],
                         [r.qs['type'] for r in self.gets()])


class TestOutFile(ExportTestCase):

    def setUp(self):
        super().setUp()
        self.directory = os.path.join(self.tmp, 'exports')
        os.mkdir(self.directory)
        self.out = os.path.join(self.directory, 'contacts.csv')

    def test_writes_the_file_and_nothing_to_stdout(self):
        self.http.get(CONTACTS, json=[JOSE])
        result = self.run_cli('contacts', 'export', '--out', self.out)
        self.assertEqual(0, result.code, result)
        self.assertEqual('', result.stdout)
        self.assertEqual(f'exported 1 contacts to {self.out}\n',
                         result.stderr)
        with open(self.out, encoding='utf-8', newline='') as handle:
            text = handle.read()
        self.assertTrue(text.startswith(','.join(EXPORT_COLUMNS) + '\r\n'))
        self.assertEqual('José Núñez & Cía', read_csv(text)[0]['name'])
        self.assertEqual(['contacts.csv'], os.listdir(self.directory))
        self.assertEqual(0o644, os.stat(self.out).st_mode & 0o777)

    def test_jsonl_to_a_file(self):
        self.http.get(CONTACTS, json=contacts(3))
        out = os.path.join(self.directory, 'contacts.jsonl')
        result = self.run_cli('contacts', 'export', '--format', 'jsonl',
                              '--out', out)
        self.assertEqual(0, result.code, result)
        with open(out, encoding='utf-8') as handle:
            self.assertEqual(contacts(3),
                             [json.loads(line) for line in handle])

    def test_failure_mid_export_keeps_the_old_file(self):
        with open(self.out, 'w', encoding='utf-8') as handle:
            handle.write('the export of yesterday\n')
        self.assertEqual('1', self.environ['ALEGRA_MAX_ATTEMPTS'])
        self.http.get(CONTACTS, [{'json': contacts(30)},
                                 {'status_code': 500,
                                  'json': {'message': 'boom'}}])
        result = self.run_cli('contacts', 'export', '--out', self.out)
        self.assertError(result, errors.SERVER, 'HTTP 500', 'boom')
        self.assertEqual('', result.stdout)
        self.assertEqual(2, len(self.gets()))
        self.assertEqual(['contacts.csv'], os.listdir(self.directory))
        with open(self.out, encoding='utf-8') as handle:
            self.assertEqual('the export of yesterday\n', handle.read())

    def test_failure_mid_export_leaves_no_file(self):
        self.http.get(CONTACTS, [{'json': contacts(30)},
                                 {'status_code': 500,
                                  'json': {'message': 'boom'}}])
        result = self.run_cli('contacts', 'export', '--out', self.out)
        self.assertEqual(errors.SERVER, result.code, result)
        self.assertEqual([], os.listdir(self.directory))

    def test_unwritable_directory(self):
        self.http.get(CONTACTS, json=[])
        out = os.path.join(self.tmp, 'missing', 'contacts.csv')
        result = self.run_cli('contacts', 'export', '--out', out)
        self.assertError(result, errors.USAGE, 'cannot write', out)
        self.assertFalse(os.path.exists(os.path.dirname(out)))

    def test_dry_run_creates_nothing_and_prints_the_request(self):
        result = self.run_cli('contacts', 'export', '--out', self.out,
                              '--type', 'client', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertFalse(self.http.called)
        self.assertEqual([], os.listdir(self.directory))
        first = result.stdout.splitlines()[0]
        self.assertEqual(
            'GET ' + CONTACTS + '?type=client&start=0&limit=30', first)
        self.assertIn('curl', result.stdout)
        self.assertNotIn(base.TOKEN, result.stdout)

    def test_dry_run_needs_no_credentials(self):
        self.environ.pop('ALEGRA_TOKEN')
        self.environ.pop('ALEGRA_EMAIL')
        result = self.run_cli('contacts', 'export', '--dry-run',
                              '--start', '60', '-o', 'json')
        self.assertEqual(0, result.code, result)
        described = json.loads(result.stdout)
        self.assertEqual('GET', described['method'])
        self.assertEqual(CONTACTS + '?start=60&limit=30', described['url'])


class TestRoundTrip(ExportTestCase):

    def test_an_export_imports_back(self):
        records = [
            JOSE,
            {'id': '2', 'name': '=Tienda "La 14"',
             'identification': '007123',
             'identificationObject': {'type': 'CC', 'number': '007123'},
             'kindOfPerson': 'PERSON_ENTITY', 'type': ['client'],
             'phonePrimary': '+57 1 234', 'status': 'inactive'},
            {'id': '3', 'name': 'Proveedor Ñandú', 'identification': '',
             'type': ['provider'], 'email': 'compras@ñandú.co',
             'address': {'city': 'Medellín'}},
        ]
        self.http.get(CONTACTS, json=records)
        out = os.path.join(self.tmp, 'contacts.csv')
        result = self.run_cli('contacts', 'export', '--out', out)
        self.assertEqual(0, result.code, result)

        result = self.run_cli('contacts', 'import', '-f', out, '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertEqual(1, len(self.http.request_history))
        lines = result.stdout.splitlines()
        self.assertEqual(['row 1: ', 'row 2: ', 'row 3: '],
                         [line[:7] for line in lines])
        bodies = [jsonio.loads(line.split(': ', 1)[1]) for line in lines]
        self.assertEqual(
            {'name': 'José Núñez & Cía',
             'identification': {'type': 'NIT', 'number': '900123456'},
             'kindOfPerson': 'LEGAL_ENTITY',
             'type': ['client', 'provider'],
             'email': 'jose@nunez.co', 'phonePrimary': '+573001234567',
             'mobile': '3001234567',
             'address': {'address': 'Cra 7 # 12-34, piso 2',
                         'city': 'Bogotá'},
             'status': 'active'},
            bodies[0])
        self.assertEqual(
            {'name': '=Tienda "La 14"',
             'identification': {'type': 'CC', 'number': '007123'},
             'kindOfPerson': 'PERSON_ENTITY', 'type': ['client'],
             'phonePrimary': '+57 1 234', 'status': 'inactive'},
            bodies[1])
        self.assertEqual(
            {'name': 'Proveedor Ñandú', 'type': ['provider'],
             'email': 'compras@ñandú.co',
             'address': {'city': 'Medellín'}},
            bodies[2])
        # The export's own id is not sent, and not warned about; the plain
        # identification is not sent (identificationObject is).
        self.assertIn('Warning: columns not imported (no field): '
                      'identification\n', result.stderr)

    def test_an_items_export_imports_back_with_numbers(self):
        self.http.get(ITEMS, text=(
            '[{"id": 3, "name": "Café molido", "reference": "007", '
            '"description": "Bolsa 500 g", '
            '"price": [{"idPriceList": 1, "price": 10.00}], '
            '"tax": [{"id": 2, "percentage": 19.00}], "type": "simple", '
            '"status": "active", '
            '"inventory": {"unit": "unit", "unitCost": 4.50}}, '
            '{"id": 4, "name": "Asesoría", '
            '"price": [{"idPriceList": 1, "price": 1500}], '
            '"type": "service", "status": "active"}]'))
        out = os.path.join(self.tmp, 'items.csv')
        result = self.run_cli('items', 'export', '--out', out)
        self.assertEqual(0, result.code, result)

        result = self.run_cli('items', 'import', '-f', out, '--dry-run')
        self.assertEqual(0, result.code, result)
        lines = result.stdout.splitlines()
        self.assertEqual(
            'row 1: {"name": "Café molido", "reference": "007", '
            '"description": "Bolsa 500 g", "price": 10.00, '
            '"tax": [{"id": "2"}], '
            '"inventory": {"unit": "unit", "unitCost": 4.50}, '
            '"type": "simple", "status": "active"}', lines[0])
        self.assertEqual(
            'row 2: {"name": "Asesoría", "price": 1500, "type": "service", '
            '"status": "active"}', lines[1])


class TestExportEdges(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_jsonl_honours_columns(self):
        self.http.get(base.BASE_URL + '/contacts', json=[
            {'id': '1', 'name': 'Ana', 'address': {'city': 'Cali'}}])
        result = self.run_cli('contacts', 'export', '--format', 'jsonl',
                              '--columns', 'id,address.city')
        self.assertEqual('{"id": "1", "address.city": "Cali"}\n',
                         result.stdout)

    def test_a_failed_first_page_prints_no_header(self):
        self.http.get(base.BASE_URL + '/contacts', status_code=500,
                      json={'message': 'caído'})
        result = self.run_cli('contacts', 'list', '--all', '-o', 'csv')
        self.assertEqual(9, result.code, result)
        self.assertEqual('', result.stdout)


class TestUntrustedPages(ExportTestCase):
    """Pages that never end, or hold no records, stop the export."""

    def setUp(self):
        super().setUp()
        self.out = os.path.join(self.tmp, 'contacts.csv')

    def test_a_server_ignoring_start_ends_with_an_error_and_no_file(self):
        for fmt in ('csv', 'json', 'jsonl'):
            self.http.get(CONTACTS, json=forever(contacts(30)))
            result = self.run_cli('contacts', 'export', '--format', fmt,
                                  '--out', self.out)
            self.assertError(result, errors.SERVER, 'stopped listing',
                             'start=30 repeats records')
            self.assertFalse(os.path.exists(self.out))
        self.assertEqual(6, len(self.gets()))

    def test_pages_past_the_total(self):
        self.http.get(CONTACTS, [
            {'json': {'data': contacts(30, start),
                      'metadata': {'total': 31}}} for start in (0, 30, 60)]
            + [STOP])
        result = self.run_cli('contacts', 'export', '--out', self.out)
        self.assertError(result, errors.SERVER, 'past the total of 31')
        self.assertFalse(os.path.exists(self.out))

    def test_a_page_of_things_that_are_not_records(self):
        self.http.get(CONTACTS, json=['José', 'Ana'])
        result = self.run_cli('contacts', 'export', '--out', self.out)
        self.assertError(result, errors.SERVER, 'the API answered GET '
                         '/contacts with something that is not a record')
        self.assertFalse(os.path.exists(self.out))

    def test_an_echoed_token_is_redacted_in_the_file(self):
        self.http.get(CONTACTS, json=[dict(JOSE, observations=base.TOKEN)])
        result = self.run_cli('contacts', 'export', '--columns',
                              'id,observations', '--out', self.out)
        self.assertEqual(0, result.code, result)
        with open(self.out, encoding='utf-8', newline='') as handle:
            self.assertEqual([{'id': '1', 'observations': '<redacted>'}],
                             read_csv(handle.read()))
