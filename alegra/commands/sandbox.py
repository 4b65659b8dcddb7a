"""``alegra sandbox serve`` and ``alegra sandbox run -- COMMAND``.

Alegra has no test environment; these commands start the local emulator
(:mod:`alegra.sandbox.server`) so scripts, tests and the README's main job
run against it instead of someone's real books.

``sandbox serve`` listens on port 8585 unless told otherwise; when that
port is taken, the error suggests ``--port 0`` (a free port).  With
``--write-profile`` it saves a ``sandbox`` profile with the port actually
listened on; a port picked by ``--port 0`` changes with every start, so
it then warns that the profile works only while this sandbox runs.
"""

import argparse
import errno
import subprocess
import threading

from alegra import command
from alegra import config
from alegra import credentials
from alegra import errors
from alegra import i18n
from alegra.i18n import N_
from alegra.i18n import _

SANDBOX_PROFILE = 'sandbox'
SERVE_PORT = 8585
# What bind() fails with when another socket has the port.
_PORT_TAKEN = {errno.EADDRINUSE, getattr(errno, 'WSAEADDRINUSE', None)}


def _parse_rate(text):
    from alegra.sandbox import ratelimit
    return ratelimit.parse(text)


def _parse_faults(text):
    from alegra.sandbox import server
    return server.parse_faults(text)


_rate = command.ArgumentType(_parse_rate,
                             N_('rate limit (N/SECONDS or off)'))
_faults = command.ArgumentType(
    _parse_faults,
    N_('fault list (500=RATE,503=RATE,drop=RATE,lose=RATE)'))
# --port: 0 (a free port) to 65535, refused before binding.
port_number = command.whole_number(N_('port (0-65535)'), 0, 65535)


def add_server_arguments(parser, default_port):
    group = parser.add_argument_group(_('sandbox'))
    group.add_argument('--host', default='127.0.0.1',
                       help=_('address to bind (default 127.0.0.1, '
                              'loopback)'))
    group.add_argument('--port', type=port_number, default=default_port,
                       help=_('port (default {port}; 0 picks a free '
                              'one)').format(port=default_port))
    group.add_argument('--data', metavar='FILE',
                       help=_('SQLite file holding the state across '
                              'restarts (default: in memory)'))
    group.add_argument('--seed', action='store_true',
                       help=_('load a small Colombian company (contacts, '
                              'items, invoices in every status, taxes, ...) '
                              'into an empty sandbox'))
    group.add_argument('--rate-limit', type=_rate, default=(150, 60.0),
                       metavar='N/SECONDS',
                       help=_("requests per window per user, like Alegra's "
                              '150/60 (default); off disables it'))
    group.add_argument('--faults', type=_faults, default={},
                       metavar='SPEC',
                       help=_('answer some requests with errors: '
                              '500=0.05,503=0.02,drop=0.01,lose=0.01 (rates '
                              '0-1; drop closes before the request is read, '
                              'lose after it was carried out)'))
    group.add_argument('--fault-seed', type=int,
                       help=_('seed for the fault dice, for repeatable runs'))
    group.add_argument('--plan-gated', default='/conciliations,/reports',
                       metavar='PATHS',
                       help=_('path prefixes answered with 402, comma '
                              'separated (default /conciliations,/reports)'))
    group.add_argument('--no-probe', action='store_true',
                       help=_('accept webhook subscriptions without probing '
                              'their URL'))
    group.add_argument('--email', default=None,
                       help=_('sandbox user email (default '
                              'sandbox@alegra.test)'))
    group.add_argument('--token', default=None,
                       help=_('sandbox API token (default: sandbox)'))
    return group


def start_server(parsed_args, log=None):
    """Open the store, seed it if asked, and serve in a thread."""
    from alegra.sandbox import server
    from alegra.sandbox import store as store_module

    options = server.Options(
        email=parsed_args.email or server.DEFAULT_EMAIL,
        token=parsed_args.token or server.DEFAULT_TOKEN,
        rate_limit=parsed_args.rate_limit,
        plan_gated=tuple(path.strip() for path in
                         parsed_args.plan_gated.split(',') if path.strip()),
        faults=parsed_args.faults,
        fault_seed=parsed_args.fault_seed,
        probe_webhooks=not parsed_args.no_probe)
    store = store_module.Store(parsed_args.data)
    sandbox = server.Sandbox(store, options)
    if parsed_args.seed:
        sandbox.load_seed()
    try:
        instance = server.SandboxServer(sandbox, parsed_args.host,
                                        parsed_args.port, log=log)
    except OSError as exc:
        store.close()
        error = errors.cannot_listen(parsed_args.host, parsed_args.port, exc)
        if exc.errno in _PORT_TAKEN and parsed_args.port:
            error.hint = _('another program uses port {port}: pass --port 0 '
                           'to listen on a free one, or choose another '
                           '--port').format(port=parsed_args.port)
        raise error from None
    instance.start()
    return instance


