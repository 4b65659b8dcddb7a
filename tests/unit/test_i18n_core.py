"""The core speaks the user's language: how it is chosen, and what changes.

Errors, hints, the app's help and the core's messages follow
``ALEGRA_LANG``, the profile's ``language`` setting, then the locale;
what scripts read (exit codes, the ``Error:`` prefix, JSON output) never
changes with it.
"""

import errno
import io
import os

import fixtures
import testtools

from alegra import errors
from alegra import i18n
from alegra import paging
from alegra import prompt
from alegra import validation
from tests.unit import base

CONTACTS = base.BASE_URL + '/contacts'
NOT_FOUND = 'No se encontró el contacto'


class LanguageFixture(fixtures.Fixture):
    """Restore the language of the run after a test changes it."""

    def _setUp(self):
        saved = dict(i18n._state)
        self.addCleanup(i18n._state.update, saved)

    def use(self, **environ):
        i18n.use(environ)


class TestNormalize(testtools.TestCase):

    def test_spanish_spellings(self):
        for value in ('es', 'ES', 'es_CO.UTF-8', 'es-MX', 'es_ES@euro',
                      ' es '):
            self.assertEqual('es', i18n.normalize(value), value)

    def test_english(self):
        for value in ('en', 'en_US.UTF-8', 'EN-gb'):
            self.assertEqual('en', i18n.normalize(value), value)

    def test_other_values_are_no_language(self):
        for value in ('fr', 'pt_BR.UTF-8', 'C', 'POSIX', 'spanish', '',
                      None):
            self.assertEqual('', i18n.normalize(value), value)


class TestFromLocale(testtools.TestCase):

    def test_lang(self):
        self.assertEqual('es', i18n.from_locale({'LANG': 'es_CO.UTF-8'}))
        self.assertEqual('en', i18n.from_locale({'LANG': 'en_US.UTF-8'}))

    def test_nothing_set_is_english(self):
        self.assertEqual('en', i18n.from_locale({}))

    def test_a_language_alegra_does_not_speak_is_english(self):
        self.assertEqual('en', i18n.from_locale({'LANG': 'fr_FR.UTF-8'}))
        self.assertEqual('en', i18n.from_locale({'LANGUAGE': 'fr:de'}))

    def test_lc_all_then_lc_messages_then_lang(self):
        self.assertEqual('en', i18n.from_locale(
            {'LC_ALL': 'en_US.UTF-8', 'LC_MESSAGES': 'es_MX.UTF-8',
             'LANG': 'es_CO.UTF-8'}))
        self.assertEqual('es', i18n.from_locale(
            {'LC_MESSAGES': 'es_MX.UTF-8', 'LANG': 'en_US.UTF-8'}))

    def test_language_list_first_spoken_wins(self):
        self.assertEqual('es', i18n.from_locale(
            {'LANGUAGE': 'fr:es:en', 'LANG': 'en_US.UTF-8'}))
        self.assertEqual('en', i18n.from_locale(
            {'LANGUAGE': 'fr:en:es', 'LANG': 'es_CO.UTF-8'}))

    def test_language_list_without_a_spoken_one_falls_to_the_locale(self):
        self.assertEqual('es', i18n.from_locale(
            {'LANGUAGE': 'fr:de', 'LANG': 'es_ES.UTF-8'}))

    def test_c_locale_wins_over_language(self):
        # As gettext does: LANGUAGE is ignored in the C locale.
        self.assertEqual('en', i18n.from_locale(
            {'LC_ALL': 'C', 'LANGUAGE': 'es'}))
        self.assertEqual('en', i18n.from_locale(
            {'LC_ALL': 'C.UTF-8', 'LANGUAGE': 'es', 'LANG': 'es_CO.UTF-8'}))
        self.assertEqual('en', i18n.from_locale(
            {'LANG': 'POSIX', 'LANGUAGE': 'es'}))


