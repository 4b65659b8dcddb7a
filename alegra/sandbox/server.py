"""The sandbox: the Alegra App API on a loopback port, served from plugins.

:class:`Sandbox` answers one request at a time as data (method, path,
query, headers, body in; status, headers, body out), which keeps the API
semantics testable without sockets.  :class:`SandboxServer` puts it on a
threaded HTTP server.  Every resource the plugin registry knows is served
generically from its plugin: its path, its JSON Schema, its filters and its
actions.
"""

import base64
import binascii
import collections
import dataclasses
import http.server
import logging
import random
import re
import sys
import threading
import urllib.parse

from alegra import jsonio
from alegra import registry
from alegra import validation
from alegra.sandbox import actions
from alegra.sandbox import books as books_module
from alegra.sandbox import ratelimit
from alegra.sandbox import shapes
from alegra.sandbox import store as store_module
from alegra.sandbox import webhooks

API_PREFIX = '/api/v1'
MAX_PAGE = 30
# Bounds on malformed requests: a body's bytes (413 past it), the nesting
# of its JSON (400; real bodies nest a few levels) and ``start`` (400; the
# store's largest integer, which no real offset reaches).
MAX_BODY = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_START = 2 ** 63 - 1
DEFAULT_EMAIL = 'sandbox@alegra.test'
DEFAULT_TOKEN = 'sandbox'
DEFAULT_PLAN_GATED = ('/conciliations', '/reports')
FILES_PREFIX = '/files/'
SAMPLE_PDF = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n'
              b'2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n'
              b'trailer<</Root 1 0 R>>\n%%EOF\n')
_RESERVED = {'start', 'limit', 'metadata', 'order_field', 'order_direction',
             'fields', 'query'}
# Segments no route and no id can be: in a URL they would mean another one.
_NOT_SEGMENTS = ('', '.', '..')


class Reply(Exception):
    """An answer decided early, usually an error in Alegra's body shape."""

    def __init__(self, status, message=None, body=None, headers=None):
        super().__init__(message)
        self.status = status
        self.body = body if body is not None else {'code': status,
                                                   'message': message}
        self.headers = headers or {}


class Drop(Exception):
    """An injected fault: close the connection without answering (``drop``
    before the request is processed, ``lose`` after it)."""


@dataclasses.dataclass
class Options:
    email: str = DEFAULT_EMAIL
    token: str = DEFAULT_TOKEN
    rate_limit: tuple = (150, 60.0)
    plan_gated: tuple = DEFAULT_PLAN_GATED
    faults: dict = dataclasses.field(default_factory=dict)
    fault_seed: int = None
    probe_webhooks: bool = True


FAULTS = ('500', '503', 'drop', 'lose')


def parse_faults(text):
    """``500=0.05,503=0.02,drop=0.01,lose=0.01`` -> ``{'500': 0.05, ...}``.

    ``500`` and ``503`` answer so without doing anything, ``drop`` closes
    the connection without doing anything, and ``lose`` does what was
    asked (a POST creates its record) and then closes the connection
    without answering: the answer is lost.
    """
    faults = {}
    for part in filter(None, (text or '').split(',')):
        kind, _, rate = part.partition('=')
        if kind not in FAULTS:
            raise ValueError(f'unknown fault {kind!r}')
        faults[kind] = float(rate)
    return faults


def load_resources():
    """Every plugin's resource by its path.  A broken plugin is skipped,
    its one line logged, and its path answers 404 like any unknown one."""
    resources = {}
    for status in registry.survey(registry.RESOURCE_GROUP).values():
        if not status.ok:
            logging.getLogger('alegra.sandbox').warning(
                '%s', status.problems[0])
            continue
        resources[status.plugin.path.rstrip('/')] = status.plugin
    return resources


