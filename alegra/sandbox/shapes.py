"""The answers Alegra gives: one description per resource of its full shape.

Alegra does not answer with what it was sent.  It answers every key of a
resource, ``null`` where empty; it expands references into objects with
string ids and names (an invoice's ``client`` with the contact's phones
and address, an item's ``tax`` with its percentage); it writes numbers its
own way (a price list's ``"4050.0000"``, a tax's ``"16.00"``, totals
rounded to the company's decimals).  A script tested against the sandbox
must meet those same answers, so :data:`DESCRIPTIONS` holds, per resource,
every key of its answer with its empty value, and :func:`for_read` turns a
record the books have checked and computed (:mod:`alegra.sandbox.books`)
into that answer.  The fidelity tests read the same descriptions.
Resources not described are answered as they were written.

Shapes are computed when a record is written, and the answer is what is
stored, so a list is served from stored JSON.  A change to a contact's
name therefore does not reach the invoices that already carry it.
"""

import copy
import decimal
import re

from alegra import jsonio

_CENT = decimal.Decimal('0.01')

# What a DELETE answers, in the API's words where they were recorded.
DELETED = {
    'contacts': 'El contacto fue eliminado correctamente.',
    'items': 'El ítem fue eliminado correctamente.',
}
DELETED_DEFAULT = 'El recurso fue eliminado correctamente'


def deleted(resource):
    """What a ``DELETE`` answers: ``{"code": 200, "message": ...}``."""
    return {'code': 200, 'message': DELETED.get(resource, DELETED_DEFAULT)}


# Numbers as the API writes them.

def number(value):
    """A number of a body or a record (int, decimal, numeric string or
    ``None``) as a :class:`decimal.Decimal`; anything else is 0."""
    if value is None or isinstance(value, (bool, dict, list)):
        return decimal.Decimal(0)
    try:
        found = decimal.Decimal(str(value).strip() or 0)
    except decimal.InvalidOperation:
        return decimal.Decimal(0)
    return found if found.is_finite() else decimal.Decimal(0)


def money(value, precision):
    """An amount rounded half up to ``precision`` decimals, as the API
    writes totals: ``284`` with 0 decimals [REC], ``283.52`` with 2."""
    exponent = decimal.Decimal(1).scaleb(-precision)
    rounded = number(value).quantize(exponent, decimal.ROUND_HALF_UP)
    if precision <= 0:
        return int(rounded)
    return jsonio.JsonNumber(str(rounded))


def price_text(value):
    """A price in a price list: ``"4050.0000"`` [REC]."""
    return f'{number(value):.4f}'


def percentage_text(value):
    """A tax percentage inside a record: ``"16.00"`` [REC]."""
    return f'{number(value):.2f}'


def reference_id(value):
    """The id a reference names, as a string: ``5``, ``"5"`` and
    ``{"id": 5}`` all name ``"5"``; ``None`` when there is none."""
    if isinstance(value, dict):
        value = value.get('id')
    if value is None or value == '' or isinstance(value, (dict, list,
                                                          bool)):
        return None
    return str(value)


# Numeric strings where a number is asked for.

_NUMERIC = re.compile(r'-?\d+(\.\d+)?')
_MAX_DEPTH = 64


def lenient(body, schema):
    """``body`` with numeric strings read as numbers wherever ``schema``
    asks for a number and takes no string: Alegra takes
    ``"initialBalance": "100000"`` [REC], so the sandbox does too.  The
    body is changed in place and returned."""
    if not isinstance(schema, dict):
        return body
    return _lenient(body, schema, schema, 0)


def _resolve(schema, root):
    reference = schema.get('$ref')
    if isinstance(reference, str) and reference.startswith('#/'):
        found = root
        for part in reference[2:].split('/'):
            found = found.get(part, {}) if isinstance(found, dict) else {}
        return found
    return schema


