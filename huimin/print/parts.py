"""What the cards and checklists of one run share, measured and typeset once.

A run prints 100,000 households' cards and checklists, and they repeat each other: the same
footer on every page, the same column titles, and the same few hundred runs of policy rows
(a household's list of policies follows from a handful of its attributes). Typesetting each
of those once and placing it as an image on every page that shows it is what makes the run
take minutes instead of most of an hour. In order:

1. **measure**: each template in "measure" mode lays out every row the run will show
   (序号, policy), the column titles, the household form (band) and the unusual households'
   ones, and returns their heights (:func:`huimin.print.typst_engine.measure`);
2. **paginate**: :mod:`huimin.print.pagination` decides every page from those heights (the
   cards' up front, each checklist's when its document is made);
3. **parts**: each template in "rows" mode typesets the footer (page 1), the column titles
   (page 2), the form (page 3) and every row (from page 4) into a PDF in a temporary folder;
   the cards' template in "parts" mode stacks those rows into every distinct *segment*
   (consecutive rows of one household on one page), a page each; the checklist's in "heads"
   mode typesets each village's page head;
4. the documents (:meth:`RunParts.card_document`, :meth:`RunParts.checklist_document`)
   name, page by page, the household and the parts to place: a card its segment, a checklist
   its rows one by one (its segments would be thousands, and placing a page of a PDF costs
   in proportion to the PDF's length).

Parts are vector images: the text in them stays text (pdftotext reads it; the print shop
gets sharp type), and each part used by a document is stored in it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from huimin.model.errors import HuiminError
from huimin.model.household import Household
from huimin.print import typst_engine
from huimin.print.cards import TEMPLATE as CARDS_TEMPLATE
from huimin.print.cards import CardContext, cn_date
from huimin.print.checklist import TEMPLATE as CHECKLIST_TEMPLATE
from huimin.print.checklist import TITLE as CHECKLIST_TITLE
from huimin.print.impose import impose_2up, separator
from huimin.print.pagination import (
    NO_POLICY,
    CardSizes,
    Piece,
    RowTooLong,
    Sizes,
    card_pages,
    card_pieces,
    checklist_pages,
)

BLANK = 0  # the segment of a blank back (本页空白)
FIRST_SEGMENT_PAGE = 4  # parts and rows PDFs: 1 footer, 2 column titles, 3 the household form, then segments or rows


@dataclass(frozen=True)
class Document:
    """One PDF's households: a village, or one part (册) of a large one."""

    file: str                      # the cards PDF, relative to the package folder
    checklist: str                 # the checklist PDF
    households: Sequence[Household]
    part: str | None = None        # "第1册，共2册" when the village is printed in parts


# The rules below pick out headers and bands that may wrap (a long name, a list of phone
# numbers): those are measured one by one; every other one has the typical height. A value
# is measured against its box in ems, its width estimated from above (width_em), so a value
# picked as usual never wraps over the line under it.

# The card's placed form, its value boxes in ems of the body text on A5 (on A4 every box has
# more ems): cards.typ's measure mode reports them ("room"), and a run stops if they shrank.
CARD_ROOM = {"address": 22.0, "left": 9.6, "right": 7.2}
# The checklist's band: 户编号, 户主姓名, 户类型（监测类型） before the next label (checklist.typ band-fields)
BAND_ROOM = {"number": 15.0, "head": 10.0, "type": 14.0}
_NARROW = set("0123456789 -()/.,:+")


def width_em(text: str | None) -> float:
    """A value's width in ems, never less than typeset: digits and their punctuation 0.6 (the
    fonts' are 0.35-0.56), other Latin 1.1 (W is 1.05), everything else (Chinese) 1."""
    return sum(0.6 if c in _NARROW else 1.1 if c.isascii() else 1.0 for c in text or "")


def unusual_header(h: Household) -> bool:
    room = CARD_ROOM
    return (len(h.number) > 20 or h.risk_cleared  # 监测类型 followed by 风险已消除
            or width_em(f"{h.unit} {h.township} {h.village}") > room["address"]
            or any(width_em(v) > room["left"] for v in (h.head, h.household_type, h.helper))
            or any(width_em(v) > room["right"] for v in (h.monitor_type, h.helper_phone, f"{h.size}人")))


