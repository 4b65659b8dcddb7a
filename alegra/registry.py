"""The resource plugin contract and its discovery.

A plugin is data: a :class:`Resource` object published under the
``alegra.resources`` entry-point group.  The core turns it into commands
(``alegra <resource> <verb>``); later the sandbox and the MCP bridge read the
same objects.  Discovery lists entry points without importing them, so a
command imports only the plugin it runs.
"""

import dataclasses
import functools
import importlib.metadata
import importlib.resources
import json

from alegra import request

RESOURCE_GROUP = 'alegra.resources'
ALL_VERBS = ('list', 'get', 'create', 'update', 'delete')
# Verbs the core derives: import wherever create is, export wherever list is.
DERIVED_VERBS = {'import': 'create', 'export': 'list'}


@dataclasses.dataclass(frozen=True)
class Filter:
    """A list filter as a flag: ``--status open`` sends ``status=open``."""

    param: str
    help: str
    choices: tuple = ()
    flag: str = ''
    # False for parameters that shape the answer rather than select
    # records by a field of that name (format=plain, includeInactive).
    selects: bool = True

    @property
    def option(self):
        """The long option, from ``flag`` or from the query parameter name."""
        name = self.flag or self.param.replace('_', '-')
        return '--' + ''.join('-' + c.lower() if c.isupper() else c
                              for c in name).lstrip('-')

    @property
    def dest(self):
        return 'filter_' + self.option[2:].replace('-', '_')


# Effects an action may name that only the sandbox can carry out: a
# callable given a record and a body cannot reach its outbox or its books.
SANDBOX_EFFECTS = ('email', 'transfer')


@dataclasses.dataclass(frozen=True)
class Action:
    """A resource-specific POST such as ``invoices void ID``.

    ``path`` is appended to the resource path and may hold ``{id}``.
    ``destructive`` actions confirm like ``delete``; ``body`` actions take
    ``--file``/``--set`` like ``create``, checked against ``schema``.
    ``upload`` actions send a FILE as multipart (attachments).  ``batch``
    actions take up to that many ids at once, sent as ``{"ids": [...]}``.
    ``emits`` marks electronic emission (stamping): alegra keeps a local
    record of what it emitted and refuses to emit it twice.  ``show``
    prints only that field of the answer (an item's ``inventory``).

    What the action does to its record is declared too, for the sandbox
    and the documentation; the command line ignores it.  Data first:

    ``sets``
        Fields set on the record, ``{'status': 'void'}``.
    ``answer``
        What the action answers instead of the changed record, usually a
        confirmation ``{'code': '200', 'message': '...'}``.
    ``effect``
        What data cannot say: a callable ``(record, payload) -> answer``
        that may change ``record`` (a dict, ``None`` for an action without
        id) in place and returns the answer, or ``None`` to answer as
        ``answer`` says; or the name of an effect only the sandbox can
        carry out: ``'email'`` records the request in its outbox,
        ``'transfer'`` has its books move ``amount`` from this bank
        account to ``idDestination``.

    ``upload`` and ``emits`` are effects already: an upload adds the
    file's name and size to the record's ``attachments``, an emission
    adds made-up ``stamp`` data (and opens a draft).  A batch applies the
    effect to each record it names.  An action that declares nothing
    answers its record unchanged (a confirmation when it takes no id);
    a ``GET`` action only reads.
    """

    name: str
    help: str
    path: str = '{id}/{name}'
    method: str = 'POST'
    takes_id: bool = True
    body: bool = False
    destructive: bool = False
    schema: dict = None
    upload: bool = False
    batch: int = 0
    emits: bool = False
    show: str = ''
    sets: dict = None
    answer: dict = None
    effect: object = None

    def __post_init__(self):
        if not (self.effect is None or callable(self.effect) or
                self.effect in SANDBOX_EFFECTS):
            raise ValueError(
                f'action {self.name!r}: effect must be a callable or one '
                f'of {", ".join(SANDBOX_EFFECTS)}, not {self.effect!r}')

    @classmethod
    def attachment(cls, noun):
        """``attach ID FILE``, as Alegra takes a file for any record:
        multipart, in a ``file`` field, to ``POST <path>/ID/attachment``.
        ``noun`` has its article: ``'a contact'``."""
        return cls('attach', f'attach a file to {noun}',
                   path='{id}/attachment', upload=True)

    def url_path(self, base, ident=None):
        """The action's path under ``base``, its id encoded as one
        segment by :func:`alegra.request.path_segment`."""
        segment = request.path_segment(ident) if '{id}' in self.path \
            else None
        return request.resource_path(
            base, tail=self.path.format(id=segment, name=self.name))


