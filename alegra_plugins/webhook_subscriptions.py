"""Webhook subscriptions: URLs Alegra calls on each event
(``/webhooks/subscriptions``)."""

from alegra.registry import Resource

RESOURCE = Resource(
    name='webhook-subscriptions',
    path='/webhooks/subscriptions',
    summary='URLs called when clients, items, invoices or bills change',
    schema={
        'type': 'object',
        'required': ['event', 'url'],
        'properties': {
            'event': {'enum': [f'{action}-{entity}'
                               for entity in ('client', 'item', 'invoice',
                                              'bill')
                               for action in ('new', 'edit', 'delete')]},
            'url': {'type': 'string', 'minLength': 1,
                    'description': 'receiver URL; Alegra stores it without '
                                   'the scheme and calls it over https'},
        },
    },
    envelope='subscription',
    table_columns=('id', 'event', 'url', 'status'),
    export_columns=('id', 'event', 'url', 'status'),
    import_mapping={'event': 'event', 'url': 'url'},
)
