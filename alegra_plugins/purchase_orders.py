"""Purchase orders: goods and services ordered from providers
(``/purchase-orders``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _documents

SCHEMA = _documents.purchase_document('Purchase order', {
    'deliveryDate': schema.date('expected delivery, yyyy-MM-dd'),
})

RESOURCE = Resource(
    name='purchase-orders',
    path='/purchase-orders',
    summary='orders to providers',
    pdf=True,
    schema=SCHEMA,
    table_columns=(*_documents.table_columns('provider', 'number'),
                   'deliveryDate'),
    export_columns=_documents.export_columns(
        'provider', 'number', 'purchases.items', ('date', 'deliveryDate')),
    import_mapping=_documents.import_mapping(
        'provider', 'purchases.items', ('date', 'deliveryDate')),
    filters=(
        _documents.status('purchase orders'),
        _documents.by_provider('purchase orders'),
        _documents.by_number('purchase orders'),
        Filter('warehouse_id', 'purchase orders for this warehouse id',
               flag='warehouse'),
        Filter('deliveryDate', 'purchase orders to be delivered this day '
               '(yyyy-mm-dd)', flag='delivery-date'),
        *_documents.by_date('purchase orders'),
    ),
    actions=(
        _documents.void('purchase order'),
        _documents.email('purchase order', party='provider'),
        _documents.comments('purchase order'),
    ),
    **_documents.numbered(),
    example={
        'date': '2026-03-16',
        'deliveryDate': '2026-03-23',
        'provider': {'id': '7'},
        'purchases': {'items': [{'id': '2', 'price': 12500,
                                 'quantity': 60, 'tax': [{'id': '1'}]}]},
    },
)
