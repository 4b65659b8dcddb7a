"""Additional charges: tips and other charges added to documents
(``/additional-charges``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _accounting

RESOURCE = Resource(
    name='additional-charges',
    path='/additional-charges',
    summary='tips and other charges added to documents',
    schema=_accounting.named_body('Additional charge', {
        'percentage': schema.amount('percent, 0 to 100') | {'maximum': 100},
        'amount': schema.amount('a fixed amount'),
        'description': schema.text(),
    }),
    table_columns=('id', 'name', 'percentage', 'amount', 'description',
                   'status'),
    export_columns=('id', 'name', 'percentage', 'amount', 'description',
                    'status'),
    import_mapping={
        'name': 'name',
        'percentage': 'percentage',
        'amount': 'amount',
        'description': 'description',
        'status': 'status',
    },
    filters=(
        _accounting.status_filter('charges'),
        _accounting.name_filter('charges'),
    ),
    example={'name': 'Propina voluntaria', 'percentage': 10,
             'description': 'Servicio a la mesa'},
)
