"""What the document plugins share: list filters, schema pieces, actions,
and how they are imported.

Invoices, payments, bills, estimates, remissions, notes, orders, journals
and the Mexican documents filter, build, act and import alike; each piece
is written here once and imported.  Not a plugin: it publishes no
``RESOURCE``.
"""

from alegra import schema
from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import NaturalKey

EMAIL_BODY = {
    '$schema': 'https://json-schema.org/draft/2020-12/schema',
    'title': 'Invoice email (action body)',
    'type': 'object',
    'required': ['emails'],
    'properties': {
        'emails': {'type': 'array', 'minItems': 1,
                   'items': {'type': 'string', 'minLength': 3}},
        'sendCopyToUser': {'type': 'boolean'},
        'invoiceType': {'type': 'string', 'description': 'copy, ...'},
        'emailTemplate': {
            'type': 'object',
            'properties': {'subject': {'type': 'string'},
                           'message': {'type': 'string'}},
        },
    },
}

# List filters.  Each helper takes the plural noun the help text speaks of.


def status(noun, known='', choices=()):
    """``--status``; ``known`` lists the states when they are not certain
    enough to refuse others with ``choices``."""
    hint = f' ({known})' if known else ''
    return Filter('status', f'{noun} in this state{hint}', choices=choices)


def by_client(noun):
    return (Filter('client_id', f'{noun} of this client id', flag='client'),
            Filter('client_name', f'{noun} whose client name matches'))


def by_provider(noun):
    return Filter('provider_name', f'{noun} whose provider name matches')


def by_item(noun):
    return Filter('item_id', f'{noun} with a line of this item id',
                  flag='item')


def by_number(noun, param='number'):
    return Filter(param, f'{noun} with this number (prefix and number)',
                  flag='number')


def by_date(noun, due=False, note=''):
    """``--date``, ``--since`` and ``--until`` (inclusive bounds); with
    ``due``, ``--due-date`` and ``--due-until`` too.  ``note`` ends each
    help text."""
    found = (
        Filter('date', f'{noun} dated this day (yyyy-mm-dd){note}'),
        Filter('date_afterOrNow', f'{noun} dated this day or later{note}',
               flag='since'),
        Filter('date_beforeOrNow',
               f'{noun} dated this day or earlier{note}', flag='until'),
    )
    if due:
        found += (
            Filter('dueDate', f'{noun} due this day (yyyy-mm-dd){note}',
                   flag='due-date'),
            Filter('dueDate_beforeOrNow',
                   f'{noun} due this day or earlier{note}',
                   flag='due-until'),
        )
    return found


# Schema pieces.


def applications(description):
    """Documents a payment or a note is applied to, with the amount of each:
    ``[{"id": "5", "amount": 100000}]``."""
    return schema.array(schema.obj({
        'id': dict(schema.ID),
        'amount': schema.amount('the amount applied to this document'),
        'retentions': retentions(),
    }, required=('id', 'amount')), description, min_items=1)


def retentions(description='retentions applied, with their amounts'):
    return schema.array(schema.obj({'id': dict(schema.ID),
                                    'amount': schema.amount()},
                                   required=('id',)), description)


def number_template(description='{"id"} for automatic numbering; '
                                '{"prefix", "number"} for a manual one'):
    return schema.obj({'id': dict(schema.ID), 'prefix': schema.text(),
                       'number': dict(schema.ID)}, description=description)


def stamp(description='electronic emission: {"generateStamp": true} '
                      'emits on create'):
    return schema.obj({'generateStamp': schema.boolean()},
                      description=description)


def category_line():
    """A line against a ledger account (a category) instead of an item."""
    found = schema.line(id_required=False)
    found['description'] = 'a line against a ledger account (category) id'
    found['required'] = ['id', 'price']
    found['properties']['tax'] = {
        'description': 'taxes of the line: an id, {"id"}, or a list of them',
        'oneOf': [schema.reference(), schema.references()]}
    return found


def categories(description='lines against ledger accounts (categories)'):
    return schema.array(category_line(), description, min_items=1)


def purchases():
    """What a bill or a purchase order buys: item lines, account lines or
    both, under ``purchases``."""
    found = schema.obj({
        'items': schema.array(schema.line(), 'item lines', min_items=1),
        'categories': categories(),
    }, description='item lines, account (category) lines or both')
    # Inside allOf: a bare anyOf reads as alternative shapes of the object
    # (import looks for fields there); this one only asks for a line kind.
    found['allOf'] = [{'anyOf': [{'required': ['items']},
                                 {'required': ['categories']}]}]
    return found


