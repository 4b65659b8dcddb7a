"""Retentions: amounts withheld from payments, such as ReteFuente
(``/retentions``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('id', 'name', 'percentage', 'type', 'description', 'status')

RESOURCE = Resource(
    name='retentions',
    path='/retentions',
    summary='amounts withheld from payments (ReteFuente, ...)',
    schema=_catalog.settings_body('Retention (create body)', {
        'percentage': _catalog.percentage(),
        'description': schema.text(),
        'type': schema.text('the kind of retention (by country)'),
    }),
    table_columns=COLUMNS,
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    filters=(
        _catalog.type_filter('retentions', 'by country'),
        _catalog.status_filter('retentions'),
    ),
    example={'name': 'ReteFuente servicios 4%', 'percentage': 4,
             'description': 'Retención en la fuente por servicios'},
)
