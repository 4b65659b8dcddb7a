"""What the catalog plugins share: settings bodies, filters and lines.

The catalog resources (warehouses, taxes, price lists, terms, ...) are
small named settings with an ``active``/``inactive`` status, and the two
stock movements (inventory adjustments, warehouse transfers) carry lines
of an item and a quantity.  Those shapes are written once, here.
"""

from alegra import schema
from alegra.registry import Filter

STATUSES = ('active', 'inactive')


def name(description='the name shown in Alegra'):
    """A non-empty name."""
    return schema.text(description) | {'minLength': 1}


def status():
    return schema.enum(*STATUSES, description='active or inactive')


def percentage(description='percent, 0 to 100'):
    return schema.amount(description) | {'maximum': 100}


def quantity(description='how many units'):
    return {'type': 'number', 'exclusiveMinimum': 0,
            'description': description}


def whole(description=None, minimum=0):
    """A whole number such as a count of days or a document number."""
    found = {'type': 'integer', 'minimum': minimum}
    if description:
        found['description'] = description
    return found


def settings_body(title, properties, required=('name',), description=None):
    """A named setting's create body: ``name``, ``status`` and
    ``properties``; extra (country-specific) fields are allowed."""
    return schema.body(title, {'name': name(), **properties,
                               'status': status()},
                       required=required, description=description)


def stock_line(properties, required=()):
    """A line of a stock movement: an item id and a quantity, plus
    ``properties``."""
    return schema.obj({'id': dict(schema.ID), 'quantity': quantity(),
                       **properties},
                      required=('id', 'quantity', *required))


def stock_lines(properties=None, required=()):
    return schema.array(stock_line(properties or {}, required),
                        'the items moved', min_items=1)


def same_names(columns):
    """An import mapping for columns that are create-body paths already
    (every column but ``id``, which the API assigns)."""
    return {column: column for column in columns if column != 'id'}


def name_filter(what):
    return Filter('name', f'{what} whose name matches')


def status_filter(what):
    return Filter('status', f'active or inactive {what}', choices=STATUSES)


def type_filter(what, examples):
    return Filter('type', f'{what} of this type ({examples})')
