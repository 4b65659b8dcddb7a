"""Redacting secrets and escaping terminal controls in server text."""

import base64

import testtools

from alegra import sanitize

EMAIL = 'ana@empresa.co'
TOKEN = 'tok3n-for-sanitize-tests'
BASIC = base64.b64encode(f'{EMAIL}:{TOKEN}'.encode()).decode()


def basic_of(pair):
    return base64.b64encode(pair.encode()).decode()


class TestRedact(testtools.TestCase):

    def setUp(self):
        super().setUp()
        sanitize.add_credentials(EMAIL, TOKEN)

    def test_registered_token_and_its_basic_form(self):
        for echoed in (TOKEN, BASIC, f'token={TOKEN}&x=1',
                       f'Authorization: Basic {BASIC}',
                       f"{{'Authorization': '{BASIC}'}}"):
            shown = sanitize.redact(echoed)
            self.assertIn(sanitize.REDACTED, shown)
            self.assertNotIn(TOKEN, shown)
            self.assertNotIn(BASIC, shown)

    def test_keeps_the_scheme_word(self):
        self.assertEqual('Authorization: Basic <redacted>',
                         sanitize.redact(f'Authorization: Basic {BASIC}'))

    def test_any_basic_credential(self):
        other = basic_of('someone@else.co:another-secret')
        self.assertEqual('header basic <redacted> sent',
                         sanitize.redact(f'header basic {other} sent'))

    def test_any_bearer_token(self):
        self.assertEqual(
            'Authorization: Bearer <redacted>',
            sanitize.redact('Authorization: Bearer eyJhbGciOi.J9abc-def_1'))

    def test_words_after_basic_or_bearer_stay(self):
        for text in ('Plan Basic Premium', 'Basic Responsabilidades',
                     'Basic Electrodomesticoss', 'Bearer bonds',
                     'Basic QUJDRA==', 'Cafetería La Única'):
            self.assertEqual(text, sanitize.redact(text))

    def test_short_tokens_are_not_registered(self):
        # The sandbox's token is "sandbox", also in its e-mail address.
        sanitize.add_credentials('sandbox@alegra.test', 'sandbox')
        self.assertEqual('sandbox@alegra.test',
                         sanitize.redact('sandbox@alegra.test'))
        basic = basic_of('sandbox@alegra.test:sandbox')
        self.assertEqual(sanitize.REDACTED, sanitize.redact(basic))

    def test_latin1_basic_form(self):
        token = 'contraseña-larga'
        sanitize.add_credentials(EMAIL, token)
        latin1 = base64.b64encode(f'{EMAIL}:{token}'.encode('latin-1'))
        self.assertEqual(sanitize.REDACTED,
                         sanitize.redact(latin1.decode()))

    def test_no_credentials(self):
        sanitize.add_credentials(None, None)
        self.assertEqual('José', sanitize.redact('José'))

    def test_data_strings_and_keys(self):
        record = {'id': '1', 'echo': {'headers': [f'Basic {BASIC}']},
                  TOKEN: TOKEN, 'total': 3, 'none': None}
        self.assertEqual(
            {'id': '1', 'echo': {'headers': ['Basic <redacted>']},
             '<redacted>': '<redacted>', 'total': 3, 'none': None},
            sanitize.redact_data(record))
        self.assertEqual(TOKEN, record[TOKEN])


class TestEscapeControls(testtools.TestCase):

    def test_controls_are_escaped(self):
        self.assertEqual(
            '\\x1b[2J\\x07\\x08\\x0d\\x00\\x7f\\x9b\\x85',
            sanitize.escape_controls('\x1b[2J\x07\x08\r\x00\x7f\x9b\x85'))

    def test_bidi_overrides_and_isolates(self):
        text = ''.join(chr(code) for code in range(0x202a, 0x202f)) + \
            ''.join(chr(code) for code in range(0x2066, 0x206a))
        self.assertEqual(
            '\\u202a\\u202b\\u202c\\u202d\\u202e'
            '\\u2066\\u2067\\u2068\\u2069', sanitize.escape_controls(text))
        self.assertEqual('\\u200e\\u200f\\u061c',
                         sanitize.escape_controls('\u200e\u200f\u061c'))

    def test_spanish_text_tab_and_newline_stay(self):
        text = '¿Año? Ñandú, José Núñez\tcafé\nárbol €'
        self.assertEqual(text, sanitize.escape_controls(text))

    def test_for_terminal_does_both(self):
        sanitize.add_credentials(EMAIL, TOKEN)
        self.assertEqual('\\x1b[31m<redacted>',
                         sanitize.for_terminal(f'\x1b[31m{TOKEN}'))
