"""Render stage, report → CSV change table for spreadsheets: one row per changed paragraph.

In: a ``Report``. Out: CSV text (RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order
mark so that spreadsheet programs read accented text right). Every change is a
row, bookkeeping included, as in the JSON: the ``substantive`` column filters them.
Columns: id, kind, level, substantive, section, citation, a one-line description,
then for the new and the old edition its paragraph number (or footnote; a bullet's is
its paragraph's), where it stands among the numbered paragraphs ("para 135, bullet 3",
"footnote 12 (to para 40)") and its printed pages, the deleted and the inserted words,
the watched concepts touched, both texts, and the links added, removed or re-pointed
(with their targets).

Warnings about the inputs (same file, unrelated documents, model editions...) come
first, right under the header: one row each, kind ``warning``, the warning's words in
the section column and its sentence in the citation column.

Quotations asked about (``--quote``) follow the changes, one row each, only when there
are any: id ``q1``, ``q2``…, kind ``quotation``, ``level`` and ``substantive`` empty (a
quotation is not a change), the fate in words as the citation ("kept: p. 7, para 7 → p. 8, para 7"),
the paragraph and pages of its best place in each edition, the words a rewording
deleted and inserted, and the quotation's words as printed in each edition.

Text from a PDF is data: a cell that a spreadsheet would take for a formula (it
starts with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re

from guidediff.render.registry import RenderOptions
from guidediff.render.wording import WARNING_WORDS, quote_fate
from guidediff.report.links import link_words
from guidediff.report.model import (
    Change,
    QuoteEntry,
    QuotePlace,
    Report,
    Side,
    paragraph_words,
)

BYTE_ORDER_MARK = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EDIT_SEPARATOR = " … "  # between the separate deletions (or insertions) of one change
_PART_OF = re.compile(r"para (\S+?), ")  # the anchor of a paragraph's bullet or item (report/citations.py)


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _where(side: Side | None) -> tuple[str, str, str]:
    """(paragraph number or footnote, place among the numbered paragraphs, printed pages) of one side.

    The paragraph number of a bullet or lettered item is that of the numbered paragraph it
    is part of ("para 135, bullet 3": 135), so that a spreadsheet filtered or sorted by
    paragraph keeps a paragraph's bullets with it; text after a paragraph, or a bullet after
    a heading that follows it, is part of none and has no number.
    """
    if side is None:
        return "", "", ""
    part_of = _PART_OF.match(side.anchor or "")
    number = side.number or (f"footnote {side.footnote}" if side.footnote else part_of.group(1) if part_of else "")
    return number, paragraph_words(side) or "", "–".join(dict.fromkeys((side.pages[0], side.pages[-1]))) if side.pages else ""


def _edits(change: Change, op: str) -> str:
    return EDIT_SEPARATOR.join(text.strip() for kind, text in change.diff if kind == op and text.strip())


def _quote_where(places: tuple[QuotePlace, ...]) -> tuple[str, str]:
    if not places:
        return "", ""
    best = places[0]  # exact places come first, then the closest
    return best.number or "", "–".join(dict.fromkeys((best.pages[0], best.pages[-1]))) if best.pages else ""


def _quote_row(index: int, quote: QuoteEntry, report: Report) -> list[str]:
    new_number, new_pages = _quote_where(quote.new)
    old_number, old_pages = _quote_where(quote.old)
    best = quote.new[0] if quote.new else quote.old[0] if quote.old else None
    edits = {op: EDIT_SEPARATOR.join(text.strip() for kind, text in quote.diff if kind == op and text.strip())
             for op in "-+"}
    return [f"q{index}", "quotation", "", "", " › ".join(best.section) if best else "",
            quote_fate(quote, report.old, report.new), "", new_number, "", new_pages, old_number, "", old_pages,
            edits["-"], edits["+"], "", quote.old[0].text if quote.old else "", quote.new[0].text if quote.new else "", ""]


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    new, old = report.new.short, report.old.short
    writer.writerow(["id", "kind", "level", "substantive", "section", "citation", "description",
                     f"{new} paragraph", f"{new} place", f"{new} pages", f"{old} paragraph", f"{old} place", f"{old} pages",
                     "deleted", "inserted", "concepts", f"{old} text", f"{new} text", "links"])
    for number, warning in enumerate(report.warnings, 1):
        writer.writerow([_cell(value) for value in [f"w{number}", "warning", "", "", WARNING_WORDS[warning.kind],
                                                    warning.message] + [""] * 13])
    for change in report.changes:
        new_number, new_place, new_pages = _where(change.new)
        old_number, old_place, old_pages = _where(change.old)
        deleted = change.old.text if change.kind == "removed" and change.old else _edits(change, "-")
        inserted = change.new.text if change.kind == "added" and change.new else _edits(change, "+")
        row = [change.id, change.kind, change.level, "yes" if change.substantive else "no", " › ".join(change.section),
               change.citation, change.description, new_number, new_place, new_pages, old_number, old_place, old_pages, deleted, inserted,
               "; ".join(change.concepts), change.old.text if change.old else "", change.new.text if change.new else "",
               "; ".join(link_words(found, full=True) for found in change.links)]
        writer.writerow([_cell(value) for value in row])
    for index, quote in enumerate(report.quotes, 1):
        writer.writerow([_cell(value) for value in _quote_row(index, quote, report)])
    return BYTE_ORDER_MARK + out.getvalue()
