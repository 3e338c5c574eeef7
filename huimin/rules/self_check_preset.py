"""The 政策自查 page's preset: which household type a link (a card's QR code) opens it with.

A card's QR code points to ``<site_url>/zi-cha/#hu=tp`` (脱贫户) or ``#hu=jc&jc=tf``
(监测对象, 突发严重困难户; ``&xc=1`` when its 风险已消除): the household *type* only, never a name, number or place, and
short ASCII codes (pinyin initials) so the code stays small enough to scan from a card.
The page (``templates/pages/self_check.js``) reads the fragment and ticks those choices;
a fragment never reaches the server.
"""

from __future__ import annotations

from urllib.parse import urlencode

from huimin.model.policy import HOUSEHOLD_TYPES, MONITOR_TYPES

PAGE = "zi-cha/"
KIND_CODES: dict[str, str] = {"脱贫户": "tp", "监测对象": "jc"}
MONITOR_CODES: dict[str, str] = {"脱贫不稳定户": "bwd", "边缘易致贫户": "byy", "突发严重困难户": "tf"}
assert set(KIND_CODES) == set(HOUSEHOLD_TYPES) and set(MONITOR_CODES) == set(MONITOR_TYPES)


def preset_fragment(household_type: str, monitor_type: str | None, risk_cleared: bool = False) -> str:
    """``#hu=…[&jc=…][&xc=1]`` for a household type (and, for a 监测对象, its monitor type and
    whether its risk is eliminated)."""
    query = {"hu": KIND_CODES.get(household_type, "")}
    if household_type == "监测对象":
        if monitor_type in MONITOR_CODES:
            query["jc"] = MONITOR_CODES[monitor_type]
        if risk_cleared:
            query["xc"] = "1"
    return "#" + urlencode(query)


def preset_url(site_url: str | None, household_type: str, monitor_type: str | None,
               risk_cleared: bool = False) -> str | None:
    """The 政策自查 page preset to this type, or None without a site URL."""
    base = (site_url or "").strip()
    if not base:
        return None
    return base.rstrip("/") + "/" + PAGE + preset_fragment(household_type, monitor_type, risk_cleared)


def preset_codes() -> dict[str, dict[str, str]]:
    """The codes for the page's script: code → value, per parameter."""
    return {"hu": {c: k for k, c in KIND_CODES.items()}, "jc": {c: m for m, c in MONITOR_CODES.items()},
            "xc": {"1": "已消除"}}
