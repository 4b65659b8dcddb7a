"""Users: the people with access to the company's account (``/users``)."""

from alegra import schema
from alegra.registry import Filter
from alegra.registry import Resource
from alegra_plugins import _accounting

RESOURCE = Resource(
    name='users',
    path='/users',
    summary="people with access to the account ('get self' is you)",
    schema=_accounting.named_body('User', {
        'lastName': _accounting.name('the last name'),
        'email': _accounting.email(),
        'role': schema.text('the role, such as admin'),
    }, required=('lastName', 'email')),
    table_columns=('id', 'name', 'lastName', 'email', 'role', 'status'),
    export_columns=('id', 'name', 'lastName', 'email', 'role', 'status'),
    import_mapping={
        'name': 'name',
        'lastName': 'lastName',
        'email': 'email',
        'role': 'role',
        'status': 'status',
    },
    filters=(
        _accounting.status_filter('users'),
        Filter('role', 'users with this role'),
    ),
    example={'name': 'Camila', 'lastName': 'Rojas',
             'email': 'camila.rojas@cafemontana.test'},
)
