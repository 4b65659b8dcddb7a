"""What every resource verb shares: its resource and its id argument."""

import argparse

from alegra import command
from alegra import errors
from alegra import registry
from alegra import request


def record_id(text):
    """An id argument: refused at parse time (exit 2) when it could not be
    one path segment, so nothing is sent or confirmed for it."""
    try:
        return request.check_id(text)
    except errors.UsageError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


class ResourceCommand(command.AlegraCommand):
    """A verb bound to one :class:`~alegra.registry.Resource`."""

    resource = None
    verb_help = ''

    def get_description(self):
        return self.verb_help.format(name=self.resource.name,
                                     summary=self.resource.summary)

    def get_epilog(self):
        """Say which package a third-party plugin's command comes from."""
        dist = registry.distribution_of(self.resource.name)
        if dist and dist != 'alegra':
            return f'This command is provided by the {dist} plugin.'
        return ''

    def add_id_argument(self, parser):
        if self.resource.singleton:
            parser.set_defaults(ident=None)
            return
        field = self.resource.id_field
        parser.add_argument(
            'ident', metavar=field.upper(), type=record_id,
            help=f'the {field} of the {self.resource.name} record')
