"""Report stage, citations: where a block stands in its edition, as a policy reader cites it.

In: a ``Document`` and the numbering scope of each block (``renumbering.NumberingMap``).
Out: for each block seq, its *anchor* within the numbered paragraphs, in house style:

- a numbered paragraph: "para 135";
- a list item after (part of) a numbered paragraph: "para 135, bullet 3" (items counted
  from that paragraph; "bullet 3 after para 135" when a heading stands between them);
  an item with its own letter or number keeps it: "para 12, item (b)";
- unnumbered text after a numbered paragraph: "text after para 128";
- a table row: "table after para 199, row 3" (rows counted from the table's first);
- a footnote: "footnote 12 (to para 40)", the paragraph whose text carries its marker.

Anchors never cross a numbering scope (a chapter that restarts its numbering), and a
document that does not number its paragraphs gets none (its citations stay "list item,
p. 8"): one that numbers fewer than ``NUMBERED_SHARE`` of its paragraphs only numbers
a list here and there (Information Sharing 2008's seven golden rules; an ordered list of
a privacy notice), which is no scheme to cite by.
"""

from __future__ import annotations

from collections.abc import Mapping

from guidediff.document import Block, BlockKind, Document

Scope = tuple[str, ...]
NUMBERED_SHARE = 0.3  # of a document's paragraph blocks that carry a number, for it to number its paragraphs


def _item_label(block: Block, count: int) -> str:
    marker = (block.marker or "").strip("().")
    if marker and marker.isalnum():
        return f"item ({marker})"
    return f"bullet {count}"


def anchors(document: Document, scopes: Mapping[int, Scope]) -> dict[int, str]:
    """The anchor of every block that has one (see the module docstring), by block seq."""
    found: dict[int, str] = {}
    paragraphs = [block for block in document.blocks if block.kind is BlockKind.PARAGRAPH]
    if not paragraphs or sum(1 for block in paragraphs if block.number) < NUMBERED_SHARE * len(paragraphs):
        return {footnote.seq: f"footnote {footnote.number}" for footnote in document.footnotes if footnote.number}
    paragraph: str | None = None  # the last numbered paragraph in this scope
    scope: Scope | None = None
    items = rows = 0
    heading_since = False
    previous_kind: BlockKind | None = None
    for block in document.blocks:
        if block.kind is BlockKind.FOOTNOTE:
            continue
        block_scope = scopes.get(block.seq, ())
        if block_scope != scope:
            scope, paragraph, items, rows, heading_since = block_scope, None, 0, 0, False
        if block.kind is BlockKind.HEADING:
            heading_since = True
            items = 0
        elif block.kind is BlockKind.PARAGRAPH and block.number:
            paragraph, items, heading_since = block.number, 0, False
            found[block.seq] = f"para {block.number}"
        elif paragraph is not None and block.kind is BlockKind.LIST_ITEM:
            items += 1
            label = _item_label(block, items)
            found[block.seq] = f"{label} after para {paragraph}" if heading_since else f"para {paragraph}, {label}"
        elif paragraph is not None and block.kind is BlockKind.TABLE_ROW:
            rows = rows + 1 if previous_kind is BlockKind.TABLE_ROW else 1
            found[block.seq] = f"table after para {paragraph}, row {rows}"
        elif paragraph is not None and block.kind is BlockKind.PARAGRAPH:
            found[block.seq] = f"text after para {paragraph}"
        previous_kind = block.kind
    hosts: dict[str, list[Block]] = {}
    for block in document.blocks:
        if block.kind is not BlockKind.FOOTNOTE:
            for ref in block.footnote_refs:
                hosts.setdefault(ref.label, []).append(block)
    for footnote in document.footnotes:
        if not footnote.number:
            continue
        host = _marker_host(hosts.get(footnote.number, []), footnote)
        to = found.get(host.seq) if host is not None else None
        found[footnote.seq] = f"footnote {footnote.number} (to {to})" if to else f"footnote {footnote.number}"
    return found


def _marker_host(hosts: list[Block], footnote: Block) -> Block | None:
    """The block on the footnote's own page whose text carries its marker, if any.

    A footnote prints at the foot of its marker's page. A figure's own footnotes restart
    at 1 and their markers are drawn, not text (KCSIE September 2025, p. 20): a marker
    with that number on another page is another footnote's.
    """
    return next((block for block in hosts if set(block.pages) & set(footnote.pages)), None)
