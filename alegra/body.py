"""Request bodies from ``--file`` and ``--set``: paths and value inference.

The same rules serve ``create``, ``update``, actions and (later) ``import``
rows, so a value means the same thing wherever a user types it.
"""

import re

from alegra import errors
from alegra import files
from alegra import jsonio

MAX_SAFE_INTEGER = 2 ** 53
# A path builds a list as long as its index: a typo like ``items.99999999``
# would fill gigabytes with nulls.  No Alegra document has this many lines.
MAX_LIST_INDEX = 10_000
# Integers without leading zeros or a sign; decimals the same, with a fraction.
_INTEGER = re.compile(r'-?(0|[1-9][0-9]*)\Z')
_DECIMAL = re.compile(r'-?(0|[1-9][0-9]*)\.[0-9]+\Z')
_JSON_START = ('{', '[', '"')
_JSON_WORDS = {'true': True, 'false': False, 'null': None}


def infer_value(text):
    """The JSON value a command-line string stands for.

    JSON objects, arrays, strings and ``true``/``false``/``null`` are parsed;
    a number becomes a number only when nothing is lost: ``007123``,
    ``+573001234567``, ``1e5`` and integers beyond 2^53 stay strings.
    """
    if text in _JSON_WORDS:
        return _JSON_WORDS[text]
    if _INTEGER.match(text):
        number = int(text)
        return number if abs(number) <= MAX_SAFE_INTEGER else text
    if _DECIMAL.match(text):
        return jsonio.JsonNumber(text)
    if text.startswith(_JSON_START):
        try:
            return jsonio.loads(text)
        except ValueError as exc:
            raise errors.UsageError(
                f'{text!r} looks like JSON but does not parse: {exc}',
                hint='quote it as a JSON string to send it as text') from None
    return text


def split_assignment(text, flag):
    """``key=value`` into its two halves; the flag name is for the message."""
    key, sep, value = text.partition('=')
    if not sep or not key.strip():
        raise errors.UsageError(f'{flag} {text!r}: expected key=value')
    return key.strip(), value


def set_path(target, path, value):
    """Put ``value`` at a dotted ``path`` inside ``target``.

    ``a.b`` builds nested objects and a numeric part (``items.0.id``) builds
    a list, so one flag or one CSV column can reach any field.  A list
    index is at most :data:`MAX_LIST_INDEX`.
    """
    parts = path.split('.')
    if not all(parts):
        raise errors.UsageError(f'{path!r} is not a valid field path')
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
            f'{path!r}: {part!r} already holds a value that is not an object')
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
        raise errors.UsageError(f'{path!r}: {part!r} must be a list index')
    index = int(part)
    if index > MAX_LIST_INDEX:
        raise errors.UsageError(
            f'{path!r}: list index {index} is over the limit of '
            f'{MAX_LIST_INDEX}')
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
        raise errors.InvalidInput(f'{path} is not UTF-8 text') from None
    source = 'stdin' if path == '-' else path
    try:
        value = jsonio.loads(text)
    except ValueError as exc:
        raise errors.InvalidInput(f'{source} is not valid JSON: {exc}') \
            from None
    if not isinstance(value, dict):
        raise errors.InvalidInput(f'{source} must hold a JSON object')
    return value


def build(file_path=None, assignments=(), stdin=None):
    """The body of a write: the file's object with each ``--set`` on top."""
    body = read_json_object(file_path, stdin) if file_path else {}
    for text in assignments:
        key, value = split_assignment(text, '--set')
        set_path(body, key, infer_value(value))
    return body
