"""Render stage, find result → HTML: one self-contained page saying where a quotation is printed.

In: a ``quotes.FindResult``. Out: a page with the same things as the Markdown: a table
of editions (status and where), the story across them, then each edition's places, the
matched words highlighted in their sentence or a close place's redline from the
quotation. The page has no script and nothing to fetch; a Content-Security-Policy meta
tag allows only its own inline style (``templates/find.css``, by hash). Every text from
a PDF, and the quotation, goes through jinja2's autoescaping.
"""

from __future__ import annotations

from markupsafe import Markup

from guidediff.quotes import FindResult
from guidediff.render.common import asset, csp_hash, environment
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import (
    QUOTE_STATUS_WORDS, edition_label, find_story, place_kind, rewording_to_show,
)


def render(result: FindResult, options: RenderOptions = RenderOptions()) -> str:
    style = asset("find.css").strip()
    template = environment().get_template("find.html.j2")
    return template.render(
        result=result, style=Markup(style), style_hash=csp_hash(style), story=find_story(result),
        label=edition_label, status_words=QUOTE_STATUS_WORDS, kind=place_kind, rewording=rewording_to_show,
        css_status=lambda status: "s-" + status.replace(" ", "-"),
    )
