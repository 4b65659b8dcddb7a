"""Toolsets: the tools in groups, so an agent pays only for what it uses.

Every tool of a resource belongs to one of four toolsets, named after the
resource as tool names spell it:

``invoices``
    reading: list, get, pdf, and actions that change nothing (``stock``,
    ``preview``);
``invoices_write``
    creating and changing: create, update, and actions such as ``open``,
    ``email``, ``attach``;
``invoices_destructive``
    what cannot be undone: delete, and actions such as ``void``,
    ``stamp``, ``close``;
``invoices_bulk``
    many records at once: import and export.

``doctor`` and ``limits`` make the ``account`` toolset; a command a
package adds without a resource (``acme greet``) is in the toolset of its
first word (``acme``).  A server starts with :data:`DEFAULT` unless told
otherwise, and offers two tools of its own, :data:`LIST` and
:data:`ENABLE`, with which an agent finds and enables the others while
it runs.
"""

import json

from alegra.i18n import N_
from alegra.i18n import _
from alegra.mcp import tools

LIST = 'alegra_toolsets_list'
ENABLE = 'alegra_toolsets_enable'
META = (LIST, ENABLE)
ALL = 'all'
ACCOUNT = 'account'
ACCOUNT_COMMANDS = ('doctor', 'limits')
# The everyday core: reading contacts, items, invoices, payments, bills,
# the company and reports; creating contacts, items, invoices, payments.
DEFAULT = ('contacts', 'items', 'invoices', 'payments', 'bills', 'company',
           'reports', 'contacts_write', 'items_write', 'invoices_write',
           'payments_write')
BULK_VERBS = ('import', 'export')
# What each kind of toolset holds; translated where it is shown.
_KINDS = {'': N_('read'), '_write': N_('create and change'),
          '_destructive': N_('cannot be undone, need confirm=true'),
          '_bulk': N_('many records at once')}


def toolset_of(spec):
    """The toolset a tool belongs to; ``None`` for the meta tools."""
    if spec.name in META:
        return None
    if spec.resource is None:
        first = spec.command.split(' ', 1)[0]
        return ACCOUNT if first in ACCOUNT_COMMANDS else \
            tools.tool_name(first)[len('alegra_'):]
    base = _base(spec.resource)
    if spec.verb in BULK_VERBS:
        return base + '_bulk'
    if spec.read_only:
        return base
    return base + ('_destructive' if spec.destructive else '_write')


def _base(resource):
    """A resource as tool names spell it: ``credit_notes``."""
    return tools.tool_name(resource)[len('alegra_'):]


def _specs(specs):
    return list(specs.values()) if isinstance(specs, dict) else list(specs)


def names(specs):
    """Every toolset the tools make up, sorted."""
    return sorted({toolset_of(spec) for spec in _specs(specs)} - {None})


def parse(text, specs):
    """The toolsets ``--toolsets`` names: a set, or ``None`` for ``all``.

    Raises ``ValueError`` naming what is unknown and listing what exists.
    """
    wanted = [name.strip() for name in (text or '').split(',')
              if name.strip()]
    if ALL in wanted:
        return None
    known = names(specs)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ValueError(_no_such(unknown, [ALL, *known]))
    return frozenset(wanted)


def _no_such(unknown, known):
    return _('no such toolset: {names} (toolsets: {known})').format(
        names=', '.join(unknown), known=', '.join(known))


def catalog(specs, policy=None):
    """Each toolset: its name, what it holds, how many tools, and whether
    the policy has it enabled (every one, without a policy)."""
    groups = {}
    for spec in _specs(specs):
        name = toolset_of(spec)
        if name is not None:
            groups.setdefault(name, []).append(spec)
    enabled = None if policy is None else policy.toolsets
    found, described = [], set()
    for name in sorted(groups):
        members = groups[name]
        first = members[0]
        verbs = ', '.join(spec.verb or spec.command for spec in members)
        if first.resource is None:
            description = f'{verbs}: ' + ' '.join(
                spec.description.split('.')[0] + '.' for spec in members)
        else:
            # What the resource is, said once: at its first toolset.
            kind = _(_KINDS[name[len(_base(first.resource)):]])
            description = f'{kind}: {verbs}'
            if first.resource not in described:
                described.add(first.resource)
                description = f'{first.summary}; {description}'
        found.append({'name': name, 'description': description,
                      'tools': len(members),
                      'enabled': enabled is None or name in enabled})
    return found


def meta_specs():
    """The two tools that list and enable toolsets, by name."""
    listing = tools.ToolSpec(
        LIST, None,
        _('List the toolsets: groups of tools not all offered at first. Per '
          'resource NAME (as in tool names): NAME reads, NAME_write creates '
          'and changes, NAME_destructive cannot be undone, NAME_bulk '
          'imports and exports; account is doctor and limits. Each with its '
          'tool count and whether it is enabled.'),
        {'type': 'object', 'properties': {}}, [], read_only=True,
        idempotent=True, open_world=False)
    enabling = tools.ToolSpec(
        ENABLE, None,
        _('Enable toolsets by name (see alegra_toolsets_list), such as '
          'credit_notes or invoices_destructive: their tools are offered '
          'from now on, and the tool list changes.'),
        {'type': 'object', 'properties': {'toolsets': {
            'type': 'array', 'minItems': 1,
            'items': {'type': 'string'},
            'description': _('names of the toolsets to enable')}},
         'required': ['toolsets']},
        # Changes what this server offers, nothing in Alegra or on disk.
        [], read_only=True, idempotent=True, open_world=False)
    return {LIST: listing, ENABLE: enabling}


def handle_meta(name, arguments, policy, specs):
    """Run a meta tool: ``(is_error, data, text, changed)``.

    ``changed`` is true when the tools the policy exposes are not the
    same as before the call: the server then sends
    ``notifications/tools/list_changed``.
    """
    specs = _specs(specs)
    if name == LIST:
        data = catalog(specs, policy)
        return False, data, _dumps(data), False
    if name != ENABLE:
        return _error('Error: ' + _('no tool {name!r} on this server')
                      .format(name=name))
    wanted = (arguments or {}).get('toolsets')
    if not isinstance(wanted, list) or not wanted or \
            not all(isinstance(item, str) for item in wanted):
        return _error('Error: ' + _('invalid arguments: toolsets must be a '
                                    'non-empty array of toolset names'))
    known = names(specs)
    unknown = [item for item in wanted if item not in known]
    if unknown:
        return _error('Error: ' + _no_such(unknown, known))
    before = {spec.name for spec in specs if policy.exposes(spec)}
    enabled = [item for item in dict.fromkeys(wanted)
               if policy.enable(item)]
    after = {spec.name for spec in specs if policy.exposes(spec)}
    added = sorted(after - before)
    data = {'enabled': enabled,
            'already_enabled': [item for item in dict.fromkeys(wanted)
                                if item not in enabled],
            'tools_added': added}
    hidden = [item for item in enabled
              if not any(toolset_of(spec) == item and spec.name in after
                         for spec in specs)]
    if hidden:
        data['note'] = _('{toolsets}: no tool offered, the server limits '
                         'its tools (--read-only, --allow or --deny)').format(
                             toolsets=', '.join(hidden))
    return False, data, _dumps(data), after != before


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(',', ':'))


def _error(message):
    return True, message, message, False
