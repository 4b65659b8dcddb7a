"""Profiles, the config file and the precedence of settings."""

import json
import os
import stat

import fixtures
import testtools

from alegra import config
from alegra import errors
from tests.unit import base


class TestConfigPath(testtools.TestCase):

    def test_alegra_config_wins(self):
        environ = {'ALEGRA_CONFIG': '/etc/alegra.ini',
                   'XDG_CONFIG_HOME': '/xdg', 'HOME': '/home/ana'}
        self.assertEqual('/etc/alegra.ini', config.config_path(environ))

    def test_xdg_config_home(self):
        environ = {'XDG_CONFIG_HOME': '/xdg', 'HOME': '/home/ana'}
        self.assertEqual('/xdg/alegra/config.ini',
                         config.config_path(environ))

    def test_empty_values_are_ignored(self):
        environ = {'ALEGRA_CONFIG': '', 'XDG_CONFIG_HOME': '/xdg'}
        self.assertEqual('/xdg/alegra/config.ini',
                         config.config_path(environ))

    def test_home_fallback(self):
        # The HOME of the environment given, not the process's.
        environ = {'HOME': '/home/ana'}
        self.assertEqual('/home/ana/.config/alegra/config.ini',
                         config.config_path(environ))

    def test_home_fallback_with_process_home(self):
        home = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable('HOME', home))
        self.assertEqual(os.path.join(home, '.config', 'alegra',
                                      'config.ini'),
                         config.config_path({'HOME': home}))


class ConfigTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.path = os.path.join(self.tmp, 'config.ini')

    def write(self, text):
        if isinstance(text, bytes):
            with open(self.path, 'wb') as handle:
                handle.write(text)
        else:
            with open(self.path, 'w', encoding='utf-8') as handle:
                handle.write(text)


