"""Reading the rows of an import file: CSV, JSON or JSON Lines.

CSV comes from spreadsheets: comma, semicolon or tab separated (detected),
quoted cells with newlines, in UTF-8, UTF-8 with a BOM, or the
Windows-1252 that Excel writes in Spanish locales (detected, or named with
``--encoding``).  Rows are numbered from 1, the first record after the
header, in every format.

An import file can be larger than memory, so CSV and JSON Lines are never
held whole: the file is read again for each pass instead.  A first pass
over its bytes, by chunks, settles the encoding (one byte that is not
UTF-8, anywhere, changes how every row reads), and each pass over
:attr:`Rows.records` then decodes and parses the file row by row.  A JSON
array is parsed whole: it cannot be read one record at a time without a
streaming JSON parser, and its records are held in memory.
"""

import codecs
import contextlib
import csv
import dataclasses
import io
import itertools

from alegra import errors
from alegra import jsonio
from alegra.i18n import _

DELIMITERS = ',;\t'
FORMATS = ('csv', 'json', 'jsonl')
CHUNK = 1 << 16
SAMPLE = 65536
# Longest piece of a line the encoding check looks at in one go.
LINE_LIMIT = 1 << 20


@dataclasses.dataclass
class Rows:
    """The records of a file, and its CSV headers.

    ``records`` yields ``(number, record)`` pairs; where the file is read
    as a stream, each iteration reads it again from the start.
    """

    format: str
    headers: list
    records: object

    def count(self):
        return sum(1 for _record in self.records)


class Records:
    """Records read afresh from the file on each iteration, never held."""

    def __init__(self, read, *args):
        self._read = read
        self._args = args

    def __iter__(self):
        return self._read(*self._args)


def choose_encoding(source, encoding=None):
    """``(codec, errors)`` to decode the binary file ``source`` with.

    The encoding given, else UTF-8, else Windows-1252.  Passes over the
    bytes by chunks check that the whole file decodes, so that no row is
    imported from a file that turns out unreadable further on.  A file
    that is mostly UTF-8 with a few broken bytes stays UTF-8: its good
    rows read intact, and the rows with a replaced byte are reported
    failed, one by one (see :data:`alegra.bulk.mapping.REPLACED`).
    """
    if encoding:
        bad = _first_bad_byte(source, encoding)
        if bad is not None:
            raise errors.InvalidInput(
                _('the file is not {encoding}: byte {offset} cannot be '
                  'read').format(encoding=encoding, offset=bad))
        return encoding, 'strict'
    if _first_bad_byte(source, 'utf-8') is None:
        return 'utf-8-sig', 'strict'
    if _some_utf8(source):
        return 'utf-8-sig', 'replace'
    bad = _first_bad_byte(source, 'cp1252')
    if bad is not None:
        raise errors.InvalidInput(
            _('the file is neither UTF-8 nor Windows-1252 (byte {offset})')
            .format(offset=bad),
            hint=_('name its encoding with --encoding'))
    return 'cp1252', 'strict'


def _chunks(source):
    source.seek(0)
    return iter(lambda: source.read(CHUNK), b'')


def _first_bad_byte(source, encoding):
    """The offset of the first byte ``encoding`` cannot read, or None."""
    try:
        # The check that reading the text will make (rot13 is no text).
        io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    except LookupError:
        raise errors.UsageError(_('unknown encoding {encoding}').format(
            encoding=repr(encoding))) from None
    decoder = codecs.getincrementaldecoder(encoding)()
    fed = 0
    for chunk in itertools.chain(_chunks(source), [None]):
        # Bytes of a character cut by the chunk's end wait in the decoder.
        waiting = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk or b'', final=chunk is None)
        except UnicodeDecodeError as exc:
            return fed - waiting + exc.start
        fed += len(chunk or b'')
    return None


def _byte_lines(source):
    """The file's lines as bytes; a line longer than LINE_LIMIT comes in
    pieces."""
    rest = b''
    for chunk in _chunks(source):
        lines = (rest + chunk).splitlines(keepends=True)
        rest = lines.pop()  # perhaps not whole yet
        if len(rest) > LINE_LIMIT:
            lines.append(rest)
            rest = b''
        yield from lines
    if rest:
        yield rest


