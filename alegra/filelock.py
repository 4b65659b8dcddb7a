"""An exclusive lock on an open file, across every ``alegra`` process.

Files that several processes use at once (the rate limiter's shared state,
an import's journal) are guarded with ``flock`` (``msvcrt.locking`` on
Windows).  The system drops such a lock when its process ends, however it
ends, so a crash never leaves a file locked.
"""

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt


def lock(handle, wait=True):
    """Lock the open file ``handle``; True once this process holds it.

    With ``wait=False`` it returns False at once, instead of waiting, when
    another process (or another open file of this one) holds the lock.
    """
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else
                                                 fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True
    handle.seek(0)
    try:
        msvcrt.locking(handle.fileno(),
                       msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
    except OSError:
        if wait:
            raise
        return False
    return True


def unlock(handle):
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
    else:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
