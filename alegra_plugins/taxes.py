"""Taxes: the rates charged on document lines, such as IVA (``/taxes``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('id', 'name', 'percentage', 'type', 'description', 'status')

RESOURCE = Resource(
    name='taxes',
    path='/taxes',
    summary='rates charged on document lines (IVA, ...)',
    schema=_catalog.settings_body('Tax (create body)', {
        'percentage': _catalog.percentage(),
        'description': schema.text(),
        'type': schema.text('the kind of tax: IVA, ICO, INC, ... (by '
                            'country)'),
    }, required=('name', 'percentage')),
    table_columns=COLUMNS,
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    filters=(
        _catalog.type_filter('taxes', 'IVA, ICO, ...'),
        _catalog.status_filter('taxes'),
    ),
    example={'name': 'IVA 8%', 'percentage': 8, 'type': 'IVA',
             'description': 'Tarifa especial'},
)
