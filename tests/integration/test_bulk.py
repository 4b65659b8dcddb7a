"""Import and export end to end: the real alegra against the sandbox."""

import collections
import csv
import io
import json
import os
import re
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

    def test_the_seed_example_in_spanish(self):
        # The installed catalog, end to end: the words change, the row
        # numbers, counts and exit codes do not.
        result = self.alegra(*SEED_IMPORT, ALEGRA_LANG='es')
        self.assertEqual(0, result.code, result)
        self.assertEqual(['fila 1', 'fila 2', 'fila 3'],
                         re.findall(r'^(fila \d+): creada id \d+$',
                                    result.stderr, re.MULTILINE))
        self.assertIn('importación: 3 creadas, 0 fallidas (de 3 filas)',
                      result.stderr)
        result = self.alegra('contacts', 'export', ALEGRA_LANG='es')
        self.assertEqual(0, result.code, result)
        self.assertRegex(result.stderr,
                         r'^se exportaron \d+ registros de contacts\n$')
        self.assertTrue(result.stdout.startswith('id,'), result)

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


class TestExactlyOnce(base.SandboxTestCase):
    """After any mix of 503s, dropped connections and answers lost after
    the record was made, import and then ``--resume`` until it exits 0
    leave every row in the account once, and invoices in file order."""

    FAULTS = {'503': 0.1, 'drop': 0.1, 'lose': 0.15}

    def write(self, name, lines):
        path = os.path.join(self.tmp, name)
        with open(path, 'w', encoding='utf-8', newline='') as handle:
            handle.write(''.join(line + '\r\n' for line in lines))
        return path

    def import_until_done(self, *argv):
        # Retries of a GET wait a little, not the default minute.
        runs = [self.alegra(*argv, ALEGRA_MAX_WAIT='0.2')]
        while runs[-1].code != 0 and len(runs) < 10:
            self.assertEqual(errors.PARTIAL_FAILURE, runs[-1].code,
                             runs[-1])
            runs.append(self.alegra(*argv, '--resume',
                                    ALEGRA_MAX_WAIT='0.2'))
        self.assertEqual(0, runs[-1].code, runs)
        return runs

    def records(self, resource):
        return json.loads(self.alegra(resource, 'list', '--all', '-o',
                                      'json').stdout)

    def test_every_row_once(self):
        self.server = self.start_sandbox(faults=self.FAULTS, fault_seed=11)
        contacts = self.write('clientes.csv', ['name,identification,email'] + [
            f'Cliente {n:02d},{900100000 + n},' for n in range(20)] + [
            f'Persona {n:02d},,persona{n}@correo.test' for n in range(10)])
        invoices = self.write('facturas.csv', [
            'date,dueDate,client.id,items.0.id,items.0.price,'
            'items.0.quantity,observations'] + [
            f'2026-11-{1 + n % 3:02d},2026-12-25,{1 + n % 8},{1 + n % 6},'
            f'{1000 * (n + 1)},1,Pedido {n + 1:02d}' for n in range(15)])
        runs = self.import_until_done('contacts', 'import', '-f', contacts,
                                      '--concurrency', '4')
        runs += self.import_until_done('invoices', 'import', '-f', invoices)
        statuses = self.server.sandbox.statuses
        self.server.sandbox.options.faults = {}
        # Every kind of failure happened on the way.
        self.assertGreater(statuses['lost'], 0)
        self.assertGreater(statuses['dropped'], 0)
        self.assertGreater(statuses[503], 0)
        self.assertIn('found after a lost answer',
                      ''.join(run.stderr for run in runs))

        found = self.records('contacts')
        by_key = collections.Counter(
            record.get('identification') or record.get('email')
            for record in found if record['name'].startswith(
                ('Cliente', 'Persona')))
        self.assertEqual({str(900100000 + n): 1 for n in range(20)} |
                         {f'persona{n}@correo.test': 1 for n in range(10)},
                         dict(by_key))

        marked = {}
        for record in self.records('invoices'):
            match = re.search(r'\[alegra-import [0-9a-f]{8}#(\d+)\]',
                              record.get('observations') or '')
            if match:
                marked.setdefault(int(match.group(1)), []).append(record)
        self.assertEqual(list(range(1, 16)), sorted(marked))
        self.assertEqual([1] * 15, [len(marked[n]) for n in sorted(marked)])
        ids = [int(marked[n][0]['id']) for n in sorted(marked)]
        self.assertEqual(sorted(ids), ids)
        self.assertEqual([f'Pedido {n:02d}' for n in range(1, 16)],
                         [marked[n][0]['observations'].split(' [')[0]
                          for n in sorted(marked)])

    def test_sigterm_counts_the_rows_not_sent(self):
        self.server = self.start_sandbox(rate_limit=(5, 1.0))
        path = self.write('largo.csv', ['name'] + [
            f'Persona {n:02d}' for n in range(40)])
        report = os.path.join(self.tmp, 'report.csv')
        process = subprocess.Popen(
            [base.ALEGRA, 'contacts', 'import', '-f', path, '--report',
             report], env=self.environ(), stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        self.assertEqual(errors.TERMINATED, process.returncode, stderr)
        [summary] = [line for line in stderr.splitlines()
                     if line.startswith('import: ')]
        match = re.fullmatch(r'import: (\d+) created, 0 failed, (\d+) not '
                             r'sent \(of 40 rows\)', summary)
        self.assertIsNotNone(match, stderr)
        created, not_sent = int(match.group(1)), int(match.group(2))
        self.assertEqual(40, created + not_sent)
        self.assertGreater(not_sent, 0)
        with open(report, encoding='utf-8', newline='') as handle:
            statuses = [row['status'] for row in csv.DictReader(handle)]
        self.assertEqual(['created'] * created + ['not sent'] * not_sent,
                         statuses)
        self.assertEqual('Error: terminated', stderr.splitlines()[-1])
