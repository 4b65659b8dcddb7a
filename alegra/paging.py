"""The shape of an answer, walking ``start``/``limit`` pages, and counting.

An answer to print must be a record (an object) or a list of records;
anything else a server sends with a 200 (a number, a text) is a
:class:`~alegra.errors.ServerError`, checked here for every verb.
``list --all``, ``list --count``, ``export`` and the import's
``--update-by`` lookup share this code.  A list answer may be a bare array
or an object wrapping it under ``data``, ``results``, ``rows`` or
``subscriptions``; all are accepted, and every element must be a record.

Answers are untrusted: a server that ignores ``start`` would send the same
page forever, so a walk stops with an error when a page repeats ids it
already gave, when the records go past the ``total`` an answer announced,
or after :data:`MAX_PAGES` pages.
"""

from alegra import errors
from alegra import sanitize
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest

MAX_PAGE = 30
# The last bound, whatever the pages hold: 3,000,000 records at 30 a page,
# some eleven hours at the API's 150 requests a minute.
MAX_PAGES = 100_000
_WRAPPERS = ('data', 'results', 'rows', 'subscriptions')
_SHOWN_IDS = 3
# A hint, translated when it is shown.
NOT_ALEGRA = N_('is --base-url the Alegra API?')


def records_of(answer, request=None):
    """The records of one list answer (to ``request``), whatever its
    wrapper."""
    if answer is None:
        return []
    records = answer
    if isinstance(answer, dict):
        records = next((answer[key] for key in _WRAPPERS
                        if isinstance(answer.get(key), list)), None)
    if not isinstance(records, list):
        raise _not_a(request, _LIST)
    if not all(isinstance(record, dict) for record in records):
        raise _not_a(request, _RECORD)
    return records


def record_of(answer, request, required=False):
    """The one record an answer holds, or ``None`` for an empty answer
    (a 204, ``null``) unless ``required``.

    Anything else (a number, a text, a list) is a :class:`ServerError`,
    never a table of letters.
    """
    if isinstance(answer, dict) or (answer is None and not required):
        return answer
    raise _not_a(request, _RECORD)


_LIST = N_('the API answered {request} with something that is not a list')
_RECORD = N_('the API answered {request} with something that is not a '
             'record')


def _not_a(request, template):
    what = f'{request.method} {request.path}' if request else \
        _('a list request')
    return errors.ServerError(_(template).format(request=what),
                              hint=NOT_ALEGRA)


def with_params(request, **params):
    """A copy of a GET request with some query parameters replaced."""
    kept = [(key, value) for key, value in request.params
            if key not in params]
    return ApiRequest(request.method, request.path,
                      kept + list(params.items()))


def walk(send, request, start=0, page_size=MAX_PAGE, id_field='id'):
    """Yield every record, page after page, until a short page.

    Records without ``id_field`` cannot be told apart, so only the total
    and :data:`MAX_PAGES` bound their walk.
    """
    seen = set()
    total = None
    for _page in range(MAX_PAGES):
        answer = send(with_params(request, start=start, limit=page_size))
        page = records_of(answer, request)
        if total is None:
            total = _total(answer)
        repeated = []
        for record in page:
            ident = record.get(id_field)
            if ident is None:
                continue
            if str(ident) in seen:
                repeated.append(str(ident))
            seen.add(str(ident))
        if repeated:
            shown = sanitize.for_terminal(', '.join(repeated[:_SHOWN_IDS]))
            raise _endless(_('stopped listing: the page at start={start} '
                             'repeats records already listed (ids {ids})')
                           .format(start=start, ids=shown))
        if total is not None and start + len(page) > total:
            raise _endless(_('stopped listing: the page at start={start} '
                             'goes past the total of {total} records the '
                             'API announced').format(start=start,
                                                     total=total))
        yield from page
        if len(page) < page_size:
            return
        start += len(page)
    raise _endless(_('stopped listing: {count} pages and no end').format(
        count=MAX_PAGES))


def _endless(message):
    return errors.ServerError(
        message,
        hint=_('the server may ignore start, or the records changed while '
               'paging; try again, or read pages with --start and --limit'))


def _total(answer):
    """The ``total`` an answer announces, or ``None`` when it has none
    that is a whole number."""
    if not isinstance(answer, dict):
        return None
    for holder in (answer.get('metadata'), answer):
        if isinstance(holder, dict) and holder.get('total') is not None:
            text = str(holder['total'])
            return int(text) if text.isascii() and text.isdigit() \
                else None
    return None


def count_request(request):
    return with_params(request, metadata='true', limit=1, start=0)


def count(send, request):
    """The number of records a list request matches.

    Alegra answers ``metadata=true`` with ``{"metadata": {"total": N}}``;
    a few resources put ``total`` at the top, and an answer with neither is
    counted by walking the pages.
    """
    total = _total(send(count_request(request)))
    if total is not None:
        return total
    return sum(1 for _record in walk(send, request))
