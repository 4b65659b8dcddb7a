"""The sandbox's accounting: Alegra's books, kept as records are written.

A JSON store takes an invoice for a client that does not exist, a payment
larger than what is owed, and the deletion of a contact with invoices;
Alegra refuses each.  :class:`Books` holds the rules the real API keeps:
references checked, document lines filled from the catalogue and totalled
(discount, then taxes, rounded to the company's decimals), documents
numbered from their number template, payments applied to invoices and
bills and to the bank account, voids and deletions undone in the same
accounts, records that documents use kept from deletion.

The server calls it around every write: :meth:`Books.create` (and
:meth:`Books.created` once the record has its id), :meth:`Books.update`,
:meth:`Books.delete`; the actions call :meth:`Books.check_action` before
their effect and :meth:`Books.after_action` after it, and a bank
transfer is :meth:`Books.transfer`.  What a record looks like in an answer
is :mod:`alegra.sandbox.shapes`'s business; a refusal is
:class:`Refused`, which the server answers in Alegra's ``{"code",
"message"}`` shape.  Each rule names its source in
``doc/source/sandbox.rst`` (Accounting rules).
"""

import contextlib
import copy
import decimal
import threading

from alegra import jsonio
from alegra.sandbox import shapes
from alegra.sandbox import store as store_module

ZERO = decimal.Decimal(0)
HUNDRED = decimal.Decimal(100)

# How messages name a record of each resource.
NOUNS = {
    'contacts': 'El contacto', 'items': 'El ítem', 'taxes': 'El impuesto',
    'bank-accounts': 'La cuenta bancaria',
    'number-templates': 'La numeración',
    'price-lists': 'La lista de precios', 'sellers': 'El vendedor',
    'terms': 'El plazo de pago', 'categories': 'La cuenta contable',
    'item-categories': 'La categoría de ítems',
    'warehouses': 'La bodega', 'cost-centers': 'El centro de costo',
    'invoices': 'La factura', 'bills': 'La factura de proveedor',
    'payments': 'El pago',
}
# The records that use a record, which therefore cannot be deleted:
# ``(resource, field)`` compares a reference (``client_id`` is
# ``client.id``); ``(resource, (list, field))`` any member of a list.
_USED_BY = {
    'contacts': (
        ('invoices', 'client_id'), ('bills', 'provider_id'),
        ('payments', 'client_id'), ('estimates', 'client_id'),
        ('remissions', 'client_id'), ('credit-notes', 'client_id'),
        ('income-debit-notes', 'client_id'), ('debit-notes', 'client_id'),
        ('purchase-orders', 'provider_id'),
        ('recurring-invoices', 'client_id')),
    'items': tuple(
        (resource, (members, '$.id')) for resource, members in (
            ('invoices', '$.items'), ('bills', '$.purchases.items'),
            ('estimates', '$.items'), ('remissions', '$.items'),
            ('credit-notes', '$.items'), ('debit-notes', '$.items'),
            ('income-debit-notes', '$.items'),
            ('purchase-orders', '$.purchases.items'),
            ('recurring-invoices', '$.items'))),
    'bank-accounts': (('payments', 'bankAccount_id'),),
    'taxes': (('items', ('$.tax', '$.id')),),
    'number-templates': (('invoices', 'numberTemplate_id'),),
    'price-lists': (('contacts', 'priceList_id'),
                    ('invoices', 'priceList_id'),
                    ('items', ('$.price', '$.idPriceList'))),
    'sellers': (('invoices', 'seller_id'), ('contacts', 'seller_id')),
    'terms': (('contacts', 'term_id'),),
}
# Fields the books compute, which an update cannot set.
_COMPUTED = {
    'invoices': ('totalPaid', 'balance', 'payments', 'subtotal', 'total',
                 'decimalPrecision'),
    'bills': ('totalPaid', 'balance', 'payments', 'subtotal', 'total',
              'decimalPrecision'),
    'payments': ('number', 'amount'),
    'bank-accounts': ('balance',),
}
# What a line takes from its item when it does not say: the name only.
# [REC] create_simple_invoice answered the item's name on a line sent
# without one, but ``description`` and ``reference`` null, although the
# item had both.
FROM_ITEM = ('name',)
# What a payment of each type applies to, and which way its money moves.
_APPLIES_TO = {'in': ('invoices', 1), 'out': ('bills', -1)}