class Sandbox:
    """The API's behaviour over a :class:`~alegra.sandbox.store.Store`."""

    def __init__(self, store, options=None, resources=None,
                 dispatcher=None):
        self.store = store
        self.options = options or Options()
        self.resources = load_resources() if resources is None else resources
        # Resource paths as segments, longest first, so that
        # /inventory-adjustments/numerations wins over its parent.
        self._routes = sorted(
            ((_split(path), resource)
             for path, resource in self.resources.items()),
            key=lambda route: len(route[0]), reverse=True)
        self._plan_gated = [_split(path) for path in self.options.plan_gated
                            if path.strip('/')]
        self.limiter = ratelimit.FixedWindow(*self.options.rate_limit) \
            if self.options.rate_limit else None
        self.random = random.Random(self.options.fault_seed)
        self.webhooks = dispatcher or webhooks.Dispatcher(store)
        # The accounting rules every write goes through.
        self.books = books_module.Books(store)
        # Where the sandbox is reachable, for the PDF URLs it hands out.
        self.public_url = None
        # Answers by status code, for benchmarks and tests.
        self.statuses = collections.Counter()
        self._statuses_lock = threading.Lock()
        self._ensure_account()

    def _ensure_account(self):
        """The caller's user and company, so ``/users/self`` and
        ``/company`` answer even in an empty sandbox."""
        if not self.store.count('users'):
            self.store.insert('users', {
                'id': '1', 'email': self.options.email, 'name': 'Usuario',
                'lastName': 'Sandbox', 'role': 'admin', 'status': 'active'})
        if self.store.get('company', 'self') is None:
            self.store.insert('company', {
                'name': 'Empresa Sandbox', 'applicationVersion': 'colombia',
                'currency': {'code': 'COP', 'symbol': '$'}}, key='self')

    def load_seed(self):
        """Load the demo company into an empty sandbox; ``False`` when it
        already holds contacts, so a restart never duplicates them."""
        from alegra.sandbox import seed
        if self.store.count('contacts'):
            return False
        # Currencies are stored by their code, as their plugin says.
        id_fields = {resource.name: resource.id_field
                     for resource in self.resources.values()}
        for resource, records in seed.seed_records().items():
            id_field = id_fields.get(resource, 'id')
            for record in records:
                if resource == 'company':
                    self.store.delete(resource, 'self')
                    self.store.insert(resource, record, key='self')
                elif resource == 'users':
                    self.store.delete(resource, record['id'])
                    self.store.insert(resource, dict(
                        record, email=self.options.email))
                else:
                    self.store.insert(resource, record, id_field)
        return True

    # One request.

    def handle(self, method, target, headers, body):
        """``(status, headers, body bytes)`` for one request."""
        reply_headers = {}
        if target.startswith(FILES_PREFIX):
            # A document's PDF, as its pdfUrl points to: public, like the
            # signed URLs Alegra hands out.
            return 200, {'Content-Type': 'application/pdf'}, SAMPLE_PDF
        lose = False
        try:
            lose = self._inject_fault()
            user = _basic_user(headers.get('Authorization'))
            reply_headers.update(self._count(user))
            self._authenticate(headers.get('Authorization'))
            path, _, query = target.partition('#')[0].partition('?')
            segments = self._api_segments(path)
            query = dict(urllib.parse.parse_qsl(query))
            status, answer = self._route(method, segments, query, body)
        except (Reply, books_module.Refused) as reply:
            status, answer = reply.status, reply.body
            reply_headers.update(reply.headers)
        if lose:
            with self._statuses_lock:
                self.statuses['lost'] += 1
            raise Drop()
        return self.answer(status, answer, reply_headers)

    def answer(self, status, answer, headers=None):
        """``(status, headers, body bytes)`` of an answer, counted; the
        socket layer answers malformed requests and failures through it."""
        text = answer if isinstance(answer, str) else jsonio.dumps(
            answer, indent=None)
        headers = dict(headers or {})
        headers['Content-Type'] = 'application/json; charset=utf-8'
        with self._statuses_lock:
            self.statuses[status] += 1
        return status, headers, text.encode('utf-8')

    def _inject_fault(self):
        """Raise the fault the dice chose, if any; True when it is ``lose``,
        which comes after the request is processed."""
        for kind, rate in self.options.faults.items():
            if self.random.random() < rate:
                if kind == 'lose':
                    return True
                if kind == 'drop':
                    with self._statuses_lock:
                        self.statuses['dropped'] += 1
                    raise Drop()
                raise Reply(int(kind), 'Fallo inyectado por el sandbox')
        return False

    def _count(self, user):
        if self.limiter is None:
            return {}
        allowed, headers = self.limiter.hit(user or '')
        if not allowed:
            raise Reply(429, 'Too Many Requests', headers=headers)
        return headers

    def _authenticate(self, authorization):
        expected = f'{self.options.email}:{self.options.token}'
        if _basic_credentials(authorization) != expected:
            raise Reply(401, 'Las credenciales de autenticación no son '
                             'válidas')

    def _api_segments(self, path):
        """The path after ``/api/v1`` as percent-decoded segments.

        The path is split on ``/`` first and each segment decoded after,
        so an id holding an encoded ``/`` (``..%2Fitems%2F6``) stays one
        segment and never reaches another resource.  One trailing ``/`` is
        allowed; an empty, ``.`` or ``..`` segment is neither a route nor
        an id, and is answered 404 rather than normalised away.
        """
        parts = path.split('/')
        if parts[:3] != ['', 'api', 'v1']:
            raise Reply(404, f'No existe el recurso {path}')
        parts = parts[3:]
        if parts and parts[-1] == '':
            parts.pop()
        segments = tuple(urllib.parse.unquote(part) for part in parts)
        if any(segment in _NOT_SEGMENTS for segment in segments):
            raise Reply(404, f'No existe el recurso {path}')
        if any(segments[:len(gated)] == gated
               for gated in self._plan_gated):
            raise Reply(402, 'Tu plan actual no incluye esta '
                             'funcionalidad')
        return segments

    # Routing.

    def _route(self, method, segments, query, body):
        if segments == ('users', 'self'):
            return self._self_user(method, body)
        if segments == ('company',):
            return self._singleton('company', method, body, ('GET', 'PUT'))
        if segments[:2] == ('webhooks', 'subscriptions'):
            return self._subscriptions(method, segments[2:], body)
        if segments[:1] == ('reports',) and len(segments) > 1:
            self._allow(method, ('GET',))
            name = segments[1] if len(segments) == 2 else None
            try:
                return 200, shapes.report(name, self.store)
            except KeyError:
                raise Reply(404, 'No existe el reporte '
                                 f'{_shown(segments)}') from None
        resource, rest = self._resource_for(segments)
        if not rest:
            return self._collection(resource, method, query, body)
        for action in resource.actions:
            ident = _match_action(action, rest) \
                if action.method == method else False
            if ident is not False:
                return self._run_action(resource, action, ident, method,
                                        body)
        if len(rest) == 1:
            return self._item(resource, rest[0], method, body)
        raise Reply(404, f'No existe el recurso {_shown(segments)}')

    def _resource_for(self, segments):
        for prefix, resource in self._routes:
            if segments[:len(prefix)] == prefix:
                return resource, segments[len(prefix):]
        raise Reply(404, f'No existe el recurso {_shown(segments)}')

    @staticmethod
    def _allow(method, allowed):
        if method not in allowed:
            raise Reply(405, f'El método {method} no está permitido para '
                             'este recurso')

    def _verbs(self, resource, method, pairs):
        allowed = [http_method for http_method, verb in pairs
                   if resource.supports(verb)]
        self._allow(method, allowed)

    # Collections and records.

    def _collection(self, resource, method, query, body):
        self._verbs(resource, method, (('GET', 'list'), ('POST', 'create')))
        if method == 'GET':
            return 200, self._list(resource, query)
        sent = shapes.lenient(_json_body(body), resource.create_schema())
        self._validate(resource, sent, partial=False)
        if resource.id_field == 'id':
            sent.pop('id', None)  # the API gives ids; it takes none
        with self.books.lock:
            if resource.id_field != 'id' and self.store.get(
                    resource.name, sent.get(resource.id_field)):
                raise Reply(400, f'Ya existe {resource.id_field} '
                                 f'{sent.get(resource.id_field)}')
            record = shapes.for_read(
                resource.name, self.books.create(resource.name, sent),
                self.store)
            stored = self.store.insert(resource.name, record,
                                       resource.id_field)
            self.books.created(resource.name, stored, sent)
        self.webhooks.publish(resource.name, 'new', stored)
        return 201, stored

    def _list(self, resource, params):
        start = _page_number(params, 'start', 0)
        limit = min(_page_number(params, 'limit', MAX_PAGE), MAX_PAGE)
        query = store_module.Query()
        declared = {filter_.param for filter_ in resource.filters
                    if filter_.selects}
        for param, value in params.items():
            if param == 'query':
                query.contains('name', value)
            elif param in _RESERVED or param not in declared | {
                    'name', 'status', 'type'}:
                continue
            elif query.range(param, value):
                continue
            elif param == 'name' or param.endswith('_name'):
                query.contains(param, value)
            else:
                query.equals(param, value)
        if params.get('order_field'):
            query.order_by(params['order_field'],
                           params.get('order_direction', '').upper() ==
                           'DESC')
        with_total = params.get('metadata') == 'true'
        total, rows = self.store.page(resource.name, query, start, limit,
                                      with_total=with_total)
        data = '[' + ','.join(rows) + ']'
        if with_total:
            return f'{{"metadata": {{"total": {total}}}, "data": {data}}}'
        return data

    def _item(self, resource, ident, method, body):
        self._verbs(resource, method, (('GET', 'get'), ('PUT', 'update'),
                                       ('DELETE', 'delete')))
        record = self._existing(resource, ident)
        if method == 'GET':
            if resource.pdf and self.public_url:
                record['pdfUrl'] = (
                    f'{self.public_url}{FILES_PREFIX}{resource.name}/'
                    f'{urllib.parse.quote(ident, safe="")}.pdf')
            return 200, record
        if method == 'DELETE':
            with self.books.lock:
                record = self._existing(resource, ident)
                self.books.delete(resource.name, record)
                self.store.delete(resource.name, ident)
            self.webhooks.publish(resource.name, 'delete',
                                  {resource.id_field: record.get(
                                      resource.id_field)})
            return 200, shapes.deleted(resource.name)
        changes = shapes.lenient(_json_body(body), resource.create_schema())
        self._validate(resource, changes, partial=True)
        with self.books.lock:
            record = self._existing(resource, ident)
            merged = shapes.for_read(
                resource.name,
                self.books.update(resource.name, record, changes),
                self.store)
            merged[resource.id_field] = record[resource.id_field]
            self.store.replace(resource.name, ident, merged)
        self.webhooks.publish(resource.name, 'edit', merged)
        return 200, merged

    def _existing(self, resource, ident):
        record = self.store.get(resource.name, ident)
        if record is None:
            raise Reply(404, f'No se encontró el recurso {ident} en '
                             f'{resource.path}')
        return record

    def _validate(self, resource, record, partial):
        schema = resource.create_schema()
        problems = validation.problems(record, schema, partial) \
            if schema else []
        if problems:
            field, reason = problems[0]
            raise Reply(400, f'El campo {field} no es válido: {reason}')

    def _run_action(self, resource, action, ident, method, body):
        self._allow(method, (action.method,))
        record = self._existing(resource, ident) if ident else None
        if action.upload:
            payload = _upload(body)
        else:
            payload = _json_body(body) if body else None
        if action.schema and payload is not None:
            problems = validation.problems(payload, action.schema)
            if problems:
                raise Reply(400, f'El campo {problems[0][0]} no es válido: '
                                 f'{problems[0][1]}')
        return 200, actions.run(self, resource, action, ident, record,
                                payload)

    # Special paths.

    def _self_user(self, method, body):
        self._allow(method, ('GET', 'PUT'))
        query = store_module.Query()
        query.equals('email', self.options.email)
        _, rows = self.store.page('users', query, 0, 1)
        if not rows:
            raise Reply(404, 'No se encontró el usuario')
        user = jsonio.loads(rows[0])
        if method == 'PUT':
            changes = _json_body(body)
            changes.pop('email', None)  # it is how the sandbox knows you
            user.update(changes)
            self.store.replace('users', user['id'], user)
        return 200, user

    def _singleton(self, name, method, body, allowed):
        self._allow(method, allowed)
        record = self.store.get(name, 'self') or {}
        if method == 'PUT':
            record.update(_json_body(body))
            self.store.replace(name, 'self', record)
        return 200, record

    def _subscriptions(self, method, rest, body):
        if len(rest) > 1:
            raise Reply(404, 'No existe el recurso /webhooks/subscriptions/'
                             + '/'.join(rest))
        if not rest:
            self._allow(method, ('GET', 'POST'))
            if method == 'GET':
                _, rows = self.store.page(webhooks.RESOURCE,
                                          store_module.Query(), 0, 1000)
                return 200, '{"subscriptions": [' + ','.join(rows) + ']}'
            return 201, {'subscription': self._subscribe(_json_body(body))}
        self._allow(method, ('GET', 'PUT', 'DELETE'))
        ident = rest[0]
        record = self.store.get(webhooks.RESOURCE, ident)
        if record is None:
            raise Reply(404, f'No se encontró la suscripción {ident}')
        if method == 'DELETE':
            self.store.delete(webhooks.RESOURCE, ident)
            return 200, {'code': 200, 'message': 'Suscripción eliminada'}
        if method == 'PUT':
            record.update(self._checked_subscription(
                {**record, **_json_body(body)}))
            self.store.replace(webhooks.RESOURCE, ident, record)
        return 200, {'subscription': record}

    def _checked_subscription(self, body):
        event, url = body.get('event'), body.get('url')
        if event not in webhooks.EVENTS:
            raise Reply(400, 'El campo event no es válido: use uno de '
                             + ', '.join(webhooks.EVENTS))
        if not isinstance(url, str) or not url:
            raise Reply(400, 'El campo url es requerido')
        if self.options.probe_webhooks and not webhooks.post(url, None):
            raise Reply(400, f'La URL {url} no respondió 2xx en '
                             f'{webhooks.TIMEOUT} segundos')
        return {'event': event, 'url': url}

    def _subscribe(self, body):
        checked = self._checked_subscription(body)
        return self.store.insert(webhooks.RESOURCE,
                                 {**checked, 'status': 'active'})


