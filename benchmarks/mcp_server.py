"""How fast the MCP server answers, beside the same command from a shell.

Starts a seeded sandbox (in a child process) and measures, over several
runs: the time from launching ``alegra mcp start`` to the answer of
``tools/list`` over stdio, with the default toolsets and with ``--toolsets
all``; one ``alegra_contacts_list`` call in that session; and ``alegra
contacts list -o json`` run from the shell.  It also prints how much an
agent's context pays for each tool list: the characters of the tools as
the server sends them (compact JSON), and how many there are.

    python benchmarks/mcp_server.py [--runs 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import anyio
import mcp
from mcp import StdioServerParameters

sys.path.insert(0, os.path.dirname(__file__))
import _sandbox  # noqa: E402

from alegra.sandbox import store as store_module  # noqa: E402


def seeded(path):
    from alegra.sandbox import server
    sandbox = server.Sandbox(store_module.Store(path), server.Options())
    sandbox.load_seed()
    sandbox.webhooks.stop()
    sandbox.store.close()


# What the default tool list may cost an agent's context, in characters.
DEFAULT_LIMIT = 40000
# The longest launch to tools/list answered that is fine.
LAUNCH_LIMIT = 1.5


def wire_size(tools):
    """Characters of the tools as the server sends them."""
    return len(json.dumps(
        [tool.model_dump(by_alias=True, exclude_none=True, mode='json')
         for tool in tools], separators=(',', ':'), ensure_ascii=False))


async def session(env, options=()):
    params = StdioServerParameters(command=_sandbox.ALEGRA,
                                   args=['mcp', 'start', *options], env=env)
    started = time.perf_counter()
    async with mcp.Client(params) as client:
        tools = (await client.list_tools()).tools
        listed = time.perf_counter() - started
        before = time.perf_counter()
        result = await client.call_tool('alegra_contacts_list', {})
        called = time.perf_counter() - before
    assert not result.is_error, result
    return listed, called, len(tools), wire_size(tools)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, 'sandbox.db')
        seeded(data)
        with _sandbox.serve(data, rate_limit='off') as url:
            env = _sandbox.environ(url, tmp)
            runs = [anyio.run(session, env) for _ in range(args.runs)]
            full = [anyio.run(session, env, ('--toolsets', 'all'))
                    for _ in range(args.runs)]
            shell = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run([_sandbox.ALEGRA, 'contacts', 'list', '-o',
                                'json'], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                shell.append(time.perf_counter() - started)
    listed = statistics.median(run[0] for run in runs)
    listed_full = statistics.median(run[0] for run in full)
    called = statistics.median(run[1] for run in runs) * 1000
    print(f'tools/list, default toolsets: {runs[0][2]} tools, '
          f'{runs[0][3]:,} characters (at most {DEFAULT_LIMIT:,})')
    print(f'tools/list, --toolsets all: {full[0][2]} tools, '
          f'{full[0][3]:,} characters')
    print(f'launch to tools/list over stdio, default: median '
          f'{listed * 1000:.0f} ms (at most {LAUNCH_LIMIT * 1000:.0f})')
    print(f'launch to tools/list over stdio, --toolsets all: median '
          f'{listed_full * 1000:.0f} ms')
    print(f'alegra_contacts_list call in the session: median '
          f'{called:.0f} ms')
    print(f'alegra contacts list -o json from the shell: median '
          f'{statistics.median(shell) * 1000:.0f} ms')
    if runs[0][3] > DEFAULT_LIMIT or listed > LAUNCH_LIMIT:
        sys.exit('over the limit')


if __name__ == '__main__':
    main()
