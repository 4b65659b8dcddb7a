"""``alegra <resource> import`` through the CLI, against requests-mock."""

import csv
import glob
import io
import json
import os
import re
import signal
import threading
import time
import tracemalloc
import urllib.parse

import fixtures
import requests
import urllib3

from alegra import errors
from alegra.body import get_path
from alegra.bulk import journal
from tests.unit import base

CONTACTS = base.BASE_URL + '/contacts'
INVOICES = base.BASE_URL + '/invoices'
INVOICE_ROWS = ('date,dueDate,client.id,items.0.id,items.0.quantity,'
                'items.0.price,observations\r\n'
                '2026-11-25,2026-12-25,2,1,3,52000,Pedido 1\r\n'
                '2026-11-26,2026-12-26,6,4,1,89000,Pedido 2\r\n'
                '2026-11-27,2026-12-27,2,1,1,52000,Pedido 3\r\n')
MARKER = re.compile(r' ?\[alegra-import [0-9a-f]{8}#\d+\]')
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
# The same contacts by name only: no natural key to look them up by.
NAMES = ('name\r\nEmpresa Uno S.A.S.\r\nDistribuidora Núñez\r\n'
         '"Café, Pan y Más"\r\n')


def marker_key(path, resource='invoices'):
    """The key in a file's markers: the file and resource, not the
    account, so that a dry run without credentials shows the same."""
    with open(path, 'rb') as source:
        return journal.journal_key(resource, '', '', source)[:8]


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

    def import_names(self, *extra):
        path = self.write('names.csv', NAMES)
        return self.run_cli('contacts', 'import', '-f', path, *extra)


