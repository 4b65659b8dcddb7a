"""``alegra mcp start|tools`` and the editor wiring (``mcp claude ...``).

``mcp`` (the SDK, slow to import) is loaded only by ``mcp start``.
"""

import json
import os
import shlex
import shutil
import sys

from alegra import command
from alegra import config
from alegra import errors
from alegra import files
from alegra.commands.sandbox import port_number
from alegra.i18n import N_
from alegra.i18n import _
from alegra.i18n import ngettext
from alegra.output import pipe

SECRET_WORDS = ('TOKEN', 'SECRET', 'PASSWORD', 'KEY')
_GLOB = '*?['


def _names(text):
    return tuple(name.strip() for name in (text or '').split(',')
                 if name.strip())


def _few(names, most=3):
    shown = ', '.join(names[:most])
    if len(names) <= most:
        return shown
    more = len(names) - most
    return ngettext('{names} and {count} more', '{names} and {count} more',
                    more).format(names=shown, count=more)


def _policy(cmd, parsed_args, specs):
    """The policy the options ask for, checked against the tools: a name
    or glob that matches nothing, an unknown toolset, or a server left
    with no tool is a usage error; an exact --allow name that another
    option hides is a warning."""
    from alegra.mcp import policy as policy_module
    from alegra.mcp import toolsets
    allow, deny = _names(parsed_args.allow), _names(parsed_args.deny)
    unknown = [pattern for pattern in allow + deny
               if not any(policy_module.matches(name, (pattern,))
                          for name in specs)]
    if unknown:
        raise errors.UsageError(
            _('no such tool: {names}').format(names=', '.join(unknown)),
            hint=_('alegra mcp tools --toolsets all lists them'))
    chosen = parsed_args.toolsets
    if chosen is None:
        # An --allow list picks tools itself: from every toolset.
        chosen = toolsets.ALL if allow else ','.join(toolsets.DEFAULT)
    try:
        enabled = toolsets.parse(chosen, specs)
    except ValueError as exc:
        raise errors.UsageError(str(exc)) from None
    policy = policy_module.Policy(
        read_only=parsed_args.read_only, allow=allow, deny=deny,
        allow_destructive=parsed_args.allow_destructive,
        dry_run=bool(cmd.options.dry_run), toolsets=enabled)
    hiders = _hiders(policy, explicit_toolsets=parsed_args.toolsets)
    tools = [spec for name, spec in specs.items()
             if name not in toolsets.META]
    if not any(policy.exposes(spec) for spec in tools):
        raise errors.UsageError(_('no tool to offer: {reason}').format(
            reason=_why_none(policy, tools, hiders,
                             parsed_args.toolsets is not None)))
    for pattern in allow:
        spec = specs.get(pattern)
        if spec is None or any(char in pattern for char in _GLOB):
            continue
        for flag, keeps in hiders:
            if not keeps(spec):
                cmd.app.warn(_('{option} hides {tool}, which --allow '
                               'names').format(option=flag, tool=pattern))
                break
    return policy


def _hiders(policy, explicit_toolsets):
    """The options that may hide a tool --allow names, with the test each
    makes."""
    from alegra.mcp import policy as policy_module
    from alegra.mcp import toolsets
    found = []
    if policy.toolsets is not None and explicit_toolsets is not None:
        found.append(('--toolsets', lambda spec: toolsets.toolset_of(spec)
                      in policy.toolsets))
    if policy.read_only:
        found.append(('--read-only', lambda spec: spec.changes_nothing))
    if policy.deny:
        found.append(('--deny', lambda spec: not policy_module.matches(
            spec.name, policy.deny)))
    return found


def _why_none(policy, tools, hiders, explicit_toolsets):
    """Which option hid which of the tools the others offered."""
    from alegra.mcp import policy as policy_module
    from alegra.mcp import toolsets
    if policy.allow:
        pool = [spec for spec in tools
                if policy_module.matches(spec.name, policy.allow)]
        if not pool:
            return _('--allow names only the toolset tools')
        if len(pool) == 1:
            # One tool hidden by one option.
            template = _('{reason}, the only tool --allow names')
        else:
            template = _('of the {count} tools --allow names, {reasons}')
    else:
        # Without --allow only read-only and deny hide within toolsets.
        pool = [spec for spec in tools if policy.toolsets is None or
                toolsets.toolset_of(spec) in policy.toolsets]
        hiders = [(flag, keeps) for flag, keeps in hiders
                  if flag != '--toolsets']
        if not pool:
            return _('--toolsets names no toolset')
        if policy.toolsets is None:
            template = _('of every tool, {reasons}')
        elif explicit_toolsets:
            template = _('of the tools of --toolsets {toolsets}, {reasons}')
        else:
            template = _('of the tools of the default toolsets, {reasons}')
    reasons = []
    count = len(pool)
    for flag, keeps in hiders:
        hidden = [spec.name for spec in pool if not keeps(spec)]
        if hidden:
            reasons.append(_('{option} hides {tools}').format(
                option=flag, tools=_few(hidden)))
        pool = [spec for spec in pool if keeps(spec)]
    return template.format(
        reason=reasons[0] if reasons else '', reasons='; '.join(reasons),
        count=count, toolsets=','.join(sorted(policy.toolsets or ())))


def _bridge(cmd, parsed_args):
    from alegra.mcp import server
    from alegra.mcp import tools
    specs = tools.build(cmd.app)
    policy = _policy(cmd, parsed_args, specs)
    global_argv = []
    if cmd.options.profile:
        global_argv += ['--profile', cmd.options.profile]
    if cmd.options.base_url:
        global_argv += ['--base-url', cmd.options.base_url]
    return server.Bridge(specs, policy, global_argv, cmd.app.environ)


def _add_policy_arguments(parser):
    group = parser.add_argument_group(_('tools'))
    group.add_argument(
        '--toolsets', metavar='NAME,...|all',
        help=_('toolsets to offer at start: per resource NAME (reading), '
               'NAME_write (creating and changing), NAME_destructive '
               '(cannot be undone), NAME_bulk (import, export), and account '
               '(doctor, limits); all for every tool. Default: reading '
               'contacts, items, invoices, payments, bills, company and '
               'reports, and creating and changing contacts, items, '
               'invoices and payments (all, with --allow). An agent enables '
               'others while the server runs; --list-toolsets of mcp tools '
               'lists them'))
    group.add_argument('--read-only', action='store_true',
                       help=_('expose only the tools that change nothing, '
                              'neither the account nor files'))
    group.add_argument('--allow', metavar='TOOL,...',
                       help=_('expose only these tools; globs such as '
                              "'alegra_invoices_*' match names"))
    group.add_argument('--deny', metavar='TOOL,...',
                       help=_('never expose these tools (globs too); wins '
                              'over --allow'))
    group.add_argument('--allow-destructive', action='store_true',
                       help=_('run destructive tools (delete, void, stamp, '
                              '...) without a confirm=true argument'))


class Start(command.AlegraCommand):
    """Serve alegra's commands as MCP tools (stdio, or --http)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--http', action='store_true',
                            help=_('serve streamable HTTP instead of stdio'))
        parser.add_argument('--host', default='127.0.0.1',
                            help=_('HTTP address (default 127.0.0.1)'))
        parser.add_argument('--port', type=port_number, default=8787,
                            help=_('HTTP port (default 8787)'))
        _add_policy_arguments(parser)
        return parser

    def take_action(self, parsed_args):
        from alegra.mcp import server as mcp_server
        bridge = _bridge(self, parsed_args)
        server = mcp_server.build_server(bridge)
        if parsed_args.http:
            import uvicorn
            if config.insecure_base_url(f'http://{parsed_args.host}'):
                self.app.warn(_('{host} is not a loopback address: anyone '
                                'who reaches it can use your Alegra account '
                                'through these tools').format(
                                    host=parsed_args.host))
            app = server.streamable_http_app(
                streamable_http_path='/mcp', stateless_http=True,
                json_response=True, host=parsed_args.host)
            self.app.stderr.write(
                _('MCP server on http://{host}:{port}/mcp').format(
                    host=parsed_args.host, port=parsed_args.port) + '\n')
            uvicorn.run(app, host=parsed_args.host, port=parsed_args.port,
                        log_level='warning')
            return errors.OK
        mcp_server.serve_stdio(server)
        return errors.OK


class Tools(command.AlegraCommand):
    """Print the MCP tools a server with these options lists, as JSON."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_policy_arguments(parser)
        parser.add_argument('--list-toolsets', action='store_true',
                            help=_('print the toolsets instead: name, tool '
                                   'count, whether enabled, what they hold'))
        return parser

    def take_action(self, parsed_args):
        from alegra import jsonio
        from alegra.mcp import server
        from alegra.mcp import toolsets
        bridge = _bridge(self, parsed_args)
        if parsed_args.list_toolsets:
            self.printer().records(
                toolsets.catalog(bridge.specs, bridge.policy),
                ('name', 'tools', 'enabled', 'description'))
            return errors.OK
        pipe.write(self.app.stdout,
                   jsonio.dumps(server.describe(bridge)) + '\n')
        return errors.OK


