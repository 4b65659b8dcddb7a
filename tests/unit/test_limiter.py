"""The shared rate limiter, with a fake clock: no test sleeps."""

import contextlib
import json
import os

import fixtures
import testtools

from alegra import errors
from alegra import limiter


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 1_700_000_000.0
        self.slept = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def headers(limit, remaining, reset):
    return {'X-Rate-Limit-Limit': str(limit),
            'X-Rate-Limit-Remaining': str(remaining),
            'X-Rate-Limit-Reset': str(reset)}


class FakeServer:
    """Alegra's fixed window, counting what the limiters let through."""

    def __init__(self, time, limit, window):
        self.time, self.limit, self.window = time, limit, window
        self.started, self.used, self.rejected = None, 0, 0

    def answer(self):
        now = self.time.now
        if self.started is None or now - self.started >= self.window:
            self.started, self.used = now, 0
        if self.used >= self.limit:
            self.rejected += 1
        else:
            self.used += 1
        reset = -(-(self.started + self.window - now) // 1)
        return headers(self.limit, self.limit - self.used, int(reset))


class TestRateLimiter(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.path = os.path.join(self.dir, 'state.json')
        self.time = FakeTime()

    def limiter(self):
        return limiter.RateLimiter(self.path, clock=self.time.clock,
                                   sleep=self.time.sleep)

    def send(self, limiter_, server, count):
        for _ in range(count):
            reservation = limiter_.acquire()
            limiter_.release(reservation, server.answer())

    def test_starts_from_150_per_minute(self):
        limiter_ = self.limiter()
        for _ in range(150):
            limiter_.release(limiter_.acquire())
        self.assertEqual([], self.time.slept)
        limiter_.acquire()
        self.assertEqual(1, len(self.time.slept))
        self.assertAlmostEqual(60 + limiter.SAFETY, self.time.slept[0])

    def test_uses_each_window_fully_and_never_overshoots(self):
        server = FakeServer(self.time, limit=40, window=5)
        started = self.time.now
        self.send(self.limiter(), server, 300)
        self.assertEqual(0, server.rejected)
        elapsed = self.time.now - started
        minimum = (300 // 40) * 5
        self.assertGreaterEqual(elapsed, minimum)
        self.assertLess(elapsed, minimum * 1.10)

    def test_processes_share_the_budget(self):
        server = FakeServer(self.time, limit=40, window=5)
        first, second, third = self.limiter(), self.limiter(), \
            self.limiter()
        for _ in range(100):
            for limiter_ in (first, second, third):
                self.send(limiter_, server, 1)
        self.assertEqual(0, server.rejected)

    def test_in_flight_reservations_count_against_the_budget(self):
        server = FakeServer(self.time, limit=10, window=60)
        limiter_ = self.limiter()
        self.send(limiter_, server, 1)
        held = [limiter_.acquire() for _ in range(9)]
        other = self.limiter()
        other.acquire()
        self.assertEqual(1, len(self.time.slept))
        for reservation in held:
            limiter_.release(reservation)

    def test_crashed_reservations_expire(self):
        limiter_ = self.limiter()
        self.send(limiter_, FakeServer(self.time, 3, 60), 1)
        limiter_.acquire()
        limiter_.acquire()
        self.time.now += limiter.IN_FLIGHT_TTL + 61
        state = limiter.StateFile(self.path).peek()
        state.roll(self.time.now)
        self.assertEqual([], state.in_flight)

    def test_a_long_deadline_holds_its_reservation_longer(self):
        """With ``--timeout 300`` a slow request still counts against the
        window after the default 75 s; a crashed one is freed after."""
        server = FakeServer(self.time, limit=3, window=60)
        patient = limiter.RateLimiter(self.path, self.time.clock,
                                      self.time.sleep, in_flight_ttl=315)
        self.send(patient, server, 1)
        patient.acquire()
        self.time.now += limiter.IN_FLIGHT_TTL + 10
        state = limiter.StateFile(self.path, self.time.clock).peek()
        state.roll(self.time.now)
        self.assertEqual(1, len(state.in_flight))
        self.time.now += 315
        state = limiter.StateFile(self.path, self.time.clock).peek()
        state.roll(self.time.now)
        self.assertEqual([], state.in_flight)

    def test_learns_limit_and_window_from_headers(self):
        limiter_ = self.limiter()
        limiter_.release(limiter_.acquire(), headers(40, 39, 5))
        state = limiter.StateFile(self.path).peek()
        self.assertEqual((40, 5.0, 39), (state.limit, state.window,
                                         state.remaining))
        self.assertEqual(self.time.now + 5, state.window_end)

    def test_answers_without_headers_are_not_paced(self):
        limiter_ = self.limiter()
        limiter_.release(limiter_.acquire(), {'Content-Type': 'x'})
        for _ in range(500):
            limiter_.release(limiter_.acquire(), {})
        self.assertEqual([], self.time.slept)

    def test_a_cancelled_wait_reserves_nothing(self):
        limiter_ = self.limiter()
        limiter_.exhaust(headers(150, 0, 30))
        calls = []

        def cancelled():
            calls.append(self.time.now)
            return len(calls) > 2
        self.assertRaises(errors.Cancelled, limiter_.acquire, cancelled)
        self.assertLess(sum(self.time.slept), 30)
        state = limiter.StateFile(self.path).peek()
        self.assertEqual([], state.in_flight)

    def test_429_exhausts_until_reset(self):
        limiter_ = self.limiter()
        limiter_.exhaust(headers(150, 0, 12))
        limiter_.acquire()
        self.assertAlmostEqual(12 + limiter.SAFETY, self.time.slept[0])

    def test_corrupt_or_partial_state_starts_afresh(self):
        for text in ('{not json', '[]', '{"in_flight": 3}', ''):
            with open(self.path, 'w') as handle:
                handle.write(text)
            limiter_ = self.limiter()
            limiter_.release(limiter_.acquire())
            with open(self.path) as handle:
                self.assertEqual(150, json.load(handle)['limit'])

    def test_state_file_is_per_account(self):
        env = {'XDG_CACHE_HOME': self.dir}
        one = limiter.state_path('https://a/api/v1', 'x@y', env)
        self.assertTrue(one.startswith(os.path.join(self.dir, 'alegra')))
        self.assertNotEqual(one, limiter.state_path('https://a/api/v1',
                                                    'z@y', env))
        self.assertNotEqual(one, limiter.state_path('https://b/api/v1',
                                                    'x@y', env))


class GuardedTime(FakeTime):
    """A fake clock that fails a test about to wait past one window."""

    def sleep(self, seconds):
        super().sleep(seconds)
        if not sum(self.slept) <= limiter.MAX_WINDOW + 1:
            raise AssertionError(f'waited {sum(self.slept)} s')


class TestUntrustedLimits(testtools.TestCase):
    """Headers and state files that would stall every later process."""

    POISON = (headers(150, 0, 999999), headers(0, 0, 30),
              headers(-5, 0, 30), headers(150, -1, 30),
              headers(150, 151, 30), headers(150, 0, 'inf'),
              headers(150, 0, '1e400'), headers(150, 0, 'nan'),
              headers(150, 0, '-inf'), headers('inf', 0, 30),
              headers('nan', 0, 30), headers(150, 'abc', 30),
              headers(150, 0, 61))

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.path = os.path.join(self.dir, 'state.json')
        self.time = GuardedTime()

    def limiter(self):
        return limiter.RateLimiter(self.path, clock=self.time.clock,
                                   sleep=self.time.sleep)

    def test_out_of_bounds_headers_never_poison_the_state(self):
        for poison in self.POISON:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            first = self.limiter()
            first.release(first.acquire(), poison)
            second = self.limiter()
            for _ in range(10):
                second.release(second.acquire())
            self.assertEqual([], self.time.slept, poison)
            state = limiter.StateFile(self.path).peek()
            self.assertEqual(150, state.limit, poison)

    def test_a_negative_reset_means_no_wait(self):
        limiter_ = self.limiter()
        limiter_.release(limiter_.acquire(), headers(150, 149, 30))
        limiter_.release(limiter_.acquire(), headers(150, 0, -2))
        self.limiter().acquire()
        self.assertEqual([], self.time.slept)

    def test_a_429_never_waits_past_a_window(self):
        for wait in (999999.0, float('inf'), None):
            limiter_ = self.limiter()
            limiter_.exhaust(headers(150, 0, 'inf'), wait)
            self.time.slept = []
            self.limiter().acquire()
            self.assertLessEqual(sum(self.time.slept),
                                 limiter.MAX_WINDOW + limiter.SAFETY)
            self.time.now += limiter.MAX_WINDOW

    def test_absurd_state_is_clamped_on_read(self):
        now = self.time.now
        for state in ({'window_end': now + 1e9, 'window': 1e9,
                       'remaining': 0},
                      {'window_end': float('nan'), 'remaining': 0},
                      {'limit': 0, 'remaining': 0, 'window_end': now + 5}):
            with open(self.path, 'w') as handle:
                json.dump(state, handle)
            self.time.slept = []
            self.limiter().acquire()
            self.assertLessEqual(sum(self.time.slept),
                                 limiter.MAX_WINDOW + limiter.SAFETY, state)
            peeked = limiter.StateFile(self.path, self.time.clock).peek()
            self.assertLessEqual(peeked.window_end,
                                 self.time.now + limiter.MAX_WINDOW)
            self.assertLessEqual(peeked.window, limiter.MAX_WINDOW)

    def test_reservations_from_the_far_future_expire(self):
        with open(self.path, 'w') as handle:
            json.dump({'in_flight': [self.time.now + 1e9] * 150}, handle)
        state = limiter.StateFile(self.path, self.time.clock).peek()
        self.assertEqual([self.time.now + limiter.MAX_IN_FLIGHT_TTL] * 150,
                         state.in_flight)
