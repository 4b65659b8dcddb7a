"""Remissions: delivery notes for goods sent before invoicing
(``/remissions``)."""

from alegra.registry import Resource
from alegra_plugins import _documents

RESOURCE = Resource(
    name='remissions',
    path='/remissions',
    summary='delivery notes',
    pdf=True,
    schema=_documents.client_document('Remission'),
    table_columns=(*_documents.table_columns(number='number'), 'dueDate'),
    export_columns=_documents.export_columns(number='number'),
    import_mapping=_documents.import_mapping(),
    filters=(
        _documents.status('remissions', 'open, closed, void'),
        *_documents.by_client('remissions'),
        _documents.by_item('remissions'),
        _documents.by_number('remissions'),
        *_documents.by_date('remissions', due=True),
    ),
    actions=(
        _documents.void('remission'),
        _documents.reopen('remission'),
    ),
    **_documents.numbered(),
    example={
        'date': '2026-03-18',
        'dueDate': '2026-04-17',
        'client': {'id': '1'},
        'items': [{'id': '1', 'price': 46800, 'quantity': 30,
                   'tax': [{'id': '2'}]}],
    },
)