class FakeApi:
    """One resource of the API, with its records, behind requests-mock.

    A POST stores its body as a record (a contact's identification read
    back as text, as the API does), unless the next fault listed for its
    label says otherwise: ``'503'`` answers 503 without storing it,
    ``'lose'`` stores it and loses the answer (the read times out).  A GET
    lists the records whose fields equal its query parameters, paged by
    ``start`` and ``limit``, or raises ``get_error``.  Labels are names,
    or observations without their marker.
    """

    def __init__(self, test, url, ids=None):
        self.records = []
        self.faults = {}
        self.get_error = None
        self.ids = ids or {}
        self.next_id = 500
        test.http.post(url, json=self.post)
        test.http.get(url, json=self.get)

    @staticmethod
    def label(body):
        return body.get('name') or MARKER.sub('', body.get('observations',
                                                           ''))

    def add(self, body):
        record = dict(body)
        identification = record.get('identification')
        if isinstance(identification, dict):
            record['identificationObject'] = identification
            record['identification'] = identification['number']
        self.next_id += 1
        record['id'] = self.ids.get(self.label(body), str(self.next_id))
        self.records.append(record)
        return record

    def post(self, request, context):
        body = request.json()
        kinds = self.faults.get(self.label(body))
        kind = kinds.pop(0) if kinds else None
        if kind == '503':
            context.status_code = 503
            return {'message': 'no disponible'}
        record = self.add(body)
        if kind == 'lose':
            raise requests.exceptions.ReadTimeout('read timed out')
        context.status_code = 201
        return record

    def get(self, request, context):
        if self.get_error is not None:
            raise self.get_error
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(
            request.url).query)
        start = int(query.pop('start', ['0'])[0])
        limit = int(query.pop('limit', ['30'])[0])
        found = [record for record in self.records
                 if all(str(get_path(record, param)) == values[0]
                        for param, values in query.items())]
        return found[start:start + limit]

    def count(self, label):
        return sum(self.label(record) == label for record in self.records)


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
        # Rows 2 and 3 were never sent, and the summary says so.
        self.assertIn('import: 0 created, 1 failed, 2 not sent (of 3 rows)',
                      lines)
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
                           'error': 'HTTP 401: no', 'note': ''},
                          {'row': '2', 'status': 'not sent', 'id': '',
                           'error': '', 'note': ''},
                          {'row': '3', 'status': 'not sent', 'id': '',
                           'error': '', 'note': ''}], rows)

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

    def test_without_a_natural_key_a_lost_answer_stays_unknown(self):
        # Rows with a name only: nothing to look them up by.
        self.mock_post(refuse={'Distribuidora Núñez'}, status=503)
        result = self.import_names()
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertIn('row 2: unknown: HTTP 503: refused with 503',
                      self.row_lines(result))
        self.assertIn('import: 2 created, 0 failed, 1 unknown (of 3 rows)',
                      result.stderr)
        self.assertEqual(3, len(self.posts()))
        self.assertFalse(any(request.method == 'GET'
                             for request in self.http.request_history))

        # The next run: the API works again, yet nothing is sent.
        self.mock_post()
        result = self.import_names('--resume')
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(3, len(self.posts()))
        lines = self.row_lines(result)
        self.assertIn('row 1: skipped id 101 (created in an earlier run)',
                      lines)
        self.assertIn('row 3: skipped id 103 (created in an earlier run)',
                      lines)
        [unknown] = [line for line in lines if line.startswith('row 2: ')]
        self.assertIn('unknown (not sent again: it cannot be looked up',
                      unknown)
        self.assertIn('--resend-unknown', unknown)

        # Told to, it sends the unknown row, and only that one.
        result = self.import_names('--resume', '--resend-unknown')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['Distribuidora Núñez'],
                         [body['name'] for body in self.posts()[3:]])
        self.assertIn('row 2: created id 102', self.row_lines(result))
        self.assertIn('import: 1 created, 2 skipped, 0 failed (of 3 rows)',
                      result.stderr)

    def test_interrupted_send_without_a_key_is_unknown_on_resume(self):
        # A journal left by a run killed after flushing ``sending``.
        self.mock_post()
        self.assertEqual(0, self.import_names().code)
        [path] = self.journal_files()
        with open(path, 'a', encoding='utf-8') as handle:
            handle.write('{"row": 3, "status": "sending"}\n')
        result = self.import_names('--resume')
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
        self.assertEqual('row,status,id,error,note\r\n'
                         '1,created,201,,\r\n'
                         '2,failed,,invalid row: name: is required,\r\n'
                         '3,created,203,,\r\n', text)
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
            [{'row': 1, 'status': 'created', 'id': '201', 'error': '',
              'note': ''},
             {'row': 2, 'status': 'failed', 'id': '',
              'error': 'invalid row: name: is required', 'note': ''},
             {'row': 3, 'status': 'created', 'id': '203', 'error': '',
              'note': ''}],
            entries)

    def test_dry_run_report_lists_the_invalid_rows(self):
        report = os.path.join(self.tmp, 'report.csv')
        result = self.import_clients('--dry-run', '--report', report,
                                     path=self.input)
        self.assertFalse(self.http.called)
        with open(report, encoding='utf-8', newline='') as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual([{'row': '2', 'status': 'failed', 'id': '',
                           'error': 'invalid row: name: is required',
                           'note': ''}],
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

    def test_update_by_id_reads_each_record_by_its_id(self):
        """An export re-imported with ``--update-by id`` updates the
        records it came from; the id is never part of the body."""
        self.http.get(CONTACTS + '/7', json={'id': '7', 'name': 'Uno'})
        self.http.get(CONTACTS + '/a%2Fb', status_code=404,
                      json={'code': 404, 'message': 'No existe'})
        self.http.put(CONTACTS + '/7', json={'id': '7'})
        self.mock_post()
        path = self.write('export.csv', 'id,name\r\n7,Uno Nuevo\r\n'
                                        'a/b,Empresa Uno S.A.S.\r\n'
                                        ',Distribuidora Núñez\r\n')
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--update-by', 'id')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'row 1: updated id 7', 'row 2: created id 101',
                          'row 3: created id 102'}, self.row_lines(result))
        [put] = [request for request in self.http.request_history
                 if request.method == 'PUT']
        self.assertEqual({'name': 'Uno Nuevo'}, put.json())
        self.assertNotIn('Warning', result.stderr)
        self.assertEqual(['Distribuidora Núñez', 'Empresa Uno S.A.S.'],
                         self.posted_names())

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


