"""Reader options: every threshold the reader judges a page by, in one frozen value.

The way pdfminer's ``LAParams`` does it: each threshold is named once, here, with its
unit and what it decides, and ``read_pdf(..., options=ReaderOptions())`` hands it to
every step that uses it (``lines``, ``columns``, ``grid``, ``tables``, ``links``,
``tags``, ``furniture``, ``labels``, ``contents``, ``covers``, ``blocks``, ``outline``,
and PDFium's producer). The defaults are the reader's own reading of the shared corpus;
change one and the cache keeps that read apart (``cache_key``).

Units: **ems** are multiples of the font size of the text concerned; a **share** is a
fraction between 0 and 1 of what it names; **points** are PDF user-space units (1/72
inch) in the frame where the page's text is upright; counts are plain numbers.

What is not here is not a judgement: PDF-spec facts (H1-H6), safety limits against
hostile files (``content.MAX_FORM_DEPTH``, ``tags.MAX_ELEMENTS``, ``links.MAX_LINKS_PER_PAGE``)
and PDFium's own behaviour (``pdfium.SPACE_ADVANCE``) stay constants of their modules.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """The reader's thresholds; see the module docstring for the units."""

    # --- lines (runs into lines) ------------------------------------------------------
    baseline_tolerance: float = 0.6  # ems of the larger run: a run whose baseline is this close belongs to the line
    word_gap: float = 0.15  # ems: a wider gap between two runs is a word space (lines, table cells, PDFium's parts)
    superscript_max_size: float = 0.85  # share of the line's size: a marker is set at most this large…
    superscript_min_raise: float = 0.12  # …and raised at least this many ems of the line's size
    segment_gap: float = 1.6  # ems: a wider gap splits a line into segments (table cells, tab stops)

    # --- columns ------------------------------------------------------------------------
    gutter_min_share: float = 0.4  # share of a page's lines that must have text on both sides of a gutter
    gutter_max_crossing: float = 0.1  # share of lines that may run across it (titles, full-width figures)
    gutter_min_width: float = 0.012  # share of the text width: the empty channel is at least this wide (about 6pt)
    column_min_width: float = 0.3  # share of the text width each column spans at least
    column_gap: float = 0.6  # ems: a gap at the gutter narrower than this is a word space

    # --- unruled tables (grid) ----------------------------------------------------------
    cell_gap: float = 0.3  # ems: a wider gap between two spans may part two cells (word spaces are characters)
    cell_channel: float = 0.3  # ems: the narrowest white channel between two columns
    cell_line_share: float = 0.6  # share of the page's text width: a one-piece line wider than this is prose
    grid_min_lines: int = 3  # lines with text in two or more columns, at least
    label_column_gap: float = 1.6  # ems between a first column's widest text and the second (a column of labels)
    grid_row_gap: float = 3.2  # line heights: a wider vertical gap ends the table
    grid_band_gap: float = 2.0  # line pitches: a wider gap between a table's lines is a white band between rows
    cell_char_width: float = 0.5  # ems: the average character's width, to judge whether a word had room in a cell
    page_column_min_lines: int = 6  # lines with text in each half of a page set in two columns, at least
    page_column_balance: float = 0.7  # two halves this alike in width (narrower / wider) may be page columns…
    page_column_full_share: float = 0.5  # …when this share of each half's lines runs to the half's right edge…
    page_column_slack: float = 0.1  # …within this share of the half's width (ragged-right text)
    page_column_parted_share: float = 0.1  # share of a half's lines that may hold more than one text (a bold phrase)
    page_column_aligned_share: float = 0.8  # share of a half's lines starting at its three commonest places

    # --- ruled tables -------------------------------------------------------------------
    rule_thickness: float = 2.0  # points: a rule at most this thick is a border line, not a fill
    rule_snap: float = 2.5  # points: rule positions closer than this are one border
    table_min_borders: int = 3  # column borders of a ruled table, at least (two columns)

    # --- links --------------------------------------------------------------------------
    link_overlap: float = 0.5  # share of a word's width that must lie inside a link's rectangle

    # --- tag tree (whether to follow it) ----------------------------------------------
    tags_min_coverage: float = 0.85  # share of the visible body text that must sit in the tree
    tags_max_unit_share: float = 0.25  # share of a document's text no single unit may hold…
    tags_min_unit_pages: int = 3  # …once the document has this many pages
    tags_min_units_per_page: float = 1.5  # units per page: a tree with fewer lumps paragraphs together

    # --- furniture (running heads, feet, page numbers) -------------------------------
    furniture_band: float = 0.14  # share of the page height, at top and bottom, where headers and footers live
    furniture_band_lines: int = 8  # lines from each edge that may be furniture (legislation.gov.uk prints seven)
    furniture_set_apart: float = 2.0  # line heights: an edge line this far from the text is in the page margin
    furniture_repeat_share: float = 0.3  # share of pages (and at least two) a repeated line is furniture on…
    furniture_repeat_run: int = 3  # …or this many consecutive pages (a running head that names the chapter)
    furniture_part_chars: int = 12  # characters: a part of a running head this long cannot be a chance match

    # --- printed page labels -----------------------------------------------------------
    label_agreement: float = 0.8  # share of printed numbers /PageLabels must match to be trusted

    # --- contents pages -----------------------------------------------------------------
    contents_front_share: float = 0.25  # share of the pages: contents pages sit in the first quarter…
    contents_front_pages: int = 12  # …or in the first dozen pages of a short document
    contents_entry_share: float = 0.6  # share of a page's lines that must read as entries
    contents_min_entries: int = 4  # entries of a contents page (or list) without a title, at least
    contents_rising_share: float = 0.8  # share of consecutive entries whose page numbers do not go down
    inline_contents_min_entries: int = 4  # entries of a contents list inside the body, at least
    contents_entry_chars: int = 300  # characters: an entry, or two glued over a page break, is no longer
    linked_entry_share: float = 0.8  # share of a page-number-less contents list's items that must name later headings

    # --- covers and licence pages ------------------------------------------------------
    colophon_markers: int = 2  # different colophon phrases a back cover or licence page prints, at least
    back_cover_pages: int = 2  # the back cover is among this many last pages
    licence_front_pages: int = 4  # a licence page of its own stands among this many first pages…
    licence_page_lines: int = 15  # …and holds at most this many lines: the notice only
    same_baseline: float = 0.3  # ems: lines whose baselines differ by less are one printed line

    # --- blocks (paragraphs, headings, lists, footnotes) -------------------------------
    heading_size_ratio: float = 1.12  # times the body size: a line at least this large is a heading
    heading_chars: int = 200  # characters: a heading is no longer
    heading_lines: int = 4  # lines: a heading is shorter than this
    pitch_min_share: float = 0.05  # share of line pairs: a gap seen at least this often can be the line pitch
    paragraph_gap: float = 1.22  # line pitches: a wider baseline gap starts a new paragraph
    footnote_size_ratio: float = 0.9  # times the body size: footnote text is set at most this large
    list_indent_step: float = 18.0  # points: each further indent this deep is one list level deeper (Word's 1/4 inch)
    list_indent_slack: float = 6.0  # points: an indent this much short of a step still reaches it
    page_measure_lines: int = 6  # body-size lines a page needs before its own right edge is its measure
    full_line_slack: float = 1.5  # ems: a line ending this close to the right margin ran to the margin
    wrap_char_width: float = 0.55  # ems: the average character's width (Arial, Helvetica), to judge line wraps
    wrap_caps_char_width: float = 0.68  # ems: the same for a word in capitals
    tab_gap: float = 0.45  # ems: a wider gap after a paragraph number is a tab, not a space
    footnote_max_step: int = 20  # footnote numbers: a note skips at most this many (notes in a table, say)
    sentence_words: int = 6  # words: a bold "heading" this long ending in a full stop is a sentence

    # --- bookmarks ----------------------------------------------------------------------
    bookmark_title_chars: int = 160  # characters: a longer bookmark is a paragraph, not a heading
    bookmark_prose_share: float = 0.2  # share of bookmarks that may read as prose in an outline of headings

    def cache_key(self) -> str:
        """"" for the defaults, else a digest of every value: a read with other options is another Document."""
        if self == DEFAULT_OPTIONS:
            return ""
        values = json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
        return "options-" + hashlib.sha256(values.encode()).hexdigest()[:12]


DEFAULT_OPTIONS = ReaderOptions()
