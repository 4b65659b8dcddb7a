"""Gadgets: an example resource added to alegra from another package.

Everything alegra needs is this one object: the core turns it into
``alegra gadgets list|get|create|update|delete|import|export|recall|retire``,
the sandbox serves ``/gadgets`` from it (``retire`` sets the record's
``status`` there, as it declares), and the MCP bridge makes it tools.
"""

from alegra import schema
from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import Resource

RESOURCE = Resource(
    name='gadgets',
    path='/gadgets',
    summary='example gadgets from a third-party plugin',
    schema=schema.body('Gadget (create body)', {
        'name': schema.text('what the gadget is called'),
        'color': schema.enum('red', 'green', 'blue'),
        'price': schema.amount('unit price'),
        'maker': schema.reference('the provider (a contact id)'),
    }, required=('name', 'price')),
    table_columns=('id', 'name', 'color', 'price'),
    export_columns=('id', 'name', 'color', 'price', 'maker.id'),
    import_mapping={'name': 'name', 'color': 'color', 'price': 'price',
                    'maker.id': 'maker.id'},
    filters=(Filter('color', 'gadgets of this color',
                    choices=('red', 'green', 'blue')),),
    actions=(
        Action('recall', 'recall a faulty gadget', destructive=True),
        # What retiring does to the record, for the sandbox.
        Action('retire', 'retire a gadget from sale',
               sets={'status': 'retired'}),
    ),
    example={'name': 'Molinillo', 'price': 120000, 'color': 'red'},
)
