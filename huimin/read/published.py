"""What the site may publish from its content folder (``docs_dir``, normally ``content/``).

The engine copies every file of the content folder into the site byte for byte, so a
household roster (户名单: names, ID numbers) left there would be published. This module
decides, before anything is built:

- spreadsheets and CSV-like files are refused (an error): rosters travel as such files;
- a published text file (page, HTML, plain text, JSON, SVG …) whose content looks like a
  roster is refused: a mainland ID number (checked date and check digit), or a table
  header / CSV line with roster column names;
- any other file type the site does not use (.docx, .zip, no extension …) is not copied:
  a notice, and the adapter leaves the file out of the build (:func:`site_file`).

Engine-neutral: the adapter asks :func:`site_file`; checking goes through
:func:`scan_content`, called by :func:`huimin.read.project.read_project`.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pathspec

from huimin.model.errors import Problem
from huimin.read.filememo import memo_by_file

DEFAULT_DOCS_DIR = "content"
DEFAULT_EXCLUDE = "_data/"  # what our mkdocs.yml excludes, when it cannot be read

# Types the site publishes: pages, images, PDFs, styles, scripts, fonts, audio/video and
# the few text files a site commonly carries (robots.txt, verification .html/.txt files).
PAGE_TYPES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
SITE_TYPES = PAGE_TYPES | frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico",
    ".pdf",
    ".css", ".js",
    ".woff", ".woff2", ".ttf", ".otf",
    ".mp3", ".mp4",
    ".html", ".htm", ".txt", ".xml", ".json",
})
# Published types that are text: their content is scanned for personal data.
TEXT_TYPES = PAGE_TYPES | frozenset({".svg", ".css", ".js", ".html", ".htm", ".txt", ".xml", ".json"})
# Spreadsheets, CSV-like files and table databases (Excel, WPS 表格, LibreOffice, Numbers).
TABLE_TYPES = frozenset({
    ".csv", ".tsv", ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".xlsb",
    ".ods", ".fods", ".et", ".ett", ".numbers", ".dbf",
})

SCAN_BYTES = 4 << 20  # read at most the first 4 MiB of a file
ROW_CHARS = 1 << 16   # an HTML table row longer than this is not looked at as one row

# Column names of rosters (ours and the national monitoring system's export). A row is a
# roster header when it has two of them as whole cells, one of which identifies a person
# or a household: "姓名 | 联系电话" (a contact list) or "户类型 | 监测类型" (a policy
# table) are not rosters; "户编号 | 户主姓名" and "姓名 | 证件号码" are.
IDENTITY_COLUMNS = frozenset({
    "证件号码", "身份证号", "身份证号码", "公民身份号码", "身份证", "户主身份证号", "户主身份证号码",
    "户编号", "人编号", "户主姓名", "与户主关系", "银行卡号", "银行账号",
})
ROSTER_COLUMNS = IDENTITY_COLUMNS | frozenset({
    "姓名", "户主", "性别", "民族", "出生日期", "年龄", "县市区", "县(市、区、旗)", "乡镇", "乡(镇)",
    "村", "行政村", "村民小组", "家庭住址", "住址", "联系电话", "手机号码", "户类型", "监测类型",
    "监测对象类别", "家庭人口", "人数", "成员情况", "帮扶责任人", "帮扶责任人电话", "文化程度",
    "健康状况", "劳动技能", "务工状况", "开户银行", "脱贫年度",
})

# 18-character mainland ID: region (province code checked below), birth date, sequence,
# check digit. Not part of a longer run of digits.
_ID = re.compile(
    r"(?<![0-9])([1-9][0-9])[0-9]{4}((?:18|19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])"
    r"[0-9]{3}[0-9Xx](?![0-9])"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_PROVINCES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
})
_CELL_SEPARATOR = re.compile(r"<[^<>\n]*>|[|,\t;\u3000]| {2,}")
_ROW_TAG = re.compile(r"<(/?)(tr|table)\b[^<>]*>", re.I)
_CELL_TRIM = " \t\r\n\u3000*_:："

TABLE_MESSAGE = (
    "表格文件不能放在网站内容目录 {docs}/ 中：户名单等表格含个人信息，会被原样公开到网站上。"
    "请移到项目以外的文件夹（印明白卡用 huimin cards 名单.xlsx --out 输出文件夹）"
)
ID_MESSAGE = "疑似身份证号码：网站内容不能含身份证号码等个人信息，会被原样公开。请删去{more}"
HEADER_MESSAGE = "疑似户名单表头（{names}）：户名单含个人信息，不能放在网站内容中。请删去{more}"
MORE = "（本文件另有 {n} 处疑似个人信息）"
NOT_COPIED_MESSAGE = "不是网站使用的文件类型（{kind}），不会复制到网站；需要公开的文件请另存为 PDF"


def site_file(src_uri: str) -> bool:
    """Whether a file of the content folder (path inside it) is copied into the site."""
    return _suffix(src_uri) in SITE_TYPES


def not_copied(shown: str) -> Problem:
    """The notice for a file the site leaves out (``shown``: path from the project root)."""
    suffix = _suffix(shown)
    return Problem(shown, 0, 0, "", NOT_COPIED_MESSAGE.format(kind=suffix or "无扩展名"))


def scan_content(root: Path) -> tuple[list[Problem], list[Problem]]:
    """Every file the site would publish from the content folder, checked.

    Returns (problems, notices): problems refuse the build; notices name files left out.
    """
    docs_name, exclude = _site_layout(root)
    docs = root / docs_name
    problems: list[Problem] = []
    notices: list[Problem] = []
    if not docs.is_dir():
        return problems, notices
    shown_docs = docs_name.strip("/")
    for folder, dirs, names in os.walk(docs, followlinks=True):  # as MkDocs walks it
        rel_folder = Path(folder).relative_to(docs).as_posix()
        prefix = "" if rel_folder == "." else rel_folder + "/"
        dirs[:] = sorted(d for d in dirs if not exclude.match_file(f"{prefix}{d}/"))
        for name in sorted(names):
            src_uri = prefix + name
            if exclude.match_file(src_uri):
                continue
            shown = f"{shown_docs}/{src_uri}"
            suffix = _suffix(name)
            if suffix in TABLE_TYPES:
                problems.append(Problem(shown, 0, 0, "", TABLE_MESSAGE.format(docs=shown_docs)))
            elif suffix not in SITE_TYPES:
                notices.append(not_copied(shown))
            elif suffix in TEXT_TYPES:
                found = personal_data(Path(folder) / name, shown)
                if found:
                    problems.append(found)
    return problems, notices


@memo_by_file
def personal_data(path: Path, shown: str) -> Problem | None:
    """The first sign of a roster in a text file (line and column), counting the rest."""
    text = _read_text(path)
    if text is None:
        return None
    hits = sorted(_hits(text))
    if not hits:
        return None
    offset, names = hits[0]
    more = MORE.format(n=len(hits) - 1) if len(hits) > 1 else ""
    if names:
        message = HEADER_MESSAGE.format(names="、".join(names), more=more)
    else:
        message = ID_MESSAGE.format(more=more)
    line, column = _Lines(text).locate(offset)
    return Problem(shown, line, column, "", message)


def is_id_number(text: str) -> bool:
    """An 18-character mainland ID number: province, birth date and check digit all valid."""
    m = _ID.fullmatch(text)
    return bool(m) and _valid_id(m)


# --------------------------------------------------------------------------- internals


def docs_dir_name(root: Path) -> str:
    """The content folder's name (``docs_dir`` in mkdocs.yml, normally ``content``)."""
    return _site_layout(root)[0]


