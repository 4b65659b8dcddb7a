"""The import's report: a line per row on stderr, a progress bar on a
terminal, a summary, and ``--report FILE`` (CSV or JSONL) listing every row
with its status, id and error, so failed rows can be fixed and sent again.

An import can have more rows than memory holds comfortably: the rows are
kept for the file only when one is asked for; otherwise only the counts.
"""

import csv
import json
import threading

from alegra import files

STATUSES = ('created', 'updated', 'skipped', 'failed', 'unknown')
BAR_WIDTH = 30


class ImportReport:
    def __init__(self, stderr, total, progress=False, keep=False):
        self.stderr = stderr
        self.total = total
        self.progress = progress
        # Every row's entry, for write(); None when no file is wanted.
        self.rows = [] if keep else None
        self.counts = dict.fromkeys(STATUSES, 0)
        self._lock = threading.Lock()

    def row(self, number, status, ident=None, error=None, note=None):
        entry = {'row': number, 'status': status,
                 'id': '' if ident is None else str(ident),
                 'error': error or ''}
        text = f'row {number}: {status}'
        if ident is not None:
            text += f' id {ident}'
        if note:
            text += f' ({note})'
        if error:
            text += f': {" ".join(str(error).split())}'
        with self._lock:
            if self.rows is not None:
                self.rows.append(entry)
            self.counts[status] += 1
            self._clear_bar()
            self.stderr.write(text + '\n')
            self._draw_bar()
            self.stderr.flush()

    def _clear_bar(self):
        if self.progress:
            self.stderr.write('\r\033[K')

    def _draw_bar(self):
        if not self.progress or not self.total:
            return
        done = sum(self.counts.values())
        filled = BAR_WIDTH * done // self.total
        self.stderr.write(f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                          f'{done}/{self.total}')

    def summary(self):
        parts = [f'{self.counts[status]} {status}' for status in STATUSES
                 if self.counts[status] or status in ('created', 'failed')]
        with self._lock:
            self._clear_bar()
            self.stderr.write(f"import: {', '.join(parts)} "
                              f'(of {self.total} rows)\n')

    def write(self, path):
        """Write every row's outcome, atomically: JSONL for .jsonl/.json,
        else CSV (the report must have been made with ``keep``)."""
        rows = sorted(self.rows, key=lambda entry: entry['row'])
        with files.atomic_writer(path) as stream:
            if path.lower().endswith(('.jsonl', '.json')):
                for entry in rows:
                    stream.write(json.dumps(entry, ensure_ascii=False) + '\n')
            else:
                writer = csv.DictWriter(stream, ('row', 'status', 'id',
                                                 'error'),
                                        lineterminator='\r\n')
                writer.writeheader()
                writer.writerows(rows)
