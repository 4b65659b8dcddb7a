"""Box tables, drawn here when that prints what cliff would print.

cliff's ``TableFormatter`` draws with prettytable, which measures every
cell with wcwidth: importing those two adds tens of milliseconds to a
``get`` (see ``benchmarks/startup.py``).  Most tables hold plain Latin
text and fit the terminal; for them a character is a column, and this
module draws the very box cliff draws, in a few lines.  Any other table
(a wide, combining or zero-width character, a table wider than the
terminal that cliff would wrap, repeated headers that prettytable
refuses, no rows) goes to cliff's formatter as before.
"""

import argparse
import os
import sys


def emit_one(names, values, stdout):
    """One record as ``Field``/``Value`` rows."""
    rows = [[name, value] for name, value in zip(names, values, strict=True)]
    if not _draw(['Field', 'Value'], rows, stdout):
        _cliff().emit_one(names, values, stdout, _options())


def emit_list(headers, rows, stdout):
    """Records as rows under their column headers."""
    if not _draw(headers, rows, stdout):
        _cliff().emit_list(headers, rows, stdout, _options())


def _draw(headers, rows, stdout):
    """Write the table and return True, or return False for cliff."""
    if not rows or len(set(headers)) != len(headers) or \
            any(len(row) != len(headers) for row in rows):
        return False
    if not all(isinstance(cell, str) and plain(cell)
               for row in [headers, *rows] for cell in row):
        return False
    widths = [max(len(row[index]) for row in [headers, *rows])
              for index in range(len(headers))]
    rule = '+' + '+'.join('-' * (width + 2) for width in widths) + '+'
    limit = _width_limit()
    if limit and len(rule) > limit:
        return False

    def line(row):
        cells = (f' {cell.ljust(width)} '
                 for cell, width in zip(row, widths, strict=True))
        return '|' + '|'.join(cells) + '|'
    stdout.write('\n'.join([rule, line(headers), rule,
                            *map(line, rows), rule]) + '\n')
    return True


def plain(text):
    """Whether every character of ``text`` is one column wide for wcwidth,
    so that ``len`` measures it: printable ASCII, Latin-1 and Latin
    Extended letters, the dashes, quotes, bullets and ellipsis of General
    Punctuation, and the euro sign."""
    if text.isascii():
        return text.isprintable()
    return text.isprintable() and all(
        char < '\u0250' or '\u2010' <= char <= '\u2027' or char == '\u20ac'
        for char in text)


def _width_limit():
    """The width cliff fits a table to, or None when it fits none.

    As ``TableFormatter._assign_max_widths``: ``CLIFF_MAX_TERM_WIDTH``,
    else the terminal's width when stdout is one (never on Windows).
    """
    width = _max_width()
    if width > 0:
        return width
    if os.name == 'nt' or not sys.stdout.isatty():
        return None
    try:
        return os.get_terminal_size().columns or None
    except OSError:
        return None


def _max_width():
    return int(os.environ.get('CLIFF_MAX_TERM_WIDTH', 0) or 0)


def _options():
    return argparse.Namespace(max_width=_max_width(), fit_width=False,
                              print_empty=False)


def _cliff():
    from cliff.formatters.table import TableFormatter
    return TableFormatter()
