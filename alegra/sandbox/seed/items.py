"""What the company sells: five products kept in two warehouses and a
service, as ``GET /items`` reads them."""

from alegra.sandbox.seed import ids
from alegra.sandbox.seed import parts


def _prices(price_lists, general):
    """One price per price list, written as the API writes prices; a
    percentage list's is derived from General."""
    prices = []
    for price_list in price_lists:
        off = price_list['percentage'] or 0
        prices.append({'idPriceList': price_list['id'],
                       'name': price_list['name'],
                       'price': parts.price_text(
                           general - parts.percent_of(general, off))})
    return prices


def _item(context, name, reference, description, price, tax, income,
          stock=None, cost=None, unit='unit'):
    """An item as read.  ``stock`` (units per warehouse at the start) makes
    it a product; the quantities available are set from the documents."""
    price_lists, taxes, accounts, warehouses = context
    item = {'name': name, 'reference': reference,
            'description': description, 'type': 'simple',
            'status': 'active', 'price': _prices(price_lists, price),
            'tax': [parts.tax_reference(taxes[tax])],
            'category': parts.reference(accounts[income]),
            'itemCategory': None, 'customFields': []}
    if stock is not None:
        kept = [{**parts.reference(warehouses[ident]),
                 'initialQuantity': quantity, 'availableQuantity': quantity,
                 'minQuantity': None, 'maxQuantity': None}
                for ident, quantity in stock.items()]
        total = sum(quantity for quantity in stock.values())
        item['inventory'] = {'unit': unit, 'unitCost': cost,
                             'negativeSale': False,
                             'initialQuantity': total,
                             'availableQuantity': total,
                             'warehouses': kept}
    return item


def items(price_lists, taxes, accounts, warehouses):
    context = (price_lists, parts.by_id(taxes), accounts,
               parts.by_id(warehouses))
    return parts.numbered([
        _item(context, 'Café de origen Huila 500 g', 'CAF-HUI-500',
              'Café tostado en grano, tueste medio', 52000, ids.IVA_5, '4135',
              stock={ids.BOGOTA: 160, ids.MEDELLIN: 40}, cost=31000),
        _item(context, 'Taza de cerámica artesanal', 'TAZ-CER-01',
              'Taza de 300 ml hecha en El Carmen de Viboral', 28000,
              ids.IVA_19, '4135', stock={ids.BOGOTA: 90, ids.MEDELLIN: 30},
              cost=12500),
        _item(context, 'Molino manual de acero', 'MOL-MAN-02',
              'Molino de muelas cónicas, ajuste de molienda', 145000,
              ids.IVA_19, '4135', stock={ids.BOGOTA: 20, ids.MEDELLIN: 5},
              cost=88000),
        _item(context, 'Prensa francesa 600 ml', 'PRE-FRA-600',
              'Vidrio de borosilicato y filtro de acero', 89000, ids.IVA_19,
              '4135', stock={ids.BOGOTA: 30, ids.MEDELLIN: 10}, cost=51000),
        _item(context, 'Guía del café colombiano', 'LIB-GUIA-01',
              'Libro ilustrado, 220 páginas', 65000, ids.EXEMPT, '4135',
              stock={ids.BOGOTA: 24, ids.MEDELLIN: 6}, cost=38000),
        _item(context, 'Taller de barismo', 'SER-TALLER',
              'Sesión de 3 horas para hasta 6 personas', 180000, ids.IVA_19,
              '4160'),
    ])
