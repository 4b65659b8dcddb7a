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
import random
import re
import threading
import urllib.parse

from alegra import jsonio
from alegra import registry
from alegra import validation
from alegra.sandbox import ratelimit
from alegra.sandbox import shapes
from alegra.sandbox import store as store_module
from alegra.sandbox import webhooks

API_PREFIX = '/api/v1'
MAX_PAGE = 30
DEFAULT_EMAIL = 'sandbox@alegra.test'
DEFAULT_TOKEN = 'sandbox'
DEFAULT_PLAN_GATED = ('/conciliations', '/reports')
FILES_PREFIX = '/files/'
SAMPLE_PDF = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n'
              b'2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n'
              b'trailer<</Root 1 0 R>>\n%%EOF\n')
_RESERVED = {'start', 'limit', 'metadata', 'order_field', 'order_direction',
             'fields', 'query'}


class Reply(Exception):
    """An answer decided early, usually an error in Alegra's body shape."""

    def __init__(self, status, message=None, body=None, headers=None):
        super().__init__(message)
        self.status = status
        self.body = body if body is not None else {'code': status,
                                                   'message': message}
        self.headers = headers or {}


class Drop(Exception):
    """An injected fault: close the connection without answering."""


@dataclasses.dataclass
class Options:
    email: str = DEFAULT_EMAIL
    token: str = DEFAULT_TOKEN
    rate_limit: tuple = (150, 60.0)
    plan_gated: tuple = DEFAULT_PLAN_GATED
    faults: dict = dataclasses.field(default_factory=dict)
    fault_seed: int = None
    probe_webhooks: bool = True


def parse_faults(text):
    """``500=0.05,503=0.02,drop=0.01`` -> ``{'500': 0.05, ...}``."""
    faults = {}
    for part in filter(None, (text or '').split(',')):
        kind, _, rate = part.partition('=')
        if kind not in ('500', '503', 'drop'):
            raise ValueError(f'unknown fault {kind!r}')
        faults[kind] = float(rate)
    return faults


def load_resources():
    """Every plugin's resource by its path; broken plugins are skipped."""
    resources = {}
    for entry_point in registry.resource_entry_points().values():
        try:
            resource = registry.load(entry_point)
        except registry.BrokenPlugin:
            continue
        resources[resource.path.rstrip('/')] = resource
    return resources


