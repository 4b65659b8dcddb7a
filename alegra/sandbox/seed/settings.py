"""The company's settings: who it is, its chart of accounts, and the
catalogues its documents refer to (taxes, retentions, price lists, terms,
sellers, warehouses, currencies, numberings and bank accounts)."""

import decimal

from alegra.sandbox.seed import parts

SANDBOX_EMAIL = 'sandbox@alegra.test'
COMPANY_NIT = '901234567'
OPENING_DATE = '2026-01-01'
TERMS_CONDITIONS = ('Esta factura se asimila en todos sus efectos a una '
                    'letra de cambio (art. 774 del Código de Comercio).')

WHOLESALE_DISCOUNT = 10  # percent off the General price

# A small PUC (the Colombian chart of accounts): code and name.  Each
# account hangs from the longest code above it that begins its own; the
# first digit gives its type.
_CHART = (
    ('1', 'Activo'),
    ('11', 'Efectivo y equivalentes al efectivo'),
    ('110505', 'Caja general'),
    ('111005', 'Bancolombia cuenta corriente'),
    ('112005', 'Davivienda cuenta de ahorros'),
    ('13', 'Deudores comerciales y otras cuentas por cobrar'),
    ('130505', 'Clientes nacionales'),
    ('135515', 'Retención en la fuente a favor'),
    ('135517', 'IVA retenido a favor'),
    ('135518', 'ICA retenido a favor'),
    ('14', 'Inventarios'),
    ('143501', 'Mercancías no fabricadas por la empresa'),
    ('2', 'Pasivo'),
    ('22', 'Proveedores'),
    ('220505', 'Proveedores nacionales'),
    ('23', 'Cuentas por pagar'),
    ('2365', 'Retención en la fuente por pagar'),
    ('2367', 'IVA retenido por pagar'),
    ('2368', 'ICA retenido por pagar'),
    ('24', 'Impuestos, gravámenes y tasas'),
    ('240801', 'IVA generado'),
    ('240802', 'IVA descontable'),
    ('3', 'Patrimonio'),
    ('31', 'Capital social'),
    ('3105', 'Capital suscrito y pagado'),
    ('4', 'Ingresos'),
    ('41', 'Ingresos operacionales'),
    ('4135', 'Comercio al por mayor y al por menor'),
    ('4160', 'Enseñanza'),
    ('5', 'Gastos'),
    ('51', 'Gastos operacionales de administración'),
    ('5110', 'Honorarios'),
    ('5120', 'Arrendamientos'),
    ('52', 'Gastos operacionales de ventas'),
    ('529525', 'Elementos de aseo y cafetería'),
    ('529540', 'Envases y empaques'),
    ('53', 'Gastos no operacionales'),
    ('530505', 'Gastos bancarios'),
    ('6', 'Costo de ventas'),
    ('6135', 'Costo de las mercancías vendidas'),
)
_TYPES = {'1': 'asset', '2': 'liability', '3': 'equity', '4': 'income',
          '5': 'expense', '6': 'cost'}
DEBIT_TYPES = ('asset', 'expense', 'cost')
# Accounts whose balance runs against their class: the IVA paid on
# purchases is a liability account that is debited.
CONTRA_ACCOUNTS = ('240802',)


def chart_of_accounts():
    """The ledger accounts (``/categories``), parents before children."""
    accounts = []
    for code, name in _CHART:
        parents = [account for account in accounts
                   if code.startswith(account['code'])]
        parent = max(parents, key=lambda account: len(account['code']),
                     default=None)
        kind = _TYPES[code[0]]
        debit = (kind in DEBIT_TYPES) != (code in CONTRA_ACCOUNTS)
        accounts.append({
            'id': str(len(accounts) + 1),
            'idParent': parent['id'] if parent else None,
            'code': code, 'name': name, 'description': None,
            'type': kind, 'nature': 'debit' if debit else 'credit',
            'status': 'active', 'readOnly': parent is None,
            'categoryRule': None,
        })
    return accounts


def by_code(accounts):
    return {account['code']: account for account in accounts}


def company():
    return {
        'id': '1',
        'name': 'Café Montaña SAS',
        'identification': COMPANY_NIT,
        'identificationObject': parts.identification('NIT', COMPANY_NIT),
        'kindOfPerson': 'LEGAL_ENTITY',
        'regime': 'COMMON_REGIME',
        'applicationVersion': 'colombia',
        'address': parts.address('Carrera 7 # 71-21, local 3', 'Bogotá'),
        'currency': dict(parts.COP),
        'decimalPrecision': parts.DECIMAL_PRECISION,
        'decimalSeparator': ',',
        'timezone': 'America/Bogota',
        'email': 'contabilidad@cafemontana.test',
        'phone': '601 345 6789',
        'website': 'cafemontana.test',
        'multicurrency': True,
        'registryDate': '2025-11-03',
        # What a new invoice takes when it does not say.
        'invoicePreferences': {
            'defaultTermsAndConditions': TERMS_CONDITIONS,
            'defaultAnotation': None},
    }


def user():
    return {'id': '1', 'name': 'Usuario', 'lastName': 'Sandbox',
            'email': SANDBOX_EMAIL, 'phone': '', 'role': 'admin',
            'status': 'active', 'language': 'es',
            'position': 'Administrador'}


