"""The records a fresh sandbox starts with: a small Colombian coffee shop.

A sandbox that starts empty proves little: ``invoices list --status open``
should find something, a table should show accented names, an export
should hold an invoice that is partly paid, and a script that checks its
books should find books that balance.  These records are what the API
would answer for *Café Montaña SAS*, a company in Bogotá, three months
into 2026: its chart of accounts and settings, its clients, providers and
products, and the invoices, bills, payments and journal that explain
every balance.

Only data is built here, no I/O.  Amounts are computed (line totals, IVA,
discounts, totals paid and balances, stock left, bank balances, next
numbers), never typed by hand, so they add up the way the real API's do.
Ids are ``"1"``, ``"2"``, ... in list order, so a store that numbers
records in insertion order carries on from where the seed stops.
"""

from alegra.sandbox.seed import contacts as contacts_module
from alegra.sandbox.seed import documents
from alegra.sandbox.seed import items as items_module
from alegra.sandbox.seed import parts
from alegra.sandbox.seed import posting
from alegra.sandbox.seed import settings
from alegra.sandbox.seed.parts import check_digit
from alegra.sandbox.seed.parts import percent_of
from alegra.sandbox.seed.settings import SANDBOX_EMAIL

__all__ = ('SANDBOX_EMAIL', 'check_digit', 'percent_of', 'seed_records')


def seed_records():
    """``{resource name: [record, ...]}``, freshly built on every call.

    Currencies are keyed by their ``code``; the company is a singleton.
    """
    accounts = settings.chart_of_accounts()
    ledger = settings.by_code(accounts)
    taxes = settings.taxes(ledger)
    price_lists = settings.price_lists()
    terms = settings.terms()
    sellers = settings.sellers()
    warehouses = settings.warehouses()
    templates = settings.number_templates()
    bank_accounts = settings.bank_accounts(ledger)
    company = settings.company()
    contacts = contacts_module.contacts(sellers, terms, price_lists)
    items = items_module.items(price_lists, taxes, ledger, warehouses)
    catalogs = documents.Catalogs(
        accounts=ledger, contacts=parts.by_id(contacts),
        items=parts.by_id(items),
        warehouses=parts.by_id(warehouses),
        templates=parts.by_id(templates),
        bank_accounts=parts.by_id(bank_accounts), taxes=parts.by_id(taxes),
        terms_conditions=company['invoicePreferences'][
            'defaultTermsAndConditions'])
    invoices = documents.invoices(catalogs)
    bills = documents.bills(catalogs)
    posting.number(templates, invoices + bills)
    payments = documents.payments(catalogs, invoices, bills)
    posting.number(templates, payments)
    posting.apply_payments(payments, invoices, bills)
    posting.take_stock(items, invoices, bills)
    posting.bank_balances(bank_accounts, payments)
    return {
        'company': [company],
        'users': [settings.user()],
        'categories': accounts,
        'taxes': taxes,
        'retentions': settings.retentions(),
        'price-lists': price_lists,
        'terms': terms,
        'sellers': sellers,
        'warehouses': warehouses,
        'currencies': settings.currencies(),
        'number-templates': templates,
        'bank-accounts': bank_accounts,
        'contacts': contacts,
        'items': items,
        'invoices': invoices,
        'bills': bills,
        'payments': payments,
        'journals': documents.opening_journal(catalogs, bank_accounts,
                                              items),
    }
