"""JSON that keeps numbers as they were written."""

import decimal
import json

import testtools

from alegra import jsonio


class TestLoads(testtools.TestCase):

    def test_fractions_become_json_numbers(self):
        value = jsonio.loads('{"total": 10.00}')
        self.assertIsInstance(value['total'], jsonio.JsonNumber)
        self.assertEqual('10.00', str(value['total']))
        self.assertEqual('10.00', repr(value['total']))
        self.assertEqual(decimal.Decimal('10'), value['total'])

    def test_integers_stay_ints(self):
        value = jsonio.loads('[1, -2, 18446744073709551616]')
        self.assertEqual([1, -2, 2 ** 64], value)
        for number in value:
            self.assertIs(int, type(number))

    def test_exponent(self):
        value = jsonio.loads('1E+5')
        self.assertIsInstance(value, jsonio.JsonNumber)
        self.assertEqual(decimal.Decimal(100000), value)
        self.assertEqual('1E+5', str(value))

    def test_point_one_is_exact(self):
        self.assertEqual(decimal.Decimal('0.1'), jsonio.loads('0.1'))

    def test_invalid_json_is_a_value_error(self):
        self.assertRaises(ValueError, jsonio.loads, '{"a": ')


class TestRoundTrip(testtools.TestCase):

    def round_trip(self, text, indent=None):
        return jsonio.dumps(jsonio.loads(text), indent=indent)

    def test_numbers_keep_their_text(self):
        for text in ('10.00', '1E+5', '1e-7', '0.1', '-0.50', '1500.50',
                     '18446744073709551616', '-18446744073709551617', '0'):
            self.assertEqual(text, self.round_trip(text))

    def test_numbers_inside_containers(self):
        text = '{"price": 10.00, "items": [0.1, 1E+5, 18446744073709551616]}'
        self.assertEqual(text, self.round_trip(text))

    def test_indented_round_trip(self):
        text = ('{\n  "name": "Peña",\n  "price": [\n    {\n'
                '      "price": 1500.50\n    }\n  ]\n}')
        self.assertEqual(text, self.round_trip(text, indent=2))

    def test_unicode_is_not_escaped(self):
        text = jsonio.dumps({'name': 'José Núñez', 'city': '東京'})
        self.assertIn('José Núñez', text)
        self.assertIn('東京', text)
        self.assertNotIn('\\u', text)
        self.assertEqual({'name': 'José Núñez', 'city': '東京'},
                         json.loads(text))

    def test_strings_are_escaped(self):
        value = {'quote': 'say "hi"', 'line': 'a\nb', 'tab': '\t',
                 'back': 'C:\\dir'}
        self.assertEqual(value, json.loads(jsonio.dumps(value)))


class TestDumps(testtools.TestCase):

    data = {'id': 1, 'name': 'Ana Peña', 'active': True, 'note': None,
            'type': ['client', 'provider'],
            'address': {'city': 'Bogotá', 'lines': [['a', 'b'], []],
                        'geo': {}},
            'items': [{'id': 10, 'tax': [{'id': 3}]}, {'id': 11}],
            7: 'int key'}

    def test_indent_2_matches_the_standard_library(self):
        self.assertEqual(json.dumps(self.data, indent=2, ensure_ascii=False),
                         jsonio.dumps(self.data, indent=2))

    def test_default_indent_is_2(self):
        self.assertEqual(jsonio.dumps(self.data, indent=2),
                         jsonio.dumps(self.data))

    def test_indent_4_matches_the_standard_library(self):
        self.assertEqual(json.dumps(self.data, indent=4, ensure_ascii=False),
                         jsonio.dumps(self.data, indent=4))

    def test_compact_form(self):
        text = jsonio.dumps(self.data, indent=None)
        self.assertNotIn('\n', text)
        self.assertEqual(json.dumps(self.data, ensure_ascii=False), text)

    def test_compact_with_numbers(self):
        value = {'price': jsonio.JsonNumber('10.00'), 'qty': 2,
                 'list': [jsonio.JsonNumber('1E+5')]}
        self.assertEqual('{"price": 10.00, "qty": 2, "list": [1E+5]}',
                         jsonio.dumps(value, indent=None))

    def test_empty_containers(self):
        self.assertEqual('{}', jsonio.dumps({}))
        self.assertEqual('[]', jsonio.dumps([]))
        self.assertEqual('{}', jsonio.dumps({}, indent=None))
        self.assertEqual('[]', jsonio.dumps([], indent=None))
        self.assertEqual('{\n  "a": [],\n  "b": {}\n}',
                         jsonio.dumps({'a': [], 'b': {}}))

    def test_scalars(self):
        self.assertEqual('null', jsonio.dumps(None))
        self.assertEqual('true', jsonio.dumps(True))
        self.assertEqual('"x"', jsonio.dumps('x'))
        self.assertEqual('3', jsonio.dumps(3))

    def test_tuples_are_arrays(self):
        self.assertEqual('[1, 2]', jsonio.dumps((1, 2), indent=None))

    def test_plain_decimal(self):
        self.assertEqual('1.50', jsonio.dumps(decimal.Decimal('1.50')))

    def test_nan_decimal_is_rejected(self):
        for text in ('NaN', 'Infinity', '-Infinity', 'sNaN'):
            self.assertRaises(ValueError, jsonio.dumps,
                              {'price': decimal.Decimal(text)})

    def test_nan_float_is_rejected(self):
        # NaN is not JSON: a float NaN must be refused like a Decimal one.
        self.assertRaises(ValueError, jsonio.dumps, {'price': float('nan')})
