"""Payment terms: how many days a client has to pay (``/terms``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('id', 'name', 'days')

RESOURCE = Resource(
    name='terms',
    path='/terms',
    summary='payment terms: days a client has to pay',
    schema=schema.body('Payment term (create body)', {
        'name': _catalog.name(),
        'days': _catalog.whole('days until payment is due'),
    }, required=('name',)),
    table_columns=COLUMNS,
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    example={'name': 'Crédito 45 días', 'days': 45},
)
