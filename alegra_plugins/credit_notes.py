"""Credit notes: what is credited back to clients against their invoices
(``/credit-notes``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _documents

SCHEMA = _documents.client_document('Credit note', {
    'invoices': _documents.applications(
        'invoices it credits, with the amount credited to each'),
    'type': schema.text('country-specific kind of note (Colombia, Peru: '
                        'the DIAN/SUNAT credit-note type)'),
})

RESOURCE = Resource(
    name='credit-notes',
    path='/credit-notes',
    summary='credit notes to clients',
    pdf=True,
    schema=SCHEMA,
    table_columns=(*_documents.table_columns(), 'balance'),
    export_columns=(*_documents.export_columns(fields=('date',)),
                    'invoices.0.id', 'invoices.0.amount'),
    import_mapping={
        **_documents.import_mapping(fields=('date',)),
        'invoices.0.id': 'invoices.0.id',
        'invoices.0.amount': 'invoices.0.amount',
    },
    filters=(
        _documents.status('credit notes'),
        *_documents.by_client('credit notes'),
        *_documents.by_date('credit notes'),
    ),
    actions=(_documents.email('credit note'),),
    **_documents.numbered(keys=(_documents.NUMBER,)),
    example={
        'date': '2026-03-12',
        'client': {'id': '5'},
        'items': [{'id': '2', 'price': 28000, 'quantity': 1,
                   'tax': [{'id': '1'}]}],
        'invoices': [{'id': '5', 'amount': 33320}],
    },
)
