"""``alegra mcp start|tools`` and the editor wiring (``mcp claude ...``).

``mcp`` (the SDK, slow to import) is loaded only by ``mcp start``.
"""

import json
import os
import sys

from alegra import command
from alegra import config
from alegra import errors
from alegra import files
from alegra.commands.sandbox import port_number

SECRET_WORDS = ('TOKEN', 'SECRET', 'PASSWORD', 'KEY')


def _names(text):
    return tuple(name.strip() for name in (text or '').split(',')
                 if name.strip())


def _bridge(cmd, parsed_args):
    from alegra.mcp import server
    from alegra.mcp import tools
    policy = server.Policy(
        read_only=parsed_args.read_only, allow=_names(parsed_args.allow),
        deny=_names(parsed_args.deny),
        allow_destructive=parsed_args.allow_destructive,
        dry_run=bool(cmd.options.dry_run))
    global_argv = []
    if cmd.options.profile:
        global_argv += ['--profile', cmd.options.profile]
    if cmd.options.base_url:
        global_argv += ['--base-url', cmd.options.base_url]
    specs = tools.build(cmd.app)
    unknown = [name for name in policy.allow + policy.deny
               if name not in specs]
    if unknown:
        raise errors.UsageError('no such tool: ' + ', '.join(unknown),
                                hint='alegra mcp tools lists them')
    return server.Bridge(specs, policy, global_argv, cmd.app.environ)


def _add_policy_arguments(parser):
    group = parser.add_argument_group('tools')
    group.add_argument('--read-only', action='store_true',
                       help='expose only the tools that change nothing')
    group.add_argument('--allow', metavar='TOOL,...',
                       help='expose only these tools')
    group.add_argument('--deny', metavar='TOOL,...',
                       help='never expose these tools')
    group.add_argument('--allow-destructive', action='store_true',
                       help='run destructive tools (delete, void, stamp, '
                            '...) without a confirm=true argument')


class Start(command.AlegraCommand):
    """Serve alegra's commands as MCP tools (stdio, or --http)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--http', action='store_true',
                            help='serve streamable HTTP instead of stdio')
        parser.add_argument('--host', default='127.0.0.1',
                            help='HTTP address (default 127.0.0.1)')
        parser.add_argument('--port', type=port_number, default=8787,
                            help='HTTP port (default 8787)')
        _add_policy_arguments(parser)
        return parser

    def take_action(self, parsed_args):
        from alegra.mcp import server as mcp_server
        bridge = _bridge(self, parsed_args)
        server = mcp_server.build_server(bridge)
        if parsed_args.http:
            import uvicorn
            if config.insecure_base_url(f'http://{parsed_args.host}'):
                self.app.warn(f'{parsed_args.host} is not a loopback '
                              'address: anyone who reaches it can use your '
                              'Alegra account through these tools')
            app = server.streamable_http_app(
                streamable_http_path='/mcp', stateless_http=True,
                json_response=True, host=parsed_args.host)
            self.app.stderr.write(f'MCP server on http://{parsed_args.host}'
                                  f':{parsed_args.port}/mcp\n')
            uvicorn.run(app, host=parsed_args.host, port=parsed_args.port,
                        log_level='warning')
            return errors.OK
        import anyio
        from mcp.server.stdio import stdio_server

        async def serve():
            async with stdio_server() as (read, write):
                await server.run(read, write,
                                 server.create_initialization_options())
        anyio.run(serve)
        return errors.OK


class Tools(command.AlegraCommand):
    """Print every MCP tool with its input schema, as JSON."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_policy_arguments(parser)
        return parser

    def take_action(self, parsed_args):
        from alegra import jsonio
        from alegra.mcp import server
        self.app.stdout.write(jsonio.dumps(
            server.describe(_bridge(self, parsed_args))) + '\n')
        return errors.OK


def _config_path(client, environ):
    home = environ.get('HOME') or os.path.expanduser('~')
    if client == 'cursor':
        return os.path.join(home, '.cursor', 'mcp.json')
    if sys.platform == 'darwin':
        base = os.path.join(home, 'Library', 'Application Support')
    elif sys.platform == 'win32':
        base = environ.get('APPDATA') or os.path.join(home, 'AppData',
                                                      'Roaming')
    else:
        base = environ.get('XDG_CONFIG_HOME') or os.path.join(home,
                                                              '.config')
    return os.path.join(base, 'Claude', 'claude_desktop_config.json')


