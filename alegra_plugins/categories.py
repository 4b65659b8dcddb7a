"""Categories: the chart of accounts, ledger accounts rather than item
categories (``/categories``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _accounting

# Known account types; Alegra has more (productionCost, order, ...), so the
# schema takes any text.
TYPES = ('income', 'expense', 'asset', 'liability', 'equity', 'cost')
NATURES = ('debit', 'credit')

RESOURCE = Resource(
    name='categories',
    path='/categories',
    summary='chart of accounts (ledger accounts)',
    schema=_accounting.named_body('Ledger account', {
        'idParent': {'type': ['string', 'integer'],
                     'description': 'the id of the parent account'},
        'code': schema.text('the account code (PUC in Colombia)'),
        'description': schema.text(),
        'type': schema.text(', '.join(TYPES) + ', ...') | {
            'examples': list(TYPES)},
        'nature': schema.enum(*NATURES, description='debit or credit'),
    }),
    verbs=('list', 'get', 'create', 'update'),
    table_columns=('id', 'code', 'name', 'type', 'nature', 'idParent',
                   'status'),
    export_columns=('id', 'idParent', 'code', 'name', 'description', 'type',
                    'nature', 'status'),
    import_mapping={
        'idParent': 'idParent',
        'code': 'code',
        'name': 'name',
        'description': 'description',
        'type': 'type',
        'nature': 'nature',
    },
    filters=(
        Filter('format', 'tree (accounts nest their children) or plain',
               choices=('tree', 'plain'), flag='layout', selects=False),
        Filter('type', 'accounts of this type: ' + ', '.join(TYPES)
               + ', ...'),
    ),
    example={'name': 'Publicidad en redes sociales', 'idParent': '5',
             'code': '523505', 'type': 'expense', 'nature': 'debit'},
)
