"""``<resource> <action> [ID]``: a plugin's resource-specific POST.

An :class:`~alegra.registry.Action` is data (name, path, whether it takes
an id or a body, whether it destroys); this one class serves them all.
"""

from alegra import body
from alegra import prompt
from alegra import validation
from alegra.request import ApiRequest
from alegra.verbs import base
from alegra.verbs import write


class RunAction(base.ResourceCommand):
    action = None

    def get_description(self):
        return f'{self.action.help.capitalize()} ({self.resource.name}).'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        if self.action.takes_id:
            self.add_id_argument(parser)
        if self.action.body:
            write.add_body_arguments(parser)
        if self.action.destructive:
            parser.add_argument('-y', '--yes', action='store_true',
                                help='do not ask for confirmation')
        return parser

    def take_action(self, parsed_args):
        ident = parsed_args.ident if self.action.takes_id else None
        payload = None
        if self.action.body:
            payload = body.build(parsed_args.file, parsed_args.set,
                                 self.app.stdin)
            validation.check(payload, self.action.schema,
                             what=f'{self.action.name} body')
        request = ApiRequest(self.action.method,
                             self.action.url_path(self.resource.path, ident),
                             body=payload)
        if self.action.destructive and not self.options.dry_run:
            target = f' {ident}' if ident is not None else ''
            prompt.confirm(
                f'{self.action.name} {self.resource.name}{target}?',
                self.app.stdin, self.app.stderr, parsed_args.yes)
        answer = self.send(request)
        if isinstance(answer, (dict, list)):
            printer = self.printer()
            if isinstance(answer, list):
                printer.records(answer, self.resource.table_columns)
            else:
                printer.record(answer)
