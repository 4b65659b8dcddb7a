"""Reading the user's input files, and writing files that a crash never
leaves half written.

Everything alegra writes for the user (exports, PDFs, reports, the config)
goes to a temporary file in the same directory, which replaces the target
only once it is complete; on any failure the temporary file is removed and
the previous file, if any, is untouched.
"""

import contextlib
import os

from alegra import errors


def read_input(path, stdin):
    """The bytes of an input file, or of stdin for ``-``."""
    try:
        if path == '-':
            if hasattr(stdin, 'buffer'):
                return stdin.buffer.read()
            return stdin.read().encode('utf-8')
        with open(path, 'rb') as handle:
            return handle.read()
    except OSError as exc:
        raise errors.InvalidInput(f'cannot read {path}: {exc.strerror}') \
            from None


@contextlib.contextmanager
def atomic_writer(path, binary=False, mode=0o644):
    """A stream whose content becomes ``path`` when the block succeeds."""
    import tempfile  # only writers pay for it, not every command's start

    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix='.' + os.path.basename(path) + '.')
    except OSError as exc:
        raise errors.UsageError(f'cannot write {path}: {exc.strerror}') \
            from None
    try:
        if binary:
            stream = os.fdopen(handle, 'wb')
        else:
            stream = os.fdopen(handle, 'w', encoding='utf-8', newline='')
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
