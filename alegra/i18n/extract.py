"""Babel extractors for what ``_()`` calls alone do not mark.

Two kinds of user-facing text are not written as ``_('...')``:

- a command's help is its class docstring, as cliff shows it; and
- a resource plugin is data: its summary and the help of its filters and
  actions are fields of a :class:`~alegra.registry.Resource`, often
  composed by shared helpers (``'invoices dated this day'``), so only
  the finished text can be translated well.

``babel.cfg`` maps alegra's sources to these (see ``doc/source/i18n.rst``);
a plugin package can map its own modules to them the same way::

    [alegra.i18n.extract:commands: mypackage/commands/**.py]
    [alegra.i18n.extract:resources: mypackage/resources/**.py]
"""

import ast
import importlib
import os
import sys


def commands(fileobj, keywords, comment_tags, options):
    """Babel's Python extraction, plus the docstring of each class that
    defines ``take_action`` (a cliff command: its docstring is its help)."""
    from babel.messages import extract

    yield from extract.extract_python(fileobj, keywords, comment_tags,
                                      options)
    fileobj.seek(0)
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
                isinstance(item, ast.FunctionDef) and
                item.name == 'take_action' for item in node.body):
            docstring = ast.get_docstring(node)
            if docstring:
                yield node.lineno, None, docstring, []


def resources(fileobj, keywords, comment_tags, options):
    """Every text of the module's ``RESOURCE`` (see :func:`texts`), found by
    importing the module; a module without one yields nothing."""
    module = importlib.import_module(_module_name(fileobj.name))
    resource = getattr(module, 'RESOURCE', None)
    if resource is not None:
        for text in texts(resource):
            yield 1, None, text, []


def texts(resource):
    """The texts a resource shows: its summary, the help of its filters
    and actions, and the field descriptions of its body schemas (an MCP
    tool's input schema carries them to the agent)."""
    found = [resource.summary]
    found += [filter_.help for filter_ in resource.filters]
    found += [action.help for action in resource.actions]
    for schema in [resource.create_schema()] + [
            action.schema for action in resource.actions]:
        found += schema_descriptions(schema)
    return [text for text in found if text]


def schema_descriptions(schema):
    """Every ``description`` string in a JSON Schema, in document order."""
    if isinstance(schema, dict):
        found = []
        for key, value in schema.items():
            if key == 'description' and isinstance(value, str):
                found.append(value)
            else:
                found += schema_descriptions(value)
        return found
    if isinstance(schema, list):
        return [text for item in schema
                for text in schema_descriptions(item)]
    return []


def _module_name(path):
    """The dotted name of the module at ``path``, importable from the
    directory above its top package."""
    directory, filename = os.path.split(os.path.abspath(path))
    parts = [os.path.splitext(filename)[0]]
    while os.path.exists(os.path.join(directory, '__init__.py')):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    if parts[-1] == '__init__':
        parts.pop()
    return '.'.join(parts)
