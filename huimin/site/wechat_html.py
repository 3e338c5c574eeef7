"""The WeChat article as HTML a 公众号 editor keeps: every style inline on its element.

No ``class``, no ``<style>``, no ``<script>``, no fonts or stylesheets from elsewhere and no
``<a>`` (links are footnotes, see :mod:`huimin.site.wechat`). A plain look that survives the
editor's cleaning: 16 px text, line height 1.75, #333 on white, red accents, thin grey
borders on tables.
"""

from __future__ import annotations

from html import escape

from huimin.site.wechat import TITLE, Article, Node

ACCENT = "#b71c1c"  # the site's red
TEXT = "font-size:16px;line-height:1.75;color:#333;"
STYLES: dict[str, str] = {
    "article": "margin:0;padding:0 4px;" + TEXT + "letter-spacing:0.5px;word-break:break-word;",
    "masthead": f"margin:0 0 4px;text-align:center;font-size:22px;font-weight:bold;line-height:1.5;color:{ACCENT};",
    "issue": "margin:0 0 20px;text-align:center;font-size:14px;line-height:1.75;color:#666;",
    "kind": f"margin:36px 0 16px;padding:4px 0;text-align:center;font-size:18px;font-weight:bold;"
            f"line-height:1.5;color:{ACCENT};border-top:1px solid {ACCENT};border-bottom:1px solid {ACCENT};",
    "title": f"margin:28px 0 8px;padding-left:10px;font-size:17px;font-weight:bold;line-height:1.5;color:#222;"
             f"border-left:4px solid {ACCENT};",
    "byline": "margin:0 0 12px;font-size:14px;line-height:1.75;color:#666;",
    "summary": "margin:0 0 16px;padding:8px 12px;font-size:15px;line-height:1.75;color:#555;"
               "background-color:#f7f7f7;border-left:3px solid #ccc;",
    "p": "margin:0 0 16px;" + TEXT + "text-align:justify;",
    "h2": "margin:24px 0 12px;font-size:16px;font-weight:bold;line-height:1.75;color:#222;",
    "h3": "margin:20px 0 10px;font-size:16px;font-weight:bold;line-height:1.75;color:#444;",
    "h4": "margin:16px 0 8px;font-size:16px;font-weight:bold;line-height:1.75;color:#555;",
    "ul": "margin:0 0 16px;padding-left:24px;list-style-type:disc;" + TEXT,
    "ol": "margin:0 0 16px;padding-left:24px;list-style-type:decimal;" + TEXT,
    "li": "margin:0 0 6px;" + TEXT,
    "blockquote": "margin:0 0 16px;padding:8px 12px;color:#555;background-color:#f7f7f7;border-left:3px solid #ccc;",
    "quote_p": "margin:0;font-size:16px;line-height:1.75;color:#555;text-align:justify;",  # a paragraph in a quotation
    "table": "width:100%;margin:0 0 16px;border-collapse:collapse;font-size:15px;line-height:1.6;color:#333;",
    "th": "padding:6px 8px;border:1px solid #ccc;background-color:#f2f2f2;font-weight:bold;text-align:left;",
    "td": "padding:6px 8px;border:1px solid #ccc;text-align:left;",
    "caption": "padding:4px 0;font-size:14px;color:#666;",
    "pre": "margin:0 0 16px;padding:8px 12px;font-size:14px;line-height:1.6;color:#333;background-color:#f7f7f7;"
           "white-space:pre-wrap;word-break:break-all;",
    "code": "font-family:Menlo,Consolas,monospace;font-size:14px;color:#333;background-color:#f2f2f2;",
    "hr": "margin:24px 0;border:0;border-top:1px solid #ddd;",
    "strong": "font-weight:bold;color:#222;",
    "em": "font-style:italic;",
    "sup": "font-size:12px;line-height:1;",
    "ref": f"color:{ACCENT};",
    "refno": f"font-size:12px;line-height:1;color:{ACCENT};",
    "image": "margin:0 0 16px;padding:12px;text-align:center;font-size:14px;line-height:1.6;color:#666;"
             "border:1px dashed #bbb;",
    "notes_title": "margin:32px 0 8px;font-size:15px;font-weight:bold;line-height:1.75;color:#555;",
    "note": "margin:0 0 4px;font-size:14px;line-height:1.6;color:#666;word-break:break-all;",
    "footer": "margin:24px 0 0;font-size:14px;line-height:1.75;color:#666;text-align:center;",
}
# Body headings sit under the item's title: h2 → h2 style (smaller than the title), h3… smaller.
_HEADING = {"h1": ("h3", "h2"), "h2": ("h3", "h2"), "h3": ("h4", "h3"), "h4": ("h4", "h4"), "h5": ("h4", "h4"),
            "h6": ("h4", "h4")}  # body tag → (tag written, style)
_STYLED = {"p", "ul", "ol", "li", "blockquote", "table", "th", "td", "caption", "pre", "code", "strong", "em", "sup"}
_INLINE = {"b": "strong", "i": "em", "u": None, "s": None, "del": None, "sub": None, "abbr": None, "span": None}
_KEPT = {"dl", "dt", "dd", "thead", "tbody", "tr", "div"}


def _open(tag: str, style: str, extra: str = "") -> str:
    return f'<{tag}{extra} style="{style}">'


