"""Cost centers: business units that accounting movements are tracked by
(``/cost-centers``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _accounting

RESOURCE = Resource(
    name='cost-centers',
    path='/cost-centers',
    summary='business units movements are tracked by',
    schema=_accounting.named_body('Cost center', {
        'code': schema.text('the cost center code'),
        'description': schema.text(),
    }),
    table_columns=('id', 'code', 'name', 'description', 'status'),
    export_columns=('id', 'code', 'name', 'description', 'status'),
    import_mapping={
        'code': 'code',
        'name': 'name',
        'description': 'description',
        'status': 'status',
    },
    filters=(
        _accounting.status_filter('cost centers'),
        _accounting.name_filter('cost centers'),
    ),
    example={'name': 'Tienda Chapinero', 'code': 'CC-01',
             'description': 'Punto de venta de la calle 63'},
)
