"""What became of each row of an import, written as it happens.

The journal is an append-only JSON Lines file under the cache directory,
one per import (keyed by the target account, the resource and the input
file's bytes).  A line ``sending`` is flushed before each POST and the
outcome after it, so after a crash, Ctrl-C or network loss ``--resume``
knows which rows were created, which failed (safe to send again), and which
may have reached the server without an answer (``unknown``): those are
looked up before anything else is sent (see
:mod:`alegra.bulk.natural_keys`), and never sent again blindly.  A row
sent with a marker has it on its ``sending`` and ``unknown`` lines, so
that a later run looks for the marker it was really sent with.  Lines are
added, never changed: a journal written by an earlier version (no
markers, no notes) resumes as before.

Two runs of one import at once (two terminals, a script started twice)
would each send every row, so a run holds the journal's lock file
(``<key>.lock``, locked with :mod:`alegra.filelock`) from before it reads
the journal until it ends, and a second run refuses at once, naming the
first.  The system drops the lock when its process dies, so a crashed run
never blocks the next one.
"""

import datetime
import hashlib
import json
import os
import threading
import time

from alegra import errors
from alegra import filelock
from alegra import paths
from alegra.i18n import _

FINAL = ('created', 'updated')
CHUNK = 1 << 20


def journal_key(resource, base_url, email, source):
    """The import's name: its account, resource and the bytes of the
    binary file ``source``, read from the start by chunks."""
    digest = hashlib.sha256()
    for part in (resource, base_url, email):
        digest.update(part.encode('utf-8') + b'\0')
    source.seek(0)
    for chunk in iter(lambda: source.read(CHUNK), b''):
        digest.update(chunk)
    return digest.hexdigest()[:32]


def journal_dir(environ=os.environ):
    return os.path.join(paths.cache_home(environ), 'imports')


class ImportJournal:
    """The outcome of each row of one import, as JSON Lines."""

    def __init__(self, directory, key):
        self.path = os.path.join(directory, f'{key}.jsonl')
        self.lock_path = os.path.join(directory, f'{key}.lock')
        self._lock = threading.Lock()
        self._stream = None
        self._holding = None

    def hold(self):
        """Make this run the only one of this import until :meth:`close`;
        a :class:`~alegra.errors.UsageError` naming the other run if one
        already is."""
        os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
        handle = open(self.lock_path, 'a+', encoding='utf-8')
        if not filelock.lock(handle, wait=False):
            handle.close()
            holder = self._holder()
            if holder:
                message = _('another run of this import (same file, same '
                            'account) is going on: process {pid}, started '
                            '{started}').format(**holder)
            else:
                message = _('another run of this import (same file, same '
                            'account) is going on')
            raise errors.UsageError(
                message, hint=_('wait for it to end; then --resume sends '
                                'what it did not'))
        # Who holds it, for the message of a run that finds it held.
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({
            'pid': os.getpid(),
            'started': datetime.datetime.now().astimezone().isoformat(
                ' ', 'seconds')}))
        handle.flush()
        self._holding = handle

    def _holder(self):
        """Who holds the lock, ``{'pid': ..., 'started': ...}``, or
        ``None``; the holder writes it just after taking the lock, so a run
        that lost the race waits a moment (at most half a second) for
        it."""
        for _attempt in range(10):
            try:
                with open(self.lock_path, encoding='utf-8') as handle:
                    holder = json.loads(handle.read())
                return {'pid': int(holder['pid']),
                        'started': str(holder['started'])}
            except (OSError, ValueError, KeyError, TypeError):
                time.sleep(0.05)  # not written yet
        return None

    def load(self):
        """``{row: entry}`` with each row's last state, and the marker any
        of its lines had; a ``sending`` whose outcome never came back reads
        as ``unknown``."""
        rows = {}
        try:
            with open(self.path, encoding='utf-8') as handle:
                for line in handle:
                    try:
                        entry = json.loads(line)
                        number = int(entry['row'])
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by a crash
                    marker = rows.get(number, {}).get('marker')
                    if marker and 'marker' not in entry:
                        entry['marker'] = marker
                    rows[number] = entry
        except FileNotFoundError:
            return {}
        for entry in rows.values():
            if entry.get('status') == 'sending':
                entry['status'] = 'unknown'
                entry['error'] = _('sent without an answer (interrupted); '
                                   'it may have been created')
        return rows

    def reset(self):
        self._close_stream()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def record(self, row, status, ident=None, error=None, marker=None,
               note=None):
        entry = {'row': row, 'status': status}
        if ident is not None:
            entry['id'] = str(ident)
        if error:
            entry['error'] = error
        if marker:
            entry['marker'] = marker
        if note:
            entry['note'] = note
        with self._lock:
            if self._stream is None:
                os.makedirs(os.path.dirname(self.path), mode=0o700,
                            exist_ok=True)
                self._stream = open(self.path, 'a+', encoding='utf-8')
                self._end_cut_line()
            self._stream.write(json.dumps(entry, ensure_ascii=False) + '\n')
            self._stream.flush()

    def _end_cut_line(self):
        """A crash can leave half a line; start the next entry on its own
        line so that it is not lost with it."""
        size = self._stream.seek(0, os.SEEK_END)
        if size:
            with open(self.path, 'rb') as handle:
                handle.seek(size - 1)
                if handle.read(1) != b'\n':
                    self._stream.write('\n')

    def _close_stream(self):
        with self._lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None

    def close(self):
        """Close the journal, and let another run of the import start."""
        self._close_stream()
        if self._holding is not None:
            filelock.unlock(self._holding)
            self._holding.close()
            self._holding = None
