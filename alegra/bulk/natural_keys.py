"""Finding an import row's record again: natural keys, markers, lookups.

Alegra has no idempotency key, so a POST that got no clear answer (a 5xx
after sending, a timeout, a connection lost mid-answer) may or may not
have created its record: sending it again could make a second invoice,
and not sending it could lose one.  Instead the row is looked up by what
names it among all the records: the first of its plugin's natural keys
(:class:`alegra.registry.NaturalKey`) whose fields the row has, or, for a
row with none, the marker the import appended to one of its text fields
when it sent it (``[alegra-import 1a2b3c4d#12]``: the import's journal key
and the row number).  One record found is the row's; none means the row
was not created; more need a person.

The same lookup serves ``--update-by``: a list request narrowed by query
parameters, every page of it (:func:`alegra.paging.walk`), each record
compared here, since the API may ignore a parameter or match loosely.
"""

import dataclasses

from alegra import paging
from alegra.body import field_schemas
from alegra.body import get_path
from alegra.body import set_path
from alegra.i18n import _
from alegra.request import ApiRequest

MARKER_TAG = 'alegra-import'


def marker_text(journal_key, number):
    """The marker of row ``number`` of the import ``journal_key``."""
    return f'[{MARKER_TAG} {journal_key[:8]}#{number}]'


def comparable(value, loose=False):
    """A key value as text to compare, or ``None`` when there is none.

    An identification ``{type, number}`` compares by its number (the API
    reads it back as text), a reference ``{id, ...}`` by its id.
    ``loose`` also ignores case and runs of spaces, for natural keys:
    what the API trims or recases is still the same record, and a match
    too many is reported, never sent twice.
    """
    if isinstance(value, dict):
        value = value.get('number', value.get('id'))
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value)
    if loose:
        text = ' '.join(text.split()).casefold()
    return text or None


@dataclasses.dataclass(frozen=True)
class RowKey:
    """How to find one row's record: ``values`` to compare, ``(path,
    text)`` pairs; ``params`` for the list request; ``marker``, a
    ``(path, text)`` whose field must hold the text."""

    values: tuple
    params: tuple
    marker: tuple = None
    loose: bool = True

    def matches(self, record):
        if self.marker is not None:
            path, text = self.marker
            found = get_path(record, path)
            if not isinstance(found, str) or text not in found:
                return False
        return all(comparable(get_path(record, path), self.loose) == text
                   for path, text in self.values)

    def describe(self):
        """``identification 900123456``, ``name Ana and email a@b.co``."""
        if self.marker is not None:
            return _('the marker {marker}').format(marker=self.marker[1])
        return join_and(f'{path} {text}' for path, text in self.values)


def join_and(items):
    """``a and b and c``, in this run's language."""
    items = list(items)
    found = items[0] if items else ''
    for item in items[1:]:
        found = _('{first} and {second}').format(first=found, second=item)
    return found


def _params(key, body):
    found = []
    for path, param in key.params.items():
        text = comparable(get_path(body, path))
        if text is not None:
            found.append((param, text))
    return tuple(found)


def natural_key(resource, body):
    """The row's key from the first natural key whose fields it has."""
    for key in resource.natural_keys:
        values = tuple((path, comparable(get_path(body, path), loose=True))
                       for path in key.fields)
        if all(text is not None for _path, text in values):
            return RowKey(values, _params(key, body))
    return None


def row_key(resource, body, marker=None):
    """How to find the row's record: its natural key, else the ``marker``
    it was sent with; ``None`` when it cannot be found again."""
    found = natural_key(resource, body)
    if found is None and marker and resource.marker is not None:
        path = resource.marker.fields[0]
        found = RowKey((), _params(resource.marker, body), (path, marker))
    return found


def field_key(field, body):
    """The exact key of ``--update-by FIELD``, or ``None`` without a
    value."""
    text = comparable(get_path(body, field))
    if text is None:
        return None
    return RowKey(((field, text),), ((field, text),), loose=False)


def add_marker(resource, body, text):
    """Append the marker ``text`` to the body's marker field when the row
    has no natural key and the field has room for it (its schema's
    ``maxLength``); the text, or ``None`` when the row is left unmarked."""
    if resource.marker is None or natural_key(resource, body) is not None:
        return None
    path = resource.marker.fields[0]
    current = get_path(body, path)
    if current is not None and not isinstance(current, str):
        return None
    marked = f'{current} {text}' if current else text
    limits = [option['maxLength'] for option in
              field_schemas(resource.create_schema(), path)
              if 'maxLength' in option]
    if limits and len(marked) > min(limits):
        return None
    set_path(body, path, marked)
    return text


def find(send, resource, key):
    """Every record of ``resource`` that ``key`` matches, from every page
    of the list narrowed by its parameters."""
    records = paging.walk(send, ApiRequest('GET', resource.path,
                                           list(key.params)),
                          id_field=resource.id_field)
    return [record for record in records if key.matches(record)]
