"""Request bodies from ``--file``, ``--set`` and import rows: dotted paths,
value inference and schema coercion.

The same rules serve ``create``, ``update``, actions and ``import``, so a
value means the same thing wherever a user types it: where the resource's
JSON Schema describes a field, the schema decides what its text becomes
(``900123456`` stays text in an identification number, ``1500.50`` is a
number in an amount); where it does not, :func:`infer_value` guesses, and
loses nothing.  The schema is read as plain data: ``jsonschema`` is only
needed later, to check the finished body.
"""

import re

from alegra import errors
from alegra import files
from alegra import jsonio
from alegra.i18n import _

MAX_SAFE_INTEGER = 2 ** 53
# A path builds a list as long as its index: a typo like ``items.99999999``
# would fill gigabytes with nulls.  No Alegra document has this many lines.
MAX_LIST_INDEX = 10_000
# Integers without leading zeros or a sign; decimals the same, with a fraction.
_INTEGER = re.compile(r'-?(0|[1-9][0-9]*)\Z')
_DECIMAL = re.compile(r'-?(0|[1-9][0-9]*)\.[0-9]+\Z')
_JSON_START = ('{', '[', '"')
_JSON_WORDS = {'true': True, 'false': False, 'null': None}
# What a boolean field takes, in a cell or a --set value (any case).
_TRUE_WORDS = frozenset({'true', 'yes', 'si', 'sí', '1'})
_FALSE_WORDS = frozenset({'false', 'no', '0'})


def _number(text):
    """The number ``text`` writes, when nothing is lost; else ``None``."""
    if _INTEGER.match(text):
        number = int(text)
        return number if abs(number) <= MAX_SAFE_INTEGER else None
    if _DECIMAL.match(text):
        return jsonio.JsonNumber(text)
    return None


def infer_value(text):
    """The JSON value a command-line string stands for.

    JSON objects, arrays, strings and ``true``/``false``/``null`` are parsed;
    a number becomes a number only when nothing is lost: ``007123``,
    ``+573001234567``, ``1e5`` and integers beyond 2^53 stay strings.
    """
    if text in _JSON_WORDS:
        return _JSON_WORDS[text]
    number = _number(text)
    if number is not None:
        return number
    if text.startswith(_JSON_START):
        try:
            return jsonio.loads(text)
        except ValueError as exc:
            raise errors.UsageError(
                _('{text} looks like JSON but does not parse: {error}')
                .format(text=repr(text), error=exc),
                hint=_('quote it as a JSON string to send it as text')) \
                from None
    return text


def _resolve(schema, root):
    while isinstance(schema, dict) and '$ref' in schema:
        reference = schema['$ref']
        if not reference.startswith('#/'):
            return {}
        node = root
        for part in reference[2:].split('/'):
            node = node.get(part, {})
        schema = node
    return schema if isinstance(schema, dict) else {}


def _alternatives(schema, root):
    schema = _resolve(schema, root)
    options = schema.get('oneOf') or schema.get('anyOf')
    if options:
        return [alternative for option in options
                for alternative in _alternatives(option, root)]
    return [schema]


def field_schemas(schema, path):
    """The schemas a dotted path can have inside ``schema`` (may be []).

    Only ``properties`` and ``items`` are followed: a field that only
    ``additionalProperties`` allows is one the schema says nothing about.
    """
    if not schema:
        return []
    current = [schema]
    for part in path.split('.'):
        following = []
        for node in current:
            for option in _alternatives(node, schema):
                if part.isdigit() and 'items' in option:
                    following.append(option['items'])
                elif part in option.get('properties', {}):
                    following.append(option['properties'][part])
        current = following
    return [option for node in current
            for option in _alternatives(node, schema)]


_JSON_TYPES = {str: 'string', int: 'integer', float: 'number',
               bool: 'boolean'}


def _option_types(option):
    """The JSON types one schema takes; an enum counts as its values'."""
    kind = option.get('type')
    if kind is None and 'enum' in option:
        return [_JSON_TYPES.get(type(value), 'string')
                for value in option['enum']]
    return [kind] if isinstance(kind, str) else list(kind or [])


def _types(options):
    """The JSON types a field takes, in the schema's order, each once."""
    found = []
    for option in options:
        found.extend(kind for kind in _option_types(option)
                     if kind not in found)
    return found


_NO_FIT = object()


def coerce(text, options, literal=False):
    """The value ``text`` stands for in a field whose schemas are
    ``options`` (from :func:`field_schemas`).

    ``[...]`` and ``{...}`` are JSON where the field takes a list or an
    object.  Otherwise the field's types are tried in the schema's order
    and the first that fits wins: a string takes the text as it is
    (``007123``); an integer or a number takes a number written without
    loss (``52000``, ``10.50``, exact); a boolean takes ``true``, ``yes``,
    ``si``, ``sí``, ``1`` or ``false``, ``no``, ``0``; a list of plain
    values takes ``a, b``.  Text that fits no type stays text, for the
    schema check to name (``4.5`` where an integer is wanted).

    ``literal`` is for CSV cells, which are data: a cell is never JSON but
    for a list or an object, and where the schema says nothing it stays
    text.  A ``--set`` value is typed by hand: ``"..."`` is a JSON string
    and ``null`` is null anywhere, and where the schema says nothing
    :func:`infer_value` decides.
    """
    kinds = _types(options)
    if not kinds:
        return text if literal else infer_value(text)
    stripped = text.strip()
    if stripped[:1] in ('[', '{') and ('array' in kinds or
                                       'object' in kinds):
        return infer_value(stripped)
    if not literal and (text.startswith('"') or text == 'null'):
        return infer_value(text)
    for kind in kinds:
        value = _fit(kind, text, stripped, options, literal)
        if value is not _NO_FIT:
            return value
    return text


