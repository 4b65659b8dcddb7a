"""Turning one field of a record into the text of one cell.

Scalars keep the text the API sent (``10.00`` stays ``10.00``); a list of
plain values is joined with commas; other nested values become compact
JSON; table cells are cut to a width without
splitting a character from its accents; CSV cells that a spreadsheet would
run as a formula are neutralised.
"""

import decimal
import re
import unicodedata

from alegra import body
from alegra import jsonio

ELLIPSIS = '…'
# A spreadsheet treats a cell starting with one of these as a formula
# (CWE-1236); a leading apostrophe makes it text again.  A plain number
# (-5, +573001234567) runs nothing, so it is written as it is.
FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')
_PLAIN_NUMBER = re.compile(r'[+-][0-9]+(\.[0-9]+)?\Z')


def text(value):
    """The cell text of one value."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (str, int, decimal.Decimal)):
        return str(value)
    if isinstance(value, list) and value and all(
            isinstance(item, (str, int, decimal.Decimal)) and
            not isinstance(item, bool) and ',' not in str(item)
            for item in value):
        # client, provider: readable, and import splits it back.
        return ', '.join(str(item) for item in value)
    return jsonio.dumps(value, indent=None)


def column_text(record, column):
    """The cell text of a (possibly dotted) column of a record."""
    return text(body.get_path(record, column))


def row_reader(columns):
    """A function giving the cell texts of ``columns`` for a record; the
    paths are split once, not once per record."""
    paths = [column.split('.') for column in columns]

    def read(record):
        return [text(body.dig(record, parts)) for parts in paths]
    return read


def csv_safe(cell):
    """Neutralise a cell a spreadsheet would evaluate as a formula."""
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell


def _width(char):
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in 'WF' else 1


def cut(cell, width):
    """``cell`` shortened to ``width`` columns, ending in an ellipsis.

    A base letter is never separated from the combining accents that
    follow it, so ``José`` written with a combining acute stays whole or
    loses the whole ``é``.
    """
    cell = ' '.join(cell.splitlines())
    if sum(_width(char) for char in cell) <= width:
        return cell
    # Combining marks are zero-width, so they always stay with their base.
    used, end = 0, 0
    for index, char in enumerate(cell):
        used += _width(char)
        if used > width - 1:
            break
        end = index + 1
    return cell[:end] + ELLIPSIS