def _site_layout(root: Path) -> tuple[str, pathspec.PathSpec]:
    """docs_dir and the files MkDocs leaves out (its defaults + exclude_docs) from mkdocs.yml."""
    docs, extra = DEFAULT_DOCS_DIR, DEFAULT_EXCLUDE
    config = _read_mkdocs_yml(root / "mkdocs.yml")
    if isinstance(config, dict):
        if isinstance(config.get("docs_dir"), str):
            docs = config["docs_dir"]
        if "exclude_docs" in config:
            extra = config["exclude_docs"] if isinstance(config["exclude_docs"], str) else ""
    lines = [".*", "/templates/", *extra.splitlines()]  # MkDocs' own defaults first
    try:
        return docs, pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:
        return docs, pathspec.GitIgnoreSpec.from_lines([".*", "/templates/", DEFAULT_EXCLUDE])


def _read_mkdocs_yml(path: Path) -> object:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may use tags such as !!python/name or !ENV: their values do not matter here.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f, Loader=Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _read_text(path: Path) -> str | None:
    """The first SCAN_BYTES of a text file, decoded; None for binaries and unreadable files."""
    try:
        with path.open("rb") as f:
            data = f.read(SCAN_BYTES + 1)
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    if len(data) > SCAN_BYTES:  # cut at a line end, not inside a character
        data = data[: data.rfind(b"\n", 0, SCAN_BYTES) + 1 or SCAN_BYTES]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _hits(text: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(offset, ()) for each ID number; (offset, column names) for each roster header row."""
    for m in _ID.finditer(text):
        if _valid_id(m):
            yield m.start(), ()
    if not any(name in text for name in IDENTITY_COLUMNS):
        return  # a header names one of them as a whole cell (no brackets to normalize): most files, none
    html_rows = []  # HTML rows spanning lines: a line inside one is not a row of its own
    for start, end in _html_rows(text):
        found = _roster_header(text, start, end)
        if found:
            html_rows.append((start, end))
            yield found
    for start, end in _lines(text):
        found = _roster_header(text, start, end)
        if found and not any(a <= found[0] < b for a, b in html_rows):
            yield found


def _valid_id(m: re.Match) -> bool:
    if int(m.group(1)) not in _PROVINCES:
        return False
    try:
        born = date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return False
    if born > date.today():
        return False
    digits = m.group(0)
    total = sum(int(d) * w for d, w in zip(digits, _ID_WEIGHTS))
    return "10X98765432"[total % 11] == digits[-1].upper()


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, end
        start = end + 1


def _html_rows(text: str) -> Iterator[tuple[int, int]]:
    """HTML table rows (<tr> to the next row or table tag) that span more than one line."""
    if "<tr" not in text and "<TR" not in text:
        return
    row = None
    for m in _ROW_TAG.finditer(text):
        if row is not None and text.count("\n", row, m.start()) and m.start() - row <= ROW_CHARS:
            yield row, m.start()  # single-line rows are seen as lines
        row = m.end() if not m.group(1) and m.group(2).lower() == "tr" else None


def _roster_header(text: str, start: int, end: int) -> tuple[int, tuple[str, ...]] | None:
    names: list[str] = []
    first = -1
    pos = start
    for m in [*_CELL_SEPARATOR.finditer(text, start, end), None]:
        cell_end = end if m is None else m.start()
        raw = text[pos:cell_end]
        cell = raw.strip(_CELL_TRIM).replace("（", "(").replace("）", ")")
        if cell in ROSTER_COLUMNS and cell not in names:
            if first < 0:
                first = pos + len(raw) - len(raw.lstrip(_CELL_TRIM))
            names.append(cell)
        if m is not None:
            pos = m.end()
    if len(names) >= 2 and IDENTITY_COLUMNS.intersection(names):
        return first, tuple(names[:4])
    return None


class _Lines:
    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``offset``."""
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
