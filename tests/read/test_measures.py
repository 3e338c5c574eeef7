"""The 二十条措施: parsing the official text, the YAML file, importing."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import pytest

from huimin.model.errors import HuiminError
from huimin.model.measures import MeasureDocument, cn_to_int, int_to_cn
from huimin.read.measures_text import extract_facts, full_width, parse_measures, split_units
from huimin.read.measures_yaml import dump_measures, import_measures, load_measures, summary_line

SEED = Path(__file__).resolve().parents[3] / "shared/seed/000_984b821c052f09e7.txt"
CONTENT = Path(__file__).resolve().parents[2] / "content/_data/measures.yml"

FULL_WIDTH = """\
各县（市、区）委农村工作领导小组：
关于测试工作的三条措施
为做好测试工作，2024年提出如下措施。
一、压实责任
（一）强化主体责任。县级每季度召开一次专题会议。（责任单位：市委办、市政府办，各县市区党委、政府，“三区”党工委等）
二、做实工作
（二）加快认定。监测对象10个工作日内完成识别纳入，每月报送信息不少于2篇。（责任单位：市乡村振兴局、袁州区、铜鼓县党委和政府等）
（三）规范资料。资料一律精简。（责任单位：市乡村振兴局）
附件：测试
"""

HALF_WIDTH = FULL_WIDTH.translate(str.maketrans("（）：，", "():,"))


def parse(text: str) -> MeasureDocument:
    return parse_measures(text, "doc.txt")


def problems(text: str) -> list[str]:
    with pytest.raises(HuiminError) as info:
        parse(text)
    return [str(p) for p in info.value.problems]


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed() -> MeasureDocument:
    if not SEED.is_file():
        pytest.skip("seed document not available")
    return parse_measures(SEED.read_text(encoding="utf-8"), "seed.txt")


@pytest.mark.seed
def test_seed_has_three_parts_and_twenty_measures(seed):
    assert seed.title == "关于强化巩固拓展脱贫攻坚成果同乡村振兴有效衔接基层基础工作的二十条措施"
    assert seed.year == 2023
    assert [p.title for p in seed.parts] == ["进一步压紧压实责任", "进一步做实重点工作", "进一步强化保障支撑"]
    assert [p.anchor for p in seed.parts] == ["part-1", "part-2", "part-3"]
    assert [len(p.measures) for p in seed.parts] == [3, 8, 9]
    assert [m.number for m in seed.all_measures()] == list(range(1, 21))
    assert [m.anchor for m in seed.all_measures()] == [f"measure-{n}" for n in range(1, 21)]


@pytest.mark.seed
def test_seed_titles_facts_and_units(seed):
    measures = {m.number: m for m in seed.all_measures()}
    assert measures[15].title == "强化政策宣传落实"
    assert measures[5].title == "定期开展“四保障”问题集中排查整改"
    assert measures[20].title == "开展乡村振兴领域不正之风和腐败问题专项整治"
    assert measures[4].facts[:2] == ["10个工作日内完成识别纳入", "2个工作日内完成应急救助"]
    assert measures[1].facts == ["每季度不少于1次"]
    assert measures[5].facts == ["每半年开展一次"]
    assert measures[6].facts == ["每季度组织一次"]
    assert measures[10].facts == ["每季度开展一次"]
    assert measures[17].facts == ["每月…不少于2篇", "每月汇编"]
    assert measures[1].units == ["市委办", "市政府办", "各县市区党委、政府", "“三区”党工委"]
    assert measures[7].units == [
        "市乡村振兴局", "市发改委", "市农业农村局", "市人社局",
        "袁州区党委和政府", "奉新县党委和政府", "铜鼓县党委和政府", "万载县党委和政府",
    ]
    assert measures[20].units[0] == "市纪委市监委机关"


@pytest.mark.seed
def test_seed_placeholder_summaries_are_short(seed):
    for measure in seed.all_measures():
        assert 0 < len(measure.summary) <= 60
    assert seed.all_measures()[7].summary == "实行“1+N”项目联审联批机制，严把项目入口关。"


@pytest.mark.seed
def test_seed_units(seed):
    owners = seed.by_unit()
    assert len(owners["各县市区党委、政府"]) == 19
    assert len(owners["市乡村振兴局"]) == 15
    assert [m.number for m in owners["铜鼓县党委和政府"]] == [7]
    assert summary_line(seed) == "已导入 3 个部分、20 条措施、27 个责任单位 → content/_data/measures.yml"


# --------------------------------------------------------------------------- small documents


def test_full_and_half_width_parse_the_same():
    full, half = parse(FULL_WIDTH), parse(HALF_WIDTH)
    assert full == half
    assert full.title == "关于测试工作的三条措施"
    assert full.year == 2024
    first, second, third = full.all_measures()
    assert first.title == "强化主体责任"
    assert first.units == ["市委办", "市政府办", "各县市区党委、政府", "“三区”党工委"]
    assert first.facts == ["每季度召开一次"]
    assert first.summary == "县级每季度召开一次专题会议。"
    assert second.units == ["市乡村振兴局", "袁州区党委和政府", "铜鼓县党委和政府"]
    assert second.facts == ["10个工作日内完成识别纳入", "每月报送信息不少于2篇"]
    assert third.facts == []
    assert [p.number for p in full.parts] == [1, 2]


def test_continuation_lines_and_indent():
    text = "标题\n一、部分\n　　（一）措施甲。第一段。\n　　第二段。（责任单位：市委办）\n"
    (measure,) = parse(text).all_measures()
    assert measure.title == "措施甲"
    assert measure.units == ["市委办"]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("市委办、市政府办,各县市区党委、政府,“三区”党工委等", ["市委办", "市政府办", "各县市区党委、政府", "“三区”党工委"]),
        ("市乡村振兴局、袁州区、奉新县、铜鼓县、万载县党委和政府等",
         ["市乡村振兴局", "袁州区党委和政府", "奉新县党委和政府", "铜鼓县党委和政府", "万载县党委和政府"]),
        ("市民政局，市残联/市医保局；市水利局", ["市民政局", "市残联", "市医保局", "市水利局"]),
        ("各县(市、区)党委", ["各县(市、区)党委"]),
        ("袁州区、铜鼓县", ["袁州区", "铜鼓县"]),
        ("市委办、市委办", ["市委办"]),
    ],
)
def test_split_units(text, units):
    assert split_units(text) == units


def test_extract_facts():
    assert extract_facts("设立为期半年的“观察期”,密切关注。") == ["为期半年的“观察期”"]
    assert extract_facts("抓好“每月一主题”问题排查整改。") == ["每月一主题"]
    assert extract_facts("6月底前完成验收。") == ["6月底前完成验收"]
    assert extract_facts("每项加2分,奖励30万元。") == []


def test_full_width():
    assert full_width("县(市、区)委,市直单位:1,000;10:30") == "县（市、区）委，市直单位：1,000;10:30"


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ("一", "十", "十五", "二十", "二十一", "十十", "百")] == [1, 10, 15, 20, 21, None, None]
    assert [int_to_cn(n) for n in (1, 10, 15, 20)] == ["一", "十", "十五", "二十"]


# --------------------------------------------------------------------------- errors


def test_no_parts_no_measures():
    assert problems("随便一段话。\n") == [
        "doc.txt:1:1: 没有找到措施：部分标题应以“一、”开头，措施应以“(一)”或“（一）”开头",
    ]


def test_part_without_measures():
    text = "标题\n一、第一部分\n正文。\n二、第二部分\n（一）措施。正文。（责任单位：市委办）\n"
    assert problems(text) == [
        "doc.txt:2:1: 部分: 部分“一、第一部分”下没有措施（措施段落应以“(一)”或“（一）”开头）",
    ]


def test_measure_before_any_part():
    text = "标题\n(一)措施。正文。(责任单位:市委办)\n"
    assert problems(text) == [
        "doc.txt:2:1: 措施: 措施（一）前面没有部分标题（部分标题如“一、进一步压紧压实责任”）",
    ]


def test_measure_without_units():
    text = "标题\n一、部分\n(一)措施甲。正文。\n(二)措施乙。正文。(责任单位:市委办)\n"
    assert problems(text) == [
        "doc.txt:3:1: 责任单位: 措施（一）缺少责任单位：段落应以“（责任单位：…）”结尾",
    ]


def test_last_measure_without_units_swallows_the_trailer():
    text = "标题\n一、部分\n(一)措施甲。正文。\n附件:某某\n"
    assert problems(text) == [
        "doc.txt:3:1: 责任单位: 措施（一）缺少责任单位：段落应以“（责任单位：…）”结尾",
    ]


def test_empty_units_and_missing_title():
    text = "标题\n一、部分\n(一)措施甲。正文。(责任单位:)\n　(二)没有句号(责任单位:市委办)\n"
    assert problems(text) == [
        "doc.txt:3:1: 责任单位: 措施（一）的责任单位为空",
        "doc.txt:4:2: 标题: 措施（二）缺少标题：标题写在编号之后，以句号“。”结束",
    ]


def test_numbering_gaps():
    text = (
        "标题\n一、部分\n(一)甲。正文。(责任单位:市委办)\n(三)乙。正文。(责任单位:市委办)\n"
        "三、部分\n(四)丙。正文。(责任单位:市委办)\n"
    )
    assert problems(text) == [
        "doc.txt:4:1: 措施: 措施编号不连续：应为“（二）”，实际为“（三）”",
        "doc.txt:5:1: 部分: 部分编号不连续：应为“二、”，实际为“三、”",
    ]


def test_too_many_measures():
    lines = ["标题", "一、部分"] + [f"({int_to_cn(n)})措施。正文。(责任单位:市委办)" for n in range(1, 22)]
    assert problems("\n".join(lines)) == ["doc.txt:23:1: 措施: 措施编号“（二十一）”超出范围：最多 20 条措施"]


# --------------------------------------------------------------------------- YAML


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "measures.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_dump_and_load_round_trip(tmp_path):
    doc = parse(FULL_WIDTH)
    text = dump_measures(doc)
    assert "“三区”党工委" in text and "\\u" not in text
    assert "- 各县市区党委、政府" in text  # block style
    loaded, found = load_measures(write(tmp_path, text), "m.yml")
    assert found == []
    assert loaded == doc


BAD_YAML = """\
title: 测试
parts:
  - number: 1
    title: 部分
    anchor: part-1
    measures:
      - number: 一
        anchor: measure-1
        title: 措施
        units: [市委办]
        summary: 要点
        colour: red
