"""One version of a policy list, from git, read into its policies' fields by id.

Old versions were never checked: each goes through the same guard as a policy list
(:func:`huimin.read.yamlguard.check_yaml`) and libyaml; one that cannot be read is None,
never an error. The fields are kept as JSON values (dates as text), not validated: an old
version may use fields or values the model no longer accepts.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from huimin.model.history import Entry
from huimin.read.yamlguard import POLICY_LIST, check_yaml
from huimin.read.yamlio import load_yaml_fast


def policy_entries(text: str | None, memo: dict | None = None) -> dict[str, Entry] | None:
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
        return read_whole(text)
    header, chunks = split
    memo = {} if memo is None else memo
    head = _load(header + "policies: []\n", memo)
    if head is None:
        return None
    defaults = _defaults(head)
    out: dict[str, Entry] = {}
    for chunk in chunks:
        if chunk not in memo:
            data = _load("policies:\n" + chunk, None)
            memo[chunk] = _plain(data["policies"][0]) if data is not None and len(data["policies"]) == 1 else None
        if memo[chunk] is None:
            return read_whole(text)  # the pieces do not read as they would together
        key = (header, chunk)  # the same policy under the same header: the same entry object, cheap to compare
        if key not in memo:
            memo[key] = _entry(memo[chunk], defaults, plain=True)
        if memo[key] is not None:
            out.setdefault(*memo[key])
    return out


def read_whole(text: str) -> dict[str, Entry] | None:
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


def _by_id(data: dict) -> dict[str, Entry]:
    defaults = _defaults(data)
    out: dict[str, Entry] = {}
    for raw in data["policies"]:
        found = _entry(raw, defaults)
        if found is not None:
            out.setdefault(*found)
    return out


def _defaults(data: dict) -> dict:
    return {k: _plain(data[k]) for k in ("category", "department") if isinstance(data.get(k), (str, int, float))}


def _entry(raw, defaults: dict, plain: bool = False) -> tuple[str, Entry] | None:
    """(id, fields with the file's defaults) of one policy; None without an id.
    ``plain``: the fields are JSON values already."""
    if not (isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip()):
        return None
    fields = raw if plain else {str(k): _plain(v) for k, v in raw.items()}
    return raw["id"].strip(), {**defaults, **{k: v for k, v in fields.items() if k != "id"}}


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
