"""Writing a long text to stdout so that a closed pipe is noticed.

CPython hands one write larger than its buffer to the pipe directly; cut
short by a reader gone (``| head``), that write returns the bytes it got
through, the text layer does not look, and the rest is dropped: the
command would end 0, silently, having printed half a document.  Written
in pieces that go through the buffer, the first write (or the flush)
after the reader has gone raises BrokenPipeError, which ends the command
with 141 as any other (see :meth:`alegra.command.AlegraCommand.run`).
"""

# Characters per write: at most 4 KiB of UTF-8, within the buffer.
PIECE = 1024


def write(stream, text):
    """Write ``text`` to ``stream`` in pieces, and flush."""
    for start in range(0, len(text), PIECE):
        stream.write(text[start:start + PIECE])
    stream.flush()
