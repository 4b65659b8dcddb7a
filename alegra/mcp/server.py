"""The MCP server: tools from the registry, calls run in-process.

A call validates its arguments against the tool's schema, becomes the
command line it stands for, and runs through :func:`alegra.shell.main` in
this process (no subprocess per call), with the server's profile and
environment.  The JSON the command prints is the structured result; a
failure is a tool error carrying the command's one ``Error:`` line and its
exit-code class, never a traceback or a secret.
"""

import dataclasses
import io
import json
import threading

from alegra import __version__
from alegra import errors
from alegra.mcp import tools

INSTRUCTIONS = (
    'Tools for the Alegra accounting API (clients, items, invoices, '
    'payments, ...). Lists return one page: page with start/limit, count '
    'with count=true. The text content holds amounts and ids exactly as '
    'the API sent them. Tools marked destructive need confirm=true.')
_CLASSES = {code: name for code, name, _ in errors.EXIT_CODES}
# Lines of a command's stderr passed on to the agent, at the most.
MAX_NOTES = 50


@dataclasses.dataclass
class Policy:
    """Which tools the server exposes, and how it runs them."""

    read_only: bool = False
    allow: tuple = ()
    deny: tuple = ()
    allow_destructive: bool = False
    dry_run: bool = False

    def exposes(self, spec):
        if self.read_only and (not spec.read_only or spec.writes_files):
            return False
        if self.allow and spec.name not in self.allow:
            return False
        return spec.name not in self.deny


class Bridge:
    """The tools, and the running of one call."""

    def __init__(self, specs, policy, global_argv=(), environ=None):
        self.specs = specs
        self.policy = policy
        self.global_argv = list(global_argv)
        self.environ = environ
        # One command at a time: commands share the process's logging.
        self._lock = threading.Lock()

    def visible(self):
        return [spec for spec in self.specs.values()
                if self.policy.exposes(spec)]

    def call(self, name, arguments):
        """``(is_error, data, text)`` for one tool call: the parsed result
        and the text the command printed (numbers exactly as sent), or an
        error message twice."""
        spec = self.specs.get(name)
        if spec is None or not self.policy.exposes(spec):
            return _error(f'Error: no tool {name!r} on this server' + (
                ' (read-only mode)' if spec is not None and
                self.policy.read_only else ''))
        arguments = dict(arguments or {})
        problem = _invalid(arguments, spec.input_schema)
        if problem:
            return _error(f'Error: invalid arguments: {problem}')
        if spec.destructive and not (arguments.pop('confirm', False) or
                                     self.policy.allow_destructive):
            return _error(f'Error: {name} cannot be undone; call it again '
                          'with confirm=true if that is intended')
        arguments.pop('confirm', None)
        extra = ['--output=json']
        if self.policy.dry_run and not spec.read_only:
            extra.append('--dry-run')
        argv = self.global_argv + tools.to_argv(spec, arguments, extra)
        stdin = ''
        if spec.body:
            stdin = json.dumps(arguments.get(spec.body), ensure_ascii=False)
        return self._run(argv, stdin)

    def _run(self, argv, stdin):
        from alegra import shell
        out, err = io.StringIO(), io.StringIO()
        with self._lock:
            code = shell.main(argv, stdin=io.StringIO(stdin), stdout=out,
                              stderr=err, environ=self.environ)
        lines = err.getvalue().splitlines()
        notes = [line for line in lines if not line.startswith('Error:')]
        if code != errors.OK:
            failures = [line for line in lines if line.startswith('Error:')]
            message = failures[-1] if failures else f'Error: exit {code}'
            # Row lines of a bulk command say which rows failed and why.
            detail = ''.join('\n' + line for line in notes[-MAX_NOTES:])
            return _error(f'{message} [exit {code}: '
                          f'{_CLASSES.get(code, "error")}]{detail}')
        text = out.getvalue().strip()
        if not text and notes:
            # export, pdf, import: their summary is all there is to say.
            summary = {'message': '\n'.join(notes[-MAX_NOTES:])}
            return False, summary, summary['message']
        try:
            return False, json.loads(text) if text else None, text
        except ValueError:
            return False, text, text


def _error(message):
    return True, message, message


def _invalid(arguments, schema):
    import jsonschema
    validator = jsonschema.validators.validator_for(schema)(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(
        arguments))
    if error is None:
        return None
    where = '.'.join(str(part) for part in error.absolute_path)
    return f'{where}: {error.message}' if where else error.message


def build_server(bridge):
    """The low-level MCP server over a :class:`Bridge`."""
    from mcp import types
    from mcp.server import Server

    async def list_tools(ctx, params):
        return types.ListToolsResult(tools=[
            types.Tool(name=spec.name, description=spec.description,
                       input_schema=spec.input_schema,
                       annotations=types.ToolAnnotations.model_validate(
                           spec.annotations()))
            for spec in bridge.visible()])

    async def call_tool(ctx, params):
        import anyio
        is_error, data, text = await anyio.to_thread.run_sync(
            bridge.call, params.name, params.arguments)
        if is_error:
            return types.CallToolResult(
                content=[types.TextContent(type='text', text=text)],
                is_error=True)
        return types.CallToolResult(
            content=[types.TextContent(type='text', text=text)],
            structured_content={'result': data})

    return Server('alegra', version=__version__, instructions=INSTRUCTIONS,
                  on_list_tools=list_tools, on_call_tool=call_tool)


def describe(bridge):
    """Every exposed tool as JSON-ready data, for ``alegra mcp tools``."""
    return [{'name': spec.name, 'description': spec.description,
             'inputSchema': spec.input_schema,
             'annotations': spec.annotations()}
            for spec in bridge.visible()]
