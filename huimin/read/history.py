"""The policy lists' git history: what each policy entry was after every commit that changed it.

One pass per build: ``git log --raw`` of just the policy files (first parent, oldest first)
names the blob of every changed file; ``git cat-file --batch`` hands over those blobs in one
process; each distinct blob is read with our guarded YAML loader (a revision that was never
valid YAML, or is too big, is skipped, the file keeping its last readable state). Entries are
matched across commits by policy id. Only commit ids and dates are read, never commit
messages, author names or e-mail addresses (personal data).

The result is cached in ``.huimin-cache/history/`` keyed by HEAD and the policy folder; the
working tree's uncommitted changes (``git status``) are read on every build. Without git, or
outside a repository, there is simply no history.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from huimin.model.history import Entry, Revision
from huimin.read.history_git import GitError, GitRepo, blob_sizes, blobs, open_repo
from huimin.read.history_parse import policy_entries
from huimin.read.yamlguard import MB, POLICY_LIST

MAX_COMMITS = 1000  # commits that changed the policy lists, newest first; older ones are one base state
MAX_BYTES = 128 * MB  # of policy-list versions read from git (each at most a policy list's limit, 5 MB)
PARSE_SECONDS = 60  # reading those versions: beyond, no history this time (said so)
FOLLOW = 1000  # a cached HEAD this far back on the first-parent line is continued, not read again
CACHE_DIR = ".huimin-cache/history"
CACHE_VERSION = 1

@dataclass
class History:
    """``base``: every policy before the first revision (empty unless the history was cut)."""

    base: dict[str, Entry] = field(default_factory=dict)
    revisions: list[Revision] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    available: bool = False
    cached: bool = False  # read from .huimin-cache (the warm path)
    head_files: dict[str, list[str]] = field(default_factory=dict)  # the ids of each file at HEAD


def read_history(root: Path, policy_dir: str, cache_root: Path | None = None,
                 max_commits: int = MAX_COMMITS, max_bytes: int = MAX_BYTES) -> History:
    """The history of the policy lists under ``root/policy_dir``; never raises for git trouble."""
    try:
        repo = open_repo(root)
        if repo is None:
            return History()  # not a repository (or no commit yet): no history, nothing to say
        spec = repo.pathspec(policy_dir)
        cache = _cache_file(cache_root, repo, policy_dir, max_commits)
        found, head = _load_cache(cache, repo.shallow)
        if found is not None and head == repo.head:
            found.cached = True
        elif found is not None and not repo.shallow and repo.follows(head, FOLLOW):
            found = _walk(repo, repo.log(spec, max_commits, since=head), found, max_bytes)  # new commits only
            _save_cache(cache, found, repo)
        else:
            found = _walk(repo, repo.log(spec, max_commits), History(), max_bytes, max_commits)
            _save_cache(cache, found, repo)
        if not found.revisions and not found.base:
            return History(notices=found.notices)  # the policy lists were never committed: no history
        pending = _uncommitted(repo, spec, policy_dir, found)
        if pending is not None:
            found.revisions.append(pending)
            found.notices.append(f"{policy_dir}/ 中有未提交的修改：政策页面的修订记录把它们列为“未提交的修改”，"
                                 "提交（git commit）后显示日期")
        found.available = True
        return found
    except GitError as exc:
        return History(notices=[f"读取 git 历史失败（{exc}），本次政策页面不显示修订记录"])


# ---------------------------------------------------------------- committed history


def _walk(repo: GitRepo, commits: list, history: History, max_bytes: int, max_commits: int | None = None) -> History:
    """``history`` continued by ``commits`` (oldest first). From scratch (``max_commits`` given), a
    history longer than ``max_commits`` commits or ``max_bytes`` of policy-list versions starts
    from the state before the oldest commit kept."""
    if not commits:
        return history
    sizes = blob_sizes(repo, {sha for _, _, files in commits for sha in files.values() if sha})
    cut = False
    if max_commits is not None:
        cut = len(commits) == max_commits and repo.has_parent(commits[0][0])
        total, seen = 0, set()
        for i in range(len(commits) - 1, -1, -1):
            new = {sha for sha in commits[i][2].values() if sha and sha not in seen}
            seen |= new
            total += sum(sizes.get(sha, 0) for sha in new)
            if total > max_bytes and i < len(commits) - 1:
                commits, cut = commits[i + 1:], True
                break
    silent_first = max_commits is not None and not cut and repo.shallow and repo.is_boundary(commits[0][0])
    base_files = repo.tree(commits[0][0] + "^", []) if cut else {}
    wanted = {sha for _, _, files in commits for sha in files.values() if sha} | set(base_files.values())
    sizes.update(blob_sizes(repo, set(base_files.values()) - set(sizes)))
    memo: dict = {}
    deadline = time.monotonic() + PARSE_SECONDS
    parsed: dict[str, dict[str, Entry] | None] = {}
    small = sorted(sha for sha in wanted if sizes.get(sha, MAX_BYTES + 1) <= POLICY_LIST.max_bytes)
    for sha, text in blobs(repo, small):
        parsed[sha] = policy_entries(text, memo)
        if time.monotonic() > deadline:
            raise GitError(f"读取政策清单的历史版本超过 {PARSE_SECONDS} 秒")
    files = _head_state(history) if history.head_files else {}  # path → its entries, at the last readable revision
    for path, sha in base_files.items():
        if parsed.get(sha) is not None:
            files[path] = parsed[sha]
    state = _union(files)
    if max_commits is not None:
        history.base = dict(state)
    for n, (commit, day, changed) in enumerate(commits):
        for path, sha in changed.items():
            if sha is None:
                files.pop(path, None)
            elif parsed.get(sha) is not None:
                files[path] = parsed[sha]
        new = _union(files)
        delta = _delta(state, new)
        state = new
        if n == 0 and silent_first:
            history.base = dict(state)
            history.notices.append(f"仓库是浅克隆（shallow clone），修订记录只从 {day.isoformat()} 开始；"
                                   "要完整的修订记录，请在完整克隆中生成（git fetch --unshallow）")
            continue
        if delta:
            history.revisions.append(Revision(commit, day, delta))
    if cut:
        history.notices.append(f"政策清单的 git 历史太长（超过 {max_commits} 次提交或 {max_bytes // MB} MB），"
                               f"修订记录只从 {commits[0][1].isoformat()} 开始")
    history.head_files = {path: list(entries) for path, entries in files.items()}
    return history


def _union(files: dict[str, dict[str, Entry]]) -> dict[str, Entry]:
    """All policies of all files; an id in two files counts once (the first file in path order)."""
    out: dict[str, Entry] = {}
    for path in sorted(files):
        for pid, entry in files[path].items():
            out.setdefault(pid, entry)
    return out


def _delta(old: dict[str, Entry], new: dict[str, Entry]) -> dict[str, Entry | None]:
    out: dict[str, Entry | None] = {pid: None for pid in old if pid not in new}
    out.update({pid: entry for pid, entry in new.items() if old.get(pid) is not entry and old.get(pid) != entry})
    return out


# ---------------------------------------------------------------- the working tree


def _uncommitted(repo: GitRepo, spec: list[str], policy_dir: str, history: History) -> Revision | None:
    """The working tree's changes to the policy lists against HEAD, as one revision (or None)."""
    changed = repo.status(spec)
    if not changed:
        return None
    files: dict[str, dict[str, Entry]] = {}
    for path, entries in _head_state(history).items():
        files[path] = entries
    for path in changed:
        local = repo.top / path
        files.pop(path, None)
        if local.is_file() and local.suffix in (".yaml", ".yml"):
            try:
                text = local.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            entries = policy_entries(text)
            if entries is not None:
                files[path] = entries
    delta = _delta(_union(_head_state(history)), _union(files))
    return Revision("", None, delta) if delta else None


