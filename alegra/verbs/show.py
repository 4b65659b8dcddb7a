"""``<resource> get ID``: one record, every field."""

from alegra import body
from alegra import paging
from alegra.request import ApiRequest
from alegra.verbs import base


class Get(base.ResourceCommand):
    verb_help = 'Show one record of {name} ({summary}) by its {id_field}.'

    def get_description(self):
        if self.resource.singleton:
            return (f'Show the {self.resource.name} record '
                    f'({self.resource.summary}); it has no id.')
        return self.verb_help.format(name=self.resource.name,
                                     summary=self.resource.summary,
                                     id_field=self.resource.id_field)

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_id_argument(parser)
        parser.add_argument(
            '--param', action='append', default=[], metavar='KEY=VALUE',
            help='extra query parameter, such as fields=deletable; '
                 'repeatable')
        return parser

    def take_action(self, parsed_args):
        params = [body.split_assignment(text, '--param')
                  for text in parsed_args.param]
        request = ApiRequest('GET', self.resource.item_path(
            parsed_args.ident), params)
        record = self.send(request)
        if self.options.dry_run:
            return
        # A get that answers nothing has not shown the record it promised.
        self.printer().record(paging.record_of(
            self.resource.unwrap(record), request, required=True))
