"""Every id is exactly one path segment, whoever typed it.

An id comes from the command line, an MCP client, a CSV cell or a server
answer; none of them may steer a request to another resource or add a
query.  The encoding lives in one place (:mod:`alegra.request`); these
tests hold every way in to it.
"""

import os

import testtools

from alegra import errors
from alegra import request
from tests.unit import base

API = base.BASE_URL


class TestPathSegment(testtools.TestCase):

    def test_separators_and_query_characters_are_data(self):
        self.assertEqual('..%2Fitems%2F6', request.path_segment('../items/6'))
        self.assertEqual('1%3Flimit%3D99', request.path_segment('1?limit=99'))
        self.assertEqual('a%23b%25c', request.path_segment('a#b%c'))
        self.assertEqual('Jos%C3%A9', request.path_segment('José'))

    def test_numbers_and_uuids_are_unchanged(self):
        self.assertEqual('42', request.path_segment(42))
        uuid = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
        self.assertEqual(uuid, request.path_segment(uuid))

    def test_empty_and_dot_segments_are_refused(self):
        for ident in ('', ' ', '.', '..', None):
            error = self.assertRaises(errors.UsageError,
                                      request.path_segment, ident)
            self.assertEqual(errors.USAGE, error.exit_code)

    def test_resource_path_encodes_only_the_ids(self):
        self.assertEqual('/invoices/5%2Fvoid/open',
                         request.resource_path('/invoices/', '5/void',
                                               tail='open'))
        self.assertEqual('/invoices/stamp',
                         request.resource_path('/invoices', tail='stamp'))


class TestCommandLine(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_delete_cannot_reach_another_resource(self):
        item = self.http.delete(API + '/items/6', json={})
        encoded = self.http.delete(API + '/contacts/..%2Fitems%2F6',
                                   status_code=404,
                                   json={'code': 404, 'message': 'No existe'})
        result = self.run_cli('contacts', 'delete', '../items/6', '--yes')
        self.assertError(result, errors.NOT_FOUND)
        self.assertFalse(item.called)
        self.assertTrue(encoded.called)

    def test_get_cannot_add_a_query(self):
        self.http.get(API + '/contacts/1%3Flimit%3D99', json={'id': '1'})
        result = self.run_cli('contacts', 'get', '1?limit=99', '-o', 'json')
        self.assertEqual(0, result.code, result)
        sent = self.http.last_request
        self.assertEqual('', sent.query)
        self.assertTrue(sent.path.endswith('/contacts/1%3flimit%3d99')
                        or sent.path.endswith('/contacts/1%3Flimit%3D99'),
                        sent.path)

    def test_empty_and_dot_ids_are_usage_errors_before_sending(self):
        for argv in (('contacts', 'delete', '', '--yes'),
                     ('contacts', 'get', '..'),
                     ('items', 'update', '.', '--set', 'name=x'),
                     ('invoices', 'void', '', '--yes'),
                     ('invoices', 'stamp', '7', '..', '--yes')):
            result = self.run_cli(*argv)
            self.assertError(result, errors.USAGE, 'is not a valid id')
        self.assertFalse(self.http.called)

    def test_action_ids_stay_inside_their_segment(self):
        void = self.http.post(API + '/invoices/5/void', json={})
        opened = self.http.post(API + '/invoices/5%2Fvoid%3Fx%3D/open',
                                json={'id': '5', 'status': 'open'})
        result = self.run_cli('invoices', 'open', '5/void?x=')
        self.assertEqual(0, result.code, result)
        self.assertFalse(void.called)
        self.assertTrue(opened.called)

    def test_dry_run_shows_the_encoded_url(self):
        result = self.run_cli('contacts', 'delete', 'a/b', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertIn(f'DELETE {API}/contacts/a%2Fb\n', result.stdout)

    def test_an_id_from_the_server_is_encoded_too(self):
        """``import --update-by`` PUTs to the id a list answer gave."""
        self.http.get(API + '/items', json=[
            {'id': '../contacts/1', 'reference': 'CAF-1', 'name': 'Café'}])
        other = self.http.put(API + '/contacts/1', json={})
        put = self.http.put(API + '/items/..%2Fcontacts%2F1',
                            json={'id': '../contacts/1'})
        path = os.path.join(self.tmp, 'items.csv')
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('reference,name,price\nCAF-1,Café,100\n')
        result = self.run_cli('items', 'import', '-f', path,
                              '--update-by', 'reference')
        self.assertEqual(0, result.code, result)
        self.assertFalse(other.called)
        self.assertTrue(put.called)