def taxes(accounts):
    """IVA at 19 % and 5 %, and exempt goods: charged to IVA generado on
    sales, IVA descontable on purchases."""
    charged, paid = accounts['240801'], accounts['240802']

    def tax(name, percentage, description):
        return {'name': name, 'percentage': percentage,
                'description': description, 'type': 'IVA',
                'status': 'active',
                'categoryFavorable': parts.reference(paid),
                'categoryToBePaid': parts.reference(charged)}

    return parts.numbered([
        tax('IVA', 19, 'IVA tarifa general'),
        tax('IVA 5%', 5, 'IVA tarifa diferencial'),
        tax('Exento', 0, 'Bienes exentos de IVA'),
    ])


def retentions():
    def retention(name, percentage, kind, description):
        return {'name': name, 'percentage': percentage, 'type': kind,
                'description': description, 'status': 'active'}

    return parts.numbered([
        retention('ReteFuente compras 2,5%', decimal.Decimal('2.5'),
                  'RETEFUENTE', 'Retención en la fuente por compras'),
        retention('ReteFuente servicios 4%', 4, 'RETEFUENTE',
                  'Retención en la fuente por servicios'),
        retention('ReteIVA 15%', 15, 'RETEIVA',
                  'Retención del 15 % del IVA facturado'),
        retention('ReteICA Bogotá 11,04 por mil', decimal.Decimal('1.104'),
                  'RETEICA', 'Industria y comercio, actividad comercial '
                             'en Bogotá'),
    ])


def price_lists():
    return parts.numbered([
        {'name': 'General', 'type': 'amount', 'percentage': None,
         'description': 'Precios de venta al público', 'status': 'active'},
        {'name': 'Mayorista', 'type': 'percentage',
         'percentage': WHOLESALE_DISCOUNT,
         'description': 'Distribuidores y cafeterías', 'status': 'active'},
    ])


def terms():
    return parts.numbered([
        {'name': 'Contado', 'days': 0},
        {'name': '30 días', 'days': 30},
        {'name': '60 días', 'days': 60},
    ])


def sellers():
    def seller(name, number, observations):
        # Alegra answers with a seller's identification as a JSON number.
        return {'name': name, 'identification': number,
                'observations': observations, 'status': 'active'}

    return parts.numbered([
        seller('Laura Restrepo', 1020304050,
               'Ventas a distribuidores y cafeterías'),
        seller('Andrés Gómez', 1036612345, 'Tienda y ventas al detal'),
    ])


def warehouses():
    def warehouse(name, street, observations, default):
        return {'name': name, 'address': street,
                'observations': observations, 'isDefault': default,
                'status': 'active', 'costCenter': None}

    return parts.numbered([
        warehouse('Bodega principal', 'Carrera 7 # 71-21, local 3, Bogotá',
                  'Tostado, empaque y despachos', True),
        warehouse('Tienda Medellín', 'Carrera 37 # 8A-32, Medellín',
                  'Punto de venta en El Poblado', False),
    ])


def currencies():
    """By ISO code: the company's pesos and the dollars some providers
    quote in."""
    return [
        {'code': 'COP', 'name': 'Peso colombiano', 'symbol': '$',
         'exchangeRate': 1, 'status': 'active'},
        {'code': 'USD', 'name': 'Dólar estadounidense', 'symbol': 'US$',
         'exchangeRate': 4100, 'status': 'active'},
    ]


def number_templates():
    """Numberings; ``nextInvoiceNumber`` is set from the documents that
    used them."""
    def template(name, prefix, kind, default, maximum, resolution=None,
                 electronic=False, text=None):
        dian = resolution is not None
        return {'name': name, 'prefix': prefix, 'documentType': kind,
                'minInvoiceNumber': 1, 'nextInvoiceNumber': 1,
                'maxInvoiceNumber': maximum,
                'resolutionNumber': resolution,
                'startDate': OPENING_DATE if dian else None,
                'endDate': '2027-12-31' if dian else None,
                'isDefault': default, 'isElectronic': electronic,
                'autoincrement': True, 'invoiceText': text,
                'status': 'active', 'deletable': False}

    return parts.numbered([
        template('Factura electrónica de venta', 'FV', 'invoice', True,
                 5000, '18764000000001', electronic=True,
                 text='Resolución DIAN 18764000000001 de 2026-01-01, '
                 'numeración FV-1 a FV-5000'),
        template('Punto de venta (POS)', 'POS', 'invoice', False, 20000,
                 '18764000000002', text='Documento equivalente POS'),
        template('Recibos de caja', 'RC', 'transactionIn', True, 999999),
        template('Comprobantes de egreso', 'CE', 'transactionOut', True,
                 999999),
        template('Documento soporte', 'DS', 'supportDocument', True, 1000,
                 '18764000000003', electronic=True,
                 text='Documento soporte en adquisiciones a no obligados a '
                 'facturar, resolución DIAN 18764000000003'),
    ])


def bank_accounts(accounts):
    """Opening balances; ``balance`` is set from the payments."""
    def account(name, number, description, kind, code, opening):
        return {'name': name, 'number': number, 'description': description,
                'type': kind, 'status': 'active',
                'initialBalance': opening,
                'initialBalanceDate': OPENING_DATE, 'balance': opening,
                'category': parts.reference(accounts[code])}

    return parts.numbered([
        account('Bancolombia', '236-458712-09', 'Cuenta corriente principal',
                'bank', '111005', 5000000),
        account('Davivienda', '0570-0042-1187', 'Cuenta de ahorros',
                'bank', '112005', 2000000),
        account('Caja general', None, 'Efectivo de la tienda y la bodega',
                'cash', '110505', 500000),
    ])
