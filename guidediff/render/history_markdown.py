"""Render stage, history → Markdown, for a briefing or a slide: concept trend table, quotations, dropped sections, what is new.

The title says when the editions are model editions; warnings about the inputs come
right after it. Text from the PDFs is escaped (``common.escape_markdown``) so it never becomes markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from guidediff.history import EditionInfo, History
from guidediff.lineage import Fate, SectionNode
from guidediff.render.common import escape_markdown as escape
from guidediff.render.common import markdown_redline
from guidediff.render.pages import page_range
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    MATCHED_BY_WORDS, QUOTE_STATUS_WORDS, how_words, model_label, quote_where, warning_line,
)


def render(timeline: History, options: RenderOptions = RenderOptions()) -> str:
    """The history for a briefing or a slide: concept trend table, quotations, dropped sections, what is new."""
    editions = timeline.editions
    newest = editions[-1]
    out = [f"# History: {escape(' → '.join(edition.name for edition in editions))}{escape(model_label(editions))}", ""]
    for warning in timeline.warnings:  # first: what makes the series doubtful
        label, _, sentence = warning_line(warning).partition(": ")
        out += [f"> **{escape(label)}:** {escape(sentence)}", ""]
    out += ["| # | edition | date | pages | sections |", "|---|---|---|---|---|"]
    for edition in editions:
        out.append(f"| {edition.index + 1} | {escape(edition.name)} | {edition.date or '—'} | {edition.pages} | "
                   f"{edition.sections} |")
    out.append("")
    order_line = "Editions in order of publication date." if timeline.order == "date" else "Editions in the order given."
    if timeline.order_note:
        order_line += f" ({escape(timeline.order_note)})"
    out += [order_line, ""]

    if timeline.terms:
        mentioned = [row for row in timeline.terms if row.first_edition is not None]
        never = [row for row in timeline.terms if row.first_edition is None]
        out += ["## Watched topics", ""]
        header = "| topic | " + " | ".join(escape(edition.short) for edition in editions) + " | first appears |"
        out += [header, "|---|" + "---:|" * len(editions) + "---|"]
        for row in mentioned:
            cells = " | ".join(str(count.count) for count in row.editions)
            first = editions[row.first_edition]  # type: ignore[index]
            # The page of the first mention: where a trainer sends people to look.
            note = (f"{escape(first.short)}, p. {row.first_pages[0]}" if row.first_edition
                    else f"{escape(first.short)} or earlier")
            extra = [f"gone in {escape(editions[index].short)}" for index in row.disappears_in]
            extra += [f"back in {escape(editions[index].short)}" for index in row.returns_in]
            if extra:
                note += " (" + "; ".join(extra) + ")"
            out.append(f"| {escape(row.label)} | {cells} | {note} |")
        out.append("")
        if never:
            out += ["Not mentioned in any edition: " + ", ".join(escape(row.label) for row in never) + ".", ""]

    if timeline.quotes:
        out += ["## Quotations", ""]
        for quote in timeline.quotes:
            steps = "; ".join(
                f"{escape(editions[step.edition].short)} {QUOTE_STATUS_WORDS[step.status]}"
                + (f" ({escape(quote_where(step.places))})" if step.places else "")
                for step in quote.steps)
            out.append(f"- **“{escape(quote.text)}”**: {steps}")
            for step in quote.steps:
                if step.diff:
                    out.append(f"  > {escape(editions[step.edition].short)}: {markdown_redline(step.diff)}")
        out.append("")

    out += ["## Sections dropped", ""]
    any_dropped = False
    for edition in editions[1:]:
        dropped = timeline.dropped(edition.index)
        if not dropped:
            continue
        any_dropped = True
        previous = editions[edition.index - 1]
        out += [f"### Dropped in {escape(edition.short)}", ""]
        paths = _dropped_paths(timeline, edition.index)
        items = [(_last_ref(fate), fate) for fate in dropped]
        for ref, fate in items:
            if ref.path[:-1] in paths:
                continue  # listed under its dropped parent
            out.append(_dropped_line(ref, fate, previous.short, editions, paths, ""))
            for child, child_fate in items:
                if child.path[:-1] == ref.path and child.path != ref.path:
                    out.append(_dropped_line(child, child_fate, previous.short, editions, paths, "  "))
        out.append("")
    if not any_dropped:
        out += ["No section was dropped.", ""]

    out += [f"## Sections of {escape(newest.short)}: what is new and where it came from", ""]
    new_here = timeline.new_in()
    if new_here:
        out += [f"New in {escape(newest.short)}:", ""]
        returning = {fate.returned.section.id: fate for fate in timeline.fates if fate.returned is not None}
        for lineage in new_here:
            line = f"- {escape(lineage.section.heading)} ({_pages(lineage.section.pages)})"
            if lineage.section.id in returning:
                fate = returning[lineage.section.id]
                line += (f": returns, after {escape(editions[fate.dropped_in].short)} "  # type: ignore[index]
                         f"dropped it ({escape(editions[fate.last_edition].short)}: {_pages(_last_ref(fate).pages)})")
            out.append(line)
        out.append("")
    reshaped = [lineage for lineage in timeline.lineages
                if lineage.first_edition < len(editions) - 1 and lineage.steps[-1].how not in ("matched",)]
    if reshaped:
        previous = editions[-2]
        out += [f"Changed shape from {escape(previous.short)}:", ""]
        for lineage in reshaped:
            before = "; ".join(f"{escape(ref.heading)} ({_pages(ref.pages)})" for ref in lineage.steps[-2].sections)
            out.append(f"- {escape(lineage.section.heading)} ({_pages(lineage.section.pages)}): "
                       f"{how_words(lineage.steps[-1])} from {before}")
        out.append("")
    traced = [lineage for lineage in timeline.lineages
              if lineage.first_edition < len(editions) - 2 and lineage.changes]
    if traced:
        out += ["Traced back further:", ""]
        for lineage in traced:
            first = lineage.first_edition
            origin = "; ".join(escape(ref.heading) for ref in lineage.origin)
            path = [f"from {origin} ({escape(editions[first].short)}, {_pages(lineage.origin[0].pages)})"]
            for step in lineage.steps[first + 1:]:
                if step.how != "matched":
                    names = "; ".join(escape(ref.heading) for ref in step.sections)
                    path.append(f"{how_words(step)} in {escape(editions[step.edition].short)} as {names}")
            out.append(f"- {escape(lineage.section.heading)} ({_pages(lineage.section.pages)}): " + " → ".join(path))
        out.append("")
    counts: dict[int, int] = {}
    for lineage in timeline.lineages:
        counts[lineage.first_edition] = counts.get(lineage.first_edition, 0) + 1
    # The oldest edition compared is where a thread starts, not necessarily where it was first written.
    first_seen = ", ".join(
        f"{counts[index]} go back to {escape(editions[index].short)}, the oldest edition compared" if index == 0
        else f"{counts[index]} first appear{'s' if counts[index] == 1 else ''} in {escape(editions[index].short)}"
        for index in sorted(counts))
    out += [f"Of the {len(timeline.lineages)} sections of {escape(newest.short)}: {first_seen}.", ""]
    return "\n".join(out).rstrip() + "\n"


def _pages(pages: Sequence[str]) -> str:
    return page_range(pages, empty="no page")


def _dropped_paths(timeline: History, edition: int) -> set[tuple[str, ...]]:
    return {ref.path for fate in timeline.dropped(edition) for ref in fate.steps[fate.last_edition].sections}


def _dropped_line(ref: SectionNode, fate: Fate, previous: str, editions: Sequence[EditionInfo],
                  paths: set[tuple[str, ...]], indent: str) -> str:
    line = f"{indent}- {escape(ref.heading)} ({escape(previous)}, {_pages(ref.pages)})"
    depth = len(ref.path) + (1 if not indent else 0)  # a top item lists its children, so count below them
    # Only sections dropped with it: every section between it and them dropped too.
    below = sum(1 for path in paths if len(path) > depth and path[:len(ref.path)] == ref.path
                and all(path[:cut] in paths for cut in range(len(ref.path) + 1, len(path))))
    if below:
        line += f", and {below} section{'s' if below != 1 else ''} {'under it' if indent else 'further down'}"
    if fate.edition != fate.last_edition:
        line += f"; first in {escape(editions[fate.edition].short)} as {escape(fate.section.heading)}"
    if fate.returned is not None:
        back = fate.returned
        line += (f" — **returns in {escape(editions[back.edition].short)}** as {escape(back.section.heading)} "
                 f"({_pages(back.section.pages)}; matched {MATCHED_BY_WORDS.get(back.matched_by, back.matched_by)})")
    return line


def _last_ref(fate: Fate) -> SectionNode:
    last = fate.steps[fate.last_edition].sections
    return last[0] if last else fate.section
