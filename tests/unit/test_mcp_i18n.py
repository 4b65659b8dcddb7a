"""The MCP layer in Spanish: a server run with ``ALEGRA_LANG=es`` describes
its tools, prompts and toolsets in Spanish and answers its errors in
Spanish, while everything a client or a script reads by name (tool names,
input-schema properties, annotations, the exit code and class of an error)
stays as in English.  The commands' own messages (``mcp tools``, ``mcp
claude ...``) follow the language too."""

import json
import os

from alegra import errors
from alegra import i18n
from alegra import shell
from alegra.mcp import calls
from alegra.mcp import policy as policy_module
from alegra.mcp import server as mcp_server
from alegra.mcp import tools
from alegra.mcp import toolsets
from tests.unit import base
from tests.unit import test_mcp_server
from tests.unit import test_mcp_tools

reply = test_mcp_server.reply


def property_names(schema):
    """The property names of a schema, at every depth: what a client
    sends, which never changes with the language."""
    if isinstance(schema, dict):
        found = set(schema.get('properties', {})) if isinstance(
            schema.get('properties'), dict) else set()
        for value in schema.values():
            found |= property_names(value)
        return found
    if isinstance(schema, list):
        return set().union(*(property_names(item) for item in schema)) \
            if schema else set()
    return set()


class LanguageTestCase(test_mcp_server.ServerTestCase):
    """Servers built in one language or the other, as ``mcp start`` builds
    them once its language is chosen."""

    def setUp(self):
        super().setUp()
        # The language is the process's: leave English for the next test.
        self.addCleanup(i18n.use, {})

    def bridge_in(self, language, **policy):
        environ = dict(self.environ, ALEGRA_LANG=language)
        i18n.use(environ)
        app = shell.AlegraApp(environ=environ)
        app.options = app.parser.parse_args([])
        return mcp_server.Bridge(tools.build(app),
                                 policy_module.Policy(**policy),
                                 environ=environ)

    def listing(self, language):
        """``(instructions, tools, prompts)`` a client of a server in
        ``language`` is given."""
        bridge = self.bridge_in(language, toolsets=toolsets.DEFAULT)

        async def work(client):
            return (client.instructions,
                    {tool.name: tool for tool in
                     (await client.list_tools()).tools},
                    {prompt.name: prompt for prompt in
                     (await client.list_prompts()).prompts})
        return self.session(work, 'legacy', bridge=bridge)

    def call(self, language, name, arguments, **policy):
        bridge = self.bridge_in(language, **policy)

        async def work(client):
            return await client.call_tool(name, arguments)
        return self.session(work, bridge=bridge)


class TestListsInSpanish(LanguageTestCase):

    def test_descriptions_in_spanish_names_and_schemas_unchanged(self):
        self.api({})
        english = self.listing('en')
        spanish = self.listing('es')
        instructions, listed, prompts = spanish
        self.assertEqual(sorted(english[1]), sorted(listed))
        for name, tool in listed.items():
            other = english[1][name]
            self.assertEqual(property_names(other.input_schema),
                             property_names(tool.input_schema), name)
            self.assertEqual(other.input_schema.get('required'),
                             tool.input_schema.get('required'), name)
            self.assertEqual(other.annotations, tool.annotations, name)
            self.assertEqual(property_names(other.output_schema),
                             property_names(tool.output_schema), name)
        contacts = listed['alegra_contacts_list']
        self.assertNotEqual(english[1]['alegra_contacts_list'].description,
                            contacts.description)
        # What the MCP layer adds to a list tool, in each language.
        self.assertIn('One page per call: page with start and limit',
                      english[1]['alegra_contacts_list'].description)
        self.assertIn('Una página por llamada: pagine con start y limit',
                      contacts.description)
        self.assertIn('Cuerpo de ejemplo: {"name": ',
                      listed['alegra_contacts_create'].description)
        self.assertEqual(
            'los registros de la página',
            contacts.output_schema['properties']['result']['description'])
        # An option's help, without the terminal's "(default 0)".
        self.assertEqual('posición del primer registro',
                         contacts.input_schema['properties']['start'][
                             'description'])
        self.assertIn('alegra_toolsets_enable', instructions)
        self.assertTrue(instructions.startswith(
            'Herramientas para la API contable de Alegra'), instructions)
        self.assertTrue(english[0].startswith('Tools for the Alegra'))
        self.assertEqual(sorted(english[2]), sorted(prompts))
        overdue = prompts['clients_with_overdue_invoices']
        self.assertEqual('Clientes con facturas de venta vencidas',
                         overdue.title)
        self.assertEqual('AAAA-MM-DD; vencidas antes de este día '
                         '(predeterminado: hoy)',
                         overdue.arguments[0].description)
        self.assertTrue(listed[toolsets.LIST].description.startswith(
            'Listar los grupos de herramientas'))

    def test_body_fields_described_in_spanish(self):
        def described(language):
            spec = self.bridge_in(language).specs['alegra_contacts_create']
            return spec.input_schema['properties']['body']['properties'][
                'name']['description']
        self.assertEqual('Full name or business name', described('en'))
        self.assertEqual('Nombre completo o razón social', described('es'))

    def test_destructive_tools_say_so_in_spanish(self):
        bridge = self.bridge_in('es')
        void = bridge.specs['alegra_invoices_void']
        self.assertEqual('debe ser true: esto no se puede deshacer',
                         void.input_schema['properties']['confirm'][
                             'description'])
        self.assertIn('Asigna void a status.', void.description)
        catalog = {row['name']: row['description'] for row in
                   toolsets.catalog(bridge.specs)}
        self.assertTrue(catalog['invoices_destructive'].startswith(
            'no se puede deshacer, necesita confirm=true: '),
            catalog['invoices_destructive'])
        # Built again in English, the same tools say it in English: nothing
        # was kept from the Spanish run.
        void = self.bridge_in('en').specs['alegra_invoices_void']
        self.assertEqual('must be true: this cannot be undone',
                         void.input_schema['properties']['confirm'][
                             'description'])


