"""From alegra's commands to MCP tools, with no per-tool code.

Every resource command (and ``doctor``, ``limits``) becomes one tool,
``alegra_<resource>_<verb>``.  Its input schema is read off the command's
own argument parser (long option names without dashes, types, choices,
defaults, required) and, where the command takes a body, off the plugin's
JSON Schema, so an agent sees the real fields.  Calling a tool turns the
arguments back into a command line, so argparse and the schema checks stay
the single source of validation.

A tool list is paid for in the agent's context, so what is said once is
not said again: a resource's body schema and example are in its create
tool only, and its update and import tools point there (the command still
checks every body against the whole schema); what the options' help says
for a terminal (defaults the schema gives, "repeatable") is left out.
"""

import argparse
import dataclasses
import re

from alegra.i18n import _
from alegra.mcp import results

# Commands that set things up or serve: not tools.
EXCLUDED = ('auth', 'config', 'mcp', 'completion', 'help', 'sandbox',
            'webhooks', '__complete')
# Options the bridge itself decides: output is always JSON, paging is per
# page, credentials, deadlines and debugging come from the server's own
# settings.
HIDDEN = {'help', 'output', 'columns', 'dry_run', 'profile', 'base_url',
          'timeout', 'debug', 'verbose_level', 'all', 'yes', 'file', 'set'}
READ_VERBS = ('list', 'get', 'export', 'pdf', 'doctor', 'limits')
# Actions that send a POST but change nothing (a preview renders a body).
READ_ACTIONS = ('preview',)
NAME = re.compile(r'^[a-zA-Z0-9_-]{1,64}$')
# Terminal wording in option help that a schema says better, or not at all,
# in the languages alegra speaks: "(default 30)", "(predeterminado: 30)".
_DEFAULT_NOTE = re.compile(
    r'\s*\((?:default|predeterminad[oa]|por defecto):? '
    r'[^()]*(\([^()]*\)[^()]*)*\)')
_REPEATABLE = re.compile(
    r'[;,] (?:repeatable|repetible|se puede repetir|puede repetirse)$')
_OPTION = re.compile(r'--([a-z][a-z-]*)')
# Import options about files: rows come inline, and the answer has a line
# per row, so no column map, encoding, format or report file.
IMPORT_HIDDEN = ('map', 'encoding', 'format', 'report')


@dataclasses.dataclass
class Argument:
    """How one tool property becomes part of a command line."""

    name: str
    option: str = None        # None for a positional argument
    kind: str = 'value'       # value, flag, list


@dataclasses.dataclass
class ToolSpec:
    name: str
    command: str
    description: str
    input_schema: dict
    arguments: list
    read_only: bool = False
    destructive: bool = False
    idempotent: bool = False
    body: str = None          # 'body' (a JSON object) or 'rows' (import)
    # Writes a file on the server's machine (export, pdf): its annotations
    # say so, and --read-only hides it.
    writes_files: bool = False
    # The resource it works on (None for doctor, limits, the meta tools),
    # and the last word of its command: what toolsets group by.
    resource: str = None
    verb: str = ''
    summary: str = ''
    # False for tools that never reach Alegra (the toolset meta tools).
    open_world: bool = True
    # What a list or get tool's structured answer holds (results.py).
    output_schema: dict = None

    @property
    def changes_nothing(self):
        """Neither the account nor the server's machine: what --read-only
        keeps."""
        return self.read_only and not self.writes_files

    def annotations(self):
        """MCP tool annotations, as the protocol spells them.

        A tool that writes a file replaces whatever was at that path: not
        read-only, and not merely additive.
        """
        return {'readOnlyHint': self.changes_nothing,
                'destructiveHint': self.destructive or self.writes_files,
                'idempotentHint': self.idempotent,
                'openWorldHint': self.open_world}


def tool_name(command):
    return 'alegra_' + re.sub(r'[^a-zA-Z0-9]+', '_', command).strip('_')


def _json_type(action):
    if action.nargs == 0 or isinstance(action, (
            argparse._StoreTrueAction, argparse._StoreFalseAction)):
        return {'type': 'boolean'}
    declared = getattr(action.type, 'schema', None)
    if declared:
        found = dict(declared)
    elif action.type is int:
        found = {'type': 'integer'}
    else:
        found = {'type': 'string'}
    if action.choices:
        found = {'enum': list(action.choices)}
    return found


def _property(action):
    if action.option_strings:
        long = next((option for option in action.option_strings
                     if option.startswith('--')), action.option_strings[0])
        return long.lstrip('-').replace('-', '_')
    if action.nargs in ('+', '*'):
        return action.dest  # ``ids``: a list is named in the plural
    return (action.metavar or action.dest).lower()


def _help(action, schema):
    """An option's help as a property description: the schema already
    carries the default, the bounds and that a list takes many."""
    text = action.help % {'default': action.default} \
        if '%(' in action.help else action.help
    if 'default' in schema or schema.get('type') == 'boolean':
        text = _DEFAULT_NOTE.sub('', text)
    if schema.get('type') == 'array':
        text = _REPEATABLE.sub('', text)
    return _as_properties(text)


