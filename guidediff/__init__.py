"""guidediff: what changed between editions of long guidance documents.

    import guidediff
    old = guidediff.load("wt-2013.pdf")
    new = guidediff.load("wt-2015.pdf")
"""

from __future__ import annotations

__version__ = "0.1.0"

from guidediff.api import load  # noqa: E402
from guidediff.document import Block, BlockKind, Document, FootnoteRef, OutlineEntry, Page  # noqa: E402
from guidediff.errors import GuidediffError  # noqa: E402
from guidediff.structure import Section, build_tree  # noqa: E402

__all__ = [
    "Block", "BlockKind", "Document", "FootnoteRef", "GuidediffError", "OutlineEntry", "Page", "Section",
    "__version__", "build_tree", "load",
]