def _match_action(action, rest):
    """The id an action's path matches in ``rest`` (None when it takes
    none), or False when it does not match."""
    pattern = action.path.format(id='{id}', name=action.name).split('/')
    if len(pattern) != len(rest):
        return False
    ident = None
    for expected, part in zip(pattern, rest, strict=True):
        if expected == '{id}':
            ident = part
        elif expected != part:
            return False
    return ident


def _upload(body):
    """What the sandbox keeps of a multipart upload: name and size."""
    body = body or b''
    match = re.search(rb'filename="([^"]*)"', body)
    start = body.find(b'\r\n\r\n', match.end()) + 4 if match else -1
    if not match or start < 4:
        raise Reply(400, 'Falta el archivo (campo file)')
    boundary = body.split(b'\r\n', 1)[0]
    end = body.find(b'\r\n' + boundary, start)
    return {'name': match.group(1).decode('utf-8', 'replace'),
            'size': (end if end >= 0 else len(body)) - start}


def _basic_credentials(authorization):
    if not authorization or not authorization.startswith('Basic '):
        return None
    try:
        return base64.b64decode(authorization[6:], validate=True) \
            .decode('utf-8')
    except (binascii.Error, UnicodeDecodeError):
        return None


def _basic_user(authorization):
    credentials = _basic_credentials(authorization)
    return credentials.split(':', 1)[0] if credentials else None


