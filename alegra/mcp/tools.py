"""From alegra's commands to MCP tools, with no per-tool code.

Every resource command (and ``doctor``, ``limits``) becomes one tool,
``alegra_<resource>_<verb>``.  Its input schema is read off the command's
own argument parser (long option names without dashes, types, choices,
defaults, required) and, where the command takes a body, off the plugin's
JSON Schema, so an agent sees the real fields.  Calling a tool turns the
arguments back into a command line, so argparse and the schema checks stay
the single source of validation.
"""

import argparse
import dataclasses
import re

# Commands that set things up or serve: not tools.
EXCLUDED = ('auth', 'config', 'mcp', 'completion', 'help', 'sandbox',
            'webhooks', '__complete')
# Options the bridge itself decides: output is always JSON, paging is per
# page, credentials and debugging come from the server's own settings.
HIDDEN = {'help', 'output', 'columns', 'dry_run', 'profile', 'base_url',
          'debug', 'verbose_level', 'all', 'yes', 'file', 'set'}
READ_VERBS = ('list', 'get', 'export', 'pdf', 'doctor', 'limits')
NAME = re.compile(r'^[a-zA-Z0-9_-]{1,64}$')


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
    # Writes a file on the server's machine (export, pdf): not read-only.
    writes_files: bool = False

    def annotations(self):
        """MCP tool annotations, as the protocol spells them."""
        return {'readOnlyHint': self.read_only,
                'destructiveHint': self.destructive,
                'idempotentHint': self.idempotent,
                'openWorldHint': True}


def tool_name(command):
    return 'alegra_' + re.sub(r'[^a-zA-Z0-9]+', '_', command).strip('_')


def _json_type(action):
    if action.nargs == 0 or isinstance(action, (
            argparse._StoreTrueAction, argparse._StoreFalseAction)):
        return {'type': 'boolean'}
    kind = getattr(action.type, '__name__', '')
    if action.type is int or kind.startswith(('page size', 'offset',
                                              'concurrency')):
        found = {'type': 'integer'}
        if kind.startswith('page size'):
            found.update(minimum=1, maximum=30)
        elif kind.startswith('offset'):
            found['minimum'] = 0
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
        if action.help and action.help != argparse.SUPPRESS:
            schema['description'] = action.help % {'default': action.default} \
                if '%(' in action.help else action.help
        if action.default is not None and action.default is not False and \
                action.default != argparse.SUPPRESS and kind != 'list':
            schema['default'] = action.default
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
    """A plugin's body schema as a tool property; its ``$defs`` move to
    the tool schema's top, where its ``#/$defs/...`` links point."""
    body = {key: value for key, value in (schema or {}).items()
            if key not in ('$schema', 'title', '$defs')}
    definitions.update((schema or {}).get('$defs', {}))
    if partial:
        body.pop('required', None)
    body.setdefault('type', 'object')
    return body


def _annotate(spec, verb, action):
    if verb in READ_VERBS or (action is not None and action.method == 'GET'):
        spec.read_only = spec.idempotent = True
    elif verb == 'update':
        spec.idempotent = True
    elif verb == 'delete':
        spec.destructive = spec.idempotent = True
    elif action is not None and (action.destructive or action.emits):
        spec.destructive = True


def build(app):
    """Every tool the installed commands offer, by name."""
    manager = app.command_manager
    manager.load_all()
    specs = {}
    for command, entry_point in sorted(manager.commands.items()):
        if command.split(' ', 1)[0] in EXCLUDED:
            continue
        try:
            factory = entry_point.load()
            instance = factory(app, None, cmd_name=command)
            spec = _spec(command, instance)
        except Exception as exc:  # a broken plugin costs its own tools only
            app.warn(f'{command}: cannot be a tool ({type(exc).__name__}: '
                     f'{exc})')
            continue
        if NAME.match(spec.name):
            specs[spec.name] = spec
    return specs


def _spec(command, instance):
    parser = instance.get_parser('alegra ' + command)
    properties, required, arguments = _argument_schema(parser)
    resource = getattr(instance, 'resource', None)
    action = getattr(instance, 'action', None)
    verb = command.split(' ')[-1]
    description = instance.get_description()
    body_kind = None
    definitions = {}
    if resource is not None and verb in ('create', 'update'):
        properties['body'] = _body_schema(resource.create_schema(),
                                          verb == 'update', definitions)
        required.append('body')
        body_kind = 'body'
    elif action is not None and action.body:
        properties['body'] = _body_schema(action.schema, False,
                                          definitions)
        required.append('body')
        body_kind = 'body'
    elif verb == 'import':
        # Rows come inline; what describes a file does not apply.
        for name in ('format', 'encoding'):
            properties.pop(name, None)
        arguments[:] = [argument for argument in arguments
                        if argument.name not in ('format', 'encoding')]
        properties['rows'] = {
            'type': 'array', 'items': _body_schema(
                resource.create_schema(), False, definitions),
            'description': 'the records to create, one object each'}
        required.append('rows')
        body_kind = 'rows'
    if resource is not None and resource.example and verb == 'create':
        from alegra import jsonio
        description += (' Example body: '
                        + jsonio.dumps(resource.example, indent=None))
    if verb == 'list':
        description += (' One page per call: use start and limit (at most '
                        '30) to page, and count for the total.')
    if verb == 'export':
        # An export to the answer would pour a whole account into the
        # agent's context: it writes a file and answers with a summary.
        required.append('out')
    spec = ToolSpec(tool_name(command), command, description,
                    {'type': 'object', 'properties': properties,
                     **({'required': required} if required else {}),
                     **({'$defs': definitions} if definitions else {})},
                    arguments, body=body_kind,
                    writes_files=verb in ('export', 'pdf'))
    _annotate(spec, verb, action)
    if spec.destructive:
        spec.input_schema['properties']['confirm'] = {
            'type': 'boolean', 'default': False,
            'description': 'must be true: this cannot be undone'}
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
