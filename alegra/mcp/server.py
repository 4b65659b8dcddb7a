"""The MCP server: alegra's commands as tools, records as resources, and
a few prompts.

A tool call validates its arguments against the tool's schema, becomes
the command line it stands for, and runs through :func:`alegra.shell.main`
in this process (no subprocess per call), with the server's profile and
environment, in a worker thread of its own (see :mod:`alegra.mcp.calls`):
calls run at once, but for writes to one resource, which wait their turn.
A call the client cancels, or that is running when the client goes away,
is stopped: its HTTP request ends and it lets go of what it holds.  While
it runs, a call sends the client progress (when asked for) and its log
records.  Its answer is built by :mod:`alegra.mcp.results`; a failure is
a tool error carrying the command's one ``Error:`` line and its exit-code
class, never a traceback or a secret.

``mcp`` (the SDK, slow to import) is imported by :func:`build_server`
and :func:`serve_stdio` only.
"""

import contextlib
import json
import logging
import os
import sys
import threading

from alegra import __version__
from alegra import errors
from alegra import validation
from alegra.i18n import N_
from alegra.i18n import _
from alegra.mcp import calls
from alegra.mcp import prompts
from alegra.mcp import resources
from alegra.mcp import results
from alegra.mcp import tools
from alegra.mcp.policy import Policy  # noqa: F401 (moved; still here)

# Translated when a server is built (in the language of its run).
INSTRUCTIONS = N_(
    'Tools for the Alegra accounting API (clients, items, invoices, '
    'payments, ...). Lists return one page: page with start/limit, count '
    'with count=true. The text content holds amounts and ids exactly as '
    'the API sent them. Tools with a confirm property need confirm=true. '
    'Not every tool is listed at first: alegra_toolsets_list shows the '
    'toolsets and alegra_toolsets_enable adds one. Records are also '
    'resources: alegra://invoices/5, alegra://company.')
# Seconds the process waits, once the client has gone, for the calls it
# stopped to end before it exits anyway.
EXIT_GRACE = 1.5
# JSON-RPC error code of "resource not found" in the MCP specification.
RESOURCE_NOT_FOUND = -32002
# MCP's logging levels, least severe first.
LOG_LEVELS = ('debug', 'info', 'notice', 'warning', 'error', 'critical',
              'alert', 'emergency')
# What a client that never sent logging/setLevel is sent.
DEFAULT_LOG_LEVEL = 'info'


class Refused(Exception):
    """A call the server does not run; its message is one ``Error:``
    line."""


