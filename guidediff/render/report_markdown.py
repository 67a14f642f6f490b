"""Render stage, report → Markdown, for pasting into a briefing.

The title says when the editions are model editions, and the warnings about the
inputs come right after it, one quoted paragraph each. Then the summary table of
substantive changes, watched topics and sections, then the substantive changes, the minor ones, and the bookkeeping ones
only when asked for, each with its citation and redline. Text
from the PDFs is escaped (``common.escape_markdown``) so it can never become
Markdown or HTML markup.
"""

from __future__ import annotations

from guidediff.render.common import escape_markdown as escape
from guidediff.render.common import markdown_redline
from guidediff.render.pages import page_range
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    BLOCK_WORDS, CHANGE_KIND_WORDS, LEVEL_MEANINGS, LEVEL_WORDS, model_label, provenance, quote_fate, section_words,
    warning_line, where,
)
from guidediff.report.links import link_words
from guidediff.report.model import Change, Edition, Report, SectionEntry, Side, paragraph_words


def _pages(pages: tuple[str, ...]) -> str:
    return page_range(pages)


def redline(change: Change) -> str:
    """The diff inline: ~~deleted~~ and **inserted** (also said in words by their markers)."""
    return markdown_redline(change.diff)


def _section_line(entry: SectionEntry) -> str:
    new = entry.new[0] if entry.new else None
    old = entry.old[0] if entry.old else None
    if entry.kind == "added":
        return f"- **Added:** {escape(new.heading)} ({_pages(new.pages)})"  # type: ignore[union-attr]
    if entry.kind == "removed":
        return f"- **Removed:** {escape(old.heading)} ({_pages(old.pages)})"  # type: ignore[union-attr]
    if entry.kind == "split":
        parts = "; ".join(f"{escape(ref.heading)} ({_pages(ref.pages)})" for ref in entry.new)
        return f"- **Split:** {escape(old.heading)} ({_pages(old.pages)}) → {parts}"  # type: ignore[union-attr]
    if entry.kind == "merged":
        parts = "; ".join(f"{escape(ref.heading)} ({_pages(ref.pages)})" for ref in entry.old)
        return f"- **Merged:** {parts} → {escape(new.heading)} ({_pages(new.pages)})"  # type: ignore[union-attr]
    words = section_words(entry)
    return (f"- **{words.capitalize()}:** {escape(old.heading)} ({_pages(old.pages)}) → "  # type: ignore[union-attr]
            f"{escape(new.heading)} ({_pages(new.pages)})")  # type: ignore[union-attr]


def _provenance(edition: Edition) -> str:
    words = provenance(edition)
    return f" ({escape(words)})" if words else ""


def _cell(side: Side | None, edition: Edition) -> tuple[str, str]:
    """(pages, paragraph) of one side for the summary table; "—" where the edition lacks it."""
    if side is None:
        return f"not in {escape(edition.short)}", "—"
    return _pages(side.pages), escape(paragraph_words(side) or BLOCK_WORDS.get(side.block, "—"))


def summary_table(report: Report) -> list[str]:
    """The substantive changes as a Markdown table a briefing can paste."""
    rows = report.summary_table
    if not rows:
        return ["No substantive changes.", ""]
    new, old = escape(report.new.short), escape(report.old.short)
    out = [f"| # | {new}: page | {new}: paragraph | {old}: page | {old}: paragraph | Section | What changed |",
           "|---:|---|---|---|---|---|---|"]
    for number, row in enumerate(rows, 1):
        new_pages, new_paragraph = _cell(row.new, report.new)
        old_pages, old_paragraph = _cell(row.old, report.old)
        section = escape(row.section[-1]) if row.section else "Front matter"
        out.append(f"| [{number}](#{row.change}) | {new_pages} | {new_paragraph} | {old_pages} | {old_paragraph} | "
                   f"{section} | {escape(row.description)} |")
    return out + [""]


