"""Phone numbers in the pages' text become tel: links; amounts, dates and document numbers do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from huimin.site.phone_links import VERBATIM, link_phones, link_phones_in_site


def linked(text: str) -> str:
    html, _ = link_phones(f"<html><head><title>12317</title></head><body><p>{text}</p></body></html>")
    return re.search(r"<p>(.*)</p>", html).group(1)


def tel(number: str, shown: str | None = None) -> str:
    return f'<a class="hm-tel" href="tel:{number}">{shown or number}</a>'


@pytest.mark.parametrize("text,expected", [
    ("监督举报电话：12317", f"监督举报电话：{tel('12317')}"),
    ("拨打12317热线", f"拨打{tel('12317')}热线"),
    ("咨询0795-3999999或13900000001。", f"咨询{tel('07953999999', '0795-3999999')}或{tel('13900000001')}。"),
    ("（0795）3210000", tel("07953210000", "（0795）3210000")),
    ("0795 3210000", tel("07953210000", "0795 3210000")),
])
def test_phone_numbers_become_links(text, expected):
    assert linked(text) == expected


@pytest.mark.parametrize("text", [
    "补助标准每人每年12317元", "共12345人", "第12348号", "赣发〔2023〕12317号", "金额123170元", "编号A12317",
    "0.12317", "2023-12-31 至 2025-12-31", "身份证 360102199001011234", "12317.5", "邮编336000",
    "www.example.org/12317", "15%", "1390000000",  # ten digits: not a mobile number
])
def test_amounts_dates_and_numbers_stay_text(text):
    assert linked(text) == text


def test_the_old_number_in_a_revision_is_not_a_link():
    """A policy's 修订记录: only the new number can be tapped (the old one no longer answers)."""
    assert linked("咨询电话：由“0795-3266751”改为“0795-3266752”") == (
        f"咨询电话：由“0795-3266751”改为“{tel('07953266752', '0795-3266752')}”")


def test_links_code_scripts_and_head_are_left_alone():
    page = ('<html><head><title>12317</title><meta content="12317"></head><body>'
            '<a href="tel:12317">12317</a><a href="/x/">热线12317</a><code>12317</code>'
            '<script>var n = "12317";</script><button>12317</button><br/><p>12317</p></body></html>')
    html, count = link_phones(page)
    assert count == 1
    assert html == page.replace("<p>12317</p>", f"<p>{tel('12317')}</p>")


def test_every_number_on_the_sample_site_is_a_link(sample_site):
    unlinked = []
    for path in sorted(sample_site.rglob("*.html")):
        body = path.read_text(encoding="utf-8").split("<body", 1)[-1]
        if VERBATIM in body:
            continue  # the 公众号 preview: what is copied into WeChat stays as made
        body = re.sub(r"<(script|style|code|pre|button)\b.*?</\1>", "", body, flags=re.S)
        body = re.sub(r"<a\b[^>]*>.*?</a>", "", body, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", body)
        for m in re.finditer(r"(?<!\d)(?<!由“)(12317|0795-\d{7})(?![\d元号])", text):
            unlinked.append(f"{path.relative_to(sample_site)}: {text[max(0, m.start() - 15):m.end() + 5]!r}")
    assert unlinked == [], "\n".join(unlinked[:20])


def test_memo_is_keyed_by_the_code_too(tmp_path, monkeypatch):
    """A result kept by an older version of the rules is not served after the code changed."""
    from huimin.site import phone_links

    class Memo(dict):
        def get(self, key):
            return super().get(key)

        def put(self, key, value):
            self[key] = value

    page = tmp_path / "a/index.html"
    page.parent.mkdir()
    html = "<p>咨询电话：0795-3266751</p>"
    page.write_text(html, encoding="utf-8")
    memo = Memo()
    assert link_phones_in_site(tmp_path, memo) == 1
    linked = page.read_text(encoding="utf-8")
    assert 'href="tel:07953266751"' in linked
    stale = {key: ["<p>旧规则的结果</p>", 1] for key in memo}  # what an older rule would have kept
    page.write_text(html, encoding="utf-8")
    fake = tmp_path / "phone_links_changed.py"
    fake.write_bytes(Path(phone_links.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(phone_links, "__file__", str(fake))
    memo = Memo(stale)
    assert link_phones_in_site(tmp_path, memo) == 1
    assert page.read_text(encoding="utf-8") == linked


def test_full_width_digits_are_linked_with_ascii_digits_and_pages_without_numbers_are_skipped_fast():
    from huimin.site.phone_links import _may_have_number

    html = "<body><p>咨询电话：0７９５-３２６６７５１</p>"
    assert link_phones(html) == (
        '<body><p>咨询电话：<a class="hm-tel" href="tel:07953266751">0７９５-３２６６７５１</a></p>', 1)
    assert not _may_have_number("<body><p>2026-11-01 发布，补助 1000 元，第 12 期</p>")
    assert _may_have_number("<p>12317</p>") and _may_have_number("<p>１</p>")
