"""``huimin wechat YYYY-MM [--out FILE.html]``: the month's public items (宜春声音) for a 公众号.

Writes FILE.html (every style inline, links as numbered footnotes), FILE.md (plain text for
报刊) and, when the items have pictures, FILE-图片/ with them numbered in order for upload.
Every place is checked before anything is written; an existing file or folder is replaced
only when huimin wechat made it.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

from huimin.model.errors import HuiminError, display_path
from huimin.output.disk import writing
from huimin.output.guard import WECHAT_MARKER, guard_dir, guard_file, has_marker_line
from huimin.output.staging import staging_dir, swap_in
from huimin.read.project import find_root, load_project
from huimin.rules.compilation import compilations
from huimin.rules.links import item_links
from huimin.site.wechat import TITLE, is_public, site_base, wechat_article
from huimin.site.wechat_html import MARKER, html_document
from huimin.site.wechat_text import article_markdown


def images_dir_for(out: Path) -> Path:
    return out.parent / f"{out.stem}-图片"


def _write_text(path: Path, text: str) -> None:
    """Write beside, then rename: an interrupted run leaves the old file or the new one."""
    tmp = path.parent / f".{path.name}.writing-{os.getpid()}"
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # the 公众号 editor takes pictures up to 10 MB
UPLOAD_MAX_SIDE = 2000


def _copy_image(image, folder: Path):
    """The original picture, numbered; one too big to upload made smaller (JPEG or PNG):
    the image under the name it got."""
    if image.path.stat().st_size <= UPLOAD_MAX_BYTES:
        shutil.copyfile(image.path, folder / image.name)
        return image
    from huimin.read.image_fit import fit_image

    fitted = fit_image(image.path, UPLOAD_MAX_SIDE)
    image = replace(image, name=Path(image.name).stem + fitted.suffix)
    (folder / image.name).write_bytes(fitted.data)
    return image


def run(args) -> int:
    root = find_root()
    project = load_project(root)
    month = args.month
    issue = next((c for c in compilations(project.submissions, project.settings, public_only=True)
                  if c.month == month), None)
    if issue is None:
        raise HuiminError(f"{month} 没有报送信息（content/submissions/{month}/ 中没有文件），未生成任何文件")
    hidden = [s for s in project.submissions if s.meta.month == month and s.meta.valid and not is_public(s)]
    if not issue.items and hidden:
        raise HuiminError(
            f"{month} 没有可以公开的信息：本月有效信息 {len(hidden)} 篇，都不公开（问题调研类默认不公开；"
            "要公开的，请在报送文件的开头写 public: true），未生成任何文件"
        )
    if not issue.items:
        raise HuiminError(f"{month} 没有有效信息：本月的报送都经审核不计为有效信息（valid: false），未生成任何文件")
    out = args.out or Path(f"{TITLE}-{month}.html")
    text_out = out.with_suffix(".md")
    policy_dir = project.settings.policy_dir
    ours = has_marker_line(MARKER)
    # Not in content/ either: a .md there would become a page of the public site.
    guard_file(out, root, (".html",), ours, policy_dir=policy_dir, what="输出文件", allow_inside=())
    guard_file(text_out, root, (".md",), ours, policy_dir=policy_dir, what="纯文本文件", allow_inside=())
    images_dir = images_dir_for(out)
    guard_dir(images_dir, root, WECHAT_MARKER, policy_dir=policy_dir, what="图片文件夹")

    links = item_links(project.submissions, project.experiences)
    article = wechat_article(issue, project.settings, root, links)
    with writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        new = staging_dir(images_dir) if article.images else None
        try:
            article.images = [_copy_image(image, new) for image in article.images]
            _write_text(out, html_document(article))
            _write_text(text_out, article_markdown(article, images_dir.name if article.images else ""))
            if new is not None:
                swap_in(new, images_dir, WECHAT_MARKER)
            elif (images_dir / WECHAT_MARKER).is_file():
                shutil.rmtree(images_dir)  # an earlier run's pictures, none this time
        finally:
            if new is not None and new.exists():
                shutil.rmtree(new, ignore_errors=True)

    print(f"已生成 {display_path(out)}（公众号用：{article.count} 篇，引用链接 {len(article.footnotes)} 个，"
          f"图片 {len(article.images)} 张）和 {display_path(text_out)}（报刊用纯文本）")
    print(f"标题：{article.title}")
    if hidden:
        print(f"不公开的 {len(hidden)} 篇未收录：" + "、".join(f"《{s.meta.title}》" for s in hidden))
    if article.images:
        print(f"图片按顺序上传（已复制到 {display_path(images_dir)}/）：")
        for image in article.images:
            print(f"  图{image.n}  {image.name}  ← {display_path(image.path, root)}（{image.alt}）")
    base = site_base(project.settings)
    where = f"{base}wechat/{month}/" if base else f"运行 huimin serve 后打开 http://127.0.0.1:8000/wechat/{month}/"
    print(f"网页预览（可一键复制）：{where}")
    for note in article.notes:
        print(f"提示：{note}", file=sys.stderr)
    return 0
