"""Render stage, report → JSON: the report contract (``schema: "guidediff.report/1"``).

The shape is the ``Report``'s own serialisation (``report/schema/report-1.schema.json``);
keys keep a fixed order and nothing varies between runs, so the same inputs give
byte-identical JSON. Bookkeeping changes are always included.
"""

from __future__ import annotations

import json

from guidediff.render.registry import RenderOptions
from guidediff.report.model import Report


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
