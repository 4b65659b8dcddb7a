"""The ids the seeded records refer to one another by.

Each catalogue in :mod:`~alegra.sandbox.seed.settings` lists its records
in this order, so that these are their ids.
"""

GENERAL, WHOLESALE = '1', '2'  # price lists
IVA_19, IVA_5, EXEMPT = '1', '2', '3'  # taxes
CASH_TERM, DAYS_30, DAYS_60 = '1', '2', '3'  # terms
WHOLESALE_SELLER, SHOP_SELLER = '1', '2'  # sellers
BOGOTA, MEDELLIN = '1', '2'  # warehouses
BANCOLOMBIA, DAVIVIENDA, CASH_BOX = '1', '2', '3'  # bank accounts
# Number templates.
FV, POS, RECEIPTS, DISBURSEMENTS, SUPPORT = '1', '2', '3', '4', '5'
