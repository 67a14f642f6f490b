"""The history as one self-contained HTML page: editions, watched topics across them, section timelines.

Nothing is fetched and nothing runs: the page has no script, its only style is
inline, and a Content-Security-Policy meta tag allows exactly that style (by its
SHA-256 hash). All text from the PDFs goes through jinja2's autoescaping; the
only value marked safe is the package's own stylesheet.

Rows of the timeline are fates (``History.fates``): one per section from the
edition where it first appears, one cell per edition. Dropped sections come
first, then sections that changed shape on the way; sections that never changed
are folded away.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from guidediff.history import ABSENT, FIRST_APPEARS, REMOVED, Fate, History, Step, how_words

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.zero{color:#999}
td.absent{background:#fafafa}
td.removed{background:#fde8e8}
td.first{background:#e8f4fd}
td.changed{background:#fff6d9}
.how{display:inline-block;font-size:.75rem;text-transform:uppercase;letter-spacing:.03em;color:#555;margin-right:.3rem}
.pages{color:#555;font-size:.85rem;white-space:nowrap}
.note{color:#555}
details summary{cursor:pointer;margin:.5rem 0}
table.timeline{table-layout:fixed}
.lv2{padding-left:1rem}.lv3{padding-left:2rem}.lv4{padding-left:3rem}
""".strip()


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(
        lambda name: resources.files("guidediff").joinpath("report", "templates", name).read_text(encoding="utf-8"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def pages(refs_or_pages: tuple[str, ...]) -> str:
    if not refs_or_pages:
        return ""
    return f"p. {refs_or_pages[0]}" if len(refs_or_pages) == 1 else f"pp. {refs_or_pages[0]}–{refs_or_pages[-1]}"


def cell_class(step: Step) -> str:
    if step.how == ABSENT:
        return "absent"
    if step.how == REMOVED:
        return "removed"
    if step.how == FIRST_APPEARS:
        return "first"
    return "" if step.how == "matched" and not step.flags else "changed"


def _changed(fate: Fate) -> bool:
    return any(step.how not in (ABSENT, FIRST_APPEARS, "matched") for step in fate.steps)


def render_html(timeline: History) -> str:
    dropped = [fate for fate in timeline.fates if fate.dropped_in is not None]
    reshaped = [fate for fate in timeline.fates if fate.dropped_in is None and _changed(fate)]
    steady = [fate for fate in timeline.fates if fate.dropped_in is None and not _changed(fate)]
    template = _environment().get_template("history.html.j2")
    return template.render(
        history=timeline, editions=timeline.editions, style=Markup(STYLE), style_hash=_csp_hash(STYLE),
        terms_found=[row for row in timeline.terms if row.first_edition is not None],
        terms_never=[row for row in timeline.terms if row.first_edition is None],
        groups=[("Dropped", dropped, True), ("Changed on the way", reshaped, True),
                ("Unchanged throughout", steady, False)],
        pages=pages, cell_class=cell_class, how=how_words,
    )
