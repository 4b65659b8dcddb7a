"""``alegra <resource> import`` through the CLI, against requests-mock."""

import csv
import glob
import io
import json
import os
import threading
import tracemalloc

import requests
import urllib3

from alegra import errors
from alegra.bulk import journal
from tests.unit import base

CONTACTS = base.BASE_URL + '/contacts'
SEED_ARGS = ('--map', 'Name=name,NIT=identification.number',
             '--set', 'identification.type=NIT',
             '--set', 'type=["client"]',
             '--set', 'kindOfPerson=LEGAL_ENTITY')
CLIENTS = ('Name,NIT\r\n'
           'Empresa Uno S.A.S.,900111222\r\n'
           'Distribuidora Núñez,007123\r\n'
           '"Café, Pan y Más",900333444\r\n')
IDS = {'Empresa Uno S.A.S.': '101', 'Distribuidora Núñez': '102',
       'Café, Pan y Más': '103'}


def connection_refused():
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(
        None, '/x', urllib3.exceptions.NewConnectionError(None, 'refused')))


class ImportTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()
        self.lock = threading.Lock()
        self.next_id = 500
        self.ids = dict(IDS)

    def write(self, name, content):
        path = os.path.join(self.tmp, name)
        mode = 'wb' if isinstance(content, bytes) else 'w'
        with open(path, mode, **({} if mode == 'wb' else
                                 {'encoding': 'utf-8', 'newline': ''})) \
                as handle:
            handle.write(content)
        return path

    def created(self, request, context):
        """A POST answer: the body back with an id."""
        record = request.json()
        with self.lock:
            self.next_id += 1
            ident = self.ids.get(record.get('name'), str(self.next_id))
        context.status_code = 201
        return dict(record, id=ident)

    def mock_post(self, refuse=(), status=None, exc=None):
        """POSTs succeed, except those whose name is in ``refuse``, which
        are answered ``status`` or raise ``exc``."""
        def answer(request, context):
            if request.json().get('name') in refuse:
                if exc is not None:
                    raise exc
                context.status_code = status
                return {'message': f'refused with {status}'}
            return self.created(request, context)
        self.http.post(CONTACTS, json=answer)

    def posts(self):
        return [request.json() for request in self.http.request_history
                if request.method == 'POST']

    def posted_names(self):
        return sorted(body['name'] for body in self.posts())

    def row_lines(self, result):
        return {line for line in result.stderr.splitlines()
                if line.startswith('row ')}

    def error_line(self, result):
        lines = [line for line in result.stderr.splitlines()
                 if line.startswith('Error: ')]
        self.assertEqual(1, len(lines), result)
        return lines[0]

    def journal_files(self):
        return glob.glob(os.path.join(self.tmp, '.cache', 'alegra',
                                      'imports', '*.jsonl'))

    def import_clients(self, *extra, path=None):
        path = path or self.write('clients.csv', CLIENTS)
        return self.run_cli('contacts', 'import', '-f', path, *SEED_ARGS,
                            *extra)


