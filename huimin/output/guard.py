"""Where a command may write, and how: guarded paths, marked folders, swaps without a gap.

Every command that writes (``build``, ``cards``, ``handbook``, ``import-measures``) asks
:func:`guard_dir` or :func:`guard_file` before it writes or removes anything. An output may
not be the project, one of its sources (``content/``, ``policy_lists/``, ``templates/``,
``huimin.yml``, ``mkdocs.yml``, ``.git``), an ancestor of them or a path inside them, and an
existing folder is replaced only when it carries our marker file: a folder we made. A
refusal is a :class:`HuiminError` raised before anything is touched.

Building beside the target and swapping it in: :mod:`huimin.output.staging`.
"""

from __future__ import annotations

from pathlib import Path

from huimin.model.errors import HuiminError, display_path

SITE_MARKER = ".huimin-site"
PACKAGE_MARKER = ".huimin-package"
WECHAT_MARKER = ".huimin-wechat"
MARKER_TEXT = {
    SITE_MARKER: "本文件夹由 huimin build 生成，再次生成时会整体替换。请勿在其中存放其他文件。\n",
    PACKAGE_MARKER: "本文件夹是 huimin cards 生成的印刷包（含个人信息），再次生成时会整体替换。\n",
    WECHAT_MARKER: "本文件夹是 huimin wechat 生成的公众号图片，再次生成时会整体替换。\n",
}
SOURCE_FOLDERS = ("content", "templates", ".git")
SOURCE_FILES = ("huimin.yml", "mkdocs.yml")


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


def has_marker_line(marker: str):
    """``ours(path)`` for :func:`guard_file`: a text file of ours carries ``marker`` on a line of its own."""

    def ours(path: Path) -> bool:
        try:
            with open(path, "rb") as fh:
                head = fh.read(1 << 16)
                fh.seek(max(0, path.stat().st_size - 4096))
                tail = fh.read()
        except OSError:
            return False
        lines = set((head + b"\n" + tail).decode("utf-8", "replace").splitlines())
        return marker in lines

    return ours
