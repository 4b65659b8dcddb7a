"""The sandbox held to the real API: its recorded answers and its books.

Each test names its source in its docstring: [REC] is an answer recorded
from the real API (the VCR cassettes of the Ruby client degzcs/alegra,
summarised in the facts file §10, cassette named); [OFFICIAL ...] the
official documentation; [CLI-docs ...] the Go alegra-cli's guides;
"chosen" a behaviour the sources leave open, decided for the sandbox
(listed in doc/source/sandbox.rst, Accounting rules).

Every test builds the records it needs over HTTP in an empty sandbox,
so none depends on the seed.
"""

from alegra.sandbox import shapes
from tests.integration import base
from tests.integration.test_sandbox import http_call

# [REC] the company's invoicePreferences.defaultTermsAndConditions.
TERMS = ('Esta factura se asimila en todos sus efectos a una letra de '
         'cambio de conformidad con el Art. 774 del código de comercio.')


class FidelityTestCase(base.SandboxTestCase):
    """An empty sandbox and a small company built over HTTP, with the
    records of the recorded answers: a 16 % IVA, the ledger account
    "Ingresos", a default invoice numbering, a client, two items."""

    seed = False
    options = {'rate_limit': None}

    def call(self, method, path, body=None):
        status, _, answer = http_call(self.server.base_url, method, path,
                                      body)
        return status, answer

    def created(self, path, body):
        status, answer = self.call('POST', path, body)
        self.assertEqual(201, status, answer)
        return answer

    def get(self, path):
        status, answer = self.call('GET', path)
        self.assertEqual(200, status, answer)
        return answer

    def assertRefused(self, status, answer, code=400, *fragments):
        """Alegra's error shape: ``{"code": <status>, "message": ...}``
        [OFFICIAL errors table, facts file §5]."""
        self.assertEqual((code, code), (status, answer.get('code')), answer)
        self.assertIsInstance(answer['message'], str)
        for fragment in fragments:
            self.assertIn(fragment, answer['message'])

    def company(self, precision='0'):
        self.call('PUT', '/company', {
            'decimalPrecision': precision,
            'invoicePreferences': {'defaultAnotation': None,
                                   'defaultTermsAndConditions': TERMS}})
        self.general = self.created('/price-lists', {
            'name': 'General', 'type': 'amount'})
        self.iva = self.created('/taxes', {
            'name': 'IVA', 'percentage': 16, 'description': '',
            'type': 'IVA'})
        self.income = self.created('/categories', {
            'name': 'Ingresos', 'type': 'income', 'nature': 'credit'})
        self.template = self.created('/number-templates', {
            'name': 'Facturas', 'documentType': 'invoice',
            'nextInvoiceNumber': 1, 'isDefault': True})
        self.client = self.created('/contacts', {
            'name': 'cliente', 'identification': '123456789',
            'phonePrimary': '', 'phoneSecondary': '', 'fax': '',
            'mobile': '3004232123', 'email': 'cliente@test.com',
            'address': {'address': 'calle 1 # 3-2', 'city': 'Medellin'},
            'type': ['client', 'provider']})
        self.item1 = self.created('/items', {'name': 'item1', 'price': 40})
        self.item2 = self.created('/items', {'name': 'item2', 'price': 80})
        self.bank = self.created('/bank-accounts', {
            'name': 'Banco 1', 'type': 'bank', 'initialBalance': 1000})

    def recorded_invoice(self, **extra):
        """The body of [REC] create_simple_invoice, with this company's
        ids: client as a bare id, a line without tax, a line with a 10 %
        discount and the 16 % IVA."""
        return {'date': '2016-10-12', 'dueDate': '2016-10-12',
                'client': int(self.client['id']),
                'items': [{'id': int(self.item1['id']), 'price': 40,
                           'quantity': 5},
                          {'id': int(self.item2['id']),
                           'description': 'Brown leather wallet',
                           'price': 80, 'discount': 10,
                           'tax': [{'id': int(self.iva['id'])}],
                           'quantity': 1}],
                **extra}

    def open_invoice(self, **extra):
        invoice = self.created('/invoices', self.recorded_invoice(
            status='open', **extra))
        self.assertEqual('open', invoice['status'])
        return invoice

    def pay(self, invoice, amount, **extra):
        return self.call('POST', '/payments', {
            'date': '2016-10-13', 'type': 'in',
            'client': {'id': self.client['id']},
            'bankAccount': {'id': self.bank['id']},
            'paymentMethod': 'cash',
            'invoices': [{'id': invoice['id'], 'amount': amount}],
            **extra})

    def balance_of(self, account):
        return self.get(f"/bank-accounts/{account['id']}")['balance']


