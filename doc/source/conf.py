"""Sphinx configuration for the alegra documentation.

The exit-code table and the command reference are generated from the
installed package by the local extension in ``_ext/alegra_docs.py``;
stevedore's ``list-plugins`` lists the entry points of a plugin group.
The build needs no network access.
"""

import os
import sys

import alegra

# Keep the source tree free of __pycache__ from the local extension.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '_ext'))

# argparse wraps --help text to the terminal width; fix it for the build.
os.environ['COLUMNS'] = '80'

project = 'alegra'
author = 'The alegra developers'
copyright = 'The alegra developers'
version = release = alegra.__version__

extensions = ['alegra_docs', 'stevedore.sphinxext']

root_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = []
language = 'en'
highlight_language = 'none'
pygments_style = 'sphinx'

html_theme = 'alabaster'
html_title = f'alegra {release}'
html_theme_options = {
    'description': 'The command line for the Alegra accounting API',
    'fixed_sidebar': False,
    'show_relbars': True,
}
html_static_path = []
html_show_sourcelink = False
