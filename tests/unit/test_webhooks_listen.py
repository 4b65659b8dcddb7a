"""``alegra webhooks listen`` speaks the user's language on stderr; the
events on stdout are JSON either way (tests/integration/test_webhooks_listen
runs the receiver itself)."""

import io
import logging

import fixtures

from alegra import i18n
from alegra.commands import webhooks
from alegra.sandbox import store as store_module
from alegra.sandbox import webhooks as sandbox_webhooks
from tests.unit import base


class TestListen(base.TestCase):

    def setUp(self):
        super().setUp()
        # The language a run chose outlives it: the next test starts
        # from the environment's again.
        self.addCleanup(i18n.use)

    def speak(self, language):
        i18n.use({'ALEGRA_LANG': language})

    def test_help(self):
        self.environ['ALEGRA_LANG'] = 'es'
        text = ' '.join(self.run_cli('webhooks', 'listen', '--help')
                        .stdout.split())
        self.assertIn('Recibir eventos de webhook e imprimir cada uno como '
                      'una línea JSON', text)
        self.assertIn('--forward-to URL enviar además cada evento por POST '
                      'a esta URL', text)
        self.assertIn('puerto (predeterminado: 8686; 0 elige uno libre)',
                      text)
        self.environ['ALEGRA_LANG'] = 'en'
        self.assertIn('also POST each event to this URL', self.run_cli(
            'webhooks', 'listen', '--help').stdout)

    def test_a_forward_that_fails(self):
        for language, expected in (
                ('es', 'falló el reenvío a http://127.0.0.1:1/: '),
                ('en', 'forward to http://127.0.0.1:1/ failed: ')):
            self.speak(language)
            stderr = io.StringIO()
            webhooks._forward('http://127.0.0.1:1/', b'{}', stderr)
            self.assertTrue(stderr.getvalue().startswith(expected),
                            stderr.getvalue())


class TestSandboxDeliveries(base.TestCase):
    """The sandbox's delivery log lines (shown with ``-v``)."""

    def setUp(self):
        super().setUp()
        i18n.use({'ALEGRA_LANG': 'es'})
        self.addCleanup(i18n.use)
        self.logged = self.useFixture(fixtures.FakeLogger(
            name='alegra.sandbox.webhooks', level=logging.INFO))

    def test_a_failed_post(self):
        self.assertFalse(sandbox_webhooks.post('http://127.0.0.1:1/', None))
        self.assertIn('falló el POST del webhook a http://127.0.0.1:1/: ',
                      self.logged.output)

    def test_a_subscription_dropped_after_failures(self):
        store = store_module.Store()
        self.addCleanup(store.close)
        subscription = store.insert(sandbox_webhooks.RESOURCE, {
            'event': 'new-invoice', 'url': 'h.test/x',
            'failures': sandbox_webhooks.MAX_FAILURES - 1})
        dispatcher = sandbox_webhooks.Dispatcher(
            store, send=lambda url, payload: False)
        self.addCleanup(dispatcher.stop)
        dispatcher._deliver(subscription, {})
        self.assertIn('se elimina la suscripción de webhook '
                      f"{subscription['id']} tras 10 fallos",
                      self.logged.output)
        self.assertIsNone(store.get(sandbox_webhooks.RESOURCE,
                                    subscription['id']))