class TestConfigFile(ConfigTestCase):

    def test_missing_file_is_empty(self):
        config_file = config.ConfigFile(self.path)
        self.assertEqual([], config_file.profiles())
        self.assertIsNone(config_file.default_profile)
        self.assertEqual({}, config_file.profile('default'))
        self.assertFalse(config_file.has_profile('default'))
        self.assertFalse(os.path.exists(self.path))

    def test_set_save_reload(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('work', 'email', 'ana@empresa.co')
        config_file.set('work', 'base_url', 'https://sandbox.example/api')
        config_file.set('work', 'output', 'json')
        config_file.set('home', 'email', 'José@casa.co')
        config_file.default_profile = 'work'
        config_file.save()
        again = config.ConfigFile(self.path)
        self.assertEqual({'email': 'ana@empresa.co',
                          'base_url': 'https://sandbox.example/api',
                          'output': 'json'}, again.profile('work'))
        self.assertEqual({'email': 'José@casa.co'}, again.profile('home'))
        self.assertEqual('work', again.default_profile)
        self.assertEqual(['home', 'work'], again.profiles())
        self.assertTrue(again.has_profile('home'))

    def test_file_layout(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('work', 'email', 'ana@empresa.co')
        config_file.save()
        with open(self.path, encoding='utf-8') as handle:
            text = handle.read()
        self.assertIn('[profile work]', text)
        self.assertIn('email = ana@empresa.co', text)

    def test_set_overwrites(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('work', 'output', 'json')
        config_file.set('work', 'output', 'csv')
        self.assertEqual({'output': 'csv'}, config_file.profile('work'))

    def test_values_with_percent_signs(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('work', 'base_url', 'https://h/api%20v1')
        config_file.save()
        self.assertEqual('https://h/api%20v1', config.ConfigFile(
            self.path).profile('work')['base_url'])

    def test_mode_0600(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('default', 'email', 'ana@empresa.co')
        config_file.save()
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.path).st_mode))

    def test_mode_0600_replaces_a_wider_mode(self):
        self.write('[profile default]\nemail = a@b.co\n')
        os.chmod(self.path, 0o644)
        config_file = config.ConfigFile(self.path)
        config_file.set('default', 'output', 'csv')
        config_file.save()
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.path).st_mode))

    def test_save_creates_the_directory(self):
        path = os.path.join(self.tmp, 'deep', 'alegra', 'config.ini')
        config_file = config.ConfigFile(path)
        config_file.set('default', 'output', 'yaml')
        config_file.save()
        self.assertEqual({'output': 'yaml'},
                         config.ConfigFile(path).profile('default'))
        self.assertEqual(0o700, stat.S_IMODE(
            os.stat(os.path.dirname(path)).st_mode) & 0o700)

    def test_atomic_write_leaves_no_temporary_file(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('default', 'email', 'ana@empresa.co')
        config_file.save()
        config_file.set('default', 'output', 'json')
        config_file.save()
        self.assertEqual(['config.ini'], os.listdir(self.tmp))

    def test_failed_write_keeps_the_old_file(self):
        self.write('[profile default]\nemail = old@empresa.co\n')
        with open(self.path, encoding='utf-8') as handle:
            before = handle.read()

        def failing_replace(source, target):
            raise OSError(28, 'No space left on device')

        config_file = config.ConfigFile(self.path)
        config_file.set('default', 'email', 'new@empresa.co')
        with fixtures.MonkeyPatch('os.replace', failing_replace):
            exc = self.assertRaises(errors.UsageError, config_file.save)
        self.assertEqual(f'cannot write {self.path}: No space left on device',
                         exc.message)
        with open(self.path, encoding='utf-8') as handle:
            self.assertEqual(before, handle.read())
        self.assertEqual(['config.ini'], os.listdir(self.tmp))
        self.assertEqual({'email': 'old@empresa.co'},
                         config.ConfigFile(self.path).profile('default'))

    def test_failed_write_of_a_new_file(self):
        def failing_replace(source, target):
            raise OSError(13, 'Permission denied')

        config_file = config.ConfigFile(self.path)
        config_file.set('default', 'email', 'new@empresa.co')
        with fixtures.MonkeyPatch('os.replace', failing_replace):
            self.assertRaises(errors.UsageError, config_file.save)
        self.assertEqual([], os.listdir(self.tmp))

    def test_default_profile(self):
        config_file = config.ConfigFile(self.path)
        self.assertIsNone(config_file.default_profile)
        config_file.default_profile = 'work'
        self.assertEqual('work', config_file.default_profile)
        config_file.default_profile = 'home'
        self.assertEqual('home', config_file.default_profile)
        # The settings section is not a profile.
        self.assertEqual([], config_file.profiles())

    def test_profiles_sorted(self):
        config_file = config.ConfigFile(self.path)
        for name in ('zeta', 'alpha', 'mid'):
            config_file.set(name, 'output', 'json')
        self.assertEqual(['alpha', 'mid', 'zeta'], config_file.profiles())

    def test_unset(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('work', 'email', 'ana@empresa.co')
        config_file.set('work', 'output', 'json')
        config_file.unset('work', 'output')
        self.assertEqual({'email': 'ana@empresa.co'},
                         config_file.profile('work'))
        # Unsetting what is not there is not an error.
        config_file.unset('work', 'output')
        config_file.unset('nobody', 'email')
        self.assertEqual(['work'], config_file.profiles())

    def test_unknown_key(self):
        config_file = config.ConfigFile(self.path)
        exc = self.assertRaises(errors.UsageError, config_file.set, 'work',
                                'token', 'secret')
        self.assertIn("'token'", exc.message)
        self.assertIn('email', exc.hint)
        self.assertFalse(config_file.has_profile('work'))

    def test_invalid_output(self):
        config_file = config.ConfigFile(self.path)
        exc = self.assertRaises(errors.UsageError, config_file.set, 'work',
                                'output', 'xml')
        self.assertIn("'xml'", exc.message)
        self.assertIn('table', exc.hint)
        self.assertEqual({}, config_file.profile('work'))

    def test_language(self):
        config_file = config.ConfigFile(self.path)
        for language in ('es', 'en'):
            config_file.set('work', 'language', language)
            self.assertEqual(language, config_file.profile('work')['language'])
        for bad in ('fr', 'ES', 'es_CO', ''):
            exc = self.assertRaises(errors.UsageError, config_file.set,
                                    'work', 'language', bad)
            self.assertIn(repr(bad), exc.message)
            self.assertIn('en, es', exc.hint)
        self.assertEqual('en', config_file.profile('work')['language'])

    def test_the_language_key_is_the_one_i18n_reads(self):
        from alegra import i18n
        config_file = config.ConfigFile(self.path)
        config_file.set('work', 'language', 'es')
        config_file.save()
        environ = {'ALEGRA_CONFIG': self.path, 'LANG': 'en_US.UTF-8'}
        self.assertEqual('es', i18n.choose(environ, 'work'))
        self.assertEqual('en', i18n.choose(environ, 'other'))

    def test_token_kept_in_the_file(self):
        config_file = config.ConfigFile(self.path)
        self.assertIsNone(config_file.token('work'))
        self.assertFalse(config_file.remove_token('work'))
        config_file.set_token('work', 's3cr3t')
        config_file.set('work', 'email', 'ana@empresa.co')
        config_file.save()
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.path).st_mode))
        again = config.ConfigFile(self.path)
        self.assertEqual('s3cr3t', again.token('work'))
        self.assertTrue(again.remove_token('work'))
        self.assertFalse(again.remove_token('work'))
        self.assertIsNone(again.token('work'))
        self.assertEqual({'email': 'ana@empresa.co'}, again.profile('work'))

    def test_corrupt_file(self):
        self.write('email = ana@empresa.co\n')
        exc = self.assertRaises(errors.UsageError, config.ConfigFile,
                                self.path)
        self.assertIn(self.path, exc.message)

    def test_duplicate_section(self):
        self.write('[profile a]\nemail = x\n[profile a]\nemail = y\n')
        self.assertRaises(errors.UsageError, config.ConfigFile, self.path)

    def test_file_that_is_not_utf8(self):
        self.write(b'[profile a]\nemail = \xff\xfe\n')
        exc = self.assertRaises(errors.UsageError, config.ConfigFile,
                                self.path)
        self.assertIn(self.path, exc.message)


