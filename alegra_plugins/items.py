"""Items: the products, services and kits the company sells (``/items``)."""

from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import NaturalKey
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
    natural_keys=(
        NaturalKey(('reference',), {'reference': 'reference'}),
        NaturalKey(('name',), {'name': 'name'}),
    ),
    example={'name': 'Consultoría mensual', 'price': 500000,
             'tax': [{'id': '1'}]},
    actions=(
        Action('stock', 'show the stock of an item, per warehouse',
               method='GET', path='{id}', show='inventory'),
    ),
    filters=(
        Filter('name', 'items whose name matches'),
        Filter('reference', 'items with this reference (SKU)'),
        Filter('type', 'item type',
               choices=('simple', 'kit', 'variantParent')),
        Filter('status', 'active or inactive items',
               choices=('active', 'inactive')),
        Filter('idWarehouse', 'stock shown for this warehouse id',
               flag='warehouse', selects=False),
        Filter('priceList_id', 'prices shown from this price list id',
               flag='price-list', selects=False),
        Filter('idItemCategory', 'items of this item category id',
               flag='item-category', selects=False),
    ),
)