def client_document(title, extra=None, required=('date',)):
    """A sales-side document: ``client`` and item lines are required."""
    return schema.document(title, 'client', extra, required)


def purchase_document(title, extra=None, required=('date',)):
    """A purchase-side document: ``provider`` and ``purchases`` are
    required."""
    return schema.document(title, 'provider',
                           {'purchases': purchases(), **(extra or {})},
                           required, lines_key='purchases')


def optional(found, *fields):
    """``found`` (a schema) with ``fields`` no longer required."""
    found['required'] = [field for field in found['required']
                         if field not in fields]
    return found


# Columns: a table, an export, and the import that reads that export back.


def table_columns(party='client', number='numberTemplate.fullNumber',
                  date='date'):
    return ('id', number, date, f'{party}.name', 'status', 'total')


def export_columns(party='client', number='numberTemplate.fullNumber',
                   lines='items', fields=('date', 'dueDate')):
    return ('id', number, *fields, 'status', f'{party}.id', f'{party}.name',
            'total', 'observations', f'{lines}.0.id', f'{lines}.0.name',
            f'{lines}.0.price', f'{lines}.0.quantity')


def import_mapping(party='client', lines='items',
                   fields=('date', 'dueDate')):
    """Export header -> create-body path; the headers are the paths."""
    paths = (*fields, f'{party}.id', 'observations', f'{lines}.0.id',
             f'{lines}.0.name', f'{lines}.0.price', f'{lines}.0.quantity')
    return {path: path for path in paths}


# Import.  Documents are numbered in the order they are created, so an
# import creates them one at a time in the file's order.  A row whose POST
# got no clear answer is found again by the manual number it carries, where
# the record read back holds it in the same place (``numberTemplate``),
# else by the marker the import adds to its observations; the document's
# date narrows the lookup.

NUMBER = ('numberTemplate.prefix', 'numberTemplate.number')
BY_DATE = {'date': 'date'}
MARKER = NaturalKey(('observations',), BY_DATE)


def numbered(keys=()):
    """The ``Resource`` arguments of a numbered document: ordered, found
    by ``keys`` (tuples of field paths, tried in order), else by the
    marker in its observations."""
    return {
        'ordered': True,
        'natural_keys': tuple(NaturalKey(fields, BY_DATE)
                              for fields in keys),
        'marker': MARKER,
    }


# Actions, with what each does to its record (see registry.Action).


def _a(noun):
    return ('an ' if noun[:1] in 'aeiou' else 'a ') + noun


def emit(noun):
    """Emit one document electronically (``POST .../{id}/stamp``)."""
    return Action('stamp', f'emit the {noun} electronically to the tax '
                           'authority', emits=True)


def void(noun):
    return Action('void', f'void (annul) {_a(noun)}', destructive=True,
                  sets={'status': 'void'})


def reopen(noun, text=None):
    """``open``; ``text`` replaces the help where reopening says less."""
    return Action('open', text or f'reopen a voided {noun}',
                  sets={'status': 'open'})


def close(noun):
    return Action('close', f'close {_a(noun)}', destructive=True,
                  sets={'status': 'closed'})


# What Alegra answered an invoice email (the code as a string); the other
# documents' wording is not recorded, so the sandbox says it plainly.
INVOICE_SENT = {'code': '200',
                'message': 'La factura fue enviada exitosamente'}
DOCUMENT_SENT = {'code': '200',
                 'message': 'El documento fue enviado exitosamente'}


def email(noun, party='client', sent=DOCUMENT_SENT):
    """Email a document; the sandbox records it in its outbox."""
    return Action('email', f'email the {noun} to the {party}', body=True,
                  schema=EMAIL_BODY, effect='email', answer=sent)


COMMENT_BODY = schema.body('Comment (action body)', {
    'comment': schema.text('the comment') | {'minLength': 1},
}, required=('comment',))


def _add_comment(record, payload):
    """Keep the comment on the record, with an id (the API edits and
    deletes comments by id)."""
    comments = list(record.get('comments') or [])
    comments.append({'id': str(len(comments) + 1), **payload})
    record['comments'] = comments


def comments(noun):
    """Comment on a document (``POST .../{id}/comments``)."""
    return Action('comments', f'add a comment to {_a(noun)}', body=True,
                  schema=COMMENT_BODY, effect=_add_comment)
