"""政策明白卡 (household policy cards): plain data for ``templates/print/cards.typ``.

One card per household, one household per page (a card with more policies than fit
continues on the next page, header repeated, marked 续页). The policies on a card are the
ones :class:`huimin.rules.eligibility.EligibilityIndex` gives for the as-of date; every one is
printed. The data carries policies once, by index, and households refer to them.

What the cards of a run share (the footer with the QR code, the column titles, the runs of
policy rows) is typeset once per run and placed on each card: see :mod:`huimin.print.parts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from huimin.model.household import Household
from huimin.model.policy import Policy
from huimin.model.settings import Settings
from huimin.print.fonts import font_families
from huimin.read.templates import TEMPLATES_DIR
from huimin.rules.eligibility import EligibilityIndex

TEMPLATE = TEMPLATES_DIR / "print" / "cards.typ"
TITLE = "政策明白卡"
PAPERS = {"A5": "a5", "A4": "a4"}
POLICY_PATH = "policies/"
RISK_CLEARED = "风险已消除"  # printed after the 监测类型 of a 监测对象 whose 风险是否消除 is 是


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def qr_url(settings: Settings) -> str | None:
    """Where the card's QR code points: the public policy list, or None without site_url."""
    base = (settings.site_url or "").strip()
    if not base:
        return None
    return base.rstrip("/") + "/" + POLICY_PATH


class CardContext:
    """What every card of one run shares: settings, fonts, QR, the policy table."""

    def __init__(self, settings: Settings, policies: Iterable[Policy], as_of: date,
                 printed: date | None = None, paper: str = "A5"):
        if paper.upper() not in PAPERS:
            raise ValueError(paper)
        self.settings = settings
        self.as_of = as_of
        self.index = EligibilityIndex(policies, as_of)
        self.card_policies: list[Policy] = self.index.policies
        self.position = {p.id: i for i, p in enumerate(self.card_policies)}
        self.url = qr_url(settings)
        qr = None
        if self.url:
            from huimin.print.qr import qr_rows

            qr = list(qr_rows(self.url))
        printed = printed or date.today()
        self.shared = {
            "title": TITLE,
            "bureau": settings.bureau,
            "city": settings.city,
            "paper": PAPERS[paper.upper()],
            "hotline": settings.hotline,
            "print_date": cn_date(printed),
            # shown next to the print date only when the cards were made for another day
            "as_of_label": cn_date(as_of) if as_of != printed else None,
            "as_of": as_of.isoformat(),
            "fonts": font_families(getattr(settings, "print_fonts", None)),
            "qr": qr,
            "policies": [[p.title, p.standard, p.department, p.contact or None] for p in self.card_policies],
        }

    def policies_for(self, h: Household) -> list[Policy]:
        return self.index.for_household(h)

    def household(self, h: Household) -> dict:
        return {
            "number": h.number,
            "unit": h.unit,
            "township": h.township,
            "village": h.village,
            "head": h.head,
            "type": h.household_type,
            "monitor": f"{h.monitor_type}，{RISK_CLEARED}" if h.risk_cleared and h.monitor_type else h.monitor_type,
            "size": h.size,
            "helper": h.helper,
            "helper_phone": h.helper_phone,
        }
