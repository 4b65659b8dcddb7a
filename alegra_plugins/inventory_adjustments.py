"""Inventory adjustments: stock put in or taken out of a warehouse by hand
(``/inventory-adjustments``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _catalog
from alegra_plugins import _documents

SCHEMA = schema.body(
    'Inventory adjustment (create body)', {
        'date': schema.date(),
        'warehouse': schema.reference('the warehouse adjusted'),
        'items': _catalog.stock_lines({
            'type': schema.enum('in', 'out',
                                description='in adds stock, out removes it'),
            'unitCost': schema.amount('cost of one unit (for "in" lines)'),
        }, required=('type',)),
        'observations': schema.text(max_length=500),
        'costCenter': schema.reference(),
    }, required=('date', 'warehouse', 'items'))

RESOURCE = Resource(
    name='inventory-adjustments',
    path='/inventory-adjustments',
    summary='stock put in or taken out of a warehouse',
    schema=SCHEMA,
    table_columns=('id', 'number', 'date', 'warehouse.name', 'observations'),
    export_columns=('id', 'number', 'date', 'warehouse.id', 'warehouse.name',
                    'observations', 'items.0.id', 'items.0.type',
                    'items.0.quantity', 'items.0.unitCost'),
    import_mapping={
        'date': 'date',
        'warehouse.id': 'warehouse.id',
        'observations': 'observations',
        'items.0.id': 'items.0.id',
        'items.0.type': 'items.0.type',
        'items.0.quantity': 'items.0.quantity',
        'items.0.unitCost': 'items.0.unitCost',
    },
    filters=(
        Filter('number', 'the adjustment with this number'),
        Filter('date', 'adjustments dated this day (yyyy-mm-dd)'),
        Filter('warehouse_id', 'adjustments of this warehouse id',
               flag='warehouse'),
    ),
    **_documents.numbered(),
    example={'date': '2026-03-15', 'warehouse': {'id': '1'},
             'items': [{'id': '1', 'type': 'in', 'quantity': 10,
                        'unitCost': 31000},
                       {'id': '2', 'type': 'out', 'quantity': 2}],
             'observations': 'Conteo físico de marzo'},
)
