"""huimin handbook: the policy handbook PDF (A4 or A5, optionally padded for a booklet)."""

from __future__ import annotations

import sys

from huimin.output.disk import writing
from huimin.output.guard import guard_file, is_our_pdf
from huimin.print.glyphs import check_glyphs
from huimin.print.handbook import write_handbook
from huimin.read.project import find_root, load_project


def run(args) -> int:
    project = load_project(find_root(), args.as_of, policies_only=True)  # submissions are not printed
    guard_file(args.out, project.root, (".pdf",), is_our_pdf, policy_dir=project.settings.policy_dir)
    check_glyphs(project, submissions=False)
    with writing(args.out):
        result = write_handbook(project, args.out, paper=args.paper, booklet=args.booklet)
    layout = f"{result.paper}{'，骑马订' if result.booklet else ''}"
    print(f"已生成 {args.out}：{layout}，{result.pages} 页，{result.bytes // 1024} KB，收录政策 {result.policies} 项"
          f"（统计日期 {project.as_of.isoformat()}）")
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    return 0
