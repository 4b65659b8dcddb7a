"""Currencies: the foreign currencies of a multicurrency company, by ISO
code (``/currencies``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _catalog

COLUMNS = ('code', 'name', 'symbol', 'exchangeRate', 'status')

RESOURCE = Resource(
    name='currencies',
    path='/currencies',
    summary='foreign currencies and their exchange rates, by ISO code',
    schema=schema.body('Currency (create body)', {
        'code': schema.text('ISO 4217 code, such as USD') |
        {'pattern': '^[A-Z]{3}$'},
        'exchangeRate': schema.amount('units of the company currency per '
                                      'unit of this one') |
        {'exclusiveMinimum': 0},
        'name': schema.text(),
        'symbol': schema.text(),
        'status': _catalog.status(),
    }, required=('code', 'exchangeRate')),
    table_columns=COLUMNS,
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    id_field='code',
    # The seeded company already has USD.
    example={'code': 'EUR', 'exchangeRate': 4500, 'name': 'Euro',
             'symbol': '€'},
)
