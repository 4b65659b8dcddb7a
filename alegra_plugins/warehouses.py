"""Warehouses: the places where the company keeps stock (``/warehouses``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('id', 'name', 'address', 'observations', 'isDefault', 'status')

SCHEMA = _catalog.settings_body('Warehouse (create body)', {
    'address': schema.text(),
    'observations': schema.text(),
    'isDefault': schema.boolean('the warehouse documents use by default'),
    'costCenter': schema.reference(),
})

RESOURCE = Resource(
    name='warehouses',
    path='/warehouses',
    summary='places where stock is kept',
    schema=SCHEMA,
    table_columns=('id', 'name', 'address', 'isDefault', 'status'),
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    filters=(
        _catalog.name_filter('warehouses'),
        _catalog.status_filter('warehouses'),
    ),
    example={'name': 'Bodega Medellín', 'address': 'Calle 10 # 52-18',
             'isDefault': False},
)