class TestRecordedShapes(FidelityTestCase):
    """Answers the real API gave, key by key."""

    def test_contact_create_answers_every_key(self):
        """[REC] degzcs/alegra create_contact, facts file §10: POST
        /contacts {"name"} answers every key, null where empty, ``type``
        and ``internalContacts`` as empty lists, the address as an object
        of nulls, a string id."""
        status, contact = self.call('POST', '/contacts',
                                    {'name': 'Alan Britho'})
        self.assertEqual(201, status)
        recorded = {
            'name': 'Alan Britho', 'identification': None, 'email': None,
            'phonePrimary': None, 'phoneSecondary': None, 'fax': None,
            'mobile': None, 'observations': None,
            'address': {'address': None, 'city': None}, 'type': [],
            'seller': None, 'term': None, 'priceList': None,
            'internalContacts': []}
        self.assertIsInstance(contact['id'], str)
        self.assertEqual(recorded, {key: contact[key] for key in recorded})
        self.assertEqual(list(shapes.DESCRIPTIONS['contacts']),
                         list(contact))

    def test_contact_references_are_expanded(self):
        """[REC] degzcs/alegra create_completed_contact and simple_contact:
        ``seller`` comes back with its name, identification and
        observations, ``term`` with its name and ``days`` as a string,
        ``priceList`` with its name, all with string ids."""
        seller = self.created('/sellers', {
            'name': 'Elmo Caritas', 'identification': '123123123',
            'observations': 'Elmo Caritas'})
        term = self.created('/terms', {'name': '8 días', 'days': 8})
        contact = self.created('/contacts', {
            'name': 'Armando Casas', 'seller': {'id': seller['id']},
            'term': {'id': int(term['id'])}, 'priceList': 1,
            'type': ['client']})
        self.assertEqual({'id': seller['id'], 'name': 'Elmo Caritas',
                          'identification': '123123123',
                          'observations': 'Elmo Caritas'},
                         contact['seller'])
        self.assertEqual({'id': term['id'], 'name': '8 días', 'days': '8'},
                         contact['term'])
        self.assertEqual({'id': '1', 'name': 'General'},
                         contact['priceList'])

    def test_item_create(self):
        """[REC] degzcs/alegra create_item, facts file §10: the category
        and taxes expanded, the price list entry with its name and the
        price as ``"4050.0000"``, the tax percentage as ``"16.00"``, the
        inventory with ``availableQuantity``, ``status`` active."""
        self.company()
        item = self.created('/items', {
            'name': 'leather', 'description': 'Brown leather wallet',
            'reference': 'CAR-195', 'category': {'id': int(
                self.income['id'])},
            'inventory': {'unit': 'piece', 'unitCost': 2560,
                          'initialQuantity': 160},
            'tax': [{'id': int(self.iva['id'])}],
            'price': [{'price': 4050}]})
        self.assertEqual({
            'id': item['id'], 'name': 'leather',
            'description': 'Brown leather wallet', 'reference': 'CAR-195',
            'status': 'active',
            'category': {'id': self.income['id'], 'name': 'Ingresos'},
            'price': [{'idPriceList': '1', 'name': 'General',
                       'price': '4050.0000'}],
            'inventory': {'initialQuantity': 160, 'unit': 'piece',
                          'availableQuantity': 160, 'unitCost': 2560},
            'tax': [{'id': self.iva['id'], 'name': 'IVA',
                     'percentage': '16.00', 'description': ''}]}, item)

    def test_invoice_create(self):
        """[REC] degzcs/alegra create_simple_invoice, facts file §10: a
        draft, numbered all the same; termsConditions from the company's
        settings; observations, anotation, seller and priceList null; the
        client expanded with its contact fields; lines named from the
        catalogue, totals 200 and 84 (72 + 11.52 rounded), total 284 with
        decimalPrecision 0, totalPaid 0."""
        self.company()
        status, invoice = self.call('POST', '/invoices',
                                    self.recorded_invoice())
        self.assertEqual(201, status, invoice)
        self.assertEqual('draft', invoice['status'])
        self.assertEqual({'id': self.template['id'], 'prefix': None,
                          'number': '1', 'text': None},
                         {key: invoice['numberTemplate'][key]
                          for key in ('id', 'prefix', 'number', 'text')})
        self.assertEqual(TERMS, invoice['termsConditions'])
        for key in ('observations', 'anotation', 'seller', 'priceList'):
            self.assertIsNone(invoice[key], key)
        self.assertEqual({
            'id': self.client['id'], 'name': 'cliente',
            'identification': '123456789', 'phonePrimary': '',
            'phoneSecondary': '', 'fax': '', 'mobile': '3004232123',
            'email': 'cliente@test.com',
            'address': {'address': 'calle 1 # 3-2', 'city': 'Medellin'}},
            invoice['client'])
        first, second = invoice['items']
        self.assertEqual({'id': self.item1['id'], 'name': 'item1',
                          'description': None, 'price': 40, 'discount': 0,
                          'reference': None, 'quantity': 5, 'tax': [],
                          'total': 200}, first)
        self.assertEqual(('item2', 'Brown leather wallet', 84),
                         (second['name'], second['description'],
                          second['total']))
        self.assertEqual([{'id': self.iva['id'], 'name': 'IVA',
                           'percentage': '16.00', 'description': '',
                           'type': 'IVA'}], second['tax'])
        self.assertEqual((284, 0, 284), (invoice['total'],
                                         invoice['totalPaid'],
                                         invoice['balance']))
        self.assertEqual(list(shapes.DESCRIPTIONS['invoices']),
                         list(invoice))

    def test_invoice_update_keeps_number_and_totals(self):
        """[REC] degzcs/alegra update_invoice: PUT {"observations"} answers
        the whole invoice, its number and totals unchanged."""
        self.company()
        invoice = self.created('/invoices', self.recorded_invoice())
        status, updated = self.call(
            'PUT', f"/invoices/{invoice['id']}",
            {'observations': 'This invoice has been updated!'})
        self.assertEqual(200, status, updated)
        self.assertEqual(dict(invoice,
                              observations='This invoice has been updated!'),
                         updated)

    def test_bank_account_create_takes_a_numeric_string(self):
        """[REC] degzcs/alegra create_simple_bank_account: an
        ``initialBalance`` of ``"100000"`` is accepted; the answer is
        ``{id, name, number: null, description: "", type, status}`` (the
        sandbox adds the balance fields)."""
        status, account = self.call('POST', '/bank-accounts', {
            'name': 'test', 'type': 'bank', 'initialBalance': '100000',
            'initialBalanceDate': '2020-02-25'})
        self.assertEqual(201, status, account)
        self.assertEqual({'id': account['id'], 'name': 'test',
                          'number': None, 'description': '',
                          'type': 'bank', 'status': 'active'},
                         {key: account[key] for key in (
                             'id', 'name', 'number', 'description', 'type',
                             'status')})
        self.assertEqual(100000, account['balance'])

    def test_transfer(self):
        """[REC] degzcs/alegra create_simple_bank_transfer: POST
        /bank-accounts/{id}/transfer {"idDestination", "amount", "date"}
        answers ``{originAccount, destinationAccount, amount}``; the money
        moves."""
        origin = self.created('/bank-accounts', {
            'name': 'test', 'type': 'bank', 'initialBalance': 150000})
        destination = self.created('/bank-accounts', {
            'name': 'Bancolombia', 'type': 'bank', 'initialBalance': 0})
        status, answer = self.call(
            'POST', f"/bank-accounts/{origin['id']}/transfer",
            {'idDestination': int(destination['id']), 'amount': 100000,
             'date': '2020-02-25'})
        self.assertEqual(200, status, answer)
        self.assertEqual(['originAccount', 'destinationAccount', 'amount'],
                         list(answer))
        self.assertEqual(100000, answer['amount'])
        self.assertEqual((origin['id'], destination['id']),
                         (answer['originAccount']['id'],
                          answer['destinationAccount']['id']))
        self.assertEqual(50000, self.balance_of(origin))
        self.assertEqual(100000, self.balance_of(destination))
        status, answer = self.call(
            'POST', f"/bank-accounts/{origin['id']}/transfer",
            {'idDestination': 987654, 'amount': 1, 'date': '2020-02-25'})
        self.assertRefused(status, answer, 400, '987654')

    def test_delete_answers(self):
        """[REC] degzcs/alegra delete_contact and delete_item: ``{"code":
        200, "message": "El contacto fue eliminado correctamente."}`` and
        ``"El ítem fue eliminado correctamente."``."""
        contact = self.created('/contacts', {'name': 'Alan Britho'})
        item = self.created('/items', {'name': 'leather', 'price': 1})
        self.assertEqual(
            (200, {'code': 200,
                   'message': 'El contacto fue eliminado correctamente.'}),
            self.call('DELETE', f"/contacts/{contact['id']}"))
        self.assertEqual(
            (200, {'code': 200,
                   'message': 'El ítem fue eliminado correctamente.'}),
            self.call('DELETE', f"/items/{item['id']}"))

    def test_invoice_email(self):
        """[REC] degzcs/alegra send_email_invoice_response: ``{"code":
        "200", "message": "La factura fue enviada exitosamente"}``, the
        code as a string."""
        self.company()
        invoice = self.created('/invoices', self.recorded_invoice())
        self.assertEqual(
            (200, {'code': '200',
                   'message': 'La factura fue enviada exitosamente'}),
            self.call('POST', f"/invoices/{invoice['id']}/email",
                      {'emails': ['cliente@test.com']}))

    def test_every_described_key_is_answered(self):
        """[REC] create_contact (every key, null where empty) and the
        official read fields (facts file §7): each described resource
        answers every key of its description, on create and in its
        list, from the same stored answer."""
        self.company()
        invoice = self.open_invoice()
        status, payment = self.pay(invoice, 10)
        self.assertEqual(201, status, payment)
        bill = self.created('/bills', {
            'date': '2016-10-12', 'dueDate': '2016-11-12',
            'provider': self.client['id'],
            'purchases': {'items': [{'id': self.item1['id'],
                                     'price': 10, 'quantity': 1}]}})
        answers = {'contacts': self.client, 'items': self.item1,
                   'invoices': invoice, 'payments': payment, 'bills': bill,
                   'bank-accounts': self.bank}
        for resource, answer in answers.items():
            self.assertEqual([], [key for key in shapes.DESCRIPTIONS[
                resource] if key not in answer], resource)
            listed = self.get(f'/{resource}')
            self.assertIn(answer['id'], [record['id'] for record in listed])
            for record in listed:
                self.assertIsInstance(record['id'], str)

    def test_numeric_strings_are_numbers(self):
        """[OFFICIAL AD-legacy global-invoices example, facts file §1]:
        amounts and quantities arrive as strings too; the sandbox reads
        them as the numbers they are."""
        self.company()
        body = self.recorded_invoice()
        for line in body['items']:
            line.update(price=str(line['price']),
                        quantity=str(line['quantity']))
        status, invoice = self.call('POST', '/invoices', body)
        self.assertEqual(201, status, invoice)
        self.assertEqual(284, invoice['total'])


