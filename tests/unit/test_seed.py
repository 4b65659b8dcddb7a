"""The sandbox's seed: a whole company whose books balance.

These tests are the proof that the seeded records agree with one another
the way Alegra's do: invoice totals from their lines, totals paid from
the payments, bank balances from the payments, stock from the sales and
purchases, numberings from the documents, a journal that balances, and a
ledger, rebuilt here from the documents alone, whose accounts match the
balances the records show.  They read the records only; none of the
sandbox's own rules is used to check them.
"""

import collections
import datetime
import decimal

import testtools

from alegra import jsonio
from alegra import validation
from alegra.sandbox import seed
from alegra_plugins import bank_accounts
from alegra_plugins import bills
from alegra_plugins import categories
from alegra_plugins import contacts
from alegra_plugins import currencies
from alegra_plugins import invoices
from alegra_plugins import items
from alegra_plugins import journals
from alegra_plugins import number_templates
from alegra_plugins import payments
from alegra_plugins import price_lists
from alegra_plugins import retentions
from alegra_plugins import sellers
from alegra_plugins import taxes
from alegra_plugins import terms
from alegra_plugins import warehouses

STATUSES = ('draft', 'open', 'closed', 'void')
# Invoices that moved stock and money: a draft has not sold anything.
SOLD = ('open', 'closed')
RECEIVABLE, PAYABLE, INVENTORY, COST_OF_SALES = \
    '130505', '220505', '143501', '6135'


def percent_of(amount, percentage):
    exact = decimal.Decimal(amount) * decimal.Decimal(percentage) / 100
    return int(exact.to_integral_value(decimal.ROUND_HALF_UP))


def amounts(line):
    """``(gross, discount, [(tax id, amount), ...])`` of a document line:
    the discount percentage comes off first, then each tax is charged on
    what is left, in whole pesos."""
    gross = line['price'] * line['quantity']
    discount = percent_of(gross, line['discount'])
    return gross, discount, [
        (tax['id'], percent_of(gross - discount, tax['percentage']))
        for tax in line['tax']]


def price(entry):
    """A price of a price list, ``"52000.0000"``, as a number."""
    return decimal.Decimal(entry['price'])


def without_empty(value):
    """``value`` less the keys whose value is ``None`` or ``[]``, at every
    depth."""
    if isinstance(value, dict):
        return {key: without_empty(item) for key, item in value.items()
                if item is not None and item != []}
    if isinstance(value, list):
        return [without_empty(item) for item in value]
    return value


def body(record, *read_only):
    """A seeded record as a create body: no id, no read-only fields, no
    empty values (a create leaves out what it does not set)."""
    return without_empty({key: value for key, value in record.items()
                          if key not in ('id', *read_only)})


def contact_body(contact):
    """A seeded contact as a create body: typed identification."""
    found = body(contact, 'identificationObject')
    kind = contact['identificationObject']
    found['identification'] = {'type': kind['type'], 'number': kind['number']}
    return found


def item_body(item):
    """A seeded item as a create body: one price, stock per warehouse."""
    found = body(item)
    found['price'] = int(price(item['price'][0]))
    found['tax'] = [{'id': tax['id']} for tax in item['tax']]
    if 'inventory' in item:
        inventory = item['inventory']
        found['inventory'] = {
            'unit': inventory['unit'], 'unitCost': inventory['unitCost'],
            'warehouses': [{'id': kept['id'],
                            'initialQuantity': kept['initialQuantity']}
                           for kept in inventory['warehouses']]}
    return found


def invoice_body(invoice):
    """A seeded invoice as a create body."""
    return {
        'date': invoice['date'],
        'dueDate': invoice['dueDate'],
        'client': {'id': invoice['client']['id']},
        'numberTemplate': {'id': invoice['numberTemplate']['id']},
        'seller': invoice['seller']['id'],
        'warehouse': invoice['warehouse']['id'],
        'items': [{'id': line['id'], 'price': line['price'],
                   'quantity': line['quantity'],
                   'discount': line['discount'],
                   'tax': [{'id': tax['id']} for tax in line['tax']]}
                  for line in invoice['items']],
    }


