"""The company's documents from January to March 2026: sales invoices,
supplier bills and support documents, the payments received and made,
and the journal of opening balances.

Each builder reads the catalogues (:class:`Catalogs`) and writes finished
records; what documents do to one another (payments to balances, sales
and purchases to stock, documents to numberings) is left to
:mod:`~alegra.sandbox.seed.posting`.
"""

import dataclasses
import datetime
import decimal

from alegra.sandbox.seed import contacts as contacts_module
from alegra.sandbox.seed import ids
from alegra.sandbox.seed import parts
from alegra.sandbox.seed import settings

# A payment of the whole balance left on a document.
BALANCE = None


@dataclasses.dataclass
class Catalogs:
    """The records documents refer to, by id (ledger accounts by code)."""
    accounts: dict
    contacts: dict
    items: dict
    warehouses: dict
    templates: dict
    bank_accounts: dict
    taxes: dict
    terms_conditions: str

    def taxes_of(self, item):
        return [self.taxes[tax['id']] for tax in item['tax']]


def _due(date, days):
    return (datetime.date.fromisoformat(date) +
            datetime.timedelta(days=days)).isoformat()


def _number_template(template, supplier_number=None):
    """Unnumbered yet (see :func:`posting.number`), unless the number is
    the supplier's own, ``(prefix, number)``."""
    if supplier_number:
        prefix, number = supplier_number
        return {'id': None, 'prefix': prefix, 'number': number,
                'text': None, 'fullNumber': f'{prefix}-{number}'}
    return {'id': template['id'], 'prefix': template['prefix'],
            'number': None, 'text': template['invoiceText'] or None,
            'fullNumber': None}


def _item_line(c, item, quantity, discount, price):
    """A line of an item, filled from the catalogue."""
    return parts.line({'id': item['id'], 'name': item['name'],
                       'description': item['description'],
                       'reference': item['reference']},
                      price, quantity, discount, c.taxes_of(item))


def _account_line(account, observations, price, quantity, taxes=()):
    """A line against a ledger account instead of an item."""
    return parts.line({'id': account['id'], 'name': account['name'],
                       'observations': observations},
                      price, quantity, 0, taxes)


def _price(item, price_list):
    """The item's price in a price list, as a number."""
    text = next(entry['price'] for entry in item['price']
                if entry['idPriceList'] == price_list)
    return int(decimal.Decimal(text))


# Sales.

def _invoice(c, *, client, date, status, lines, template=ids.FV,
             warehouse=ids.BOGOTA, observations=None):
    """An invoice as read; ``lines`` are ``(item id, quantity, discount
    %)``.  The client's term sets the due date, its seller the seller,
    its price list (if any; else General, and the invoice names none)
    the prices."""
    contact = c.contacts[client]
    price_list = contact['priceList']
    days = int(contact['term']['days'])
    rows = [_item_line(c, c.items[ident], quantity, discount,
                       _price(c.items[ident], (price_list or {}).get(
                           'id', ids.GENERAL)))
            for ident, quantity, discount in lines]
    totals = parts.document_totals(rows)
    return {
        'date': date,
        'dueDate': _due(date, days),
        'datetime': f'{date} 10:30:00',
        'status': status,
        'client': contacts_module.party(contact),
        'numberTemplate': _number_template(c.templates[template]),
        'priceList': dict(price_list) if price_list else None,
        'seller': parts.reference(contact['seller'])
        if contact['seller'] else None,
        'warehouse': parts.reference(c.warehouses[warehouse]),
        'paymentForm': 'CASH' if days == 0 else 'CREDIT',
        'currency': dict(parts.COP),
        'decimalPrecision': parts.DECIMAL_PRECISION,
        **totals,
        'totalPaid': 0,
        'balance': totals['total'],
        'observations': observations,
        'anotation': None,
        'termsConditions': c.terms_conditions,
        'items': rows,
        'payments': [],
        'retentions': [],
        'costCenter': None,
    }


