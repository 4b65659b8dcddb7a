"""A plugin module whose import fails."""

import alegra_no_such_module  # noqa: F401

from alegra.registry import Resource

RESOURCE = Resource(name='unimportable', path='/unimportable', summary='x')