class TestConfigPathThatIsNoFile(ConfigTestCase):
    """A config path that cannot be read or written is one usage error,
    never a traceback, and never taken for a missing file."""

    def test_a_directory_cannot_be_read(self):
        exc = self.assertRaises(errors.UsageError, config.ConfigFile,
                                self.tmp)
        self.assertIn(f'cannot read the config file {self.tmp}',
                      exc.message)
        self.assertIn('ALEGRA_CONFIG', exc.hint)
        self.assertEqual(errors.USAGE, exc.exit_code)

    def test_a_path_below_a_file_cannot_be_read(self):
        self.write('[profile a]\n')
        self.assertRaises(errors.UsageError, config.ConfigFile,
                          os.path.join(self.path, 'config.ini'))

    @testtools.skipIf(os.geteuid() == 0, 'root reads any file')
    def test_an_unreadable_file_is_not_an_empty_one(self):
        self.write('[profile a]\nemail = a@b.co\n')
        os.chmod(self.path, 0)
        exc = self.assertRaises(errors.UsageError, config.ConfigFile,
                                self.path)
        self.assertIn('Permission denied', exc.message)

    def test_resolving_settings_says_so(self):
        self.assertRaises(errors.UsageError, config.resolve, {},
                          {'ALEGRA_CONFIG': self.tmp})

    def test_saving_onto_a_directory(self):
        config_file = config.ConfigFile(self.path)
        config_file.set('default', 'output', 'json')
        os.mkdir(self.path)
        exc = self.assertRaises(errors.UsageError, config_file.save)
        self.assertIn('it is a directory', exc.message)
        self.assertEqual([], os.listdir(self.path))

    def test_saving_where_the_directory_cannot_be_made(self):
        path = os.path.join(self.tmp, 'alegra', 'config.ini')
        config_file = config.ConfigFile(path)
        config_file.set('default', 'output', 'json')
        self.write('not a directory')
        os.rename(self.path, os.path.dirname(path))
        exc = self.assertRaises(errors.UsageError, config_file.save)
        self.assertIn(f'cannot write the config file {path}', exc.message)


