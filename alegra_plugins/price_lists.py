"""Price lists: fixed prices or a percentage off the general price
(``/price-lists``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('id', 'name', 'type', 'percentage', 'description', 'status')

RESOURCE = Resource(
    name='price-lists',
    path='/price-lists',
    summary='fixed prices or a percentage off the general price',
    schema=_catalog.settings_body('Price list (create body)', {
        'type': schema.enum('amount', 'percentage',
                            description='amount: a price per item; '
                                        'percentage: off the general price'),
        'percentage': _catalog.percentage(
            'percent off the general price (percentage lists)') |
        {'type': ['number', 'null']},
        'description': schema.text(),
    }),
    table_columns=COLUMNS,
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    filters=(_catalog.status_filter('price lists'),),
    example={'name': 'Clientes frecuentes', 'type': 'percentage',
             'percentage': 5},
)
