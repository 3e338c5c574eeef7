"""Write the benchmark corpora: a huimin project and the same pages as a bare mkdocs-material site.

Everything is deterministic for a given seed. The huimin project is a copy of the repository's
site setup (``mkdocs.yml``, ``templates/``, ``content/assets``, ``content/_data/measures.yml``)
plus synthetic ``policy_lists/`` and ``content/submissions/YYYY-MM/*.md``; the number of
submissions is chosen so that the built site has the requested number of pages.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from huimin.model.settings import PublicByKind
from tests.bench import text

REPO = Path(__file__).resolve().parents[2]
AS_OF = date(2025, 6, 30)
SEED = 20240615

REPORTING_UNITS = list(text.UNIT_SLUGS)  # 10 县市区 + 3 “三区”, as in FORMATS.md
MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)][: 30]  # 2023-01 … 2025-06
SUBFOLDERS = {"relocation": "banqian", "health": "jiankang"}  # policy lists in sub-folders, as in the repo


@dataclass
class Corpus:
    root: Path
    policies: list[dict]
    submissions: list[tuple[str, dict]]  # (docs-relative path, {"meta", "body"})
    generated_pages: int = 0  # pages huimin adds (policy pages, facets, indexes, measures)
    content_pages: int = 0  # pages of content/ published as they are (not replaced by a generated one)
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return self.generated_pages + self.content_pages


# ---------------------------------------------------------------- data


def make_policies(count: int, seed: int = SEED, as_of: date = AS_OF) -> list[dict]:
    rng = random.Random(f"{seed}/policies")
    categories = list(text.CATEGORIES)
    used: set[str] = set()
    out = []
    for i in range(count):
        category = categories[i % len(categories)] if i < len(categories) else rng.choice(categories)
        department = text.DEPARTMENTS[i] if i < len(text.DEPARTMENTS) else rng.choice(text.DEPARTMENTS)
        p = text.policy(rng, i + 1, category, department, used, as_of)
        p["category"] = category
        out.append(p)
    return out


def make_submissions(count: int, seed: int = SEED) -> list[tuple[str, dict]]:
    """Submission ``i`` depends only on ``(seed, i)`` (and the titles before it in its unit and
    month): changing ``count`` keeps the others."""
    out = []
    titles: set[tuple[str, str, str]] = set()  # a title twice in one unit and month is a duplicate check refuses
    for i in range(count):
        rng = random.Random(f"{seed}/submission/{i}")
        month = MONTHS[i % len(MONTHS)]
        unit = REPORTING_UNITS[(i // len(MONTHS)) % len(REPORTING_UNITS)]
        sub = text.submission(rng, unit, month)
        while (unit, month, sub["meta"]["title"]) in titles:  # decided by earlier items only: still (seed, i)
            sub["meta"]["title"] += "（续）"
        titles.add((unit, month, sub["meta"]["title"]))
        out.append((f"submissions/{month}/{text.UNIT_SLUGS[unit]}-{i + 1:04d}.md", sub))
    return out


def validity(p: dict, as_of: date = AS_OF) -> str:
    if as_of < p["effective_from"]:
        return "未生效"
    if p.get("effective_until") and as_of > p["effective_until"]:
        return "已失效"
    return "有效"


# ---------------------------------------------------------------- YAML / Markdown writers


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _block(key: str, value: str, indent: str) -> list[str]:
    lines = [f"{indent}{key}: |"]
    lines += [f"{indent}  {line}" if line else "" for line in value.rstrip("\n").split("\n")]
    return lines


POLICY_KEYS = ["id", "title", "department", "summary", "targets", "standard", "conditions", "procedure",
               "contact", "basis", "issued", "effective_from", "effective_until", "eligibility", "on_card", "body"]


def policy_list_yaml(category: str, policies: list[dict]) -> str:
    lines = [
        "# 基准测试用合成数据（SYNTHETIC）：不是正式政策文件。",
        f"category: {_scalar(category)}",
        "policies:",
    ]
    for p in policies:
        first = True
        for key in POLICY_KEYS:
            if key not in p:
                continue
            value = p[key]
            indent = "  - " if first else "    "
            first = False
            if key == "eligibility":
                lines.append(f"{indent}eligibility:")
                lines += [f"      {k}: {_scalar(v)}" for k, v in value.items()]
            elif isinstance(value, str) and "\n" in value:
                lines += _block(key, value, indent)
            else:
                lines.append(f"{indent}{key}: {_scalar(value)}")
        lines.append("")
    return "\n".join(lines) + "\n"


def submission_md(sub: dict) -> str:
    meta = sub["meta"]
    head = "\n".join(f"{k}: {_scalar(v) if k not in ('month',) else v}" for k, v in meta.items())
    return f"---\n{head}\n---\n\n{sub['body']}"


HOME_MD = """\
---
title: 首页
---
# 宜春市惠民政策清单（基准测试）

