"""The records a fresh sandbox starts with: a small Colombian coffee shop.

A sandbox that starts empty proves little: ``invoices list --status open``
should find something, a table should show accented names, an export should
hold an invoice that is partly paid.  These records are what the API would
answer for a small company in Bogotá: ids as strings, item prices as one
entry per price list, taxes as objects, contacts with the plain
``identification`` string beside ``identificationObject``.

Only data is built here, no I/O.  Amounts are computed (line subtotals,
19 % and 5 % IVA, discounts, balances, stock left, next invoice numbers),
never typed by hand, so they add up the way the real API's do.  Ids are
``"1"``, ``"2"``, ... in list order, so a store that numbers records in
insertion order carries on from where the seed stops.
"""

import datetime
import decimal

SANDBOX_EMAIL = 'sandbox@alegra.test'

COMPANY_NIT = '901234567'
DECIMAL_PRECISION = '0'  # Colombian pesos carry no cents.
GENERAL, WHOLESALE = '1', '2'  # price list ids
WHOLESALE_DISCOUNT = 10  # percent off the General price
IVA_19, IVA_5, EXEMPT = '1', '2', '3'  # tax ids
FV, POS = '1', '2'  # number template ids

_CITIES = {
    'Bogotá': ('Bogotá D.C.', '110111'),
    'Medellín': ('Antioquia', '050001'),
    'Cali': ('Valle del Cauca', '760001'),
}
# Weights of the DIAN check digit, from the rightmost digit of the NIT.
_DV_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


def seed_records():
    """``{resource name: [record, ...]}``, freshly built on every call."""
    taxes = _taxes()
    price_lists = _price_lists()
    items = _items(taxes)
    contacts = _contacts()
    templates = _number_templates()
    invoices = _invoices(contacts, items, templates)
    _take_stock(items, invoices)
    _advance_numbering(templates, invoices)
    return {
        'contacts': contacts,
        'items': items,
        'invoices': invoices,
        'taxes': taxes,
        'price-lists': price_lists,
        'bank-accounts': _bank_accounts(invoices),
        'number-templates': templates,
        'company': [_company()],
        'users': [_user()],
    }


def check_digit(nit):
    """The DIAN verification digit (DV) of a Colombian NIT."""
    digits = [int(digit) for digit in reversed(nit)]
    total = sum(digit * weight for digit, weight
                in zip(digits, _DV_WEIGHTS, strict=False))
    remainder = total % 11
    return str(11 - remainder if remainder > 1 else remainder)


def percent_of(amount, percentage):
    """``percentage`` % of ``amount``, rounded half up to whole pesos."""
    exact = decimal.Decimal(amount) * decimal.Decimal(percentage) / 100
    return int(exact.quantize(decimal.Decimal(1), decimal.ROUND_HALF_UP))


def _numbered(records):
    """Give records the ids ``"1"``, ``"2"``, ... in order."""
    return [{'id': str(number), **record}
            for number, record in enumerate(records, start=1)]


def _by_id(records):
    return {record['id']: record for record in records}


# Settings.

def _taxes():
    def tax(name, percentage, description):
        return {'name': name, 'percentage': percentage,
                'description': description, 'type': 'IVA',
                'status': 'active'}

    return _numbered([
        tax('IVA', 19, 'IVA tarifa general'),
        tax('IVA 5%', 5, 'IVA tarifa diferencial'),
        tax('Exento', 0, 'Bienes exentos de IVA'),
    ])


def _price_lists():
    return _numbered([
        {'name': 'General', 'type': 'amount', 'percentage': None,
         'description': 'Precios de venta al público', 'status': 'active'},
        {'name': 'Mayorista', 'type': 'percentage',
         'percentage': WHOLESALE_DISCOUNT,
         'description': 'Distribuidores y cafeterías', 'status': 'active'},
    ])


def _number_templates():
    common = {'minInvoiceNumber': 1, 'nextInvoiceNumber': 1,
              'startDate': '2026-01-01', 'endDate': '2027-12-31',
              'documentType': 'invoice', 'autoincrement': True,
              'status': 'active', 'deletable': False}
    return _numbered([
        {'name': 'Factura electrónica de venta', 'prefix': 'FV',
         'maxInvoiceNumber': 5000, 'resolutionNumber': '18764000000001',
         'isDefault': True, 'isElectronic': True,
         'invoiceText': 'Resolución DIAN 18764000000001 de 2026-01-01, '
                        'numeración FV-1 a FV-5000', **common},
        {'name': 'Punto de venta (POS)', 'prefix': 'POS',
         'maxInvoiceNumber': 20000, 'resolutionNumber': '18764000000002',
         'isDefault': False, 'isElectronic': False,
         'invoiceText': 'Documento equivalente POS', **common},
    ])