class TestConfigPathThatIsNoFileCommands(base.TestCase):

    def setUp(self):
        super().setUp()
        os.mkdir(self.config_path)

    def test_every_command_that_reads_the_config_is_one_line(self):
        self.use_env_credentials()
        for argv in (('config', 'list'), ('config', 'show'),
                     ('config', 'set', 'output', 'json'),
                     ('contacts', 'list'), ('auth', 'status'),
                     ('auth', 'login', '--with-token')):
            result = self.run_cli(*argv, stdin=base.TOKEN + '\n')
            self.assertError(result, errors.USAGE,
                             'cannot read the config file', 'Is a directory')
        self.assertFalse(self.http.called)
        self.assertEqual([], os.listdir(self.config_path))


class TestResolve(ConfigTestCase):

    def setUp(self):
        super().setUp()
        config_file = config.ConfigFile(self.path)
        config_file.set('default', 'email', 'default@empresa.co')
        config_file.set('work', 'email', 'work@empresa.co')
        config_file.set('work', 'base_url', 'https://profile.example/api/')
        config_file.set('work', 'output', 'yaml')
        config_file.save()
        self.environ = {'ALEGRA_CONFIG': self.path}
        self.lookups = []

    def lookup(self, *args):
        self.lookups.append(args)
        return 'keyring-token'

    def resolve(self, flags=None, **environ):
        self.environ.update(environ)
        return config.resolve(flags or {}, self.environ)

    def test_defaults(self):
        settings = self.resolve()
        self.assertEqual('default', settings.profile)
        self.assertEqual(config.DEFAULT_BASE_URL, settings.base_url)
        self.assertEqual('default@empresa.co', settings.email)
        self.assertEqual('table', settings.output)
        self.assertEqual(self.path, settings.config_path)
        self.assertIsNone(settings.token)
        self.assertIsNone(settings.token_source)
        self.assertFalse(settings.has_credentials)

    def test_nothing_configured(self):
        environ = {'ALEGRA_CONFIG': os.path.join(self.tmp, 'none.ini')}
        settings = config.resolve({}, environ)
        self.assertEqual('default', settings.profile)
        self.assertIsNone(settings.email)
        self.assertEqual('https://api.alegra.com/api/v1', settings.base_url)

    def test_profile_values(self):
        settings = self.resolve({'profile': 'work'})
        self.assertEqual('work', settings.profile)
        self.assertEqual('https://profile.example/api', settings.base_url)
        self.assertEqual('work@empresa.co', settings.email)
        self.assertEqual('yaml', settings.output)

    def test_env_beats_profile(self):
        settings = self.resolve({'profile': 'work'},
                                ALEGRA_BASE_URL='https://env.example/api',
                                ALEGRA_EMAIL='env@empresa.co',
                                ALEGRA_OUTPUT='csv')
        self.assertEqual('https://env.example/api', settings.base_url)
        self.assertEqual('env@empresa.co', settings.email)
        self.assertEqual('csv', settings.output)

    def test_flag_beats_env(self):
        settings = self.resolve({'profile': 'work',
                                 'base_url': 'https://flag.example/api',
                                 'email': 'flag@empresa.co',
                                 'output': 'json'},
                                ALEGRA_BASE_URL='https://env.example/api',
                                ALEGRA_EMAIL='env@empresa.co',
                                ALEGRA_OUTPUT='csv')
        self.assertEqual('https://flag.example/api', settings.base_url)
        self.assertEqual('flag@empresa.co', settings.email)
        self.assertEqual('json', settings.output)

    def test_none_flags_fall_through(self):
        settings = self.resolve({'profile': None, 'base_url': None,
                                 'output': None}, ALEGRA_OUTPUT='value')
        self.assertEqual('value', settings.output)
        self.assertEqual('default', settings.profile)

    def test_profile_from_env(self):
        settings = self.resolve(ALEGRA_PROFILE='work')
        self.assertEqual('work', settings.profile)
        self.assertEqual('work@empresa.co', settings.email)

    def test_profile_flag_beats_env(self):
        settings = self.resolve({'profile': 'default'},
                                ALEGRA_PROFILE='work')
        self.assertEqual('default', settings.profile)
        self.assertEqual('default@empresa.co', settings.email)

    def test_default_profile_setting(self):
        config_file = config.ConfigFile(self.path)
        config_file.default_profile = 'work'
        config_file.save()
        self.assertEqual('work', self.resolve().profile)

    def test_invalid_output_from_env(self):
        self.assertRaises(errors.UsageError, self.resolve,
                          ALEGRA_OUTPUT='xml')

    def test_token_from_env(self):
        settings = config.resolve(
            {}, dict(self.environ, ALEGRA_TOKEN='env-token'), self.lookup)
        self.assertEqual('env-token', settings.token)
        self.assertEqual('env', settings.token_source)
        self.assertTrue(settings.has_credentials)
        # CI never touches a keyring.
        self.assertEqual([], self.lookups)

    def test_token_from_keyring(self):
        settings = config.resolve({'profile': 'work'}, self.environ,
                                  self.lookup)
        self.assertEqual('keyring-token', settings.token)
        self.assertEqual('keyring', settings.token_source)
        self.assertEqual('work', self.lookups[0][0])
        self.assertTrue(settings.has_credentials)

    def test_keyring_without_a_token(self):
        settings = config.resolve({}, self.environ, lambda *args: None)
        self.assertIsNone(settings.token)
        self.assertIsNone(settings.token_source)

    def test_no_keyring_lookup_without_email(self):
        environ = {'ALEGRA_CONFIG': os.path.join(self.tmp, 'none.ini')}
        settings = config.resolve({}, environ, self.lookup)
        self.assertIsNone(settings.token)
        self.assertEqual([], self.lookups)

    def test_token_from_the_config_file_last(self):
        config_file = config.ConfigFile(self.path)
        config_file.set_token('work', 'file-token')
        config_file.save()
        flags = {'profile': 'work'}
        settings = config.resolve(flags, self.environ, self.lookup)
        self.assertEqual(('keyring-token', 'keyring'),
                         (settings.token, settings.token_source))
        settings = config.resolve(flags, self.environ, lambda *args: None)
        self.assertEqual(('file-token', 'config-file'),
                         (settings.token, settings.token_source))
        settings = config.resolve(
            flags, dict(self.environ, ALEGRA_TOKEN='env-token'), self.lookup)
        self.assertEqual(('env-token', 'env'),
                         (settings.token, settings.token_source))
        # --dry-run (no lookup) reads no stored token.
        settings = config.resolve(flags, self.environ)
        self.assertIsNone(settings.token_source)

    def test_token_not_in_repr(self):
        settings = config.resolve(
            {}, dict(self.environ, ALEGRA_TOKEN='env-token'))
        self.assertNotIn('env-token', repr(settings))

    def test_explicit_unknown_profile(self):
        exc = self.assertRaises(errors.UsageError, self.resolve,
                                {'profile': 'ghost'})
        self.assertIn("'ghost'", exc.message)
        self.assertIn(self.path, exc.message)

    def test_unknown_profile_from_env(self):
        self.assertRaises(errors.UsageError, self.resolve,
                          ALEGRA_PROFILE='ghost')

    def test_unknown_profile_with_env_credentials(self):
        settings = self.resolve({'profile': 'ghost'},
                                ALEGRA_EMAIL='env@empresa.co')
        self.assertEqual('ghost', settings.profile)
        self.assertEqual('env@empresa.co', settings.email)

    def test_explicit_default_profile_may_be_missing(self):
        environ = {'ALEGRA_CONFIG': os.path.join(self.tmp, 'none.ini')}
        settings = config.resolve({'profile': 'default'}, environ)
        self.assertEqual('default', settings.profile)

    def test_require_credentials_names_both(self):
        environ = {'ALEGRA_CONFIG': os.path.join(self.tmp, 'none.ini')}
        settings = config.resolve({}, environ)
        exc = self.assertRaises(errors.AuthError,
                                settings.require_credentials)
        self.assertIn('email and token', exc.message)
        self.assertIn("'default'", exc.message)
        self.assertEqual(errors.AUTH, exc.exit_code)

    def test_require_credentials_names_the_token(self):
        settings = self.resolve({'profile': 'work'})
        exc = self.assertRaises(errors.AuthError,
                                settings.require_credentials)
        self.assertIn('no token', exc.message)
        self.assertNotIn('email', exc.message)
        self.assertIn("'work'", exc.message)

    def test_require_credentials_names_the_email(self):
        environ = {'ALEGRA_CONFIG': os.path.join(self.tmp, 'none.ini'),
                   'ALEGRA_TOKEN': 'env-token'}
        settings = config.resolve({}, environ)
        exc = self.assertRaises(errors.AuthError,
                                settings.require_credentials)
        self.assertIn('no email', exc.message)
        self.assertNotIn('token for', exc.message)

    def test_require_credentials_passes(self):
        settings = config.resolve(
            {}, dict(self.environ, ALEGRA_TOKEN='env-token'))
        self.assertIsNone(settings.require_credentials())


