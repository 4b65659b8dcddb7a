"""The resource verbs and bulk import/export in Spanish (``ALEGRA_LANG=es``):
help, row lines, summaries, errors and prompts; English unchanged, and the
same exit codes and machine output (report file, JSON) in both."""

import csv
import os

from alegra import errors
from alegra import i18n
from alegra.bulk import journal
from alegra_plugins import contacts as contacts_plugin
from tests.unit import base
from tests.unit.test_import_command import ImportTestCase

CONTACTS = base.BASE_URL + '/contacts'
ROWS = 'Name,NIT\r\nUno,1\r\n,2\r\nTres,3\r\n'


def words(text):
    """``text`` with argparse's line wrapping undone."""
    return ' '.join(text.split())


class SpanishTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.addCleanup(i18n.use)

    def spanish(self):
        self.environ['ALEGRA_LANG'] = 'es'


class TestImportInSpanish(ImportTestCase):

    def setUp(self):
        super().setUp()
        self.addCleanup(i18n.use)
        self.ids.update({'Uno': '201', 'Tres': '203'})

    def spanish(self):
        self.environ['ALEGRA_LANG'] = 'es'

    def lines(self, result, prefix):
        return [line for line in result.stderr.splitlines()
                if line.startswith(prefix)]

    def test_every_row_created(self):
        self.mock_post()
        self.spanish()
        result = self.import_clients()
        self.assertEqual(errors.OK, result.code, result)
        self.assertEqual(['fila 1: creada id 101', 'fila 2: creada id 102',
                          'fila 3: creada id 103'],
                         self.lines(result, 'fila '))
        self.assertIn('importación: 3 creadas, 0 fallidas (de 3 filas)\n',
                      result.stderr)
        self.assertNotIn('row ', result.stderr)

    def test_some_rows_failed_exit_partial_failure(self):
        self.mock_post(refuse=('Tres',), status=400)
        self.spanish()
        path = self.write('clients.csv', ROWS)
        result = self.import_clients(path=path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        lines = self.lines(result, 'fila ')
        self.assertEqual(3, len(lines), result)
        self.assertEqual('fila 1: creada id 201', lines[0])
        self.assertTrue(lines[1].startswith('fila 2: fallida: '), lines)
        # The server's own words stay as it sent them.
        self.assertTrue(lines[2].startswith('fila 3: fallida: '), lines)
        self.assertTrue(lines[2].endswith('refused with 400'), lines)
        self.assertIn('importación: 1 creada, 2 fallidas (de 3 filas)\n',
                      result.stderr)
        error = self.error_line(result)
        self.assertTrue(error.startswith('Error: 2 de 3 filas no se '
                                         'importaron'), error)
        self.assertIn('--report FILE', error)

    def test_all_rows_failed_exit_bulk_failed(self):
        self.spanish()
        path = self.write('clients.csv', 'Name,NIT\r\n,1\r\n,2\r\n')
        result = self.import_clients('--dry-run', path=path)
        self.assertEqual(errors.BULK_FAILED, result.code, result)
        self.assertEqual(['fila 1: fallida: ', 'fila 2: fallida: '],
                         [line[:len('fila 1: fallida: ')] for line in
                          self.lines(result, 'fila ')])
        self.assertIn('Error: no se importó ninguna de las 2 filas',
                      result.stderr)
        self.assertFalse(self.http.called)

    def test_dry_run_row_lines(self):
        self.spanish()
        result = self.import_clients('--dry-run')
        self.assertEqual(errors.OK, result.code, result)
        self.assertEqual(['fila 1: {', 'fila 2: {', 'fila 3: {'],
                         [line[:len('fila 1: {')]
                          for line in result.stdout.splitlines()])
        self.assertFalse(self.http.called)

    def test_resume_reports_the_rows_done_before(self):
        self.mock_post()
        self.assertEqual(errors.OK, self.import_clients().code)
        self.spanish()
        result = self.import_clients('--resume')
        self.assertEqual(errors.OK, result.code, result)
        self.assertIn('fila 1: omitida id 101 (creada en una ejecución '
                      'anterior)', result.stderr)
        self.assertIn('importación: 0 creadas, 3 omitidas, 0 fallidas (de 3 '
                      'filas)', result.stderr)

    def test_second_run_refused_in_spanish(self):
        self.mock_post()
        self.assertEqual(errors.OK, self.import_clients().code)
        self.spanish()
        result = self.import_clients()
        self.assertError(result, errors.USAGE,
                         'este archivo ya se importó en esta cuenta')

    def test_report_file_keeps_machine_columns(self):
        self.mock_post()
        self.spanish()
        path = self.write('clients.csv', 'Name,NIT\r\nUno,1\r\nUno,1\r\n')
        report = os.path.join(self.tmp, 'report.csv')
        result = self.import_clients('--report', report, path=path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        with open(report, encoding='utf-8', newline='') as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual(['row', 'status', 'id', 'error', 'note'],
                         list(rows[0]))
        self.assertEqual(['created', 'failed'],
                         [row['status'] for row in rows])
        self.assertEqual('igual a la fila 1; no se envía dos veces '
                         '(--allow-duplicates la envía)', rows[1]['error'])
        self.assertIn('fila 2: fallida: igual a la fila 1', result.stderr)

    def test_english_is_unchanged(self):
        self.mock_post(refuse=('Tres',), status=400)
        path = self.write('clients.csv', ROWS)
        result = self.import_clients(path=path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertIn('row 1: created id 201\n', result.stderr)
        self.assertIn('import: 1 created, 2 failed (of 3 rows)\n',
                      result.stderr)
        self.assertIn('Error: 2 of 3 rows were not imported',
                      result.stderr)
        self.assertNotIn('fila', result.stderr)

    def test_import_help(self):
        self.spanish()
        result = self.run_cli('contacts', 'import', '--help')
        self.assertEqual(0, result.code, result)
        text = words(result.stdout)
        summary = i18n._(contacts_plugin.RESOURCE.summary)
        self.assertIn(f'Crear registros en contacts ({summary}) a partir de '
                      'un archivo CSV, JSON o JSON Lines.', text)
        self.assertIn('Una fila cuyo POST no obtiene una respuesta clara se '
                      'busca por identification, si no, por name y email, y '
                      'se envía de nuevo solo si no está.', text)
        self.assertIn('continuar una importación anterior de este archivo',
                      text)
        self.assertIn('ejecución:', text)


class TestHelpInSpanish(SpanishTestCase):

    def test_list_help(self):
        self.spanish()
        result = self.run_cli('contacts', 'list', '--help')
        self.assertEqual(0, result.code, result)
        text = words(result.stdout)
        resource = contacts_plugin.RESOURCE
        self.assertIn(f'Listar contacts ({i18n._(resource.summary)}).',
                      text)
        self.assertIn('--start START posición del primer registro '
                      '(predeterminado: 0)', text)
        self.assertIn('filtros:', text)
        self.assertIn('paginación:', text)
        for filter_ in resource.filters:
            self.assertIn(words(i18n._(filter_.help)), text)

    def test_get_help(self):
        self.spanish()
        result = self.run_cli('contacts', 'get', '--help')
        self.assertEqual(0, result.code, result)
        text = words(result.stdout)
        self.assertIn('Mostrar un registro de contacts', text)
        self.assertIn('el id del registro de contacts', text)

    def test_english_help_is_unchanged(self):
        result = self.run_cli('contacts', 'list', '--help')
        text = words(result.stdout)
        self.assertIn('List contacts (clients and providers).', text)
        self.assertIn('offset of the first record (default 0)', text)
        self.assertIn('filters:', text)


class TestVerbsInSpanish(SpanishTestCase):

    def test_page_size_refused_in_one_sentence(self):
        self.spanish()
        result = self.run_cli('contacts', 'list', '--limit', '0')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertIn("argumento --limit: valor de tamaño de página (1-30) "
                      "no válido: '0'", result.stderr)
        self.assertFalse(self.http.called)

    def test_page_size_in_english(self):
        result = self.run_cli('contacts', 'list', '--limit', '31')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertIn("argument --limit: invalid page size (1-30) value: "
                      "'31'", result.stderr)

    def test_offset_refused_in_one_sentence(self):
        self.spanish()
        result = self.run_cli('contacts', 'list', '--start', '-1')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertIn("valor de desplazamiento (0 o más) no válido: '-1'",
                      result.stderr)
        result = self.run_cli('contacts', 'list', '--start', 'x')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertIn("valor de desplazamiento (0 o más) no válido: 'x'",
                      result.stderr)

    def test_concurrency_refused_in_one_sentence(self):
        self.spanish()
        result = self.run_cli('contacts', 'import', '-f', 'x.csv',
                              '--concurrency', '17')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertIn("valor de concurrencia (1-16) no válido: '17'",
                      result.stderr)

    def test_nothing_found(self):
        self.use_env_credentials()
        self.spanish()
        self.http.get(CONTACTS, json=[])
        result = self.run_cli('contacts', 'list')
        self.assertEqual(errors.OK, result.code, result)
        self.assertEqual('no se encontraron registros de contacts\n',
                         result.stderr)

    def test_delete_asks_in_spanish(self):
        self.use_env_credentials()
        self.spanish()
        result = self.run_cli('contacts', 'delete', '5', stdin='n\n',
                              tty=True)
        self.assertEqual(errors.CANCELLED, result.code)
        self.assertIn('¿eliminar contacts 5?', result.stderr)
        self.assertFalse(self.http.called)

    def test_nothing_to_send(self):
        self.use_env_credentials()
        self.spanish()
        result = self.run_cli('contacts', 'create')
        self.assertError(result, errors.USAGE, 'nada que enviar',
                         'indique --file FILE o --set key=value')


class TestExportInSpanish(SpanishTestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_summary(self):
        self.spanish()
        self.http.get(CONTACTS, json=[{'id': '1', 'name': 'Uno'},
                                      {'id': '2', 'name': 'Dos'}])
        result = self.run_cli('contacts', 'export')
        self.assertEqual(errors.OK, result.code, result)
        self.assertEqual('se exportaron 2 registros de contacts\n',
                         result.stderr)
        # The file itself does not change with the language.
        self.assertTrue(result.stdout.startswith('id,name'), result)

    def test_summary_of_one_record_to_a_file(self):
        self.spanish()
        self.http.get(CONTACTS, json=[{'id': '1', 'name': 'Uno'}])
        out = os.path.join(self.tmp, 'contacts.csv')
        result = self.run_cli('contacts', 'export', '--out', out)
        self.assertEqual(errors.OK, result.code, result)
        self.assertEqual(f'se exportó 1 registro de contacts a {out}\n',
                         result.stderr)

    def test_english_summary_is_unchanged(self):
        self.http.get(CONTACTS, json=[{'id': '1', 'name': 'Uno'},
                                      {'id': '2', 'name': 'Dos'}])
        result = self.run_cli('contacts', 'export')
        self.assertEqual('exported 2 contacts\n', result.stderr)


class TestJournalInSpanish(SpanishTestCase):

    def test_a_second_run_names_the_first(self):
        i18n.use({'ALEGRA_LANG': 'es'})
        first = journal.ImportJournal(self.tmp, 'k')
        first.hold()
        self.addCleanup(first.close)
        second = journal.ImportJournal(self.tmp, 'k')
        exc = self.assertRaises(errors.UsageError, second.hold)
        self.assertIn('otra ejecución de esta importación (mismo archivo, '
                      f'misma cuenta) está en curso: proceso {os.getpid()}',
                      exc.message)
