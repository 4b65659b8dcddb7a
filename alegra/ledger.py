"""The local record of electronic emissions, so nothing is emitted twice.

Stamping an invoice sends it to the tax authority (DIAN, SAT, SUNAT...);
Alegra has no idempotency key, and emitting twice is a real-world mess.
Every id alegra asks to emit, per account and resource, is written here
before the request leaves; a later ``stamp`` of the same id is refused
unless ``--force`` says the user checked it in Alegra first.  Only a
definite refusal (a 4xx answer: nothing was emitted) takes the ids off
again; a lost answer or a 5xx leaves them on, since the emission may
have happened.

The file is append-only JSON lines, ``{"id": ..., "at": ...}`` for a
sending and ``{"id": ..., "at": ..., "refused": true}`` for a refusal;
the last line of an id decides.
"""

import hashlib
import json
import os
import time

from alegra import paths


class EmissionLedger:
    def __init__(self, base_url, email, resource, environ=os.environ):
        key = hashlib.sha256(f'{base_url}\n{email}\n{resource}'.encode()) \
            .hexdigest()[:24]
        self.path = os.path.join(paths.cache_home(environ), 'emitted',
                                 f'{key}.jsonl')

    def emitted(self):
        """Ids sent for emission before, from this machine, and not
        refused since."""
        found = set()
        try:
            with open(self.path, encoding='utf-8') as handle:
                for line in handle:
                    try:
                        entry = json.loads(line)
                        ident = str(entry['id'])
                    except (ValueError, KeyError, TypeError):
                        continue
                    if isinstance(entry, dict) and entry.get('refused'):
                        found.discard(ident)
                    else:
                        found.add(ident)
        except FileNotFoundError:
            pass
        return found

    def record(self, ids):
        """Write ``ids`` down as sent for emission (before sending)."""
        self._append(ids, {})

    def refused(self, ids):
        """Take ``ids`` off: the API refused them, nothing was emitted."""
        self._append(ids, {'refused': True})

    def _append(self, ids, extra):
        os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
        with open(self.path, 'a', encoding='utf-8') as handle:
            for ident in ids:
                handle.write(json.dumps({'id': str(ident), 'at': time.time(),
                                         **extra}) + '\n')
            handle.flush()
            os.fsync(handle.fileno())
