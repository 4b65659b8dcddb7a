"""Export and import against the sandbox, beside what bounds them.

Export: ``alegra contacts export`` of 30,000 records (rate limit off) beside
a minimal ``requests`` loop fetching the same pages, and the peak memory of
exporting 30,000 records beside exporting 300.  Import: 1,000 rows at
Alegra's 150 requests per minute, beside the least time that ceiling
allows, and the 429 answers the server gave.  Ordered import: invoices,
which are numbered and so created one at a time in the file's order (each
POST after the previous answer), into a seeded sandbox limited to a scaled
window of 40 requests per 5 s (Alegra's 150 per 60 s, sped up), beside the
ceiling: the ratio must stay within 10%.  Streaming: the peak memory
of ``alegra contacts import --dry-run`` of a generated CSV of 200,000 rows
of about 1 KB (200 MB) beside one of 2,000 rows: rows stream, so the ratio
must stay within 1.5.

    python benchmarks/bulk.py [--records 30000] [--import-rows 1000]
                              [--ordered-rows 480] [--dry-run-rows 200000]

The import part takes about seven minutes at 150/min; ``--import-rows 0``
skips it.  The ordered import takes about a minute; ``--ordered-rows 0``
skips it.  The streaming part takes a few minutes; ``--dry-run-rows 0``
skips it, and ``--records 0`` skips the export.
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import _sandbox  # noqa: E402

MINIMAL_LOOP = '''
import sys, requests
session = requests.Session()
session.auth = (sys.argv[2], sys.argv[3])
start = 0
while True:
    page = session.get(sys.argv[1] + '/contacts',
                       params={'start': start, 'limit': 30}).json()
    start += len(page)
    if len(page) < 30:
        break
print(start)
'''


def timed(argv, env):
    """Wall time and peak memory (KB) of one command."""
    started = time.monotonic()
    process = subprocess.run(['/usr/bin/time', '-f', '%M', *argv], env=env,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, check=True)
    elapsed = time.monotonic() - started
    return elapsed, int(process.stderr.strip().splitlines()[-1])


def export(records, tmp):
    data = os.path.join(tmp, f'export-{records}.db')
    _sandbox.fill(data, records)
    with _sandbox.serve(data) as url:
        env = _sandbox.environ(url, tmp)
        out = os.path.join(tmp, 'contacts.csv')
        alegra = timed([_sandbox.ALEGRA, 'contacts', 'export', '--out', out],
                       env)
        loop = timed([sys.executable, '-c', MINIMAL_LOOP, url,
                      env['ALEGRA_EMAIL'], env['ALEGRA_TOKEN']], env)
    return alegra, loop


def import_rows(rows, tmp):
    """Import at 150/min into a sandbox in this process, so that its count
    of 429 answers can be read."""
    from alegra.sandbox import server
    from alegra.sandbox import store as store_module
    path = os.path.join(tmp, 'rows.csv')
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('name,identification\n')
        for number in range(rows):
            handle.write(f'Importado {number:04d},{800000000 + number}\n')
    sandbox = server.Sandbox(store_module.Store(),
                             server.Options(rate_limit=(150, 60.0)))
    instance = server.SandboxServer(sandbox)
    env = _sandbox.environ(instance.start(), tmp)
    started = time.monotonic()
    process = subprocess.run(
        [_sandbox.ALEGRA, 'contacts', 'import', '-f', path,
         '--report', os.path.join(tmp, 'report.csv')],
        env=env, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.monotonic() - started
    instance.stop()
    summary = process.stderr.strip().splitlines()[-1]
    return elapsed, summary, process.returncode, sandbox.statuses[429]


def ordered_import(rows, tmp, limit=40, window=5.0):
    """Import ``rows`` invoices, one at a time in file order, into a seeded
    sandbox in this process limited to ``limit`` requests per ``window``
    seconds: (seconds, requests, 429 answers, exit code, summary)."""
    from alegra.sandbox import server
    from alegra.sandbox import store as store_module
    path = os.path.join(tmp, 'invoices.csv')
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('date,dueDate,client.id,items.0.id,items.0.price,'
                     'items.0.quantity,observations\n')
        for number in range(rows):
            # The seed's clients 1-8 and items 1-6.
            handle.write(f'2026-11-{1 + number % 28:02d},2026-12-31,'
                         f'{1 + number % 8},{1 + number % 6},'
                         f'{1000 * (1 + number % 50)},1,'
                         f'Pedido {number:04d}\n')
    sandbox = server.Sandbox(store_module.Store(),
                             server.Options(rate_limit=(limit, window)))
    sandbox.load_seed()
    instance = server.SandboxServer(sandbox)
    env = _sandbox.environ(instance.start(), os.path.join(tmp, 'ordered'))
    started = time.monotonic()
    process = subprocess.run(
        [_sandbox.ALEGRA, 'invoices', 'import', '-f', path], env=env,
        stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.monotonic() - started
    instance.stop()
    summary = process.stderr.strip().splitlines()[-1]
    return (elapsed, sum(sandbox.statuses.values()), sandbox.statuses[429],
            process.returncode, summary)


def peak_rss(argv, env):
    """Wall time and peak resident memory (KB) of one command, as the
    kernel counted it for that child alone."""
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - started, usage.ru_maxrss, process.returncode


def contacts_csv(path, rows):
    """A CSV of ``rows`` contacts, each about 1 KB, all different."""
    notes = ('Cliente de la zona norte; factura a 30 días, despacho los '
             'martes; contacto de compras: área administrativa. ') * 8
    with open(path, 'w', encoding='utf-8', newline='') as handle:
        handle.write('name,identificationObject.type,'
                     'identificationObject.number,kindOfPerson,type,email,'
                     'phonePrimary,address.address,address.city,'
                     'observations\r\n')
        for number in range(rows):
            handle.write(
                f'Distribuidora Núñez {number:06d} S.A.S.,NIT,'
                f'{900000000 + number},LEGAL_ENTITY,client,'
                f'compras{number}@correo.test,601{number:07d},'
                f'"Calle {number % 200} # {number % 97}-{number % 50}",'
                f'Bogotá,"{notes}{number}"\r\n')


def dry_run_memory(rows, tmp):
    """Peak memory of a dry run of ``rows`` rows, and of 2,000 rows."""
    env = _sandbox.environ('http://127.0.0.1:9/api/v1', tmp)
    found = []
    for count in (2000, rows):
        path = os.path.join(tmp, f'dry-run-{count}.csv')
        contacts_csv(path, count)
        elapsed, peak, code = peak_rss(
            [_sandbox.ALEGRA, 'contacts', 'import', '--dry-run', '-f', path],
            env)
        found.append((count, os.path.getsize(path), elapsed, peak, code))
        os.unlink(path)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--records', type=int, default=30000)
    parser.add_argument('--import-rows', type=int, default=1000)
    parser.add_argument('--ordered-rows', type=int, default=480)
    parser.add_argument('--dry-run-rows', type=int, default=200000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.dry_run_rows:
            found = dry_run_memory(args.dry_run_rows, tmp)
            for count, size, elapsed, peak, code in found:
                print(f'import --dry-run of {count} rows '
                      f'({size / 1e6:.1f} MB): peak {peak / 1024:.1f} MB, '
                      f'{elapsed:.1f} s, exit {code}')
            print(f'peak memory ratio {found[1][0]} / {found[0][0]} rows: '
                  f'{found[1][3] / found[0][3]:.2f}x (at most 1.5x)')
        if args.records:
            (big, big_memory), (loop, _) = export(args.records, tmp)
            (_, small_memory), _ = export(300, tmp)
            print(f'export of {args.records} records: alegra {big:.1f} s, '
                  f'minimal requests loop {loop:.1f} s ({big / loop:.2f}x)')
            print(f'peak memory: {big_memory / 1024:.1f} MB for '
                  f'{args.records} records, {small_memory / 1024:.1f} MB '
                  f'for 300 ({big_memory / small_memory:.2f}x)')
        if args.import_rows:
            elapsed, summary, code, rejected = import_rows(
                args.import_rows, tmp)
            best = (math.ceil(args.import_rows / 150) - 1) * 60
            print(f'import of {args.import_rows} rows at 150/min: '
                  f'{elapsed:.1f} s, least the ceiling allows {best} s '
                  f'({elapsed / best:.2f}x); {rejected} answers 429; '
                  f'exit {code}; {summary}')
        if args.ordered_rows:
            limit, window = 40, 5.0
            elapsed, sent, rejected, code, summary = ordered_import(
                args.ordered_rows, tmp, limit, window)
            # A fixed window: n requests need (windows - 1) full windows.
            best = (math.ceil(sent / limit) - 1) * window
            print(f'ordered import of {args.ordered_rows} invoices (one '
                  f'at a time) at {limit} requests per {window:g} s: '
                  f'{sent} requests in {elapsed:.1f} s, '
                  f'{sent / elapsed:.2f} requests/s; the ceiling allows '
                  f'{sent / best:.2f}/s (least time {best:g} s); '
                  f'{best / elapsed:.2f} of the ceiling (at least 0.90); '
                  f'{rejected} answers 429; exit {code}; {summary}')


if __name__ == '__main__':
    main()
