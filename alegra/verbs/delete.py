"""``<resource> delete ID``: asks first on a terminal, never hangs without."""

from alegra import prompt
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest
from alegra.verbs import base


class Delete(base.ResourceCommand):
    verb_help = N_('Delete a record of {name} ({summary}).')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_id_argument(parser)
        parser.add_argument('-y', '--yes', action='store_true',
                            help=_('do not ask for confirmation'))
        return parser

    def take_action(self, parsed_args):
        request = ApiRequest('DELETE',
                             self.resource.item_path(parsed_args.ident))
        if not self.options.dry_run:
            prompt.confirm(
                _('delete {name} {id}?').format(name=self.resource.name,
                                                id=parsed_args.ident),
                self.app.stdin, self.app.stderr, parsed_args.yes)
        answer = self.send(request)
        if isinstance(answer, dict):
            self.printer().record(answer)