class TestErrorsInSpanish(LanguageTestCase):

    def test_a_refused_call_is_one_translated_line(self):
        self.api({})
        english = self.call('en', 'alegra_invoices_void', {'id': '5'})
        spanish = self.call('es', 'alegra_invoices_void', {'id': '5'})
        self.assertTrue(english.is_error)
        self.assertTrue(spanish.is_error)
        self.assertEqual('Error: alegra_invoices_void cannot be undone; call '
                         'it again with confirm=true if that is intended',
                         english.content[0].text)
        self.assertEqual('Error: alegra_invoices_void no se puede deshacer; '
                         'llámela de nuevo con confirm=true si eso es lo que '
                         'se quiere', spanish.content[0].text)
        spanish = self.call('es', 'alegra_invoices_void', {'id': '5'},
                            read_only=True)
        self.assertEqual("Error: este servidor no tiene la herramienta "
                         "'alegra_invoices_void' (modo de solo lectura)",
                         spanish.content[0].text)

    def test_invalid_arguments_are_named_in_the_server_s_language(self):
        self.api({})
        english = self.call('en', 'alegra_contacts_list', {'limit': 'x'})
        spanish = self.call('es', 'alegra_contacts_list', {'limit': 'x'})
        self.assertEqual("Error: invalid arguments: limit: 'x' is not of "
                         "type 'integer'", english.content[0].text)
        self.assertEqual("Error: argumentos no válidos: limit: 'x' no es "
                         "del tipo 'integer'", spanish.content[0].text)
        missing = self.call('es', 'alegra_contacts_get', {})
        self.assertEqual('Error: argumentos no válidos: id: es obligatorio',
                         missing.content[0].text)

    def test_a_failed_call_keeps_its_exit_code_and_class(self):
        self.api({('GET', '/api/v1/contacts/999'): reply(
            {'message': 'No se encontró el contacto'}, 404)})
        texts = {}
        for language in ('en', 'es'):
            result = self.call(language, 'alegra_contacts_get',
                               {'id': '999'})
            self.assertTrue(result.is_error, result)
            [line] = result.content[0].text.splitlines()
            texts[language] = line
        for line in texts.values():
            self.assertTrue(line.startswith('Error: HTTP 404'), line)
            self.assertTrue(line.endswith(
                f' [exit {errors.NOT_FOUND}: not-found]'), line)
            self.assertNotIn('Traceback', line)
        # The sentence around the API's message is the command's, in the
        # language of the server.
        self.assertNotEqual(texts['en'], texts['es'])

    def test_a_meta_tool_error_in_spanish(self):
        self.api({})
        result = self.call('es', toolsets.ENABLE, {'toolsets': ['nope']},
                           toolsets=toolsets.DEFAULT)
        self.assertTrue(result.is_error)
        self.assertTrue(result.content[0].text.startswith(
            'Error: no hay ningún grupo de herramientas con ese nombre: '
            'nope (grupos: account, '), result.content[0].text)


