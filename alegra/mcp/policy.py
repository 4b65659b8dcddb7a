"""Which tools an MCP server exposes, and how it runs them.

The options of ``alegra mcp start`` (``--toolsets``, ``--read-only``,
``--allow``, ``--deny``, ``--allow-destructive``, ``--dry-run``) as one
object the server asks about each tool.  Toolsets can be enabled while the
server runs (the ``alegra_toolsets_enable`` tool), so that part changes
under a lock; everything else is fixed at start.
"""

import dataclasses
import fnmatch
import threading

from alegra.mcp import toolsets as toolsets_module


def matches(name, patterns):
    """Whether a tool name matches one of the globs (``alegra_invoices_*``);
    case-sensitive, as tool names are."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


@dataclasses.dataclass
class Policy:
    """Which tools the server exposes, and how it runs them.

    ``toolsets`` holds the names of the enabled toolsets, or ``None`` for
    all of them (``--toolsets all``; the default of a bare ``Policy()``).
    ``allow`` and ``deny`` are globs on tool names; ``deny`` wins.
    """

    read_only: bool = False
    allow: tuple = ()
    deny: tuple = ()
    allow_destructive: bool = False
    dry_run: bool = False
    toolsets: frozenset = None
    _lock: threading.Lock = dataclasses.field(
        default_factory=threading.Lock, init=False, repr=False,
        compare=False)

    def __post_init__(self):
        if self.toolsets is not None:
            self.toolsets = frozenset(self.toolsets)

    def exposes(self, spec):
        if spec.name in toolsets_module.META:
            # Only while some toolset is left to enable.
            return self.toolsets is not None and \
                not matches(spec.name, self.deny)
        if self.read_only and not spec.changes_nothing:
            return False
        if self.toolsets is not None and \
                toolsets_module.toolset_of(spec) not in self.toolsets:
            return False
        if self.allow and not matches(spec.name, self.allow):
            return False
        return not matches(spec.name, self.deny)

    def enable(self, name):
        """Enable one toolset; True when that changed the enabled set.

        The set is replaced whole, never changed in place, so a reader
        without the lock sees the old set or the new one.  Whether the
        tools a client sees changed too (not under ``--read-only`` for a
        write toolset) is for :func:`toolsets.handle_meta` to tell.
        """
        with self._lock:
            if self.toolsets is None or name in self.toolsets:
                return False
            self.toolsets = self.toolsets | {name}
            return True