class TestLinesInOrder(base.TestCase):

    def test_a_line_waits_for_the_earlier_rows(self):
        from alegra.bulk import report

        shown = io.StringIO()
        lines = report.ImportReport(shown, 4)
        lines.row(2, 'created', '8')
        lines.row(4, 'failed', error='malo')
        self.assertEqual('', shown.getvalue())
        lines.row(1, 'created', '7')
        self.assertEqual('row 1: created id 7\nrow 2: created id 8\n',
                         shown.getvalue())
        lines.row(3, 'unknown', error='sin respuesta')
        lines.row(3, 'created', '9', note='found after a lost answer',
                  replaces='unknown')
        self.assertEqual({'created': 3, 'updated': 0, 'skipped': 0,
                          'failed': 1, 'unknown': 0}, lines.counts)
        self.assertTrue(shown.getvalue().endswith(
            'row 3: unknown: sin respuesta\nrow 4: failed: malo\n'
            'row 3: created id 9 (found after a lost answer)\n'))

    def test_the_summary_prints_what_waits_and_counts_the_rest(self):
        from alegra.bulk import report

        shown = io.StringIO()
        lines = report.ImportReport(shown, 10)
        lines.row(3, 'created', '9')
        lines.summary()
        self.assertEqual('row 3: created id 9\n'
                         'import: 1 created, 0 failed, 9 not sent (of 10 '
                         'rows)\n', shown.getvalue())


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
    """A POST whose answer is lost, of a row with nothing to look it up
    by, is unknown; the import goes on."""

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
            result = self.import_names('--report', report)
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
            again = self.import_names('--resume')
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


class ReconcileTestCase(ImportTestCase):

    def setUp(self):
        super().setUp()
        self.api = FakeApi(self, CONTACTS, self.ids)

    def requests(self):
        """``[(method, label or query)]`` in the order they were sent."""
        found = []
        for request in self.http.request_history:
            if request.method == 'POST':
                found.append(('POST', FakeApi.label(request.json())))
            else:
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(
                    request.url).query)
                found.append(('GET', {key: values[0] for key, values
                                      in query.items()
                                      if key not in ('start', 'limit')}))
        return found

    def ordered_lines(self, result):
        return [line for line in result.stderr.splitlines()
                if line.startswith('row ')]

    def journal_entries(self):
        [path] = self.journal_files()
        with open(path, encoding='utf-8') as handle:
            return [json.loads(line) for line in handle]