class TestChoose(testtools.TestCase):

    def setUp(self):
        super().setUp()
        tmp = self.useFixture(fixtures.TempDir()).path
        self.config = tmp + '/config.ini'
        self.environ = {'ALEGRA_CONFIG': self.config, 'HOME': tmp}

    def write_config(self, text):
        with open(self.config, 'w', encoding='utf-8') as handle:
            handle.write(text)

    def test_alegra_lang(self):
        self.assertEqual('es', i18n.choose({**self.environ,
                                            'ALEGRA_LANG': 'es'}))
        self.assertEqual('en', i18n.choose({**self.environ,
                                            'ALEGRA_LANG': 'en',
                                            'LANG': 'es_CO.UTF-8'}))

    def test_locale_without_config_file(self):
        self.assertEqual('es', i18n.choose({**self.environ,
                                            'LANG': 'es_CO.UTF-8'}))
        self.assertEqual('en', i18n.choose(self.environ))

    def test_profile_setting(self):
        self.write_config('[profile default]\nlanguage = es\n')
        self.assertEqual('es', i18n.choose(self.environ))
        self.assertEqual('es', i18n.choose({**self.environ,
                                            'LANG': 'en_US.UTF-8'}))

    def test_alegra_lang_beats_the_profile(self):
        self.write_config('[profile default]\nlanguage = es\n')
        self.assertEqual('en', i18n.choose({**self.environ,
                                            'ALEGRA_LANG': 'en'}))

    def test_the_profile_beats_the_locale(self):
        self.write_config('[profile default]\nlanguage = en\n')
        self.assertEqual('en', i18n.choose({**self.environ,
                                            'LANG': 'es_CO.UTF-8'}))

    def test_the_profile_of_the_run(self):
        self.write_config('[settings]\ndefault_profile = home\n'
                          '[profile home]\nlanguage = es\n'
                          '[profile work]\nlanguage = en\n')
        self.assertEqual('es', i18n.choose(self.environ))
        self.assertEqual('en', i18n.choose(self.environ, 'work'))
        self.assertEqual('en', i18n.choose({**self.environ,
                                            'ALEGRA_PROFILE': 'work'}))
        self.assertEqual('es', i18n.choose({**self.environ,
                                            'ALEGRA_PROFILE': 'work'},
                                           'home'))

    def test_unknown_values_fall_back(self):
        self.write_config('[profile default]\nlanguage = fr\n')
        self.assertEqual('es', i18n.choose({**self.environ,
                                            'ALEGRA_LANG': 'de',
                                            'LANG': 'es_CO.UTF-8'}))
        self.assertEqual('en', i18n.choose({**self.environ,
                                            'ALEGRA_LANG': 'xx'}))

    def test_unknown_alegra_lang_falls_back_to_the_profile(self):
        self.write_config('[profile default]\nlanguage = es\n')
        self.assertEqual('es', i18n.choose({**self.environ,
                                            'ALEGRA_LANG': 'fr'}))

    def test_a_config_file_that_does_not_parse_is_left_for_the_command(self):
        self.write_config('this is not INI\n[')
        self.assertEqual('es', i18n.choose({**self.environ,
                                            'LANG': 'es_CO.UTF-8'}))
        self.assertEqual('en', i18n.choose(self.environ))


