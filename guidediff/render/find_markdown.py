"""Render stage, find result → Markdown, for pasting into a briefing.

In: a ``quotes.FindResult``. Out: the quotation, one line per edition (its status and
where), the story across editions (``wording.find_story``), then each edition's places,
exact first, with the words in bold in their sentence or, for a close place, the redline
from the quotation. Text from the PDFs and the quotation itself are escaped
(``common.escape_markdown``), so they never become markup.
"""

from __future__ import annotations

from guidediff.quotes import FindResult
from guidediff.render.common import escape_markdown as escape
from guidediff.render.common import markdown_redline
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    QUOTE_STATUS_WORDS, edition_label, find_status_line, find_story, place_kind, rewording_to_show,
)


def render(result: FindResult, options: RenderOptions = RenderOptions()) -> str:
    out = [f"# Where it says: “{escape(result.query)}”", ""]
    out += [f"- **{escape(edition_label(finding.edition))}**: {escape(find_status_line(finding))}"
            for finding in result.editions]
    out.append("")
    out += [escape(line) for line in find_story(result)]
    out.append("")
    if result.notes:
        out += [f"*Note: {escape(note)}.*" for note in result.notes] + [""]
    for finding in result.editions:
        if not finding.places:
            continue
        out += [f"## {escape(finding.edition.name)} — {QUOTE_STATUS_WORDS[finding.status]}", ""]
        rewording = rewording_to_show(finding)
        if rewording:
            previous = result.editions[finding.previous].edition.short  # type: ignore[index]
            out += [f"Reworded from {escape(previous)}:", "", "> " + markdown_redline(rewording), ""]
        for place in finding.places:
            section = " › ".join(place.section) or "Front matter"
            out.append(f"**{place_kind(place).capitalize()}** — {escape(place.citation)} — {escape(section)}")
            out.append("")
            if place.kind == "close":
                out.append("> " + markdown_redline(place.diff))
            else:
                before, words, after = place.around
                out.append(f"> {escape(before)}**{escape(words)}**{escape(after)}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
