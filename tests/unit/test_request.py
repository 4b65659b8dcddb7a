"""Requests as data: URL, headers, the dry-run description and curl."""

import json
import shlex

import requests
import testtools

from alegra import __version__
from alegra import jsonio
from alegra import request as request_module
from alegra.request import ApiRequest

BASE_URL = 'https://api.alegra.com/api/v1'


class TestUrl(testtools.TestCase):

    def test_without_params(self):
        self.assertEqual(BASE_URL + '/contacts',
                         ApiRequest('GET', '/contacts').url(BASE_URL))

    def test_slashes_joined_once(self):
        self.assertEqual(BASE_URL + '/contacts/5',
                         ApiRequest('GET', 'contacts/5').url(BASE_URL + '/'))
        self.assertEqual(BASE_URL + '/contacts/5',
                         ApiRequest('GET', '/contacts/5').url(BASE_URL + '/'))

    def test_query_encoding(self):
        request = ApiRequest('GET', '/contacts',
                             [('query', 'José Núñez'), ('type', 'client'),
                              ('start', 0), ('limit', 30)])
        self.assertEqual(BASE_URL + '/contacts?query=Jos%C3%A9+N%C3%BA%C3%B1ez'
                         '&type=client&start=0&limit=30',
                         request.url(BASE_URL))

    def test_reserved_characters_are_encoded(self):
        request = ApiRequest('GET', '/items', [('name', 'a&b=c?d/e#f')])
        self.assertEqual(BASE_URL + '/items?name=a%26b%3Dc%3Fd%2Fe%23f',
                         request.url(BASE_URL))

    def test_repeated_params_kept_in_order(self):
        request = ApiRequest('GET', '/items', [('id', 1), ('id', 2)])
        self.assertEqual(BASE_URL + '/items?id=1&id=2', request.url(BASE_URL))

    def test_same_url_as_requests(self):
        params = [('query', 'Peña & Cía'), ('metadata', 'true'),
                  ('start', 30)]
        request = ApiRequest('GET', '/contacts', params)
        prepared = requests.Request('GET', BASE_URL + '/contacts',
                                    params=params).prepare()
        self.assertEqual(prepared.url, request.url(BASE_URL))


class TestHeaders(testtools.TestCase):

    def test_user_agent(self):
        self.assertEqual('alegra/' + __version__,
                         ApiRequest('GET', '/x').headers()['User-Agent'])
        self.assertEqual('alegra/' + __version__, request_module.USER_AGENT)

    def test_no_body_no_content_type(self):
        self.assertEqual({'Accept': 'application/json',
                          'User-Agent': 'alegra/' + __version__},
                         ApiRequest('GET', '/contacts').headers())
        self.assertNotIn('Content-Type',
                         ApiRequest('DELETE', '/contacts/1').headers())

    def test_body_content_type(self):
        headers = ApiRequest('POST', '/contacts', body={'name': 'A'}).headers()
        self.assertEqual('application/json', headers['Content-Type'])
        self.assertEqual('application/json', headers['Accept'])

    def test_empty_body_is_still_a_body(self):
        self.assertIn('Content-Type',
                      ApiRequest('PUT', '/contacts/1', body={}).headers())

    def test_no_authorization(self):
        headers = ApiRequest('POST', '/contacts', body={'a': 1}).headers()
        self.assertNotIn('Authorization', headers)


class TestEncodedBody(testtools.TestCase):

    def test_utf8_compact_json_with_exact_numbers(self):
        request = ApiRequest('POST', '/items', body={
            'name': 'Café', 'price': jsonio.JsonNumber('10.00')})
        self.assertEqual('{"name": "Café", "price": 10.00}'.encode(),
                         request.encoded_body())

    def test_no_body(self):
        self.assertIsNone(ApiRequest('GET', '/items').encoded_body())


