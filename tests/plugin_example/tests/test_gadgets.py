"""alegra-gadgets' own tests: the plugin against alegra's sandbox.

``alegra.testing`` starts a sandbox per test that serves the plugin, and
runs the ``alegra`` command line against it.  The command line finds
``gadgets`` through its entry point, so install the package first:

    pip install -e .
    python -m unittest discover -s tests
"""

import json
import unittest

from alegra_gadgets import RESOURCE

from alegra import validation
from alegra.testing import SandboxMixin


class TestGadgets(SandboxMixin, unittest.TestCase):

    sandbox_resources = [RESOURCE]

    def create(self, *assignments):
        sets = [arg for assignment in assignments
                for arg in ('--set', assignment)]
        return self.sandbox.alegra('gadgets', 'create', *sets, '-o', 'json')

    def test_the_example_passes_the_schema(self):
        self.assertEqual([], validation.problems(RESOURCE.example,
                                                 RESOURCE.create_schema()))

    def test_create_then_list_by_color(self):
        created = self.create('name=Molinillo', 'price=120000', 'color=red')
        self.assertEqual(0, created.code, created.stderr)
        self.create('name=Taza', 'price=9000', 'color=blue')
        listed = self.sandbox.alegra('gadgets', 'list', '--color', 'red',
                                     '-o', 'json')
        self.assertEqual(0, listed.code, listed.stderr)
        self.assertEqual(['Molinillo'],
                         [gadget['name'] for gadget in json.loads(
                             listed.stdout)])

    def test_a_body_the_schema_refuses_is_not_sent(self):
        refused = self.create('name=Vaso', 'price=1', 'color=pink')
        self.assertEqual(6, refused.code)
        self.assertIn("'pink' is not one of", refused.stderr)
        self.assertEqual(0, self.sandbox.store.count('gadgets'))

    def test_retire_sets_the_status(self):
        gadget = self.sandbox.store.insert(
            'gadgets', {'name': 'Lámpara', 'price': 45000, 'color': 'green'})
        retired = self.sandbox.alegra('gadgets', 'retire', gadget['id'])
        self.assertEqual(0, retired.code, retired.stderr)
        self.assertEqual('retired', self.sandbox.store.get(
            'gadgets', gadget['id'])['status'])


if __name__ == '__main__':
    unittest.main()