def _company():
    return {
        'id': '1',
        'name': 'Café Montaña SAS',
        'identification': COMPANY_NIT,
        'identificationObject': _identification('NIT', COMPANY_NIT),
        'kindOfPerson': 'LEGAL_ENTITY',
        'regime': 'COMMON_REGIME',
        'applicationVersion': 'colombia',
        'address': _address('Carrera 7 # 71-21, local 3', 'Bogotá'),
        'currency': {'code': 'COP', 'symbol': '$'},
        'decimalPrecision': DECIMAL_PRECISION,
        'decimalSeparator': ',',
        'timezone': 'America/Bogota',
        'email': 'contabilidad@cafemontana.test',
        'phone': '601 345 6789',
        'website': 'cafemontana.test',
        'multicurrency': False,
        'registryDate': '2025-11-03',
    }


def _user():
    return {'id': '1', 'name': 'Usuario', 'lastName': 'Sandbox',
            'email': SANDBOX_EMAIL, 'phone': '', 'role': 'admin',
            'status': 'active', 'language': 'es',
            'position': 'Administrador'}


# Contacts.

def _identification(kind, number):
    return {'type': kind, 'number': number,
            'dv': check_digit(number) if kind == 'NIT' else None}


def _address(street, city):
    department, zip_code = _CITIES[city]
    return {'address': street, 'city': city, 'department': department,
            'country': 'Colombia', 'zipCode': zip_code}


def _contact(name, roles, kind, number, email, phone, street, city,
             **extra):
    """One contact as the API reads it back."""
    person = kind != 'NIT'
    contact = {
        'name': name,
        'identification': number,
        'identificationObject': _identification(kind, number),
        'kindOfPerson': 'PERSON_ENTITY' if person else 'LEGAL_ENTITY',
        'regime': 'SIMPLIFIED_REGIME' if person else 'COMMON_REGIME',
        'type': list(roles),
        'email': email,
        'phonePrimary': phone,
        'mobile': '',
        'address': _address(street, city),
        'status': 'active',
    }
    contact.update(extra)
    return contact


def _person(first, last, **fields):
    """A person, whose name parts e-invoicing asks for separately."""
    names, surnames = first.split(' ', 1) + [''], last.split(' ', 1) + ['']
    name_object = {'firstName': names[0], 'secondName': names[1],
                   'lastName': surnames[0], 'secondLastName': surnames[1]}
    return _contact(f'{first} {last}', kind='CC', nameObject=name_object,
                    **fields)


def _wholesale():
    return {'id': WHOLESALE, 'name': 'Mayorista'}


def _contacts():
    client, provider = ('client',), ('provider',)
    return _numbered([
        _contact('Distribuidora Ñandú SAS', client, 'NIT', '900456789',
                 'compras@nandu.test', '601 744 2210',
                 'Calle 13 # 68-45, bodega 2', 'Bogotá',
                 mobile='310 555 0101', priceList=_wholesale()),
        _person('José', 'Núñez', roles=client, number='79845123',
                email='jose.nunez@correo.test', phone='604 322 1188',
                street='Carrera 43A # 1 Sur-100', city='Medellín',
                mobile='300 555 0102'),
        _person('María Fernanda', 'Peña', roles=client + provider,
                number='1144056789', email='mafe.pena@correo.test',
                phone='602 486 3300', street='Avenida 6N # 23-45',
                city='Cali', mobile='315 555 0103'),
        _contact('Tostadores del Huila SAS', provider, 'NIT', '900987654',
                 'ventas@tostadoreshuila.test', '604 444 7000',
                 'Calle 10 # 52-18', 'Medellín'),
        _person('Óscar', 'Ibáñez', roles=client, number='80123456',
                email='oscar.ibanez@correo.test', phone='601 612 9045',
                street='Calle 85 # 11-53, apto 502', city='Bogotá',
                mobile='320 555 0105'),
        _contact('Cafetería La Única Ltda.', client, 'NIT', '805012345',
                 'pedidos@launica.test', '602 555 1234',
                 'Carrera 100 # 16-20', 'Cali', priceList=_wholesale()),
        _contact('Empaques Ecológicos de Antioquia SAS', provider, 'NIT',
                 '901555321', 'info@empaquesantioquia.test', '604 311 2233',
                 'Carrera 50 # 30-12', 'Medellín'),
        _person('Sofía', 'Gutiérrez Muñoz', roles=client, number='52987654',
                email='sofia.gutierrez@correo.test', phone='601 255 8877',
                street='Transversal 19 # 120-15', city='Bogotá',
                mobile='311 555 0108'),
    ])


