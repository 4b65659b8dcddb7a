"""The sandbox for a plugin's own tests, one per test, in the test process.

:class:`SandboxFixture` starts :mod:`alegra.sandbox` on a free loopback
port, serving every installed plugin and the resources it is given, and
hands the test what it needs to reach it: the base URL, the environment
that points the ``alegra`` command line at it (with a configuration,
cache and keyring of its own), the command line itself run in-process,
and the sandbox's store to arrange records or check them directly::

    with SandboxFixture(resources=[RESOURCE]) as sandbox:
        sandbox.store.insert('projects', {'name': 'Sede norte'})
        result = sandbox.alegra('projects', 'list', '-o', 'json')

It is a context manager, and a fixture as the ``fixtures`` package
defines one (``setUp``, ``cleanUp``, ``getDetails``), so that
``self.useFixture(SandboxFixture())`` works in a testtools or stestr
suite; this module does not need ``fixtures`` installed.
:class:`SandboxMixin` gives a plain ``unittest.TestCase`` one per test.
"""

import io
import os
import shutil
import tempfile

KEYRING_BACKEND = 'keyring.backends.null.Keyring'


class Result:
    """What one ``alegra`` command did: exit code, stdout and stderr."""

    def __init__(self, code, stdout, stderr):
        self.code = code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self):
        return (f'Result(code={self.code!r}, stdout={self.stdout!r}, '
                f'stderr={self.stderr!r})')


class SandboxFixture:
    """A sandbox on ``127.0.0.1`` and a free port, started by ``setUp``
    (or ``with``) and stopped, with its files, by ``cleanUp``.

    ``resources`` are :class:`~alegra.registry.Resource` objects served
    beside every installed plugin, so that a plugin's resource can be
    served before its package is installed.  ``seed=True`` loads the demo
    company that ``alegra sandbox serve --seed`` serves; otherwise the
    sandbox holds only its user and company.  Other keywords are the sandbox's
    :class:`~alegra.sandbox.server.Options` (``rate_limit=None``,
    ``faults={'503': 0.5}``, ``email``, ``token``, ...).

    Once started: ``base_url``, ``environ``, ``store`` (the
    :class:`~alegra.sandbox.store.Store`), ``sandbox`` (the
    :class:`~alegra.sandbox.server.Sandbox`, with its ``statuses`` and
    outbox) and ``server``.
    """

    def __init__(self, resources=(), seed=False, **options):
        self.resources = tuple(resources)
        self.seed = seed
        self.options = options
        self.base_url = None
        self.environ = None
        self.store = None
        self.sandbox = None
        self.server = None
        self._home = None

    def setUp(self):
        from alegra.sandbox import server as server_module
        from alegra.sandbox import store as store_module

        self._home = tempfile.mkdtemp(prefix='alegra-sandbox-')
        try:
            options = server_module.Options(**self.options)
            served = server_module.load_resources()
            served.update((resource.path.rstrip('/'), resource)
                          for resource in self.resources)
            self.store = store_module.Store()
            self.sandbox = server_module.Sandbox(self.store, options,
                                                 resources=served)
            if self.seed:
                self.sandbox.load_seed()
            self.server = server_module.SandboxServer(self.sandbox,
                                                      '127.0.0.1', 0)
            self.base_url = self.server.start()
        except BaseException:
            self.cleanUp()
            raise
        self.environ = self._environ(options)

    def _environ(self, options):
        """This process's environment, with the ``ALEGRA_*`` variables
        replaced by those that reach the sandbox."""
        environ = {key: value for key, value in os.environ.items()
                   if not key.startswith('ALEGRA_')}
        environ.update(
            ALEGRA_BASE_URL=self.base_url,
            ALEGRA_EMAIL=options.email,
            ALEGRA_TOKEN=options.token,
            ALEGRA_CONFIG=os.path.join(self._home, 'config.ini'),
            XDG_CONFIG_HOME=os.path.join(self._home, 'config'),
            XDG_CACHE_HOME=os.path.join(self._home, 'cache'),
            PYTHON_KEYRING_BACKEND=KEYRING_BACKEND)
        return environ

    def cleanUp(self):
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self.store is not None:
            self.store.close()
            self.store = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    def getDetails(self):
        return {}

    def __enter__(self):
        self.setUp()
        return self

    def __exit__(self, *exc_info):
        self.cleanUp()

    def alegra(self, *argv, stdin=''):
        """Run ``alegra ARGV...`` in this process against the sandbox and
        return its :class:`Result`.

        The command line finds resources through their entry points, so a
        plugin's commands need its package installed (``pip install -e
        .``); ``resources`` only make the sandbox serve them.
        """
        from alegra import shell

        stdout, stderr = io.StringIO(), io.StringIO()
        code = shell.main([str(arg) for arg in argv],
                          stdin=io.StringIO(stdin), stdout=stdout,
                          stderr=stderr, environ=dict(self.environ))
        return Result(code, stdout.getvalue(), stderr.getvalue())


class SandboxMixin:
    """A fresh sandbox for every test of a ``unittest.TestCase``, as
    ``self.sandbox``: mix it in before the test case class.

    ``sandbox_resources`` and ``sandbox_seed`` are handed to
    :class:`SandboxFixture`.
    """

    sandbox_resources = ()
    sandbox_seed = False

    def setUp(self):
        super().setUp()
        self.sandbox = SandboxFixture(self.sandbox_resources,
                                      seed=self.sandbox_seed)
        self.sandbox.setUp()
        self.addCleanup(self.sandbox.cleanUp)
