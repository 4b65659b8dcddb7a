"""The output formats of :class:`alegra.output.formats.Printer`."""

import csv
import io

import fixtures
import testtools
import yaml

from alegra import jsonio
from alegra import sanitize
from alegra.output import cells
from alegra.output import formats

LONG_NOTE = 'Entregar en la portería del edificio ' * 4


def records():
    return [
        {'id': '1', 'name': 'José Pérez',
         'total': jsonio.JsonNumber('10.00'),
         'address': {'city': 'Bogotá', 'address': 'Calle 1, Piso 2'},
         'type': ['client'], 'active': True, 'note': LONG_NOTE},
        {'id': '2', 'name': '=HYPERLINK("http://x")',
         'total': 3,
         'address': {'city': 'Lima, Perú\nnorte', 'address': None},
         'type': [], 'active': False, 'note': None},
    ]


COLUMNS = ('id', 'name', 'total', 'address.city')


class PrinterTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # Tables must not depend on the terminal the tests run in.
        self.useFixture(fixtures.EnvironmentVariable('CLIFF_MAX_TERM_WIDTH'))
        self.useFixture(fixtures.EnvironmentVariable('CLIFF_FIT_WIDTH'))

    def print_records(self, fmt, rows=None, columns=None,
                      default_columns=COLUMNS):
        stdout = io.StringIO()
        printer = formats.Printer(fmt, stdout, columns)
        rows = records() if rows is None else rows
        count = printer.records(iter(rows), default_columns)
        return count, stdout.getvalue()

    def print_record(self, fmt, record, columns=None):
        stdout = io.StringIO()
        formats.Printer(fmt, stdout, columns).record(record)
        return stdout.getvalue()

    def print_value(self, fmt, value):
        stdout = io.StringIO()
        formats.Printer(fmt, stdout).value(value)
        return stdout.getvalue()


class TestJson(PrinterTestCase):

    def test_list_parses_back_to_the_same_records(self):
        count, out = self.print_records('json')
        self.assertEqual(2, count)
        self.assertEqual(records(), jsonio.loads(out))
        self.assertTrue(out.endswith(']\n'))

    def test_list_keeps_number_text(self):
        _, out = self.print_records('json')
        self.assertIn('"total": 10.00', out)
        self.assertEqual('10.00', str(jsonio.loads(out)[0]['total']))

    def test_list_keeps_accents_unescaped(self):
        _, out = self.print_records('json')
        self.assertIn('José Pérez', out)
        self.assertIn('Bogotá', out)

    def test_list_ignores_default_columns(self):
        _, out = self.print_records('json', default_columns=('id',))
        self.assertEqual(records(), jsonio.loads(out))

    def test_list_with_columns_projects_dotted_keys(self):
        count, out = self.print_records(
            'json', columns=['id', 'address.city', 'total', 'missing'])
        self.assertEqual(2, count)
        self.assertEqual(
            [{'id': '1', 'address.city': 'Bogotá',
              'total': jsonio.JsonNumber('10.00'), 'missing': None},
             {'id': '2', 'address.city': 'Lima, Perú\nnorte', 'total': 3,
              'missing': None}],
            jsonio.loads(out))
        self.assertEqual(['id', 'address.city', 'total', 'missing'],
                         list(jsonio.loads(out)[0]))

    def test_streams_a_generator(self):
        def generate():
            yield {'id': 1}
            yield {'id': 2}
            yield {'id': 3}
        stdout = io.StringIO()
        count = formats.Printer('json', stdout).records(generate(), ['id'])
        self.assertEqual(3, count)
        self.assertEqual([{'id': 1}, {'id': 2}, {'id': 3}],
                         jsonio.loads(stdout.getvalue()))

    def test_empty_list(self):
        count, out = self.print_records('json', rows=[])
        self.assertEqual(0, count)
        self.assertEqual('[]\n', out)

    def test_record(self):
        record = records()[0]
        out = self.print_record('json', record)
        self.assertEqual(record, jsonio.loads(out))
        self.assertEqual(jsonio.dumps(record) + '\n', out)

    def test_record_with_columns(self):
        out = self.print_record('json', records()[0],
                                columns=['name', 'address.city'])
        self.assertEqual({'name': 'José Pérez', 'address.city': 'Bogotá'},
                         jsonio.loads(out))

    def test_value(self):
        self.assertEqual('42\n', self.print_value('json', 42))
        self.assertEqual('"x"\n', self.print_value('json', 'x'))