def _split(path):
    """``/inventory-adjustments/numerations`` -> its segments."""
    return tuple(path.strip('/').split('/')) if path.strip('/') else ()


def _shown(segments):
    """The API path of ``segments``, for messages."""
    return '/' + '/'.join(segments)


def _page_number(params, name, default):
    """``start`` or ``limit`` as a whole number from 0 to
    :data:`MAX_START`; anything else (``-1``, ``abc``, ``1e3``,
    ``10**23``) is 400."""
    text = params.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit()) or \
            len(text) > len(str(MAX_START)) or int(text) > MAX_START:
        raise Reply(400, f'El parámetro {name} debe ser un número entero '
                         f'entre 0 y {MAX_START}')
    return int(text)


def _json_body(body):
    try:
        value = jsonio.loads(body.decode('utf-8')) if body else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Reply(400, 'El cuerpo de la petición no es JSON válido') \
            from None
    if not isinstance(value, dict):
        raise Reply(400, 'El cuerpo de la petición debe ser un objeto JSON')
    if _nests_deeper(value, MAX_DEPTH):
        raise Reply(400, 'El cuerpo de la petición anida más de '
                         f'{MAX_DEPTH} niveles')
    return value


def _nests_deeper(value, levels):
    """Whether ``value`` nests objects and arrays more than ``levels``
    deep; checked once, so that nothing later recurses past the limit."""
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return False
    return levels == 0 or any(_nests_deeper(item, levels - 1)
                              for item in value)


