"""``huimin check``: every problem of every input file, or one summary line; then the
policies an editor should look at on the as-of day (expired, not yet in force, expiring soon)."""

from __future__ import annotations

import sys
from collections import Counter

from huimin.model.errors import HuiminError
from huimin.read.project import find_root, read_project


def run(args) -> int:
    root = find_root()
    project = read_project(root, args.as_of)
    from huimin.print.glyphs import glyph_problems  # characters the print fonts lack

    project.problems = sorted(project.problems + glyph_problems(project))
    for notice in project.notices:
        print(f"提示：{notice}", file=sys.stderr)
    if not project.problems:
        from huimin.rules.links import item_links  # links that become text on the site

        for notice in item_links(project.submissions, project.experiences).notices:
            print(f"提示：{notice}", file=sys.stderr)
    if project.problems:
        raise HuiminError(project.problems)
    counts = Counter(p.validity(project.as_of) for p in project.policies)
    files = len({p.source_path for p in project.policies})  # never p.source: it may read the file again
    measures = ""
    if project.measures is not None:
        measures = f"，二十条措施 {len(project.measures.all_measures())} 条"
    extra = ""
    if project.submissions or project.experiences:
        extra = f"，县市区报送 {len(project.submissions)} 篇，“宜春经验” {len(project.experiences)} 篇"
    print(
        f"检查通过：{files} 个政策清单文件，{len(project.policies)} 条政策"
        f"（有效 {counts['有效']}，未生效 {counts['未生效']}，已失效 {counts['已失效']}；"
        f"统计日期 {project.as_of.isoformat()}）{measures}{extra}。"
    )
    from huimin.rules.validity import expiry_warnings, not_in_force_lines

    for line in not_in_force_lines(project.policies, project.as_of):  # each by name, not just counted
        print(line)
    for warning in expiry_warnings(project.policies, project.as_of, project.settings.expiry_warning_days):
        print(f"提示：{warning}", file=sys.stderr)
    return 0
