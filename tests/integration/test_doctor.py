"""alegra doctor against the sandbox: every check, marks and exit codes."""

import json

from alegra import errors
from tests.integration import base


class TestDoctor(base.SandboxTestCase):

    def test_all_good_with_a_plan_warning(self):
        result = self.alegra('doctor')
        self.assertEqual(0, result.code, result)
        marks = [line[:15].rstrip() for line in
                 result.stdout.splitlines()]
        self.assertEqual(['✓ config', '✓ credentials', '✓ base URL',
                          '✓ user', '✓ company', '✓ rate limit', '! plan',
                          '✓ plugins'], marks)
        self.assertIn('resource plugins and', result.stdout)
        self.assertIn('country: colombia', result.stdout)
        self.assertIn('HTTP 402', result.stdout)

    def test_json_and_rejected_token(self):
        result = self.alegra('doctor', '-o', 'json', ALEGRA_TOKEN='wrong')
        self.assertEqual(errors.AUTH, result.code, result)
        checks = {check['check']: check for check in
                  json.loads(result.stdout)}
        self.assertEqual('fail', checks['user']['status'])
        self.assertIn('HTTP 401', checks['user']['detail'])
        self.assertNotIn('company', checks)

    def test_missing_credentials(self):
        result = self.alegra('doctor', ALEGRA_TOKEN='')
        self.assertEqual(errors.AUTH, result.code, result)
        self.assertIn('✗ credentials', result.stdout)