def _as_properties(text):
    """Options named as the tool's properties: ``resume``, not
    ``--resume``."""
    return _OPTION.sub(lambda found: found.group(1).replace('-', '_'),
                       text)


def _argument_schema(parser):
    properties, required, arguments = {}, [], []
    for action in parser._actions:
        if action.dest in HIDDEN or action.dest == argparse.SUPPRESS:
            continue
        name = _property(action)
        schema = _json_type(action)
        if isinstance(action, argparse._AppendAction) or \
                action.nargs in ('+', '*'):
            schema = {'type': 'array', 'items': schema}
            kind = 'list'
        elif schema.get('type') == 'boolean':
            kind = 'flag'
        else:
            kind = 'value'
        if action.default is not None and action.default is not False and \
                action.default != argparse.SUPPRESS and kind != 'list':
            schema['default'] = action.default
        if action.help and action.help != argparse.SUPPRESS:
            schema['description'] = _help(action, schema)
        properties[name] = schema
        if action.required or (not action.option_strings and
                               action.nargs not in ('?', '*')):
            required.append(name)
        arguments.append(Argument(
            name, None if not action.option_strings else
            next(option for option in action.option_strings
                 if option.startswith('--')), kind))
    return properties, required, arguments


def _body_schema(schema, partial, definitions):
    """A plugin's body schema as a tool property, its field descriptions
    in the run's language; its ``$defs`` move to the tool schema's top,
    where its ``#/$defs/...`` links point."""
    schema = _translated(schema or {})
    body = {key: value for key, value in schema.items()
            if key not in ('$schema', 'title', '$defs')}
    definitions.update(schema.get('$defs', {}))
    if partial:
        body.pop('required', None)
    body.setdefault('type', 'object')
    return body


def _translated(schema):
    """A copy of a JSON Schema with each ``description`` translated (the
    plugin's catalog has them: :func:`alegra.i18n.extract.texts`)."""
    if isinstance(schema, dict):
        return {key: _(value) if key == 'description' and
                isinstance(value, str) else _translated(value)
                for key, value in schema.items()}
    if isinstance(schema, list):
        return [_translated(item) for item in schema]
    return schema


def _annotate(spec, verb, action):
    if verb in READ_VERBS or (action is not None and (
            action.method == 'GET' or action.name in READ_ACTIONS)):
        spec.read_only = spec.idempotent = True
    elif verb == 'update':
        spec.idempotent = True
    elif verb == 'delete':
        spec.destructive = spec.idempotent = True
    elif action is not None and (action.destructive or action.emits):
        spec.destructive = True
    if verb in ('export', 'pdf'):
        spec.writes_files = True


def build(app):
    """Every tool the installed commands offer, by name, and the two
    toolset tools (which a server with every toolset enabled hides).

    Descriptions are in this run's language (:mod:`alegra.i18n`): a
    server builds its tools once the language is chosen, never at import.
    """
    from alegra.mcp import toolsets
    manager = app.command_manager
    manager.load_all()
    for reason in sorted(manager.broken.values()):
        app.warn(reason)
    specs = {}
    for command, entry_point in sorted(manager.commands.items()):
        if command.split(' ', 1)[0] in EXCLUDED:
            continue
        try:
            factory = entry_point.load()
            instance = factory(app, None, cmd_name=command)
            spec = _spec(command, instance)
        except Exception as exc:  # a broken plugin costs its own tools only
            app.warn(_('{command}: cannot be a tool ({kind}: {reason})')
                     .format(command=command, kind=type(exc).__name__,
                             reason=exc))
            continue
        if NAME.match(spec.name):
            specs[spec.name] = spec
    specs.update(toolsets.meta_specs())
    return specs