class TestYaml(PrinterTestCase):

    def test_list_has_the_values(self):
        count, out = self.print_records('yaml')
        self.assertEqual(2, count)
        loaded = yaml.safe_load(out)
        self.assertEqual(2, len(loaded))
        self.assertEqual('1', loaded[0]['id'])
        self.assertEqual('José Pérez', loaded[0]['name'])
        self.assertEqual(10.0, loaded[0]['total'])
        self.assertEqual({'city': 'Bogotá', 'address': 'Calle 1, Piso 2'},
                         loaded[0]['address'])
        self.assertEqual(['client'], loaded[0]['type'])
        self.assertIs(True, loaded[0]['active'])
        self.assertEqual(LONG_NOTE, loaded[0]['note'])
        self.assertEqual('=HYPERLINK("http://x")', loaded[1]['name'])
        self.assertEqual('Lima, Perú\nnorte', loaded[1]['address']['city'])
        self.assertIsNone(loaded[1]['note'])
        self.assertEqual([], loaded[1]['type'])

    def test_list_keeps_number_text_and_accents(self):
        _, out = self.print_records('yaml')
        self.assertIn('total: 10.00', out)
        self.assertIn('José Pérez', out)
        self.assertNotIn('\\x', out)
        self.assertNotIn('\\u', out)

    def test_list_with_columns(self):
        _, out = self.print_records('yaml', columns=['id', 'address.city'])
        self.assertEqual([{'id': '1', 'address.city': 'Bogotá'},
                          {'id': '2', 'address.city': 'Lima, Perú\nnorte'}],
                         yaml.safe_load(out))

    def test_empty_list(self):
        count, out = self.print_records('yaml', rows=[])
        self.assertEqual(0, count)
        self.assertEqual([], yaml.safe_load(out))

    def test_record(self):
        out = self.print_record('yaml', records()[0])
        loaded = yaml.safe_load(out)
        self.assertEqual('José Pérez', loaded['name'])
        self.assertEqual(10.0, loaded['total'])
        self.assertIn('total: 10.00', out)
        self.assertEqual('Bogotá', loaded['address']['city'])
        self.assertEqual(['id', 'name', 'total', 'address', 'type',
                          'active', 'note'], list(loaded))

    def test_record_with_columns(self):
        out = self.print_record('yaml', records()[0],
                                columns=['id', 'address.city'])
        self.assertEqual({'id': '1', 'address.city': 'Bogotá'},
                         yaml.safe_load(out))

    def test_value(self):
        self.assertEqual(42, yaml.safe_load(self.print_value('yaml', 42)))


