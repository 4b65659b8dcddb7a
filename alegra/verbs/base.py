"""What every resource verb shares: its resource and its id argument."""

import argparse

from alegra import command
from alegra import errors
from alegra import registry
from alegra import request
from alegra.i18n import _


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
    # An ``N_()`` template with ``{name}`` and ``{summary}``, translated
    # when the help is shown.
    verb_help = ''

    def get_description(self):
        return _(self.verb_help).format(name=self.resource.name,
                                        summary=_(self.resource.summary))

    def get_epilog(self):
        """Say which package a third-party plugin's command comes from."""
        dist = registry.distribution_of(self.resource.name)
        if dist and dist != 'alegra':
            return command.provided_by(dist)
        return ''

    def add_id_argument(self, parser):
        if self.resource.singleton:
            parser.set_defaults(ident=None)
            return
        field = self.resource.id_field
        parser.add_argument(
            'ident', metavar=field.upper(), type=record_id,
            help=_('the {field} of the {name} record').format(
                field=field, name=self.resource.name))
