"""Checked samples: console blocks of the documentation run for real.

The convention, in any ``.rst`` file under ``doc/source`` (recursively)::

    .. checked-sample

    .. code-block:: console

       $ alegra contacts get 9
       Error: HTTP 404: ...
       $ echo $?
       5

``.. checked-sample: es`` runs the block with ``ALEGRA_LANG=es``.  In
``README.md``, a ``<!-- checked-sample -->`` (or ``<!-- checked-sample:
es -->``) line right before a fenced ``console`` block does the same.

In a block, a line starting with ``$ `` is a command (a line ending with
``\\`` goes on on the next line); the other lines are what the terminal
shows after it, stdout and stderr together.  A line ``...`` in the output
stands for any number of lines (none included).

How a block runs:

* One fresh sandbox per block, seeded with the demo company, on a free
  loopback port.  In commands and output ``127.0.0.1:8585`` (the
  sandbox's default address) stands for it: a command that names it
  reaches the block's sandbox, and output that names the block's port
  shows 8585.
* The commands run in order in one ``sh`` session (``export`` and ``cd``
  carry on to the next command; ``$?`` is the previous command's status),
  from a temporary copy of the repository root: its top-level entries are
  linked there, so ``examples/clients.csv`` is found and a file a sample
  writes does not land in the tree.
* The environment: the caller's, less every ``ALEGRA_*``, ``LC_*``,
  ``LANGUAGE``, ``XDG_*`` and ``CLIFF_*`` variable; then
  ``ALEGRA_BASE_URL``, ``ALEGRA_EMAIL`` and ``ALEGRA_TOKEN`` for the
  block's sandbox (as ``alegra sandbox run`` sets them; not in a block
  that starts ``alegra sandbox serve``, which is a reader's new terminal
  where the sandbox's banner says what to export), a temporary
  ``HOME`` (shown as ``~`` in output) with ``ALEGRA_CONFIG`` at
  ``~/.config/alegra/config.ini``, the null keyring, ``LANG=C.UTF-8``,
  ``COLUMNS=80``, ``TZ=UTC`` and unbuffered Python output, so stdout and
  stderr interleave as on a terminal.  ``ALEGRA_LANG=es`` for ``: es``.
* ``alegra sandbox serve`` runs until Ctrl-C, as in a terminal of its
  own: it is started in the background, its output is shown once it has
  been quiet for a moment, and it is stopped when the block ends.  A
  block with one gets no sandbox of its own: the command listens on the
  block's port (``--port`` is added unless given).

With ``ALEGRA_UPDATE_SAMPLES=1`` in the environment, the test rewrites
the samples from the real output instead of failing: a command whose
output still matches keeps its text, ``...`` included; any other command
gets its whole real output (put the ``...`` back by hand where you want
one).
"""

import dataclasses
import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

from alegra.sandbox import server
from alegra.sandbox import store as store_module

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DOCS = os.path.join(ROOT, 'doc', 'source')
README = os.path.join(ROOT, 'README.md')
SHOWN_ADDRESS = '127.0.0.1:8585'
ELLIPSIS = '...'
UPDATE = 'ALEGRA_UPDATE_SAMPLES'
TIMEOUT = 180
QUIET_SECONDS = 0.5
LONG_RUNNING = re.compile(r'^alegra\s+sandbox\s+serve(\s|$)')

RST_MARKER = re.compile(r'^(\s*)\.\. checked-sample(?::\s*(\w+))?\s*$')
RST_CONSOLE = re.compile(r'^(\s*)\.\. code-block::\s*console\s*$')
MD_MARKER = re.compile(r'^<!--\s*checked-sample(?::\s*(\w+))?\s*-->\s*$')
MD_CONSOLE = re.compile(r'^```console\s*$')


class SampleError(Exception):
    """A marker with no console block after it, or a block not starting
    with a command."""


@dataclasses.dataclass
class Command:
    lines: list          # as written, first one without its "$ "
    expected: list       # the output lines shown after it

    @property
    def text(self):
        return '\n'.join(self.lines)