def _change_lines(change: Change) -> list[str]:
    level = "" if change.level == "substantive" else f" ({LEVEL_WORDS[change.level]})"
    label = CHANGE_KIND_WORDS[change.kind].capitalize() + level
    out = [f'<a id="{change.id}"></a>**{label}** — {escape(change.citation)}', ""]
    if change.kind == "added":
        out.append("> " + escape(change.new.text))  # type: ignore[union-attr]
    elif change.kind == "removed":
        out.append("> ~~" + escape(change.old.text) + "~~")  # type: ignore[union-attr]
    else:
        out.append("> " + redline(change))
    if change.parts:
        out += ["", "Printed as: " + "; ".join(escape(where(part)) for part in change.parts) + "."]
    if change.links:
        out += [""] + [f"- {escape(link_words(found, full=True))}" for found in change.links]
    if change.reason:
        out += ["", f"*Why:* {escape(change.reason)}."]
    return out + [""]


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    include_bookkeeping = options.include_bookkeeping
    old, new = report.old, report.new
    counts = report.summary.changes
    out = [f"# What changed: {escape(old.name)} → {escape(new.name)}{escape(model_label((old, new)))}", ""]
    for warning in report.warnings:
        label, _, sentence = warning_line(warning).partition(": ")
        out += [f"> **{escape(label)}:** {escape(sentence)}", ""]
    out += [
        f"- **Old:** {escape(old.title)} ({old.pages} pages{_range(old.page_range)}), `{old.path}`{_provenance(old)}",
        f"- **New:** {escape(new.title)} ({new.pages} pages{_range(new.page_range)}), `{new.path}`{_provenance(new)}",
        f"- **Changes:** {counts.get('substantive', 0)} substantive "
        f"({counts.get('modified', 0)} modified, {counts.get('added', 0)} added, {counts.get('removed', 0)} removed, "
        f"{counts.get('moved', 0)} moved"
        + "".join(f", {counts[kind]} {kind}" for kind in ("split", "merged") if counts.get(kind)) + "); "
        f"{counts.get('minor', 0)} minor (same words: case, punctuation, spacing); "
        f"{counts.get('bookkeeping', 0)} bookkeeping only (renumbered cross-references and pages)"
        + ("" if include_bookkeeping else ", not listed"),
        "",
        "## Substantive changes at a glance",
        "",
        *summary_table(report),
    ]
    noteworthy_terms = [term for term in report.terms if term.status in ("new", "gone")]
    if noteworthy_terms:
        out += ["## Watched topics", ""]
        for term in noteworthy_terms:
            pages = term.new.pages if term.status == "new" else term.old.pages
            edition = new.short if term.status == "new" else old.short
            out.append(f"- **{escape(term.label)}**: {term.status} in {escape(new.short)} — "
                       f"{'p.' if len(pages) == 1 else 'pp.'} {', '.join(pages)} ({escape(edition)})")
        out.append("")
    if report.quotes:
        out += ["## Quotations", ""]
        for quote in report.quotes:
            out.append(f"- **“{escape(quote.text)}”**: {escape(quote_fate(quote, old, new))}")
            if quote.diff:
                out.append(f"  > {markdown_redline(quote.diff)}")
        out.append("")
    structural = [entry for entry in report.sections if entry.kind not in ("matched",)]
    if structural:
        out += ["## Sections", ""]
        out += [_section_line(entry) for entry in structural]
        out.append("")
    for level in ["substantive", "minor"] + (["bookkeeping"] if include_bookkeeping else []):
        shown = report.changes_at(level)
        if level == "substantive":
            out += ["## Changes", ""]
            if not shown:
                out += ["No substantive changes.", ""]
        elif shown:
            out += [f"## {LEVEL_WORDS[level].capitalize()} changes", "", f"{LEVEL_MEANINGS[level].capitalize()}.", ""]
        current: tuple[str, ...] | None = None
        for change in shown:
            if change.section != current:
                current = change.section
                out += [f"### {escape(' › '.join(change.section) or 'Front matter')}", ""]
            out += _change_lines(change)
    return "\n".join(out).rstrip() + "\n"


def _range(page_range: tuple[str, str] | None) -> str:
    return f", printed pages {page_range[0]}–{page_range[1]} compared" if page_range else ""
