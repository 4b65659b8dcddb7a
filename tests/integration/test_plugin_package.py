"""An out-of-tree plugin package (tests/plugin_example, installed by tox)
shows up everywhere with no change to alegra."""

import importlib.metadata
import json
import os

import testtools

from tests.integration import base


def installed():
    return any(entry_point.name == 'gadgets' for entry_point in
               importlib.metadata.entry_points(group='alegra.resources'))


@testtools.skipUnless(installed(), 'tests/plugin_example is not installed '
                                   '(tox installs it for this env)')
class TestOutOfTreePlugin(base.SandboxTestCase):

    def test_help_lists_it_with_its_distribution(self):
        overview = self.alegra('--help').stdout
        self.assertIn('gadgets', overview)
        self.assertIn('recall', overview)
        self.assertIn('retire', overview)
        detail = self.alegra('gadgets', 'create', '--help').stdout
        self.assertIn('alegra-gadgets plugin', detail)

    def test_verbs_against_the_sandbox(self):
        created = json.loads(self.alegra(
            'gadgets', 'create', '--set', 'name=Taza', '--set', 'price=9',
            '--set', 'color=blue', '-o', 'json').stdout)
        self.assertEqual('Taza', created['name'])
        listed = json.loads(self.alegra('gadgets', 'list', '--color', 'blue',
                                        '-o', 'json').stdout)
        self.assertEqual([created['id']], [item['id'] for item in listed])
        bad = self.alegra('gadgets', 'create', '--set', 'name=X', '--set',
                          'price=1', '--set', 'color=pink')
        self.assertEqual(6, bad.code, bad)
        self.assertEqual(0, self.alegra('gadgets', 'recall', created['id'],
                                        '--yes').code)

    def test_retire_does_what_it_declares(self):
        created = json.loads(self.alegra(
            'gadgets', 'create', '--set', 'name=Taza', '--set', 'price=9',
            '-o', 'json').stdout)
        sandbox = self.server.sandbox
        events = []
        publish = sandbox.webhooks.publish
        sandbox.webhooks.publish = lambda *event: (events.append(event),
                                                   publish(*event))
        self.addCleanup(setattr, sandbox.webhooks, 'publish', publish)
        result = self.alegra('gadgets', 'retire', created['id'], '-o',
                             'json')
        self.assertEqual(0, result.code, result)
        retired = dict(created, status='retired')
        self.assertEqual(retired, json.loads(result.stdout))
        self.assertEqual(retired, json.loads(self.alegra(
            'gadgets', 'get', created['id'], '-o', 'json').stdout))
        self.assertEqual([('gadgets', 'edit', retired)], events)
        # recall declares nothing: it answers the record unchanged.
        recalled = self.alegra('gadgets', 'recall', created['id'], '--yes',
                               '-o', 'json')
        self.assertEqual(retired, json.loads(recalled.stdout))
        self.assertEqual(1, len(events))

    def test_its_commands_are_mcp_tools(self):
        tools = {tool['name']: tool for tool in json.loads(
            self.alegra('mcp', 'tools', '--toolsets', 'all').stdout)}
        for verb in ('list', 'get', 'create', 'import', 'export', 'recall',
                     'retire'):
            self.assertIn(f'alegra_gadgets_{verb}', tools)
        body = tools['alegra_gadgets_create']['inputSchema']['properties'][
            'body']
        self.assertEqual(['name', 'price'], body['required'])
        self.assertTrue(tools['alegra_gadgets_recall']['annotations'][
            'destructiveHint'])

    def test_import_and_export(self):
        path = os.path.join(self.tmp, 'gadgets.csv')
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('name,price,color\nLámpara,45000,green\n'
                         'Reloj,99000.50,red\n')
        result = self.alegra('gadgets', 'import', '-f', path)
        self.assertEqual(0, result.code, result)
        exported = self.alegra('gadgets', 'export').stdout.splitlines()
        self.assertEqual('id,name,color,price,maker.id', exported[0])
        self.assertIn('Reloj,red,99000.50,', [line.split(',', 1)[1]
                                              for line in exported[1:]])
