"""Transportation receipts: Mexico's "carta porte" for goods on the move
(``/transportation-receipts``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _documents


def _part(description):
    """A transport block whose fields the API notes do not list."""
    return schema.obj({}, description=description)


SCHEMA = _documents.client_document('Transportation receipt (Mexico)', {
    'dateShipping': schema.date('the day the goods leave, yyyy-MM-dd'),
    'invoice': schema.reference('the invoice the goods travel under'),
    'origin': _part('where the goods leave from'),
    'destination': _part('where the goods go'),
    'route': _part('the route'),
    'transporter': _part('who carries the goods'),
    'complement': _part('the SAT carta porte complement'),
    'transferReason': schema.text(),
    'descriptionReasonTransfer': schema.text(),
    'transferModality': schema.text(),
    'packages': schema.amount('number of packages'),
    'weight': schema.amount('total weight'),
    'warehouseTransfer': schema.reference(),
    'cfdiUse': schema.text('SAT CFDI use (G01, S01, ...)'),
    'regimeClient': schema.text("the client's SAT tax regime"),
    'stamp': _documents.stamp(),
})

RESOURCE = Resource(
    name='transportation-receipts',
    path='/transportation-receipts',
    summary='mexican transport documents (carta porte)',
    schema=SCHEMA,
    table_columns=(*_documents.table_columns(number='number'),
                   'dateShipping'),
    export_columns=(*_documents.export_columns(
        number='number', fields=('date', 'dateShipping')), 'invoice.id'),
    import_mapping={
        **_documents.import_mapping(fields=('date', 'dateShipping')),
        'invoice.id': 'invoice.id',
    },
    filters=(
        _documents.status('transportation receipts'),
        *_documents.by_client('transportation receipts'),
        *_documents.by_date('transportation receipts'),
    ),
    actions=(
        _documents.void('transportation receipt'),
        _documents.reopen('transportation receipt'),
    ),
    **_documents.numbered(),
    example={
        'date': '2026-03-18',
        'dateShipping': '2026-03-19',
        'client': {'id': '1'},
        'items': [{'id': '1', 'price': 52000, 'quantity': 10}],
        'weight': 5,
    },
)
