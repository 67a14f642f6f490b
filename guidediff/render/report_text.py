"""Render stage, report → plain text for a terminal: coloured when asked, readable without colour.

The first line names the editions (and says when they are model editions); the
warnings about the inputs come next, one line each, before anything else.

Deletions are shown as [-…-] and insertions as {+…+} (git's word-diff markers),
so the change is visible in a monochrome terminal or a log file; colour only adds.
"""

from __future__ import annotations

import textwrap

from guidediff.render.common import BOLD, DIM, RESET, terminal_redline
from guidediff.render.common import clean_terminal as _clean
from guidediff.render.pages import page_range
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import CHANGE_KIND_WORDS, model_label, provenance, quote_fate, section_words, warning_line
from guidediff.report.model import Change, Edition, Report, SectionEntry

WIDTH = 100


def _pages(pages: tuple[str, ...]) -> str:
    return page_range(pages, dash="-")


def _redline(change: Change, colour: bool) -> str:
    return terminal_redline(change.diff, colour)


def _section(entry: SectionEntry) -> str:
    old = " / ".join(f"{ref.heading} ({_pages(ref.pages)})" for ref in entry.old)
    new = " / ".join(f"{ref.heading} ({_pages(ref.pages)})" for ref in entry.new)
    words = section_words(entry)
    if entry.kind == "added":
        return f"  added: {_clean(new)}"
    if entry.kind == "removed":
        return f"  removed: {_clean(old)}"
    return f"  {words}: {_clean(old)} -> {_clean(new)}"


def _about(edition: Edition) -> str:
    """"model edition wt-2013, 86 pages": which file was read, then its length."""
    return ", ".join(filter(None, [_clean(provenance(edition)), f"{edition.pages} pages"]))


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    include_bookkeeping, colour = options.include_bookkeeping, options.colour
    bold = (lambda text: f"{BOLD}{text}{RESET}") if colour else (lambda text: text)
    dim = (lambda text: f"{DIM}{text}{RESET}") if colour else (lambda text: text)
    counts = report.summary.changes
    out = [
        bold(f"{_clean(report.old.name)} -> {_clean(report.new.name)}{_clean(model_label((report.old, report.new)))}"),
        *(bold(_clean(warning_line(warning))) for warning in report.warnings),
        f"old: {_clean(report.old.path)} ({_about(report.old)})",
        f"new: {_clean(report.new.path)} ({_about(report.new)})",
        f"{counts.get('substantive', 0)} substantive changes ({counts.get('modified', 0)} modified, "
        f"{counts.get('added', 0)} added, {counts.get('removed', 0)} removed, {counts.get('moved', 0)} moved); "
        f"{counts.get('bookkeeping', 0)} bookkeeping only" + ("" if include_bookkeeping else " (hidden; --all shows them)"),
        "",
    ]
    terms = [term for term in report.terms if term.status in ("new", "gone")]
    if terms:
        out.append(bold("Watched topics"))
        for term in terms:
            pages = term.new_pages if term.status == "new" else term.old_pages
            out.append(f"  {_clean(term.label)}: {term.status} ({_pages(pages) if len(pages) < 2 else 'pp. ' + ', '.join(pages)})")
        out.append("")
    if report.quotes:
        out.append(bold("Quotations"))
        for quote in report.quotes:
            out.extend(textwrap.wrap(f"\"{_clean(quote.text)}\": {_clean(quote_fate(quote, report.old, report.new))}",
                                     WIDTH, initial_indent="  ", subsequent_indent="    ", break_long_words=False,
                                     break_on_hyphens=False))
            if quote.diff:
                out.extend(textwrap.wrap(terminal_redline(quote.diff, colour), WIDTH, initial_indent="    ",
                                         subsequent_indent="    ", break_long_words=False, break_on_hyphens=False))
        out.append("")
    structural = [entry for entry in report.sections if entry.kind != "matched"]
    if structural:
        out.append(bold("Sections"))
        out += [_section(entry) for entry in structural]
        out.append("")
    for change in report.changes:
        if not (change.substantive or include_bookkeeping):
            continue
        heading = f"{CHANGE_KIND_WORDS[change.kind].upper()}{'' if change.substantive else ' (bookkeeping)'}  {_clean(change.citation)}"
        out.append(bold(heading))
        out.append(dim("  " + _clean(" > ".join(change.section) or "Front matter")))
        if change.kind == "added":
            body = _clean(change.new.text)  # type: ignore[union-attr]
        elif change.kind == "removed":
            body = _clean(change.old.text)  # type: ignore[union-attr]
        else:
            body = _redline(change, colour)
        out.extend(textwrap.wrap(body, WIDTH, initial_indent="  ", subsequent_indent="  ",
                                 break_long_words=False, break_on_hyphens=False) or ["  "])
        out.append("")
    return "\n".join(out).rstrip() + "\n"
