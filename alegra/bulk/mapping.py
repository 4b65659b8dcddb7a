"""From one import row to one request body.

A CSV column reaches a field through ``--map 'Col=field.path'``, the
plugin's default mapping (so an export imports back without flags), or a
header that already is a field path (``address.city``).  Cells are text;
the plugin's JSON Schema says what each field wants (see
:func:`alegra.body.coerce`), so ``007123`` stays text where text is allowed
and ``52000`` becomes a number where a number is.  ``--set`` values go on
top, typed as with ``create``.

A column the body does not use is reported once, except the record's id
(an export's ``id`` column: the API gives the id) and the columns that
name the ``--update-by`` field, which the lookup is about.
"""

import copy

from alegra import body
from alegra import errors
from alegra.body import field_schemas
from alegra.i18n import _
from alegra.output import cells

# What a byte that is not UTF-8 reads as (see readers.choose_encoding).
REPLACED = '\ufffd'


def parse_maps(texts):
    """``['A=a.b,C=c']`` -> ``{'A': 'a.b', 'C': 'c'}``."""
    found = {}
    for text in texts:
        for part in filter(None, (piece.strip() for piece in
                                  text.split(','))):
            column, path = body.split_assignment(part, '--map')
            found[column] = path.strip()
    return found


def unguard(cell):
    """Undo the CSV formula guard that ``export`` adds (``'=x`` -> ``=x``)."""
    if cell.startswith("'") and cell[1:].startswith(cells.FORMULA_STARTS):
        return cell[1:]
    return cell


class RowMapper:
    """Builds bodies for one resource from rows of one file."""

    def __init__(self, resource, rows, maps=(), sets=()):
        self.resource = resource
        self.schema = resource.create_schema() or {}
        self.format = rows.format
        self.maps = parse_maps(maps)
        self.sets = body.set_values(sets, self.schema)
        self.width = len(rows.headers)
        self.headers = list(rows.headers)
        self.columns = self._columns(rows.headers) if rows.format == 'csv' \
            else {}

    def _columns(self, headers):
        missing = [column for column in self.maps if column not in headers]
        if missing:
            raise errors.UsageError(
                _('--map names columns the file does not have: {columns}')
                .format(columns=', '.join(missing)),
                hint=_('the columns are: {columns}').format(
                    columns=', '.join(headers)))
        columns = {}
        for index, header in enumerate(headers):
            path = self.maps.get(header) or \
                self.resource.import_mapping.get(header)
            if path:
                columns[index] = path
        # A header that is itself a field path maps to it, unless a mapped
        # column already fills that field (an export's ``identification``
        # beside its ``identificationObject.number``).
        taken = list(columns.values())
        for index, header in enumerate(headers):
            if index not in columns and \
                    field_schemas(self.schema, header) and \
                    not any(_overlap(header, path) for path in taken):
                columns[index] = header
        return columns

    def ignored(self, headers, update_by=None):
        """Headers that reach no field, to tell the user once; the id and
        the ``update_by`` field are no news."""
        return [header for index, header in enumerate(headers)
                if index not in self.columns and header and
                header != self.resource.id_field and
                not (update_by and _overlap(header, update_by))]

    def record_id(self, record):
        """The id a row names for its record (an export's ``id`` column),
        which a create body never holds: ``--update-by id`` looks it up."""
        field = self.resource.id_field
        if isinstance(record, dict):
            value = record.get(field)
        elif isinstance(record, list) and field in self.headers:
            index = self.headers.index(field)
            value = unguard(record[index]) if index < len(record) else None
        else:
            value = None
        text = '' if value is None else str(value).strip()
        return text or None

    def build(self, record):
        """The body for one row; raises ``InvalidInput`` for a bad row."""
        if isinstance(record, errors.AlegraError):
            raise record
        if self.format == 'csv':
            result = self._from_cells(record)
        elif isinstance(record, dict):
            result = self._from_object(record)
        else:
            raise errors.InvalidInput(_('the record is not a JSON object'))
        for key, value in self.sets:
            body.set_path(result, key, copy.deepcopy(value))
        return result

    def _from_cells(self, cells_):
        if any(REPLACED in cell for cell in cells_):
            raise errors.InvalidInput(
                _('the row is not valid UTF-8 text (a byte could not be '
                  'read); fix it, or name the encoding with --encoding'))
        if len(cells_) > self.width:
            raise errors.InvalidInput(
                _('the row has {cells} cells and the header {width}')
                .format(cells=len(cells_), width=self.width))
        result = {}
        for index, path in self.columns.items():
            cell = cells_[index] if index < len(cells_) else ''
            if not cell.strip():
                continue
            value = body.typed_value(self.schema, path, unguard(cell),
                                     literal=True)
            body.set_path(result, path, value)
        return result

    def _from_object(self, record):
        result = copy.deepcopy(record)
        # The API gives the id, unless the body names the record (a
        # currency's code).
        if not field_schemas(self.schema, self.resource.id_field):
            result.pop(self.resource.id_field, None)
        for source, target in self.maps.items():
            value = body.get_path(result, source)
            if value is not None:
                _remove(result, source)
                body.set_path(result, target, value)
        return result


def _overlap(one, other):
    return one == other or one.startswith(other + '.') or \
        other.startswith(one + '.')


def _remove(record, path):
    parts = path.split('.')
    parent = body.get_path(record, '.'.join(parts[:-1])) if parts[:-1] \
        else record
    if isinstance(parent, dict):
        parent.pop(parts[-1], None)
