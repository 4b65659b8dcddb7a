"""The shared limiter and retries against the sandbox, with a short window.

One process, a shell loop of one-request processes and three parallel
processes all stay under the ceiling (zero 429 answers), a long run takes
close to the minimum time, and a POST is never sent twice.
"""

import json
import os
import subprocess
import time

from alegra import errors
from alegra.sandbox import server
from tests.integration import base

LIMIT, WINDOW = 10, 2.0


class TestRateLimit(base.SandboxTestCase):
    seed = False
    options = {'rate_limit': (LIMIT, WINDOW)}

    def add_contacts(self, count):
        for number in range(count):
            self.server.sandbox.store.insert('contacts',
                                             {'name': f'C{number:03d}'})

    def list_all(self):
        return [base.ALEGRA, 'contacts', 'list', '--all', '--limit', '1',
                '-o', 'value', '--columns', 'id']

    def test_one_long_process_uses_every_window(self):
        self.add_contacts(49)
        started = time.monotonic()
        result = self.alegra(*self.list_all()[1:])
        elapsed = time.monotonic() - started
        self.assertEqual(0, result.code, result)
        self.assertEqual(49, len(result.stdout.split()))
        sandbox = self.server.sandbox
        self.assertEqual(0, sandbox.statuses[429])
        self.assertEqual(50, sandbox.statuses[200])
        minimum = (50 // LIMIT - 1) * WINDOW
        self.assertGreaterEqual(elapsed, minimum)
        self.assertLess(elapsed, minimum * 1.10 + 1.0)
        finished = sandbox.limiter.finished[server.DEFAULT_EMAIL]
        self.assertEqual([LIMIT] * 4, finished[:4])

    def test_a_loop_of_processes_stays_under(self):
        self.add_contacts(1)
        for _ in range(15):
            self.assertEqual(0, self.alegra('contacts', 'get', '1').code)
        self.assertEqual(0, self.server.sandbox.statuses[429])
        self.assertEqual(15, self.server.sandbox.statuses[200])

    def test_parallel_processes_stay_under(self):
        self.add_contacts(14)
        env = self.environ()
        processes = [subprocess.Popen(self.list_all(), env=env,
                                      stdout=subprocess.PIPE, text=True)
                     for _ in range(3)]
        outputs = [process.communicate(timeout=120)[0]
                   for process in processes]
        self.assertEqual([0, 0, 0], [p.returncode for p in processes])
        self.assertEqual([14, 14, 14], [len(out.split()) for out in outputs])
        self.assertEqual(0, self.server.sandbox.statuses[429])
        self.assertEqual(45, self.server.sandbox.statuses[200])

    def test_limits_shows_the_last_quota(self):
        self.add_contacts(1)
        self.alegra('contacts', 'get', '1')
        shown = json.loads(self.alegra('limits', '-o', 'json').stdout)
        self.assertEqual(LIMIT, shown['limit'])
        self.assertEqual(LIMIT - 1, shown['last_answer_remaining'])
        self.assertEqual(WINDOW, shown['window_seconds'])
        self.assertTrue(os.path.exists(shown['state_file']))

    def test_verbose_shows_each_wait(self):
        self.add_contacts(12)
        result = self.alegra(*self.list_all()[1:], '-v')
        waits = [line for line in result.stderr.splitlines()
                 if 'waiting' in line]
        self.assertEqual(1, len(waits), result.stderr)


class TestPostsAreNeverDuplicated(base.SandboxTestCase):
    seed = False

    def test_dropped_post_is_not_resent(self):
        self.server = self.start_sandbox(faults={'drop': 1.0})
        result = self.alegra('contacts', 'create', '--set', 'name=Única',
                             ALEGRA_MAX_ATTEMPTS='5')
        self.assertEqual(errors.SERVER, result.code, result)
        self.assertEqual(1, self.server.sandbox.statuses['dropped'])

    def test_post_whose_answer_is_lost_is_not_resent(self):
        # The sandbox creates the contact, then loses the answer.
        self.server = self.start_sandbox(faults={'lose': 1.0})
        result = self.alegra('contacts', 'create', '--set', 'name=Única',
                             ALEGRA_MAX_ATTEMPTS='5')
        self.assertEqual(errors.SERVER, result.code, result)
        self.assertEqual(1, self.server.sandbox.statuses['lost'])
        self.assertEqual(1, self.server.sandbox.store.count('contacts'))

    def test_post_after_503_is_not_resent(self):
        self.server = self.start_sandbox(faults={'503': 1.0})
        result = self.alegra('contacts', 'create', '--set', 'name=Única',
                             ALEGRA_MAX_ATTEMPTS='5')
        self.assertEqual(errors.SERVER, result.code, result)
        self.assertEqual(1, self.server.sandbox.statuses[503])

    def test_get_after_503_is_retried(self):
        self.server = self.start_sandbox(faults={'503': 1.0})
        result = self.alegra('contacts', 'list', ALEGRA_MAX_ATTEMPTS='3',
                             ALEGRA_MAX_WAIT='0.1')
        self.assertEqual(errors.SERVER, result.code, result)
        self.assertEqual(3, self.server.sandbox.statuses[503])
