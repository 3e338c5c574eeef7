"""Disk errors the user can act on (read-only, full, no permission) as located Chinese messages."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path

from huimin.model.errors import HuiminError, display_path

DISK_ERRORS = {
    errno.EROFS: "所在的磁盘是只读的，无法写入",
    errno.ENOSPC: "所在的磁盘空间已满，无法写入",
    errno.EDQUOT: "超出磁盘配额，无法写入",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENAMETOOLONG: "文件名太长，无法写入",
    errno.EIO: "读写磁盘时出错（磁盘或网络盘故障）",
}


def disk_error(exc: OSError, out: Path | None = None) -> HuiminError | None:
    """A located Chinese message for a disk error the user can act on; None for others.

    The path is the one the system names, else ``out`` (a failed write names no file)."""
    reason = DISK_ERRORS.get(exc.errno or 0)
    if reason is None:
        return None
    where = exc.filename if exc.filename is not None else out
    where = display_path(os.fsdecode(where)) if where is not None else "输出位置"
    return HuiminError(f"{where}: {reason}。已有的输出保持原样，请换一个位置或腾出空间后再试")


@contextmanager
def writing(out: Path):
    """Turn a disk error met while writing ``out`` into a :class:`HuiminError` naming it."""
    try:
        yield
    except OSError as exc:
        error = disk_error(exc, out)
        if error is None:
            raise
        raise error from None
