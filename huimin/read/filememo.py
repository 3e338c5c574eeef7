"""Results of reading a file, kept while the file is unchanged (``huimin serve`` reads the
project again after every save: only the files saved are parsed again).

A file counts as unchanged while its size, modification and change times (nanoseconds) and
inode are the same. The cached value is returned as it is: callers must not change it.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from functools import wraps
from pathlib import Path

MAX_ENTRIES = 50_000


def memo_by_file(fn):
    """Cache ``fn(path, *args)`` per path, arguments and state of the file at ``path``."""
    cache: OrderedDict = OrderedDict()

    @wraps(fn)
    def cached(path: Path, *args):
        try:
            st = os.stat(path)
        except OSError:
            return fn(path, *args)
        key = (str(path), args, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        try:
            hit = cache[key]
        except (KeyError, TypeError):  # TypeError: an argument that cannot be a key
            hit = fn(path, *args)
            try:
                cache[key] = hit
            except TypeError:
                return hit
            if len(cache) > MAX_ENTRIES:
                cache.popitem(last=False)
        return hit

    cached.cache_clear = cache.clear
    return cached
