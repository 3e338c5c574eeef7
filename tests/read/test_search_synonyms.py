"""The search synonym list: huimin's file plus huimin.yml's search_synonyms, with located messages."""

from __future__ import annotations

from huimin.read.project import read_project
from huimin.read.search_synonyms import DEFAULT_FILE, load_synonym_file, search_synonyms
from huimin.read.settings import load_settings
from tests.conftest import write_tree

ISSUE_EXAMPLES = {  # issue 10: everyday words → the words of the policies
    "看病": {"医疗", "住院", "医保"}, "上学": {"教育", "学生", "资助"}, "读书": {"教育", "学生", "资助"},
    "吃水": {"饮水", "供水"}, "修房子": {"危房", "住房"}, "房子漏雨": {"危房", "住房"}, "养老": {"养老保险"},
    "找工作": {"就业", "务工", "岗位"}, "借钱": {"贷款", "信贷"}, "养殖": {"种养", "产业"},
}


def test_the_shipped_list_is_valid_and_has_the_issue_examples():
    synonyms, problems = load_synonym_file(DEFAULT_FILE, "huimin/data/search_synonyms.yml")
    assert problems == []
    for word, words in ISSUE_EXAMPLES.items():
        assert words <= set(synonyms[word]), word


def test_editors_add_replace_and_drop_words(tmp_path):
    write_tree(tmp_path, {"huimin.yml": """\
        search_synonyms:
          娃娃上学: [学前教育, 义务教育]
          看病: [医疗救助]
          借钱: []
        """})
    settings, problems = load_settings(tmp_path)
    assert problems == []
    synonyms, problems = search_synonyms(settings)
    assert problems == []
    assert synonyms["娃娃上学"] == ["学前教育", "义务教育"]
    assert synonyms["看病"] == ["医疗救助"]  # the editors' entry replaces huimin's
    assert "借钱" not in synonyms and synonyms["吃水"] == ["饮水", "供水"]


def test_bad_entries_are_located_in_chinese(tmp_path):
    write_tree(tmp_path, {"huimin.yml": """\
        search_synonyms:
          看病: 医疗
          上学: [教育, "——"]
          借钱: [贷款, ""]
        """, "mkdocs.yml": "site_name: x\n"})
    messages = [str(p) for p in read_project(tmp_path).problems]
    assert messages == [
        "huimin.yml:2:7: search_synonyms.看病（搜索同义词）: 应为列表（如 [脱贫户, 监测对象]），实际为文字",
        "huimin.yml:3:12: search_synonyms.上学（搜索同义词）: “——”中没有汉字、字母或数字，搜索用不上：请写一个词，如 医疗",
        "huimin.yml:4:12: search_synonyms.借钱（搜索同义词）: 不能为空",
    ], messages


def test_a_broken_list_file_is_reported(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text("看病: [医疗\n", encoding="utf-8")
    synonyms, problems = load_synonym_file(path, "s.yml")
    assert synonyms == {} and problems and str(problems[0]).startswith("s.yml:")
    path.write_text("- 看病\n", encoding="utf-8")
    assert [str(p) for p in load_synonym_file(path, "s.yml")[1]] == ["s.yml:1:1: 文件内容应为“词: [政策用语, …]”形式的映射"]
