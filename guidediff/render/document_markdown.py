"""Render stage, document → Markdown (``extract --format md``): headings at their tree level, footnotes as [^n].

Text from the PDF is escaped (``common.escape_markdown``); printed pages are HTML comments.
"""

from __future__ import annotations

from guidediff.document import BlockKind, Document
from guidediff.render.common import escape_markdown, with_markers
from guidediff.render.registry import RenderOptions
from guidediff.structure import build_tree


def render(document: Document, options: RenderOptions = RenderOptions()) -> str:
    out: list[str] = [f"# {escape_markdown(document.title)}", ""]
    tree = build_tree(document)
    levels = {section.heading_block.seq: section.level for section in tree.walk() if section.heading_block}
    current_page: int | None = None
    for block in document.blocks:
        if block.pages[0] != current_page:
            current_page = block.pages[0]
            out.append(f"<!-- page {document.page_label(current_page)} -->")
            out.append("")
        if block.kind is BlockKind.HEADING:
            depth = min(6, 1 + levels.get(block.seq, max(1, block.level)))
            out.append("#" * depth + " " + escape_markdown(block.text))
        elif block.kind is BlockKind.PARAGRAPH and block.number:
            out.append(f"**{block.number}.** {escape_markdown(with_markers(block, '[^{}]'))}")
        elif block.kind is BlockKind.LIST_ITEM:
            out.append("  " * max(0, block.level - 1) + f"- {escape_markdown(with_markers(block, '[^{}]'))}")
        elif block.kind is BlockKind.FOOTNOTE:
            out.append(f"[^{block.number}]: {escape_markdown(block.text)}")
        elif block.kind is BlockKind.TABLE_ROW:
            out.append("| " + " | ".join(escape_markdown(cell) for cell in block.cells) + " |")
        else:
            out.append(escape_markdown(with_markers(block, '[^{}]')))
        out.append("")
    return "\n".join(out).rstrip() + "\n"
