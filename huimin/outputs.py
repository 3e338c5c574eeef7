"""Where a command may write, and how: guarded paths, marked folders, swaps without a gap.

Every command that writes (``build``, ``cards``, ``handbook``, ``import-measures``) asks
:func:`guard_dir` or :func:`guard_file` before it writes or removes anything. An output may
not be the project, one of its sources (``content/``, ``policy_lists/``, ``templates/``,
``huimin.yml``, ``mkdocs.yml``, ``.git``), an ancestor of them or a path inside them, and an
existing folder is replaced only when it carries our marker file: a folder we made. A
refusal is a :class:`HuiminError` raised before anything is touched.

Folders are built beside their target under a name that carries the builder's process id
(``.NAME.building-PID-XXXX``) and swapped in with ``renameat2(RENAME_EXCHANGE)``: a kill at
any moment leaves the old output or the new one. A staging folder whose process is gone is
removed by the next run (it may hold personal data).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from .errors import HuiminError, display_path

SITE_MARKER = ".huimin-site"
PACKAGE_MARKER = ".huimin-package"
MARKER_TEXT = {
    SITE_MARKER: "本文件夹由 huimin build 生成，再次生成时会整体替换。请勿在其中存放其他文件。\n",
    PACKAGE_MARKER: "本文件夹是 huimin cards 生成的印刷包（含个人信息），再次生成时会整体替换。\n",
}
SOURCE_FOLDERS = ("content", "templates", ".git")
SOURCE_FILES = ("huimin.yml", "mkdocs.yml")
_STAGING = re.compile(r"^\.(?P<name>.+)\.(?:building|old)-(?P<pid>\d+)-[0-9a-f]+$")


def sources(root: Path, policy_dir: str = "policy_lists") -> list[Path]:
    """The project's source folders and files that no output may touch."""
    return [root / name for name in (*SOURCE_FOLDERS, policy_dir, *SOURCE_FILES)]


def _refuse(what: str, out: Path, reason: str) -> HuiminError:
    return HuiminError(f"{what} {display_path(out)} {reason}")


def _check_place(out: Path, root: Path, policy_dir: str, what: str, *, allow_inside: tuple[str, ...] = ()) -> Path:
    """``out`` resolved; refused when it is the project, a source, an ancestor of either or
    inside a source (except the sources named in ``allow_inside``)."""
    target = Path(out).resolve()
    root = root.resolve()
    if target == root or target in root.parents:
        raise _refuse(what, out, "是项目文件夹本身或包含项目文件夹：写在这里会删除或覆盖政策清单等源文件。请换一个项目以外的位置（如 ../网站）")
    for source in sources(root, policy_dir):
        resolved = source.resolve()
        label = display_path(source, root) + ("/" if source.name not in SOURCE_FILES else "")
        if target == resolved or (resolved in target.parents and source.name not in allow_inside):
            raise _refuse(what, out, f"是项目的源文件或在源文件夹 {label} 内：编辑人员的文件不能被输出覆盖。请换一个位置")
        if target in resolved.parents:
            raise _refuse(what, out, f"包含项目的源文件夹 {label}：写在这里会删除编辑人员的文件。请换一个位置")
    return target


def guard_dir(out: Path, root: Path, marker: str, *, policy_dir: str = "policy_lists",
              what: str = "输出目录", legacy=None) -> Path:
    """The folder ``out`` resolved, if a command may replace it with a new build of its own.

    It may when it does not exist, is empty, or carries ``marker`` (or ``legacy(path)`` says
    an earlier version of huimin made it). Otherwise :class:`HuiminError`.
    """
    target = _check_place(out, root, policy_dir, what)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise _refuse(what, out, "已存在且不是文件夹：为免覆盖，请换一个新的或空的文件夹")
    if target.is_dir() and any(target.iterdir()):
        if not (target / marker).is_file() and not (legacy and legacy(target)):
            raise _refuse(what, out, f"已存在，里面有其他文件，且不是 huimin 生成的（没有标记文件 {marker}）："
                                     "为免删除其他文件，请换一个新的或空的文件夹，或先自行清空它")
    return target


def guard_file(out: Path, root: Path | None, suffixes: tuple[str, ...], ours, *, policy_dir: str = "policy_lists",
               what: str = "输出文件", allow_inside: tuple[str, ...] = ("content",)) -> Path:
    """The file ``out`` resolved, if a command may write it.

    It must end in one of ``suffixes``; an existing file is replaced only when ``ours(path)``
    says a huimin command made it. ``root`` None: run outside a project (no sources to spare).
    """
    if Path(out).suffix.lower() not in suffixes:
        raise _refuse(what, out, f"的扩展名应为 {' 或 '.join(suffixes)}")
    if root is None:
        target = Path(out).resolve()
    else:
        target = _check_place(out, root, policy_dir, what, allow_inside=allow_inside)
    if target.is_dir():
        raise _refuse(what, out, "是一个文件夹：请给出文件名")
    if target.exists() and not ours(target):
        raise _refuse(what, out, "已存在，且不是 huimin 生成的文件：为免覆盖，请换一个文件名，或先自行删除它")
    return target


def is_our_pdf(path: Path) -> bool:
    """A PDF typeset by huimin (Typst writes its name as the creator)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
            if not head.startswith(b"%PDF-"):
                return False
            fh.seek(max(0, path.stat().st_size - (1 << 20)))
            tail = fh.read()
    except OSError:
        return False
    return b"Typst" in head or b"Typst" in tail


# ---------------------------------------------------------------- staging and swapping


def staging_dir(target: Path, mode: int = 0o755) -> Path:
    """A new empty folder beside ``target`` to build into; stale ones are removed first."""
    remove_stale(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.parent / f".{target.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    path.mkdir(mode=mode)
    path.chmod(mode)  # whatever the umask
    return path


def remove_stale(target: Path) -> list[Path]:
    """Remove staging and old folders of ``target`` left by runs that were killed."""
    removed = []
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return removed
    for path in siblings:
        m = _STAGING.match(path.name)
        if m and m["name"] == target.name and not _alive(int(m["pid"])):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier run of this very process cannot still be building
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(new: Path, target: Path, marker: str, mode: int = 0o755) -> None:
    """Put the finished folder ``new`` where ``target`` is, with no moment without either.

    ``marker`` is written into ``new`` first, so that the next run may replace it.
    """
    marker_path = new / marker
    marker_path.write_text(MARKER_TEXT[marker], encoding="utf-8")
    marker_path.chmod(mode & 0o666)  # a private folder's marker is private too
    new.chmod(mode)
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous output
        return
    # Without RENAME_EXCHANGE (not Linux, or a file system without it): two renames.
    old = target.parent / f".{target.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap in one step."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def write_private(path: Path, content: bytes) -> None:
    """Write a file only its owner can read (0600): it holds personal data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)


# ---------------------------------------------------------------- disk errors

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