class Sandbox:
    """The API's behaviour over a :class:`~alegra.sandbox.store.Store`."""

    def __init__(self, store, options=None, resources=None,
                 dispatcher=None):
        self.store = store
        self.options = options or Options()
        self.resources = load_resources() if resources is None else resources
        self.limiter = ratelimit.FixedWindow(*self.options.rate_limit) \
            if self.options.rate_limit else None
        self.random = random.Random(self.options.fault_seed)
        self.webhooks = dispatcher or webhooks.Dispatcher(store)
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
        for resource, records in seed.seed_records().items():
            for record in records:
                if resource == 'company':
                    self.store.delete(resource, 'self')
                    self.store.insert(resource, record, key='self')
                elif resource == 'users':
                    self.store.delete(resource, record['id'])
                    self.store.insert(resource, dict(
                        record, email=self.options.email))
                else:
                    self.store.insert(resource, record)
        return True

    # One request.

    def handle(self, method, target, headers, body):
        """``(status, headers, body bytes)`` for one request."""
        reply_headers = {}
        if target.startswith(FILES_PREFIX):
            # A document's PDF, as its pdfUrl points to: public, like the
            # signed URLs Alegra hands out.
            return 200, {'Content-Type': 'application/pdf'}, SAMPLE_PDF
        try:
            self._inject_fault()
            user = _basic_user(headers.get('Authorization'))
            reply_headers.update(self._count(user))
            self._authenticate(headers.get('Authorization'))
            parsed = urllib.parse.urlsplit(target)
            path = self._api_path(parsed.path)
            query = urllib.parse.parse_qsl(parsed.query)
            status, answer = self._route(method, path, dict(query), body)
        except Reply as reply:
            status, answer = reply.status, reply.body
            reply_headers.update(reply.headers)
        text = answer if isinstance(answer, str) else jsonio.dumps(
            answer, indent=None)
        reply_headers['Content-Type'] = 'application/json; charset=utf-8'
        with self._statuses_lock:
            self.statuses[status] += 1
        return status, reply_headers, text.encode('utf-8')

    def _inject_fault(self):
        for kind, rate in self.options.faults.items():
            if self.random.random() < rate:
                if kind == 'drop':
                    with self._statuses_lock:
                        self.statuses['dropped'] += 1
                    raise Drop()
                raise Reply(int(kind), 'Fallo inyectado por el sandbox')

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

    def _api_path(self, path):
        if not path.startswith(API_PREFIX):
            raise Reply(404, f'No existe el recurso {path}')
        path = path[len(API_PREFIX):].rstrip('/') or '/'
        if path.startswith(self.options.plan_gated):
            raise Reply(402, 'Tu plan actual no incluye esta '
                             'funcionalidad')
        return path

    # Routing.

    def _route(self, method, path, query, body):
        if path == '/users/self':
            return self._self_user(method, body)
        if path == '/company':
            return self._singleton('company', method, body, ('GET', 'PUT'))
        if path == '/webhooks/subscriptions' or \
                path.startswith('/webhooks/subscriptions/'):
            return self._subscriptions(method, path, body)
        if path.startswith('/reports/'):
            self._allow(method, ('GET',))
            try:
                return 200, shapes.report(path[len('/reports/'):],
                                          self.store)
            except KeyError:
                raise Reply(404, f'No existe el reporte {path}') from None
        resource, rest = self._resource_for(path)
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
        raise Reply(404, f'No existe el recurso {path}')

    def _resource_for(self, path):
        for prefix in sorted(self.resources, key=len, reverse=True):
            if path == prefix or path.startswith(prefix + '/'):
                rest = path[len(prefix):].strip('/')
                return self.resources[prefix], rest.split('/') if rest \
                    else []
        raise Reply(404, f'No existe el recurso {path}')

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
        record = _json_body(body)
        self._validate(resource, record, partial=False)
        if resource.id_field == 'id':
            record.pop('id', None)  # the API gives ids; it takes none
        elif self.store.get(resource.name, record.get(resource.id_field)):
            raise Reply(400, f'Ya existe {resource.id_field} '
                             f'{record.get(resource.id_field)}')
        record = shapes.for_read(resource.name, record, self.store)
        stored = self.store.insert(resource.name, record, resource.id_field)
        self.webhooks.publish(resource.name, 'new', stored)
        return 201, stored

    def _list(self, resource, params):
        start = _integer(params.get('start'), 0)
        limit = min(max(_integer(params.get('limit'), MAX_PAGE), 0),
                    MAX_PAGE)
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
                record['pdfUrl'] = (f'{self.public_url}{FILES_PREFIX}'
                                    f'{resource.name}/{ident}.pdf')
            return 200, record
        if method == 'DELETE':
            self.store.delete(resource.name, ident)
            self.webhooks.publish(resource.name, 'delete',
                                  {resource.id_field: record.get(
                                      resource.id_field)})
            return 200, {'code': 200,
                         'message': 'El recurso fue eliminado correctamente'}
        changes = _json_body(body)
        self._validate(resource, changes, partial=True)
        merged = shapes.for_read(resource.name, {**record, **changes},
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
        answer = shapes.run_action(resource.name, action, record,
                                   payload, self.store)
        if record is not None and answer is record and \
                action.method != 'GET':
            self.store.replace(resource.name, ident, record)
            self.webhooks.publish(resource.name, 'edit', record)
        return 200, answer

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

    def _subscriptions(self, method, path, body):
        ident = path[len('/webhooks/subscriptions'):].strip('/')
        if not ident:
            self._allow(method, ('GET', 'POST'))
            if method == 'GET':
                _, rows = self.store.page(webhooks.RESOURCE,
                                          store_module.Query(), 0, 1000)
                return 200, '{"subscriptions": [' + ','.join(rows) + ']}'
            return 201, {'subscription': self._subscribe(_json_body(body))}
        self._allow(method, ('GET', 'PUT', 'DELETE'))
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


def _integer(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _json_body(body):
    try:
        value = jsonio.loads(body.decode('utf-8')) if body else None
    except (UnicodeDecodeError, ValueError):
        raise Reply(400, 'El cuerpo de la petición no es JSON válido') \
            from None
    if not isinstance(value, dict):
        raise Reply(400, 'El cuerpo de la petición debe ser un objeto JSON')
    return value


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'alegra-sandbox'
    # Headers and body leave in two writes; with Nagle's algorithm the body
    # would wait for the client's delayed ACK (tens of ms per request).
    disable_nagle_algorithm = True

    def _serve(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        try:
            status, headers, payload = self.server.sandbox.handle(
                self.command, self.path, self.headers, body)
        except Drop:
            self.close_connection = True
            self.connection.close()
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

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
