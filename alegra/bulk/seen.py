"""Which bodies an import has already met, in little memory.

A row that would send what an earlier row sends is reported, not sent
twice.  Keeping every body would hold the file in memory again, and even a
Python set of short digests costs over 100 bytes a row (28 MB for 200,000
rows, as much as the whole command otherwise); so the 16-byte BLAKE2b
digest of each body goes into a table of a private temporary SQLite
database, which stays in a small page cache and spills to a temporary file
beyond it.
"""

import hashlib

from alegra import jsonio


class SeenBodies:
    """The first row that sent each body."""

    def __init__(self):
        import sqlite3  # only imports pay for it, not every command's start

        # An empty name opens a temporary database, deleted when closed.
        self._db = sqlite3.connect('')
        self._db.execute('CREATE TABLE seen (digest BLOB PRIMARY KEY, '
                         'row INTEGER) WITHOUT ROWID')

    def first_row(self, body, number):
        """The row that first sent ``body``: ``number`` itself if none."""
        text = jsonio.dumps(body, indent=None)
        digest = hashlib.blake2b(text.encode('utf-8'),
                                 digest_size=16).digest()
        if self._db.execute('INSERT OR IGNORE INTO seen VALUES (?, ?)',
                            (digest, number)).rowcount:
            return number
        return self._db.execute('SELECT row FROM seen WHERE digest = ?',
                                (digest,)).fetchone()[0]

    def close(self):
        self._db.close()
