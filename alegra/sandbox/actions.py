"""What a plugin's action does in the sandbox: what the action declares.

An :class:`~alegra.registry.Action` states its effect on its record as
data (``sets``, ``answer``, ``upload``, ``emits``), as a small callable
(``effect``), or by naming an effect only the sandbox can carry out
(``effect='email'``, ``effect='transfer'``).  This module reads those
declarations and knows no resource or action by name, so a third-party
plugin's action does here what its declaration says, as the built-in ones
do.  The books may refuse an action before it runs
(``books.check_action``) and keep their accounts after it
(``books.after_action``).
"""

import copy

from alegra.sandbox import books


def run(sandbox, resource, action, ident, record, payload):
    """Carry ``action`` out on the record ``ident`` (``record`` is it, or
    None when the action takes no id) and return the answer.

    A record the effect changed is saved and announced with an ``edit``
    webhook; a batch (``{"ids": [...]}``) acts on each record it names
    and answers them as a list, or, when one does not exist, is refused
    whole with a 404, as a refusal of the books leaves it undone.
    """
    if action.method == 'GET':
        return _answer(action, None, record)
    if record is None and not action.batch:
        return _answer(action, _effect(sandbox, action, None, payload), None)
    # The books' lock keeps other writes out from the first read to the
    # last change; every record is checked before any is changed, so
    # that a refusal leaves a batch undone.
    with sandbox.books.lock:
        if action.batch:
            targets = _batch(sandbox.store, resource, payload)
        else:
            # Read again: a write may have come since the server's read.
            targets = [(ident, sandbox.store.get(resource.name, ident) or
                        record)]
        for _, target in targets:
            sandbox.books.check_action(resource.name, action.name, target)
        answers = [_carry_out(sandbox, resource, action, target_id, target,
                              payload) for target_id, target in targets]
    if not action.batch:
        return answers[0]
    return copy.deepcopy(action.answer) if action.answer is not None \
        else answers


def _batch(store, resource, payload):
    """``(id, record)`` for each distinct id of the body; an id with no
    record refuses the batch."""
    ids = (payload or {}).get('ids')
    found, seen = [], set()
    for ident in ids if isinstance(ids, list) else []:
        if isinstance(ident, (dict, list)) or str(ident) in seen:
            continue
        seen.add(str(ident))
        record = store.get(resource.name, ident)
        if record is None:
            raise books.Refused(404, f'No se encontró el recurso {ident} '
                                     f'en {resource.path}')
        found.append((str(ident), record))
    return found


def _carry_out(sandbox, resource, action, ident, record, payload):
    before = copy.deepcopy(record)
    result = _effect(sandbox, action, record, payload)
    if record != before:
        sandbox.store.replace(resource.name, ident, record)
    sandbox.books.after_action(resource.name, action.name, before, record)
    # Read back: the books may have changed the record after the effect.
    after = sandbox.store.get(resource.name, ident)
    if after != before:
        sandbox.webhooks.publish(resource.name, 'edit', after)
    return _answer(action, None if result is record else result, after)


def _effect(sandbox, action, record, payload):
    """Apply what ``action`` declares to ``record`` in place; the answer
    its effect gives, if any."""
    if record is not None:
        if action.sets:
            record.update(copy.deepcopy(action.sets))
        if action.upload:
            _attach(record, payload)
        if action.emits:
            _stamp(record)
    if callable(action.effect):
        return action.effect(record, payload)
    if action.effect is not None:
        return NAMED_EFFECTS[action.effect](sandbox, record, payload)
    return None


def _answer(action, result, record):
    """The declared answer, else the effect's, else the record, else a
    confirmation."""
    if action.answer is not None:
        return copy.deepcopy(action.answer)
    if result is not None:
        return result
    if record is not None:
        return record
    return {'code': 200, 'message': f'{action.name}: aceptado por el '
                                    'sandbox'}


def _attach(record, upload):
    """The uploaded file's name and size (the file is not kept)."""
    attachments = list(record.get('attachments') or [])
    attachments.append({'id': str(len(attachments) + 1), **upload})
    record['attachments'] = attachments


def _stamp(record):
    """What an emission adds, with made-up authority codes."""
    record['stamp'] = {'legalStatus': 'STAMPED_AND_ACCEPTED',
                       'cufe': f"sandbox-{record.get('id')}",
                       'date': record.get('date')}
    if record.get('status') == 'draft':
        record['status'] = 'open'


def _email(sandbox, record, payload):
    """Record the email in the outbox; nothing is sent."""
    sandbox.store.record_outbox('email', {
        'document': record.get('id') if record is not None else None,
        'request': payload or {}})


def _transfer(sandbox, record, payload):
    return sandbox.books.transfer(record, payload)


# The effects registry.SANDBOX_EFFECTS names.
NAMED_EFFECTS = {'email': _email, 'transfer': _transfer}