def _fit(kind, text, stripped, options, literal):
    """``text`` as a value of JSON type ``kind``, or ``_NO_FIT``."""
    if kind == 'string':
        return text
    if kind in ('integer', 'number'):
        number = _number(stripped)
        if number is not None and (kind == 'number' or
                                   isinstance(number, int)):
            return number
    if kind == 'boolean' and stripped.lower() in _TRUE_WORDS | _FALSE_WORDS:
        return stripped.lower() in _TRUE_WORDS
    if kind == 'array':
        items = [option.get('items', {}) for option in options
                 if 'array' in _option_types(option)]
        if not {'array', 'object'} & set(_types(items)):
            # ``client, provider`` (as export joins a list) -> a list.
            return [coerce(part.strip(), items, literal)
                    for part in stripped.split(',') if part.strip()]
    return _NO_FIT


def typed_value(schema, path, text, literal=False):
    """The value ``text`` stands for at a dotted ``path`` of ``schema``."""
    return coerce(text, field_schemas(schema, path), literal)


def split_assignment(text, flag):
    """``key=value`` into its two halves; the flag name is for the message."""
    key, sep, value = text.partition('=')
    if not sep or not key.strip():
        raise errors.UsageError(_('{flag} {text}: expected key=value')
                                .format(flag=flag, text=repr(text)))
    return key.strip(), value


def set_path(target, path, value):
    """Put ``value`` at a dotted ``path`` inside ``target``.

    ``a.b`` builds nested objects and a numeric part (``items.0.id``) builds
    a list, so one flag or one CSV column can reach any field.  A list
    index is at most :data:`MAX_LIST_INDEX`.
    """
    parts = path.split('.')
    if not all(parts):
        raise errors.UsageError(_('{path} is not a valid field path')
                                .format(path=repr(path)))
    node = target
    for part, following in zip(parts, parts[1:], strict=False):
        node = _child(node, part, [] if following.isdecimal() else {}, path)
    _assign(node, parts[-1], value, path)
    return target


def _child(node, part, empty, path):
    current = _lookup(node, part)
    if current is None:
        current = empty
        _assign(node, part, current, path)
    elif not isinstance(current, (dict, list)):
        raise errors.UsageError(
            _('{path}: {part} already holds a value that is not an object')
            .format(path=repr(path), part=repr(part)))
    return current


def _lookup(node, part):
    if isinstance(node, list):
        # A part that is no index fails in _assign, with the path named.
        index = int(part) if part.isdecimal() else len(node)
        return node[index] if index < len(node) else None
    return node.get(part)


def _assign(node, part, value, path):
    if isinstance(node, dict):
        node[part] = value
        return
    if not part.isdecimal():
        raise errors.UsageError(_('{path}: {part} must be a list index')
                                .format(path=repr(path), part=repr(part)))
    index = int(part)
    if index > MAX_LIST_INDEX:
        raise errors.UsageError(
            _('{path}: list index {index} is over the limit of {limit}')
            .format(path=repr(path), index=index, limit=MAX_LIST_INDEX))
    node.extend([None] * (index + 1 - len(node)))
    node[index] = value


def get_path(record, path):
    """The value at a dotted path in a record, or ``None`` when absent."""
    return dig(record, path.split('.'))


def dig(node, parts):
    """The value at a path already split into its parts."""
    for part in parts:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and \
                int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def read_json_object(path, stdin):
    """The JSON object in a file, or on stdin for ``-``."""
    try:
        text = files.read_input(path, stdin).decode('utf-8-sig')
    except UnicodeDecodeError:
        raise errors.InvalidInput(
            _('{path} is not UTF-8 text').format(path=path)) from None
    source = 'stdin' if path == '-' else path
    try:
        value = jsonio.loads(text)
    except ValueError as exc:
        raise errors.InvalidInput(
            _('{source} is not valid JSON: {error}').format(
                source=source, error=exc)) from None
    if not isinstance(value, dict):
        raise errors.InvalidInput(
            _('{source} must hold a JSON object').format(source=source))
    return value


def build(file_path=None, assignments=(), stdin=None, schema=None):
    """The body of a write: the file's object with each ``--set`` on top,
    typed as ``schema`` wants (the file's values are sent as written)."""
    body = read_json_object(file_path, stdin) if file_path else {}
    for key, value in set_values(assignments, schema):
        set_path(body, key, value)
    return body


def set_values(assignments, schema=None):
    """``--set key=value`` texts as ``(key, value)``, typed by ``schema``."""
    return [(key, typed_value(schema, key, value)) for key, value in
            (split_assignment(text, '--set') for text in assignments)]