class Bridge:
    """The tools and the calls running: what the MCP handlers work on."""

    def __init__(self, specs, policy, global_argv=(), environ=None):
        self.specs = specs
        self.policy = policy
        self.global_argv = list(global_argv)
        self.environ = environ
        self.locks = calls.WriteLocks()
        self._running = set()
        self._guard = threading.Lock()

    def visible(self):
        return [spec for spec in self.specs.values()
                if self.policy.exposes(spec)]

    def prepare(self, name, arguments):
        """The :class:`~alegra.mcp.calls.Call` for a tool call, not yet
        run; :class:`Refused` when the server does not run it."""
        spec = self.specs.get(name)
        if spec is None or spec.command is None or \
                not self.policy.exposes(spec):
            if spec is not None and self.policy.read_only:
                message = _('no tool {name!r} on this server (read-only '
                            'mode)')
            else:
                message = _('no tool {name!r} on this server')
            raise Refused('Error: ' + message.format(name=name))
        arguments = dict(arguments or {})
        problem = _invalid(arguments, spec.input_schema)
        if problem:
            raise Refused('Error: ' + _('invalid arguments: {problem}')
                          .format(problem=problem))
        if spec.destructive and not (arguments.pop('confirm', False) or
                                     self.policy.allow_destructive):
            raise Refused('Error: ' + _(
                '{name} cannot be undone; call it again with confirm=true '
                'if that is intended').format(name=name))
        arguments.pop('confirm', None)
        extra = ['--output=json']
        dry_run = self.policy.dry_run and not spec.read_only
        if dry_run:
            extra.append('--dry-run')
        argv = self.global_argv + tools.to_argv(spec, arguments, extra)
        stdin = ''
        if spec.body:
            stdin = json.dumps(arguments.get(spec.body), ensure_ascii=False)
        writes = not (spec.read_only or dry_run)
        return calls.Call(
            spec, argv, stdin, self.environ,
            lock=self.locks.get(spec.resource or spec.command.split()[0])
            if writes else None,
            rows=len(arguments['rows']) if spec.body == 'rows' else None,
            pages=spec.verb in ('list', 'export'),
            # The document comes back in the answer.
            document=spec.verb == 'pdf' and not arguments.get('out'))

    def run(self, call):
        """Run a call to its end in this thread; its exit code."""
        with self._guard:
            self._running.add(call)
        try:
            return call.run()
        finally:
            with self._guard:
                self._running.discard(call)

    def stop_all(self):
        """Stop every call still running (the client has gone)."""
        with self._guard:
            running = list(self._running)
        for call in running:
            call.stop()

    def wait(self, timeout):
        """Whether every running call ended within ``timeout`` seconds."""
        with self._guard:
            running = list(self._running)
        for call in running:
            if not call.done.wait(timeout):
                return False
        return True

    @staticmethod
    def is_meta(name):
        """Whether a tool is one of the toolset tools."""
        from alegra.mcp import toolsets
        return name in toolsets.META

    def meta(self, name, arguments):
        """A toolset tool's ``(is_error, data, text, changed)``, or None
        for any other tool."""
        from alegra.mcp import toolsets
        if not self.is_meta(name):
            return None
        spec = self.specs.get(name)
        if spec is None or not self.policy.exposes(spec):
            message = 'Error: ' + _('no tool {name!r} on this server') \
                .format(name=name)
            return True, message, message, False
        return toolsets.handle_meta(name, arguments, self.policy,
                                    self.specs)

    def offers(self):
        """What the client lists: tool, prompt and resource names, to
        tell which lists a toolset's enabling changed."""
        return ({spec.name for spec in self.visible()},
                {prompt.name for prompt in prompts.offered(self)},
                {entry.get('uri_template') or entry.get('uri') for entry in
                 resources.templates(self) + resources.listed(self)})


def _invalid(arguments, schema):
    import jsonschema
    validator = jsonschema.validators.validator_for(schema)(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(
        arguments))
    if error is None:
        return None
    field, reason = validation.location(error)
    return f'{field}: {reason}'