@dataclasses.dataclass
class Block:
    path: str
    line: int            # 1-based line of the code-block or fence
    lang: str            # '' or 'es'
    indent: str
    start: int           # 0-based index of the first content line
    end: int             # index after the last non-blank content line
    commands: list

    @property
    def where(self):
        return f'{os.path.relpath(self.path, ROOT)}:{self.line}'

    def long_running(self):
        return any(LONG_RUNNING.match(command.lines[0])
                   for command in self.commands)


# Finding the samples

def sample_files():
    """Every file that may hold checked samples, README.md included."""
    found = []
    for directory, subdirs, names in os.walk(DOCS):
        subdirs[:] = sorted(name for name in subdirs
                            if not name.startswith(('.', '_')))
        found.extend(os.path.join(directory, name) for name in sorted(names)
                     if name.endswith('.rst'))
    if os.path.exists(README):
        found.append(README)
    return found


def read_lines(path):
    with open(path, encoding='utf-8') as handle:
        return handle.read().splitlines()


def parse(path, lines=None):
    """The checked samples of one file, in order."""
    if lines is None:
        lines = read_lines(path)
    if path.endswith('.md'):
        return list(_parse_markdown(path, lines))
    return list(_parse_rst(path, lines))


def _parse_rst(path, lines):
    index = 0
    while index < len(lines):
        marker = RST_MARKER.match(lines[index])
        index += 1
        if not marker:
            continue
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index == len(lines) or not RST_CONSOLE.match(lines[index]):
            raise SampleError(f'{path}:{index}: .. checked-sample is not '
                              'followed by a .. code-block:: console')
        line = index + 1
        outer = len(RST_CONSOLE.match(lines[index]).group(1))
        index += 1
        # Options of the directive (":caption: ..."), then the content.
        while index < len(lines) and lines[index].strip().startswith(':'):
            index += 1
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index == len(lines):
            raise SampleError(f'{path}:{line}: empty checked sample')
        indent = re.match(r'\s*', lines[index]).group(0)
        if len(indent) <= outer:
            raise SampleError(f'{path}:{line}: empty checked sample')
        start = end = index
        while index < len(lines):
            text = lines[index]
            if text.strip():
                if not text.startswith(indent):
                    break
                end = index + 1
            index += 1
        content = [text[len(indent):] for text in lines[start:end]]
        yield Block(path, line, marker.group(2) or '', indent, start, end,
                    _commands(path, line, content))
        index = end


def _parse_markdown(path, lines):
    index = 0
    while index < len(lines):
        marker = MD_MARKER.match(lines[index])
        index += 1
        if not marker:
            continue
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index == len(lines) or not MD_CONSOLE.match(lines[index]):
            raise SampleError(f'{path}:{index}: checked-sample is not '
                              'followed by a ```console block')
        line = index + 1
        start = index + 1
        end = start
        while end < len(lines) and lines[end].rstrip() != '```':
            end += 1
        yield Block(path, line, marker.group(1) or '', '', start, end,
                    _commands(path, line, lines[start:end]))
        index = end + 1


def _commands(path, line, content):
    commands = []
    lines = iter(content)
    for text in lines:
        if text.startswith('$ '):
            command = [text[2:]]
            while command[-1].endswith('\\'):
                command.append(next(lines, ''))
            commands.append(Command(command, []))
        elif not commands:
            raise SampleError(f'{path}:{line}: a checked sample starts with '
                              'a "$ " command')
        else:
            commands[-1].expected.append(text.rstrip())
    return commands


# Running a block

def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def start_sandbox():
    sandbox = server.Sandbox(store_module.Store(None), server.Options())
    sandbox.load_seed()
    instance = server.SandboxServer(sandbox, '127.0.0.1', 0)
    instance.start()
    return instance


def _environ(home, base_url, lang):
    skipped = ('ALEGRA_', 'LC_', 'XDG_', 'CLIFF_')
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(skipped) and key not in (
               'LANGUAGE', 'PYTHONPATH', 'COLUMNS', 'LINES')}
    alegra_dir = os.path.dirname(_alegra())
    if base_url:
        env.update(ALEGRA_BASE_URL=base_url,
                   ALEGRA_EMAIL=server.DEFAULT_EMAIL,
                   ALEGRA_TOKEN=server.DEFAULT_TOKEN)
    env.update(
        HOME=home,
        PATH=alegra_dir + os.pathsep + env.get('PATH', ''),
        ALEGRA_CONFIG=os.path.join(home, '.config', 'alegra', 'config.ini'),
        PYTHON_KEYRING_BACKEND='keyring.backends.null.Keyring',
        PYTHONUNBUFFERED='1',
        PYTHONDONTWRITEBYTECODE='1',
        LANG='C.UTF-8',
        COLUMNS='80',
        TZ='UTC')
    if lang:
        env['ALEGRA_LANG'] = lang
    return env


