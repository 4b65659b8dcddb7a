"""Files alegra writes: atomic, with the mode the user expects, and never
left half written, not even when the process is told to stop."""

import os
import signal
import socket
import stat
import subprocess
import sys
import time

import fixtures
import testtools

from alegra import errors
from alegra import files
from tests.unit import base

INVOICE_PDF = base.BASE_URL + '/invoices/7'
PDF_URL = 'https://files.alegra.example/invoice-7.pdf'


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class UmaskFixture(fixtures.Fixture):
    """The process umask set for one test, and put back after."""

    def __init__(self, mask):
        super().__init__()
        self.mask = mask

    def _setUp(self):
        self.addCleanup(os.umask, os.umask(self.mask))


class FilesTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.directory = os.path.join(self.tmp, 'out')
        os.mkdir(self.directory)
        self.path = os.path.join(self.directory, 'data.csv')

    def existing(self, mode, text='yesterday\n'):
        with open(self.path, 'w', encoding='utf-8') as handle:
            handle.write(text)
        os.chmod(self.path, mode)

    def read(self):
        with open(self.path, encoding='utf-8') as handle:
            return handle.read()


class TestAtomicWriterMode(FilesTestCase):

    def write(self, text='today\n', **kwargs):
        with files.atomic_writer(self.path, **kwargs) as stream:
            stream.write(text)

    def test_a_new_file_honours_the_umask(self):
        self.useFixture(UmaskFixture(0o027))
        self.write()
        self.assertEqual(0o640, mode_of(self.path))

    def test_a_new_file_under_a_strict_umask_is_private(self):
        self.useFixture(UmaskFixture(0o077))
        self.write()
        self.assertEqual(0o600, mode_of(self.path))

    def test_a_private_file_stays_private(self):
        self.existing(0o600)
        self.write()
        self.assertEqual('today\n', self.read())
        self.assertEqual(0o600, mode_of(self.path))

    def test_an_existing_file_keeps_its_mode_whatever_the_umask(self):
        self.useFixture(UmaskFixture(0o077))
        self.existing(0o664)
        self.write()
        self.assertEqual(0o664, mode_of(self.path))

    def test_an_explicit_mode_wins_over_the_old_file(self):
        self.existing(0o644)
        self.write(mode=0o600)
        self.assertEqual(0o600, mode_of(self.path))

    def test_a_directory_is_refused_before_anything_is_written(self):
        def written():
            with files.atomic_writer(self.directory) as stream:
                stream.write('x')
        error = self.assertRaises(errors.UsageError, written)
        self.assertIn('it is a directory', error.message)
        self.assertEqual([], os.listdir(self.directory))
        self.assertEqual(['out'], [name for name in os.listdir(self.tmp)
                                   if name.startswith(('.out', 'out'))])

    def test_a_failure_leaves_the_old_file_and_no_temporary(self):
        self.existing(0o600)

        def failing():
            with files.atomic_writer(self.path) as stream:
                stream.write('half')
                raise KeyboardInterrupt
        self.assertRaises(KeyboardInterrupt, failing)
        self.assertEqual(['data.csv'], os.listdir(self.directory))
        self.assertEqual('yesterday\n', self.read())


class TestUmask(testtools.TestCase):

    def test_reads_the_umask_without_changing_it(self):
        self.useFixture(UmaskFixture(0o027))
        self.assertEqual(0o027, files.umask())
        self.assertEqual(0o027, files.umask())

    def test_without_proc_it_still_knows(self):
        self.useFixture(UmaskFixture(0o007))
        self.useFixture(fixtures.MockPatch('alegra.files.open', create=True,
                                           side_effect=OSError))
        self.assertEqual(0o007, files.umask())
        self.assertEqual(0o007, os.umask(0o007))


class TestCommandsKeepModes(FilesTestCase):
    """export --out, pdf --out and import --report, end to end."""

    def setUp(self):
        super().setUp()
        self.use_env_credentials()

    def test_export_over_a_private_file_keeps_it_private(self):
        self.existing(0o600)
        self.http.get(base.BASE_URL + '/contacts',
                      json=[{'id': '1', 'name': 'Ana'}])
        result = self.run_cli('contacts', 'export', '--out', self.path)
        self.assertEqual(0, result.code, result)
        self.assertIn('Ana', self.read())
        self.assertEqual(0o600, mode_of(self.path))

    def test_pdf_honours_the_umask(self):
        self.useFixture(UmaskFixture(0o027))
        self.http.get(INVOICE_PDF, json={'id': '7', 'pdf': PDF_URL})
        self.http.get(PDF_URL, content=b'%PDF-1.4 fake')
        out = os.path.join(self.directory, 'invoice.pdf')
        result = self.run_cli('invoices', 'pdf', '7', '--out', out)
        self.assertEqual(0, result.code, result)
        self.assertEqual(0o640, mode_of(out))

    def test_import_report_keeps_the_mode_of_the_old_report(self):
        self.existing(0o600)
        source = os.path.join(self.tmp, 'clients.csv')
        with open(source, 'w', encoding='utf-8') as handle:
            handle.write('name\nAna\n')
        result = self.run_cli('contacts', 'import', '-f', source,
                              '--dry-run', '--report', self.path)
        self.assertTrue(self.read().startswith('row,status,id,error'),
                        result)
        self.assertEqual(0o600, mode_of(self.path))

    def test_export_to_a_directory_is_one_usage_line(self):
        self.http.get(base.BASE_URL + '/contacts', json=[])
        result = self.run_cli('contacts', 'export', '--out', self.directory)
        self.assertError(result, errors.USAGE, 'cannot write',
                         'it is a directory')
        self.assertFalse(self.http.called)


class TestTerminated(FilesTestCase):
    """SIGTERM to a real ``alegra`` process in the middle of an export."""

    def hanging_server(self):
        """A port that accepts connections and never answers."""
        server = socket.socket()
        self.addCleanup(server.close)
        server.bind(('127.0.0.1', 0))
        server.listen(8)
        return server.getsockname()[1]

    def start(self, port):
        environ = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
                   'HOME': self.tmp, 'ALEGRA_CONFIG': self.config_path,
                   'ALEGRA_EMAIL': base.EMAIL, 'ALEGRA_TOKEN': base.TOKEN,
                   'ALEGRA_MAX_ATTEMPTS': '1',
                   'ALEGRA_BASE_URL': f'http://127.0.0.1:{port}/api/v1'}
        process = subprocess.Popen(
            [sys.executable, '-c',
             'import sys; from alegra import shell; sys.exit(shell.main())',
             'contacts', 'export', '--out', self.path],
            env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        self.addCleanup(process.kill)
        return process

    def temporaries(self):
        return [name for name in os.listdir(self.directory)
                if name.startswith('.data.csv.')]

    def test_sigterm_removes_the_temporary_file_and_exits_143(self):
        self.existing(0o600)
        process = self.start(self.hanging_server())
        deadline = time.monotonic() + 20
        while not self.temporaries() and time.monotonic() < deadline:
            if process.poll() is not None:
                self.fail(process.communicate())
            time.sleep(0.05)
        self.assertTrue(self.temporaries(), 'the export never started')
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=20)
        self.assertEqual(errors.TERMINATED, process.returncode, stderr)
        self.assertEqual('Error: terminated\n', stderr)
        self.assertEqual('', stdout)
        self.assertEqual(['data.csv'], os.listdir(self.directory))
        self.assertEqual('yesterday\n', self.read())
        self.assertEqual(0o600, mode_of(self.path))
