"""List requests per second the sandbox answers on one core.

The sandbox runs in a child process pinned to CPU 0 with the rate limit
off; this process sends ``GET /contacts?start=N&limit=30`` over keep-alive
connections from a few threads (on the other core) for a few seconds:

    python benchmarks/sandbox.py [--seconds 5] [--threads 4]
"""

import argparse
import os
import sys
import tempfile
import threading
import time

import requests

sys.path.insert(0, os.path.dirname(__file__))
import _sandbox  # noqa: E402

from alegra.sandbox import server  # noqa: E402


def worker(url, deadline, counts, index):
    session = requests.Session()
    session.auth = (server.DEFAULT_EMAIL, server.DEFAULT_TOKEN)
    done = 0
    while time.monotonic() < deadline:
        response = session.get(url, params={'start': (done * 30) % 900,
                                            'limit': 30})
        response.raise_for_status()
        done += 1
    counts[index] = done


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seconds', type=float, default=5)
    parser.add_argument('--threads', type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, 'sandbox.db')
        _sandbox.fill(data, 1000)
        if hasattr(os, 'sched_setaffinity') and os.cpu_count() > 1:
            os.sched_setaffinity(0, set(range(1, os.cpu_count())))
        with _sandbox.serve(data, cpu=0) as url:
            counts = [0] * args.threads
            deadline = time.monotonic() + args.seconds
            threads = [threading.Thread(target=worker, args=(
                url + '/contacts', deadline, counts, index))
                for index in range(args.threads)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    total = sum(counts)
    print(f'{total} list requests (30 records each) in {args.seconds:.0f} s '
          f'on one core: {total / args.seconds:.0f} requests/s')


if __name__ == '__main__':
    main()
