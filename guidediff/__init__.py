"""guidediff: what changed between editions of long guidance documents.

    import guidediff
    report = guidediff.compare("wt-2013", "wt-2015")       # paths or corpus ids
    guidediff.render.REPORT.render(report, "html")        # or "json", "md", "text", ...
    timeline = guidediff.history(["wt-2010", "wt-2013", "wt-2015"])
    found = guidediff.find("it is your responsibility to take action", ["wiw-2006", "wiw-2015"])
    guidediff.render.FIND.render(found, "md")             # or "text", "json", "html"
"""

from __future__ import annotations

from guidediff import render
from guidediff.api import compare, find, load, load_many
from guidediff.document import Block, BlockKind, Document, FootnoteRef, OutlineEntry, Page
from guidediff.errors import GuidediffError
from guidediff.history import History, history
from guidediff.report.model import Report
from guidediff.structure import Section, build_tree
from guidediff.version import __version__

__all__ = [
    "Block", "BlockKind", "Document", "FootnoteRef", "GuidediffError", "History", "OutlineEntry", "Page", "Report",
    "Section", "__version__", "build_tree", "compare", "find", "history", "load", "load_many", "render",
]
