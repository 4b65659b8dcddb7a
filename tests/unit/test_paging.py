"""Walking start/limit pages, counting, and list answer shapes."""

import testtools

from alegra import errors
from alegra import paging
from alegra.request import ApiRequest


class FakeApi:
    """Serves ``total`` records in pages, recording each request."""

    def __init__(self, total, wrapper=None, count_answer=None):
        self.records = [{'id': str(number)} for number in range(total)]
        self.wrapper = wrapper
        self.count_answer = count_answer
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        params = dict(request.params)
        if params.get('metadata') == 'true':
            return self.count_answer
        start, limit = int(params['start']), int(params['limit'])
        page = self.records[start:start + limit]
        return {self.wrapper: page} if self.wrapper else page

    def pages(self):
        return [(dict(request.params)['start'],
                 dict(request.params)['limit'])
                for request in self.requests]


class TestRecordsOf(testtools.TestCase):

    def test_bare_list(self):
        answer = [{'id': 1}]
        self.assertIs(answer, paging.records_of(answer))

    def test_empty_list(self):
        self.assertEqual([], paging.records_of([]))

    def test_wrappers(self):
        for key in ('data', 'results', 'rows', 'subscriptions'):
            answer = {key: [{'id': 1}, {'id': 2}],
                      'metadata': {'total': 2}}
            self.assertEqual([{'id': 1}, {'id': 2}],
                             paging.records_of(answer), key)

    def test_empty_wrapper(self):
        self.assertEqual([], paging.records_of({'data': []}))

    def test_none_is_empty(self):
        self.assertEqual([], paging.records_of(None))

    def test_other_shapes_are_server_errors(self):
        for answer in ({'id': 1}, {'data': 'x'}, {'data': {'id': 1}},
                       'text', 3, {}):
            exc = self.assertRaises(errors.ServerError, paging.records_of,
                                    answer)
            self.assertEqual(errors.SERVER, exc.exit_code)
            self.assertIn('not a list', exc.message)


class TestWithParams(testtools.TestCase):

    def test_replaces_params(self):
        request = ApiRequest('GET', '/contacts',
                             [('type', 'client'), ('start', 5),
                              ('limit', 10), ('query', 'José')])
        copy = paging.with_params(request, start=0, limit=30)
        self.assertEqual('GET', copy.method)
        self.assertEqual('/contacts', copy.path)
        self.assertEqual([('type', 'client'), ('query', 'José'),
                          ('start', 0), ('limit', 30)], copy.params)

    def test_original_is_untouched(self):
        params = [('start', 5)]
        request = ApiRequest('GET', '/items', params)
        paging.with_params(request, start=0)
        self.assertEqual([('start', 5)], request.params)
        self.assertEqual([('start', 5)], params)

    def test_adds_new_params(self):
        request = ApiRequest('GET', '/items')
        self.assertEqual([('metadata', 'true')],
                         paging.with_params(request,
                                            metadata='true').params)

    def test_replaces_repeated_params(self):
        request = ApiRequest('GET', '/items', [('id', 1), ('id', 2),
                                               ('x', 'y')])
        self.assertEqual([('x', 'y'), ('id', 3)],
                         paging.with_params(request, id=3).params)


class TestWalk(testtools.TestCase):

    request = ApiRequest('GET', '/contacts', [('type', 'client')])

    def test_pages_until_a_short_page(self):
        api = FakeApi(65)
        walked = list(paging.walk(api, self.request))
        self.assertEqual(api.records, walked)
        self.assertEqual([(0, 30), (30, 30), (60, 30)], api.pages())
        for request in api.requests:
            self.assertEqual(('type', 'client'), request.params[0])
            self.assertEqual('/contacts', request.path)

    def test_exact_multiple_needs_one_empty_page(self):
        api = FakeApi(60)
        self.assertEqual(api.records, list(paging.walk(api, self.request)))
        self.assertEqual([(0, 30), (30, 30), (60, 30)], api.pages())

    def test_fewer_than_a_page(self):
        api = FakeApi(4)
        self.assertEqual(api.records, list(paging.walk(api, self.request)))
        self.assertEqual([(0, 30)], api.pages())

    def test_nothing(self):
        api = FakeApi(0)
        self.assertEqual([], list(paging.walk(api, self.request)))
        self.assertEqual([(0, 30)], api.pages())

    def test_page_size_and_start(self):
        api = FakeApi(12)
        walked = list(paging.walk(api, self.request, start=2, page_size=5))
        self.assertEqual(api.records[2:], walked)
        self.assertEqual([(2, 5), (7, 5), (12, 5)], api.pages())

    def test_wrapped_pages(self):
        api = FakeApi(31, wrapper='data')
        self.assertEqual(api.records, list(paging.walk(api, self.request)))
        self.assertEqual([(0, 30), (30, 30)], api.pages())

    def test_is_lazy(self):
        api = FakeApi(100)
        walker = paging.walk(api, self.request)
        first = [next(walker) for _ in range(30)]
        self.assertEqual(api.records[:30], first)
        self.assertEqual([(0, 30)], api.pages())

    def test_replaces_start_and_limit_of_the_request(self):
        api = FakeApi(3)
        request = ApiRequest('GET', '/contacts',
                             [('start', 99), ('limit', 1)])
        self.assertEqual(api.records, list(paging.walk(api, request)))
        self.assertEqual([[('start', 0), ('limit', 30)]],
                         [r.params for r in api.requests])


class TestCount(testtools.TestCase):

    request = ApiRequest('GET', '/contacts', [('type', 'client'),
                                              ('start', 10)])

    def test_from_metadata_total(self):
        api = FakeApi(0, count_answer={'data': [{'id': 1}],
                                       'metadata': {'total': 128}})
        self.assertEqual(128, paging.count(api, self.request))
        self.assertEqual(1, len(api.requests))
        self.assertEqual(
            [('type', 'client'), ('metadata', 'true'), ('limit', 1),
             ('start', 0)], api.requests[0].params)

    def test_zero_total(self):
        api = FakeApi(5, count_answer={'metadata': {'total': 0}})
        self.assertEqual(0, paging.count(api, self.request))
        self.assertEqual(1, len(api.requests))

    def test_from_top_level_total(self):
        api = FakeApi(0, count_answer={'subscriptions': [], 'total': '4'})
        self.assertEqual(4, paging.count(api, self.request))
        self.assertEqual(1, len(api.requests))

    def test_falls_back_to_walking(self):
        api = FakeApi(45, count_answer=[{'id': '0'}])
        self.assertEqual(45, paging.count(api, self.request))
        # One count request, then the walk from the start.
        self.assertEqual([(0, 1), (0, 30), (30, 30)], api.pages())

    def test_falls_back_when_metadata_has_no_total(self):
        api = FakeApi(3, count_answer={'data': [], 'metadata': {}})
        self.assertEqual(3, paging.count(api, self.request))
