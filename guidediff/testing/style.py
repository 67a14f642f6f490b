"""The typesetter's house style in one place: fonts, sizes, spacing, page geometry, text widths.

Sizes follow the Word-made government PDFs guidediff reads: 11pt body text,
bold headings at 18/14/12pt, 8pt footnotes, footnote markers about 7pt raised
4pt, running header and page number in small type outside the text block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from guidediff.testing.requirements import REPORTLAB_MISSING
from guidediff.testing.drawing import Run

try:
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.pdfbase.pdfmetrics import stringWidth
except ImportError as error:  # pragma: no cover - exercised only without the [test] extra
    raise ImportError(REPORTLAB_MISSING) from error

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
SYMBOL = "Symbol"
SYMBOL_BULLET = "•"

# A footnote marker relative to the text it sits in: 7pt raised 4pt in 11pt body text.
MARKER_SCALE = 7 / 11
MARKER_RISE = 4 / 11


@dataclass(frozen=True, slots=True)
class TextStyle:
    """A font at a size, with the distance between baselines of consecutive lines."""

    font: str
    size: float
    leading: float

    def width(self, text: str) -> float:
        return text_width(text, self.font, self.size)

    @property
    def marker_size(self) -> float:
        return self.size * MARKER_SCALE

    @property
    def marker_rise(self) -> float:
        return self.size * MARKER_RISE

    def marker_width(self, text: str) -> float:
        return text_width(text, self.font, self.marker_size)


@lru_cache(maxsize=1 << 16)
def text_width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` in points (cached: a long document measures the same words again and again)."""
    return sum(float(stringWidth(part, part_font, size)) for part, part_font in font_parts(text, font))


def font_parts(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` split into parts with the font each is drawn in: "•" comes from the Symbol font.

    reportlab writes "•" in a WinAnsi font as byte 0x7F, which pypdf and most
    extractors read as a DEL control character. Word draws its bullets from the
    Symbol font, which extracts as "•"; so do we.
    """
    if SYMBOL_BULLET not in text:
        return [(text, font)]
    parts: list[tuple[str, str]] = []
    for char in text:
        char_font = SYMBOL if char == SYMBOL_BULLET else font
        if parts and parts[-1][1] == char_font:
            parts[-1] = (parts[-1][0] + char, char_font)
        else:
            parts.append((char, char_font))
    return parts


def runs_width(runs: tuple[Run, ...]) -> float:
    """Advance width of runs drawn one after another."""
    return sum(text_width(run.text, run.font, run.size) for run in runs)


BODY = TextStyle(REGULAR, 11, 14)
HEADINGS = {1: TextStyle(BOLD, 18, 22), 2: TextStyle(BOLD, 14, 18), 3: TextStyle(BOLD, 12, 15)}
FOOTNOTE = TextStyle(REGULAR, 8, 10)
TABLE_CELL = TextStyle(REGULAR, 10, 12.5)
TABLE_HEADER = TextStyle(BOLD, 10, 12.5)
FLOWCHART_TITLE = TextStyle(BOLD, 12, 15)
FLOWCHART_STEP = TextStyle(REGULAR, 10, 12.5)
TITLE = TextStyle(BOLD, 26, 32)
SUBTITLE = TextStyle(REGULAR, 14, 18)
TITLE_DETAIL = TextStyle(REGULAR, 12, 16)
NOTICE = TextStyle(REGULAR, 9, 11.5)
CONTENTS_TITLE = HEADINGS[1]
CONTENTS_ENTRY = BODY
RUNNING_HEADER = TextStyle(REGULAR, 9, 11)
PAGE_NUMBER = TextStyle(REGULAR, 10, 12)

# Vertical spacing in points. Space between two elements is the larger of the
# first one's "after" and the second one's "before"; it is dropped at the top
# of a page, as in Word.
HEADING_SPACE_BEFORE = {1: 24.0, 2: 18.0, 3: 12.0}
HEADING_SPACE_AFTER = {1: 12.0, 2: 8.0, 3: 6.0}
PARA_SPACE_AFTER = 10.0
BULLET_SPACE_AFTER = 5.0
TABLE_SPACE_BEFORE = 6.0
TABLE_SPACE_AFTER = 12.0
FLOWCHART_SPACE = 12.0

# Horizontal measures in points.
NUMBER_TAB = 36.0  # numbered paragraphs: text starts at the first multiple of this past the number
BULLET_LEVEL_INDENT = 24.0
BULLET_TEXT_GAP = 18.0  # from a bullet marker's left edge to its text (more for wide markers)
TABLE_CELL_PADDING = 4.0
FLOWCHART_BOX_SHARE = 0.7  # of the column width
FLOWCHART_BOX_PADDING = 6.0
FLOWCHART_ARROW_LENGTH = 20.0
FOOTNOTE_NUMBER_INDENT = 14.0
FOOTNOTE_GAP = 2.0  # between two footnotes
FOOTNOTE_SEPARATOR_SPACE = 14.0  # above the first footnote: gap to the body, the rule, gap to the footnote
FOOTNOTE_SEPARATOR_LENGTH = 144.0
CONTENTS_LEVEL_INDENT = 18.0
CONTENTS_NUMBER_COLUMN = 36.0
CONTENTS_LEADER_GAP = 4.0  # clear space either side of the dotted leader
CONTENTS_LEVEL1_SPACE_BEFORE = 6.0


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Where things go on a page, in PDF points from the bottom-left corner."""

    width: float
    height: float
    margin: float = 72.0
    furniture_offset: float = 40.0  # baseline of the header and page number from the page edge

    @classmethod
    def for_size(cls, page_size: str) -> PageGeometry:
        width, height = {"A4": A4, "Letter": LETTER}[page_size]
        return cls(width, height)

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin

    @property
    def column_width(self) -> float:
        return self.right - self.left

    @property
    def body_top(self) -> float:
        return self.height - self.margin

    @property
    def body_bottom(self) -> float:
        return self.margin

    @property
    def header_baseline(self) -> float:
        return self.height - self.furniture_offset

    @property
    def footer_baseline(self) -> float:
        return self.furniture_offset
