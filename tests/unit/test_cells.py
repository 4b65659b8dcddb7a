"""The text of one cell: scalars, nested values, CSV guards and cutting."""

import unicodedata

import testtools

from alegra import jsonio
from alegra.output import cells


def display_width(text):
    return sum(0 if unicodedata.combining(char) else
               2 if unicodedata.east_asian_width(char) in 'WF' else 1
               for char in text)


class TestText(testtools.TestCase):

    def test_none_is_empty(self):
        self.assertEqual('', cells.text(None))

    def test_bools(self):
        self.assertEqual('true', cells.text(True))
        self.assertEqual('false', cells.text(False))

    def test_strings_and_ints(self):
        self.assertEqual('José', cells.text('José'))
        self.assertEqual('42', cells.text(42))
        self.assertEqual('0', cells.text(0))
        self.assertEqual('', cells.text(''))

    def test_json_number_keeps_its_text(self):
        self.assertEqual('10.00', cells.text(jsonio.JsonNumber('10.00')))
        self.assertEqual('1E+5', cells.text(jsonio.JsonNumber('1E+5')))

    def test_nested_values_are_compact_json(self):
        self.assertEqual('{"city": "Bogotá", "zip": 11}',
                         cells.text({'city': 'Bogotá', 'zip': 11}))
        self.assertEqual('[{"id": 1, "price": 10.00}]',
                         cells.text([{'id': 1,
                                      'price': jsonio.JsonNumber('10.00')}]))
        self.assertEqual('[]', cells.text([]))

    def test_lists_of_plain_values_are_joined(self):
        self.assertEqual('client, provider',
                         cells.text(['client', 'provider']))
        self.assertEqual('1, 2', cells.text([1, 2]))
        self.assertEqual('["a,b", "c"]', cells.text(['a,b', 'c']))
        self.assertEqual('[true]', cells.text([True]))


class TestColumnText(testtools.TestCase):

    record = {'id': 7, 'name': 'Ana',
              'address': {'city': 'Medellín'},
              'price': [{'price': jsonio.JsonNumber('1500.50')}],
              'active': False}

    def test_top_level(self):
        self.assertEqual('7', cells.column_text(self.record, 'id'))
        self.assertEqual('false', cells.column_text(self.record, 'active'))

    def test_dotted(self):
        self.assertEqual('Medellín',
                         cells.column_text(self.record, 'address.city'))
        self.assertEqual('1500.50',
                         cells.column_text(self.record, 'price.0.price'))

    def test_nested_column(self):
        self.assertEqual('{"city": "Medellín"}',
                         cells.column_text(self.record, 'address'))

    def test_missing(self):
        self.assertEqual('', cells.column_text(self.record, 'address.zip'))
        self.assertEqual('', cells.column_text(self.record, 'price.3.price'))


class TestCsvSafe(testtools.TestCase):

    def test_formula_starts(self):
        for start in ('=', '+', '-', '@', '\t', '\r'):
            cell = start + 'SUM(A1:A9)'
            self.assertEqual("'" + cell, cells.csv_safe(cell), repr(start))

    def test_plain_numbers_untouched(self):
        for cell in ('-5', '+573001234567', '-1500.50'):
            self.assertEqual(cell, cells.csv_safe(cell))
        for cell in ('-5+cmd', '+57 300', '-1e5'):
            self.assertEqual("'" + cell, cells.csv_safe(cell))

    def test_normal_text_untouched(self):
        for cell in ('José Núñez', '10.00', 'a=b', "'quoted", '', ' =x',
                     'x-y', '#1'):
            self.assertEqual(cell, cells.csv_safe(cell))


class TestCut(testtools.TestCase):

    def test_short_text_unchanged(self):
        self.assertEqual('José', cells.cut('José', 10))
        self.assertEqual('abcde', cells.cut('abcde', 5))
        self.assertEqual('', cells.cut('', 3))

    def test_long_text_cut_with_ellipsis(self):
        result = cells.cut('abcdefghij', 6)
        self.assertEqual('abcde…', result)
        self.assertEqual(6, len(result))

    def test_cut_width_is_respected(self):
        text = 'Distribuidora de Alimentos del Pacífico S.A.S.'
        for width in range(1, len(text)):
            result = cells.cut(text, width)
            self.assertEqual(width, display_width(result), width)
            self.assertTrue(result.endswith(cells.ELLIPSIS))
            self.assertTrue(text.startswith(result[:-1]))

    def test_decomposed_accents_stay_with_their_base(self):
        original = 'José Núñez Ibáñez de la Peña Muñoz'
        decomposed = unicodedata.normalize('NFD', original)
        self.assertNotEqual(original, decomposed)
        for width in range(1, len(original) + 2):
            result = cells.cut(decomposed, width)
            if result == decomposed:
                self.assertGreaterEqual(width, len(original))
                continue
            self.assertTrue(result.endswith(cells.ELLIPSIS), width)
            kept = result[:-1]
            remainder = decomposed[len(kept):]
            self.assertTrue(decomposed.startswith(kept), width)
            self.assertLessEqual(display_width(result), width)
            # No combining mark was cut off its base letter ...
            self.assertFalse(unicodedata.combining(remainder[0]),
                             (width, result))
            # ... so the kept part is a prefix of the composed original.
            self.assertTrue(
                original.startswith(unicodedata.normalize('NFC', kept)),
                (width, result))

    def test_decomposed_boundary(self):
        decomposed = unicodedata.normalize('NFD', 'José Núñez')
        # 'Jos' + e + combining acute: width 4 is kept whole with width 5.
        self.assertEqual('Jose\u0301…', cells.cut(decomposed, 5))
        self.assertEqual('Jos…', cells.cut(decomposed, 4))

    def test_wide_characters_count_two(self):
        text = '日本語のテキストです'
        self.assertEqual('日本語…', cells.cut(text, 7))
        self.assertEqual('日本語…', cells.cut(text, 8))
        self.assertEqual('日本語の…', cells.cut(text, 9))
        self.assertEqual(text, cells.cut(text, 20))
        self.assertEqual('日本…', cells.cut(text + 'x', 6))

    def test_wide_characters_fit_exactly(self):
        self.assertEqual('日本', cells.cut('日本', 4))
        self.assertEqual('日…', cells.cut('日本', 3))

    def test_newlines_become_spaces(self):
        self.assertEqual('Calle 1 Piso 2', cells.cut('Calle 1\nPiso 2', 40))
        self.assertEqual('a b c', cells.cut('a\r\nb\rc', 40))
        self.assertEqual('line one…', cells.cut('line one\nline two', 9))
