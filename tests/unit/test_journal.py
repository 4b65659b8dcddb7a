"""The import journal: its key, what it remembers across a crash, and
the lock that keeps a second run of an import from sending rows twice."""

import hashlib
import io
import json
import os
import signal
import subprocess
import sys

import fixtures
import testtools

from alegra import errors
from alegra.bulk import journal

BASE_URL = 'https://api.alegra.com/api/v1'
EMAIL = 'ana@empresa.co'
DATA = b'name\nAna\nLuis\n'


class TestJournalKey(testtools.TestCase):

    def key(self, resource='contacts', base_url=BASE_URL, email=EMAIL,
            data=DATA):
        return journal.journal_key(resource, base_url, email,
                                   io.BytesIO(data))

    def test_same_inputs_same_key(self):
        self.assertEqual(self.key(), self.key())
        self.assertEqual(32, len(self.key()))
        int(self.key(), 16)  # hex digits only: a safe file name

    def test_every_part_changes_the_key(self):
        keys = {self.key(),
                self.key(data=DATA + b'Pedro\n'),
                self.key(data=b'name\nAna\nLuiz\n'),
                self.key(resource='items'),
                self.key(base_url='http://127.0.0.1:8080/api/v1'),
                self.key(email='otro@empresa.co')}
        self.assertEqual(6, len(keys))

    def test_parts_do_not_run_together(self):
        self.assertNotEqual(self.key(base_url='ab', email='c', data=b''),
                            self.key(base_url='a', email='bc', data=b''))

    def test_key_of_a_file_read_by_chunks_is_unchanged(self):
        # The key names journals already on disk: a run after an upgrade
        # must find them, so it hashes exactly what it always hashed.
        data = os.urandom(journal.CHUNK) * 2 + b'tail'
        stream = io.BytesIO(data)
        stream.seek(7)  # wherever the file was left, it reads it all
        expected = hashlib.sha256(
            b'contacts\0' + BASE_URL.encode() + b'\0' + EMAIL.encode() +
            b'\0' + data).hexdigest()[:32]
        self.assertEqual(expected, journal.journal_key(
            'contacts', BASE_URL, EMAIL, stream))

    def test_journal_dir_follows_the_cache_home(self):
        self.assertEqual('/home/ana/.cache/alegra/imports',
                         journal.journal_dir({'HOME': '/home/ana'}))
        self.assertEqual('/xdg/alegra/imports',
                         journal.journal_dir({'HOME': '/home/ana',
                                              'XDG_CACHE_HOME': '/xdg'}))


