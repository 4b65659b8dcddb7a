"""Plugins that break the contract one way each, for the tests of
:mod:`alegra.registry` and ``alegra plugins``; :class:`Installed` publishes
them as if a package had been installed."""

import importlib.metadata

import fixtures

from alegra import registry
from alegra import schema
from alegra.registry import Action
from alegra.registry import Filter
from alegra.registry import Resource

GADGET = schema.body('Gadget', {
    'name': schema.text(),
    'price': schema.amount(),
    'maker': schema.reference(),
}, required=('name', 'price'))


def gadgets(name, **fields):
    """A resource like the example plugin's, with ``fields`` changed."""
    fields = {'path': '/' + name, 'summary': f'{name} for the tests',
              'schema': GADGET, 'table_columns': ('id', 'name', 'price'),
              'import_mapping': {'name': 'name', 'price': 'price'},
              'example': {'name': 'Taza', 'price': 9}, **fields}
    return Resource(name=name, **fields)


# Passes every check.
SOUND = gadgets('sound', actions=(Action('retire', 'retire it'),))
# Broken for the cheap checks: loading them fails.
BAD_JSON = gadgets('bad-json', schema='schemas/bad.json',
                   package=__package__)
NO_SCHEMA_FILE = gadgets('no-schema-file', schema='schemas/missing.json',
                         package=__package__)
FUTURE = gadgets('future', api=2)
NOT_A_RESOURCE = {'name': 'dict'}
# Broken for the full checks only (``alegra plugins check``).
INVALID_SCHEMA = gadgets('invalid-schema', schema=dict(
    GADGET, properties=dict(GADGET['properties'], name={'type': 'text'})))
BAD_EXAMPLE = gadgets('bad-example', example={'name': 'Taza',
                                              'price': 'free'})
BAD_MAPPING = gadgets('bad-mapping', import_mapping={'Colour': 'colour'})
BAD_COLUMNS = gadgets('bad-columns', table_columns=('id', 'unit price'))
CLASHING_FLAG = gadgets('clashing-flag', filters=(Filter('limit', 'x'),))
MISNAMED = gadgets('misnamed-resource')


class Installed(fixtures.Fixture):
    """Entry points added to stevedore's listing of a group, beside the
    installed ones, as if a package published them: ``name='module:attr'``.
    """

    def __init__(self, group=registry.RESOURCE_GROUP, **plugins):
        super().__init__()
        self.group = group
        self.plugins = plugins

    def _setUp(self):
        import stevedore
        listing = dict(stevedore.ExtensionManager.ENTRY_POINT_CACHE)
        installed = stevedore.NamedExtensionManager(
            self.group, names=[]).list_entry_points()
        listing[self.group] = list(installed) + [
            importlib.metadata.EntryPoint(name, value, self.group)
            for name, value in self.plugins.items()]
        self.useFixture(fixtures.MockPatchObject(
            stevedore.ExtensionManager, 'ENTRY_POINT_CACHE', listing))


def published(name, attribute=None, group=registry.RESOURCE_GROUP):
    """The entry point ``name = tests.unit.fake_plugins:ATTRIBUTE``."""
    attribute = attribute or name.upper().replace('-', '_')
    return importlib.metadata.EntryPoint(
        name, f'{__name__}:{attribute}', group)
