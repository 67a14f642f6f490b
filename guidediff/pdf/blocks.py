"""Lines to blocks: headings, numbered paragraphs, list items, footnotes and table rows.

The rules follow how Word, LibreOffice and LaTeX lay out guidance documents:

* a heading is set larger than the body text, or bold at body size, and is short;
* a paragraph number ("135." or "5.23") stands at the left margin and is set
  apart from its text by a tab, or opens a line that starts a new paragraph
  anyway, so "2002." wrapped onto the start of a line never becomes paragraph 2002;
* a new paragraph starts after a vertical gap wider than the line pitch, at a
  first-line indent, at a change of size, or after a short line that ends a sentence;
* a paragraph that runs off the foot of a page continues on the next one when it
  had not ended and the next page does not open a new block, so it stays ONE block;
* footnote bodies live below the separator rule at the page foot, in smaller type.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from guidediff.document import Block, BlockKind, FootnoteRef, LinkRef, Region
from guidediff.pdf.content import Rule
from guidediff.pdf.grid import Columns, read_grids
from guidediff.pdf.lines import SENTENCE_END, Line, Marker, Span
from guidediff.pdf.normalise import BULLET_GLYPHS, normalise_pieces, normalise_text
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions
from guidediff.pdf.tables import TableRow, join_cell_lines, read_tables
from guidediff.pdf.tags import CELL_ROLES, HEADING_ROLES, NOTE_ROLES, PARAGRAPH_ROLES, StructureTree

# A date set on its own line ("24 September 2024" under a cover title, in a version table) opens no paragraph.
_DATE_REST = r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
             r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?,?\s+\d{4}\b)"
PARAGRAPH_NUMBER = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3}){0,2})(?P<dot>\.?)\s+" + _DATE_REST + r"(?P<rest>\S.*)$")
BULLET = re.compile(r"^(?P<marker>[" + BULLET_GLYPHS + r"](?=\s*\S)|[\-–—o*](?=\s))\s*(?P<rest>\S.*)$")
LETTERED = re.compile(r"^(?P<bracket>[\[\"“‘]?)(?P<marker>\(?(?:[a-z]|[ivx]{1,5})[).]|\([a-z]{1,2}\)|\(\d{1,3}[A-Z]{0,2}\))\s+(?P<rest>\S.*)$")
# A note's label set apart from its text by a tab, the text hanging after it: legislation's
# annotations ("F8", "C1", "M3" in legislation.gov.uk's "Textual Amendments" boxes), numbered
# recommendations ("R12"). Only a line that sets the label apart opens such an item.
LABELLED = re.compile(r"^(?P<marker>[A-Z]{1,3}\d{1,4}[A-Za-z]?)\s+(?P<rest>\S.*)$")
FOOTNOTE_START = re.compile(r"^(?:(?P<label>\d{1,4}|[*†‡§])(?!\d)|(?P<roman>[ivx]{1,5})\.)\s*(?P<rest>\S.*)$")
# Statutory instruments number their notes in brackets, level with the text: "(44) 1989 c.41. …"
# (the Care Leavers (England) Regulations 2010, printed in the Children Act 1989 guidance, vol. 3).
BRACKETED_NOTE = re.compile(r"^\((?P<label>\d{1,4})\)\s*(?P<rest>\S.*)$")
STRAY_MARKER = re.compile(r"^\d{1,4}$")
BARE_NOTE_LABEL = re.compile(r"^(?:\d{1,4}|\[\d{1,3}\])$")  # a footnote's label alone on its line: "2", "[1]"
# A full stop ending a sentence (not an ellipsis), before any closing quote or bracket.
_FULL_STOP = re.compile(r"(?<![.…])\.['\")\]]*$")


@dataclass(frozen=True, slots=True)
class PageLines:
    """One page's content lines (furniture removed), its rules and size."""

    index: int
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]
    width: float
    height: float


@dataclass(slots=True)
class _Fragment:
    text: str
    markers: tuple[Marker, ...]
    page: int
    links: tuple[tuple[str, str], ...] = ()
    box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 of the line(s) it came from


def _box(lines: tuple[Line, ...] | list[Line]) -> tuple[float, float, float, float] | None:
    if not lines:
        return None
    return (min(line.x0 for line in lines), min(line.bottom for line in lines),
            max(line.x1 for line in lines), max(line.top for line in lines))


def _fragment(line: Line, text: str | None = None, markers: tuple[Marker, ...] | None = None) -> _Fragment:
    return _Fragment(line.text if text is None else text, line.markers if markers is None else markers,
                     line.page, line.links, _box([line]))


@dataclass(slots=True)
class _Draft:
    kind: BlockKind
    fragments: list[_Fragment]
    last: Line
    indent: float  # where continuation lines start
    number: str | None = None
    marker: str | None = None
    level: int = 0
    bold: bool = False
    size: float = 0.0
    cells: tuple[str, ...] = ()
    lines: int = 1
    unit: int | None = None  # the tag-tree unit this block reads (tagged PDFs)
    styled_heading: bool = False  # a heading by type style only, to be confirmed by all its lines
    end_note: bool = False  # a note collected at the end of the document, far from its marker
    plain_lines: int = 0  # lines of a styled heading that are not in heading style
    set_by_line: bool = False  # a line went on below one with room left for its first word (an address)
    x0: float = field(init=False)  # where the block's first line starts
    right: float = field(init=False)  # the right edge of its widest line: the measure its lines wrap at

    def __post_init__(self) -> None:
        self.x0 = self.last.x0  # a draft is created from its first line
        self.right = self.last.x1

    def add(self, line: Line) -> None:
        """Append ``line`` as the block's next line."""
        self.fragments.append(_fragment(line))
        self.last, self.lines, self.right = line, self.lines + 1, max(self.right, line.x1)

    def measure(self, style: _Style) -> float:
        """The right edge this block's lines wrap at: its own widest line once it has two lines.

        Pages and text boxes differ in width (KCSIE 2025's body runs to 505pt on some pages,
        530pt on others), so a document-wide margin would call a wrapped line short.
        """
        return self.right if self.lines >= 2 else style.page_right.get(self.last.page, style.right_margin)


@dataclass(slots=True)
class _Style:
    """Document-wide typography, measured once, and the thresholds (given, not measured) lines are judged by."""

    options: ReaderOptions
    body_size: float
    left_margin: float
    right_margin: float
    pitch: dict[float, float] = field(default_factory=dict)
    heading_levels: dict[tuple[float, bool], int] = field(default_factory=dict)
    spaced_paragraphs: bool = True  # paragraphs are separated by extra space, not only by line ends
    # Where body lines end on each page with enough of them (the widest one): a page whose text frame
    # is narrower than the document's (Oxfordshire's threshold guidance, p. 11) wraps at its own edge.
    page_right: dict[int, float] = field(default_factory=dict)
    # Pages set at a wider line spacing than the rest (a foreword at 1.5 lines in a single-spaced
    # guide, DfE's adoption guidance p. 5): (page, size) -> the page's own pitch.
    page_pitch: dict[tuple[int, int], float] = field(default_factory=dict)

    def line_pitch(self, size: float, page: int | None = None) -> float:
        if page is not None and self.page_pitch:
            found = self.page_pitch.get((page, round(size)))
            if found is not None:
                return found
        return self.pitch.get(round(size), size * 1.25)


def build_blocks(pages: list[PageLines], tags: StructureTree | None = None,
                 options: ReaderOptions = DEFAULT_OPTIONS) -> list[Block]:
    """All blocks of the document in reading order, with ``seq`` numbers.

    With ``tags`` (a tag tree judged usable), every line carries its tag unit and
    the tags decide where a block starts and ends (across page breaks too), what
    is a heading (H1–H6), a list item, a footnote (Note) and a table row (TR/TD).
    Without them, geometry decides (see the module docstring).
    """
    style = _measure(pages, options)
    reading = _TaggedReading(style, tags) if tags is not None else _Reading(style)
    for page in pages:
        reading.add_page(page)
    body, end_notes = _end_notes(reading.finish())
    drafts = _place_footnotes(body, reading.footnotes + end_notes)
    drafts = [_demote_long_heading(draft, style) for draft in drafts]
    _rank_list_levels(drafts, options)
    _demote_inner_lists(drafts)
    words = _vocabulary(drafts)
    hyphenates = _hyphenates(drafts, words)
    blocks = [_finish(draft, words, hyphenates) for draft in drafts]
    # A bullet left with no text (an item emptied in an edit, a stray glyph) says nothing: no block.
    blocks = [block for block in blocks if block.text.replace("•", "").strip() or block.cells]
    return [replace(block, seq=seq) for seq, block in enumerate(blocks)]


