"""Estimates: quotes sent to clients (``/estimates``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _documents

SCHEMA = _documents.client_document('Estimate', {
    'dueDate': schema.date('valid until, yyyy-MM-dd'),
})

RESOURCE = Resource(
    name='estimates',
    path='/estimates',
    summary='quotes sent to clients',
    pdf=True,
    schema=SCHEMA,
    table_columns=(*_documents.table_columns(number='number'), 'dueDate'),
    export_columns=_documents.export_columns(number='number'),
    import_mapping=_documents.import_mapping(),
    filters=(
        *_documents.by_client('estimates'),
        _documents.by_item('estimates'),
        _documents.by_number('estimates'),
        *_documents.by_date('estimates'),
    ),
    actions=(_documents.email('estimate'),),
    **_documents.numbered(),
    example={
        'date': '2026-03-20',
        'dueDate': '2026-04-19',
        'client': {'id': '3'},
        'items': [{'id': '6', 'price': 180000, 'quantity': 1,
                   'tax': [{'id': '1'}]}],
    },
)
