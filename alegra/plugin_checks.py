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
from alegra.i18n import _

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
            problem(_('example fails its own schema: {field}: {reason}')
                    .format(field=field, reason=reason))
    _fields(resource, schema, problem)
    _columns(resource, problem)
    if app is not None:
        _commands(resource, app, problem)
    return found


def _names(entry_point, resource, problem):
    if resource.name != entry_point.name:
        problem(_('the entry point is named {entry_point} but the Resource '
                  '{resource}; make them the same').format(
                      entry_point=repr(entry_point.name),
                      resource=repr(resource.name)))
    if not NAME.match(resource.name):
        problem(_('name {name} is not a command word: lowercase letters and '
                  'digits, words joined with -').format(
                      name=repr(resource.name)))
    if not resource.path.startswith('/'):
        problem(_('path {path} must start with /').format(
            path=repr(resource.path)))
    unknown = [verb for verb in resource.verbs
               if verb not in registry.ALL_VERBS]
    if unknown:
        problem(_('unknown verbs {unknown}; the verbs are {verbs}').format(
            unknown=', '.join(map(repr, unknown)),
            verbs=', '.join(registry.ALL_VERBS)))
    taken = set(resource.verbs) | set(registry.DERIVED_VERBS) | {'pdf'}
    seen = set()
    for action in resource.actions:
        if action.name in taken or action.name in seen:
            problem(_('action {name} has the name of another command of '
                      'this resource').format(name=repr(action.name)))
        seen.add(action.name)


def _schemas(resource, schema, problem):
    """Check the create schema and the actions' schemas against the JSON
    Schema metaschema; returns whether the create schema passed."""
    import jsonschema
    where = None
    if isinstance(resource.schema, str):
        where = registry.display_path(str(registry.schema_file(
            resource.package, resource.schema)))
    wanted = [(None, schema, where)]
    wanted += [(action.name, action.schema, None)
               for action in resource.actions if action.schema]
    valid = True
    for action, candidate, place in wanted:
        if not candidate:
            continue
        try:
            jsonschema.validators.validator_for(candidate).check_schema(
                candidate)
        except jsonschema.SchemaError as exc:
            at = '/'.join(str(part) for part in exc.absolute_path)
            if action is None:
                text = _('the create schema is not a valid JSON Schema: '
                         '{at}: {reason}')
            else:
                text = _('the schema of action {action} is not a valid JSON '
                         'Schema: {at}: {reason}')
            problem(text.format(action=repr(action), at=at or '(root)',
                                reason=exc.message), place)
            valid = valid and candidate is not schema
    return valid


def _fields(resource, schema, problem):
    """Paths an import writes into a create body must be in its schema."""
    from alegra.body import field_schemas
    if not schema:
        return
    for header, target in resource.import_mapping.items():
        if not field_schemas(schema, target):
            problem(_('import_mapping maps {header} to {target}, which the '
                      'create schema does not have').format(
                          header=repr(header), target=repr(target)))
    natural = _('natural key field {field} is not in the create schema')
    keys = [(natural, key) for key in resource.natural_keys]
    if resource.marker is not None:
        keys.append((_('marker field {field} is not in the create schema'),
                     resource.marker))
    for text, key in keys:
        for field in key.fields:
            if not field_schemas(schema, field):
                problem(text.format(field=repr(field)))


def _columns(resource, problem):
    for what in ('table_columns', 'export_columns'):
        for column in getattr(resource, what):
            if not (isinstance(column, str) and COLUMN.match(column)):
                problem(_('{what} holds {column}: a column is a field name, '
                          'or dotted names for a nested field '
                          '(client.name), with no spaces or commas').format(
                              what=what, column=repr(column)))


def _commands(resource, app, problem):
    from alegra import verbs
    for verb, factory in verbs.commands_for(resource).items():
        name = f'{resource.name} {verb}'
        try:
            factory(app, None, cmd_name=name).get_parser(
                'alegra ' + name).format_help()
        except Exception as exc:
            problem(_('the command {name} cannot be built: {type}: {error}')
                    .format(name=repr(name), type=type(exc).__name__,
                            error=exc))