class TestSeedExample(ImportTestCase):

    def test_sends_the_right_bodies(self):
        self.mock_post()
        result = self.import_clients()
        self.assertEqual(0, result.code, result)
        self.assertEqual('', result.stdout)
        bodies = sorted(self.posts(), key=lambda body: body['name'])
        self.assertEqual([
            {'name': 'Café, Pan y Más',
             'identification': {'number': '900333444', 'type': 'NIT'},
             'type': ['client'], 'kindOfPerson': 'LEGAL_ENTITY'},
            {'name': 'Distribuidora Núñez',
             'identification': {'number': '007123', 'type': 'NIT'},
             'type': ['client'], 'kindOfPerson': 'LEGAL_ENTITY'},
            {'name': 'Empresa Uno S.A.S.',
             'identification': {'number': '900111222', 'type': 'NIT'},
             'type': ['client'], 'kindOfPerson': 'LEGAL_ENTITY'},
        ], bodies)
        for request in self.http.request_history:
            self.assertEqual('application/json',
                             request.headers['Content-Type'])
            self.assertTrue(request.headers['Authorization'].startswith(
                'Basic '))

    def test_reports_rows_and_a_summary(self):
        self.mock_post()
        result = self.import_clients()
        self.assertEqual(0, result.code, result)
        self.assertEqual({'row 1: created id 101', 'row 2: created id 102',
                          'row 3: created id 103'}, self.row_lines(result))
        self.assertEqual('import: 3 created, 0 failed (of 3 rows)',
                         result.stderr.splitlines()[-1])
        self.assertNotIn('Error', result.stderr)
        self.assertNotIn('Warning', result.stderr)

    def test_journal_records_the_outcome(self):
        self.mock_post()
        self.assertEqual(0, self.import_clients().code)
        [path] = self.journal_files()
        with open(path, encoding='utf-8') as handle:
            entries = [json.loads(line) for line in handle]
        final = {entry['row']: entry for entry in entries
                 if entry['status'] != 'sending'}
        self.assertEqual({1: {'row': 1, 'status': 'created', 'id': '101'},
                          2: {'row': 2, 'status': 'created', 'id': '102'},
                          3: {'row': 3, 'status': 'created', 'id': '103'}},
                         final)
        self.assertEqual(3, sum(entry['status'] == 'sending'
                                for entry in entries))

    def test_unmapped_columns_are_warned_once(self):
        self.mock_post()
        path = self.write('clients.csv', 'Name,NIT,Saldo\r\nAna,1,5\r\n')
        result = self.import_clients(path=path)
        self.assertEqual(0, result.code, result)
        warnings = [line for line in result.stderr.splitlines()
                    if line.startswith('Warning:')]
        self.assertEqual(['Warning: columns not imported (no field): Saldo'],
                         warnings)


