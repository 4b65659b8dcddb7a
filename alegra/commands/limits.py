"""``alegra limits``: the last known rate-limit quota of the account.

It reads the state that every ``alegra`` process of the account shares
(:mod:`alegra.limiter`) and sends nothing, so checking costs no request.
"""

import datetime
import time

from alegra import command
from alegra import errors
from alegra import limiter
from alegra.i18n import N_


def _moment(epoch):
    if epoch is None:
        return None
    return datetime.datetime.fromtimestamp(epoch).astimezone().isoformat(
        timespec='seconds')


NO_REQUEST_YET = N_('no request made yet from this machine')


class Limits(command.AlegraCommand):
    """Show the last known rate-limit quota (remaining and reset)."""

    def take_action(self, parsed_args):
        settings = self.settings
        path = limiter.state_path(settings.base_url, settings.email,
                                  self.app.environ)
        state = limiter.StateFile(path).peek()
        now = time.time()
        if state is None:
            self.printer().record({
                'base_url': settings.base_url, 'email': settings.email,
                'status': self.state(NO_REQUEST_YET)})
            return errors.OK
        state.roll(now)
        seconds_left = None if state.window_end is None else \
            max(round(state.window_end - now, 1), 0)
        self.printer().record({
            'base_url': settings.base_url,
            'email': settings.email,
            'limit': state.limit,
            'window_seconds': state.window,
            'remaining': state.remaining if state.limit else None,
            'reset_in_seconds': seconds_left,
            'in_flight': len(state.in_flight),
            'last_answer_remaining': state.last_remaining,
            'last_answer_reset': state.last_reset,
            'last_answer_at': _moment(state.observed_at),
            'state_file': path,
        })
        return errors.OK
