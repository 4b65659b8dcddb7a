"""The base of every ``alegra`` command: common options, settings, errors.

Each command accepts ``-o``, ``--columns``, ``--dry-run``, ``--profile``,
``--base-url``, ``--timeout``, ``--debug`` and ``-v`` after its name (where
scripts put them) as well as before it (see :mod:`alegra.shell`).  A
failure leaves as one ``Error: ...`` line on stderr and the exit code of
its class.
"""

import argparse
import re
import sys
import traceback

from cliff import _argparse
from cliff import command

from alegra import config
from alegra import errors
from alegra import request as api_request
from alegra.i18n import _
from alegra.output import formats


class Parser(_argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2.

    The epilog is computed only when help is printed, since working it out
    costs a scan of installed distributions.
    """

    def __init__(self, *args, stdout=None, stderr=None, epilog_factory=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.epilog_factory = epilog_factory

    def _print_message(self, message, file=None):
        # Help and --version go to the app's stdout, which tests replace.
        if file is None or file is sys.stdout:
            file = self.stdout
        super()._print_message(message, file)

    def format_help(self):
        if self.epilog_factory is not None:
            self.epilog = self.epilog_factory()
        return super().format_help()

    def error(self, message):
        usage = errors.UsageError(
            f'{self.prog}: {message}',
            hint=_('see `{command} --help`').format(command=self.prog))
        self.stderr.write(usage.one_line() + '\n')
        raise SystemExit(errors.USAGE)


class ArgumentType:
    """An argparse ``type=``: ``parse`` (raising ValueError on bad text),
    its ``name`` for argparse's "invalid NAME value" error, an ``N_()``
    text translated when the error is shown, and the JSON Schema of its
    values, which an MCP tool's input schema takes (``None``: a string)."""

    def __init__(self, parse, name, schema=None):
        self.parse = parse
        self.name = name
        self.schema = schema
        self.__doc__ = parse.__doc__

    def __call__(self, text):
        return self.parse(text)

    @property
    def __name__(self):
        return _(self.name)


def whole_number(name, minimum, maximum=None):
    """An :class:`ArgumentType` for a whole number within bounds."""
    def parse(text):
        value = int(text)
        if value < minimum or (maximum is not None and value > maximum):
            raise ValueError(text)
        return value

    schema = {'type': 'integer', 'minimum': minimum}
    if maximum is not None:
        schema['maximum'] = maximum
    return ArgumentType(parse, name, schema)


# cliff's English note on a command plugin's package (Command.get_epilog).
_CLIFF_PROVIDED_BY = re.compile(r'This command is provided by the (\S+) '
                                r'plugin\.')


def provided_by(dist):
    """The note on the package ``dist`` that provides a plugin's command."""
    return _('This command is provided by the {dist} plugin.').format(
        dist=dist)


def add_common_options(parser, suppress_defaults):
    """The options every command takes, also accepted before the command.

    On a command the defaults are suppressed, so that a value given before
    the command is not overwritten by a default after it.
    """
    default = argparse.SUPPRESS if suppress_defaults else None
    group = parser.add_argument_group(_('common options'))
    group.add_argument(
        '-o', '--output', choices=config.OUTPUT_FORMATS, default=default,
        help=_('output format (default: $ALEGRA_OUTPUT, then the profile, '
               'else table)'))
    group.add_argument(
        '--columns', default=default, metavar='A,B,C.D',
        help=_('columns to show, comma separated; a dotted name reads a '
               'nested field (client.name)'))
    group.add_argument(
        '--dry-run', action='store_true', default=default,
        help=_('print the request that would be sent, and a curl line, '
               'without sending it; bodies are still checked'))
    group.add_argument(
        '--profile', default=default,
        help=_('profile from the config file (default: $ALEGRA_PROFILE, '
               'then the default profile)'))
    group.add_argument(
        '--base-url', default=default,
        help=_('API base URL (default: $ALEGRA_BASE_URL, then the profile, '
               'else {url})').format(url=config.DEFAULT_BASE_URL))
    group.add_argument(
        '--timeout', default=default, metavar='SECONDS',
        help=_('longest time one attempt of a request may take, from '
               'connecting to the last byte of the answer (default: '
               '$ALEGRA_TIMEOUT, then the profile, else 60)'))
    return group


class AlegraCommand(command.Command):
    """A command with alegra's common options and error handling."""

    def get_description(self):
        """The command's help (cliff's: its docstring, or
        ``_description``) in this run's language."""
        return _(super().get_description())

    def get_epilog(self):
        """cliff's epilog, its note on the package that provides a command
        plugin in this run's language."""
        return _CLIFF_PROVIDED_BY.sub(lambda match: provided_by(match[1]),
                                      super().get_epilog())

    def get_parser(self, prog_name):
        parser = Parser(
            description=self.get_description(),
            epilog_factory=self.get_epilog,
            prog=prog_name,
            formatter_class=_argparse.SmartHelpFormatter,
            stdout=self.app.stdout,
            stderr=self.app.stderr,
        )
        add_common_options(parser, suppress_defaults=True)
        parser.add_argument('--debug', action='store_true',
                            default=argparse.SUPPRESS,
                            help=_('show a traceback on errors'))
        parser.add_argument('-v', '--verbose', action='count',
                            default=argparse.SUPPRESS, dest='verbose_level',
                            help=_('more detail on stderr; repeatable'))
        for hook in self._hooks:
            if hook.obj is not None:
                hook.obj.get_parser(parser)
        return parser

    def run(self, parsed_args):
        """Run the command, turning failures into one line and an exit code."""
        self.app.apply_command_options(parsed_args)
        try:
            return super().run(parsed_args)
        except BrokenPipeError:
            raise  # the reader went away (| head): cliff exits 141 quietly
        except errors.AlegraError as exc:
            self._traceback()
            return self.app.report(exc)
        except Exception as exc:
            self._traceback()
            return self.app.report(errors.AlegraError(
                _('unexpected {type}: {error}').format(
                    type=type(exc).__name__, error=exc),
                hint=None if self.app.options.debug else
                _('run again with --debug for the traceback')))

    def _traceback(self):
        if self.app.options.debug:
            traceback.print_exc(file=self.app.stderr)

    # Shortcuts the verbs share.

    @property
    def options(self):
        """The merged global and command options."""
        return self.app.options

    @property
    def settings(self):
        return self.app.settings

    def send(self, request):
        """Send through the shared session (or only show, on --dry-run)."""
        if self.options.dry_run:
            self.show_dry_run(request)
            return None
        return self.app.session().send(request)

    def show_dry_run(self, request):
        """Print a request instead of sending it, credentials redacted."""
        description = request.describe(self.settings.base_url)
        if self.settings.output in ('json', 'yaml'):
            self.printer().record(description)
        else:
            self.app.stdout.write(api_request.render_dry_run(description))

    def dry_run_local(self, change):
        """On --dry-run, say what a local change (config, keyring) would be
        and return True, so the caller skips it.

        ``change`` is in this run's language, a verb phrase that completes
        "dry run: would ..." (``_('remove {key} from profile {profile}')``).
        """
        if self.options.dry_run:
            self.app.stdout.write(
                _('dry run: would {change}').format(change=change) + '\n')
        return bool(self.options.dry_run)

    def state(self, word):
        """A word that names a state (``authenticated``, an ``N_()``
        text): in the run's language in a table, for a person; as it is in
        every other format, where scripts compare it."""
        return _(word) if self.output_format() == 'table' else word

    def output_format(self):
        """The output format, also when the config file does not parse:
        commands that report on the setup (doctor, plugins) still print."""
        try:
            return self.settings.output
        except errors.AlegraError:
            return self.options.output or 'table'

    def printer(self, output=None):
        columns = self.options.columns
        return formats.Printer(
            output or self.settings.output, self.app.stdout,
            columns=[c.strip() for c in columns.split(',') if c.strip()]
            if columns else None)