class TestDryRun(ImportTestCase):

    def setUp(self):
        super().setUp()
        # A dry run needs no credentials.
        self.environ.pop('ALEGRA_EMAIL')
        self.environ.pop('ALEGRA_TOKEN')

    def test_prints_bodies_and_sends_nothing(self):
        result = self.import_clients('--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertFalse(self.http.called)
        lines = result.stdout.splitlines()
        self.assertEqual(['row 1: ', 'row 2: ', 'row 3: '],
                         [line[:7] for line in lines])
        first = json.loads(lines[0][len('row 1: '):])
        self.assertEqual(
            {'name': 'Empresa Uno S.A.S.',
             'identification': {'number': '900111222', 'type': 'NIT'},
             'type': ['client'], 'kindOfPerson': 'LEGAL_ENTITY'}, first)
        self.assertEqual('Café, Pan y Más',
                         json.loads(lines[2][len('row 3: '):])['name'])
        self.assertEqual([], self.journal_files())
        self.assertNotIn('Error', result.stderr)

    def test_some_rows_invalid_exits_partial_failure(self):
        path = self.write('clients.csv',
                          'Name,NIT\r\nUno,1\r\n,2\r\nTres,3\r\n')
        result = self.import_clients('--dry-run', path=path)
        self.assertEqual(['row 1', 'row 3'],
                         [line[:5] for line in result.stdout.splitlines()])
        self.assertIn('row 2: failed: invalid row: name: is required',
                      result.stderr)
        self.assertFalse(self.http.called)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertIn('1 of 3 rows', self.error_line(result))

    def test_all_rows_invalid_exits_bulk_failed(self):
        path = self.write('clients.csv', 'Name,NIT\r\n,1\r\n,2\r\n')
        result = self.import_clients('--dry-run', path=path)
        self.assertEqual(errors.BULK_FAILED, result.code, result)
        self.assertEqual('', result.stdout)
        self.assertEqual({'row 1: failed: invalid row: name: is required',
                          'row 2: failed: invalid row: name: is required'},
                         self.row_lines(result))
        self.assertIn('none of the 2 rows', self.error_line(result))
        self.assertFalse(self.http.called)


class TestRowFailures(ImportTestCase):

    def test_missing_required_field_is_reported_and_others_are_sent(self):
        self.mock_post()
        path = self.write('clients.csv',
                          'Name,NIT\r\nUno,1\r\n,2\r\nTres,3\r\n')
        result = self.import_clients(path=path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(['Tres', 'Uno'], self.posted_names())
        lines = self.row_lines(result)
        self.assertIn('row 2: failed: invalid row: name: is required', lines)
        self.assertEqual(3, len(lines))
        self.assertIn('import: 2 created, 1 failed (of 3 rows)',
                      result.stderr)
        self.assertIn('1 of 3 rows were not imported',
                      self.error_line(result))

    def test_all_rows_refused_by_the_api(self):
        self.mock_post(refuse=set(IDS), status=400)
        result = self.import_clients()
        self.assertEqual(errors.BULK_FAILED, result.code, result)
        self.assertEqual(3, len(self.posts()))
        for number in (1, 2, 3):
            self.assertIn(f'row {number}: failed: HTTP 400: refused with 400',
                          self.row_lines(result))
        self.assertIn('import: 0 created, 3 failed (of 3 rows)',
                      result.stderr)
        self.assertIn('none of the 3 rows', self.error_line(result))

    def test_unauthorized_stops_the_run(self):
        self.http.post(CONTACTS, status_code=401,
                       json={'message': 'credenciales inválidas'})
        result = self.import_clients('--concurrency', '1')
        self.assertEqual(errors.AUTH, result.code, result)
        self.assertEqual(1, len(self.posts()))
        lines = result.stderr.splitlines()
        self.assertEqual('row 1: failed: HTTP 401: credenciales inválidas',
                         lines[0])
        self.assertIn('import: 0 created, 1 failed (of 3 rows)', lines)
        self.assertTrue(lines[-1].startswith(
            'Error: HTTP 401: credenciales inválidas'), result)

    def test_unauthorized_writes_the_report(self):
        self.http.post(CONTACTS, status_code=401, json={'message': 'no'})
        report = os.path.join(self.tmp, 'report.csv')
        result = self.import_clients('--concurrency', '1', '--report',
                                     report)
        self.assertEqual(errors.AUTH, result.code, result)
        with open(report, encoding='utf-8', newline='') as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual([{'row': '1', 'status': 'failed', 'id': '',
                           'error': 'HTTP 401: no'}], rows)

    def test_jsonl_bad_line_fails_alone(self):
        self.mock_post()
        path = self.write('clients.jsonl',
                          '{"name": "Uno"}\n{"name": \n{"name": "Tres"}\n')
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(['Tres', 'Uno'], self.posted_names())
        [line] = [line for line in self.row_lines(result)
                  if line.startswith('row 2: ')]
        self.assertIn('failed: not valid JSON', line)

    def test_bad_cell_json_fails_the_row_only(self):
        self.mock_post()
        path = self.write('clients.csv',
                          'name,type\r\nUno,client\r\nDos,[client\r\n')
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual([{'name': 'Uno', 'type': ['client']}], self.posts())
        self.assertTrue(any(line.startswith('row 2: failed: ')
                            for line in self.row_lines(result)), result)


class TestUnknownAndResume(ImportTestCase):

    def test_server_error_on_post_is_unknown_and_not_resent(self):
        self.mock_post(refuse={'Distribuidora Núñez'}, status=503)
        result = self.import_clients()
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertIn('row 2: unknown: HTTP 503: refused with 503',
                      self.row_lines(result))
        self.assertIn('import: 2 created, 0 failed, 1 unknown (of 3 rows)',
                      result.stderr)
        self.assertEqual(3, len(self.posts()))

        # The next run: the API works again, yet nothing is sent.
        self.mock_post()
        result = self.import_clients('--resume')
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(3, len(self.posts()))
        lines = self.row_lines(result)
        self.assertIn('row 1: skipped id 101 (created in an earlier run)',
                      lines)
        self.assertIn('row 3: skipped id 103 (created in an earlier run)',
                      lines)
        [unknown] = [line for line in lines if line.startswith('row 2: ')]
        self.assertIn('unknown', unknown)
        self.assertIn('--resend-unknown', unknown)

        # Told to, it sends the unknown row, and only that one.
        result = self.import_clients('--resume', '--resend-unknown')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['Distribuidora Núñez'],
                         [body['name'] for body in self.posts()[3:]])
        self.assertIn('row 2: created id 102', self.row_lines(result))
        self.assertIn('import: 1 created, 2 skipped, 0 failed (of 3 rows)',
                      result.stderr)

    def test_interrupted_send_is_unknown_on_resume(self):
        # A journal left by a run killed after flushing ``sending``.
        self.mock_post()
        self.assertEqual(0, self.import_clients().code)
        [path] = self.journal_files()
        with open(path, 'a', encoding='utf-8') as handle:
            handle.write('{"row": 3, "status": "sending"}\n')
        result = self.import_clients('--resume')
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(3, len(self.posts()))
        [line] = [line for line in self.row_lines(result)
                  if line.startswith('row 3: ')]
        self.assertIn('unknown', line)

    def test_connection_refused_is_failed_and_resume_resends(self):
        self.mock_post(refuse={'Distribuidora Núñez'},
                       exc=connection_refused())
        result = self.import_clients()
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        [line] = [line for line in self.row_lines(result)
                  if line.startswith('row 2: ')]
        self.assertTrue(line.startswith('row 2: failed: cannot reach '),
                        line)
        self.assertIn('import: 2 created, 1 failed (of 3 rows)',
                      result.stderr)

        self.mock_post()
        result = self.import_clients('--resume')
        self.assertEqual(0, result.code, result)
        names = [body['name'] for body in self.posts()]
        self.assertEqual(1, names.count('Empresa Uno S.A.S.'))
        self.assertEqual(2, names.count('Distribuidora Núñez'))
        self.assertEqual({'row 1: skipped id 101 (created in an earlier run)',
                          'row 2: created id 102',
                          'row 3: skipped id 103 (created in an earlier run)'},
                         self.row_lines(result))

    def test_rerun_without_resume_is_a_usage_error(self):
        self.mock_post()
        self.assertEqual(0, self.import_clients().code)
        result = self.import_clients()
        self.assertError(result, errors.USAGE, 'already imported',
                         '--resume', '--restart')
        self.assertEqual(3, len(self.posts()))

    def test_restart_sends_every_row_again(self):
        self.mock_post()
        self.assertEqual(0, self.import_clients().code)
        result = self.import_clients('--restart')
        self.assertEqual(0, result.code, result)
        self.assertEqual(6, len(self.posts()))
        self.assertEqual(2, self.posted_names().count('Café, Pan y Más'))
        # And the journal holds the second run only.
        result = self.import_clients('--resume')
        self.assertEqual(0, result.code, result)
        self.assertEqual(6, len(self.posts()))

    def test_resume_and_restart_exclude_each_other(self):
        result = self.import_clients('--resume', '--restart')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertFalse(self.http.called)

    def test_a_changed_file_is_a_new_import(self):
        self.mock_post()
        self.assertEqual(0, self.import_clients().code)
        path = self.write('clients.csv', CLIENTS + 'Cuatro,4\r\n')
        result = self.import_clients(path=path)
        self.assertEqual(0, result.code, result)
        self.assertEqual(7, len(self.posts()))

    def test_another_account_is_a_new_import(self):
        self.mock_post()
        self.assertEqual(0, self.import_clients().code)
        self.environ['ALEGRA_EMAIL'] = 'otra@empresa.co'
        result = self.import_clients()
        self.assertEqual(0, result.code, result)
        self.assertEqual(6, len(self.posts()))


class TestReport(ImportTestCase):

    def setUp(self):
        super().setUp()
        self.mock_post()
        self.input = self.write('clients.csv',
                                'Name,NIT\r\nUno,1\r\n,2\r\nTres,3\r\n')
        self.ids.update({'Uno': '201', 'Tres': '203'})

    def test_csv_report(self):
        report = os.path.join(self.tmp, 'report.csv')
        result = self.import_clients('--report', report, path=self.input)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        with open(report, encoding='utf-8', newline='') as handle:
            text = handle.read()
        self.assertEqual('row,status,id,error\r\n'
                         '1,created,201,\r\n'
                         '2,failed,,invalid row: name: is required\r\n'
                         '3,created,203,\r\n', text)
        self.assertNotIn('--report FILE', self.error_line(result))
        self.assertEqual(['clients.csv', 'report.csv'],
                         sorted(name for name in os.listdir(self.tmp)
                                if not name.startswith('.')))

    def test_jsonl_report(self):
        report = os.path.join(self.tmp, 'report.jsonl')
        result = self.import_clients('--report', report, path=self.input)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        with open(report, encoding='utf-8') as handle:
            entries = [json.loads(line) for line in handle]
        self.assertEqual(
            [{'row': 1, 'status': 'created', 'id': '201', 'error': ''},
             {'row': 2, 'status': 'failed', 'id': '',
              'error': 'invalid row: name: is required'},
             {'row': 3, 'status': 'created', 'id': '203', 'error': ''}],
            entries)

    def test_dry_run_report_lists_the_invalid_rows(self):
        report = os.path.join(self.tmp, 'report.csv')
        result = self.import_clients('--dry-run', '--report', report,
                                     path=self.input)
        self.assertFalse(self.http.called)
        with open(report, encoding='utf-8', newline='') as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual([{'row': '2', 'status': 'failed', 'id': '',
                           'error': 'invalid row: name: is required'}],
                         rows)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)

    def test_without_report_the_error_suggests_it(self):
        result = self.import_clients(path=self.input)
        self.assertIn('--report FILE', self.error_line(result))


