"""The few git commands the policy history needs, run as subprocesses (no library).

Only plumbing output is read: commit ids, committer dates (``%cs``), blob ids and file
contents; never messages, author names or e-mail addresses. Every command has a time limit.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from huimin.read.yamlio import decode_utf8

TIMEOUT = 120  # seconds for one git command: a huge history is cut short, never waited on forever
NO_BLOB = "0" * 40
_CONFIG = ["-c", "core.quotePath=false", "-c", "color.ui=false", "-c", "core.fsmonitor=false",
           "-c", "log.showSignature=false", "-c", "diff.external=", "--no-pager"]  # whatever the user's git config


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

    def log(self, spec: list[str], max_commits: int, since: str | None = None
            ) -> list[tuple[str, date, dict[str, str | None]]]:
        """Commits that changed a policy list, oldest first: (id, date, {path: blob id or None});
        ``since``: only those after that commit."""
        out = self.run("log", "-z", "--raw", "--no-abbrev", "--no-renames", "--first-parent", "-m", "--root",
                       "--no-textconv", "--no-ext-diff", "--format=commit %H %cs", f"--max-count={max_commits}",
                       f"{since}..{self.head}" if since else self.head, "--", *spec)
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

    def follows(self, commit: str, within: int) -> bool:
        """``commit`` is one of the last ``within`` commits on HEAD's first-parent line."""
        out = self.run("rev-list", "--first-parent", f"--max-count={within}", self.head, check=False)
        return commit.encode() in out.split(b"\n")

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


def blob_sizes(repo: GitRepo, shas: set[str]) -> dict[str, int]:
    """The size in bytes of each blob (``git cat-file --batch-check``)."""
    if not shas:
        return {}
    out = repo.run("cat-file", "--batch-check", stdin="\n".join(sorted(shas)).encode() + b"\n").decode()
    sizes = {}
    for row in out.split("\n"):
        parts = row.split(" ")
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    return sizes


def blobs(repo: GitRepo, shas: list[str]) -> Iterator[tuple[str, str | None]]:
    """Each blob's text (None: not UTF-8), streamed from one ``git cat-file --batch``: only one
    blob is held at a time. Blobs larger than a policy list may be are not asked for."""
    if not shas:
        return
    proc = subprocess.Popen(["git", *_CONFIG, "cat-file", "--batch"], cwd=repo.cwd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env())
    feed = threading.Thread(target=_feed, args=(proc.stdin, shas), daemon=True)
    feed.start()
    deadline = time.monotonic() + TIMEOUT
    try:
        for _ in shas:
            head = proc.stdout.readline().decode().split(" ")
            if len(head) != 3 or time.monotonic() > deadline:
                raise GitError(f"git cat-file 出错或超过 {TIMEOUT} 秒未完成")
            body = proc.stdout.read(int(head[2]) + 1)[:-1]
            yield head[0], decode_utf8(body, "")[0]
    finally:
        proc.kill()
        proc.wait()


def _feed(pipe, shas: list[str]) -> None:
    try:
        for sha in shas:
            pipe.write(sha.encode() + b"\n")
        pipe.close()
    except OSError:
        pass  # git was stopped


def _env() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


def _git(cwd: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
    try:
        done = subprocess.run(["git", *_CONFIG, *args], cwd=cwd, input=stdin, capture_output=True,
                              timeout=TIMEOUT, env=_env())
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 超过 {TIMEOUT} 秒未完成") from None
    if done.returncode != 0:
        if check:
            raise GitError(f"git {args[0]} 出错") from None
        return b""
    return done.stdout
