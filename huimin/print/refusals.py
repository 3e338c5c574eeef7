"""What stops a print package before anything is typeset: an output folder that is public or
not ours, and a roster with problems (listed, capped, with one closing line)."""

from __future__ import annotations

import csv
from pathlib import Path

from huimin.model.errors import HuiminError, Problem, display_path
from huimin.model.household import Household
from huimin.output.guard import PACKAGE_MARKER, guard_dir
from huimin.print.cover import COVER
from huimin.print.report import LEGACY_HEADER, MANIFEST, MANIFEST_HEADER, REPORT
from huimin.read.roster import RosterResult

MAX_SHOWN = 50         # roster problems printed before "另有 N 个问题"
SITE_DIR = "site_build"
PUBLIC_MESSAGE = ("输出目录 {out} 位于{where}内：户名单含个人信息，明白卡和排查表不得放入公开网站，"
                  "请改用网站以外的文件夹（如 --out ../明白卡）")


REPLACE_MESSAGE = ("输出目录 {out} 中已有一个印刷包：为免误删，未生成任何文件。如要用新的印刷包替换它，请加 --replace"
                   "（新包全部生成后才替换旧包，中途出错或中断时旧包完好），或换一个新的文件夹")


def check_out_dir(out: Path, root: Path, policy_dir: str = "policy_lists", site_dir: str = SITE_DIR,
                  replace: bool = False) -> Path:
    """``out`` resolved; HuiminError when it is inside the published site, the project's
    sources (see :func:`huimin.output.guard.guard_dir`), a folder that is not a package, or
    a package already and ``replace`` is false."""
    target = Path(out).resolve()
    public = (root / site_dir).resolve()
    if target == public or public in target.parents:
        raise HuiminError(PUBLIC_MESSAGE.format(out=display_path(out), where=f"网站输出目录 {site_dir}/"))
    content = (root / "content").resolve()
    if target == content or content in target.parents:
        raise HuiminError(PUBLIC_MESSAGE.format(out=display_path(out), where="网站内容目录 content/"))
    target = guard_dir(out, root, PACKAGE_MARKER, policy_dir=policy_dir, legacy=is_earlier_package)
    if not replace and target.is_dir() and any(target.iterdir()):  # guard_dir let it pass: it is a package
        raise HuiminError(REPLACE_MESSAGE.format(out=display_path(out)))
    return target


def is_earlier_package(folder: Path) -> bool:
    """A package written before packages carried their marker file: a manifest with our
    header, a report, and nothing else but the PDFs (and their folders) the manifest lists."""
    try:
        with open(folder / MANIFEST, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    if not rows or tuple(rows[0]) not in (MANIFEST_HEADER, LEGACY_HEADER) or not (folder / REPORT).is_file():
        return False
    listed = {row[0] for row in rows[1:] if row}
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in listed and name not in (MANIFEST, REPORT, COVER):
            return False
    return True


class RosterError(HuiminError):
    """The roster has problems: at most :data:`MAX_SHOWN` of them, then a closing line."""

    def __init__(self, problems: list[Problem], fatal: bool):
        self.total = len(problems)
        shown = list(problems[:MAX_SHOWN])
        self.lines = [str(p) for p in shown]
        if self.total > MAX_SHOWN:
            self.lines.append(f"另有 {self.total - MAX_SHOWN} 个问题")
        hint = "" if fatal else "，或加 --skip-bad-rows 跳过有误的行（跳过的行会列在 report.txt 中）"
        self.lines.append(f"名单共 {self.total} 个问题，未生成任何明白卡：请改正后重试{hint}")
        super().__init__(shown)


def roster_households(roster: RosterResult, skip_bad_rows: bool) -> list[Household]:
    """require_clean; RosterError (capped at :data:`MAX_SHOWN` problems) when it refuses."""
    try:
        return roster.require_clean(skip_bad_rows)
    except HuiminError as exc:
        raise RosterError(exc.problems, roster.fatal) from None
