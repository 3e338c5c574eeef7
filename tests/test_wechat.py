"""``huimin wechat YYYY-MM``: the files it writes, the month it refuses, what it never overwrites."""

from __future__ import annotations

from huimin.cli import main
from tests.site.wechat_fixture import png, wechat_files
from tests.test_cli import run


def test_writes_html_markdown_and_numbered_pictures(make_site, monkeypatch, capsys):
    root = make_site(wechat_files())
    monkeypatch.chdir(root)
    assert main(["wechat", "2026-09"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "已生成 宜春声音-2026-09.html（公众号用：2 篇，引用链接 6 个，图片 3 张）和 宜春声音-2026-09.md（报刊用纯文本）",
        "标题：宜春声音｜宜春市乡村振兴2026年第1期",
        "不公开的 1 篇未收录：《丰城市资产闲置情况调研》",
        "图片按顺序上传（已复制到 宜春声音-2026-09-图片/）：",
        "  图1  01-tai-zhang.png  ← content/submissions/2026-09/tai-zhang.png（整改前的台账）",
        "  图2  02-xian-chang.jpg  ← content/submissions/2026-09/xian-chang.jpg（现场照片）",
        "  图3  03-dian.png  ← content/submissions/2026-09/dian.png（安置点）",
        "网页预览（可一键复制）：https://xczx.example.gov.cn/huimin/wechat/2026-09/",
    ]
    assert err == ""
    html = (root / "宜春声音-2026-09.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>\n<!-- huimin wechat -->\n") and "引用链接" in html
    text = (root / "宜春声音-2026-09.md").read_text(encoding="utf-8")
    assert "![图3：安置点](宜春声音-2026-09-图片/03-dian.png)" in text
    pictures = root / "宜春声音-2026-09-图片"
    assert sorted(p.name for p in pictures.iterdir()) == [
        ".huimin-wechat", "01-tai-zhang.png", "02-xian-chang.jpg", "03-dian.png"]
    assert (pictures / "03-dian.png").read_bytes() == png("blue")

    # again, into the same files: they are ours, so they are replaced
    assert main(["wechat", "2026-09"]) == 0


def test_out_names_all_three(make_site, monkeypatch, capsys):
    root = make_site(wechat_files())
    monkeypatch.chdir(root)
    assert main(["wechat", "2026-09", "--out", "../发布/九月.html"]) == 0
    folder = root.parent / "发布"
    assert sorted(p.name for p in folder.iterdir()) == ["九月-图片", "九月.html", "九月.md"]
    assert "![图1：整改前的台账](九月-图片/01-tai-zhang.png)" in (folder / "九月.md").read_text(encoding="utf-8")


def test_refuses_to_overwrite_what_it_did_not_write(make_site, monkeypatch, capsys):
    root = make_site(wechat_files())
    monkeypatch.chdir(root)
    (root / "稿子.html").write_text("<p>编辑自己的稿子</p>", encoding="utf-8")
    assert main(["wechat", "2026-09", "--out", "稿子.html"]) == 1
    assert capsys.readouterr().err == (
        "输出文件 稿子.html 已存在，且不是 huimin 生成的文件：为免覆盖，请换一个文件名，或先自行删除它\n")
    (root / "稿子.html").unlink()
    (root / "稿子.md").write_text("# 编辑自己的笔记\n", encoding="utf-8")
    assert main(["wechat", "2026-09", "--out", "稿子.html"]) == 1
    assert capsys.readouterr().err == (
        "纯文本文件 稿子.md 已存在，且不是 huimin 生成的文件：为免覆盖，请换一个文件名，或先自行删除它\n")
    (root / "稿子.md").unlink()
    (root / "稿子-图片").mkdir()
    (root / "稿子-图片" / "照片.jpg").write_bytes(b"x")
    assert main(["wechat", "2026-09", "--out", "稿子.html"]) == 1
    assert capsys.readouterr().err == (
        "图片文件夹 稿子-图片 已存在，里面有其他文件，且不是 huimin 生成的（没有标记文件 .huimin-wechat）："
        "为免删除其他文件，请换一个新的或空的文件夹，或先自行清空它\n")
    assert not (root / "稿子.html").exists() and not (root / "稿子.md").exists()  # nothing written


def test_refuses_content_and_wrong_suffix(make_site, monkeypatch, capsys):
    root = make_site(wechat_files())
    monkeypatch.chdir(root)
    assert main(["wechat", "2026-09", "--out", "content/wx.html"]) == 1
    assert capsys.readouterr().err == (
        "输出文件 content/wx.html 是项目的源文件或在源文件夹 content/ 内：编辑人员的文件不能被输出覆盖。请换一个位置\n")
    assert main(["wechat", "2026-09", "--out", "wx.txt"]) == 1
    assert capsys.readouterr().err == "输出文件 wx.txt 的扩展名应为 .html\n"


def test_months_without_public_items(make_site):
    root = make_site(wechat_files())
    bad = run(root, "wechat", "2026-13")
    assert bad.returncode == 1 and bad.stderr.endswith("命令行参数有误：YYYY-MM：月份应为 YYYY-MM，实际为“2026-13”\n")
    none = run(root, "wechat", "2026-11")
    assert (none.returncode, none.stdout, none.stderr) == (
        1, "", "2026-11 没有报送信息（content/submissions/2026-11/ 中没有文件），未生成任何文件\n")
    private = run(root, "wechat", "2026-10")
    assert (private.returncode, private.stdout, private.stderr) == (
        1, "", "2026-10 没有可以公开的信息：本月有效信息 1 篇，都不公开（问题调研类默认不公开；"
               "要公开的，请在报送文件的开头写 public: true），未生成任何文件\n")
    invalid = wechat_files()
    invalid["content/submissions/2026-11/a.md"] = invalid["content/submissions/2026-09/tong-gu.md"].replace(
        "month: 2026-09", "month: 2026-11").replace("date: 2026-09-20", "date: 2026-11-15").replace(
        "kind: 经验成效类", "kind: 经验成效类\nvalid: false")
    invalid["content/submissions/2026-11/dian.png"] = invalid["content/submissions/2026-09/dian.png"]
    none_valid = run(make_site(invalid), "wechat", "2026-11")
    assert (none_valid.returncode, none_valid.stderr) == (
        1, "2026-11 没有有效信息：本月的报送都经审核不计为有效信息（valid: false），未生成任何文件\n")
    written = sorted(p.name for p in root.iterdir() if not p.name.startswith("."))  # .huimin-cache may appear
    assert written == ["content", "huimin.yml", "mkdocs.yml", "policy_lists"]
