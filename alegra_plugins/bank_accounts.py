"""Bank accounts: the company's bank, credit-card and cash accounts
(``/bank-accounts``)."""

from alegra import schema
from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _accounting

TYPES = ('bank', 'credit-card', 'cash')
BOOLEAN = ('true', 'false')

TRANSFER_BODY = schema.body('Bank transfer (action body)', {
    'idDestination': {'type': ['string', 'integer'],
                      'description': 'the id of the receiving account'},
    'amount': {'type': 'number', 'exclusiveMinimum': 0},
    'date': schema.date(),
    'observations': schema.text(),
    'exchangeRate': schema.amount('between the two currencies'),
}, required=('idDestination', 'amount', 'date'))

RESOURCE = Resource(
    name='bank-accounts',
    path='/bank-accounts',
    summary='bank, credit-card and cash accounts',
    schema=_accounting.named_body('Bank account', {
        'type': schema.enum(*TYPES, description=', '.join(TYPES)),
        'number': schema.text('the account number'),
        'description': schema.text(),
        'initialBalance': schema.amount('opening balance', minimum=None),
        'initialBalanceDate': schema.date('date of the opening balance, '
                                          'yyyy-MM-dd'),
    }, required=('type', 'initialBalance')),
    table_columns=('id', 'name', 'type', 'number', 'balance', 'status'),
    export_columns=('id', 'name', 'type', 'number', 'description',
                    'initialBalance', 'initialBalanceDate', 'balance',
                    'status'),
    import_mapping={
        'name': 'name',
        'type': 'type',
        'number': 'number',
        'description': 'description',
        'initialBalance': 'initialBalance',
        'initialBalanceDate': 'initialBalanceDate',
        'status': 'status',
    },
    filters=(
        Filter('includeInactive', 'also list inactive accounts',
               choices=BOOLEAN, selects=False),
        Filter('includeBalance', 'include each account balance',
               choices=BOOLEAN, selects=False),
    ),
    actions=(
        Action('transfer', 'move money to another account (posts to '
               '/bank-accounts/{id}/transfer; one older client posts to '
               '/bank-accounts/transfer with from and to instead)',
               body=True, schema=TRANSFER_BODY, effect='transfer'),
    ),
    example={'name': 'Caja menor', 'type': 'cash',
             'initialBalance': 200000, 'initialBalanceDate': '2026-01-01'},
)
