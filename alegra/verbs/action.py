"""``<resource> <action> [ID]``: a plugin's resource-specific requests.

An :class:`~alegra.registry.Action` is data (name, path, whether it takes
an id, a body, a file or a batch of ids, whether it destroys or emits);
this one class serves them all.
"""

import os

from alegra import body
from alegra import errors
from alegra import i18n
from alegra import ledger
from alegra import paging
from alegra import prompt
from alegra import validation
from alegra.i18n import _
from alegra.request import ApiRequest
from alegra.verbs import base
from alegra.verbs import write


class RunAction(base.ResourceCommand):
    action = None

    def get_description(self):
        text = _(self.action.help)
        return f'{text[:1].upper()}{text[1:]} ({self.resource.name}).'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        action = self.action
        if action.batch:
            parser.add_argument('ids', nargs='+', metavar='ID',
                                type=base.record_id,
                                help=_('ids, {count} per request').format(
                                    count=action.batch))
        elif action.takes_id:
            self.add_id_argument(parser)
        if action.upload:
            parser.add_argument('upload', metavar='FILE',
                                help=_('the file to attach'))
        if action.body:
            write.add_body_arguments(parser)
        if action.destructive or action.emits:
            parser.add_argument('-y', '--yes', action='store_true',
                                help=_('do not ask for confirmation'))
        if action.emits:
            parser.add_argument(
                '--force', action='store_true',
                help=_('emit even ids this machine already sent for '
                       'emission (check them in Alegra first)'))
        return parser

    def take_action(self, parsed_args):
        action = self.action
        ids = parsed_args.ids if action.batch else \
            [getattr(parsed_args, 'ident', None)]
        if action.emits:
            ids = self._not_emitted(ids, parsed_args.force)
        payload = self._payload(parsed_args)
        upload = _read_upload(parsed_args.upload) if action.upload else None
        if (action.destructive or action.emits) and \
                not self.options.dry_run:
            prompt.confirm(self._question(ids), self.app.stdin,
                           self.app.stderr, parsed_args.yes)
        emitting = action.emits and not self.options.dry_run
        for request, chunk in self._requests(ids, payload, upload):
            if not emitting:
                self._show(self.send(request), request)
                continue
            self._ledger().record(chunk)
            try:
                answer = self.send(request)
            except errors.AlegraError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    self._ledger().refused(chunk)
                raise
            self._warn_unanswered(chunk, answer)
            self._show(answer, request)
        return errors.OK

    def _warn_unanswered(self, chunk, answer):
        """Name the ids an emission's list answer leaves out: perhaps not
        emitted, yet kept in the ledger, as nothing says they were not."""
        if not isinstance(answer, list) or not all(
                isinstance(record, dict) for record in answer):
            return
        answered = {str(record.get('id')) for record in answer}
        missing = [str(ident) for ident in chunk
                   if str(ident) not in answered]
        if missing:
            self.app.warn(_('the answer does not include {ids}: check them '
                            'in Alegra before emitting them again with '
                            '--force').format(ids=', '.join(missing)))

    def _question(self, ids):
        """``void invoices 12 13?``: the command, as typed, to confirm."""
        shown = ' '.join(str(ident) for ident in ids if ident)
        if shown:
            return _('{action} {name} {ids}?').format(
                action=self.action.name, name=self.resource.name, ids=shown)
        return _('{action} {name}?').format(action=self.action.name,
                                            name=self.resource.name)

    def _payload(self, parsed_args):
        if not self.action.body:
            return None
        payload = body.build(parsed_args.file, parsed_args.set,
                             self.app.stdin, self.action.schema)
        validation.check(payload, self.action.schema,
                         what=_('{name} body').format(
                             name=self.action.name))
        return payload

    def _requests(self, ids, payload, upload):
        action = self.action
        if action.batch:
            for start in range(0, len(ids), action.batch):
                chunk = ids[start:start + action.batch]
                yield ApiRequest(action.method, action.url_path(
                    self.resource.path), body={'ids': chunk}), chunk
            return
        ident = ids[0]
        yield ApiRequest(action.method, action.url_path(self.resource.path,
                                                        ident),
                         body=payload, upload=upload), [ident]

    def _ledger(self):
        settings = self.settings
        return ledger.EmissionLedger(settings.base_url, settings.email,
                                     self.resource.name, self.app.environ)

    def _not_emitted(self, ids, force):
        if force:
            return ids
        again = [str(ident) for ident in ids
                 if str(ident) in self._ledger().emitted()]
        if again:
            raise errors.UsageError(
                _('already sent for emission from this machine: {ids}')
                .format(ids=', '.join(again)),
                hint=_('check them in Alegra; --force emits them anyway'))
        return ids

    def _show(self, answer, request):
        """Print a record or a list of them; an empty answer is fine, any
        other is a ServerError."""
        if self.action.show and isinstance(answer, dict):
            answer = answer.get(self.action.show)
        if isinstance(answer, list):
            self.printer().records(paging.records_of(answer, request),
                                   self.resource.table_columns)
            return
        record = paging.record_of(answer, request)
        if record is not None:
            self.printer().record(record)


def _read_upload(path):
    try:
        with open(path, 'rb') as handle:
            return 'file', os.path.basename(path), handle.read()
    except OSError as exc:
        raise errors.InvalidInput(_('cannot read {path}: {reason}').format(
            path=path, reason=i18n.strerror(exc))) from None
