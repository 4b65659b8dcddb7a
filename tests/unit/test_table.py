"""Tables drawn by :mod:`alegra.output.table` are cliff's, character for
character, and the others are left to cliff."""

import argparse
import io
import random
from unittest import mock

from cliff.formatters.table import TableFormatter
import fixtures
import testtools
import wcwidth

from alegra.output import table

# Every character the module measures with len(), and some it must not.
PLAIN_RANGES = ((0x20, 0x7e), (0xa1, 0xac), (0xae, 0x24f), (0x2010, 0x2027),
                (0x20ac, 0x20ac))
NOT_PLAIN = ('漢字', 'e\u0301', '\U0001f600', 'a\u200bb', '\u00a0', '\u00ad',
             'x\ty', 'línea\nnueva', '\u2028')
ALPHABET = 'abcXYZ019 -_.,:;@()[]{}"\'/éñÑüÁ€…–—“”•'


def cliff_says(method, headers, rows, max_width=0):
    out = io.StringIO()
    options = argparse.Namespace(max_width=max_width, fit_width=False,
                                 print_empty=False)
    getattr(TableFormatter(), method)(headers, rows, out, options)
    return out.getvalue()


def alegra_says(method, headers, rows):
    out = io.StringIO()
    getattr(table, method)(headers, rows, out)
    return out.getvalue()


class TableTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.EnvironmentVariable('CLIFF_MAX_TERM_WIDTH'))
        self.random = random.Random(14)

    def text(self, longest=20):
        return ''.join(self.random.choice(ALPHABET)
                       for _ in range(self.random.randint(0, longest)))


class TestPlain(TableTestCase):

    def test_plain_characters_are_one_column_for_wcwidth(self):
        for first, last in PLAIN_RANGES:
            for code in range(first, last + 1):
                char = chr(code)
                self.assertTrue(table.plain(char), hex(code))
                self.assertEqual(1, wcwidth.width(char), hex(code))

    def test_other_text_is_not_plain(self):
        for text in NOT_PLAIN:
            self.assertFalse(table.plain(text), repr(text))


class TestSameAsCliff(TableTestCase):

    def test_records_match_cliff(self):
        for _ in range(200):
            names = [self.text(12) or 'id' for _ in
                     range(self.random.randint(1, 8))]
            values = [self.text(60) for _ in names]
            self.assertEqual(cliff_says('emit_one', names, values),
                             alegra_says('emit_one', names, values))

    def test_lists_match_cliff(self):
        for _ in range(200):
            headers = list(dict.fromkeys(
                self.text(10) or 'id' for _ in
                range(self.random.randint(1, 6))))
            rows = [[self.text(30) for _ in headers]
                    for _ in range(self.random.randint(1, 12))]
            self.assertEqual(cliff_says('emit_list', headers, rows),
                             alegra_says('emit_list', headers, rows))

    def test_drawn_here_without_cliff(self):
        self.useFixture(fixtures.MockPatch('alegra.output.table._cliff',
                                           side_effect=AssertionError))
        out = alegra_says('emit_one', ['name'], ['José'])
        self.assertIn('| name  | José  |', out)


class TestLeftToCliff(TableTestCase):

    def test_wide_and_combining_characters(self):
        for text in NOT_PLAIN:
            rows = [['1', text]]
            self.assertEqual(cliff_says('emit_list', ['id', 'name'], rows),
                             alegra_says('emit_list', ['id', 'name'], rows))
            self.assertEqual(cliff_says('emit_one', ['name'], [text]),
                             alegra_says('emit_one', ['name'], [text]))

    def test_a_table_wider_than_the_limit_is_wrapped_by_cliff(self):
        self.useFixture(fixtures.EnvironmentVariable('CLIFF_MAX_TERM_WIDTH',
                                                     '40'))
        names, values = ['note'], ['palabra ' * 12]
        out = alegra_says('emit_one', names, values)
        self.assertEqual(cliff_says('emit_one', names, values, 40), out)
        self.assertTrue(all(len(line) <= 40 for line in out.splitlines()))

    def test_a_table_within_the_limit_is_drawn_as_cliff_draws_it(self):
        self.useFixture(fixtures.EnvironmentVariable('CLIFF_MAX_TERM_WIDTH',
                                                     '40'))
        self.useFixture(fixtures.MockPatch('alegra.output.table._cliff',
                                           side_effect=AssertionError))
        out = alegra_says('emit_one', ['id'], ['42'])
        self.assertEqual(cliff_says('emit_one', ['id'], ['42'], 40), out)

    def test_the_terminal_width_counts_when_stdout_is_one(self):
        wide = [['x' * 100]]
        self.useFixture(fixtures.MockPatch('sys.stdout.isatty',
                                           return_value=True))
        self.useFixture(fixtures.MockPatch(
            'os.get_terminal_size',
            return_value=mock.Mock(columns=60)))
        out = alegra_says('emit_list', ['a'], wide)
        self.assertEqual(cliff_says('emit_list', ['a'], wide), out)
        self.assertTrue(all(len(line) <= 60 for line in out.splitlines()))

    def test_repeated_headers_are_refused_as_cliff_refuses_them(self):
        self.assertRaises(ValueError, cliff_says, 'emit_list', ['a', 'a'],
                          [['1', '2']])
        self.assertRaises(ValueError, alegra_says, 'emit_list', ['a', 'a'],
                          [['1', '2']])