def build_server(bridge):
    """The low-level MCP server over a :class:`Bridge`."""
    import asyncio
    import math
    import warnings

    import anyio
    from mcp import types
    from mcp.server import NotificationOptions
    from mcp.server import Server
    from mcp.server import subscriptions
    from mcp.shared.exceptions import MCPDeprecationWarning
    from mcp.shared.exceptions import MCPError
    from mcp_types.version import MODERN_PROTOCOL_VERSIONS

    # Logging is deprecated from protocol 2026-07-28 on, where a request
    # asks for its log messages itself; clients of the handshake era
    # (most of them) still set a level with logging/setLevel.
    warnings.filterwarnings('ignore', category=MCPDeprecationWarning)
    bus = subscriptions.InMemorySubscriptionBus()
    log_level = {'level': DEFAULT_LOG_LEVEL}

    class AlegraServer(Server):
        def create_initialization_options(self, notification_options=None,
                                          *args, **kwargs):
            # The lists change when an agent enables a toolset.
            return super().create_initialization_options(
                notification_options or NotificationOptions(
                    tools_changed=True, prompts_changed=True,
                    resources_changed=True), *args, **kwargs)

    def wanted(ctx, level):
        if ctx.protocol_version in MODERN_PROTOCOL_VERSIONS:
            return True  # the request's own opt-in decides, in the SDK
        return LOG_LEVELS.index(level) >= LOG_LEVELS.index(
            log_level['level'])

    async def pump(receive, ctx):
        async with receive:
            async for kind, *event in receive:
                # Notifications are best effort: a client gone is fine.
                with contextlib.suppress(Exception):
                    if kind == 'progress':
                        await ctx.session.report_progress(*event)
                    elif wanted(ctx, event[0]):
                        level, logger, text = event
                        await ctx.session.send_log_message(
                            level, text, logger=logger,
                            related_request_id=ctx.request_id)

    async def run(call, ctx):
        """Run a call in a worker thread, passing on its progress and log
        records; stop it if the request is cancelled."""
        # anyio runs on asyncio here (anyio.run's default, uvicorn's); the
        # call's threads post without waiting for the loop.
        loop = asyncio.get_running_loop()
        send, receive = anyio.create_memory_object_stream(math.inf)

        def deliver(event):
            with contextlib.suppress(anyio.ClosedResourceError,
                                     anyio.BrokenResourceError):
                send.send_nowait(event)

        def post(event):
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(deliver, event)
        call.post = post
        async with anyio.create_task_group() as group:
            group.start_soon(pump, receive, ctx)
            try:
                await anyio.to_thread.run_sync(bridge.run, call,
                                               abandon_on_cancel=True)
            except anyio.get_cancelled_exc_class():
                call.stop()
                raise
            finally:
                send.close()

    async def announce(ctx, before):
        """Tell the client which of its lists changed: on the connection
        (handshake era) and to subscriptions/listen streams (2026)."""
        notices = ((ctx.session.send_tool_list_changed,
                    subscriptions.ToolsListChanged()),
                   (ctx.session.send_prompt_list_changed,
                    subscriptions.PromptsListChanged()),
                   (ctx.session.send_resource_list_changed,
                    subscriptions.ResourcesListChanged()))
        for old, new, (notify, event) in zip(before, bridge.offers(),
                                             notices, strict=True):
            if old != new:
                with contextlib.suppress(Exception):
                    await notify()
                await bus.publish(event)

    async def list_tools(ctx, params):
        return types.ListToolsResult(tools=[
            types.Tool(name=spec.name, description=spec.description,
                       input_schema=spec.input_schema,
                       output_schema=getattr(spec, 'output_schema', None),
                       annotations=types.ToolAnnotations.model_validate(
                           spec.annotations()))
            for spec in bridge.visible()])

    async def call_tool(ctx, params):
        arguments = params.arguments or {}
        before = bridge.offers() if bridge.is_meta(params.name) else None
        meta = bridge.meta(params.name, arguments)
        if meta is not None:
            is_error, data, text, changed = meta
            if is_error:
                return results.error_result(text)
            if changed:
                await announce(ctx, before)
            return types.CallToolResult(
                content=[types.TextContent(type='text', text=text)],
                structured_content={'result': data})
        try:
            call = bridge.prepare(params.name, arguments)
        except Refused as exc:
            return results.error_result(str(exc))
        await run(call, ctx)
        return results.tool_result(call, arguments)

    async def list_resources(ctx, params):
        return types.ListResourcesResult(resources=[
            types.Resource(**fields) for fields in resources.listed(bridge)])

    async def list_resource_templates(ctx, params):
        return types.ListResourceTemplatesResult(resource_templates=[
            types.ResourceTemplate(**fields)
            for fields in resources.templates(bridge)])

    async def read_resource(ctx, params):
        uri = str(params.uri)
        try:
            spec, arguments = resources.target(bridge, uri)
            call = bridge.prepare(spec.name, arguments)
        except resources.UnknownUri as exc:
            raise MCPError(code=RESOURCE_NOT_FOUND, message=str(exc)) \
                from None
        except Refused as exc:
            raise MCPError(code=types.INVALID_PARAMS, message=str(exc)) \
                from None
        await run(call, ctx)
        problem = results.failure(call)
        if problem:
            raise MCPError(code=RESOURCE_NOT_FOUND
                           if call.code == errors.NOT_FOUND
                           else types.INTERNAL_ERROR, message=problem)
        if spec.verb == 'pdf':
            answer = results.tool_result(call, arguments)
            if answer.is_error:
                raise MCPError(code=types.INTERNAL_ERROR,
                               message=answer.content[0].text)
            blob = answer.content[1].resource.blob
            return types.ReadResourceResult(contents=[
                types.BlobResourceContents(
                    uri=uri, mime_type='application/pdf', blob=blob)])
        return types.ReadResourceResult(contents=[
            types.TextResourceContents(uri=uri, mime_type=resources.JSON,
                                       text=call.stdout.getvalue().strip())])

    async def list_prompts(ctx, params):
        return types.ListPromptsResult(prompts=[
            types.Prompt(name=prompt.name, title=_(prompt.title),
                         description=_(prompt.description), arguments=[
                             types.PromptArgument(
                                 name=argument.name,
                                 description=_(argument.description),
                                 required=argument.required)
                             for argument in prompt.arguments])
            for prompt in prompts.offered(bridge)])

    async def get_prompt(ctx, params):
        try:
            prompt, text = prompts.render(bridge, params.name,
                                          params.arguments)
        except (LookupError, prompts.BadArgument) as exc:
            raise MCPError(code=types.INVALID_PARAMS, message=str(exc)) \
                from None
        return types.GetPromptResult(description=_(prompt.description),
                                     messages=[types.PromptMessage(
                                         role='user',
                                         content=types.TextContent(
                                             type='text', text=text))])

    async def set_logging_level(ctx, params):
        log_level['level'] = params.level
        return types.EmptyResult()

    @contextlib.asynccontextmanager
    async def lifespan(server):
        try:
            yield {}
        finally:
            # The client has gone: nobody waits for these calls.
            bridge.stop_all()

    server = AlegraServer(
        'alegra', version=__version__, instructions=_(INSTRUCTIONS),
        lifespan=lifespan, on_list_tools=list_tools, on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_list_resource_templates=list_resource_templates,
        on_read_resource=read_resource, on_list_prompts=list_prompts,
        on_get_prompt=get_prompt, on_set_logging_level=set_logging_level,
        on_subscriptions_listen=subscriptions.ListenHandler(bus))
    server.bridge = bridge
    return server


