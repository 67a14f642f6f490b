"""A read document and its section tree as plain text, JSON or Markdown (``extract`` and ``sections``)."""

from __future__ import annotations

import json
from typing import Any

from guidediff import __version__
from guidediff.document import Block, BlockKind, Document
from guidediff.report.model import pages_text
from guidediff.structure import Section, build_tree

DOCUMENT_SCHEMA = "guidediff.document/1"
SECTIONS_SCHEMA = "guidediff.sections/1"


def page_span(document: Document, pages: tuple[int, ...]) -> str:
    """"p. 15" or "pp. 15–17" in printed labels, for page indices."""
    ends = (document.page_label(pages[0]), document.page_label(pages[-1])) if pages else ()
    return pages_text(tuple(dict.fromkeys(ends)))


def _with_markers(block: Block, marker: str = "[{}]") -> str:
    """The block's text with its footnote markers put back, written as ``marker`` ("[15]", "[^15]")."""
    text, pieces, last = block.text, [], 0
    for ref in sorted(block.footnote_refs, key=lambda ref: ref.offset):
        pieces.append(text[last:ref.offset] + marker.format(ref.label))
        last = ref.offset
    pieces.append(text[last:])
    return "".join(pieces)


def _prefix(block: Block) -> str:
    if block.kind is BlockKind.PARAGRAPH and block.number:
        return f"{block.number}. "
    if block.kind is BlockKind.LIST_ITEM:
        return "  " * max(0, block.level - 1) + f"{block.marker or '•'} "
    if block.kind is BlockKind.FOOTNOTE:
        return f"[{block.number}] "
    return ""


def document_text(document: Document) -> str:
    """Clean text with a marker line at each new printed page, paragraph numbers and footnotes."""
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
            out.append(_prefix(block) + _with_markers(block))
    return "\n".join(out) + "\n"


def document_markdown(document: Document) -> str:
    out: list[str] = [f"# {_escape_md(document.title)}", ""]
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
            out.append("#" * depth + " " + _escape_md(block.text))
        elif block.kind is BlockKind.PARAGRAPH and block.number:
            out.append(f"**{block.number}.** {_escape_md(_with_markers(block, '[^{}]'))}")
        elif block.kind is BlockKind.LIST_ITEM:
            out.append("  " * max(0, block.level - 1) + f"- {_escape_md(_with_markers(block, '[^{}]'))}")
        elif block.kind is BlockKind.FOOTNOTE:
            out.append(f"[^{block.number}]: {_escape_md(block.text)}")
        elif block.kind is BlockKind.TABLE_ROW:
            out.append("| " + " | ".join(_escape_md(cell).replace("|", "\\|") for cell in block.cells) + " |")
        else:
            out.append(_escape_md(_with_markers(block, '[^{}]')))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _escape_md(text: str) -> str:
    # Text from a PDF is data: characters that would start Markdown or HTML markup are escaped.
    for char in "\\`*_<>[]#":
        text = text.replace(char, "\\" + char)
    return text


def document_json(document: Document) -> str:
    data: dict[str, Any] = {"schema": DOCUMENT_SCHEMA, "generator": {"name": "guidediff", "version": __version__}}
    data.update(document.to_dict())
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --- sections -------------------------------------------------------------------

def sections_text(document: Document) -> str:
    tree = build_tree(document)
    lines = [f"{document.title} ({len(document.pages)} pages; outline from {document.outline_source})"]
    for section in tree.walk():
        if section.level == 0:
            continue
        indent = "  " * (section.level - 1)
        lines.append(f"{indent}{section.heading}  [{page_span(document, section.pages)}]")
    return "\n".join(lines) + "\n"


def sections_markdown(document: Document) -> str:
    tree = build_tree(document)
    lines = [f"# {_escape_md(document.title)}", ""]
    for section in tree.walk():
        if section.level:
            lines.append("  " * (section.level - 1) + f"- {_escape_md(section.heading)} ({page_span(document, section.pages)})")
    return "\n".join(lines) + "\n"