class _ClientConfig(command.AlegraCommand):
    """Base of ``mcp claude|cursor enable|disable|status``."""

    client = 'claude'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--config-path', metavar='FILE',
                            help="the client's config file (default: its "
                                 'usual place for this OS)')
        parser.add_argument('--server-name', default='alegra',
                            help='the entry name (default alegra)')
        return parser

    def path(self, parsed_args):
        return parsed_args.config_path or _config_path(self.client,
                                                       self.app.environ)

    def load(self, path):
        try:
            with open(path, encoding='utf-8') as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return {}
        except ValueError as exc:
            raise errors.InvalidInput(f'{path} is not valid JSON: {exc}',
                                      hint='fix it by hand first; nothing '
                                           'was changed') from None
        if not isinstance(data, dict):
            raise errors.InvalidInput(f'{path} does not hold a JSON object')
        return data

    def save(self, path, data):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with files.atomic_writer(path, mode=0o600) as stream:
            stream.write(json.dumps(data, indent=2, ensure_ascii=False)
                         + '\n')

    def entry(self):
        args = ['mcp', 'start']
        if self.options.profile:
            args += ['--profile', self.options.profile]
        return {'command': 'alegra', 'args': args}

    def claude_code_line(self, name):
        args = ' '.join(self.entry()['args'])
        return f'claude mcp add {name} -- alegra {args}'


class Enable(_ClientConfig):
    """Add the alegra server to the client's MCP config (others kept)."""

    def take_action(self, parsed_args):
        path = self.path(parsed_args)
        data = self.load(path)
        servers = data.setdefault('mcpServers', {})
        entry = self.entry()
        # Keep what the user added by hand (an env block, say).
        servers[parsed_args.server_name] = {
            **servers.get(parsed_args.server_name, {}), **entry}
        if self.dry_run_local(f'write the {parsed_args.server_name!r} entry '
                              f'to {path}'):
            return errors.OK
        self.save(path, data)
        self.app.stderr.write(
            f'{parsed_args.server_name!r} added to {path}; restart the '
            f'client.\nFor Claude Code: '
            f'{self.claude_code_line(parsed_args.server_name)}\n')
        return errors.OK


class Disable(_ClientConfig):
    """Remove the alegra server from the client's MCP config."""

    def take_action(self, parsed_args):
        path = self.path(parsed_args)
        data = self.load(path)
        servers = data.get('mcpServers', {})
        if parsed_args.server_name not in servers:
            self.app.stderr.write(f'no {parsed_args.server_name!r} entry in '
                                  f'{path}\n')
            return errors.OK
        if self.dry_run_local(f'remove {parsed_args.server_name!r} from '
                              f'{path}'):
            return errors.OK
        del servers[parsed_args.server_name]
        self.save(path, data)
        self.app.stderr.write(f'{parsed_args.server_name!r} removed from '
                              f'{path}\n')
        return errors.OK


class Status(_ClientConfig):
    """Show whether the client's MCP config has the alegra server."""

    def take_action(self, parsed_args):
        path = self.path(parsed_args)
        entry = self.load(path).get('mcpServers', {}).get(
            parsed_args.server_name)
        if isinstance(entry, dict) and isinstance(entry.get('env'), dict):
            entry = dict(entry, env={
                key: '********' if any(word in key.upper()
                                       for word in SECRET_WORDS) else value
                for key, value in entry['env'].items()})
        self.printer().record({
            'config_file': path, 'enabled': entry is not None,
            'entry': entry,
            'claude_code': self.claude_code_line(parsed_args.server_name)})
        return errors.OK


def _for(client, base):
    return type(f'{base.__name__}{client.capitalize()}', (base,),
                {'client': client, '__doc__': base.__doc__.replace(
                    "the client's", f"{client.capitalize()}'s"),
                 '__module__': __name__})


ClaudeEnable = _for('claude', Enable)
ClaudeDisable = _for('claude', Disable)
ClaudeStatus = _for('claude', Status)
CursorEnable = _for('cursor', Enable)
CursorDisable = _for('cursor', Disable)
CursorStatus = _for('cursor', Status)