# What each client is called, and which files it reads.
APPS = {'desktop': 'Claude Desktop', 'code': 'Claude Code',
        'cursor': 'Cursor'}


def _config_path(app, environ):
    home = environ.get('HOME') or os.path.expanduser('~')
    if app == 'cursor':
        return os.path.join(home, '.cursor', 'mcp.json')
    if app == 'code':
        # User scope: the top-level mcpServers of Claude Code's own file.
        return os.path.join(home, '.claude.json')
    if sys.platform == 'darwin':
        base = os.path.join(home, 'Library', 'Application Support')
    elif sys.platform == 'win32':
        base = environ.get('APPDATA') or os.path.join(home, 'AppData',
                                                      'Roaming')
    else:
        base = environ.get('XDG_CONFIG_HOME') or os.path.join(home,
                                                              '.config')
    return os.path.join(base, 'Claude', 'claude_desktop_config.json')


def alegra_command(argv0=None, executable=None):
    """The absolute command line that starts the running ``alegra``.

    A client starts servers with its own ``PATH``, often without the
    virtualenv's: the console script that is running (``sys.argv[0]``),
    else the one beside this Python, else this Python with ``-m``.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = executable or sys.executable
    if os.path.basename(argv0).split('.')[0] == 'alegra':
        path = os.path.abspath(argv0)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return [path]
    found = shutil.which('alegra', path=os.path.dirname(executable))
    if found:
        return [os.path.abspath(found)]
    return [os.path.abspath(executable), '-m', 'alegra.shell']


class _ClientConfig(command.AlegraCommand):
    """Base of ``mcp claude|cursor enable|disable|status``."""

    client = 'claude'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        if self.client == 'claude':
            parser.add_argument(
                '--app', choices=('desktop', 'code'),
                help=_('only Claude Desktop or only Claude Code (default: '
                       'both; Claude Code where ~/.claude.json exists)'))
        parser.add_argument(
            '--config-path', metavar='FILE',
            help=_("this config file instead of the usual one (Claude "
                   "Desktop's, or Claude Code's with --app code)")
            if self.client == 'claude' else
            _('this config file instead of the usual one'))
        parser.add_argument('--server-name', default='alegra',
                            help=_('the entry name (default alegra)'))
        return parser

    def targets(self, parsed_args):
        """``(app, path, required)`` for each file to look at; a file
        that is not required is left alone when it does not exist."""
        if self.client != 'claude':
            return [(self.client, parsed_args.config_path or
                     _config_path(self.client, self.app.environ), True)]
        app = parsed_args.app
        if parsed_args.config_path:
            return [(app or 'desktop', parsed_args.config_path, True)]
        if app:
            return [(app, _config_path(app, self.app.environ), True)]
        return [('desktop', _config_path('desktop', self.app.environ),
                 True),
                ('code', _config_path('code', self.app.environ), False)]

    def load(self, path):
        try:
            with open(path, encoding='utf-8') as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return {}
        except ValueError as exc:
            raise errors.InvalidInput(
                _('{path} is not valid JSON: {reason}').format(
                    path=path, reason=exc),
                hint=_('fix it by hand first; nothing was changed')) \
                from None
        if not isinstance(data, dict) or not isinstance(
                data.get('mcpServers', {}), dict):
            raise errors.InvalidInput(
                _('{path} does not hold a JSON object with an mcpServers '
                  'object').format(path=path),
                hint=_('nothing was changed'))
        return data

    def save(self, path, data):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with files.atomic_writer(path, mode=0o600) as stream:
            stream.write(json.dumps(data, indent=2, ensure_ascii=False)
                         + '\n')

    def command_line(self):
        """The server's command line, the executable's path absolute."""
        args = ['mcp', 'start']
        profile = self.options.profile or \
            self.app.environ.get('ALEGRA_PROFILE')
        if profile:
            args += ['--profile', profile]
        return alegra_command() + args

    def entry(self, app):
        line = self.command_line()
        entry = {'command': line[0], 'args': line[1:]}
        if app == 'code':
            entry = {'type': 'stdio', **entry}
        return entry

    def claude_code_line(self, name):
        return (f'claude mcp add --scope user {shlex.quote(name)} -- '
                + shlex.join(self.command_line()))


class Enable(_ClientConfig):
    """Add the alegra server to the client's MCP config (others kept)."""

    def take_action(self, parsed_args):
        name = parsed_args.server_name
        # Every file is read before any is written: one that cannot be
        # changed leaves them all as they were.
        loaded, missing = [], []
        for app, path, required in self.targets(parsed_args):
            if required or os.path.exists(path):
                loaded.append((app, path, self.load(path)))
            else:
                missing.append((app, path))
        written = []
        for app, path, data in loaded:
            servers = data.setdefault('mcpServers', {})
            kept = servers.get(name)
            # Keep what the user added by hand (an env block, say).
            servers[name] = {**(kept if isinstance(kept, dict) else {}),
                             **self.entry(app)}
            if self.dry_run_local(_('write the {name!r} entry to {path}')
                                  .format(name=name, path=path)):
                continue
            self.save(path, data)
            written.append(f'{path} ({APPS[app]})')
        if not written:
            return errors.OK
        if len(written) > 1:
            added = _('{name!r} added to {first} and {second}; restart '
                      'them.').format(name=name, first=written[0],
                                      second=written[1])
        else:
            added = _('{name!r} added to {path}; restart the client.') \
                .format(name=name, path=written[0])
        self.app.stderr.write(added + '\n' + _(
            'The server starts as: {command}').format(
                command=shlex.join(self.command_line())) + '\n')
        if self.client == 'claude' and 'code' not in \
                [app for app, _path, _data in loaded]:
            line = self.claude_code_line(name)
            if missing:
                text = _('For Claude Code ({path} not found): {command}') \
                    .format(path=missing[0][1], command=line)
            else:
                text = _('For Claude Code: {command}').format(command=line)
            self.app.stderr.write(text + '\n')
        return errors.OK


