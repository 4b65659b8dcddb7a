"""The README's main job: the same output on every run, and the output the
README shows.

Imports create rows in file order, so the ids and lines the main job
prints do not depend on thread timing; a reader comparing their terminal
with the README sees the same text.
"""

import os
import re
import subprocess

import fixtures
import testtools

from tests.integration import base

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
COMMAND = [base.ALEGRA, 'sandbox', 'run', '--seed', '--', 'sh',
           os.path.join('examples', 'main-job.sh')]


def readme_transcript():
    """The console block after the README's main command, less the
    command line and the ``...`` that stands for more lines."""
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as handle:
        text = handle.read()
    block = re.search(r'```console\n\$ python3 -m venv[^\n]*main-job\.sh\n'
                      r'(.*?)```', text, re.S)
    return [line for line in block.group(1).splitlines() if line != '...']


class TestMainJob(testtools.TestCase):

    def run_main_job(self, tmp):
        env = {key: value for key, value in os.environ.items()
               if not key.startswith('ALEGRA_')}
        env.update(XDG_CACHE_HOME=os.path.join(tmp, 'cache'),
                   ALEGRA_CONFIG=os.path.join(tmp, 'config.ini'),
                   PYTHON_KEYRING_BACKEND='keyring.backends.null.Keyring',
                   PATH=os.path.dirname(base.ALEGRA) + os.pathsep +
                   env.get('PATH', ''))
        process = subprocess.run(
            COMMAND, cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, timeout=120, check=False)
        self.assertEqual(0, process.returncode, process.stdout)
        self.addCleanup(_remove, os.path.join(ROOT, 'items.csv'))
        # What a terminal shows: the row lines and summaries are stderr.
        return process.stdout

    def test_same_output_every_run_and_as_the_readme_shows(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        first = self.run_main_job(os.path.join(tmp, 'one'))
        second = self.run_main_job(os.path.join(tmp, 'two'))
        self.assertEqual(first, second)
        lines = first.splitlines()
        shown = readme_transcript()
        # Every line the README shows, in its order, at the start of a
        # line of the real output (the README trims after the first rows).
        position = 0
        for expected in shown:
            while position < len(lines) and lines[position] != expected:
                position += 1
            self.assertLess(position, len(lines),
                            f'README line not in the output: {expected!r}'
                            f'\n--- output ---\n{first}')


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