def unusual_band(h: Household) -> bool:
    room = BAND_ROOM
    kind = f"{h.household_type}（{h.monitor_type}）" if h.monitor_type else h.household_type
    return (width_em(h.number) > room["number"] or width_em(h.head) > room["head"] or h.risk_cleared
            or width_em(kind) > room["type"])


def unusual_page_head(doc: Document) -> bool:
    first = doc.households[0]
    return len(first.unit + first.township + first.village) + len(doc.part or "") > 28


_SAMPLE = Household(number="36000000", unit="袁州区", township="某某镇", village="某某村", head="张三",
                    household_type="监测对象", monitor_type="突发严重困难户", size=3, helper="李四",
                    helper_phone="13900000000")


class RunParts:
    """The measured sizes, the pages and the parts PDFs of one run."""

    def __init__(self, ctx: CardContext, documents: Sequence[Document], folder: Path):
        self.ctx = ctx
        folder = Path(folder).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        # The folder is Typst's root: the templates are copied in, the parts are named from it.
        self.templates = {"cards": typst_engine.stage_template(CARDS_TEMPLATE, folder),
                          "checklist": typst_engine.stage_template(CHECKLIST_TEMPLATE, folder)}
        cards, checklist = self.templates["cards"], self.templates["checklist"]
        self.cards_pdf, self.checklist_pdf, self.heads_pdf = "/cards-parts.pdf", "/checklist-rows.pdf", "/checklist-heads.pdf"
        self._head_page = {doc.file: i for i, doc in enumerate(documents, 1)}
        households = [h for d in documents for h in d.households]
        self._policies = {h.number: tuple(ctx.position[p.id] for p in ctx.policies_for(h)) for h in households}
        self._split = {h.number: ctx.split(h) for h in households}
        self._pieces = {split: card_pieces(*split) for split in set(self._split.values())}
        pieces = sorted({piece for ps in self._pieces.values() for piece in ps})
        rows = sorted({(n, p) for ps in set(self._policies.values()) for n, p in enumerate(ps, 1)})

        # 1. measure
        self.card_sizes = self._measure_cards(pieces, [h for h in households if unusual_header(h)])
        self.checklist_sizes = self._measure_checklists(rows, households, documents)

        # 2. paginate
        self._card_segments: dict[tuple[Piece, ...], int] = {}
        self._card_pages: dict[tuple, list[int]] = {}
        for h in households:
            self._pages_of(h)
            ctx.qr_of(h)  # every QR code the cards show, before they are drawn
        # checklists are paginated document by document as they are sent (checklist_document)

        # 3. typeset the parts: every distinct piece once; the cards' segments from those pieces
        used = sorted({piece for segment in self._card_segments for piece in segment})
        (folder / "cards-rows.pdf").write_bytes(_checked(typst_engine.typeset(cards, {
            **ctx.shared, "mode": "rows", "pieces": [list(piece) for piece in used]}),
            FIRST_SEGMENT_PAGE - 1 + len(used), "cards-rows.pdf"))
        page = {piece: FIRST_SEGMENT_PAGE + i for i, piece in enumerate(used)}
        (folder / "cards-qrs.pdf").write_bytes(_checked(typst_engine.typeset(cards, {**ctx.shared, "mode": "qrs"}),
                                                        max(1, len(ctx.shared["qrs"])), "cards-qrs.pdf"))  # no code: one blank page
        ordered = sorted(self._card_segments, key=self._card_segments.get)
        (folder / "cards-parts.pdf").write_bytes(_checked(typst_engine.typeset(cards, {
            **ctx.shared, "mode": "parts", "rows_pdf": "/cards-rows.pdf",
            "segments": [[page[piece] for piece in segment] for segment in ordered]}),
            FIRST_SEGMENT_PAGE - 1 + len(ordered), "cards-parts.pdf"))
        # A checklist places its rows one by one from the rows PDF: its segments are too many
        # (a household split across pages at any row), and placing a page of a long PDF
        # costs in proportion to its length.
        rows_used = {(n, p, False) for n, p in rows}
        if any(not ps for ps in self._policies.values()):
            rows_used.add(NO_POLICY[0])
        self._checklist_rows = _typeset_rows(checklist, self._checklist_shared(), self._checklist_head,
                                             self._checklist_heights, rows_used, folder / "checklist-rows.pdf")
        # what each checklist's page heads say but the page number, a page per document
        (folder / "checklist-heads.pdf").write_bytes(_checked(typst_engine.typeset(checklist, {
            **self._checklist_shared(), "mode": "heads", "docs": [self.page_head(d) for d in documents]}),
            len(documents), "checklist-heads.pdf"))

    # ------------------------------------------------------------ measuring

    def _measure_cards(self, pieces: list[Piece], unusual: list[Household]) -> CardSizes:
        ctx = self.ctx
        got = typst_engine.measure(self.templates["cards"], {
            **ctx.shared, "mode": "measure", "pieces": [list(piece) for piece in pieces],
            "sample": ctx.household(_SAMPLE), "unusual": [ctx.household(h) for h in unusual]})
        self.card_forms = (got["header"], got["flowed"])  # the form placed, and laid out in rows: equal
        self.card_room = got["room"]
        if any(got["room"][k] < v for k, v in CARD_ROOM.items()):
            raise PartsMismatch(f"内部错误：明白卡户信息栏的宽度 {got['room']} 小于 CARD_ROOM {CARD_ROOM}。"
                                "这是 huimin 的缺陷，请报告给维护人员")
        return CardSizes(body=got["body"], header=got["header"], cont=got["cont"],
                         pieces=dict(zip(pieces, got["pieces"])),
                         unusual={h.number: v for h, v in zip(unusual, got["unusual"])})

    def _checklist_shared(self) -> dict:
        shared = self.ctx.shared
        return {"title": CHECKLIST_TITLE, "bureau": shared["bureau"], "fonts": shared["fonts"],
                "policies": shared["policies"]}

    def _measure_checklists(self, rows: list[tuple[int, int]], households: list[Household],
                            documents: Sequence[Document]) -> Sizes:
        ctx = self.ctx
        unusual = [h for h in households if unusual_band(h)]
        docs = [d for d in documents if unusual_page_head(d)]
        got = typst_engine.measure(self.templates["checklist"], {
            **self._checklist_shared(), "mode": "measure", "rows": [list(r) for r in rows],
            "sample": ctx.household(_SAMPLE), "unusual": [ctx.household(h) for h in unusual],
            "sample_doc": self.page_head(Document("", "", [_SAMPLE], "第1册，共2册")),
            "unusual_docs": [self.page_head(d) for d in docs]})
        self._checklist_head, self._checklist_title = got["head"], got["title"]
        self.checklist_bands = (got["typical"], got["flowed"])  # the form placed, and in boxes: equal
        self._checklist_heights = {f"{n}:{p}": h for (n, p), h in zip(rows, got["rows"])}
        half = got["rule"] / 2
        return Sizes(body=got["body"], head=got["head"] + got["rule"], typical=got["typical"],
                     rows={r: h + half for r, h in zip(rows, got["rows"])},
                     unusual={h.number: v for h, v in zip(unusual, got["unusual"])},
                     page_head=got["page_head"], page_heads={d.file: v for d, v in zip(docs, got["page_heads"])},
                     no_policy=got["no_policy"] + half)

    def page_head(self, doc: Document) -> dict:
        first = doc.households[0]
        return {"unit": first.unit, "township": first.township, "village": first.village,
                "households": len(doc.households), "part": doc.part,
                "as_of_label": cn_date(self.ctx.as_of)}

    # ------------------------------------------------------------ pages

    def _pages_of(self, h: Household) -> list[int]:
        """The parts PDF's page of each page of the household's card (-1: nothing to place)."""
        split = self._split[h.number]
        key = (split, self.card_sizes.unusual.get(h.number))
        if key not in self._card_pages:
            try:
                pages = card_pages(self._pieces[split], self.card_sizes, h.number)
            except RowTooLong as exc:
                raise _too_long(self.ctx.card_policies[exc.policy]) from None
            segments = self._card_segments
            for segment in pages:
                if segment and segment not in segments:
                    segments[segment] = FIRST_SEGMENT_PAGE + len(segments)
            self._card_pages[key] = [segments[segment] if segment else -1 for segment in pages]
        return self._card_pages[key]

    def card_length(self, h: Household) -> int:
        """How many pages the household's card has (without a blank back)."""
        return len(self._pages_of(h))

    # ------------------------------------------------------------ documents

    def card_document(self, doc: Document, duplex: bool = True, impose: str | None = None) -> dict:
        """The data of one PDF of cards (households in the order given). In ``duplex``, a
        card of an odd number of pages gets a blank back (segment 0), so the next household
        starts on a front. ``impose="2up"``: two cards on each A4 landscape sheet, after a
        separator sheet (:mod:`huimin.print.impose`)."""
        pages = []
        for i, h in enumerate(doc.households):
            segments = self._pages_of(h)
            pages += [[i, n, len(segments), page] for n, page in enumerate(segments, 1)]
            if duplex and len(segments) % 2:
                pages.append([i, 0, len(segments), BLANK])
        households = [self.ctx.household(h) for h in doc.households]
        for h, data in zip(doc.households, households):
            if h.number in self.card_sizes.unusual:
                data["flowed_header"] = True  # its form is laid out in rows that grow, not placed
        data = {**self.ctx.shared, "qrs": [], "qr_pdf": "/cards-qrs.pdf", "mode": "cards", "parts": self.cards_pdf,
                "pages": pages, "households": households}
        if impose:
            sheets, half = impose_2up(pages, duplex)
            head = self.page_head(doc)
            data.update(impose=impose, pages=[], sheets=sheets, separator=separator(
                head, len(doc.households), len(pages) // (2 if duplex else 1), half, duplex))
        return data

    def checklist_document(self, doc: Document) -> dict:
        """The data of one checklist PDF: the households of one village, in the order given."""
        pages = checklist_pages([(h.number, self._policies[h.number]) for h in doc.households],
                                self.checklist_sizes, doc.file)
        page = self._checklist_rows
        pages = [[["band", item[1], item[2]] if item[0] == "band" else ["rows", [page[row] for row in item[1]], 0]
                  for item in items] for items in pages]
        return {**self._checklist_shared(), "mode": "checklist", "parts": self.checklist_pdf,
                "heads": self.heads_pdf, "head_page": self._head_page[doc.file], "title_h": self._checklist_title,
                "pages": pages,
                "households": [self._band(h) for h in doc.households]}

    def _band(self, h: Household) -> dict:
        data = self.ctx.household(h)
        if h.number in self.checklist_sizes.unusual:
            data["flowed_band"] = True
        return data


def _typeset_rows(template: Path, shared: dict, head: float, heights: dict[str, float],
                  rows: set, path: Path) -> dict:
    """The rows PDF (footer, column titles, form, then each row); the page of each row."""
    ordered = sorted(rows)
    path.write_bytes(_checked(typst_engine.typeset(template, {
        **shared, "mode": "rows", "head": head, "heights": heights, "rows": [list(r) for r in ordered]}),
        FIRST_SEGMENT_PAGE - 1 + len(ordered), path.name))
    return {row: FIRST_SEGMENT_PAGE + i for i, row in enumerate(ordered)}


class PartsMismatch(HuiminError):
    """A PDF of parts (or a document placing them) has not the pages its layout expects: a
    part spilled over a page, and every part after it would be placed one page off — another
    household's policies on a card. A bug, never the user's input: the run stops."""


def check_pages(pdf: bytes, expected: int, what: str) -> None:
    """Stop the run (:class:`PartsMismatch`) unless ``pdf`` has exactly ``expected`` pages."""
    got = typst_engine.pdf_page_count(pdf)
    if got != expected:
        raise PartsMismatch(
            f"内部错误：{what} 应有 {expected} 页，排出 {got} 页（有部件超出了一页），继续印会把别户的政策印到卡上。"
            "已停止，未写出任何文件。这是 huimin 的缺陷，请把这段提示和所用命令报告给维护人员")


def _checked(pdf: bytes, expected: int, what: str) -> bytes:
    check_pages(pdf, expected, what)
    return pdf


def _too_long(policy) -> HuiminError:
    path, line, column = policy.source
    where = ":".join(str(x) for x in (path, line, column) if x)
    return HuiminError(
        f"{where}: standard: 政策“{policy.title}”的补助标准有 {len(policy.standard)} 字，一整页明白卡也印不下："
        "请精简为要点（细则写在政策正文中，群众扫码可查）")


__all__ = ["Document", "NO_POLICY", "PartsMismatch", "RunParts", "check_pages"]