def _types(schema, root, depth=0):
    """Every type ``schema`` takes, through ``oneOf``/``anyOf``/``allOf``;
    a schema that names no type (an enum, ``{}``) may be a string."""
    schema = _resolve(schema, root)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return {'string'}
    branches = [branch for key in ('oneOf', 'anyOf', 'allOf')
                for branch in schema.get(key) or ()]
    kind = schema.get('type')
    if kind is None and not branches:
        return {'string'}
    found = set(kind) if isinstance(kind, list) else {kind} - {None}
    for branch in branches:
        found |= _types(branch, root, depth + 1)
    return found


def _lenient(value, schema, root, depth):
    schema = _resolve(schema, root)
    if depth > _MAX_DEPTH or not isinstance(schema, dict):
        return value
    if isinstance(value, str):
        types = _types(schema, root)
        text = value.strip()
        if types & {'number', 'integer'} and 'string' not in types and \
                _NUMERIC.fullmatch(text):
            return int(text) if '.' not in text else jsonio.JsonNumber(text)
        return value
    for key in ('oneOf', 'anyOf', 'allOf'):
        for branch in schema.get(key) or ():
            value = _lenient(value, branch, root, depth + 1)
    if isinstance(value, dict):
        for key, sub in (schema.get('properties') or {}).items():
            if key in value:
                value[key] = _lenient(value[key], sub, root, depth + 1)
    elif isinstance(value, list) and isinstance(schema.get('items'), dict):
        for index, member in enumerate(value):
            value[index] = _lenient(member, schema['items'], root,
                                    depth + 1)
    return value


# One description per resource: every key of its answer, in the API's
# order, with the value it has when empty.  [REC] marks the keys of an
# answer recorded from the real API (facts file §10); the others are the
# official read fields (facts file §7).

# [REC] create_simple_invoice: a document line.
LINE = {'id': None, 'name': None, 'description': None, 'price': 0,
        'discount': 0, 'reference': None, 'quantity': 1, 'tax': [],
        'total': 0}

DESCRIPTIONS = {
    # [REC] create_contact: every key of POST /contacts {"name"}; status
    # from the official read fields.
    'contacts': {
        'id': None, 'name': None, 'identification': None, 'email': None,
        'phonePrimary': None, 'phoneSecondary': None, 'fax': None,
        'mobile': None, 'observations': None,
        'address': {'address': None, 'city': None}, 'type': [],
        'seller': None, 'term': None, 'priceList': None,
        'internalContacts': [], 'status': 'active'},
    # [REC] create_item, simple_item.
    'items': {
        'id': None, 'name': None, 'description': None, 'reference': None,
        'status': 'active', 'category': None, 'price': [], 'tax': []},
    # [REC] create_simple_invoice up to items; subtotal, discount, tax,
    # balance, decimalPrecision, warehouse, costCenter, payments and
    # retentions from the official read fields.
    'invoices': {
        'id': None, 'date': None, 'dueDate': None, 'observations': None,
        'anotation': None, 'termsConditions': None, 'status': 'draft',
        'client': None, 'numberTemplate': None, 'total': 0, 'totalPaid': 0,
        'seller': None, 'priceList': None, 'items': [], 'subtotal': 0,
        'discount': 0, 'tax': 0, 'balance': 0, 'decimalPrecision': '0',
        'warehouse': None, 'costCenter': None, 'payments': [],
        'retentions': []},
    # The official read fields of bills (facts file §7.5).
    'bills': {
        'id': None, 'date': None, 'dueDate': None, 'observations': None,
        'termsConditions': None, 'status': 'open', 'type': 'bill',
        'provider': None, 'numberTemplate': None,
        'purchases': {'items': [], 'categories': []}, 'subtotal': 0,
        'discount': 0, 'tax': 0, 'total': 0, 'totalPaid': 0, 'balance': 0,
        'decimalPrecision': '0', 'warehouse': None, 'costCenter': None,
        'payments': [], 'retentions': []},
    # The official read fields of payments (facts file §7.4).
    'payments': {
        'id': None, 'number': None, 'date': None, 'amount': 0,
        'status': 'open', 'type': 'in', 'paymentMethod': None,
        'client': None, 'bankAccount': None, 'invoices': [], 'bills': [],
        'categories': [], 'retentions': [], 'observations': None,
        'anotation': None, 'costCenter': None, 'currency': None},
    # [REC] create_simple_bank_account: the first six keys.  The balance
    # fields are official read fields, which Alegra adds when asked
    # (fields=, includeBalance); the sandbox always answers them.
    'bank-accounts': {
        'id': None, 'name': None, 'number': None, 'description': '',
        'type': None, 'status': 'active', 'initialBalance': 0,
        'initialBalanceDate': None, 'balance': 0},
}
# [REC] the client inside an invoice; a seller and a term inside a
# contact; a tax inside an item (an invoice line's adds its ``type``).
CLIENT_KEYS = ('id', 'name', 'identification', 'phonePrimary',
               'phoneSecondary', 'fax', 'mobile', 'email', 'address')
