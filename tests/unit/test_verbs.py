"""The generic verbs, driven through the CLI against requests-mock."""

import base64
import csv
import io
import json

from alegra import errors
from alegra import jsonio
from tests.unit import base

CONTACTS = base.BASE_URL + '/contacts'
ITEMS = base.BASE_URL + '/items'


def contacts(count, start=0):
    return [{'id': str(start + n), 'name': f'Cliente {start + n}'}
            for n in range(count)]


class VerbTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.use_env_credentials()


class TestList(VerbTestCase):

    def test_list_sends_filters_and_paging(self):
        self.http.get(CONTACTS, json=[{'id': '1', 'name': 'José Pérez'}])
        result = self.run_cli('contacts', 'list', '--type', 'client',
                              '-q', 'José', '--limit', '5', '--start', '10',
                              '--order-field', 'name', '--order-direction',
                              'desc', '-o', 'json')
        self.assertEqual(0, result.code, result)
        query = self.http.last_request.qs
        self.assertEqual(['client'], query['type'])
        self.assertEqual(['José'], query['query'])
        self.assertEqual(['5'], query['limit'])
        self.assertEqual(['10'], query['start'])
        self.assertEqual(['DESC'], query['order_direction'])
        self.assertEqual(['name'], query['order_field'])
        self.assertEqual([{'id': '1', 'name': 'José Pérez'}],
                         json.loads(result.stdout))

    def test_plugin_filter_with_own_flag_name(self):
        self.http.get(ITEMS, json=[])
        result = self.run_cli('items', 'list', '--warehouse', '3',
                              '--price-list', '2', '--status', 'active')
        self.assertEqual(0, result.code, result)
        query = self.http.last_request.qs
        self.assertEqual(['3'], query['idWarehouse'])
        self.assertEqual(['2'], query['priceList_id'])
        self.assertEqual(['active'], query['status'])
        self.assertIn('no items found', result.stderr)

    def test_filter_choices_are_checked(self):
        result = self.run_cli('contacts', 'list', '--type', 'friend')
        self.assertError(result, errors.USAGE, '--type')
        self.assertFalse(self.http.called)

    def test_raw_param_is_sent_and_named_flags_win(self):
        self.http.get(CONTACTS, json=[])
        result = self.run_cli('contacts', 'list', '--param', 'fields=x,y',
                              '--param', 'type=provider', '--type', 'client')
        self.assertEqual(0, result.code, result)
        query = self.http.last_request.qs
        self.assertEqual(['x,y'], query['fields'])
        self.assertEqual(['client'], query['type'])

    def test_limit_above_api_maximum_is_a_usage_error(self):
        result = self.run_cli('contacts', 'list', '--limit', '31')
        self.assertError(result, errors.USAGE, '--limit')
        self.assertFalse(self.http.called)

    def test_all_walks_every_page(self):
        pages = [contacts(30, 0), contacts(30, 30), contacts(7, 60)]
        self.http.get(CONTACTS, [{'json': page} for page in pages])
        result = self.run_cli('contacts', 'list', '--all', '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual(67, len(json.loads(result.stdout)))
        starts = [request.qs['start'][0]
                  for request in self.http.request_history]
        self.assertEqual(['0', '30', '60'], starts)
        limits = {request.qs['limit'][0]
                  for request in self.http.request_history}
        self.assertEqual({'30'}, limits)

    def test_count_asks_metadata_and_prints_the_number(self):
        self.http.get(CONTACTS, json={'metadata': {'total': 1234},
                                      'data': contacts(1)})
        result = self.run_cli('contacts', 'list', '--count', '--type',
                              'client')
        self.assertEqual(0, result.code, result)
        self.assertEqual('1234\n', result.stdout)
        query = self.http.last_request.qs
        self.assertEqual(['true'], query['metadata'])
        self.assertEqual(['1'], query['limit'])
        self.assertEqual(['client'], query['type'])

    def test_wrapped_list_answers_are_accepted(self):
        for key in ('data', 'results', 'rows', 'subscriptions'):
            self.http.get(CONTACTS, json={key: contacts(2)})
            result = self.run_cli('contacts', 'list', '-o', 'value',
                                  '--columns', 'id')
            self.assertEqual('0\n1\n', result.stdout, key)

    def test_json_output_keeps_every_field_and_number_as_sent(self):
        text = ('[{"id": "7", "name": "Ñandú SAS", "balance": 10.00, '
                '"extra": {"deep": [1, 2]}, "big": 123456789012345678901}]')
        self.http.get(CONTACTS, text=text)
        result = self.run_cli('contacts', 'list', '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertIn('"balance": 10.00', result.stdout)
        self.assertIn('123456789012345678901', result.stdout)
        self.assertEqual(jsonio.loads(text), jsonio.loads(result.stdout))

    def test_csv_with_dotted_columns_and_formula_guard(self):
        self.http.get(CONTACTS, json=[
            {'id': '1', 'name': '=HYPERLINK("x")',
             'address': {'city': 'Bogotá'}}])
        result = self.run_cli('contacts', 'list', '-o', 'csv', '--columns',
                              'id,name,address.city')
        rows = list(csv.reader(io.StringIO(result.stdout)))
        self.assertEqual([['id', 'name', 'address.city'],
                          ['1', '\'=HYPERLINK("x")', 'Bogotá']], rows)

    def test_output_options_before_the_command(self):
        self.http.get(CONTACTS, json=contacts(1))
        result = self.run_cli('-o', 'csv', '--columns', 'name', 'contacts',
                              'list')
        self.assertEqual('name\r\nCliente 0\r\n', result.stdout)

    def test_option_after_the_command_wins(self):
        self.http.get(CONTACTS, json=contacts(1))
        result = self.run_cli('-o', 'csv', 'contacts', 'list', '-o', 'value',
                              '--columns', 'id')
        self.assertEqual('0\n', result.stdout)

    def test_output_default_from_environment(self):
        self.environ['ALEGRA_OUTPUT'] = 'json'
        self.http.get(CONTACTS, json=contacts(1))
        result = self.run_cli('contacts', 'list')
        self.assertEqual(contacts(1), json.loads(result.stdout))

    def test_table_output_cuts_long_cells(self):
        self.http.get(CONTACTS, json=[{'id': '1', 'name': 'Ñ' * 100}])
        result = self.run_cli('contacts', 'list')
        self.assertIn('Ñ' * 47 + '…', result.stdout)
        self.assertNotIn('Ñ' * 48, result.stdout)


class TestGet(VerbTestCase):

    def test_get_shows_every_field(self):
        self.http.get(CONTACTS + '/42', json={'id': '42', 'name': 'Ana',
                                              'address': {'city': 'Cali'}})
        result = self.run_cli('contacts', 'get', '42', '-o', 'yaml')
        self.assertEqual(0, result.code, result)
        self.assertIn('name: Ana', result.stdout)
        self.assertIn('city: Cali', result.stdout)

    def test_get_table_is_a_field_value_view(self):
        self.http.get(CONTACTS + '/42', json={'id': '42', 'name': 'Ana'})
        result = self.run_cli('contacts', 'get', '42')
        self.assertIn('Field', result.stdout)
        self.assertIn('Ana', result.stdout)

    def test_get_with_param(self):
        self.http.get(CONTACTS + '/42', json={'id': '42'})
        self.run_cli('contacts', 'get', '42', '--param', 'fields=deletable')
        self.assertEqual(['deletable'], self.http.last_request.qs['fields'])


class TestCreateUpdate(VerbTestCase):

    def test_create_from_set_flags(self):
        self.http.post(CONTACTS, status_code=201,
                       json={'id': '100', 'name': 'Ana'})
        result = self.run_cli(
            'contacts', 'create', '--set', 'name=Ana María',
            '--set', 'type=["client"]', '--set', 'identification.type=NIT',
            '--set', 'identification.number=007123',
            '--set', 'mobile=+573001234567', '--set', 'creditLimit=1500.50',
            '-o', 'json')
        self.assertEqual(0, result.code, result)
        sent = self.http.last_request.json()
        self.assertEqual({'name': 'Ana María', 'type': ['client'],
                          'identification': {'type': 'NIT',
                                             'number': '007123'},
                          'mobile': '+573001234567', 'creditLimit': 1500.5},
                         sent)
        self.assertIn(b'1500.50', self.http.last_request.body)
        self.assertEqual({'id': '100', 'name': 'Ana'},
                         json.loads(result.stdout))

    def test_create_from_file_with_set_on_top(self):
        path = f'{self.tmp}/contact.json'
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump({'name': 'Old', 'address': {'city': 'Cali'}}, handle)
        self.http.post(CONTACTS, status_code=201, json={'id': '1'})
        result = self.run_cli('contacts', 'create', '-f', path, '--set',
                              'name=New', '--set', 'address.address=Cra 1')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'name': 'New', 'address': {'city': 'Cali',
                                                     'address': 'Cra 1'}},
                         self.http.last_request.json())

    def test_create_from_stdin(self):
        self.http.post(ITEMS, status_code=201, json={'id': '9'})
        result = self.run_cli('items', 'create', '-f', '-',
                              stdin='{"name": "Café", "price": 4500}')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'name': 'Café', 'price': 4500},
                         self.http.last_request.json())

    def test_schema_failure_is_invalid_input_and_sends_nothing(self):
        result = self.run_cli('items', 'create', '--set', 'name=Café')
        self.assertError(result, errors.INVALID_INPUT, 'price',
                         'is required')
        self.assertFalse(self.http.called)

    def test_bad_json_file_is_invalid_input(self):
        result = self.run_cli('items', 'create', '-f', '-', stdin='{nope')
        self.assertError(result, errors.INVALID_INPUT, 'stdin',
                         'not valid JSON')

    def test_bad_set_syntax_is_usage(self):
        result = self.run_cli('items', 'create', '--set', 'name')
        self.assertError(result, errors.USAGE, 'key=value')

    def test_empty_body_is_usage(self):
        result = self.run_cli('items', 'create')
        self.assertError(result, errors.USAGE, 'nothing to send')

    def test_update_puts_a_partial_body(self):
        self.http.put(ITEMS + '/5', json={'id': '5', 'price': [
            {'idPriceList': 1, 'price': 99}]})
        result = self.run_cli('items', 'update', '5', '--set', 'price=99')
        self.assertEqual(0, result.code, result)
        self.assertEqual('PUT', self.http.last_request.method)
        self.assertEqual({'price': 99}, self.http.last_request.json())

    def test_update_still_checks_types(self):
        result = self.run_cli('items', 'update', '5', '--set', 'price=-1')
        self.assertError(result, errors.INVALID_INPUT, 'price')

    def test_update_types_set_values_by_the_schema(self):
        self.http.put(CONTACTS + '/5', json={'id': '5'})
        result = self.run_cli('contacts', 'update', '5', '--set',
                              'identification=900123456', '--set',
                              'ignoreRepeated=no', '--set', 'type=provider')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'identification': '900123456',
                          'ignoreRepeated': False, 'type': ['provider']},
                         self.http.last_request.json())

    def test_a_decimal_where_an_integer_is_wanted_is_invalid_input(self):
        result = self.run_cli('terms', 'create', '--set', 'name=Quincena',
                              '--set', 'days=15.5')
        self.assertError(result, errors.INVALID_INPUT, 'days', 'integer')
        self.assertFalse(self.http.called)


