"""A built package ships its compiled catalog, and speaks Spanish from it.

The wheel is built from a copy of the sources without its ``.mo`` (as a
clean checkout is), without build isolation and without an index: the
build itself must compile the catalog.
"""

import gettext
import io
import os
import shutil
import subprocess
import sys
import zipfile

import fixtures
import testtools

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SOURCES = ('setup.py', 'setup.cfg', 'pyproject.toml', 'MANIFEST.in',
           'babel.cfg', 'README.md', 'alegra', 'alegra_plugins')
CATALOG = 'alegra/locale/es/LC_MESSAGES/alegra.mo'


def copy_sources(target):
    for name in SOURCES:
        source = os.path.join(ROOT, name)
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(target, name),
                            ignore=shutil.ignore_patterns(
                                '__pycache__', '*.mo'))
        else:
            shutil.copy(source, target)


class TestWheel(testtools.TestCase):

    def test_the_wheel_carries_the_compiled_catalog(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        source = os.path.join(tmp, 'src')
        os.mkdir(source)
        copy_sources(source)
        self.assertFalse(os.path.exists(os.path.join(source, CATALOG)))
        built = subprocess.run(
            [sys.executable, '-m', 'pip', 'wheel', '--no-deps',
             '--no-build-isolation', '--no-index', '-q', '-w',
             os.path.join(tmp, 'dist'), source],
            capture_output=True, text=True, timeout=300, check=False)
        self.assertEqual(0, built.returncode, built.stderr)
        [wheel] = os.listdir(os.path.join(tmp, 'dist'))
        with zipfile.ZipFile(os.path.join(tmp, 'dist', wheel)) as archive:
            self.assertIn(CATALOG, archive.namelist())
            compiled = archive.read(CATALOG)
        spanish = gettext.GNUTranslations(io.BytesIO(compiled))
        self.assertEqual('uso: ', spanish.gettext('usage: '))