class TestDescribe(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.request = ApiRequest(
            'POST', '/contacts', [('lang', 'es')],
            body={'name': "José O'Brien", 'price': jsonio.JsonNumber('10.50'),
                  'note': '$HOME `id`'})

    def test_fields(self):
        described = self.request.describe(BASE_URL)
        self.assertEqual('POST', described['method'])
        self.assertEqual(BASE_URL + '/contacts?lang=es', described['url'])
        self.assertIs(self.request.body, described['body'])

    def test_authorization_redacted(self):
        headers = self.request.describe(BASE_URL)['headers']
        self.assertEqual('Basic <redacted>', headers['Authorization'])
        self.assertEqual(request_module.REDACTED, headers['Authorization'])

    def test_headers_sorted(self):
        headers = self.request.describe(BASE_URL)['headers']
        self.assertEqual(['Accept', 'Authorization', 'Content-Type',
                          'User-Agent'], list(headers))

    def test_describe_does_not_change_headers(self):
        self.request.describe(BASE_URL)
        self.assertNotIn('Authorization', self.request.headers())

    def test_curl_credentials_from_the_environment(self):
        curl = self.request.describe(BASE_URL)['curl']
        self.assertTrue(curl.startswith('curl -X POST '), curl)
        self.assertTrue(curl.endswith(' -u "$ALEGRA_EMAIL:$ALEGRA_TOKEN"'),
                        curl)
        self.assertNotIn('redacted', curl)
        self.assertNotIn('Authorization', curl)

    def test_curl_is_shell_quoted(self):
        curl = self.request.describe(BASE_URL)['curl']
        words = shlex.split(curl)
        self.assertEqual(
            ['curl', '-X', 'POST', BASE_URL + '/contacts?lang=es',
             '-H', 'Accept: application/json',
             '-H', 'Content-Type: application/json',
             '-H', 'User-Agent: alegra/' + __version__,
             '--data-raw',
             '{"name": "José O\'Brien", "price": 10.50, '
             '"note": "$HOME `id`"}',
             '-u', '$ALEGRA_EMAIL:$ALEGRA_TOKEN'], words)
        # The body is in single quotes, so the shell expands nothing in it.
        self.assertIn("'\"'\"'", curl)
        self.assertEqual(self.request.body,
                         jsonio.loads(words[words.index('--data-raw') + 1]))

    def test_curl_without_body(self):
        request = ApiRequest('GET', '/contacts',
                             [('query', 'Peña'), ('limit', 5)])
        curl = request.describe(BASE_URL)['curl']
        self.assertEqual(
            "curl -X GET '" + BASE_URL + "/contacts?query=Pe%C3%B1a&limit=5'"
            " -H 'Accept: application/json'"
            " -H 'User-Agent: alegra/" + __version__ + "'"
            ' -u "$ALEGRA_EMAIL:$ALEGRA_TOKEN"', curl)
        self.assertNotIn('--data-raw', curl)

    def test_describe_is_json_serialisable(self):
        described = self.request.describe(BASE_URL)
        self.assertEqual(described['url'],
                         json.loads(jsonio.dumps(described))['url'])


class TestRenderDryRun(testtools.TestCase):

    def test_layout_with_body(self):
        request = ApiRequest('POST', '/items',
                             body={'name': 'Café',
                                   'price': jsonio.JsonNumber('10.00')})
        described = request.describe(BASE_URL)
        self.assertEqual(
            'POST ' + BASE_URL + '/items\n'
            'Accept: application/json\n'
            'Authorization: Basic <redacted>\n'
            'Content-Type: application/json\n'
            'User-Agent: alegra/' + __version__ + '\n'
            '\n'
            '{\n'
            '  "name": "Café",\n'
            '  "price": 10.00\n'
            '}\n'
            '\n' + described['curl'] + '\n',
            request_module.render_dry_run(described))

    def test_layout_without_body(self):
        request = ApiRequest('DELETE', '/items/7')
        described = request.describe(BASE_URL)
        self.assertEqual(
            'DELETE ' + BASE_URL + '/items/7\n'
            'Accept: application/json\n'
            'Authorization: Basic <redacted>\n'
            'User-Agent: alegra/' + __version__ + '\n'
            '\n' + described['curl'] + '\n',
            request_module.render_dry_run(described))

    def test_never_shows_a_token(self):
        request = ApiRequest('GET', '/contacts')
        text = request_module.render_dry_run(request.describe(BASE_URL))
        self.assertIn('<redacted>', text)
        self.assertIn('$ALEGRA_TOKEN', text)