def containers(value):
    """Every dict and list inside ``value``, ``value`` included."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from containers(child)
    elif isinstance(value, list):
        yield value
        for child in value:
            yield from containers(child)


def purchase_lines(bill):
    return bill['purchases']['items'] + bill['purchases']['categories']


def applications(payment):
    """``(resource, entry)`` for each document a payment pays."""
    return [('invoices', entry) for entry in payment['invoices']] + \
        [('bills', entry) for entry in payment['bills']]


class SeedTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.records = seed.seed_records()
        self.invoices = self.records['invoices']
        self.bills = self.records['bills']
        self.payments = self.records['payments']
        self.open_payments = [payment for payment in self.payments
                              if payment['status'] == 'open']

    def by_id(self, resource):
        return {record['id']: record for record in self.records[resource]}

    def account(self, code):
        [found] = [account for account in self.records['categories']
                   if account['code'] == code]
        return found

    def assertReferences(self, reference, resource, *fields):
        """``reference`` names a record of ``resource`` by id, with the
        record's name and ``fields``."""
        record = self.by_id(resource)[reference['id']]
        for field in ('name', *fields):
            self.assertEqual(record[field], reference[field],
                             (resource, reference))
        return record


class TestShape(SeedTestCase):

    def test_resources_and_counts(self):
        self.assertEqual({
            'company': 1, 'users': 1, 'categories': 40, 'taxes': 3,
            'retentions': 4, 'price-lists': 2, 'terms': 3, 'sellers': 2,
            'warehouses': 2, 'currencies': 2, 'number-templates': 5,
            'bank-accounts': 3, 'contacts': 8, 'items': 6, 'invoices': 8,
            'bills': 3, 'payments': 9, 'journals': 1,
        }, {name: len(records) for name, records in self.records.items()})

    def test_ids_are_unique_numbered_strings(self):
        for name, records in self.records.items():
            if name == 'currencies':
                continue
            ids = [record['id'] for record in records]
            self.assertEqual([str(n) for n in range(1, len(ids) + 1)], ids,
                             name)

    def test_currencies_are_keyed_by_code(self):
        codes = [currency['code'] for currency in self.records['currencies']]
        self.assertEqual(['COP', 'USD'], codes)
        self.assertTrue(all('id' not in currency
                            for currency in self.records['currencies']))

    def test_records_are_json(self):
        for name, records in self.records.items():
            for record in records:
                self.assertEqual(record, jsonio.loads(jsonio.dumps(record)),
                                 name)

    def test_every_call_builds_the_same_new_records(self):
        self.assertEqual(seed.seed_records(), self.records)
        self.records['invoices'][0]['items'][0]['tax'][0]['name'] = 'otro'
        self.records['items'][1]['tax'][0]['name'] = 'cambiado'
        self.records['bank-accounts'][0]['balance'] = -1
        fresh = seed.seed_records()
        self.assertEqual('IVA 5%', fresh['invoices'][0]['items'][0]['tax'][0]
                         ['name'])
        self.assertEqual('IVA', fresh['items'][1]['tax'][0]['name'])
        self.assertNotEqual(-1, fresh['bank-accounts'][0]['balance'])

    def test_no_object_is_shared_between_records(self):
        seen = set()
        for records in self.records.values():
            for record in records:
                for container in containers(record):
                    self.assertNotIn(id(container), seen, container)
                    seen.add(id(container))

    def test_sandbox_user(self):
        [user] = self.records['users']
        self.assertEqual('sandbox@alegra.test', seed.SANDBOX_EMAIL)
        self.assertEqual(seed.SANDBOX_EMAIL, user['email'])
        self.assertEqual(('Usuario', 'Sandbox', 'admin'),
                         (user['name'], user['lastName'], user['role']))

    def test_company_is_colombian(self):
        [company] = self.records['company']
        self.assertEqual('colombia', company['applicationVersion'])
        self.assertEqual({'code': 'COP', 'symbol': '$'}, company['currency'])
        self.assertEqual('America/Bogota', company['timezone'])
        self.assertEqual(company['identification'],
                         company['identificationObject']['number'])
        for field in ('name', 'email', 'decimalPrecision'):
            self.assertTrue(company[field], field)
        # What an invoice takes when it does not say, as the seeded ones.
        terms_conditions = company['invoicePreferences'][
            'defaultTermsAndConditions']
        self.assertEqual({terms_conditions}, {
            invoice['termsConditions']
            for invoice in self.records['invoices']})


