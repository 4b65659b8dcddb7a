"""What a tool call answers, and what list and get tools promise to.

A list tool declares an ``outputSchema`` of ``{"result": [record, ...]}``
(or ``{"count": N}`` with ``count=true``) and a get tool one of
``{"result": record}``, a record naming the fields its plugin shows in
its table and export.  The fields carry no types: an answer holds
what the API sends (an id as text, a nested object where a body takes an
id), and a schema the answers could break would make the client refuse
them.  Every successful call also answers the command's JSON as text,
digits exactly as the API sent them.

``export`` without ``out`` answers the data itself, as an embedded text
resource (CSV, JSON or JSON Lines), and ``pdf`` without ``out`` the
document, as an embedded base64 blob (``application/pdf``); with ``out``
they write the file on the server's machine and answer a summary.  ``mcp``
is imported by the functions that build results only: tools.py asks for
the schemas while the SDK is not loaded (``alegra mcp tools``).
"""

import base64
import json

from alegra import errors
from alegra.i18n import _

# Classes of the exit codes, for tool errors: "[exit 5: not-found]".
CLASSES = {code: name for code, name, _ in errors.EXIT_CODES}
# Lines of a command's stderr passed on to the agent, at the most.
MAX_NOTES = 50
MIME_TYPES = {'csv': 'text/csv', 'json': 'application/json',
              'jsonl': 'application/jsonl'}


def output_schema(verb, resource):
    """The ``outputSchema`` of a resource's list or get tool, else None."""
    if resource is None or verb not in ('list', 'get'):
        return None
    record = {'type': 'object'}
    fields = _fields(resource)
    if fields:
        record['properties'] = fields
    if verb == 'get':
        return {'type': 'object', 'properties': {'result': record},
                'required': ['result']}
    return {'type': 'object', 'properties': {
        'result': {'type': 'array', 'items': record,
                   'description': _('the records of the page')},
        'count': {'type': 'integer', 'minimum': 0,
                  'description': _('with count=true: how many match')}}}


def _fields(resource):
    """The fields a record is known to have: those its table and export
    show (the body schema's are in the create tool, and a tool list is
    paid for in the agent's context)."""
    shown = [column.split('.', 1)[0] for column in
             (*(resource.table_columns or ()),
              *(resource.export_columns or ()))]
    return {name: {} for name in dict.fromkeys([resource.id_field,
                                                *shown])}


def classified(message, code):
    """A tool error's text: ``message`` (an ``Error:`` line, in this run's
    language) and its exit code and class, which do not change with the
    language: ``Error: ... [exit 5: not-found]``."""
    return f'{message} [exit {code}: {CLASSES.get(code, "error")}]'


def failure(call):
    """The tool error text of a call that failed, or None: the command's
    last ``Error:`` line, its exit code and class, and its other lines
    (the rows of an import) after it."""
    if call.code == errors.OK:
        return None
    lines = call.stderr.getvalue().splitlines()
    notes = [line for line in lines if not line.startswith('Error:')]
    failures = [line for line in lines if line.startswith('Error:')]
    message = failures[-1] if failures else \
        'Error: ' + _('exit {code}').format(code=call.code)
    detail = ''.join('\n' + line for line in notes[-MAX_NOTES:])
    return classified(message, call.code) + detail


def answer(call):
    """``(data, text)`` of a call that succeeded: its JSON parsed and as
    printed, or, when it printed nothing (export and pdf to a file,
    import), the summary it wrote on stderr."""
    text = call.stdout.getvalue().strip()
    notes = call.stderr.getvalue().splitlines()
    if not text and notes:
        summary = {'message': '\n'.join(notes[-MAX_NOTES:])}
        return summary, summary['message']
    try:
        return (json.loads(text) if text else None), text
    except ValueError:
        return text, text


def error_result(text):
    from mcp import types
    return types.CallToolResult(
        content=[types.TextContent(type='text', text=text)], is_error=True)


def tool_result(call, arguments):
    """The ``CallToolResult`` of a finished call."""
    from mcp import types
    spec = call.spec
    problem = failure(call)
    if problem:
        return error_result(problem)
    if spec.verb == 'export' and not arguments.get('out'):
        return _export(call, arguments)
    if spec.verb == 'pdf' and not arguments.get('out'):
        return _document(call, arguments)
    data, text = answer(call)
    structured = {'result': data}
    if spec.verb == 'list' and arguments.get('count'):
        structured = {'count': data}
    if getattr(spec, 'output_schema', None) and not _fits(spec.verb,
                                                          structured):
        # Never an answer that breaks the promised schema.
        return error_result(classified('Error: ' + _(
            'the command answered {text!r}, not what {tool} answers').format(
                text=text[:80], tool=spec.name), errors.SERVER))
    return types.CallToolResult(
        content=[types.TextContent(type='text', text=text)],
        structured_content=structured)


def _fits(verb, structured):
    if verb == 'get':
        return isinstance(structured['result'], dict)
    if 'count' in structured:
        return isinstance(structured['count'], int)
    return isinstance(structured['result'], list) and all(
        isinstance(record, dict) for record in structured['result'])


def _summary(call):
    lines = call.stderr.getvalue().splitlines()
    return '\n'.join(lines[-MAX_NOTES:])


def _export(call, arguments):
    from mcp import types
    kind = arguments.get('format') or 'csv'
    resource = call.spec.resource
    return types.CallToolResult(content=[
        types.TextContent(type='text', text=_summary(call)),
        types.EmbeddedResource(type='resource', resource=(
            types.TextResourceContents(
                uri=f'alegra://export/{resource}.{kind}',
                mime_type=MIME_TYPES[kind],
                text=call.stdout.getvalue())))])


def _document(call, arguments):
    from mcp import types

    from alegra.mcp import resources
    if call.document is None:
        return error_result(classified('Error: ' + _(
            'the PDF is {size:,} bytes, more than the {limit} MB an answer '
            'carries (give out to write it to a file on the server)').format(
                size=call.document_size, limit=_megabytes()), errors.USAGE))
    ident = resources.ident_argument(call.spec, arguments)
    return types.CallToolResult(content=[
        types.TextContent(type='text', text=_(
            '{resource} {id}: PDF, {size:,} bytes').format(
                resource=call.spec.resource, id=ident,
                size=len(call.document))),
        types.EmbeddedResource(type='resource', resource=(
            types.BlobResourceContents(
                uri=resources.pdf_uri(call.spec.resource, ident),
                mime_type='application/pdf',
                blob=base64.b64encode(call.document).decode('ascii'))))])


def _megabytes():
    from alegra.mcp import calls
    return calls.MAX_DOCUMENT // (1024 * 1024)