本站由基准测试程序生成，政策和报送内容均为合成数据，用于测量构建用时和页面大小。

- [全部政策](policies/index.md)
- [按主题分类](policies/category/index.md)
- [按主管部门](policies/department/index.md)
- [按政策对象](policies/target/index.md)
"""


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


# ---------------------------------------------------------------- the huimin project


def write_huimin_base(root: Path, policies: list[dict], repo: Path = REPO) -> None:
    """Everything but the submissions."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "huimin.yml"):
        if (repo / name).is_file():
            shutil.copy2(repo / name, root / name)
    if (root / "templates").exists():
        shutil.rmtree(root / "templates")
    shutil.copytree(repo / "templates", root / "templates")
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    if (repo / "content/assets").is_dir():
        shutil.copytree(repo / "content/assets", content / "assets")
    measures = repo / "content/_data/measures.yml"
    if measures.is_file():
        (content / "_data").mkdir(parents=True, exist_ok=True)
        shutil.copy2(measures, content / "_data/measures.yml")
    _write(content / "index.md", HOME_MD)

    lists = root / "policy_lists"
    if lists.exists():
        shutil.rmtree(lists)
    by_category: dict[str, list[dict]] = defaultdict(list)
    for p in policies:
        by_category[p["category"]].append(p)
    for category, members in by_category.items():
        prefix = text.CATEGORIES[category][0]
        folder = lists / SUBFOLDERS[prefix] if prefix in SUBFOLDERS else lists
        _write(folder / f"{prefix}.yaml", policy_list_yaml(category, members))


def write_submissions(docs: Path, submissions: list[tuple[str, dict]]) -> None:
    if (docs / "submissions").exists():
        shutil.rmtree(docs / "submissions")
    for rel, sub in submissions:
        _write(docs / rel, submission_md(sub))


def count_pages(root: Path, as_of: date = AS_OF) -> tuple[int, int]:
    """(generated pages, hand-written pages) of a huimin project, without building it.

    A generated page with the path of a file in ``content/`` replaces it (submissions are
    rendered from their validated models; one not public has no page), so pages are counted by path; every page becomes
    one ``index.html`` (``use_directory_urls``); generated non-page files (feeds) are not pages.
    """
    from huimin.read.project import read_project
    from huimin.site.nav import site_pages

    project = read_project(root, as_of)
    if project.problems:
        raise SystemExit("合成语料未通过校验：\n" + "\n".join(map(str, project.problems[:20])))
    generated = {page.src_uri for page in site_pages(project) if page.src_uri.endswith(".md")}
    docs = root / "content"
    content = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
               if "_data" not in p.relative_to(docs).parts}
    # a submission that is not public (问题调研类 by default) is read, counted, briefed: no page
    hidden = {s.src_uri for s in project.submissions if not s.public}
    return len(generated), len(content - generated - hidden)


def generate_huimin(root: Path, pages: int = 2000, policies: int = 300, seed: int = SEED,
                    as_of: date = AS_OF, repo: Path = REPO, log=print) -> Corpus:
    """Write the huimin project, choosing the number of submissions so that the site has ``pages`` pages."""
    pols = make_policies(policies, seed, as_of)
    write_huimin_base(root, pols, repo)
    generated, content = count_pages(root, as_of)
    wanted = max(0, pages - generated - content)
    subs: list[tuple[str, dict]] = []
    for _ in range(6):
        subs = make_submissions(wanted, seed)
        write_submissions(root / "content", subs)
        generated, content = count_pages(root, as_of)
        diff = pages - (generated + content)
        if diff == 0 or wanted + diff < 0:
            break
        wanted += diff
    corpus = Corpus(root, pols, subs, generated, content)
    if abs(corpus.pages - pages) > pages * 0.01:
        log(f"注意：页面数 {corpus.pages} 与目标 {pages} 相差超过 1%")
    return corpus


# ---------------------------------------------------------------- the bare mkdocs-material site


def bare_config(repo: Path = REPO) -> dict:
    """The repository's MkDocs settings without huimin: no plugin, no theme override, no nav."""
    with open(repo / "mkdocs.yml", encoding="utf-8") as fh:
        src = yaml.safe_load(fh) or {}
    theme = src.get("theme") or {}
    cfg = {
        "site_name": src.get("site_name", "宜春市惠民政策清单"),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "features": theme.get("features") or ["navigation.indexes", "navigation.prune"],
        },
        "plugins": [{"search": {"lang": "zh"}}],
        "markdown_extensions": src.get("markdown_extensions") or [],
    }
    for key in ("site_description", "site_author", "extra"):
        if key in src:
            cfg[key] = src[key]
    if "palette" in theme:
        cfg["theme"]["palette"] = theme["palette"]
    for feature in ("navigation.indexes", "navigation.prune"):
        if feature not in cfg["theme"]["features"]:
            cfg["theme"]["features"].append(feature)
    return cfg


