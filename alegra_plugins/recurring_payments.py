"""Recurring payments: payments registered on a schedule, read-only
(``/recurring-payments``)."""

from alegra.registry import Resource

RESOURCE = Resource(
    name='recurring-payments',
    path='/recurring-payments',
    summary='payments made on a schedule (read-only)',
    verbs=('list', 'get'),
    table_columns=('id', 'number', 'startDate', 'endDate', 'repeatEvery',
                   'amount', 'status'),
    export_columns=('id', 'number', 'status', 'startDate', 'endDate',
                    'repeatEvery', 'amount', 'account.id', 'account.name',
                    'currency.code'),
)
