"""Import and export end to end: the real alegra against the sandbox."""

import collections
import csv
import io
import json
import os
import signal
import subprocess
import time

from alegra import errors
from tests.integration import base

EXAMPLE = os.path.join(os.path.dirname(__file__), '..', '..', 'examples',
                       'clients.csv')
SEED_IMPORT = ('contacts', 'import', '-f', EXAMPLE, '--map',
               'Name=name,NIT=identification.number,Email=email,'
               'City=address.city',
               '--set', 'identification.type=NIT', '--set',
               'type=["client"]', '--set', 'kindOfPerson=LEGAL_ENTITY')


class TestImportExport(base.SandboxTestCase):

    def names(self):
        records = json.loads(self.alegra('contacts', 'list', '--all', '-o',
                                         'json').stdout)
        return collections.Counter(record['name'] for record in records)

    def write(self, name, text, encoding='utf-8'):
        path = os.path.join(self.tmp, name)
        with open(path, 'w', encoding=encoding, newline='') as handle:
            handle.write(text)
        return path

    def test_the_seed_example(self):
        result = self.alegra(*SEED_IMPORT)
        self.assertEqual(0, result.code, result)
        self.assertEqual(3, result.stderr.count(': created id '))
        self.assertIn('import: 3 created, 0 failed (of 3 rows)',
                      result.stderr)
        record = json.loads(self.alegra(
            'contacts', 'list', '--identification', '900333444', '-o',
            'json').stdout)[0]
        self.assertEqual('Panadería "La Espiga" Ltda.', record['name'])
        self.assertEqual({'type': 'NIT', 'number': '900333444'},
                         record['identificationObject'])
        self.assertEqual(['client'], record['type'])
        self.assertEqual('Medellín', record['address']['city'])

    def test_windows_1252_and_semicolons(self):
        path = self.write('excel.csv', 'Nombre;NIT\r\nÑandú Peña;123\r\n',
                          encoding='cp1252')
        result = self.alegra('contacts', 'import', '-f', path, '--map',
                             'Nombre=name,NIT=identification')
        self.assertEqual(0, result.code, result)
        self.assertEqual(1, self.names()['Ñandú Peña'])

    def test_export_imports_back(self):
        out = os.path.join(self.tmp, 'items.csv')
        self.assertEqual(0, self.alegra('items', 'export', '--out',
                                        out).code)
        before = json.loads(self.alegra('items', 'list', '-o',
                                        'json').stdout)
        result = self.alegra('items', 'import', '-f', out, '--update-by',
                             'reference')
        self.assertEqual(0, result.code, result)
        self.assertEqual(len(before), result.stderr.count(': updated id'))
        after = json.loads(self.alegra('items', 'list', '-o',
                                       'json').stdout)
        self.assertEqual([item['name'] for item in before],
                         [item['name'] for item in after])
        self.assertEqual([item['price'][0]['price'] for item in before],
                         [item['price'][0]['price'] for item in after])

    def test_export_formats_and_filters(self):
        result = self.alegra('invoices', 'export', '--param', 'status=open',
                             '--format', 'json')
        invoices = json.loads(result.stdout)
        self.assertTrue(invoices)
        self.assertEqual({'open'}, {inv['status'] for inv in invoices})
        lines = self.alegra('contacts', 'export', '--format',
                            'jsonl').stdout.splitlines()
        self.assertEqual(8, len(lines))
        rows = list(csv.reader(io.StringIO(self.alegra(
            'contacts', 'export', '--type', 'provider', '--columns',
            'id,name,type').stdout)))
        self.assertEqual(['id', 'name', 'type'], rows[0])
        self.assertTrue(all('provider' in row[2] for row in rows[1:]))

    def test_malformed_file_loses_no_other_row(self):
        path = os.path.join(self.tmp, 'bad.csv')
        with open(path, 'wb') as handle:
            handle.write('name,price\nCafé,100\n,200\nTé,abc\n'
                         'Agua,50\nAgua,50\n'.encode() +
                         b'Ma\xf1ana,70\nPa\xc3\xb1al,80\n')
        result = self.alegra('items', 'import', '-f', path)
        self.assertEqual(errors.PARTIAL_FAILURE, result.code, result)
        self.assertIn('row 2: failed: invalid row: name: is required',
                      result.stderr)
        self.assertIn('row 3: failed: invalid row: price', result.stderr)
        self.assertIn('row 5: failed: the same as row 4', result.stderr)
        self.assertIn('row 6: failed: the row is not valid UTF-8',
                      result.stderr)
        self.assertEqual(3, result.stderr.count(': created id '))
        names = {item['name'] for item in json.loads(self.alegra(
            'items', 'list', '--all', '-o', 'json').stdout)}
        self.assertTrue({'Café', 'Agua', 'Pañal'} <= names)

    def test_unknown_rows_are_never_resent(self):
        path = self.write('many.csv', 'name\n' + ''.join(
            f'Cliente {n:02d}\n' for n in range(30)))
        self.server.sandbox.options.faults = {'drop': 0.3}
        first = self.alegra('contacts', 'import', '-f', path)
        self.assertEqual(errors.PARTIAL_FAILURE, first.code, first)
        unknown = first.stderr.count(': unknown')
        self.assertGreater(unknown, 0)
        self.server.sandbox.options.faults = {}
        second = self.alegra('contacts', 'import', '-f', path, '--resume')
        self.assertEqual(unknown, second.stderr.count(': unknown'))
        self.assertEqual(30 - unknown, second.stderr.count(': skipped'))
        counts = self.names()
        imported = [name for name in counts if name.startswith('Cliente')]
        self.assertEqual(30 - unknown, len(imported))
        self.assertEqual({1}, {counts[name] for name in imported})

    def test_a_killed_import_resumes_without_duplicates(self):
        self.server = self.start_sandbox(rate_limit=(10, 1.0))
        path = self.write('long.csv', 'name\n' + ''.join(
            f'Persona {n:02d}\n' for n in range(40)))
        process = subprocess.Popen(
            [base.ALEGRA, 'contacts', 'import', '-f', path],
            env=self.environ(), stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        process.send_signal(signal.SIGKILL)
        process.wait()
        result = self.alegra('contacts', 'import', '-f', path, '--resume',
                             '--report', os.path.join(self.tmp, 'r.jsonl'))
        with open(os.path.join(self.tmp, 'r.jsonl')) as handle:
            report = [json.loads(line) for line in handle]
        statuses = collections.Counter(row['status'] for row in report)
        self.assertEqual(40, sum(statuses.values()))
        counts = self.names()
        imported = [name for name in counts if name.startswith('Persona')]
        # Nothing twice; every row created, or reported unknown.
        self.assertEqual({1}, {counts[name] for name in imported})
        done = statuses['created'] + statuses['skipped']
        self.assertLessEqual(done, len(imported))
        self.assertLessEqual(len(imported), done + statuses['unknown'])
        self.assertEqual(0, statuses['failed'])
        self.assertIn(result.code, (0, errors.PARTIAL_FAILURE))

    def test_concurrent_import_at_the_ceiling(self):
        self.server = self.start_sandbox(rate_limit=(20, 2.0))
        path = self.write('rows.csv', 'name\n' + ''.join(
            f'Fila {n:02d}\n' for n in range(50)))
        result = self.alegra('contacts', 'import', '-f', path,
                             '--concurrency', '4')
        self.assertEqual(0, result.code, result)
        self.assertEqual(0, self.server.sandbox.statuses[429])
        counts = self.names()
        self.assertEqual(50, len([n for n in counts
                                  if n.startswith('Fila')]))

    def test_two_runs_at_once_create_each_row_once(self):
        # Paced at 2 per second, a run lasts about three seconds: the
        # other starts while it goes on.
        self.server = self.start_sandbox(rate_limit=(2, 1.0))
        for number, extra in enumerate(((), ('--resume',))):
            path = self.write(f'six{number}.csv', 'name\n' + ''.join(
                f'Doble {number} {n}\n' for n in range(6)))
            runs = [subprocess.Popen(
                [base.ALEGRA, 'contacts', 'import', '-f', path, *extra],
                env=self.environ(), stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
            stderr = {run.pid: run.communicate(timeout=60)[1]
                      for run in runs}
            # Each row once in all (both runs sending all: each twice).
            counts = self.names()
            self.assertEqual({f'Doble {number} {n}': 1 for n in range(6)},
                             {name: count for name, count in counts.items()
                              if name.startswith(f'Doble {number} ')})
            [winner] = [run.pid for run in runs if run.returncode == 0]
            [loser] = [run.pid for run in runs if run.returncode != 0]
            self.assertEqual(errors.USAGE,
                             next(run.returncode for run in runs
                                  if run.pid == loser), stderr)
            self.assertIn('import: 6 created, 0 failed (of 6 rows)',
                          stderr[winner])
            [line] = stderr[loser].strip().splitlines()
            self.assertIn('another run of this import', line)
            self.assertIn(f'process {winner}, started ', line)
