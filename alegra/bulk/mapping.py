"""From one import row to one request body.

A CSV column reaches a field through ``--map 'Col=field.path'``, the
plugin's default mapping (so an export imports back without flags), or a
header that already is a field path (``address.city``).  Cells are text;
the plugin's JSON Schema says what each field wants, so ``007123`` stays
text where text is allowed and ``52000`` becomes a number only where a
number is required.  ``--set`` values go on top, as with ``create``.
"""

import copy

from alegra import body
from alegra import errors
from alegra.output import cells

_TRUE = {'true', 'yes', 'si', 'sí', '1'}
# What a byte that is not UTF-8 reads as (see readers.choose_encoding).
REPLACED = '\ufffd'
_FALSE = {'false', 'no', '0'}


def parse_maps(texts):
    """``['A=a.b,C=c']`` -> ``{'A': 'a.b', 'C': 'c'}``."""
    found = {}
    for text in texts:
        for part in filter(None, (piece.strip() for piece in
                                  text.split(','))):
            column, path = body.split_assignment(part, '--map')
            found[column] = path.strip()
    return found


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
    """The schemas a dotted path can have inside ``schema`` (may be [])."""
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


def _types(options):
    """The JSON types a field accepts; an enum counts as its values' types."""
    found = set()
    for option in options:
        kind = option.get('type')
        if kind is None and 'enum' in option:
            kind = [_JSON_TYPES.get(type(value), 'string')
                    for value in option['enum']]
        found.update([kind] if isinstance(kind, str) else kind or [])
    return found


def coerce(text, options):
    """A cell's text as the value its field's schema options accept.

    Text stays text wherever text is allowed (``007123``), except where a
    list is too (``client, provider``); a number becomes one only where a
    number is allowed and nothing is lost; JSON text fills lists and
    objects.  What fits nothing stays text, for the schema to name.
    """
    kinds = _types(options)
    stripped = text.strip()
    if not kinds:
        return text
    if stripped[:1] in '[{' and kinds & {'array', 'object'}:
        return body.infer_value(stripped)
    if 'string' in kinds and 'array' not in kinds:
        return text
    value = body.infer_value(stripped) if stripped[:1] not in '"[{' \
        else stripped
    is_number = not isinstance(value, (str, bool)) and value is not None
    if is_number and ('number' in kinds or
                      ('integer' in kinds and isinstance(value, int))):
        return value
    if 'boolean' in kinds and stripped.lower() in _TRUE | _FALSE:
        return stripped.lower() in _TRUE
    items = [option.get('items', {}) for option in options
             if option.get('type') == 'array']
    if items and not _types(items) & {'object', 'array'}:
        # ``client, provider`` (as export joins a list) -> a list again.
        return [coerce(part.strip(), items) for part in stripped.split(',')
                if part.strip()]
    return text


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
        self.sets = [(key, body.infer_value(value)) for key, value in
                     (body.split_assignment(text, '--set') for text in sets)]
        self.width = len(rows.headers)
        self.columns = self._columns(rows.headers) if rows.format == 'csv' \
            else {}

    def _columns(self, headers):
        missing = [column for column in self.maps if column not in headers]
        if missing:
            raise errors.UsageError(
                '--map names columns the file does not have: '
                + ', '.join(missing),
                hint='the columns are: ' + ', '.join(headers))
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

    def ignored(self, headers):
        """Headers that reach no field, to tell the user once."""
        return [header for index, header in enumerate(headers)
                if index not in self.columns and header]

    def build(self, record):
        """The body for one row; raises ``InvalidInput`` for a bad row."""
        if isinstance(record, errors.AlegraError):
            raise record
        if self.format == 'csv':
            result = self._from_cells(record)
        elif isinstance(record, dict):
            result = self._from_object(record)
        else:
            raise errors.InvalidInput('the record is not a JSON object')
        for key, value in self.sets:
            body.set_path(result, key, copy.deepcopy(value))
        return result

    def _from_cells(self, cells_):
        if any(REPLACED in cell for cell in cells_):
            raise errors.InvalidInput(
                'the row is not valid UTF-8 text (a byte could not be '
                'read); fix it, or name the encoding with --encoding')
        if len(cells_) > self.width:
            raise errors.InvalidInput(
                f'the row has {len(cells_)} cells and the header '
                f'{self.width}')
        result = {}
        for index, path in self.columns.items():
            cell = cells_[index] if index < len(cells_) else ''
            if not cell.strip():
                continue
            value = coerce(unguard(cell), field_schemas(self.schema, path))
            body.set_path(result, path, value)
        return result

    def _from_object(self, record):
        result = copy.deepcopy(record)
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
