"""Render stage, the corpus's editions → JSON (``corpus list --format json``): one object per edition."""

from __future__ import annotations

import json
from collections.abc import Sequence

from guidediff.corpus import EditionStatus
from guidediff.render.registry import RenderOptions


def render(statuses: Sequence[EditionStatus], options: RenderOptions = RenderOptions()) -> str:
    rows = [{"id": item.entry.id, "citation": item.entry.citation, "published": item.entry.published,
             "status": item.entry.status, "available": item.available} for item in statuses]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
