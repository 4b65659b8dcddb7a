"""The generic verbs, written once and bound to each resource plugin.

``commands_for(resource)`` returns one cliff command class per verb the
plugin supports; the class only adds the resource to the generic verb.
"""

from alegra.verbs import action
from alegra.verbs import delete
from alegra.verbs import export
from alegra.verbs import imports
from alegra.verbs import listing
from alegra.verbs import pdf
from alegra.verbs import show
from alegra.verbs import write

VERB_CLASSES = {
    'list': listing.List,
    'get': show.Get,
    'create': write.Create,
    'update': write.Update,
    'delete': delete.Delete,
    'import': imports.Import,
    'export': export.Export,
}


def commands_for(resource):
    """``{verb: command class}`` for every verb and action of a resource."""
    commands = {}
    for verb, base in VERB_CLASSES.items():
        if resource.supports(verb):
            commands[verb] = bind(base, resource)
    if resource.pdf:
        commands['pdf'] = bind(pdf.Pdf, resource)
    for spec in resource.actions:
        commands[spec.name] = bind(action.RunAction, resource, action=spec)
    return commands


def bind(base, resource, **attributes):
    """A subclass of ``base`` serving ``resource``."""
    name = base.__name__ + ''.join(
        part.capitalize() for part in resource.name.replace('_', '-')
        .split('-'))
    attributes.update(resource=resource, __module__=base.__module__)
    return type(name, (base,), attributes)