SELLER_KEYS = ('id', 'name', 'identification', 'observations')
TERM_KEYS = ('id', 'name', 'days')
TAX_KEYS = ('id', 'name', 'percentage', 'description')
# The official read fields: a bank account inside a payment.
BANK_ACCOUNT_KEYS = ('id', 'name', 'type')
# Price list 1 exists in every company: "General" [REC].
GENERAL_PRICE_LIST = {'id': '1', 'name': 'General'}


def full(resource, record):
    """``record`` with every key of its description, in its order: the
    empty value where a key is missing or ``null`` (and every key of a
    described object, such as an ``address``), then any other key."""
    description = DESCRIPTIONS.get(resource)
    if description is None:
        return record
    answer = {key: _filled(record.get(key), empty)
              for key, empty in description.items()}
    for key, value in record.items():
        answer.setdefault(key, value)
    return answer


def _filled(value, empty):
    if value is None:
        return copy.deepcopy(empty)
    if isinstance(empty, dict) and isinstance(value, dict):
        return {**{key: _filled(value.get(key), sub)
                   for key, sub in empty.items()},
                **{key: sub for key, sub in value.items()
                   if key not in empty}}
    return value


# References, expanded from the records they name.

def _picked(record, keys):
    return {key: record.get(key) for key in keys}


def named(store, resource, value, keys=('id', 'name'), default=None):
    """A reference expanded into ``keys`` of the record it names; the bare
    ``{"id"}`` when there is no such record; ``None`` when none is
    named."""
    ident = reference_id(value)
    if ident is None:
        return None
    found = store.get(resource, ident)
    if found is None:
        if default is not None and ident == default['id']:
            return dict(default)
        return {'id': ident}
    answer = _picked(found, keys)
    answer['id'] = ident
    return answer


def tax(store, value, with_type=False):
    """A tax inside an item or a line: ``{id, name, percentage: "16.00",
    description}`` [REC], with ``type`` inside a document line [REC]."""
    ident = reference_id(value)
    found = store.get('taxes', ident) if ident is not None else None
    if found is None:
        # A tax the sandbox does not hold: as written, its percentage in
        # the API's form when it has one.
        if not (isinstance(value, dict) and 'percentage' in value):
            return value if isinstance(value, dict) else {'id': ident}
        found = value
    answer = _picked(found, TAX_KEYS)
    answer.update(id=ident,
                  percentage=percentage_text(found.get('percentage')),
                  description=found.get('description') or '')
    if with_type:
        answer['type'] = found.get('type')
    return answer


def taxes(store, value, with_type=False):
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [tax(store, member, with_type) for member in values]


def party(store, value, keys=CLIENT_KEYS):
    """The contact a document names, with its contact fields [REC]."""
    ident = reference_id(value)
    if ident is None:
        return None
    found = store.get('contacts', ident)
    if found is None:
        return {'id': ident}
    answer = _picked(found, keys)
    answer['id'] = ident
    if 'address' in keys:
        answer['address'] = _filled(found.get('address'),
                                    DESCRIPTIONS['contacts']['address'])
    return answer


def price_list(store, value):
    return named(store, 'price-lists', value, default=GENERAL_PRICE_LIST)


def bank_account(store, value):
    return named(store, 'bank-accounts', value, BANK_ACCOUNT_KEYS)


def _term(store, value):
    found = named(store, 'terms', value, TERM_KEYS)
    if found and found.get('days') is not None:
        found['days'] = str(found['days'])  # [REC] "days": "8"
    return found


