"""Variant attributes: what item variants differ in, such as size or color
(``/variant-attributes``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

RESOURCE = Resource(
    name='variant-attributes',
    path='/variant-attributes',
    summary='what item variants differ in (size, color, ...)',
    schema=_catalog.settings_body('Variant attribute (create body)', {
        'options': schema.array(
            schema.obj({'id': dict(schema.ID), 'value': _catalog.name(
                'an option, such as Rojo or 500 g')}, required=('value',)),
            'the values the attribute takes'),
    }),
    table_columns=('id', 'name', 'options.0.value', 'options.1.value',
                   'status'),
    export_columns=('id', 'name', 'status', 'options.0.value',
                    'options.1.value', 'options.2.value'),
    import_mapping=_catalog.same_names(
        ('name', 'status', 'options.0.value', 'options.1.value',
         'options.2.value')),
    filters=(
        _catalog.name_filter('attributes'),
        _catalog.status_filter('attributes'),
    ),
    example={'name': 'Presentación',
             'options': [{'value': '250 g'}, {'value': '500 g'}]},
)
