"""The plugin contract, checked in full: what ``alegra plugins check`` runs.

Loading a plugin runs only the cheap checks (:func:`alegra.registry.diagnose`),
so that a command stays fast; these are the rest, each a mistake that
would otherwise show up later, in one command or another:

* the entry point's name is the resource's name, a command word;
* the verbs are known ones and the path is an API path;
* the create schema and every action's schema are valid JSON Schemas;
* the example passes its own schema;
* every ``import_mapping`` target, natural key and marker is a field of
  the create schema (an import fills a create body, so the create schema
  is what it must name);
* table and export columns are well-formed dotted names.  They are not
  held to the create schema: a column may show a field only the API's
  answer has (``id``, ``status``, ``numberTemplate.fullNumber``);
* with an app, every command of the plugin builds its parser (a filter or
  action whose flag clashes with another fails here).

Each problem is a :class:`~alegra.registry.BrokenPlugin`, one line.
``jsonschema`` is imported here, on first use.
"""

import re

from alegra import registry

NAME = re.compile(r'^[a-z][a-z0-9]*(-[a-z0-9]+)*$')
COLUMN = re.compile(r'^[^\s.,]+(\.[^\s.,]+)*$')


def problems(entry_point, resource, app=None):
    """Every contract problem of a loaded resource, in the order above."""
    found = []

    def problem(text, where=None):
        found.append(registry.BrokenPlugin(entry_point, text, where))

    _names(entry_point, resource, problem)
    schema = resource.create_schema()
    valid = _schemas(resource, schema, problem)
    if resource.example is not None and schema and valid:
        from alegra import validation
        for field, reason in validation.problems(resource.example, schema):
            problem(f'example fails its own schema: {field}: {reason}')
    _fields(resource, schema, problem)
    _columns(resource, problem)
    if app is not None:
        _commands(resource, app, problem)
    return found


def _names(entry_point, resource, problem):
    if resource.name != entry_point.name:
        problem(f'the entry point is named {entry_point.name!r} but the '
                f'Resource {resource.name!r}; make them the same')
    if not NAME.match(resource.name):
        problem(f'name {resource.name!r} is not a command word: lowercase '
                'letters and digits, words joined with -')
    if not resource.path.startswith('/'):
        problem(f'path {resource.path!r} must start with /')
    unknown = [verb for verb in resource.verbs
               if verb not in registry.ALL_VERBS]
    if unknown:
        problem(f"unknown verbs {', '.join(map(repr, unknown))}; the verbs "
                f"are {', '.join(registry.ALL_VERBS)}")
    taken = set(resource.verbs) | set(registry.DERIVED_VERBS) | {'pdf'}
    seen = set()
    for action in resource.actions:
        if action.name in taken or action.name in seen:
            problem(f'action {action.name!r} has the name of another '
                    'command of this resource')
        seen.add(action.name)


def _schemas(resource, schema, problem):
    """Check the create schema and the actions' schemas against the JSON
    Schema metaschema; returns whether the create schema passed."""
    import jsonschema
    where = None
    if isinstance(resource.schema, str):
        where = registry.display_path(str(registry.schema_file(
            resource.package, resource.schema)))
    wanted = [('the create schema', schema, where)]
    wanted += [(f'the schema of action {action.name!r}', action.schema, None)
               for action in resource.actions if action.schema]
    valid = True
    for what, candidate, place in wanted:
        if not candidate:
            continue
        try:
            jsonschema.validators.validator_for(candidate).check_schema(
                candidate)
        except jsonschema.SchemaError as exc:
            at = '/'.join(str(part) for part in exc.absolute_path)
            problem(f'{what} is not a valid JSON Schema: '
                    f"{at or '(root)'}: {exc.message}", place)
            valid = valid and candidate is not schema
    return valid


def _fields(resource, schema, problem):
    """Paths an import writes into a create body must be in its schema."""
    from alegra.body import field_schemas
    if not schema:
        return
    for header, target in resource.import_mapping.items():
        if not field_schemas(schema, target):
            problem(f'import_mapping maps {header!r} to {target!r}, which '
                    'the create schema does not have')
    keys = [('natural key', key) for key in resource.natural_keys]
    if resource.marker is not None:
        keys.append(('marker', resource.marker))
    for what, key in keys:
        for field in key.fields:
            if not field_schemas(schema, field):
                problem(f'{what} field {field!r} is not in the create '
                        'schema')


def _columns(resource, problem):
    for what in ('table_columns', 'export_columns'):
        for column in getattr(resource, what):
            if not (isinstance(column, str) and COLUMN.match(column)):
                problem(f'{what} holds {column!r}: a column is a field '
                        'name, or dotted names for a nested field '
                        '(client.name), with no spaces or commas')


def _commands(resource, app, problem):
    from alegra import verbs
    for verb, factory in verbs.commands_for(resource).items():
        name = f'{resource.name} {verb}'
        try:
            factory(app, None, cmd_name=name).get_parser(
                'alegra ' + name).format_help()
        except Exception as exc:
            problem(f'the command {name!r} cannot be built: '
                    f'{type(exc).__name__}: {exc}')
