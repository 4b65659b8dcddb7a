"""Drift check: no built-in plugin serves a path or verb the API lacks."""

import os

import testtools

from alegra import registry

TABLE = os.path.join(os.path.dirname(__file__), '..', 'data',
                     'endpoints.txt')
LETTERS = {'create': 'C', 'list': 'L', 'get': 'G', 'update': 'U',
           'delete': 'D'}


def endpoints():
    table = {}
    with open(TABLE, encoding='utf-8') as handle:
        for line in handle:
            if line.strip() and not line.startswith('#'):
                path, verbs, *actions = line.split()
                table[path] = (set(verbs), set(actions))
    return table


def built_in_resources():
    for entry_point in registry.resource_entry_points().values():
        if entry_point.value.startswith('alegra_plugins.'):
            yield registry.load(entry_point)


class TestDrift(testtools.TestCase):

    def test_every_plugin_matches_the_endpoint_table(self):
        table = endpoints()
        problems = []
        for resource in built_in_resources():
            if resource.path not in table:
                problems.append(f'{resource.name}: path {resource.path} '
                                'is not in the API')
                continue
            verbs, actions = table[resource.path]
            for verb in resource.verbs:
                if LETTERS[verb] not in verbs:
                    problems.append(f'{resource.name}: the API has no '
                                    f'{verb} on {resource.path}')
            for action in resource.actions:
                segment = action.path.format(id='{id}', name=action.name) \
                    .split('/')[-1]
                if segment == '{id}':
                    needed = LETTERS['get' if action.method == 'GET'
                                     else 'update']
                    if needed not in verbs:
                        problems.append(f'{resource.name}: {action.name} '
                                        'needs a verb the API lacks')
                elif segment not in actions:
                    problems.append(f'{resource.name}: the API has no '
                                    f'action {segment}')
        self.assertEqual([], problems)

    def test_the_check_catches_drift(self):
        table = endpoints()
        self.assertNotIn('D', table['/categories'][0])
        self.assertEqual({'L', 'G'}, table['/recurring-payments'][0])
        self.assertNotIn('/nonexistent', table)
