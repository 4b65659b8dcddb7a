"""Building blocks for plugins' JSON Schemas, so no plugin copies another.

A schema is plain data (a dict) that ``create``, ``import``, the sandbox
and the MCP bridge all read.  These helpers write the shapes Alegra uses
again and again: an id that may come bare or as ``{"id": ...}``, a
``yyyy-MM-dd`` date, an amount, the line of a document, a document itself.
"""

DRAFT = 'https://json-schema.org/draft/2020-12/schema'
ID = {'type': ['string', 'integer']}


def reference(description='an id, or an object holding it'):
    """An id, bare or as ``{"id": ...}`` (clients, sellers, taxes, ...)."""
    return {'description': description,
            'oneOf': [dict(ID), {'type': 'object', 'required': ['id'],
                                 'properties': {'id': dict(ID)}}]}


def references(description='ids, bare or as objects'):
    return {'description': description, 'type': 'array',
            'items': reference()}


def date(description='a date, yyyy-MM-dd'):
    return {'type': 'string', 'pattern': r'^\d{4}-\d{2}-\d{2}$',
            'description': description}


def amount(description=None, minimum=0):
    found = {'type': 'number'}
    if minimum is not None:
        found['minimum'] = minimum
    if description:
        found['description'] = description
    return found


def text(description=None, max_length=None):
    found = {'type': 'string'}
    if max_length:
        found['maxLength'] = max_length
    if description:
        found['description'] = description
    return found


def enum(*values, description=None):
    found = {'enum': list(values)}
    if description:
        found['description'] = description
    return found


def boolean(description=None):
    return {'type': 'boolean', **({'description': description}
                                  if description else {})}


def array(items, description=None, min_items=None):
    found = {'type': 'array', 'items': items}
    if min_items is not None:
        found['minItems'] = min_items
    if description:
        found['description'] = description
    return found


def obj(properties, required=(), description=None):
    """An object; extra (country-specific) fields are always allowed."""
    found = {'type': 'object', 'properties': properties}
    if required:
        found['required'] = list(required)
    if description:
        found['description'] = description
    return found


def body(title, properties, required=(), description=None):
    """The top of a create body's schema."""
    found = obj(properties, required, description)
    return {'$schema': DRAFT, 'title': title, **found}


def line(id_required=True):
    """A document line: an item, its price, quantity, discount and taxes."""
    return obj({
        'id': dict(ID),
        'name': text(),
        'description': text(),
        'reference': text(),
        'price': amount(),
        'quantity': {'type': 'number', 'exclusiveMinimum': 0},
        'discount': amount('percent, 0 to 100') | {'maximum': 100},
        'tax': references('taxes of the line'),
        'observations': text(),
    }, required=('id', 'price', 'quantity') if id_required else
        ('price', 'quantity'))


def currency():
    return obj({'code': text('ISO 4217 code'),
                'exchangeRate': amount()}, required=('code',))


def document(title, party, extra=None, required=('date',),
             lines_key='items'):
    """A sales or purchase document: date, party, lines and the usual
    references; ``extra`` adds or replaces fields."""
    properties = {
        'date': date(),
        'dueDate': date('due date, yyyy-MM-dd'),
        party: reference(f'the {party}'),
        lines_key: array(line(), 'the lines', min_items=1),
        'observations': text('not printed', 500),
        'anotation': text('printed on the document', 500),
        'termsConditions': text(max_length=500),
        'numberTemplate': obj({'id': dict(ID), 'prefix': text(),
                               'number': dict(ID)}),
        'seller': reference(),
        'priceList': reference(),
        'warehouse': reference(),
        'costCenter': reference(),
        'currency': currency(),
        'retentions': array(obj({'id': dict(ID), 'amount': amount()},
                                required=('id',))),
    }
    properties.update(extra or {})
    return body(title, properties, required=(*required, party, lines_key))