class TestCommandLine(base.TestCase):
    """The core's texts through the command line, in both languages."""

    def setUp(self):
        super().setUp()
        self.useFixture(LanguageFixture())
        self.use_env_credentials()

    def run_in(self, language, *argv, **kwargs):
        previous = dict(self.environ)
        if language is not None:
            self.environ['ALEGRA_LANG'] = language
        try:
            return self.run_cli(*argv, **kwargs)
        finally:
            self.environ.clear()
            self.environ.update(previous)

    def test_system_reasons_in_the_line_s_language(self):
        missing = os.path.join(self.tmp, 'missing.csv')
        spanish = self.run_in('es', 'contacts', 'import', '-f', missing)
        self.assertEqual(f'Error: no se puede leer {missing}: No existe el '
                         'archivo o el directorio\n', spanish.stderr)
        english = self.run_in('en', 'contacts', 'import', '-f', missing)
        self.assertEqual(f'Error: cannot read {missing}: '
                         f'{os.strerror(errno.ENOENT)}\n', english.stderr)
        self.assertEqual(spanish.code, english.code)

    def test_not_found_in_spanish(self):
        self.http.get(CONTACTS + '/7', status_code=404,
                      json={'code': 404, 'message': NOT_FOUND})
        result = self.run_in('es', 'contacts', 'get', '7')
        self.assertEqual(errors.NOT_FOUND, result.code)
        self.assertEqual(
            f'Error: HTTP 404: {NOT_FOUND} (compruebe el id con un comando '
            'list; una cuenta suspendida también responde 404)\n',
            result.stderr)

    def test_not_found_in_english(self):
        self.http.get(CONTACTS + '/7', status_code=404,
                      json={'code': 404, 'message': NOT_FOUND})
        result = self.run_in(None, 'contacts', 'get', '7')
        self.assertEqual(errors.NOT_FOUND, result.code)
        self.assertEqual(
            f'Error: HTTP 404: {NOT_FOUND} (check the id with a list '
            'command; a suspended account also answers 404)\n',
            result.stderr)

    def test_status_hints_in_spanish(self):
        self.http.get(CONTACTS + '/7', status_code=401,
                      json={'message': 'Unauthorized'})
        result = self.run_in('es', 'contacts', 'get', '7')
        self.assertError(result, errors.AUTH, 'ejecute `alegra auth login`')

    def test_unknown_command_in_spanish(self):
        result = self.run_in('es', 'contacs', 'list')
        self.assertEqual(errors.USAGE, result.code)
        self.assertEqual("Error: 'contacs list' no es un comando de alegra "
                         '(¿quiso decir: contacts?)\n', result.stderr)
        result = self.run_in('es', 'zzzz')
        self.assertError(result, errors.USAGE, 'vea `alegra --help`')

    def test_unknown_command_in_english(self):
        result = self.run_in(None, 'contacs', 'list')
        self.assertEqual("Error: 'contacs list' is not an alegra command "
                         '(did you mean: contacts)\n', result.stderr)

    def test_missing_verb_and_bad_flag_in_spanish(self):
        result = self.run_in('es', 'contacts')
        self.assertError(result, errors.USAGE, 'contacts: falta el verbo',
                         'elija un verbo: ')
        result = self.run_in('es', 'contacts', 'fly')
        self.assertError(result, errors.USAGE,
                         "contacts no tiene el verbo 'fly'",
                         'sus verbos son: ')
        result = self.run_in('es', '--nope', 'contacts', 'list')
        self.assertError(result, errors.USAGE, 'opción desconocida --nope',
                         'vea `alegra --help`')

    def test_app_help_in_spanish(self):
        result = self.run_in('es', '--help')
        self.assertEqual(0, result.code, result)
        self.assertTrue(result.stdout.startswith('uso: alegra '),
                        result.stdout[:80])
        self.assertIn('Automatice su contabilidad en Alegra', result.stdout)
        self.assertIn('opciones comunes:', result.stdout)
        self.assertIn('mostrar esta ayuda', result.stdout)
        self.assertIn('formato de salida', result.stdout)
        self.assertNotIn('show this help', result.stdout)
        # Option names, metavars and choices do not change.
        self.assertIn('--dry-run', result.stdout)
        self.assertIn('{table,json,csv,yaml,value}', result.stdout)

    def test_app_help_in_english(self):
        result = self.run_in(None, '--help')
        self.assertTrue(result.stdout.startswith('usage: alegra '))
        self.assertIn('show this help', result.stdout)
        self.assertIn('common options:', result.stdout)

    def test_command_help_in_spanish(self):
        result = self.run_in('es', 'contacts', 'list', '--help')
        self.assertEqual(0, result.code, result)
        self.assertIn('opciones comunes:', result.stdout)
        self.assertIn('mostrar la traza', result.stdout)

    def test_group_help_in_spanish(self):
        result = self.run_in('es', 'auth', '--help')
        self.assertEqual(0, result.code, result)
        self.assertTrue(result.stdout.startswith(
            'uso: alegra auth <comando>\n\ncomandos:\n  auth '),
            result.stdout)
        result = self.run_in('es', 'auth')
        self.assertError(result, errors.USAGE, 'auth: falta el comando',
                         'elija uno de: auth ')

    def test_locale_chooses_spanish(self):
        self.environ['LANG'] = 'es_CO.UTF-8'
        result = self.run_in(None, 'contacs')
        self.assertIn('no es un comando de alegra', result.stderr)
        self.assertTrue(self.run_in(None, '--help').stdout.startswith(
            'uso: '))

    def test_alegra_lang_en_beats_a_spanish_locale(self):
        self.environ['LANG'] = 'es_ES.UTF-8'
        result = self.run_in('en', 'contacs')
        self.assertIn('is not an alegra command', result.stderr)
        self.assertTrue(self.run_in('en', '--help').stdout.startswith(
            'usage: '))

    def test_profile_language_setting(self):
        with open(self.config_path, 'w', encoding='utf-8') as handle:
            handle.write('[profile default]\nlanguage = es\n'
                         '[profile work]\nlanguage = en\n')
        self.assertIn('no es un comando de alegra',
                      self.run_in(None, 'contacs').stderr)
        self.assertIn('is not an alegra command',
                      self.run_in(None, '--profile', 'work',
                                  'contacs').stderr)
        self.assertIn('is not an alegra command',
                      self.run_in('en', 'contacs').stderr)

    def test_json_output_is_the_same_in_both_languages(self):
        record = {'id': '7', 'name': 'José Pérez', 'type': ['client'],
                  'balance': 10.5, 'status': 'active'}
        self.http.get(CONTACTS + '/7', json=record)
        self.http.get(CONTACTS, json=[record, {'id': '8', 'name': 'Ana'}])
        for argv in (('contacts', 'get', '7', '-o', 'json'),
                     ('contacts', 'list', '-o', 'json'),
                     ('contacts', 'list', '-o', 'csv'),
                     ('contacts', 'get', '7'),
                     ('contacts', 'create', '--set', 'name=Ana',
                      '--dry-run', '-o', 'json')):
            english = self.run_in('en', *argv)
            spanish = self.run_in('es', *argv)
            self.assertEqual(0, english.code, english)
            self.assertEqual((english.code, english.stdout),
                             (spanish.code, spanish.stdout), argv)

    def test_exit_codes_do_not_change_with_the_language(self):
        self.http.get(CONTACTS + '/7', status_code=429, json={})
        for language in ('en', 'es'):
            self.assertError(self.run_in(language, 'contacts', 'get', '7'),
                             errors.RATE_LIMITED, 'Error: HTTP 429')

    def test_interrupt_and_unexpected_errors_in_spanish(self):
        self.http.get(CONTACTS, exc=KeyboardInterrupt)
        result = self.run_in('es', 'contacts', 'list')
        self.assertEqual((errors.INTERRUPTED, 'Error: interrumpido\n'),
                         (result.code, result.stderr))
        self.http.get(CONTACTS, exc=RuntimeError('boom'))
        result = self.run_in('es', 'contacts', 'list')
        self.assertEqual('Error: RuntimeError inesperado: boom (ejecute de '
                         'nuevo con --debug para ver la traza)\n',
                         result.stderr)

    def test_dry_run_of_a_local_change(self):
        argv = ('config', 'set', 'output', 'json', '--dry-run')
        self.assertTrue(self.run_in('en', *argv).stdout.startswith(
            'dry run: would '))
        self.assertTrue(self.run_in('es', *argv).stdout.startswith(
            'simulación (no se cambia nada): '))

    def test_local_checks_in_spanish(self):
        result = self.run_in('es', 'contacts', 'create', '--set', 'x..y=1')
        self.assertError(result, errors.USAGE,
                         "'x..y' no es una ruta de campo válida")
        result = self.run_in('es', 'contacts', 'get', '..')
        self.assertError(result, errors.USAGE, "'..' no es un id válido")


