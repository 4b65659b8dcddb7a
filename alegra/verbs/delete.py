"""``<resource> delete ID``: asks first on a terminal, never hangs without."""

from alegra import prompt
from alegra.request import ApiRequest
from alegra.verbs import base


class Delete(base.ResourceCommand):
    verb_help = 'Delete a record of {name} ({summary}).'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_id_argument(parser)
        parser.add_argument('-y', '--yes', action='store_true',
                            help='do not ask for confirmation')
        return parser

    def take_action(self, parsed_args):
        request = ApiRequest('DELETE',
                             self.resource.item_path(parsed_args.ident))
        if not self.options.dry_run:
            prompt.confirm(
                f'delete {self.resource.name} {parsed_args.ident}?',
                self.app.stdin, self.app.stderr, parsed_args.yes)
        answer = self.send(request)
        if isinstance(answer, dict):
            self.printer().record(answer)