class TestChartOfAccounts(SeedTestCase):

    def test_a_tree_of_puc_accounts(self):
        seen = {}
        for account in self.records['categories']:
            parent = account['idParent']
            if parent is None:
                self.assertEqual(1, len(account['code']), account)
                self.assertTrue(account['readOnly'])
            else:
                # Parents come first; a child's code extends its parent's
                # and keeps its type.
                self.assertIn(parent, seen, account)
                self.assertTrue(account['code'].startswith(
                    seen[parent]['code']), account)
                self.assertEqual(seen[parent]['type'], account['type'])
            seen[account['id']] = account
        codes = [account['code'] for account in seen.values()]
        self.assertEqual(len(codes), len(set(codes)))

    def test_one_root_per_type_and_natures(self):
        roots = {account['type']: account for account in
                 self.records['categories'] if account['idParent'] is None}
        self.assertEqual({'asset': '1', 'liability': '2', 'equity': '3',
                          'income': '4', 'expense': '5', 'cost': '6'},
                         {kind: root['code'] for kind, root in roots.items()})
        for account in self.records['categories']:
            debit = account['type'] in ('asset', 'expense', 'cost')
            if account['code'] == '240802':
                # IVA descontable: a liability account that is debited.
                debit = True
            self.assertEqual('debit' if debit else 'credit',
                             account['nature'], account['name'])

    def test_the_accounts_a_small_company_needs(self):
        for code, kind in (('110505', 'asset'), ('111005', 'asset'),
                           (RECEIVABLE, 'asset'), (INVENTORY, 'asset'),
                           (PAYABLE, 'liability'), ('240801', 'liability'),
                           ('2365', 'liability'), ('3105', 'equity'),
                           ('4135', 'income'), ('530505', 'expense'),
                           (COST_OF_SALES, 'cost')):
            self.assertEqual(kind, self.account(code)['type'], code)

    def test_references_name_leaf_accounts(self):
        parents = {account['idParent']
                   for account in self.records['categories']}
        references = [tax[field] for tax in self.records['taxes']
                      for field in ('categoryFavorable', 'categoryToBePaid')]
        references += [account['category']
                       for account in self.records['bank-accounts']]
        references += [item['category'] for item in self.records['items']]
        references += [line for bill in self.bills
                       for line in bill['purchases']['categories']]
        references += [line for payment in self.payments
                       for line in payment['categories']]
        references += self.records['journals'][0]['entries']
        for reference in references:
            self.assertReferences(reference, 'categories')
            self.assertNotIn(reference['id'], parents, reference)


class TestSettings(SeedTestCase):

    def test_taxes(self):
        self.assertEqual([('IVA', 19), ('IVA', 5), ('IVA', 0)],
                         [(tax['type'], tax['percentage'])
                          for tax in self.records['taxes']])
        for tax in self.records['taxes']:
            self.assertEqual('240802', self.assertReferences(
                tax['categoryFavorable'], 'categories')['code'])
            self.assertEqual('240801', self.assertReferences(
                tax['categoryToBePaid'], 'categories')['code'])

    def test_retentions(self):
        self.assertEqual({'RETEFUENTE', 'RETEIVA', 'RETEICA'},
                         {retention['type']
                          for retention in self.records['retentions']})
        for retention in self.records['retentions']:
            self.assertTrue(0 < retention['percentage'] <= 15, retention)

    def test_terms_and_price_lists(self):
        self.assertEqual([('Contado', 0), ('30 días', 30), ('60 días', 60)],
                         [(term['name'], term['days'])
                          for term in self.records['terms']])
        self.assertEqual(['General', 'Mayorista'],
                         [record['name']
                          for record in self.records['price-lists']])

    def test_one_default_warehouse(self):
        defaults = [warehouse['name'] for warehouse
                    in self.records['warehouses'] if warehouse['isDefault']]
        self.assertEqual(['Bodega principal'], defaults)

    def test_currencies(self):
        [company] = self.records['company']
        rates = {currency['code']: currency['exchangeRate']
                 for currency in self.records['currencies']}
        self.assertEqual(1, rates[company['currency']['code']])
        self.assertGreater(rates['USD'], 1)
        self.assertTrue(company['multicurrency'])

    def test_one_default_number_template_per_document_type(self):
        defaults = collections.Counter(
            template['documentType']
            for template in self.records['number-templates']
            if template['isDefault'])
        self.assertEqual({'invoice': 1, 'transactionIn': 1,
                          'transactionOut': 1, 'supportDocument': 1},
                         defaults)
        electronic = {template['prefix']
                      for template in self.records['number-templates']
                      if template['isElectronic']}
        self.assertEqual({'FV', 'DS'}, electronic)

    def test_bank_accounts(self):
        kinds = [(account['name'], account['type'])
                 for account in self.records['bank-accounts']]
        self.assertEqual([('Bancolombia', 'bank'), ('Davivienda', 'bank'),
                          ('Caja general', 'cash')], kinds)
        for account in self.records['bank-accounts']:
            self.assertEqual('asset', self.assertReferences(
                account['category'], 'categories')['type'])
            self.assertGreater(account['initialBalance'], 0)


