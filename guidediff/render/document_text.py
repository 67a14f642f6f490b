"""Render stage, document → plain text (``extract``): the clean text with printed page markers.

A marker line at each new printed page, paragraph numbers, list markers, and footnote
markers put back in the text as "[15]". Input: a read ``Document``.
"""

from __future__ import annotations

from guidediff.document import Block, BlockKind, Document
from guidediff.render.common import with_markers
from guidediff.render.registry import RenderOptions


def _prefix(block: Block) -> str:
    if block.kind is BlockKind.PARAGRAPH and block.number:
        return f"{block.number}. "
    if block.kind is BlockKind.LIST_ITEM:
        return "  " * max(0, block.level - 1) + f"{block.marker or '•'} "
    if block.kind is BlockKind.FOOTNOTE:
        return f"[{block.number}] "
    return ""


def render(document: Document, options: RenderOptions = RenderOptions()) -> str:
    out: list[str] = []
    current_page: int | None = None
    for block in document.blocks:
        if block.pages[0] != current_page:
            current_page = block.pages[0]
            out.append(f"--- page {document.page_label(current_page)} ---")
        if block.kind is BlockKind.TABLE_ROW:
            out.append(" | ".join(block.cells))
        elif block.kind is BlockKind.HEADING:
            out.extend(["", block.text, ("=" if block.level <= 1 else "-") * min(len(block.text), 72)])
        else:
            out.append(_prefix(block) + with_markers(block))
    return "\n".join(out) + "\n"
