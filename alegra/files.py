"""Reading the user's input files, and writing files that a crash never
leaves half written.

Everything alegra writes for the user (exports, PDFs, reports, the config)
goes to a temporary file in the same directory, which replaces the target
only once it is complete; on any failure (SIGINT and SIGTERM included, see
:func:`alegra.shell.main`) the temporary file is removed and the previous
file, if any, is untouched.  The file ends with the mode ``open`` would
give it (0666 less the umask), or keeps the mode of the file it replaces,
unless the caller asks for one (0600 for the config and other private
files).
"""

import contextlib
import os
import stat

from alegra import errors
from alegra import i18n
from alegra.i18n import _


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
        raise _cannot_read(path, exc) from None


def open_input(path, stdin):
    """An input file opened to be read more than once, by chunks.

    What cannot seek (stdin for ``-``, a pipe) is first copied by chunks to
    a temporary file, which disappears when closed.  The caller closes
    what this returns.
    """
    try:
        if path != '-':
            source = open(path, 'rb')
            if source.seekable():
                return source
            with source:
                return _copy(source.read)
        if hasattr(stdin, 'buffer'):
            return _copy(stdin.buffer.read)
        return _copy(lambda size: stdin.read(size).encode('utf-8'))
    except OSError as exc:
        raise _cannot_read(path, exc) from None


def _cannot_read(path, exc):
    return errors.InvalidInput(_('cannot read {path}: {reason}').format(
        path=path, reason=i18n.strerror(exc)))


def _copy(read):
    """A temporary file holding all that ``read(size)`` gives."""
    import tempfile  # only piped imports pay for it

    copy = tempfile.TemporaryFile()
    for chunk in iter(lambda: read(1 << 16), b''):
        copy.write(chunk)
    copy.seek(0)
    return copy


@contextlib.contextmanager
def atomic_writer(path, binary=False, mode=None):
    """A stream whose content becomes ``path`` when the block succeeds.

    ``mode`` fixes the file's permissions; without it see :func:`_settle`.
    """
    import tempfile  # only writers pay for it, not every command's start

    if os.path.isdir(path):
        raise errors.UsageError(
            _('cannot write {path}: it is a directory').format(path=path))
    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix='.' + os.path.basename(path) + '.')
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        if binary:
            stream = os.fdopen(handle, 'wb')
        else:
            stream = os.fdopen(handle, 'w', encoding='utf-8', newline='')
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        try:
            _settle(temporary, path, mode)
            os.replace(temporary, path)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _cannot_write(path, exc):
    return errors.UsageError(_('cannot write {path}: {reason}').format(
        path=path, reason=i18n.strerror(exc)))


def _settle(temporary, path, mode):
    """Give the finished temporary file the permissions ``path`` should
    have: ``mode`` when given, else those of the file it replaces (and its
    owner, where the system allows), else 0666 less the umask."""
    if mode is None:
        try:
            previous = os.stat(path)
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        else:
            mode = stat.S_IMODE(previous.st_mode)
            if hasattr(os, 'chown'):
                with contextlib.suppress(OSError):
                    os.chown(temporary, previous.st_uid, previous.st_gid)
    os.chmod(temporary, mode)


def umask():
    """The process's umask.

    Linux shows it in ``/proc``; elsewhere it can only be read by setting
    it and putting it back, which a thread creating a file at that very
    moment could notice: acceptable for a command-line tool.
    """
    try:
        with open('/proc/self/status', encoding='ascii') as status:
            for line in status:
                if line.startswith('Umask:'):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