class Refused(Exception):
    """A request the books refuse: an HTTP ``status`` and a Spanish
    ``message``.  Its ``body`` and ``headers`` are the answer, as the
    server's own early replies have them."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message
        self.body = {'code': status, 'message': message}
        self.headers = {}


class _Ledger:
    """The records one operation reads and changes, written together at
    its end, so that a refusal half-way leaves the store as it was."""

    def __init__(self, store):
        self.store = store
        self._records = {}
        self._changed = []

    def get(self, resource, ident):
        key = (resource, str(ident))
        if key not in self._records:
            self._records[key] = self.store.get(resource, ident)
        return self._records[key]

    def keep(self, resource, record):
        """Take ``record`` (already read) as the one to change."""
        self._records[(resource, str(record['id']))] = record

    def changed(self, resource, ident):
        key = (resource, str(ident))
        if key not in self._changed:
            self._changed.append(key)

    def commit(self):
        for resource, ident in self._changed:
            self.store.replace(resource, ident,
                               self._records[(resource, ident)])


class Books:
    """The accounting rules over a :class:`~alegra.sandbox.store.Store`.

    ``lock`` serialises the writes that read and change several records
    (numbering, balances); the server holds it from the check to the
    store's write.
    """

    def __init__(self, store):
        self.store = store
        self.lock = threading.RLock()
        self._scale = 0

    @contextlib.contextmanager
    def _writing(self):
        """One operation: under the lock, with the company's decimals
        read once."""
        with self.lock:
            self._scale = self.precision()
            yield

    # The company's settings.

    def precision(self):
        """The company's ``decimalPrecision``: how many decimals totals
        are rounded to (0 when it does not say, as for pesos)."""
        company = self.store.get('company', 'self') or {}
        try:
            return max(0, min(6, int(str(company.get('decimalPrecision')
                                         or 0))))
        except ValueError:
            return 0

    def _money(self, value):
        return shapes.money(value, self._scale)

    def _preferences(self):
        company = self.store.get('company', 'self') or {}
        preferences = company.get('invoicePreferences')
        return preferences if isinstance(preferences, dict) else {}

    # References.

    def _must(self, resource, value, noun=None, ledger=None):
        """The record ``value`` names in ``resource``; a 400 when there is
        none.  ``None`` when ``value`` names nothing."""
        ident = shapes.reference_id(value)
        if ident is None:
            return None
        found = (ledger or self.store).get(resource, ident)
        if found is None:
            if resource == 'price-lists' and \
                    ident == shapes.GENERAL_PRICE_LIST['id']:
                return dict(shapes.GENERAL_PRICE_LIST)
            raise Refused(400, f'{noun or NOUNS[resource]} {ident} no '
                               'existe')
        return found

    def _required(self, resource, value, noun):
        if shapes.reference_id(value) is None:
            raise Refused(400, f'{noun} es obligatorio')
        return self._must(resource, value, noun)

    # The writes.

    def create(self, resource_name, record):
        """The record to store for a create body: references checked,
        filled, computed and numbered.  Side effects that need the new
        record's id wait for :meth:`created`."""
        handler = _CREATE.get(resource_name)
        if handler is None:
            return record
        with self._writing():
            return handler(self, copy.deepcopy(record), None)

    def created(self, resource_name, record, body=None):
        """Side effects of a create, once ``record`` is stored with its
        id: a payment applied to its documents and bank account; the
        payments sent with an invoice recorded at ``/payments``."""
        with self._writing():
            if resource_name == 'payments' and \
                    record.get('status') != 'void':
                ledger = _Ledger(self.store)
                self._apply(ledger, record, 1)
                ledger.commit()
            elif resource_name == 'invoices':
                for payment in (body or {}).get('payments') or []:
                    self._pay_with_invoice(record, payment)

    def update(self, resource_name, old, changes):
        """The record to store after ``changes`` are merged into ``old``,
        checked and computed again."""
        merged = {**old, **{key: value for key, value in changes.items()
                            if key not in _COMPUTED.get(resource_name, ())}}
        handler = _CREATE.get(resource_name)
        if handler is None:
            return merged
        with self._writing():
            return handler(self, copy.deepcopy(merged), old)

    def delete(self, resource_name, record):
        """Refuse to delete a record that documents use, or a document
        with payments; undo a payment's effects."""
        with self._writing():
            ident = str(record.get('id'))
            self._refuse_if_used(resource_name, ident)
            if resource_name in ('invoices', 'bills') and \
                    shapes.number(record.get('totalPaid')) > 0:
                raise Refused(400, f'{NOUNS[resource_name]} {ident} tiene '
                                   'pagos asociados: elimine o anule los '
                                   'pagos antes de eliminarla')
            if resource_name == 'payments' and \
                    record.get('status') != 'void':
                ledger = _Ledger(self.store)
                self._apply(ledger, record, -1)
                ledger.commit()

    def _refuse_if_used(self, resource_name, ident):
        for resource, field in _USED_BY.get(resource_name, ()):
            query = store_module.Query()
            if isinstance(field, tuple):
                query.member(*field, ident)
            else:
                query.equals(field, ident)
            _, rows = self.store.page(resource, query, 0, 1)
            if rows:
                raise Refused(400, f'{NOUNS[resource_name]} {ident} no se '
                                   'puede eliminar porque tiene documentos '
                                   f'asociados (/{resource})')

    # Actions.

    def check_action(self, resource_name, action_name, record):
        """Refuse an action before its effect: voiding a document with
        payments, reopening a void payment that no longer fits."""
        with self._writing():
            if action_name == 'void' and \
                    resource_name in ('invoices', 'bills') and \
                    shapes.number(record.get('totalPaid')) > 0:
                raise Refused(400, f'{NOUNS[resource_name]} '
                                   f'{record.get("id")} tiene pagos '
                                   'asociados: anule los pagos antes de '
                                   'anularla')
            if resource_name == 'payments' and action_name == 'open' and \
                    record.get('status') == 'void':
                self._apply(_Ledger(self.store), record, 1)

    def after_action(self, resource_name, action_name, before, after):
        """Keep the accounts after an action changed a record: a payment
        that became void gives its amounts back to its documents and bank
        account; one that became open again takes them anew.  A document
        opened with nothing left to pay stays closed."""
        if before is None or after is None:
            return
        if resource_name in ('invoices', 'bills'):
            if after.get('status') == 'open' and \
                    _settled('open', after) == 'closed':
                with self._writing():
                    after['status'] = 'closed'
                    self.store.replace(resource_name, after['id'], after)
            return
        if resource_name != 'payments':
            return
        was_void = before.get('status') == 'void'
        is_void = after.get('status') == 'void'
        if was_void == is_void:
            return
        with self._writing():
            ledger = _Ledger(self.store)
            self._apply(ledger, after, -1 if is_void else 1)
            ledger.commit()

    def transfer(self, origin, payload):
        """``POST /bank-accounts/{id}/transfer``: move ``amount`` from
        ``origin`` to ``idDestination``; answers ``{originAccount,
        destinationAccount, amount}`` [REC].  ``origin`` is changed in
        place, as an action's record is."""
        payload = payload or {}
        with self._writing():
            ident = shapes.reference_id(payload.get('idDestination'))
            if ident is None:
                raise Refused(400, 'La cuenta bancaria de destino '
                                   '(idDestination) es obligatoria')
            if ident == str(origin.get('id')):
                raise Refused(400, 'La cuenta de origen y la de destino '
                                   'son la misma')
            destination = self._must('bank-accounts', ident,
                                     'La cuenta bancaria de destino')
            amount = shapes.number(payload.get('amount'))
            if amount <= 0:
                raise Refused(400, 'El valor de la transferencia debe ser '
                                   'mayor que cero')
            self._move(origin, -amount)
            self._move(destination, amount)
            self.store.replace('bank-accounts', origin['id'], origin)
            self.store.replace('bank-accounts', destination['id'],
                               destination)
            return {'originAccount': origin,
                    'destinationAccount': destination,
                    'amount': self._money(amount)}

    def _move(self, account, amount):
        account['balance'] = self._money(
            shapes.number(account.get('balance')) + amount)

    # Contacts, items and bank accounts: references and balances.

    def _contact(self, record, old):
        self._must('sellers', record.get('seller'))
        self._must('terms', record.get('term'))
        self._must('price-lists', record.get('priceList'))
        return record

    def _item(self, record, old):
        for tax in shapes.taxes(self.store, record.get('tax')):
            self._must('taxes', tax)
        self._must('categories', record.get('category'))
        self._must('item-categories', record.get('itemCategory'))
        price = record.get('price')
        for entry in price if isinstance(price, list) else ():
            if isinstance(entry, dict):
                self._must('price-lists', entry.get('idPriceList'))
        return record

    def _bank_account(self, record, old):
        opening = shapes.number(record.get('initialBalance'))
        if old is None:
            record['balance'] = self._money(opening)
        else:
            moved = opening - shapes.number(old.get('initialBalance'))
            record['balance'] = self._money(
                shapes.number(old.get('balance')) + moved)
        return record

    # Documents: lines, totals, numbering.

    def _line(self, line, price_list_id, purchase=False):
        """A line of an item: filled from the catalogue, totalled.
        Returns ``(line, gross, discount, tax)``."""
        line = dict(line)
        item = self._must('items', line.get('id'))
        if item is None:
            raise Refused(400, 'Cada línea debe indicar el id de un ítem')
        line['id'] = str(item['id'])
        for key in FROM_ITEM:
            if line.get(key) in (None, ''):
                line[key] = item.get(key)
        if line.get('price') is None:
            line['price'] = _plain(self._item_price(item, price_list_id,
                                                    purchase))
        return self._totalled(line)

    def _category_line(self, line):
        line = dict(line)
        category = self._must('categories', line.get('id'))
        if category is None:
            raise Refused(400, 'Cada línea de cuenta debe indicar el id de '
                               'una cuenta contable')
        line['id'] = str(category['id'])
        if line.get('name') in (None, ''):
            line['name'] = category.get('name')
        return self._totalled(line)

    def _totalled(self, line):
        """Price × quantity, less the discount percentage, plus the taxes
        of the discounted amount; the line's ``total`` rounded."""
        line.setdefault('quantity', 1)
        line.setdefault('discount', 0)
        rate = ZERO
        for tax in shapes.taxes(self.store, line.get('tax')):
            rate += shapes.number(self._must('taxes', tax)
                                  .get('percentage'))
        gross = shapes.number(line.get('price')) * \
            shapes.number(line.get('quantity'))
        discount = gross * shapes.number(line.get('discount')) / HUNDRED
        tax = (gross - discount) * rate / HUNDRED
        line['total'] = self._money(gross - discount + tax)
        return line, gross, discount, tax

    @staticmethod
    def _item_price(item, price_list_id, purchase):
        inventory = item.get('inventory')
        if purchase and isinstance(inventory, dict) and \
                inventory.get('unitCost') is not None:
            return shapes.number(inventory['unitCost'])
        prices = item.get('price')
        if not isinstance(prices, list):
            return shapes.number(prices)
        entries = [entry for entry in prices if isinstance(entry, dict)]
        for wanted in (price_list_id, shapes.GENERAL_PRICE_LIST['id']):
            for entry in entries:
                if str(entry.get('idPriceList', '1')) == str(wanted):
                    return shapes.number(entry.get('price'))
        return shapes.number(entries[0].get('price')) if entries else ZERO

    def _totals(self, record, lines):
        """Set the document's totals from its ``(line, gross, discount,
        tax)`` lines and what was paid; refuse a total below it."""
        gross = sum((line[1] for line in lines), ZERO)
        discount = sum((line[2] for line in lines), ZERO)
        tax = sum((line[3] for line in lines), ZERO)
        total = self._money(gross - discount + tax)
        paid = shapes.number(record.get('totalPaid'))
        if paid > shapes.number(total):
            raise Refused(400, f'El total ({total}) no puede ser menor que '
                               f'lo pagado ({self._money(paid)})')
        record.update(subtotal=self._money(gross),
                      discount=self._money(discount), tax=self._money(tax),
                      total=total, totalPaid=self._money(paid),
                      balance=self._money(shapes.number(total) - paid),
                      decimalPrecision=str(self._scale))

    def _numbered(self, record, old, document_type, ledger):
        """The document's ``numberTemplate``: ``{"id"}`` takes that
        template's next number, ``{"prefix", "number"}`` is kept as a
        manual number, and none takes the default template of the
        document type.  The template's ``nextInvoiceNumber`` advances."""
        sent = record.get('numberTemplate')
        if sent is not None and not isinstance(sent, dict):
            sent = {'id': sent}
        sent = sent or {}
        manual = sent.get('number') not in (None, '')
        ident = shapes.reference_id(sent.get('id'))
        if old is not None:
            kept = old.get('numberTemplate')
            if sent == (kept or {}) or not sent or (
                    not manual and ident == shapes.reference_id(kept)):
                return kept
        if ident is None and manual:
            return _number_template(None, sent.get('prefix'),
                                    sent['number'], None)
        template = self._template(ident, document_type, ledger)
        if template is None:
            return None
        if manual:
            number = sent['number']
        else:
            number = int(shapes.number(template.get('nextInvoiceNumber') or
                                       template.get('minInvoiceNumber') or
                                       1))
            limit = template.get('maxInvoiceNumber')
            if limit not in (None, '') and number > shapes.number(limit):
                raise Refused(400, f'La numeración {template["id"]} llegó a '
                                   f'su número máximo ({limit})')
            template['nextInvoiceNumber'] = number + 1
            ledger.changed('number-templates', template['id'])
        return _number_template(template['id'], template.get('prefix'),
                                number, template.get('invoiceText'))

    def _template(self, ident, document_type, ledger):
        if ident is not None:
            template = self._must('number-templates', ident, ledger=ledger)
            if template.get('documentType') not in (None, document_type):
                raise Refused(400, f'La numeración {ident} no numera '
                                   'documentos de tipo '
                                   f'{document_type}')
            if template.get('status') == 'inactive':
                raise Refused(400, f'La numeración {ident} está inactiva')
            return template
        query = store_module.Query()
        query.equals('documentType', document_type)
        _, rows = self.store.page('number-templates', query, 0, 1000)
        templates = [jsonio.loads(row) for row in rows]
        for template in templates:
            if template.get('isDefault') and \
                    template.get('status') != 'inactive':
                return ledger.get('number-templates', template['id'])
        return None

    def _document(self, record):
        """What invoices and bills share: the references of the
        document."""
        self._must('warehouses', record.get('warehouse'))
        self._must('cost-centers', record.get('costCenter'))

    def _invoice(self, record, old):
        ledger = _Ledger(self.store)
        client = self._required('contacts', record.get('client'),
                                'El cliente')
        self._must('sellers', record.get('seller'))
        self._document(record)
        price_list = record.get('priceList') or client.get('priceList')
        price_list_id = shapes.reference_id(self._must(
            'price-lists', price_list) or shapes.GENERAL_PRICE_LIST)
        lines = [self._line(line, price_list_id)
                 for line in record.get('items') or []
                 if isinstance(line, dict)]
        record['items'] = [line[0] for line in lines]
        sent_payments = record.get('payments') if old is None else None
        if old is None:
            record['payments'] = []
            record['totalPaid'] = self._money(0)
        self._totals(record, lines)
        if old is None:
            self._check_sent_payments(sent_payments or [], record)
        record['numberTemplate'] = self._numbered(record, old, 'invoice',
                                                  ledger)
        preferences = self._preferences()
        if old is None:
            for key, preference in (
                    ('termsConditions', 'defaultTermsAndConditions'),
                    ('anotation', 'defaultAnotation')):
                if record.get(key) is None:
                    record[key] = preferences.get(preference)
        status = record.get('status') or ('open' if sent_payments
                                          else 'draft')
        if sent_payments:
            status = 'open'
        if status == 'draft' and shapes.number(record['totalPaid']) > 0:
            raise Refused(400, 'Una factura con pagos no puede volver a '
                               'borrador')
        record['status'] = _settled(status, record)
        ledger.commit()
        return record

    def _check_sent_payments(self, payments, invoice):
        """Payments sent with an invoice: bank accounts that exist and
        amounts that fit in the invoice's total."""
        paid = ZERO
        for payment in payments:
            if not isinstance(payment, dict):
                raise Refused(400, 'Cada pago debe ser un objeto')
            self._required('bank-accounts', payment.get('account') or
                           payment.get('bankAccount'),
                           'La cuenta bancaria del pago')
            amount = shapes.number(payment.get('amount'))
            if amount <= 0:
                raise Refused(400, 'El valor de cada pago debe ser mayor '
                                   'que cero')
            paid += amount
        if paid > shapes.number(invoice['total']):
            raise Refused(400, f'Los pagos ({self._money(paid)}) superan el '
                               f'total de la factura ({invoice["total"]})')

    def _pay_with_invoice(self, invoice, payment):
        body = {'date': payment.get('date') or invoice.get('date'),
                'type': 'in',
                'client': {'id': shapes.reference_id(invoice.get('client'))},
                'bankAccount': payment.get('account') or
                payment.get('bankAccount'),
                'paymentMethod': payment.get('paymentMethod') or 'cash',
                'invoices': [{'id': invoice['id'],
                              'amount': payment.get('amount')}]}
        record = shapes.for_read('payments', self.create('payments', body),
                                 self.store)
        self.created('payments', self.store.insert('payments', record))

    def _bill(self, record, old):
        self._required('contacts', record.get('provider'), 'El proveedor')
        self._document(record)
        purchases = record.get('purchases')
        purchases = dict(purchases) if isinstance(purchases, dict) else {}
        items = [self._line(line, None, purchase=True)
                 for line in purchases.get('items') or []
                 if isinstance(line, dict)]
        categories = [self._category_line(line)
                      for line in purchases.get('categories') or []
                      if isinstance(line, dict)]
        purchases.update(items=[line[0] for line in items],
                         categories=[line[0] for line in categories])
        record['purchases'] = purchases
        if old is None:
            record['payments'] = []
            record['totalPaid'] = self._money(0)
        self._totals(record, items + categories)
        record['status'] = _settled(record.get('status') or 'open', record)
        return record

    # Payments.

    def _payment(self, record, old):
        kind = record.get('type') or 'in'
        if kind not in _APPLIES_TO:
            raise Refused(400, f'El tipo de pago {kind} no existe: use in '
                               'u out')
        record['type'] = kind
        self._required('bank-accounts', record.get('bankAccount'),
                       'La cuenta bancaria')
        self._must('contacts', record.get('client'), 'El cliente')
        self._must('cost-centers', record.get('costCenter'))
        documents, _ = _APPLIES_TO[kind]
        other = 'bills' if documents == 'invoices' else 'invoices'
        if record.get(other):
            raise Refused(400, f'Un pago de tipo {kind} no se aplica a '
                               f'/{other}')
        record['categories'] = [self._category_line(line)[0]
                                for line in record.get('categories') or []
                                if isinstance(line, dict)]
        record['status'] = record.get('status') or 'open'
        record['amount'] = self._money(self._payment_amount(record))
        # Taken back and applied again in a ledger: on a create nothing is
        # written (created() applies it once the payment has its id), on
        # an update the change is.
        ledger = _Ledger(self.store)
        if old is not None and old.get('status') != 'void':
            self._apply(ledger, old, -1)
        if record['status'] != 'void':
            self._apply(ledger, record, 1)
        record[documents] = [self._summary(ledger, documents, entry)
                             for entry in _applications(record)]
        if old is None:
            record['number'] = self._payment_number(record, kind)
        else:
            record['number'] = old.get('number')
            ledger.commit()
        return record

    def _payment_number(self, record, kind):
        """A new payment's number: from the default receipt (``in``) or
        disbursement (``out``) template when the company has one, as the
        seeded ``RC-``/``CE-`` payments are; else a count per type."""
        ledger = _Ledger(self.store)
        template = self._numbered(record, None, _RECEIPT_TYPES[kind],
                                  ledger)
        if template is None:
            record['numberTemplate'] = None
            return str(self.store.next_number(f'payments/{kind}'))
        ledger.commit()
        record['numberTemplate'] = template
        return str(template['number'])

    @staticmethod
    def _payment_amount(payment):
        """What a payment moves: the amounts applied to documents plus its
        lines against accounts, or its own ``amount`` when it has
        neither."""
        applications = _applications(payment)
        lines = [line for line in payment.get('categories') or []
                 if isinstance(line, dict)]
        if not applications and not lines:
            return shapes.number(payment.get('amount'))
        return sum((shapes.number(entry.get('amount'))
                    for entry in applications), ZERO) + \
            sum((shapes.number(line.get('total')) for line in lines), ZERO)

    def _summary(self, ledger, documents, entry):
        """A document a payment applies to, as the payment shows it."""
        ident = shapes.reference_id(entry)
        document = ledger.get(documents, ident) or {}
        template = document.get('numberTemplate') or {}
        return {'id': ident,
                'number': template.get('fullNumber') or
                template.get('number'),
                'date': document.get('date'),
                'dueDate': document.get('dueDate'),
                'total': document.get('total'),
                'totalPaid': document.get('totalPaid'),
                'balance': document.get('balance'),
                'amount': self._money(entry.get('amount'))}

    def _apply(self, ledger, payment, sign):
        """Apply a payment (``sign`` 1) or take it back (-1): each
        document's ``totalPaid``, ``balance``, ``status`` and
        ``payments``, and the bank account's ``balance`` (up for money
        received, down for money paid).  A document that cannot take the
        payment is a 400."""
        documents, direction = _APPLIES_TO.get(payment.get('type') or 'in',
                                               _APPLIES_TO['in'])
        noun = NOUNS[documents]
        for entry in _applications(payment):
            ident = shapes.reference_id(entry)
            document = ledger.get(documents, ident) if ident else None
            if document is None:
                raise Refused(400, f'{noun} {ident} no existe')
            amount = shapes.number(entry.get('amount'))
            if sign > 0:
                _check_payable(noun, document, amount)
            paid = shapes.number(document.get('totalPaid')) + sign * amount
            document['totalPaid'] = self._money(paid)
            document['balance'] = self._money(
                shapes.number(document.get('total')) - paid)
            document['status'] = _settled(document.get('status'), document)
            _listed(document, payment, entry, sign)
            ledger.changed(documents, ident)
        account_id = shapes.reference_id(payment.get('bankAccount'))
        account = ledger.get('bank-accounts', account_id) \
            if account_id else None
        if account is None:
            if sign > 0:
                raise Refused(400, f'La cuenta bancaria {account_id} no '
                                   'existe')
            return
        self._move(account, sign * direction * self._payment_amount(payment))
        ledger.changed('bank-accounts', account_id)


