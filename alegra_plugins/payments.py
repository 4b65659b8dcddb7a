"""Payments: money received (``in``) and paid out (``out``) (``/payments``)."""

from alegra import schema
from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _documents

SCHEMA = schema.body('Payment', {
    'date': schema.date(),
    'type': schema.enum('in', 'out', description='in: received from a '
                        'client; out: paid to a provider (an expense)'),
    'bankAccount': schema.reference('the bank account the money enters or '
                                    'leaves'),
    'paymentMethod': schema.text(
        'cash, transfer, check, deposit, credit-card, ... (the accepted '
        'values vary by country and are not documented)'),
    'client': schema.reference('the contact who pays or is paid'),
    'invoices': _documents.applications('invoices it pays (type in)'),
    'bills': _documents.applications('bills it pays (type out)'),
    'categories': _documents.categories(
        'amounts against ledger accounts instead of documents'),
    'retentions': _documents.retentions(),
    'currency': schema.currency(),
    'costCenter': schema.reference(),
    'numberTemplate': _documents.number_template(),
    'observations': schema.text('not printed', 500),
    'anotation': schema.text('printed on the receipt', 500),
    'comments': schema.array(schema.text()),
}, required=('date', 'bankAccount', 'paymentMethod'))

RESOURCE = Resource(
    name='payments',
    path='/payments',
    summary='payments received and made',
    pdf=True,
    schema=SCHEMA,
    table_columns=('id', 'number', 'date', 'type', 'client.name', 'amount',
                   'status'),
    export_columns=('id', 'number', 'date', 'type', 'status',
                    'paymentMethod', 'bankAccount.id', 'client.id',
                    'client.name', 'amount', 'invoices.0.id',
                    'invoices.0.amount', 'bills.0.id', 'bills.0.amount',
                    'observations'),
    import_mapping={path: path for path in (
        'date', 'type', 'paymentMethod', 'bankAccount.id', 'client.id',
        'invoices.0.id', 'invoices.0.amount', 'bills.0.id',
        'bills.0.amount', 'observations')},
    filters=(
        Filter('type', 'only payments received (in) or made (out)',
               choices=('in', 'out')),
        _documents.status('payments', choices=('open', 'void')),
        *_documents.by_client('payments'),
        Filter('bankAccount_id', 'payments into or out of this bank account '
               'id', flag='bank-account'),
        *_documents.by_date('payments', note='; the API may ignore it'),
    ),
    actions=(
        _documents.void('payment'),
        _documents.reopen('payment'),
        _documents.emit('payment'),
        Action.attachment('a payment'),
    ),
    **_documents.numbered(),
    example={
        'date': '2026-03-20',
        'type': 'in',
        'client': {'id': '5'},
        'bankAccount': {'id': '1'},
        'paymentMethod': 'transfer',
        'invoices': [{'id': '5', 'amount': 100000}],
    },
)
