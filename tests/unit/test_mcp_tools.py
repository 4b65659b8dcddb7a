"""The MCP tool surface: tools, toolsets, the policy, ``mcp tools`` and the
client configuration, with no MCP SDK and no server."""

import io
import json
import os
import stat
import subprocess
import sys
import threading

from alegra import errors
from alegra import i18n
from alegra import shell
from alegra.commands import mcp as mcp_command
from alegra.mcp import policy as policy_module
from alegra.mcp import tools
from alegra.mcp import toolsets
from tests.unit import base

# What a client receives: compact JSON, as the SDK writes it.
LIMIT = 40000


def size(listed):
    return len(json.dumps(listed, separators=(',', ':'),
                          ensure_ascii=False))


class SpecsTestCase(base.TestCase):

    specs = None

    def setUp(self):
        super().setUp()
        if SpecsTestCase.specs is None:
            # The descriptions are in the language of the run: English.
            i18n.use(self.environ)
            app = shell.AlegraApp(stdin=io.StringIO(), stdout=io.StringIO(),
                                  stderr=io.StringIO(),
                                  environ=self.environ)
            app.options = app.parser.parse_args([])
            SpecsTestCase.specs = tools.build(app)

    def tools_json(self, *argv):
        result = self.run_cli('mcp', 'tools', *argv)
        self.assertEqual(0, result.code, result)
        return json.loads(result.stdout)


class TestTools(SpecsTestCase):

    def test_the_server_decides_deadlines_and_output(self):
        for spec in self.specs.values():
            self.assertNotIn('timeout', spec.input_schema['properties'],
                             spec.name)
            self.assertNotIn('output', spec.input_schema['properties'])

    def test_gets_without_an_id_do_not_ask_for_one(self):
        company = self.specs['alegra_company_get']
        self.assertNotIn('by its id', company.description)
        self.assertIn('no id needed', company.description)
        self.assertEqual({'param'},
                         set(company.input_schema['properties']))
        self.assertIn('by its code',
                      self.specs['alegra_currencies_get'].description)
        self.assertIn('code', self.specs['alegra_currencies_get']
                      .input_schema['required'])
        self.assertIn('by its report',
                      self.specs['alegra_reports_get'].description)
        self.assertIn('by its id',
                      self.specs['alegra_invoices_get'].description)

    def test_bills_close_says_what_it_does(self):
        close = self.specs['alegra_bills_close']
        self.assertIn('Sets status to closed', close.description)
        self.assertTrue(close.annotations()['destructiveHint'])
        self.assertIn('confirm', close.input_schema['properties'])

    def test_invoices_preview_is_read_only(self):
        preview = self.specs['alegra_invoices_preview']
        self.assertEqual({'readOnlyHint': True, 'destructiveHint': False,
                          'idempotentHint': True, 'openWorldHint': True},
                         preview.annotations())
        self.assertIn('alegra_invoices_create', preview.input_schema[
            'properties']['body']['description'])

    def test_export_and_pdf_write_files_and_say_so(self):
        for name in ('alegra_contacts_export', 'alegra_invoices_pdf'):
            spec = self.specs[name]
            self.assertTrue(spec.writes_files)
            self.assertEqual({'readOnlyHint': False, 'destructiveHint': True,
                              'idempotentHint': True,
                              'openWorldHint': True}, spec.annotations())
            self.assertIn("server's machine", spec.input_schema[
                'properties']['out']['description'])
        # Once a tool answers with the data instead, it is read-only.
        spec = self.specs['alegra_contacts_export']
        self.addCleanup(setattr, spec, 'writes_files', True)
        spec.writes_files = False
        self.assertTrue(spec.annotations()['readOnlyHint'])
        self.assertFalse(spec.annotations()['destructiveHint'])

    def test_each_example_is_shown_once(self):
        from alegra_plugins import invoices
        example = json.dumps(invoices.RESOURCE.example, ensure_ascii=False)
        holders = [spec.name for spec in self.specs.values()
                   if example in spec.description]
        self.assertEqual(['alegra_invoices_create'], holders)
        showing = [spec.name for spec in self.specs.values()
                   if 'Example body' in spec.description]
        self.assertTrue(showing)
        self.assertTrue(all(name.endswith('_create') for name in showing))

    def test_update_and_import_point_to_the_create_schema(self):
        update = self.specs['alegra_invoices_update'].input_schema
        self.assertIn('alegra_invoices_create',
                      update['properties']['body']['description'])
        self.assertNotIn('properties', update['properties']['body'])
        rows = self.specs['alegra_invoices_import'].input_schema[
            'properties']['rows']
        self.assertIn('alegra_invoices_create', rows['description'])
        self.assertEqual({'type': 'object'}, rows['items'])
        create = self.specs['alegra_invoices_create'].input_schema
        self.assertIn('client', create['properties']['body']['properties'])
        # No create tool to point to: the schema is the tool's own.
        company = self.specs['alegra_company_update'].input_schema
        self.assertIn('name', company['properties']['body']['properties'])

    def test_import_takes_rows_not_files(self):
        schema = self.specs['alegra_contacts_import'].input_schema
        for name in tools.IMPORT_HIDDEN:
            self.assertNotIn(name, schema['properties'])
        self.assertIn('resume', schema['properties'])

    def test_descriptions_name_properties_not_options(self):
        for spec in self.specs.values():
            texts = [spec.description] + [
                prop.get('description', '') for prop in
                spec.input_schema['properties'].values()]
            for text in texts:
                self.assertNotRegex(text, r'--[a-z]', spec.name)
                self.assertNotIn('repeatable', text, spec.name)
        start = self.specs['alegra_contacts_list'].input_schema[
            'properties']['start']
        self.assertEqual('offset of the first record', start['description'])
        self.assertEqual(0, start['default'])