# Items.

def _prices(general):
    """One price per price list, Mayorista derived from General."""
    wholesale = general - percent_of(general, WHOLESALE_DISCOUNT)
    return [{'idPriceList': GENERAL, 'name': 'General', 'price': general},
            {'idPriceList': WHOLESALE, 'name': 'Mayorista',
             'price': wholesale}]


def _item(name, reference, description, price, tax, stock=None,
          unit='unit', cost=None):
    """An item as read; ``stock`` (units at the start) makes it inventoried.

    ``availableQuantity`` is set from the invoices by :func:`_take_stock`.
    """
    item = {'name': name, 'reference': reference,
            'description': description, 'type': 'simple',
            'status': 'active', 'price': _prices(price), 'tax': [dict(tax)]}
    if stock is not None:
        item['inventory'] = {'unit': unit, 'unitCost': cost,
                             'initialQuantity': stock,
                             'availableQuantity': stock}
    return item


def _items(taxes):
    tax = _by_id(taxes)
    return _numbered([
        _item('Café de origen Huila 500 g', 'CAF-HUI-500',
              'Café tostado en grano, tueste medio', 52000, tax[IVA_5],
              stock=200, cost=31000),
        _item('Taza de cerámica artesanal', 'TAZ-CER-01',
              'Taza de 300 ml hecha en El Carmen de Viboral', 28000,
              tax[IVA_19], stock=120, cost=12500),
        _item('Molino manual de acero', 'MOL-MAN-02',
              'Molino de muelas cónicas, ajuste de molienda', 145000,
              tax[IVA_19], stock=25, cost=88000),
        _item('Prensa francesa 600 ml', 'PRE-FRA-600',
              'Vidrio de borosilicato y filtro de acero', 89000,
              tax[IVA_19], stock=40, cost=51000),
        _item('Guía del café colombiano', 'LIB-GUIA-01',
              'Libro ilustrado, 220 páginas', 65000, tax[EXEMPT],
              stock=30, cost=38000),
        _item('Taller de barismo', 'SER-TALLER',
              'Sesión de 3 horas para hasta 6 personas', 180000,
              tax[IVA_19]),
    ])


def _take_stock(items, invoices):
    """Lower each product's stock by what open and closed invoices sold."""
    products = {item['id']: item['inventory'] for item in items
                if 'inventory' in item}
    for invoice in invoices:
        if invoice['status'] not in ('open', 'closed'):
            continue
        for line in invoice['items']:
            if line['id'] in products:
                products[line['id']]['availableQuantity'] -= line['quantity']


# Invoices.

def _line(item, quantity, discount, price_list):
    """An invoice line of ``item``: its price in the list, tax and totals."""
    price = next(entry['price'] for entry in item['price']
                 if entry['idPriceList'] == price_list)
    subtotal = price * quantity
    discount_amount = percent_of(subtotal, discount)
    base = subtotal - discount_amount
    taxes = [{**tax, 'amount': percent_of(base, tax['percentage'])}
             for tax in item['tax']]
    tax_amount = sum(tax['amount'] for tax in taxes)
    return {'id': item['id'], 'name': item['name'],
            'description': item['description'],
            'reference': item['reference'], 'price': price,
            'discount': discount, 'quantity': quantity, 'tax': taxes,
            'subtotal': subtotal, 'total': base + tax_amount}


def _paid(status, total, paid):
    """What was paid: everything when closed, nothing on drafts and voids."""
    if status == 'closed':
        return total
    if status == 'open':
        return paid
    return 0


