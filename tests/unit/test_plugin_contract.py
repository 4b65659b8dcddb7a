"""Every installed plugin builds every command, with no clashing flags."""

import io

import testtools

from alegra import registry
from alegra import shell
from alegra import validation


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
