"""Render stage, report → CSV change table for spreadsheets: one row per changed paragraph.

In: a ``Report``. Out: CSV text (RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order
mark so that spreadsheet programs read accented text right). Every change is a
row, bookkeeping included, as in the JSON: the ``substantive`` column filters them.
Columns: id, kind, substantive, section, citation, then for the new and the old
edition its paragraph number (or footnote) and printed pages, the deleted and the
inserted words, the watched concepts touched, and both texts.

Text from a PDF is data: a cell that a spreadsheet would take for a formula (it
starts with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from guidediff.render.registry import RenderOptions
from guidediff.report.model import Change, Report, Side

BYTE_ORDER_MARK = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EDIT_SEPARATOR = " … "  # between the separate deletions (or insertions) of one change


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _where(side: Side | None) -> tuple[str, str]:
    if side is None:
        return "", ""
    number = side.number or (f"footnote {side.footnote}" if side.footnote else "")
    return number, "–".join(dict.fromkeys((side.pages[0], side.pages[-1]))) if side.pages else ""


def _edits(change: Change, op: str) -> str:
    return EDIT_SEPARATOR.join(text.strip() for kind, text in change.diff if kind == op and text.strip())


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    new, old = report.new.short, report.old.short
    writer.writerow(["id", "kind", "substantive", "section", "citation",
                     f"{new} paragraph", f"{new} pages", f"{old} paragraph", f"{old} pages",
                     "deleted", "inserted", "concepts", f"{old} text", f"{new} text"])
    for change in report.changes:
        new_number, new_pages = _where(change.new)
        old_number, old_pages = _where(change.old)
        deleted = change.old.text if change.kind == "removed" and change.old else _edits(change, "-")
        inserted = change.new.text if change.kind == "added" and change.new else _edits(change, "+")
        row = [change.id, change.kind, "yes" if change.substantive else "no", " › ".join(change.section),
               change.citation, new_number, new_pages, old_number, old_pages, deleted, inserted,
               "; ".join(change.concepts), change.old.text if change.old else "", change.new.text if change.new else ""]
        writer.writerow([_cell(value) for value in row])
    return BYTE_ORDER_MARK + out.getvalue()
