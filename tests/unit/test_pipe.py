"""A long document written to a pipe whose reader is gone fails loudly."""

import io
import os

import testtools

from alegra.output import pipe


def closed_pipe():
    """A text stream whose reader has gone (as after ``| head``)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    return io.TextIOWrapper(io.BufferedWriter(io.FileIO(write_end, 'w')),
                            encoding='utf-8')


class TestWrite(testtools.TestCase):

    def test_reader_gone_raises_broken_pipe(self):
        stream = closed_pipe()
        self.addCleanup(_close_quietly, stream)
        self.assertRaises(BrokenPipeError, pipe.write, stream,
                          'x' * 600_000)

    def test_everything_arrives_in_order(self):
        stream = io.StringIO()
        text = ''.join(str(number) for number in range(50_000))
        pipe.write(stream, text)
        self.assertEqual(text, stream.getvalue())


def _close_quietly(stream):
    try:
        stream.close()
    except BrokenPipeError:
        pass
