"""Render stage, report → Word briefing (.docx) that a policy team can edit and send.

In: a ``Report``. Out: the bytes of a .docx file, written with python-docx (the
optional extra ``guidediff[docx]``). The briefing holds, in order: the title (which
says when the editions are model editions), the warnings about the inputs; the two editions
and which files were read; the counts; a **summary table of substantive changes**
(what changed in a few words, section, where in each edition); watched topics new or
gone; the quotations asked about (``--quote``) with their fate and, when reworded, their
redline; sections that were renamed, moved, split, merged, added or removed; then each change with its
**citation on both sides** and its **redline**: deleted words struck through,
inserted words underlined (also coloured, but never by colour alone).

Rules: text from the PDFs goes into runs as plain text (Word has no markup to
escape; control characters that XML cannot hold are dropped). The same report gives
the same bytes: the document's dates are fixed and the zip entries carry a fixed
timestamp. Minor changes follow the substantive ones; bookkeeping changes are left
out unless ``include_bookkeeping``.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

from guidediff.errors import InputError
from guidediff.render.common import spaced
from guidediff.render.pages import page_range
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    CHANGE_KIND_WORDS, LEVEL_MEANINGS, LEVEL_WORDS, model_label, provenance, quote_fate, section_words, warning_line,
    where,
)
from guidediff.report.links import link_words
from guidediff.report.model import Change, Edition, Report, SectionEntry

DELETED_COLOUR = (0xB0, 0x1C, 0x1C)
INSERTED_COLOUR = (0x1A, 0x5F, 0xB4)
# A fixed date for the document's properties and the zip entries: the file depends only on the report.
FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PAGE_CM, MARGIN_CM = (21.0, 29.7), 2.2  # A4, as the guidance itself is printed
SUMMARY_WIDTHS_CM = (0.9, 6.0, 3.6, 3.05, 3.05)  # fills the 16.6 cm between the margins: #, what changed (the longest text), section, where new, where old
SUMMARY_HEADING = "Summary of substantive changes"
LEGEND = "In the redlines below, deleted words are struck through and inserted words are underlined."

# XML 1.0 cannot hold most control characters; a PDF's text may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _docx() -> Any:
    try:
        import docx  # noqa: PLC0415 - optional: only a Word briefing needs python-docx
    except ImportError:
        raise InputError("writing a Word briefing needs python-docx; install it with: "
                         "pip install 'guidediff[docx]'") from None
    return docx


def kind_label(change: Change) -> str:
    """"Modified", "Modified (minor)", "Added (bookkeeping)": a change's kind (and level) as the briefing labels it."""
    word = CHANGE_KIND_WORDS[change.kind].capitalize()
    return word if change.substantive else f"{word} ({LEVEL_WORDS[change.level]})"


def render(report: Report, options: RenderOptions = RenderOptions()) -> bytes:
    docx = _docx()
    document = docx.Document()
    _properties(document, report)
    for section in document.sections:
        section.page_width, section.page_height = (docx.shared.Cm(size) for size in PAGE_CM)
        section.left_margin = section.right_margin = docx.shared.Cm(MARGIN_CM)
    old, new = report.old, report.new
    document.add_heading(_text(f"What changed: {old.name} → {new.name}{model_label((old, new))}"), level=0)
    for warning in report.warnings:  # before anything else: what makes the comparison doubtful
        label, _, sentence = warning_line(warning).partition(": ")
        paragraph = document.add_paragraph()
        paragraph.add_run(_text(f"{label}: ")).bold = True
        paragraph.add_run(_text(sentence))
    for label, edition in (("Old", old), ("New", new)):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_text(_about(edition)))
    counts = report.summary.changes
    document.add_paragraph(
        f"{counts.get('substantive', 0)} substantive changes ({counts.get('modified', 0)} modified, "
        f"{counts.get('added', 0)} added, {counts.get('removed', 0)} removed, {counts.get('moved', 0)} moved"
        + "".join(f", {counts[kind]} {kind}" for kind in ("split", "merged") if counts.get(kind)) + "); "
        f"{counts.get('minor', 0)} minor (the same words: case, punctuation, spacing); "
        f"{counts.get('bookkeeping', 0)} bookkeeping only (references that follow renumbering)"
        + ("." if options.include_bookkeeping else ", not listed."))

    levels = ["substantive", "minor"] + (["bookkeeping"] if options.include_bookkeeping else [])
    shown = [change for level in levels for change in report.changes_at(level)]
    numbers = {change.id: index for index, change in enumerate(shown, 1)}
    document.add_heading(SUMMARY_HEADING, level=1)
    if report.summary_table:
        _summary_table(document, report, numbers)
    else:
        document.add_paragraph("No substantive changes.")

    noteworthy = [term for term in report.terms if term.status in ("new", "gone")]
    if noteworthy:
        document.add_heading("Watched topics", level=1)
        for term in noteworthy:
            pages = term.new.pages if term.status == "new" else term.old.pages
            edition = new.short if term.status == "new" else old.short
            document.add_paragraph(_text(f"{term.label}: {term.status} in {new.short} — "
                                         f"{'p.' if len(pages) == 1 else 'pp.'} {', '.join(pages)} ({edition})"),
                                   style="List Bullet")

    if report.quotes:
        document.add_heading("Quotations", level=1)
        for quote in report.quotes:
            document.add_paragraph(_text(f"“{quote.text}”: {quote_fate(quote, old, new)}"), style="List Bullet")
            if quote.diff:
                _marked_runs(document.add_paragraph(), quote.diff)

    structural = [entry for entry in report.sections if entry.kind != "matched"]
    if structural:
        document.add_heading("Sections", level=1)
        for entry in structural:
            document.add_paragraph(_text(_section_line(entry, old, new)), style="List Bullet")

    for level in levels:
        changes = report.changes_at(level)
        if level == "substantive":
            document.add_heading("Changes", level=1)
            document.add_paragraph(LEGEND)
        elif changes:
            document.add_heading(f"{LEVEL_WORDS[level].capitalize()} changes", level=1)
            document.add_paragraph(f"{LEVEL_MEANINGS[level].capitalize()}.")
        current: tuple[str, ...] | None = None
        for change in changes:
            if change.section != current:
                current = change.section
                document.add_heading(_text(" › ".join(change.section) or "Front matter"), level=2)
            heading = document.add_paragraph()
            heading.add_run(f"{numbers[change.id]}. {kind_label(change)}").bold = True
            heading.add_run(_text(f" — {change.citation}"))
            _redline(document, change)
            for found in change.links:
                document.add_paragraph(_text(link_words(found, full=True)), style="List Bullet")
            if change.reason:
                document.add_paragraph().add_run(_text(f"Why: {change.reason}.")).italic = True

    return _reproducible(document)


