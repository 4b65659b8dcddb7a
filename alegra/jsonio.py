"""JSON that keeps numbers exactly as they were written.

Alegra sends amounts such as ``10.00`` and users' files hold prices such as
``1500.50``; the standard library would turn them into floats and print
``10.0``.  Every JSON the tool reads or writes goes through here, so a
record comes out as the API sent it.
"""

import decimal
import json

from alegra.i18n import _


class JsonNumber(decimal.Decimal):
    """A JSON number with a fraction or an exponent, with its original text."""

    def __new__(cls, text):
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __str__(self):
        return self.text

    def __repr__(self):
        return self.text


def loads(text):
    """Parse JSON, keeping non-integer numbers as :class:`JsonNumber`."""
    return json.loads(text, parse_float=JsonNumber)


def _number_text(value):
    if isinstance(value, JsonNumber):
        return value.text
    if not value.is_finite():
        raise ValueError(_('{value} is not a JSON number').format(
            value=value))
    return str(value)


def _encode(value, indent, level):
    if isinstance(value, decimal.Decimal):
        return _number_text(value)
    if isinstance(value, dict):
        items = [json.dumps(str(key), ensure_ascii=False) + ': ' +
                 _encode(item, indent, level + 1)
                 for key, item in value.items()]
        return _join(items, '{', '}', indent, level)
    if isinstance(value, (list, tuple)):
        items = [_encode(item, indent, level + 1) for item in value]
        return _join(items, '[', ']', indent, level)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _join(items, opening, closing, indent, level):
    if not items:
        return opening + closing
    if indent is None:
        return opening + ', '.join(items) + closing
    inner = '\n' + ' ' * (indent * (level + 1))
    outer = '\n' + ' ' * (indent * level)
    return opening + inner + (',' + inner).join(items) + outer + closing


def dumps(value, indent=2):
    """Serialise to JSON text; ``indent=None`` gives one compact line."""
    return _encode(value, indent, 0)