class _Reading:
    """The state of reading one document's lines in order, by geometry.

    ``last_number`` is the last paragraph number read: "13." at the margin right
    after paragraph 12 opens paragraph 13 even without a tab after it. Only
    ``open_block`` moves it on; the rules that judge a line only read it.
    """

    def __init__(self, style: _Style) -> None:
        self.style = style
        self.drafts: list[_Draft] = []
        self.footnotes: list[_Draft] = []
        self.current: _Draft | None = None
        self.last_number: str | None = None
        self.repeats = _HeaderRepeats()
        self.row_lines: tuple[Line, ...] = ()  # the lines of the last row read
        self.grid_columns: Columns | None = None  # an unruled table's, when it ran to the foot of the page read last

    def add_page(self, page: PageLines) -> None:
        body, foot = _split_footnotes(page, self.style, _footnote_separator(page, self.style))
        self.footnotes.extend(_footnote_drafts(foot, self.footnotes, page.index, self.style.options))
        rows, body = read_tables(list(page.rules), body, self.style.options)
        unruled, body, self.grid_columns = read_grids(body, self.style.options, self.grid_columns)
        first_on_page = True
        for item in _interleave(body, rows + unruled):
            if isinstance(item, TableRow):
                self.close()
                self.add_row(item, page.index, first_on_page)
                first_on_page = False
                continue
            first_on_page = False
            self.current = _place_line(item, self.current, self.drafts, self)

    def add_row(self, row: TableRow, page: int, first_on_page: bool) -> None:
        """A table row; a table that runs on over a page repeats its header there, and the row cut
        by the page break goes on in a row whose first cell is empty or goes on (``_goes_on``):
        neither is a row of its own."""
        previous = self.drafts[-1] if self.drafts else None
        in_table = previous is not None and previous.kind is BlockKind.TABLE_ROW
        if not self.repeats.keep(row.cells, page, row.table, continues=in_table):
            return
        continues = previous is not None and previous.kind is BlockKind.TABLE_ROW and len(previous.cells) == len(row.cells)
        if continues and previous.fragments[-1].page != page and _goes_on(previous.cells[0], row.cells):
            merged = tuple(join_cell_lines(list(pair)) for pair in zip(previous.cells, row.cells))
            lines = self.row_lines + tuple(row.lines)
            self.drafts[-1] = _table_draft(TableRow(row.top, merged, lines), previous.fragments[0].page)
            self.row_lines = lines
            return
        self.row_lines = tuple(row.lines)
        self.drafts.append(_table_draft(row, page))

    def open_block(self, line: Line, breaks: bool) -> _Draft | None:
        """The numbered paragraph or list item ``line`` opens (``_block_opening``), recording the
        paragraph number it opens as the last one read."""
        draft = _block_opening(line, breaks, self.style, self.last_number)
        if draft is not None and draft.number is not None:
            self.last_number = draft.number
        return draft

    def close(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
            self.current = None

    def finish(self) -> list[_Draft]:
        self.close()
        return self.drafts


def _goes_on(above: str, cells: tuple[str, ...]) -> bool:
    """Whether a row opening a page goes on with the row above, cut by the page break: its first
    cell is empty; or it goes on in lower case from a first cell that ended mid-sentence, every
    other cell empty or going on too ("To pseudonymize, de-" / "identify, aggregate or anonymize
    data" beside "taking privacy-enhancing measures …"). A glossary's next term in lower case
    ("education plan" under "corporate parent") opens a row with its meaning beside it."""
    first = cells[0]
    if not first:
        return True
    return (first[:1].islower() and bool(above) and not SENTENCE_END.search(above.rstrip())
            and all(not cell or cell[:1].islower() for cell in cells[1:]))


class _HeaderRepeats:
    """A table's first rows printed again at the top of each page it runs over (Word's "repeat as
    header row", LibreOffice's heading rows) are read once: the reader feeds every row in order."""

    def __init__(self) -> None:
        self.head: list[tuple[str, ...]] = []  # the rows the table opened with, on its first page
        self.first_page = self.page = -1
        self.table: object = None  # the table of the last row fed (a tag element, or a page's table number)
        self.matching: int | None = None  # rows of ``head`` matched at the top of the current page

    def keep(self, cells: tuple[str, ...], page: int, table: object, continues: bool = True) -> bool:
        """Whether to read a row; ``continues`` is False where the row cannot go on from the last
        one (text came between them). A different table on the page the last row was on is a new table."""
        new_table = not continues or (page == self.page and table != self.table)
        self.table = table
        if new_table:
            self.head, self.first_page, self.page, self.matching = [cells], page, page, None
            return True
        if page == self.first_page:
            if len(self.head) < 3:
                self.head.append(cells)
            return True
        if page != self.page:
            if not self.head or cells != self.head[0]:
                # The first row on a page that repeats no header: read by geometry, tables on
                # consecutive pages run into one another, so this may be a table of its own.
                return self.keep(cells, page, table, continues=False)
            self.page, self.matching = page, 0
        if self.matching is not None and self.matching < len(self.head) and cells == self.head[self.matching]:
            self.matching += 1
            return False
        self.matching = None
        return True


UNIT_ROLES = PARAGRAPH_ROLES | CELL_ROLES | NOTE_ROLES | {"LI"}
_TABLE = frozenset({"Table"})
_TABLE_ROLES = _TABLE | {"TR", "THead", "TBody", "TFoot"} | CELL_ROLES


_NOTE_BY_GEOMETRY = (None, "P")  # tags that geometry may overrule at a page's foot (see _TaggedReading.add_page)
_LIST_ROLES = ("LI", "LBody", "Lbl")


class _TaggedReading(_Reading):
    """Reading a tagged PDF: one block per tag unit, whatever the page breaks.

    Lines without a unit (text the tree leaves out) are read by geometry. Cells
    gather into rows by their TR; a table's rows are emitted in the tree's order
    when the table ends, so a table read as two columns still gives whole rows.
    """

    def __init__(self, style: _Style, tags: StructureTree) -> None:
        super().__init__(style)
        self.tags = tags
        self.has_headings = any(element.role in HEADING_ROLES for element in tags.elements)
        self.rows: dict[int, dict[int, list[Line]]] = {}  # TR element -> cell element -> lines
        self.notes: dict[int, _Draft] = {}  # footnote unit -> its draft
        self.note_label: tuple[int | None, int, str] | None = None  # (unit, page, label) of a raised label alone on its line
        self.opened: set[int] = set()  # units that have opened a block

    def role(self, line: Line) -> str | None:
        return self.tags.elements[line.unit].role if line.unit is not None else None

    def _plausible(self, line: Line) -> Line:
        """The line, or the line without its unit when the tag cannot be right.

        Word has tagged a chapter heading as a footnote (WT 2023, p. 131): footnotes are
        always set smaller than the body text, so a Note at body size or above is a slip.
        Such lines are read by geometry, and are headings only in the type style of tagged ones.
        """
        role = self.role(line)
        if role in NOTE_ROLES and line.size > self.style.options.footnote_size_ratio * self.style.body_size + 0.2:
            return replace(line, unit=None)
        if role is not None and role not in UNIT_ROLES:
            # Text written straight into a list, table or section element (KCSIE 2025 July tags the
            # heading "Abuse, neglect and exploitation" as an L): the tree says nothing about its kind.
            return replace(line, unit=None)
        return line

    def add_page(self, page: PageLines) -> None:
        page = replace(page, lines=tuple(self._plausible(line) for line in page.lines))
        # Notes the tree tags as plain paragraphs (KCSIE's Annex E endnotes) are still notes when the
        # page's geometry says so: small type at the foot, opened by a label. So are notes it tags as
        # a list's items under a separator rule (PDFMaker: a statutory instrument's bracketed notes
        # "(46)", "(47)", Children Act 1989 guidance, vol. 3, p. 109; a footnote's bullets, WT 2023
        # p. 114); without the rule, small numbered items at the foot may be a schedule's own list.
        by_position = replace(page, lines=tuple(sorted(page.lines, key=lambda line: (-line.y, line.x0))))
        separator = _footnote_separator(by_position, self.style)
        _, foot = _split_footnotes(by_position, self.style, separator)
        roles = _NOTE_BY_GEOMETRY + (_LIST_ROLES if foot and separator is not None else ())
        untagged_notes = {id(line) for line in foot if self.role(line) in roles}
        # Text the tree leaves out (a flowchart's boxes, a text box) is read as geometry reads it,
        # unruled tables included, so that a tagged and an untagged copy agree.
        untagged = tuple(line for line in by_position.lines if line.unit is None and id(line) not in untagged_notes)
        # Word leaves the part of a table row that runs over a page break out of the tree (IS 2024,
        # p. 25: the rest of "Personal Data"'s definition, its first cell empty): the ruled grid
        # still holds it, and ``add_row`` joins it to the row it goes on from. Word also tags some
        # ruled tables cell by cell as plain paragraphs, with no Table element at all (Ofsted's
        # children's homes Annex A, pp. 4-5, 8-9: every cell of a form a P): the tree says nothing
        # about rows there, and the grid the page draws decides, as it does for an untagged copy.
        tabled = tuple(line for line in by_position.lines if id(line) not in untagged_notes)
        line_rows = self._line_rows(read_tables(list(page.rules), tabled, self.style.options)[0])
        in_grid = tuple(line for line in tabled
                        if line.unit is None or self._untabled(line) or id(line) in line_rows)
        ruled_rows, rest = read_tables(list(page.rules), in_grid, self.style.options)
        untagged = tuple(line for line in rest if line.unit is None)
        grid_rows_found, _, _ = read_grids(untagged, self.style.options)
        row_of = {id(line): row for row in ruled_rows + grid_rows_found for line in row.lines}
        emitted: set[int] = set()
        for line in page.lines:
            row = row_of.get(id(line))
            if row is not None:
                if id(row) not in emitted:
                    emitted.add(id(row))
                    self._close_table()
                    self.close()
                    self.add_row(row, page.index, False)
                continue
            in_foot = id(line) in untagged_notes
            role = self.role(line)
            if role in NOTE_ROLES or in_foot:
                self._footnote(line)
                continue
            if role in CELL_ROLES:
                self.close()
                row = self.tags.ancestor(line.unit, frozenset({"TR"}))  # type: ignore[arg-type]
                key = row if row is not None else line.unit
                cells = self.rows.setdefault(key, {})  # type: ignore[arg-type]
                first_page = min((other.page for lines in cells.values() for other in lines), default=line.page)
                if line.page > first_page and self._is_header_row(key):  # type: ignore[arg-type]
                    continue  # Chromium prints a table's header row again on every page it runs over
                cells.setdefault(line.unit, []).append(line)  # type: ignore[arg-type]
                continue
            if role == "TOCI":
                continue  # a contents entry outside the contents pages: navigation, not text
            self._close_table()
            self.current = self._place(line)

    def _line_rows(self, drawn: list[TableRow]) -> set[int]:
        """The lines of drawn rows that the tree cuts into rows of one line each.

        InDesign CS4 tags each printed line of a ruled table as a row (the IRO handbook, Annex 3:
        "Section" / "25B(1)(a)" / "1989 Act", three TRs in one drawn row, the cells beside them
        going on in lower case; the last takes the lines left). Where a row the page draws holds
        several of the tree's rows, each but the last one line, and a cell's words wrap from one
        of them into the next, the drawing decides."""
        found: set[int] = set()
        for row in drawn:
            units: dict[int, list[Line]] = {}
            for line in row.lines:
                tr = self.tags.ancestor(line.unit, frozenset({"TR"})) if line.unit is not None else None
                if tr is not None:
                    units.setdefault(tr, []).append(line)
            ordered = sorted(units, key=lambda tr: -max(line.y for line in units[tr]))
            if len(ordered) < 2 or any(len({round(line.y) for line in units[tr]}) > 1 for tr in ordered[:-1]):
                continue
            if any(_wraps_on(upper, lower) for above, below in itertools.pairwise(ordered)
                   for upper in (span for line in units[above] for span in line.spans)
                   for lower in (span for line in units[below] if line.y >= max(other.y for other in units[below]) - 1
                                 for span in line.spans)):
                found.update(id(line) for line in row.lines)
        return found

    def _untabled(self, line: Line) -> bool:
        """Whether the tree puts a line's text outside any table (and outside notes)."""
        role = self.role(line)
        return (role is not None and role not in NOTE_ROLES
                and self.tags.ancestor(line.unit, _TABLE_ROLES) is None)  # type: ignore[arg-type]

    def _place(self, line: Line) -> _Draft:
        current = self.current
        if current is not None and line.unit is not None and current.unit == line.unit:
            if not self._opens_inside(line, current):
                current.add(line)
                if current.styled_heading and not _heading_level(line, self.style):
                    current.plain_lines += 1
                return current
        elif line.unit is None:
            # Text the tree leaves out: Word drops the tags of a paragraph's text after a footnote
            # marker, so geometry decides whether it goes on with the block before it.
            placed = _place_line(line, current, self.drafts, self)
            if placed is not current:
                self.current = placed
            return placed
        elif current is not None and self._wraps_into(line, current):
            current.add(line)
            current.unit = line.unit
            return current
        self.close()
        role = self.role(line)
        if role in HEADING_ROLES and _is_heading_text(line.text, self.style.options):
            level = int(role[1]) if role != "H" else self._nesting(line.unit)  # type: ignore[index,arg-type]
            draft = _Draft(BlockKind.HEADING, [_fragment(line)], line, line.x0, level=level, bold=line.bold,
                           size=line.size)
        elif not self.has_headings and _heading_level(line, self.style):
            draft = _Draft(BlockKind.HEADING, [_fragment(line)], line, line.x0, level=_heading_level(line, self.style),
                           bold=line.bold, size=line.size, styled_heading=True)
        else:
            draft = self.open_block(line, True) or _Draft(
                BlockKind.PARAGRAPH, [_fragment(line)], line, _continuation_indent(line, self.style), size=line.size)
            if (role == "LI" and draft.kind is BlockKind.PARAGRAPH and draft.number is None
                    and line.unit not in self.opened):
                # (An item's text that goes on below a list nested in it is not an item of its own.)
                draft.kind, draft.marker = BlockKind.LIST_ITEM, "•"
        draft.unit = line.unit
        if line.unit is not None:
            self.opened.add(line.unit)
        return draft

    def _wraps_into(self, line: Line, current: _Draft) -> bool:
        """Whether a new unit is really the same paragraph going on.

        Word splits a paragraph that runs over a page break into two list items (KCSIE 2025
        September, paragraph 16, pp. 6-7), and text typed with a return at every line end is one
        P per line (its Summary page). Geometry decides, and only where the line opens nothing
        (no number, no bullet) and the text wrapped: over a page break, after a line that ran
        to the margin, or at the bare line pitch where the document spaces its paragraphs.
        """
        if current.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or current.unit is None:
            return False
        role = self.role(line)
        if role not in ("P", "LI", "LBody"):
            return False
        if _numbered_or_marked(line.text):
            return False
        if line.bold != current.last.bold:
            # A unit set wholly in bold against a plain one (or the reverse) is a run-in heading
            # and its paragraph, not one paragraph wrapping: Word sets "Points to prove:" or
            # "CHILDREN ACT 1989: S49 …" in bold at body size, at the bare line pitch.
            return False
        if role == "LI" and self._browser_item(line.unit) and self._browser_item(current.unit):
            # A list item with neither Lbl nor LBody: a browser's <li>. Chromium draws the bullet and tags
            # each item once, never cut in two, so the next one is the next item, though the last ended
            # mid-phrase over the page break (Ofsted's enforcement policy, pp. 4-5: "is agile and revises
            # our approach as appropriate", then "secures compliance with the law").
            return False
        if role != "P":
            # Each list item is an item, even when its bullet is drawn rather than written; only one
            # cut by a page break mid-sentence goes on (Word and PDFMaker cut it into two LBody units).
            ended = SENTENCE_END.search(current.fragments[-1].text.rstrip())
            return (line.page != current.last.page and (line.text[:1].islower() or not ended)
                    and not _starts_new_block(line, current, self.style))
        # In a document that spaces its paragraphs, lines at the bare line pitch are one paragraph
        # however the tree cuts them; elsewhere only a wrapped line says so.
        wrapped = (line.page != current.last.page or _runs_to_margin(current, self.style)
                   or self.style.spaced_paragraphs)
        return wrapped and not _starts_new_block(line, current, self.style)

    def _opens_inside(self, line: Line, current: _Draft) -> bool:
        """Whether a line inside a unit opens a block of its own: Word sometimes tags two numbered
        paragraphs, or two bullets, as one list item."""
        number = PARAGRAPH_NUMBER.match(line.text)
        if (number and line.x0 <= self.style.left_margin + 2.5 * line.size
                and _next_in_sequence(number.group("number"), self.last_number)
                and (_gap_after_first_word(line) > self.style.options.tab_gap * line.size or current.last.page != line.page
                     or SENTENCE_END.search(current.fragments[-1].text.rstrip()))):
            return True
        bullet = BULLET.match(line.text)
        return bool(bullet and bullet.group("marker") in BULLET_GLYPHS and abs(line.x0 - current.x0) < 0.8 * line.size)

    def _mend_style_name_roles(self) -> None:
        """Headings in a tree that names roles only through Word's style names, as the type shows them.

        PDFMaker 10 tags each paragraph by its style's name through the role map, so the roles are only
        as good as the names. In the 2013 adoption guidance a chapter heading set in "Lvl 2 bullet"
        comes out as P, "List Bullet 2" maps to H2 for sentences such as "The steps are:", and
        "Heading 4" to H3: two thirds of the document's headings were lost or misplaced, though every
        one is printed in the type of its level (18, 16, 14 and 12 pt bold). So in such a tree:

        * a tagged heading set plain at body size that ends as a sentence ends is a paragraph;
        * a short P in the very type of two or more tagged headings is a heading;
        * where the tree sets smaller type at the level of larger type or above it, the headings' levels
          rank their type, larger first and bold before plain; else each keeps its tagged level, and a
          heading found by its type takes the level its type usually has.

        Where the writer chose each role itself (Word 365, Chromium, later PDFMakers write P, not a style
        name), a box title in heading type is its statement that the title is no heading: left alone.
        """
        named = [draft for draft in self.drafts if self._role_by_style_name(draft) and not draft.styled_heading]
        body_size, options = self.style.body_size, self.style.options
        for draft in named:
            if draft.kind is BlockKind.HEADING and _tagged_sentence(draft, body_size):
                draft.kind, draft.level = BlockKind.PARAGRAPH, 0
        levels = _levels_by_type(named)
        styles = sorted(levels, key=lambda style: (-style[0], not style[1]))
        usual = [levels[style].most_common(1)[0][0] for style in styles]
        # Smaller type at the level of larger type, or above it: the style names are not the levels.
        relevel = any(later <= earlier for earlier, later in itertools.pairwise(usual))
        level_of = {style: min(index + 1 if relevel else level, 6)
                    for index, (style, level) in enumerate(zip(styles, usual, strict=True))}
        for draft in named:
            text = draft.fragments[-1].text.rstrip()
            if (draft.kind is BlockKind.PARAGRAPH and draft.lines < options.heading_lines
                    and (draft.number is None or draft.lines == 1)
                    and self.tags.elements[draft.unit].role == "P"  # type: ignore[index]
                    and sum(levels.get((round(draft.size), draft.last.bold), Counter()).values()) >= 2
                    and (draft.size >= body_size * options.heading_size_ratio
                         or (draft.last.bold and draft.lines == 1 and not _SENTENCE_STOP.search(text)))):
                draft.kind, draft.bold = BlockKind.HEADING, draft.last.bold
                if draft.number is not None:  # "1. Introduction and Acceptance of Terms": the number is the heading's
                    draft.fragments, draft.number = [_fragment(draft.last)], None
                draft.level = level_of[(round(draft.size), draft.bold)]
            elif draft.kind is BlockKind.HEADING and relevel:
                draft.level = level_of[(round(draft.size), draft.bold)]

    def _browser_item(self, unit: int | None) -> bool:
        return unit is not None and not any(self.tags.elements[child].role in ("Lbl", "LBody")
                                            for child in self.tags.children(unit))

    def _role_by_style_name(self, draft: _Draft) -> bool:
        """Whether the tree gave this block its role only through a style name (``/RoleMap``
        "Lvl 2 bullet" -> P) rather than writing a standard role itself."""
        if draft.unit is None:
            return False
        element = self.tags.elements[draft.unit]
        return element.written_role != element.role

    def _is_header_row(self, row: int) -> bool:
        cells = [child for child in self.tags.children(row) if self.tags.elements[child].role in CELL_ROLES]
        in_head = self.tags.ancestor(row, frozenset({"THead"})) is not None
        return in_head or (bool(cells) and all(self.tags.elements[cell].role == "TH" for cell in cells))

    def _nesting(self, unit: int) -> int:
        """The level of a plain /H: how many sections enclose it."""
        depth, current = 0, self.tags.elements[unit].parent
        while current >= 0:
            depth += self.tags.elements[current].role == "Sect"
            current = self.tags.elements[current].parent
        return max(1, depth)

    def _footnote(self, line: Line) -> None:
        """A line of a Note unit. Word puts the tail of the previous page's last footnote and the
        next footnote in one Note (KCSIE 2025, p. 89), so a label in sequence opens a new footnote and
        a unit that opens without one continues the footnote before it."""
        previous = self.footnotes[-1] if self.footnotes else None
        bare = line.text.strip()
        if (BARE_NOTE_LABEL.match(bare) and line.lead_marker is None and line.size < self.style.body_size
                and (previous is None or _follows(previous.number, bare, self.style.options))):
            # Word raises a footnote's number above the baseline of its text, far enough to stand on a
            # line of its own ("2" / "Neil, E., …"): it labels the note's next line.
            self.note_label = (line.unit, line.page, bare)
            return
        pending, self.note_label = self.note_label, None
        label, text = _footnote_label(line)
        if pending is not None and pending[:2] == (line.unit, line.page):
            label, text = pending[2], line.text  # "2006 c.41. Section 1…" after the label "5" is text
        if label is not None and previous is not None and not _follows(previous.number, label, self.style.options):
            label, text = None, line.text
        draft = self.notes.get(line.unit)  # type: ignore[arg-type]
        if label is None and (draft is not None or previous is not None):
            target = draft if draft is not None else previous
            target.add(line)  # type: ignore[union-attr]
            self.notes[line.unit] = target  # type: ignore[index,assignment]
            return
        markers = line.markers if label is not None and label == line.lead_marker else ()
        draft = _Draft(BlockKind.FOOTNOTE, [_Fragment(text, markers, line.page, line.links, _box([line]))], line,
                       line.x0, number=label, size=line.size)
        draft.unit = line.unit
        self.notes[line.unit] = draft  # type: ignore[index]
        self.footnotes.append(draft)

    def _close_table(self) -> None:
        """The rows read, page by page and in the tree's order on each page: Word tags the header
        row it repeats on the next page right after the row it repeats (Ofsted's Annex A, p. 2)."""
        drafts = []
        for row in sorted(self.rows):
            cells = self.rows[row]
            ordered = [cells[cell] for cell in sorted(cells)]
            lines = [line for cell in ordered for line in cell]
            texts = tuple(join_cell_lines([line.text for line in cell]) for cell in ordered)
            first = min(lines, key=lambda line: (line.page, -line.y))
            table = self.tags.ancestor(row, _TABLE)
            drafts.append((first.page, row if table is None else table, TableRow(first.y, texts, tuple(lines))))
        drafts.sort(key=lambda item: item[0])  # (a stable sort: the tree's order within a page)
        previous_table = None
        for page, table, row in drafts:
            if self.repeats.keep(row.cells, page, table, continues=table == previous_table):
                self.drafts.append(_table_draft(row, page))
            previous_table = table
        self.rows = {}

    def finish(self) -> list[_Draft]:
        self.close()
        self._close_table()
        self._mend_style_name_roles()
        tagged_styles = _levels_by_type([draft for draft in self.drafts
                                         if draft.unit is not None and not draft.styled_heading])
        for draft in self.drafts:
            if draft.kind is not BlockKind.HEADING:
                continue
            if draft.styled_heading and draft.plain_lines:
                # Bold run-in text: the unit's later lines are plain, so it was a paragraph all along.
                draft.kind, draft.level = BlockKind.PARAGRAPH, 0
            elif draft.unit is None and self.has_headings:
                # The tree names the headings. Text it leaves out (or mis-tags) is a heading only when set
                # in the very style of tagged headings, and takes their level; a text box or pull quote is not.
                style = tagged_styles.get((round(draft.size), draft.bold))
                if style:
                    draft.level = style.most_common(1)[0][0]
                else:
                    draft.kind, draft.level = BlockKind.PARAGRAPH, 0
        return self.drafts


def _levels_by_type(drafts: list[_Draft]) -> dict[tuple[float, bool], Counter[int]]:
    """The levels the headings among ``drafts`` take in each type (size to the point, bold or not)."""
    levels: dict[tuple[float, bool], Counter[int]] = defaultdict(Counter)
    for draft in drafts:
        if draft.kind is BlockKind.HEADING:
            levels[(round(draft.size), draft.bold)][draft.level] += 1
    return levels


_SENTENCE_STOP = re.compile(r"[.!;]['\")\]]*$")  # a sentence ends; a heading may ask, or end with a colon
_UNFINISHED = re.compile(r"\b(?:of|or|and|to|the|for|in|that)$", re.IGNORECASE)


def _tagged_sentence(draft: _Draft, body_size: float) -> bool:
    """Whether a tagged heading is a sentence of body text: set plain at body size, and ending as a
    sentence ends or mid-phrase. PDFMaker's role map sends some Word list styles to H2 and H3 ("List
    Bullet 2", "List Paragraph"): "The steps are:" and "(b) any prospective adopters who may be chosen
    by the agency." are then tagged headings (the 2013 adoption guidance, pp. 56, 229)."""
    if draft.bold or abs(draft.size - body_size) >= 0.5:
        return False
    text = draft.fragments[-1].text.rstrip()
    return bool(SENTENCE_END.search(text) or _UNFINISHED.search(text))


def _is_heading_text(text: str, options: ReaderOptions) -> bool:
    """An H tag over text that cannot be a heading (a bullet, a page of prose) is a tagging slip."""
    return len(text) <= options.heading_chars and bool(re.search(r"[A-Za-z]", text)) and not BULLET.match(text)


# --- measuring -------------------------------------------------------------

def _measure(pages: list[PageLines], options: ReaderOptions) -> _Style:
    sizes: Counter[float] = Counter()
    lefts: Counter[float] = Counter()
    rights: Counter[float] = Counter()
    pitches: dict[float, Counter[float]] = {}
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text)
        for _, line, gap in _baseline_gaps(page.lines):
            pitches.setdefault(round(line.size), Counter())[gap] += 1
    body_size = sizes.most_common(1)[0][0] if sizes else 12.0
    page_right: dict[int, float] = {}
    for page in pages:
        edges = []
        for line in page.lines:
            if abs(line.size - body_size) < 0.5:
                lefts[round(line.x0)] += 1
                rights[round(line.x1)] += 1
                edges.append(line.x1)
        if len(edges) >= options.page_measure_lines:
            page_right[page.index] = max(edges)
    right_edges = sorted(rights.elements())
    style = _Style(
        options=options,
        body_size=body_size,
        left_margin=lefts.most_common(1)[0][0] if lefts else 0.0,
        # A high percentile, not the maximum: one line run into the margin must not move it.
        right_margin=right_edges[int(0.95 * (len(right_edges) - 1))] if right_edges else 0.0,
        page_right=page_right,
    )
    # The smallest common gap is the line pitch; larger ones are paragraph spacing. "Common"
    # means a real share of all gaps: two odd gaps (a line whose baseline a raised marker
    # shifted) must not set the pitch, or every line would read as a paragraph of its own.
    for size, counts in pitches.items():
        needed = max(2, options.pitch_min_share * sum(counts.values()))
        common = [gap for gap, count in counts.most_common(6) if count >= needed]
        if common:
            style.pitch[size] = min(common)
    style.page_pitch = _page_pitches(pages, style)
    body_gaps = pitches.get(round(body_size), Counter())
    pitch = style.line_pitch(body_size)
    wide = sum(count for gap, count in body_gaps.items() if gap > pitch * options.paragraph_gap)
    style.spaced_paragraphs = wide >= 0.04 * max(1, sum(body_gaps.values()))
    style.heading_levels = _heading_levels(pages, style)
    return style


