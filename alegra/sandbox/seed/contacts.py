"""The company's clients and providers, as ``GET /contacts`` reads them."""

import copy

from alegra.sandbox.seed import ids
from alegra.sandbox.seed import parts

CLIENT, PROVIDER = ('client',), ('provider',)


def _contact(catalogs, name, roles, kind, number, email, phone, street,
             city, *, mobile='', seller=None, term=None, price_list=None,
             name_object=None):
    """One contact with every key the API answers with, ``None`` where
    empty; ``seller``, ``term`` and ``price_list`` are ids."""
    sellers, terms, price_lists = catalogs
    person = kind != 'NIT'
    contact = {'name': name}
    if name_object:
        contact['nameObject'] = name_object
    contact.update({
        'identification': number,
        'identificationObject': parts.identification(kind, number),
        'kindOfPerson': 'PERSON_ENTITY' if person else 'LEGAL_ENTITY',
        'regime': 'SIMPLIFIED_REGIME' if person else 'COMMON_REGIME',
        'type': list(roles),
        'email': email,
        'phonePrimary': phone,
        'phoneSecondary': None,
        'fax': None,
        'mobile': mobile,
        'observations': None,
        'address': parts.address(street, city),
        'seller': parts.reference(sellers[seller], 'identification',
                                  'observations') if seller else None,
        # A read contact carries its term's days as a string.
        'term': dict(parts.reference(terms[term]),
                     days=str(terms[term]['days'])) if term else None,
        'priceList': parts.reference(price_lists[price_list])
        if price_list else None,
        'internalContacts': [],
        'status': 'active',
    })
    return contact


def _person(catalogs, first, last, roles, number, *fields, **extra):
    """A person, whose name parts e-invoicing asks for separately."""
    names, surnames = first.split(' ', 1) + [''], last.split(' ', 1) + ['']
    name_object = {'firstName': names[0], 'secondName': names[1],
                   'lastName': surnames[0], 'secondLastName': surnames[1]}
    return _contact(catalogs, f'{first} {last}', roles, 'CC', number,
                    *fields, name_object=name_object, **extra)


def contacts(sellers, terms, price_lists):
    """Clients buy on the terms, at the prices and through the seller set
    here; their invoices follow."""
    catalogs = (parts.by_id(sellers), parts.by_id(terms),
                parts.by_id(price_lists))
    wholesale = {'seller': ids.WHOLESALE_SELLER, 'price_list': ids.WHOLESALE}
    return parts.numbered([
        _contact(catalogs, 'Distribuidora Ñandú SAS', CLIENT, 'NIT',
                 '900456789', 'compras@nandu.test', '601 744 2210',
                 'Calle 13 # 68-45, bodega 2', 'Bogotá',
                 mobile='310 555 0101', term=ids.DAYS_60, **wholesale),
        _person(catalogs, 'José', 'Núñez', CLIENT, '79845123',
                'jose.nunez@correo.test', '604 322 1188',
                'Carrera 43A # 1 Sur-100', 'Medellín', mobile='300 555 0102',
                seller=ids.SHOP_SELLER, term=ids.CASH_TERM),
        _person(catalogs, 'María Fernanda', 'Peña', CLIENT + PROVIDER,
                '1144056789', 'mafe.pena@correo.test', '602 486 3300',
                'Avenida 6N # 23-45', 'Cali', mobile='315 555 0103',
                seller=ids.SHOP_SELLER, term=ids.CASH_TERM),
        _contact(catalogs, 'Tostadores del Huila SAS', PROVIDER, 'NIT',
                 '900987654', 'ventas@tostadoreshuila.test', '604 444 7000',
                 'Calle 10 # 52-18', 'Medellín', term=ids.DAYS_30),
        _person(catalogs, 'Óscar', 'Ibáñez', CLIENT, '80123456',
                'oscar.ibanez@correo.test', '601 612 9045',
                'Calle 85 # 11-53, apto 502', 'Bogotá', mobile='320 555 0105',
                seller=ids.SHOP_SELLER, term=ids.DAYS_30),
        _contact(catalogs, 'Cafetería La Única Ltda.', CLIENT, 'NIT',
                 '805012345', 'pedidos@launica.test', '602 555 1234',
                 'Carrera 100 # 16-20', 'Cali', term=ids.DAYS_30, **wholesale),
        _contact(catalogs, 'Empaques Ecológicos de Antioquia SAS', PROVIDER,
                 'NIT', '901555321', 'info@empaquesantioquia.test',
                 '604 311 2233', 'Carrera 50 # 30-12', 'Medellín',
                 term=ids.DAYS_30),
        _person(catalogs, 'Sofía', 'Gutiérrez Muñoz', CLIENT, '52987654',
                'sofia.gutierrez@correo.test', '601 255 8877',
                'Transversal 19 # 120-15', 'Bogotá', mobile='311 555 0108',
                seller=ids.SHOP_SELLER, term=ids.DAYS_30),
    ])


def party(contact):
    """A contact as a document names it (``client``, ``provider``): its
    id, name, identification and how to reach it."""
    return {field: copy.deepcopy(contact[field]) for field in (
        'id', 'name', 'identification', 'phonePrimary', 'phoneSecondary',
        'fax', 'mobile', 'email', 'address')}


def payer(contact):
    """A contact as a payment names it."""
    return {field: contact[field]
            for field in ('id', 'name', 'identification')}