class TestLostAnswers(ReconcileTestCase):
    """A POST that got no clear answer is looked up by the row's natural
    key: found, it is created; absent, it is sent again; more than one,
    a person checks."""

    def test_created_but_lost_is_found_and_not_sent_again(self):
        self.api.faults['Distribuidora Núñez'] = ['lose']
        report = os.path.join(self.tmp, 'report.csv')
        result = self.import_clients('--report', report)
        self.assertEqual(0, result.code, result)
        self.assertEqual(1, self.api.count('Distribuidora Núñez'))
        # Contacts are in no order: looked up once the others are done.
        self.assertEqual([('POST', 'Empresa Uno S.A.S.'),
                          ('POST', 'Distribuidora Núñez'),
                          ('POST', 'Café, Pan y Más'),
                          ('GET', {'identification': '007123'})],
                         self.requests())
        lines = self.ordered_lines(result)
        self.assertEqual('row 1: created id 101', lines[0])
        self.assertTrue(lines[1].startswith(
            'row 2: unknown (looked up when the other rows are done): '),
            lines)
        self.assertEqual(['row 3: created id 103',
                          'row 2: created id 102 (found after a lost '
                          'answer)'], lines[2:])
        self.assertIn('import: 3 created, 0 failed (of 3 rows)',
                      result.stderr)
        with open(report, encoding='utf-8', newline='') as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual({'row': '2', 'status': 'created', 'id': '102',
                          'error': '', 'note': 'found after a lost answer'},
                         rows[1])
        self.assertEqual({'row': 2, 'status': 'created', 'id': '102',
                          'note': 'found after a lost answer'},
                         self.journal_entries()[-1])
        # Done: --resume sends nothing more.
        result = self.import_clients('--resume')
        self.assertEqual(0, result.code, result)
        self.assertEqual(4, len(self.http.request_history))

    def test_not_created_is_sent_again_once(self):
        self.api.faults['Distribuidora Núñez'] = ['503']
        result = self.import_clients()
        self.assertEqual(0, result.code, result)
        self.assertEqual(1, self.api.count('Distribuidora Núñez'))
        self.assertEqual([('POST', 'Empresa Uno S.A.S.'),
                          ('POST', 'Distribuidora Núñez'),
                          ('POST', 'Café, Pan y Más'),
                          ('GET', {'identification': '007123'}),
                          ('POST', 'Distribuidora Núñez')],
                         self.requests())
        self.assertEqual(
            'row 2: created id 102 (sent again: the POST whose answer was '
            'lost had not created it)', self.ordered_lines(result)[-1])
        self.assertIn('import: 3 created, 0 failed (of 3 rows)',
                      result.stderr)

    def test_more_than_one_match_stays_unknown(self):
        for _ in range(2):
            self.api.add({'name': 'Otra', 'identification': '007123'})
        self.api.faults['Distribuidora Núñez'] = ['lose']
        result = self.import_clients()
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(
            'row 2: unknown: 3 records match identification 007123; check '
            'them', self.ordered_lines(result)[-1])
        self.assertIn('import: 2 created, 0 failed, 1 unknown (of 3 rows)',
                      result.stderr)
        # --resume looks again, and still sends nothing.
        result = self.import_clients('--resume')
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(1, self.api.count('Distribuidora Núñez'))
        self.assertIn('row 2: unknown: 3 records match identification '
                      '007123; check them', self.row_lines(result))

    def test_name_and_email_when_there_is_no_identification(self):
        path = self.write('people.csv', 'name,email\r\nAna Ríos,'
                                        'Ana@Correo.test\r\nLuis,\r\n')
        self.api.faults['Ana Ríos'] = ['lose']
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        self.assertIn(('GET', {'email': 'Ana@Correo.test'}), self.requests())
        self.assertEqual(1, self.api.count('Ana Ríos'))

    def test_the_lookup_reads_every_page(self):
        for number in range(45):
            self.api.add({'name': f'Otra {number}', 'identification': 'x'})
        self.api.add({'name': 'Distribuidora Núñez', 'identification': 'x'})
        self.api.get_error = None
        # The API ignores the parameter: the match is on the second page.
        self.api.get = lambda request, context: self.api.records[
            int(request.qs['start'][0]):][:30]
        self.http.get(CONTACTS, json=self.api.get)
        self.api.faults['Distribuidora Núñez'] = ['503']
        result = self.import_clients()
        self.assertEqual(0, result.code, result)
        self.assertEqual(['0', '30'],
                         [request.qs['start'][0] for request in
                          self.http.request_history
                          if request.method == 'GET'])
        self.assertEqual(2, self.api.count('Distribuidora Núñez'))

    def test_a_failed_lookup_leaves_the_row_unknown(self):
        self.api.faults['Distribuidora Núñez'] = ['lose']
        self.api.get_error = connection_refused()
        result = self.import_clients()
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        last = self.ordered_lines(result)[-1]
        self.assertTrue(last.startswith('row 2: unknown: '), last)
        self.assertIn('looking it up by identification 007123 failed',
                      last)
        # --resume looks it up first, and finds it.
        self.api.get_error = None
        result = self.import_clients('--resume')
        self.assertEqual(0, result.code, result)
        self.assertIn('row 2: created id 102 (found after a lost answer)',
                      self.row_lines(result))
        self.assertEqual(1, self.api.count('Distribuidora Núñez'))