class TestProgressInSpanish(base.TestCase):

    def test_an_imports_spanish_row_lines_are_its_progress(self):
        self.addCleanup(i18n.use, {})
        i18n.use({'ALEGRA_LANG': 'es'})
        events = []
        call = calls.Call(None, [], rows=2)
        call.post = events.append
        call.stderr.write('Warning: algo\nfila 1: creada id 7\n'
                          'Error: HTTP 400: x\nfila 2: fallida: HTTP 400\n')
        self.assertEqual([('log', 'warning', 'alegra', 'algo'),
                          ('progress', 1, 2, 'fila 1: creada id 7'),
                          ('progress', 2, 2, 'fila 2: fallida: HTTP 400')],
                         events)


class TestCommandsInSpanish(base.TestCase):

    def setUp(self):
        super().setUp()
        self.addCleanup(i18n.use, {})
        self.environ.pop('XDG_CONFIG_HOME', None)

    def spanish(self):
        self.environ['ALEGRA_LANG'] = 'es'

    def test_mcp_tools_describes_in_spanish_names_unchanged(self):
        english = json.loads(self.run_cli('mcp', 'tools').stdout)
        self.spanish()
        result = self.run_cli('mcp', 'tools')
        self.assertEqual(0, result.code, result)
        spanish = json.loads(result.stdout)
        self.assertEqual([tool['name'] for tool in english],
                         [tool['name'] for tool in spanish])
        self.assertEqual([sorted(tool['inputSchema']['properties'])
                          for tool in english],
                         [sorted(tool['inputSchema']['properties'])
                          for tool in spanish])
        # Longer words, still within what a client is sent at first.
        self.assertLessEqual(test_mcp_tools.size(spanish),
                             test_mcp_tools.LIMIT)
        described = {tool['name']: tool['description'] for tool in spanish}
        self.assertTrue(described['alegra_company_get'].endswith(
            ': el único registro, no se necesita id.'))

    def test_policy_errors_and_warnings(self):
        result = self.run_cli('mcp', 'tools', '--deny', 'alegra_nope')
        self.assertError(result, errors.USAGE,
                         'no such tool: alegra_nope')
        self.spanish()
        result = self.run_cli('mcp', 'tools', '--deny', 'alegra_nope')
        self.assertError(result, errors.USAGE,
                         'no hay ninguna herramienta con ese nombre: '
                         'alegra_nope')
        result = self.run_cli('mcp', 'tools', '--read-only', '--allow',
                              'alegra_contacts_create')
        self.assertError(result, errors.USAGE,
                         'ninguna herramienta que ofrecer: --read-only '
                         'oculta alegra_contacts_create, la única '
                         'herramienta que --allow nombra')
        result = self.run_cli('mcp', 'tools', '--read-only', '--allow',
                              'alegra_contacts_create,alegra_contacts_get')
        self.assertEqual(0, result.code, result)
        self.assertEqual('Warning: --read-only oculta '
                         'alegra_contacts_create, que --allow nombra\n',
                         result.stderr)

    def test_help_and_client_messages(self):
        self.spanish()
        result = self.run_cli('mcp', 'start', '--help')
        self.assertEqual(0, result.code, result)
        self.assertIn('Servir los comandos de alegra como herramientas MCP',
                      result.stdout)
        self.assertIn('ofrecer solo las herramientas que no cambian nada',
                      ' '.join(result.stdout.split()))
        result = self.run_cli('mcp', 'claude', 'enable', '--help')
        self.assertIn('Agregar el servidor alegra a la configuración MCP '
                      'de Claude Desktop y de Claude Code',
                      ' '.join(result.stdout.split()))
        result = self.run_cli('mcp', 'cursor', 'enable')
        self.assertEqual(0, result.code, result)
        path = os.path.join(self.tmp, '.cursor', 'mcp.json')
        self.assertIn(f"'alegra' se agregó a {path} (Cursor); reinicie el "
                      'cliente.\nEl servidor se inicia así: ', result.stderr)
        result = self.run_cli('mcp', 'cursor', 'disable')
        self.assertEqual(f"'alegra' se quitó de {path} (Cursor)\n",
                         result.stderr)
        with open(path, 'w') as handle:
            handle.write('{')
        result = self.run_cli('mcp', 'cursor', 'status')
        self.assertError(result, errors.INVALID_INPUT,
                         f'{path} no es JSON válido: ')
        self.environ['ALEGRA_LANG'] = 'en'
        result = self.run_cli('mcp', 'cursor', 'status')
        self.assertError(result, errors.INVALID_INPUT,
                         f'{path} is not valid JSON: ')
