"""Render stage, section tree → Markdown (``sections --format md``): a nested list with printed pages.

Text from the PDF is escaped (``common.escape_markdown``).
"""

from __future__ import annotations

from guidediff.document import Document
from guidediff.render.common import escape_markdown
from guidediff.render.pages import page_span
from guidediff.render.registry import RenderOptions
from guidediff.structure import build_tree


def render(document: Document, options: RenderOptions = RenderOptions()) -> str:
    tree = build_tree(document)
    lines = [f"# {escape_markdown(document.title)}", ""]
    for section in tree.walk():
        if section.level:
            lines.append("  " * (section.level - 1)
                         + f"- {escape_markdown(section.heading)} ({page_span(document, section.pages)})")
    return "\n".join(lines) + "\n"