class TestCommandHelp(base.TestCase):
    """cliff's parts of a command's help, in the run's language."""

    def command(self):
        from alegra import shell
        from alegra.commands import config as config_commands
        app = shell.AlegraApp(environ=self.environ)
        show = config_commands.Show(app, None)
        # As cliff sees a command of a plugin package other than the app's.
        show.app_dist_name = 'another-distribution'
        return show

    def test_description_and_provider_note_in_spanish(self):
        self.useFixture(LanguageFixture()).use(ALEGRA_LANG='es')
        show = self.command()
        self.assertTrue(show.get_description().startswith(
            'Mostrar los ajustes en vigor'), show.get_description())
        self.assertEqual('Este comando lo provee el plugin alegra.',
                         show.get_epilog().strip())

    def test_in_english_cliff_s_own_words(self):
        self.useFixture(LanguageFixture()).use(ALEGRA_LANG='en')
        show = self.command()
        self.assertTrue(show.get_description().startswith('Show the '))
        self.assertEqual('This command is provided by the alegra plugin.',
                         show.get_epilog().strip())


class TestMessages(testtools.TestCase):
    """The core's messages outside the command line."""

    def setUp(self):
        super().setUp()
        self.language = self.useFixture(LanguageFixture())

    def test_class_hints_are_translated_when_shown(self):
        error = errors.NotFound('HTTP 404: x')
        self.language.use(ALEGRA_LANG='en')
        self.assertEqual('Error: HTTP 404: x (check the id with a list '
                         'command; a suspended account also answers 404)',
                         error.one_line())
        self.language.use(ALEGRA_LANG='es')
        self.assertEqual('Error: HTTP 404: x (compruebe el id con un '
                         'comando list; una cuenta suspendida también '
                         'responde 404)', error.one_line())
        # The hint kept in data stays English: it is the catalog's key.
        self.assertEqual(errors.NotFound.hint, error.hint)

    def test_hints_of_data_are_translated_when_shown(self):
        self.language.use(ALEGRA_LANG='es')
        error = self.assertRaises(errors.ServerError, paging.records_of, 5)
        error.message = 'x'
        self.assertEqual('Error: x (¿--base-url es la API de Alegra?)',
                         error.one_line())

    def test_exit_code_table_keeps_its_shape(self):
        self.language.use(ALEGRA_LANG='es')
        for code, name, when in errors.EXIT_CODES:
            self.assertIsInstance(code, int)
            if when != 'Ctrl-C':
                self.assertNotEqual(when, i18n._(when), name)
        self.assertIn((5, 'not-found', 'the API answered 404'),
                      errors.EXIT_CODES)
        self.assertEqual('la API respondió 404',
                         i18n._('the API answered 404'))

    def test_confirmation_in_spanish(self):
        self.language.use(ALEGRA_LANG='es')
        stderr = io.StringIO()
        exc = self.assertRaises(
            errors.Cancelled, prompt.confirm, '¿Eliminar el contacto 7?',
            base.TerminalInput('n\n'), stderr)
        self.assertEqual('¿Eliminar el contacto 7? [s/N] ', stderr.getvalue())
        self.assertEqual('cancelado; no se cambió nada', exc.message)
        prompt.confirm('¿Eliminar?', base.TerminalInput('sí\n'), stderr)
        exc = self.assertRaises(errors.UsageError, prompt.confirm,
                                '¿Eliminar?', io.StringIO(), stderr)
        self.assertEqual('Error: ¿Eliminar? requiere confirmación y no hay '
                         'una terminal en la que preguntar (use --yes para '
                         'confirmar)', exc.one_line())

    def test_schema_reasons_in_spanish(self):
        schema = {'type': 'object', 'required': ['name'],
                  'properties': {'name': {'type': 'string'},
                                 'price': {'type': 'number', 'minimum': 0},
                                 'kind': {'enum': ['a', 'b']}}}
        body = {'price': -1, 'kind': 'c'}
        self.language.use(ALEGRA_LANG='en')
        english = validation.problems(body, schema)
        self.assertEqual([('kind', "'c' is not one of ['a', 'b']"),
                          ('name', 'is required'),
                          ('price', '-1 is less than the minimum of 0')],
                         english)
        self.language.use(ALEGRA_LANG='es')
        self.assertEqual([('kind', "'c' no es uno de ['a', 'b']"),
                          ('name', 'es obligatorio'),
                          ('price', '-1 es menor que el mínimo de 0')],
                         validation.problems(body, schema))
        exc = self.assertRaises(errors.InvalidInput, validation.check,
                                body, schema)
        self.assertEqual("cuerpo con datos no válidos: kind: 'c' no es uno "
                         "de ['a', 'b'] (y 2 más)", exc.message)

    def test_a_rule_the_catalog_does_not_know_keeps_jsonschema_text(self):
        self.language.use(ALEGRA_LANG='es')
        schema = {'type': 'object', 'not': {'required': ['a']}}
        [(field, reason)] = validation.problems({'a': 1}, schema)
        self.assertIn('should not be valid under', reason)
