"""The import's report: a line per row on stderr, a progress bar on a
terminal, a summary, and ``--report FILE`` (CSV or JSONL) listing every row
with its status, id, error and note, so failed rows can be fixed and sent
again.

Row lines come out in file order whatever order the outcomes arrive in
(``--concurrency``, rows settled before the others on ``--resume``): a line
waits until every earlier row has its outcome.  The wait is short, a few
rows in flight, so little is held.  A run that stops early (Ctrl-C, a fatal
error) prints what it holds, and counts the rows it never sent.

An import can have more rows than memory holds comfortably: the rows are
kept for the file only when one is asked for; otherwise only the counts.
"""

import csv
import json
import threading

from alegra import files
from alegra.i18n import N_
from alegra.i18n import _
from alegra.i18n import ngettext

# A row's status: a word of the report file, which does not change with
# the language; the lines people read say it in theirs.
STATUSES = ('created', 'updated', 'skipped', 'failed', 'unknown')
NOT_SENT = 'not sent'
LINES = {'created': N_('row {number}: created'),
         'updated': N_('row {number}: updated'),
         'skipped': N_('row {number}: skipped'),
         'failed': N_('row {number}: failed'),
         'unknown': N_('row {number}: unknown')}
COLUMNS = ('row', 'status', 'id', 'error', 'note')
BAR_WIDTH = 30


class ImportReport:
    def __init__(self, stderr, total, progress=False, keep=False,
                 in_order=True):
        self.stderr = stderr
        self.total = total
        self.progress = progress
        # Every row's entry by number, for write(); None when no file is
        # wanted.
        self.rows = {} if keep else None
        self.counts = dict.fromkeys(STATUSES, 0)
        self.in_order = in_order
        # Lines waiting for an earlier row, by row number; the next row
        # whose lines may print.
        self._held = {}
        self._next = 1
        self._lock = threading.Lock()

    def row(self, number, status, ident=None, error=None, note=None,
            replaces=None):
        """Report a row's outcome; ``replaces`` names the status reported
        for it before (an ``unknown`` settled later), no longer counted."""
        entry = {'row': number, 'status': status,
                 'id': '' if ident is None else str(ident),
                 'error': error or '', 'note': note or ''}
        text = _(LINES[status]).format(number=number)
        if ident is not None:
            text += f' id {ident}'
        if note:
            text += f' ({note})'
        if error:
            text += f': {" ".join(str(error).split())}'
        with self._lock:
            if self.rows is not None:
                self.rows[number] = entry
            if replaces:
                self.counts[replaces] -= 1
            self.counts[status] += 1
            self._held.setdefault(number, []).append(text)
            self._print(self._ready())

    def _ready(self):
        """The lines that may print now, in order."""
        if not self.in_order:
            lines = [line for number in sorted(self._held)
                     for line in self._held[number]]
            self._held.clear()
            return lines
        lines = []
        for number in sorted(number for number in self._held
                             if number < self._next):
            lines += self._held.pop(number)
        while self._next in self._held:
            lines += self._held.pop(self._next)
            self._next += 1
        return lines

    def _print(self, lines):
        if not lines:
            return
        self._clear_bar()
        for line in lines:
            self.stderr.write(line + '\n')
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

    @property
    def not_sent(self):
        """Rows with no outcome: never sent (the run stopped first)."""
        return max(self.total - sum(self.counts.values()), 0)

    def summary(self):
        """The held lines, then ``import: 3 created, 0 failed, 7 not sent
        (of 10 rows)``."""
        parts = [_count(status, self.counts[status]) for status in STATUSES
                 if self.counts[status] or status in ('created', 'failed')]
        if self.not_sent:
            parts.append(_count(NOT_SENT, self.not_sent))
        with self._lock:
            lines = [line for number in sorted(self._held)
                     for line in self._held[number]]
            self._held.clear()
            self._clear_bar()
            for line in lines:
                self.stderr.write(line + '\n')
            self.stderr.write(ngettext(
                'import: {counts} (of {total} rows)',
                'import: {counts} (of {total} rows)', self.total).format(
                    counts=', '.join(parts), total=self.total) + '\n')

    def write(self, path, not_sent=True):
        """Write every row's outcome, atomically, in row order: JSONL for
        .jsonl/.json, else CSV (the report must have been made with
        ``keep``).  With ``not_sent``, rows with no outcome are listed as
        ``not sent``."""
        last = max(self.total, max(self.rows, default=0))
        numbers = range(1, last + 1) if not_sent else sorted(self.rows)
        rows = [self.rows.get(number) or
                dict.fromkeys(COLUMNS, '') | {'row': number,
                                              'status': NOT_SENT}
                for number in numbers]
        with files.atomic_writer(path) as stream:
            if path.lower().endswith(('.jsonl', '.json')):
                for entry in rows:
                    stream.write(json.dumps(entry, ensure_ascii=False) + '\n')
            else:
                writer = csv.DictWriter(stream, COLUMNS,
                                        lineterminator='\r\n')
                writer.writeheader()
                writer.writerows(rows)


def _count(status, count):
    """``3 created``: how many rows ended with ``status``."""
    if status == 'created':
        text = ngettext('{count} created', '{count} created', count)
    elif status == 'updated':
        text = ngettext('{count} updated', '{count} updated', count)
    elif status == 'skipped':
        text = ngettext('{count} skipped', '{count} skipped', count)
    elif status == 'failed':
        text = ngettext('{count} failed', '{count} failed', count)
    elif status == 'unknown':
        text = ngettext('{count} unknown', '{count} unknown', count)
    else:
        text = ngettext('{count} not sent', '{count} not sent', count)
    return text.format(count=count)
