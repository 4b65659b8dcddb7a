"""Resources that break the plugin contract, one way each.

``widgets`` fails to import, ``sprockets`` has a schema file that is not
JSON, ``gizmos`` is written for a registry API this alegra does not run:
loading them fails, so alegra sets them aside.  ``cogs`` loads, and its
commands run, but ``alegra plugins check`` finds its example and its import
mapping at odds with its schema.
"""

from alegra import schema
from alegra.registry import Resource

COG = schema.body('Cog (create body)', {
    'name': schema.text('what the cog is called'),
    'teeth': {'type': 'integer', 'minimum': 3},
}, required=('name', 'teeth'))

SPROCKETS = Resource(name='sprockets', path='/sprockets',
                     summary='sprockets with a schema file that is no JSON',
                     schema='schemas/sprocket.json', package=__package__)
GIZMOS = Resource(name='gizmos', path='/gizmos',
                  summary='gizmos for a registry API to come', api=2)
COGS = Resource(name='cogs', path='/cogs', summary='cogs at odds with their '
                'schema', schema=COG,
                import_mapping={'Name': 'name', 'Teeth': 'tooth_count'},
                example={'name': 'Piñón'})