def invoices(c):
    """Every status: paid (closed once posted), partly paid, unpaid,
    void and draft; two sold from the Medellín shop."""
    return parts.numbered([
        _invoice(c, client='1', date='2026-01-12', status='open',
                 lines=[('1', 20, 0), ('2', 12, 0)]),
        _invoice(c, client='2', date='2026-01-20', status='open',
                 warehouse=ids.MEDELLIN, lines=[('3', 1, 10), ('1', 2, 0)]),
        _invoice(c, client='6', date='2026-02-03', status='open',
                 lines=[('4', 3, 0), ('1', 6, 0), ('5', 1, 0)],
                 observations='Pedido mensual de la cafetería'),
        _invoice(c, client='3', date='2026-02-10', status='void',
                 lines=[('6', 1, 0)],
                 observations='Anulada: el taller se reprogramó'),
        _invoice(c, client='5', date='2026-02-18', status='open',
                 lines=[('6', 2, 5), ('2', 4, 0)]),
        _invoice(c, client='1', date='2026-03-02', status='open',
                 lines=[('1', 40, 0), ('3', 3, 0)]),
        _invoice(c, client='8', date='2026-03-09', status='draft',
                 lines=[('5', 2, 0), ('4', 1, 0)],
                 observations='Cotizado por teléfono, confirmar envío'),
        _invoice(c, client='2', date='2026-03-10', status='open',
                 template=ids.POS, warehouse=ids.MEDELLIN,
                 lines=[('2', 2, 0), ('1', 1, 0)]),
    ])


# Purchases.

def _bill(c, *, provider, date, items=(), expenses=(), template=None,
          supplier_number=None, warehouse=ids.BOGOTA, observations=None):
    """A bill as read.  ``items`` are ``(item id, quantity)`` bought at
    the item's unit cost; ``expenses`` are ``(account code, what, price,
    quantity, tax id or None)``.  A support document takes its number
    from ``template``; a supplier's bill carries the supplier's number."""
    contact = c.contacts[provider]
    bought = [_item_line(c, c.items[ident], quantity, 0,
                         c.items[ident]['inventory']['unitCost'])
              for ident, quantity in items]
    spent = [_account_line(c.accounts[code], what, price, quantity,
                           [c.taxes[tax]] if tax else [])
             for code, what, price, quantity, tax in expenses]
    totals = parts.document_totals(bought + spent)
    support = template == ids.SUPPORT
    return {
        'date': date,
        'dueDate': _due(date, int(contact['term']['days'])),
        'status': 'open',
        'type': 'supportDocument' if support else 'bill',
        'provider': contacts_module.party(contact),
        'numberTemplate': _number_template(
            c.templates.get(template), supplier_number),
        'warehouse': parts.reference(c.warehouses[warehouse]),
        'currency': dict(parts.COP),
        'decimalPrecision': parts.DECIMAL_PRECISION,
        'purchases': {'items': bought, 'categories': spent},
        **totals,
        'totalPaid': 0,
        'balance': totals['total'],
        'observations': observations,
        'termsConditions': None,
        'payments': [],
        'retentions': [],
        'costCenter': None,
    }


def bills(c):
    """Coffee for the shop's tastings (paid), bags for the coffee (open),
    and books bought from their author, a person who does not invoice:
    a support document (paid in cash)."""
    return parts.numbered([
        _bill(c, provider='4', date='2026-01-15',
              supplier_number=('FE', '4521'),
              expenses=[('529525', 'Café para degustaciones en la tienda',
                         31000, 10, ids.IVA_5)]),
        _bill(c, provider='3', date='2026-02-20', template=ids.SUPPORT,
              items=[('5', 10)],
              observations='Ejemplares firmados por la autora'),
        _bill(c, provider='7', date='2026-03-04',
              supplier_number=('EEA', '981'),
              expenses=[('529540', 'Bolsas kraft con válvula, 500 g',
                         1200, 300, ids.IVA_19)]),
    ])


# Payments.

def _applied(documents, applications, paid):
    """``[{id, number, date, dueDate, total, totalPaid, balance,
    amount}]`` of ``(id, amount)`` pairs (what is paid and left is set
    once every payment is applied); :data:`BALANCE` pays what ``paid``
    says is left."""
    applied = []
    for ident, amount in applications:
        document = documents[ident]
        left = document['total'] - paid.get(ident, 0)
        amount = left if amount is BALANCE else amount
        applied.append({'id': ident,
                        'number': document['numberTemplate']['fullNumber'],
                        'date': document['date'],
                        'dueDate': document['dueDate'],
                        'total': document['total'],
                        'totalPaid': None, 'balance': None,
                        'amount': amount})
    return applied


