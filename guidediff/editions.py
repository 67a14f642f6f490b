"""Editions stage: how an edition is named, dated and cited.

Citations name printed pages the way a colleague would: "p. 15", "pp. 15–17"
(printed page labels, never 0-based indices).
"""

from __future__ import annotations

from collections.abc import Iterable


def page_range(pages: Iterable[str], *, dash: str = "–", empty: str = "") -> str:
    """"p. 15" or "pp. 15–17" from printed page labels (``empty`` when there are none)."""
    pages = tuple(pages)
    if not pages:
        return empty
    return f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}{dash}{pages[-1]}"
