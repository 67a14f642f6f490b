"""Render stage, report → Markdown, for pasting into a briefing.

The title says when the editions are model editions, and the warnings about the
inputs come right after it, one quoted paragraph each. Substantive changes come
first and alone unless bookkeeping is asked for. Text
from the PDFs is escaped (``common.escape_markdown``) so it can never become
Markdown or HTML markup.
"""

from __future__ import annotations

from guidediff.render.common import escape_markdown as escape
from guidediff.render.common import markdown_redline
from guidediff.render.pages import page_range
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import CHANGE_KIND_WORDS, model_label, provenance, quote_fate, section_words, warning_line
from guidediff.report.model import Change, Edition, Report, SectionEntry


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
        f"{counts.get('moved', 0)} moved); {counts.get('bookkeeping', 0)} bookkeeping only (renumbered cross-references)",
        "",
    ]
    noteworthy_terms = [term for term in report.terms if term.status in ("new", "gone")]
    if noteworthy_terms:
        out += ["## Watched topics", ""]
        for term in noteworthy_terms:
            pages = term.new_pages if term.status == "new" else term.old_pages
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
    shown = [change for change in report.changes if change.substantive or include_bookkeeping]
    out += ["## Changes", ""]
    if not shown:
        out += ["No substantive changes.", ""]
    current: tuple[str, ...] | None = None
    for change in shown:
        if change.section != current:
            current = change.section
            out += [f"### {escape(' › '.join(change.section) or 'Front matter')}", ""]
        label = CHANGE_KIND_WORDS[change.kind].capitalize() + ("" if change.substantive else " (bookkeeping)")
        out.append(f"**{label}** — {escape(change.citation)}")
        out.append("")
        if change.kind == "added":
            out.append("> " + escape(change.new.text))  # type: ignore[union-attr]
        elif change.kind == "removed":
            out.append("> ~~" + escape(change.old.text) + "~~")  # type: ignore[union-attr]
        else:
            out.append("> " + redline(change))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _range(page_range: tuple[str, str] | None) -> str:
    return f", printed pages {page_range[0]}–{page_range[1]} compared" if page_range else ""