def _baseline_gaps(lines: tuple[Line, ...]) -> Iterator[tuple[Line, Line, float]]:
    """Each pair of consecutive lines in one type size, with the gap between their baselines
    (points, to 0.1), where it can be a line pitch or paragraph spacing (under three sizes)."""
    for above, below in itertools.pairwise(lines):
        if abs(above.size - below.size) < 0.3:
            gap = round(above.y - below.y, 1)
            if 0 < gap < below.size * 3:
                yield above, below, gap


def _page_pitches(pages: list[PageLines], style: _Style) -> dict[tuple[int, int], float]:
    """The pitch of pages whose lines are spaced wider than the document's: where most gaps
    between lines of one size on a page are one and the same, wider than a paragraph break in the
    rest of the document but under 1.6 of its pitch, that gap is the page's line pitch (and
    twice it its paragraph spacing), not a paragraph break after every line. Only lines that
    wrapped count (they run most of the way to the margin, and the next goes on in lower case):
    a list spaced wide (a web page's contents, printed by Chrome) is no running text."""
    found: dict[tuple[int, int], float] = {}
    for page in pages:
        gaps: dict[int, Counter[float]] = {}
        for above, below, gap in _baseline_gaps(page.lines):
            measure = style.right_margin - above.x0
            if (abs(above.x0 - below.x0) < 0.5 * below.size
                    and measure > 0 and above.x1 - above.x0 >= 0.6 * measure and below.text[:1].islower()):
                gaps.setdefault(round(below.size), Counter())[gap] += 1
        for size, counts in gaps.items():
            gap, count = counts.most_common(1)[0]
            usual = style.pitch.get(size)
            if (usual is not None and count >= 4 and count >= 0.5 * sum(counts.values())
                    and usual * style.options.paragraph_gap < gap <= usual * 1.6):
                found[(page.index, size)] = gap
    return found


