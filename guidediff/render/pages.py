"""Render stage, shared: printed page labels as a reader cites them ("p. 15", "pp. 15–17").

Inputs are printed page labels (strings, never 0-based indices); outputs are the
words every format prints. A range is ``editions.page_range``, the rule citations
in the report follow too, so it reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from guidediff.document import Document
from guidediff.editions import page_range

__all__ = ["page_list", "page_range", "page_span", "pages_shown"]


def page_list(labels: Iterable[str]) -> str:
    """"p. 15", "p. 15, 56": every page, for watched topics, where gaps matter."""
    labels = tuple(labels)
    return f"p. {', '.join(labels)}" if labels else ""


def pages_shown(pages: tuple[str, ...], limit: int = 12) -> str:
    """"4, 9, 12" or "4, 9, … (40 pages)": a long list of printed pages cut short, with its length."""
    return ", ".join(pages[:limit]) + (f", … ({len(pages)} pages)" if len(pages) > limit else "")


def page_span(document: Document, pages: tuple[int, ...]) -> str:
    """"p. 15" or "pp. 15–17" in printed labels, for 0-based page indices of ``document``."""
    ends = (document.page_label(pages[0]), document.page_label(pages[-1])) if pages else ()
    return page_range(dict.fromkeys(ends))