def section_dict(document: Document, section: Section) -> dict[str, Any]:
    pages = section.pages
    return {
        "heading": section.heading,
        "label": section.label,
        "level": section.level,
        "path": list(section.path),
        "pages": list(document.labels(pages)),
        "matched_by": section.matched_by,
        "paragraphs": sum(1 for block in section.blocks if block.kind is not BlockKind.FOOTNOTE),
        "children": [section_dict(document, child) for child in section.children],
    }


def sections_json(document: Document) -> str:
    tree = build_tree(document)
    data = {
        "schema": SECTIONS_SCHEMA,
        "generator": {"name": "guidediff", "version": __version__},
        "title": document.title,
        "path": document.path,
        "sha256": document.sha256,
        "pages": len(document.pages),
        "outline_source": document.outline_source,
        "sections": [section_dict(document, child) for child in tree.children],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- watched terms -------------------------------------------------------------------

def _unique_names(documents: list[Document]) -> list[Document]:
    """Documents named for a table: their citation name, or their file name where two names clash."""
    from pathlib import Path

    names = [document.name for document in documents]
    return [document.with_edition(Path(document.path).name if names.count(document.name) > 1 else document.name)
            for document in documents]


def terms_json(documents: list[Document], watchlist) -> str:  # noqa: ANN001 - a terms.Watchlist
    from guidediff.terms import trend

    documents = _unique_names(documents)
    data = {
        "schema": "guidediff.terms/1",
        "generator": {"name": "guidediff", "version": __version__},
        "watchlist": watchlist.name,
        "editions": [{"name": d.name, "path": d.path, "sha256": d.sha256, "pages": len(d.pages)} for d in documents],
        "concepts": [row.to_dict() for row in trend(documents, watchlist)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _pages_text(pages: tuple[str, ...], limit: int = 12) -> str:
    shown = ", ".join(pages[:limit]) + (f", … ({len(pages)} pages)" if len(pages) > limit else "")
    return shown


def terms_text(documents: list[Document], watchlist) -> str:  # noqa: ANN001
    from guidediff.terms import trend

    documents = _unique_names(documents)
    rows = trend(documents, watchlist)
    out = [f"Watched concepts ({watchlist.name}) in {len(documents)} document(s)"]
    for row in rows:
        if not any(edition.count for edition in row.editions):
            continue
        out.append(f"{row.concept.label}")
        for edition in row.editions:
            pages = _pages_text(edition.pages)
            out.append(f"  {edition.edition}: {edition.count}" + (f" (p. {pages})" if pages else ""))
        if len(documents) > 1 and row.first_edition is not None:
            out.append(f"  first appears in {row.first_edition.edition}")
    missing = [row.concept.label for row in rows if not any(edition.count for edition in row.editions)]
    if missing:
        out.append("Not mentioned: " + "; ".join(missing))
    return "\n".join(out) + "\n"


def terms_markdown(documents: list[Document], watchlist) -> str:  # noqa: ANN001
    from guidediff.terms import trend

    documents = _unique_names(documents)
    rows = trend(documents, watchlist)
    header = "| Concept | " + " | ".join(_escape_md(d.name) for d in documents) + (" | First appears |" if len(documents) > 1 else "")
    rule = "|---|" + "---|" * len(documents) + ("---|" if len(documents) > 1 else "")
    out = [f"# Watched concepts ({_escape_md(watchlist.name)})", "", header, rule]
    for row in rows:
        cells = [f"{e.count}" + (f" (p. {_pages_text(e.pages, 6)})" if e.pages else "") for e in row.editions]
        first = [_escape_md(row.first_edition.edition) if row.first_edition else "—"] if len(documents) > 1 else []
        out.append("| " + " | ".join([_escape_md(row.concept.label), *cells, *first]) + " |")
    return "\n".join(out) + "\n"
