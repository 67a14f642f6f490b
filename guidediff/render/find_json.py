"""Render stage, find result → JSON (``schema: "guidediff.find/1"``, ``report/schema/find-1.schema.json``).

In: a ``quotes.FindResult``. Out: its own serialisation, with a fixed key order and
lists in reading and edition order, so the same inputs give byte-identical JSON.
"""

from __future__ import annotations

import json

from guidediff.quotes import FindResult
from guidediff.render.registry import RenderOptions


def render(result: FindResult, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
