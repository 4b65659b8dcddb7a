"""``alegra webhooks listen`` as users run it: its lines on stderr in the
user's language, the events on stdout as JSON in any language."""

import json
import queue
import re
import subprocess
import threading
import urllib.request

from tests.integration import base

BANNER = re.compile(r'http://127\.0\.0\.1:(\d+)/')


class TestListen(base.SandboxTestCase):
    seed = False

    def listen(self, *argv, **env):
        """Start a receiver on a free port: ``(port, stdout, stderr)``, each
        stream a queue of its lines."""
        process = subprocess.Popen(
            [base.ALEGRA, 'webhooks', 'listen', '--port', '0', *argv],
            env=self.environ(**env), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.addCleanup(process.wait, 10)
        self.addCleanup(process.terminate)
        streams = []
        for stream in (process.stdout, process.stderr):
            lines = queue.Queue()
            threading.Thread(target=lambda s=stream, q=lines: [
                q.put(line.rstrip('\n')) for line in s], daemon=True).start()
            streams.append(lines)
        banner = [streams[1].get(timeout=30) for _ in range(3)]
        port = int(BANNER.search(banner[0]).group(1))
        return port, streams[0], streams[1], banner

    def post(self, port, body):
        request = urllib.request.Request(
            f'http://127.0.0.1:{port}/', data=body, method='POST',
            headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status

    def test_spanish_lines_and_the_same_json(self):
        target, target_out, _, english = self.listen(ALEGRA_LANG='en')
        self.assertTrue(english[0].startswith('listening on http://'),
                        english)
        self.assertEqual('Ctrl-C stops.', english[2])
        port, out, err, banner = self.listen(
            '--forward-to', f'http://127.0.0.1:{target}/', ALEGRA_LANG='es')
        self.assertEqual(f'escuchando en http://127.0.0.1:{port}/ ; '
                         'suscríbase con', banner[0])
        self.assertEqual('  alegra webhook-subscriptions create --set '
                         'event=new-invoice --set '
                         f'url=127.0.0.1:{port}/', banner[1])
        self.assertEqual('Ctrl-C para detener.', banner[2])
        self.assertEqual(200, self.post(port, b''))
        self.assertEqual('sondeo recibido (POST vacío), respondido con 200',
                         err.get(timeout=10))
        event = {'subject': 'new-invoice', 'message': {'invoice': {
            'id': '1'}}}
        self.assertEqual(200, self.post(port, json.dumps(event).encode()))
        self.assertEqual(event, json.loads(out.get(timeout=10)))
        self.assertEqual(f'reenviado a http://127.0.0.1:{target}/: HTTP 200',
                         err.get(timeout=10))
        self.assertEqual(event, json.loads(target_out.get(timeout=10)))
