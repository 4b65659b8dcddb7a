"""Inventory adjustment numerations: how adjustments are numbered
(``/inventory-adjustments/numerations``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _catalog

SCHEMA = _catalog.settings_body(
    'Inventory adjustment numeration (create body)', {
        'prefix': schema.text('put before each number (may be empty)'),
        'autoIncrement': schema.boolean('number adjustments automatically'),
        'startNumber': _catalog.whole('first number of the sequence'),
        'isDefault': schema.boolean('the numeration new adjustments take'),
    },
    description='Fields beyond name are not confirmed by the API docs; '
                'others are allowed.')

RESOURCE = Resource(
    name='inventory-adjustments-numerations',
    path='/inventory-adjustments/numerations',
    summary='numberings of inventory adjustments (fields unconfirmed)',
    schema=SCHEMA,
    table_columns=('id', 'name', 'prefix', 'autoIncrement', 'nextNumber',
                   'isDefault', 'status'),
    export_columns=('id', 'name', 'prefix', 'autoIncrement', 'startNumber',
                    'isDefault', 'status'),
    import_mapping=_catalog.same_names(
        ('name', 'prefix', 'autoIncrement', 'startNumber', 'isDefault',
         'status')),
    filters=(
        _catalog.name_filter('numerations'),
        _catalog.status_filter('numerations'),
        Filter('autoIncrement', 'automatic (true) or manual (false) ones',
               choices=('true', 'false')),
    ),
    example={'name': 'Ajustes bodega', 'prefix': 'AJ',
             'autoIncrement': True, 'startNumber': 1},
)
