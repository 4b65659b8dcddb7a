"""Shared by the benchmarks: a sandbox in a child process, and its client."""

import contextlib
import os
import socket
import subprocess
import sys
import time

from alegra.sandbox import server
from alegra.sandbox import store as store_module

ALEGRA = os.path.join(os.path.dirname(sys.executable), 'alegra')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def fill(path, contacts):
    """A sandbox data file holding ``contacts`` contacts."""
    store = store_module.Store(path)
    for number in range(contacts):
        store.insert('contacts', {
            'name': f'Cliente {number:05d} Núñez', 'type': ['client'],
            'identification': str(900000000 + number),
            'email': f'c{number}@correo.test',
            'address': {'city': 'Bogotá', 'address': f'Calle {number}'}})
    store.close()


@contextlib.contextmanager
def serve(data, rate_limit='off', cpu=None):
    """``alegra sandbox serve`` in a child process (pinned to ``cpu``)."""
    port = free_port()
    argv = [ALEGRA, 'sandbox', 'serve', '--port', str(port), '--data', data,
            '--rate-limit', rate_limit]

    def pin():
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})

    process = subprocess.Popen(argv, stderr=subprocess.DEVNULL,
                               preexec_fn=pin)
    url = f'http://127.0.0.1:{port}/api/v1'
    for _ in range(100):
        with contextlib.suppress(OSError):
            socket.create_connection(('127.0.0.1', port), 0.1).close()
            break
        time.sleep(0.05)
    try:
        yield url
    finally:
        process.terminate()
        process.wait()


def environ(url, cache):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith('ALEGRA_')}
    env.update(ALEGRA_BASE_URL=url, ALEGRA_EMAIL=server.DEFAULT_EMAIL,
               ALEGRA_TOKEN=server.DEFAULT_TOKEN, XDG_CACHE_HOME=cache,
               ALEGRA_CONFIG=os.path.join(cache, 'config.ini'),
               PYTHON_KEYRING_BACKEND='keyring.backends.null.Keyring')
    return env