class TestImportJournal(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.directory = os.path.join(
            self.useFixture(fixtures.TempDir()).path, 'cache', 'imports')
        self.journal = journal.ImportJournal(self.directory, 'k' * 32)
        self.addCleanup(self.journal.close)

    def lines(self):
        with open(self.journal.path, encoding='utf-8') as handle:
            return [json.loads(line) for line in handle]

    def test_path_is_the_key_in_the_directory(self):
        self.assertEqual(os.path.join(self.directory, 'k' * 32 + '.jsonl'),
                         self.journal.path)

    def test_nothing_recorded_loads_empty(self):
        self.assertEqual({}, self.journal.load())
        self.assertFalse(os.path.exists(self.directory))

    def test_record_and_load_round_trip(self):
        self.journal.record(1, 'sending')
        self.journal.record(1, 'created', 101)
        self.journal.record(2, 'sending')
        self.journal.record(2, 'failed', error='HTTP 400: sin nombre')
        self.journal.record(3, 'updated', '7')
        self.assertEqual(
            {1: {'row': 1, 'status': 'created', 'id': '101'},
             2: {'row': 2, 'status': 'failed',
                 'error': 'HTTP 400: sin nombre'},
             3: {'row': 3, 'status': 'updated', 'id': '7'}},
            self.journal.load())

    def test_lines_are_flushed_as_they_are_recorded(self):
        self.journal.record(1, 'sending')
        # Not closed: a crash now must still leave the line on disk.
        self.assertEqual([{'row': 1, 'status': 'sending'}], self.lines())
        self.journal.record(1, 'created', 5)
        self.assertEqual(2, len(self.lines()))

    def test_directory_is_private(self):
        self.journal.record(1, 'sending')
        self.assertEqual(0o700, os.stat(self.directory).st_mode & 0o777)

    def test_accents_are_kept(self):
        self.journal.record(4, 'failed', error='número inválido')
        self.assertEqual('número inválido', self.journal.load()[4]['error'])

    def test_another_instance_reads_what_was_written(self):
        self.journal.record(1, 'created', 9)
        self.journal.close()
        again = journal.ImportJournal(self.directory, 'k' * 32)
        self.assertEqual({1: {'row': 1, 'status': 'created', 'id': '9'}},
                         again.load())

    def test_sending_without_outcome_loads_as_unknown(self):
        self.journal.record(1, 'sending')
        self.journal.record(1, 'created', 5)
        self.journal.record(2, 'sending')
        loaded = self.journal.load()
        self.assertEqual('created', loaded[1]['status'])
        self.assertEqual('unknown', loaded[2]['status'])
        self.assertIn('may have been created', loaded[2]['error'])

    def test_unknown_recorded_as_such_stays_unknown(self):
        self.journal.record(1, 'sending')
        self.journal.record(1, 'unknown', error='HTTP 503: busy')
        self.assertEqual({1: {'row': 1, 'status': 'unknown',
                              'error': 'HTTP 503: busy'}},
                         self.journal.load())

    def test_the_marker_a_row_was_sent_with_is_kept(self):
        marker = '[alegra-import 1a2b3c4d#2]'
        self.journal.record(2, 'sending', marker=marker)
        self.assertEqual({'row': 2, 'status': 'unknown', 'marker': marker,
                          'error': 'sent without an answer (interrupted); '
                                   'it may have been created'},
                         self.journal.load()[2])
        # A later line without it (the row looked up, not found) keeps it.
        self.journal.record(2, 'failed', error='not created')
        self.assertEqual(marker, self.journal.load()[2]['marker'])

    def test_a_note_says_how_a_row_was_settled(self):
        self.journal.record(3, 'unknown', error='HTTP 503: busy')
        self.journal.record(3, 'created', '12',
                            note='found after a lost answer')
        self.assertEqual({'row': 3, 'status': 'created', 'id': '12',
                          'note': 'found after a lost answer'},
                         self.journal.load()[3])

    def test_truncated_last_line_is_skipped(self):
        self.journal.record(1, 'sending')
        self.journal.record(1, 'created', 5)
        self.journal.record(2, 'sending')
        self.journal.close()
        # The process died while writing row 2's outcome.
        with open(self.journal.path, 'a', encoding='utf-8') as handle:
            handle.write('{"row": 2, "status": "crea')
        loaded = self.journal.load()
        self.assertEqual({'row': 1, 'status': 'created', 'id': '5'},
                         loaded[1])
        self.assertEqual('unknown', loaded[2]['status'])

    def test_lines_that_are_not_entries_are_skipped(self):
        os.makedirs(self.directory)
        with open(self.journal.path, 'w', encoding='utf-8') as handle:
            handle.write('{"status": "created"}\n'
                         '[1, 2]\n'
                         '{"row": "x", "status": "created"}\n'
                         '\n'
                         '{"row": 3, "status": "created", "id": "8"}\n')
        self.assertEqual({3: {'row': 3, 'status': 'created', 'id': '8'}},
                         self.journal.load())

    def test_recording_after_a_truncated_line_still_loads(self):
        self.journal.record(1, 'sending')
        self.journal.close()
        with open(self.journal.path, 'a', encoding='utf-8') as handle:
            handle.write('{"row": 1, "sta')
        # The next run appends after the cut line: only that line is lost.
        self.journal.record(1, 'created', 5)
        self.journal.record(2, 'created', 6)
        loaded = self.journal.load()
        self.assertEqual('created', loaded[1]['status'])
        self.assertEqual('5', loaded[1]['id'])
        self.assertEqual('6', loaded[2]['id'])

    def test_reset_removes_the_file(self):
        self.journal.record(1, 'created', 5)
        self.assertTrue(os.path.exists(self.journal.path))
        self.journal.reset()
        self.assertFalse(os.path.exists(self.journal.path))
        self.assertEqual({}, self.journal.load())
        # Reset twice, or with no file, is fine; recording starts afresh.
        self.journal.reset()
        self.journal.record(2, 'created', 6)
        self.assertEqual([2], list(self.journal.load()))

    def test_final_states(self):
        self.assertEqual(('created', 'updated'), journal.FINAL)


HOLD = """
import sys
from alegra.bulk import journal
held = journal.ImportJournal(sys.argv[1], sys.argv[2])
held.hold()
print('held', flush=True)
sys.stdin.read()
"""


class TestOneRunAtATime(testtools.TestCase):
    """Two runs of one import never go on at once."""

    def setUp(self):
        super().setUp()
        self.directory = os.path.join(
            self.useFixture(fixtures.TempDir()).path, 'imports')
        self.first = self.journal()

    def journal(self, key='k' * 32):
        opened = journal.ImportJournal(self.directory, key)
        self.addCleanup(opened.close)
        return opened

    def test_a_second_run_is_refused_naming_the_first(self):
        self.first.hold()
        exc = self.assertRaises(errors.UsageError, self.journal().hold)
        self.assertEqual(errors.USAGE, exc.exit_code)
        self.assertIn('another run of this import', exc.message)
        self.assertIn(f'process {os.getpid()}, started 2', exc.message)
        self.assertIn('--resume', exc.hint)
        self.assertNotIn('\n', exc.one_line())

    def test_the_next_run_starts_once_the_first_ends(self):
        self.first.hold()
        self.first.record(1, 'created', 5)
        self.first.close()
        second = self.journal()
        second.hold()
        self.assertEqual('created', second.load()[1]['status'])

    def test_other_imports_run_beside_it(self):
        self.first.hold()
        self.journal('m' * 32).hold()

    def test_reset_keeps_the_lock(self):
        self.first.hold()
        self.first.record(1, 'created', 5)
        self.first.reset()
        self.assertRaises(errors.UsageError, self.journal().hold)

    def test_a_lock_file_left_by_a_crash_does_not_block(self):
        os.makedirs(self.directory)
        with open(self.first.lock_path, 'w', encoding='utf-8') as handle:
            handle.write('{"pid": 999999, "started": "yesterday"}')
        self.first.hold()
        with open(self.first.lock_path, encoding='utf-8') as handle:
            self.assertEqual(os.getpid(), json.load(handle)['pid'])

    def test_held_by_another_process_until_it_dies(self):
        child = subprocess.Popen(
            [sys.executable, '-c', HOLD, self.directory, 'k' * 32],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.addCleanup(child.wait)
        self.addCleanup(child.kill)
        self.assertEqual('held\n', child.stdout.readline())
        exc = self.assertRaises(errors.UsageError, self.first.hold)
        self.assertIn(f'process {child.pid}, started ', exc.message)
        # Killed, it cannot unlock: the system does.
        child.send_signal(signal.SIGKILL)
        child.wait()
        self.first.hold()