def serve_stdio(server):
    """Serve over stdin and stdout until the client goes away; then end
    the process.

    When stdin closes (the client quit, or was killed), the calls still
    running are stopped and given :data:`EXIT_GRACE` seconds to end (a
    connection still being opened cannot be cut short), and the process
    exits at once: nobody is left to answer, and the interpreter's own
    teardown of the SDK's modules takes a second.
    """
    import anyio
    from mcp.server.stdio import stdio_server

    async def serve():
        async with stdio_server() as (read, write):
            await server.run(read, write,
                             server.create_initialization_options())
    try:
        anyio.run(serve)
    except* (BrokenPipeError, ConnectionResetError,
             anyio.BrokenResourceError, anyio.ClosedResourceError):
        pass  # stdout closed too: the client was killed
    server.bridge.stop_all()
    server.bridge.wait(EXIT_GRACE)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(errors.OK)


def describe(bridge):
    """Every exposed tool as JSON-ready data, for ``alegra mcp tools``."""
    described = []
    for spec in bridge.visible():
        entry = {'name': spec.name, 'description': spec.description,
                 'inputSchema': spec.input_schema}
        if getattr(spec, 'output_schema', None):
            entry['outputSchema'] = spec.output_schema
        entry['annotations'] = spec.annotations()
        described.append(entry)
    return described
