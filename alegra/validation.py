"""Checking a body against a plugin's JSON Schema before it is sent.

The API answers a bad body with a 400 that names one field at best; the
local check names the field and the rule, costs no request, and is what
``--dry-run`` runs in pull-request checks.  ``jsonschema`` is imported on
first use.

The reasons are jsonschema's own in English; in another language the
common rules (type, enum, pattern, bounds, lengths) are said in it, and a
rule the catalog does not know keeps jsonschema's text.
"""

from alegra import errors
from alegra.i18n import N_
from alegra.i18n import _
from alegra.i18n import ngettext

# jsonschema's messages for the common rules, with the instance as
# ``{value}`` and the rule's value as ``{expected}`` (both as repr).
_REASONS = {
    'type': N_('{value} is not of type {expected}'),
    'enum': N_('{value} is not one of {expected}'),
    'const': N_('{expected} was expected'),
    'pattern': N_('{value} does not match {expected}'),
    'minimum': N_('{value} is less than the minimum of {expected}'),
    'maximum': N_('{value} is greater than the maximum of {expected}'),
    'exclusiveMinimum': N_('{value} is less than or equal to the minimum '
                           'of {expected}'),
    'exclusiveMaximum': N_('{value} is greater than or equal to the '
                           'maximum of {expected}'),
    'oneOf': N_('{value} is not valid under any of the given schemas'),
    'anyOf': N_('{value} is not valid under any of the given schemas'),
    'multipleOf': N_('{value} is not a multiple of {expected}'),
    'uniqueItems': N_('{value} has non-unique elements'),
}
_SHORT = N_('{value} is too short')
_NON_EMPTY = N_('{value} should be non-empty')
_LONG = N_('{value} is too long')
_EMPTY = N_('{value} is expected to be empty')


def _template(error):
    """The catalog's template for a jsonschema error, or ``None``."""
    rule, limit = error.validator, error.validator_value
    if rule in ('minLength', 'minItems'):
        return _NON_EMPTY if limit == 1 else _SHORT
    if rule in ('maxLength', 'maxItems'):
        return _EMPTY if limit == 0 else _LONG
    if rule in ('oneOf', 'anyOf') and not error.message.endswith(
            'is not valid under any of the given schemas'):
        return None
    return _REASONS.get(rule)


def _reason(error):
    """jsonschema's reason, in this run's language when the catalog has
    it (in English, jsonschema's text as it is)."""
    template = _template(error)
    translated = _(template) if template else None
    if not translated or translated == template:
        return error.message
    expected = error.validator_value
    if error.validator == 'type':
        kinds = [expected] if isinstance(expected, str) else expected
        expected = ', '.join(repr(kind) for kind in kinds)
    else:
        expected = repr(expected)
    return translated.format(value=repr(error.instance), expected=expected)


def location(error, translate=True):
    """``(field, reason)`` of one error; untranslated, it is the key that
    sorts the errors the same in every language."""
    path = '.'.join(str(part) for part in error.absolute_path)
    if error.validator == 'required':
        missing = error.message.split("'")[1]
        path = f'{path}.{missing}' if path else missing
        return path, _('is required') if translate else 'is required'
    if not translate:
        return path or '(body)', error.message
    return path or _('(body)'), _reason(error)


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
    found = sorted(validator.iter_errors(body),
                   key=lambda error: location(error, translate=False))
    return [location(error) for error in found]


def check(body, schema, partial=False, what=None):
    """Raise :class:`~alegra.errors.InvalidInput` naming the first problem.

    ``what`` names what was checked, in this run's language: a noun
    (``_('row')``, ``_('{name} body')``); the body by default.
    """
    if not schema:
        return
    found = problems(body, schema, partial)
    if found:
        field, reason = found[0]
        what = _('body') if what is None else what
        more = len(found) - 1
        if more:
            message = ngettext(
                'invalid {what}: {field}: {reason} (and {more} more)',
                'invalid {what}: {field}: {reason} (and {more} more)',
                more)
        else:
            message = _('invalid {what}: {field}: {reason}')
        raise errors.InvalidInput(message.format(
            what=what, field=field, reason=reason, more=more))
