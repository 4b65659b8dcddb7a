"""Sphinx directives that generate alegra's reference pages from the code.

``.. alegra-exit-codes::``
    The exit-code table, from :data:`alegra.errors.EXIT_CODES`.

``.. alegra-http-statuses:: 400 401 ...``
    For each HTTP status given, the exit code and the hint that
    :func:`alegra.errors.for_status` gives it.

    Both take ``:language: es`` for the Spanish guide: the texts come from
    the same catalog as the command line's (:mod:`alegra.i18n`).

``.. alegra-commands::``
    One section per resource with a subsection per verb, then the other
    commands, each with its description and its ``--help`` text, from the
    cliff commands of a freshly built :class:`alegra.shell.AlegraApp`.

``.. alegra-resources::``
    A table of the built-in resources (the ``alegra_plugins`` entry points):
    name, API path, verbs and actions, summary, from the registry.

``.. alegra-examples::``
    Each built-in resource's ``example`` create body, as JSON.

They read the installed code at build time, so the pages cannot drift from
it.  Help text is formatted at 80 columns whatever the terminal.
"""

import contextlib
import inspect
import io
import json
import os

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

LOG = logging.getLogger(__name__)
HELP_COLUMNS = '80'
SKIPPED = ('complete', 'help')
BUILT_IN = 'alegra_plugins.'


@contextlib.contextmanager
def _columns(width):
    """Run with ``COLUMNS`` set, so argparse wraps help the same everywhere."""
    saved = os.environ.get('COLUMNS')
    os.environ['COLUMNS'] = width
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop('COLUMNS', None)
        else:
            os.environ['COLUMNS'] = saved


def _source_file(obj):
    try:
        return inspect.getsourcefile(obj)
    except TypeError:
        return None


def _table(headers, rows, widths):
    table = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)

    def row_of(cells):
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += cell if isinstance(cell, nodes.Node) else \
                nodes.paragraph(text=str(cell))
            row += entry
        return row

    head = nodes.thead()
    head += row_of(headers)
    body = nodes.tbody()
    for cells in rows:
        body += row_of(cells)
    group += head
    group += body
    return table


# Table headers by language (docs only: not in the catalog).
HEADERS = {
    'en': {'exit': ('Code', 'Name', 'When'),
           'http': ('HTTP status', 'Exit code', 'Hint printed')},
    'es': {'exit': ('Código', 'Nombre', 'Cuándo'),
           'http': ('Estado HTTP', 'Código de salida', 'Sugerencia impresa')},
}


@contextlib.contextmanager
def _speaking(language):
    """Texts of alegra's catalog in ``language`` for the block."""
    from alegra import i18n

    i18n.use({'ALEGRA_LANG': language})
    try:
        yield i18n
    finally:
        i18n.use()


class ExitCodes(SphinxDirective):
    """A table of every exit code: code, name, when."""

    has_content = False
    option_spec = {'language': lambda text: directives.choice(
        text, tuple(HEADERS))}

    def run(self):
        from alegra import errors

        self.env.note_dependency(_source_file(errors))
        language = self.options.get('language', 'en')
        rows = []
        with _speaking(language) as i18n:
            for code, name, when in errors.EXIT_CODES:
                literal = nodes.paragraph()
                literal += nodes.literal(text=str(code))
                rows.append((literal, name, i18n._(when)))
        return [_table(HEADERS[language]['exit'], rows, (6, 16, 58))]


class HttpStatuses(SphinxDirective):
    """A table of HTTP statuses: exit code, name and hint printed."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = ExitCodes.option_spec

    def run(self):
        from alegra import errors

        self.env.note_dependency(_source_file(errors))
        names = {code: name for code, name, _ in errors.EXIT_CODES}
        language = self.options.get('language', 'en')
        rows = []
        with _speaking(language):
            for word in self.arguments[0].split():
                try:
                    status = int(word)
                except ValueError:
                    LOG.warning('alegra-http-statuses: %r is not a status',
                                word, location=self.get_location())
                    continue
                exc = errors.for_status(status, 'message')
                code = nodes.paragraph()
                code += nodes.literal(text=str(exc.exit_code))
                code += nodes.Text(f' {names.get(exc.exit_code, "")}')
                hint = nodes.paragraph(text=exc.shown_hint() or '—')
                rows.append((str(status), code, hint))
        return [_table(HEADERS[language]['http'], rows, (12, 18, 50))]


class Commands(SphinxDirective):
    """Sections for every ``alegra`` command, built from its parser."""

    has_content = False

    def run(self):
        from alegra import shell

        self.env.note_dependency(_source_file(shell))
        app = shell.AlegraApp(stdin=io.StringIO(), stdout=io.StringIO(),
                              stderr=io.StringIO())
        manager = app.command_manager
        manager.load_all()
        for name, reason in sorted(manager.broken.items()):
            LOG.warning('alegra plugin %s not documented: %s', name, reason,
                        location=self.get_location())
        commands = {name: entry
                    for name, entry in sorted(manager.commands.items())
                    if name not in SKIPPED}
        with _columns(HELP_COLUMNS):
            return self._render(app, manager, commands)

    def _render(self, app, manager, commands):
        result = [self._global_options(app)]
        for resource_name, resource in sorted(manager.resources.items()):
            section = self._section(
                f'alegra-{resource_name}', resource_name)
            section += nodes.paragraph(
                text=f'{resource.summary[:1].upper()}'
                     f'{resource.summary[1:]}; API path {resource.path}.')
            for verb in self._verbs(resource, commands):
                name = f'{resource_name} {verb}'
                section += self._command(app, name, commands.pop(name))
            result.append(section)
        if commands:
            others = self._section('alegra-other-commands', 'Other commands')
            for name, entry in commands.items():
                others += self._command(app, name, entry)
            result.append(others)
        return result

    @staticmethod
    def _verbs(resource, commands):
        """The verbs, then the actions, in the plugin's order; others last."""
        prefix = resource.name + ' '
        present = [name[len(prefix):] for name in commands
                   if name.startswith(prefix)]
        declared = list(resource.verbs) + [
            action.name for action in getattr(resource, 'actions', ())]
        ordered = [verb for verb in declared if verb in present]
        return ordered + sorted(set(present) - set(ordered))

    def _section(self, label, title):
        section = nodes.section(ids=[nodes.make_id(label)],
                                names=[nodes.fully_normalize_name(label)])
        section += nodes.title(text=title)
        self.state.document.note_explicit_target(section)
        return section

    def _help_block(self, text):
        block = nodes.literal_block(text, text)
        block['language'] = 'text'
        return block

    def _global_options(self, app):
        section = self._section('alegra-global-options', 'Global options')
        section += nodes.paragraph(
            text='Options accepted before the command name. The common '
                 'options are accepted after it too.')
        section += self._help_block(app.parser.format_help())
        return section

    def _command(self, app, name, entry):
        factory = entry.load()
        source = _source_file(inspect.getmodule(factory))
        if source:
            self.env.note_dependency(source)
        command = factory(app, None, cmd_name=name)
        parser = command.get_parser('alegra ' + name)
        section = self._section('alegra-' + name.replace(' ', '-'),
                                'alegra ' + name)
        description = ' '.join((command.get_description() or '').split())
        if description:
            section += nodes.paragraph(text=description)
        section += self._help_block(parser.format_help())
        return section


