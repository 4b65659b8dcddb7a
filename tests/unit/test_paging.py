"""Walking start/limit pages, counting, endless pages, answer shapes."""

import fixtures
import testtools

from alegra import errors
from alegra import jsonio
from alegra import paging
from alegra.request import ApiRequest


class FakeApi:
    """Serves ``total`` records in pages, recording each request."""

    def __init__(self, total, wrapper=None, count_answer=None,
                 metadata=None):
        self.records = [{'id': str(number)} for number in range(total)]
        self.wrapper = wrapper
        self.count_answer = count_answer
        self.metadata = metadata
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        params = dict(request.params)
        if params.get('metadata') == 'true':
            return self.count_answer
        start, limit = int(params['start']), int(params['limit'])
        page = self.records[start:start + limit]
        if self.metadata is not None:
            return {self.wrapper: page, 'metadata': self.metadata}
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

    def test_elements_that_are_not_records_are_server_errors(self):
        for answer in (['a', 'b'], [1], [None], [{'id': 1}, [2]],
                       {'data': ['x']}):
            exc = self.assertRaises(errors.ServerError, paging.records_of,
                                    answer)
            self.assertIn('not a record', exc.message)


class TestRecordOf(testtools.TestCase):

    request = ApiRequest('GET', '/contacts/1')

    def test_a_record_is_itself(self):
        record = {'id': '1'}
        self.assertIs(record, paging.record_of(record, self.request))
        self.assertEqual({}, paging.record_of({}, self.request))

    def test_nothing_is_fine_unless_required(self):
        self.assertIsNone(paging.record_of(None, self.request))
        exc = self.assertRaises(errors.ServerError, paging.record_of, None,
                                self.request, required=True)
        self.assertIn('not a record', exc.message)

    def test_other_answers_are_server_errors(self):
        for answer in ('hola', 3, 0, True, False, '', [], [{'id': 1}],
                       jsonio.JsonNumber('1.5')):
            exc = self.assertRaises(errors.ServerError, paging.record_of,
                                    answer, self.request)
            self.assertEqual(errors.SERVER, exc.exit_code)
            self.assertEqual('the API answered GET /contacts/1 with '
                             'something that is not a record', exc.message)


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


class IgnoresStart:
    """A server that answers every page with the same records."""

    def __init__(self, page, total=None):
        self.page = page
        self.total = total
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        # Fail, not hang, should the walk not stop.
        assert len(self.requests) <= 10, 'the walk did not stop'
        if self.total is None:
            return self.page
        return {'data': self.page, 'metadata': {'total': self.total}}


class TestEndlessPages(testtools.TestCase):

    request = ApiRequest('GET', '/contacts')

    def test_a_repeated_page_stops_the_walk(self):
        api = IgnoresStart([{'id': str(n)} for n in range(30)])
        walker = paging.walk(api, self.request)
        self.assertEqual(30, len([next(walker) for _ in range(30)]))
        exc = self.assertRaises(errors.ServerError, list, walker)
        self.assertEqual(errors.SERVER, exc.exit_code)
        self.assertEqual('stopped listing: the page at start=30 repeats '
                         'records already listed (ids 0, 1, 2)', exc.message)
        self.assertIn('ignore start', exc.hint)
        self.assertEqual(2, len(api.requests))

    def test_one_repeated_id_is_enough(self):
        pages = [[{'id': str(n)} for n in range(30)],
                 [{'id': str(n)} for n in range(29, 59)]]
        exc = self.assertRaises(errors.ServerError, list,
                                paging.walk(lambda r: pages.pop(0),
                                            self.request))
        self.assertIn('(ids 29)', exc.message)

    def test_ids_repeated_inside_a_page(self):
        page = [{'id': '7'}, {'id': 7}]
        exc = self.assertRaises(errors.ServerError, list,
                                paging.walk(lambda r: page, self.request))
        self.assertIn('start=0 repeats', exc.message)

    def test_the_id_field_of_the_resource(self):
        api = IgnoresStart([{'code': 'COP'}, {'code': 'USD'}])
        self.assertEqual(api.page, list(paging.walk(
            api, self.request, page_size=5, id_field='code')))
        api = IgnoresStart([{'code': 'COP'}, {'code': 'USD'}])
        self.assertRaises(errors.ServerError, list, paging.walk(
            api, self.request, page_size=2, id_field='code'))

    def test_pages_past_the_announced_total(self):
        api = FakeApi(90, wrapper='data', metadata={'total': 40})
        walker = paging.walk(api, self.request)
        self.assertEqual(30, len([next(walker) for _ in range(30)]))
        exc = self.assertRaises(errors.ServerError, list, walker)
        self.assertEqual('stopped listing: the page at start=30 goes past '
                         'the total of 40 records the API announced',
                         exc.message)

    def test_the_total_bounds_records_without_ids(self):
        api = IgnoresStart([{'name': 'x'}] * 30, total=45)
        self.assertRaises(errors.ServerError, list,
                          paging.walk(api, self.request))
        self.assertEqual(2, len(api.requests))

    def test_an_exact_total_is_fine(self):
        api = FakeApi(60, wrapper='data', metadata={'total': 60})
        walked = list(paging.walk(api, self.request))
        self.assertEqual(api.records, walked)

    def test_a_total_that_is_no_number_is_ignored(self):
        for total in ('muchos', '-1', '4.5', '²', True):
            api = FakeApi(3, wrapper='data', metadata={'total': total})
            walked = list(paging.walk(api, self.request))
            self.assertEqual(api.records, walked, total)

    def test_page_cap_is_the_last_bound(self):
        self.useFixture(fixtures.MockPatchObject(paging, 'MAX_PAGES', 4))
        api = IgnoresStart([{'name': 'no id'}] * 30)
        walker = paging.walk(api, self.request)
        self.assertEqual(120, len([next(walker) for _ in range(120)]))
        exc = self.assertRaises(errors.ServerError, list, walker)
        self.assertEqual('stopped listing: 4 pages and no end', exc.message)
        self.assertEqual(4, len(api.requests))

    def test_count_fallback_stops_too(self):
        api = IgnoresStart([{'id': str(n)} for n in range(30)])
        self.assertRaises(errors.ServerError, paging.count, api,
                          self.request)


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

    def test_total_that_is_no_number_falls_back_to_walking(self):
        api = FakeApi(3, count_answer={'metadata': {'total': 'n/a'}})
        self.assertEqual(3, paging.count(api, self.request))