class TestCsv(PrinterTestCase):

    def parse(self, out):
        return list(csv.reader(io.StringIO(out, newline='')))

    def test_header_and_rows(self):
        count, out = self.print_records('csv')
        self.assertEqual(2, count)
        rows = self.parse(out)
        self.assertEqual(list(COLUMNS), rows[0])
        self.assertEqual(['1', 'José Pérez', '10.00', 'Bogotá'], rows[1])
        self.assertEqual(3, len(rows))
        self.assertTrue(out.startswith('id,name,total,address.city\r\n'))

    def test_columns_override_defaults(self):
        _, out = self.print_records('csv', columns=['name', 'active',
                                                    'type', 'address'])
        rows = self.parse(out)
        self.assertEqual(['name', 'active', 'type', 'address'], rows[0])
        self.assertEqual(
            ['José Pérez', 'true', 'client',
             '{"city": "Bogotá", "address": "Calle 1, Piso 2"}'], rows[1])

    def test_nested_columns(self):
        _, out = self.print_records(
            'csv', columns=['address.city', 'address.address', 'type.0'])
        rows = self.parse(out)
        self.assertEqual(['Bogotá', 'Calle 1, Piso 2', 'client'], rows[1])
        self.assertEqual(['Lima, Perú\nnorte', '', ''], rows[2])

    def test_formula_guard(self):
        _, out = self.print_records('csv', columns=['name'])
        rows = self.parse(out)
        self.assertEqual('\'=HYPERLINK("http://x")', rows[2][0])

    def test_formula_guard_on_every_start(self):
        starts = [start for start in cells.FORMULA_STARTS if start != '\r']
        rows = [{'v': start + 'A1'} for start in starts]
        _, out = self.print_records('csv', rows=rows, columns=['v'])
        parsed = self.parse(out)
        self.assertEqual(['v'], parsed[0])
        self.assertEqual([["'" + start + 'A1'] for start in starts],
                         parsed[1:])

    def test_carriage_return_quoted(self):
        # A bare CR ends a row for CSV readers, so a cell holding one,
        # guarded ("'\r...") or not, must be quoted to read back whole.
        rows = [{'v': '\r1', 'w': 'x'}, {'v': 'line one\rline two',
                                          'w': 'y'}]
        _, out = self.print_records('csv', rows=rows, columns=['v', 'w'])
        self.assertEqual([['v', 'w'], ["'\r1", 'x'],
                          ['line one\rline two', 'y']], self.parse(out))

    def test_header_is_not_guarded_but_values_are(self):
        _, out = self.print_records('csv', rows=[{'x': '-5+A1'}],
                                    columns=['x'])
        self.assertEqual([['x'], ["'-5+A1"]], self.parse(out))

    def test_accents_intact(self):
        _, out = self.print_records('csv')
        self.assertIn('José Pérez', out)
        self.assertIn('Lima, Perú', out)

    def test_comma_and_newline_quoted(self):
        _, out = self.print_records('csv', columns=['id', 'address.city',
                                                    'address.address'])
        self.assertIn('"Lima, Perú\nnorte"', out)
        self.assertIn('"Calle 1, Piso 2"', out)
        rows = self.parse(out)
        self.assertEqual(3, len(rows))
        self.assertEqual(['2', 'Lima, Perú\nnorte', ''], rows[2])
        self.assertEqual(['1', 'Bogotá', 'Calle 1, Piso 2'], rows[1])

    def test_quotes_and_backslashes_round_trip(self):
        value = 'Tienda "La 14" C:\\ventas'
        _, out = self.print_records('csv', rows=[{'n': value}],
                                    columns=['n'])
        self.assertEqual([['n'], [value]], self.parse(out))

    def test_empty_list_writes_the_header(self):
        count, out = self.print_records('csv', rows=[])
        self.assertEqual(0, count)
        self.assertEqual('id,name,total,address.city\r\n', out)

    def test_record(self):
        out = self.print_record('csv', records()[0],
                                columns=['id', 'name', 'total'])
        self.assertEqual([['id', 'name', 'total'],
                          ['1', 'José Pérez', '10.00']], self.parse(out))

    def test_record_every_field(self):
        record = {'id': 1, 'name': '@admin', 'address': {'city': 'Cali'}}
        out = self.print_record('csv', record)
        self.assertEqual([['id', 'name', 'address'],
                          ['1', "'@admin", '{"city": "Cali"}']],
                         self.parse(out))

    def test_value(self):
        self.assertEqual('42\n', self.print_value('csv', 42))


class TestTable(PrinterTestCase):

    def test_headers_and_cells(self):
        count, out = self.print_records(
            'table', columns=['id', 'name', 'total', 'address.city', 'note'])
        self.assertEqual(2, count)
        header = [line for line in out.splitlines() if '| id' in line]
        self.assertEqual(1, len(header))
        for column in ('id', 'name', 'total', 'address.city', 'note'):
            self.assertIn(' ' + column + ' ', header[0])
        self.assertIn('José Pérez', out)
        self.assertIn('10.00', out)
        # The newline inside a cell became a space: one line per record.
        self.assertIn('Lima, Perú norte', out)

    def test_long_cells_are_cut(self):
        _, out = self.print_records('table', columns=['id', 'note'])
        expected = cells.cut(LONG_NOTE, formats.TABLE_CELL_WIDTH)
        self.assertTrue(expected.endswith(cells.ELLIPSIS))
        self.assertEqual(formats.TABLE_CELL_WIDTH, len(expected))
        self.assertIn(expected, out)
        self.assertNotIn(LONG_NOTE.strip(), out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), formats.TABLE_CELL_WIDTH + 20)

    def test_uses_default_columns(self):
        _, out = self.print_records('table', default_columns=('id', 'name'))
        self.assertIn('| id', out)
        self.assertIn('name', out)
        self.assertNotIn('address.city', out)
        self.assertNotIn('Bogotá', out)

    def test_one_line_per_record(self):
        _, out = self.print_records('table')
        lines = [line for line in out.splitlines() if line.startswith('|')]
        self.assertEqual(3, len(lines))  # header and two records

    def test_empty_list(self):
        count, out = self.print_records('table', rows=[])
        self.assertEqual(0, count)
        self.assertEqual('', out)

    def test_record(self):
        out = self.print_record('table', records()[0],
                                columns=['name', 'note', 'address.city'])
        self.assertIn('Field', out)
        self.assertIn('Value', out)
        self.assertIn('José Pérez', out)
        self.assertIn('Bogotá', out)
        self.assertIn(cells.cut(LONG_NOTE, formats.DETAIL_CELL_WIDTH), out)
        self.assertNotIn(LONG_NOTE.strip(), out)

    def test_value(self):
        self.assertEqual('42\n', self.print_value('table', 42))
        self.assertEqual('\n', self.print_value('table', None))


