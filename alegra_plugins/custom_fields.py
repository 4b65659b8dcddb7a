"""Custom fields: extra fields the company adds to its records
(``/custom-fields``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('id', 'name', 'type', 'resourceType', 'defaultValue', 'status')

RESOURCE = Resource(
    name='custom-fields',
    path='/custom-fields',
    summary='extra fields added to records',
    schema=_catalog.settings_body('Custom field (create body)', {
        'type': schema.text('the kind of value: text, number, date, list, '
                            '... (values not confirmed)'),
        'resourceType': schema.text('the records it applies to, such as '
                                    'item'),
        'description': schema.text(),
        'defaultValue': {'description': 'the value new records take'},
        'options': schema.array({'type': ['string', 'object']},
                                'the choices of a list field'),
        'settings': schema.obj({
            'isRequired': schema.boolean(),
            'printOnInvoices': schema.boolean(),
            'showInItemVariants': schema.boolean(),
        }),
    }),
    table_columns=COLUMNS,
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    filters=(
        Filter('name_query', 'fields whose name matches', flag='name',
               selects=False),
        Filter('resourceType', 'fields of this kind of record (item, ...)',
               flag='resource-type'),
        Filter('type', 'fields of this kind of value'),
        _catalog.status_filter('fields'),
    ),
    example={'name': 'Origen', 'type': 'text', 'resourceType': 'item',
             'defaultValue': 'Huila'},
)
