"""Render stage, find result → plain text for a terminal: coloured when asked, readable without colour.

In: a ``quotes.FindResult``. Out: the same things as the Markdown, in the same order;
the matched words of an exact place are «marked» (bold in colour), a close place shows
its redline from the quotation as [-deleted-] {+inserted+}. Text from the PDFs cannot
drive the terminal (``common.clean_terminal``).
"""

from __future__ import annotations

import textwrap

from guidediff.quotes import FindResult
from guidediff.render.common import BOLD, DIM, RESET, terminal_redline
from guidediff.render.common import clean_terminal as _clean
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    QUOTE_STATUS_WORDS, edition_label, find_status_line, find_story, place_kind, rewording_to_show,
)

WIDTH = 100


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [indent]


def render(result: FindResult, options: RenderOptions = RenderOptions()) -> str:
    colour = options.colour
    bold = (lambda text: f"{BOLD}{text}{RESET}") if colour else (lambda text: text)
    dim = (lambda text: f"{DIM}{text}{RESET}") if colour else (lambda text: text)
    out = _wrap(f"\"{_clean(result.query)}\"", "")
    out += [f"{_clean(edition_label(finding.edition))}: {_clean(find_status_line(finding))}"
            for finding in result.editions]
    out.append("")
    for line in find_story(result):
        out += _wrap(_clean(line), "")
    out += [dim(f"note: {_clean(note)}") for note in result.notes]
    out.append("")
    for finding in result.editions:
        if not finding.places:
            continue
        out.append(bold(f"{_clean(finding.edition.name)}: {QUOTE_STATUS_WORDS[finding.status]}"))
        rewording = rewording_to_show(finding)
        if rewording:
            previous = result.editions[finding.previous].edition.short  # type: ignore[index]
            out.append(f"  reworded from {_clean(previous)}:")
            out += _wrap(terminal_redline(rewording, colour), "    ")
        for place in finding.places:
            out.append(f"  {place_kind(place).upper()}  {_clean(place.citation)}")
            out.append(dim("    " + _clean(" > ".join(place.section) or "Front matter")))
            if place.kind == "close":
                out += _wrap(terminal_redline(place.diff, colour), "    ")
            else:
                before, words, after = (_clean(part) for part in place.around)
                out += _wrap(f"{before}{bold(words) if colour else '«' + words + '»'}{after}", "    ")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
