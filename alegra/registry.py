"""The resource plugin contract, its discovery and its checks.

A plugin is data: a :class:`Resource` object published under the
``alegra.resources`` entry-point group.  The core turns it into commands
(``alegra <resource> <verb>``); the sandbox and the MCP bridge read the
same objects.  Discovery is stevedore's: entry points are listed from its
cache without importing anything, and only the plugins a command needs
are loaded (a :class:`stevedore.named.NamedExtensionManager`), so a command
imports only the plugin it runs.

A plugin that breaks the contract is a :class:`BrokenPlugin`, found by
:func:`diagnose` wherever plugins are loaded (the command line, its help
and completion, the sandbox, the MCP server, ``alegra doctor`` and
``alegra plugins``) and named in one line: the plugin, the package that
provides it, the file at fault and the problem.  Loading a plugin runs the
cheap checks; ``alegra plugins check`` runs every check
(:mod:`alegra.plugin_checks`).
"""

import dataclasses
import functools
import importlib.resources
import importlib.util
import json
import os
import sys

from alegra import errors
from alegra import i18n
from alegra import request
from alegra.i18n import _

# The version of the contract between alegra and its plugins: the fields
# of Resource, Action, Filter and NaturalKey and what they mean, and the
# entry-point groups.  A plugin states the version it is written for
# (``Resource.api``); alegra runs plugins of SUPPORTED_API_VERSIONS only.
API_VERSION = 1
SUPPORTED_API_VERSIONS = (1,)
RESOURCE_GROUP = 'alegra.resources'
COMMAND_GROUP = 'alegra.commands'
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
                _('action {name}: effect must be a callable or one of '
                  '{effects}, not {effect}').format(
                      name=repr(self.name),
                      effects=', '.join(SANDBOX_EFFECTS),
                      effect=repr(self.effect)))

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

    ``api`` is the version of this contract (:data:`API_VERSION`) the
    plugin is written for.  Its default, 1, never changes, so a plugin
    that states nothing is taken as written for the first one; alegra
    refuses, as a broken plugin, one whose version it does not run.
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
    api: int = 1

    def __post_init__(self):
        # The docstring is the summary, so that tools documenting plugins
        # by their docstring (stevedore's ``list-plugins``) show this
        # resource rather than the class.
        object.__setattr__(self, '__doc__', f'{self.summary} ({self.path})')

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


def schema_file(package, filename):
    """The schema file ``filename`` inside ``package`` (a Traversable)."""
    return importlib.resources.files(package).joinpath(filename)


@functools.cache
def _load_schema(package, filename):
    return json.loads(schema_file(package, filename).read_text(
        encoding='utf-8'))


@dataclasses.dataclass(frozen=True)
class Provider:
    """The installed distribution that publishes a plugin."""

    name: str
    version: str

    def __str__(self):
        return f'{self.name} {self.version}'


@functools.cache
def _providers():
    import importlib.metadata
    found = {}
    for dist in importlib.metadata.distributions():
        for entry_point in dist.entry_points:
            if entry_point.group in (RESOURCE_GROUP, COMMAND_GROUP):
                found.setdefault(
                    (entry_point.group, entry_point.name, entry_point.value),
                    Provider(dist.name, dist.version))
    return found


def provider(entry_point):
    """The :class:`Provider` of an entry point, or ``None`` (not installed).

    Looked up on first use: it reads every installed package's metadata,
    which running a command does not need.
    """
    return _providers().get(
        (entry_point.group, entry_point.name, entry_point.value))


def display_path(path):
    """A path as the user reads it: relative below the working directory."""
    if not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if relative.startswith('..') else relative


def module_file(entry_point):
    """The file of a plugin's module, else its module's name."""
    path = getattr(sys.modules.get(entry_point.module), '__file__', None)
    if path is None:
        try:
            spec = importlib.util.find_spec(entry_point.module)
        except Exception:  # finding a submodule imports its parents
            spec = None
        path = getattr(spec, 'origin', None)
    return display_path(path) if path else entry_point.module


class BrokenPlugin(errors.AlegraError):
    """A plugin that breaks the contract, named in one line.

    ``plugin 'NAME' (PACKAGE VERSION, FILE): PROBLEM`` names the entry
    point, the distribution that publishes it, the file at fault (its
    module, the line an import failed at, or its schema file) and the
    problem.  Running one of its commands exits 1 with this line.
    """

    def __init__(self, entry_point, problem, where=None):
        self.entry_point = entry_point
        self.problem = problem
        self.file = where or module_file(entry_point)
        self.provider = provider(entry_point)
        package = self.provider or _('no installed package')
        if entry_point.group == COMMAND_GROUP:
            line = _('command {name} ({package}, {file}): {problem}')
            name = entry_point.name.replace('_', ' ')
        else:
            line = _('plugin {name} ({package}, {file}): {problem}')
            name = entry_point.name
        super().__init__(line.format(name=repr(name), package=package,
                                     file=self.file, problem=problem))

    @property
    def name(self):
        return self.entry_point.name


