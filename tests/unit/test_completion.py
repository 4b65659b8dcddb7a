"""Shell completion: the candidates, and the bash script driving them."""

import os
import shutil
import subprocess
import sys
import unittest

from alegra import i18n
from alegra.commands import completion
from tests.unit import base
from tests.unit import fake_plugins


class TestCandidates(base.TestCase):

    def complete(self, *words):
        result = self.run_cli('__complete', *words)
        self.assertEqual(0, result.code, result)
        return result.stdout.splitlines()

    def test_resources_and_commands(self):
        self.assertEqual(['config', 'contacts'], self.complete('con'))
        self.assertIn('invoices', self.complete(''))
        self.assertNotIn('__complete', self.complete(''))

    def test_verbs_and_actions(self):
        self.assertEqual(['get'], self.complete('contacts', 'g'))
        self.assertIn('void', self.complete('invoices', ''))

    def test_flags(self):
        self.assertEqual(['--type'], self.complete('contacts', 'list',
                                                   '--ty'))
        self.assertIn('--dry-run', self.complete('items', 'create', '--'))

    def test_filter_values(self):
        self.assertEqual(['client', 'provider'],
                         self.complete('contacts', 'list', '--type', ''))
        self.assertEqual(['closed'], self.complete('invoices', 'list',
                                                   '--status', 'c'))

    def test_a_broken_plugin_is_never_offered(self):
        self.useFixture(fake_plugins.Installed(**{
            'zz-broken': 'tests.unit.fake_plugins:BAD_JSON',
            'zz-future': 'tests.unit.fake_plugins:FUTURE',
            'zz-sound': 'tests.unit.fake_plugins:SOUND'}))
        self.assertEqual(['zz-sound'], self.complete('zz'))
        self.assertNotIn('zz-broken', self.complete(''))
        self.assertEqual([], self.complete('zz-broken', ''))
        self.assertEqual([], self.complete('zz-broken', 'list', '--'))
        self.assertIn('retire', self.complete('zz-sound', ''))

    def test_only_the_resources_that_match_are_imported(self):
        code = ('import sys; from alegra import shell; '
                'shell.main(["__complete", "con"]); '
                'print(sorted(m for m in sys.modules if '
                'm.startswith("alegra_plugins.")))')
        process = subprocess.run([sys.executable, '-c', code],
                                 capture_output=True, text=True, check=False,
                                 env={'ALEGRA_CONFIG': '/nonexistent/x.ini',
                                      'PATH': '/usr/bin:/bin'})
        self.assertEqual(['config', 'contacts',
                          "['alegra_plugins.contacts']"],
                         process.stdout.splitlines(), process.stderr)

    def test_scripts(self):
        bash = self.run_cli('completion', 'bash').stdout
        self.assertIn('complete -o default -F _alegra_complete alegra',
                      bash)
        zsh = self.run_cli('completion', 'zsh').stdout
        self.assertIn('compdef _alegra alegra', zsh)

    def test_the_same_in_spanish(self):
        """Candidates and scripts are for the shell: no language."""
        english = (self.complete('invoices', 'list', '--status', ''),
                   self.run_cli('completion', 'bash').stdout)
        self.environ['ALEGRA_LANG'] = 'es'
        self.addCleanup(i18n.use)
        self.assertEqual(english, (
            self.complete('invoices', 'list', '--status', ''),
            self.run_cli('completion', 'bash').stdout))

    def test_help_in_spanish(self):
        i18n.use({'ALEGRA_LANG': 'es'})
        self.addCleanup(i18n.use)
        self.assertEqual('Imprimir el script de autocompletado para la '
                         'shell (bash o zsh).',
                         i18n.doc(completion.Completion))


@unittest.skipUnless(shutil.which('bash'), 'bash is not installed')
class TestBash(base.TestCase):

    def test_bash_completes_through_alegra(self):
        bindir = os.path.dirname(sys.executable)
        script = ('eval "$(alegra completion bash)"; '
                  'COMP_WORDS=(alegra invoices list --status o); '
                  'COMP_CWORD=4; _alegra_complete; '
                  'printf "%s\\n" "${COMPREPLY[@]}"')
        env = dict(os.environ, PATH=bindir + os.pathsep +
                   os.environ.get('PATH', ''),
                   ALEGRA_CONFIG=self.config_path)
        process = subprocess.run(['bash', '-c', script], env=env,
                                 capture_output=True, text=True,
                                 check=False, timeout=60)
        self.assertEqual('open\n', process.stdout, process.stderr)
