"""What the seeded documents do to the other records, as Alegra does it:
numberings advance, payments pay documents and move bank balances,
sales and purchases move stock.

Nothing here is typed: every number, balance, status ``closed`` and
quantity left follows from the documents, so the seed's books balance.
"""

from alegra.sandbox.seed import parts

# Invoices that move stock: a draft has not sold anything yet.
SOLD = ('open', 'closed')


def number(templates, documents):
    """Give each document the next number of its template, in the order
    given (a draft too, as the API numbers it); a supplier's own number
    (no template) is kept."""
    by_id = parts.by_id(templates)
    for document in documents:
        numbering = document['numberTemplate']
        if numbering['id'] is None:
            continue
        template = by_id[numbering['id']]
        value = str(template['nextInvoiceNumber'])
        template['nextInvoiceNumber'] += 1
        numbering.update(number=value,
                         fullNumber=f"{numbering['prefix']}-{value}")
        if 'number' in document:
            document['number'] = value


def apply_payments(payments, invoices, bills):
    """Each open payment pays the documents it names: their ``totalPaid``,
    ``balance`` and ``payments``; a document paid in full is ``closed``.
    A void payment pays nothing."""
    documents = {'invoices': parts.by_id(invoices),
                 'bills': parts.by_id(bills)}
    for payment in payments:
        if payment['status'] != 'open':
            continue
        for resource, by_id in documents.items():
            for entry in payment[resource]:
                document = by_id[entry['id']]
                document['totalPaid'] += entry['amount']
                document['payments'].append({
                    'id': payment['id'], 'number': payment['number'],
                    'date': payment['date'], 'amount': entry['amount'],
                    'paymentMethod': payment['paymentMethod']})
    for document in invoices + bills:
        document['balance'] = document['total'] - document['totalPaid']
        if document['balance'] < 0:
            raise ValueError(f'overpaid: {document["numberTemplate"]}')
        if document['status'] == 'open' and document['balance'] == 0:
            document['status'] = 'closed'
    for payment in payments:
        for resource, by_id in documents.items():
            for entry in payment[resource]:
                document = by_id[entry['id']]
                entry.update(totalPaid=document['totalPaid'],
                             balance=document['balance'])


def take_stock(items, invoices, bills):
    """Sales take units out of their warehouse, purchases bring them in."""
    by_id = parts.by_id(items)
    moves = [(invoice, invoice['items'], -1) for invoice in invoices
             if invoice['status'] in SOLD]
    moves += [(bill, bill['purchases']['items'], 1) for bill in bills
              if bill['status'] != 'void']
    for document, lines, sign in moves:
        for line in lines:
            inventory = by_id[line['id']].get('inventory')
            if inventory is None:
                continue
            [kept] = [warehouse for warehouse in inventory['warehouses']
                      if warehouse['id'] == document['warehouse']['id']]
            kept['availableQuantity'] += sign * line['quantity']
            inventory['availableQuantity'] += sign * line['quantity']


def bank_balances(bank_accounts, payments):
    """Each account's balance: its opening balance, plus what open
    payments brought in, less what they paid out."""
    by_id = parts.by_id(bank_accounts)
    for payment in payments:
        if payment['status'] == 'open':
            sign = 1 if payment['type'] == 'in' else -1
            by_id[payment['bankAccount']['id']]['balance'] += \
                sign * payment['amount']
