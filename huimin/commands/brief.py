"""``huimin brief YYYY-MM``: the month's whole brief (每月汇编简报), for internal use.

The site offers a public brief without the items that are not public. This one has every
valid item; when some are not public it is marked 内部资料 on every page, and it may not be
written into the site (``site_build/``) or its sources (``content/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from huimin.build import SITE_DIR
from huimin.model.errors import HuiminError, display_path
from huimin.output.disk import writing
from huimin.output.guard import guard_file, is_our_pdf
from huimin.read.project import find_root, load_project


def default_out(month: str) -> Path:
    return Path(f"每月汇编简报-{month}.pdf")


def run(args) -> int:
    from huimin.print.brief import write_brief
    from huimin.print.glyphs import check_glyphs
    from huimin.rules.compilation import compilations

    project = load_project(find_root(), args.as_of)
    out = args.out or default_out(args.month)
    target = guard_file(out, project.root, (".pdf",), is_our_pdf, policy_dir=project.settings.policy_dir,
                        allow_inside=())
    site = (project.root / SITE_DIR).resolve()
    if target == site or site in target.parents:
        raise HuiminError(f"输出文件 {display_path(out)} 位于网站输出目录 {SITE_DIR}/ 内：内部简报可能含不公开的信息，"
                          f"不得放入网站，请改用网站以外的位置（如 --out ../{default_out(args.month)}）")
    found = [c for c in compilations(project.submissions, project.settings) if c.month == args.month]
    if not found or not found[0].items:
        raise HuiminError(f"{args.month} 没有有效的报送信息，没有可印的简报")
    check_glyphs(project)
    c = found[0]
    with writing(out):
        result = write_brief(c, project.settings, target, project.root)
    withheld = sum(1 for s in c.items if not s.public)
    note = (f"，其中不公开的 {withheld} 篇；每页已标“内部资料”，请勿上传到网站或公开转发" if withheld
            else "，均为公开信息（与网站上的简报相同）")
    print(f"已生成 {out}：{result.pages} 页，收录 {len(c.items)} 篇{note}")
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    return 0