# http.server's own refusals, in Spanish like the API's messages.
_PROTOCOL_ERRORS = {
    414: 'La URL de la petición es demasiado larga',
    431: 'Las cabeceras de la petición son demasiado grandes',
    501: 'El método HTTP no está soportado',
}


class _Handler(http.server.BaseHTTPRequestHandler):
    """One connection.  Every request, however malformed, gets an answer
    in Alegra's ``{"code", "message"}`` shape, never a traceback, and the
    server goes on serving; a client that hung up costs one log line."""

    protocol_version = 'HTTP/1.1'
    # A request line without a version gets a status line too, not
    # HTTP/0.9's bare body.
    default_request_version = 'HTTP/1.0'
    server_version = 'alegra-sandbox'
    # Headers and body leave in two writes; with Nagle's algorithm the body
    # would wait for the client's delayed ACK (tens of ms per request).
    disable_nagle_algorithm = True

    def _serve(self):
        body = self._read_body()
        if body is None:
            return
        sandbox = self.server.sandbox
        try:
            status, headers, payload = sandbox.handle(
                self.command, self.path, self.headers, body)
        except Drop:
            self.close_connection = True
            self.connection.close()
            return
        except Exception as exc:
            # A bug in the emulator: a 500 as Alegra's own, one log line.
            self.log_error('internal error on %s %s: %s: %s', self.command,
                           self.path, type(exc).__name__, exc)
            status, headers, payload = sandbox.answer(
                500, {'code': 500, 'message': 'Error interno del sandbox'})
        self._send(status, headers, payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def _read_body(self):
        """The request's body, or None once the request was refused."""
        if self.headers.get('Transfer-Encoding'):
            self._refuse(411, 'Se requiere la cabecera Content-Length')
            return None
        lengths = {value.strip() for value in
                   self.headers.get_all('Content-Length') or ['0']}
        text = lengths.pop() if len(lengths) == 1 else ''
        if not (text.isascii() and text.isdigit()):
            self._refuse(400, 'La cabecera Content-Length no es válida')
            return None
        digits = text.lstrip('0') or '0'
        if len(digits) > len(str(MAX_BODY)) or int(digits) > MAX_BODY:
            self._refuse(413, 'El cuerpo de la petición supera el máximo '
                              f'de {MAX_BODY} bytes')
            return None
        length = int(digits)
        body = self.rfile.read(length) if length else b''
        if len(body) < length:
            # The client closed early: a cut request is never acted on.
            self._refuse(400, 'El cuerpo de la petición está incompleto: '
                              f'llegaron {len(body)} de {length} bytes')
            return None
        return body

    def _refuse(self, status, message):
        """Answer a malformed request and close the connection: what is
        left of it would be read as the next request."""
        self.close_connection = True
        self._send(*self.server.sandbox.answer(
            status, {'code': status, 'message': message},
            {'Connection': 'close'}))

    def send_error(self, code, message=None, explain=None):
        """http.server's own refusals (a malformed request line or
        headers, an unknown method) in the same JSON shape."""
        self.log_error('code %d, message %s', code, message)
        self._refuse(code, _PROTOCOL_ERRORS.get(
            code, 'La petición HTTP no es válida'))

    def _send(self, status, headers, payload):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(payload)

    def log_message(self, format, *args):
        self.server.log(format % args)


class SandboxServer(http.server.ThreadingHTTPServer):
    """The sandbox on a socket; ``port=0`` picks a free one."""

    daemon_threads = True

    def __init__(self, sandbox, host='127.0.0.1', port=0, log=None):
        self.sandbox = sandbox
        self.log = log or (lambda line: None)
        super().__init__((host, port), _Handler)
        self._thread = None

    @property
    def base_url(self):
        host, port = self.server_address[:2]
        if ':' in host:
            host = f'[{host}]'
        return f'http://{host}:{port}{API_PREFIX}'

    def handle_error(self, request, client_address):
        """One log line, not socketserver's traceback on stderr: a client
        that hangs up mid-answer is routine."""
        error = sys.exc_info()[1]
        self.log(f'{client_address[0]}: connection ended: '
                 f'{type(error).__name__}: {error}')

    def start(self):
        """Serve from a background thread; returns the base URL."""
        self.sandbox.public_url = self.base_url[:-len(API_PREFIX)]
        self._thread = threading.Thread(target=self.serve_forever,
                                        daemon=True, name='sandbox-http')
        self._thread.start()
        return self.base_url

    def stop(self):
        self.shutdown()
        self.server_close()
        self.sandbox.webhooks.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
