"""``<resource> list``: one page, every page (``--all``) or a count."""


from alegra import body
from alegra import command
from alegra import errors
from alegra import paging
from alegra.i18n import N_
from alegra.i18n import _
from alegra.request import ApiRequest
from alegra.verbs import base

ORDER_DIRECTIONS = ('ASC', 'DESC')


# --limit and --start.
_page_size = command.whole_number(N_('page size (1-30)'), 1, paging.MAX_PAGE)
_offset = command.whole_number(N_('offset (0 or more)'), 0)


class Query(base.ResourceCommand):
    """A verb that lists: filters, raw parameters and ordering as flags."""

    def add_query_arguments(self, parser):
        parser.add_argument('--start', type=_offset, default=0,
                            help=_('offset of the first record (default 0)'))
        query = parser.add_argument_group(_('filters'))
        query.add_argument('-q', '--query',
                           help=_('free-text search, as the API does it'))
        query.add_argument('--order-field', metavar='FIELD',
                           help=_('field to sort by, such as id or name'))
        query.add_argument('--order-direction', type=str.upper,
                           choices=ORDER_DIRECTIONS, help=_('ASC or DESC'))
        query.add_argument(
            '--param', action='append', default=[], metavar='KEY=VALUE',
            help=_('raw query parameter, sent as given; repeatable'))
        for filter_ in self.resource.filters:
            query.add_argument(
                filter_.option, dest=filter_.dest,
                help=_(filter_.help) or None,
                choices=filter_.choices or None,
                metavar=None if filter_.choices else 'VALUE')

    def query_params(self, parsed_args):
        """The query, raw ``--param`` first so that named flags win."""
        params = dict(body.split_assignment(text, '--param')
                      for text in parsed_args.param)
        named = {'query': parsed_args.query,
                 'order_field': parsed_args.order_field,
                 'order_direction': parsed_args.order_direction}
        for filter_ in self.resource.filters:
            named[filter_.param] = getattr(parsed_args, filter_.dest)
        params.update((key, value) for key, value in named.items()
                      if value is not None)
        return list(params.items())


class List(Query):
    verb_help = N_('List {name} ({summary}).')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_query_arguments(parser)
        group = parser.add_argument_group(_('paging'))
        group.add_argument(
            '--limit', type=_page_size, default=paging.MAX_PAGE,
            help=_('records per page, 1 to 30, the API maximum (default '
                   '30)'))
        what = group.add_mutually_exclusive_group()
        what.add_argument('--all', action='store_true',
                          help=_('walk every page from --start on'))
        what.add_argument('--count', action='store_true',
                          help=_('print only how many records match'))
        return parser

    def take_action(self, parsed_args):
        request = ApiRequest('GET', self.resource.path,
                             self.query_params(parsed_args))
        if parsed_args.count:
            return self._count(request)
        page = paging.with_params(request, start=parsed_args.start,
                                  limit=parsed_args.limit)
        if self.options.dry_run:
            self.show_dry_run(page)
            return errors.OK
        session = self.app.session()
        if parsed_args.all:
            records = paging.walk(session.send, request, parsed_args.start,
                                  parsed_args.limit,
                                  self.resource.id_field)
        else:
            records = paging.records_of(session.send(page), page)
        shown = self.printer().records(records, self.resource.table_columns)
        if not shown and self.settings.output == 'table':
            self.app.stderr.write(_('no {name} found').format(
                name=self.resource.name) + '\n')
        return errors.OK

    def _count(self, request):
        if self.options.dry_run:
            self.show_dry_run(paging.count_request(request))
            return errors.OK
        total = paging.count(self.app.session().send, request)
        self.printer().value(total)
        return errors.OK
