"""The sandbox's seed data: shapes, arithmetic, references and schemas."""

import datetime
import decimal

import testtools

from alegra import jsonio
from alegra import validation
from alegra.sandbox import seed
from alegra_plugins import contacts
from alegra_plugins import invoices
from alegra_plugins import items

STATUSES = ('draft', 'open', 'closed', 'void')


def percent_of(amount, percentage):
    exact = decimal.Decimal(amount) * decimal.Decimal(percentage) / 100
    return int(exact.to_integral_value(decimal.ROUND_HALF_UP))


def contact_body(contact):
    """A seeded contact as a create body: no id, typed identification."""
    body = {key: value for key, value in contact.items()
            if key not in ('id', 'identificationObject')}
    kind = contact['identificationObject']
    body['identification'] = {'type': kind['type'], 'number': kind['number']}
    return body


def item_body(item):
    """A seeded item as a create body: one price, taxes by id."""
    body = {key: value for key, value in item.items() if key != 'id'}
    body['price'] = item['price'][0]['price']
    body['tax'] = [{'id': tax['id']} for tax in item['tax']]
    if 'inventory' in item:
        body['inventory'] = {
            key: value for key, value in item['inventory'].items()
            if key not in ('availableQuantity', 'initialQuantity')}
    return body


def invoice_body(invoice):
    """A seeded invoice as a create body."""
    return {
        'date': invoice['date'],
        'dueDate': invoice['dueDate'],
        'client': {'id': invoice['client']['id']},
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


class SeedTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.records = seed.seed_records()
        self.invoices = self.records['invoices']

    def by_id(self, resource):
        return {record['id']: record for record in self.records[resource]}


class TestShape(SeedTestCase):

    def test_resources_and_counts(self):
        self.assertEqual({
            'contacts': 8, 'items': 6, 'invoices': 8, 'taxes': 3,
            'price-lists': 2, 'bank-accounts': 1, 'number-templates': 2,
            'company': 1, 'users': 1,
        }, {name: len(records) for name, records in self.records.items()})

    def test_ids_are_unique_numbered_strings(self):
        for name, records in self.records.items():
            ids = [record['id'] for record in records]
            self.assertEqual([str(n) for n in range(1, len(ids) + 1)], ids,
                             name)

    def test_records_are_json(self):
        for name, records in self.records.items():
            for record in records:
                self.assertEqual(record, jsonio.loads(jsonio.dumps(record)),
                                 name)

    def test_every_call_builds_the_same_new_records(self):
        self.assertEqual(seed.seed_records(), self.records)
        self.records['invoices'][0]['items'][0]['tax'][0]['amount'] = -1
        self.records['items'][1]['tax'][0]['name'] = 'cambiado'
        fresh = seed.seed_records()
        self.assertNotEqual(-1, fresh['invoices'][0]['items'][0]['tax'][0]
                            ['amount'])
        self.assertEqual('IVA', fresh['items'][1]['tax'][0]['name'])

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

    def test_contacts_pass_the_create_schema(self):
        schema = contacts.RESOURCE.create_schema()
        for contact in self.records['contacts']:
            self.assertEqual(
                [], validation.problems(contact_body(contact), schema),
                contact['name'])


class TestCheckDigit(testtools.TestCase):

    def test_known_nits(self):
        # DIAN, Bancolombia and Davivienda, with their published DVs.
        for nit, dv in (('800197268', '4'), ('890903938', '8'),
                        ('860034313', '7')):
            self.assertEqual(dv, seed.check_digit(nit), nit)


class TestItems(SeedTestCase):

    def test_prices_per_price_list(self):
        lists = self.by_id('price-lists')
        self.assertEqual(['General', 'Mayorista'],
                         [record['name'] for record in lists.values()])
        for item in self.records['items']:
            self.assertEqual(
                [(ident, record['name']) for ident, record in lists.items()],
                [(price['idPriceList'], price['name'])
                 for price in item['price']])
            general, wholesale = (price['price'] for price in item['price'])
            self.assertLess(wholesale, general)

    def test_taxes_are_read_objects(self):
        taxes = self.by_id('taxes')
        for item in self.records['items']:
            for tax in item['tax']:
                self.assertEqual(taxes[tax['id']], tax)
        used = {tax['percentage'] for item in self.records['items']
                for tax in item['tax']}
        self.assertIn(19, used)

    def test_products_and_a_service(self):
        stocked = [item for item in self.records['items']
                   if 'inventory' in item]
        self.assertEqual(5, len(stocked))
        for item in stocked:
            inventory = item['inventory']
            for field in ('unit', 'unitCost', 'availableQuantity'):
                self.assertIn(field, inventory)
            self.assertLessEqual(inventory['availableQuantity'],
                                 inventory['initialQuantity'])

    def test_stock_follows_the_sales(self):
        sold = {}
        for invoice in self.invoices:
            if invoice['status'] in ('open', 'closed'):
                for line in invoice['items']:
                    sold[line['id']] = sold.get(line['id'], 0) + \
                        line['quantity']
        for item in self.records['items']:
            if 'inventory' in item:
                inventory = item['inventory']
                self.assertEqual(
                    inventory['initialQuantity'] - sold.get(item['id'], 0),
                    inventory['availableQuantity'], item['name'])

    def test_items_pass_the_create_schema(self):
        schema = items.RESOURCE.create_schema()
        for item in self.records['items']:
            self.assertEqual([], validation.problems(item_body(item), schema),
                             item['name'])


class TestInvoices(SeedTestCase):

    def test_every_status_is_present(self):
        self.assertEqual(set(STATUSES),
                         {invoice['status'] for invoice in self.invoices})

    def test_some_open_invoice_is_partly_paid(self):
        partly = [invoice for invoice in self.invoices
                  if invoice['status'] == 'open'
                  and 0 < invoice['totalPaid'] < invoice['total']]
        self.assertTrue(partly)

    def test_totals(self):
        for invoice in self.invoices:
            self.assertEqual(
                invoice['subtotal'] - invoice['discount'] + invoice['tax'],
                invoice['total'], invoice['id'])
            self.assertEqual(invoice['total'] - invoice['totalPaid'],
                             invoice['balance'], invoice['id'])
            self.assertGreater(invoice['total'], 0)

    def test_closed_means_nothing_left_to_pay(self):
        for invoice in self.invoices:
            closed = invoice['status'] == 'closed'
            self.assertEqual(closed, invoice['balance'] == 0, invoice['id'])
            if closed:
                self.assertEqual(invoice['total'], invoice['totalPaid'])

    def test_drafts_and_voids_are_unpaid(self):
        for invoice in self.invoices:
            if invoice['status'] in ('draft', 'void'):
                self.assertEqual(0, invoice['totalPaid'], invoice['id'])

    def test_lines_add_up(self):
        for invoice in self.invoices:
            subtotal = discount = tax = 0
            for line in invoice['items']:
                self.assertEqual(line['price'] * line['quantity'],
                                 line['subtotal'])
                base = line['subtotal'] - percent_of(line['subtotal'],
                                                     line['discount'])
                line_tax = 0
                for entry in line['tax']:
                    self.assertEqual(
                        percent_of(base, entry['percentage']),
                        entry['amount'])
                    line_tax += entry['amount']
                self.assertEqual(base + line_tax, line['total'])
                subtotal += line['subtotal']
                discount += line['subtotal'] - base
                tax += line_tax
            self.assertEqual((subtotal, discount, tax),
                             (invoice['subtotal'], invoice['discount'],
                              invoice['tax']), invoice['id'])

    def test_iva_19_is_applied(self):
        rates = {entry['percentage']: entry['amount']
                 for invoice in self.invoices for line in invoice['items']
                 for entry in line['tax']}
        self.assertIn(19, rates)
        self.assertIn(5, rates)
        some = next(line for invoice in self.invoices
                    for line in invoice['items']
                    if line['tax'][0]['percentage'] == 19
                    and line['discount'] == 0)
        self.assertEqual(some['subtotal'] + percent_of(some['subtotal'], 19),
                         some['total'])

    def test_some_line_has_a_discount(self):
        self.assertTrue(any(invoice['discount'] for invoice in self.invoices))

    def test_clients_exist(self):
        known = self.by_id('contacts')
        for invoice in self.invoices:
            client = invoice['client']
            contact = known[client['id']]
            self.assertIn('client', contact['type'])
            self.assertEqual(contact['name'], client['name'])
            self.assertEqual(contact['identification'],
                             client['identification'])

    def test_line_items_exist_at_their_price_list_price(self):
        known = self.by_id('items')
        for invoice in self.invoices:
            price_list = invoice['priceList']['id']
            for line in invoice['items']:
                item = known[line['id']]
                self.assertEqual(item['name'], line['name'])
                [price] = [entry['price'] for entry in item['price']
                           if entry['idPriceList'] == price_list]
                self.assertEqual(price, line['price'])
                self.assertEqual([tax['id'] for tax in item['tax']],
                                 [tax['id'] for tax in line['tax']])

    def test_wholesale_clients_get_wholesale_prices(self):
        known = self.by_id('contacts')
        for invoice in self.invoices:
            contact = known[invoice['client']['id']]
            expected = contact.get('priceList', {'id': '1'})['id']
            self.assertEqual(expected, invoice['priceList']['id'])
        self.assertIn('2', {invoice['priceList']['id']
                            for invoice in self.invoices})

    def test_dates(self):
        for invoice in self.invoices:
            date = datetime.date.fromisoformat(invoice['date'])
            due = datetime.date.fromisoformat(invoice['dueDate'])
            self.assertEqual(2026, date.year)
            self.assertLessEqual(date, due)

    def test_numbering(self):
        templates = self.by_id('number-templates')
        numbers = set()
        for invoice in self.invoices:
            number = invoice['numberTemplate']
            template = templates[number['id']]
            self.assertEqual(template['prefix'], number['prefix'])
            if invoice['status'] == 'draft':
                self.assertIsNone(number['fullNumber'])
                continue
            self.assertEqual(f"{number['prefix']}-{number['number']}",
                             number['fullNumber'])
            self.assertLess(number['number'], template['nextInvoiceNumber'])
            numbers.add(number['fullNumber'])
        self.assertEqual(
            len([i for i in self.invoices if i['status'] != 'draft']),
            len(numbers))

    def test_number_templates(self):
        fv, pos = self.records['number-templates']
        self.assertEqual(('FV', True), (fv['prefix'], fv['isElectronic']))
        self.assertEqual('POS', pos['prefix'])
        self.assertFalse(pos['isElectronic'])
        self.assertIn('POS-1', {invoice['numberTemplate']['fullNumber']
                                for invoice in self.invoices})

    def test_bank_account_holds_the_collections(self):
        [account] = self.records['bank-accounts']
        self.assertEqual(('Bancolombia', 'bank'),
                         (account['name'], account['type']))
        collected = sum(invoice['totalPaid'] for invoice in self.invoices)
        self.assertEqual(account['initialBalance'] + collected,
                         account['balance'])

    def test_invoices_pass_the_create_schema(self):
        schema = invoices.RESOURCE.create_schema()
        for invoice in self.invoices:
            self.assertEqual(
                [], validation.problems(invoice_body(invoice), schema),
                invoice['id'])
