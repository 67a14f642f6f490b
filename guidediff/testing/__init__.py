"""Helpers for tests, benchmarks and model editions: a deterministic typesetter for guidance-like PDFs.

Describe a document with the dataclasses in ``spec`` (or write it in the small
text format of ``markup``), then ``render`` it to a PDF whose content is known
exactly: the returned ``Layout`` says on which page (index and printed label)
every element, heading and footnote landed.

Rendering needs reportlab, which comes with the test extra::

    pip install guidediff[test]

The spec and markup modules are plain Python and import without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guidediff.testing.layout import ContentsEntry, ElementPlacement, FootnotePlacement, HeadingPlacement, Layout
from guidediff.testing.markup import MarkupError, parse, parse_file
from guidediff.testing.requirements import REPORTLAB_MISSING
from guidediff.testing.spec import (
    Bullet,
    DocSpec,
    Element,
    Figure,
    Flowchart,
    Footnote,
    Heading,
    MainMatter,
    PageBreak,
    Para,
    Spacer,
    SpecError,
    Table,
)

if TYPE_CHECKING:
    from guidediff.testing.pdfgen import render


__all__ = [
    "Bullet",
    "ContentsEntry",
    "DocSpec",
    "Element",
    "ElementPlacement",
    "Figure",
    "Flowchart",
    "Footnote",
    "FootnotePlacement",
    "Heading",
    "HeadingPlacement",
    "Layout",
    "MainMatter",
    "MarkupError",
    "PageBreak",
    "REPORTLAB_MISSING",
    "Para",
    "Spacer",
    "SpecError",
    "Table",
    "parse",
    "parse_file",
    "render",
]


def __getattr__(name: str) -> Any:
    # reportlab is imported only when something is rendered, so specs and
    # markup work (and fail clearly at render time) without the test extra.
    if name == "render":
        from guidediff.testing.pdfgen import render

        return render
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