class TestTotalsAndNumbering(FidelityTestCase):

    def test_totals_follow_the_company_decimals(self):
        """chosen, from [REC] create_simple_invoice (decimalPrecision 0 →
        284): with ``decimalPrecision`` 2 the same invoice totals 283.52
        (72 + 11.52 for the discounted line)."""
        self.company(precision='2')
        invoice = self.created('/invoices', self.recorded_invoice())
        self.assertEqual([200, 83.52],
                         [line['total'] for line in invoice['items']])
        self.assertEqual((280, 8, 11.52, 283.52, 283.52, '2'),
                         tuple(invoice[key] for key in (
                             'subtotal', 'discount', 'tax', 'total',
                             'balance', 'decimalPrecision')))

    def test_drafts_are_numbered_and_the_template_advances(self):
        """[REC] degzcs/alegra list_of_invoices: consecutive drafts carry
        consecutive numbers of template 1; the template's
        ``nextInvoiceNumber`` advances (facts file §7.6)."""
        self.company()
        numbers = [self.created('/invoices', self.recorded_invoice())
                   ['numberTemplate']['number'] for _ in range(3)]
        self.assertEqual(['1', '2', '3'], numbers)
        self.assertEqual(4, self.get(
            f"/number-templates/{self.template['id']}")['nextInvoiceNumber'])

    def test_template_by_id_and_manual_numbers(self):
        """[OFFICIAL AD-legacy crear-factura-de-venta]: ``numberTemplate:
        {id}`` numbers automatically from that template; ``{prefix,
        number}`` is a manual number, which no template counts."""
        self.company()
        other = self.created('/number-templates', {
            'name': 'POS', 'prefix': 'POS', 'documentType': 'invoice',
            'nextInvoiceNumber': 41})
        invoice = self.created('/invoices', self.recorded_invoice(
            numberTemplate={'id': int(other['id'])}))
        self.assertEqual((other['id'], 'POS', '41', 'POS-41'), tuple(
            invoice['numberTemplate'][key]
            for key in ('id', 'prefix', 'number', 'fullNumber')))
        manual = self.created('/invoices', self.recorded_invoice(
            numberTemplate={'prefix': 'M', 'number': 77}))
        self.assertEqual((None, 'M', '77'), tuple(
            manual['numberTemplate'][key]
            for key in ('id', 'prefix', 'number')))
        self.assertEqual(1, self.get(
            f"/number-templates/{self.template['id']}")['nextInvoiceNumber'])
        self.assertEqual(42, self.get(
            f"/number-templates/{other['id']}")['nextInvoiceNumber'])

    def test_a_template_of_other_documents_is_refused(self):
        """chosen: a number template of estimates cannot number an
        invoice (400)."""
        self.company()
        estimates = self.created('/number-templates', {
            'name': 'Cotizaciones', 'documentType': 'estimate'})
        status, answer = self.call('POST', '/invoices', self.recorded_invoice(
            numberTemplate={'id': estimates['id']}))
        self.assertRefused(status, answer, 400, estimates['id'])

    def test_lines_filled_from_the_catalogue(self):
        """[REC] create_simple_invoice: a line names its item when it does
        not say (its description and reference stay as sent); chosen: a
        line without price takes the item's price in the client's price
        list, else in General."""
        self.company()
        wholesale = self.created('/price-lists', {
            'name': 'Mayorista', 'type': 'amount'})
        item = self.created('/items', {
            'name': 'Café', 'reference': 'CAF-1', 'price': [
                {'idPriceList': 1, 'price': 100},
                {'idPriceList': wholesale['id'], 'price': 90}]})
        buyer = self.created('/contacts', {
            'name': 'Mayorista SAS', 'priceList': wholesale['id']})
        lines = [{'id': item['id'], 'quantity': 2}]
        invoice = self.created('/invoices', {
            'date': '2026-01-01', 'dueDate': '2026-01-31',
            'client': buyer['id'], 'items': lines})
        self.assertEqual(('Café', 90, None, 180), tuple(
            invoice['items'][0][key]
            for key in ('name', 'price', 'reference', 'total')))
        invoice = self.created('/invoices', {
            'date': '2026-01-01', 'dueDate': '2026-01-31',
            'client': self.client['id'], 'items': lines})
        self.assertEqual(200, invoice['total'])


