"""Reading the rows of an import file: CSV, JSON or JSON Lines.

CSV comes from spreadsheets: comma, semicolon or tab separated (detected),
quoted cells with newlines, in UTF-8, UTF-8 with a BOM, or the
Windows-1252 that Excel writes in Spanish locales (detected, or named with
``--encoding``).  Rows are numbered from 1, the first record after the
header, in every format.
"""

import csv
import dataclasses
import io

from alegra import errors
from alegra import jsonio

DELIMITERS = ',;\t'
FORMATS = ('csv', 'json', 'jsonl')


@dataclasses.dataclass
class Rows:
    """The records of a file: ``(number, record)`` pairs, and CSV headers."""

    format: str
    headers: list
    records: list


def decode(data, encoding=None):
    """Text from bytes: the encoding given, else UTF-8, else Windows-1252;
    a byte-order mark is dropped whichever encoding is named."""
    return _decode(data, encoding).removeprefix('\ufeff')


def _decode(data, encoding):
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise errors.UsageError(f'unknown encoding {encoding!r}') \
                from None
        except UnicodeDecodeError as exc:
            raise errors.InvalidInput(
                f'the file is not {encoding}: byte {exc.start} cannot be '
                'read') from None
    try:
        return data.decode('utf-8-sig')
    except UnicodeDecodeError:
        pass
    if _some_utf8(data):
        # Mostly UTF-8 with a few broken bytes: keep the good rows intact;
        # the rows with a replaced byte are reported failed, one by one.
        return data.decode('utf-8-sig', errors='replace')
    try:
        return data.decode('cp1252')
    except UnicodeDecodeError as exc:
        raise errors.InvalidInput(
            f'the file is neither UTF-8 nor Windows-1252 (byte {exc.start})',
            hint='name its encoding with --encoding') from None


def _some_utf8(data):
    """True when some line holds accented text that is valid UTF-8."""
    for line in data.splitlines():
        if max(line, default=0) > 0x7f:
            try:
                line.decode('utf-8')
                return True
            except UnicodeDecodeError:
                continue
    return False


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


def read(data, name=None, encoding=None, fmt=None):
    """Parse a whole import file (bytes) into :class:`Rows`."""
    text = decode(data, encoding)
    fmt = fmt or detect_format(name, text)
    if fmt == 'json':
        return _json(text)
    if fmt == 'jsonl':
        return _jsonl(text)
    return _csv(text)


def _delimiter(text):
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ''
        return max(DELIMITERS, key=header.count)


def _csv(text):
    if not text.strip():
        raise errors.InvalidInput('the file is empty')
    reader = csv.reader(io.StringIO(text, newline=''),
                        delimiter=_delimiter(text))
    try:
        headers = [header.strip() for header in next(reader)]
    except csv.Error as exc:
        raise errors.InvalidInput(f'the CSV header cannot be read: {exc}') \
            from None
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicated:
        raise errors.InvalidInput('the CSV header repeats '
                                  + ', '.join(duplicated))
    records = []
    number = 0
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            number += 1
            records.append((number, cells))
    except csv.Error as exc:
        raise errors.InvalidInput(
            f'row {number + 1}: the CSV cannot be read: {exc}') from None
    return Rows('csv', headers, records)


def _json(text):
    try:
        value = jsonio.loads(text)
    except ValueError as exc:
        raise errors.InvalidInput(f'the file is not valid JSON: {exc}') \
            from None
    if not isinstance(value, list):
        raise errors.InvalidInput('a JSON import file must hold an array of '
                                  'objects')
    return Rows('json', [], list(enumerate(value, start=1)))


def _jsonl(text):
    records = []
    for number, line in enumerate(
            (line for line in text.splitlines() if line.strip()), start=1):
        try:
            records.append((number, jsonio.loads(line)))
        except ValueError as exc:
            # Kept as a failed row, so one bad line loses no other row.
            records.append((number, errors.InvalidInput(
                f'not valid JSON: {exc}')))
    return Rows('jsonl', [], records)
