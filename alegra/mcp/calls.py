"""One tool call at work: a command in a worker thread, and how to stop it.

Calls run at once, each through :func:`alegra.shell.main` in a thread of
its own with its own stdin, stdout and stderr, as the command's *host*.
What they share in the process is the ``logging`` module: the
:class:`LogRouter` on the ``alegra`` logger hands each record to the call
whose thread made it (the call's thread, and the threads that opened its
API sessions: an import's workers), which keeps its warnings and errors
with its output and passes every record on to the client as an MCP log
message.  The server's own handlers (``-v`` on its stderr) stay.

:meth:`Call.stop` (a cancelled request, a client gone) aborts every API
session the call opened: the request in flight ends at once, a wait for
the rate limit or before a retry ends, nothing more is sent, and the
command unwinds as after any failed request, releasing its rate-limit
reservation, an import's journal and its write lock.

Writes to one resource stay one at a time (:class:`WriteLocks`): two
invoices created together would take their numbers in no set order, and
an update could overtake the create it follows.  Reads never wait.
"""

import io
import logging
import os
import re
import shutil
import tempfile
import threading

from alegra import errors
from alegra import sanitize
from alegra.i18n import _
from alegra.i18n import ngettext

# The longest export or answer text kept for the agent, in characters,
# and the largest PDF returned inline, in bytes; more must go to a file.
MAX_TEXT = 1_000_000
MAX_DOCUMENT = 10 * 1024 * 1024
# How often a call waiting for a write lock looks whether it was stopped.
LOCK_CHECK = 0.1
# MCP's names for Python's logging levels.
LEVELS = ((logging.CRITICAL, 'critical'), (logging.ERROR, 'error'),
          (logging.WARNING, 'warning'), (logging.INFO, 'info'),
          (logging.DEBUG, 'debug'))


def _with_option(argv, option):
    """``argv`` with one more option, before the ``--`` that ends them."""
    at = argv.index('--') if '--' in argv else len(argv)
    return [*argv[:at], option, *argv[at:]]


def row_line():
    """What starts an import's row line (``row 3: created``), in English
    and in this run's language (``fila 3: ...``)."""
    from alegra.bulk import report
    prefixes = {'row '}
    for template in report.LINES.values():
        prefix = _(template).split('{number}', 1)[0]
        if prefix.strip():
            prefixes.add(prefix)
    return re.compile(r'^(?:%s)\d+\b' % '|'.join(
        re.escape(prefix) for prefix in sorted(prefixes)))


def level_name(levelno):
    for number, name in LEVELS:
        if levelno >= number:
            return name
    return 'debug'


class TooLarge(errors.UsageError):
    """An answer too large to hand to the agent."""


class Output(io.StringIO):
    """A command's stdout, bounded: past ``limit`` characters the command
    stops with a usage error (an export of a whole account)."""

    def __init__(self, limit=None):
        super().__init__()
        self.limit = MAX_TEXT if limit is None else limit

    def write(self, text):
        if self.tell() + len(text) > self.limit:
            raise TooLarge(
                _('the answer is longer than {limit:,} characters').format(
                    limit=self.limit),
                hint=_('give out to write it to a file on the server, or '
                       'narrow it with filters'))
        return super().write(text)


class Lines(io.StringIO):
    """A command's stderr: kept whole, and each line handed to
    ``on_line`` as it is completed (from any of the call's threads)."""

    def __init__(self, on_line):
        super().__init__()
        self._on_line = on_line
        self._partial = ''
        self._lock = threading.RLock()

    def write(self, text):
        with self._lock:
            written = super().write(text)
            *lines, self._partial = (self._partial + text).split('\n')
            for line in lines:
                self._on_line(line)
        return written


