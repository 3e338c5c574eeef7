"""One list of work items done by two processes from both ends, until they meet.

A build and a forked copy of it share the items: the build asks for them in order from the
front (:meth:`BothEnds.take_front`), the copy takes them from the back
(:meth:`BothEnds.take_back`). Each item is taken by one of them only, and neither waits
for the other before they meet: whichever is slower (its items cost more, or a third
process takes its core) simply does fewer. Made before the fork; the state is a shared
anonymous mapping, guarded by a POSIX record lock, which the kernel releases if its holder
dies.
"""

from __future__ import annotations

import mmap
import struct
import tempfile
from contextlib import contextmanager

_STATE = struct.Struct("qq")  # (first item not yet taken from the front, first item taken from the back)


class BothEnds:
    def __init__(self, count: int) -> None:
        import fcntl  # POSIX only, as fork is

        self._fcntl = fcntl
        self.count = count
        self._state = mmap.mmap(-1, _STATE.size)  # MAP_SHARED: the fork sees the same bytes
        _STATE.pack_into(self._state, 0, 0, count)
        self._lock = tempfile.TemporaryFile()  # lockf: a lock per process, so parent and copy exclude each other

    @contextmanager
    def _locked(self):
        self._fcntl.lockf(self._lock, self._fcntl.LOCK_EX)
        try:
            yield _STATE.unpack_from(self._state, 0)
        finally:
            self._fcntl.lockf(self._lock, self._fcntl.LOCK_UN)

    def take_front(self, index: int) -> bool:
        """Whether the front may do item ``index``; False once the back has taken it."""
        with self._locked() as (front, back):
            if index >= back:
                return False
            _STATE.pack_into(self._state, 0, max(front, index + 1), back)
            return True

    def take_back(self) -> int | None:
        """The next item for the back, from the last one down; None once they have met."""
        with self._locked() as (front, back):
            if back - 1 < front:
                return None
            _STATE.pack_into(self._state, 0, front, back - 1)
            return back - 1

    def met_at(self) -> int:
        """The first item the back has taken (``count`` for none)."""
        with self._locked() as (_, back):
            return back

    def close(self) -> None:
        self._state.close()
        self._lock.close()
