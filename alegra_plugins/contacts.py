"""Contacts: the company's clients and providers (``/contacts``)."""

from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import NaturalKey
from alegra.registry import Resource

RESOURCE = Resource(
    name='contacts',
    path='/contacts',
    summary='clients and providers',
    package=__package__,
    schema='schemas/contacts.json',
    table_columns=('id', 'name', 'identification', 'email', 'type',
                   'status'),
    export_columns=('id', 'name', 'identification',
                    'identificationObject.type', 'identificationObject.number',
                    'kindOfPerson', 'type',
                    'email', 'phonePrimary', 'mobile', 'address.address',
                    'address.city', 'status'),
    import_mapping={
        'name': 'name',
        'identificationObject.type': 'identification.type',
        'identificationObject.number': 'identification.number',
        'kindOfPerson': 'kindOfPerson',
        'type': 'type',
        'email': 'email',
        'phonePrimary': 'phonePrimary',
        'mobile': 'mobile',
        'address.address': 'address.address',
        'address.city': 'address.city',
    },
    natural_keys=(
        NaturalKey(('identification',), {'identification': 'identification'}),
        NaturalKey(('name', 'email'), {'email': 'email'}),
    ),
    example={'name': 'Distribuidora Ñandú SAS',
             'identification': {'type': 'NIT', 'number': '900123456'},
             'type': ['client'], 'kindOfPerson': 'LEGAL_ENTITY'},
    actions=(Action.attachment('a contact'),),
    filters=(
        Filter('type', 'only clients or only providers',
               choices=('client', 'provider')),
        Filter('name', 'contacts whose name matches'),
        Filter('identification', 'contacts with this identification number'),
        Filter('email', 'contacts with this email'),
    ),
)
