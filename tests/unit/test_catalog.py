"""The Spanish catalog is complete, current and safe to format.

Babel extracts every text the way ``babel.cfg`` says (``_()`` calls,
command docstrings, plugin texts); each must have a Spanish translation
with the same placeholders, and the catalog must hold nothing else.  The
compiled ``.mo`` (built by ``setup.py``) must match the ``.po``.
"""

import ast
import gettext
import os
import pathlib
import re

import testtools

from alegra import i18n

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CATALOG = os.path.join(i18n.LOCALE_DIR, 'es', 'LC_MESSAGES', 'alegra.po')
# str.format fields and printf conversions (argparse's texts).
PLACEHOLDER = re.compile(r'\{[^{}]*\}|%(?:\([A-Za-z_]+\))?[srd]')
UPDATE = 'update alegra.po as doc/source/language.rst says'


def extracted():
    """``{msgid: first location}`` as ``pybabel extract`` finds them."""
    from babel.messages import extract
    from babel.messages import frontend

    with open(os.path.join(ROOT, 'babel.cfg'), encoding='utf-8') as handle:
        method_map, options_map = frontend.parse_mapping_cfg(handle)
    found = {}
    for filename, lineno, message, _comments, _context in \
            extract.extract_from_dir(ROOT, method_map, options_map):
        found.setdefault(message, f'{filename}:{lineno}')
    return found


def read_catalog():
    from babel.messages import pofile

    with open(CATALOG, 'rb') as handle:
        return pofile.read_po(handle)


def translation_calls():
    """``(where, call, inside a function)`` for each ``_()`` and
    ``ngettext()`` call in alegra's sources."""
    found = []

    def visit(node, path, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call) and \
                    isinstance(child.func, ast.Name) and \
                    child.func.id in ('_', 'ngettext'):
                found.append((f'{path}:{child.lineno}', child, in_function))
            visit(child, path, in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    for path in sorted(pathlib.Path(ROOT, 'alegra').rglob('*.py')):
        visit(ast.parse(path.read_text(encoding='utf-8')),
              path.relative_to(ROOT), False)
    return found


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


class TestSpanishCatalog(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.extracted = extracted()
        cls.catalog = read_catalog()

    def messages(self):
        return [message for message in self.catalog if message.id]

    def test_every_text_is_in_the_catalog(self):
        missing = [f'{where}: {message!r}'
                   for message, where in self.extracted.items()
                   if message not in self.catalog]
        self.assertEqual([], missing, f'texts not in the catalog; {UPDATE}')

    def test_the_catalog_holds_only_texts_still_in_use(self):
        stale = [message.id for message in self.messages()
                 if message.id not in self.extracted]
        self.assertEqual([], stale, f'texts no longer used; {UPDATE}')

    def test_every_text_is_translated(self):
        untranslated = [message.id for message in self.messages()
                        if message.fuzzy or not message.string or (
                            isinstance(message.string, tuple) and
                            not all(message.string))]
        self.assertEqual([], untranslated)

    def test_translations_keep_the_placeholders(self):
        wrong = []
        for message in self.messages():
            ids = message.id if isinstance(message.id, tuple) else \
                (message.id,)
            strings = message.string if isinstance(message.string, tuple) \
                else (message.string,)
            expected = placeholders(ids[-1])
            wrong += [(ids[0], text) for text in strings
                      if text and placeholders(text) != expected]
        self.assertEqual([], wrong)

    def test_no_text_carries_the_error_prefix(self):
        # "Error:" stays English and is added outside the catalog.
        prefixed = [message.id for message in self.messages()
                    if str(message.string).startswith(('Error:', 'Aviso:'))
                    or str(message.id).startswith(('Error:', 'Warning:'))]
        self.assertEqual([], prefixed)

    def test_the_compiled_catalog_matches(self):
        path = CATALOG[:-3] + '.mo'
        self.assertTrue(os.path.exists(path),
                        'no alegra.mo: pip install -e . compiles it')
        with open(path, 'rb') as handle:
            compiled = gettext.GNUTranslations(handle)
        stale = [message.id for message in self.messages()
                 if not isinstance(message.id, tuple) and
                 compiled.gettext(message.id) != message.string]
        self.assertEqual([], stale,
                         'alegra.mo is older than alegra.po: pip install '
                         '-e . compiles it again')


class TestTranslationCalls(testtools.TestCase):
    """How the sources call ``_()``: mistakes the catalog cannot see."""

    def test_texts_are_translated_when_shown_not_at_import(self):
        # The language is chosen per run: a module-level or class-level
        # _() would freeze the language of whichever run imported it.
        at_import = [where for where, _call, in_function
                     in translation_calls() if not in_function]
        self.assertEqual([], at_import, 'use N_() there, and _() where '
                                        'the text is shown')

    def test_no_f_string_is_looked_up(self):
        # Babel cannot extract an f-string, and its lookup always misses.
        formatted = [where for where, call, _inside in translation_calls()
                     if any(isinstance(argument, ast.JoinedStr)
                            for argument in call.args)]
        self.assertEqual([], formatted, "write _('... {name}').format("
                                        "name=...) instead")
