"""What every resource verb shares: its resource and its id argument."""

from alegra import command
from alegra import registry


class ResourceCommand(command.AlegraCommand):
    """A verb bound to one :class:`~alegra.registry.Resource`."""

    resource = None
    verb_help = ''

    def get_description(self):
        return self.verb_help.format(name=self.resource.name,
                                     summary=self.resource.summary)

    def get_epilog(self):
        """Say which package a third-party plugin's command comes from."""
        dist = registry.DISTRIBUTIONS.get(self.resource.name)
        if dist and dist != 'alegra':
            return f'This command is provided by the {dist} plugin.'
        return ''

    def add_id_argument(self, parser):
        if self.resource.singleton:
            parser.set_defaults(ident=None)
            return
        field = self.resource.id_field
        parser.add_argument(
            'ident', metavar=field.upper(),
            help=f'the {field} of the {self.resource.name} record')
