"""Reconciliations: bank account balances checked against statements
(``/conciliations``)."""

from alegra import schema
from alegra.registry import Resource

RESOURCE = Resource(
    name='reconciliations',
    path='/conciliations',
    summary='bank reconciliations (plan-gated)',
    schema=schema.body('Bank reconciliation', {
        'bankAccount': schema.reference('the reconciled bank account'),
        'date': schema.date('date of the statement, yyyy-MM-dd'),
        'balance': schema.amount('balance on the statement', minimum=None),
    }, required=('bankAccount', 'date')),
    verbs=('list', 'get', 'create', 'delete'),
    table_columns=('id', 'bankAccount.id', 'bankAccount.name', 'date',
                   'balance', 'status'),
    export_columns=('id', 'bankAccount.id', 'date', 'balance'),
    import_mapping={
        'bankAccount.id': 'bankAccount.id',
        'date': 'date',
        'balance': 'balance',
    },
    example={'bankAccount': {'id': '1'}, 'date': '2026-03-31',
             'balance': 5000000},
)
