"""What ``huimin serve`` adds to pages: the reload script, and the page listing the problems.

Engine-neutral: plain HTML strings. The script asks the server every 0.3 s which
state of the project it shows (``/.huimin/state``) and reloads the page when that changes,
so a saved file shows up in the browser without any click, and a fixed file makes the
problem list go away the same way.
"""

from __future__ import annotations

from markupsafe import escape

from huimin.model.errors import Problem

STATE_PATH = ".huimin/state"
_SCRIPT = """<script>(function(){var s=%s;function p(){fetch("/%s",{cache:"no-store"}).then(function(r){return r.text()})
.then(function(t){if(t!==s){location.reload()}else{setTimeout(p,300)}}).catch(function(){setTimeout(p,1000)})}
setTimeout(p,300)})();</script>"""


def reload_script(state: str) -> str:
    return _SCRIPT % (f'"{escape(state)}"', STATE_PATH)


def with_reload(html: str, state: str) -> str:
    """``html`` with the reload script before ``</body>`` (at the end when there is none)."""
    script = reload_script(state)
    at = html.rfind("</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


def problems_page(problems: list[Problem], state: str, heading: str = "输入有问题，网站暂时无法预览") -> str:
    """The page served for every address while the input has problems: each one as
    ``文件:行:列: 字段: 说明``, the same lines ``huimin check`` prints."""
    items = "\n".join(f"<li><code>{escape(str(p))}</code></li>" for p in problems)
    count = f"共 {len(problems)} 个问题，" if len(problems) > 1 else ""
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(heading)}</title>
<style>
body{{font-family:sans-serif;margin:0;padding:1.5rem;color:#222;background:#fff;line-height:1.6}}
h1{{font-size:1.3rem;color:#a4262c;margin:0 0 1rem}}
ol{{padding-left:1.5rem}} li{{margin:.5rem 0}}
code{{white-space:pre-wrap;word-break:break-all;font-size:.95rem;background:#fdf3f3;padding:.1rem .3rem}}
p{{color:#555}}
</style>
</head>
<body>
<h1 id="hm-problems">{escape(heading)}</h1>
<ol>
{items}
</ol>
<p>{count}请逐一修改后保存文件，本页会自动刷新。</p>
{reload_script(state)}
</body>
</html>
"""