def _invoice(context, *, template, number, client, date, status, lines,
             days=30, paid=0, observations=''):
    """An invoice as read; ``lines`` are ``(item id, quantity, discount)``.

    ``number`` is ``None`` for a draft, which takes no number until it is
    opened.  A client with a price list is billed at its prices.
    """
    contacts, items, templates = context
    contact = contacts[client]
    price_list = contact.get('priceList', {'id': GENERAL, 'name': 'General'})
    rows = [_line(items[ident], quantity, discount, price_list['id'])
            for ident, quantity, discount in lines]
    subtotal = sum(row['subtotal'] for row in rows)
    discount = sum(percent_of(row['subtotal'], row['discount'])
                   for row in rows)
    tax = sum(tax['amount'] for row in rows for tax in row['tax'])
    total = subtotal - discount + tax
    total_paid = _paid(status, total, paid)
    issued = datetime.date.fromisoformat(date)
    prefix = templates[template]['prefix']
    return {
        'date': date,
        'dueDate': (issued + datetime.timedelta(days=days)).isoformat(),
        'datetime': f'{date} 10:30:00',
        'status': status,
        'client': {'id': contact['id'], 'name': contact['name'],
                   'identification': contact['identification']},
        'numberTemplate': {
            'id': template, 'prefix': prefix, 'number': number,
            'fullNumber': None if number is None else f'{prefix}-{number}'},
        'priceList': dict(price_list),
        'paymentForm': 'CASH' if days == 0 else 'CREDIT',
        'currency': {'code': 'COP', 'symbol': '$'},
        'decimalPrecision': DECIMAL_PRECISION,
        'subtotal': subtotal,
        'discount': discount,
        'tax': tax,
        'total': total,
        'totalPaid': total_paid,
        'balance': total - total_paid,
        'observations': observations,
        'anotation': '',
        'items': rows,
    }


def _invoices(contacts, items, templates):
    context = (_by_id(contacts), _by_id(items), _by_id(templates))
    return _numbered([
        _invoice(context, template=FV, number=1, client='1',
                 date='2026-01-12', status='closed',
                 lines=[('1', 20, 0), ('2', 12, 0)]),
        _invoice(context, template=FV, number=2, client='2',
                 date='2026-01-20', days=0, status='closed',
                 lines=[('3', 1, 10), ('1', 2, 0)]),
        _invoice(context, template=FV, number=3, client='6',
                 date='2026-02-03', status='open', paid=300000,
                 lines=[('4', 3, 0), ('1', 6, 0), ('5', 1, 0)],
                 observations='Abono de $300.000 por transferencia'),
        _invoice(context, template=FV, number=4, client='3',
                 date='2026-02-10', days=15, status='void',
                 lines=[('6', 1, 0)],
                 observations='Anulada: el taller se reprogramó'),
        _invoice(context, template=FV, number=5, client='5',
                 date='2026-02-18', status='open',
                 lines=[('6', 2, 5), ('2', 4, 0)]),
        _invoice(context, template=FV, number=6, client='1',
                 date='2026-03-02', days=60, status='open', paid=1000000,
                 lines=[('1', 40, 0), ('3', 3, 0)]),
        _invoice(context, template=FV, number=None, client='8',
                 date='2026-03-09', status='draft',
                 lines=[('5', 2, 0), ('4', 1, 0)],
                 observations='Cotizado por teléfono, confirmar envío'),
        _invoice(context, template=POS, number=1, client='2',
                 date='2026-03-10', days=0, status='closed',
                 lines=[('2', 2, 0), ('1', 1, 0)]),
    ])


def _advance_numbering(templates, invoices):
    """Point each template's next number past the invoices that used it."""
    for template in templates:
        used = [invoice['numberTemplate']['number'] for invoice in invoices
                if invoice['numberTemplate']['id'] == template['id']
                and invoice['numberTemplate']['number'] is not None]
        template['nextInvoiceNumber'] = max(used, default=0) + 1


# Banks.

def _bank_accounts(invoices):
    """The company's account, holding its opening balance and collections."""
    opening = 5000000
    collected = sum(invoice['totalPaid'] for invoice in invoices)
    return _numbered([
        {'name': 'Bancolombia', 'number': '236-458712-09',
         'description': 'Cuenta corriente principal', 'type': 'bank',
         'status': 'active', 'initialBalance': opening,
         'initialBalanceDate': '2026-01-01',
         'balance': opening + collected},
    ])
