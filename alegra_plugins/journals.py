"""Journals: accounting vouchers (comprobantes contables) of debit and
credit entries (``/journals``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _documents

ENTRY = schema.obj({
    'id': {'type': ['string', 'integer'],
           'description': 'the ledger account (category) id'},
    'debit': schema.amount(),
    'credit': schema.amount(),
    'observations': schema.text(),
}, required=('id',))

RESOURCE = Resource(
    name='journals',
    path='/journals',
    summary='accounting vouchers (debit and credit entries)',
    schema=schema.body('Journal', {
        'date': schema.date(),
        'entries': schema.array(ENTRY, 'debit and credit lines on ledger '
                                'accounts', min_items=1),
        'observations': schema.text(),
        'costCenter': schema.reference(),
    }, required=('date', 'entries')),
    table_columns=('id', 'number', 'date', 'observations', 'total',
                   'status'),
    export_columns=('id', 'date', 'observations', 'costCenter.id',
                    'entries.0.id', 'entries.0.debit', 'entries.0.credit',
                    'entries.1.id', 'entries.1.debit', 'entries.1.credit'),
    import_mapping={
        'date': 'date',
        'observations': 'observations',
        'costCenter.id': 'costCenter.id',
        'entries.0.id': 'entries.0.id',
        'entries.0.debit': 'entries.0.debit',
        'entries.0.credit': 'entries.0.credit',
        'entries.1.id': 'entries.1.id',
        'entries.1.debit': 'entries.1.debit',
        'entries.1.credit': 'entries.1.credit',
    },
    filters=(Filter('date', 'journals dated this day (yyyy-mm-dd)'),),
    **_documents.numbered(),
    example={'date': '2026-03-31', 'observations': 'Arriendo de marzo',
             'entries': [{'id': '5120', 'debit': 2500000, 'credit': 0},
                         {'id': '2335', 'debit': 0, 'credit': 2500000}]},
)
