"""How fast the MCP server answers, beside the same command from a shell.

Starts a seeded sandbox (in a child process) and measures, over several
runs: the time from launching ``alegra mcp start`` to the answer of
``tools/list`` over stdio; one ``alegra_contacts_list`` call in that
session; and ``alegra contacts list -o json`` run from the shell.

    python benchmarks/mcp_server.py [--runs 5]
"""

import argparse
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


async def session(env):
    params = StdioServerParameters(command=_sandbox.ALEGRA,
                                   args=['mcp', 'start'], env=env)
    started = time.perf_counter()
    async with mcp.Client(params) as client:
        tools = (await client.list_tools()).tools
        listed = time.perf_counter() - started
        before = time.perf_counter()
        result = await client.call_tool('alegra_contacts_list', {})
        called = time.perf_counter() - before
    assert not result.is_error, result
    return listed, called, len(tools)


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
            shell = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run([_sandbox.ALEGRA, 'contacts', 'list', '-o',
                                'json'], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                shell.append(time.perf_counter() - started)
    listed = statistics.median(run[0] for run in runs) * 1000
    called = statistics.median(run[1] for run in runs) * 1000
    print(f'launch to tools/list over stdio ({runs[0][2]} tools): '
          f'median {listed:.0f} ms')
    print(f'alegra_contacts_list call in the session: median '
          f'{called:.0f} ms')
    print(f'alegra contacts list -o json from the shell: median '
          f'{statistics.median(shell) * 1000:.0f} ms')


if __name__ == '__main__':
    main()
