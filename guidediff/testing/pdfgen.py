"""Render a ``DocSpec`` to PDF on reportlab's canvas and say where everything landed.

``render`` lays the document out (``paginate.typeset``), draws the plan on a
``reportlab.pdfgen.canvas.Canvas`` and returns the ``Layout``. The output is
deterministic: the same spec gives the same bytes (reportlab's invariant mode
fixes the creation date and file identifier; nothing else varies).

Footnote markers are drawn as their own runs at a smaller size with a text
rise (``Ts``), as Word does, so a reader meets "practitioners" 11pt, "15" 7pt
raised 4pt, "." 11pt on one line with no spaces between them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO

from guidediff.testing.requirements import REPORTLAB_MISSING
from guidediff.testing.drawing import Anchor, Arrow, Box, Op, Rule, TextLine
from guidediff.testing.layout import Layout
from guidediff.testing.paginate import Plan, typeset
from guidediff.testing.spec import DocSpec
from guidediff.testing.style import font_parts

try:
    from reportlab.pdfgen.canvas import Canvas
except ImportError as error:  # pragma: no cover - exercised only without the [test] extra
    raise ImportError(REPORTLAB_MISSING) from error

CREATOR = "guidediff testing typesetter"
ARROW_HEAD_LENGTH = 7.0
ARROW_HEAD_HALF_WIDTH = 4.0

# Document-information keys reportlab writes itself; any other metadata key is
# added afterwards with pypdf (reportlab has no public API for custom keys).
_INFO_SETTERS = {
    "Title": "setTitle",
    "Author": "setAuthor",
    "Subject": "setSubject",
    "Keywords": "setKeywords",
    "Creator": "setCreator",
    "Producer": "setProducer",
}
# reportlab's names for /PageLabels styles. Its single-letter codes ("r", "D")
# fail: PDFPageLabel looks the upper-cased code up as an attribute name.
_LABEL_STYLES = {"roman": "ROMAN_LOWER", "arabic": "ARABIC"}


def render(spec: DocSpec, out: str | os.PathLike[str] | BinaryIO) -> Layout:
    """Write ``spec`` as a PDF to ``out`` (a path or a binary file object) and return where everything landed."""
    plan = typeset(spec)
    pdf = _draw(plan, spec)
    extra = _extra_metadata(spec)
    if extra:
        pdf = _with_extra_metadata(pdf, extra)
    if isinstance(out, (str, os.PathLike)):
        Path(out).write_bytes(pdf)
    else:
        out.write(pdf)
    return plan.layout


def _draw(plan: Plan, spec: DocSpec) -> bytes:
    buffer = io.BytesIO()
    # Every option that reportlab would otherwise take from rl_config (which a
    # user's settings file can change) is given, so the bytes do not vary.
    canvas = Canvas(
        buffer,
        pagesize=(plan.geometry.width, plan.geometry.height),
        invariant=1,
        pageCompression=1,
        initialFontName="Helvetica",
        initialFontSize=12,
        initialLeading=14.4,
    )
    _set_metadata(canvas, spec)
    if spec.page_labels:
        for first_page, label_style in plan.label_styles:
            canvas.addPageLabel(first_page, _LABEL_STYLES[label_style], 1)
    outline = _Outline(canvas, enabled=spec.bookmarks)
    for page in plan.pages:
        for op in page.ops:
            _draw_op(canvas, op, outline)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _set_metadata(canvas: Canvas, spec: DocSpec) -> None:
    info = {
        "Title": spec.title,
        "Author": spec.publisher or "",
        "Subject": spec.subtitle or "",
        "Keywords": "",
        "Creator": CREATOR,
    }
    info.update((key, value) for key, value in spec.metadata if key in _INFO_SETTERS)
    for key, value in info.items():
        getattr(canvas, _INFO_SETTERS[key])(value)


def _extra_metadata(spec: DocSpec) -> dict[str, str]:
    return {key: value for key, value in spec.metadata if key not in _INFO_SETTERS}


def _with_extra_metadata(pdf: bytes, extra: dict[str, str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({f"/{key}": value for key, value in extra.items()})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class _Outline:
    """Adds bookmarks in document order, nesting each heading under the last heading of a higher level.

    reportlab refuses an entry more than one level below the previous one, so
    depth is not ``level - 1``: a level-3 heading straight after a level-1
    heading is a child of it, and so is a level-3 heading after that.
    """

    def __init__(self, canvas: Canvas, enabled: bool) -> None:
        self.canvas = canvas
        self.enabled = enabled
        self.open_levels: list[int] = []  # heading levels of the current entry's ancestors and itself

    def add(self, anchor: Anchor) -> None:
        if not self.enabled:
            return
        while self.open_levels and self.open_levels[-1] >= anchor.level:
            self.open_levels.pop()
        self.canvas.bookmarkPage(anchor.key, fit="XYZ", left=0, top=anchor.y)
        self.canvas.addOutlineEntry(anchor.title, anchor.key, level=len(self.open_levels), closed=False)
        self.open_levels.append(anchor.level)


def _draw_op(canvas: Canvas, op: Op, outline: _Outline) -> None:
    if isinstance(op, TextLine):
        _draw_text_line(canvas, op)
    elif isinstance(op, Rule):
        canvas.setLineWidth(op.width)
        canvas.line(op.x1, op.y1, op.x2, op.y2)
    elif isinstance(op, Box):
        canvas.setLineWidth(op.line_width)
        canvas.rect(op.x, op.y, op.width, op.height, stroke=1, fill=0)
    elif isinstance(op, Arrow):
        _draw_arrow(canvas, op)
    elif isinstance(op, Anchor):
        outline.add(op)
    else:  # pragma: no cover - a new op type without a drawing rule is a bug
        raise TypeError(f"cannot draw {op!r}")


def _draw_text_line(canvas: Canvas, line: TextLine) -> None:
    """One text object per line; a segment's x is reached with a relative move (Td) from the previous one."""
    first = line.segments[0]
    text = canvas.beginText(first.x, line.y)
    font: tuple[str, float] | None = None
    rise = 0.0
    previous_x = first.x
    for segment in line.segments:
        if segment.x != previous_x:
            text.moveCursor(segment.x - previous_x, 0)
            previous_x = segment.x
        for run in segment.runs:
            if rise != run.rise:
                rise = run.rise
                text.setRise(run.rise)
            for part, part_font in font_parts(run.text, run.font):
                if font != (part_font, run.size):
                    font = (part_font, run.size)
                    text.setFont(part_font, run.size)
                text.textOut(part)
    canvas.drawText(text)


def _draw_arrow(canvas: Canvas, arrow: Arrow) -> None:
    canvas.setLineWidth(0.75)
    canvas.line(arrow.x, arrow.y_from, arrow.x, arrow.y_to + ARROW_HEAD_LENGTH)
    head = canvas.beginPath()
    head.moveTo(arrow.x - ARROW_HEAD_HALF_WIDTH, arrow.y_to + ARROW_HEAD_LENGTH)
    head.lineTo(arrow.x + ARROW_HEAD_HALF_WIDTH, arrow.y_to + ARROW_HEAD_LENGTH)
    head.lineTo(arrow.x, arrow.y_to)
    head.close()
    canvas.drawPath(head, stroke=0, fill=1)