class Disable(_ClientConfig):
    """Remove the alegra server from the client's MCP config."""

    def take_action(self, parsed_args):
        name = parsed_args.server_name
        for app, path, _required in self.targets(parsed_args):
            data = self.load(path)
            servers = data.get('mcpServers', {})
            if name not in servers:
                self.app.stderr.write(
                    _('no {name!r} entry in {path} ({app})').format(
                        name=name, path=path, app=APPS[app]) + '\n')
                continue
            if self.dry_run_local(_('remove {name!r} from {path}').format(
                    name=name, path=path)):
                continue
            del servers[name]
            self.save(path, data)
            self.app.stderr.write(
                _('{name!r} removed from {path} ({app})').format(
                    name=name, path=path, app=APPS[app]) + '\n')
        return errors.OK


class Status(_ClientConfig):
    """Show whether the client's MCP config has the alegra server."""

    def take_action(self, parsed_args):
        found = []
        for app, path, _required in self.targets(parsed_args):
            entry = self.load(path).get('mcpServers', {}).get(
                parsed_args.server_name)
            if isinstance(entry, dict) and isinstance(entry.get('env'),
                                                      dict):
                entry = dict(entry, env={
                    key: '********' if any(word in key.upper()
                                           for word in SECRET_WORDS)
                    else value for key, value in entry['env'].items()})
            found.append({'app': APPS[app], 'config_file': path,
                          'enabled': entry is not None, 'entry': entry})
        self.printer().records(found, ('app', 'config_file', 'enabled',
                                       'entry'))
        return errors.OK


def _for(client, base, doc):
    """The command of one client; ``doc`` (its help) is marked with
    ``N_`` so that the catalog has it, and translated where it is shown."""
    return type(f'{base.__name__}{client.capitalize()}', (base,),
                {'client': client, '__doc__': doc, '__module__': __name__})


ClaudeEnable = _for('claude', Enable, N_(
    "Add the alegra server to Claude Desktop's and Claude Code's MCP "
    "config (others kept)."))
ClaudeDisable = _for('claude', Disable, N_(
    "Remove the alegra server from Claude Desktop's and Claude Code's MCP "
    "config."))
ClaudeStatus = _for('claude', Status, N_(
    "Show whether Claude Desktop's and Claude Code's MCP config has the "
    "alegra server."))
CursorEnable = _for('cursor', Enable, N_(
    "Add the alegra server to Cursor's MCP config (others kept)."))
CursorDisable = _for('cursor', Disable, N_(
    "Remove the alegra server from Cursor's MCP config."))
CursorStatus = _for('cursor', Status, N_(
    "Show whether Cursor's MCP config has the alegra server."))
