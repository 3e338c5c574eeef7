"""The few git commands the policy history needs, run as subprocesses (no library).

Only plumbing output is read: commit ids, committer dates (``%cs``), blob ids and file
contents; never messages, author names or e-mail addresses. Every command has a time limit.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from huimin.read.yamlguard import POLICY_LIST
from huimin.read.yamlio import decode_utf8

TIMEOUT = 120  # seconds for one git command: a huge history is cut short, never waited on forever
NO_BLOB = "0" * 40
_CONFIG = ["-c", "core.quotePath=false", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
           "-c", "diff.external=", "--no-pager"]


class GitError(Exception):
    """git is there but could not answer (time limit, a broken repository); the message is Chinese."""


@dataclass
class GitRepo:
    top: Path  # the repository's top folder
    prefix: str  # the project folder inside it, "" or "sub/dir/"
    head: str
    shallow: bool
    cwd: Path
    policy_dir: str = ""

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
        return _git(self.cwd, *args, stdin=stdin, check=check)

    def pathspec(self, policy_dir: str) -> list[str]:
        self.policy_dir = policy_dir.strip("/")
        return [f":(glob){self.policy_dir}/**/*.yaml", f":(glob){self.policy_dir}/**/*.yml"]

    def log(self, spec: list[str], max_commits: int) -> list[tuple[str, date, dict[str, str | None]]]:
        """Commits that changed a policy list, oldest first: (id, date, {path: blob id or None})."""
        out = self.run("log", "-z", "--raw", "--no-abbrev", "--no-renames", "--first-parent", "-m", "--root",
                       "--no-textconv", "--no-ext-diff", "--format=commit %H %cs", f"--max-count={max_commits}",
                       "--", *spec)
        commits: list[tuple[str, date, dict[str, str | None]]] = []
        tokens = out.decode("utf-8", "surrogateescape").split("\0")
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip("\n")
            i += 1
            if token.startswith("commit "):
                _, sha, day = token.split(" ")
                commits.append((sha, date.fromisoformat(day), {}))
            elif token.startswith(":") and commits and i < len(tokens):
                fields = token.split(" ")
                path = tokens[i]
                i += 1
                commits[-1][2][path] = None if fields[3] == NO_BLOB or fields[1] == "000000" else fields[3]
        commits.reverse()
        return commits

    def has_parent(self, commit: str) -> bool:
        return _git(self.cwd, "rev-parse", "--verify", "-q", commit + "^", check=False) != b""

    def is_boundary(self, commit: str) -> bool:
        """A commit whose parents a shallow clone left out."""
        where = self.run("rev-parse", "--git-path", "shallow").decode().strip()
        try:
            return commit in (self.cwd / where).read_text().split()
        except OSError:
            return False

    def tree(self, rev: str, spec: list[str]) -> dict[str, str]:
        """The policy lists at ``rev``: {path from the top: blob id}."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", rev).decode("utf-8", "surrogateescape")
        inside = f"{self.prefix}{self.policy_dir}/"
        found = {}
        for row in filter(None, out.split("\0")):
            meta, path = row.split("\t", 1)
            mode, kind, sha = meta.split(" ")
            if kind == "blob" and path.startswith(inside) and path.endswith((".yaml", ".yml")):
                found[path] = sha
        return found

    def status(self, spec: list[str]) -> list[str]:
        """Policy lists that differ from HEAD in the working tree (changed, new or deleted)."""
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", *spec)
        return [row[3:] for row in out.decode("utf-8", "surrogateescape").split("\0") if len(row) > 3]


def open_repo(root: Path) -> GitRepo | None:
    """The repository holding ``root`` and its HEAD, or None (no git repository, no commit yet).
    git not installed: None when there is no ``.git`` either, else :class:`GitError`."""
    try:
        out = _git(root, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "HEAD",
                   check=False)
    except FileNotFoundError:
        if any((folder / ".git").exists() for folder in (root, *root.parents)):
            raise GitError("未找到 git 程序") from None
        return None
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 4 or len(lines[3]) != 40:
        return None
    return GitRepo(Path(lines[0]), lines[1], lines[3], lines[2] == "true", root)


def blobs(repo: GitRepo, shas: set[str]) -> dict[str, str | None]:
    """The text of each blob (None: too big for a policy list, or not UTF-8), two git processes."""
    if not shas:
        return {}
    order = sorted(shas)
    checked = repo.run("cat-file", "--batch-check", stdin="\n".join(order).encode() + b"\n").decode().split("\n")
    small = []
    for row in checked:
        parts = row.split(" ")
        if len(parts) == 3 and parts[1] == "blob" and int(parts[2]) <= POLICY_LIST.max_bytes:
            small.append(parts[0])
    texts: dict[str, str | None] = dict.fromkeys(order)
    if not small:
        return texts
    out = repo.run("cat-file", "--batch", stdin="\n".join(small).encode() + b"\n")
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        sha, _, size = out[at:end].decode().split(" ")
        body = out[end + 1:end + 1 + int(size)]
        at = end + 1 + int(size) + 1
        texts[sha], _ = decode_utf8(body, "")
    return texts


def _git(cwd: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(["git", *_CONFIG, *args], cwd=cwd, input=stdin, capture_output=True,
                              timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 超过 {TIMEOUT} 秒未完成") from None
    if done.returncode != 0:
        if check:
            raise GitError(f"git {args[0]} 出错") from None
        return b""
    return done.stdout
