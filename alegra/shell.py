"""The ``alegra`` cliff application and its lazy command loading.

Commands come from two entry-point groups: ``alegra.commands`` (the core's
own, such as ``auth login``) and ``alegra.resources`` (one
:class:`~alegra.registry.Resource` per plugin, turned into
``<resource> <verb>`` commands by :mod:`alegra.verbs`).  Nothing is
imported until a command is looked up, and then only the plugin it names.
"""

import gc
import logging
import os
import signal
import sys

from cliff import _argparse
from cliff import app
from cliff import commandmanager
from cliff import help as cliff_help

from alegra import __version__
from alegra import command
from alegra import config
from alegra import errors
from alegra import i18n
from alegra import registry
from alegra.i18n import _

COMMAND_GROUP = registry.COMMAND_GROUP
_SIGPIPE = 141
HOOK_NAMESPACE = 'alegra.hooks'
# Global options that take a value, so ``--profile x contacts list`` knows
# that ``x`` is not the command.
_VALUE_OPTIONS = {'--log-file', '--profile', '--base-url', '-o', '--output',
                  '--columns', '--timeout'}


class CommandManager(commandmanager.CommandManager):
    """Finds commands without importing them.

    Both groups are listed from stevedore's entry-point cache.  A command
    plugin is loaded when cliff looks it up; a resource plugin when its
    name is looked up (or when help lists everything), and then
    contributes one command per verb.  Plugins are loaded through
    stevedore, only those wanted, and a broken one is set aside with its
    one-line reason (:class:`alegra.registry.BrokenPlugin`).
    """

    def __init__(self):
        self.resource_entry_points = {}
        self.resources = {}
        self.failures = {}
        self._registered = set()
        self._surveyed = False
        super().__init__(HOOK_NAMESPACE)

    def _load_commands(self):
        for name, entry_point in registry.entry_points(COMMAND_GROUP).items():
            self.commands[name.replace('_', ' ')] = CommandEntryPoint(
                entry_point)
        self.resource_entry_points = registry.entry_points(
            registry.RESOURCE_GROUP)

    @property
    def broken(self):
        """Broken plugins by name: the one line that says why."""
        return {name: str(exc) for name, exc in self.failures.items()}

    def check(self, names):
        """Those of ``names`` whose resource plugin passes the cheap
        checks; the others are set aside in :attr:`failures`."""
        wanted = [name for name in names if name not in self.resources and
                  name not in self.failures]
        if wanted:
            self._record(registry.survey(registry.RESOURCE_GROUP, wanted))
        return [name for name in names if name in self.resources]

    def _record(self, statuses):
        for name, status in statuses.items():
            if status.ok:
                self.resources[name] = status.plugin
            else:
                self.failures[name] = status.problems[0]

    def load_resource(self, name):
        """The plugin's :class:`Resource`, its commands registered."""
        self.check([name])
        if name in self.failures:
            raise self.failures[name]
        if name not in self._registered:
            from alegra import verbs
            resource = self.resources[name]
            for verb, factory in verbs.commands_for(resource).items():
                self.add_command(f'{name} {verb}', factory)
            self._registered.add(name)
        return self.resources[name]

    def load_all(self):
        """Load every plugin, setting broken ones aside with their reason."""
        if not self._surveyed:
            self._record(registry.survey(registry.RESOURCE_GROUP))
            self._load_command_plugins()
            self._surveyed = True
        for name in sorted(self.resources):
            self.load_resource(name)

    def _load_command_plugins(self):
        """Load every command plugin at once (help lists them all): a
        broken one leaves the command list with its reason."""
        for name, status in registry.survey(COMMAND_GROUP).items():
            command_name = name.replace('_', ' ')
            entry = self.commands.get(command_name)
            if not isinstance(entry, CommandEntryPoint):
                continue
            if status.ok:
                entry.factory = status.plugin
            else:
                self.failures[command_name] = status.problems[0]
                del self.commands[command_name]

    def resource_names(self, prefix):
        return sorted(name for name in self.resource_entry_points
                      if name.startswith(prefix))

    def find_command(self, argv):
        if argv and argv[0] in self.resource_entry_points:
            self.load_resource(argv[0])
        elif argv and not argv[0].startswith('-'):
            candidates = self.resource_names(argv[0])
            if len(candidates) == 1:
                self.load_resource(candidates[0])
        return super().find_command(argv)

    def __iter__(self):
        self.load_all()
        return super().__iter__()


class CommandEntryPoint:
    """An ``alegra.commands`` entry point, loaded on lookup through
    stevedore, so that a broken command plugin is one line too."""

    def __init__(self, entry_point):
        self.entry_point = entry_point
        self.name = entry_point.name
        self.value = entry_point.value
        self.factory = None

    def load(self):
        if self.factory is None:
            status = registry.survey(COMMAND_GROUP, [self.name])[self.name]
            if not status.ok:
                raise status.problems[0]
            self.factory = status.plugin
        return self.factory


class GlobalParser(command.Parser):
    """Parses only the options that come before the command's name.

    cliff parses global options anywhere on the line, which would take a
    command's own ``-q`` (``--query``) as ``--quiet``.  Splitting at the
    command keeps each option with the command it was written for.
    """

    def parse_known_args(self, args=None, namespace=None):
        args = list(sys.argv[1:] if args is None else args)
        split = _command_start(args)
        parsed, extra = super().parse_known_args(args[:split], namespace)
        if extra:
            self.error(_('unknown option {option}').format(option=extra[0]))
        return parsed, args[split:]


def _command_start(args):
    takes_value = False
    for index, arg in enumerate(args):
        if takes_value:
            takes_value = False
        elif arg in _VALUE_OPTIONS:
            takes_value = True
        elif not arg.startswith('-'):
            return index
    return len(args)


class ConsoleFormatter(logging.Formatter):
    """Errors logged by cliff itself read like every other: ``Error: ...``
    on one line; warnings (a broken plugin the sandbox skips) read like
    :meth:`AlegraApp.warn`."""

    def format(self, record):
        text = super().format(record)
        if record.levelno >= logging.ERROR and not record.exc_info:
            return 'Error: ' + ' '.join(text.split())
        if record.levelno == logging.WARNING:
            return 'Warning: ' + text
        return text


