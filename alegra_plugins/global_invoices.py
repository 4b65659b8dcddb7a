"""Global invoices: Mexico's "factura global" grouping sales to the general
public (``/global-invoices``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _documents

SAT_CODE = {'type': ['string', 'integer']}

SCHEMA = schema.body('Global invoice (Mexico)', {
    'date': schema.date(),
    'periodicity': schema.text(
        "how often sales are grouped: 'DAILY', 'WEEKLY', 'BIWEEKLY', "
        "'MONTHLY' or 'BIMONTHLY' (SAT periodicidad) [uncertain: values]"),
    'months': SAT_CODE | {'description': 'the month the sales belong to, '
                          "SAT code '01'..'12' ('13'..'18' for two-month "
                          'periods) [uncertain: format]'},
    'year': SAT_CODE | {'description': 'the year the sales belong to'},
    'items': schema.array(schema.line(), 'the lines', min_items=1),
    'stamp': _documents.stamp(),
    'numberTemplate': _documents.number_template(),
    'paymentMethod': schema.text(),
    'observations': schema.text('not printed', 500),
    'anotation': schema.text('printed on the document', 500),
    'warehouse': schema.reference(),
    'currency': schema.currency(),
}, required=('date', 'items'))

RESOURCE = Resource(
    name='global-invoices',
    path='/global-invoices',
    summary='mexican global invoices (factura global)',
    schema=SCHEMA,
    table_columns=('id', 'numberTemplate.number', 'date', 'periodicity',
                   'status', 'total', 'stamp.uuid'),
    export_columns=('id', 'numberTemplate.number', 'date', 'periodicity',
                    'months', 'year', 'status', 'total', 'stamp.uuid',
                    'observations', 'items.0.id', 'items.0.name',
                    'items.0.price', 'items.0.quantity'),
    import_mapping={path: path for path in (
        'date', 'periodicity', 'months', 'year', 'observations',
        'items.0.id', 'items.0.name', 'items.0.price', 'items.0.quantity')},
    filters=(
        _documents.status('global invoices', 'open, draft, void'),
        *_documents.by_date('global invoices'),
    ),
    **_documents.numbered(),
    example={
        'date': '2026-03-31',
        'periodicity': 'MONTHLY',
        'months': '03',
        'year': '2026',
        'items': [{'id': '1', 'price': 52000, 'quantity': 3}],
        'stamp': {'generateStamp': True},
    },
)
