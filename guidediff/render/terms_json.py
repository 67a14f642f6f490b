"""Render stage, watched terms across documents → JSON (``terms --format json``, ``schema: "guidediff.terms/1"``).

A concept's row cites each document by its name (``"edition": "Working Together 2015"``), where
``terms.ConceptTrend`` (and a history's JSON) cite an edition by its position in the series:
``guidediff.terms/1`` was published so, and a reader of one concept's row needs no lookup.
"""

from __future__ import annotations

import json
from typing import Any

from guidediff.render.registry import RenderOptions
from guidediff.terms import ConceptTrend, TrendTable
from guidediff.version import __version__

SCHEMA = "guidediff.terms/1"


def render(table: TrendTable, options: RenderOptions = RenderOptions()) -> str:
    data = {
        "schema": SCHEMA,
        "generator": {"name": "guidediff", "version": __version__},
        "watchlist": table.watchlist,
        "editions": [{"name": e.name, "path": e.document.path, "sha256": e.document.sha256,
                      "pages": len(e.document.pages)} for e in table.editions],
        "concepts": [_concept(row, table.names) for row in table.rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _concept(row: ConceptTrend, names: tuple[str, ...]) -> dict[str, Any]:
    """A concept's row with each edition named: its counts, and the name of the first edition mentioning it."""
    first = row.first_edition
    return {"concept": row.concept, "label": row.label,
            "editions": [{"edition": names[count.edition], "count": count.count, "pages": list(count.pages)}
                         for count in row.editions],
            "first_edition": None if first is None else names[first]}