"""


def test_load_reports_file_and_line(tmp_path):
    doc, found = load_measures(write(tmp_path, BAD_YAML), "content/_data/measures.yml")
    assert doc is None
    assert [str(p) for p in found] == [
        "content/_data/measures.yml:7:17: parts.measures.number（措施序号）: 应为整数，实际为“一”",
        "content/_data/measures.yml:12:9: parts.measures.colour: 未知字段“colour”（可用字段：number、anchor、title、units、facts、summary）",
    ]


def test_load_reports_range_anchor_and_duplicates(tmp_path):
    text = dump_measures(parse(FULL_WIDTH)).replace("anchor: measure-3", "anchor: measure-1")
    doc, found = load_measures(write(tmp_path, text), "m.yml")
    assert doc is None
    assert [p.message for p in found] == [f"锚点“measure-1”重复：第 {_line(text, 'anchor: measure-1')} 行已使用，必须唯一"]
    assert found[0].line == _line(text, "anchor: measure-1", nth=2)

    text = dump_measures(parse(FULL_WIDTH)).replace("number: 3", "number: 21").replace("anchor: part-1", "anchor: Part 1")
    doc, found = load_measures(write(tmp_path, text), "m.yml")
    assert sorted(p.message for p in found) == [
        "应为 1 到 20 之间的整数，实际为 21",
        "锚点“Part 1”不合格：只能用小写英文字母、数字和连字符“-”（如 measure-15）",
    ]


def _line(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def test_load_empty_and_not_a_mapping(tmp_path):
    assert [str(p) for p in load_measures(write(tmp_path, ""), "m.yml")[1]] == [
        "m.yml:1:1: 文件为空，至少应有 title: 和 parts: 两项",
    ]
    assert [str(p) for p in load_measures(write(tmp_path, "- a\n"), "m.yml")[1]] == [
        "m.yml:1:1: 文件内容应为“字段: 值”形式的映射（title、parts）",
    ]


def test_content_measures_file():
    doc, found = load_measures(CONTENT, "content/_data/measures.yml")
    assert found == []
    measures = doc.all_measures()
    assert len(measures) == 20
    assert len({m.anchor for m in measures}) == 20
    assert doc.issuer and doc.year == 2023
    assert doc.title == "关于强化巩固拓展脱贫攻坚成果同乡村振兴有效衔接基层基础工作的二十条措施"
    assert measures[14].title == "强化政策宣传落实"
    assert all(m.summary and len(m.summary) <= 120 for m in measures)


@pytest.mark.seed
def test_content_summaries_are_our_own_words(seed):
    doc, _ = load_measures(CONTENT, "content/_data/measures.yml")
    official = full_width(SEED.read_text(encoding="utf-8"))
    for ours, parsed in zip(doc.all_measures(), seed.all_measures()):
        assert ours.title == parsed.title
        assert ours.facts == parsed.facts
        # Shared wording is limited to names and terms (e.g. “每月一主题”问题排查整改).
        match = SequenceMatcher(None, ours.summary, official, autojunk=False)
        assert match.find_longest_match(0, len(ours.summary), 0, len(official)).size <= 15, ours.number


# --------------------------------------------------------------------------- import


def test_import_gb18030_writes_atomically(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_bytes(FULL_WIDTH.encode("gb18030"))
    out = tmp_path / "content/_data/measures.yml"
    doc = import_measures(src, out)
    assert doc == parse(FULL_WIDTH)
    assert load_measures(out, "m.yml") == (doc, [])
    assert [p.name for p in out.parent.iterdir()] == ["measures.yml"]  # no temp file left
    assert summary_line(doc, "content/_data/measures.yml") == (
        "已导入 2 个部分、3 条措施、7 个责任单位 → content/_data/measures.yml"
    )


def test_import_keeps_rewritten_summaries(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text(FULL_WIDTH, encoding="utf-8")
    out = tmp_path / "measures.yml"
    import_measures(src, out)
    out.write_text(
        out.read_text(encoding="utf-8").replace("summary: 县级每季度召开一次专题会议。", "summary: 我们自己写的要点。"),
        encoding="utf-8",
    )
    doc = import_measures(src, out)
    assert doc.all_measures()[0].summary == "我们自己写的要点。"
    assert doc.all_measures()[1].summary == "监测对象10个工作日内完成识别纳入，每月报送信息不少于2篇。"


def test_import_bad_input_leaves_output_alone(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text("没有措施\n", encoding="utf-8")
    out = tmp_path / "measures.yml"
    out.write_text("keep: me\n", encoding="utf-8")
    with pytest.raises(HuiminError) as info:
        import_measures(src, out)
    assert str(info.value) == f"{src.as_posix()}:1:1: 没有找到措施：部分标题应以“一、”开头，措施应以“(一)”或“（一）”开头"
    assert out.read_text(encoding="utf-8") == "keep: me\n"
