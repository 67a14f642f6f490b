"""Render stage: every product (report, history, find result, document, section tree, terms...) in every format.

``formats.py`` registers each product's formats; ``registry.py`` is the mechanics;
``common.py``, ``pages.py`` and ``wording.py`` are the pieces every renderer shares;
each other module renders one product in one format::

    from guidediff.render import REPORT
    html = REPORT.render(report, "html")
    REPORT.for_path("briefing.docx").name   # "docx"

Renderers are pure functions of a product's model; models never import renderers.
"""

from guidediff.render.formats import (
    BATCH_INDEX, BATCH_REPORT_FORMATS, CORPUS_ENTRY, CORPUS_LIST, DOCUMENT, FIND, HISTORY, PRODUCTS, REPORT, SECTIONS,
    TERMS,
)
from guidediff.render.registry import Format, Registry, RenderOptions

__all__ = [
    "BATCH_INDEX", "BATCH_REPORT_FORMATS", "CORPUS_ENTRY", "CORPUS_LIST", "DOCUMENT", "FIND", "HISTORY", "PRODUCTS", "REPORT", "SECTIONS", "TERMS",
    "Format", "Registry", "RenderOptions",
]
