"""``alegra doctor`` and ``alegra limits`` in both languages: the checks'
names, statuses and marks are the same in Spanish; the details speak the
user's language."""

import json

from alegra import errors
from alegra import i18n
from tests.unit import base

QUOTA = {'X-Rate-Limit-Limit': '150', 'X-Rate-Limit-Remaining': '149',
         'X-Rate-Limit-Reset': '60'}
CHECKS = ['config', 'credentials', 'base URL', 'user', 'company',
          'rate limit', 'plan', 'plugins']


class TestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        # The language a run chose outlives it: the next test starts
        # from the environment's again.
        self.addCleanup(i18n.use)


class TestDoctor(TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()
        self.http.get(base.BASE_URL + '/users/self', headers=QUOTA,
                      json={'name': 'Ana', 'lastName': 'Gómez',
                            'email': base.EMAIL})
        self.http.get(base.BASE_URL + '/company', headers=QUOTA,
                      json={'name': 'Empresa SAS',
                            'applicationVersion': 'colombia'})
        self.http.get(base.BASE_URL + '/conciliations', status_code=402,
                      headers=QUOTA,
                      json={'code': 402, 'message': 'Plan insuficiente'})

    def doctor(self, language, *argv):
        self.environ['ALEGRA_LANG'] = language
        result = self.run_cli('doctor', *argv)
        self.assertEqual(0, result.code, result)
        return result

    def test_spanish_details_under_the_same_names(self):
        table = self.doctor('es').stdout
        self.assertEqual(
            ['✓ config', '✓ credentials', '✓ base URL', '✓ user',
             '✓ company', '✓ rate limit', '! plan', '✓ plugins'],
            [line[:15].rstrip() for line in table.splitlines()])
        for text in ('(aún no existe; solo variables de entorno)',
                     f'{base.EMAIL}, token tomado de la variable de entorno '
                     'ALEGRA_TOKEN',
                     'Empresa SAS (país: colombia)',
                     'quedan 149 de 150 solicitudes; la ventana se '
                     'reinicia en 60 s',
                     'las conciliaciones bancarias no están en el plan de '
                     'esta empresa (HTTP 402)',
                     'plugins de recursos y'):
            self.assertIn(text, table)

    def test_json_keeps_its_keys_and_statuses(self):
        english = json.loads(self.doctor('en', '-o', 'json').stdout)
        spanish = json.loads(self.doctor('es', '-o', 'json').stdout)
        for checks in (english, spanish):
            self.assertEqual(CHECKS, [check['check'] for check in checks])
            self.assertEqual({'check', 'status', 'detail'}, set(checks[0]))
        self.assertEqual([check['status'] for check in english],
                         [check['status'] for check in spanish])
        self.assertIn("reconciliations are not in this company's plan",
                      english[6]['detail'])

    def test_english_stays_english(self):
        table = self.doctor('en').stdout
        self.assertIn(f'{base.EMAIL}, token from env', table)
        self.assertIn('Empresa SAS (country: colombia)', table)
        self.assertIn('149 of 150 requests left, window resets in 60 s',
                      table)

    def test_a_token_in_the_keyring(self):
        del self.environ['ALEGRA_TOKEN']
        self.environ['ALEGRA_EMAIL'] = base.EMAIL
        self.keyring.passwords[('alegra', 'default')] = base.TOKEN
        self.assertIn('token guardado en el llavero del sistema',
                      self.doctor('es').stdout)

    def test_missing_credentials_fail_in_spanish_too(self):
        del self.environ['ALEGRA_TOKEN']
        self.environ['ALEGRA_LANG'] = 'es'
        result = self.run_cli('doctor', '-o', 'json')
        self.assertEqual(errors.AUTH, result.code, result)
        checks = {check['check']: check['status']
                  for check in json.loads(result.stdout)}
        self.assertEqual('fail', checks['credentials'])


class TestLimits(TestCase):

    def test_before_any_request(self):
        self.use_env_credentials()
        self.environ['ALEGRA_LANG'] = 'es'
        result = self.run_cli('limits', '-o', 'json')
        self.assertEqual(0, result.code, result)
        # JSON is the same in both languages; the table speaks Spanish.
        self.assertEqual(
            {'base_url': base.BASE_URL, 'email': base.EMAIL,
             'status': 'no request made yet from this machine'},
            json.loads(result.stdout))
        self.assertIn('aún no se ha hecho ninguna solicitud desde esta '
                      'máquina', self.run_cli('limits').stdout)
        self.environ['ALEGRA_LANG'] = 'en'
        self.assertEqual(result.stdout,
                         self.run_cli('limits', '-o', 'json').stdout)


class TestTokenInTheConfigFile(TestCase):

    def test_a_token_kept_unencrypted_is_a_warning(self):
        with open(self.config_path, 'w', encoding='utf-8') as handle:
            handle.write(f'[profile default]\nemail = {base.EMAIL}\n'
                         f'token = {base.TOKEN}\n')
        self.http.get(base.BASE_URL + '/users/self', headers=QUOTA,
                      json={'email': base.EMAIL})
        self.http.get(base.BASE_URL + '/company', headers=QUOTA, json={})
        self.http.get(base.BASE_URL + '/conciliations', headers=QUOTA,
                      json=[])
        result = self.run_cli('doctor', '-o', 'json')
        self.assertEqual(0, result.code, result)
        credentials = next(check for check in json.loads(result.stdout)
                           if check['check'] == 'credentials')
        self.assertEqual('warn', credentials['status'])
        self.assertIn('unencrypted', credentials['detail'])
        self.assertNotIn(base.TOKEN, result.stdout + result.stderr)
