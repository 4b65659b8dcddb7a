"""Where Alegra's read shape differs from what was written, and its actions.

Alegra accepts ``identification: {type, number}`` but answers with a plain
``identification`` and an ``identificationObject``; it accepts a price as a
number but answers with a list of prices per price list; it computes an
invoice's totals and status itself.  A script tested against the sandbox
must meet those same shapes, so they are reproduced here, per resource.
Resources not listed are stored as written.
"""

import decimal

from alegra import jsonio

_CENT = decimal.Decimal('0.01')


def _reference(value):
    return value if isinstance(value, dict) else {'id': str(value)}


def _contact(record, store):
    identification = record.get('identification')
    if isinstance(identification, dict):
        record['identificationObject'] = identification
        record['identification'] = str(identification.get('number', ''))
    if isinstance(record.get('type'), str):
        record['type'] = [record['type']]
    record.setdefault('type', [])
    record.setdefault('status', 'active')
    return record


def _tax(value, store):
    reference = _reference(value)
    known = store.get('taxes', reference['id'])
    return known or reference


def _item(record, store):
    price = record.get('price')
    if not isinstance(price, list):
        record['price'] = [{'idPriceList': '1', 'name': 'General',
                            'price': price}]
    tax = record.get('tax')
    if tax is not None:
        record['tax'] = [_tax(value, store) for value in
                         (tax if isinstance(tax, list) else [tax])]
    record.setdefault('status', 'active')
    return record


def _money(value):
    return decimal.Decimal(str(value or 0))


def _amount(value):
    """An amount with two decimals, written as Alegra writes it."""
    return jsonio.JsonNumber(str(value.quantize(_CENT)))


def _line_totals(line, store):
    price, quantity = _money(line.get('price')), _money(line.get('quantity'))
    gross = price * quantity
    discount = gross * _money(line.get('discount')) / 100
    base = gross - discount
    taxes = [_tax(value, store) for value in line.get('tax') or []]
    rate = sum((_money(tax.get('percentage')) for tax in taxes),
               decimal.Decimal(0))
    tax = base * rate / 100
    line['tax'] = taxes
    line['subtotal'] = _amount(base)
    line['total'] = _amount(base + tax)
    return gross, discount, tax


def _invoice(record, store):
    gross = discount = tax = decimal.Decimal(0)
    for line in record.get('items') or []:
        line_gross, line_discount, line_tax = _line_totals(line, store)
        gross, discount, tax = gross + line_gross, \
            discount + line_discount, tax + line_tax
    total = gross - discount + tax
    paid = _money(record.get('totalPaid'))
    record['client'] = _client(record.get('client'), store)
    record.update(subtotal=_amount(gross),
                  discount=_amount(discount),
                  tax=_amount(tax),
                  total=_amount(total),
                  totalPaid=_amount(paid),
                  balance=_amount(total - paid))
    record.setdefault('status', 'draft')
    if record['status'] == 'open' and total - paid <= 0 and total > 0:
        record['status'] = 'closed'
    return record


def _client(value, store):
    if value is None:
        return None
    reference = _reference(value)
    contact = store.get('contacts', reference['id'])
    if contact is None:
        return reference
    return {'id': contact['id'], 'name': contact.get('name'),
            'identification': contact.get('identification')}


_READ_SHAPES = {'contacts': _contact, 'items': _item, 'invoices': _invoice}


def for_read(resource, record, store):
    """The record as the API would answer with it after a create/update."""
    shape = _READ_SHAPES.get(resource)
    return shape(dict(record), store) if shape else record


# Actions: (resource, action) -> function(record, payload, store) -> answer.
# An action answering with the record it changed has the record saved.

def _set_status(status):
    def action(record, payload, store):
        record['status'] = status
        return record
    return action


def _email(record, payload, store):
    store.record_outbox('email', {'document': record.get('id'),
                                  'request': payload or {}})
    return {'code': 200, 'message': 'El correo fue enviado (sandbox: '
                                    'registrado, no enviado)'}


_ACTIONS = {
    ('invoices', 'void'): _set_status('void'),
    ('invoices', 'open'): _set_status('open'),
    ('bills', 'close'): _set_status('closed'),
    ('payments', 'void'): _set_status('void'),
    ('payments', 'open'): _set_status('open'),
    ('remissions', 'void'): _set_status('void'),
    ('purchase-orders', 'void'): _set_status('void'),
}


def _stamp_one(record):
    """What an emission adds, with made-up authority codes."""
    record['stamp'] = {'legalStatus': 'STAMPED_AND_ACCEPTED',
                       'cufe': f"sandbox-{record.get('id')}",
                       'date': record.get('date')}
    if record.get('status') == 'draft':
        record['status'] = 'open'
    return record


def _stamp_batch(store, resource, payload):
    stamped = []
    for ident in (payload or {}).get('ids', []):
        record = store.get(resource, ident)
        if record is not None:
            store.replace(resource, ident, _stamp_one(record))
            stamped.append(record)
    return stamped


def _attach(record, payload):
    record.setdefault('attachments', []).append(
        {'id': str(len(record.get('attachments', [])) + 1), **payload})
    return record


def report(name, store):
    """A report's rows, ``{"data": [...]}``, computed from the invoices."""
    from alegra.sandbox.store import Query
    _, rows = store.page('invoices', Query(), 0, 100000)
    invoices = [jsonio.loads(row) for row in rows]
    if name == 'sales-documents':
        return {'data': invoices}
    if name == 'sales-totals':
        return {'data': [{
            'count': len(invoices),
            'total': _amount(sum((_money(i.get('total'))
                                  for i in invoices), decimal.Decimal(0))),
            'balance': _amount(sum((_money(i.get('balance'))
                                    for i in invoices),
                                   decimal.Decimal(0)))}]}
    key = {'sales-by-client': 'client', 'sales-by-seller': 'seller'}.get(
        name)
    if key is None:
        raise KeyError(name)
    groups = {}
    for invoice in invoices:
        party = invoice.get(key) or {}
        group = groups.setdefault(str(party.get('id')), {
            key: party, 'count': 0, 'total': decimal.Decimal(0)})
        group['count'] += 1
        group['total'] += _money(invoice.get('total'))
    return {'data': [dict(group, total=_amount(group['total']))
                     for group in groups.values()]}


def run_action(resource, action, record, payload, store):
    """Apply a plugin :class:`~alegra.registry.Action`.

    What the action declares decides first (an upload is an attachment,
    an emission is a stamp, whatever the plugin calls them); then its
    name; unknown ones are accepted and echo the record (or a
    confirmation when there is none).
    """
    if action.upload:
        return _attach(record, payload)
    if action.emits:
        return _stamp_one(record) if record is not None else \
            _stamp_batch(store, resource, payload)
    if action.name == 'email':
        return _email(record, payload, store)
    if action.name == 'preview':
        return {'url': 'http://127.0.0.1/sandbox-preview.pdf',
                'message': 'vista previa (sandbox)'}
    handler = _ACTIONS.get((resource, action.name))
    if handler is not None:
        return handler(record, payload, store)
    return record if record is not None else {
        'code': 200, 'message': f'{action.name}: aceptado por el sandbox'}