def _alegra():
    return shutil.which('alegra', path=os.path.dirname(sys.executable)) or \
        shutil.which('alegra') or 'alegra'


def _work_tree(tmp):
    """A directory that looks like the repository root: its top-level
    entries linked in, so samples read the shipped files and write
    elsewhere."""
    work = os.path.join(tmp, 'alegra')
    os.mkdir(work)
    for name in os.listdir(ROOT):
        if not name.startswith('.'):
            os.symlink(os.path.join(ROOT, name), os.path.join(work, name))
    return work


# Waits until a background command's output file has stopped growing.
_QUIET = '''
import os, sys, time
path, quiet = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + 30
size, since = -1, time.monotonic()
while time.monotonic() < deadline:
    now = os.path.getsize(path)
    if now != size:
        size, since = now, time.monotonic()
    elif size and time.monotonic() - since >= quiet:
        break
    time.sleep(0.05)
'''


def _script(block, marks, port, tmp):
    local = f'127.0.0.1:{port}'
    out = ['__sample_mark() { __sample_rc=$?; printf "\\n%s\\n" "$1"; '
           'return $__sample_rc; }',
           '__sample_pids=']
    for number, (command, mark) in enumerate(
            zip(block.commands, marks, strict=False)):
        text = command.text.replace(SHOWN_ADDRESS, local).replace(
            'localhost:8585', f'localhost:{port}')
        out.append(f'__sample_mark {mark}')
        if LONG_RUNNING.match(command.lines[0]):
            if not re.search(r'\s--port(\s|=)', text):
                text = LONG_RUNNING.sub(
                    lambda match: f'{match.group(0).rstrip()} --port {port} ',
                    text, count=1)
            log = os.path.join(tmp, f'background-{number}.log')
            out.append(f'{{ {text}\n}} >{_quote(log)} 2>&1 &')
            out.append('__sample_pids="$__sample_pids $!"')
            out.append(f'{_quote(sys.executable)} -c {_quote(_QUIET)} '
                       f'{_quote(log)} {QUIET_SECONDS}')
            out.append(f'cat {_quote(log)}')
        else:
            out.append(text)
    out.append(f'__sample_mark {marks[-1]}')
    out.append('for __sample_pid in $__sample_pids; do '
               'kill "$__sample_pid" 2>/dev/null; done; wait')
    return '\n'.join(out) + '\n'


def _quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def run_block(block):
    """The real output of each command of the block, as lines."""
    with tempfile.TemporaryDirectory(prefix='alegra-sample-') as tmp:
        tmp = os.path.realpath(tmp)
        home = os.path.join(tmp, 'home')
        os.makedirs(os.path.join(home, '.config', 'alegra'))
        instance = None
        if block.long_running():
            port = free_port()
        else:
            instance = start_sandbox()
            port = instance.server_address[1]
        try:
            base_url = f'http://127.0.0.1:{port}/api/v1'
            nonce = os.urandom(8).hex()
            marks = [f'@@checked-sample-{nonce}-{number}@@'
                     for number in range(len(block.commands) + 1)]
            script = _script(block, marks, port, tmp)
            process = subprocess.Popen(
                ['sh', '-c', script], cwd=_work_tree(tmp),
                env=_environ(home, None if instance is None else base_url,
                             block.lang),
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, start_new_session=True)
            try:
                raw, _ = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                raw, _ = process.communicate()
                raw += b'\n[checked sample timed out]\n'
            _stop_leftovers(process.pid)
        finally:
            if instance is not None:
                instance.stop()
                instance.sandbox.store.close()
        text = raw.decode('utf-8', 'replace')
        return _split(text, marks, port, home)


