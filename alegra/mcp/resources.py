"""Records readable by URI: ``alegra://invoices/5``, ``alegra://company``.

Each resource whose get tool the server offers has a resource template,
``alegra://{resource}/{id}`` spelled with the resource's name
(``alegra://invoices/{id}``, ``alegra://credit-notes/{id}``); one with a
pdf tool also has ``alegra://{resource}/{id}/pdf``.  A resource without
ids (the company) is a plain resource, ``alegra://company``.  Reading a
URI is calling the get (or pdf) tool with that id: the same command, so
the id is one percent-encoded path segment and a failure is the same one
``Error:`` line.
"""

import re
import urllib.parse

from alegra.i18n import _

SCHEME = 'alegra://'
_URI = re.compile(r'^alegra://(?P<resource>[A-Za-z0-9_-]+)'
                  r'(?:/(?P<ident>[^/?#]+)(?P<pdf>/pdf)?)?$')
JSON = 'application/json'


class UnknownUri(LookupError):
    """A URI that names no record this server offers."""


def record_uri(resource, ident):
    return f'{SCHEME}{resource}/{urllib.parse.quote(str(ident), safe="")}'


def pdf_uri(resource, ident):
    return record_uri(resource, ident) + '/pdf'


def _id_name(spec):
    """The property that holds a tool's id (``id``), or None (the
    company)."""
    return next((argument.name for argument in spec.arguments
                 if argument.option is None), None)


def ident_argument(spec, arguments):
    name = _id_name(spec)
    return arguments.get(name) if name else None


def _offered(bridge, verb):
    """``{resource: spec}`` of the offered tools of one verb."""
    return {spec.resource: spec for spec in bridge.visible()
            if spec.resource and spec.verb == verb}


def templates(bridge):
    """The resource templates, as ``ResourceTemplate`` fields."""
    found = []
    for resource, spec in sorted(_offered(bridge, 'get').items()):
        name = _id_name(spec)
        if name is None:
            continue
        found.append({
            'uri_template': f'{SCHEME}{resource}/{{{name}}}',
            'name': resource,
            'description': _('one record of {resource} ({summary}), as '
                             '{tool} answers').format(
                                 resource=resource, summary=spec.summary,
                                 tool=spec.name),
            'mime_type': JSON})
    for resource, spec in sorted(_offered(bridge, 'pdf').items()):
        name = _id_name(spec)
        found.append({
            'uri_template': f'{SCHEME}{resource}/{{{name}}}/pdf',
            'name': f'{resource}-pdf',
            'description': _('the PDF of a record of {resource}').format(
                resource=resource),
            'mime_type': 'application/pdf'})
    return found


def listed(bridge):
    """The plain resources (records without ids), as ``Resource``
    fields."""
    return [{'uri': f'{SCHEME}{resource}', 'name': resource,
             'description': _('{resource} ({summary}), as {tool} answers')
             .format(resource=resource, summary=spec.summary,
                     tool=spec.name),
             'mime_type': JSON}
            for resource, spec in sorted(_offered(bridge, 'get').items())
            if _id_name(spec) is None]


def target(bridge, uri):
    """``(spec, arguments)`` of the tool call that reads ``uri``.

    Raises :class:`UnknownUri` saying why there is none.
    """
    match = _URI.match(uri)
    if match is None:
        raise UnknownUri(_('{uri!r} is not an alegra record URI (such as '
                           '{example} or {single})').format(
                               uri=uri, example=f'{SCHEME}invoices/5',
                               single=f'{SCHEME}company'))
    resource, ident = match['resource'], match['ident']
    verb = 'pdf' if match['pdf'] else 'get'
    spec = _offered(bridge, verb).get(resource)
    if spec is None:
        if verb == 'pdf':
            message = _('no {resource} PDF is readable on this server '
                        '(resources/templates/list names those that are)')
        else:
            message = _('no {resource} record is readable on this server '
                        '(resources/templates/list names those that are)')
        raise UnknownUri(message.format(resource=resource))
    name = _id_name(spec)
    if (name is None) != (ident is None):
        raise UnknownUri(_('{uri!r}: {resource} records are read as '
                           '{form}').format(
                               uri=uri, resource=resource,
                               form=f'{SCHEME}{resource}' if name is None
                               else f'{SCHEME}{resource}/{{{name}}}'))
    return spec, ({name: urllib.parse.unquote(ident)} if name else {})
