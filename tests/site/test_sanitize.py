"""Raw HTML from counties is untrusted: nothing executable or styled survives."""

from __future__ import annotations

import re

import pytest

from huimin.site.sanitize import markdown_to_safe_html

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)">点我</p>',
    '<a href="javascript:alert(1)">链接</a>',
    '<a href="JaVaScRiPt:alert(1)">链接</a>',
    '<a href="&#106;avascript:alert(1)">链接</a>',
    '<a href=" javascript:alert(1)">链接</a>',
    "[链接](javascript:alert(1))",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="p"><button>提交</button></form>',
    '<p style="background:url(javascript:alert(1))">样式</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">遮罩</div>',
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><circle r=1 /></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    "<!-- <script>alert(1)</script> -->",
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    '<a href="vbscript:msgbox(1)">x</a>',
]

FORBIDDEN = re.compile(
    r"<\s*(script|iframe|object|embed|form|input|button|style|svg|math|meta|link|base|video|source|details)\b"
    r"|\son\w+\s*=|javascript:|vbscript:|data:|style\s*=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_neutralised(vector):
    html = markdown_to_safe_html(f"前文\n\n{vector}\n\n后文")
    assert not FORBIDDEN.search(html), html
    assert "前文" in html and "后文" in html


def test_ordinary_markdown_survives():
    html = markdown_to_safe_html("## 做法\n\n1. **定人**\n2. [详情](https://example.gov.cn/a)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<h2>做法</h2>" in html
    assert "<strong>定人</strong>" in html
    assert 'href="https://example.gov.cn/a"' in html
    assert "<table>" in html and "<td>1</td>" in html