class TestToolsets(SpecsTestCase):

    def test_every_tool_in_one_toolset(self):
        cases = {'alegra_invoices_list': 'invoices',
                 'alegra_invoices_get': 'invoices',
                 'alegra_invoices_pdf': 'invoices',
                 'alegra_invoices_preview': 'invoices',
                 'alegra_invoices_create': 'invoices_write',
                 'alegra_invoices_email': 'invoices_write',
                 'alegra_invoices_void': 'invoices_destructive',
                 'alegra_invoices_stamp': 'invoices_destructive',
                 'alegra_invoices_delete': 'invoices_destructive',
                 'alegra_invoices_import': 'invoices_bulk',
                 'alegra_invoices_export': 'invoices_bulk',
                 'alegra_credit_notes_list': 'credit_notes',
                 'alegra_company_update': 'company_write',
                 'alegra_items_stock': 'items',
                 'alegra_doctor': 'account', 'alegra_limits': 'account',
                 'alegra_toolsets_list': None}
        for name, expected in cases.items():
            self.assertEqual(expected, toolsets.toolset_of(self.specs[name]),
                             name)
        catalog = toolsets.catalog(self.specs)
        self.assertEqual(len(self.specs) - 2,
                         sum(entry['tools'] for entry in catalog))
        self.assertTrue(set(toolsets.DEFAULT) <=
                        {entry['name'] for entry in catalog})

    def test_catalog_says_what_each_holds(self):
        policy = policy_module.Policy(toolsets=toolsets.DEFAULT)
        catalog = {entry['name']: entry
                   for entry in toolsets.catalog(self.specs, policy)}
        self.assertEqual({'name': 'invoices_destructive',
                          'description': 'cannot be undone, need '
                                         'confirm=true: delete, stamp, void',
                          'tools': 3, 'enabled': False},
                         catalog['invoices_destructive'])
        self.assertTrue(catalog['invoices']['enabled'])
        self.assertEqual('sales invoices; read: get, list, pdf, preview',
                         catalog['invoices']['description'])
        self.assertIn('doctor, limits', catalog['account']['description'])

    def test_parse(self):
        self.assertIsNone(toolsets.parse('all', self.specs))
        self.assertEqual({'invoices', 'bills_write'},
                         toolsets.parse(' invoices,bills_write,',
                                        self.specs))
        error = self.assertRaises(ValueError, toolsets.parse,
                                  'invoices,nope', self.specs)
        self.assertIn('no such toolset: nope (toolsets: all, account, ',
                      str(error))

    def test_list_and_enable(self):
        policy = policy_module.Policy(toolsets=toolsets.DEFAULT)
        is_error, data, text, changed = toolsets.handle_meta(
            toolsets.LIST, {}, policy, self.specs)
        self.assertFalse(is_error or changed)
        self.assertEqual(data, json.loads(text))
        self.assertIn({'name': 'invoices', 'enabled': True},
                      [{'name': e['name'], 'enabled': e['enabled']}
                       for e in data])
        self.assertFalse(policy.exposes(self.specs['alegra_invoices_void']))
        is_error, data, text, changed = toolsets.handle_meta(
            toolsets.ENABLE, {'toolsets': ['invoices_destructive',
                                           'invoices']},
            policy, self.specs)
        self.assertFalse(is_error)
        self.assertTrue(changed)
        self.assertEqual({'enabled': ['invoices_destructive'],
                          'already_enabled': ['invoices'],
                          'tools_added': ['alegra_invoices_delete',
                                          'alegra_invoices_stamp',
                                          'alegra_invoices_void']}, data)
        self.assertTrue(policy.exposes(self.specs['alegra_invoices_void']))
        again = toolsets.handle_meta(
            toolsets.ENABLE, {'toolsets': ['invoices_destructive']},
            policy, self.specs)
        self.assertFalse(again[3])

    def test_enable_refuses_unknown_names_and_bad_arguments(self):
        policy = policy_module.Policy(toolsets=toolsets.DEFAULT)
        for arguments in ({'toolsets': ['invoice']},
                          {'toolsets': ['all']}):
            is_error, _, text, changed = toolsets.handle_meta(
                toolsets.ENABLE, arguments, policy, self.specs)
            self.assertTrue(is_error)
            self.assertFalse(changed)
            self.assertIn('no such toolset', text)
            self.assertIn('invoices_write', text)
        for arguments in ({}, {'toolsets': []}, {'toolsets': 'invoices'},
                          {'toolsets': [1]}):
            is_error, _, text, _ = toolsets.handle_meta(
                toolsets.ENABLE, arguments, policy, self.specs)
            self.assertTrue(is_error)
            self.assertIn('invalid arguments', text)

    def test_enable_under_read_only_adds_nothing_and_says_why(self):
        policy = policy_module.Policy(read_only=True,
                                      toolsets=toolsets.DEFAULT)
        is_error, data, _, changed = toolsets.handle_meta(
            toolsets.ENABLE, {'toolsets': ['bills_write']}, policy,
            self.specs)
        self.assertFalse(is_error)
        self.assertFalse(changed)
        self.assertEqual(['bills_write'], data['enabled'])
        self.assertEqual([], data['tools_added'])
        self.assertIn('--read-only', data['note'])

    def test_meta_tools_only_while_something_is_left_to_enable(self):
        listing = self.specs[toolsets.LIST]
        self.assertTrue(policy_module.Policy(
            toolsets={'invoices'}, read_only=True).exposes(listing))
        self.assertTrue(policy_module.Policy(
            toolsets={'invoices'}, read_only=True).exposes(
                self.specs[toolsets.ENABLE]))
        self.assertFalse(policy_module.Policy().exposes(listing))
        self.assertFalse(policy_module.Policy(
            toolsets={'invoices'}, deny=('alegra_toolsets_*',)
        ).exposes(listing))
        self.assertEqual({'readOnlyHint': True, 'destructiveHint': False,
                          'idempotentHint': True, 'openWorldHint': False},
                         self.specs[toolsets.ENABLE].annotations())


class TestPolicy(SpecsTestCase):

    def visible(self, policy):
        return sorted(name for name, spec in self.specs.items()
                      if policy.exposes(spec))

    def test_globs(self):
        policy = policy_module.Policy(allow=('alegra_contacts_*',),
                                      deny=('*_delete', '*_import'))
        names = self.visible(policy)
        self.assertTrue(all(name.startswith('alegra_contacts_')
                            for name in names), names)
        for name in ('alegra_contacts_create', 'alegra_contacts_list',
                     'alegra_contacts_get', 'alegra_contacts_export'):
            self.assertIn(name, names)
        for name in ('alegra_contacts_delete', 'alegra_contacts_import'):
            self.assertNotIn(name, names)
        exact = policy_module.Policy(allow=('alegra_items_list',))
        self.assertEqual(['alegra_items_list'], self.visible(exact))

    def test_read_only_keeps_what_changes_nothing(self):
        names = self.visible(policy_module.Policy(read_only=True))
        self.assertIn('alegra_invoices_preview', names)
        self.assertIn('alegra_items_stock', names)
        for hidden in ('alegra_invoices_pdf', 'alegra_contacts_export',
                       'alegra_contacts_create'):
            self.assertNotIn(hidden, names)

    def test_enable_is_thread_safe(self):
        policy = policy_module.Policy(toolsets=())
        names = toolsets.names(self.specs)
        results = []

        def enable(name):
            results.append(policy.enable(name))
        threads = [threading.Thread(target=enable, args=(name,))
                   for name in names for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(set(names), policy.toolsets)
        self.assertEqual(len(names), results.count(True))
        self.assertFalse(policy_module.Policy().enable('invoices'))


class TestToolsCommand(SpecsTestCase):

    def test_default_fits_and_all_is_everything(self):
        default = self.tools_json()
        self.assertLessEqual(size(default), LIMIT)
        names = {tool['name'] for tool in default}
        for name in ('alegra_invoices_list', 'alegra_invoices_create',
                     'alegra_payments_create', 'alegra_contacts_create',
                     'alegra_items_create', 'alegra_bills_get',
                     'alegra_company_get', 'alegra_reports_get',
                     toolsets.LIST, toolsets.ENABLE):
            self.assertIn(name, names)
        for name in ('alegra_invoices_void', 'alegra_bills_create',
                     'alegra_invoices_import', 'alegra_taxes_list'):
            self.assertNotIn(name, names)
        everything = self.tools_json('--toolsets', 'all')
        self.assertEqual(len(self.specs) - 2, len(everything))
        self.assertNotIn(toolsets.LIST, {tool['name'] for tool in
                                         everything})

    def test_toolsets_option(self):
        listed = self.tools_json('--toolsets', 'taxes,account')
        self.assertEqual(['alegra_doctor', 'alegra_limits',
                          'alegra_taxes_get', 'alegra_taxes_list',
                          toolsets.ENABLE, toolsets.LIST],
                         sorted(tool['name'] for tool in listed))
        result = self.run_cli('mcp', 'tools', '--toolsets', 'taxes,invoice')
        self.assertError(result, errors.USAGE, 'no such toolset: invoice',
                         'invoices_write')

    def test_list_toolsets(self):
        result = self.run_cli('mcp', 'tools', '--list-toolsets', '-o',
                              'json')
        self.assertEqual(0, result.code, result)
        catalog = {entry['name']: entry for entry in
                   json.loads(result.stdout)}
        self.assertTrue(catalog['invoices_write']['enabled'])
        self.assertFalse(catalog['bills_write']['enabled'])

    def test_allow_takes_globs_from_every_toolset(self):
        listed = self.tools_json('--allow', 'alegra_invoices_*',
                                 '--deny', 'alegra_invoices_[dv]*')
        names = {tool['name'] for tool in listed}
        self.assertIn('alegra_invoices_stamp', names)
        self.assertIn('alegra_invoices_import', names)
        self.assertNotIn('alegra_invoices_void', names)
        self.assertNotIn('alegra_invoices_delete', names)
        self.assertTrue(all(name.startswith('alegra_invoices_')
                            for name in names))

    def test_a_name_or_glob_matching_nothing(self):
        for option in ('--allow', '--deny'):
            result = self.run_cli('mcp', 'tools', option,
                                  'alegra_invoices_list,alegra_invoice_*')
            self.assertError(result, errors.USAGE,
                             'no such tool: alegra_invoice_*')

    def test_no_tool_to_offer_says_why(self):
        result = self.run_cli('mcp', 'tools', '--read-only', '--allow',
                              'alegra_contacts_create')
        self.assertError(result, errors.USAGE,
                         'no tool to offer: --read-only hides '
                         'alegra_contacts_create, the only tool --allow '
                         'names')
        result = self.run_cli('mcp', 'tools', '--allow', 'alegra_items_*',
                              '--deny', 'alegra_items_[a-s]*',
                              '--read-only')
        self.assertError(result, errors.USAGE,
                         'of the 8 tools --allow names, --read-only hides '
                         'alegra_items_create, alegra_items_delete, '
                         'alegra_items_export and 2 more; --deny hides '
                         'alegra_items_get, alegra_items_list, '
                         'alegra_items_stock')
        result = self.run_cli('mcp', 'tools', '--toolsets', 'taxes_write',
                              '--read-only')
        self.assertError(result, errors.USAGE,
                         'of the tools of --toolsets taxes_write, '
                         '--read-only hides alegra_taxes_create, '
                         'alegra_taxes_update')
        result = self.run_cli('mcp', 'tools', '--toolsets', ',')
        self.assertError(result, errors.USAGE,
                         'no tool to offer: --toolsets names no toolset')
        result = self.run_cli('mcp', 'tools', '--deny', 'alegra_*')
        self.assertError(result, errors.USAGE,
                         'no tool to offer: of the tools of the default '
                         'toolsets, --deny hides ')

    def test_read_only_with_an_allowed_write_tool_warns(self):
        result = self.run_cli('mcp', 'tools', '--read-only', '--allow',
                              'alegra_contacts_create,alegra_contacts_list')
        self.assertEqual(0, result.code, result)
        self.assertEqual('Warning: --read-only hides alegra_contacts_create,'
                         ' which --allow names\n', result.stderr)
        self.assertEqual(['alegra_contacts_list'],
                         [tool['name'] for tool in
                          json.loads(result.stdout)])
        result = self.run_cli('mcp', 'tools', '--toolsets', 'contacts',
                              '--allow', 'alegra_contacts_list,'
                              'alegra_contacts_create')
        self.assertIn('--toolsets hides alegra_contacts_create',
                      result.stderr)
        # A glob is a wish, not a name: no warning for what it leaves.
        result = self.run_cli('mcp', 'tools', '--read-only', '--allow',
                              'alegra_contacts_*')
        self.assertEqual('', result.stderr)

    def test_the_sdk_is_not_imported(self):
        code = ('import io, sys\n'
                'from alegra import shell\n'
                "shell.main(['mcp', 'tools'], stdout=io.StringIO(), "
                'stderr=io.StringIO())\n'
                "print(sorted(n for n in sys.modules if n == 'mcp' or "
                "n.startswith(('mcp.', 'anyio', 'pydantic'))))\n")
        process = subprocess.run([sys.executable, '-c', code],
                                 capture_output=True, text=True,
                                 env=dict(os.environ, **self.environ),
                                 check=True)
        self.assertEqual('[]\n', process.stdout)

    def test_a_reader_that_goes_away_ends_it_with_141(self):
        # `alegra mcp tools | head -1`: the JSON, far larger than a pipe
        # holds, stops at the first write after the reader has gone, and
        # the command ends as any other does (141, nothing on stderr).
        console = os.path.join(os.path.dirname(sys.executable), 'alegra')
        command = [console] if os.access(console, os.X_OK) else \
            [sys.executable, '-m', 'alegra.shell']
        process = subprocess.Popen(
            command + ['mcp', 'tools', '--toolsets', 'all'],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(os.environ, **self.environ))
        self.assertEqual(b'[\n', process.stdout.readline())
        process.stdout.close()
        stderr = process.stderr.read().decode()
        process.stderr.close()
        self.assertEqual(141, process.wait(), stderr)
        self.assertEqual('', stderr)


def make_executable(path):
    with open(path, 'w') as handle:
        handle.write('#!/bin/sh\n')
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


class TestAlegraCommand(base.TestCase):

    def test_the_running_console_script(self):
        script = make_executable(os.path.join(self.tmp, 'alegra'))
        self.assertEqual([script], mcp_command.alegra_command(
            script, os.path.join(self.tmp, 'elsewhere', 'python')))
        self.addCleanup(os.chdir, os.getcwd())
        os.chdir(self.tmp)
        self.assertEqual([script], mcp_command.alegra_command(
            './alegra', '/nowhere/python'))

    def test_the_script_beside_the_running_python(self):
        bin_dir = os.path.join(self.tmp, 'venv', 'bin')
        os.makedirs(bin_dir)
        script = make_executable(os.path.join(bin_dir, 'alegra'))
        python = os.path.join(bin_dir, 'python')
        self.assertEqual([script], mcp_command.alegra_command(
            '/usr/lib/python3/testtools/run.py', python))

    def test_else_this_python_with_m(self):
        python = os.path.join(self.tmp, 'python')
        self.assertEqual([python, '-m', 'alegra.shell'],
                         mcp_command.alegra_command('-c', python))

    def test_the_running_venv_here(self):
        command = mcp_command.alegra_command()
        self.assertTrue(os.path.isabs(command[0]), command)
        self.assertTrue(os.access(command[0], os.X_OK), command)


class TestClients(base.TestCase):

    def setUp(self):
        super().setUp()
        self.environ.pop('XDG_CONFIG_HOME', None)
        self.desktop = os.path.join(self.tmp, '.config', 'Claude',
                                    'claude_desktop_config.json')
        self.code = os.path.join(self.tmp, '.claude.json')
        self.command = mcp_command.alegra_command()

    def read(self, path):
        with open(path) as handle:
            return json.load(handle)

    def test_desktop_and_code_when_code_is_there(self):
        if sys.platform in ('darwin', 'win32'):
            self.skipTest('the Linux paths')
        with open(self.code, 'w') as handle:
            json.dump({'numStartups': 4, 'projects': {'/p': {}},
                       'mcpServers': {'other': {'command': 'x'}}}, handle)
        result = self.run_cli('mcp', 'claude', 'enable', '--profile',
                              'shop2')
        self.assertEqual(0, result.code, result)
        args = ['mcp', 'start', '--profile', 'shop2']
        self.assertEqual({'command': self.command[0],
                          'args': self.command[1:] + args},
                         self.read(self.desktop)['mcpServers']['alegra'])
        code = self.read(self.code)
        self.assertEqual({'type': 'stdio', 'command': self.command[0],
                          'args': self.command[1:] + args},
                         code['mcpServers']['alegra'])
        self.assertEqual({'command': 'x'}, code['mcpServers']['other'])
        self.assertEqual(4, code['numStartups'])
        self.assertIn(f'{self.desktop} (Claude Desktop) and {self.code} '
                      '(Claude Code)', result.stderr)
        self.assertNotIn('claude mcp add', result.stderr)
        status = json.loads(self.run_cli('mcp', 'claude', 'status', '-o',
                                         'json').stdout)
        self.assertEqual([('Claude Desktop', True), ('Claude Code', True)],
                         [(row['app'], row['enabled']) for row in status])
        self.run_cli('mcp', 'claude', 'disable')
        self.assertEqual({}, self.read(self.desktop)['mcpServers'])
        self.assertEqual(['other'], list(self.read(self.code)['mcpServers']))

    def test_code_not_installed_gets_the_line_to_paste(self):
        if sys.platform in ('darwin', 'win32'):
            self.skipTest('the Linux paths')
        self.environ['ALEGRA_PROFILE'] = 'sandbox'
        result = self.run_cli('mcp', 'claude', 'enable')
        self.assertEqual(0, result.code, result)
        self.assertFalse(os.path.exists(self.code))
        line = ' '.join(self.command + ['mcp', 'start', '--profile',
                                        'sandbox'])
        self.assertIn(f'For Claude Code ({self.code} not found): claude '
                      f'mcp add --scope user alegra -- {line}\n',
                      result.stderr)
        result = self.run_cli('mcp', 'claude', 'enable', '--app', 'code')
        self.assertEqual(0, result.code, result)
        self.assertEqual('stdio', self.read(self.code)['mcpServers'][
            'alegra']['type'])

    def test_one_broken_file_changes_none(self):
        with open(self.code, 'w') as handle:
            handle.write('{"mcpServers": [')
        result = self.run_cli('mcp', 'claude', 'enable')
        self.assertError(result, errors.INVALID_INPUT, '.claude.json is '
                         'not valid JSON')
        self.assertFalse(os.path.exists(self.desktop))

    def test_dry_run_writes_nothing(self):
        result = self.run_cli('mcp', 'cursor', 'enable', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertIn('dry run: would write', result.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, '.cursor')))

    def test_cursor_gets_the_absolute_path_too(self):
        self.assertEqual(0, self.run_cli('mcp', 'cursor', 'enable').code)
        entry = self.read(os.path.join(self.tmp, '.cursor', 'mcp.json'))[
            'mcpServers']['alegra']
        self.assertEqual(self.command[0], entry['command'])
        self.assertTrue(os.path.isabs(entry['command']))