class TestDelete(VerbTestCase):

    def test_yes_skips_the_prompt(self):
        self.http.delete(CONTACTS + '/5', json={'code': 200,
                                                'message': 'Eliminado'})
        result = self.run_cli('contacts', 'delete', '5', '--yes',
                              '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual('DELETE', self.http.last_request.method)
        self.assertIn('Eliminado', result.stdout)

    def test_no_terminal_refuses_without_hanging(self):
        result = self.run_cli('contacts', 'delete', '5')
        self.assertError(result, errors.USAGE, '--yes')
        self.assertFalse(self.http.called)

    def test_terminal_yes_deletes(self):
        self.http.delete(CONTACTS + '/5', json={})
        result = self.run_cli('contacts', 'delete', '5', stdin='y\n',
                              tty=True)
        self.assertEqual(0, result.code, result)
        self.assertIn('delete contacts 5?', result.stderr)
        self.assertTrue(self.http.called)

    def test_terminal_no_cancels(self):
        result = self.run_cli('contacts', 'delete', '5', stdin='n\n',
                              tty=True)
        self.assertEqual(errors.CANCELLED, result.code)
        self.assertIn('Error: cancelled', result.stderr)
        self.assertFalse(self.http.called)


class TestDryRun(base.TestCase):
    """--dry-run shows the request, checks the body, needs no credentials."""

    def test_create_dry_run_prints_request_and_curl(self):
        result = self.run_cli('contacts', 'create', '--set', 'name=Ana',
                              '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertFalse(self.http.called)
        self.assertIn(f'POST {CONTACTS}', result.stdout)
        self.assertIn('Authorization: Basic <redacted>', result.stdout)
        self.assertIn('Content-Type: application/json', result.stdout)
        self.assertIn('"name": "Ana"', result.stdout)
        self.assertIn("curl -X POST", result.stdout)
        self.assertIn('-u "$ALEGRA_EMAIL:$ALEGRA_TOKEN"', result.stdout)

    def test_dry_run_never_shows_the_token(self):
        self.use_env_credentials()
        result = self.run_cli('contacts', 'list', '--dry-run', '-o', 'json')
        described = json.loads(result.stdout)
        self.assertEqual('GET', described['method'])
        self.assertEqual(f'{CONTACTS}?start=0&limit=30', described['url'])
        self.assertEqual('Basic <redacted>',
                         described['headers']['Authorization'])
        self.assertNotIn(base.TOKEN, result.stdout)

    def test_dry_run_shows_set_values_typed_by_the_schema(self):
        result = self.run_cli(
            'contacts', 'create', '--set', 'name=Distribuidora Ñandú SAS',
            '--set', 'identification.type=NIT', '--set',
            'identification.number=900123456', '--set', 'creditLimit=1500.50',
            '--set', 'regimeObject=5', '--dry-run', '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertIn('"number": "900123456"', result.stdout)
        self.assertIn('"creditLimit": 1500.50', result.stdout)
        # A field the schema does not describe: numbers when lossless.
        self.assertIn('"regimeObject": 5', result.stdout)

    def test_action_body_is_typed_by_its_schema(self):
        result = self.run_cli('invoices', 'email', '7', '--set',
                              'emails=ana@x.co, luis@y.co', '--set',
                              'sendCopyToUser=sí', '--dry-run', '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'emails': ['ana@x.co', 'luis@y.co'],
                          'sendCopyToUser': True},
                         json.loads(result.stdout)['body'])

    def test_dry_run_validates_the_body(self):
        result = self.run_cli('contacts', 'create', '--set', 'name=Ana',
                              '--set', 'kindOfPerson=COMPANY', '--dry-run')
        self.assertError(result, errors.INVALID_INPUT, 'kindOfPerson')
        self.assertEqual('', result.stdout)

    def test_dry_run_count_shows_the_metadata_request(self):
        result = self.run_cli('contacts', 'list', '--count', '--dry-run',
                              '-o', 'json')
        self.assertIn('metadata=true', json.loads(result.stdout)['url'])

    def test_dry_run_delete_does_not_ask(self):
        result = self.run_cli('contacts', 'delete', '5', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertIn(f'DELETE {CONTACTS}/5', result.stdout)

    def test_dry_run_update_uses_put_and_base_url_flag(self):
        result = self.run_cli('items', 'update', '5', '--set', 'name=X',
                              '--dry-run', '--base-url',
                              'http://127.0.0.1:8080/api/v1')
        self.assertIn('PUT http://127.0.0.1:8080/api/v1/items/5',
                      result.stdout)
        self.assertNotIn('Warning', result.stderr)


class TestEnvelope(VerbTestCase):

    def test_a_wrapped_record_is_shown_unwrapped(self):
        self.http.post(base.BASE_URL + '/webhooks/subscriptions',
                       status_code=201, json={'subscription': {
                           'id': '4', 'event': 'new-item',
                           'url': 'h.test/x'}})
        result = self.run_cli('webhook-subscriptions', 'create', '--set',
                              'event=new-item', '--set', 'url=h.test/x',
                              '-o', 'json')
        self.assertEqual(0, result.code, result)
        self.assertEqual({'id': '4', 'event': 'new-item',
                          'url': 'h.test/x'}, json.loads(result.stdout))


INVOICES = base.BASE_URL + '/invoices'
BASIC = base64.b64encode(f'{base.EMAIL}:{base.TOKEN}'.encode()).decode()
HOSTILE = '\x1b[2J\x07\rOK\x08\u202eexe.txt'
HOSTILE_SHOWN = '\\x1b[2J\\x07\\x0dOK\\x08\\u202eexe.txt'


# Ends a list of requests-mock answers that a walk should never reach.
STOP = {'status_code': 500, 'json': {'message': 'the walk did not stop'}}


def forever(body):
    """A requests-mock answer that repeats ``body``, failing the test
    rather than hanging it should a walk not stop."""
    calls = []

    def answer(request, context):
        calls.append(request)
        assert len(calls) <= 10, 'the walk did not stop'
        return body
    return answer


class TestEndlessPaging(VerbTestCase):

    def test_all_stops_when_the_server_ignores_start(self):
        self.http.get(CONTACTS, json=forever(contacts(30)))
        result = self.run_cli('contacts', 'list', '--all', '-o', 'json')
        self.assertError(result, errors.SERVER, 'start=30 repeats records',
                         'ids 0, 1, 2')
        self.assertEqual(2, self.http.call_count)

    def test_all_stops_past_the_total(self):
        self.http.get(CONTACTS, [
            {'json': {'data': contacts(30, start), 'metadata': {'total': 35}}}
            for start in (0, 30, 60)] + [STOP])
        result = self.run_cli('contacts', 'list', '--all')
        self.assertError(result, errors.SERVER, 'past the total of 35')
        self.assertEqual(2, self.http.call_count)

    def test_count_fallback_stops_too(self):
        self.http.get(CONTACTS, json=forever(contacts(30)))
        result = self.run_cli('contacts', 'list', '--count')
        self.assertError(result, errors.SERVER, 'repeats records')
        self.assertEqual('', result.stdout)
        self.assertEqual(3, self.http.call_count)

    def test_ids_are_the_resource_id_field(self):
        currencies = [{'code': f'C{n:02}'} for n in range(30)]
        self.http.get(base.BASE_URL + '/currencies',
                      json=forever(currencies))
        result = self.run_cli('currencies', 'list', '--all')
        self.assertError(result, errors.SERVER, 'ids C00, C01, C02')


class TestNotARecord(VerbTestCase):
    """A 200 whose body is not a record is one Error line, exit 9."""

    WRONG = ('"hola"', '42', '[1, 2]', '[{"id": "1"}]', 'true', '""')

    def assertNotARecord(self, result, what):
        self.assertError(result, errors.SERVER,
                         f'the API answered {what} with something that is '
                         'not a record')
        self.assertEqual('', result.stdout)

    def test_get(self):
        for text in self.WRONG + ('null', ''):
            self.http.get(CONTACTS + '/1', text=text)
            for fmt in ('table', 'json', 'value'):
                self.assertNotARecord(
                    self.run_cli('contacts', 'get', '1', '-o', fmt),
                    'GET /contacts/1')

    def test_create_and_update(self):
        for text in self.WRONG:
            self.http.post(CONTACTS, status_code=201, text=text)
            self.assertNotARecord(
                self.run_cli('contacts', 'create', '--set', 'name=A'),
                'POST /contacts')
            self.http.put(CONTACTS + '/1', text=text)
            self.assertNotARecord(
                self.run_cli('contacts', 'update', '1', '--set', 'name=A'),
                'PUT /contacts/1')

    def test_empty_write_answers_are_fine(self):
        self.http.post(CONTACTS, status_code=204, text='')
        result = self.run_cli('contacts', 'create', '--set', 'name=A')
        self.assertEqual((0, '', ''), (result.code, result.stdout,
                                       result.stderr))
        self.http.put(CONTACTS + '/1', text='null')
        result = self.run_cli('contacts', 'update', '1', '--set', 'name=A')
        self.assertEqual(0, result.code, result)

    def test_action(self):
        for text in ('"hola"', '42', '["a"]', '[3]', 'false'):
            self.http.post(INVOICES + '/5/open', text=text)
            self.assertNotARecord(self.run_cli('invoices', 'open', '5'),
                                  'POST /invoices/5/open')

    def test_action_answers_that_are_fine(self):
        for text, shown in (('', ''), ('null', ''),
                            ('{"code": 200, "message": "ok"}', '"ok"'),
                            ('[{"id": "5"}]', '"5"')):
            self.http.post(INVOICES + '/5/open', text=text)
            result = self.run_cli('invoices', 'open', '5', '-o', 'json')
            self.assertEqual(0, result.code, result)
            self.assertIn(shown, result.stdout)

    def test_list_page_of_things_that_are_not_records(self):
        for text in ('["a", "b"]', '{"data": [1, 2]}', '[null]'):
            self.http.get(CONTACTS, text=text)
            for argv in (['list'], ['list', '--all'], ['export']):
                result = self.run_cli('contacts', *argv)
                self.assertError(result, errors.SERVER, 'not a record')


class TestServerTextOnATerminal(VerbTestCase):
    """Controls in server text are escaped in table, value and Error
    lines; JSON, YAML and CSV keep the data."""

    def setUp(self):
        super().setUp()
        self.http.get(CONTACTS + '/1', json={'id': '1', 'name': HOSTILE,
                                             HOSTILE: 'x'})
        self.http.get(CONTACTS, json=[{'id': '1', 'name': HOSTILE}])

    def assertEscaped(self, text):
        self.assertIn(HOSTILE_SHOWN, text)
        for control in ('\x1b', '\x07', '\r', '\x08', '\u202e'):
            self.assertNotIn(control, text)

    def test_table_and_value(self):
        for argv in (['get', '1'], ['get', '1', '-o', 'value'],
                     ['list'], ['list', '-o', 'value', '--columns',
                                'id,name']):
            result = self.run_cli('contacts', *argv)
            self.assertEqual(0, result.code, result)
            self.assertEscaped(result.stdout)

    def test_headers_from_the_server_are_escaped(self):
        result = self.run_cli('contacts', 'get', '1')
        self.assertEqual(2, result.stdout.count(HOSTILE_SHOWN))

    def test_spanish_text_is_untouched(self):
        name = '¿Cafetería Ñandú? José Núñez, árbol'
        self.http.get(CONTACTS + '/2', json={'id': '2', 'name': name})
        result = self.run_cli('contacts', 'get', '2')
        self.assertIn(name, result.stdout)

    def test_data_formats_keep_the_data(self):
        result = self.run_cli('contacts', 'get', '1', '-o', 'json')
        self.assertEqual(HOSTILE, json.loads(result.stdout)['name'])
        self.assertNotIn('\x1b', result.stdout)  # JSON escapes it
        result = self.run_cli('contacts', 'list', '-o', 'csv', '--columns',
                              'name')
        self.assertIn(HOSTILE, result.stdout)

    def test_error_message(self):
        self.http.get(CONTACTS + '/9', status_code=400,
                      json={'code': 400, 'message': HOSTILE})
        result = self.run_cli('contacts', 'get', '9')
        self.assertError(result, errors.INVALID_INPUT, HOSTILE_SHOWN)
        self.assertEscaped(result.stderr)


class TestEchoedCredentials(VerbTestCase):
    """A server echoing our Authorization header never gets it shown."""

    ECHO = (f'Cabecera inválida: Authorization: Basic {BASIC} '
            f'(token {base.TOKEN})')

    def assertRedacted(self, text):
        self.assertIn('<redacted>', text)
        self.assertNotIn(BASIC, text)
        self.assertNotIn(base.TOKEN, text)  # run_cli checks it too

    def test_error_message_in_every_format(self):
        self.http.get(CONTACTS + '/1', status_code=400,
                      json={'code': 400, 'message': self.ECHO})
        for fmt in ('table', 'json', 'csv'):
            result = self.run_cli('contacts', 'get', '1', '-o', fmt)
            self.assertError(result, errors.INVALID_INPUT,
                             'Authorization: Basic <redacted> (token '
                             '<redacted>)')
            self.assertRedacted(result.stderr)

    def test_record_fields_in_every_format(self):
        self.http.get(CONTACTS + '/1', json={
            'id': '1', 'name': 'Ana', 'echo': f'Basic {BASIC}',
            'raw': base.TOKEN, 'nested': {'headers': [self.ECHO]}})
        for fmt in ('json', 'yaml', 'csv', 'table', 'value'):
            result = self.run_cli('contacts', 'get', '1', '-o', fmt)
            self.assertEqual(0, result.code, result)
            self.assertRedacted(result.stdout)
            self.assertIn('Ana', result.stdout)
        result = self.run_cli('contacts', 'get', '1', '-o', 'json')
        shown = json.loads(result.stdout)
        self.assertEqual('Basic <redacted>', shown['echo'])
        self.assertEqual('<redacted>', shown['raw'])

    def test_list_and_export(self):
        self.http.get(CONTACTS, json=[{'id': '1', 'name': base.TOKEN}])
        for argv in (['list', '-o', 'json'], ['list', '--all'],
                     ['export', '--format', 'jsonl']):
            result = self.run_cli('contacts', *argv)
            self.assertEqual(0, result.code, result)
            self.assertRedacted(result.stdout)

    def test_someone_elses_bearer_token(self):
        self.http.get(CONTACTS + '/1', json={
            'id': '1', 'note': 'Authorization: Bearer abcdef0123456789xyz'})
        result = self.run_cli('contacts', 'get', '1', '-o', 'json')
        self.assertEqual('Authorization: Bearer <redacted>',
                         json.loads(result.stdout)['note'])


class TestImportValues(base.TestCase):
    """``import`` types --set like ``create``, and names only the columns
    it really drops."""

    def write_export(self):
        path = f'{self.tmp}/contacts.csv'
        with open(path, 'w', encoding='utf-8', newline='') as handle:
            handle.write('id,name,identification,identificationObject.type,'
                         'identificationObject.number\r\n'
                         '4,Tostadores del Huila SAS,900987654,NIT,'
                         '900987654\r\n')
        return path

    def test_an_export_imports_back_without_the_id_warning(self):
        result = self.run_cli('contacts', 'import', '-f', self.write_export(),
                              '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertIn('Warning: columns not imported (no field): '
                      'identification\n', result.stderr)

    def test_update_by_columns_are_not_warned_about(self):
        result = self.run_cli('contacts', 'import', '-f', self.write_export(),
                              '--update-by', 'identification', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertNotIn('Warning', result.stderr)
        self.assertIn('"number": "900987654"', result.stdout)

    def test_set_is_typed_like_create(self):
        path = f'{self.tmp}/clients.csv'
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('Name\nAna\n')
        result = self.run_cli('contacts', 'import', '-f', path, '--map',
                              'Name=name', '--set',
                              'identification.number=900123456', '--dry-run')
        self.assertEqual(0, result.code, result)
        self.assertEqual('row 1: {"name": "Ana", "identification": '
                         '{"number": "900123456"}}\n', result.stdout)
