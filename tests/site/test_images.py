"""Images of submissions and write-ups on the built site: beside the page, small, sized, lazy."""

from __future__ import annotations

import io
import re

import pytest

from tests.browser import BROWSER_TESTS
from tests.conftest import write_tree
from tests.helpers import AS_OF, FILES, write_project
from tests.images import graphic_bytes, photo_bytes

SUB = """\
---
title: 袁州区帮扶车间
unit: 袁州区
month: 2024-05
kind: 经验成效类
date: 2024-05-18
summary: 摘要
---
车间全景：

![帮扶车间里工人在组装电子元件](chejian.jpg)

![订单流程图](liucheng.png)

![晒场上的稻谷](shaichang.png)
"""
CASE = """\
---
title: 铜鼓县“点长制”
unit: 铜鼓县
date: 2024-05-30
summary: 摘要
---
![安置点全景](quanjing.jpg)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from huimin.build import build

    root = write_project(tmp_path_factory.mktemp("images") / "site", FILES)
    write_tree(root, {
        "content/submissions/2024-05/a.md": SUB,
        "content/submissions/2024-05/chejian.jpg": photo_bytes(4000, 3000),
        "content/submissions/2024-05/liucheng.png": graphic_bytes(),
        "content/submissions/2024-05/shaichang.png": photo_bytes(1600, 1200, "PNG", seed=2),  # a photo saved as PNG
        "content/submissions/2024-05/unused.jpg": photo_bytes(64, 48),
        "content/experience/x.md": CASE,
        "content/experience/quanjing.jpg": photo_bytes(1200, 2000, seed=3),
    })
    return build(root, as_of=AS_OF).site_dir


def _imgs(page: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'([a-z]+)="([^"]*)"', tag)) for tag in re.findall(r"<img\b[^>]*>", page)]


def _size(path) -> tuple[int, int, str]:
    from PIL import Image

    with Image.open(io.BytesIO(path.read_bytes())) as im:
        return im.width, im.height, im.format


def test_images_beside_the_page_small_with_size_and_lazy(site):
    folder = site / "submissions/2024-05/a"
    page = (folder / "index.html").read_text(encoding="utf-8")
    imgs = [i for i in _imgs(page) if i.get("loading")]
    sizes = "(max-width: 720px) calc(100vw - 32px), 688px"
    assert imgs == [
        {"src": "chejian-720.jpg", "srcset": "chejian-720.jpg 720w, chejian.jpg 1024w", "sizes": sizes,
         "alt": "帮扶车间里工人在组装电子元件", "width": "1024", "height": "768", "loading": "lazy", "decoding": "async"},
        {"src": "liucheng.png", "alt": "订单流程图", "width": "800", "height": "500", "loading": "lazy", "decoding": "async"},
        {"src": "shaichang-720.jpg", "srcset": "shaichang-720.jpg 720w, shaichang.jpg 1024w", "sizes": sizes,
         "alt": "晒场上的稻谷", "width": "1024", "height": "768", "loading": "lazy", "decoding": "async"},
    ]
    assert _size(folder / "chejian.jpg") == (1024, 768, "JPEG")
    assert _size(folder / "chejian-720.jpg") == (720, 540, "JPEG")
    assert (folder / "chejian-720.jpg").stat().st_size < 0.75 * (folder / "chejian.jpg").stat().st_size
    assert _size(folder / "liucheng.png") == (800, 500, "PNG")
    assert _size(folder / "shaichang.jpg") == (1024, 768, "JPEG")  # a photo is sent as JPEG even if given as PNG
    assert (folder / "chejian.jpg").stat().st_size < 250_000


def test_originals_are_not_published_unused_files_still_are(site):
    month = site / "submissions/2024-05"
    assert not (month / "chejian.jpg").exists() and not (month / "shaichang.png").exists()
    assert (month / "unused.jpg").is_file()
    assert not list(site.rglob("shaichang.png"))


def test_experience_images(site):
    folder = site / "experience/x"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert {"src": "quanjing-720.jpg", "srcset": "quanjing-720.jpg 432w, quanjing.jpg 614w",
            "sizes": "(max-width: 720px) calc(100vw - 32px), 688px", "alt": "安置点全景", "width": "614", "height": "1024",
            "loading": "lazy", "decoding": "async"} in _imgs(page)
    assert _size(folder / "quanjing.jpg") == (614, 1024, "JPEG")
    assert not (site / "experience/quanjing.jpg").exists()


def test_exif_orientation_applied_and_metadata_dropped(tmp_path):
    from PIL import Image

    from huimin.read.image_fit import fit_image

    im = Image.open(io.BytesIO(photo_bytes(400, 300)))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: shown 300 × 400
    exif[0x010F] = "相机厂商"
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif)
    fitted = fit_image(out.getvalue(), 1024)
    assert (fitted.width, fitted.height, fitted.suffix) == (300, 400, ".jpg")
    with Image.open(io.BytesIO(fitted.data)) as back:
        assert back.size == (300, 400) and not back.getexif()


def test_fitted_images_are_cached_in_the_project(tmp_path):
    from huimin.read.image_fit import CACHE_DIR, fit_image_file

    source = tmp_path / "a.jpg"
    source.write_bytes(photo_bytes(2000, 1500))
    first = fit_image_file(source, 1024, tmp_path)
    (cached,) = (tmp_path / CACHE_DIR).iterdir()
    assert cached.suffix == ".jpg" and cached.read_bytes() == first.data
    cached.write_bytes(photo_bytes(100, 75))  # what the cache holds is what is used
    assert (fit_image_file(source, 1024, tmp_path).width, fit_image_file(source, 1200, tmp_path).width) == (100, 1200)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / ".huimin-cache").write_text("not a folder")  # a cache that cannot be written is not used
    assert fit_image_file(source, 800, blocked).width == 800


def test_odd_file_names_become_safe_urls(tmp_path):
    from huimin.model.images import BodyImage
    from huimin.site.images import page_images, place_images

    (tmp_path / "图 #1?.png").write_bytes(graphic_bytes())
    images = page_images((BodyImage("图 #1?.png", "图", tmp_path / "图 #1?.png", 1, 1),), "a.md")
    assert images["图 #1?.png"].name == "图--1-.png"
    assert place_images('<img alt="图" src="图 #1?.png">', images) == (
        '<img src="图--1-.png" alt="图" width="800" height="500" loading="lazy" decoding="async">')


@pytest.mark.parametrize("scale, photo", [(2, "chejian-720.jpg"), (3, "chejian.jpg")])
@BROWSER_TESTS[0]
@BROWSER_TESTS[1]
def test_a_phone_downloads_one_copy_of_each_photo_sized_for_its_screen(site, scale, photo):
    """360 px phone: at 2x the 720 px copy is sharp enough and is the only one fetched; at 3x the 1024 px one."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch
    from tests.counting_server import serve

    with serve(site) as (base, log), sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 360, "height": 640}, device_scale_factor=scale)
        page.goto(base + "submissions/2024-05/a/")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function("[...document.querySelectorAll('.hm-body img')].every(i => i.complete && i.naturalWidth)")
        shown = page.evaluate("[...document.querySelectorAll('.hm-body img')].map(i => i.currentSrc.split('/').pop())")
        fetched = sorted(p.rsplit("/", 1)[-1] for p in log.paths() if "/submissions/2024-05/a/" in p and "." in p.rsplit("/", 1)[-1])
        browser.close()
    assert shown[0] == photo
    assert fetched == sorted([photo, "liucheng.png", shown[2]])