def _applications(payment):
    """The ``{id, amount}`` of the documents a payment applies to."""
    documents, _ = _APPLIES_TO.get(payment.get('type') or 'in',
                                   _APPLIES_TO['in'])
    entries = payment.get(documents) or []
    return [entry for entry in entries if isinstance(entry, dict)]


def _check_payable(noun, document, amount):
    ident = document.get('id')
    if amount <= 0:
        raise Refused(400, 'El valor aplicado a cada documento debe ser '
                           'mayor que cero')
    if document.get('status') == 'draft':
        raise Refused(400, f'{noun} {ident} es un borrador: ábrala antes '
                           'de registrarle pagos')
    if document.get('status') == 'void':
        raise Refused(400, f'{noun} {ident} está anulada')
    balance = shapes.number(document.get('balance'))
    if amount > balance:
        raise Refused(400, f'El valor del pago ({amount}) supera el saldo '
                           f'de {noun.lower()} {ident} ({balance})')


def _listed(document, payment, entry, sign):
    """Add the payment to the document's ``payments`` (or take it out)."""
    ident = str(payment.get('id')) if payment.get('id') is not None \
        else None
    listed = [member for member in document.get('payments') or []
              if not (isinstance(member, dict) and ident is not None and
                      str(member.get('id')) == ident)]
    if sign > 0 and ident is not None:
        listed.append({'id': ident, 'number': payment.get('number'),
                       'date': payment.get('date'),
                       'amount': entry.get('amount'),
                       'paymentMethod': payment.get('paymentMethod')})
    document['payments'] = listed


