"""Walking Alegra's ``start``/``limit`` pages, and counting.

``list --all``, ``list --count`` and ``export`` share this code.  A list
answer may be a bare array or an object wrapping it under ``data``,
``results``, ``rows`` or ``subscriptions``; all are accepted.
"""

from alegra import errors
from alegra.request import ApiRequest

MAX_PAGE = 30
_WRAPPERS = ('data', 'results', 'rows', 'subscriptions')


def records_of(answer):
    """The records of one list answer, whatever its wrapper."""
    if answer is None:
        return []
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict):
        for key in _WRAPPERS:
            if isinstance(answer.get(key), list):
                return answer[key]
    raise errors.ServerError('the API answered a list request with '
                             'something that is not a list')


def with_params(request, **params):
    """A copy of a GET request with some query parameters replaced."""
    kept = [(key, value) for key, value in request.params
            if key not in params]
    return ApiRequest(request.method, request.path,
                      kept + list(params.items()))


def walk(send, request, start=0, page_size=MAX_PAGE):
    """Yield every record, page after page, until a short page."""
    while True:
        page = records_of(send(with_params(request, start=start,
                                           limit=page_size)))
        yield from page
        if len(page) < page_size:
            return
        start += len(page)


def count_request(request):
    return with_params(request, metadata='true', limit=1, start=0)


def count(send, request):
    """The number of records a list request matches.

    Alegra answers ``metadata=true`` with ``{"metadata": {"total": N}}``;
    a few resources put ``total`` at the top, and an answer with neither is
    counted by walking the pages.
    """
    answer = send(count_request(request))
    if isinstance(answer, dict):
        for holder in (answer.get('metadata'), answer):
            if isinstance(holder, dict) and holder.get('total') is not None:
                return int(str(holder['total']))
    return sum(1 for _ in walk(send, request))