def _head_state(history: History) -> dict[str, dict[str, Entry]]:
    """Every file's entries at HEAD, rebuilt from the base and the revisions."""
    state = dict(history.base)
    for rev in history.revisions:
        for pid, entry in rev.changes.items():
            if entry is None:
                state.pop(pid, None)
            else:
                state[pid] = entry
    return {path: {pid: state[pid] for pid in ids if pid in state} for path, ids in history.head_files.items()}


# ---------------------------------------------------------------- the cache


def _cache_file(cache_root: Path | None, repo: GitRepo, policy_dir: str, max_commits: int) -> Path | None:
    """One file per project folder and policy folder; it says which HEAD it is for."""
    if cache_root is None:
        return None
    import hashlib

    key = json.dumps([CACHE_VERSION, repo.prefix, policy_dir, max_commits])
    return cache_root / CACHE_DIR / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


def _load_cache(cache: Path | None, shallow: bool) -> tuple[History | None, str]:
    if cache is None:
        return None, ""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data["shallow"] != shallow:
            return None, ""
        return History(base=data["base"], notices=data["notices"], head_files=data["head_files"], revisions=[
            Revision(r["commit"], date.fromisoformat(r["day"]), r["changes"]) for r in data["revisions"]]), data["head"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, ""


def _save_cache(cache: Path | None, history: History, repo: GitRepo) -> None:
    """Written whole to a temporary file, then renamed; a read-only project goes without."""
    if cache is None:
        return
    data = {"head": repo.head, "shallow": repo.shallow, "base": history.base, "notices": history.notices,
            "head_files": history.head_files,
            "revisions": [{"commit": r.commit, "day": r.day.isoformat(), "changes": r.changes}
                          for r in history.revisions]}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass
