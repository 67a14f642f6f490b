"""Render stage, watched terms across documents → JSON (``terms --format json``, ``schema: "guidediff.terms/1"``)."""

from __future__ import annotations

import json

from guidediff.render.registry import RenderOptions
from guidediff.terms import TrendTable
from guidediff.version import __version__

SCHEMA = "guidediff.terms/1"


def render(table: TrendTable, options: RenderOptions = RenderOptions()) -> str:
    data = {
        "schema": SCHEMA,
        "generator": {"name": "guidediff", "version": __version__},
        "watchlist": table.watchlist,
        "editions": [{"name": e.name, "path": e.document.path, "sha256": e.document.sha256,
                      "pages": len(e.document.pages)} for e in table.editions],
        "concepts": [row.to_dict() for row in table.rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
