"""Reading the policy lists' git history: one pass, cached, safe with broken old revisions,
shallow clones, huge histories, uncommitted changes and no git at all."""

from __future__ import annotations

import json
from datetime import date

from huimin.read.history import read_history
from huimin.rules.history import policy_changes
from tests.history_repo import EXPECTED, STEPS, commit_steps, git, policy_text

TODAY = date(2024, 7, 1)


def lines_of(history, pid="edu-aid"):
    changes = policy_changes(history.base, history.revisions, TODAY).by_policy.get(pid, [])
    return [f"{c.day.isoformat() if c.day else '未提交的修改'} {'；'.join(c.lines)}" for c in changes]


def test_three_commits(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    commit_steps(root)
    history = read_history(root, "policy_lists")
    assert history.available and history.notices == [] and not history.cached
    assert lines_of(history) == EXPECTED
    assert lines_of(history, "health-aid") == ["2023-12-01 新增"]
    assert history.revisions[0].day == date(2023, 12, 1)


def test_cached_by_head_without_personal_data(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    commit_steps(root)
    cold = read_history(root, "policy_lists", cache_root=root)
    (cache,) = (root / ".huimin-cache/history").glob("*.json")
    text = cache.read_text(encoding="utf-8")
    assert "张三" not in text and "zhangsan" not in text and "修改政策" not in text  # no names, e-mails, messages
    warm = read_history(root, "policy_lists", cache_root=root)
    assert warm.cached and not cold.cached
    assert lines_of(warm) == lines_of(cold) == EXPECTED
    # A new commit: only it is read (the cached history continued), one cache file.
    (root / "policy_lists/jiaoyu.yaml").write_text(policy_text("每生每年1800元", "向幼儿园提出申请", "2024-05-31"))
    git(root, "commit", "-q", "-am", "x", day="2024-06-15T09:00:00+08:00")
    again = read_history(root, "policy_lists", cache_root=root)
    assert not again.cached
    assert lines_of(again) == ["2024-06-15 补助标准：由“每生每年1500元”改为“每生每年1800元”；办理流程 已修改",
                               *EXPECTED]
    assert read_history(root, "policy_lists", cache_root=root).cached
    # History rewritten (the last commit amended): the cached HEAD is gone, read again from scratch.
    (root / "policy_lists/jiaoyu.yaml").write_text(policy_text("每生每年1900元", "向幼儿园提出申请", "2024-05-31"))
    git(root, "commit", "-q", "--amend", "-am", "y", day="2024-06-16T09:00:00+08:00")
    rewritten = read_history(root, "policy_lists", cache_root=root)
    assert lines_of(rewritten)[0] == "2024-06-16 补助标准：由“每生每年1500元”改为“每生每年1900元”；办理流程 已修改"
    assert lines_of(rewritten) == lines_of(read_history(root, "policy_lists"))  # same as without a cache
    (cache,) = (root / ".huimin-cache/history").glob("*.json")
    assert json.loads(cache.read_text(encoding="utf-8"))["head"] == git(root, "rev-parse", "HEAD").strip()


def test_broken_old_revision_is_skipped(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    commit_steps(root, STEPS[:1])
    path = root / "policy_lists/jiaoyu.yaml"
    for day, text in (("2024-02-01", "policies:\n  - id: edu-aid\n    title: [未闭合\n"),
                      ("2024-02-02", "policies: !!python/object:os.system ls\n"),
                      ("2024-02-03", "\x1b" + policy_text(*STEPS[1][1:])),
                      ("2024-03-01", policy_text(*STEPS[1][1:]))):
        path.write_text(text, encoding="utf-8")
        git(root, "commit", "-q", "-am", "x", day=f"{day}T09:00:00+08:00")
    assert lines_of(read_history(root, "policy_lists")) == EXPECTED[1:]


def test_project_in_a_subfolder_with_uncommitted_changes(tmp_path):
    top = tmp_path / "repo"
    root = top / "site"
    root.mkdir(parents=True)
    commit_steps(root)
    path = root / "policy_lists/jiaoyu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("学前教育幼儿资助", "学前教育资助"), encoding="utf-8")
    (root / "policy_lists/other.yaml").unlink()
    (root / "policy_lists/new.yml").write_text(
        "policies:\n  - id: new-aid\n    title: 新政策\n", encoding="utf-8")
    history = read_history(root, "policy_lists")
    assert lines_of(history)[0] == "未提交的修改 政策名称：由“学前教育幼儿资助”改为“学前教育资助”"
    assert lines_of(history, "health-aid")[0] == "未提交的修改 删除"
    assert lines_of(history, "new-aid") == ["未提交的修改 新增"]
    assert history.notices == ["policy_lists/ 中有未提交的修改：政策页面的修订记录把它们列为“未提交的修改”，"
                               "提交（git commit）后显示日期"]


def test_moved_between_files_and_renamed_id(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    commit_steps(root, STEPS[:1])
    text = (root / "policy_lists/jiaoyu.yaml").read_text(encoding="utf-8")
    (root / "policy_lists/jiaoyu.yaml").unlink()
    (root / "policy_lists/sub").mkdir()
    (root / "policy_lists/sub/edu.yml").write_text(text, encoding="utf-8")  # moved: not a change
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "x", day="2024-02-01T09:00:00+08:00")
    (root / "policy_lists/sub/edu.yml").write_text(text.replace("id: edu-aid", "id: edu-preschool"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "x", day="2024-03-01T09:00:00+08:00")
    history = read_history(root, "policy_lists")
    assert lines_of(history) == ["2024-03-01 删除", "2024-01-10 新增"]  # a new id: removed and added
    assert lines_of(history, "edu-preschool") == ["2024-03-01 新增"]


def test_long_history_is_cut(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    commit_steps(root)
    history = read_history(root, "policy_lists", max_commits=2)
    assert history.notices == ["政策清单的 git 历史太长（超过 2 次提交或 128 MB），修订记录只从 2024-03-01 开始"]
    assert set(history.base) == {"edu-aid", "health-aid"}  # the state before the cut: no false 新增
    assert lines_of(history) == EXPECTED[:2]
    newest_two = sum(len(policy_text(*step[1:]).encode()) for step in STEPS[1:])
    by_size = read_history(root, "policy_lists", max_bytes=newest_two)  # the versions of the last two commits
    assert lines_of(by_size) == EXPECTED[:2] and "修订记录只从 2024-03-01 开始" in by_size.notices[0]


def test_shallow_clone(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    commit_steps(root)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", str(clone))
    history = read_history(clone, "policy_lists")
    assert history.available
    assert history.notices == ["仓库是浅克隆（shallow clone），修订记录只从 2024-03-01 开始；"
                               "要完整的修订记录，请在完整克隆中生成（git fetch --unshallow）"]
    assert lines_of(history) == EXPECTED[:1]  # the boundary commit is the base, not 新增 of everything


def test_no_repository_or_no_git(tmp_path, monkeypatch):
    root = tmp_path / "p"
    (root / "policy_lists").mkdir(parents=True)
    (root / "policy_lists/a.yaml").write_text(policy_text(*STEPS[0][1:]), encoding="utf-8")
    history = read_history(root, "policy_lists")
    assert not history.available and history.notices == [] and history.revisions == []
    git(root, "init", "-q")
    git(root, "commit", "-q", "--allow-empty", "-m", "x")  # a repository that never had the policy lists
    history = read_history(root, "policy_lists")
    assert not history.available and history.notices == [] and history.revisions == []
    commit_steps(root)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    history = read_history(root, "policy_lists")
    assert not history.available
    assert history.notices == ["读取 git 历史失败（未找到 git 程序），本次政策页面不显示修订记录"]


def test_policies_read_one_by_one_as_the_whole_file():
    """Each revision's policies are read one by one (and remembered); a file of another shape whole."""
    from huimin.read.history_parse import _split
    from huimin.read.history_parse import policy_entries as _entries
    from huimin.read.history_parse import read_whole as _read_whole
    from tests.conftest import REPO

    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "policy_lists").rglob("*.yaml"))]
    texts += [policy_text(*STEPS[0][1:]) + "department: 写在后面的部门\n",  # a key after the list
              "policies:\n- id: a\n  title: 甲\n# 注释\n- id: b\n  title: 乙\n",
              "policies: [{id: a, title: 甲}]\n", "category: 教育\npolicies:\n  - id: a\n    title: &x 甲\n"]
    assert texts[0] and _split(texts[-4]) is None and _split(texts[-2]) is None
    memo: dict = {}
    for text in texts:
        assert _entries(text, memo) == _read_whole(text)
    assert _entries(texts[-1], {}) is None  # an anchor: refused by the guard, read whole or in pieces
