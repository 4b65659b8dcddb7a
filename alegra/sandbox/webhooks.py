"""Webhook subscriptions and deliveries, as Alegra makes them.

A subscription's URL is probed with an empty POST that must answer 2xx
within 5 seconds, or it is refused.  Each create, edit and delete of a
client, item, invoice or bill is POSTed as ``{"subject": "new-invoice",
"message": {"invoice": {...}}}`` to each subscriber, from a background
thread so that the API answer never waits for a receiver; a subscription
is dropped after 10 failed deliveries in a row.
"""

import ipaddress
import logging
import queue
import threading
import urllib.error
import urllib.parse
import urllib.request

from alegra import jsonio
from alegra.i18n import _

LOG = logging.getLogger(__name__)
RESOURCE = 'webhook-subscriptions'
TIMEOUT = 5
MAX_FAILURES = 10
# Entity name in events and payloads, by resource.
ENTITIES = {'contacts': 'client', 'items': 'item', 'invoices': 'invoice',
            'bills': 'bill'}
EVENTS = tuple(f'{action}-{entity}' for entity in ENTITIES.values()
               for action in ('new', 'edit', 'delete'))


def delivery_url(url):
    """The URL to POST to.  Alegra stores it without a scheme and always
    uses https; the sandbox uses http for loopback hosts, where local
    receivers such as ``alegra webhooks listen`` run without TLS."""
    if '://' in url:
        return url
    host = urllib.parse.urlsplit('//' + url).hostname or ''
    try:
        loopback = host == 'localhost' or ipaddress.ip_address(host) \
            .is_loopback
    except ValueError:
        loopback = False
    return ('http://' if loopback else 'https://') + url


def post(url, payload):
    """POST JSON (or an empty body); ``True`` on a 2xx within the timeout."""
    data = b'' if payload is None else jsonio.dumps(
        payload, indent=None).encode('utf-8')
    request = urllib.request.Request(
        delivery_url(url), data=data, method='POST',
        headers={'Content-Type': 'application/json',
                 'User-Agent': 'alegra-sandbox-webhooks'})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError) as exc:
        LOG.info(_('webhook POST to {url} failed: {reason}').format(
            url=url, reason=exc))
        return False


class Dispatcher:
    """Queues events and delivers them in order from one worker thread."""

    def __init__(self, store, send=post):
        self.store = store
        self.send = send
        self._queue = queue.Queue()
        self._worker = threading.Thread(target=self._run, daemon=True,
                                        name='sandbox-webhooks')
        self._worker.start()

    def publish(self, resource, action, record):
        entity = ENTITIES.get(resource)
        if entity is not None:
            self._queue.put((f'{action}-{entity}', entity, record))

    def drain(self):
        """Wait until every queued event has been tried (for tests)."""
        self._queue.join()

    def stop(self):
        self._queue.put(None)
        self._worker.join(timeout=TIMEOUT + 1)

    def _subscribers(self, subject):
        from alegra.sandbox.store import Query
        query = Query()
        query.equals('event', subject)
        _, rows = self.store.page(RESOURCE, query, 0, 1000)
        return [jsonio.loads(row) for row in rows]

    def _run(self):
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                subject, entity, record = item
                payload = {'subject': subject, 'message': {entity: record}}
                for subscription in self._subscribers(subject):
                    self._deliver(subscription, payload)
            finally:
                self._queue.task_done()

    def _deliver(self, subscription, payload):
        ok = self.send(subscription['url'], payload)
        failures = 0 if ok else subscription.get('failures', 0) + 1
        if failures >= MAX_FAILURES:
            LOG.info(_('dropping webhook subscription {id} after {failures} '
                       'failures').format(id=subscription['id'],
                                          failures=failures))
            self.store.delete(RESOURCE, subscription['id'])
        elif failures != subscription.get('failures', 0):
            subscription['failures'] = failures
            self.store.replace(RESOURCE, subscription['id'], subscription)
