"""The session against answers that misbehave: deadlines, bodies cut
short, redirects, odd Content-Types, and stopping from another thread."""

import os
import threading
import time

import fixtures

from alegra import config
from alegra import errors
from alegra import session
from alegra.request import ApiRequest
from tests.unit import base
from tests.unit import misbehaving

ITEM = b'{"id": "1", "name": "A"}'
# How long a dripping server drips before it answers in full: a client
# without a deadline gets its answer then, and the test fails.
DRIP_FOR = 3.0


def dripped_headers(request):
    return misbehaving.drip(misbehaving.response(body=ITEM), 0.2, DRIP_FOR)


def dripped_body(request):
    whole = misbehaving.response(body=ITEM)
    head = whole[:-len(ITEM)]
    yield head
    yield from misbehaving.drip(ITEM, 0.2, DRIP_FOR)


def cut_short(request):
    yield misbehaving.response(body=ITEM, length=100)


class SocketTestCase(base.TestCase):
    """CLI tests against :mod:`tests.unit.misbehaving` servers."""

    def setUp(self):
        super().setUp()
        self.use_env_credentials()
        # The real sockets, not requests-mock.
        self.http.real_http = True

    def serve(self, answer):
        server = self.useFixture(misbehaving.Server(answer))
        self.environ['ALEGRA_BASE_URL'] = server.url + '/api/v1'
        return server

    def timed(self, *argv):
        started = time.monotonic()
        result = self.run_cli(*argv)
        return result, time.monotonic() - started


class TestDeadline(SocketTestCase):

    def test_dripped_headers_end_at_the_deadline(self):
        self.serve(dripped_headers)
        result, took = self.timed('items', 'get', '1', '--timeout', '0.5')
        self.assertError(result, errors.SERVER, 'timed out after 0.5 s')
        self.assertLess(took, 2)

    def test_dripped_body_ends_at_the_deadline(self):
        self.serve(dripped_body)
        result, took = self.timed('--timeout', '0.5', 'items', 'get', '1')
        self.assertError(result, errors.SERVER, 'timed out')
        self.assertLess(took, 2)

    def test_timeout_from_the_environment_and_the_profile(self):
        self.serve(dripped_headers)
        self.environ['ALEGRA_TIMEOUT'] = '0.4'
        result, took = self.timed('items', 'get', '1')
        self.assertError(result, errors.SERVER, 'timed out after 0.4 s')
        del self.environ['ALEGRA_TIMEOUT']
        self.assertEqual(0, self.run_cli('config', 'set', 'timeout',
                                         '0.3').code)
        result, took = self.timed('items', 'get', '1')
        self.assertError(result, errors.SERVER, 'timed out after 0.3 s')
        self.assertLess(took, 2)

    def test_bad_timeouts_are_usage_errors(self):
        for value in ('0', '-1', 'abc', 'inf', 'nan'):
            result = self.run_cli('items', 'get', '1', '--timeout', value)
            self.assertError(result, errors.USAGE, 'ALEGRA_TIMEOUT')
        self.assertEqual(errors.USAGE, self.run_cli(
            'config', 'set', 'timeout', '0').code)

    def test_a_get_past_the_deadline_is_retried(self):
        server = self.serve(dripped_headers)
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '2'
        self.useFixture(fixtures.MockPatch('time.sleep'))
        result = self.run_cli('items', 'get', '1', '--timeout', '0.3')
        self.assertError(result, errors.SERVER, 'after 2 attempts')
        self.assertEqual(2, len(server.requests))

    def test_a_post_past_the_deadline_is_unknown_and_not_repeated(self):
        server = self.serve(dripped_headers)
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '4'
        result = self.run_cli('items', 'create', '--set', 'name=A',
                              '--set', 'price=1', '--timeout', '0.3')
        self.assertError(result, errors.SERVER, 'timed out',
                         'may have been processed')
        self.assertEqual(1, len(server.requests))


class TestCutShort(SocketTestCase):

    def test_a_get_cut_short_is_a_network_error_and_retried(self):
        server = self.serve(cut_short)
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '2'
        self.useFixture(fixtures.MockPatch('time.sleep'))
        result = self.run_cli('items', 'get', '1')
        self.assertError(result, errors.SERVER, 'cut short',
                         'after 2 attempts')
        self.assertEqual(2, len(server.requests))

    def test_a_post_cut_short_is_unknown(self):
        server = self.serve(cut_short)
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '4'
        result = self.run_cli('items', 'create', '--set', 'name=A',
                              '--set', 'price=1')
        self.assertError(result, errors.SERVER, 'cut short',
                         'may have been processed')
        self.assertEqual(1, len(server.requests))