def _package_location(module):
    """The directory of a module's top-level package (or its file)."""
    try:
        spec = importlib.util.find_spec(module.split('.')[0])
    except Exception:
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return list(spec.submodule_search_locations)[0] + os.sep
    return spec.origin


def load_failure(entry_point, exc):
    """The :class:`BrokenPlugin` for a plugin whose import raised ``exc``,
    at the line it failed: a syntax error's, else the last one of the
    traceback inside the plugin's package."""
    site = None
    if isinstance(exc, SyntaxError) and exc.filename:
        site = f'{display_path(exc.filename)}:{exc.lineno}'
    else:
        import traceback
        location = _package_location(entry_point.module)
        for frame, line in traceback.walk_tb(exc.__traceback__):
            if location and frame.f_code.co_filename.startswith(location):
                site = f'{display_path(frame.f_code.co_filename)}:{line}'
    return BrokenPlugin(entry_point,
                        _('failed to load: {type}: {error}').format(
                            type=type(exc).__name__, error=exc), site)


def _not_a(found, of_class, of_type, **fields):
    """One of two whole sentences, as ``found`` is a class or an instance
    of something else: ``of_class`` has ``{name}``, ``of_type``
    ``{type}``."""
    if isinstance(found, type):
        return of_class.format(name=found.__name__, **fields)
    return of_type.format(type=type(found).__name__, **fields)


def _check_resource(entry_point, resource):
    if not isinstance(resource, Resource):
        return BrokenPlugin(entry_point, _not_a(
            resource,
            _('{value} is the class {name}, not an '
              'alegra.registry.Resource'),
            _('{value} is a {type}, not an alegra.registry.Resource'),
            value=entry_point.value))
    if not isinstance(resource.api, int) or isinstance(resource.api, bool):
        return BrokenPlugin(
            entry_point, _('api={api}: state the registry API version as a '
                           'number, such as {version}').format(
                               api=repr(resource.api), version=API_VERSION))
    if resource.api not in SUPPORTED_API_VERSIONS:
        if resource.api > API_VERSION:
            problem = _('needs registry API {api}; this alegra has '
                        '{version} (upgrade alegra)')
        else:
            problem = _('needs registry API {api}; this alegra has '
                        '{version} (upgrade the plugin)')
        return BrokenPlugin(entry_point, problem.format(
            api=resource.api, version=API_VERSION))
    return _schema_problem(entry_point, resource)


def _schema_problem(entry_point, resource):
    """Whether the create schema can be read: a file that is there, is
    JSON and holds an object."""
    source = resource.schema
    if source is None or isinstance(source, dict):
        return None
    if not isinstance(source, str):
        return BrokenPlugin(entry_point, _not_a(
            source,
            _('schema is the class {name}; give a dict, or the name of a '
              'JSON file in the package'),
            _('schema is a {type}; give a dict, or the name of a JSON file '
              'in the package')))
    if not resource.package:
        return BrokenPlugin(
            entry_point, _('schema names the file {file} but package is '
                           'empty (set package=__package__)').format(
                               file=repr(source)))
    try:
        where = display_path(str(schema_file(resource.package, source)))
    except Exception as exc:
        return BrokenPlugin(
            entry_point, _('the package {package} of the schema file cannot '
                           'be found: {type}: {error}').format(
                               package=repr(resource.package),
                               type=type(exc).__name__, error=exc))
    try:
        schema = resource.create_schema()
    except FileNotFoundError:
        return BrokenPlugin(entry_point, _("schema file is missing (is it "
                                           "in the package's data files?)"),
                            where)
    except json.JSONDecodeError as exc:
        return BrokenPlugin(entry_point,
                            _('schema file is not valid JSON: {reason}')
                            .format(reason=exc.msg),
                            f'{where}:{exc.lineno}:{exc.colno}')
    except UnicodeDecodeError:
        return BrokenPlugin(entry_point, _('schema file is not UTF-8 text'),
                            where)
    except OSError as exc:
        return BrokenPlugin(entry_point,
                            _('schema file cannot be read: {reason}').format(
                                reason=i18n.strerror(exc) or exc), where)
    if not isinstance(schema, dict):
        return BrokenPlugin(entry_point,
                            _('schema file holds no JSON object'), where)
    return None


def _check_command(entry_point, factory):
    from cliff import command
    if not (isinstance(factory, type) and
            issubclass(factory, command.Command)):
        return BrokenPlugin(entry_point, _not_a(
            factory,
            _('{value} is the class {name}, not a cliff Command class'),
            _('{value} is a {type}, not a cliff Command class'),
            value=entry_point.value))
    return None


