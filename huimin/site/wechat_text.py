"""The WeChat article as Markdown: plain text for 报刊 that also reads well as it is.

Same footnote and image numbers as the HTML (:mod:`huimin.site.wechat`): ``文字[1]`` in the
text, ``[1] 文字: 网址`` under 引用链接, pictures as ``![图1：说明](文件夹/01-x.jpg)``.
"""

from __future__ import annotations

import re

from huimin.site.wechat import TITLE, Article, Node, text_of

MARKER = "<!-- huimin wechat -->"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>])")


def _text(value: str) -> str:
    """Text with Markdown's special characters escaped and whitespace runs as one blank."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"[ \t\r\n]+", " ", value))


class _Writer:
    def __init__(self, images_dir: str) -> None:
        self.images_dir = images_dir
        self.names: dict[int, str] = {}

    def inline(self, node: Node | str) -> str:
        if isinstance(node, str):
            return _text(node)
        inner = "".join(self.inline(c) for c in node.children)
        tag = node.tag
        if tag == "ref":
            return f"{inner}[{node.attrs['n']}]"
        if tag == "image":
            return self.image(node)
        if tag == "br":
            return "  \n"
        if tag in ("strong", "b") and inner.strip():
            return f"**{inner}**"
        if tag in ("em", "i") and inner.strip():
            return f"*{inner}*"
        if tag == "code":
            plain = text_of(node)
            return f"`{plain}`" if "`" not in plain else _text(plain)
        return inner

    def image(self, node: Node) -> str:
        n = int(node.attrs["n"])
        alt = node.attrs.get("alt", "")
        label = f"图{n}" + (f"：{_text(alt)}" if alt else "")
        return f"![{label}]({self.images_dir}/{self.names[n]})" if self.images_dir else f"【{label}】"

    def blocks(self, node: Node, indent: str = "") -> list[str]:
        """Block-level Markdown of ``node``'s children, one string per block."""
        out: list[str] = []
        run: list[str] = []  # inline content between blocks

        def flush() -> None:
            text = "".join(run).strip()
            if text:
                out.append(text)
            run.clear()

        for child in node.children:
            if isinstance(child, str) or child.tag not in _BLOCKS:
                run.append(self.inline(child))
                continue
            flush()
            out.extend(self.block(child, indent))
        flush()
        return out

    def block(self, node: Node, indent: str) -> list[str]:
        tag = node.tag
        if tag == "p":
            text = self.inline(node).strip()
            return [text] if text else []
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(6, int(tag[1]) + 2)  # under the item's ### title
            return ["#" * level + " " + self.inline(node).strip()]
        if tag in ("ul", "ol"):
            return [self.listing(node, indent)]
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node))
            return ["\n".join("> " + line if line else ">" for line in inner.splitlines())]
        if tag == "pre":
            return ["```\n" + text_of(node).rstrip("\n") + "\n```"]
        if tag == "table":
            return [self.table(node)]
        if tag == "hr":
            return ["---"]
        if tag == "image":
            return [self.image(node)]
        return self.blocks(node, indent)  # div, dl…: their content

    def listing(self, node: Node, indent: str) -> str:
        lines: list[str] = []
        start = int(node.attrs["start"]) if node.attrs.get("start", "").isdigit() else 1
        items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
        for i, li in enumerate(items):
            mark = f"{start + i}. " if node.tag == "ol" else "- "
            parts = self.blocks(li, indent + " " * len(mark))
            first, rest = (parts[0], parts[1:]) if parts else ("", [])
            lines.append(indent + mark + first.replace("\n", "\n" + indent + " " * len(mark)))
            for part in rest:
                pad = indent + " " * len(mark)
                lines.append("\n".join(line if line.startswith(pad) else pad + line for line in part.splitlines()))
        return "\n".join(lines)

    def table(self, node: Node) -> str:
        rows: list[list[str]] = []

        def collect(n: Node) -> None:
            for c in n.children:
                if isinstance(c, Node):
                    if c.tag == "tr":
                        rows.append([self.inline(cell).strip().replace("\n", " ")
                                     for cell in c.children if isinstance(cell, Node) and cell.tag in ("th", "td")])
                    else:
                        collect(c)

        collect(node)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "hr", "div",
           "dl", "dt", "dd", "image"}


def article_markdown(a: Article, images_dir: str = "") -> str:
    """The article as Markdown; pictures point into ``images_dir`` (relative to the file)."""
    writer = _Writer(images_dir)
    writer.names = {image.n: image.name for image in a.images}
    out = [
        f"# {_text(a.title)}",
        _text(f"{a.label}（{a.c.month}）· {a.settings.bureau} · 本期 {a.count} 篇"),
    ]
    for kind, items in a.sections:
        out.append(f"## {_text(kind)}")
        for item in items:
            m = item.s.meta
            out.append(f"### {_text(m.title)}")
            byline = " · ".join(x for x in (m.unit, m.author if m.author and m.author != m.unit else "",
                                             f"{m.date.year}年{m.date.month}月{m.date.day}日") if x)
            out.append(_text(byline))
            if not item.summary_repeated:
                out.append(f"> **摘要**　{_text(m.summary)}")
            out.extend(b for b in writer.blocks(item.body) if b)
    if a.web_ref is not None:
        out.append(f"本期全部内容及往期汇编见网站[{a.web_ref}]")
    out.append(_text(f"来源：{a.settings.bureau}"))
    if a.footnotes:
        out.append("## 引用链接")
        out.append("\n".join(
            f"[{f.n}] {'' if f.text == f.url else _text(f.text) + ': '}{f.url}  " for f in a.footnotes
        ).rstrip())
    return "\n\n".join(out) + f"\n\n{MARKER}\n"


__all__ = ["TITLE", "article_markdown"]
