"""Packaging shim: everything declarative lives in setup.cfg.

The one step that is not declarative, as in alegra itself: Babel's
``compile_catalog`` (configured in setup.cfg) compiles the Spanish catalog
(``alegra_gadgets/locale/*/LC_MESSAGES/alegra_gadgets.po``) to a ``.mo``
file before the package's files are collected, so that every install
ships it.  alegra looks for
``<package>/locale/<lang>/LC_MESSAGES/<package>.mo`` once it has loaded
the plugin.
"""

from babel.messages import setuptools_frontend
import setuptools
from setuptools.command import build_py


class BuildPy(build_py.build_py):
    """build_py that compiles the catalogs first."""

    def run(self):
        self.run_command('compile_catalog')
        super().run()


setuptools.setup(cmdclass={
    'build_py': BuildPy,
    'compile_catalog': setuptools_frontend.compile_catalog})
