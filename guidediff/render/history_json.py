"""Render stage, history → JSON (``schema: "guidediff.history/1"``, ``report/schema/history-1.schema.json``).

Byte-identical for the same inputs: fixed key order, lists in reading/watchlist order.
"""

from __future__ import annotations

import json

from guidediff.history import History
from guidediff.render.registry import RenderOptions


def render(timeline: History, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2) + "\n"
