"""How long alegra takes to start, beside the Python floor.

Run from a virtualenv where alegra is installed (``pip install .``):

    python benchmarks/startup.py [--runs 21]

The headline is one ``alegra contacts get 1`` against a ``python -c``
that imports requests and sends the same GET (Basic auth, same URL) to
the same tiny local server, which answers in microseconds, so the ratio
is what alegra adds to the floor of Python + requests.  The quick
commands (``--help``, a dry-run list, completion) are measured beside
them.  Every round runs each command once, in a new order, so that a
noisy machine slows them all alike; the figures are medians.

Nothing leaves the machine: the server listens on a free loopback port,
the configuration, keyring and rate-limit state are temporary.

Issue 14, measured on the 2-core development machine, which other work
kept busy: the commands of both installs in one run, interleaved, 25
rounds, medians in ms (a run to run spread of about 0.1x in the ratio):

    ====================================  ======  ======
    command                               before   after
    ====================================  ======  ======
    python + requests GET (the floor)        295     270
    alegra contacts get 1                    474     332
    ratio get / floor                      1.60x   1.23x
    alegra --version                         242     206
    alegra --help                            370     266
    alegra contacts list --dry-run           270     219
    alegra __complete contacts l             276     209
    ====================================  ======  ======

Where the time went: the exit's garbage collections over every imported
object (now skipped, ``alegra.shell``), prettytable and wcwidth for a
plain table (``alegra.output.table``), the bulk modules and tenacity
(imported by an import, and when a request fails).
"""

import argparse
import http.server
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

EMAIL = 'bench@example.com'
TOKEN = 'bench-token'
RECORD = {'id': '1', 'name': 'Bench Contact', 'status': 'active',
          'identification': '900123456', 'email': EMAIL,
          'type': ['client'], 'phonePrimary': '3001234567'}
FLOOR = 'python + requests GET (the floor)'
GET = 'alegra contacts get 1'
# requests as a script would use it: same URL, same Basic auth, JSON out.
BARE_GET = (
    'import os, requests\n'
    'r = requests.get(os.environ["ALEGRA_BASE_URL"] + "/contacts/1",\n'
    '                 auth=(os.environ["ALEGRA_EMAIL"],\n'
    '                       os.environ["ALEGRA_TOKEN"]), timeout=60)\n'
    'r.raise_for_status()\n'
    'print(r.json())\n')


class ContactHandler(http.server.BaseHTTPRequestHandler):
    """Answers ``GET /api/v1/contacts/1`` with one small record."""

    hits = 0

    def do_GET(self):
        import base64
        expected = 'Basic ' + base64.b64encode(
            f'{EMAIL}:{TOKEN}'.encode()).decode()
        if self.headers.get('Authorization') != expected:
            self._answer(401, {'message': 'unauthorized'})
        elif self.path != '/api/v1/contacts/1':
            self._answer(404, {'message': 'not found'})
        else:
            type(self).hits += 1
            self._answer(200, RECORD)

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


def commands(alegra):
    python = sys.executable
    return [
        ('python -c pass', [python, '-c', 'pass']),
        (FLOOR, [python, '-c', BARE_GET]),
        (GET, [alegra, 'contacts', 'get', '1']),
        ('alegra --version', [alegra, '--version']),
        ('alegra --help', [alegra, '--help']),
        ('alegra contacts list --dry-run',
         [alegra, 'contacts', 'list', '--dry-run']),
        # What the shell asks on Tab after ``alegra contacts l``.
        ('alegra __complete contacts l',
         [alegra, '__complete', 'contacts', 'l']),
    ]


def run_once(argv, env):
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env, check=True)
    return (time.perf_counter() - started) * 1000


def measure(named, runs, env, seed=14):
    """``{name: [ms, ...]}``, each round running every command once in a
    shuffled order."""
    shuffle = random.Random(seed).shuffle
    times = {name: [] for name, _ in named}
    order = list(named)
    for _ in range(runs):
        shuffle(order)
        for name, argv in order:
            times[name].append(run_once(argv, env))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=21,
                        help='rounds to take the median of (default 21)')
    args = parser.parse_args()
    alegra = shutil.which('alegra', path=os.path.dirname(sys.executable)) \
        or shutil.which('alegra')
    if alegra is None:
        sys.exit('alegra is not installed in this environment')
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), ContactHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as home:
            env = dict(
                os.environ,
                ALEGRA_CONFIG=os.path.join(home, 'config.ini'),
                ALEGRA_BASE_URL='http://127.0.0.1:%d/api/v1'
                                % server.server_address[1],
                ALEGRA_EMAIL=EMAIL, ALEGRA_TOKEN=TOKEN,
                PYTHON_KEYRING_BACKEND='keyring.backends.null.Keyring',
                XDG_CACHE_HOME=os.path.join(home, 'cache'))
            for key in ('ALEGRA_PROFILE', 'ALEGRA_OUTPUT', 'ALEGRA_TIMEOUT'):
                env.pop(key, None)
            named = commands(alegra)
            measure(named, 2, env)  # warm the disk cache and the .pyc files
            ContactHandler.hits = 0
            times = measure(named, args.runs, env)
    finally:
        server.shutdown()
        server.server_close()
    if ContactHandler.hits != 2 * args.runs:
        sys.exit(f'expected {2 * args.runs} answered GETs, the server '
                 f'answered {ContactHandler.hits}')
    medians = {name: statistics.median(values)
               for name, values in times.items()}
    for name, _ in named:
        print(f'{name:<36} median {medians[name]:7.1f} ms   '
              f'best {min(times[name]):7.1f} ms')
    print(f'{"ratio get / floor":<36} {medians[GET] / medians[FLOOR]:.2f}x '
          f'(of medians, {args.runs} runs)')


if __name__ == '__main__':
    main()