class TestContacts(SeedTestCase):

    def test_accented_names(self):
        names = {contact['name'] for contact in self.records['contacts']}
        for name in ('José Núñez', 'Distribuidora Ñandú SAS',
                     'María Fernanda Peña', 'Óscar Ibáñez'):
            self.assertIn(name, names)

    def test_clients_and_providers(self):
        roles = [set(contact['type']) for contact in self.records['contacts']]
        self.assertIn({'client'}, roles)
        self.assertIn({'provider'}, roles)
        self.assertIn({'client', 'provider'}, roles)

    def test_identification_read_shape(self):
        for contact in self.records['contacts']:
            kind = contact['identificationObject']
            self.assertIsInstance(contact['identification'], str)
            self.assertEqual(contact['identification'], kind['number'])
            legal = contact['kindOfPerson'] == 'LEGAL_ENTITY'
            self.assertEqual('NIT' if legal else 'CC', kind['type'])
            self.assertEqual(legal, kind['dv'] is not None)

    def test_cities(self):
        cities = {contact['address']['city']
                  for contact in self.records['contacts']}
        self.assertEqual({'Bogotá', 'Medellín', 'Cali'}, cities)

    def test_every_key_null_where_empty(self):
        keys = None
        for contact in self.records['contacts']:
            found = set(contact) - {'nameObject'}
            keys = keys or found
            self.assertEqual(keys, found, contact['name'])
        for key in ('seller', 'term', 'priceList', 'phoneSecondary', 'fax',
                    'observations', 'internalContacts'):
            self.assertIn(key, keys)

    def test_terms_sellers_and_price_lists(self):
        for contact in self.records['contacts']:
            if contact['term'] is not None:
                term = self.assertReferences(contact['term'], 'terms')
                # As a read contact carries it: the days as a string.
                self.assertEqual(str(term['days']), contact['term']['days'])
            if contact['seller'] is not None:
                self.assertReferences(contact['seller'], 'sellers',
                                      'identification', 'observations')
            if contact['priceList'] is not None:
                self.assertReferences(contact['priceList'], 'price-lists')
            if 'client' in contact['type']:
                self.assertIsNotNone(contact['term'], contact['name'])
                self.assertIsNotNone(contact['seller'], contact['name'])
        wholesale = [contact['name'] for contact in self.records['contacts']
                     if contact['priceList']]
        self.assertEqual(['Distribuidora Ñandú SAS',
                          'Cafetería La Única Ltda.'], wholesale)


class TestCheckDigit(testtools.TestCase):

    def test_known_nits(self):
        # DIAN, Bancolombia and Davivienda, with their published DVs.
        for nit, dv in (('800197268', '4'), ('890903938', '8'),
                        ('860034313', '7')):
            self.assertEqual(dv, seed.check_digit(nit), nit)


class TestItems(SeedTestCase):

    def test_prices_per_price_list(self):
        lists = self.by_id('price-lists')
        for item in self.records['items']:
            self.assertEqual(
                [(ident, record['name']) for ident, record in lists.items()],
                [(price['idPriceList'], price['name'])
                 for price in item['price']])
            # Written as the API writes prices: four decimals.
            for entry in item['price']:
                self.assertRegex(entry['price'], r'^\d+\.0000$')
            general, wholesale = map(price, item['price'])
            self.assertEqual(general - percent_of(
                general, lists['2']['percentage']), wholesale)

    def test_taxes_are_read_objects(self):
        taxes_by_id = self.by_id('taxes')
        for item in self.records['items']:
            for tax in item['tax']:
                found = taxes_by_id[tax['id']]
                self.assertEqual(
                    {'id': found['id'], 'name': found['name'],
                     'percentage': f"{found['percentage']:.2f}",
                     'description': found['description']}, tax)
        used = {tax['percentage'] for item in self.records['items']
                for tax in item['tax']}
        self.assertEqual({'19.00', '5.00', '0.00'}, used)

    def test_products_in_warehouses_and_a_service(self):
        stocked = [item for item in self.records['items']
                   if 'inventory' in item]
        self.assertEqual(5, len(stocked))
        for item in stocked:
            inventory = item['inventory']
            kept = inventory['warehouses']
            for warehouse in kept:
                self.assertReferences(warehouse, 'warehouses')
            for field in ('initialQuantity', 'availableQuantity'):
                self.assertEqual(inventory[field],
                                 sum(warehouse[field] for warehouse in kept),
                                 (item['name'], field))
            self.assertEqual(2, len(kept))
            self.assertGreater(inventory['unitCost'], 0)
            self.assertLess(inventory['unitCost'], price(item['price'][1]))

    def test_income_accounts(self):
        for item in self.records['items']:
            self.assertEqual('income', self.assertReferences(
                item['category'], 'categories')['type'])


