"""Median wall time of alegra's quick commands beside the Python floor.

Run from a virtualenv where alegra is installed:

    python benchmarks/startup.py [--runs 21]

It prints one line per command: the median and the fastest of the runs, in
milliseconds.  Nothing is sent anywhere: the list command uses --dry-run.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def commands(alegra):
    python = sys.executable
    return [
        ('python -c pass', [python, '-c', 'pass']),
        ('python -c "import requests"', [python, '-c', 'import requests']),
        ('alegra --version', [alegra, '--version']),
        ('alegra --help', [alegra, '--help']),
        ('alegra contacts list --dry-run',
         [alegra, 'contacts', 'list', '--dry-run']),
    ]


def measure(argv, runs, env):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=21)
    args = parser.parse_args()
    alegra = shutil.which('alegra', path=os.path.dirname(sys.executable)) \
        or shutil.which('alegra')
    if alegra is None:
        sys.exit('alegra is not installed in this environment')
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, ALEGRA_CONFIG=os.path.join(home, 'c.ini'))
        for name, argv in commands(alegra):
            measure(argv, 2, env)
            median, best = measure(argv, args.runs, env)
            print(f'{name:<36} median {median:7.1f} ms   '
                  f'best {best:7.1f} ms')


if __name__ == '__main__':
    main()