class TestRedirects(SocketTestCase):

    def test_credentials_never_follow_a_redirect_to_another_host(self):
        other = self.useFixture(misbehaving.Server(
            lambda request: [misbehaving.response(body=ITEM)]))

        def moved(request):
            yield misbehaving.response(302, b'', {
                'Location': other.url + request.path})
        self.serve(moved)
        result = self.run_cli('items', 'get', '1')
        self.assertError(result, errors.SERVER, 'HTTP 302',
                         'not followed')
        self.assertEqual([], other.requests)


class TestRedirectsMocked(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_a_post_redirected_is_a_failure_never_created(self):
        target = 'https://elsewhere.test/items'
        for status in (301, 302, 303, 307, 308):
            self.http.post(base.BASE_URL + '/items', status_code=status,
                           headers={'Location': target})
            self.http.register_uri('GET', target, json={'id': '9'})
            self.http.post(target, json={'id': '9'})
            result = self.run_cli('items', 'create', '--set', 'name=A',
                                  '--set', 'price=1')
            self.assertError(result, errors.SERVER, f'HTTP {status}',
                             'redirect to https://elsewhere.test/items',
                             'to POST /items; not followed',
                             'may have been processed')
            self.assertNotIn('created', result.stdout + result.stderr)
        self.assertEqual({'api.alegra.com'},
                         {call.hostname for call in self.http.request_history})

    def test_put_and_delete_redirected_are_failures(self):
        self.http.put(base.BASE_URL + '/items/1', status_code=307,
                      headers={'Location': base.BASE_URL + '/items/2'})
        self.http.delete(base.BASE_URL + '/items/1', status_code=301,
                         headers={'Location': base.BASE_URL + '/items/2'})
        result = self.run_cli('items', 'update', '1', '--set', 'name=B')
        self.assertError(result, errors.SERVER, 'HTTP 307', 'not followed')
        result = self.run_cli('items', 'delete', '1', '--yes')
        self.assertError(result, errors.SERVER, 'HTTP 301', 'not followed')
        self.assertEqual(2, self.http.call_count)

    def test_a_get_follows_a_redirect_on_the_same_host(self):
        self.http.get(base.BASE_URL + '/items/1', status_code=301,
                      headers={'Location': '/api/v1/items/2'})
        self.http.get(base.BASE_URL + '/items/2', json={'id': '2'})
        result = self.run_cli('items', 'get', '1', '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertIn('"2"', result.stdout)
        self.assertTrue(self.http.last_request.headers['Authorization']
                        .startswith('Basic '))

    def test_a_get_is_not_redirected_to_http(self):
        plain = 'http://api.alegra.com/api/v1/items/1'
        self.http.get(base.BASE_URL + '/items/1', status_code=302,
                      headers={'Location': plain})
        self.http.get(plain, json={'id': '1'})
        result = self.run_cli('items', 'get', '1')
        self.assertError(result, errors.SERVER, 'HTTP 302', 'not followed')
        self.assertEqual(1, self.http.call_count)

    def test_a_redirect_loop_ends(self):
        self.http.get(base.BASE_URL + '/items/1', status_code=302,
                      headers={'Location': base.BASE_URL + '/items/1'})
        result = self.run_cli('items', 'get', '1')
        self.assertError(result, errors.SERVER, 'HTTP 302', 'not followed')
        self.assertEqual(session.MAX_REDIRECTS + 1, self.http.call_count)


class TestAnswers(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_json_labelled_html_or_with_a_bom_decodes(self):
        url = base.BASE_URL + '/items/1'
        for content in (ITEM, b'\xef\xbb\xbf' + ITEM):
            self.http.get(url, content=content,
                          headers={'Content-Type': 'text/html'})
            result = self.run_cli('items', 'get', '1', '-o', 'json')
            self.assertEqual(0, result.code, result)
            self.assertIn('"A"', result.stdout)

    def test_a_body_that_is_not_json_is_still_an_error(self):
        self.http.get(base.BASE_URL + '/items/1', text='<html>hi</html>',
                      headers={'Content-Type': 'text/html'})
        self.assertError(self.run_cli('items', 'get', '1'), errors.SERVER,
                         'not JSON')


class TestAbort(base.TestCase):
    """Another thread stops a session (what MCP cancellation needs)."""

    def setUp(self):
        super().setUp()
        self.http.real_http = True

    def session(self, url, timeout=30.0):
        settings = config.Settings(profile='t', base_url=url,
                                   email=base.EMAIL, output='json',
                                   max_attempts=3, timeout=timeout,
                                   _token=base.TOKEN)
        api = session.ApiSession(settings, self.environ)
        self.addCleanup(api.close)
        return api

    def test_abort_ends_a_request_in_flight_and_later_ones(self):
        server = self.useFixture(misbehaving.Server(dripped_headers))
        api = self.session(server.url)
        threading.Timer(0.3, api.abort).start()
        started = time.monotonic()
        error = self.assertRaises(errors.ServerError, api.send,
                                  ApiRequest('POST', '/items', body={}))
        self.assertLess(time.monotonic() - started, 2)
        self.assertIn('stopped before the answer came', error.message)
        self.assertEqual(session.UNSAFE_TO_REPEAT, error.hint)
        self.assertRaises(errors.Cancelled, api.send,
                          ApiRequest('GET', '/items'))
        self.assertEqual(1, len(server.requests))

    def test_abort_ends_a_wait_for_the_rate_limit(self):
        api = self.session('http://127.0.0.1:9')
        api.limiter.exhaust({'X-Rate-Limit-Limit': '150',
                             'X-Rate-Limit-Remaining': '0',
                             'X-Rate-Limit-Reset': '30'})
        threading.Timer(0.2, api.abort).start()
        started = time.monotonic()
        self.assertRaises(errors.Cancelled, api.send,
                          ApiRequest('GET', '/items'))
        self.assertLess(time.monotonic() - started, 2)


class TestBoundedAnswers(base.TestCase):
    """No answer is read past :data:`alegra.session.MAX_ANSWER`."""

    def setUp(self):
        super().setUp()
        self.use_env_credentials()
        self.useFixture(fixtures.MonkeyPatch('alegra.session.MAX_ANSWER',
                                             1024))

    def test_an_answer_too_large_is_a_server_error(self):
        huge = b'[' + b'{"id": "1"},' * 200 + b'{"id": "2"}]'
        self.http.get(base.BASE_URL + '/items', content=huge)
        result = self.run_cli('items', 'list')
        self.assertError(result, errors.SERVER, 'larger than')

    def test_a_declared_length_too_large_is_not_read(self):
        self.http.get(base.BASE_URL + '/items/1', content=ITEM,
                      headers={'Content-Length': str(10 ** 12)})
        self.assertError(self.run_cli('items', 'get', '1'), errors.SERVER,
                         'larger than')


class TestDownload(base.TestCase):
    """``pdf --out``: the file a record links to, fetched by the session."""

    PDF = b'%PDF-1.4 factura'

    def setUp(self):
        super().setUp()
        self.use_env_credentials()
        self.out = f'{self.tmp}/invoice.pdf'

    def pdf_at(self, url):
        self.http.get(base.BASE_URL + '/invoices/7', json={'id': '7',
                                                           'pdf': url})

    def test_credentials_go_only_to_the_api_host(self):
        own = base.BASE_URL + '/invoices/7/pdf'
        elsewhere = 'https://files.example/f.pdf'
        for url in (own, elsewhere):
            self.pdf_at(url)
            self.http.get(url, content=self.PDF)
            result = self.run_cli('invoices', 'pdf', '7', '--out', self.out)
            self.assertEqual(0, result.code, result)
            sent = self.http.last_request
            self.assertEqual(url == own, 'Authorization' in sent.headers,
                             url)
        with open(self.out, 'rb') as handle:
            self.assertEqual(self.PDF, handle.read())

    def test_a_redirect_elsewhere_is_followed_without_credentials(self):
        own = base.BASE_URL + '/invoices/7/pdf'
        cdn = 'https://cdn.example/signed/f.pdf'
        self.pdf_at(own)
        self.http.get(own, status_code=302, headers={'Location': cdn})
        self.http.get(cdn, content=self.PDF)
        result = self.run_cli('invoices', 'pdf', '7', '--out', self.out)
        self.assertEqual(0, result.code, result)
        self.assertNotIn('Authorization', self.http.last_request.headers)

    def test_a_plain_http_url_on_the_api_host_gets_no_credentials(self):
        plain = 'http://api.alegra.com/api/v1/invoices/7/pdf'
        self.pdf_at(plain)
        self.http.get(plain, content=self.PDF)
        result = self.run_cli('invoices', 'pdf', '7', '--out', self.out)
        self.assertEqual(0, result.code, result)
        self.assertNotIn('Authorization', self.http.last_request.headers)

    def test_a_failed_download_writes_nothing(self):
        url = 'https://files.example/f.pdf'
        self.pdf_at(url)
        self.http.get(url, status_code=404)
        result = self.run_cli('invoices', 'pdf', '7', '--out', self.out)
        self.assertError(result, errors.NOT_FOUND, 'the download failed')
        self.assertFalse(os.path.exists(self.out))