# Per resource: the record the books filled, turned into its answer.

def _contact(record, store):
    identification = record.get('identification')
    if isinstance(identification, dict):
        record['identificationObject'] = identification
        record['identification'] = str(identification.get('number', ''))
    if isinstance(record.get('type'), str):
        record['type'] = [record['type']]
    record['seller'] = named(store, 'sellers', record.get('seller'),
                             SELLER_KEYS)
    record['term'] = _term(store, record.get('term'))
    record['priceList'] = price_list(store, record.get('priceList'))
    return record


def _item(record, store):
    price = record.get('price')
    entries = price if isinstance(price, list) else [{'price': price}]
    record['price'] = [_price_entry(entry, store) for entry in entries
                       if isinstance(entry, dict)]
    record['tax'] = taxes(store, record.get('tax'))
    record['category'] = named(store, 'categories', record.get('category'))
    if record.get('itemCategory') is not None:
        record['itemCategory'] = named(store, 'item-categories',
                                       record['itemCategory'])
    inventory = record.get('inventory')
    if isinstance(inventory, dict):
        inventory.setdefault('availableQuantity',
                             inventory.get('initialQuantity', 0))
    return record


def _price_entry(entry, store):
    found = price_list(store, entry.get('idPriceList') or '1')
    return {'idPriceList': found['id'], 'name': found.get('name'),
            'price': price_text(entry.get('price'))}


def _lines(lines, store):
    answer = []
    for line in lines or []:
        if not isinstance(line, dict):
            continue
        line = {**LINE, **line}
        line['id'] = reference_id(line.get('id'))
        line['tax'] = taxes(store, line.get('tax'), with_type=True)
        answer.append(line)
    return answer


def _references(record, store):
    """The references every document may carry."""
    record['warehouse'] = named(store, 'warehouses', record.get('warehouse'))
    record['costCenter'] = named(store, 'cost-centers',
                                 record.get('costCenter'))
    return record


def _invoice(record, store):
    record['client'] = party(store, record.get('client'))
    record['items'] = _lines(record.get('items'), store)
    record['seller'] = named(store, 'sellers', record.get('seller'))
    record['priceList'] = price_list(store, record.get('priceList'))
    return _references(record, store)


def _bill(record, store):
    record['provider'] = party(store, record.get('provider'))
    purchases = record.get('purchases') or {}
    record['purchases'] = {
        **purchases,
        'items': _lines(purchases.get('items'), store),
        'categories': [
            {**line, 'id': reference_id(line.get('id')),
             'tax': taxes(store, line.get('tax'), with_type=True)}
            for line in purchases.get('categories') or []
            if isinstance(line, dict)]}
    return _references(record, store)


def _payment(record, store):
    record['client'] = party(store, record.get('client'),
                             ('id', 'name', 'identification'))
    record['bankAccount'] = bank_account(store, record.get('bankAccount'))
    record['costCenter'] = named(store, 'cost-centers',
                                 record.get('costCenter'))
    return record


_READ_SHAPES = {'contacts': _contact, 'items': _item, 'invoices': _invoice,
                'bills': _bill, 'payments': _payment,
                'bank-accounts': lambda record, store: record}


def for_read(resource, record, store):
    """The record as the API answers it after a create or an update:
    references expanded, every key of its description present.  Reading
    an answer again gives the same answer."""
    shape = _READ_SHAPES.get(resource)
    if shape is None:
        return record
    return full(resource, shape(copy.deepcopy(record), store))


def _money(value):
    return decimal.Decimal(str(value or 0))


def _amount(value):
    """An amount with two decimals, as the reports write it."""
    return jsonio.JsonNumber(str(value.quantize(_CENT)))


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
        holder = invoice.get(key) or {}
        group = groups.setdefault(str(holder.get('id')), {
            key: holder, 'count': 0, 'total': decimal.Decimal(0)})
        group['count'] += 1
        group['total'] += _money(invoice.get('total'))
    return {'data': [dict(group, total=_amount(group['total']))
                     for group in groups.values()]}
