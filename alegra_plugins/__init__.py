"""The built-in resource plugins: one module per Alegra resource, mostly data.

Each module publishes ``RESOURCE``, an :class:`alegra.registry.Resource`,
through the ``alegra.resources`` entry-point group in ``setup.cfg``; its
JSON Schema lives in ``schemas/``.
"""