class TestInsecureBaseUrl(testtools.TestCase):

    def test_https_is_secure(self):
        self.assertFalse(config.insecure_base_url(
            'https://api.alegra.com/api/v1'))
        self.assertFalse(config.insecure_base_url('https://10.0.0.1/api'))

    def test_http_loopback_is_secure(self):
        for url in ('http://127.0.0.1', 'http://127.0.0.1:8080/api',
                    'http://localhost', 'http://localhost:5000/api/v1',
                    'http://[::1]', 'http://[::1]:8000/api'):
            self.assertFalse(config.insecure_base_url(url), url)

    def test_http_elsewhere_is_insecure(self):
        for url in ('http://example.com', 'http://api.alegra.com/api/v1',
                    'http://10.0.0.1/api', 'http://localhost.example.com'):
            self.assertTrue(config.insecure_base_url(url), url)


class TestLanguageSetting(base.TestCase):

    def test_config_set_language_switches_the_messages(self):
        result = self.run_cli('config', 'set', 'language', 'es')
        self.assertEqual(0, result.code, result)
        self.assertEqual('language set in profile \'default\'\n',
                         result.stderr)
        result = self.run_cli('config', 'use', 'nope')
        self.assertError(result, errors.USAGE,
                         "no hay ningún perfil 'nope'", 'perfiles: default')
        shown = json.loads(self.run_cli('config', 'show', '-o',
                                        'json').stdout)
        self.assertEqual('es', shown['language'])
        # ALEGRA_LANG beats the profile.
        self.environ['ALEGRA_LANG'] = 'en'
        result = self.run_cli('config', 'use', 'nope')
        self.assertError(result, errors.USAGE, "no profile 'nope'")

    def test_bad_language_is_refused(self):
        result = self.run_cli('config', 'set', 'language', 'fr')
        self.assertError(result, errors.USAGE, "unknown language 'fr'",
                         'use one of en, es')
        self.assertFalse(os.path.exists(self.config_path))

    def test_config_errors_in_spanish(self):
        self.environ['ALEGRA_LANG'] = 'es'
        result = self.run_cli('config', 'set', 'max_wait', '-1')
        self.assertError(result, errors.USAGE,
                         "max_wait debe ser un número de segundos, no '-1'")
        result = self.run_cli('contacts', 'list')
        self.assertError(result, errors.AUTH,
                         "no hay email ni token para el perfil 'default'",
                         'ejecute `alegra auth login`')
        result = self.run_cli('config', 'set', 'output', 'json',
                              '--dry-run')
        self.assertIn("definir output en el perfil 'default'", result.stdout)

    def test_english_stays_english(self):
        result = self.run_cli('contacts', 'list')
        self.assertError(result, errors.AUTH,
                         "no email and token for profile 'default'",
                         'run `alegra auth login`')
