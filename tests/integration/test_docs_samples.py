"""The documentation's checked samples show what the commands really print.

Every console block marked ``.. checked-sample`` in ``doc/source`` (and
``<!-- checked-sample -->`` in README.md) is run against a fresh seeded
sandbox and compared with its real output; a mismatch fails with a
unified diff and the block's file:line.  ``tests/integration/
docs_samples.py`` describes the convention and how a block runs.

Regenerate the samples from the real output with::

    ALEGRA_UPDATE_SAMPLES=1 .tox/integration/bin/python -m testtools.run \\
        tests.integration.test_docs_samples

A command whose output still matches its sample keeps the sample's text,
``...`` elisions included; any other command gets its whole real output
written in place (put the ``...`` back where you want one).  There is one
test class per file, so files run in parallel under stestr.
"""

import concurrent.futures
import os
import re

import testtools

from tests.integration import docs_samples

WORKERS = 4


class Samples:
    """The checked samples of one file (``path``); a test class per file
    is made of it below."""

    path = None

    def test_samples_match_real_output(self):
        blocks = docs_samples.parse(self.path)
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            results = list(pool.map(docs_samples.check, blocks))
        failures = [diff for diff, _ in results if diff]
        if docs_samples.updating():
            updates = [(block, actual)
                       for block, (diff, actual) in zip(blocks, results,
                                                        strict=True)
                       if diff]
            if updates:
                docs_samples.rewrite(self.path, updates)
            return
        if failures:
            self.fail(f'{len(failures)} checked sample(s) of '
                      f'{os.path.relpath(self.path, docs_samples.ROOT)} '
                      'differ from the real output (regenerate them with '
                      f'{docs_samples.UPDATE}=1):\n\n' +
                      '\n\n'.join(failures))


class TestConvention(testtools.TestCase):
    """The parser and the matcher, on small texts."""

    def test_rst_block_commands_and_output(self):
        lines = ['Text', '', '.. checked-sample: es', '',
                 '.. code-block:: console', '',
                 '   $ alegra a \\', '       --b', '   out 1', '',
                 '   out 2', '   $ echo $?', '   0', '', 'After']
        [block] = docs_samples.parse('x.rst', lines)
        self.assertEqual('es', block.lang)
        self.assertEqual(5, block.line)
        self.assertEqual((6, 13), (block.start, block.end))
        self.assertEqual(['alegra a \\', '    --b'],
                         block.commands[0].lines)
        self.assertEqual(['out 1', '', 'out 2'], block.commands[0].expected)
        self.assertEqual(['0'], block.commands[1].expected)

    def test_unmarked_blocks_are_not_checked(self):
        lines = ['.. code-block:: console', '', '   $ alegra x', '   y']
        self.assertEqual([], docs_samples.parse('x.rst', lines))

    def test_marker_without_console_block(self):
        lines = ['.. checked-sample', '', '.. code-block:: text', '',
                 '   $ x']
        self.assertRaises(docs_samples.SampleError, docs_samples.parse,
                          'x.rst', lines)

    def test_markdown_block(self):
        lines = ['<!-- checked-sample -->', '```console', '$ alegra x',
                 'y', '```', '']
        [block] = docs_samples.parse('README.md', lines)
        self.assertEqual(['y'], block.commands[0].expected)
        self.assertEqual((2, 4), (block.start, block.end))

    def test_ellipsis_matches_any_number_of_lines(self):
        match = docs_samples.matches
        self.assertTrue(match(['a', '...', 'd'], ['a', 'b', 'c', 'd']))
        self.assertTrue(match(['a', '...', 'd'], ['a', 'd']))
        self.assertTrue(match(['...'], []))
        self.assertFalse(match(['a', '...', 'd'], ['a', 'b']))
        self.assertFalse(match(['a'], ['a', 'b']))

    def test_every_marker_is_parsed(self):
        # A typo in a marker would silently leave a sample unchecked.
        for path in docs_samples.sample_files():
            with open(path, encoding='utf-8') as handle:
                text = handle.read()
            count = len(re.findall(r'^\s*(?:\.\.|<!--)\s*checked-sample',
                                   text, re.M))
            self.assertEqual(count, len(docs_samples.parse(path)), path)


def _class_name(path):
    relative = os.path.relpath(path, docs_samples.ROOT)
    relative = relative.removeprefix(os.path.join('doc', 'source') + os.sep)
    return 'Test_' + re.sub(r'\W', '_', relative)


def _load():
    for path in docs_samples.sample_files():
        try:
            found = docs_samples.parse(path)
        except docs_samples.SampleError:
            found = True    # the test reports it
        if found:
            name = _class_name(path)
            globals()[name] = type(name, (Samples, testtools.TestCase), {
                'path': path, '__doc__': f'Checked samples of {path}.'})


_load()
