"""A whole project read and validated: settings, policies, measures. The one source of truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from huimin.model.errors import HuiminError, Problem
from huimin.model.policy import Policy
from huimin.model.settings import Settings
from huimin.read.policies import load_policies, policy_limits
from huimin.read.settings import load_settings

MEASURES_FILE = "content/_data/measures.yml"


@dataclass
class Project:
    root: Path
    settings: Settings
    policies: list[Policy]
    as_of: date
    measures: object | None = None  # huimin.read.measures_yaml.MeasureDocument
    submissions: list = field(default_factory=list)  # huimin.read.submissions.Submission
    experiences: list = field(default_factory=list)  # huimin.read.submissions.Experience
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # files under content/ left out of the site
    search_synonyms: dict[str, list[str]] = field(default_factory=dict)  # 群众的说法 → 政策用语

    def policy(self, policy_id: str) -> Policy:
        return next(p for p in self.policies if p.id == policy_id)


def find_root(start: Path | None = None) -> Path:
    """The folder holding ``mkdocs.yml`` (the current one or a parent)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise HuiminError(f"{here}: 找不到 mkdocs.yml：请在项目文件夹（含 mkdocs.yml 的文件夹）中运行")


def read_project(root: Path, as_of: date | None = None, *, policies_only: bool = False) -> Project:
    """Read everything, collecting every problem (nothing raises for bad input).

    ``policies_only``: settings and policy lists only, for the commands that print nothing else
    (cards, handbook): a submission's mistake must not stop a village's cards."""
    settings, problems = load_settings(root)
    policies, policy_problems = load_policies(root, settings.policy_dir, settings.targets, policy_limits(settings),
                                              settings.member_tags)
    problems += policy_problems
    if policies_only:
        return Project(root, settings, policies, as_of or settings.as_of or date.today(),
                       problems=sorted(problems, key=_order))
    measures = None
    measures_path = root / MEASURES_FILE
    if measures_path.exists():
        from huimin.read.measures_yaml import load_measures

        measures, measure_problems = load_measures(measures_path, MEASURES_FILE)
        problems += measure_problems
    from huimin.read.submissions import load_experiences, load_submissions

    submissions, found = load_submissions(root, settings)
    problems += found
    experiences, found = load_experiences(root, settings)
    problems += found
    from huimin.read.published import scan_content

    found, notices = scan_content(root)  # no roster may reach the site
    problems += found
    from huimin.read.search_synonyms import search_synonyms

    synonyms, found = search_synonyms(settings)
    problems += found
    day = as_of or settings.as_of or date.today()
    from huimin.read.duplicates import duplicate_problems
    from huimin.read.mistakes import late_problems

    problems += duplicate_problems(root, submissions)  # sent twice: counted once, or not at all
    problems += late_problems(root, submissions, experiences, day)
    return Project(root, settings, policies, day, measures, submissions, experiences,
                   sorted(problems, key=_order), notices, synonyms)


def load_project(root: Path, as_of: date | None = None, *, policies_only: bool = False) -> Project:
    """Read and validate; raise :class:`HuiminError` listing every problem."""
    project = read_project(root, as_of, policies_only=policies_only)
    if project.problems:
        raise HuiminError(project.problems)
    return project


def _order(p: Problem) -> tuple:
    return (p.path, p.line, p.column, p.field, p.message)
