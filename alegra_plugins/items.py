"""Items: the products, services and kits the company sells (``/items``)."""

from alegra.registry import Filter
from alegra.registry import Resource

RESOURCE = Resource(
    name='items',
    path='/items',
    summary='products, services and kits',
    package=__package__,
    schema='schemas/items.json',
    table_columns=('id', 'name', 'reference', 'price.0.price', 'status',
                   'inventory.availableQuantity'),
    export_columns=('id', 'name', 'reference', 'description', 'price.0.price',
                    'tax.0.id', 'type', 'status', 'inventory.unit',
                    'inventory.unitCost', 'inventory.availableQuantity'),
    import_mapping={
        'name': 'name',
        'reference': 'reference',
        'description': 'description',
        'price.0.price': 'price',
        'tax.0.id': 'tax.0.id',
        'inventory.unit': 'inventory.unit',
        'inventory.unitCost': 'inventory.unitCost',
    },
    filters=(
        Filter('name', 'items whose name matches'),
        Filter('reference', 'items with this reference (SKU)'),
        Filter('type', 'item type',
               choices=('simple', 'kit', 'variantParent')),
        Filter('status', 'active or inactive items',
               choices=('active', 'inactive')),
        Filter('idWarehouse', 'items stocked in this warehouse id',
               flag='warehouse'),
        Filter('priceList_id', 'prices from this price list id',
               flag='price-list'),
        Filter('idItemCategory', 'items of this item category id',
               flag='item-category'),
    ),
)
