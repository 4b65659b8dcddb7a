"""Income debit notes: debit notes issued to clients, adding to what an
invoice charged (``/income-debit-notes``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _documents

SCHEMA = _documents.client_document('Debit note (client)', {
    'invoice': schema.reference('the invoice it adds to'),
    'paymentMethod': schema.text(),
    'paymentType': schema.text(),
})

RESOURCE = Resource(
    name='income-debit-notes',
    path='/income-debit-notes',
    summary='debit notes to clients',
    pdf=True,
    schema=SCHEMA,
    table_columns=(*_documents.table_columns(), 'balance'),
    export_columns=(*_documents.export_columns(), 'invoice.id'),
    import_mapping={**_documents.import_mapping(),
                    'invoice.id': 'invoice.id'},
    filters=(
        _documents.status('debit notes'),
        *_documents.by_client('debit notes'),
        *_documents.by_date('debit notes'),
    ),
    **_documents.numbered(keys=(_documents.NUMBER,)),
    example={
        'date': '2026-03-14',
        'client': {'id': '1'},
        'invoice': {'id': '6'},
        'items': [{'id': '6', 'price': 50000, 'quantity': 1,
                   'tax': [{'id': '1'}]}],
    },
)
