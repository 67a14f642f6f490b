"""Render stage, history → HTML: one self-contained page: editions, watched topics and quotations across them, section timelines.

Nothing is fetched and nothing runs: the page has no script, its only style is
inline, and a Content-Security-Policy meta tag allows exactly that style (by its
SHA-256 hash). All text from the PDFs goes through jinja2's autoescaping; the
only value marked safe is the package's own stylesheet.

Rows of the timeline are fates (``History.fates``): one per section from the
edition where it first appears, one cell per edition. Dropped sections come
first, then sections that changed shape on the way; sections that never changed
are folded away. Warnings about the inputs (an edition twice, editions of different
documents, model editions) are a banner above the title, which says when the
editions are model editions.
"""

from __future__ import annotations

from markupsafe import Markup

from guidediff.history import History
from guidediff.lineage import ABSENT, FIRST_APPEARS, REMOVED, Fate, Step
from guidediff.render.common import asset, csp_hash, environment
from guidediff.render.pages import page_range
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    MATCHED_BY_WORDS, QUOTE_STATUS_WORDS, WARNING_WORDS, how_words, model_label, quote_where,
)


def cell_class(step: Step) -> str:
    if step.how == ABSENT:
        return "absent"
    if step.how == REMOVED:
        return "removed"
    if step.how == FIRST_APPEARS:
        return "first"
    return "" if step.how == "matched" and not step.flags else "changed"


def quote_class(status: str) -> str:
    """The timeline's colours for a quotation: first appears, reworded (changed), gone (removed), absent."""
    return {"first appears": "first", "reworded": "changed", "gone": "removed", "absent": "absent"}.get(status, "")


def _changed(fate: Fate) -> bool:
    return any(step.how not in (ABSENT, FIRST_APPEARS, "matched") for step in fate.steps)


def render(timeline: History, options: RenderOptions = RenderOptions()) -> str:
    style = asset("history.css").strip()
    dropped = [fate for fate in timeline.fates if fate.dropped_in is not None]
    reshaped = [fate for fate in timeline.fates if fate.dropped_in is None and _changed(fate)]
    steady = [fate for fate in timeline.fates if fate.dropped_in is None and not _changed(fate)]
    template = environment().get_template("history.html.j2")
    return template.render(
        history=timeline, editions=timeline.editions, style=Markup(style), style_hash=csp_hash(style),
        terms_found=[row for row in timeline.terms if row.first_edition is not None],
        terms_never=[row for row in timeline.terms if row.first_edition is None],
        groups=[("Dropped", dropped, True), ("Changed on the way", reshaped, True),
                ("Unchanged throughout", steady, False)],
        pages=page_range, cell_class=cell_class, how=how_words,
        quote_where=quote_where, quote_class=quote_class, quote_words=QUOTE_STATUS_WORDS,
        matched_words=MATCHED_BY_WORDS,
        model=model_label(timeline.editions), warning_words=WARNING_WORDS,
    )
