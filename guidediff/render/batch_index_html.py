"""Render stage, batch index → HTML: one self-contained page listing every pair, linking each report.

Nothing is fetched and nothing runs: the page has no script, its only style is
inline, and a Content-Security-Policy meta tag allows exactly that style (by its
SHA-256 hash). All text from the PDFs (titles, names, error lines) goes through
jinja2's autoescaping; the only value marked safe is the package's own stylesheet.
Links to the reports are relative (``reports/<id>.html``), so the folder can be
moved, zipped or shared as a whole.
"""

from __future__ import annotations

from markupsafe import Markup

from guidediff.batch.model import BatchIndex, IndexEntry
from guidediff.render.batch_index_markdown import headline
from guidediff.render.common import asset, csp_hash, environment
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import BATCH_STATUS_WORDS, UNPAIRED_SIDE_WORDS, WARNING_WORDS, pairing_words

LINK_ORDER = ("html", "docx", "md", "text", "csv", "json")  # the report a document's name links to, best first


def main_report(entry: IndexEntry) -> str | None:
    """The report the document's name links to: the HTML one when there is one."""
    reports = dict(entry.reports)
    for name in LINK_ORDER:
        if name in reports:
            return reports[name]
    return next(iter(reports.values()), None)


def render(index: BatchIndex, options: RenderOptions = RenderOptions()) -> str:
    style = asset("batch_index.css").strip()
    template = environment().get_template("batch_index.html.j2")
    return template.render(
        index=index, levels=index.levels, headline=headline(index), style=Markup(style), style_hash=csp_hash(style),
        status_words=BATCH_STATUS_WORDS, side_words=UNPAIRED_SIDE_WORDS, pairing_words=pairing_words,
        warning_words=WARNING_WORDS,
        main_report=main_report, folders="old" in index.source,
    )