class TestValue(PrinterTestCase):

    def test_list(self):
        count, out = self.print_records('value', columns=['id', 'name',
                                                          'total'])
        self.assertEqual(2, count)
        self.assertEqual(['1 José Pérez 10.00', '2 =HYPERLINK("http://x") 3'],
                         out.splitlines())

    def test_single_column_for_scripts(self):
        _, out = self.print_records('value', columns=['id'])
        self.assertEqual('1\n2\n', out)

    def test_empty_list(self):
        count, out = self.print_records('value', rows=[])
        self.assertEqual(0, count)
        self.assertEqual('', out)

    def test_record(self):
        out = self.print_record('value', records()[0],
                                columns=['id', 'total', 'address.city'])
        self.assertEqual(['1', '10.00', 'Bogotá'], out.splitlines())

    def test_value_of_a_count(self):
        self.assertEqual('42\n', self.print_value('value', 42))
        self.assertEqual('0\n', self.print_value('value', 0))
        self.assertEqual('true\n', self.print_value('value', True))


HOSTILE = {'id': '1', 'name': 'Ñandú\x1b[2J\x07\u202eSAS',
           'nota\x1b[31m': 'x'}


class TestControls(PrinterTestCase):
    """Table and value escape controls; json, yaml and csv keep data."""

    def test_table_and_value_escape_cells_and_headers(self):
        for fmt in ('table', 'value'):
            out = self.print_record(fmt, HOSTILE)
            self.assertIn('Ñandú\\x1b[2J\\x07\\u202eSAS', out, fmt)
            if fmt == 'table':
                self.assertIn('nota\\x1b[31m', out)
            _, listed = self.print_records(fmt, [HOSTILE],
                                           columns=['id', 'name'])
            self.assertIn('Ñandú\\x1b[2J\\x07\\u202eSAS', listed, fmt)
            for text in (out, listed):
                self.assertNotIn('\x1b', text)
                self.assertNotIn('\u202e', text)

    def test_table_header_given_by_columns(self):
        _, out = self.print_records('table', [HOSTILE],
                                    columns=['nota\x1b[31m'])
        self.assertIn('nota\\x1b[31m', out)
        self.assertNotIn('\x1b', out)

    def test_value_of_a_count(self):
        self.assertEqual('a\\x1bb\n', self.print_value('value', 'a\x1bb'))

    def test_data_formats_keep_the_data(self):
        self.assertEqual(HOSTILE, jsonio.loads(
            self.print_record('json', HOSTILE)))
        self.assertEqual([HOSTILE], yaml.safe_load(
            self.print_records('yaml', [HOSTILE])[1]))
        _, out = self.print_records('csv', [HOSTILE], columns=['name'])
        self.assertEqual([['name'], [HOSTILE['name']]],
                         list(csv.reader(io.StringIO(out, newline=''))))


class TestRedaction(PrinterTestCase):
    """Every format hides a secret a server echoed into a record."""

    def test_every_format(self):
        sanitize.add_credentials('ana@empresa.co', 'formats-secret-token')
        record = {'id': '1', 'echo': 'token formats-secret-token',
                  'auth': 'Bearer 0123456789abcdefXYZ'}
        for fmt in ('json', 'yaml', 'csv', 'table', 'value'):
            shown = self.print_record(fmt, record) + \
                self.print_records(fmt, [record],
                                   columns=['id', 'echo', 'auth'])[1]
            self.assertNotIn('formats-secret-token', shown, fmt)
            self.assertNotIn('0123456789abcdefXYZ', shown, fmt)
            self.assertIn('<redacted>', shown, fmt)
        self.assertEqual('token formats-secret-token', record['echo'])
