"""Render stage, the corpus's editions → a plain-text table (``corpus list``): id, citation, date, status, file."""

from __future__ import annotations

from collections.abc import Sequence

from guidediff.corpus import EditionStatus
from guidediff.render.registry import RenderOptions

HEADERS = {"id": "ID", "citation": "EDITION", "published": "PUBLISHED", "status": "STATUS", "available": "FILE"}


def render(statuses: Sequence[EditionStatus], options: RenderOptions = RenderOptions()) -> str:
    rows = [{"id": item.entry.id, "citation": item.entry.citation, "published": item.entry.published,
             "status": item.entry.status, "available": item.available} for item in statuses]
    table = [HEADERS, *({key: row[key] or "-" for key in HEADERS} for row in rows)]
    widths = {key: max(len(line[key]) for line in table) for key in HEADERS}
    lines = ["  ".join(line[key].ljust(widths[key]) for key in HEADERS).rstrip() for line in table]
    return "\n".join(lines) + "\n"