def _description(instance, resource, action, verb, create_tool):
    """What the agent reads about a tool: the command's own description,
    made exact where the command line's wording is loose."""
    description = _as_properties(instance.get_description())
    if resource is None:
        return description
    name, summary = resource.name, _(resource.summary)
    if verb == 'get' and action is None:
        if resource.singleton:
            return _('Show {name} ({summary}): the one record, no id '
                     'needed.').format(name=name, summary=summary)
        if resource.id_field != 'id':
            return _('Show one record of {name} ({summary}) by its '
                     '{field}.').format(name=name, summary=summary,
                                        field=resource.id_field)
    elif verb == 'list':
        description += ' ' + _('One page per call: page with start and '
                               'limit (at most 30); count=true gives the '
                               'total.')
    elif verb == 'create' and resource.example:
        from alegra import jsonio
        description += ' ' + _('Example body: {body}').format(
            body=jsonio.dumps(resource.example, indent=None))
    elif verb == 'import':
        if resource.ordered:
            description = _(
                'Create records in {name} ({summary}) from rows, each a '
                'body as {tool} takes. Rows are created one at a time, in '
                'order ({name} are numbered as they are created); a row '
                'whose answer was lost is looked up before it is sent '
                'again. The answer has a line per row.')
        else:
            description = _(
                'Create records in {name} ({summary}) from rows, each a '
                'body as {tool} takes. Rows are created in order, one at a '
                'time unless concurrency says more; a row whose answer was '
                'lost is looked up before it is sent again. The answer has '
                'a line per row.')
        description = description.format(name=name, summary=summary,
                                         tool=create_tool)
    elif verb == 'export':
        description = _('Export every record of {name} ({summary}) as CSV, '
                        'JSON or JSON Lines: in the answer, or with out to a '
                        "file on the server's machine.").format(
                            name=name, summary=summary)
    elif verb == 'pdf':
        description = _('The PDF of a record of {name} ({summary}): in the '
                        "answer, or with out to a file on the server's "
                        'machine.').format(name=name, summary=summary)
    if action is not None and getattr(action, 'sets', None):
        description += ' ' + _('Sets {changes}.').format(changes=', '.join(
            _('{field} to {value}').format(field=field, value=value)
            for field, value in action.sets.items()))
    return description


def _spec(command, instance):
    parser = instance.get_parser('alegra ' + command)
    properties, required, arguments = _argument_schema(parser)
    resource = getattr(instance, 'resource', None)
    action = getattr(instance, 'action', None)
    verb = command.split(' ')[-1]
    create_tool = None
    if resource is not None and resource.supports('create'):
        create_tool = tool_name(command.rsplit(' ', 1)[0] + ' create')
    body_kind = None
    definitions = {}
    if resource is not None and verb == 'create':
        properties['body'] = _body_schema(resource.create_schema(), False,
                                          definitions)
        required.append('body')
        body_kind = 'body'
    elif resource is not None and verb == 'update':
        # The fields are the create tool's; its schema is said there once.
        properties['body'] = {
            'type': 'object', 'minProperties': 1,
            'description': _('the fields to change, any of the body of '
                             '{tool}; the others are kept').format(
                                 tool=create_tool)} \
            if create_tool else _body_schema(resource.create_schema(),
                                             True, definitions)
        required.append('body')
        body_kind = 'body'
    elif action is not None and action.body:
        properties['body'] = _body_schema(action.schema, False,
                                          definitions)
        if action.schema is None and action.name in READ_ACTIONS and \
                create_tool:
            properties['body']['description'] = _(
                'a body as {tool} takes; nothing is created').format(
                    tool=create_tool)
        required.append('body')
        body_kind = 'body'
    elif verb == 'import':
        for name in IMPORT_HIDDEN:
            properties.pop(name, None)
        arguments[:] = [argument for argument in arguments
                        if argument.name not in IMPORT_HIDDEN]
        properties['rows'] = {
            'type': 'array', 'minItems': 1, 'items': {'type': 'object'},
            'description': _('the records to create, each a body as '
                             '{tool} takes').format(tool=create_tool)}
        required.append('rows')
        body_kind = 'rows'
    if 'out' in properties:
        # Without it, the data or the document is the answer.
        if 'out' in required:
            required.remove('out')
        properties['out'] = dict(properties['out'], description=_(
            "path of the file to write on the server's machine, instead of "
            'answering the data; a file already there is replaced'))
    spec = ToolSpec(tool_name(command), command,
                    _description(instance, resource, action, verb,
                                 create_tool),
                    {'type': 'object', 'properties': properties,
                     **({'required': required} if required else {}),
                     **({'$defs': definitions} if definitions else {})},
                    arguments, body=body_kind, verb=verb,
                    resource=resource.name if resource is not None
                    else None,
                    summary=_(resource.summary)
                    if resource is not None else '',
                    output_schema=results.output_schema(verb, resource)
                    if action is None else None)
    _annotate(spec, verb, action)
    if spec.destructive:
        spec.input_schema['properties']['confirm'] = {
            'type': 'boolean', 'default': False,
            'description': _('must be true: this cannot be undone')}
    return spec


def to_argv(spec, arguments, extra=()):
    """The command line for a call (its arguments already validated).

    Option values are written ``--option=value`` and positional values
    come after ``--``, so no value an agent sends can pass for an option
    (``--base-url=...`` in an id would otherwise send the credentials
    elsewhere).
    """
    options, positionals = [], []
    for argument in spec.arguments:
        value = arguments.get(argument.name)
        if value is None or value is False:
            continue
        values = [str(item) for item in value] \
            if argument.kind == 'list' else [str(value)]
        if argument.option is None:
            positionals += values
        elif argument.kind == 'flag':
            options.append(argument.option)
        else:
            options += [f'{argument.option}={item}' for item in values]
    if spec.body:
        options += ['--file=-']
        if spec.body == 'rows':
            options += ['--format=json']
    if spec.destructive:
        options.append('--yes')
    return [*spec.command.split(), *options, *extra,
            *(['--', *positionals] if positionals else [])]
