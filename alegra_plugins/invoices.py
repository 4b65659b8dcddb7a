"""Invoices: the company's sales invoices (``/invoices``)."""

from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _documents

RESOURCE = Resource(
    name='invoices',
    path='/invoices',
    summary='sales invoices',
    package=__package__,
    schema='schemas/invoices.json',
    table_columns=('id', 'numberTemplate.fullNumber', 'date', 'dueDate',
                   'client.name', 'status', 'total', 'balance'),
    export_columns=('id', 'numberTemplate.fullNumber', 'date', 'dueDate',
                    'status', 'client.id', 'client.name',
                    'client.identification', 'subtotal', 'tax', 'total',
                    'totalPaid', 'balance', 'observations',
                    'items.0.id', 'items.0.name', 'items.0.price',
                    'items.0.quantity'),
    import_mapping={
        'date': 'date',
        'dueDate': 'dueDate',
        'status': 'status',
        'client.id': 'client.id',
        'observations': 'observations',
        'items.0.id': 'items.0.id',
        'items.0.name': 'items.0.name',
        'items.0.price': 'items.0.price',
        'items.0.quantity': 'items.0.quantity',
    },
    filters=(
        Filter('status', 'invoices in this state',
               choices=('draft', 'open', 'closed', 'void')),
        Filter('client_id', 'invoices of this client id', flag='client'),
        Filter('client_name', 'invoices whose client name matches'),
        Filter('client_identification',
               'invoices of the client with this identification number'),
        Filter('numberTemplate_fullNumber',
               'the invoice with this full number (FV-123)', flag='number'),
        Filter('item_id', 'invoices with a line of this item id',
               flag='item'),
        Filter('date', 'invoices dated this day (yyyy-mm-dd)'),
        Filter('dueDate', 'invoices due this day (yyyy-mm-dd)',
               flag='due-date'),
        Filter('date_afterOrNow', 'invoices dated this day or later',
               flag='since'),
        Filter('date_beforeOrNow', 'invoices dated this day or earlier',
               flag='until'),
        Filter('dueDate_beforeOrNow', 'invoices due this day or earlier',
               flag='due-until'),
    ),
    pdf=True,
    **_documents.numbered(keys=(_documents.NUMBER,)),
    example={'date': '2026-06-06', 'dueDate': '2026-06-21',
             'client': {'id': '1'},
             'items': [{'id': '1', 'price': 52000, 'quantity': 1,
                        'tax': [{'id': '1'}]}]},
    actions=(
        _documents.void('invoice'),
        _documents.reopen('invoice',
                          'reopen a voided invoice or open a draft'),
        _documents.email('invoice', sent=_documents.INVOICE_SENT),
        Action('stamp', 'emit invoices electronically to the tax authority',
               path='stamp', takes_id=False, batch=10, emits=True),
        Action('preview', 'get a PDF preview of an invoice body, '
               'without creating it', path='preview', takes_id=False,
               body=True, answer={
                   'url': 'http://127.0.0.1/sandbox-preview.pdf',
                   'message': 'vista previa (sandbox)'}),
        Action.attachment('an invoice'),
    ),
)
