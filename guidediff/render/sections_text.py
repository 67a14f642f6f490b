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
    pages = len(document.pages)
    source = "no outline" if document.outline_source == "none" else f"outline from {document.outline_source}"
    lines = [f"{document.title} ({pages} page{'' if pages == 1 else 's'}; {source})"]
    for section in tree.walk():
        if section.level == 0:
            continue
        indent = "  " * (len(section.path) - 1)  # its depth in the tree, whatever level its style gave it
        lines.append(f"{indent}{section.heading}  [{page_span(document, section.pages)}]")
    return "\n".join(lines) + "\n"
