"""A tiny HTTP server on 127.0.0.1 that misbehaves on purpose.

requests-mock works above the socket, so it cannot drip a header one byte
at a time, cut a body short or be a second host; this server can.  Each
connection gets one answer from ``answer(request)``: an iterable of bytes
(written as they come) and numbers (pauses, in seconds), after which the
connection closes.  Every request is kept in ``requests``.
"""

import socket
import threading

import fixtures


class Request:
    def __init__(self, method, path, headers, body):
        self.method, self.path = method, path
        self.headers, self.body = headers, body


def response(status=200, body=b'{}', headers=None, length=None):
    """The bytes of a whole answer; ``length`` overrides Content-Length."""
    lines = [f'HTTP/1.1 {status} X',
             f'Content-Length: {len(body) if length is None else length}',
             'Connection: close']
    lines += [f'{name}: {value}' for name, value in (headers or {}).items()]
    return ('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1') + body


def drip(data, pause, for_seconds):
    """``data`` one byte at a time, a pause after each, for at most
    ``for_seconds``; then the rest at once (a client still waiting then
    gets a whole answer)."""
    spent = 0.0
    for index in range(len(data)):
        if spent >= for_seconds:
            yield data[index:]
            return
        yield data[index:index + 1]
        yield pause
        spent += pause


class Server(fixtures.Fixture):
    """``self.url`` answers every connection with ``answer(request)``."""

    def __init__(self, answer):
        super().__init__()
        self.answer = answer
        self.requests = []

    def _setUp(self):
        self._stopping = threading.Event()
        self._listener = socket.create_server(('127.0.0.1', 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.url = f'http://127.0.0.1:{self.port}'
        self._threads = []
        accepting = threading.Thread(target=self._accept, daemon=True)
        accepting.start()
        self.addCleanup(self._stop, accepting)

    def _stop(self, accepting):
        self._stopping.set()
        accepting.join(5)
        for thread in self._threads:
            thread.join(5)
        self._listener.close()

    def _accept(self):
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            thread = threading.Thread(target=self._serve,
                                      args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection):
        with connection:
            connection.settimeout(5)
            try:
                request = self._read(connection)
                if request is None:
                    return
                self.requests.append(request)
                for part in self.answer(request):
                    if isinstance(part, bytes):
                        connection.sendall(part)
                    elif self._stopping.wait(part):
                        return
            except OSError:
                return  # the client went away: what is being tested

    @staticmethod
    def _read(connection):
        data = b''
        while b'\r\n\r\n' not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b'\r\n\r\n')
        first, *lines = head.decode('latin-1').split('\r\n')
        headers = {}
        for line in lines:
            name, _, value = line.partition(':')
            headers[name.strip().lower()] = value.strip()
        while len(body) < int(headers.get('content-length', 0)):
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
        method, path, _ = first.split(' ', 2)
        return Request(method, path, headers, body)
