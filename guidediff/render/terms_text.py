"""Render stage, watched terms across documents → plain text (``terms``): counts and printed pages per document."""

from __future__ import annotations

from guidediff.render.common import clean_terminal
from guidediff.render.pages import pages_shown
from guidediff.render.registry import RenderOptions
from guidediff.terms import TrendTable

def render(table: TrendTable, options: RenderOptions = RenderOptions()) -> str:
    out = [f"Watched concepts ({clean_terminal(table.watchlist)}) in {len(table.editions)} document(s)"]
    names = table.names
    for row in table.rows:
        if not any(edition.count for edition in row.editions):
            continue
        out.append(clean_terminal(row.label))
        for edition in row.editions:
            pages = pages_shown(edition.pages)
            out.append(f"  {clean_terminal(names[edition.edition])}: {edition.count}" + (f" (p. {pages})" if pages else ""))
        if len(table.editions) > 1 and row.first_edition is not None:
            out.append(f"  first appears in {clean_terminal(names[row.first_edition])}")
    missing = [clean_terminal(row.label) for row in table.rows if not any(e.count for e in row.editions)]
    if missing:
        out.append("Not mentioned: " + "; ".join(missing))
    return "\n".join(out) + "\n"
