"""Company: the account's own company, a single record (``/company``)."""

from alegra import schema
from alegra.registry import Resource
from alegra_plugins import _accounting

RESOURCE = Resource(
    name='company',
    path='/company',
    summary="the account's company and its settings",
    schema=schema.body('Company (update)', {
        'name': _accounting.name(),
        'identification': schema.text('tax identification number'),
        'identificationObject': schema.obj({'type': schema.text(),
                                            'number': schema.text()}),
        'kindOfPerson': schema.text('LEGAL_ENTITY or PERSON_ENTITY'),
        'regime': schema.text(),
        'address': schema.obj({'address': schema.text(),
                               'city': schema.text()},
                              description='country fields allowed'),
        'email': _accounting.email(),
        'phone': schema.text(),
        'website': schema.text(),
        # Alegra answers with it as text ("2").
        'decimalPrecision': {'type': ['integer', 'string'],
                             'description': 'decimals shown in amounts'},
        'decimalSeparator': schema.text(),
        'timezone': schema.text('such as America/Bogota'),
        'multicurrency': schema.boolean(),
    }),
    verbs=('get', 'update'),
    singleton=True,
    table_columns=('name', 'identification', 'applicationVersion',
                   'email', 'phone'),
    example=None,
)
