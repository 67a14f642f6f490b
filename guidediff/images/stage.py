"""Images stage, in order: changed figures found before the report is built, snapshots made after it.

In: an ``Alignment``, the mode (``PageImageMode``), the size budget and the PDFs'
password; ``build`` is the report stage (``report.build.build_report`` with its
arguments bound). Out: the ``Report`` with its ``figure`` changes and its
``PageImages``. With ``PageImageMode.OFF`` this is ``build()`` and nothing else: no
PDF is opened and pdfium is not needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from guidediff.align import Alignment
from guidediff.errors import InputError
from guidediff.images.figures import find_figures
from guidediff.images.raster import PdfPages
from guidediff.images.snapshots import DEFAULT_BUDGET
from guidediff.images.snapshots import build as build_snapshots
from guidediff.report.model import FigureChange, PageImageMode, Report

__all__ = ["DEFAULT_BUDGET", "pictured_report"]


def pictured_report(alignment: Alignment, build: Callable[[Iterable[FigureChange]], Report],
                    mode: PageImageMode = PageImageMode.OFF, budget: int = DEFAULT_BUDGET,
                    password: str | None = None) -> Report:
    """``build(figures)``, with the figures that changed alone and the page snapshots when ``mode`` asks for them."""
    mode = PageImageMode(mode)
    if mode is PageImageMode.OFF:
        return build(())
    if budget < 0:
        raise InputError(f"the page images' size budget must be 0 (no limit) or more bytes, not {budget}")
    with PdfPages(alignment.old, password) as old_pages, PdfPages(alignment.new, password) as new_pages:
        changed = [block for link in alignment.paragraphs if link.kind != "same"
                   for block in (link.old, link.new) if block is not None]
        changed += [section.heading_block for link in alignment.sections for section in link.old + link.new
                    if section.heading_block is not None and link.old and link.new
                    and link.old[0].heading != link.new[0].heading]
        figures, marks = find_figures(alignment, old_pages, new_pages, changed)
        report = build(figures)
        images = build_snapshots(report, old_pages, new_pages, mode, budget, marks)
    return replace(report, page_images=images)
