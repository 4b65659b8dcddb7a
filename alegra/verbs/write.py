"""``<resource> create`` and ``<resource> update ID``: bodies in, record out.

A body comes from ``-f/--file`` (JSON, ``-`` for stdin) with each
``--set key=value`` on top, typed as the plugin's JSON Schema wants, is
checked against that schema, and is sent (or shown, with ``--dry-run``).
"""

from alegra import body
from alegra import errors
from alegra import paging
from alegra import validation
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest
from alegra.verbs import base


def add_body_arguments(parser):
    group = parser.add_argument_group(_('body'))
    group.add_argument('-f', '--file', metavar='FILE',
                       help=_('JSON object to send; - reads stdin'))
    group.add_argument(
        '--set', action='append', default=[], metavar='KEY=VALUE',
        help=_("set a field on top of --file; dotted keys nest "
               "(address.city=Bogotá); the value gets the type the schema "
               "gives the field (identification.number=900123456 stays "
               "text, price=10.50 is a number, 'type=[\"client\"]' a "
               "list); elsewhere JSON parses and numbers are made only "
               "when lossless; repeatable"))
    return group


class _Write(base.ResourceCommand):
    method = 'POST'
    partial = False

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        add_body_arguments(parser)
        return parser

    def request_path(self, parsed_args):
        return self.resource.path

    def take_action(self, parsed_args):
        schema = self.resource.create_schema()
        payload = body.build(parsed_args.file, parsed_args.set,
                             self.app.stdin, schema)
        if not payload:
            raise errors.UsageError(
                _('nothing to send'),
                hint=_('give --file FILE or --set key=value'))
        validation.check(payload, schema, partial=self.partial,
                         what=_('{name} body').format(
                             name=self.resource.name))
        request = ApiRequest(self.method, self.request_path(parsed_args),
                             body=payload)
        record = paging.record_of(self.resource.unwrap(self.send(request)),
                                  request)
        if record is not None:
            self.printer().record(record)


class Create(_Write):
    verb_help = N_('Create a record in {name} ({summary}).')


class Update(_Write):
    verb_help = N_('Update a record of {name} ({summary}) with PUT; the '
                   'API merges the fields sent.')
    method = 'PUT'
    partial = True

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_id_argument(parser)
        return parser

    def request_path(self, parsed_args):
        return self.resource.item_path(parsed_args.ident)