def _is_heading_style(line: Line, body_size: float, options: ReaderOptions) -> bool:
    if len(line.text) > options.heading_chars or not re.search(r"[A-Za-z]", line.text):
        return False
    if line.text[:1] in "•" or BULLET.match(line.text):
        return False
    if line.size >= body_size * options.heading_size_ratio:
        return True
    return line.bold and line.size >= body_size * 0.95


def _heading_levels(pages: list[PageLines], style: _Style) -> dict[tuple[float, bool], int]:
    styles: Counter[tuple[float, bool]] = Counter()
    for page in pages:
        for line in page.lines:
            if _is_heading_style(line, style.body_size, style.options):
                styles[(round(line.size), line.bold)] += 1
    ordered = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return {key: level for level, key in enumerate(ordered, start=1)}


# --- footnotes ---------------------------------------------------------------

def _wraps_on(upper: Span, lower: Span) -> bool:
    """Whether ``lower`` reads as the next line of ``upper``'s words in one cell: the same left
    edge, the upper line stopping on a word or comma ("IRO to monitor the"), the lower going on
    in lower case ("local authority's"); "124" over "n/a" is two cells."""
    text, following = upper.text.rstrip(), lower.text.lstrip()
    return (abs(upper.x0 - lower.x0) < 2 and bool(text) and (text[-1].isalpha() and text[-1].islower() or text[-1] == ",")
            and following[:1].isalpha() and following[:1].islower())