def _some_utf8(source):
    """True when some line holds accented text that is valid UTF-8."""
    for line in _byte_lines(source):
        if not line.isascii():
            try:
                line.decode('utf-8')
                return True
            except UnicodeDecodeError:
                continue
    return False


@contextlib.contextmanager
def _opened(source, codec, handling):
    """The binary file as text from its start; ``source`` stays open."""
    source.seek(0)
    stream = io.TextIOWrapper(source, encoding=codec, errors=handling,
                              newline='')
    try:
        yield stream
    finally:
        if not source.closed:  # a generator closed after its file
            stream.detach()


def _text_lines(source, codec, handling):
    """The file's lines as text, without a byte-order mark."""
    with _opened(source, codec, handling) as stream:
        first = stream.readline()
        if first:
            yield first.removeprefix('\ufeff')
        # Not ``yield from``: closing this generator would close the stream
        # and, with it, the caller's file.
        for line in stream:  # noqa: UP028
            yield line


def detect_format(name, text):
    lowered = (name or '').lower()
    for suffix, found in (('.jsonl', 'jsonl'), ('.ndjson', 'jsonl'),
                          ('.json', 'json'), ('.csv', 'csv'),
                          ('.tsv', 'csv'), ('.txt', 'csv')):
        if lowered.endswith(suffix):
            return found
    start = text.lstrip()[:1]
    if start == '[':
        return 'json'
    if start == '{':
        return 'jsonl'
    return 'csv'


def read(source, name=None, encoding=None, fmt=None):
    """The :class:`Rows` of an import file.

    ``source`` is a seekable binary file (or bytes); it must stay open
    while the records are read.
    """
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    codec, handling = choose_encoding(source, encoding)
    with _opened(source, codec, handling) as stream:
        sample = stream.read(SAMPLE).removeprefix('\ufeff')
        whole = not stream.read(1)
    fmt = fmt or detect_format(name, sample)
    if fmt == 'json':
        return _json(source, codec, handling)
    if fmt == 'jsonl':
        return Rows('jsonl', [], Records(_jsonl, source, codec, handling))
    if whole and not sample.strip():
        raise errors.InvalidInput(_('the file is empty'))
    return _csv(source, codec, handling, _delimiter(sample))


def _delimiter(sample):
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ''
        return max(DELIMITERS, key=header.count)


def _csv(source, codec, handling, delimiter):
    lines = _text_lines(source, codec, handling)
    try:
        headers = [header.strip() for header in
                   next(csv.reader(lines, delimiter=delimiter), [])]
    except csv.Error as exc:
        raise errors.InvalidInput(_('the CSV header cannot be read: '
                                    '{reason}').format(reason=exc)) \
            from None
    finally:
        lines.close()
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicated:
        raise errors.InvalidInput(_('the CSV header repeats {columns}')
                                  .format(columns=', '.join(duplicated)))
    return Rows('csv', headers,
                Records(_csv_records, source, codec, handling, delimiter))


def _csv_records(source, codec, handling, delimiter):
    lines = _text_lines(source, codec, handling)
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    try:
        next(reader, None)  # the header
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            number += 1
            yield number, cells
    except csv.Error as exc:
        raise errors.InvalidInput(
            _('row {number}: the CSV cannot be read: {reason}').format(
                number=number + 1, reason=exc)) from None
    finally:
        lines.close()


def _json(source, codec, handling):
    with _opened(source, codec, handling) as stream:
        text = stream.read().removeprefix('\ufeff')
    try:
        value = jsonio.loads(text)
    except ValueError as exc:
        raise errors.InvalidInput(_('the file is not valid JSON: {reason}')
                                  .format(reason=exc)) from None
    if not isinstance(value, list):
        raise errors.InvalidInput(_('a JSON import file must hold an array '
                                    'of objects'))
    return Rows('json', [], list(enumerate(value, start=1)))


def _jsonl(source, codec, handling):
    number = 0
    for line in _text_lines(source, codec, handling):
        if not line.strip():
            continue
        number += 1
        try:
            record = jsonio.loads(line)
        except ValueError as exc:
            # Kept as a failed row, so one bad line loses no other row.
            record = errors.InvalidInput(_('not valid JSON: {reason}')
                                         .format(reason=exc))
        yield number, record
