"""Retries through the CLI: what is tried again, and what never is."""

import fixtures
import requests
from urllib3 import exceptions as urllib3_errors

from alegra import errors
from tests.unit import base

ITEMS = base.BASE_URL + '/items'


class TestRetries(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '4'
        self.slept = []
        self.now = 1_700_000_000.0
        self.useFixture(fixtures.MockPatch('time.sleep',
                                           side_effect=self.sleep))
        self.useFixture(fixtures.MockPatch('time.time',
                                           side_effect=lambda: self.now))

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds
        if len(self.slept) > 1000:
            raise AssertionError('sleeping for ever')

    def test_get_retries_5xx_then_succeeds(self):
        self.http.get(ITEMS, [{'status_code': 503, 'json': {}},
                              {'status_code': 500, 'json': {}},
                              {'json': [{'id': '1'}]}])
        result = self.run_cli('items', 'list', '-o', 'json', '-v')
        self.assertEqual(0, result.code, result)
        self.assertEqual(3, self.http.call_count)
        self.assertEqual(2, len(self.slept))
        retries = [line for line in result.stderr.splitlines()
                   if 'retry' in line]
        self.assertEqual(2, len(retries), result.stderr)
        self.assertIn('retry 1 of 3', retries[0])

    def test_429_waits_retry_after_even_for_post(self):
        self.http.post(ITEMS, [{'status_code': 429, 'json': {},
                                'headers': {'Retry-After': '7'}},
                               {'status_code': 201, 'json': {'id': '9'}}])
        result = self.run_cli('items', 'create', '--set', 'name=A',
                              '--set', 'price=1')
        self.assertEqual(0, result.code, result)
        self.assertEqual(2, self.http.call_count)
        self.assertIn(7.0, self.slept)

    def test_post_is_not_retried_after_a_5xx(self):
        self.http.post(ITEMS, status_code=503, json={'message': 'caído'})
        result = self.run_cli('items', 'create', '--set', 'name=A',
                              '--set', 'price=1')
        self.assertError(result, errors.SERVER, 'caído')
        self.assertEqual(1, self.http.call_count)

    def test_post_is_not_retried_after_a_timeout(self):
        self.http.post(ITEMS, exc=requests.ReadTimeout)
        result = self.run_cli('items', 'create', '--set', 'name=A',
                              '--set', 'price=1')
        self.assertError(result, errors.SERVER, 'timed out')
        self.assertEqual(1, self.http.call_count)

    def test_post_is_not_retried_after_a_dropped_connection(self):
        self.http.post(ITEMS, exc=requests.ConnectionError(
            urllib3_errors.ProtocolError('Connection aborted.')))
        result = self.run_cli('items', 'create', '--set', 'name=A',
                              '--set', 'price=1')
        self.assertEqual(errors.SERVER, result.code)
        self.assertEqual(1, self.http.call_count)

    def test_post_is_retried_when_it_never_left(self):
        refused = requests.ConnectionError(urllib3_errors.MaxRetryError(
            None, '/items', urllib3_errors.NewConnectionError(
                None, '[Errno 111] Connection refused')))
        self.http.post(ITEMS, [{'exc': refused},
                               {'exc': requests.ConnectTimeout},
                               {'status_code': 201, 'json': {'id': '1'}}])
        result = self.run_cli('items', 'create', '--set', 'name=A',
                              '--set', 'price=1')
        self.assertEqual(0, result.code, result)
        self.assertEqual(3, self.http.call_count)

    def test_get_retries_timeouts_and_drops(self):
        self.http.get(ITEMS, [{'exc': requests.ReadTimeout},
                              {'exc': requests.ConnectionError('reset')},
                              {'json': []}])
        result = self.run_cli('items', 'list')
        self.assertEqual(0, result.code, result)
        self.assertEqual(3, self.http.call_count)

    def test_attempts_run_out_with_the_class_exit_code(self):
        self.http.get(ITEMS, status_code=429, json={'message': 'Too Many'},
                      headers={'X-Rate-Limit-Reset': '2'})
        result = self.run_cli('items', 'list')
        self.assertError(result, errors.RATE_LIMITED, 'after 4 attempts')
        self.assertEqual(4, self.http.call_count)

    def test_longest_wait_is_a_setting(self):
        self.environ['ALEGRA_MAX_WAIT'] = '3'
        self.http.get(ITEMS, [{'status_code': 429, 'json': {},
                               'headers': {'Retry-After': '50'}},
                              {'json': []}])
        self.run_cli('items', 'list')
        self.assertIn(3.0, self.slept)

    def test_4xx_is_never_retried(self):
        self.http.get(ITEMS + '/5', status_code=404, json={})
        self.assertEqual(errors.NOT_FOUND,
                         self.run_cli('items', 'get', '5').code)
        self.assertEqual(1, self.http.call_count)

    def test_bad_settings_are_usage_errors(self):
        self.environ['ALEGRA_MAX_ATTEMPTS'] = '0'
        result = self.run_cli('items', 'list')
        self.assertError(result, errors.USAGE, 'ALEGRA_MAX_ATTEMPTS')

    def test_endless_or_absurd_advice_is_bounded(self):
        for advice in ({'Retry-After': 'inf'}, {'Retry-After': '1e400'},
                       {'Retry-After': 'nan'},
                       {'X-Rate-Limit-Limit': '150',
                        'X-Rate-Limit-Remaining': '0',
                        'X-Rate-Limit-Reset': 'inf'},
                       {'Retry-After': '999999'}):
            self.slept = []
            self.http.get(ITEMS, [{'status_code': 429, 'json': {},
                                   'headers': advice},
                                  {'json': []}])
            result = self.run_cli('items', 'list')
            self.assertEqual(0, result.code, (advice, result))
            self.assertLessEqual(sum(self.slept), 2 * 60 + 1, advice)
            self.now += 120
