"""Nothing is emitted twice: what the emission ledger keeps, and when it
lets an id go again."""

from alegra import errors
from tests.unit import base

STAMP = base.BASE_URL + '/invoices/stamp'


class TestEmissionLedger(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def stamp(self, *ids):
        return self.run_cli('invoices', 'stamp', *ids, '--yes', '-o', 'json')

    def test_an_emitted_id_is_refused_the_second_time(self):
        self.http.post(STAMP, json=[{'id': '3'}])
        self.assertEqual(errors.OK, self.stamp('3').code)
        again = self.stamp('3')
        self.assertEqual(errors.USAGE, again.code)
        self.assertIn('already sent for emission from this machine: 3',
                      again.stderr)
        self.assertEqual(1, self.http.call_count)

    def test_a_refusal_lets_the_ids_go_again(self):
        # A 4xx is a definite no: nothing was emitted.
        self.http.post(STAMP, [
            {'status_code': 404, 'json': {'code': 404,
                                          'message': 'No existe 99'}},
            {'json': [{'id': '3'}]}])
        self.assertEqual(errors.NOT_FOUND, self.stamp('3', '99').code)
        self.assertEqual(errors.OK, self.stamp('3').code)
        self.assertEqual(2, self.http.call_count)

    def test_a_server_error_keeps_them_the_emission_may_have_happened(self):
        self.http.post(STAMP, status_code=503,
                       json={'code': 503, 'message': 'Intente más tarde'})
        self.assertEqual(errors.SERVER, self.stamp('3').code)
        again = self.stamp('3')
        self.assertEqual(errors.USAGE, again.code)
        self.assertIn('--force', again.stderr)

    def test_ids_left_out_of_the_answer_are_named(self):
        self.http.post(STAMP, json=[{'id': '3'}])
        result = self.stamp('3', '4')
        self.assertEqual(errors.OK, result.code, result)
        self.assertIn('Warning: the answer does not include 4: check them '
                      'in Alegra before emitting them again with --force',
                      result.stderr)
        # Kept: nothing says 4 was not emitted.
        self.assertEqual(errors.USAGE, self.stamp('4').code)