class TestUpdateBy(ImportTestCase):

    def test_update_create_or_fail_by_identification(self):
        found = {
            '900111222': [{'id': '7', 'name': 'Empresa Uno',
                           'identification': '900111222'}],
            '007123': [{'id': '9', 'name': 'Otra',
                        'identification': '0071234'}],
            '900333444': [{'id': '8', 'identification': '900333444'},
                          {'id': '11', 'identification': '900333444'}],
        }

        def search(request, context):
            return found[request.qs['identification'][0]]

        self.http.get(CONTACTS, json=search)
        self.http.put(CONTACTS + '/7', json={'id': '7'})
        self.mock_post()
        result = self.import_clients('--update-by', 'identification')
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)

        gets = sorted(request.qs['identification'][0]
                      for request in self.http.request_history
                      if request.method == 'GET')
        self.assertEqual(['007123', '900111222', '900333444'], gets)
        [put] = [request for request in self.http.request_history
                 if request.method == 'PUT']
        self.assertEqual('/api/v1/contacts/7', put.path)
        self.assertEqual('Empresa Uno S.A.S.', put.json()['name'])
        self.assertEqual({'number': '900111222', 'type': 'NIT'},
                         put.json()['identification'])
        # 0071234 is not 007123: no match, so the row is created.
        self.assertEqual(['Distribuidora Núñez'], self.posted_names())
        self.assertEqual(
            {'row 1: updated id 7', 'row 2: created id 102',
             'row 3: failed: 2 records have identification 900333444'},
            self.row_lines(result))
        self.assertIn('import: 1 created, 1 updated, 1 failed (of 3 rows)',
                      result.stderr)

    def test_updated_rows_are_skipped_on_resume(self):
        self.http.get(CONTACTS, json=[{'id': '7', 'identification': '1'}])
        self.http.put(CONTACTS + '/7', json={'id': '7'})
        path = self.write('clients.csv', 'Name,NIT\r\nUno,1\r\n')
        result = self.import_clients('--update-by', 'identification',
                                     path=path)
        self.assertEqual(0, result.code, result)
        result = self.import_clients('--update-by', 'identification',
                                     '--resume', path=path)
        self.assertEqual(0, result.code, result)
        self.assertEqual(1, sum(request.method == 'PUT'
                                for request in self.http.request_history))
        self.assertEqual({'row 1: skipped id 7 (updated in an earlier run)'},
                         self.row_lines(result))


