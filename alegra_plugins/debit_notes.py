"""Debit notes: supplier-side notes that change what is owed to a provider
(``/debit-notes``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _documents

# The API's read shape names the provider ``client`` on debit notes, and
# they may hold account lines (``categories``) instead of item lines.
SCHEMA = _documents.optional(_documents.client_document(
    'Debit note (supplier)', {
        'client': schema.reference(
            'the provider (a contact; the API names it client here)'),
        'bills': _documents.applications(
            'bills it applies to, with the amount of each'),
        'categories': _documents.categories(),
    }), 'items')

RESOURCE = Resource(
    name='debit-notes',
    path='/debit-notes',
    summary='supplier debit notes',
    schema=SCHEMA,
    table_columns=_documents.table_columns(number='numberTemplate.number'),
    export_columns=(*_documents.export_columns(
        number='numberTemplate.number', fields=('date',)),
        'bills.0.id', 'bills.0.amount'),
    import_mapping={
        **_documents.import_mapping(fields=('date',)),
        'bills.0.id': 'bills.0.id',
        'bills.0.amount': 'bills.0.amount',
    },
    filters=(
        _documents.by_number('debit notes'),
        Filter('client_id', 'debit notes of this provider id',
               flag='provider'),
        _documents.by_provider('debit notes'),
        _documents.by_item('debit notes'),
        *_documents.by_date('debit notes'),
    ),
    **_documents.numbered(keys=(_documents.NUMBER,)),
    example={
        'date': '2026-03-08',
        'client': {'id': '4'},
        'items': [{'id': '1', 'price': 31000, 'quantity': 2,
                   'tax': [{'id': '2'}]}],
    },
)