class TestInvoices(SeedTestCase):

    def test_every_status_is_present(self):
        self.assertEqual(collections.Counter(
            {'closed': 3, 'open': 3, 'void': 1, 'draft': 1}),
            collections.Counter(invoice['status']
                                for invoice in self.invoices))

    def test_open_invoices_partly_paid_and_unpaid(self):
        paid = [invoice['totalPaid'] / invoice['total']
                for invoice in self.invoices if invoice['status'] == 'open']
        self.assertEqual(3, len(paid))
        self.assertIn(0, paid)
        self.assertTrue(any(0 < share < 1 for share in paid))

    def test_totals(self):
        for invoice in self.invoices:
            self.assertEqual(
                invoice['subtotal'] - invoice['discount'] + invoice['tax'],
                invoice['total'], invoice['id'])
            self.assertEqual(invoice['total'] - invoice['totalPaid'],
                             invoice['balance'], invoice['id'])
            self.assertGreater(invoice['total'], 0)

    def test_lines_add_up(self):
        for document in self.invoices + self.bills:
            lines = document.get('items') or purchase_lines(document)
            subtotal = discount = tax = 0
            for line in lines:
                gross, off, charged = amounts(line)
                line_tax = sum(amount for _, amount in charged)
                self.assertEqual(gross - off + line_tax, line['total'])
                subtotal += gross
                discount += off
                tax += line_tax
            self.assertEqual((subtotal, discount, tax,
                              subtotal - discount + tax),
                             (document['subtotal'], document['discount'],
                              document['tax'], document['total']),
                             document['numberTemplate'])

    def test_iva_19_and_5_are_applied(self):
        rates = {entry['percentage'] for invoice in self.invoices
                 for line in invoice['items'] for entry in line['tax']}
        self.assertLessEqual({'19.00', '5.00'}, rates)
        self.assertTrue(any(invoice['discount'] for invoice in self.invoices))

    def test_clients_are_the_contacts(self):
        for invoice in self.invoices:
            client = invoice['client']
            contact = self.by_id('contacts')[client['id']]
            self.assertIn('client', contact['type'])
            for field, value in client.items():
                self.assertEqual(contact[field], value, field)

    def test_client_terms_prices_and_seller(self):
        for invoice in self.invoices:
            contact = self.by_id('contacts')[invoice['client']['id']]
            days = int(contact['term']['days'])
            date = datetime.date.fromisoformat(invoice['date'])
            self.assertEqual((date + datetime.timedelta(days=days))
                             .isoformat(), invoice['dueDate'])
            self.assertEqual('CASH' if days == 0 else 'CREDIT',
                             invoice['paymentForm'])
            # Alegra names no price list when none applies [REC].
            self.assertEqual(contact['priceList'], invoice['priceList'])
            self.assertEqual({'id': contact['seller']['id'],
                              'name': contact['seller']['name']},
                             invoice['seller'])
            self.assertReferences(invoice['warehouse'], 'warehouses')
            self.assertEqual(2026, date.year)
        self.assertIn({'id': '2', 'name': 'Mayorista'},
                      [invoice['priceList'] for invoice in self.invoices])

    def test_lines_are_the_items_at_their_price_list_price(self):
        for invoice in self.invoices:
            price_list = (invoice['priceList'] or {'id': '1'})['id']
            for line in invoice['items']:
                item = self.assertReferences(line, 'items', 'reference',
                                             'description')
                [listed] = [price(entry) for entry in item['price']
                            if entry['idPriceList'] == price_list]
                self.assertEqual(listed, line['price'])
                # A line's taxes add their type to the item's.
                self.assertEqual(item['tax'], [
                    {key: value for key, value in tax.items()
                     if key != 'type'} for tax in line['tax']])
                self.assertEqual(['IVA'], list({tax['type']
                                                for tax in line['tax']}))