class TestResumeLooksUpFirst(ReconcileTestCase):

    def test_unknown_rows_are_settled_before_anything_is_sent(self):
        path = self.write('clients.csv',
                          CLIENTS + 'Cuarta Empresa,900444555\r\n')
        self.assertEqual(0, self.import_clients(path=path).code)
        # A run killed after sending rows 2 and 3, before their answers
        # (row 3 never arrived) and before row 4.
        self.api.records = [record for record in self.api.records
                            if record['name'] not in ('Café, Pan y Más',
                                                      'Cuarta Empresa')]
        [journal_path] = self.journal_files()
        with open(journal_path, encoding='utf-8') as handle:
            kept = [line for line in handle
                    if json.loads(line)['row'] == 1]
        with open(journal_path, 'w', encoding='utf-8') as handle:
            handle.writelines(kept + ['{"row": 2, "status": "sending"}\n',
                                      '{"row": 3, "status": "sending"}\n'])
        del self.http.request_history[:]
        result = self.import_clients('--resume', path=path)
        self.assertEqual(0, result.code, result)
        self.assertEqual([('GET', {'identification': '007123'}),
                          ('GET', {'identification': '900333444'}),
                          ('POST', 'Café, Pan y Más'),
                          ('POST', 'Cuarta Empresa')], self.requests())
        self.assertEqual(
            ['row 1: skipped id 101 (created in an earlier run)',
             'row 2: created id 102 (found after a lost answer)',
             'row 3: created id 103 (sent again: the POST whose answer was '
             'lost had not created it)'],
            self.ordered_lines(result)[:3])
        self.assertTrue(self.ordered_lines(result)[3].startswith(
            'row 4: created id '))
        self.assertIn('import: 3 created, 1 skipped, 0 failed (of 4 rows)',
                      result.stderr)

    def test_an_old_journal_resumes(self):
        # Written before markers and notes: rows and statuses only.
        self.assertEqual(0, self.import_clients().code)
        [journal_path] = self.journal_files()
        with open(journal_path, 'w', encoding='utf-8') as handle:
            handle.write('{"row": 1, "status": "sending"}\n'
                         '{"row": 1, "status": "created", "id": "101"}\n'
                         '{"row": 2, "status": "unknown", "error": "x"}\n'
                         '{"row": 3, "status": "created", "id": "103"}\n')
        result = self.import_clients('--resume')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['row 1: skipped id 101 (created in an earlier run)',
                          'row 2: created id 102 (found after a lost answer)',
                          'row 3: skipped id 103 (created in an earlier '
                          'run)'], self.ordered_lines(result))
        self.assertEqual(3, len(self.api.records))


