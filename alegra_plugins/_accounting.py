"""What the accounting plugins share: a named record's body, the
active/inactive status, their list filters and an email field."""

from alegra import schema
from alegra.registry import Filter

STATUSES = ('active', 'inactive')


def status(description='active or inactive'):
    return schema.enum(*STATUSES, description=description)


def name(description='the name'):
    return schema.text(description) | {'minLength': 1}


def email(description='an email address'):
    return schema.text(description) | {'pattern': r'^[^@\s]+@[^@\s]+$'}


def named_body(title, properties, required=()):
    """A create body with a required ``name`` and an optional ``status``;
    ``required`` names further required fields."""
    return schema.body(title, {'name': name(), **properties,
                               'status': status()},
                       required=('name', *required))


def status_filter(what):
    return Filter('status', f'only active or only inactive {what}',
                  choices=STATUSES)


def name_filter(what):
    return Filter('name', f'{what} whose name matches')
