"""Render stage, batch index → JSON: ``schema: "guidediff.batch/1"`` (``report/schema/batch-1.schema.json``).

The index's own serialisation; keys keep a fixed order, entries the plan's order, and
nothing varies between runs (no times, no absolute paths but those given), so the
same inputs give byte-identical JSON, however the work was spread or resumed.
"""

from __future__ import annotations

import json

from guidediff.batch.model import BatchIndex
from guidediff.render.registry import RenderOptions


def render(index: BatchIndex, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(index.to_dict(), ensure_ascii=False, indent=2) + "\n"
