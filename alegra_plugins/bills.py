"""Bills: supplier invoices and Colombian support documents (``/bills``)."""

from alegra import schema
from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _documents

SCHEMA = _documents.purchase_document('Bill', {
    'numberTemplate': _documents.number_template(
        "the supplier's document number: {\"prefix\", \"number\"}"),
    'paymentMethod': schema.text(),
    'paymentType': schema.text(),
    'stamp': _documents.stamp('Colombia: {"generateStamp": true} emits a '
                              'support document'),
}, required=('date', 'dueDate'))

RESOURCE = Resource(
    name='bills',
    path='/bills',
    summary='supplier bills and support documents',
    schema=SCHEMA,
    table_columns=('id', 'numberTemplate.number', 'date', 'provider.name',
                   'status', 'total', 'balance'),
    export_columns=(*_documents.export_columns(
        'provider', 'numberTemplate.number', 'purchases.items'),
        'balance'),
    import_mapping=_documents.import_mapping('provider', 'purchases.items'),
    filters=(
        _documents.status('bills', 'open, closed, void, ...'),
        _documents.by_provider('bills'),
        Filter('billNumber', 'the bill with this supplier number',
               flag='number'),
        Filter('type', 'bills or support documents (all: both)',
               choices=('bill', 'supportDocument', 'all')),
        _documents.by_item('bills'),
        *_documents.by_date('bills', due=True),
    ),
    actions=(
        _documents.close('bill'),
        Action.attachment('a bill'),
        _documents.comments('bill'),
    ),
    **_documents.numbered(keys=(
        ('provider', *_documents.NUMBER),
        ('provider', 'numberTemplate.number'))),
    example={
        'date': '2026-03-05',
        'dueDate': '2026-04-04',
        'provider': {'id': '4'},
        'purchases': {'items': [{'id': '1', 'price': 31000,
                                 'quantity': 50, 'tax': [{'id': '2'}]}]},
    },
)
