"""Render stage, watched terms across documents → Markdown (``terms --format md``): one table, a column per document.

Text from the PDFs and the watchlist is escaped (``common.escape_markdown``).
"""

from __future__ import annotations

from guidediff.render.common import escape_markdown
from guidediff.render.pages import pages_shown
from guidediff.render.registry import RenderOptions
from guidediff.terms import TrendTable


def render(table: TrendTable, options: RenderOptions = RenderOptions()) -> str:
    several = len(table.editions) > 1
    names = table.names
    header = ("| Concept | " + " | ".join(escape_markdown(name) for name in names)
              + (" | First appears |" if several else ""))
    rule = "|---|" + "---|" * len(table.editions) + ("---|" if several else "")
    out = [f"# Watched concepts ({escape_markdown(table.watchlist)})", "", header, rule]
    for row in table.rows:
        cells = [f"{e.count}" + (f" (p. {pages_shown(e.pages, 6)})" if e.pages else "") for e in row.editions]
        first = [escape_markdown(names[row.first_edition]) if row.first_edition is not None else "—"] if several else []
        out.append("| " + " | ".join([escape_markdown(row.label), *cells, *first]) + " |")
    return "\n".join(out) + "\n"
