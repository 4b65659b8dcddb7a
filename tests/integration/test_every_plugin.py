"""Every installed plugin, through the real CLI, against the sandbox.

Generic on purpose: a plugin brings its own ``example`` body, so a new
plugin is covered the day it is added.
"""

import json
import os

from alegra import registry
from alegra_plugins import purchase_orders
from tests.integration import base
from tests.unit.test_plugin_contract import ACTION_BODIES


def resources():
    for entry_point in sorted(registry.resource_entry_points().values(),
                              key=lambda point: point.name):
        yield registry.load(entry_point)


class _JsonTestCase(base.SandboxTestCase):

    def json_of(self, *argv, stdin=''):
        """What ``alegra ARGV -o json`` prints, once it exits with 0."""
        result = self.alegra(*argv, '-o', 'json', stdin=stdin)
        self.assertEqual(0, result.code, result)
        return json.loads(result.stdout) if result.stdout.strip() else None


class TestEveryPlugin(_JsonTestCase):
    options = {'plan_gated': ()}

    def test_verbs_of_every_plugin(self):
        for resource in resources():
            with self.subTest(resource=resource.name):
                self.check(resource)

    def check(self, resource):
        name = resource.name
        if resource.supports('list'):
            self.assertIsInstance(self.json_of(name, 'list'), list)
        if resource.singleton:
            self.assertIsInstance(self.json_of(name, 'get'), dict)
            return
        if resource.example is None or not resource.supports('create'):
            return
        created = self.json_of(name, 'create', '-f', '-',
                               stdin=json.dumps(resource.example))
        ident = str(created[resource.id_field])
        fetched = self.json_of(name, 'get', ident)
        self.assertEqual(ident, str(fetched[resource.id_field]))
        if resource.supports('update'):
            self.json_of(name, 'update', ident, '-f', '-',
                         stdin=json.dumps(resource.example))
        if resource.supports('export'):
            exported = self.alegra(name, 'export', '--format', 'jsonl')
            self.assertEqual(0, exported.code, exported)
        if resource.supports('delete'):
            self.assertEqual(0, self.alegra(name, 'delete', ident,
                                            '--yes').code)
            self.assertEqual(5, self.alegra(name, 'get', ident).code)
        if resource.actions:
            self.check_actions(resource)

    def check_actions(self, resource):
        """Each action, on a new record made from the example: the
        sandbox serves it and alegra prints its answer."""
        ident = str(self.json_of(resource.name, 'create', '-f', '-',
                                 stdin=json.dumps(resource.example))[
            resource.id_field])
        upload = os.path.join(self.tmp, 'soporte.txt')
        with open(upload, 'w', encoding='utf-8') as handle:
            handle.write('soporte')
        for action in resource.actions:
            argv = [resource.name, action.name]
            if action.takes_id or action.batch:
                argv.append(ident)
            if action.upload:
                argv.append(upload)
            if action.body:
                argv += ['-f', '-']
            if action.destructive or action.emits:
                argv.append('--yes')
            with self.subTest(action=' '.join(argv[:2])):
                self.json_of(*argv, stdin=json.dumps(
                    ACTION_BODIES.get(action.name, {})))

    def test_help_lists_every_resource(self):
        overview = self.alegra('--help').stdout
        for resource in resources():
            self.assertRegex(overview, rf'(?m)^  {resource.name}( |$)')


class TestDocumentActions(_JsonTestCase):

    def test_stamp_refuses_to_emit_twice(self):
        result = self.alegra('invoices', 'stamp', '1', '2', '--yes', '-o',
                             'json')
        self.assertEqual(0, result.code, result)
        stamped = json.loads(result.stdout)
        self.assertEqual(['1', '2'], [invoice['id'] for invoice in stamped])
        again = self.alegra('invoices', 'stamp', '2', '3', '--yes')
        self.assertEqual(2, again.code, again)
        self.assertIn('already sent for emission from this machine: 2',
                      again.stderr)
        forced = self.alegra('invoices', 'stamp', '2', '--yes', '--force')
        self.assertEqual(0, forced.code, forced)

    def test_stamp_batches_of_ten(self):
        ids = [str(n) for n in range(1, 9)] + ['90', '91', '92']
        result = self.alegra('invoices', 'stamp', *ids, '--yes',
                             '--dry-run', '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual(2, result.stdout.count('"method": "POST"'))

    def test_attach_pdf_preview_and_stock(self):
        path = os.path.join(self.tmp, 'soporte.txt')
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('orden de compra 77')
        attached = json.loads(self.alegra('invoices', 'attach', '1', path,
                                          '-o', 'json').stdout)
        self.assertEqual('soporte.txt', attached['attachments'][0]['name'])
        out = os.path.join(self.tmp, 'fv-1.pdf')
        result = self.alegra('invoices', 'pdf', '1', '--out', out)
        self.assertEqual(0, result.code, result)
        with open(out, 'rb') as handle:
            self.assertTrue(handle.read().startswith(b'%PDF'))
        preview = self.alegra('invoices', 'preview', '-f', '-', '-o',
                              'json', stdin='{"client": 1}')
        self.assertEqual(0, preview.code, preview)
        stock = json.loads(self.alegra('items', 'stock', '1', '-o',
                                       'json').stdout)
        self.assertIn('availableQuantity', stock)

    def test_contact_attachment(self):
        path = os.path.join(self.tmp, 'rut.pdf')
        with open(path, 'wb') as handle:
            handle.write(b'%PDF-1.4 rut')
        attached = self.json_of('contacts', 'attach', '2', path)
        self.assertEqual([{'id': '1', 'name': 'rut.pdf', 'size': 12}],
                         attached['attachments'])
        self.assertEqual(attached['attachments'],
                         self.json_of('contacts', 'get', '2')['attachments'])

    def test_purchase_order_email_and_comments(self):
        order = self.json_of('purchase-orders', 'create', '-f', '-',
                             stdin=json.dumps(purchase_orders.RESOURCE.example))
        sent = self.json_of('purchase-orders', 'email', order['id'],
                            '--set', 'emails=["compras@nandu.test"]')
        self.assertEqual('200', sent['code'])
        self.assertEqual([{'document': order['id'],
                           'request': {'emails': ['compras@nandu.test']}}],
                         self.server.sandbox.store.outbox('email'))
        self.json_of('purchase-orders', 'comments', order['id'], '--set',
                     'comment=Entregar en bodega 2')
        stored = self.json_of('purchase-orders', 'get', order['id'])
        self.assertEqual([{'id': '1', 'comment': 'Entregar en bodega 2'}],
                         stored['comments'])

    def test_void_asks_first(self):
        result = self.alegra('invoices', 'void', '1')
        self.assertEqual(2, result.code, result)
        self.assertIn('--yes', result.stderr)
