"""Render stage, section tree → plain text (``sections``): one indented line per section with its printed pages.

Input: a read ``Document``; its tree is ``structure.build_tree`` of it.
"""

from __future__ import annotations

from guidediff.document import Document
from guidediff.render.pages import page_span
from guidediff.render.registry import RenderOptions
from guidediff.structure import build_tree


def render(document: Document, options: RenderOptions = RenderOptions()) -> str:
    tree = build_tree(document)
    lines = [f"{document.title} ({len(document.pages)} pages; outline from {document.outline_source})"]
    for section in tree.walk():
        if section.level == 0:
            continue
        indent = "  " * (section.level - 1)
        lines.append(f"{indent}{section.heading}  [{page_span(document, section.pages)}]")
    return "\n".join(lines) + "\n"
