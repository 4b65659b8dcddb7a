"""Prompts: the everyday questions, each a short instruction naming tools.

A prompt is offered while the server offers every tool it names (a
``--read-only`` server keeps them all; a ``--deny`` of
``alegra_invoices_list`` drops the two about invoices).  Dates are
worked out on the server's clock, so the model gets exact filters.
"""

import calendar
import dataclasses
import datetime
import re

from alegra.i18n import N_
from alegra.i18n import _


class BadArgument(ValueError):
    """A prompt argument that cannot be used, with the reason."""


@dataclasses.dataclass(frozen=True)
class Argument:
    """A prompt's argument; ``description`` is marked with ``N_`` and
    translated where it is shown."""

    name: str
    description: str
    required: bool = False


@dataclasses.dataclass(frozen=True)
class Prompt:
    """A prompt; ``title`` and ``description`` are marked with ``N_`` and
    translated where they are shown."""

    name: str
    title: str
    description: str
    tools: tuple
    arguments: tuple
    render: object  # (arguments, today) -> text, in this run's language


def _month(text, today):
    """The first and last day of ``YYYY-MM``, or of this month."""
    if text:
        if not re.fullmatch(r'\d{4}-\d{2}', text):
            raise BadArgument(_('month: {value!r} is not YYYY-MM').format(
                value=text))
        try:
            first = datetime.date.fromisoformat(text + '-01')
        except ValueError:
            raise BadArgument(_('month: {value!r} is not a month').format(
                value=text)) from None
    else:
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year,
                                                 first.month)[1])
    return first.isoformat(), last.isoformat()


def _day(text, today, name):
    if not text:
        return today
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadArgument(_('{name}: {value!r} is not YYYY-MM-DD').format(
            name=name, value=text)) from None


def _exact():
    return _('Add amounts exactly, as decimals, from the text the tools '
             'answer (it keeps the digits the API sent).')


def _open_invoices(arguments, today):
    since, until = _month(arguments.get('month'), today)
    return _(
        'List the open invoices in Alegra dated {since} to {until}, and the '
        'total of their balances. Call alegra_invoices_list with '
        'status=open, since={since}, until={until} and limit=30; while a '
        'page comes back with 30, call it again with start=30, 60, and so '
        "on. Show each invoice's number (numberTemplate.fullNumber, else "
        'its id), date, client name and balance, then how many there are '
        'and the sum of their balances.').format(
            since=since, until=until) + ' ' + _exact()


def _overdue(arguments, today):
    as_of = _day(arguments.get('as_of'), today, 'as_of')
    before = (as_of - datetime.timedelta(days=1)).isoformat()
    return _(
        'Find the clients with overdue invoices in Alegra: open invoices '
        'due before {as_of}. Call alegra_invoices_list with status=open, '
        'due_until={before} and limit=30; while a page comes back with 30, '
        'call it again with start=30, 60, and so on. Group the invoices by '
        'client (client.id, client.name); for each client give the number '
        'of overdue invoices, the oldest due date and the total balance, '
        "the largest total first. For a client's email or phone, call "
        "alegra_contacts_get with the client's id.").format(
            as_of=as_of.isoformat(), before=before) + ' ' + _exact()


def _stock(arguments, _today):
    item = (arguments.get('item') or '').strip()
    if not item:
        raise BadArgument(_("item: give the item's name, reference or id"))
    if item.isdigit():
        find = _('Call alegra_items_stock with id={item!r}.').format(
            item=item)
    else:
        find = _('Find the item with alegra_items_list, name={item!r} (or '
                 'reference={item!r} for a code); if several match, list '
                 'them and ask which one is meant. Then call '
                 'alegra_items_stock with its id.').format(item=item)
    return _('Report the stock of the item {item!r} in Alegra. {find} Give '
             'the available quantity with its unit, per warehouse when the '
             'answer lists warehouses.').format(item=item, find=find)


PROMPTS = (
    Prompt('open_invoices_this_month',
           N_("This month's open invoices and their total balance"),
           N_('The open invoices of a month (this one by default) and the '
              'sum of their balances.'),
           ('alegra_invoices_list',),
           (Argument('month', N_('YYYY-MM; default: this month')),),
           _open_invoices),
    Prompt('clients_with_overdue_invoices',
           N_('Clients with overdue invoices'),
           N_('The clients whose open invoices are past their due date, '
              'with what each owes.'),
           ('alegra_invoices_list', 'alegra_contacts_get'),
           (Argument('as_of', N_('YYYY-MM-DD; overdue before this day '
                                 '(default: today)')),),
           _overdue),
    Prompt('item_stock', N_('Stock of an item'),
           N_('How many units of an item are in stock, per warehouse.'),
           ('alegra_items_list', 'alegra_items_stock'),
           (Argument('item', N_("the item's name, reference or id"),
                     required=True),),
           _stock),
)


def offered(bridge):
    """The prompts whose tools the server offers."""
    names = {spec.name for spec in bridge.visible()}
    return [prompt for prompt in PROMPTS
            if all(tool in names for tool in prompt.tools)]


def render(bridge, name, arguments, today=None):
    """``(prompt, text)``; LookupError for a prompt not offered,
    :class:`BadArgument` for an argument that cannot be used."""
    prompt = next((prompt for prompt in offered(bridge)
                   if prompt.name == name), None)
    if prompt is None:
        raise LookupError(_('no prompt {name!r} on this server').format(
            name=name))
    return prompt, prompt.render(arguments or {},
                                 today or datetime.date.today())
