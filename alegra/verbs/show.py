"""``<resource> get ID``: one record, every field."""

from alegra import body
from alegra import paging
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest
from alegra.verbs import base


class Get(base.ResourceCommand):
    verb_help = N_('Show one record of {name} ({summary}) by its '
                   '{id_field}.')

    def get_description(self):
        summary = _(self.resource.summary)
        if self.resource.singleton:
            return _('Show the {name} record ({summary}); it has no id.') \
                .format(name=self.resource.name, summary=summary)
        return _(self.verb_help).format(name=self.resource.name,
                                        summary=summary,
                                        id_field=self.resource.id_field)

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_id_argument(parser)
        parser.add_argument(
            '--param', action='append', default=[], metavar='KEY=VALUE',
            help=_('extra query parameter, such as fields=deletable; '
                   'repeatable'))
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