class Serve(command.AlegraCommand):
    """Run a local emulator of the Alegra API until Ctrl-C.

    It listens on port 8585 unless --port says otherwise; --port 0 picks a
    free port. --write-profile saves a 'sandbox' profile pointing at the
    port actually listened on. A port picked by --port 0 changes with
    every start, so that profile works only while this sandbox runs (a
    warning says so): keep a fixed --port for a lasting profile."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        add_server_arguments(parser, default_port=SERVE_PORT)
        parser.add_argument(
            '--write-profile', action='store_true',
            help=_('save a {profile!r} profile pointing at this sandbox '
                   '(its token in the OS keyring when there is one, else '
                   'the public default token in the config file); with '
                   '--port 0 the profile names the port picked, so it works '
                   'only while this sandbox runs').format(
                       profile=SANDBOX_PROFILE))
        return parser

    def take_action(self, parsed_args):
        if config.insecure_base_url(f'http://{parsed_args.host}'):
            self.app.warn(_('{host} is not a loopback address: other '
                            'machines can reach this sandbox').format(
                                host=parsed_args.host))
        from alegra.sandbox import server
        instance = start_server(parsed_args, log=self.app.LOG.info)
        email = instance.sandbox.options.email
        if parsed_args.write_profile:
            self._write_profile(instance, parsed_args)
        # The default token is the sandbox's public test credential; a
        # token the user chose is never printed.
        token = server.DEFAULT_TOKEN if parsed_args.token is None else \
            _('<your --token>')
        self.app.stderr.write(
            _('Alegra sandbox listening on {url}').format(
                url=instance.base_url) + '\n' +
            f'  export ALEGRA_BASE_URL={instance.base_url} '
            f'ALEGRA_EMAIL={email} ALEGRA_TOKEN={token}\n' +
            '  ' + _('Ctrl-C stops it.') + '\n')
        self.app.stderr.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            self.app.stderr.write(_('sandbox stopped') + '\n')
        finally:
            instance.stop()
            instance.sandbox.store.close()
        return errors.OK

    def _write_profile(self, instance, parsed_args):
        """The ``sandbox`` profile: email and base URL (the port listened
        on) in the config file; the token in the keyring, else, when it
        is the public default one, in the config file."""
        from alegra.sandbox import server

        token = instance.sandbox.options.token
        try:
            credentials.set_token(SANDBOX_PROFILE, token)
            kept = credentials.get_token(SANDBOX_PROFILE) == token
        except errors.AuthError:
            kept = False
        public = token == server.DEFAULT_TOKEN
        stored = config.ConfigFile(config.config_path(self.app.environ))
        stored.set(SANDBOX_PROFILE, 'email', instance.sandbox.options.email)
        stored.set(SANDBOX_PROFILE, 'base_url', instance.base_url)
        if not kept and public:
            # No secret: the sandbox prints it, and it opens no real books.
            stored.set_token(SANDBOX_PROFILE, token)
        else:
            stored.remove_token(SANDBOX_PROFILE)
        stored.save()
        if not kept and public:
            self.app.warn(_('no OS keyring kept the token: the public '
                            'sandbox token is kept in the config file {path} '
                            'instead').format(path=stored.path))
        elif not kept:
            self.app.warn(_('no OS keyring kept the token: with --profile '
                            'sandbox, also set ALEGRA_TOKEN to the sandbox '
                            'token'))
        if parsed_args.port == 0:
            self.app.warn(_('profile {profile!r} points at port {port}, '
                            'picked for this run: it works only while this '
                            'sandbox runs; pass a fixed --port (such as '
                            '{default}) for a lasting profile').format(
                                profile=SANDBOX_PROFILE,
                                port=instance.server_address[1],
                                default=SERVE_PORT))
        self.app.stderr.write(
            _('profile {profile!r} written: use --profile {name}').format(
                profile=SANDBOX_PROFILE, name=SANDBOX_PROFILE) + '\n')


class Run(command.AlegraCommand):
    """Start a sandbox, run a command against it, stop it, exit as it did."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        add_server_arguments(parser, default_port=0)
        parser.add_argument('argv', nargs=argparse.REMAINDER,
                            metavar='-- COMMAND ...',
                            help=_('the command to run, after --'))
        return parser

    def take_action(self, parsed_args):
        argv = parsed_args.argv
        if argv and argv[0] == '--':
            argv = argv[1:]
        if not argv:
            raise errors.UsageError(_('no command to run'),
                                    hint='alegra sandbox run -- COMMAND ...')
        instance = start_server(parsed_args, log=self.app.LOG.info)
        sandbox_options = instance.sandbox.options
        environ = dict(self.app.environ,
                       ALEGRA_BASE_URL=instance.base_url,
                       ALEGRA_EMAIL=sandbox_options.email,
                       ALEGRA_TOKEN=sandbox_options.token)
        environ.pop('ALEGRA_PROFILE', None)
        try:
            return subprocess.call(argv, env=environ)
        except OSError as exc:
            raise errors.UsageError(
                _('cannot run {command}: {reason}').format(
                    command=argv[0], reason=i18n.strerror(exc))) from None
        finally:
            instance.stop()
            instance.sandbox.store.close()

