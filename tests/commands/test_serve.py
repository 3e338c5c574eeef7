"""``huimin serve``: a real server on a free port, read back over HTTP as a browser would.

No timed assertions: each wait polls up to a generous bound (the 3-second goal is measured
by ``make bench``, tests/bench/preview.py).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import FILES, JIAOYU, minimal_mkdocs, write_project

WAIT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(what, url: str, bound: float = WAIT) -> str:
    """GET ``url`` until ``what(page)``; the page."""
    deadline = time.monotonic() + bound
    page = ""
    while time.monotonic() < deadline:
        try:
            _, page = get(url)
            if what(page):
                return page
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not change as expected within {bound} s; last page:\n{page[-2000:]}")


class Server:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.url = f"http://127.0.0.1:{free_port()}"
        env = dict(os.environ, PYTHONPATH=str(REPO))
        env.pop("HUIMIN_AS_OF", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "huimin.cli", "serve", "--as-of", "2024-06-01", "--dev-addr", self.url[7:]],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        wait_for(lambda page: page.strip().isdigit(), self.url + "/.huimin/state")

    def state(self) -> str:
        return get(self.url + "/.huimin/state")[1]

    def stop(self) -> str:
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=30)
        return out.decode("utf-8")


@pytest.fixture
def serve(tmp_path):
    servers = []

    def start(files: dict[str, str] | None = None) -> Server:
        server = Server(write_project(tmp_path / "site", files))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def problems(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<li><code>(.*?)</code></li>", page, re.S)]


def check_output(root: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "huimin.cli", "check", "--as-of", "2024-06-01"], cwd=root, env=env,
                          capture_output=True, text=True)
    return [line for line in done.stderr.splitlines() if not line.startswith("共 ")]


def test_a_saved_policy_shows_in_the_served_page(serve):
    server = serve()
    page = wait_for(lambda p: "每生每年1000元" in p, server.url + "/policies/edu-preschool-aid/")
    assert 'fetch("/.huimin/state"' in page  # the page reloads itself when the project changes
    before = server.state()
    policy = server.root / "policy_lists/jiaoyu.yaml"
    policy.write_text(JIAOYU.replace("每生每年1000元", "每生每年1500元"), encoding="utf-8")
    page = wait_for(lambda p: "每生每年1500元" in p, server.url + "/policies/edu-preschool-aid/")
    assert "每生每年1000元" not in page
    assert server.state() != before
    # a hand-written page and the theme's files are served too
    guide = server.root / "content/guide.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("先申请。", "先在网上申请。"), encoding="utf-8")
    wait_for(lambda p: "先在网上申请。" in p, server.url + "/guide/")
    status, css = get(server.url + "/assets/stylesheets/" + re.search(r'assets/stylesheets/(main\.[^"]+\.css)',
                                                                    page).group(1))
    assert status == 200 and css
    assert get(server.url + "/no/such/page/")[0] == 404


def test_broken_input_shows_the_problem_list_and_recovers(serve):
    broken = JIAOYU.replace("    standard: 每生每年1000元\n", "    standard: [每生, 1000元]\n").replace(
        "issued: 2021-07-20", "issued: 2021-13-20")
    server = serve()
    wait_for(lambda p: "学前教育幼儿资助" in p, server.url + "/policies/edu-preschool-aid/")
    (server.root / "policy_lists/jiaoyu.yaml").write_text(broken, encoding="utf-8")
    page = wait_for(lambda p: "hm-problems" in p, server.url + "/policies/edu-preschool-aid/")
    expected = [
        "policy_lists/jiaoyu.yaml:8:15: standard（补助标准）: 应为文字，实际为列表",
        "policy_lists/jiaoyu.yaml:31:13: issued（成文日期）: 应为 YYYY-MM-DD 格式的有效日期（如 2023-03-01），实际为“2021-13-20”",
    ]
    assert problems(page) == expected == check_output(server.root)  # the lines huimin check prints
    assert "输入有问题，网站暂时无法预览" in page
    assert "共 2 个问题，请逐一修改后保存文件，本页会自动刷新。" in page
    assert 'fetch("/.huimin/state"' in page
    # every address shows the list while the input is broken
    assert problems(wait_for(lambda p: "hm-problems" in p, server.url + "/")) == expected
    (server.root / "policy_lists/jiaoyu.yaml").write_text(JIAOYU, encoding="utf-8")
    page = wait_for(lambda p: "每生每年1000元" in p, server.url + "/policies/edu-preschool-aid/")
    assert "hm-problems" not in page
    out = server.stop()
    assert "共 2 个问题，浏览器中显示问题清单；修改并保存后自动刷新。" in out
    assert "Traceback" not in out


def test_serve_starts_with_broken_input(serve):
    server = serve({"policy_lists/jiaoyu.yaml": "category: 教育保障\npolicies:\n  - id: x\n    title: [\n"})
    page = wait_for(lambda p: "hm-problems" in p, server.url + "/")
    assert problems(page) == check_output(server.root)
    assert problems(page)[0].startswith("policy_lists/jiaoyu.yaml:")
    (server.root / "policy_lists/jiaoyu.yaml").write_text(JIAOYU, encoding="utf-8")
    wait_for(lambda p: "学前教育幼儿资助" in p, server.url + "/policies/edu-preschool-aid/")


def test_a_template_saved_half_edited_shows_where_and_recovers(serve, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates/theme", theme)
    server = serve({**FILES, "mkdocs.yml": minimal_mkdocs().replace((REPO / "templates/theme").as_posix(), "templates/theme"),
                    **{f"templates/theme/{p.relative_to(theme).as_posix()}": p.read_text(encoding="utf-8")
                       for p in theme.rglob("*") if p.is_file()}})
    main = server.root / "templates/theme/main.html"
    good = main.read_text(encoding="utf-8")
    wait_for(lambda p: "学前教育幼儿资助" in p, server.url + "/policies/edu-preschool-aid/")
    main.write_text(good.replace("{% block extrahead %}", "{% block extrahead %}{% if %}", 1), encoding="utf-8")
    page = wait_for(lambda p: "hm-problems" in p, server.url + "/policies/edu-preschool-aid/")
    assert "这个页面无法生成" in page
    line = good[: good.index("{% block extrahead %}")].count("\n") + 1
    assert problems(page) == [
        f"templates/theme/main.html:{line}: 模板: 模板语法有误：Expected an expression, got 'end of statement block'"]
    main.write_text(good, encoding="utf-8")
    wait_for(lambda p: "学前教育幼儿资助" in p and "hm-problems" not in p, server.url + "/policies/edu-preschool-aid/")
