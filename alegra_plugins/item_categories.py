"""Item categories: groups of the items the company sells
(``/item-categories``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('id', 'name', 'description', 'status')

RESOURCE = Resource(
    name='item-categories',
    path='/item-categories',
    summary='groups of items (not ledger accounts)',
    schema=_catalog.settings_body('Item category (create body)', {
        'description': schema.text(),
    }),
    table_columns=COLUMNS,
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    filters=(
        _catalog.name_filter('categories'),
        _catalog.status_filter('categories'),
    ),
    example={'name': 'Accesorios de café',
             'description': 'Tazas, molinos y prensas'},
)