class TestOrderedImports(ReconcileTestCase):
    """Numbered documents: one at a time, in the file's order; a lost
    answer is settled before the next row goes out."""

    def setUp(self):
        super().setUp()
        self.invoices = FakeApi(self, INVOICES)

    def import_invoices(self, *extra, content=INVOICE_ROWS):
        path = self.write('invoices.csv', content)
        return self.run_cli('invoices', 'import', '-f', path, *extra)

    def test_a_lost_answer_is_looked_up_before_the_next_row(self):
        self.invoices.faults['Pedido 2'] = ['lose']
        result = self.import_invoices()
        self.assertEqual(0, result.code, result)
        sent = self.requests()
        self.assertEqual(['POST', 'POST', 'GET', 'POST'],
                         [method for method, _ in sent])
        self.assertEqual(['Pedido 1', 'Pedido 2', 'Pedido 3'],
                         [label for method, label in sent
                          if method == 'POST'])
        # Found by its marker, among the invoices of its date.
        self.assertEqual({'date': '2026-11-26'}, sent[2][1])
        self.assertEqual(1, self.invoices.count('Pedido 2'))
        lines = self.ordered_lines(result)
        self.assertEqual(['row 1: created id 501',
                          'row 2: created id 502 (found after a lost '
                          'answer)',
                          'row 3: created id 503'], lines)

    def test_a_row_not_created_is_sent_again_in_its_place(self):
        self.invoices.faults['Pedido 2'] = ['503', 'lose']
        result = self.import_invoices()
        self.assertEqual(0, result.code, result)
        self.assertEqual(
            ['POST', 'POST', 'GET', 'POST', 'GET', 'POST'],
            [method for method, _ in self.requests()])
        self.assertEqual(['Pedido 1', 'Pedido 2', 'Pedido 3'],
                         [self.invoices.label(record)
                          for record in self.invoices.records])

    def test_the_marker_is_in_the_observations_sent(self):
        result = self.import_invoices()
        self.assertEqual(0, result.code, result)
        key = marker_key(os.path.join(self.tmp, 'invoices.csv'))
        self.assertEqual([f'Pedido {n} [alegra-import {key}#{n}]'
                          for n in (1, 2, 3)],
                         [record['observations']
                          for record in self.invoices.records])

    def test_the_import_stops_where_the_lookup_fails(self):
        self.invoices.faults['Pedido 2'] = ['lose']
        self.invoices.get_error = connection_refused()
        report = os.path.join(self.tmp, 'report.csv')
        result = self.import_invoices('--report', report)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(['Pedido 1', 'Pedido 2'],
                         [label for method, label in self.requests()
                          if method == 'POST'])
        self.assertIn('import: 1 created, 0 failed, 1 unknown, 1 not sent '
                      '(of 3 rows)', result.stderr)
        error = result.stderr.splitlines()[-1]
        self.assertTrue(error.startswith(
            'Error: stopped at row 2 to keep the order of invoices: '
            'looking it up failed: '), error)
        self.assertIn('--resume settles row 2 first', error)
        with open(report, encoding='utf-8', newline='') as handle:
            self.assertEqual(['created', 'unknown', 'not sent'],
                             [row['status']
                              for row in csv.DictReader(handle)])
        # A --resume while the lookups still fail stops at row 2 again,
        # and says row 1 is in.
        result = self.import_invoices('--resume')
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertIn('import: 0 created, 1 skipped, 0 failed, 1 unknown, '
                      '1 not sent (of 3 rows)', result.stderr)
        self.assertEqual(2, len(self.invoices.records))
        # --resume: row 2 first (found), then row 3.
        self.invoices.get_error = None
        del self.http.request_history[:]
        result = self.import_invoices('--resume')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['GET', 'POST'],
                         [method for method, _ in self.requests()])
        self.assertEqual(['Pedido 1', 'Pedido 2', 'Pedido 3'],
                         [self.invoices.label(record)
                          for record in self.invoices.records])
        self.assertEqual(['row 1: skipped id 501 (created in an earlier '
                          'run)',
                          'row 2: created id 502 (found after a lost '
                          'answer)',
                          'row 3: created id 503'],
                         self.ordered_lines(result))

    def test_a_transient_failure_stops_the_import(self):
        self.invoices.faults['Pedido 2'] = ['refuse']
        self.http.post(INVOICES, [
            {'json': self.invoices.post},
            {'exc': connection_refused()},
            {'json': self.invoices.post}])
        result = self.import_invoices()
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(1, len(self.invoices.records))
        self.assertIn('import: 1 created, 1 failed, 1 not sent (of 3 rows)',
                      result.stderr)
        self.assertIn('Error: stopped at row 2', result.stderr)
        result = self.import_invoices('--resume')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['Pedido 1', 'Pedido 2', 'Pedido 3'],
                         [self.invoices.label(record)
                          for record in self.invoices.records])

    def test_a_refused_row_does_not_stop_the_import(self):
        self.invoices.faults['Pedido 2'] = ['400']
        self.http.post(INVOICES, [
            {'json': self.invoices.post},
            {'status_code': 400, 'json': {'message': 'cliente inválido'}},
            {'json': self.invoices.post}])
        result = self.import_invoices()
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertEqual(['row 1: created id 501',
                          'row 2: failed: HTTP 400: cliente inválido',
                          'row 3: created id 502'],
                         self.ordered_lines(result))

    def test_concurrency_is_refused(self):
        result = self.import_invoices('--concurrency', '4')
        self.assertError(result, errors.USAGE, '--concurrency',
                         'invoices are numbered in the order they are '
                         'created', "one at a time, in the file's order")
        self.assertFalse(self.http.called)

    def test_help_says_rows_go_one_at_a_time(self):
        result = self.run_cli('invoices', 'import', '--help')
        text = ' '.join(result.stdout.split())
        self.assertIn("Rows are created one at a time, in the file's order: "
                      'invoices are numbered in the order they are created.',
                      text)
        self.assertIn('looked up by numberTemplate.prefix and '
                      'numberTemplate.number, else by the marker '
                      '[alegra-import KEY#ROW]', text)
        self.assertNotIn('--concurrency', text)
        self.assertIn('--no-marker', text)
        result = self.run_cli('contacts', 'import', '--help')
        text = ' '.join(result.stdout.split())
        self.assertIn('--concurrency', text)
        self.assertIn('looked up by identification, else by name and email',
                      text)
        self.assertNotIn('--no-marker', text)


