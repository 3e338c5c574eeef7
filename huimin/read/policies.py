"""Read every policy list under ``policy_lists/`` into validated :class:`Policy` models."""

from __future__ import annotations

import difflib
from dataclasses import replace
from functools import partial
from pathlib import Path

from pydantic import ValidationError

from huimin.model.errors import Problem
from huimin.model.fields import identifier
from huimin.model.policy import Policy, PolicyFile
from huimin.model.settings import TargetGroup
from huimin.read.messages import field_label, problems_from
from huimin.read.roster_tags import TAGS_WHERE, closest
from huimin.read.yamlguard import KB, POLICY_LIST, Limits, check_yaml
from huimin.read.yamlio import load_yaml_fast, load_yaml_text, locate, locate_value, read_utf8


def policy_files(policy_dir: Path) -> list[Path]:
    """Every ``*.yaml`` / ``*.yml`` below the folder, in a stable order."""
    if not policy_dir.is_dir():
        return []
    found = [p for p in policy_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(policy_dir).as_posix())


def load_policy_file(
    path: Path, shown: str, targets: list[TargetGroup] | None = None, limits: Limits = POLICY_LIST,
    member_tags: list[str] | None = None,
) -> tuple[list[Policy], list[Problem]]:
    """One policy list: its valid policies and every problem found in it.

    With ``targets`` (the 政策对象 vocabulary), every target must be one of its names or
    aliases, and each policy learns its groups (:attr:`Policy.target_groups`). With
    ``member_tags`` (the 成员情况 vocabulary), every ``eligibility.member_tags`` must be in it.

    A valid file is read with libyaml (about 20 times faster); a file with any problem is
    read again with ruamel.yaml, which keeps the line and column of every value. Either
    reads only a file that :func:`check_yaml` let through (size, depth, anchors, tags,
    characters).
    """
    group_of = None if targets is None else {identifier(t): g.name for g in targets for t in (g.name, *g.aliases)}
    tags = None if member_tags is None else frozenset(member_tags)
    text, problem = read_utf8(path, shown, limits.max_bytes)
    if problem:
        return [], [problem]
    refused = check_yaml(text, shown, limits, policy_label)
    if refused:
        return [], refused
    fast, data = load_yaml_fast(text)
    if fast:
        policies = _valid_policies(data)
        if policies is not None and all(_known_targets(p, group_of) and _known_tags(p, tags) for p in policies):
            ids = _IdPositions(text)
            for index, policy in enumerate(policies):
                policy._source = (shown, 0, 0)
                policy._locate = partial(ids.of, index)
            return policies, []
    data, problem = load_yaml_text(text, shown)
    if problem:
        return [], [problem]
    if data is None:
        return [], [Problem(shown, 1, 1, "", "文件为空，至少应有 policies: 列表")]
    if not isinstance(data, dict):
        return [], [Problem(shown, 1, 1, "", "文件内容应为“字段: 值”形式的映射（category、department、policies）")]
    try:
        header = PolicyFile.model_validate(dict(data))
    except ValidationError as exc:
        return [], problems_from(exc, PolicyFile, data, shown)

    policies: list[Policy] = []
    problems: list[Problem] = []
    for index, raw in enumerate(header.policies):
        prefix = ("policies", index)
        line, col = locate(data, prefix)
        if not isinstance(raw, dict):
            problems.append(Problem(shown, line, col, "policies", "每条政策应为“字段: 值”形式的映射（以“- id: …”开头）"))
            continue
        try:
            policy = Policy.model_validate(_with_file_defaults(raw, header))
        except ValidationError as exc:
            found = problems_from(exc, Policy, data, shown, prefix)
            problems.extend(_explain_defaults(found, raw))
            continue
        policy._source = (shown, *locate_value(data, prefix + ("id",)))
        if not _known_targets(policy, group_of):
            for i, term in enumerate(policy.targets):
                if identifier(term) not in group_of:
                    line, col = locate_value(data, prefix + ("targets", i))
                    problems.append(Problem(shown, line, col, "targets（政策对象）", unknown_target(term, targets)))
        if not _known_tags(policy, tags):
            for i, tag in enumerate(policy.eligibility.member_tags):
                if tag not in tags:
                    line, col = locate_value(data, prefix + ("eligibility", "member_tags", i))
                    problems.append(Problem(shown, line, col, policy_label(prefix + ("eligibility", "member_tags", i)),
                                            f"未知的成员情况“{tag}”{closest(tag, member_tags)}；{TAGS_WHERE}"))
        policies.append(policy)
    return policies, problems


def _known_targets(policy: Policy, group_of: dict[str, str] | None) -> bool:
    """True when every target is in the vocabulary; records the policy's groups."""
    if group_of is None:
        return True
    keys = [identifier(t) for t in policy.targets]
    if any(k not in group_of for k in keys):
        return False
    policy._target_groups = tuple(dict.fromkeys(group_of[k] for k in keys))
    return True


