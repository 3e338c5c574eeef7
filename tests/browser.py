"""Headless Chromium for the browser tests: Debian's binary, the flags this machine needs
(no sandbox as root, no background connections on a closed network), and the marks."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="需要 /usr/bin/chromium"),
]


def launch(playwright):
    """Chromium started the way every browser test starts it."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
