"""``alegra webhooks listen``: watch Alegra webhook events arrive.

A local receiver, as ``stripe listen`` is for Stripe: it answers every POST
with 200, prints each event as one JSON line on stdout (so it pipes into
``jq`` or a file) and can forward it to the URL of the app being built.
"""

import http.server
import urllib.error
import urllib.request

from alegra import command
from alegra import errors
from alegra import jsonio
from alegra.commands import sandbox
from alegra.i18n import _


def _forward(url, body, stderr):
    request = urllib.request.Request(
        url, data=body, method='POST',
        headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        stderr.write(_('forward to {url} failed: {reason}').format(
            url=url, reason=exc) + '\n')
        return
    stderr.write(_('forwarded to {url}: HTTP {status}').format(
        url=url, status=status) + '\n')


# An event is a record or two of JSON; anything larger is not Alegra's.
MAX_EVENT = 1024 * 1024


class _Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        text = (self.headers.get('Content-Length') or '0').strip()
        refused = 400 if not (text.isascii() and text.isdigit()) else \
            413 if len(text) > 9 or int(text) > MAX_EVENT else None
        if refused:
            # Nothing of a malformed event is printed or forwarded.
            self.close_connection = True
            self._answer(refused)
            return
        length = int(text)
        body = self.rfile.read(length) if length else b''
        if len(body) < length:
            self.close_connection = True
            return
        self._answer(200)
        self.server.on_event(body)

    def _answer(self, status):
        self.send_response(status)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, format, *args):
        pass


class Listen(command.AlegraCommand):
    """Receive webhook events and print each as one JSON line."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--host', default='127.0.0.1',
                            help=_('address to bind (default 127.0.0.1)'))
        parser.add_argument('--port', type=sandbox.port_number, default=8686,
                            help=_('port (default 8686; 0 picks a free '
                                   'one)'))
        parser.add_argument('--forward-to', metavar='URL',
                            help=_('also POST each event to this URL'))
        return parser

    def take_action(self, parsed_args):
        try:
            server = http.server.ThreadingHTTPServer(
                (parsed_args.host, parsed_args.port), _Receiver)
        except OSError as exc:
            raise errors.cannot_listen(parsed_args.host, parsed_args.port,
                                       exc) from None
        server.on_event = lambda body: self._print(body, parsed_args)
        host, port = server.server_address[:2]
        self.app.stderr.write(_(
            'listening on http://{host}:{port}/ ; subscribe with\n'
            '  alegra webhook-subscriptions create --set event=new-invoice '
            '--set url={host}:{port}/\n'
            'Ctrl-C stops.').format(host=host, port=port) + '\n')
        self.app.stderr.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return errors.OK

    def _print(self, body, parsed_args):
        try:
            event = jsonio.loads(body.decode('utf-8')) if body else None
        except (UnicodeDecodeError, ValueError):
            event = {'raw': body.decode('utf-8', 'replace')}
        if event is None:
            self.app.stderr.write(_('probe received (empty POST), '
                                    'answered 200') + '\n')
        else:
            self.app.stdout.write(jsonio.dumps(event, indent=None) + '\n')
            self.app.stdout.flush()
        if parsed_args.forward_to and event is not None:
            _forward(parsed_args.forward_to, body, self.app.stderr)
