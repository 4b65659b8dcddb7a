"""``alegra sandbox serve`` and ``alegra sandbox run -- COMMAND``.

Alegra has no test environment; these commands start the local emulator
(:mod:`alegra.sandbox.server`) so scripts, tests and the README's main job
run against it instead of someone's real books.
"""

import argparse
import subprocess
import threading

from alegra import command
from alegra import config
from alegra import credentials
from alegra import errors

SANDBOX_PROFILE = 'sandbox'


def _rate(text):
    from alegra.sandbox import ratelimit
    return ratelimit.parse(text)


_rate.__name__ = 'rate limit (N/SECONDS or off)'


def _faults(text):
    from alegra.sandbox import server
    return server.parse_faults(text)


_faults.__name__ = 'fault list (500=RATE,503=RATE,drop=RATE,lose=RATE)'


def port_number(text):
    """``--port``: 0 (a free port) to 65535, refused before binding."""
    port = int(text)
    if not 0 <= port <= 65535:
        raise ValueError(text)
    return port


port_number.__name__ = 'port (0-65535)'


def add_server_arguments(parser, default_port):
    group = parser.add_argument_group('sandbox')
    group.add_argument('--host', default='127.0.0.1',
                       help='address to bind (default 127.0.0.1, loopback)')
    group.add_argument('--port', type=port_number, default=default_port,
                       help=f'port (default {default_port}; 0 picks a free '
                            'one)')
    group.add_argument('--data', metavar='FILE',
                       help='SQLite file holding the state across restarts '
                            '(default: in memory)')
    group.add_argument('--seed', action='store_true',
                       help='load a small Colombian company (contacts, items,'
                            ' invoices in every status, taxes, ...) into an '
                            'empty sandbox')
    group.add_argument('--rate-limit', type=_rate, default=(150, 60.0),
                       metavar='N/SECONDS',
                       help="requests per window per user, like Alegra's "
                            '150/60 (default); off disables it')
    group.add_argument('--faults', type=_faults, default={},
                       metavar='SPEC',
                       help='answer some requests with errors: '
                            '500=0.05,503=0.02,drop=0.01,lose=0.01 (rates '
                            '0-1; drop closes before the request is read, '
                            'lose after it was carried out)')
    group.add_argument('--fault-seed', type=int,
                       help='seed for the fault dice, for repeatable runs')
    group.add_argument('--plan-gated', default='/conciliations,/reports',
                       metavar='PATHS',
                       help='path prefixes answered with 402, comma '
                            'separated (default /conciliations,/reports)')
    group.add_argument('--no-probe', action='store_true',
                       help='accept webhook subscriptions without probing '
                            'their URL')
    group.add_argument('--email', default=None,
                       help='sandbox user email (default '
                            'sandbox@alegra.test)')
    group.add_argument('--token', default=None,
                       help='sandbox API token (default: sandbox)')
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
        raise errors.cannot_listen(parsed_args.host, parsed_args.port,
                                   exc) from None
    instance.start()
    return instance


class Serve(command.AlegraCommand):
    """Run a local emulator of the Alegra API until Ctrl-C."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        add_server_arguments(parser, default_port=8585)
        parser.add_argument(
            '--write-profile', action='store_true',
            help=f'save a {SANDBOX_PROFILE!r} profile pointing at this '
                 'sandbox (token in the OS keyring when there is one)')
        return parser

    def take_action(self, parsed_args):
        if config.insecure_base_url(f'http://{parsed_args.host}'):
            self.app.warn(f'{parsed_args.host} is not a loopback address: '
                          'other machines can reach this sandbox')
        from alegra.sandbox import server
        instance = start_server(parsed_args, log=self.app.LOG.info)
        email = instance.sandbox.options.email
        if parsed_args.write_profile:
            self._write_profile(instance, parsed_args)
        # The default token is the sandbox's public test credential; a
        # token the user chose is never printed.
        token = server.DEFAULT_TOKEN if parsed_args.token is None else \
            '<your --token>'
        self.app.stderr.write(
            f'Alegra sandbox listening on {instance.base_url}\n'
            f'  export ALEGRA_BASE_URL={instance.base_url} '
            f'ALEGRA_EMAIL={email} ALEGRA_TOKEN={token}\n'
            '  Ctrl-C stops it.\n')
        self.app.stderr.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            self.app.stderr.write('sandbox stopped\n')
        finally:
            instance.stop()
            instance.sandbox.store.close()
        return errors.OK

    def _write_profile(self, instance, parsed_args):
        stored = config.ConfigFile(config.config_path(self.app.environ))
        stored.set(SANDBOX_PROFILE, 'email', instance.sandbox.options.email)
        stored.set(SANDBOX_PROFILE, 'base_url', instance.base_url)
        stored.save()
        token = instance.sandbox.options.token
        try:
            credentials.set_token(SANDBOX_PROFILE, token)
            kept = credentials.get_token(SANDBOX_PROFILE) == token
        except errors.AuthError:
            kept = False
        if not kept:
            self.app.warn('no OS keyring kept the token: with --profile '
                          'sandbox, also set ALEGRA_TOKEN to the sandbox '
                          'token')
        self.app.stderr.write(f'profile {SANDBOX_PROFILE!r} written: use '
                              f'--profile {SANDBOX_PROFILE}\n')


class Run(command.AlegraCommand):
    """Start a sandbox, run a command against it, stop it, exit as it did."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        add_server_arguments(parser, default_port=0)
        parser.add_argument('argv', nargs=argparse.REMAINDER,
                            metavar='-- COMMAND ...',
                            help='the command to run, after --')
        return parser

    def take_action(self, parsed_args):
        argv = parsed_args.argv
        if argv and argv[0] == '--':
            argv = argv[1:]
        if not argv:
            raise errors.UsageError('no command to run',
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
                f'cannot run {argv[0]}: {exc.strerror}') from None
        finally:
            instance.stop()
            instance.sandbox.store.close()

