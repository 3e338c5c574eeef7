"""The ``huimin`` command. User errors print as located Chinese lines, without a traceback."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from huimin.commands.argparse_zh import ChineseParser
from huimin.model.errors import HuiminError
from huimin.output.disk import disk_error, writing
from huimin.output.guard import guard_file
from huimin.read.project import MEASURES_FILE, find_root


class _Parser(ChineseParser):
    def error(self, message: str) -> None:  # one Chinese line, exit 1 (argparse would exit 2)
        self.print_usage(sys.stderr)
        raise HuiminError(f"命令行参数有误：{message}")


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，实际为“{text}”") from None


def _month(text: str) -> str:
    import re

    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return text
    raise argparse.ArgumentTypeError(f"月份应为 YYYY-MM，实际为“{text}”")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="huimin", description="惠民：乡村振兴政策清单发布系统")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="命令")
    as_of = dict(type=_as_of, metavar="YYYY-MM-DD", help="统计日期：按这一天判断政策是否有效，报送和认可的日期不能晚于它（默认今天）")

    check = sub.add_parser("check", help="检查全部输入文件，列出所有问题")
    check.add_argument("--as-of", **as_of)

    build = sub.add_parser("build", help="生成网站到 site_build/（失败时保留原网站）")
    build.add_argument("--as-of", **as_of)
    build.add_argument("--site-dir", type=Path, metavar="文件夹", help="输出文件夹（默认 site_build）")
    build.add_argument("--rebuild", action="store_true",
                       help="源文件没有改动也重新生成（默认沿用上次构建的结果）")

    serve = sub.add_parser("serve", help="本地预览，修改文件后自动刷新")
    serve.add_argument("--as-of", **as_of)
    serve.add_argument("--dev-addr", metavar="IP:端口", help="预览地址（默认 127.0.0.1:8000）")

    hb = sub.add_parser("handbook", help="生成政策读本（A4 或 A5 口袋本 PDF）")
    hb.add_argument("--out", type=Path, default=Path("政策读本.pdf"), metavar="文件.pdf", help="输出文件（默认 政策读本.pdf）")
    hb.add_argument("--as-of", **as_of)
    hb.add_argument("--paper", choices=["A4", "A5"], default="A4", type=str.upper, help="纸张（默认 A4；A5 为口袋本）")
    hb.add_argument("--booklet", action="store_true", help="骑马订：总页数补足为 4 的倍数（末尾补空白页）")

    cards = sub.add_parser("cards", help="按户名单生成政策明白卡和村排查表（印刷包，含个人信息）")
    cards.add_argument("roster", type=Path, metavar="户名单.xlsx|.csv", help="户名单（CSV 或 XLSX）")
    cards.add_argument("--out", type=Path, required=True, metavar="文件夹", help="输出文件夹（不得在网站目录内）")
    cards.add_argument("--as-of", **as_of)
    cards.add_argument("--skip-bad-rows", action="store_true", help="跳过有误的行（列在 report.txt 中），其余照常打印")
    cards.add_argument("--paper", choices=["A5", "A4"], default="A5", type=str.upper, help="纸张（默认 A5）")
    cards.add_argument("--simplex", action="store_true", help="单面印刷：不在单页卡片背面补空白页（默认双面，每户从正面开始）")
    cards.add_argument("--replace", action="store_true", help="输出文件夹中已有印刷包时，用新生成的整体替换它")
    cards.add_argument("--impose", choices=["2up"], help="拼版：两张 A5 明白卡印在一张 A4 横向纸上，带裁切线和分村隔页")

    comp = sub.add_parser("compile", help="某月各县市区报送完成情况（措施十七）")
    comp.add_argument("month", type=_month, metavar="YYYY-MM", help="月份，如 2026-10")
    comp.add_argument("--strict", action="store_true", help="有县市区未完成任务时退出码为 1")

    brief = sub.add_parser("brief", help="打印某月的内部简报（含不公开的信息，标“内部资料”，不上网站）")
    brief.add_argument("month", type=_month, metavar="YYYY-MM", help="月份，如 2026-10")
    brief.add_argument("--out", type=Path, metavar="文件.pdf", help="输出文件（默认 每月汇编简报-YYYY-MM.pdf）")
    brief.add_argument("--as-of", **as_of)

    new = sub.add_parser("new", help="新建一篇报送信息或“宜春经验”的模板文件")
    new.add_argument("what", choices=["submission", "experience"], metavar="submission|experience",
                     help="submission：县市区报送信息；experience：“宜春经验”")
    new.add_argument("--unit", required=True, metavar="单位", help="报送单位，如 袁州区")
    new.add_argument("--kind", default="经验成效类", metavar="经验成效类|问题调研类", help="类别（默认 经验成效类）")
    new.add_argument("--month", type=_month, metavar="YYYY-MM", help="计入哪个月（默认本月）")

    docx = sub.add_parser("import-docx", help="把县市区报来的 Word 文档（.docx）导入为报送信息（含图片）")
    docx.add_argument("files", type=Path, nargs="+", metavar="文件.docx|文件夹", help="Word 文档，或放 Word 文档的文件夹")
    docx.add_argument("--unit", required=True, metavar="单位", help="报送单位：huimin.yml 中的县市区或“三区”之一")
    docx.add_argument("--kind", required=True, metavar="经验成效类|问题调研类", help="类别")
    docx.add_argument("--month", type=_month, metavar="YYYY-MM", help="计入哪个月（默认本月）")

    wx = sub.add_parser("wechat", help="某月可公开的信息（宜春声音）转为公众号文章（HTML）和报刊用纯文本")
    wx.add_argument("month", type=_month, metavar="YYYY-MM")
    wx.add_argument("--out", type=Path, metavar="文件.html", help="输出文件（默认 宜春声音-YYYY-MM.html；纯文本写在旁边的 .md）")

    imp = sub.add_parser("import-measures", help="把“二十条措施”式正式文件（.txt）转为结构化数据")
    imp.add_argument("file", type=Path, metavar="文件.txt", help="正式文件的文字（.txt）")
    imp.add_argument("--out", type=Path, metavar="文件.yml", help=f"输出文件（默认 {MEASURES_FILE}）")
    return p


def cmd_check(args) -> int:
    from huimin.commands.check import run

    return run(args)


def cmd_build(args) -> int:
    from huimin.build import build

    root = find_root()
    with writing(args.site_dir or root / "site_build"):
        result = build(root, args.as_of, args.site_dir, reuse=not args.rebuild)
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    shown = result.site_dir
    try:
        shown = result.site_dir.relative_to(Path.cwd())
    except ValueError:
        pass
    print(f"网站已生成：{shown}/（{result.pages} 个页面，{result.policies} 条政策，"
          f"统计日期 {result.as_of.isoformat()}，用时 {result.seconds:.1f} 秒"
          f"{'' if result.project else '；源文件都没有改动，沿用上次构建的结果'}）")
    print("本地预览：运行 huimin serve，然后在浏览器打开 http://127.0.0.1:8000/")
    return 0


def cmd_serve(args) -> int:
    from huimin.commands.serve import serve

    serve(find_root(), args.as_of, args.dev_addr)  # bad input: the problem list in the browser
    return 0


def cmd_handbook(args) -> int:
    from huimin.commands.handbook import run

    return run(args)


def cmd_cards(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from huimin.print.package import write_package
    from huimin.print.refusals import RosterError, check_out_dir, roster_households
    from huimin.read.project import load_project
    from huimin.read.roster import read_roster

    project = load_project(find_root(), args.as_of, policies_only=True)  # submissions are not printed
    check_out_dir(args.out, project.root, project.settings.policy_dir, replace=args.replace)
    roster = read_roster(args.roster, project.settings)
    console = Console(stderr=True)
    try:
        roster_households(roster, args.skip_bad_rows)  # refuse a bad roster before anything starts
        with writing(args.out), Progress(TextColumn("排版"), BarColumn(), MofNCompleteColumn(), TextColumn("个文件"),
                      TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("cards", total=None)
            result = write_package(project, args.roster, args.out, skip_bad_rows=args.skip_bad_rows, paper=args.paper,
                                   roster=roster, replace=args.replace, duplex=not args.simplex, impose=args.impose,
                                   progress=lambda done, total: bar.update(task, completed=done, total=total))
    except RosterError as exc:  # capped list, one closing line (not main's "共 N 个问题")
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    print(f"已生成 {args.out}：{result.households} 户，{result.villages} 个村，明白卡 {result.card_pages} 页（{result.card_sheets} 张，{'单面' if args.simplex else '双面'}），"
          f"排查表 {result.checklist_pages} 页，{len(result.files)} 个 PDF（统计日期 {project.as_of.isoformat()}，"
          f"用时 {result.seconds:.1f} 秒）")
    print(f"清单：{args.out / 'manifest.csv'}；报告：{args.out / 'report.txt'}；"
          f"交印刷厂的作业单：{args.out / '封面-作业单.pdf'}")
    if result.skipped_rows:
        print(f"提示：跳过有误的行 {result.skipped_rows} 行，详见 report.txt", file=sys.stderr)
    if roster.warnings:  # unknown columns, 人数 above the persons listed …
        print(f"提示：名单有 {len(roster.warnings)} 条提示（如认不得的列、人数多于列出的人），详见 report.txt", file=sys.stderr)
    if result.no_policy:
        print(f"提示：{result.no_policy} 户没有对应政策，详见 report.txt", file=sys.stderr)
    if not result.qr:
        print("提示：huimin.yml 未设置 site_url，明白卡未印二维码", file=sys.stderr)
    for stale in result.removed:
        print(f"提示：已删除上次中断留下的临时文件夹 {stale}", file=sys.stderr)
    print("注意：印刷包含个人信息，不得上传到公开网站。")
    return 0


def cmd_compile(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from huimin.read.project import load_project
    from huimin.rules.quota import month_quota

    project = load_project(find_root())
    rows = month_quota(project.submissions, project.settings, args.month)
    table = Table(title=f"{args.month} 县市区报送完成情况（每月不少于 {project.settings.monthly_quota} 篇有效信息）")
    for name, justify in (("单位", "left"), ("有效篇数", "right"), ("经验成效类", "right"),
                          ("问题调研类", "right"), ("不计数", "right"), ("完成情况", "left")):
        table.add_column(name, justify=justify, no_wrap=True)
    for r in rows:
        status = "不设任务数" if r.quota is None else ("已完成" if r.met else f"[bold red]差 {r.short} 篇[/]")
        table.add_row(r.unit, str(r.valid), str(r.by_kind["经验成效类"]), str(r.by_kind["问题调研类"]),
                      str(r.invalid), status)
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, 100)
    console.print(table)
    short = [r.unit for r in rows if r.met is False]
    if short:
        print(f"未完成任务：{'、'.join(short)}（{len(short)} 个县市区）")
    else:
        print("各县市区均已完成本月任务。")
    return 1 if short and args.strict else 0


def cmd_new(args) -> int:
    from huimin.read.settings import load_settings
    from huimin.skeleton import new_experience, new_submission

    root = find_root()
    settings, problems = load_settings(root)
    if problems:
        raise HuiminError(problems)
    if args.what == "submission":
        path = new_submission(root, settings, args.unit, args.kind, args.month)
    else:
        path = new_experience(root, settings, args.unit)
    print(f"已新建：{path.relative_to(root).as_posix()}（请填写标题、摘要和正文，然后运行 huimin check）")
    return 0


def cmd_import_measures(args) -> int:
    from huimin.read.measures_yaml import import_measures, is_measures_file, summary_line

    try:
        root = find_root()
    except HuiminError:
        if args.out is None:
            raise
        root = None  # --out given outside a project: nothing of a project to spare
    out = args.out or root / MEASURES_FILE
    guard_file(out, root, (".yml", ".yaml"), is_measures_file, allow_inside=("content",))
    with writing(out):
        doc = import_measures(args.file, out)
    print(summary_line(doc, out))
    return 0


def cmd_import_docx(args) -> int:
    from huimin.commands.import_docx import import_docx, received, report
    from huimin.read.settings import load_settings

    root = find_root()
    settings, problems = load_settings(root)
    if problems:
        raise HuiminError(problems)
    today = date.today()
    done = import_docx(root, settings, args.files, args.unit, args.kind, args.month, today)
    for item in done:
        print("\n".join(report(item, root, received(item.path.parent.name, today), today)))
    print(f"共导入 {len(done)} 篇。请逐项核对后运行 huimin check，再用 huimin serve 预览。")
    return 0


def cmd_wechat(args) -> int:
    from huimin.commands.wechat import run

    return run(args)


def cmd_brief(args) -> int:
    from huimin.commands.brief import run

    return run(args)


COMMANDS = {
    "check": cmd_check,
    "build": cmd_build,
    "serve": cmd_serve,
    "handbook": cmd_handbook,
    "cards": cmd_cards,
    "compile": cmd_compile,
    "brief": cmd_brief,
    "new": cmd_new,
    "import-measures": cmd_import_measures,
    "import-docx": cmd_import_docx,
    "wechat": cmd_wechat,
}


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except HuiminError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        if len(exc.problems) > 1:
            print(f"共 {len(exc.problems)} 个问题，请逐一修改后再试。", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head, less…
        sys.stderr.close()
        return 0
    except OSError as exc:  # a read-only or full disk is the user's to fix, not a bug
        error = disk_error(exc)
        if error is None:
            raise
        print(str(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