class _Payments:
    """Builds payments in order, keeping what each document has been paid
    so that :data:`BALANCE` can be resolved."""

    def __init__(self, c, invoices, bills):
        self.c = c
        self.documents = {'invoices': parts.by_id(invoices),
                          'bills': parts.by_id(bills)}
        self.paid = {'invoices': {}, 'bills': {}}
        self.records = []

    def add(self, kind, date, account, method, contact=None, invoices=(),
            bills=(), expenses=(), status='open', observations=None):
        """``expenses`` are ``(account code, what, price, tax id or
        None)``, paid without a bill."""
        c = self.c
        applied = {}
        for resource, applications in (('invoices', invoices),
                                       ('bills', bills)):
            applied[resource] = _applied(self.documents[resource],
                                         applications, self.paid[resource])
            if status == 'open':
                for entry in applied[resource]:
                    paid = self.paid[resource]
                    paid[entry['id']] = paid.get(entry['id'], 0) + \
                        entry['amount']
        spent = [_account_line(c.accounts[code], what, price, 1,
                               [c.taxes[tax]] if tax else [])
                 for code, what, price, tax in expenses]
        amount = sum(entry['amount'] for entry in
                     applied['invoices'] + applied['bills']) + \
            sum(line['total'] for line in spent)
        template = ids.RECEIPTS if kind == 'in' else ids.DISBURSEMENTS
        self.records.append({
            'date': date,
            'number': None,
            'numberTemplate': _number_template(c.templates[template]),
            'type': kind,
            'status': status,
            'amount': amount,
            'paymentMethod': method,
            'bankAccount': parts.reference(c.bank_accounts[account],
                                           'type'),
            'client': contacts_module.payer(c.contacts[contact])
            if contact else None,
            'invoices': applied['invoices'],
            'bills': applied['bills'],
            'categories': spent,
            'retentions': [],
            'currency': dict(parts.COP),
            'observations': observations,
            'anotation': None,
            'costCenter': None,
        })


def payments(c, invoices, bills):
    """Money in and out, by date: what explains every balance.  One check
    bounced, so its payment is void and pays nothing."""
    book = _Payments(c, invoices, bills)
    book.add('in', '2026-01-20', ids.CASH_BOX, 'cash', '2',
             invoices=[('2', BALANCE)])
    book.add('in', '2026-02-09', ids.BANCOLOMBIA, 'transfer', '1',
             invoices=[('1', BALANCE)])
    book.add('out', '2026-02-14', ids.BANCOLOMBIA, 'transfer', '4',
             bills=[('1', BALANCE)])
    book.add('out', '2026-02-20', ids.CASH_BOX, 'cash', '3',
             bills=[('2', BALANCE)])
    book.add('in', '2026-02-24', ids.DAVIVIENDA, 'transfer', '6',
             invoices=[('3', 300000)],
             observations='Abono por transferencia')
    book.add('in', '2026-03-02', ids.BANCOLOMBIA, 'check', '5',
             invoices=[('5', 200000)], status='void',
             observations='Cheque devuelto por fondos insuficientes')
    book.add('in', '2026-03-10', ids.CASH_BOX, 'cash', '2',
             invoices=[('8', BALANCE)])
    book.add('in', '2026-03-16', ids.BANCOLOMBIA, 'transfer', '1',
             invoices=[('6', 1000000)],
             observations='Primer abono, saldo a 60 días')
    book.add('out', '2026-03-31', ids.BANCOLOMBIA, 'transfer',
             expenses=[('530505', 'Cuota de manejo y comisiones de marzo',
                        20000, ids.IVA_19)])
    return parts.numbered(book.records)


# The ledger.

def opening_journal(c, bank_accounts, items):
    """The opening balances: money in the bank accounts and goods in
    stock, at cost, against the owners' capital."""
    def entry(account, debit, credit, observations):
        return {'id': account['id'], 'code': account['code'],
                'name': account['name'], 'debit': debit, 'credit': credit,
                'observations': observations}

    ledger = parts.by_id(c.accounts.values())
    entries = [entry(ledger[account['category']['id']],
                     account['initialBalance'], 0, account['name'])
               for account in bank_accounts]
    stock = sum(item['inventory']['initialQuantity'] *
                item['inventory']['unitCost']
                for item in items if 'inventory' in item)
    entries.append(entry(c.accounts['143501'], stock, 0,
                         'Inventario inicial al costo'))
    debits = sum(line['debit'] for line in entries)
    entries.append(entry(c.accounts['3105'], 0, debits,
                         'Aportes de los socios'))
    return parts.numbered([{
        'number': '1',
        'date': settings.OPENING_DATE,
        'observations': 'Saldos iniciales',
        'entries': entries,
        'total': debits,
        'status': 'open',
        'costCenter': None,
    }])