def _split_footnotes(page: PageLines, style: _Style, separator: float | None) -> tuple[tuple[Line, ...], list[Line]]:
    """Body lines and footnote lines of one page; ``separator``: the y of its footnote rule
    (``_footnote_separator``), or None."""
    lines = page.lines
    small = style.options.footnote_size_ratio * style.body_size
    if separator is not None:
        cut = next((i for i, line in enumerate(lines) if line.y < separator and line.size <= small), None)
        if cut is not None and all(line.size <= small for line in lines[cut:]):
            return lines[:cut], list(lines[cut:])
        # Word's footnotes can be only a point under the body (10 on 11 pt, Ofsted's house style):
        # below the separator, smaller type opened by a raised label is the notes all the same.
        cut = next((i for i, line in enumerate(lines) if line.y < separator), None)
        if (cut is not None and lines[cut].lead_marker is not None
                and all(line.size <= style.body_size - 0.5 for line in lines[cut:])):
            return lines[:cut], list(lines[cut:])
    # No separator: a run of small lines at the foot that opens with a footnote number.
    cut = len(lines)
    while cut > 0 and lines[cut - 1].size <= small:
        cut -= 1
    tail = lines[cut:]
    while tail and not (_opens_footnote(tail[0]) and not (cut > 0 and _runs_on_under(tail[0], lines[cut - 1], small))):
        tail = tail[1:]
        cut += 1
    if tail and cut > 0 and lines[cut - 1].y - tail[0].y > style.line_pitch(style.body_size) * 0.9:
        return lines[:cut], list(tail)
    return lines, []


def _runs_on_under(line: Line, above: Line, small: float) -> bool:
    """Whether a small line goes on from the small line right above it, at their own line pitch.

    Footnotes stand apart from what is above them. A run of small lines without that break is one
    piece of small text: legislation.gov.uk's annotation boxes ("F15 S. 6(2)(2A) substituted … Sch."
    wrapping to "5 para. 4(4)", or "(S.I." to "2005/3238) …"), whose wrapped lines can start with a
    number, are not footnotes opening there.
    """
    return above.size <= small and abs(above.size - line.size) < 0.5 and 0 < above.y - line.y <= 1.6 * line.size


def _footnote_separator(page: PageLines, style: _Style) -> float | None:
    """The y of the short rule Word draws above the footnotes, if any.

    A link's underline has the same shape; it sits just under the baseline of the
    words it underlines, where a separator has clear space above it.
    """
    # (At the document's left margin or at the page's own: where most lines of a guide are numbered
    # paragraphs with their text hung at a tab, the measured margin is that tab, not the page edge.)
    # A rule the width of the text is a separator only where a numbered note opens right under it:
    # statutory instruments rule their notes off across the measure ("(46) Section 23CA was inserted
    # …", the regulations printed in the Children Act 1989 guidance, vol. 3, p. 109).
    page_left = min((line.x0 for line in page.lines), default=style.left_margin)
    for rule in page.rules:
        width = rule.x1 - rule.x0
        if (rule.y1 - rule.y0 <= 1.5 and 0.12 * page.width <= width <= 0.9 * page.width
                and rule.y1 < page.height * 0.5
                and min(abs(rule.x0 - style.left_margin), abs(rule.x0 - page_left)) < 30
                and (width <= 0.5 * page.width or _note_opens_under(rule, page.lines))
                and not _underlines(rule, page.lines)
                and not _meets_other_rules(rule, page.rules, style.options.rule_thickness)):
            return rule.y1
    return None


def _note_opens_under(rule: Rule, lines: tuple[Line, ...]) -> bool:
    below = max((line for line in lines if line.y < rule.y0), key=lambda line: line.y, default=None)
    return below is not None and rule.y0 - below.y < 3 * below.size and _footnote_label(below)[0] is not None


def _meets_other_rules(rule: Rule, rules: tuple[Rule, ...], thin: float) -> bool:
    """Whether another rule touches either end of ``rule``: a table cell's border goes on into the
    next cell's or meets the column rules (Word draws them piece by piece); a separator stands alone.
    Only lines count: a fill behind the text (Google Docs and Chromium paint the whole page white
    first) is no border."""
    for other in rules:
        if other is rule or min(other.x1 - other.x0, other.y1 - other.y0) > thin:
            continue
        near_y = other.y0 - 2 <= rule.y1 and rule.y0 <= other.y1 + 2
        if near_y and (abs(other.x0 - rule.x1) <= 2 or abs(other.x1 - rule.x0) <= 2
                       or other.x0 - 2 <= rule.x0 <= other.x1 + 2 or other.x0 - 2 <= rule.x1 <= other.x1 + 2):
            return True
    return False


def _underlines(rule: Rule, lines: tuple[Line, ...]) -> bool:
    return any(0 <= line.y - rule.y1 <= 0.4 * line.size and line.x0 - 2 <= rule.x0 and rule.x1 <= line.x1 + 2
               for line in lines)


def _opens_footnote(line: Line) -> bool:
    return line.lead_marker is not None or bool(FOOTNOTE_START.match(line.text))


def _follows(previous: str | None, label: str, options: ReaderOptions) -> bool:
    """Footnote numbers rise through a document, by small steps (symbols and restarts at 1 are allowed)."""
    if previous is None or not previous.isdigit() or not label.isdigit():
        return True
    step = int(label) - int(previous)
    return 0 < step <= options.footnote_max_step or int(label) == 1


def _place_footnotes(body: list[_Draft], footnotes: list[_Draft]) -> list[_Draft]:
    """Each footnote goes right after the block that carries its marker.

    Page breaks differ between editions, so placing notes by page would put the
    same note in different sections and report it as moved. A note whose marker
    is not found (in a figure, say) follows the last block starting on its page.
    """
    carriers: dict[str, list[tuple[int, int]]] = defaultdict(list)  # label -> [(page, block position)]
    for position, draft in enumerate(body):
        for fragment in draft.fragments:
            for marker in fragment.markers:
                carriers[marker.label].append((fragment.page, position))
    starts = [draft.fragments[0].page for draft in body]
    after: dict[int, list[_Draft]] = defaultdict(list)
    for note in footnotes:
        page = note.fragments[0].page
        near = [position for marker_page, position in carriers.get(note.number or "", ())
                if note.end_note or page - 1 <= marker_page <= page]
        anchor = near[-1] if near else bisect.bisect_right(starts, page) - 1
        after[anchor].append(note)
    placed: list[_Draft] = list(after.get(-1, ()))
    for position, draft in enumerate(body):
        placed.append(draft)
        placed.extend(after.get(position, ()))
    return placed


WRITTEN_MARKER = re.compile(r"\s*\[footnote (?P<label>\d{1,3})\]")


def _end_notes(drafts: list[_Draft]) -> tuple[list[_Draft], list[_Draft]]:
    """Body drafts and the notes a web page collects at its end, with "[footnote N]" markers.

    GOV.UK's HTML publications print a footnote reference as the words "[footnote 2]" and
    the notes as a numbered list at the end of the page, which reads as numbered
    paragraphs 1, 2, 3… after the last one of the body. Where the text carries such
    markers, each becomes a marker of the block (its words leave the text) and the final
    run of paragraphs numbered 1 up to at least the highest marker are the notes.
    """
    labels: set[str] = set()
    for draft in drafts:
        for fragment in draft.fragments:
            if "[footnote" in fragment.text:
                labels.update(_take_written_markers(fragment))
    if not labels:
        return drafts, []
    # The notes are the last numbered paragraphs, 1, 2, 3… in order; read by geometry, a note's
    # lines after a change of size may come out as unnumbered paragraphs, which go on with it.
    start = len(drafts)
    while start > 0 and drafts[start - 1].kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        start -= 1
    numbered = [position for position in range(start, len(drafts)) if drafts[position].number is not None]
    first = next((position for position in reversed(numbered) if drafts[position].number == "1"), None)
    if first is None:
        return drafts, []
    numbers = [drafts[position].number for position in numbered if position >= first]
    if numbers != [str(n) for n in range(1, len(numbers) + 1)] or not labels <= set(numbers):
        return drafts, []
    notes: list[_Draft] = []
    for draft in drafts[first:]:
        if draft.number is None:
            notes[-1].fragments.extend(draft.fragments)
            notes[-1].last = draft.last
            continue
        draft.kind, draft.end_note = BlockKind.FOOTNOTE, True
        notes.append(draft)
    return drafts[:first], notes


def _take_written_markers(fragment: _Fragment) -> set[str]:
    """Turn "requirements.[footnote 2]" into "requirements." with a marker "2" where the words stood."""
    text, markers, found = fragment.text, list(fragment.markers), set()
    while (match := WRITTEN_MARKER.search(text)) is not None:
        removed = match.end() - match.start()
        markers = [Marker(m.label, m.offset - removed if m.offset >= match.end() else m.offset) for m in markers]
        markers.append(Marker(match.group("label"), match.start()))
        found.add(match.group("label"))
        text = text[:match.start()] + text[match.end():]
    fragment.text, fragment.markers = text, tuple(sorted(markers, key=lambda m: m.offset))
    return found


