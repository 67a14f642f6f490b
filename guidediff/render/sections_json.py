"""Render stage, section tree → JSON (``sections --format json``, ``schema: "guidediff.sections/1"``).

Each section with its heading, label, level, path, printed pages, how its level
was found (``matched_by``), its paragraph count and its children.
"""

from __future__ import annotations

import json
from typing import Any

from guidediff.document import BlockKind, Document
from guidediff.render.registry import RenderOptions
from guidediff.structure import Section, build_tree
from guidediff.version import __version__

SCHEMA = "guidediff.sections/1"


def section_dict(document: Document, section: Section) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "label": section.label,
        "level": section.level,
        "path": list(section.path),
        "pages": list(document.labels(section.pages)),
        "matched_by": section.matched_by,
        "paragraphs": sum(1 for block in section.blocks if block.kind is not BlockKind.FOOTNOTE),
        "children": [section_dict(document, child) for child in section.children],
    }


def render(document: Document, options: RenderOptions = RenderOptions()) -> str:
    tree = build_tree(document)
    data = {
        "schema": SCHEMA,
        "generator": {"name": "guidediff", "version": __version__},
        "title": document.title,
        "path": document.path,
        "sha256": document.sha256,
        "pages": len(document.pages),
        "outline_source": document.outline_source,
        "sections": [section_dict(document, child) for child in tree.children],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
