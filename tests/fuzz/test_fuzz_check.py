"""Fuzzing ``huimin check``: a mutated policy list, huimin.yml, measures.yml, submission or
"宜春经验" in a small project ends with exit 0 or 1, one located Chinese message per problem,
never a traceback, in bounded time and memory (issue 14, item 6)."""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import given, settings

from huimin.cli import main
from tests.conftest import MINIMAL_MKDOCS, REPO, write_tree
from tests.fuzz.conftest import cases
from tests.fuzz.mutate import mutated, peak_rss_mb, time_limit

SECONDS = 15      # per case; the slowest seen are around 2 s
MEMORY_MB = 2048  # peak resident memory of the whole test process

SETTINGS_SEED = """\
city: 宜春市
bureau: 宜春市乡村振兴局
site_title: 宜春市惠民政策清单
units: [袁州区, 樟树市, 丰城市, 高安市, 奉新县, 万载县, 上高县, 宜丰县, 靖安县, 铜鼓县]
other_units: [宜春经济技术开发区, 宜阳新区, 明月山温泉风景名胜区]
monthly_quota: 2
hotline: "12317"
site_url: https://example.org/
policy_dir: policy_lists
limits: {policy_list_kb: 5120, front_matter_kb: 256}
as_of: 2026-11-01
search_synonyms:
  看病: [医疗, 医保]
  借钱: []
targets:
  - name: 脱贫户
    aliases: [脱贫人口, 脱贫家庭]
  - name: 监测对象
    aliases: [防返贫监测对象]
"""


def _seeds(pattern: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(REPO.glob(pattern))]


POLICY_SEEDS = _seeds("policy_lists/**/*.yaml")
SUBMISSION_SEEDS = _seeds("content/submissions/2026-08/*.md")[:8]
EXPERIENCE_SEEDS = _seeds("content/experience/*.md")
MEASURES_SEEDS = _seeds("content/_data/measures.yml")


def run_check(path: str, data: bytes) -> None:
    """``huimin check`` in a project of mkdocs.yml, content/index.md and ``data`` at ``path``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp), {
            "mkdocs.yml": MINIMAL_MKDOCS.format(theme=(REPO / "templates/theme").as_posix()),
            "content/index.md": "# 首页\n",
            path: data,
        })
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(root)
        try:
            with time_limit(SECONDS), redirect_stdout(out), redirect_stderr(err):
                code = main(["check", "--as-of", "2026-11-01"])
        finally:
            os.chdir(cwd)
    assert code in (0, 1), code
    assert "Traceback" not in err.getvalue()
    if code == 1:
        assert err.getvalue().strip(), "exit 1 without a message"
    assert peak_rss_mb() < MEMORY_MB


@settings(max_examples=cases(30, 2200))
@given(mutated(POLICY_SEEDS))
def test_policy_list(data):
    run_check("policy_lists/a.yaml", data)


@settings(max_examples=cases(25, 1700))
@given(mutated(SUBMISSION_SEEDS))
def test_submission(data):
    run_check("content/submissions/2026-08/a.md", data)


@settings(max_examples=cases(20, 1500))
@given(mutated(EXPERIENCE_SEEDS))
def test_experience(data):
    run_check("content/experience/a.md", data)


@settings(max_examples=cases(20, 1300))
@given(mutated([SETTINGS_SEED]))
def test_settings(data):
    run_check("huimin.yml", data)


@settings(max_examples=cases(10, 700))
@given(mutated(MEASURES_SEEDS))
def test_measures(data):
    run_check("content/_data/measures.yml", data)