def _footnote_label(line: Line) -> tuple[str | None, str]:
    """The label opening a footnote body (a raised number, or "12 " at its start) and the text after it."""
    if line.lead_marker is not None:
        return line.lead_marker, re.sub(r"^[.)]\s*", "", line.text)  # "ⁱ. Safeguarding…": the label's own full stop
    match = FOOTNOTE_START.match(line.text)
    if match:
        return match.group("label") or match.group("roman"), match.group("rest")
    match = BRACKETED_NOTE.match(line.text)
    if match:
        return match.group("label"), match.group("rest")
    return None, line.text


def _footnote_drafts(lines: list[Line], earlier: list[_Draft], page: int, options: ReaderOptions) -> list[_Draft]:
    """Footnote drafts on one page; an unnumbered first line continues the previous page's last note."""
    made: list[_Draft] = []
    pending: str | None = None  # a label set alone on its line, raised over its note's first line
    for position, line in enumerate(lines):
        label = line.lead_marker
        text = line.text
        if (label is None and BARE_NOTE_LABEL.match(text.strip()) and position + 1 < len(lines)
                and lines[position + 1].size > line.size + 1 and lines[position + 1].lead_marker is None):
            # PDFMaker (DfE's adoption guidance, 2013): the raised "1" sits more than the line
            # tolerance above its text, so it reads as a line of its own; it opens the next line's note.
            pending = text.strip()
            continue
        if pending is not None:
            label, pending = pending, None
        elif label is None:
            if not made or line.x0 <= made[-1].indent + 1:
                label, text = _footnote_label(line)
        else:
            text = re.sub(r"^[.)]\s*", "", text)  # "ⁱ. Safeguarding…": the raised label's own full stop
        previous = made[-1] if made else (earlier[-1] if earlier else None)
        if label is not None and previous is not None and not _follows(previous.number, label, options):
            label, text = None, line.text  # "2005" wrapped onto a line of its own is not footnote 2005
        fragment = _Fragment(text, line.markers if label == line.lead_marker else (), page, line.links, _box([line]))
        if label is not None:
            made.append(_Draft(BlockKind.FOOTNOTE, [fragment], line, line.x0, number=label, size=line.size))
        elif made:
            made[-1].fragments.append(fragment)
        elif earlier:
            earlier[-1].fragments.append(fragment)
    return made


# --- the body ------------------------------------------------------------------

def _interleave(lines: tuple[Line, ...], rows: list[TableRow]) -> list[Line | TableRow]:
    """Table rows slotted into the lines' reading order, each before the first line below its top."""
    items: list[Line | TableRow] = []
    waiting = sorted(rows, key=lambda row: -row.top)
    for line in lines:
        while waiting and line.y < waiting[0].top:
            items.append(waiting.pop(0))
        items.append(line)
    items.extend(waiting)
    return items


def _table_draft(row: TableRow, page: int) -> _Draft:
    text = " | ".join(cell for cell in row.cells)
    first = row.lines[0]
    # Cells are rebuilt from spans, so a marker's place inside a cell is not known; the
    # row keeps its markers at its end, which is where its footnotes belong anyway.
    markers = tuple(Marker(marker.label, len(text)) for line in row.lines for marker in line.markers)
    links = tuple(link for line in row.lines for link in line.links)
    fragments = [_Fragment(text, markers, page, links, _box([line for line in row.lines if line.page == page]))]
    # A row over a page break (a tagged TR) is printed on both pages.
    for other in sorted({line.page for line in row.lines} - {page}):
        fragments.append(_Fragment("", (), other, (), _box([line for line in row.lines if line.page == other])))
    return _Draft(BlockKind.TABLE_ROW, fragments, row.lines[-1], first.x0, cells=row.cells, size=first.size)


def _place_line(line: Line, current: _Draft | None, done: list[_Draft], reading: _Reading) -> _Draft:
    """Append ``line`` to the current block or start a new one; return the block now open."""
    style = reading.style
    heading_level = _heading_level(line, style)
    if (not heading_level and current is not None and current.kind is BlockKind.HEADING
            and not re.search(r"[A-Za-z]", line.text) and _continues_heading(current, line, style)):
        # A heading's wrapped tail without a letter ("Definitions (as defined in Working Together to
        # Safeguard Children" / "2023)", IS 2024 p. 6): no heading by itself, but its heading goes on.
        current.add(line)
        return current
    if current is not None and _runs_on_from_bold_text(line, current, style):
        # "Additional information on these safeguarding issues and information on other" in bold,
        # then "safeguarding issues is included in the Annex.": a bold sentence that wraps at body
        # size is a paragraph, not a heading over the rest of its sentence.
        current.kind, current.level = BlockKind.PARAGRAPH, 0
        current.add(line)
        return current
    if heading_level and line.size < style.body_size * style.options.heading_size_ratio and current is not None:
        # Bold at body size is a heading only where a new block starts anyway; inside a
        # running paragraph it is emphasis ("…designated safeguarding lead or a deputy.").
        if current.kind is not BlockKind.HEADING and not _starts_new_block(line, current, style):
            heading_level = 0
        elif line.text[:1].islower():
            heading_level = 0
    if heading_level:
        if current is not None and current.kind is BlockKind.HEADING and _continues_heading(current, line, style):
            current.add(line)
            return current
        if current is not None:
            done.append(current)
        return _Draft(BlockKind.HEADING, [_fragment(line)], line, line.x0,
                      level=heading_level, bold=line.bold, size=line.size)

    if current is not None and _continues_with_address(line, current, style):
        current.add(line)
        return current
    if current is not None and _is_stray_marker(line, current):
        fragment = current.fragments[-1]
        fragment.markers = fragment.markers + (Marker(line.text, len(fragment.text.rstrip())),)
        return current
    breaks = current is None or _starts_new_block(line, current, style)
    opening = reading.open_block(line, breaks)
    if opening is not None:
        if current is not None:
            done.append(current)
        return opening
    if breaks:
        if current is not None:
            done.append(current)
        return _Draft(BlockKind.PARAGRAPH, [_fragment(line)], line,
                      _continuation_indent(line, style), size=line.size)
    assert current is not None
    if _would_have_fitted(line, current, style):
        current.set_by_line = True  # a line break made by hand: an address, lines of a form
    current.add(line)
    return current


_ADDRESS_OPENING = re.compile(r"^\((?:https?://|www\.)", re.IGNORECASE)
_OPEN_ADDRESS = re.compile(r"\((?:https?://|www\.)[^()\s]*$", re.IGNORECASE)


def _continues_with_address(line: Line, current: _Draft, style: _Style) -> bool:
    """Whether ``line`` is a link's address printed after the link, in brackets, or the rest of one.

    A browser's print style sheet adds "(https://…)" after every link, in smaller type and outside
    the tag tree (GOV.UK pages printed by Chrome), so the change of size and the missing tag
    would otherwise start a new block at every address and again at the words after it. Only a
    line right below the block's last line qualifies: the address belongs to the sentence above.
    """
    if current.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.FOOTNOTE):
        return False
    last = current.last
    if line.page != last.page or not 0 < last.y - line.y <= style.options.paragraph_gap * style.line_pitch(max(line.size, last.size)):
        return False
    if _ADDRESS_OPENING.match(line.text):
        return not SENTENCE_END.search(current.fragments[-1].text.rstrip())
    return bool(_OPEN_ADDRESS.search(current.fragments[-1].text.rstrip()))


def _runs_on_from_bold_text(line: Line, current: _Draft, style: _Style) -> bool:
    """Whether ``line`` carries on a body-size bold "heading" that is really a wrapped sentence."""
    if current.kind is not BlockKind.HEADING or current.size >= style.body_size * style.options.heading_size_ratio:
        return False
    last = current.last
    if line.page != last.page or abs(line.size - last.size) > 0.5 or abs(line.x0 - last.x0) > 0.8 * line.size:
        return False
    if not 0 < last.y - line.y <= style.line_pitch(line.size) * style.options.paragraph_gap:
        return False
    # It wrapped: the next word did not fit, and the text goes on mid-sentence or ends as prose.
    if _would_have_fitted(line, current, style):
        return False
    return line.text[:1].islower() or bool(SENTENCE_END.search(line.text.rstrip()) and not line.text.rstrip().endswith(":"))


def _is_stray_marker(line: Line, current: _Draft) -> bool:
    """A footnote number that wrapped onto a line of its own, just under the text it belongs to."""
    last = current.last
    return (
        bool(STRAY_MARKER.match(line.text)) and line.page == last.page
        and line.size <= 0.85 * last.size and 0 < last.y - line.y < 1.6 * last.size
    )


def _numbered_or_marked(text: str) -> bool:
    """Whether a line opens with a paragraph number, a bullet or a list letter."""
    return bool(PARAGRAPH_NUMBER.match(text) or BULLET.match(text) or LETTERED.match(text))


def _heading_level(line: Line, style: _Style) -> int:
    if not _is_heading_style(line, style.body_size, style.options):
        return 0
    return style.heading_levels.get((round(line.size), line.bold), 0)


def _continues_heading(current: _Draft, line: Line, style: _Style) -> bool:
    """A heading wraps onto the next line only when that line's first word did not fit on it;
    two short headings stacked one under the other ("Sexual violence and sexual harassment",
    then "Specialist organisations") are two headings, and so are two headings of one size
    whose lines differ in slant (LibreOffice's italic section heading, then its first
    upright sub-heading, one line-pitch below). A line that opens in lower case goes on whatever
    fitted: a heading broken by hand ("Chapter 4. Considerations" / "for specific groups of children",
    the 2010 IRO handbook, p. 33) starts no heading of its own. Bold that has run on for as many
    lines as no heading has is a paragraph in bold (``_demote_long_heading``), and goes on over a
    page break as a paragraph does (Pocket's terms, LibreOffice: a disclaimer in bold capitals)."""
    if current.last.page != line.page:
        return (current.lines >= style.options.heading_lines and current.bold == line.bold
                and _continues_across_pages(line, current, style, prose=True))
    return (
        abs(current.size - line.size) < 0.5
        and current.bold == line.bold
        and current.last.italic == line.italic
        and 0 < current.last.y - line.y <= style.line_pitch(line.size) * 1.5 + 2
        and (line.text[:1].islower() or not _would_have_fitted(line, current, style))
    )


