"""Render stage, document → JSON (``extract --format json``, ``schema: "guidediff.document/1"``).

Every block with its kind, printed pages and paragraph number: the ``Document``'s
own serialisation, under a schema and generator header.
"""

from __future__ import annotations

import json
from typing import Any

from guidediff.document import Document
from guidediff.render.registry import RenderOptions
from guidediff.version import __version__

SCHEMA = "guidediff.document/1"


def render(document: Document, options: RenderOptions = RenderOptions()) -> str:
    data: dict[str, Any] = {"schema": SCHEMA, "generator": {"name": "guidediff", "version": __version__}}
    data.update(document.to_dict())
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
