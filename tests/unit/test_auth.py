"""auth login/status/logout and the config commands, keyring in memory."""

import json
import os
import stat

import fixtures
import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors

from alegra import config
from alegra import credentials
from alegra import errors
from tests.unit import base

SELF = base.BASE_URL + '/users/self'
USER = {'id': '1', 'name': 'Ana', 'lastName': 'Gómez', 'email': base.EMAIL}


class TestLogin(base.TestCase):

    def login(self, *extra, stdin=base.TOKEN + '\n', **kwargs):
        return self.run_cli('auth', 'login', '--email', base.EMAIL,
                            '--with-token', *extra, stdin=stdin, **kwargs)

    def test_login_checks_then_stores(self):
        self.http.get(SELF, json=USER)
        result = self.login('-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual('Ana Gómez', json.loads(result.stdout)['user'])
        self.assertEqual(self.http.last_request.headers['Authorization'],
                         'Basic YW5hQGVtcHJlc2EuY286czNjcjN0LXQwa2VuLXZhbHVl')
        self.assertEqual(base.TOKEN,
                         self.keyring.passwords[('alegra', 'default')])
        with open(self.config_path, encoding='utf-8') as handle:
            text = handle.read()
        self.assertIn(base.EMAIL, text)
        self.assertNotIn(base.TOKEN, text)
        mode = stat.S_IMODE(os.stat(self.config_path).st_mode)
        self.assertEqual(0o600, mode)
        stored = config.ConfigFile(self.config_path)
        self.assertEqual('default', stored.default_profile)

    def test_rejected_credentials_store_nothing(self):
        self.http.get(SELF, status_code=401,
                      json={'code': 401, 'message': 'Credenciales inválidas'})
        result = self.login()
        self.assertError(result, errors.AUTH, 'Credenciales inválidas')
        self.assertEqual({}, self.keyring.passwords)
        self.assertFalse(os.path.exists(self.config_path))

    def test_login_into_a_named_profile(self):
        self.http.get('http://127.0.0.1:8000/api/v1/users/self', json=USER)
        result = self.login('--profile', 'work', '--base-url',
                            'http://127.0.0.1:8000/api/v1')
        self.assertEqual(0, result.code, result)
        stored = config.ConfigFile(self.config_path)
        self.assertEqual({'email': base.EMAIL,
                          'base_url': 'http://127.0.0.1:8000/api/v1'},
                         stored.profile('work'))
        self.assertIn(('alegra', 'work'), self.keyring.passwords)

    def test_prompts_on_a_terminal(self):
        self.http.get(SELF, json=USER)
        self.useFixture(fixtures.MockPatch(
            'alegra.commands.auth.getpass.getpass', return_value=base.TOKEN))
        result = self.run_cli('auth', 'login', stdin=base.EMAIL + '\n',
                              tty=True)
        self.assertEqual(0, result.code, result)
        self.assertIn('Alegra email:', result.stderr)
        self.assertEqual(base.TOKEN,
                         self.keyring.passwords[('alegra', 'default')])

    def test_no_terminal_and_no_token_is_usage(self):
        result = self.run_cli('auth', 'login', '--email', base.EMAIL)
        self.assertError(result, errors.USAGE, '--with-token')

    def test_no_terminal_and_no_email_is_usage(self):
        result = self.run_cli('auth', 'login', '--with-token',
                              stdin=base.TOKEN)
        self.assertError(result, errors.USAGE, '--email')

    def test_no_keyring_backend_is_a_clear_auth_error(self):
        self.http.get(SELF, json=USER)
        self.useFixture(fixtures.MockPatch(
            'keyring.set_password',
            side_effect=keyring.errors.NoKeyringError('none')))
        result = self.login()
        self.assertError(result, errors.AUTH, 'no OS keyring',
                         '--insecure-storage', 'ALEGRA_TOKEN')
        self.assertFalse(os.path.exists(self.config_path))

    def test_a_keyring_that_keeps_nothing_fails_the_login(self):
        self.http.get(SELF, json=USER)
        keyring.set_keyring(keyring.backends.null.Keyring())
        result = self.login()
        self.assertError(result, errors.AUTH, 'keeps no tokens',
                         'keyring.backends.null.Keyring',
                         '--insecure-storage',
                         'ALEGRA_EMAIL and ALEGRA_TOKEN')
        self.assertEqual('', result.stdout)
        self.assertNotIn('stored', result.stderr)
        self.assertFalse(os.path.exists(self.config_path))
        # Found before the token is asked for or sent.
        self.assertFalse(self.http.called)

    def test_no_keyring_at_all_fails_before_asking(self):
        keyring.set_keyring(keyring.backends.fail.Keyring())
        getpass = self.useFixture(fixtures.MockPatch(
            'alegra.commands.auth.getpass.getpass', return_value=base.TOKEN))
        result = self.run_cli('auth', 'login', '--email', base.EMAIL,
                              tty=True)
        self.assertError(result, errors.AUTH,
                         'no OS keyring backend is available',
                         'alegra auth login --insecure-storage',
                         'ALEGRA_TOKEN')
        getpass.mock.assert_not_called()
        self.assertFalse(self.http.called)
        self.assertFalse(os.path.exists(self.config_path))

    def test_a_keyring_that_refuses_points_at_insecure_storage(self):
        self.http.get(SELF, json=USER)
        self.useFixture(fixtures.MockPatch(
            'keyring.set_password',
            side_effect=keyring.errors.KeyringLocked('locked')))
        result = self.login()
        self.assertError(result, errors.AUTH, 'refused to store the token',
                         'KeyringLocked', '--insecure-storage')
        self.assertFalse(os.path.exists(self.config_path))

    def test_a_token_beyond_latin_1_is_refused_unsent_and_unstored(self):
        token = 'tökén✓'
        result = self.login(stdin=token + '\n')
        self.assertError(result, errors.AUTH, 'beyond Latin-1')
        self.assertNotIn(token, result.stdout + result.stderr)
        self.assertFalse(self.http.called)
        self.assertEqual({}, self.keyring.passwords)
        self.assertFalse(os.path.exists(self.config_path))

    def test_dry_run_sends_and_stores_nothing(self):
        result = self.login('--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertIn(f'GET {SELF}', result.stdout)
        self.assertFalse(self.http.called)
        self.assertEqual({}, self.keyring.passwords)


class TestStatusLogout(base.TestCase):

    def logged_in(self, profile='default'):
        stored = config.ConfigFile(self.config_path)
        stored.set(profile, 'email', base.EMAIL)
        stored.default_profile = profile
        stored.save()
        credentials.set_token(profile, base.TOKEN)

    def test_status_with_keyring_token(self):
        self.logged_in()
        self.http.get(SELF, json=USER)
        result = self.run_cli('auth', 'status', '-o', 'json')
        self.assertEqual(0, result.code, result)
        status = json.loads(result.stdout)
        self.assertEqual('keyring', status['token_source'])
        self.assertNotIn('token', status)
        self.assertEqual('authenticated', status['status'])
        self.assertEqual(base.EMAIL, status['email'])

    def test_status_with_env_token_and_failure(self):
        self.use_env_credentials()
        self.http.get(SELF, status_code=401, json={'message': 'No autorizado'})
        result = self.run_cli('auth', 'status', '-o', 'json')
        self.assertEqual(errors.AUTH, result.code)
        status = json.loads(result.stdout)
        self.assertEqual('env', status['token_source'])
        self.assertEqual('not authenticated', status['status'])
        self.assertIn('Error: HTTP 401: No autorizado', result.stderr)

    def test_status_without_credentials(self):
        result = self.run_cli('auth', 'status', '-o', 'json')
        self.assertEqual(errors.AUTH, result.code)
        self.assertEqual('none', json.loads(result.stdout)['token_source'])

    def test_env_token_wins_over_keyring(self):
        self.logged_in()
        self.environ['ALEGRA_TOKEN'] = 'other-token'
        self.http.get(SELF, json=USER)
        self.run_cli('auth', 'status')
        self.assertEqual('Basic YW5hQGVtcHJlc2EuY286b3RoZXItdG9rZW4=',
                         self.http.last_request.headers['Authorization'])

    def test_logout_forgets_the_token(self):
        self.logged_in()
        result = self.run_cli('auth', 'logout')
        self.assertEqual(0, result.code, result)
        self.assertEqual({}, self.keyring.passwords)
        again = self.run_cli('auth', 'logout')
        self.assertIn('no token stored', again.stderr)
        self.assertEqual(errors.AUTH, self.run_cli('contacts', 'list').code)


class TestConfigCommands(base.TestCase):

    def test_set_show_and_list(self):
        self.assertEqual(0, self.run_cli('config', 'set', 'email',
                                         base.EMAIL).code)
        self.assertEqual(0, self.run_cli('config', 'set', 'output',
                                         'json').code)
        self.run_cli('config', 'set', 'base_url', 'http://127.0.0.1:9/v1',
                     '--profile', 'sandbox')
        self.environ['ALEGRA_TOKEN'] = base.TOKEN
        shown = json.loads(self.run_cli('config', 'show').stdout)
        self.assertEqual(base.EMAIL, shown['email'])
        self.assertEqual('******** (env)', shown['token'])
        profiles = json.loads(self.run_cli('config', 'list').stdout)
        self.assertEqual(['default', 'sandbox'],
                         [profile['name'] for profile in profiles])
        self.assertTrue(profiles[0]['default'])

    def test_use_switches_profile(self):
        self.run_cli('config', 'set', 'email', 'a@b.co', '--profile', 'a')
        self.run_cli('config', 'set', 'email', 'c@d.co', '--profile', 'c')
        self.assertEqual(0, self.run_cli('config', 'use', 'c').code)
        shown = json.loads(self.run_cli('config', 'show', '-o',
                                        'json').stdout)
        self.assertEqual('c@d.co', shown['email'])
        self.assertEqual('c', shown['profile'])

    def test_dry_run_changes_nothing_locally(self):
        result = self.run_cli('config', 'set', 'output', 'json',
                              '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertIn('dry run: would set output', result.stdout)
        self.assertFalse(os.path.exists(self.config_path))
        credentials.set_token('default', base.TOKEN)
        result = self.run_cli('auth', 'logout', '--dry-run')
        self.assertIn('dry run: would remove the token', result.stdout)
        self.assertEqual(base.TOKEN, credentials.get_token('default'))

    def test_use_unknown_profile(self):
        result = self.run_cli('config', 'use', 'nope')
        self.assertError(result, errors.USAGE, "no profile 'nope'")

    def test_unset(self):
        self.run_cli('config', 'set', 'output', 'csv')
        self.run_cli('config', 'unset', 'output')
        self.assertEqual({}, config.ConfigFile(self.config_path).profile(
            'default'))

    def test_bad_value(self):
        result = self.run_cli('config', 'set', 'output', 'xml')
        self.assertError(result, errors.USAGE, "'xml'")

    def test_profile_precedence_in_commands(self):
        self.run_cli('config', 'set', 'base_url', 'http://127.0.0.1:1/v1',
                     '--profile', 'a')
        self.run_cli('config', 'set', 'base_url', 'http://127.0.0.1:2/v1',
                     '--profile', 'b')
        self.environ['ALEGRA_PROFILE'] = 'b'
        out = self.run_cli('items', 'list', '--dry-run', '-o', 'json').stdout
        self.assertIn('127.0.0.1:2', json.loads(out)['url'])
        out = self.run_cli('items', 'list', '--dry-run', '-o', 'json',
                           '--profile', 'a').stdout
        self.assertIn('127.0.0.1:1', json.loads(out)['url'])
        self.environ['ALEGRA_BASE_URL'] = 'http://127.0.0.1:3/v1'
        out = self.run_cli('items', 'list', '--dry-run', '-o', 'json',
                           '--profile', 'a').stdout
        self.assertIn('127.0.0.1:3', json.loads(out)['url'])

    def test_unknown_profile_named_explicitly(self):
        result = self.run_cli('items', 'list', '--profile', 'ghost',
                              '--dry-run')
        self.assertError(result, errors.USAGE, "profile 'ghost'")


class TestCredentialsThatCannotBeSent(base.TestCase):
    """Basic auth carries Latin-1 only: anything else is one Error line,
    with the secret never shown, before anything is sent."""

    def run_with(self, email=base.EMAIL, token=base.TOKEN):
        self.environ.update(ALEGRA_EMAIL=email, ALEGRA_TOKEN=token)
        result = self.run_cli('contacts', 'list')
        self.assertFalse(self.http.called)
        self.assertNotIn(token, result.stdout + result.stderr)
        return result

    def test_a_token_beyond_latin_1(self):
        result = self.run_with(token='tökén✓')
        self.assertError(result, errors.AUTH, 'token', 'beyond Latin-1',
                         'ALEGRA_TOKEN')

    def test_a_token_with_a_newline(self):
        result = self.run_with(token='s3cr3t\nt0ken')
        self.assertError(result, errors.AUTH, 'token', 'control')

    def test_a_token_with_a_control_character(self):
        result = self.run_with(token='s3cr3t\x1bt0ken')
        self.assertError(result, errors.AUTH, 'token', 'control')

    def test_an_email_beyond_latin_1(self):
        result = self.run_with(email='ana@例え.jp')
        self.assertError(result, errors.AUTH, 'email', 'beyond Latin-1')

    def test_a_stored_token_is_checked_too(self):
        stored = config.ConfigFile(self.config_path)
        stored.set('default', 'email', base.EMAIL)
        stored.save()
        self.keyring.passwords[('alegra', 'default')] = 'tökén✓'
        result = self.run_cli('contacts', 'list')
        self.assertError(result, errors.AUTH, 'beyond Latin-1')
        self.assertNotIn('tökén✓', result.stderr)
        self.assertFalse(self.http.called)

    def test_latin_1_letters_are_sent(self):
        self.http.get(base.BASE_URL + '/contacts', json=[])
        self.environ.update(ALEGRA_EMAIL=base.EMAIL, ALEGRA_TOKEN='tökén')
        result = self.run_cli('contacts', 'list')
        self.assertEqual(0, result.code, result)
        self.assertTrue(self.http.called)


class TestSetToken(base.TestCase):

    def test_a_backend_that_keeps_nothing_is_an_auth_error(self):
        keyring.set_keyring(keyring.backends.null.Keyring())
        exc = self.assertRaises(errors.AuthError, credentials.set_token,
                                'default', base.TOKEN)
        self.assertEqual(errors.AUTH, exc.exit_code)
        self.assertNotIn(base.TOKEN, exc.one_line())

    def test_a_kept_token_is_fine(self):
        credentials.set_token('work', base.TOKEN)
        self.assertEqual(base.TOKEN, credentials.get_token('work'))


class TestInsecureStorage(base.TestCase):
    """``auth login --insecure-storage``: the token in the config file, for
    machines whose keyring keeps nothing."""

    def setUp(self):
        super().setUp()
        keyring.set_keyring(keyring.backends.fail.Keyring())
        self.http.get(SELF, json=USER)

    def login(self, *extra):
        return self.run_cli('auth', 'login', '--email', base.EMAIL,
                            '--with-token', '--insecure-storage', *extra,
                            stdin=base.TOKEN + '\n')

    def file_text(self):
        with open(self.config_path, encoding='utf-8') as handle:
            return handle.read()

    def test_keeps_the_token_in_a_0600_file_and_never_shows_it(self):
        result = self.login('-o', 'json')
        self.assertEqual(0, result.code, result)
        record = json.loads(result.stdout)
        self.assertEqual('config-file', record['token_source'])
        self.assertEqual('Ana Gómez', record['user'])
        self.assertIn('Warning: the token is kept unencrypted in '
                      f'{self.config_path}', result.stderr)
        self.assertEqual(0o600,
                         stat.S_IMODE(os.stat(self.config_path).st_mode))
        stored = config.ConfigFile(self.config_path)
        self.assertEqual(base.TOKEN, stored.token('default'))
        self.assertEqual(base.EMAIL, stored.profile('default')['email'])
        self.assertEqual('default', stored.default_profile)
        # No temporary file left beside it: written atomically.
        self.assertEqual(['config.ini'], os.listdir(self.tmp))

    def test_commands_then_use_the_token_from_the_file(self):
        self.assertEqual(0, self.login().code)
        self.http.get(base.BASE_URL + '/contacts', json=[])
        result = self.run_cli('contacts', 'list')
        self.assertEqual(0, result.code, result)
        self.assertEqual('Basic YW5hQGVtcHJlc2EuY286czNjcjN0LXQwa2VuLXZhbHVl',
                         self.http.last_request.headers['Authorization'])

    def test_status_says_the_token_is_in_the_config_file(self):
        self.login()
        status = json.loads(self.run_cli('auth', 'status', '-o',
                                         'json').stdout)
        self.assertEqual('config-file', status['token_source'])
        self.assertEqual(self.config_path, status['config_file'])
        table = self.run_cli('auth', 'status')
        self.assertEqual(0, table.code, table)
        self.assertIn('in the config file, unencrypted: '
                      f'{self.config_path}', table.stdout)
        self.assertNotIn('token_source', table.stdout)

    def test_config_show_and_list_mask_it(self):
        self.login()
        shown = json.loads(self.run_cli('config', 'show', '-o',
                                        'json').stdout)
        self.assertEqual('******** (config-file)', shown['token'])
        listed = self.run_cli('config', 'list', '-o', 'json')
        self.assertEqual('********', json.loads(listed.stdout)[0]['token'])
        for output in ('table', 'yaml', 'csv'):
            self.run_cli('config', 'show', '-o', output)
            self.run_cli('config', 'list', '-o', output)

    def test_config_set_does_not_take_a_token(self):
        result = self.run_cli('config', 'set', 'token', 'abc')
        self.assertEqual(errors.USAGE, result.code, result)
        self.assertRaises(errors.UsageError,
                          config.ConfigFile(self.config_path).set,
                          'default', 'token', 'abc')

    def test_dry_run_stores_and_shows_nothing(self):
        result = self.login('--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertFalse(self.http.called)
        self.assertFalse(os.path.exists(self.config_path))

    def test_an_older_keyring_token_is_forgotten(self):
        memory = base.MemoryKeyring()
        memory.passwords[('alegra', 'default')] = 'older-token-value'
        keyring.set_keyring(memory)
        self.assertEqual(0, self.login().code)
        self.assertEqual({}, memory.passwords)
        status = json.loads(self.run_cli('auth', 'status', '-o',
                                         'json').stdout)
        self.assertEqual('config-file', status['token_source'])

    def test_a_keyring_login_afterwards_removes_the_file_copy(self):
        self.assertEqual(0, self.login().code)
        keyring.set_keyring(self.keyring)
        result = self.run_cli('auth', 'login', '--email', base.EMAIL,
                              '--with-token', stdin=base.TOKEN + '\n')
        self.assertEqual(0, result.code, result)
        self.assertNotIn(base.TOKEN, self.file_text())
        self.assertIsNone(config.ConfigFile(self.config_path).token(
            'default'))
        self.assertEqual(base.TOKEN,
                         self.keyring.passwords[('alegra', 'default')])

    def test_logout_removes_it_from_the_file(self):
        self.login()
        result = self.run_cli('auth', 'logout')
        self.assertEqual(0, result.code, result)
        self.assertIn("token of profile 'default' removed from the config "
                      f'file {self.config_path}', result.stderr)
        self.assertNotIn(base.TOKEN, self.file_text())
        self.assertIn(base.EMAIL, self.file_text())
        self.assertEqual(0o600,
                         stat.S_IMODE(os.stat(self.config_path).st_mode))
        again = self.run_cli('auth', 'logout')
        self.assertIn("no token stored for profile 'default'", again.stderr)
        self.assertError(self.run_cli('contacts', 'list'), errors.AUTH,
                         "no token for profile 'default'")

    def test_logout_removes_it_from_both_places(self):
        self.login()
        keyring.set_keyring(self.keyring)
        self.keyring.passwords[('alegra', 'default')] = 'other-token-value'
        result = self.run_cli('auth', 'logout')
        self.assertIn('removed from the config file', result.stderr)
        self.assertIn('removed from the OS keyring', result.stderr)
        self.assertEqual({}, self.keyring.passwords)
        self.assertIsNone(config.ConfigFile(self.config_path).token(
            'default'))

    def test_logout_dry_run_keeps_it(self):
        self.login()
        result = self.run_cli('auth', 'logout', '--dry-run')
        self.assertIn('dry run: would remove the token of profile '
                      "'default' from the OS keyring and the config file",
                      result.stdout)
        self.assertEqual(base.TOKEN, config.ConfigFile(
            self.config_path).token('default'))


class TestTokenOrder(base.TestCase):
    """ALEGRA_TOKEN, else the keyring, else the config file."""

    def authorization(self):
        self.http.get(base.BASE_URL + '/contacts', json=[])
        result = self.run_cli('contacts', 'list')
        self.assertEqual(0, result.code, result)
        header = self.http.last_request.headers['Authorization']
        import base64
        return base64.b64decode(header.split()[1]).decode().split(':', 1)[1]

    def test_env_then_keyring_then_config_file(self):
        stored = config.ConfigFile(self.config_path)
        stored.set('default', 'email', base.EMAIL)
        stored.set_token('default', 'file-token-value')
        stored.save()
        self.keyring.passwords[('alegra', 'default')] = 'keyring-token-value'
        self.environ['ALEGRA_TOKEN'] = 'env-token-value'
        self.assertEqual('env-token-value', self.authorization())
        del self.environ['ALEGRA_TOKEN']
        self.assertEqual('keyring-token-value', self.authorization())
        self.keyring.passwords.clear()
        self.assertEqual('file-token-value', self.authorization())
        keyring.set_keyring(keyring.backends.fail.Keyring())
        self.assertEqual('file-token-value', self.authorization())


class TestStatusInWords(base.TestCase):

    def logged_in(self):
        stored = config.ConfigFile(self.config_path)
        stored.set('default', 'email', base.EMAIL)
        stored.save()
        credentials.set_token('default', base.TOKEN)
        self.http.get(SELF, json=USER)

    def test_keyring_names_the_backend(self):
        self.logged_in()
        result = self.run_cli('auth', 'status')
        self.assertEqual(0, result.code, result)
        self.assertIn('in the OS keyring (tests.unit.base.MemoryKeyring)',
                      result.stdout)
        self.assertIn('authenticated', result.stdout)

    def test_environment(self):
        self.use_env_credentials()
        self.http.get(SELF, json=USER)
        result = self.run_cli('auth', 'status')
        self.assertIn('from ALEGRA_TOKEN in the environment', result.stdout)

    def test_none(self):
        result = self.run_cli('auth', 'status')
        self.assertEqual(errors.AUTH, result.code)
        self.assertRegex(result.stdout, r'\| token +\| none +\|')
        self.assertIn('not authenticated', result.stdout)


class TestInSpanish(base.TestCase):

    def setUp(self):
        super().setUp()
        self.environ['ALEGRA_LANG'] = 'es'

    def test_no_keyring_error(self):
        keyring.set_keyring(keyring.backends.fail.Keyring())
        result = self.run_cli('auth', 'login', '--email', base.EMAIL,
                              '--with-token', stdin=base.TOKEN + '\n')
        self.assertError(result, errors.AUTH, 'llavero del sistema',
                         '--insecure-storage', 'ALEGRA_TOKEN')

    def test_status_table_in_words_json_unchanged(self):
        self.use_env_credentials()
        self.http.get(SELF, json=USER)
        table = self.run_cli('auth', 'status')
        self.assertIn('de ALEGRA_TOKEN en el entorno', table.stdout)
        self.assertIn('autenticado', table.stdout)
        status = json.loads(self.run_cli('auth', 'status', '-o',
                                         'json').stdout)
        self.assertEqual('env', status['token_source'])
        self.assertEqual('authenticated', status['status'])

    def test_insecure_storage_warning_and_logout(self):
        keyring.set_keyring(keyring.backends.fail.Keyring())
        self.http.get(SELF, json=USER)
        result = self.run_cli('auth', 'login', '--email', base.EMAIL,
                              '--with-token', '--insecure-storage',
                              stdin=base.TOKEN + '\n')
        self.assertEqual(0, result.code, result)
        self.assertIn('Warning: el token se guarda sin cifrar', result.stderr)
        result = self.run_cli('auth', 'logout')
        self.assertIn('archivo de configuración', result.stderr)

    def test_help(self):
        result = self.run_cli('auth', 'login', '--help')
        self.assertIn('--insecure-storage', result.stdout)
        self.assertIn('sin cifrar', result.stdout)
        del self.environ['ALEGRA_LANG']
        result = self.run_cli('auth', 'login', '--help')
        self.assertIn('unencrypted', result.stdout)
        self.assertNotIn('sin cifrar', result.stdout)