def _about(edition: Edition) -> str:
    parts = [f"{edition.title} ({edition.pages} pages)"]
    if edition.page_range:
        parts.append(f"printed pages {edition.page_range[0]}–{edition.page_range[1]} compared")
    parts.append(edition.path)
    if provenance(edition):
        parts.append(provenance(edition))
    return ", ".join(parts)


def _summary_table(document: Any, report: Report, numbers: dict[str, int]) -> None:
    headers = ("#", "What changed", "Section", f"{report.new.short}: where", f"{report.old.short}: where")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(_text(header)).bold = True
    for row in report.summary_table:
        cells = table.add_row().cells
        values = (str(numbers[row.change]), row.description[:1].upper() + row.description[1:],
                  " › ".join(row.section) or "Front matter",
                  where(row.new) or f"not in {report.new.short}", where(row.old) or f"not in {report.old.short}")
        for cell, value in zip(cells, values):
            cell.text = _text(value)
    widths = [_docx().shared.Cm(width) for width in SUMMARY_WIDTHS_CM]
    for column, width in zip(table.columns, widths):  # the grid, which LibreOffice reads...
        column.width = width
    for row in table.rows:  # ...and each cell, which Word reads
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _section_line(entry: SectionEntry, old: Edition, new: Edition) -> str:
    def refs(items: tuple, edition: Edition) -> str:  # noqa: ANN001 - SectionRef
        return "; ".join(f"“{ref.heading}” ({edition.short}, {where_pages(ref.pages)})" for ref in items)

    if entry.kind == "added":
        return f"Added: {refs(entry.new, new)}"
    if entry.kind == "removed":
        return f"Removed: {refs(entry.old, old)}"
    return f"{section_words(entry).capitalize()}: {refs(entry.old, old)} → {refs(entry.new, new)}"


def where_pages(pages: tuple[str, ...]) -> str:
    return page_range(pages, empty="no page")


def _redline(document: Any, change: Change) -> None:
    """The change's words: deleted struck through (and red), inserted underlined (and blue)."""
    paragraph = document.add_paragraph()
    if change.kind == "added" and change.new is not None:
        pieces: tuple[tuple[str, str], ...] = (("+", change.new.text),)
    elif change.kind == "removed" and change.old is not None:
        pieces = (("-", change.old.text),)
    else:
        pieces = change.diff
    _marked_runs(paragraph, pieces)
    if change.kind == "moved" and all(op == "=" for op, _ in change.diff):
        paragraph.add_run(" (moved; wording unchanged)").italic = True


def _marked_runs(paragraph: Any, pieces: tuple[tuple[str, str], ...]) -> None:
    """A word diff as runs of ``paragraph``: deleted struck through (and red), inserted underlined (and blue)."""
    docx = _docx()
    for op, text in pieces:
        if op == "=" or not text.strip():
            paragraph.add_run(_text(text))
            continue
        lead, core, tail = spaced(text)  # the marks cover words, not the spaces around them
        if lead:
            paragraph.add_run(lead)
        run = paragraph.add_run(_text(core))
        if op == "-":
            run.font.strike = True
            run.font.color.rgb = docx.shared.RGBColor(*DELETED_COLOUR)
        else:
            run.font.underline = True
            run.font.color.rgb = docx.shared.RGBColor(*INSERTED_COLOUR)
        if tail:
            paragraph.add_run(tail)


def _properties(document: Any, report: Report) -> None:
    properties = document.core_properties
    properties.title = _text(f"What changed: {report.old.name} → {report.new.name}"
                             f"{model_label((report.old, report.new))}")[:255]
    properties.author = "guidediff"
    properties.last_modified_by = "guidediff"
    properties.created = properties.modified = FIXED_DATE.replace(tzinfo=None)
    properties.revision = 1


def _reproducible(document: Any) -> bytes:
    """The saved .docx with every zip entry at one fixed time, so the same report gives the same bytes."""
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()