class TestInputs(ImportTestCase):

    def test_stdin(self):
        self.mock_post()
        result = self.run_cli('contacts', 'import', '-f', '-', *SEED_ARGS,
                              stdin=CLIENTS)
        self.assertEqual(0, result.code, result)
        self.assertEqual(sorted(IDS), self.posted_names())

    def test_stdin_dry_run_json(self):
        result = self.run_cli('contacts', 'import', '-f', '-', '--dry-run',
                              stdin='[{"id": "3", "name": "Ana"}]')
        self.assertEqual(0, result.code, result)
        self.assertEqual('row 1: {"name": "Ana"}\n', result.stdout)

    def test_bad_json_in_set_is_a_usage_error_before_sending(self):
        self.mock_post()
        path = self.write('clients.csv', CLIENTS)
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--set', 'type=[client')
        self.assertError(result, errors.USAGE, '[client')
        self.assertFalse(self.http.called)
        self.assertEqual([], self.journal_files())

    def test_map_of_a_missing_column(self):
        path = self.write('clients.csv', 'Nombre,NIT\r\nAna,1\r\n')
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--map', 'Name=name')
        self.assertError(result, errors.USAGE, 'Name', 'Nombre, NIT')
        self.assertFalse(self.http.called)

    def test_missing_file(self):
        result = self.run_cli('contacts', 'import', '-f',
                              os.path.join(self.tmp, 'nope.csv'))
        self.assertError(result, errors.INVALID_INPUT, 'cannot read',
                         'nope.csv')

    def test_file_is_required(self):
        result = self.run_cli('contacts', 'import')
        self.assertEqual(errors.USAGE, result.code, result)

    def test_concurrency_bounds(self):
        path = self.write('clients.csv', CLIENTS)
        for value in ('0', '17', 'x'):
            result = self.run_cli('contacts', 'import', '-f', path,
                                  '--concurrency', value)
            self.assertEqual(errors.USAGE, result.code, result)
        self.assertFalse(self.http.called)

    def test_concurrency_imports_every_row_once(self):
        self.mock_post()
        names = [f'Cliente {n:02d}' for n in range(25)]
        path = self.write('many.csv',
                          'name\r\n' + ''.join(f'{n}\r\n' for n in names))
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--concurrency', '3')
        self.assertEqual(0, result.code, result)
        self.assertEqual(names, self.posted_names())
        self.assertEqual(25, len(self.row_lines(result)))
        self.assertEqual(
            set(range(1, 26)),
            {int(line.split(':')[0].split()[1])
             for line in self.row_lines(result)})
        self.assertIn('import: 25 created, 0 failed (of 25 rows)',
                      result.stderr)

    def test_json_array_file(self):
        self.mock_post()
        path = self.write('clients.json', json.dumps([
            {'id': '55', 'name': 'José Núñez',
             'identification': {'type': 'CC', 'number': '007123'},
             'type': ['client', 'provider'], 'creditLimit': 1500.5},
            {'name': 'Ana', 'nit': '900'},
        ]))
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--map', 'nit=identification.number',
                              '--set', 'kindOfPerson=PERSON_ENTITY')
        self.assertEqual(0, result.code, result)
        bodies = sorted(self.posts(), key=lambda body: body['name'])
        self.assertEqual([
            {'name': 'Ana', 'identification': {'number': '900'},
             'kindOfPerson': 'PERSON_ENTITY'},
            {'name': 'José Núñez',
             'identification': {'type': 'CC', 'number': '007123'},
             'type': ['client', 'provider'], 'creditLimit': 1500.5,
             'kindOfPerson': 'PERSON_ENTITY'},
        ], bodies)

    def test_json_numbers_are_sent_as_written(self):
        self.mock_post()
        path = self.write('clients.json',
                          '[{"name": "Ana", "creditLimit": 1500.50}]')
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        self.assertIn(b'"creditLimit": 1500.50',
                      self.http.last_request.body)

    def test_jsonl_file(self):
        self.mock_post()
        path = self.write('clients.ndjson',
                          '{"name": "Uno"}\n\n{"name": "Dos", '
                          '"type": "client"}\n')
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        self.assertEqual([{'name': 'Dos', 'type': 'client'},
                          {'name': 'Uno'}],
                         sorted(self.posts(), key=lambda b: b['name']))
        self.assertEqual(2, len(self.row_lines(result)))

    def test_windows_1252_csv_keeps_accents(self):
        self.mock_post()
        path = self.write('clients.csv',
                          'name;address.city\r\nJosé Núñez;Bogotá\r\n'
                          .encode('cp1252'))
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        self.assertEqual([{'name': 'José Núñez',
                           'address': {'city': 'Bogotá'}}], self.posts())

    def test_encoding_flag(self):
        path = self.write('clients.csv',
                          'name\r\nJosé\r\n'.encode('latin-1'))
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--encoding', 'latin-1', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertEqual('row 1: {"name": "José"}\n', result.stdout)

    def test_excel_utf8_csv_with_named_encoding(self):
        # Excel's "CSV UTF-8" starts with a BOM; --map must still find the
        # first column when the user names the encoding.
        path = self.write('clients.csv',
                          b'\xef\xbb\xbf' + CLIENTS.encode('utf-8'))
        result = self.run_cli('contacts', 'import', '-f', path, *SEED_ARGS,
                              '--encoding', 'utf-8', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertEqual(3, len(result.stdout.splitlines()))
        self.assertIn('"name": "Distribuidora Núñez"', result.stdout)

    def test_unknown_encoding(self):
        path = self.write('clients.csv', 'name\r\nAna\r\n')
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--encoding', 'klingon', '--dry-run')
        self.assertError(result, errors.USAGE, 'klingon')

    def test_format_flag(self):
        path = self.write('clients.txt', '{"name": "Ana"}\n')
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--format', 'jsonl', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertEqual('row 1: {"name": "Ana"}\n', result.stdout)

    def test_empty_file(self):
        path = self.write('clients.csv', '')
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertError(result, errors.INVALID_INPUT, 'empty')
        self.assertFalse(self.http.called)

    def test_header_only_imports_nothing(self):
        path = self.write('clients.csv', 'name,email\r\n')
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        self.assertFalse(self.http.called)
        self.assertIn('import: 0 created, 0 failed (of 0 rows)',
                      result.stderr)

    def test_credentials_are_needed_to_send(self):
        self.environ.pop('ALEGRA_TOKEN')
        path = self.write('clients.csv', CLIENTS)
        result = self.run_cli('contacts', 'import', '-f', path, *SEED_ARGS)
        self.assertEqual(errors.AUTH, result.code, result)
        self.assertFalse(self.http.called)


class TestProgressBar(base.TestCase):
    """On a terminal, a progress bar below the row lines; never in a pipe."""

    def test_bar_on_a_terminal_only(self):
        import io

        from alegra.bulk import report

        class Terminal(io.StringIO):
            def isatty(self):
                return True

        shown = Terminal()
        on_tty = report.ImportReport(shown, 2, progress=True)
        on_tty.row(1, 'created', '7')
        on_tty.row(2, 'failed', error='HTTP 400: malo')
        on_tty.summary()
        text = shown.getvalue()
        self.assertIn('[' + '#' * 15 + '.' * 15 + '] 1/2', text)
        self.assertIn('[' + '#' * 30 + '] 2/2', text)
        self.assertIn('\r\033[K', text)
        self.assertIn('row 2: failed: HTTP 400: malo\n', text)
        piped = io.StringIO()
        plain = report.ImportReport(piped, 2, progress=False)
        plain.row(1, 'created', '7')
        self.assertEqual('row 1: created id 7\n', piped.getvalue())


class TestOneRunAtATime(ImportTestCase):
    """A second run of an import while one goes on sends nothing."""

    def hold(self, path):
        """Hold the import of ``path`` as a run in another terminal does."""
        with open(path, 'rb') as source:
            key = journal.journal_key('contacts', base.BASE_URL, base.EMAIL,
                                      source)
        running = journal.ImportJournal(
            journal.journal_dir(self.environ), key)
        running.hold()
        self.addCleanup(running.close)
        return running

    def test_refused_while_another_run_holds_the_import(self):
        self.mock_post()
        path = self.write('clients.csv', CLIENTS)
        running = self.hold(path)
        for extra in ((), ('--resume',), ('--restart',)):
            result = self.import_clients(*extra, path=path)
            self.assertError(result, errors.USAGE, 'another run of this '
                             'import', f'process {os.getpid()}, started',
                             '--resume')
        self.assertFalse(self.http.called)
        running.close()
        result = self.import_clients(path=path)
        self.assertEqual(0, result.code, result)
        self.assertEqual(3, len(self.posts()))

    def test_a_dry_run_needs_no_lock(self):
        path = self.write('clients.csv', CLIENTS)
        self.hold(path)
        result = self.import_clients('--dry-run', path=path)
        self.assertEqual(0, result.code, result)

    def test_the_lock_is_let_go_after_a_refusal(self):
        self.mock_post()
        self.assertEqual(0, self.import_clients().code)
        self.assertEqual(errors.USAGE, self.import_clients().code)
        # Refused (already imported), the run let go of the lock.
        self.assertEqual(0, self.import_clients('--resume').code)


class TestCutShortAnswers(ImportTestCase):
    """A POST whose answer is lost is unknown; the import goes on."""

    def test_a_lost_answer_is_unknown_and_the_others_go_in(self):
        cases = (
            requests.exceptions.ChunkedEncodingError(
                urllib3.exceptions.ProtocolError(
                    'Connection broken: IncompleteRead(3 bytes read, 40 '
                    'more expected)')),
            requests.exceptions.ConnectionError(
                urllib3.exceptions.ProtocolError(
                    'Connection aborted.',
                    ConnectionResetError(104, 'Connection reset by peer'))),
            requests.exceptions.ReadTimeout('read timed out'),
        )
        for number, exc in enumerate(cases):
            before = len(self.posts())
            self.environ['XDG_CACHE_HOME'] = os.path.join(self.tmp,
                                                          f'c{number}')
            self.mock_post(refuse={'Distribuidora Núñez'}, exc=exc)
            report = os.path.join(self.tmp, f'report{number}.csv')
            result = self.import_clients('--report', report)
            self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
            self.assertEqual(before + 3, len(self.posts()), exc)
            lines = self.row_lines(result)
            self.assertIn('row 1: created id 101', lines)
            self.assertIn('row 3: created id 103', lines)
            [line] = [line for line in lines if line.startswith('row 2: ')]
            self.assertTrue(line.startswith('row 2: unknown: '), line)
            self.assertIn('import: 2 created, 0 failed, 1 unknown (of 3 '
                          'rows)', result.stderr)
            with open(report, encoding='utf-8', newline='') as handle:
                rows = list(csv.DictReader(handle))
            self.assertEqual(['created', 'unknown', 'created'],
                             [row['status'] for row in rows])
            # Never sent again without being asked to.
            self.mock_post()
            again = self.import_clients('--resume')
            self.assertEqual(before + 3, len(self.posts()), again)


class TestStreamedRows(ImportTestCase):
    """Rows are read as they are imported: memory does not follow the
    file's size."""

    def test_a_big_file_is_not_held(self):
        notes = 'x' * 8000
        path = self.write('big.csv', 'name,notes\r\n' + ''.join(
            f'Cliente {n:04d},{notes}\r\n' for n in range(400)))
        size = os.path.getsize(path)
        self.environ.pop('ALEGRA_TOKEN')
        tracemalloc.start()
        self.addCleanup(tracemalloc.stop)
        result = self.run_cli('contacts', 'import', '--dry-run', '-f', path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertEqual(400, len(result.stdout.splitlines()), result)
        # The whole file would be ``size`` as bytes and as text, again in
        # its rows; streamed, it is a small part of it.
        self.assertLess(peak, size / 4)

    def test_a_pipe_is_read(self):
        self.mock_post()
        read_end, write_end = os.pipe()

        def feed():
            with os.fdopen(write_end, 'wb') as pipe:
                pipe.write(CLIENTS.encode())

        writer = threading.Thread(target=feed)
        writer.start()
        self.addCleanup(writer.join)
        try:
            result = self.import_clients(path=f'/dev/fd/{read_end}')
        finally:
            os.close(read_end)
        self.assertEqual(0, result.code, result)
        self.assertEqual(sorted(IDS), self.posted_names())

    def test_stdin_bytes_stream(self):
        self.mock_post()

        class BinaryStdin(io.StringIO):
            buffer = io.BytesIO(CLIENTS.encode('cp1252', 'replace'))

        from alegra import shell
        stderr = io.StringIO()
        code = shell.main(['contacts', 'import', '-f', '-', *SEED_ARGS],
                          stdin=BinaryStdin(), stdout=io.StringIO(),
                          stderr=stderr, environ=self.environ)
        self.assertEqual(0, code, stderr.getvalue())
        self.assertEqual(sorted(IDS), self.posted_names())


class TestRepeatedRows(ImportTestCase):
    """A row that would send what an earlier row sends is not sent."""

    def test_a_repeated_row_is_reported_with_the_first(self):
        self.mock_post()
        path = self.write('clients.csv', 'name,email\r\n' + ''.join(
            f'Cliente {n},c{n}@correo.test\r\n' for n in range(300)) +
            'Cliente 7,c7@correo.test\r\nCliente 7,otro@correo.test\r\n')
        result = self.run_cli('contacts', 'import', '--dry-run', '-f', path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(301, len(result.stdout.splitlines()))
        self.assertEqual(
            {'row 301: failed: the same as row 8; not sent twice '
             '(--allow-duplicates sends it)'}, self.row_lines(result))

    def test_allow_duplicates_sends_them(self):
        self.mock_post()
        path = self.write('clients.csv', 'name\r\nAna\r\nAna\r\n')
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--allow-duplicates')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['Ana', 'Ana'], self.posted_names())
