"""Every HTTP status the API uses, and every exit code, through the CLI."""

import base64

import requests
import testtools

from alegra import errors
from alegra import sanitize
from tests.unit import base

CONTACTS = base.BASE_URL + '/contacts'


class TestHttpStatuses(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def check(self, status, code, *fragments, body=None):
        body = body if body is not None else {
            'code': status, 'message': 'La información es inválida'}
        self.http.get(CONTACTS + '/1', status_code=status, json=body)
        result = self.run_cli('contacts', 'get', '1')
        self.assertError(result, code, f'HTTP {status}', *fragments)
        self.assertEqual('', result.stdout)
        return result

    def test_200_and_201_succeed(self):
        self.http.get(CONTACTS + '/1', json={'id': '1'})
        self.assertEqual(0, self.run_cli('contacts', 'get', '1').code)
        self.http.post(CONTACTS, status_code=201, json={'id': '2'})
        result = self.run_cli('contacts', 'create', '--set', 'name=A')
        self.assertEqual(0, result.code, result)

    def test_400_is_invalid_input_with_message_intact(self):
        self.check(400, errors.INVALID_INPUT, 'La información es inválida')

    def test_401_is_auth_with_login_hint(self):
        self.check(401, errors.AUTH, 'alegra auth login')

    def test_402_is_plan_required(self):
        self.check(402, errors.PLAN_REQUIRED, 'plan')

    def test_403_is_auth_with_role_hint(self):
        self.check(403, errors.AUTH, 'role')

    def test_404_is_not_found(self):
        self.check(404, errors.NOT_FOUND, 'list')

    def test_405_is_a_general_api_error(self):
        self.check(405, errors.GENERAL, 'does not allow this method')

    def test_429_is_rate_limited(self):
        self.check(429, errors.RATE_LIMITED, '150 requests per minute')

    def test_500_and_503_are_server_errors(self):
        self.check(500, errors.SERVER, 'transient')
        self.check(503, errors.SERVER, 'transient')

    def test_wrapped_and_legacy_error_bodies(self):
        self.check(400, errors.INVALID_INPUT, 'campo requerido',
                   body={'error': {'message': 'campo requerido'}})
        self.check(400, errors.INVALID_INPUT, 'no existe',
                   body={'error': 'El modelo no existe'})

    def test_error_without_json_body_uses_reason(self):
        self.http.get(CONTACTS + '/1', status_code=502, text='<html>',
                      reason='Bad Gateway')
        result = self.run_cli('contacts', 'get', '1')
        self.assertError(result, errors.SERVER, 'Bad Gateway')

    def test_timeouts_are_server_errors(self):
        self.http.get(CONTACTS + '/1', exc=requests.ReadTimeout)
        result = self.run_cli('contacts', 'get', '1')
        self.assertError(result, errors.SERVER, 'timed out')
        self.http.get(CONTACTS + '/1', exc=requests.ConnectTimeout)
        result = self.run_cli('contacts', 'get', '1')
        self.assertError(result, errors.SERVER, 'could not connect')

    def test_refused_connection_is_a_server_error(self):
        self.http.get(CONTACTS + '/1', exc=requests.ConnectionError(
            "Failed to establish a new connection: [Errno 111] "
            "Connection refused'"))
        result = self.run_cli('contacts', 'get', '1')
        self.assertError(result, errors.SERVER, 'Connection refused')

    def test_success_with_a_body_that_is_not_json(self):
        self.http.get(CONTACTS + '/1', text='<html>oops</html>')
        result = self.run_cli('contacts', 'get', '1')
        self.assertError(result, errors.SERVER, 'not JSON')


class TestExitCodes(base.TestCase):
    """Each documented exit code is produced by a real situation."""

    def test_table_is_complete_and_distinct(self):
        codes = [code for code, _, _ in errors.EXIT_CODES]
        self.assertEqual(len(codes), len(set(codes)))
        for name in ('OK', 'GENERAL', 'USAGE', 'CANCELLED', 'AUTH',
                     'NOT_FOUND', 'INVALID_INPUT', 'PLAN_REQUIRED',
                     'RATE_LIMITED', 'SERVER', 'PARTIAL_FAILURE',
                     'INTERRUPTED'):
            self.assertIn(getattr(errors, name), codes)

    def test_missing_credentials_is_auth(self):
        result = self.run_cli('contacts', 'list')
        self.assertError(result, errors.AUTH, 'no email and token',
                         'ALEGRA_TOKEN')

    def test_unexpected_exception_is_general_without_traceback(self):
        self.use_env_credentials()
        self.http.get(CONTACTS, exc=RuntimeError('boom'))
        result = self.run_cli('contacts', 'list')
        self.assertError(result, errors.GENERAL, 'unexpected RuntimeError',
                         '--debug')
        self.assertNotIn('Traceback', result.stderr)

    def test_debug_shows_the_traceback(self):
        self.use_env_credentials()
        self.http.get(CONTACTS, exc=RuntimeError('boom'))
        result = self.run_cli('contacts', 'list', '--debug')
        self.assertEqual(errors.GENERAL, result.code)
        self.assertIn('Traceback', result.stderr)
        self.assertEqual('Error: unexpected RuntimeError: boom',
                         result.stderr.splitlines()[-1])

    def test_interrupt_says_so(self):
        self.use_env_credentials()
        self.http.get(CONTACTS, exc=KeyboardInterrupt)
        result = self.run_cli('contacts', 'list')
        self.assertEqual('Error: interrupted\n', result.stderr)

    def test_unwritable_log_file_is_one_usage_line(self):
        result = self.run_cli('--log-file', '/nonexistent/dir/x.log',
                              'contacts', 'list', '--dry-run')
        self.assertError(result, errors.USAGE, 'cannot open the log file')

    def test_interrupt_is_130(self):
        self.use_env_credentials()
        self.http.get(CONTACTS, exc=KeyboardInterrupt)
        result = self.run_cli('contacts', 'list')
        self.assertEqual(errors.INTERRUPTED, result.code)

    def test_partial_failure_class_carries_its_code(self):
        error = errors.PartialFailure('2 of 10 rows failed')
        self.assertEqual(errors.PARTIAL_FAILURE, error.exit_code)
        self.assertEqual('Error: 2 of 10 rows failed', error.one_line())

    def test_one_line_even_for_multiline_messages(self):
        error = errors.InvalidInput('first\nsecond', hint='fix it')
        self.assertEqual('Error: first second (fix it)', error.one_line())


class TestServerTextInErrors(testtools.TestCase):
    """Messages are shown with controls escaped and secrets redacted."""

    def setUp(self):
        super().setUp()
        sanitize.add_credentials(base.EMAIL, base.TOKEN)

    def test_one_line_escapes_controls(self):
        error = errors.ServerError('\x1b[2J\x07Borrado\u202efdp.exe')
        self.assertEqual('Error: \\x1b[2J\\x07Borrado\\u202efdp.exe '
                         '(usually transient; try again shortly)',
                         error.one_line())

    def test_one_line_keeps_spanish_text(self):
        error = errors.InvalidInput('¿Año? La información es inválida: Ñandú')
        self.assertEqual('Error: ¿Año? La información es inválida: Ñandú',
                         error.one_line())

    def test_one_line_redacts_secrets(self):
        error = errors.AlegraError(f'echo {base.TOKEN}',
                                   hint='Bearer abcdefghijklmnop12345')
        self.assertEqual('Error: echo <redacted> (Bearer <redacted>)',
                         error.one_line())

    def test_for_status_builds_a_safe_message(self):
        basic = base64.b64encode(
            f'{base.EMAIL}:{base.TOKEN}'.encode()).decode()
        error = errors.for_status(
            400, f'Authorization: Basic {basic}\x1b[0m')
        self.assertEqual('HTTP 400: Authorization: Basic <redacted>\\x1b[0m',
                         error.message)