class TestBills(SeedTestCase):

    def test_one_open_and_the_others_paid(self):
        self.assertEqual(['closed', 'closed', 'open'],
                         [bill['status'] for bill in self.bills])

    def test_a_support_document_and_supplier_bills(self):
        templates = self.by_id('number-templates')
        for bill in self.bills:
            provider = self.by_id('contacts')[bill['provider']['id']]
            self.assertIn('provider', provider['type'])
            numbering = bill['numberTemplate']
            if bill['type'] == 'supportDocument':
                # Bought from a person who does not invoice: numbered by
                # the company, as DIAN asks.
                self.assertEqual('PERSON_ENTITY', provider['kindOfPerson'])
                self.assertEqual('supportDocument',
                                 templates[numbering['id']]['documentType'])
            else:
                self.assertEqual('bill', bill['type'])
                self.assertIsNone(numbering['id'])
                self.assertEqual('LEGAL_ENTITY', provider['kindOfPerson'])
            self.assertEqual(f"{numbering['prefix']}-{numbering['number']}",
                             numbering['fullNumber'])
        self.assertIn('supportDocument', {bill['type'] for bill in self.bills})

    def test_lines_are_items_at_cost_or_expense_accounts(self):
        for bill in self.bills:
            for line in bill['purchases']['items']:
                item = self.assertReferences(line, 'items', 'reference')
                self.assertEqual(item['inventory']['unitCost'],
                                 line['price'])
            for line in bill['purchases']['categories']:
                account = self.assertReferences(line, 'categories')
                self.assertIn(account['type'], ('expense', 'cost'))
            self.assertTrue(purchase_lines(bill))
            self.assertReferences(bill['warehouse'], 'warehouses')


class TestPayments(SeedTestCase):

    def test_in_and_out_open_and_void(self):
        self.assertEqual(collections.Counter(
            {('in', 'open'): 5, ('in', 'void'): 1, ('out', 'open'): 3}),
            collections.Counter((payment['type'], payment['status'])
                                for payment in self.payments))

    def test_amount_is_what_it_pays(self):
        for payment in self.payments:
            applied = sum(entry['amount']
                          for _, entry in applications(payment))
            lines = sum(line['total'] for line in payment['categories'])
            self.assertEqual(applied + lines, payment['amount'],
                             payment['id'])
            self.assertGreater(payment['amount'], 0)

    def test_received_from_clients_paid_to_providers(self):
        documents = {'invoices': self.by_id('invoices'),
                     'bills': self.by_id('bills')}
        for payment in self.payments:
            self.assertReferences(payment['bankAccount'], 'bank-accounts',
                                  'type')
            if payment['type'] == 'in':
                self.assertEqual([], payment['bills'] +
                                 payment['categories'])
            else:
                self.assertEqual([], payment['invoices'])
            for resource, entry in applications(payment):
                document = documents[resource][entry['id']]
                party = document['client' if resource == 'invoices'
                                 else 'provider']
                self.assertEqual({key: party[key] for key in
                                  ('id', 'name', 'identification')},
                                 payment['client'])
                self.assertEqual(
                    (document['numberTemplate']['fullNumber'],
                     document['date'], document['dueDate'],
                     document['total'], document['totalPaid'],
                     document['balance']),
                    (entry['number'], entry['date'], entry['dueDate'],
                     entry['total'], entry['totalPaid'], entry['balance']))
                self.assertLessEqual(document['date'], payment['date'])
                self.assertNotIn(document['status'], ('draft', 'void'))
            if payment['client'] is not None:
                self.assertReferences(payment['client'], 'contacts',
                                      'identification')


