"""The sandbox's records, in SQLite: a file that survives restarts, or memory.

Records are kept as the JSON text the API would answer with, so a list page
is a handful of strings joined together: no decoding, no re-encoding.
Filters and ordering run in SQL on ``json_extract``, which keeps a page of
a 30,000-record resource as cheap as a page of 30.
"""

import sqlite3
import threading

from alegra import jsonio

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    resource TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (resource, id)
);
CREATE INDEX IF NOT EXISTS records_by_seq ON records (resource, seq);
CREATE TABLE IF NOT EXISTS sequences (
    resource TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    body TEXT NOT NULL
);
"""
# Comparison operators of the API's date filters, by parameter suffix.
_RANGE_SUFFIXES = (('_afterOrNow', '>='), ('_beforeOrNow', '<='),
                   ('_after', '>'), ('_before', '<'))
# Filters on a field of a list's members: item_id matches any invoice line.
_MEMBER_FILTERS = {'item_id': ('$.items', '$.id')}


def json_path(param):
    """``client_id`` -> ``$.client.id``: the API's filter names as paths."""
    return '$.' + param.replace('_', '.')


class Query:
    """The WHERE and ORDER BY of one list request."""

    def __init__(self):
        self.conditions = []
        self.values = []
        self.order = 'seq'
        self.order_values = []

    def equals(self, param, value):
        if param in _MEMBER_FILTERS:
            self.member(*_MEMBER_FILTERS[param], value)
            return
        # json_each walks arrays (contact ``type``) and yields a scalar once;
        # JSON true/false compare as the words, as a query string has them.
        self.conditions.append(
            'EXISTS (SELECT 1 FROM json_each(body, ?) WHERE '
            "CASE json_each.type WHEN 'true' THEN 'true' "
            "WHEN 'false' THEN 'false' "
            'ELSE CAST(json_each.value AS TEXT) END = ?)')
        self.values += [json_path(param), value]

    def member(self, members, field, value):
        """Records with a member of the list at ``members`` (a JSON path,
        ``$.items``) whose ``field`` (``$.id``) is ``value``."""
        self.conditions.append(
            'EXISTS (SELECT 1 FROM json_each(body, ?) '
            'WHERE CAST(json_extract(json_each.value, ?) AS TEXT) = ?)')
        self.values += [members, field, value]

    def contains(self, param, text):
        self.conditions.append(
            "json_extract(body, ?) LIKE ? ESCAPE '\\'")
        escaped = text.replace('\\', '\\\\').replace('%', '\\%') \
            .replace('_', '\\_')
        self.values += [json_path(param), f'%{escaped}%']

    def range(self, param, value):
        for suffix, operator in _RANGE_SUFFIXES:
            if param.endswith(suffix):
                field = param[:-len(suffix)]
                self.conditions.append(f'json_extract(body, ?) {operator} ?')
                self.values += [json_path(field), value]
                return True
        return False

    def order_by(self, field, descending):
        direction = 'DESC' if descending else 'ASC'
        if field == 'id':
            # Ids are strings; their creation order is the numeric order.
            self.order = f'seq {direction}'
            return
        self.order = f'json_extract(body, ?) {direction}, seq {direction}'
        self.order_values = [json_path(field)]

    def where(self):
        return ''.join(f' AND {condition}' for condition in self.conditions)


class Store:
    """Thread-safe access to the records of every resource."""

    def __init__(self, path=None):
        self.path = path or ':memory:'
        self._db = sqlite3.connect(self.path, check_same_thread=False,
                                   isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            if path:
                self._db.execute('PRAGMA journal_mode=WAL')
            self._db.executescript(_SCHEMA)

    def close(self):
        with self._lock:
            self._db.close()

    def _next_id(self, resource):
        row = self._db.execute(
            'INSERT INTO sequences (resource, last) VALUES (?, 1) '
            'ON CONFLICT (resource) DO UPDATE SET last = last + 1 '
            'RETURNING last', (resource,)).fetchone()
        return row[0]

    def insert(self, resource, record, id_field='id', key=None):
        """Store a new record, giving it the next string id if it has none.

        ``key`` stores a singleton (``company``) under a fixed key.
        """
        with self._lock:
            self._db.execute('BEGIN IMMEDIATE')
            try:
                seq = self._next_id(resource)
                if record.get(id_field) in (None, ''):
                    # A described answer holds ``"id": null`` in its
                    # place; the id takes that place, else comes first.
                    record = {**record, id_field: str(seq)} \
                        if id_field in record else \
                        {id_field: str(seq), **record}
                self._db.execute(
                    'INSERT INTO records (resource, id, seq, body) '
                    'VALUES (?, ?, ?, ?)',
                    (resource, key or str(record[id_field]), seq,
                     jsonio.dumps(record, indent=None)))
                self._db.execute('COMMIT')
            except BaseException:
                self._db.execute('ROLLBACK')
                raise
        return record

    def get(self, resource, ident):
        with self._lock:
            row = self._db.execute(
                'SELECT body FROM records WHERE resource = ? AND id = ?',
                (resource, str(ident))).fetchone()
        return jsonio.loads(row[0]) if row else None

    def replace(self, resource, ident, record):
        with self._lock:
            self._db.execute(
                'UPDATE records SET body = ? WHERE resource = ? AND id = ?',
                (jsonio.dumps(record, indent=None), resource, str(ident)))
        return record

    def delete(self, resource, ident):
        with self._lock:
            cursor = self._db.execute(
                'DELETE FROM records WHERE resource = ? AND id = ?',
                (resource, str(ident)))
        return cursor.rowcount > 0

    def page(self, resource, query, start, limit, with_total=False):
        """``(total or None, [json text, ...])`` of one page of a list."""
        where = query.where()
        total = None
        with self._lock:
            if with_total:
                total = self._db.execute(
                    f'SELECT COUNT(*) FROM records WHERE resource = ?{where}',
                    [resource, *query.values]).fetchone()[0]
            rows = self._db.execute(
                f'SELECT body FROM records WHERE resource = ?{where} '
                f'ORDER BY {query.order} LIMIT ? OFFSET ?',
                [resource, *query.values, *query.order_values, limit,
                 start]).fetchall()
        return total, [row[0] for row in rows]

    def next_number(self, name):
        """The next of a sequence kept beside the ids' (``payments/in``,
        the numbers of the payments received): 1, 2, ..."""
        with self._lock:
            return self._next_id(name)

    def count(self, resource):
        with self._lock:
            return self._db.execute(
                'SELECT COUNT(*) FROM records WHERE resource = ?',
                (resource,)).fetchone()[0]

    def record_outbox(self, kind, message):
        """Keep what the sandbox would have sent (emails), for inspection."""
        with self._lock:
            self._db.execute('INSERT INTO outbox (kind, body) VALUES (?, ?)',
                             (kind, jsonio.dumps(message, indent=None)))

    def outbox(self, kind):
        with self._lock:
            rows = self._db.execute(
                'SELECT body FROM outbox WHERE kind = ? ORDER BY seq',
                (kind,)).fetchall()
        return [jsonio.loads(row[0]) for row in rows]