def _settled(status, document):
    """An open document with nothing left to pay is closed; a closed one
    that owes again is open.  Drafts and void ones keep their status."""
    if status not in ('open', 'closed'):
        return status
    paid = shapes.number(document.get('totalPaid'))
    owed = shapes.number(document.get('balance'))
    return 'closed' if paid > 0 and owed <= 0 else 'open'


# The document type of the templates that number payments, by type.
_RECEIPT_TYPES = {'in': 'transactionIn', 'out': 'transactionOut'}


def _number_template(ident, prefix, number, text):
    """A document's ``numberTemplate``: ``{id, prefix, number, text}``
    [REC], the number as a string, and ``fullNumber``."""
    number = str(number)
    return {'id': ident, 'prefix': prefix or None, 'number': number,
            'text': text or None,
            'fullNumber': f'{prefix}-{number}' if prefix else number}


def _plain(value):
    """A decimal as a plain JSON number: ``4050``, ``40.5``."""
    if value == value.to_integral_value():
        return int(value)
    return jsonio.JsonNumber(format(value.normalize(), 'f'))


_CREATE = {
    'contacts': Books._contact,
    'items': Books._item,
    'bank-accounts': Books._bank_account,
    'invoices': Books._invoice,
    'bills': Books._bill,
    'payments': Books._payment,
}
