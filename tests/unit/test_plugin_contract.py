"""Every installed plugin builds every command, with no clashing flags."""

import base64
import io
import json

import testtools

from alegra import registry
from alegra import shell
from alegra import validation
from alegra.sandbox import server
from alegra.sandbox import store


class TestEveryCommandBuilds(testtools.TestCase):

    def test_parsers(self):
        app = shell.AlegraApp(stdout=io.StringIO(), stderr=io.StringIO(),
                              environ={})
        manager = app.command_manager
        manager.load_all()
        self.assertEqual({}, manager.broken)
        built = 0
        for name, entry_point in sorted(manager.commands.items()):
            factory = entry_point.load()
            command = factory(app, None, cmd_name=name)
            with self.subTest(command=name):
                command.get_parser('alegra ' + name).format_help()
                built += 1
        self.assertGreater(built, 200)

    def test_every_plugin_schema_is_valid_json_schema(self):
        import jsonschema
        for entry_point in registry.resource_entry_points().values():
            resource = registry.load(entry_point)
            schema = resource.create_schema()
            if schema:
                jsonschema.validators.validator_for(schema).check_schema(
                    schema)
            for action in resource.actions:
                if action.schema:
                    jsonschema.validators.validator_for(
                        action.schema).check_schema(action.schema)
            if resource.example is not None:
                self.assertEqual([], validation.problems(
                    resource.example, schema), resource.name)


# Documents numbered in the order they are created: imported one at a time.
NUMBERED = {'invoices', 'bills', 'credit-notes', 'debit-notes',
            'income-debit-notes', 'payments', 'estimates', 'remissions',
            'purchase-orders', 'recurring-invoices', 'global-invoices',
            'transportation-receipts', 'inventory-adjustments', 'journals'}


class TestImportContract(testtools.TestCase):
    """What an import needs to keep order and find lost rows again."""

    def resources(self):
        return [registry.load(entry_point) for entry_point in
                registry.resource_entry_points().values()]

    def test_numbered_documents_are_ordered(self):
        ordered = {resource.name for resource in self.resources()
                   if resource.ordered}
        self.assertEqual(NUMBERED, ordered)
        for resource in self.resources():
            schema = resource.create_schema() or {}
            if 'numberTemplate' in schema.get('properties', {}):
                self.assertIn(resource.name, ordered)

    def test_keys_name_fields_of_the_schema_and_declared_filters(self):
        from alegra.body import field_schemas
        for resource in self.resources():
            schema = resource.create_schema()
            keys = list(resource.natural_keys)
            if resource.marker is not None:
                self.assertEqual(1, len(resource.marker.fields))
                [field] = resource.marker.fields
                self.assertEqual(
                    {'string'}, {option.get('type') for option in
                                 field_schemas(schema, field)},
                    resource.name)
                keys.append(resource.marker)
            filters = {filter_.param for filter_ in resource.filters}
            for key in keys:
                for field in key.fields:
                    self.assertTrue(field_schemas(schema, field),
                                    (resource.name, field))
                for path, param in key.params.items():
                    if field_schemas(schema, path):
                        self.assertIn(param, filters, resource.name)

    def test_numbered_documents_take_no_concurrency(self):
        app = shell.AlegraApp(stdout=io.StringIO(), stderr=io.StringIO(),
                              environ={})
        for name in NUMBERED:
            factory = app.command_manager.find_command(
                [name, 'import'])[0]
            command = factory(app, None, cmd_name=f'{name} import')
            text = command.get_parser(f'alegra {name} import').format_help()
            self.assertNotIn('--concurrency', text, name)
            self.assertIn("one at a time, in the file's order",
                          ' '.join(text.split()), name)


AUTH = {'Authorization': 'Basic ' + base64.b64encode(
    b'sandbox@alegra.test:sandbox').decode('ascii')}
# A valid body for each built-in action that takes one.
ACTION_BODIES = {
    'email': {'emails': ['compras@nandu.test']},
    'comments': {'comment': 'Llegaron 48 de 50 bolsas'},
    'transfer': {'idDestination': '1', 'amount': 1000,
                 'date': '2026-03-20'},
    'preview': {'client': {'id': '1'}},
}
UPLOAD = (b'--XyZ\r\nContent-Disposition: form-data; name="file"; '
          b'filename="soporte.pdf"\r\n\r\n%PDF\r\n--XyZ--\r\n')


def declares_effect(action):
    """Whether ``action`` says what it does to its record (see
    :class:`~alegra.registry.Action`)."""
    return bool(action.sets or action.effect or action.answer or
                action.upload or action.emits)


class TestActionContract(testtools.TestCase):
    """Every action says what it does, and the sandbox serves it."""

    def resources(self, built_in=False):
        return [registry.load(entry_point) for entry_point in
                registry.resource_entry_points().values()
                if entry_point.value.startswith('alegra_plugins.') or
                not built_in]

    def test_every_built_in_action_declares_its_effect(self):
        silent = [f'{resource.name} {action.name}'
                  for resource in self.resources(built_in=True)
                  for action in resource.actions
                  if action.method != 'GET' and not declares_effect(action)]
        self.assertEqual([], silent)

    def test_reads_declare_no_effect(self):
        for resource in self.resources():
            for action in resource.actions:
                if action.method == 'GET':
                    self.assertFalse(declares_effect(action), action.name)

    def test_sets_only_where_there_is_a_record(self):
        for resource in self.resources():
            for action in resource.actions:
                if action.sets:
                    self.assertIsInstance(action.sets, dict)
                    self.assertTrue(action.takes_id or action.batch,
                                    action.name)

    def test_the_sandbox_serves_every_declared_action(self):
        resources = self.resources()
        records = store.Store()
        self.addCleanup(records.close)
        sandbox = server.Sandbox(
            records, server.Options(rate_limit=None, probe_webhooks=False,
                                    plan_gated=()),
            resources={resource.path: resource for resource in resources})
        self.addCleanup(sandbox.webhooks.stop)
        sandbox.load_seed()
        served = 0
        for resource in resources:
            for action in resource.actions:
                with self.subTest(action=f'{resource.name} {action.name}'):
                    status, answer = self.act(sandbox, resource, action)
                    self.assertEqual(200, status, answer)
                    served += 1
        self.assertGreater(served, 20)

    def act(self, sandbox, resource, action):
        ident = self.some_record(sandbox, resource) \
            if action.takes_id or action.batch else None
        path = action.url_path(resource.path, None if action.batch
                               else ident)
        if action.upload:
            data = UPLOAD
        elif action.batch:
            data = json.dumps({'ids': [ident]}).encode()
        elif action.body:
            data = json.dumps(ACTION_BODIES.get(action.name, {})).encode()
        else:
            data = b''
        status, _, answer = sandbox.handle(
            action.method, server.API_PREFIX + path, AUTH, data)
        return status, json.loads(answer)

    def some_record(self, sandbox, resource):
        """A new record made from the plugin's example, else a bare one."""
        if resource.example is not None and resource.supports('create'):
            status, _, answer = sandbox.handle(
                'POST', server.API_PREFIX + resource.path, AUTH,
                json.dumps(resource.example).encode())
            self.assertEqual(201, status, answer)
            return json.loads(answer)[resource.id_field]
        return sandbox.store.insert(resource.name, {'name': 'x'},
                                    resource.id_field)[resource.id_field]