class TestPayments(FidelityTestCase):

    def setUp(self):
        super().setUp()
        self.company()

    def test_a_payment_is_applied(self):
        """[CLI-docs invoice-to-cash, facts file §7.4]: a payment lowers
        the invoice's balance and raises its ``totalPaid``; at balance 0
        the invoice is closed.  The payment's ``amount`` is what it
        applies; money received raises the bank account's balance."""
        invoice = self.open_invoice()
        status, payment = self.pay(invoice, 84)
        self.assertEqual(201, status, payment)
        self.assertEqual((84, 'open', 'in'), (payment['amount'],
                                              payment['status'],
                                              payment['type']))
        self.assertEqual({'id': invoice['id'], 'amount': 84,
                          'totalPaid': 84, 'balance': 200},
                         {key: payment['invoices'][0][key] for key in (
                             'id', 'amount', 'totalPaid', 'balance')})
        self.assertEqual({'id': self.bank['id'], 'name': 'Banco 1',
                          'type': 'bank'}, payment['bankAccount'])
        paid = self.get(f"/invoices/{invoice['id']}")
        self.assertEqual((84, 200, 'open'), (paid['totalPaid'],
                                             paid['balance'],
                                             paid['status']))
        self.assertEqual([payment['id']],
                         [entry['id'] for entry in paid['payments']])
        self.assertEqual(1084, self.balance_of(self.bank))
        self.assertEqual(201, self.pay(invoice, 200)[0])
        closed = self.get(f"/invoices/{invoice['id']}")
        self.assertEqual((284, 0, 'closed'), (closed['totalPaid'],
                                              closed['balance'],
                                              closed['status']))

    def test_payments_are_numbered_by_their_receipt_template(self):
        """(chosen, as the seeded RC-/CE- payments are) a payment takes
        the next number of the default ``transactionIn`` template, and
        counts by type when the company has no such template."""
        invoice = self.open_invoice()
        status, first = self.pay(invoice, 10)
        self.assertEqual((201, '1', None), (status, first['number'],
                                            first['numberTemplate']))
        self.created('/number-templates', {
            'name': 'Recibos de caja', 'prefix': 'RC',
            'documentType': 'transactionIn', 'isDefault': True,
            'nextInvoiceNumber': 7, 'status': 'active'})
        status, second = self.pay(invoice, 10)
        self.assertEqual((201, '7', 'RC-7'), (
            status, second['number'],
            second['numberTemplate']['fullNumber']))
        self.assertEqual('8', str(self.get(
            '/number-templates')[-1]['nextInvoiceNumber']))

    def test_beyond_the_balance_is_refused(self):
        """[CLI-docs invoice-to-cash] a payment applies at most what is
        owed; more is a 400 in Alegra's shape (wording chosen), and
        nothing changes."""
        invoice = self.open_invoice()
        status, answer = self.pay(invoice, 285)
        self.assertRefused(status, answer, 400, 'saldo')
        self.assertEqual(284, self.get(f"/invoices/{invoice['id']}")
                         ['balance'])
        self.assertEqual(1000, self.balance_of(self.bank))

    def test_drafts_and_void_invoices_take_no_payment(self):
        """chosen: a payment to a draft or a void invoice is a 400."""
        draft = self.created('/invoices', self.recorded_invoice())
        self.assertRefused(*self.pay(draft, 1), 400, 'borrador')
        voided = self.open_invoice()
        self.call('POST', f"/invoices/{voided['id']}/void")
        self.assertRefused(*self.pay(voided, 1), 400, 'anulada')

    def test_payments_sent_with_the_invoice(self):
        """[OFFICIAL AD-legacy crear-factura-de-venta]: status is draft
        unless payments are sent with the invoice, then open; chosen: each
        is recorded at /payments and applied."""
        invoice = self.created('/invoices', self.recorded_invoice(
            payments=[{'date': '2016-10-12', 'account': {
                'id': self.bank['id']}, 'amount': 100,
                'paymentMethod': 'cash'}]))
        self.assertEqual('open', invoice['status'])
        stored = self.get(f"/invoices/{invoice['id']}")
        self.assertEqual((100, 184), (stored['totalPaid'],
                                      stored['balance']))
        [payment] = self.get('/payments')
        self.assertEqual(([invoice['id']], 100), (
            [entry['id'] for entry in payment['invoices']],
            payment['amount']))
        self.assertEqual(1100, self.balance_of(self.bank))

    def test_void_gives_back_and_open_takes_again(self):
        """[OFFICIAL payments void/open, facts file §2] with its effect
        chosen: voiding a payment gives its amount back to the invoice and
        takes it from the bank account; reopening it applies it again."""
        invoice = self.open_invoice()
        payment = self.pay(invoice, 284)[1]
        self.assertEqual('closed', self.get(f"/invoices/{invoice['id']}")
                         ['status'])
        status, voided = self.call('POST', f"/payments/{payment['id']}/void")
        self.assertEqual((200, 'void'), (status, voided['status']))
        reopened = self.get(f"/invoices/{invoice['id']}")
        self.assertEqual((0, 284, 'open', []), (
            reopened['totalPaid'], reopened['balance'],
            reopened['status'], reopened['payments']))
        self.assertEqual(1000, self.balance_of(self.bank))
        status, _ = self.call('POST', f"/payments/{payment['id']}/open")
        self.assertEqual(200, status)
        self.assertEqual('closed', self.get(f"/invoices/{invoice['id']}")
                         ['status'])
        self.assertEqual(1284, self.balance_of(self.bank))

    def test_deleting_a_payment_gives_back(self):
        """chosen, as voiding: a deleted payment gives its amount back."""
        invoice = self.open_invoice()
        payment = self.pay(invoice, 100)[1]
        self.assertEqual(200, self.call(
            'DELETE', f"/payments/{payment['id']}")[0])
        self.assertEqual(284, self.get(f"/invoices/{invoice['id']}")
                         ['balance'])
        self.assertEqual(1000, self.balance_of(self.bank))

    def test_an_invoice_with_payments_is_kept(self):
        """[APIDECK gotchas, facts file §2] with the status chosen: an
        invoice with payments can be neither voided nor deleted (400)."""
        invoice = self.open_invoice()
        self.pay(invoice, 10)
        for method, path in (('POST', f"/invoices/{invoice['id']}/void"),
                             ('DELETE', f"/invoices/{invoice['id']}")):
            status, answer = self.call(method, path)
            self.assertRefused(status, answer, 400, 'pagos')
        self.assertEqual('open', self.get(f"/invoices/{invoice['id']}")
                         ['status'])

    def test_update_applies_again(self):
        """chosen: changing a payment's amounts takes the old ones back
        and applies the new, or refuses and changes nothing."""
        invoice = self.open_invoice()
        payment = self.pay(invoice, 100)[1]
        status, updated = self.call('PUT', f"/payments/{payment['id']}", {
            'invoices': [{'id': invoice['id'], 'amount': 50}]})
        self.assertEqual((200, 50), (status, updated['amount']))
        self.assertEqual(234, self.get(f"/invoices/{invoice['id']}")
                         ['balance'])
        status, answer = self.call('PUT', f"/payments/{payment['id']}", {
            'invoices': [{'id': invoice['id'], 'amount': 300}]})
        self.assertRefused(status, answer, 400)
        self.assertEqual(234, self.get(f"/invoices/{invoice['id']}")
                         ['balance'])
        self.assertEqual(1050, self.balance_of(self.bank))

    def test_bills_are_paid_by_payments_out(self):
        """[facts file §7.4, §7.5, CLI-code bills.go]: a bill totals its
        item and account lines like an invoice; a payment of type out
        pays it and takes the money from the bank account."""
        bill = self.created('/bills', {
            'date': '2016-10-12', 'dueDate': '2016-11-12',
            'provider': {'id': self.client['id']},
            'purchases': {
                'items': [{'id': self.item2['id'], 'price': 80,
                           'quantity': 1, 'discount': 10,
                           'tax': [{'id': self.iva['id']}]}],
                'categories': [{'id': self.income['id'], 'price': 200,
                                'quantity': 1}]}})
        self.assertEqual((284, 284, 'open'), (bill['total'], bill['balance'],
                                              bill['status']))
        self.assertEqual('Ingresos',
                         bill['purchases']['categories'][0]['name'])
        status, payment = self.call('POST', '/payments', {
            'date': '2016-10-13', 'type': 'out',
            'bankAccount': self.bank['id'], 'paymentMethod': 'transfer',
            'bills': [{'id': bill['id'], 'amount': 284}]})
        self.assertEqual((201, 284), (status, payment['amount']))
        paid = self.get(f"/bills/{bill['id']}")
        self.assertEqual((284, 0, 'closed'), (paid['totalPaid'],
                                              paid['balance'],
                                              paid['status']))
        self.assertEqual(716, self.balance_of(self.bank))
        status, answer = self.call('POST', '/payments', {
            'date': '2016-10-13', 'type': 'in',
            'bankAccount': self.bank['id'], 'paymentMethod': 'cash',
            'bills': [{'id': bill['id'], 'amount': 1}]})
        self.assertRefused(status, answer, 400)

    def test_payment_against_accounts(self):
        """[facts file §7.4] a payment may go to ledger accounts
        (``categories``) instead of documents: its amount is their price ×
        quantity plus taxes."""
        status, payment = self.call('POST', '/payments', {
            'date': '2016-10-13', 'type': 'out',
            'bankAccount': self.bank['id'], 'paymentMethod': 'cash',
            'categories': [{'id': self.income['id'], 'price': 100,
                            'quantity': 2, 'tax': [{'id': self.iva['id']}]}]})
        self.assertEqual((201, 232), (status, payment['amount']))
        self.assertEqual(768, self.balance_of(self.bank))


