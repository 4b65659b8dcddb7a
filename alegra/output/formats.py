"""The output formats: ``table``, ``json``, ``csv``, ``yaml`` and ``value``.

``json`` and ``yaml`` print the API's records unchanged, every field kept,
unless ``--columns`` asks for some.  ``table``, ``csv`` and ``value`` print
columns, dotted names reaching into nested fields.  Values go through
cliff's formatter, tables through cliff's or, when it prints the same,
:mod:`alegra.output.table`, which spares a ``get`` the import of
prettytable; CSV is written here because cliff's escapes
backslashes, and an export must import back byte for byte.  Lists stream:
rows are written as pages arrive, except for a table, which needs them all
to size its columns.

Every record is redacted on its way in (a server may echo our credentials
back, see :mod:`alegra.sanitize`); ``table`` and ``value`` also escape
terminal controls in cells and headers, while ``json``, ``yaml`` and
``csv`` keep the data exactly.
"""

import csv
import decimal
import itertools

from alegra import body
from alegra import jsonio
from alegra import sanitize
from alegra.output import cells
from alegra.output import pipe
from alegra.output import table

TABLE_CELL_WIDTH = 48
DETAIL_CELL_WIDTH = 80


class Printer:
    """Writes records in one format to a stream."""

    def __init__(self, fmt, stdout, columns=None):
        self.fmt = fmt
        self.stdout = stdout
        self.columns = list(columns) if columns else None

    def records(self, records, default_columns):
        """Print a list of records; returns how many there were."""
        columns = self.columns or list(default_columns)
        emit = getattr(self, '_list_' + self.fmt)
        return emit(map(sanitize.redact_data, records), columns)

    def record(self, record):
        """Print one record: every field, or the ``--columns`` asked for."""
        record = sanitize.redact_data(record)
        if self.fmt in ('json', 'yaml'):
            shown = self._project(record) if self.columns else record
            self._write_document(shown)
            return
        columns = self.columns or list(record)
        values = [cells.column_text(record, column) for column in columns]
        if self.fmt == 'csv':
            self._csv_rows(columns, [values])
            return
        headers = _shown(columns)
        values = _shown(values)
        if self.fmt == 'table':
            values = [cells.cut(value, DETAIL_CELL_WIDTH) for value in values]
            table.emit_one(headers, values, self.stdout)
        else:
            _cliff_value().emit_one(headers, values, self.stdout, None)

    def value(self, value):
        """Print a single value, such as the answer of ``--count``."""
        value = sanitize.redact_data(value)
        if self.fmt in ('json', 'yaml'):
            self._write_document(value)
        elif self.fmt == 'csv':
            self.stdout.write(cells.text(value) + '\n')
        else:
            self.stdout.write(sanitize.escape_controls(cells.text(value)) +
                              '\n')

    def _project(self, record):
        return {column: body.get_path(record, column)
                for column in self.columns}

    def _write_document(self, value):
        text = jsonio.dumps(value) + '\n' if self.fmt == 'json' else \
            _yaml_dump(value)
        pipe.write(self.stdout, text)

    def _list_json(self, records, columns):
        count = 0
        for record in records:
            shown = self._project(record) if self.columns else record
            self.stdout.write('[\n' if count == 0 else ',\n')
            self.stdout.write(_indent(jsonio.dumps(shown)))
            count += 1
        self.stdout.write('\n]\n' if count else '[]\n')
        return count

    def _list_jsonl(self, records, columns):
        count = 0
        for record in records:
            shown = self._project(record) if self.columns else record
            self.stdout.write(jsonio.dumps(shown, indent=None) + '\n')
            count += 1
        return count

    def _list_yaml(self, records, columns):
        count = 0
        for record in records:
            shown = self._project(record) if self.columns else record
            self.stdout.write(_yaml_dump([shown]))
            count += 1
        if not count:
            self.stdout.write('[]\n')
        return count

    def _list_csv(self, records, columns):
        read = cells.row_reader(columns)
        return self._csv_rows(columns, (read(record) for record in records))

    def _csv_rows(self, columns, rows):
        # CRLF line ends (RFC 4180, as Excel writes) also make the csv
        # module quote a lone CR inside a cell, which would end the row.
        writer = csv.writer(self.stdout, lineterminator='\r\n')
        rows = iter(rows)
        # The first page arrives (or fails) before the header is written,
        # so a failed request leaves no header-only file behind.
        first = next(rows, None)
        writer.writerow(columns)
        if first is None:
            return 0
        rows = itertools.chain([first], rows)
        count = 0
        for row in rows:
            writer.writerow([cells.csv_safe(cell) for cell in row])
            count += 1
        return count

    def _list_table(self, records, columns):
        read = cells.row_reader(columns)
        rows = [[cells.cut(cell, TABLE_CELL_WIDTH)
                 for cell in _shown(read(record))] for record in records]
        if rows:
            table.emit_list(_shown(columns), rows, self.stdout)
        return len(rows)

    def _list_value(self, records, columns):
        count = 0
        formatter = _cliff_value()
        read = cells.row_reader(columns)
        headers = _shown(columns)
        for record in records:
            formatter.emit_list(headers, [_shown(read(record))],
                                self.stdout, None)
            count += 1
        return count


def _shown(texts):
    """Texts fit for a terminal: controls escaped."""
    return [sanitize.escape_controls(text) for text in texts]


def _indent(text):
    return '\n'.join('  ' + line for line in text.splitlines())


def _cliff_value():
    from cliff.formatters.value import ValueFormatter
    return ValueFormatter()


def _yaml_dump(value):
    import yaml

    class Dumper(yaml.SafeDumper):
        """Writes numbers with the text the API sent."""

    Dumper.add_multi_representer(
        decimal.Decimal,
        lambda dumper, number: dumper.represent_scalar(
            'tag:yaml.org,2002:float', str(number)))
    return yaml.dump(value, Dumper=Dumper, allow_unicode=True,
                     sort_keys=False, default_flow_style=False)
