"""Recurring invoices: templates that make sales invoices on a schedule
(``/recurring-invoices``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _documents

UNCERTAIN = ' [uncertain: not in the API notes; the read shape has ' \
            'repeatEvery instead]'

SCHEMA = _documents.client_document('Recurring invoice', {
    'startDate': schema.date('the first invoice date, yyyy-MM-dd'),
    'endDate': schema.date('the last invoice date, yyyy-MM-dd; none: no '
                           'end'),
    'dueDate': schema.date('due date, yyyy-MM-dd [uncertain: on a '
                           'template]'),
    'frequency': {'type': 'integer', 'minimum': 1,
                  'description': 'an invoice every this many '
                                 'frequencyType units' + UNCERTAIN},
    'frequencyType': schema.text("the unit of frequency: 'MONTHLY', ..."
                                 + UNCERTAIN),
    'repeatEvery': {'type': 'integer', 'minimum': 1,
                    'description': 'months between invoices, as the API '
                                   'answers it [uncertain: unit]'},
    'term': {'type': ['integer', 'string'],
             'description': 'days to pay each invoice [uncertain]'},
}, required=('startDate',))
# A template has no date of its own: startDate says when invoices begin.
del SCHEMA['properties']['date']

RESOURCE = Resource(
    name='recurring-invoices',
    path='/recurring-invoices',
    summary='invoices made on a schedule',
    schema=SCHEMA,
    table_columns=('id', 'client.name', 'startDate', 'endDate',
                   'nextCreation', 'status', 'total'),
    export_columns=_documents.export_columns(
        number='repeatEvery', fields=('startDate', 'endDate', 'frequency',
                                      'frequencyType')),
    import_mapping=_documents.import_mapping(
        fields=('startDate', 'endDate', 'frequency', 'frequencyType')),
    filters=(
        Filter('startDate', 'recurring invoices starting this day '
               '(yyyy-mm-dd)'),
        Filter('endDate', 'recurring invoices ending this day '
               '(yyyy-mm-dd)'),
        *_documents.by_client('recurring invoices'),
    ),
    **_documents.numbered(),
    example={
        'startDate': '2026-04-01',
        'endDate': '2026-12-01',
        'frequency': 1,
        'frequencyType': 'MONTHLY',
        'client': {'id': '6'},
        'items': [{'id': '1', 'price': 46800, 'quantity': 10,
                   'tax': [{'id': '2'}]}],
    },
)
