"""Writing a file so that a crash never leaves half of it.

Everything alegra writes for the user (exports, PDFs, reports, the config)
goes to a temporary file in the same directory, which replaces the target
only once it is complete; on any failure the temporary file is removed and
the previous file, if any, is untouched.
"""

import contextlib
import os
import tempfile

from alegra import errors


@contextlib.contextmanager
def atomic_writer(path, binary=False, mode=0o644):
    """A stream whose content becomes ``path`` when the block succeeds."""
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