def _esc(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", "<br>")


def bare_policy_md(p: dict, as_of: date = AS_OF) -> str:
    """The same fields and text as a huimin policy page, hand-written as plain Markdown."""
    rows = [
        ("发文机关/主管部门", p["department"]),
        ("发文字号", p.get("basis", "—")),
        ("成文日期", p["issued"].isoformat()),
        ("有效性", validity(p, as_of)),
        ("主题分类", p["category"]),
        ("政策对象", "、".join(p["targets"])),
        ("补助标准", p["standard"]),
        ("享受条件", p.get("conditions") or "—"),
        ("咨询电话", p.get("contact", "—")),
    ]
    out = [
        "---", f"title: {_scalar(p['title'])}", f"description: {_scalar(p['summary'])}", "---",
        f"# {p['title']}", "",
        "| 索引项 | 内容 |", "| --- | --- |",
        *[f"| {k} | {_esc(v)} |" for k, v in rows],
        "", "## 内容概述", "", p["summary"], "",
    ]
    if p.get("procedure"):
        out += ["## 办理流程", "", p["procedure"].rstrip(), ""]
    if p.get("body"):
        out += ["## 政策详情", "", p["body"].rstrip(), ""]
    return "\n".join(out) + "\n"


def _item(p: dict, up: str) -> str:
    return f"- [{p['title']}]({up}{p['id']}.md)  \n  {p['department']} · {p['summary']}"


def _listing(title: str, policies: list[dict], up: str) -> str:
    body = "\n".join(_item(p, up) for p in policies)
    return f"# {title}\n\n共 {len(policies)} 条\n\n{body}\n"


def bare_listings(policies: list[dict], count: int, as_of: date = AS_OF) -> dict[str, str]:
    """``count`` listing pages (docs path → Markdown), shaped like huimin's indexes and facets."""
    ordered = sorted(policies, key=lambda p: p["title"])
    facets = {
        "category": ("主题分类", lambda p: [p["category"]]),
        "department": ("主管部门", lambda p: [p["department"]]),
        "target": ("政策对象", lambda p: p["targets"]),
        "validity": ("有效性", lambda p: [validity(p, as_of)]),
    }
    candidates: list[tuple[str, str, list[dict], str]] = [
        ("policies/index.md", "政策清单", ordered, ""),
        ("policies/pinyin.md", "拼音索引", ordered, ""),
    ]
    facet_values: dict[str, list[tuple[str, str]]] = {}
    for key, (label, values_of) in facets.items():
        groups: dict[str, list[dict]] = defaultdict(list)
        for p in ordered:
            for v in values_of(p):
                groups[v].append(p)
        candidates.append((f"policies/{key}/index.md", f"按{label}", [], key))
        facet_values[key] = []
        for n, (value, members) in enumerate(sorted(groups.items()), 1):
            path = f"policies/{key}/{key}-{n:03d}/index.md"
            candidates.append((path, value, members, ""))
            facet_values[key].append((value, path))
    chosen = candidates[:count]
    included = {c[0] for c in chosen}
    pages: dict[str, str] = {}
    for path, title, members, facet in chosen:
        if facet:
            links = [f"- [{v}]({Path(vp).relative_to(f'policies/{facet}').as_posix()})"
                     for v, vp in facet_values[facet] if vp in included]
            pages[path] = f"# {title}\n\n" + "\n".join(links) + "\n"
        else:
            up = "../../" if path.endswith("/index.md") and path.count("/") == 3 else ""
            pages[path] = _listing(title, members, up)
    n = 0
    while len(pages) < count:  # more pages than huimin has facet values: further lists of 30
        n += 1
        chunk = [ordered[(n * 30 + i) % len(ordered)] for i in range(30)]
        pages[f"policies/more/list-{n:03d}.md"] = _listing(f"政策列表（{n}）", chunk, "../")
    return pages


def generate_bare(root: Path, corpus: Corpus, pages: int | None = None, as_of: date = AS_OF,
                  repo: Path = REPO) -> int:
    """Write the bare site with as many pages as the huimin site; return its page count."""
    pages = pages or corpus.pages
    root.mkdir(parents=True, exist_ok=True)
    docs = root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    _write(root / "mkdocs.yml", yaml.safe_dump(bare_config(repo), allow_unicode=True, sort_keys=False))
    _write(docs / "index.md", HOME_MD)
    for p in corpus.policies:
        _write(docs / "policies" / f"{p['id']}.md", bare_policy_md(p, as_of))
    # the same items huimin publishes: a submission not public (问题调研类 by default) has no page there
    public = [(rel, sub) for rel, sub in corpus.submissions
              if sub["meta"].get("public", PublicByKind().of(sub["meta"]["kind"]))]
    write_submissions(docs, public)
    fill = pages - 1 - len(corpus.policies) - len(public)
    for rel, md in bare_listings(corpus.policies, max(0, fill), as_of).items():
        _write(docs / rel, md)
    return sum(1 for _ in docs.rglob("*.md"))
