"""A plugin module that imports a package nobody installed."""

import alegra_widgets_sdk  # noqa: F401

from alegra.registry import Resource

RESOURCE = Resource(name='widgets', path='/widgets', summary='widgets')