class TestReferences(FidelityTestCase):
    """[OFFICIAL errors table, facts file §5]: information missing or
    invalid is a 400 ``{"code", "message"}``; which references are checked
    is chosen: every one a body names."""

    def setUp(self):
        super().setUp()
        self.company()

    def test_an_invoice_for_a_missing_client_or_item(self):
        status, answer = self.call('POST', '/invoices', self.recorded_invoice(
            client=987654))
        self.assertRefused(status, answer, 400, '987654')
        body = self.recorded_invoice()
        body['items'][0]['id'] = 987654
        self.assertRefused(*self.call('POST', '/invoices', body), 400,
                           '987654')
        body = self.recorded_invoice()
        body['items'][1]['tax'] = [{'id': 987654}]
        self.assertRefused(*self.call('POST', '/invoices', body), 400,
                           '987654')
        self.assertEqual([], self.get('/invoices'))

    def test_a_payment_for_a_missing_invoice_or_account(self):
        invoice = self.open_invoice()
        self.assertRefused(*self.pay({'id': '987654'}, 1), 400, '987654')
        self.assertRefused(*self.pay(invoice, 1, bankAccount={
            'id': '987654'}), 400, '987654')
        self.assertEqual([], self.get('/payments'))

    def test_records_in_use_are_not_deleted(self):
        invoice = self.open_invoice()
        self.pay(invoice, 1)
        self.created('/items', {'name': 'con IVA', 'price': 1,
                                'tax': [self.iva['id']]})
        for path, user in ((f"/contacts/{self.client['id']}", '/invoices'),
                           (f"/items/{self.item1['id']}", '/invoices'),
                           (f"/bank-accounts/{self.bank['id']}",
                            '/payments'),
                           (f"/taxes/{self.iva['id']}", '/items'),
                           (f"/number-templates/{self.template['id']}",
                            '/invoices')):
            status, answer = self.call('DELETE', path)
            self.assertRefused(status, answer, 400, user)
            self.assertEqual(200, self.call('GET', path)[0], path)
