"""Sending an import's rows, and settling those whose answer was lost.

One :class:`RowSender` serves a run: worker threads call :meth:`send` for
rows in the file's order, each with an API session of its own.  A row's
POST ends one of four ways: created, failed (refused, or surely never
sent), lost with no way to find the row again (``unknown``, for a person),
or lost with a key to find it by (see :mod:`alegra.bulk.natural_keys`).
The last is looked up: found, the row is created; absent, it is sent
again; more than one, a person checks.  A resource in no order defers the
lookups until the other rows are done (:meth:`look_up_lost`), which also
gives a slow server time to finish; an ordered one looks up at once and,
when it cannot settle the row, stops the run (:class:`Stopped`) so that
no later row takes an earlier number.  Every outcome is journaled before
it is reported.
"""

import collections
import threading

from alegra import errors
from alegra.bulk import natural_keys
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest

# Failures that no other row would escape: stop instead of failing them all.
FATAL = (errors.AuthError, errors.PlanRequired)
# Failures that say nothing of the row: the same row may go in later.
TRANSIENT = (errors.ServerError, errors.RateLimited)
# POSTs of one row in one run whose answers may be lost before it is left
# unknown: each one lost was looked up and found absent first.
MAX_SENDS = 3
# Notes and errors of the row lines, translated where they are used.
FOUND = N_('found after a lost answer')
RESENT = N_('sent again: the POST whose answer was lost had not created it')
NOT_CREATED = N_('its answer was lost and no record was found: not created')
LATER = N_('looked up when the other rows are done')
CANNOT_LOOK_UP = N_('not sent again: it cannot be looked up; check it, '
                    'then use --resend-unknown')

# ``ident``: the id the row itself names (an export's id column), if any.
Row = collections.namedtuple('Row', 'number body marker ident',
                             defaults=(None,))


class Stopped(errors.PartialFailure):
    """An ordered import stopped at a row it could not settle: a later row
    created before it would take an earlier number."""

    def __init__(self, name, number, reason):
        super().__init__(
            _('stopped at row {number} to keep the order of {name}: '
              '{reason}').format(number=number, name=name, reason=reason),
            hint=_('--resume settles row {number} first, then goes on in '
                   'order').format(number=number))