def _starts_new_block(line: Line, current: _Draft, style: _Style) -> bool:
    last = current.last
    if current.kind in (BlockKind.HEADING, BlockKind.TABLE_ROW, BlockKind.FOOTNOTE):
        return True
    if line.page != last.page:
        return not _continues_across_pages(line, current, style)
    if line.y > last.y + line.size:  # back up the page: the next column
        return not _continues_across_pages(line, current, style, column_break=True)
    if abs(line.size - last.size) > 1.0:
        return True
    gap = last.y - line.y
    if gap > style.line_pitch(line.size, line.page) * style.options.paragraph_gap or gap < 0:
        return True
    if line.x0 > current.indent + 0.8 * line.size and current.lines >= 1 and line.x0 > last.x0 + 0.8 * line.size:
        return True  # a first-line indent
    if (current.kind is BlockKind.PARAGRAPH and current.lines >= 2
            and 0.8 * line.size < current.x0 - last.x0 < 3 * line.size and abs(line.x0 - current.x0) < 0.5 * line.size):
        # The block's own first line was indented and its lines went on further left: a line back at
        # that indent opens the next paragraph (legislation's definitions, "“register” means …").
        return True
    if (current.kind is BlockKind.LIST_ITEM and line.x0 < current.indent - 0.8 * line.size
            and abs(line.x0 - current.x0) < 0.8 * line.size and line.text[:1].islower()
            and not SENTENCE_END.search(current.fragments[-1].text.rstrip())
            and not _numbered_or_marked(line.text)):
        # An item typed without a hanging indent wraps back under its own marker, mid-sentence
        # (WT 2023 p. 23: "(b) an integrated care board … within the local" / "authority area").
        return False
    if line.x0 < current.indent - 0.8 * line.size and current.kind is BlockKind.LIST_ITEM:
        return True  # back at the margin after a list item
    bullet = BULLET.match(line.text)
    if bullet and bullet.group("marker") in BULLET_GLYPHS and abs(line.x0 - current.x0) < 0.8 * line.size:
        # A bullet under the block's first line opens the next item, however the producer cut the
        # line into spans (pypdf keeps "•  Community" whole where PDFium parts "• " from its text,
        # so where the item's text hangs cannot decide it).
        return True
    ended = SENTENCE_END.search(current.fragments[-1].text.rstrip())
    if style.spaced_paragraphs:
        # Ragged lines end anywhere and the spacing marks most paragraphs, but a line that ended a
        # sentence with room left for the next line's first word was the end of its paragraph:
        # text wraps only when the next word does not fit ("“the regulator” has the meaning given
        # by section 36;" then "“social work in England” means …", at the bare line pitch).
        # (Not across a wide gap inside a line: two columns read as one line wrap at neither edge.
        # A colon ends a paragraph there only before a list: "… you may contact us at:" then an
        # address set line by line is one paragraph, Pocket's terms, LibreOffice.)
        # Nor in a block already set line by line: "149 New Montgomery St." then "4th Floor" is one address.
        whole = len(last.segments) <= 1 and len(line.segments) <= 1 and not current.set_by_line
        if ended and ended.group().startswith(":"):
            ended = _numbered_or_marked(line.text)
        return bool(ended) and whole and _would_have_fitted(line, current, style)
    short = style.right_margin and last.x1 < style.right_margin - 0.15 * (style.right_margin - style.left_margin)
    return bool(ended and short and not line.text[:1].islower())


def _continues_across_pages(line: Line, current: _Draft, style: _Style, column_break: bool = False,
                            prose: bool = False) -> bool:
    """Whether ``line``, first on its page (or column), goes on with ``current``; ``prose``: read
    ``current`` as a paragraph whatever its kind so far."""
    if current.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and not prose:
        return False
    if abs(line.size - current.size) > 1.0:
        return False
    if line.bold and not current.last.bold:
        return False  # a paragraph does not turn bold over a page break: a bold line there is a heading
    text = current.fragments[-1].text.rstrip()
    first = line.text.lstrip()
    if first[:1].islower():
        return not text.endswith(":")
    # Where the block's lines go on: its last line once it has two (a numbered paragraph's text
    # starts after the number, its second line back at the margin), else its indent.
    expected = current.last.x0 if current.lines >= 2 else current.indent
    aligned = column_break or abs(line.x0 - expected) < 1.5 * line.size
    if not aligned or _would_have_fitted(line, current, style):
        return False
    # The last line ran to the margin: the text wrapped, so the paragraph goes on over the page,
    # even when that line happens to end a sentence.
    return not SENTENCE_END.search(text) or _runs_to_margin(current, style)


def _runs_to_margin(current: _Draft, style: _Style) -> bool:
    line = current.last
    return bool(style.right_margin) and line.x1 >= current.measure(style) - style.options.full_line_slack * line.size


def _would_have_fitted(line: Line, current: _Draft, style: _Style) -> bool:
    """Whether the next line's first word had room at the end of ``last``: then ``last`` ended its paragraph.

    Text wraps only when the next word does not fit, so a block whose last line
    stops short of the margin by more than that word was finished ("…– DfE
    statutory guidance" then, over the page, "Missing Children and Adults…").
    """
    if not style.right_margin or not line.text:
        return False
    first_word = line.text.split()[0]
    # Capitals are wider than the average character: a word in capitals ("APPLICATION,") that had
    # no room at the end of a line of capitals would pass for one that fitted.
    char_width = style.options.wrap_caps_char_width if first_word.isupper() else style.options.wrap_char_width
    width = (len(first_word) + 1) * char_width * line.size
    return current.last.x1 + width < current.measure(style) - 0.5 * line.size


def _block_opening(line: Line, breaks: bool, style: _Style, last_number: str | None) -> _Draft | None:
    """A numbered paragraph or list item that ``line`` opens, or None; ``last_number`` is the last
    paragraph number read (a query: ``_Reading.open_block`` records the number it opens)."""
    text = line.text
    set_apart = _gap_after_first_word(line) > style.options.tab_gap * line.size
    number = PARAGRAPH_NUMBER.match(text)
    if number and not (breaks or set_apart) and _next_in_sequence(number.group("number"), last_number):
        set_apart = True  # "13." after paragraph 12, at the margin: the numbering itself says it opens a paragraph
    for pattern, kind in ((PARAGRAPH_NUMBER, BlockKind.PARAGRAPH), (BULLET, BlockKind.LIST_ITEM), (LETTERED, BlockKind.LIST_ITEM),
                          (LABELLED, BlockKind.LIST_ITEM)):
        match = pattern.match(text)
        if match is None:
            continue
        if not (breaks or set_apart) or (pattern is LABELLED and not set_apart):
            continue
        if kind is BlockKind.PARAGRAPH:
            # A decimal number next in the document's sequence opens its paragraph wherever the line
            # starts: a page's second column, or text set beside a drawing (LibreOffice's and
            # Chromium's "5.6" at the head of the right-hand column).
            in_sequence = "." in match.group("number") and _next_in_sequence(match.group("number"), last_number)
            if line.x0 > style.left_margin + 2.5 * line.size and not in_sequence:
                if match.group("dot") and "." not in match.group("number"):
                    # "2. Developing Recommendations: …" set in from the margin, or in the second
                    # column: a numbered list's item, not a paragraph number.
                    fragment = _fragment(line, match.group("rest"),
                                         _shift_markers(line.markers, len(text) - len(match.group("rest"))))
                    return _Draft(BlockKind.LIST_ITEM, [fragment], line, _continuation_indent(line, style, hanging=True),
                                  marker=match.group("number") + ".", size=line.size)
                continue  # numbers in the body are not paragraph numbers
            number = match.group("number")
            fragment = _fragment(line, match.group("rest"), _shift_markers(line.markers, len(text) - len(match.group("rest"))))
            # "2  (1) Section 25 …" (a Schedule's paragraph opening with its sub-paragraph): the lines
            # hang under the sub-paragraph's text.
            inner = LETTERED.match(match.group("rest"))
            indent = _continuation_indent(line, style, hanging=True, skip=1 if inner and not inner.group("bracket") else 0)
            return _Draft(BlockKind.PARAGRAPH, [fragment], line, indent, number=number, size=line.size)
        marker = match.group("marker")
        if pattern is BULLET and marker in "-–—o*" and not set_apart:
            continue  # "- " in running text is a dash, not a bullet, unless set apart like one
        # Legislation brackets inserted text, its number included ("[F10(2) Subsections …]"), and
        # quotes the text an amendment inserts ("“(5A) Where a local authority …"): the bracket or
        # quote opens the item's text, the number is its marker.
        rest = match.group("bracket") + match.group("rest") if pattern is LETTERED else match.group("rest")
        fragment = _fragment(line, rest, _shift_markers(line.markers, len(text) - len(rest)))
        return _Draft(BlockKind.LIST_ITEM, [fragment], line, _continuation_indent(line, style, hanging=True),
                      marker="•" if pattern is BULLET else marker, size=line.size)
    return None


def _next_in_sequence(number: str, previous: str | None) -> bool:
    """Whether ``number`` continues the paragraph numbering: 13 after 12, 5.24 after 5.23, 6.1 after 5.23."""
    if previous is None:
        return number in ("1", "1.1")
    head, _, tail = number.rpartition(".")
    previous_head, _, previous_tail = previous.rpartition(".")
    if head == previous_head and tail.isdigit() and previous_tail.isdigit():
        return int(tail) == int(previous_tail) + 1
    if head and previous_head and head.isdigit() and previous_head.isdigit():
        return int(head) == int(previous_head) + 1 and tail == "1"
    return False


def _gap_after_first_word(line: Line) -> float:
    if len(line.spans) < 2:
        return 0.0
    first = line.spans[0]
    if " " in first.text.strip():
        return 0.0
    return line.spans[1].x0 - first.x1


