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
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from huimin.model.history import Entry, Revision
from huimin.read.history_git import GitError, GitRepo, blobs, open_repo
from huimin.read.yamlguard import POLICY_LIST, check_yaml
from huimin.read.yamlio import load_yaml_fast

MAX_COMMITS = 1000  # commits that changed the policy lists, newest first; older ones are one base state
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
                 max_commits: int = MAX_COMMITS) -> History:
    """The history of the policy lists under ``root/policy_dir``; never raises for git trouble."""
    try:
        repo = open_repo(root)
        if repo is None:
            return History()  # not a repository (or no commit yet): no history, nothing to say
        spec = repo.pathspec(policy_dir)
        cache = _cache_file(cache_root, repo, policy_dir, max_commits)
        found = _load_cache(cache)
        if found is None:
            found = _committed(repo, spec, max_commits)
            _save_cache(cache, found)
        else:
            found.cached = True
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


def _committed(repo: GitRepo, spec: list[str], max_commits: int) -> History:
    commits = repo.log(spec, max_commits)
    history = History()
    if not commits:
        return history
    cut = len(commits) == max_commits and repo.has_parent(commits[0][0])
    silent_first = not cut and repo.shallow and repo.is_boundary(commits[0][0])
    wanted = {sha for _, _, files in commits for sha in files.values() if sha}
    base_files: dict[str, str] = {}
    if cut:
        base_files = repo.tree(commits[0][0] + "^", spec)
        wanted.update(base_files.values())
    memo: dict = {}
    parsed = {sha: _entries(text, memo) for sha, text in blobs(repo, wanted).items()}
    files: dict[str, dict[str, Entry]] = {}  # path → its entries, at the last readable revision
    for path, sha in base_files.items():
        if parsed.get(sha) is not None:
            files[path] = parsed[sha]
    state = _union(files)
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
        history.notices.append(f"政策清单的 git 历史超过 {max_commits} 次提交，修订记录只从 "
                               f"{commits[0][1].isoformat()} 开始")
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
    out.update({pid: entry for pid, entry in new.items() if old.get(pid) != entry})
    return out


def _entries(text: str | None, memo: dict | None = None) -> dict[str, Entry] | None:
    """The policies of one revision of a policy list by id, or None when it cannot be read
    (not UTF-8, refused by the guard, not YAML, not a policy list).

    Consecutive revisions of a list differ in a policy or two: each policy's lines (from its
    ``- id:`` to the next) are read on their own and remembered in ``memo`` by their text, so
    a revision costs only its changed policies. A file of another shape is read whole.
    """
    if text is None:
        return None
    split = _split(text)
    if split is None:
        return _read_whole(text)
    header, chunks = split
    memo = {} if memo is None else memo
    head = _load(header + "policies: []\n", memo)
    if head is None:
        return None
    items = []
    for chunk in chunks:
        if chunk not in memo:
            data = _load("policies:\n" + chunk, None)
            memo[chunk] = _plain(data["policies"][0]) if data is not None and len(data["policies"]) == 1 else None
        if memo[chunk] is None:
            return _read_whole(text)  # the pieces do not read as they would together
        items.append(memo[chunk])
    return _by_id({**head, "policies": items}, plain=True)


def _read_whole(text: str) -> dict[str, Entry] | None:
    data = _load(text, None)
    return None if data is None else _by_id(data)


def _load(text: str, memo: dict | None):
    if memo is not None and text in memo:
        return memo[text]
    data = None
    if not check_yaml(text, "", POLICY_LIST):
        ok, found = load_yaml_fast(text)
        if ok and isinstance(found, dict) and isinstance(found.get("policies"), list):
            data = found
    if memo is not None:
        memo[text] = data
    return data


_POLICIES = re.compile(r"^policies:[ \t]*(#.*)?\r?$", re.M)
_FIRST_ITEM = re.compile(r"\A(?:[ \t]*(?:#.*)?\r?\n)*( *)- ")


def _split(text: str) -> tuple[str, list[str]] | None:
    """(the lines before ``policies:``, each policy's lines), or None unless ``policies:`` is the
    last top-level key and a block list whose items all start at one indentation."""
    found = _POLICIES.search(text)
    if found is None:
        return None
    rest = text[found.end() + 1:]
    first = _FIRST_ITEM.match(rest)
    if first is None:
        return None
    n = len(first.group(1))
    starts = []
    for line in re.finditer(rf"^ {{0,{n}}}\S", rest, re.M):  # lines no deeper than the items
        at = line.start()
        if rest.startswith(" " * n + "- ", at):
            starts.append(at)
        elif rest[line.end() - 1] != "#":
            return None  # another top-level key after the list (or something odd): not our shape
    chunks = [rest[a:b] for a, b in zip(starts, starts[1:] + [len(rest)])]
    return text[:found.start()], chunks


def _by_id(data: dict, plain: bool = False) -> dict[str, Entry]:
    """``plain``: the policies are JSON values already."""
    defaults = {k: _plain(data[k]) for k in ("category", "department") if isinstance(data.get(k), (str, int, float))}
    out: dict[str, Entry] = {}
    for raw in data["policies"]:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
            fields = raw if plain else {str(k): _plain(v) for k, v in raw.items()}
            entry = {**defaults, **{k: v for k, v in fields.items() if k != "id"}}
            out.setdefault(raw["id"].strip(), entry)
    return out


def _plain(value):
    """A YAML value as JSON: dates as text, numbers as text (as the model reads them), text stripped."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


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
            entries = _entries(text)
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
    if cache_root is None:
        return None
    import hashlib

    key = json.dumps([CACHE_VERSION, repo.head, repo.prefix, policy_dir, max_commits, repo.shallow])
    return cache_root / CACHE_DIR / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


def _load_cache(cache: Path | None) -> History | None:
    if cache is None:
        return None
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return History(base=data["base"], notices=data["notices"], head_files=data["head_files"], revisions=[
            Revision(r["commit"], date.fromisoformat(r["day"]), r["changes"]) for r in data["revisions"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save_cache(cache: Path | None, history: History) -> None:
    """One cache file (the previous HEAD's is removed); a read-only project goes without."""
    if cache is None:
        return
    data = {"base": history.base, "notices": history.notices, "head_files": history.head_files,
            "revisions": [{"commit": r.commit, "day": r.day.isoformat(), "changes": r.changes}
                          for r in history.revisions]}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("*.json"):
            old.unlink()
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass
