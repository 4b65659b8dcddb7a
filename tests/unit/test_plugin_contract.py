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