class RowSender:
    """Sends rows from worker threads, one API session per thread (made by
    ``new_session()``), and settles the rows whose answer was lost."""

    def __init__(self, resource, journal, report, update_by, new_session):
        self.resource = resource
        self.new_session = new_session
        self.journal = journal
        self.report = report
        self.update_by = update_by
        self.stop = threading.Event()
        # Rows whose answer was lost, to look up when the others are done
        # (resources in no order), as (row, key, reason).
        self.lost = []
        # Rows reported unknown until they are looked up.
        self._pending = set()
        self._local = threading.local()
        self._sessions = []
        self._lock = threading.Lock()

    def session(self):
        if getattr(self._local, 'session', None) is None:
            self._local.session = self.new_session()
            with self._lock:
                self._sessions.append(self._local.session)
        return self._local.session

    def close(self):
        for api in self._sessions:
            api.close()

    def _get(self, request):
        return self.session().send(request, cancelled=self.stop.is_set)

    def send(self, row):
        if self.stop.is_set():
            return
        try:
            existing = self._existing(row) if self.update_by else None
        except errors.Cancelled:
            return
        except errors.AlegraError as exc:
            self._failed(row.number, exc)
            return
        if existing is None:
            self._create(row)
        else:
            self._update(row, existing)

    def settle(self, row, key, reason):
        """Look up a row an earlier run left unknown; send it again if it
        is not there."""
        if self._absent(row, key, reason):
            self._create(row, resend=True)

    def look_up_lost(self):
        """Settle the rows of this run whose answer was lost, in file
        order."""
        for row, key, reason in sorted(self.lost, key=lambda lost:
                                       lost[0].number):
            self.settle(row, key, reason)

    def _create(self, row, resend=False):
        """POST the row until it is settled: created, failed, found after
        a lost answer, or known to need a person."""
        for sent in range(MAX_SENDS):
            try:
                reason = self._post(row,
                                    _(RESENT) if resend or sent else None)
            except errors.Cancelled:
                return  # stopped before it was sent: still to do
            if reason is None:
                return
            key = natural_keys.row_key(self.resource, row.body, row.marker)
            self.journal.record(row.number, 'unknown', error=reason,
                                marker=row.marker)
            if key is None:
                self._report(row.number, 'unknown', error=reason)
                self._keep_order(row.number, reason)
                return
            if not resend and not self.resource.ordered:
                with self._lock:
                    self.lost.append((row, key, reason))
                    self._pending.add(row.number)
                self.report.row(row.number, 'unknown', error=reason,
                                note=_(LATER))
                return
            if not self._absent(row, key, reason):
                return
        reason = _('no answer to {count} POSTs of it, and no record '
                   'found').format(count=MAX_SENDS)
        self.journal.record(row.number, 'failed', error=reason)
        self._report(row.number, 'failed', error=reason)
        self._keep_order(row.number, reason)

    def _post(self, row, note):
        """POST the row and report it; the reason its answer was lost, or
        ``None`` once it is created or failed."""
        request = ApiRequest('POST', self.resource.path, body=row.body)
        try:
            record = self.session().send(
                request, on_send=lambda: self.journal.record(
                    row.number, 'sending', marker=row.marker),
                cancelled=self.stop.is_set)
        except errors.ServerError as exc:
            # Only a request that never left is surely not in Alegra.
            if not exc.never_sent:
                return exc.message
            self._failed(row.number, exc)
            return None
        except errors.Cancelled:
            raise
        except errors.AlegraError as exc:
            self._failed(row.number, exc)
            return None
        record = self.resource.unwrap(record)
        ident = record.get(self.resource.id_field) \
            if isinstance(record, dict) else None
        self.journal.record(row.number, 'created', ident, note=note)
        self._report(row.number, 'created', ident, note=note)
        return None

    def _absent(self, row, key, reason):
        """Look the row up; True when no record has its key (it was not
        created), after recording any other outcome."""
        try:
            matches = natural_keys.find(self._get, self.resource, key)
        except errors.Cancelled:
            self._report(row.number, 'unknown', error=reason,
                         note=_('stopped before it was looked up; --resume '
                                'looks it up'))
            return False
        except errors.AlegraError as exc:
            self._report(row.number, 'unknown',
                         error=_('{reason}; looking it up by {key} failed: '
                                 '{error}').format(reason=reason,
                                                   key=key.describe(),
                                                   error=exc.message))
            if isinstance(exc, FATAL):
                self.stop.set()
                raise exc
            self._keep_order(row.number, _('looking it up failed: {error}')
                             .format(error=exc.message))
            return False
        if len(matches) == 1:
            ident = matches[0].get(self.resource.id_field)
            self.journal.record(row.number, 'created', ident, note=_(FOUND))
            self._report(row.number, 'created', ident, note=_(FOUND))
            return False
        if matches:
            error = _('{count} records match {key}; check them').format(
                count=len(matches), key=key.describe())
            self.journal.record(row.number, 'unknown', error=error,
                                marker=row.marker)
            self._report(row.number, 'unknown', error=error)
            return False
        # Not created: safe to send again, now or by --resume.
        self.journal.record(row.number, 'failed', error=_(NOT_CREATED))
        return True

    def _update(self, row, existing):
        ident = existing[self.resource.id_field]
        request = ApiRequest('PUT', self.resource.item_path(ident),
                             body=row.body)
        try:
            self.session().send(request, cancelled=self.stop.is_set)
        except errors.Cancelled:
            return
        except errors.AlegraError as exc:
            self._failed(row.number, exc)
            return
        self.journal.record(row.number, 'updated', ident)
        self._report(row.number, 'updated', ident)

    def _by_id(self, ident):
        """``--update-by id``: the record the row's id names, read by its
        id; a row without one, or naming none, is created."""
        if ident is None:
            return None
        try:
            record = self._get(ApiRequest('GET',
                                          self.resource.item_path(ident)))
        except errors.NotFound:
            return None
        return self.resource.unwrap(record) or None

    def _report(self, number, status, ident=None, error=None, note=None):
        """Report a row's outcome, in place of its ``unknown`` line if it
        had one."""
        with self._lock:
            replaces = 'unknown' if number in self._pending else None
            self._pending.discard(number)
        self.report.row(number, status, ident, error, note, replaces)

    def _failed(self, number, exc):
        """Record a row that did not go in; stop every row on a failure
        that no other row would escape (credentials, plan), and an ordered
        import on one that a later row could escape."""
        self.journal.record(number, 'failed', error=exc.message)
        self._report(number, 'failed', error=exc.message)
        if isinstance(exc, FATAL):
            self.stop.set()
            raise exc
        if isinstance(exc, TRANSIENT):
            self._keep_order(number, exc.message)

    def _keep_order(self, number, reason):
        """Stop an ordered import at a row it could not settle."""
        if self.resource.ordered:
            self.stop.set()
            raise Stopped(self.resource.name, number, reason)

    def _existing(self, row):
        """The one record whose ``--update-by`` field matches the row."""
        if self.update_by == self.resource.id_field:
            return self._by_id(row.ident)
        key = natural_keys.field_key(self.update_by, row.body)
        if key is None:
            return None
        # Every page: the API may not filter on this field, and a match on
        # page two must not be created again.
        matches = natural_keys.find(self._get, self.resource, key)
        if len(matches) > 1:
            raise errors.InvalidInput(
                _('{count} records have {key}').format(
                    count=len(matches), key=key.describe()))
        return matches[0] if matches else None