def _cell_attrs(node: Node) -> str:
    out = ""
    for name in ("colspan", "rowspan"):
        value = node.attrs.get(name, "")
        if value.isdigit():
            out += f' {name}="{value}"'
    return out


def _children(node: Node) -> str:
    return "".join(escape(c, quote=False) if isinstance(c, str) else _element(c) for c in node.children)


def _element(node: Node) -> str:
    tag = node.tag
    inner = _children(node) if tag not in ("image",) else ""
    if tag == "ref":
        n = node.attrs["n"]
        return f'<span style="{STYLES["ref"]}">{inner}</span><sup style="{STYLES["refno"]}">[{n}]</sup>'
    if tag == "image":  # inside a paragraph with text: a block-looking span (a <p> may not hold a <p>)
        return f'<span style="display:block;{STYLES["image"]}">{_image_label(node)}</span>'
    if tag == "p" and node.children and all(
            (isinstance(c, str) and not c.strip()) or (isinstance(c, Node) and c.tag in ("image", "br"))
            for c in node.children) and any(isinstance(c, Node) and c.tag == "image" for c in node.children):
        return "".join(f'<p style="{STYLES["image"]}">{_image_label(c)}</p>'
                       for c in node.children if isinstance(c, Node) and c.tag == "image")
    if tag == "br":
        return "<br>"
    if tag == "hr":
        return f'<hr style="{STYLES["hr"]}">'
    if tag in _HEADING:
        written, style = _HEADING[tag]
        return f"{_open(written, STYLES[style])}{inner}</{written}>"
    if tag in ("th", "td"):
        return f"{_open(tag, STYLES[tag], _cell_attrs(node))}{inner}</{tag}>"
    if tag == "ol":
        start = node.attrs.get("start", "")
        return f"{_open('ol', STYLES['ol'], f' start={chr(34)}{start}{chr(34)}' if start.isdigit() else '')}{inner}</ol>"
    if tag == "blockquote":  # its paragraphs without the space below: the quotation has its padding
        inner = inner.replace(f'<p style="{STYLES["p"]}">', f'<p style="{STYLES["quote_p"]}">')
    if tag in _STYLED:
        return f"{_open(tag, STYLES[tag])}{inner}</{tag}>"
    if tag in _INLINE:
        mapped = _INLINE[tag]
        return f"{_open(mapped, STYLES[mapped])}{inner}</{mapped}>" if mapped else f"<{tag}>{inner}</{tag}>"
    if tag in _KEPT:
        return f"<{tag}>{inner}</{tag}>"
    return inner  # body, and anything unexpected: its text only


def _image_label(node: Node) -> str:
    n, alt = node.attrs["n"], node.attrs.get("alt", "")
    return f"【图{n}{'：' + escape(alt, quote=False) if alt else ''}】请在此处插入第 {n} 张图片"


def _p(style: str, text: str, tag: str = "p") -> str:
    return f'<{tag} style="{STYLES[style]}">{text}</{tag}>'


def article_html(a: Article) -> str:
    """The article as one ``<section>``: what the editor pastes into the 公众号 editor."""
    parts = [
        _p("masthead", escape(f"{a.settings.city}乡村振兴 · {TITLE}", quote=False)),
        _p("issue", escape(f"{a.label}（{a.c.month}）· {a.settings.bureau} · 本期 {a.count} 篇", quote=False)),
    ]
    for kind, items in a.sections:
        parts.append(_p("kind", escape(kind, quote=False), "h2"))
        for item in items:
            m = item.s.meta
            parts.append(_p("title", escape(m.title, quote=False), "h2"))
            byline = " · ".join(x for x in (m.unit, m.author if m.author and m.author != m.unit else "",
                                             f"{m.date.year}年{m.date.month}月{m.date.day}日") if x)
            parts.append(_p("byline", escape(byline, quote=False)))
            if not item.summary_repeated:
                parts.append(_p("summary", "<strong style=\"" + STYLES["strong"] + "\">摘要</strong>　"
                                + escape(m.summary, quote=False)))
            parts.append(_children(item.body))
    if a.web_ref is not None:
        parts.append(_p("footer", f"本期全部内容及往期汇编见网站{_ref_mark(a.web_ref)}"))
    parts.append(_p("footer", escape(f"来源：{a.settings.bureau}", quote=False)))
    if a.footnotes:
        parts.append(_p("notes_title", "引用链接", "h3"))
        for f in a.footnotes:
            text = "" if f.text == f.url else escape(f.text, quote=False) + ": "
            parts.append(_p("note", f"[{f.n}] {text}<em style=\"{STYLES['em']}\">{escape(f.url, quote=False)}</em>"))
    return f'<section style="{STYLES["article"]}">' + "\n".join(parts) + "</section>"


def _ref_mark(n: int) -> str:
    return f'<sup style="{STYLES["refno"]}">[{n}]</sup>'


MARKER = "<!-- huimin wechat -->"


def html_document(a: Article) -> str:
    """A whole HTML file (for the browser the editor copies from): the article and nothing else."""
    return (f"<!DOCTYPE html>\n{MARKER}\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"robots\" content=\"noindex\">\n"
            f"<title>{escape(a.title, quote=False)}</title>\n</head>\n"
            "<body style=\"margin:0 auto;max-width:677px;padding:16px;background-color:#fff;\">\n"
            f"{article_html(a)}\n</body>\n</html>\n")
