"""Render stage, report → plain text for a terminal: coloured when asked, readable without colour.

The first line names the editions (and says when they are model editions); the
warnings about the inputs come next, one line each, before anything else.
Then the counts; the summary table of substantive changes (one line each, both editions);
watched topics; section links; then the substantive changes, the minor ones, and with
``include_bookkeeping`` the bookkeeping ones, each group in reading order with its redline.

Deletions are shown as [-…-] and insertions as {+…+} (git's word-diff markers),
so the change is visible in a monochrome terminal or a log file; colour only adds.
"""

from __future__ import annotations

import textwrap

from guidediff.render.common import BOLD, DIM, RESET, terminal_redline
from guidediff.render.common import clean_terminal as _clean
from guidediff.render.pages import page_range
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    CHANGE_KIND_WORDS, LEVEL_MEANINGS, LEVEL_WORDS, model_label, provenance, quote_fate, section_words, warning_line,
    where,
)
from guidediff.report.links import link_words
from guidediff.report.model import Change, Edition, Report, SectionEntry, Side

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


def _where(side: Side | None, edition: Edition) -> str:
    return f"{edition.short}: {_clean(where(side))}" if side is not None else f"not in {_clean(edition.short)}"


def summary_table(report: Report) -> list[str]:
    """The substantive changes in one line each: where in the new and the old edition, section, what changed."""
    rows = report.summary_table
    if not rows:
        return ["  No substantive changes."]
    out = []
    for number, row in enumerate(rows, 1):
        section = _clean(row.section[-1]) if row.section else "Front matter"
        out.append(f"  {number:>3}. {_where(row.new, report.new)} ({_where(row.old, report.old)}) · {section}")
        out.extend(textwrap.wrap(_clean(row.description), WIDTH, initial_indent="       ", subsequent_indent="       ",
                                 break_long_words=False, break_on_hyphens=False))
    return out


def _change(change: Change, colour: bool, bold, dim) -> list[str]:  # noqa: ANN001 - the two styling functions
    level = "" if change.level == "substantive" else f" ({LEVEL_WORDS[change.level]})"
    out = [bold(f"{CHANGE_KIND_WORDS[change.kind].upper()}{level}  {_clean(change.citation)}"),
           dim("  " + _clean(" > ".join(change.section) or "Front matter"))]
    if change.kind == "added":
        body = _clean(change.new.text)  # type: ignore[union-attr]
    elif change.kind == "removed":
        body = _clean(change.old.text)  # type: ignore[union-attr]
    else:
        body = _redline(change, colour)
    out.extend(textwrap.wrap(body, WIDTH, initial_indent="  ", subsequent_indent="  ",
                             break_long_words=False, break_on_hyphens=False) or ["  "])
    if change.parts:
        out.append(dim("  printed as: " + "; ".join(_clean(where(part)) for part in change.parts)))
    for found in change.links:
        out.extend(textwrap.wrap(_clean(link_words(found, full=True)), WIDTH, initial_indent="  ",
                                 subsequent_indent="    ", break_long_words=True))
    if change.reason:
        out.extend(textwrap.wrap(f"why: {_clean(change.reason)}", WIDTH, initial_indent="  ", subsequent_indent="  "))
    out.append("")
    return out


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
        f"{counts.get('added', 0)} added, {counts.get('removed', 0)} removed, {counts.get('moved', 0)} moved"
        + "".join(f", {counts[kind]} {kind}" for kind in ("split", "merged") if counts.get(kind)) + "); "
        f"{counts.get('minor', 0)} minor (same words); "
        f"{counts.get('bookkeeping', 0)} bookkeeping only" + ("" if include_bookkeeping else " (hidden; --all shows them)"),
        "",
        bold("Substantive changes"),
        *summary_table(report),
        "",
    ]
    terms = [term for term in report.terms if term.status in ("new", "gone")]
    if terms:
        out.append(bold("Watched topics"))
        for term in terms:
            pages = term.new.pages if term.status == "new" else term.old.pages
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
    shown_levels = ["substantive", "minor"] + (["bookkeeping"] if include_bookkeeping else [])
    for level in shown_levels:
        changes = report.changes_at(level)
        if level != "substantive":
            if not changes:
                continue
            out += [bold(f"{LEVEL_WORDS[level].capitalize()} changes ({LEVEL_MEANINGS[level]})"), ""]
        for change in changes:
            out += _change(change, colour, bold, dim)
    return "\n".join(out).rstrip() + "\n"
