"""Warehouse transfers: stock moved from one warehouse to another
(``/warehouse-transfers``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _catalog
from alegra_plugins import _documents

SCHEMA = schema.body(
    'Warehouse transfer (create body)', {
        'date': schema.date(),
        'origin': schema.reference('the warehouse the stock leaves'),
        'destination': schema.reference('the warehouse the stock reaches'),
        'items': _catalog.stock_lines(),
        'observations': schema.text(max_length=500),
    }, required=('date', 'origin', 'destination', 'items'))

RESOURCE = Resource(
    name='warehouse-transfers',
    path='/warehouse-transfers',
    summary='stock moved between warehouses',
    schema=SCHEMA,
    table_columns=('id', 'date', 'origin.name', 'destination.name',
                   'observations'),
    export_columns=('id', 'date', 'origin.id', 'origin.name',
                    'destination.id', 'destination.name', 'observations',
                    'items.0.id', 'items.0.quantity'),
    import_mapping={
        'date': 'date',
        'origin.id': 'origin.id',
        'destination.id': 'destination.id',
        'observations': 'observations',
        'items.0.id': 'items.0.id',
        'items.0.quantity': 'items.0.quantity',
    },
    filters=(
        Filter('date', 'transfers dated this day (yyyy-mm-dd)'),
        Filter('item_id', 'transfers moving this item id', flag='item'),
    ),
    # Not numbered, so not ordered; found again by a marker, as documents.
    marker=_documents.MARKER,
    example={'date': '2026-03-16', 'origin': {'id': '1'},
             'destination': {'id': '2'},
             'items': [{'id': '1', 'quantity': 5}],
             'observations': 'Reposición de la tienda'},
)