@dataclasses.dataclass
class Status:
    """What loading one plugin found: the plugin (a :class:`Resource`, or
    a command class) and its problems, the first of which is the reason
    it is broken."""

    entry_point: object
    plugin: object = None
    problems: list = dataclasses.field(default_factory=list)

    @property
    def name(self):
        return self.entry_point.name

    @property
    def ok(self):
        return not self.problems


_UNLOADED = object()
# Entry points of the resources loaded whole, by resource name.
_LOADED = {}


def diagnose(entry_point, thorough=False, plugin=_UNLOADED, app=None):
    """Check one plugin; returns its :class:`Status`.

    The cheap checks, run whenever a plugin is loaded, stop at the first
    problem: the import, the type, the registry API version, the schema
    file.  ``thorough`` adds every check of :mod:`alegra.plugin_checks`
    (``alegra plugins check``); given ``app``, they build its commands.
    ``plugin`` is what the entry point loaded, when it is already loaded.
    """
    status = Status(entry_point)
    if plugin is _UNLOADED:
        try:
            plugin = entry_point.load()
        except Exception as exc:
            status.problems.append(load_failure(entry_point, exc))
            return status
    resource_group = entry_point.group != COMMAND_GROUP
    problem = (_check_resource if resource_group else _check_command)(
        entry_point, plugin)
    if problem is not None:
        status.problems.append(problem)
        return status
    status.plugin = plugin
    if thorough and resource_group:
        from alegra import plugin_checks
        status.problems.extend(plugin_checks.problems(entry_point, plugin,
                                                      app))
    if resource_group:
        _LOADED[plugin.name] = entry_point
    i18n.add_plugin_catalog(entry_point.module)
    return status


def check(entry_point, thorough=False, app=None):
    """The plugin's :class:`Resource`, or :class:`BrokenPlugin` naming the
    first problem :func:`diagnose` finds."""
    status = diagnose(entry_point, thorough, app=app)
    if status.problems:
        raise status.problems[0]
    return status.plugin


def load(entry_point):
    """Import a resource plugin for use: :func:`check`, cheap checks."""
    return check(entry_point)


def _manager(group, names, on_load_failure=None):
    """A stevedore manager for ``group``: loading ``names`` only (none for
    an empty list), or every plugin when ``names`` is ``None``."""
    # stevedore is imported here, not with this module, which every
    # plugin imports; the command line has it already (cliff uses it).
    import stevedore
    if names is None:
        return stevedore.ExtensionManager(
            group, invoke_on_load=False,
            on_load_failure_callback=on_load_failure)
    return stevedore.NamedExtensionManager(
        group, names=list(names), invoke_on_load=False,
        on_load_failure_callback=on_load_failure,
        on_missing_entrypoints_callback=None)


def entry_points(group=RESOURCE_GROUP):
    """The group's entry points by name, none imported, from stevedore's
    cached listing.  When two packages publish one name, the first found
    is the one used."""
    found = {}
    for entry_point in _manager(group, ()).list_entry_points():
        found.setdefault(entry_point.name, entry_point)
    return found


def resource_entry_points():
    """Entry points of every installed resource plugin, by name."""
    return entry_points(RESOURCE_GROUP)


def survey(group=RESOURCE_GROUP, names=None, thorough=False, app=None):
    """Load a group's plugins through stevedore and :func:`diagnose` each.

    Returns ``{name: Status}`` in discovery order, for ``names`` only when
    given (those not installed are left out).  stevedore's load-failure
    callback sets aside a plugin whose import fails, with its reason.
    """
    failures = {}

    def set_aside(manager, entry_point, exc):
        failures[entry_point.name, entry_point.value] = exc

    try:
        loaded = {(extension.name, extension.entry_point.value):
                  extension.plugin for extension in
                  _manager(group, names, set_aside).extensions}
    except AssertionError:
        # stevedore lets an AssertionError through: load one at a time.
        loaded = None
    statuses = {}
    for name, entry_point in entry_points(group).items():
        if names is not None and name not in names:
            continue
        key = name, entry_point.value
        if key in failures:
            statuses[name] = Status(entry_point, problems=[
                load_failure(entry_point, failures[key])])
        elif loaded is None:
            statuses[name] = diagnose(entry_point, thorough, app=app)
        elif key in loaded:
            statuses[name] = diagnose(entry_point, thorough, loaded[key],
                                      app)
    return statuses


def distribution_of(name):
    """The name of the distribution that publishes the loaded resource
    ``name`` (for "provided by" notes), or ``None``."""
    entry_point = _LOADED.get(name)
    found = provider(entry_point) if entry_point is not None else None
    return found.name if found else None