class TestBooks(SeedTestCase):
    """The invariants that make the seeded books balance."""

    def test_total_paid_is_the_open_payments(self):
        paid = collections.defaultdict(list)
        for payment in self.open_payments:
            for resource, entry in applications(payment):
                paid[resource, entry['id']].append(
                    (payment['id'], entry['amount']))
        for resource in ('invoices', 'bills'):
            for document in self.records[resource]:
                applied = paid[resource, document['id']]
                self.assertEqual(sum(amount for _, amount in applied),
                                 document['totalPaid'], document['id'])
                self.assertEqual(applied, [
                    (entry['id'], entry['amount'])
                    for entry in document['payments']])
                self.assertEqual(document['total'] - document['totalPaid'],
                                 document['balance'])
                self.assertGreaterEqual(document['balance'], 0)
                if document['status'] in ('draft', 'void'):
                    self.assertEqual([], applied, document['id'])
                else:
                    self.assertEqual(document['balance'] == 0,
                                     document['status'] == 'closed',
                                     document['id'])

    def test_a_void_payment_pays_nothing(self):
        [void] = [payment for payment in self.payments
                  if payment['status'] == 'void']
        for resource, entry in applications(void):
            document = self.by_id(resource)[entry['id']]
            self.assertNotIn(void['id'], [payment['id'] for payment
                                          in document['payments']])

    def test_bank_balances_are_the_payments(self):
        moved = collections.Counter()
        for payment in self.open_payments:
            sign = 1 if payment['type'] == 'in' else -1
            moved[payment['bankAccount']['id']] += sign * payment['amount']
        for account in self.records['bank-accounts']:
            self.assertEqual(account['initialBalance'] + moved[account['id']],
                             account['balance'], account['name'])
        self.assertTrue(all(moved[account['id']] for account
                            in self.records['bank-accounts']))

    def test_stock_is_initial_plus_bought_less_sold(self):
        moved = collections.Counter()
        for invoice in self.invoices:
            if invoice['status'] in SOLD:
                for line in invoice['items']:
                    moved[line['id'], invoice['warehouse']['id']] -= \
                        line['quantity']
        for bill in self.bills:
            if bill['status'] != 'void':
                for line in bill['purchases']['items']:
                    moved[line['id'], bill['warehouse']['id']] += \
                        line['quantity']
        for item in self.records['items']:
            if 'inventory' not in item:
                continue
            for kept in item['inventory']['warehouses']:
                self.assertEqual(
                    kept['initialQuantity'] + moved[item['id'], kept['id']],
                    kept['availableQuantity'], (item['name'], kept['name']))
                self.assertGreaterEqual(kept['availableQuantity'], 0)
        self.assertTrue(any(change > 0 for change in moved.values()))

    def test_numberings_follow_the_documents(self):
        kinds = {'invoices': ('invoice',), 'bills': ('supportDocument',),
                 'payments': ('transactionIn', 'transactionOut')}
        used = collections.defaultdict(list)
        for resource, documents in (('invoices', self.invoices),
                                    ('bills', self.bills),
                                    ('payments', self.payments)):
            for document in documents:
                numbering = document['numberTemplate']
                if numbering['id'] is None:
                    continue
                template = self.by_id('number-templates')[numbering['id']]
                self.assertEqual(template['prefix'], numbering['prefix'])
                self.assertIn(template['documentType'], kinds[resource])
                # Every document is numbered, a draft too [REC].
                self.assertEqual(
                    f"{numbering['prefix']}-{numbering['number']}",
                    numbering['fullNumber'])
                if resource == 'payments':
                    self.assertEqual(numbering['number'],
                                     document['number'])
                used[template['id']].append(int(numbering['number']))
        for template in self.records['number-templates']:
            numbers = used[template['id']]
            self.assertEqual(list(range(1, len(numbers) + 1)), numbers,
                             template['prefix'])
            self.assertEqual(len(numbers) + 1, template['nextInvoiceNumber'],
                             template['prefix'])
            self.assertTrue(numbers, template['prefix'])
        self.assertIn('POS-1', {invoice['numberTemplate']['fullNumber']
                                for invoice in self.invoices})

    def test_the_journal_balances(self):
        [journal] = self.records['journals']
        debits = sum(entry['debit'] for entry in journal['entries'])
        credits = sum(entry['credit'] for entry in journal['entries'])
        self.assertEqual((debits, debits), (credits, journal['total']))
        for entry in journal['entries']:
            self.assertEqual(1, [entry['debit'], entry['credit']].count(0))

    def test_the_opening_entry_is_the_opening_balances(self):
        [journal] = self.records['journals']
        opened = collections.Counter()
        for entry in journal['entries']:
            opened[entry['id']] += entry['debit'] - entry['credit']
        for account in self.records['bank-accounts']:
            self.assertEqual(account['initialBalance'],
                             opened[account['category']['id']])
            self.assertEqual(journal['date'], account['initialBalanceDate'])
        self.assertEqual(
            sum(item['inventory']['initialQuantity'] *
                item['inventory']['unitCost']
                for item in self.records['items'] if 'inventory' in item),
            opened[self.account(INVENTORY)['id']])

    def ledger(self):
        """Every account's debit balance, posted here from the journal and
        the documents: sales at their price (and at cost out of stock),
        purchases, and payments."""
        postings = []  # (document, {account id: debit - credit})
        taxes = self.by_id('taxes')
        items_by_id = self.by_id('items')
        bank = {account['id']: account['category']['id']
                for account in self.records['bank-accounts']}

        def post(document, *lines):
            moves = collections.Counter()
            for account, amount in lines:
                moves[account] += amount
            postings.append((document, moves))

        [journal] = self.records['journals']
        post('journal', *((entry['id'], entry['debit'] - entry['credit'])
                          for entry in journal['entries']))
        for invoice in self.invoices:
            if invoice['status'] not in SOLD:
                continue
            lines = [(self.account(RECEIVABLE)['id'], invoice['total'])]
            for line in invoice['items']:
                item = items_by_id[line['id']]
                gross, discount, charged = amounts(line)
                lines.append((item['category']['id'], discount - gross))
                lines += [(taxes[tax]['categoryToBePaid']['id'], -amount)
                          for tax, amount in charged]
                if 'inventory' in item:
                    cost = item['inventory']['unitCost'] * line['quantity']
                    lines += [(self.account(COST_OF_SALES)['id'], cost),
                              (self.account(INVENTORY)['id'], -cost)]
            post(invoice['numberTemplate']['fullNumber'], *lines)
        for bill in self.bills:
            lines = [(self.account(PAYABLE)['id'], -bill['total'])]
            for line in purchase_lines(bill):
                account = self.account(INVENTORY)['id'] \
                    if line in bill['purchases']['items'] else line['id']
                gross, discount, charged = amounts(line)
                lines.append((account, gross - discount))
                lines += [(taxes[tax]['categoryFavorable']['id'], amount)
                          for tax, amount in charged]
            post(bill['numberTemplate']['fullNumber'], *lines)
        for payment in self.open_payments:
            sign = 1 if payment['type'] == 'in' else -1
            lines = [(bank[payment['bankAccount']['id']],
                      sign * payment['amount'])]
            lines += [(self.account(RECEIVABLE)['id'], -entry['amount'])
                      for entry in payment['invoices']]
            lines += [(self.account(PAYABLE)['id'], entry['amount'])
                      for entry in payment['bills']]
            for line in payment['categories']:
                gross, discount, charged = amounts(line)
                lines.append((line['id'], gross - discount))
                lines += [(taxes[tax]['categoryFavorable']['id'], amount)
                          for tax, amount in charged]
            post(payment['numberTemplate']['fullNumber'], *lines)
        balances = collections.Counter()
        for document, moves in postings:
            self.assertEqual(0, sum(moves.values()), document)
            balances.update(moves)
        return balances

    def test_the_ledger_balances_and_matches_the_records(self):
        balances = self.ledger()
        self.assertEqual(0, sum(balances.values()))
        for account in self.records['bank-accounts']:
            self.assertEqual(account['balance'],
                             balances[account['category']['id']],
                             account['name'])
        self.assertEqual(
            sum(invoice['balance'] for invoice in self.invoices
                if invoice['status'] in SOLD),
            balances[self.account(RECEIVABLE)['id']])
        self.assertEqual(
            -sum(bill['balance'] for bill in self.bills),
            balances[self.account(PAYABLE)['id']])
        self.assertEqual(
            sum(item['inventory']['availableQuantity'] *
                item['inventory']['unitCost']
                for item in self.records['items'] if 'inventory' in item),
            balances[self.account(INVENTORY)['id']])