def _stop_leftovers(group):
    """A background command the block's shell could not stop (it started
    its own children) is still in the shell's process group."""
    try:
        os.killpg(group, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass


def _split(text, marks, port, home):
    text = normalize(text, [(home, '~'),
                            (f'127.0.0.1:{port}', SHOWN_ADDRESS),
                            (f'localhost:{port}', 'localhost:8585')])
    outputs = []
    position = None
    for mark in marks:
        found = text.find(f'\n{mark}\n', position or 0)
        if found < 0:
            # The shell died early: whatever is left is the last output.
            found = len(text)
        if position is not None:
            outputs.append([line.rstrip()
                            for line in text[position:found].splitlines()])
        position = min(len(text), found + len(mark) + 2)
    while len(outputs) < len(marks) - 1:
        outputs.append([])
    return outputs


BORDER = re.compile(r'^\+(-+\+)+$')


def normalize(text, replacements):
    """``text`` with each ``(real, shown)`` pair replaced, and the tables
    where one was replaced drawn again to the new widths, as they would be
    with the shown values."""
    lines = text.split('\n')
    out = []
    index = 0
    while index < len(lines):
        if BORDER.match(lines[index]):
            end = index + 1
            while end < len(lines) and lines[end].startswith(('|', '+')):
                end += 1
            out.extend(_table(lines[index:end], replacements))
            index = end
        else:
            out.append(_replace(lines[index], replacements))
            index += 1
    return '\n'.join(out)


def _replace(text, replacements):
    for real, shown in replacements:
        text = text.replace(real, shown)
    return text


def _table(lines, replacements):
    border = lines[0]
    if not any(real in line for line in lines for real, _ in replacements) \
            or any(len(line) != len(border) for line in lines):
        return [_replace(line, replacements) for line in lines]
    edges = [position for position, char in enumerate(border)
             if char == '+']
    spans = list(zip(edges, edges[1:], strict=False))
    rows = [None if BORDER.match(line) else
            [_replace(line[left + 2:right].rstrip(), replacements)
             for left, right in spans]
            for line in lines]
    if not any(rows):
        return [_replace(line, replacements) for line in lines]
    widths = [max(len(row[column]) for row in rows if row)
              for column in range(len(spans))]
    rule = '+' + '+'.join('-' * (width + 2) for width in widths) + '+'
    return [rule if row is None else
            '|' + '|'.join(f' {cell.ljust(width)} ' for cell, width
                           in zip(row, widths, strict=True)) + '|'
            for row in rows]


# Comparing

def matches(expected, actual):
    """Whether ``actual`` lines match ``expected``, where a line ``...``
    stands for any number of lines."""
    memo = {}

    def match(i, j):
        key = (i, j)
        if key not in memo:
            if i == len(expected):
                result = j == len(actual)
            elif expected[i] == ELLIPSIS:
                result = any(match(i + 1, k)
                             for k in range(j, len(actual) + 1))
            else:
                result = j < len(actual) and expected[i] == actual[j] and \
                    match(i + 1, j + 1)
            memo[key] = result
        return memo[key]

    return match(0, 0)


def transcript(block, outputs=None):
    """The block's text: each command with the output shown for it, the
    expected one when ``outputs`` is None or still matches it, else the
    real one."""
    lines = []
    for number, command in enumerate(block.commands):
        lines.append('$ ' + command.lines[0])
        lines.extend(command.lines[1:])
        shown = command.expected
        if outputs is not None and not matches(shown, outputs[number]):
            shown = outputs[number]
        lines.extend(shown)
    return lines


def check(block):
    """None when the block's output matches, else a unified diff."""
    outputs = run_block(block)
    expected = transcript(block)
    actual = transcript(block, outputs)
    if expected == actual:
        return None, actual
    diff = difflib.unified_diff(expected, actual, f'{block.where} (shown)',
                                f'{block.where} (real output)', lineterm='')
    return '\n'.join(diff), actual


def rewrite(path, updates):
    """Replace the content of blocks (``(block, transcript)`` pairs) in
    the file."""
    lines = read_lines(path)
    for block, actual in sorted(updates, key=lambda item: -item[0].start):
        new = [block.indent + line if line else '' for line in actual]
        lines[block.start:block.end] = new
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')


def updating():
    return os.environ.get(UPDATE, '') not in ('', '0')
