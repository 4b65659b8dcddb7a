"""Packaging shim: everything declarative lives in setup.cfg.

The one step that is not declarative, as in alegra itself: the Spanish
catalog (``alegra_gadgets/locale/*/LC_MESSAGES/alegra_gadgets.po``) is
compiled to a ``.mo`` file before the package's files are collected, so
that every install ships it.  alegra looks for
``<package>/locale/<lang>/LC_MESSAGES/<package>.mo`` once it has loaded
the plugin.
"""

import glob
import os

import setuptools
from setuptools.command import build_py


class BuildPy(build_py.build_py):
    """build_py that compiles the catalogs first."""

    def run(self):
        compile_catalogs(os.path.join('alegra_gadgets', 'locale'))
        super().run()


def compile_catalogs(directory):
    """Write a ``.mo`` beside each ``.po`` under ``directory``, refusing a
    catalog with errors."""
    from babel.messages import mofile
    from babel.messages import pofile

    pattern = os.path.join(directory, '*', 'LC_MESSAGES', '*.po')
    for path in sorted(glob.glob(pattern)):
        with open(path, 'rb') as handle:
            catalog = pofile.read_po(handle)
        problems = [f'{path}: {message.id!r}: {error}'
                    for message, errors in catalog.check()
                    for error in errors]
        if problems:
            raise SystemExit('\n'.join(problems))
        with open(path[:-3] + '.mo', 'wb') as handle:
            mofile.write_mo(handle, catalog)


setuptools.setup(cmdclass={'build_py': BuildPy})
