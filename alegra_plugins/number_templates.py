"""Number templates: the numberings (and DIAN resolutions) of documents
(``/number-templates``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _catalog

DOCUMENT_TYPES = ('invoice', 'estimate', 'creditNote', 'debitNote',
                  'incomeDebitNote', 'supportDocument', 'transactionIn',
                  'transactionOut')

SCHEMA = _catalog.settings_body('Number template (create body)', {
    'prefix': schema.text(),
    'documentType': schema.enum(*DOCUMENT_TYPES,
                                description='the documents it numbers'),
    'nextInvoiceNumber': _catalog.whole('the number the next document '
                                        'takes', minimum=1),
    'minInvoiceNumber': _catalog.whole('first number authorized',
                                       minimum=1),
    'maxInvoiceNumber': _catalog.whole('last number authorized', minimum=1),
    'resolutionNumber': schema.text('the tax authority resolution'),
    'startDate': schema.date('first day of the resolution, yyyy-MM-dd'),
    'endDate': schema.date('last day of the resolution, yyyy-MM-dd'),
    'isDefault': schema.boolean('the default numbering of its documents'),
    'isElectronic': schema.boolean('used for electronic invoicing'),
    'autoincrement': schema.boolean('number documents automatically'),
    'invoiceText': schema.text('printed on the documents'),
})

COLUMNS = ('id', 'name', 'prefix', 'documentType', 'nextInvoiceNumber',
           'minInvoiceNumber', 'maxInvoiceNumber', 'resolutionNumber',
           'startDate', 'endDate', 'isDefault', 'isElectronic', 'status')

RESOURCE = Resource(
    name='number-templates',
    path='/number-templates',
    summary='numberings of documents (DIAN resolutions)',
    schema=SCHEMA,
    table_columns=('id', 'name', 'prefix', 'documentType',
                   'nextInvoiceNumber', 'isElectronic', 'status'),
    export_columns=COLUMNS,
    import_mapping=_catalog.same_names(COLUMNS),
    filters=(
        Filter('documentType', 'numberings of this kind of document',
               choices=DOCUMENT_TYPES, flag='document-type'),
        _catalog.status_filter('numberings'),
    ),
    example={'name': 'Cotizaciones', 'prefix': 'COT',
             'documentType': 'estimate', 'nextInvoiceNumber': 1},
)