@dataclasses.dataclass(frozen=True)
class NaturalKey:
    """Fields that together name one record among all of a resource's.

    An import looks a row up by them when its POST got no clear answer
    (see :mod:`alegra.bulk.natural_keys`): one record found is the row's,
    none means the row was not created, and more need a person.
    ``fields`` are dotted paths, the same in a create body and in a record
    read back; a reference (``{"id"}``) compares by its id and an
    identification (``{"type", "number"}``) by its number.  ``params``
    maps a path of the body (a key field or another, such as ``date``) to
    the list query parameter that narrows the lookup to records with that
    value; every record the list gives is still compared, so a parameter
    the API ignores costs pages, never a wrong match.
    """

    fields: tuple
    params: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Resource:
    """Everything the core needs to serve one API resource.

    ``schema`` names a JSON Schema file inside the plugin's package (read on
    first use) or holds the schema itself.  ``table_columns`` are what a
    table shows; ``export_columns`` what an export writes; ``import_mapping``
    maps CSV headers to field paths.  ``id_field`` is what ``get ID`` means
    (``code`` for currencies).  A ``singleton`` (the company) has one record
    at ``path``: its ``get`` and ``update`` take no id.  ``pdf`` documents
    answer with a PDF URL, which ``pdf ID --out FILE`` downloads.
    ``example`` is a
    valid create body: shown in the docs and in the MCP create tool, and
    sent by the tests that hold every plugin against the sandbox.

    Imports: ``natural_keys`` are :class:`NaturalKey` alternatives, the
    first whose fields a row has is its key.  ``marker`` is the key of a
    row that has none: its one field names a text field where the import
    appends ``[alegra-import KEY#ROW]`` when it sends the row, and the
    record whose field holds that text is the row's.  ``ordered``
    resources are numbered in the order they are created (invoices,
    payments, ...), so their rows are created one at a time in the
    file's order, never concurrently.
    """

    name: str
    path: str
    summary: str
    package: str = ''
    schema: object = None
    verbs: tuple = ALL_VERBS
    table_columns: tuple = ('id', 'name')
    export_columns: tuple = ()
    import_mapping: dict = dataclasses.field(default_factory=dict)
    filters: tuple = ()
    actions: tuple = ()
    id_field: str = 'id'
    singleton: bool = False
    example: dict = None
    pdf: bool = False
    # The key one record arrives under, when the API wraps it
    # (``{"subscription": {...}}``); list wrappers are handled by paging.
    envelope: str = ''
    natural_keys: tuple = ()
    marker: NaturalKey = None
    ordered: bool = False

    def unwrap(self, answer):
        """The record inside an answer (the answer itself if unwrapped)."""
        if self.envelope and isinstance(answer, dict) and \
                isinstance(answer.get(self.envelope), dict):
            return answer[self.envelope]
        return answer

    def supports(self, verb):
        return DERIVED_VERBS.get(verb, verb) in self.verbs

    def item_path(self, ident):
        if self.singleton:
            return self.path
        return request.resource_path(self.path, ident)

    def create_schema(self):
        """The JSON Schema of a create body, or ``None`` when there is none."""
        if self.schema is None or isinstance(self.schema, dict):
            return self.schema
        return _load_schema(self.package, self.schema)


@functools.cache
def _load_schema(package, filename):
    text = importlib.resources.files(package).joinpath(filename).read_text(
        encoding='utf-8')
    return json.loads(text)


class BrokenPlugin(Exception):
    """A plugin that failed to load; the message names it in one line."""


def resource_entry_points():
    """Entry points of every installed resource plugin, by name, unimported."""
    found = {}
    for entry_point in importlib.metadata.entry_points(group=RESOURCE_GROUP):
        found.setdefault(entry_point.name, entry_point)
    return found


# The distribution each loaded plugin came from, for "provided by" notes.
DISTRIBUTIONS = {}


def load(entry_point):
    """Import one plugin and check that it declares a :class:`Resource`."""
    try:
        resource = entry_point.load()
    except Exception as exc:
        raise BrokenPlugin(
            f'plugin {entry_point.name!r} ({entry_point.value}) failed to '
            f'load: {type(exc).__name__}: {exc}') from exc
    if not isinstance(resource, Resource):
        raise BrokenPlugin(
            f'plugin {entry_point.name!r} ({entry_point.value}) is not an '
            'alegra.registry.Resource')
    dist = getattr(entry_point, 'dist', None)
    DISTRIBUTIONS[resource.name] = dist.name if dist is not None else None
    return resource
