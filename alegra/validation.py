"""Checking a body against a plugin's JSON Schema before it is sent.

The API answers a bad body with a 400 that names one field at best; the
local check names the field and the rule, costs no request, and is what
``--dry-run`` runs in pull-request checks.  ``jsonschema`` is imported on
first use.
"""

from alegra import errors


def _location(error):
    path = '.'.join(str(part) for part in error.absolute_path)
    if error.validator == 'required':
        missing = error.message.split("'")[1]
        path = f'{path}.{missing}' if path else missing
        return path, 'is required'
    return path or '(body)', error.message


def problems(body, schema, partial=False):
    """Every ``(field, reason)`` the schema finds in ``body``, sorted.

    ``partial`` is for updates, which Alegra merges into the stored record:
    fields the create requires may be absent.
    """
    import jsonschema

    if partial:
        schema = {key: value for key, value in schema.items()
                  if key != 'required'}
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    found = [_location(error) for error in validator.iter_errors(body)]
    return sorted(found)


def check(body, schema, partial=False, what='body'):
    """Raise :class:`~alegra.errors.InvalidInput` naming the first problem."""
    if not schema:
        return
    found = problems(body, schema, partial)
    if found:
        field, reason = found[0]
        more = f' (and {len(found) - 1} more)' if len(found) > 1 else ''
        raise errors.InvalidInput(f'invalid {what}: {field}: {reason}{more}')