class LogRouter(logging.Handler):
    """Sends each record of the ``alegra`` loggers to the call whose
    thread made it; records of other threads are left to the other
    handlers (the server's stderr)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self._calls = {}
        self._guard = threading.Lock()

    def adopt(self, call):
        """The current thread works for ``call`` until it is forgotten."""
        with self._guard:
            self._calls[threading.get_ident()] = call

    def forget(self, call):
        with self._guard:
            for ident in [ident for ident, owner in self._calls.items()
                          if owner is call]:
                del self._calls[ident]

    def emit(self, record):
        call = self._calls.get(record.thread)
        if call is not None:
            call.log(record)


ROUTER = LogRouter()


def install_router():
    """Put :data:`ROUTER` on the ``alegra`` logger (again, if a command
    run without a host replaced the handlers), with every level let
    through to it; the other handlers keep their own levels."""
    logger = logging.getLogger('alegra')
    if ROUTER not in logger.handlers:
        logger.addHandler(ROUTER)
    if logger.level != logging.DEBUG:
        logger.setLevel(logging.DEBUG)
    return ROUTER


class WriteLocks:
    """One lock per resource, for the calls that change it."""

    def __init__(self):
        self._locks = {}
        self._guard = threading.Lock()

    def get(self, name):
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())


class Call:
    """One command line run as a tool call, the host of its command.

    ``post(event)`` (set by the server) receives, from the call's threads,
    ``('progress', done, total, message)`` and ``('log', level, logger,
    text)``.  ``rows`` (an import's row count) turns the command's row
    lines into progress; ``pages`` does the same for the records of each
    page read.  With ``document`` (a PDF asked for without ``out``), the
    command writes to a file of the call's own, read into
    :attr:`document` and removed when the command ends.
    """

    def __init__(self, spec, argv, stdin='', environ=None, lock=None,
                 rows=None, pages=False, document=False):
        self.spec = spec
        self.argv = list(argv)
        self.stdin = stdin
        self.environ = environ
        self.lock = lock
        self.rows = rows
        self.pages = pages
        self.wants_document = document
        self.document_path = None
        self.document = None
        self.document_size = None
        self.stdout = Output()
        self.stderr = Lines(self._line)
        self.code = None
        self.post = None
        self.stopped = threading.Event()
        self.done = threading.Event()
        self._sessions = []
        self._guard = threading.RLock()
        self._rows_done = 0
        self._records = 0
        self._row_line = row_line() if rows else None

    # What the command's app asks of its host (see alegra.shell.main).

    def opened(self, session):
        """A session of this call's command: aborted on stop, its thread's
        records the call's, its pages counted."""
        ROUTER.adopt(self)
        if self.pages:
            self._count_pages(session)
        with self._guard:
            self._sessions.append(session)
            stopped = self.stopped.is_set()
        if stopped:
            session.abort()

    def sleep(self, seconds):
        self.stopped.wait(seconds)

    # The call.

    def run(self):
        """Run the command to its end (in a worker thread); its exit
        code, :data:`errors.CANCELLED` when stopped before it started."""
        from alegra import shell
        router = install_router()
        router.adopt(self)
        try:
            if not self._take_lock():
                self.code = errors.CANCELLED
                return self.code
            argv = self.argv
            if self.wants_document:
                self.document_path = os.path.join(
                    tempfile.mkdtemp(prefix='alegra-mcp-'), 'document.pdf')
                argv = _with_option(argv, f'--out={self.document_path}')
            try:
                self.code = shell.main(
                    argv, stdin=io.StringIO(self.stdin),
                    stdout=self.stdout, stderr=self.stderr,
                    environ=self.environ, host=self)
            finally:
                if self.lock is not None:
                    self.lock.release()
            if self.document_path:
                self._read_document()
        finally:
            router.forget(self)
            if self.document_path:
                shutil.rmtree(os.path.dirname(self.document_path),
                              ignore_errors=True)
            self.done.set()
        return self.code

    def stop(self):
        """End the command from any thread: every API session it opened is
        aborted, and those it opens later are aborted at birth."""
        self.stopped.set()
        with self._guard:
            sessions = list(self._sessions)
        for session in sessions:
            session.abort()

    def log(self, record):
        """A record of one of the call's threads: warnings and errors join
        the command's stderr, as on a terminal; all go to the client."""
        if record.levelno >= logging.WARNING:
            from alegra import shell
            self.stderr.write(shell.ConsoleFormatter().format(record) + '\n')
        self._post('log', level_name(record.levelno), record.name,
                   sanitize.redact(record.getMessage()))

    def _take_lock(self):
        if self.lock is None:
            return not self.stopped.is_set()
        while not self.lock.acquire(timeout=LOCK_CHECK):
            if self.stopped.is_set():
                return False
        if self.stopped.is_set():
            self.lock.release()
            return False
        return True

    def _line(self, line):
        if self.rows and self._row_line.match(line):
            self._rows_done += 1
            self._post('progress', self._rows_done, self.rows, line)
        elif line.startswith('Warning: '):
            self._post('log', 'warning', 'alegra', line[len('Warning: '):])

    def _count_pages(self, session):
        from alegra import paging
        send = session.send

        def counted(request, *args, **kwargs):
            answer = send(request, *args, **kwargs)
            if request.method == 'GET':
                try:
                    found = len(paging.records_of(answer, request))
                except errors.AlegraError:
                    return answer  # a record or a count, not a page
                with self._guard:
                    self._records += found
                    records = self._records
                self._post('progress', records, None, ngettext(
                    '{count} record read', '{count} records read',
                    records).format(count=records))
            return answer
        session.send = counted

    def _read_document(self):
        try:
            self.document_size = os.path.getsize(self.document_path)
        except OSError:
            return  # the command failed before writing it
        if self.document_size <= MAX_DOCUMENT:
            with open(self.document_path, 'rb') as handle:
                self.document = handle.read()

    def _post(self, *event):
        if self.post is not None:
            self.post(event)