def _known_tags(policy: Policy, tags: frozenset[str] | None) -> bool:
    """True when every ``eligibility.member_tags`` is in the 成员情况 vocabulary."""
    return tags is None or all(t in tags for t in policy.eligibility.member_tags or ())


CLOSEST_SHOWN = 3
CLOSE_ENOUGH = 0.6  # difflib ratio: 农村低保户家 ~ 农村低保户 0.91, 低保对象 ~ 监测对象 only 0.5


def unknown_target(term: str, targets: list[TargetGroup]) -> str:
    """The message for a target outside the vocabulary, naming the closest groups.

    Closeness is difflib's ratio on characters, so 农村低保户家 finds the alias 农村低保户
    and 残疾儿童康复对象 finds 残疾儿童; each group is named once, by its best word.
    """
    best: dict[str, tuple[float, str]] = {}
    for group in targets:
        for word in (group.name, *group.aliases):
            score = difflib.SequenceMatcher(None, term, word).ratio()
            if score > best.get(group.name, (0.0, ""))[0]:
                best[group.name] = (score, word)
    close = sorted(((s, name, word) for name, (s, word) in best.items() if s >= CLOSE_ENOUGH), key=lambda x: -x[0])
    where = "可用的政策对象见 huimin.yml 的 targets（没有设置时见 README 中的默认政策对象）"
    if not close:
        return f"未知的政策对象“{term}”；{where}"
    shown = "、".join(name if word == name else f"{name}（别名 {word}）" for _, name, word in close[:CLOSEST_SHOWN])
    return f"未知的政策对象“{term}”，最接近的是：{shown}；{where}"


def _with_file_defaults(raw: dict, header: PolicyFile) -> dict:
    """A policy's fields, with the file's category and department where it gives none."""
    merged = dict(raw)
    for key, default in (("category", header.category), ("department", header.department)):
        if key not in merged and default is not None:
            merged[key] = default
    return merged


def _valid_policies(data) -> list[Policy] | None:
    """Every policy of a file, or None when anything is wrong (then read it with positions)."""
    if not isinstance(data, dict):
        return None
    try:
        header = PolicyFile.model_validate(data)
        policies = []
        for raw in header.policies:
            if not isinstance(raw, dict):
                return None
            policies.append(Policy.model_validate(_with_file_defaults(raw, header)))
    except ValidationError:
        return None
    return policies


def _explain_defaults(problems: list[Problem], raw: dict) -> list[Problem]:
    out = []
    for p in problems:
        key = p.field.split("（")[0]
        if key in ("category", "department") and key not in raw and p.message == "缺少必填字段":
            p = Problem(p.path, p.line, p.column, p.field, f"缺少必填字段（文件开头也没有设置默认的 {key}）")
        out.append(p)
    return out


def policy_limits(settings) -> Limits:
    """The limits of a policy list, with huimin.yml's ``limits.policy_list_kb``."""
    return replace(POLICY_LIST, max_bytes=settings.limits.policy_list_kb * KB)


def policy_label(loc: tuple) -> str:
    """``title（政策名称）`` for a place in a policy list: a policy's field, or the file's."""
    if len(loc) > 2 and loc[0] == "policies" and isinstance(loc[1], int) and any(isinstance(p, str) for p in loc[2:]):
        return field_label(Policy, loc[2:])
    return field_label(PolicyFile, loc)


def load_policies(
    root: Path, policy_dir: str = "policy_lists", targets: list[TargetGroup] | None = None,
    limits: Limits = POLICY_LIST, member_tags: list[str] | None = None,
) -> tuple[list[Policy], list[Problem]]:
    """All policies of the project, checking that ids are unique across files and, with
    ``targets`` and ``member_tags`` (huimin.yml's vocabularies), that every target is a known
    政策对象 and every ``eligibility.member_tags`` a known 成员情况."""
    base = root / policy_dir
    policies: list[Policy] = []
    problems: list[Problem] = []
    for path in policy_files(base):
        shown = path.relative_to(root).as_posix()
        found, errs = load_policy_file(path, shown, targets, limits, member_tags)
        policies.extend(found)
        problems.extend(errs)
    seen: dict[str, Policy] = {}
    unique: list[Policy] = []
    for policy in policies:
        first = seen.get(policy.id)
        if first is None:
            seen[policy.id] = policy
            unique.append(policy)
            continue
        path, line, col = policy.source
        problems.append(Problem(
            path, line, col, "id（编号）",
            f"编号“{policy.id}”重复：{':'.join(map(str, first.source))} 已使用这个编号，编号在全部政策清单中必须唯一",
        ))
    return unique, problems


class _IdPositions:
    """Where each policy's id is in a file read on the fast path: the text is read again
    with positions (ruamel) the first time one is asked for, and only once per file."""

    def __init__(self, text: str):
        self.text: str | None = text
        self.data = None

    def of(self, index: int) -> tuple[int, int] | None:
        if self.text is not None:
            self.data, _ = load_yaml_text(self.text, "")
            self.text = None
        return None if self.data is None else locate_value(self.data, ("policies", index, "id"))
