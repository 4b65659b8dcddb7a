"""Reading import files: CSV dialects, encodings, JSON and JSON Lines."""

import io
import tracemalloc

import testtools

from alegra import errors
from alegra import jsonio
from alegra.bulk import readers


class TestCsvDelimiters(testtools.TestCase):

    def test_comma(self):
        rows = readers.read(b'name,city\r\nAna,Cali\r\nLuis,Pasto\r\n',
                            'clients.csv')
        self.assertEqual('csv', rows.format)
        self.assertEqual(['name', 'city'], rows.headers)
        self.assertEqual([(1, ['Ana', 'Cali']), (2, ['Luis', 'Pasto'])],
                         list(rows.records))

    def test_semicolon_with_commas_inside_cells(self):
        data = 'name;city\nJosé;Bogotá, D.C.\nAna;Cali\n'.encode()
        rows = readers.read(data, 'clients.csv')
        self.assertEqual(['name', 'city'], rows.headers)
        self.assertEqual([(1, ['José', 'Bogotá, D.C.']), (2, ['Ana', 'Cali'])],
                         list(rows.records))

    def test_tab(self):
        rows = readers.read(b'name\tcity\nAna\tCali, Valle\n', 'clients.tsv')
        self.assertEqual(['name', 'city'], rows.headers)
        self.assertEqual([(1, ['Ana', 'Cali, Valle'])], list(rows.records))

    def test_single_column(self):
        rows = readers.read(b'name\nAna\nLuis\n', 'names.csv')
        self.assertEqual(['name'], rows.headers)
        self.assertEqual([(1, ['Ana']), (2, ['Luis'])], list(rows.records))

    def test_quoted_cells_with_newlines_and_quotes(self):
        data = ('name,notes\r\n'
                '"Ana","first line\nsecond ""quoted"" line"\r\n'
                '"Pérez, Luis",plain\r\n').encode()
        rows = readers.read(data, 'clients.csv')
        self.assertEqual(['name', 'notes'], rows.headers)
        self.assertEqual(
            [(1, ['Ana', 'first line\nsecond "quoted" line']),
             (2, ['Pérez, Luis', 'plain'])],
            list(rows.records))

    def test_quoted_delimiters_do_not_split(self):
        rows = readers.read(b'a;b\n"x;y";"1,2"\n', 'f.csv')
        self.assertEqual([(1, ['x;y', '1,2'])], list(rows.records))

    def test_apostrophes_are_not_quotes(self):
        for delimiter in ',;\t':
            data = (f"name{delimiter}notes\nAna{delimiter}it's here\n"
                    f"Luis{delimiter}O'Brien's\n").encode()
            rows = readers.read(data, 'f.csv')
            self.assertEqual([(1, ['Ana', "it's here"]),
                              (2, ['Luis', "O'Brien's"])], list(rows.records),
                             repr(delimiter))

    def test_semicolon_with_decimal_commas(self):
        rows = readers.read('name;price\nCafé;10,50\n'.encode(), 'f.csv')
        self.assertEqual(['name', 'price'], rows.headers)
        self.assertEqual([(1, ['Café', '10,50'])], list(rows.records))

    def test_empty_trailing_cells(self):
        rows = readers.read(b'name;email;phone\nAna;;\n', 'f.csv')
        self.assertEqual(['name', 'email', 'phone'], rows.headers)
        self.assertEqual([(1, ['Ana', '', ''])], list(rows.records))

    def test_headers_are_stripped(self):
        rows = readers.read(b' name , city \nAna,Cali\n', 'f.csv')
        self.assertEqual(['name', 'city'], rows.headers)


class TestEncodings(testtools.TestCase):

    def _names(self, data, **kwargs):
        rows = readers.read(data, 'clients.csv', **kwargs)
        return rows.headers, [cells for _, cells in list(rows.records)]

    def test_utf8(self):
        headers, records = self._names('nombre\nJosé Núñez\n'.encode())
        self.assertEqual(['nombre'], headers)
        self.assertEqual([['José Núñez']], records)

    def test_utf8_with_bom(self):
        data = b'\xef\xbb\xbf' + 'nombre,ciudad\nJosé Núñez,Bogotá\n'.encode()
        headers, records = self._names(data)
        # The BOM is not part of the first header.
        self.assertEqual(['nombre', 'ciudad'], headers)
        self.assertEqual([['José Núñez', 'Bogotá']], records)

    def test_windows_1252_is_detected(self):
        data = 'nombre;ciudad\r\nJosé Núñez;Bogotá\r\n'.encode('cp1252')
        self.assertRaises(UnicodeDecodeError, data.decode, 'utf-8')
        headers, records = self._names(data)
        self.assertEqual(['nombre', 'ciudad'], headers)
        self.assertEqual([['José Núñez', 'Bogotá']], records)

    def test_choose_encoding_windows_1252_directly(self):
        self.assertEqual(('cp1252', 'strict'), readers.choose_encoding(
            io.BytesIO('José Núñez'.encode('cp1252'))))

    def test_bom_is_dropped_when_utf8_is_named(self):
        # Excel's "CSV UTF-8" has a BOM; naming its encoding must not glue
        # the BOM to the first header (--map Name=... would not find it).
        data = b'\xef\xbb\xbf' + 'Name,NIT\nJosé,1\n'.encode()
        for encoding in ('utf-8', 'UTF-8', 'utf8', 'utf-8-sig'):
            headers, records = self._names(data, encoding=encoding)
            self.assertEqual(['Name', 'NIT'], headers, encoding)
            self.assertEqual([['José', '1']], records)

    def test_named_encoding_is_honoured(self):
        # Valid UTF-8 bytes, read as the Latin-1 the user named.
        data = 'nombre\nJosé\n'.encode()
        headers, records = self._names(data, encoding='latin-1')
        self.assertEqual([['JosÃ©']], records)
        latin = 'nombre\nJosé Núñez\n'.encode('latin-1')
        headers, records = self._names(latin, encoding='latin-1')
        self.assertEqual([['José Núñez']], records)

    def test_unknown_encoding_is_a_usage_error(self):
        exc = self.assertRaises(errors.UsageError, readers.read,
                                b'name\nAna\n', 'f.csv', 'no-such-codec')
        self.assertIn('no-such-codec', exc.message)
        self.assertEqual(errors.USAGE, exc.exit_code)

    def test_bytes_invalid_for_named_encoding(self):
        data = 'nombre\nJosé\n'.encode('cp1252')
        exc = self.assertRaises(errors.InvalidInput, readers.read, data,
                                'f.csv', 'utf-8')
        self.assertIn('utf-8', exc.message)
        self.assertIn('byte 10', exc.message)
        self.assertEqual(errors.INVALID_INPUT, exc.exit_code)

    def test_neither_utf8_nor_windows_1252(self):
        # 0x81 is undefined in Windows-1252 and invalid alone in UTF-8.
        exc = self.assertRaises(errors.InvalidInput, readers.read,
                                b'name\n\x81\n', 'f.csv')
        self.assertIn('byte 5', exc.message)
        self.assertIn('--encoding', exc.hint)


class TestFormatDetection(testtools.TestCase):

    def test_by_name(self):
        for name, expected in (('a.csv', 'csv'), ('A.CSV', 'csv'),
                               ('a.tsv', 'csv'), ('a.txt', 'csv'),
                               ('a.json', 'json'), ('a.jsonl', 'jsonl'),
                               ('a.ndjson', 'jsonl'),
                               ('dir.json/a.csv', 'csv')):
            self.assertEqual(expected, readers.detect_format(name, '[1]'),
                             name)

    def test_by_content(self):
        self.assertEqual('json', readers.detect_format(None, '  \n[{}]'))
        self.assertEqual('jsonl', readers.detect_format('-', '{"a": 1}'))
        self.assertEqual('csv', readers.detect_format('-', 'name\nAna'))
        self.assertEqual('csv', readers.detect_format('data', ''))

    def test_name_wins_over_content(self):
        self.assertEqual('csv', readers.detect_format('a.csv', '[x]'))

    def test_read_detects_json_without_a_name(self):
        rows = readers.read(b'[{"name": "Ana"}]', '-')
        self.assertEqual('json', rows.format)
        self.assertEqual([(1, {'name': 'Ana'})], list(rows.records))

    def test_read_detects_jsonl_without_a_name(self):
        rows = readers.read(b'{"name": "Ana"}\n{"name": "Luis"}\n')
        self.assertEqual('jsonl', rows.format)
        self.assertEqual([(1, {'name': 'Ana'}), (2, {'name': 'Luis'})],
                         list(rows.records))

    def test_explicit_format_wins(self):
        rows = readers.read(b'{"name": "Ana"}', 'odd.csv', fmt='jsonl')
        self.assertEqual('jsonl', rows.format)
        self.assertEqual([(1, {'name': 'Ana'})], list(rows.records))


class TestRowsAndErrors(testtools.TestCase):

    def test_blank_lines_are_skipped_and_rows_count_records(self):
        data = b'name,city\r\n\r\nAna,Cali\r\n\r\n , \r\nLuis,Pasto\r\n\r\n'
        rows = readers.read(data, 'f.csv')
        self.assertEqual([(1, ['Ana', 'Cali']), (2, ['Luis', 'Pasto'])],
                         list(rows.records))

    def test_multiline_cell_counts_as_one_row(self):
        data = b'name,notes\n"Ana","a\nb\nc"\nLuis,x\n'
        rows = readers.read(data, 'f.csv')
        self.assertEqual([1, 2], [number for number, _ in list(rows.records)])
        self.assertEqual(['Luis', 'x'], list(rows.records)[1][1])

    def test_repeated_header(self):
        exc = self.assertRaises(errors.InvalidInput, readers.read,
                                b'name,city,name\nA,B,C\n', 'f.csv')
        self.assertIn('name', exc.message)
        self.assertIn('repeats', exc.message)

    def test_empty_file(self):
        for data in (b'', b'  \r\n\n', b'\xef\xbb\xbf'):
            exc = self.assertRaises(errors.InvalidInput, readers.read, data,
                                    'f.csv')
            self.assertIn('empty', exc.message)

    def test_header_only_has_no_records(self):
        rows = readers.read(b'name,city\n', 'f.csv')
        self.assertEqual(['name', 'city'], rows.headers)
        self.assertEqual([], list(rows.records))

    def test_json_array(self):
        rows = readers.read(
            '[{"name": "José", "price": 10.50}, {"name": "Ana"}]'.encode(),
            'f.json')
        self.assertEqual('json', rows.format)
        self.assertEqual([], rows.headers)
        self.assertEqual([1, 2], [number for number, _ in list(rows.records)])
        first = list(rows.records)[0][1]
        self.assertEqual('José', first['name'])
        self.assertIsInstance(first['price'], jsonio.JsonNumber)
        self.assertEqual('10.50', str(first['price']))

    def test_json_not_an_array(self):
        exc = self.assertRaises(errors.InvalidInput, readers.read,
                                b'{"name": "Ana"}', 'f.json')
        self.assertIn('array', exc.message)

    def test_json_that_does_not_parse(self):
        exc = self.assertRaises(errors.InvalidInput, readers.read,
                                b'[{"name": ', 'f.json')
        self.assertIn('not valid JSON', exc.message)

    def test_jsonl_bad_line_keeps_the_others(self):
        data = (b'{"name": "Ana"}\n'
                b'\n'
                b'{"name": \n'
                b'{"name": "Luis"}\n')
        rows = readers.read(data, 'f.jsonl')
        self.assertEqual('jsonl', rows.format)
        records = list(rows.records)
        self.assertEqual([1, 2, 3], [number for number, _ in records])
        self.assertEqual({'name': 'Ana'}, records[0][1])
        self.assertIsInstance(records[1][1], errors.InvalidInput)
        self.assertIn('not valid JSON', records[1][1].message)
        self.assertEqual({'name': 'Luis'}, records[2][1])

    def test_ndjson_with_windows_1252(self):
        data = '{"name": "José Núñez"}\r\n'.encode('cp1252')
        rows = readers.read(data, 'f.ndjson')
        self.assertEqual([(1, {'name': 'José Núñez'})], list(rows.records))


class TestStreaming(testtools.TestCase):
    """Big files are read by chunks, row by row, and never held whole."""

    BIG = readers.CHUNK * 2
    # Long lines: the delimiter sniffer is slow on many short ones.
    LINE = b'Ana Maria Perez Gomez de la Torre Restrepo\n'

    def test_rows_are_read_without_holding_the_file(self):
        line = ('Cliente Núñez {:06d},Bogotá,{:09d},"Calle 100 # 15-20, '
                'oficina 301, edificio Central, barrio Chicó Norte"\r\n')
        data = ('name,city,nit,address\r\n' + ''.join(
            line.format(n, n) for n in range(50000))).encode()
        self.assertGreater(len(data), 5 * 1024 * 1024)
        source = io.BytesIO(data)
        tracemalloc.start()
        self.addCleanup(tracemalloc.stop)
        rows = readers.read(source, 'big.csv')
        count = 0
        for record in rows.records:
            count += 1
            last = record
        _, peak = tracemalloc.get_traced_memory()
        self.assertEqual(50000, count)
        self.assertEqual((50000, ['Cliente Núñez 049999', 'Bogotá',
                                  '000049999', 'Calle 100 # 15-20, '
                                  'oficina 301, edificio Central, barrio '
                                  'Chicó Norte']), last)
        # Far less than the file (let alone its text and its rows).
        self.assertLess(peak, len(data) / 2)

    def test_records_can_be_read_again(self):
        for data, name in ((b'name\nAna\nLuis\n', 'f.csv'),
                           (b'{"name": "Ana"}\n{"name": "Luis"}\n',
                            'f.jsonl')):
            rows = readers.read(io.BytesIO(data), name)
            self.assertEqual(2, rows.count())
            self.assertEqual(list(rows.records), list(rows.records))
            self.assertEqual(2, len(list(rows.records)))

    def test_a_file_object_stays_open(self):
        source = io.BytesIO(b'name\nAna\n')
        self.assertEqual([(1, ['Ana'])],
                         list(readers.read(source, 'f.csv').records))
        self.assertFalse(source.closed)

    def test_a_character_cut_by_a_chunk_is_whole(self):
        # 'é' is two bytes: its first ends a chunk, its second starts the
        # next; the file is still all UTF-8.
        lines = b'name\n' + self.LINE * (readers.CHUNK // len(self.LINE))
        data = lines[:readers.CHUNK - 1] + 'é\nJosé\n'.encode()
        self.assertEqual(0xc3, data[readers.CHUNK - 1])
        self.assertEqual(('utf-8-sig', 'strict'),
                         readers.choose_encoding(io.BytesIO(data)))
        self.assertEqual(['José'], list(readers.read(data, 'f.csv')
                                        .records)[-1][1])

    def test_a_late_broken_byte_fails_its_row_only(self):
        data = 'name\nJosé\n'.encode() + self.LINE * (
            self.BIG // len(self.LINE)) + b'Ma\xf1ana\nPe\xc3\xb1a\n'
        records = list(readers.read(data, 'f.csv').records)
        self.assertEqual(['José'], records[0][1])
        self.assertEqual(['Ma\ufffdana'], records[-2][1])
        self.assertEqual(['Peña'], records[-1][1])

    def test_late_windows_1252_is_detected(self):
        data = b'name\n' + self.LINE * (self.BIG // len(self.LINE)) + \
            'José Núñez\n'.encode('cp1252')
        records = list(readers.read(data, 'f.csv').records)
        self.assertEqual(['José Núñez'], records[-1][1])

    def test_bad_byte_offset_beyond_the_first_chunk(self):
        data = b'name\n' + b'a' * self.BIG + b'\n\x81\n'
        exc = self.assertRaises(errors.InvalidInput, readers.read, data,
                                'f.csv', 'utf-8')
        self.assertIn(f'byte {len(data) - 2}', exc.message)
        exc = self.assertRaises(errors.InvalidInput, readers.read, data,
                                'f.csv')
        self.assertIn(f'byte {len(data) - 2}', exc.message)

    def test_a_cut_character_at_the_end_is_not_utf8(self):
        exc = self.assertRaises(errors.InvalidInput, readers.read,
                                b'name\nJos\xc3', 'f.csv', 'utf-8')
        self.assertIn('byte 8', exc.message)

    def test_non_text_codec_is_a_usage_error(self):
        self.assertRaises(errors.UsageError, readers.read, b'name\nAna\n',
                          'f.csv', 'rot13')

    def test_old_mac_line_ends(self):
        data = 'name;city\rJosé;Cali\rAna;Pasto\r'.encode('cp1252')
        rows = readers.read(data, 'f.csv')
        self.assertEqual(['name', 'city'], rows.headers)
        self.assertEqual([(1, ['José', 'Cali']), (2, ['Ana', 'Pasto'])],
                         list(rows.records))

    def test_a_csv_error_is_found_by_counting(self):
        # A quote never closed: the rest of the file is one huge cell.
        data = b'name,notes\nAna,"open\n' + b'x' * 200000 + b'\n'
        rows = readers.read(data, 'f.csv')
        exc = self.assertRaises(errors.InvalidInput, rows.count)
        self.assertIn('row 1: the CSV cannot be read', exc.message)
