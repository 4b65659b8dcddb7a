"""What became of each row of an import, written as it happens.

The journal is an append-only JSON Lines file under the cache directory,
one per import (keyed by the target account, the resource and the input
file's bytes).  A line ``sending`` is flushed before each POST and the
outcome after it, so after a crash, Ctrl-C or network loss ``--resume``
knows which rows were created, which failed (safe to send again), and which
may have reached the server without an answer: those are reported as
``unknown`` and never sent again silently.
"""

import hashlib
import json
import os
import threading

from alegra import paths

FINAL = ('created', 'updated')


def journal_key(resource, base_url, email, data):
    digest = hashlib.sha256()
    for part in (resource, base_url, email):
        digest.update(part.encode('utf-8') + b'\0')
    digest.update(data)
    return digest.hexdigest()[:32]


def journal_dir(environ=os.environ):
    return os.path.join(paths.cache_home(environ), 'imports')


class ImportJournal:
    """The outcome of each row of one import, as JSON Lines."""

    def __init__(self, directory, key):
        self.path = os.path.join(directory, f'{key}.jsonl')
        self._lock = threading.Lock()
        self._stream = None

    def load(self):
        """``{row: entry}`` with each row's last state; a ``sending`` whose
        outcome never came back reads as ``unknown``."""
        rows = {}
        try:
            with open(self.path, encoding='utf-8') as handle:
                for line in handle:
                    try:
                        entry = json.loads(line)
                        rows[int(entry['row'])] = entry
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by a crash
        except FileNotFoundError:
            return {}
        for entry in rows.values():
            if entry.get('status') == 'sending':
                entry['status'] = 'unknown'
                entry['error'] = ('sent without an answer (interrupted); '
                                  'it may have been created')
        return rows

    def reset(self):
        self.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def record(self, row, status, ident=None, error=None):
        entry = {'row': row, 'status': status}
        if ident is not None:
            entry['id'] = str(ident)
        if error:
            entry['error'] = error
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

    def close(self):
        with self._lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
