"""guidediff: what changed between editions of long guidance documents.

    import guidediff
    report = guidediff.compare("wt-2013", "wt-2015")       # paths or corpus ids
    report.to_html(), report.to_json(), report.to_markdown()
    timeline = guidediff.history(["wt-2010", "wt-2013", "wt-2015"])
"""

from __future__ import annotations

__version__ = "0.1.0"

from guidediff.api import compare, load, load_many  # noqa: E402
from guidediff.document import Block, BlockKind, Document, FootnoteRef, OutlineEntry, Page  # noqa: E402
from guidediff.errors import GuidediffError  # noqa: E402
from guidediff.history import History, history  # noqa: E402
from guidediff.report.model import Report  # noqa: E402
from guidediff.structure import Section, build_tree  # noqa: E402

__all__ = [
    "Block", "BlockKind", "Document", "FootnoteRef", "GuidediffError", "History", "OutlineEntry", "Page", "Report",
    "Section", "__version__", "build_tree", "compare", "history", "load", "load_many",
]