class TestMarkers(ReconcileTestCase):
    """Rows without a natural key carry a marker, shown by --dry-run."""

    def dry_run(self, content, *extra):
        """A dry run as someone checking a file does it: without
        credentials."""
        path = self.write('invoices.csv', content)
        saved = {name: self.environ.pop(name)
                 for name in ('ALEGRA_EMAIL', 'ALEGRA_TOKEN')
                 if name in self.environ}
        try:
            result = self.run_cli('invoices', 'import', '-f', path,
                                  '--dry-run', *extra)
        finally:
            self.environ.update(saved)
        self.assertEqual(0, result.code, result)
        bodies = [json.loads(line.split(': ', 1)[1])
                  for line in result.stdout.splitlines()]
        return marker_key(path), bodies

    def test_dry_run_shows_the_body_that_is_sent(self):
        content = INVOICE_ROWS + '2026-11-28,2026-12-28,2,1,1,52000,\r\n'
        key, bodies = self.dry_run(content)
        self.assertEqual([f'Pedido 1 [alegra-import {key}#1]',
                          f'Pedido 2 [alegra-import {key}#2]',
                          f'Pedido 3 [alegra-import {key}#3]',
                          f'[alegra-import {key}#4]'],
                         [body['observations'] for body in bodies])
        invoices = FakeApi(self, INVOICES)
        path = self.write('invoices.csv', content)
        result = self.run_cli('invoices', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        self.assertEqual(bodies, [request.json() for request in
                                  self.http.request_history
                                  if request.method == 'POST'])
        self.assertEqual(4, len(invoices.records))

    def test_no_marker_where_it_would_not_fit_or_is_not_wanted(self):
        content = INVOICE_ROWS.replace('Pedido 2', 'x' * 480)
        key, bodies = self.dry_run(content)
        self.assertEqual('x' * 480, bodies[1]['observations'])
        self.assertIn(f'#{1}]', bodies[0]['observations'])
        _, bodies = self.dry_run(INVOICE_ROWS, '--no-marker')
        self.assertEqual(['Pedido 1', 'Pedido 2', 'Pedido 3'],
                         [body['observations'] for body in bodies])

    def numbered_rows(self):
        invoice = {'date': '2026-11-25', 'dueDate': '2026-12-25',
                   'client': {'id': '2'},
                   'items': [{'id': '1', 'price': 5, 'quantity': 1}]}
        return self.write('numbered.jsonl', ''.join(
            json.dumps(dict(invoice, observations=f'Pedido {n}', **extra))
            + '\n' for n, extra in (
                (1, {'numberTemplate': {'prefix': 'FV-', 'number': 7}}),
                (2, {}))))

    def test_a_row_with_its_number_needs_no_marker(self):
        result = self.run_cli('invoices', 'import', '-f',
                              self.numbered_rows(), '--dry-run')
        self.assertEqual(0, result.code, result)
        bodies = [json.loads(line.split(': ', 1)[1])
                  for line in result.stdout.splitlines()]
        self.assertEqual('Pedido 1', bodies[0]['observations'])
        self.assertIn('[alegra-import ', bodies[1]['observations'])

    def test_found_by_number(self):
        invoices = FakeApi(self, INVOICES)
        invoices.faults['Pedido 1'] = ['lose']
        result = self.run_cli('invoices', 'import', '-f',
                              self.numbered_rows())
        self.assertEqual(0, result.code, result)
        self.assertEqual(2, len(invoices.records))
        self.assertEqual(['row 1: created id 501 (found after a lost '
                          'answer)', 'row 2: created id 502'],
                         self.ordered_lines(result))

    def test_update_by_adds_no_marker(self):
        path = self.write('invoices.csv', INVOICE_ROWS)
        result = self.run_cli('invoices', 'import', '-f', path, '--dry-run',
                              '--update-by', 'observations')
        self.assertEqual(0, result.code, result)
        self.assertNotIn('alegra-import', result.stdout)


class TestLinesInFileOrder(ImportTestCase):

    def test_concurrent_rows_print_in_file_order(self):
        # requests-mock answers one request at a time, so row 1 is held
        # back before it is sent: its answer comes last.
        record = journal.ImportJournal.record

        def slow_first(self, row, status, *args, **kwargs):
            if (row, status) == (1, 'sending'):
                time.sleep(0.3)
            return record(self, row, status, *args, **kwargs)

        self.useFixture(fixtures.MockPatchObject(
            journal.ImportJournal, 'record', slow_first))
        self.mock_post()
        path = self.write('many.csv', 'name\r\n' + ''.join(
            f'Cliente {n}\r\n' for n in range(1, 9)))
        result = self.run_cli('contacts', 'import', '-f', path,
                              '--concurrency', '4')
        self.assertEqual(0, result.code, result)
        self.assertEqual('Cliente 1', self.posts()[-1]['name'])
        self.assertEqual([f'row {n}' for n in range(1, 9)],
                         [line.split(':')[0]
                          for line in result.stderr.splitlines()
                          if line.startswith('row ')])

    def test_one_at_a_time_by_default(self):
        running, most = [0], [0]

        def answer(request, context):
            with self.lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.02)
            with self.lock:
                running[0] -= 1
            return self.created(request, context)

        self.http.post(CONTACTS, json=answer)
        path = self.write('many.csv', 'name\r\n' + ''.join(
            f'Cliente {n}\r\n' for n in range(8)))
        result = self.run_cli('contacts', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        self.assertEqual(1, most[0])
        self.assertEqual([f'Cliente {n}' for n in range(8)],
                         [body['name'] for body in self.posts()])


class TestInterrupted(ImportTestCase):
    """Ctrl-C: the rows on their way finish; the summary and the report
    count the rows never sent."""

    def test_ctrl_c_counts_the_rows_not_sent(self):
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.addCleanup(signal.signal, signal.SIGINT, previous)
        main = threading.main_thread().ident

        def answer(request, context):
            if request.json()['name'] == 'Cliente 3':
                signal.pthread_kill(main, signal.SIGINT)
                # Answer once the main thread has stopped the queue.
                time.sleep(0.3)
            return self.created(request, context)

        self.http.post(CONTACTS, json=answer)
        path = self.write('ten.csv', 'name\r\n' + ''.join(
            f'Cliente {n}\r\n' for n in range(1, 11)))
        report = os.path.join(self.tmp, 'report.csv')
        result = self.run_cli('contacts', 'import', '-f', path, '--report',
                              report)
        self.assertEqual(errors.INTERRUPTED, result.code, result)
        self.assertEqual(3, len(self.posts()))
        self.assertIn('import: 3 created, 0 failed, 7 not sent (of 10 rows)',
                      result.stderr.splitlines())
        with open(report, encoding='utf-8', newline='') as handle:
            statuses = [row['status'] for row in csv.DictReader(handle)]
        self.assertEqual(['created'] * 3 + ['not sent'] * 7, statuses)
        # --resume sends the rest.
        result = self.run_cli('contacts', 'import', '-f', path, '--resume')
        self.assertEqual(0, result.code, result)
        self.assertEqual(10, len(self.posts()))