class TestSchemas(SeedTestCase):
    """Every seeded record could have been created through the API."""

    def assertCreates(self, resource, bodies, schema):
        for number, found in enumerate(bodies, start=1):
            self.assertEqual([], validation.problems(found, schema),
                             (resource, number))

    def test_contacts_items_and_invoices(self):
        self.assertCreates('contacts', map(contact_body,
                                           self.records['contacts']),
                           contacts.RESOURCE.create_schema())
        self.assertCreates('items', map(item_body, self.records['items']),
                           items.RESOURCE.create_schema())
        self.assertCreates('invoices', map(invoice_body, self.invoices),
                           invoices.RESOURCE.create_schema())

    def test_bills_payments_and_journals(self):
        self.assertCreates('bills', (
            body(bill, 'status', 'type', 'subtotal', 'discount', 'tax',
                 'total', 'totalPaid', 'balance', 'payments')
            for bill in self.bills), bills.RESOURCE.create_schema())
        self.assertCreates('payments', (
            body(payment, 'status', 'amount', 'number') |
            {'type': payment['type']} for payment in self.payments),
            payments.RESOURCE.create_schema())
        self.assertCreates('journals', (body(journal, 'number', 'total')
                                        for journal in
                                        self.records['journals']),
                           journals.RESOURCE.create_schema())

    def test_settings(self):
        for plugin, read_only in (
                (categories, ('readOnly', 'categoryRule')),
                (taxes, ()), (retentions, ()), (price_lists, ()),
                (terms, ()), (sellers, ()), (warehouses, ()),
                (currencies, ()), (number_templates, ('deletable',)),
                (bank_accounts, ('balance',))):
            resource = plugin.RESOURCE
            self.assertCreates(resource.name, (
                body(record, *read_only)
                for record in self.records[resource.name]),
                resource.create_schema())
