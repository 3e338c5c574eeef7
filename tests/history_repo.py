"""A fixture project under git whose policy list changes over a few commits with fixed dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

POLICY = """\
category: 教育保障
department: 市教体局
policies:
  - id: edu-aid
    title: 学前教育幼儿资助
    summary: 对脱贫家庭在园幼儿给予保育教育费补助
    targets: [脱贫户, 监测对象]
    standard: {standard}
    procedure: |
      {procedure}
    effective_from: 2023-01-01
    effective_until: {until}
"""
OTHER = """\
category: 健康医疗
department: 市医保局
policies:
  - id: health-aid
    title: 医疗救助
    summary: 对困难群众给予医疗救助
    targets: [脱贫户]
    standard: 按规定比例报销
"""

STEPS = [  # (committer date, standard, procedure, effective_until)
    ("2024-01-10T09:00:00+08:00", "每生每年1000元", "向幼儿园提出申请", "2025-12-31"),
    ("2024-03-01T09:00:00+08:00", "每生每年1500元", "向幼儿园提出申请", "2026-12-31"),
    ("2024-06-01T09:00:00+08:00", "每生每年1500元", "先向村委会申请，再由幼儿园审核", "2024-05-31"),
]


def git(root: Path, *args: str, day: str = "2024-01-01T00:00:00+08:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "张三", "GIT_AUTHOR_EMAIL": "zhangsan@example.cn",
           "GIT_COMMITTER_NAME": "张三", "GIT_COMMITTER_EMAIL": "zhangsan@example.cn",
           "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent)}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def policy_text(standard: str, procedure: str, until: str) -> str:
    return POLICY.format(standard=standard, procedure=procedure, until=until)


def commit_steps(root: Path, steps=STEPS) -> None:
    """``root`` (a project folder with mkdocs.yml) made a repository; one commit per step."""
    git(root, "init", "-q", "-b", "main")
    (root / "policy_lists").mkdir(exist_ok=True)
    (root / "policy_lists/other.yaml").write_text(OTHER, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "项目和其他政策", day="2023-12-01T09:00:00+08:00")
    for day, standard, procedure, until in steps:
        (root / "policy_lists/jiaoyu.yaml").write_text(policy_text(standard, procedure, until), encoding="utf-8")
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", f"张三修改政策 {day}", day=day)


EXPECTED = [  # the 修订记录 of edu-aid after the three steps, newest first
    "2024-06-01 办理流程 已修改；失效：有效期由“2023-01-01 至 2026-12-31”改为“2023-01-01 至 2024-05-31”",
    "2024-03-01 补助标准：由“每生每年1000元”改为“每生每年1500元”；"
    "有效期：由“2023-01-01 至 2025-12-31”改为“2023-01-01 至 2026-12-31”",
    "2024-01-10 新增",
]
