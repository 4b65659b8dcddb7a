"""How well the shared rate limiter uses a short window, and whether it
ever overshoots it.

Starts the sandbox in this process with a short window (default 40
requests per 5 s) and drives the real ``alegra`` command against it:

1. one process making 300 requests (``contacts list --all --limit 1``);
2. a shell loop of one-request processes (``contacts get 1``);
3. three processes in parallel, 100 requests each.

For each it prints the requests counted in each full window against the
limit, the 429 answers the server gave, and the wall time beside the
theoretical minimum.  Run it from a virtualenv with alegra installed:

    python benchmarks/ratelimit.py [--limit 40] [--window 5] [--loop 60]
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

from alegra.sandbox import server
from alegra.sandbox import store as store_module


def start(limit, window, contacts):
    sandbox = server.Sandbox(store_module.Store(),
                             server.Options(rate_limit=(limit, window)))
    for number in range(contacts):
        sandbox.store.insert('contacts', {'name': f'Cliente {number:04d}',
                                          'type': ['client']})
    instance = server.SandboxServer(sandbox)
    instance.start()
    return instance


def environ(instance, cache):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith('ALEGRA_')}
    env.update(ALEGRA_BASE_URL=instance.base_url,
               ALEGRA_EMAIL=server.DEFAULT_EMAIL,
               ALEGRA_TOKEN=server.DEFAULT_TOKEN,
               XDG_CACHE_HOME=cache,
               ALEGRA_CONFIG=os.path.join(cache, 'config.ini'),
               PYTHON_KEYRING_BACKEND='keyring.backends.null.Keyring')
    return env


def minimum_time(requests, limit, window):
    """The least wall time the ceiling allows: full windows of waiting."""
    return (math.ceil(requests / limit) - 1) * window


def report(name, instance, requests, elapsed, limit, window):
    sandbox = instance.sandbox
    windows = sandbox.limiter.finished.get(server.DEFAULT_EMAIL, [])
    full = windows[:-1] if len(windows) > 1 else windows
    best = minimum_time(requests, limit, window)
    print(f'{name}:')
    print(f'  requests answered 200: {sandbox.statuses[200]} of {requests}; '
          f'429 answers: {sandbox.statuses[429]}')
    print(f'  requests per finished window (limit {limit}): '
          f'{", ".join(str(count) for count in full) or "-"}')
    print(f'  wall time {elapsed:.1f} s; theoretical minimum {best:.1f} s'
          + (f' ({elapsed / best:.2f}x)' if best else ''))


def run(name, commands, requests, args, contacts):
    instance = start(args.limit, args.window, contacts)
    with tempfile.TemporaryDirectory() as cache:
        env = environ(instance, cache)
        started = time.monotonic()
        processes = [subprocess.Popen(command, env=env,
                                      stdout=subprocess.DEVNULL)
                     for command in commands if command[0] != 'loop']
        for command in commands:
            if command[0] == 'loop':
                for _ in range(command[1]):
                    subprocess.run(command[2], env=env,
                                   stdout=subprocess.DEVNULL, check=True)
        codes = [process.wait() for process in processes]
        elapsed = time.monotonic() - started
    instance.stop()
    if any(codes):
        print(f'{name}: a process failed with {codes}')
    report(name, instance, requests, elapsed, args.limit, args.window)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--limit', type=int, default=40)
    parser.add_argument('--window', type=float, default=5.0)
    parser.add_argument('--loop', type=int, default=60,
                        help='one-request processes in the shell loop')
    args = parser.parse_args()
    alegra = shutil.which('alegra', path=os.path.dirname(sys.executable)) \
        or shutil.which('alegra')
    one = [alegra, 'contacts', 'list', '--all', '--limit', '1', '-o',
           'value', '--columns', 'id']
    # --all asks one page more than there are records: 299 + 1 requests.
    run('one process, 300 requests', [one], 300, args, contacts=299)
    run(f'shell loop, {args.loop} one-request processes',
        [('loop', args.loop, [alegra, 'contacts', 'get', '1'])],
        args.loop, args, contacts=1)
    run('three parallel processes, 100 requests each', [one] * 3, 300,
        args, contacts=99)


if __name__ == '__main__':
    main()