def _continuation_indent(line: Line, style: _Style, hanging: bool = False, skip: int = 0) -> float:
    """Where the following lines of a block that ``line`` opens are expected to start (``skip``:
    how many more set-apart markers follow the first)."""
    # A blank span (InDesign's tab after "3.33", then a space) marks no place where text starts.
    spans = tuple(span for span in line.spans if span.text.strip()) or line.spans
    while hanging and skip and len(spans) > 2 and spans[1].x0 - spans[0].x1 > 2:
        spans, skip = spans[1:], skip - 1
    if hanging and len(spans) > 2 and spans[0].text.strip() in ("[", '"', "“", "‘"):
        spans = spans[1:]  # "[", a raised F10, then "(2)": the bracket stands before the marker
    if hanging and len(spans) > 1:
        return spans[1].x0 if spans[1].x0 - spans[0].x1 > 2 else line.x0
    return line.x0


def _demote_inner_lists(drafts: list[_Draft]) -> None:
    """A run "1.", "2.", … inside paragraph 50, after which paragraph 51 follows, is a numbered list."""
    numbered = [d for d in drafts if d.kind is BlockKind.PARAGRAPH and d.number and d.number.isdigit()]
    position = 0
    while position < len(numbered):
        draft = numbered[position]
        previous = int(numbered[position - 1].number) if position else 0  # type: ignore[arg-type]
        if int(draft.number) == 1 and previous > 1:  # type: ignore[arg-type]
            end = position
            while end + 1 < len(numbered) and int(numbered[end + 1].number) == int(numbered[end].number) + 1:  # type: ignore[arg-type]
                end += 1
            if end + 1 < len(numbered) and int(numbered[end + 1].number) == previous + 1:  # type: ignore[arg-type]
                for inner in numbered[position:end + 1]:
                    inner.kind, inner.marker, inner.number = BlockKind.LIST_ITEM, f"{inner.number}.", None
                del numbered[position:end + 1]
                continue
        position += 1


def _rank_list_levels(drafts: list[_Draft], options: ReaderOptions) -> None:
    """List levels from indentation: the document's usual bullet indent is level 1, each
    further quarter inch (Word's default list step, 18pt) one level deeper."""
    items = [draft for draft in drafts if draft.kind is BlockKind.LIST_ITEM]
    if not items:
        return
    base = Counter(round(draft.x0) for draft in items).most_common(1)[0][0]
    for draft in items:
        draft.level = 1 + max(0, int((draft.x0 - base + options.list_indent_slack) // options.list_indent_step))


def _shift_markers(markers: tuple[Marker, ...], shift: int) -> tuple[Marker, ...]:
    return tuple(Marker(m.label, max(0, m.offset - shift)) for m in markers)


def _demote_long_heading(draft: _Draft, style: _Style) -> _Draft:
    """Bold text that runs on like prose is an emphasised paragraph, not a heading.

    So is a sentence set in bold at body size where only its type style made it a heading
    (no H tag): "Changes the Government wants to see would improve how IROs could speak up
    for children." Headings name a topic; they do not end in a full stop after a clause.
    """
    if draft.kind is not BlockKind.HEADING:
        return draft
    text = " ".join(fragment.text for fragment in draft.fragments)
    styled_only = draft.unit is None or draft.styled_heading
    bold_sentence = (styled_only and draft.size < style.body_size * style.options.heading_size_ratio
                     and len(text.split()) >= style.options.sentence_words and bool(_FULL_STOP.search(text.rstrip())))
    if draft.lines > style.options.heading_lines - 1 or (len(text) > 160 and text.rstrip().endswith(".")) or bold_sentence:
        draft.kind = BlockKind.PARAGRAPH
        draft.level = 0
    return draft


# --- finishing: joining lines, hyphenation, normalisation -----------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_URL_TAIL = re.compile(r"(?:https?://|www\.|\.(?:gov|org|com|net|uk|nhs)\b|/)\S*$", re.IGNORECASE)
# The end of a line that is a web address broken after a "/" ("www.autism.org.uk/about/" then
# "what-is/asd/intro-easyread"): browsers and Word wrap long addresses there. Stricter than
# ``_URL_TAIL`` (which keeps a hyphen in anything with a "/"): a line ending "and/" is no address.
_WRAPPED_ADDRESS = re.compile(r"(?:^|\s)\(?(?:https?://|www\.)\S*/$")
# A line that ends with a dash set close to the word before it ("up to date—" then "like add-on
# descriptions"): LibreOffice and Chromium break after an unspaced em or en dash, so the next line
# carries on with no space. A spaced dash ("children –" then "especially") keeps its space.
_UNSPACED_DASH_AT_END = re.compile(r"\S[\u2013\u2014\u2015]$")
# The same break before the dash ("up to date" then "—like"), where a producer breaks there.
_UNSPACED_DASH_AT_START = re.compile(r"^[\u2013\u2014\u2015]\S")


def _vocabulary(drafts: list[_Draft]) -> Counter[str]:
    """How often each word and each hyphenated pair ("multi-agency", "on-child") occurs inside lines."""
    words: Counter[str] = Counter()
    for draft in drafts:
        for fragment in draft.fragments:
            words.update(word.lower() for word in _WORD.findall(fragment.text))
            for compound in _COMPOUND.findall(fragment.text):
                parts = compound.lower().split("-")
                words.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))
    return words


def _hyphen_junctions(drafts: list[_Draft]) -> Iterator[tuple[str, str]]:
    for draft in drafts:
        for before, after in zip(draft.fragments, draft.fragments[1:]):
            head = re.search(r"([A-Za-z]+)-$", before.text.rstrip())
            tail = re.match(r"\s*([a-z]+)", after.text)
            if head and tail:
                yield head.group(1).lower(), tail.group(1)


def _hyphenates(drafts: list[_Draft], words: Counter[str]) -> bool:
    """Whether the document breaks words at line ends (LaTeX, InDesign) rather than only at real hyphens (Word).

    Evidence: line-end hyphens whose joined word occurs elsewhere in the document
    clearly outnumber those whose hyphenated form does.
    """
    soft = hard = 0
    for head, tail in _hyphen_junctions(drafts):
        soft += words[head + tail] > 0
        hard += words[f"{head}-{tail}"] > 0
    return soft >= 3 and soft > 2 * hard


def _drops_hyphen(left: str, right: str, words: Counter[str], hyphenates: bool) -> bool:
    """Whether "exploi-" + "tation" is one word broken at the line end ("self-" + "harm" keeps its hyphen).

    The document itself decides: the joined word occurs elsewhere in it at least as
    often as the hyphenated form, or, where neither occurs, the document is one that
    breaks words at line ends. A digit or capital after the hyphen ("post-16",
    "anti-Semitism") always keeps it.
    """
    head = re.search(r"([A-Za-z]+)-$", left)
    tail = re.match(r"([a-z]+)", right)
    if head is None or tail is None:
        return False
    if _URL_TAIL.search(left.rsplit(" ", 1)[-1]):
        return False  # "…/doc/open-" + "government-licence": a web address keeps every character
    joined = (head.group(1) + tail.group(1)).lower()
    hyphenated = f"{head.group(1)}-{tail.group(1)}".lower()
    if words[joined] == 0 and words[hyphenated] == 0:
        return hyphenates
    return words[joined] > 0 and words[joined] >= words[hyphenated]


def _finish(draft: _Draft, words: Counter[str], hyphenates: bool) -> Block:
    text = ""
    refs: list[FootnoteRef] = []
    pages: list[int] = []
    page_offsets: list[int] = []
    for fragment in draft.fragments:
        piece, offsets = normalise_pieces(fragment.text, [m.offset for m in fragment.markers])
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if not piece:
            if fragment.box is not None and fragment.page not in pages and pages:
                page_offsets.append(len(text))  # printed on this page too (a table row over a break)
                pages.append(fragment.page)
            continue
        if not text:
            base = 0
        elif text.endswith("-") and not text.endswith(" -"):
            if _drops_hyphen(text, piece, words, hyphenates):
                text = text[:-1]
                refs = [FootnoteRef(ref.label, min(ref.offset, len(text))) for ref in refs]
            base = len(text)
        elif _WRAPPED_ADDRESS.search(text) and piece[:1].isalnum():
            base = len(text)  # a web address wrapped after a "/" carries on with no space
        elif _UNSPACED_DASH_AT_END.search(text) or _UNSPACED_DASH_AT_START.match(piece):
            base = len(text)  # "date—" + "like": the dash was set close, the line broke at it
        else:
            text += " "
            base = len(text)
        text += piece
        if fragment.page not in pages:
            if pages:
                page_offsets.append(base)
            pages.append(fragment.page)
        refs.extend(
            FootnoteRef(m.label, base + max(0, min(offset - lead, len(piece))))
            for m, offset in zip(fragment.markers, offsets)
        )
    boxes: dict[int, list[float]] = {}
    for fragment in draft.fragments:
        if fragment.box is None:
            continue
        box = boxes.get(fragment.page)
        if box is None:
            boxes[fragment.page] = list(fragment.box)
        else:
            box[0], box[1] = min(box[0], fragment.box[0]), min(box[1], fragment.box[1])
            box[2], box[3] = max(box[2], fragment.box[2]), max(box[3], fragment.box[3])
    links: list[LinkRef] = []
    for fragment in draft.fragments:
        for uri, covered in fragment.links:
            link = LinkRef(uri, normalise_text(covered).strip())
            if links and links[-1].uri == uri:  # one link wrapped over two lines
                joint = "" if _WRAPPED_ADDRESS.search(links[-1].text) and link.text[:1].isalnum() else " "
                links[-1] = LinkRef(uri, f"{links[-1].text}{joint}{link.text}")
            elif link not in links:
                links.append(link)
    return Block(
        kind=draft.kind,
        text=text,
        pages=tuple(pages),
        page_offsets=tuple(page_offsets),
        number=draft.number,
        level=draft.level,
        marker=draft.marker,
        footnote_refs=tuple(refs),
        cells=tuple(normalise_text(cell) for cell in draft.cells),
        bold=draft.bold,
        font_size=round(draft.size, 1),
        links=tuple(links),
        regions=tuple(Region(page, *(round(value, 1) for value in box)) for page, box in sorted(boxes.items())),
    )