class AlegraApp(app.App):
    """The ``alegra`` command line."""

    NAME = 'alegra'
    LOG = logging.getLogger('alegra')
    DEFAULT_VERBOSE_LEVEL = 0

    def __init__(self, stdin=None, stdout=None, stderr=None, environ=None,
                 host=None):
        self.environ = os.environ if environ is None else environ
        # What runs this command inside its own process (the MCP server's
        # call), or None: see :func:`main`.
        self.host = host
        self._settings = None
        self._command = None
        super().__init__(
            description=_('Automate your Alegra books: resources as commands, '
                          'JSON in and out, exit codes that mean something.'),
            version=__version__,
            command_manager=CommandManager(),
            stdin=stdin, stdout=stdout, stderr=stderr,
            deferred_help=True,
        )
        from alegra.commands import completion
        from alegra.commands import overview
        self.command_manager.add_command('help', overview.Help)
        # Completion is alegra's own (dynamic, plugin-aware), not cliff's.
        self.command_manager.commands.pop('complete', None)
        self.command_manager.add_command(completion.HIDDEN_NAME,
                                         completion.Complete)

    def build_option_parser(self, description, version, argparse_kwargs=None):
        parser = GlobalParser(
            description=description, add_help=False, prog=self.NAME,
            usage='alegra [options] <resource> <verb> [options]',
            formatter_class=_argparse.SmartHelpFormatter, stdout=self.stdout,
            stderr=self.stderr)
        parser.add_argument('--version', action='version',
                            version=f'{self.NAME} {version}',
                            help=_("show program's version number and exit"))
        parser.add_argument(
            '-v', '--verbose', action='count', dest='verbose_level',
            default=self.DEFAULT_VERBOSE_LEVEL,
            help=_('more detail on stderr; repeatable'))
        parser.add_argument('--log-file', help=_('also log to this file'))
        parser.add_argument('-h', '--help', dest='deferred_help',
                            action='store_true', help=_('show this help'))
        parser.add_argument('--debug', action='store_true',
                            help=_('show a traceback on errors'))
        command.add_common_options(parser, suppress_defaults=False)
        return parser

    def configure_logging(self):
        """Log to stderr through the ``alegra`` logger only.

        cliff configures the root logger, which would print every library's
        chatter and pile up handlers when the app runs more than once in a
        process (tests, the MCP server).  Run by a host, the command leaves
        the process's logging alone: the host routes its records.
        """
        if self.host is not None:
            return
        logger = logging.getLogger('alegra')
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        self._console = logging.StreamHandler(self.stderr)
        self._console.setFormatter(ConsoleFormatter())
        logger.addHandler(self._console)
        if self.options.log_file:
            try:
                log_file = logging.FileHandler(self.options.log_file)
            except OSError as exc:
                self.report(errors.UsageError(
                    _('cannot open the log file {path}: {reason}').format(
                        path=self.options.log_file,
                        reason=i18n.strerror(exc))))
                raise SystemExit(errors.USAGE) from None
            log_file.setFormatter(logging.Formatter(
                self.LOG_FILE_MESSAGE_FORMAT))
            logger.addHandler(log_file)
        self._set_console_level()

    def _set_console_level(self):
        if self.host is not None:
            return
        levels = {0: logging.WARNING, 1: logging.INFO}
        self._console.setLevel(levels.get(self.options.verbose_level,
                                          logging.DEBUG))

    def apply_command_options(self, parsed_args):
        """Options written after the command override those before it."""
        for name in ('output', 'columns', 'dry_run', 'profile', 'base_url',
                     'timeout', 'debug'):
            if name in parsed_args:
                setattr(self.options, name, getattr(parsed_args, name))
        if 'verbose_level' in parsed_args:
            self.options.verbose_level += parsed_args.verbose_level
            self._set_console_level()

    @property
    def settings(self):
        """The effective settings, resolved once per run."""
        if self._settings is None:
            from alegra import credentials
            flags = {'profile': self.options.profile,
                     'base_url': self.options.base_url,
                     'timeout': self.options.timeout,
                     'output': self.options.output}
            lookup = None if self.options.dry_run else credentials.get_token
            self._settings = config.resolve(
                flags, self.environ, lookup,
                new_profile=getattr(self._command, 'creates_profile', False))
            if config.insecure_base_url(self._settings.base_url):
                self.warn(_('{url} is not https: the token would travel '
                            'unencrypted').format(
                                url=self._settings.base_url))
        return self._settings

    def warn(self, message):
        self.stderr.write(f'Warning: {message}\n')

    def report(self, exc):
        """Print an error as one line and return its exit code."""
        self.stderr.write(exc.one_line() + '\n')
        return exc.exit_code

    def interact(self):
        """With no command, print the overview instead of opening a REPL."""
        from alegra.commands import overview
        overview.print_overview(self, self.stdout)
        raise cliff_help.HelpExit(0)

    def print_help_if_requested(self):
        if self.options.deferred_help:
            from alegra.commands import overview
            overview.print_overview(self, self.stdout)
            raise cliff_help.HelpExit(0)

    def run_subcommand(self, argv):
        try:
            self.command_manager.find_command(argv)
        except registry.BrokenPlugin as exc:
            return self.report(exc)
        except ValueError:
            wants_help = bool({'-h', '--help'} & set(argv))
            if argv[0] in self.command_manager.resource_entry_points and \
                    wants_help:
                from alegra.commands import overview
                overview.print_resource(self, argv[0], self.stdout)
                return errors.OK
            group = [] if argv[0] in self.command_manager \
                .resource_entry_points else self._group(argv)
            if group:
                if wants_help:
                    self.stdout.write(
                        _('usage: alegra {group} <command>').format(
                            group=argv[0]) + '\n\n' + _('commands:') +
                        '\n' + ''.join(f'  {name}\n' for name in group))
                    return errors.OK
                typed = ' '.join(word for word in argv
                                 if not word.startswith('-'))
                return self.report(errors.UsageError(
                    _('{typed}: missing command').format(typed=typed),
                    hint=_('choose one of: {commands}').format(
                        commands=', '.join(group))))
            return self.report(self._unknown_command(argv))
        return super().run_subcommand(argv)

    def _group(self, argv):
        """The commands under a first word that is no command itself
        (``mcp`` -> ``mcp start``, ``mcp tools``, ...)."""
        words = [word for word in argv if not word.startswith('-')]
        prefix = ' '.join(words) + ' '
        return sorted(name for name in self.command_manager.commands
                      if words and name.startswith(prefix))

    def _unknown_command(self, argv):
        import difflib

        manager = self.command_manager
        words = [word for word in argv if not word.startswith('-')]
        if words and words[0] in manager.resource_entry_points:
            verbs = sorted(name.split(' ', 1)[1] for name in manager.commands
                           if name.startswith(words[0] + ' '))
            if len(words) == 1:
                return errors.UsageError(
                    _('{resource}: missing verb').format(resource=words[0]),
                    hint=_('choose a verb: {verbs}').format(
                        verbs=', '.join(verbs)))
            return errors.UsageError(
                _('{resource} has no verb {verb}').format(
                    resource=words[0], verb=repr(words[1])),
                hint=_('its verbs are: {verbs}').format(
                    verbs=', '.join(verbs)))
        groups = set(manager.resource_entry_points) | {
            name.split(' ', 1)[0] for name in manager.commands}
        matches = difflib.get_close_matches(words[0] if words else argv[0],
                                            sorted(groups), n=3, cutoff=0.6)
        if matches:
            hint = _('did you mean: {commands}').format(
                commands=', '.join(matches))
        else:
            hint = _('see `alegra --help`')
        return errors.UsageError(
            _('{command} is not an alegra command').format(
                command=repr(' '.join(words) or argv[0])),
            hint=hint)

    def prepare_to_run_command(self, cmd):
        self._command = cmd

    def clean_up(self, cmd, result, err):
        session = getattr(self, '_session', None)
        if session is not None:
            session.close()

    def session(self):
        """The shared API session, created on the first request."""
        if getattr(self, '_session', None) is None:
            self._session = self.new_session()
        return self._session

    def new_session(self):
        """A new API session for this run (an import opens one per worker).

        A host is told of each one, so that it can abort it, and its waits
        (the rate limit, a retry's pause) are the host's, so that they end
        when the host stops the run.
        """
        from alegra import session
        if self.host is None:
            return session.ApiSession(self.settings, self.environ)
        opened = session.ApiSession(self.settings, self.environ,
                                    sleep=self.host.sleep)
        self.host.opened(opened)
        return opened


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every cleanup written for Ctrl-C
    (temporary files, the import report, the sandbox) runs for it too."""


def main(argv=None, stdin=None, stdout=None, stderr=None, environ=None,
         host=None):
    """Console entry point; returns the exit code.

    Run as the process itself (no ``argv``), SIGTERM stops the command as
    Ctrl-C does, and exits 143.  Called from Python (the MCP server, tests)
    it leaves the caller's signal handling alone.

    ``host`` is what runs commands inside its own process, several at once
    (the MCP server, :class:`alegra.mcp.calls.Call`): it keeps the
    process's logging (the command neither replaces its handlers nor adds
    its own) and is told of every API session the command opens,
    ``host.opened(session)``, so that it can stop the command from another
    thread (:meth:`alegra.session.ApiSession.abort`); the sessions wait
    with ``host.sleep(seconds)``.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    i18n.use(environ, profile=_profile_flag(arguments))
    application = AlegraApp(stdin=stdin, stdout=stdout, stderr=stderr,
                            environ=environ, host=host)
    received = []

    def terminate(signum, frame):
        received.append(signum)
        raise Terminated

    if argv is not None:
        previous = None
    else:
        previous = signal.signal(signal.SIGTERM, terminate)
    try:
        code = application.run(arguments)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else errors.GENERAL
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if argv is None:
            _skip_exit_collections()
    if code == errors.INTERRUPTED and received:
        application.stderr.write('Error: ' + _('terminated') + '\n')
        code = errors.TERMINATED
    elif code == errors.INTERRUPTED:
        application.stderr.write('Error: ' + _('interrupted') + '\n')
    elif code == _SIGPIPE and stdout is None:
        # Nobody reads stdout any more: keep the interpreter's final flush
        # from printing a second error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def _profile_flag(args):
    """The value of ``--profile`` on the command line, wherever it is
    written, so that the profile's language is known before any help or
    error is shown."""
    for index, arg in enumerate(args):
        if arg == '--':
            break
        if arg == '--profile' and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith('--profile='):
            return arg.split('=', 1)[1]
    return None


def _skip_exit_collections():
    """Keep the interpreter's last garbage collections off the objects
    alive now, as the process is about to end.

    Those collections would walk every object the imports made, only for
    the memory to go back with the process: on a slow machine they cost
    a short command tens of milliseconds (see ``benchmarks/startup.py``).
    Exit handlers (``atexit``, ``weakref.finalize``: temporary files, log
    files) still run.
    """
    gc.freeze()


if __name__ == '__main__':
    sys.exit(main())

