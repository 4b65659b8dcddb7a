"""What the seed's modules share: ids, references, money and addresses."""

import decimal

DECIMAL_PRECISION = '0'  # Colombian pesos carry no cents.
COP = {'code': 'COP', 'symbol': '$'}

_CITIES = {
    'Bogotá': ('Bogotá D.C.', '110111'),
    'Medellín': ('Antioquia', '050001'),
    'Cali': ('Valle del Cauca', '760001'),
}
# Weights of the DIAN check digit, from the rightmost digit of the NIT.
_DV_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


def numbered(records):
    """Give records the ids ``"1"``, ``"2"``, ... in order."""
    return [{'id': str(number), **record}
            for number, record in enumerate(records, start=1)]


def by_id(records):
    return {record['id']: record for record in records}


def reference(record, *fields):
    """How a document names another record: ``{id, name}`` and ``fields``."""
    return {'id': record['id'], 'name': record['name'],
            **{field: record[field] for field in fields}}


def percent_of(amount, percentage):
    """``percentage`` % of ``amount``, rounded half up to whole pesos."""
    exact = decimal.Decimal(amount) * decimal.Decimal(percentage) / 100
    return int(exact.quantize(decimal.Decimal(1), decimal.ROUND_HALF_UP))


def check_digit(nit):
    """The DIAN verification digit (DV) of a Colombian NIT."""
    digits = [int(digit) for digit in reversed(nit)]
    total = sum(digit * weight for digit, weight
                in zip(digits, _DV_WEIGHTS, strict=False))
    remainder = total % 11
    return str(11 - remainder if remainder > 1 else remainder)


def identification(kind, number):
    return {'type': kind, 'number': number,
            'dv': check_digit(number) if kind == 'NIT' else None}


def address(street, city):
    department, zip_code = _CITIES[city]
    return {'address': street, 'city': city, 'department': department,
            'country': 'Colombia', 'zipCode': zip_code}


def price_text(amount):
    """A price inside a price list, as the API writes it: ``"4050.0000"``."""
    return f'{decimal.Decimal(amount):.4f}'


def percentage_text(percentage):
    """A tax percentage inside a record, as the API writes it:
    ``"16.00"``."""
    return f'{decimal.Decimal(percentage):.2f}'


def tax_reference(tax, *fields):
    """A tax inside an item (or, with ``type``, a document line):
    ``{id, name, percentage: "19.00", description}``."""
    return {'id': tax['id'], 'name': tax['name'],
            'percentage': percentage_text(tax['percentage']),
            'description': tax['description'],
            **{field: tax[field] for field in fields}}


def line_amounts(line):
    """``(gross, discount, tax)`` of a document line: the discount (a
    percentage) comes off first, then each tax is charged on what is left,
    each rounded to whole pesos."""
    gross = line['price'] * line['quantity']
    discount = percent_of(gross, line['discount'])
    tax = sum(percent_of(gross - discount, entry['percentage'])
              for entry in line['tax'])
    return gross, discount, tax


def line(fields, price, quantity, discount, taxes):
    """A document line: ``fields`` (what it is), the amounts, and its
    ``total``."""
    found = {**fields, 'price': price, 'discount': discount,
             'quantity': quantity,
             'tax': [tax_reference(tax, 'type') for tax in taxes]}
    gross, off, tax = line_amounts(found)
    found['total'] = gross - off + tax
    return found


def document_totals(lines):
    """``subtotal``, ``discount``, ``tax`` and ``total`` of some lines."""
    subtotal = discount = tax = 0
    for found in lines:
        gross, off, charged = line_amounts(found)
        subtotal, discount, tax = subtotal + gross, discount + off, \
            tax + charged
    return {'subtotal': subtotal, 'discount': discount, 'tax': tax,
            'total': subtotal - discount + tax}
