"""Reports: read-only sales reports by name (``/reports/NAME``)."""

from alegra.registry import Resource

# From the API notes; Alegra has more (the anchor CLI also reads
# sales-by-client-totals, income-statement and account-statement).
KNOWN = ('sales-documents', 'sales-totals', 'sales-by-client',
         'sales-by-seller')

RESOURCE = Resource(
    name='reports',
    path='/reports',
    summary='read-only reports: ' + ', '.join(KNOWN) + ', ...',
    schema=None,
    verbs=('get',),
    id_field='report',
    example=None,
)
