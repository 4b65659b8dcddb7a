"""Sellers: the salespeople documents are credited to (``/sellers``)."""

from alegra.registry import Resource
from alegra_plugins import _accounting

RESOURCE = Resource(
    name='sellers',
    path='/sellers',
    summary='salespeople credited on documents',
    schema=_accounting.named_body('Seller', {
        # Alegra answers with the identification as a JSON number.
        'identification': {'type': ['string', 'integer'],
                           'description': 'identification number'},
        'observations': {'type': 'string'},
    }),
    table_columns=('id', 'name', 'identification', 'observations',
                   'status'),
    export_columns=('id', 'name', 'identification', 'observations',
                    'status'),
    import_mapping={
        'name': 'name',
        'identification': 'identification',
        'observations': 'observations',
        'status': 'status',
    },
    filters=(_accounting.status_filter('sellers'),),
    example={'name': 'Laura Restrepo', 'identification': '1020304050',
             'observations': 'Ventas a cafeterías de Bogotá'},
)
