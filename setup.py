"""Packaging shim: everything declarative lives in setup.cfg.

The one step that is not declarative: the message catalogs
(``alegra/locale/*/LC_MESSAGES/alegra.po``) are compiled to ``.mo`` files
by Babel's ``compile_catalog`` (configured in setup.cfg) before the
package's files are collected, so that every install, editable or not,
ships them and nothing is compiled at run time.
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
