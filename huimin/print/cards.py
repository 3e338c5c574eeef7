"""政策明白卡 (household policy cards): plain data for ``templates/print/cards.typ``.

One card per household, meant as one A5 sheet printed on both sides: the policies specific
to the household (picked by its 成员情况, or its 监测类型 for a 监测对象) in full, then the
policies every household of its type gets in a compact block (title and phone), and a QR
code to the site's 政策自查 preset to the household type. A card with more than fits goes
on over more pages (a short header marked 续页). The policies on a card are the ones
:class:`huimin.rules.eligibility.EligibilityIndex` gives for the as-of date; every one is
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
from huimin.rules.self_check_preset import PAGE, preset_url

TEMPLATE = TEMPLATES_DIR / "print" / "cards.typ"
TITLE = "政策明白卡"
PAPERS = {"A5": "a5", "A4": "a4"}
RISK_CLEARED = "风险已消除"  # printed after the 监测类型 of a 监测对象 whose 风险是否消除 is 是


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def qr_url(settings: Settings) -> str | None:
    """Where the cards' QR codes point: the site's 政策自查 page (each card's code presets its
    household type, see :meth:`CardContext.qr_of`), or None without site_url."""
    base = (settings.site_url or "").strip()
    if not base:
        return None
    return base.rstrip("/") + "/" + PAGE


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
        self.rules = {r["id"]: r for r in self.index.rules()}
        self._qr: dict[tuple[str, str | None, bool], int | None] = {}
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
            "qr": self.url is not None,  # the cards carry a QR code (huimin.yml has site_url)
            "qrs": [],  # the QR codes (rows of modules) of the household types seen, see qr_of
            "policies": [[p.title, p.standard, p.department, p.contact or None] for p in self.card_policies],
        }

    def policies_for(self, h: Household) -> list[Policy]:
        return self.index.for_household(h)

    def split(self, h: Household) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The household's card policies (indexes, card order): those specific to it (its
        成员情况 picked them, or for a 监测对象 its 监测类型 or risk state), and those every
        household of its type gets: as the 政策自查 page splits them (huimin/site/self_check.py
        is_specific)."""
        specific, common = [], []
        for p in self.policies_for(h):
            rule = self.rules[p.id]
            is_specific = rule["member_tags"] or (h.household_type == "监测对象" and (
                rule["monitor_types"] or rule.get("monitor_risk", "不限") != "不限"))
            (specific if is_specific else common).append(self.position[p.id])
        return tuple(specific), tuple(common)

    def qr_of(self, h: Household) -> int | None:
        """Which of ``shared["qrs"]`` the household's card shows (None without site_url): the
        政策自查 page preset to its household type, nothing personal in it."""
        monitored = h.household_type == "监测对象"
        key = (h.household_type, h.monitor_type if monitored else None, bool(monitored and h.risk_cleared))
        if key not in self._qr:
            url = preset_url(self.settings.site_url, *key)
            if url is None:
                self._qr[key] = None
            else:
                from huimin.print.qr import qr_rows

                self._qr[key] = len(self.shared["qrs"])
                self.shared["qrs"].append(list(qr_rows(url)))
        return self._qr[key]

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
            "qr": self.qr_of(h),
        }
