"""Server text made safe to show: secrets redacted, terminal controls escaped.

Whatever a server sends back (an error message, a record field) may echo
our own ``Authorization`` header, or hold control characters that clear
the screen, ring the bell, rewrite a line or reorder text (Trojan Source).
This is the one place that knows the process's secrets, registered when
the settings hand out a token (:attr:`alegra.config.Settings.token`), and
the one place that escapes controls; the output formats and the ``Error:``
line call it.  Controls are escaped for the terminal only: JSON, YAML and
CSV keep the data exactly (JSON escapes controls itself).
"""

import re

REDACTED = '<redacted>'
# A shorter value would redact ordinary words (the sandbox's token is
# ``sandbox``, part of its e-mail address); Alegra's tokens are 20 long.
MIN_SECRET = 8

# Any credential of these schemes, ours or not.  A ``Basic`` value is only
# taken for one when it decodes to ``user:password`` text, so that
# "Basic Responsabilidades" in a record stays.
_SCHEME_WORDS = r'(?i:basic|bearer)'
_BASIC = re.compile(r'\b((?i:basic)\s+)([A-Za-z0-9+/]+={0,2})'
                    r'(?![A-Za-z0-9+/=])')
_BEARER = re.compile(r'\b((?i:bearer)\s+)[A-Za-z0-9._~+/-]{16,}=*')
# C0 and C1 controls but tab and newline, DEL, the bidi embeddings,
# overrides, isolates and marks, and lone surrogates (not encodable).
_CONTROLS = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f'
                       '\u202a-\u202e\u2066-\u2069\ud800-\udfff]')

_secrets = set()
_secret_pattern = None
# What a text must hold to need redacting: one search, the common case.
_suspect = re.compile(_SCHEME_WORDS)


def add_credentials(email, token):
    """Remember a token, and its ``Basic`` form, so it is never shown."""
    global _secret_pattern, _suspect
    import base64

    values = set()
    if token and len(token) >= MIN_SECRET:
        values.add(token)
    if token and email:
        for encoding in ('utf-8', 'latin-1'):
            try:
                pair = f'{email}:{token}'.encode(encoding)
            except UnicodeEncodeError:
                continue
            values.add(base64.b64encode(pair).decode('ascii'))
    if values <= _secrets:
        return
    _secrets.update(values)
    # Longest first, so a secret inside another never leaves a tail.
    _secret_pattern = re.compile('|'.join(
        re.escape(value) for value in sorted(_secrets, key=len,
                                             reverse=True)))
    _suspect = re.compile(f'{_secret_pattern.pattern}|{_SCHEME_WORDS}')


def redact(text):
    """``text`` with known secrets and any Basic/Bearer credential hidden."""
    if not _suspect.search(text):
        return text
    if _secret_pattern is not None:
        text = _secret_pattern.sub(REDACTED, text)
    text = _BASIC.sub(_basic, text)
    return _BEARER.sub(lambda match: match.group(1) + REDACTED, text)


def _basic(match):
    import base64
    import binascii

    try:
        decoded = base64.b64decode(match.group(2), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return match.group(0)
    if ':' not in decoded or not decoded.isprintable():
        return match.group(0)
    return match.group(1) + REDACTED


def redact_data(value):
    """A decoded JSON value with every string (keys too) redacted; the
    value itself when it holds nothing to redact, as most records do."""
    return _redacted(value) if _suspected(value) else value


def _suspected(value):
    if isinstance(value, str):
        return _suspect.search(value) is not None
    if isinstance(value, dict):
        return any(_suspected(key) or _suspected(item)
                   for key, item in value.items())
    if isinstance(value, list):
        return any(_suspected(item) for item in value)
    return False


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(key) if isinstance(key, str) else key:
                _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


def escape_controls(text):
    """Controls shown as ``\\x1b`` or ``\\u202e``; ñ, á, ¿ untouched."""
    return _CONTROLS.sub(_escaped, text)


def _escaped(match):
    code = ord(match.group())
    return f'\\x{code:02x}' if code < 0x100 else f'\\u{code:04x}'


def for_terminal(text):
    """Server text fit for a terminal: redacted, controls escaped."""
    return escape_controls(redact(text))