def _built_in_resources(directive):
    """The built-in resources, by name, each plugin noted as a dependency.

    Third-party plugins installed in the build environment are left out,
    so the page is the same wherever it is built.
    """
    from alegra import registry

    found = []
    for name, entry_point in sorted(registry.resource_entry_points().items()):
        if not entry_point.value.startswith(BUILT_IN):
            continue
        resource = registry.load(entry_point)
        source = _module_file(entry_point.value.split(':', 1)[0])
        if source:
            directive.env.note_dependency(source)
        found.append((name, resource))
    return found


def _module_file(module):
    import importlib.util
    spec = importlib.util.find_spec(module)
    return spec.origin if spec is not None else None


def _reference(directive, target, text):
    """A link to a section of the command reference (``alegra-...``)."""
    ref = addnodes.pending_xref('', refdomain='std', reftype='ref',
                                reftarget=f'alegra-{target}',
                                refdoc=directive.env.docname,
                                refexplicit=True, refwarn=True)
    ref += nodes.literal(text=text)
    return ref


def _words(paragraph, words):
    for index, word in enumerate(words):
        if index:
            paragraph += nodes.Text(', ')
        paragraph += nodes.literal(text=word)


class Resources(SphinxDirective):
    """A table of the built-in resources: name, path, verbs, summary."""

    has_content = False

    def run(self):
        from alegra import verbs

        rows = []
        for name, resource in _built_in_resources(self):
            cell = nodes.paragraph()
            cell += _reference(self, name, name)
            path = nodes.paragraph()
            path += nodes.literal(text=resource.path)
            if resource.singleton:
                path += nodes.Text(' (one record, no id)')
            elif resource.id_field != 'id':
                path += nodes.Text(' (')
                path += nodes.literal(text=resource.id_field.upper())
                path += nodes.Text(' instead of ID)')
            actions = [action.name for action in resource.actions]
            commands = [verb for verb in verbs.commands_for(resource)
                        if verb not in actions]
            used = nodes.paragraph()
            _words(used, commands)
            if actions:
                used += nodes.Text('; actions: ')
                _words(used, actions)
            rows.append((cell, path, used, resource.summary))
        return [_table(('Resource', 'API path', 'Verbs; actions',
                        'Summary'), rows, (18, 22, 34, 26))]


def _compact_json(body):
    """A JSON object with one top-level field per line, values inline."""
    fields = [f'  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}'
              for key, value in body.items()]
    return '{\n' + ',\n'.join(fields) + '\n}'


class Examples(SphinxDirective):
    """Each built-in resource's example create body."""

    has_content = False

    def run(self):
        items = nodes.definition_list()
        for name, resource in _built_in_resources(self):
            if resource.example is None:
                continue
            item = nodes.definition_list_item()
            term = nodes.term()
            term += _reference(self, f'{name}-create',
                               f'{name} create')
            item += term
            definition = nodes.definition()
            text = _compact_json(resource.example)
            block = nodes.literal_block(text, text)
            block['language'] = 'json'
            definition += block
            item += definition
            items += item
        return [items]


def setup(app):
    app.add_directive('alegra-exit-codes', ExitCodes)
    app.add_directive('alegra-http-statuses', HttpStatuses)
    app.add_directive('alegra-commands', Commands)
    app.add_directive('alegra-resources', Resources)
    app.add_directive('alegra-examples', Examples)
    return {'version': '1', 'parallel_read_safe': True,
            'parallel_write_safe': True}
