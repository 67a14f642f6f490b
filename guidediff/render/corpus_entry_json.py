"""Render stage, one corpus edition → JSON (``corpus show --format json``): the manifest entry, the file, the fetch."""

from __future__ import annotations

import json
from guidediff.corpus import EditionStatus
from guidediff.render.registry import RenderOptions


def render(item: EditionStatus, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(item.to_dict(), indent=2, ensure_ascii=False) + "\n"
