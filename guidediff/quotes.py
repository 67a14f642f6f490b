"""Where does it say that? A sentence found in every edition, and followed across them.

Stage "find" of the pipeline, beside "terms": loaded ``Document`` values and a
quotation in, a ``FindResult`` (plain data) out. Nothing here reads PDFs, aligns
sections or renders; ``guidediff.find`` (api.py) loads the editions and calls ``find``,
and the render stage writes the result (``guidediff.render.FIND``: text, JSON,
Markdown, HTML). A change report or a history carries a quotation as the report
model's ``QuoteEntry`` / ``QuotePlace`` (``quote_entry``, ``quote_place``).

What counts as the same words
    Matching folds away what a reader copying a sentence cannot control: letter case,
    accents, quote marks and apostrophes, dashes and hyphens, every space and line
    break (so re-flowed lines and a hyphen left or joined at a line end compare
    equal), ligatures, and footnote markers. The reader has already taken markers out
    of the text (``Block.footnote_refs``); a marker pasted into the query with the
    sentence ("early help.4 Early help means") is skipped only where the edition has
    a footnote marker at that place, so a real number in the query still has to
    match. Other punctuation and every word and number count. A query shortened with
    an ellipsis ("…", "...", "[…]") matches its parts in order, with up to
    ``FindOptions.max_gap`` characters between them.

Exact and close
    *Exact* places hold the query word for word (as folded above). *Close* places are
    found with rapidfuzz: the query is aligned inside runs of consecutive sentences
    (``fuzz.partial_ratio_alignment``, sentences long enough together to hold it), the
    aligned text is widened to whole words to the span most like the query
    (``fuzz.ratio``), and kept when that similarity reaches ``score_cutoff``. A close
    place carries its score (0-1) and a whole-word redline from the query to the
    printed words (``textdiff.diff_words``). Exact places come first, then close places
    best first; a close place never overlaps an exact one or a better close one.

Where a place is cited
    Printed pages (``Document.labels``, every page the words run over), the paragraph
    number (a bullet is cited under the numbered paragraph it follows in its section),
    the footnote and the paragraph it belongs to, and the section path of the tree
    (``structure.build_tree``). Blocks on contents pages are not searched; a match may
    run from one block into the next (a flowchart box read as two lines), never into
    or out of a footnote.

Across editions (given oldest first)
    Each edition's wording is its best place (exact, else the best close one). An
    edition is ``present`` (the first one searched), ``first appears`` (found, and not
    in the edition before), ``kept`` (the same words as the edition before),
    ``reworded`` (other words: a redline from the previous wording), ``gone`` (not
    found, found before) or ``absent``. ``FindResult.first_exact`` is the first
    edition that has the words exactly.

Everything is a frozen, slotted dataclass with ``to_dict``, in reading and edition
order, so the same inputs give byte-identical JSON (``schema: "guidediff.find/1"``,
``report/schema/find-1.schema.json``, written by ``render/find_json.py``).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from guidediff import serial
from guidediff.document import Block, BlockKind, Document
from guidediff.editions import Source, describe, distinguish_pair, distinguish_series, page_range
from guidediff.errors import InputError
from guidediff.report.build import report_edition
from guidediff.report.model import Edition, QuoteEntry, QuoteFate, QuotePlace
from guidediff.structure import Section, build_tree
from guidediff.textdiff import diff_words, normalise, printed_diff
from guidediff.version import __version__

__all__ = [
    "EditionFinding",
    "FindOptions",
    "FindResult",
    "Place",
    "PlaceKind",
    "DEFAULT_OPTIONS",
    "SCHEMA",
    "Status",
    "find",
    "find_all",
    "name_editions",
    "quote_entry",
    "quote_place",
    "read_quotations",
]

SCHEMA = "guidediff.find/1"


class Status(StrEnum):
    """What an edition does with the quotation, relative to the edition before it (``EditionFinding.status``)."""

    PRESENT = "present"  # found in the first edition searched (nothing older to compare with)
    FIRST_APPEARS = "first appears"
    KEPT = "kept"
    REWORDED = "reworded"
    GONE = "gone"
    ABSENT = "absent"


class PlaceKind(StrEnum):
    """How a place holds the quotation (``Place.kind``)."""

    EXACT = "exact"  # word for word, as folded (see the module's docstring)
    CLOSE = "close"  # similar words, with a score and a redline


@dataclass(frozen=True, slots=True)
class FindOptions(serial.Record):
    """How closely a passage must follow the query. Similarities are on a 0-1 scale."""

    exact_only: bool = False  # report exact places only (``--exact``)
    score_cutoff: float = 0.80  # least similarity (fuzz.ratio / 100) of a close place to the query
    min_close_words: int = 6  # shorter queries are matched exactly only: a few words resemble too much
    max_gap: int = 400  # characters (folded) an ellipsis in the query may stand for
    # words either side of rapidfuzz's alignment tried when widening it to whole words (not in the JSON)
    widen_words: int = serial.field(default=6, dump=False)


DEFAULT_OPTIONS = FindOptions()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Place:
    """One place where the quotation (or words close to it) is printed."""

    kind: PlaceKind
    score: float  # 1.0 for exact places; fuzz.ratio / 100 of the query and ``text`` for close ones
    pages: tuple[str, ...]  # printed page labels the words run over
    number: str | None  # paragraph number printed beside it (for a bullet: the paragraph it follows)
    block: str  # paragraph | list_item | heading | footnote | table_row
    section: tuple[str, ...]
    text: str  # the matched words as printed (clean text)
    context: str  # the whole sentence(s) around them
    footnote: str | None = None  # the footnote's label, when the words are in a footnote
    footnote_to: str | None = None  # the paragraph number the footnote belongs to, when known
    footnotes: tuple[str, ...] = ()  # labels of the footnote markers inside the matched words
    diff: tuple[tuple[str, str], ...] = ()  # query -> text, whole words (close places only)

    @property
    def around(self) -> tuple[str, str, str]:
        """(before, the matched words, after) within ``context``, the sentence(s) they stand in."""
        position = self.context.find(self.text)
        if position < 0:
            return "", self.text, ""
        return self.context[:position], self.text, self.context[position + len(self.text):]

    @property
    def citation(self) -> str:
        """"p. 14, para 28", "pp. 29–30", "p. 14, footnote 1 (para 29)"."""
        where = page_range(self.pages)
        if self.footnote is not None:
            where += f", footnote {self.footnote}" + (f" (para {self.footnote_to})" if self.footnote_to else "")
        elif self.number:
            where += f", para {self.number}" + (" (bullet)" if self.block == BlockKind.LIST_ITEM.value else "")
        return where

    # Written by hand (not ``serial``): ``footnote_to`` goes with ``footnote``, written (null
    # or not) whenever the place is in a footnote, and left out with it otherwise.
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind, "score": self.score, "pages": list(self.pages), "number": self.number,
            "block": self.block, "section": list(self.section), "citation": self.citation,
            "text": self.text, "context": self.context, "footnotes": list(self.footnotes),
            "diff": [[op, text] for op, text in self.diff],
        }
        if self.footnote is not None:
            data["footnote"] = self.footnote
            data["footnote_to"] = self.footnote_to
        return data


@serial.layout("index", "edition", "status", "match", "previous", "diff", "places")
@dataclass(frozen=True, slots=True)
class EditionFinding(serial.Record):
    """The quotation in one edition: its places, and what this edition did with it."""

    index: int
    edition: Edition
    places: tuple[Place, ...]  # exact places in reading order, then close places best first
    status: Status
    previous: int | None = None  # the edition whose wording ``diff`` starts from
    diff: tuple[tuple[str, str], ...] = ()  # previous wording -> this wording, when reworded

    @property
    def exact(self) -> tuple[Place, ...]:
        return tuple(place for place in self.places if place.kind is PlaceKind.EXACT)

    @property
    def close(self) -> tuple[Place, ...]:
        return tuple(place for place in self.places if place.kind is PlaceKind.CLOSE)

    @property
    def best(self) -> Place | None:
        """The place that stands for this edition's wording: the first exact one, else the closest."""
        return self.places[0] if self.places else None

    @property
    def found(self) -> bool:
        return bool(self.places)

    @property
    def match(self) -> PlaceKind | None:
        """The kind of the best place (``best``), None when not found."""
        return None if not self.places else self.places[0].kind


def _summary(result: FindResult) -> dict[str, Any]:
    return {
        "first_exact": result.first_exact,
        "first_found": result.first_found,
        "exact": sum(len(finding.exact) for finding in result.editions),
        "close": sum(len(finding.close) for finding in result.editions),
        "statuses": [finding.status.value for finding in result.editions],
    }


# Written only (nothing reads a FindResult back): the query and the summary are objects of their own.
@serial.layout(serial.computed("schema", lambda result: SCHEMA), "generator_version",
               serial.computed("query", lambda result: {"text": result.query, "parts": list(result.parts)}), "options",
               serial.computed("summary", _summary), "notes", "editions")
@dataclass(frozen=True, slots=True)
class FindResult(serial.Record):
    """Every place a quotation is printed in each edition, and how it fared from one to the next."""

    query: str = serial.field(dump=False)
    parts: tuple[str, ...] = serial.field(dump=False)  # the query split at its ellipses
    editions: tuple[EditionFinding, ...]
    options: FindOptions = DEFAULT_OPTIONS
    notes: tuple[str, ...] = ()
    generator_version: str = serial.generator_field()

    @property
    def first_exact(self) -> int | None:
        """The first edition (index) that prints the quotation word for word."""
        return next((finding.index for finding in self.editions if finding.exact), None)

    @property
    def first_found(self) -> int | None:
        return next((finding.index for finding in self.editions if finding.found), None)

    def with_status(self, status: Status) -> tuple[EditionFinding, ...]:
        return tuple(finding for finding in self.editions if finding.status == status)


# --------------------------------------------------------------------------- folding

# Quote marks and apostrophes, straight, curly, low, angle and prime: all ignored.
_QUOTES = frozenset("'\"`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00ab\u00bb\u2039\u203a")
# Hyphens, dashes and the minus sign: ignored, so "self-harm", "self- harm" (a hyphen left
# at a line end) and "selfharm" (one joined) are the same words, and a dash is no word.
_DASHES = frozenset("-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> tuple[str, str]:
    """(key form, loose form) of one character.

    The key keeps letters, digits and punctuation other than quotes and dashes, casefolded
    and without accents, and drops spaces. The loose form (for rapidfuzz) keeps letters and
    digits and turns everything else into a space.
    """
    if char.isspace() or char in _QUOTES or char in _DASHES:
        return "", " "
    if char in _INVISIBLE:
        return "", ""
    # A combining accent on its own folds to nothing, so a decomposed "é" stays one letter.
    decomposed = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    key = "".join(part for part in decomposed.casefold() if not part.isspace() and part not in _QUOTES
                  and part not in _DASHES)
    loose = "".join(part if part.isalnum() else " " for part in key)
    return key, loose


@dataclass(frozen=True, slots=True)
class _Folded:
    """A folded text and, for each of its characters, the offset of the raw character it came from."""

    text: str
    origins: tuple[int, ...]


# Per character (by code point): its key and loose forms, filled as characters are met;
# and the characters that fold to more than one character ("ß", "ﬁ", "…"), which need the
# slow path below.
_KEY_TABLE: dict[int, str] = {}
_LOOSE_TABLE: dict[int, str] = {}
_KNOWN: set[str] = set()
_EXPANDING: set[str] = set()


def _tables_for(text: str) -> bool:
    """Fill the tables for the characters of ``text``; True when each folds to at most one character."""
    for char in set(text) - _KNOWN:
        key, loose = _fold_char(char)
        _KEY_TABLE[ord(char)], _LOOSE_TABLE[ord(char)] = key, loose
        _KNOWN.add(char)
        if len(key) > 1 or len(loose) > 1:
            _EXPANDING.add(char)
    return _EXPANDING.isdisjoint(text)


def _fold(text: str, *, loose: bool) -> _Folded:
    """The key (``loose=False``) or loose form of ``text``, with the raw offset of each character.

    The loose form has single spaces between words and none at either end.
    """
    table = _LOOSE_TABLE if loose else _KEY_TABLE
    if _tables_for(text):
        # Every character folds to one character or none: str.translate does the work,
        # and the origins are the offsets of the characters kept (iterators run in C).
        folded = text.translate(table)
        origins = list(itertools.compress(range(len(text)), map(table.__getitem__, map(ord, text))))
    else:
        pieces = [(offset, piece) for offset, char in enumerate(text) for piece in table[ord(char)]]
        folded = "".join(piece for _, piece in pieces)
        origins = [offset for offset, _ in pieces]
    if not loose:
        return _Folded(folded, tuple(origins))
    # One space between words, none at the ends: cut the spaces at the ends and every
    # space that follows a space (a joining space keeps the offset of the first of its run).
    cuts = []
    for match in _SPACES_TO_CUT.finditer(folded):
        start, end = match.span()
        cuts.append((start, end) if start == 0 or end == len(folded) else (start + 1, end))
    if not cuts:
        return _Folded(folded, tuple(origins))
    text_pieces: list[str] = []
    origin_pieces: list[int] = []
    position = 0
    for start, end in cuts:
        text_pieces.append(folded[position:start])
        origin_pieces.extend(origins[position:start])
        position = end
    text_pieces.append(folded[position:])
    origin_pieces.extend(origins[position:])
    return _Folded("".join(text_pieces), tuple(origin_pieces))


_SPACES_TO_CUT = re.compile(r"^ +| +$| {2,}")
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\s?\.\s?\.")
_DIGITS = re.compile(r"\d+")


def _query_parts(query: str) -> tuple[str, ...]:
    """The query's parts between ellipses, each stripped; parts with no letters or digits are dropped."""
    parts = (" ".join(part.split()) for part in _ELLIPSIS.split(query))
    return tuple(part for part in parts if _fold(part, loose=True).text)


def _query_pattern(parts: Sequence[str], max_gap: int) -> tuple[re.Pattern[str], int]:
    """A regex over folded key text: the parts in order, each digit run optional (a pasted footnote marker).

    Digit run k is ``()(digits)?``: group 2k-1 is empty and always matches, so it records
    where the run stands even when the text lacks it (group 2k). Returns the pattern and
    the number of digit runs.
    """
    pieces: list[str] = []
    runs = 0
    for index, part in enumerate(parts):
        if index:
            pieces.append(f".{{0,{max_gap}}}?")
        key = _fold(part, loose=False).text
        position = 0
        for match in _DIGITS.finditer(key):
            pieces.append(re.escape(key[position:match.start()]))
            pieces.append(f"()({match.group()})?")
            runs += 1
            position = match.end()
        pieces.append(re.escape(key[position:]))
    return re.compile("".join(pieces), re.DOTALL), runs


# --------------------------------------------------------------------------- one edition


@dataclass(frozen=True, slots=True)
class _Segment:
    """Blocks searched as one run of text: the body in reading order, or one footnote."""

    blocks: tuple[Block, ...]
    key: str  # the blocks' key forms, joined with nothing (a match may run on into the next block)
    starts: tuple[int, ...]  # where each block's key begins in ``key``
    offsets: tuple[int, ...]  # per key character, its raw offset in its block's text

    def origin(self, position: int) -> tuple[int, int]:
        """(block position, raw offset) of key character ``position``."""
        return bisect.bisect_right(self.starts, position) - 1, self.offsets[position]


def _segment(blocks: Sequence[Block]) -> _Segment:
    key: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    length = 0
    for block in blocks:
        folded = _fold(block.text, loose=False)
        starts.append(length)
        key.append(folded.text)
        offsets.extend(folded.origins)
        length += len(folded.text)
    return _Segment(tuple(blocks), "".join(key), tuple(starts), tuple(offsets))


_SENTENCE_END = re.compile(r"[.!?](?:[\"'\u2019\u201d)\]]*)(?=\s)")


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) raw offsets of the sentences of one block's text."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return [(begin, end) for begin, end in spans if text[begin:end].strip()]


class _Edition:
    """One document prepared for searching: its segments, sentences and where each block sits."""

    def __init__(self, document: Document, tree: Section | None = None) -> None:
        self.document = document
        body = [block for block in document.blocks
                if block.kind is not BlockKind.FOOTNOTE and not document.pages[block.pages[0]].is_contents]
        notes = [block for block in document.blocks
                 if block.kind is BlockKind.FOOTNOTE and not document.pages[block.pages[0]].is_contents]
        self.segments = [_segment(body)] + [_segment([note]) for note in notes]
        self._sentences: dict[int, list[_Sentence]] = {}
        self._words: dict[int, list[frozenset[str]]] = {}
        self.section_of: dict[int, tuple[str, ...]] = {}
        self.paragraph_of: dict[int, str | None] = {}
        self._index_tree(tree if tree is not None else build_tree(document))
        # The paragraph that carries each footnote's marker: "footnote 1 (para 29)".
        self.marker_paragraph: dict[str, str | None] = {}
        for block in body:
            for ref in block.footnote_refs:
                self.marker_paragraph.setdefault(ref.label, self.paragraph_of.get(block.seq))

    def sentences(self, segment: int) -> list[_Sentence]:
        """The segment's sentences in loose form (made once, for every query searched)."""
        if segment not in self._sentences:
            self._sentences[segment] = _sentence_list(self.segments[segment])
        return self._sentences[segment]

    def words(self, segment: int, sentence: int) -> frozenset[str]:
        """The distinct words (loose form) of one sentence of a segment."""
        if segment not in self._words:
            self._words[segment] = [frozenset(item.loose.text.split()) for item in self.sentences(segment)]
        return self._words[segment][sentence]

    def _index_tree(self, root: Section) -> None:
        for section in root.walk():
            current: str | None = None
            if section.heading_block is not None:
                self.section_of[section.heading_block.seq] = section.path
            for block in section.blocks:
                self.section_of[block.seq] = section.path
                if block.kind is BlockKind.PARAGRAPH:
                    current = block.number  # an unnumbered paragraph starts bullets of its own
                    self.paragraph_of[block.seq] = block.number
                elif block.kind is BlockKind.LIST_ITEM:
                    self.paragraph_of[block.seq] = current  # a bullet is cited under the paragraph it follows
                else:
                    self.paragraph_of[block.seq] = block.number if block.kind is BlockKind.FOOTNOTE else None


@dataclass(frozen=True, slots=True)
class _Span:
    """Matched words: from (block position, raw offset) to (block position, raw end offset) in a segment."""

    segment: int
    start: tuple[int, int]
    end: tuple[int, int]

    def overlaps(self, other: _Span) -> bool:
        return self.segment == other.segment and self.start < other.end and other.start < self.end


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _exact_spans(edition: _Edition, pattern: re.Pattern[str], runs: int) -> list[_Span]:
    spans = []
    for number, segment in enumerate(edition.segments):
        position = 0
        # Not finditer: a candidate that fails a check must not hide one starting inside it.
        while (match := pattern.search(segment.key, position)) is not None:
            position = match.start() + 1
            if match.end() == match.start():
                continue
            start = segment.origin(match.start())
            last = segment.origin(match.end() - 1)
            end = (last[0], last[1] + 1)
            if not _on_word_boundaries(segment, start, end):
                continue
            skipped = [match.start(2 * run - 1) for run in range(1, runs + 1) if match.group(2 * run) is None]
            if all(_marker_at(segment, skip) for skip in skipped):
                spans.append(_Span(number, start, end))
                position = match.end()
    return spans


def _on_word_boundaries(segment: _Segment, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """The match neither starts nor ends inside a word of the printed text."""
    first, last = segment.blocks[start[0]].text, segment.blocks[end[0]].text
    before = first[start[1] - 1] if start[1] > 0 else " "
    after = last[end[1]] if end[1] < len(last) else " "
    return not (_is_word_char(before) and _is_word_char(first[start[1]])) and not (
        _is_word_char(after) and _is_word_char(last[end[1] - 1]))


def _marker_at(segment: _Segment, position: int) -> bool:
    """A digit run of the query that the text lacks (at key ``position``) stands where the text has a footnote marker."""
    # The text goes straight on from the key character before ``position`` to the one at
    # it. The marker must sit between those two (a marker after a full stop is recorded
    # just after the word, before the stop), in either's block.
    before = segment.origin(position - 1) if position > 0 else None
    after = segment.origin(position) if position < len(segment.key) else None
    for origin in (before, after):
        if origin is None:
            continue
        block = segment.blocks[origin[0]]
        low = before[1] - 1 if before is not None and before[0] == origin[0] else 0
        high = after[1] if after is not None and after[0] == origin[0] else len(block.text)
        if any(low <= ref.offset <= high for ref in block.footnote_refs):
            return True
    return False


# --- close places ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence of a block, in loose form, with the raw offset of each character."""

    block: int  # position in the segment
    loose: _Folded


def _sentence_list(segment: _Segment) -> list[_Sentence]:
    sentences = []
    for position, block in enumerate(segment.blocks):
        folded = _fold(block.text, loose=True)
        for start, end in _sentences(block.text):
            # The sentence's characters in the block's loose form (folding is per character).
            first = bisect.bisect_left(folded.origins, start)
            last = bisect.bisect_left(folded.origins, end)
            text = folded.text[first:last].strip()
            if text:
                lead = len(folded.text[first:last]) - len(folded.text[first:last].lstrip())
                sentences.append(_Sentence(position, _Folded(text, folded.origins[first + lead:first + lead + len(text)])))
    return sentences


@dataclass(frozen=True, slots=True)
class _Window:
    """Sentences ``first`` to ``last`` of a segment, joined by single spaces (loose form)."""

    segment: int
    first: int
    last: int
    text: str


def _windows(segment: int, sentences: Sequence[_Sentence], length: int) -> list[_Window]:
    """From each sentence, it and the sentences after it until together they are at least ``length`` long."""
    windows = []
    for first in range(len(sentences)):
        total = -1
        last = first
        while last < len(sentences):
            total += len(sentences[last].loose.text) + 1
            if total >= length:
                break
            last += 1
        last = min(last, len(sentences) - 1)
        text = " ".join(sentence.loose.text for sentence in sentences[first:last + 1])
        windows.append(_Window(segment, first, last, text))
    return windows


def _window_origin(window: _Window, sentences: Sequence[_Sentence], offset: int) -> tuple[int, int]:
    """(block position, raw offset) of character ``offset`` of the window's text."""
    for sentence in sentences[window.first:window.last + 1]:
        length = len(sentence.loose.text)
        if offset < length:
            return sentence.block, sentence.loose.origins[offset]
        offset -= length + 1
        if offset < 0:  # the joining space: stands for the end of this sentence
            return sentence.block, sentence.loose.origins[-1]
    last = sentences[window.last]
    return last.block, last.loose.origins[-1]


def _word_edges(text: str) -> tuple[list[int], list[int]]:
    starts = [match.start() for match in re.finditer(r"\S+", text)]
    ends = [match.end() for match in re.finditer(r"\S+", text)]
    return starts, ends


def _widen(query: str, window: _Window, start: int, end: int, words: int) -> tuple[float, int, int]:
    """The whole-word span near [start, end) of the window most like the query: (fuzz.ratio, start, end)."""
    starts, ends = _word_edges(window.text)
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = min(bisect.bisect_left(ends, end), len(ends) - 1)
    # Best score; ties go to the shorter span, then the earlier one, so the choice never
    # depends on the order of the search.
    best_key: tuple[float, int, int] = (-1.0, 0, 0)
    best = (0.0, 0, 0)
    for begin in range(max(0, first - words), min(len(starts), first + words + 1)):
        for stop in range(max(0, last - words), min(len(ends), last + words + 1)):
            if ends[stop] <= starts[begin]:
                continue
            score = fuzz.ratio(query, window.text[starts[begin]:ends[stop]])
            key = (score, -(ends[stop] - starts[begin]), -starts[begin])
            if key > best_key:
                best_key, best = key, (score, starts[begin], ends[stop])
    return best


PREFILTER_SHARE = 0.5  # a window must hold at least this share of the query's distinct words


def _close_spans(edition: _Edition, query: str, options: FindOptions,
                 taken: list[_Span]) -> list[tuple[float, _Span]]:
    cutoff = options.score_cutoff * 100
    # fuzz.partial_ratio compares the query with text of its own length, so a passage that
    # only inserts words scores lower there than in the final fuzz.ratio: an insertion that
    # brings the ratio down to r brings the partial ratio down to about 3 - 2/r.
    rough_cutoff = max(50.0, 100 * (3 - 2 / options.score_cutoff))
    query_words = frozenset(query.split())
    found: list[tuple[float, _Span]] = []
    for number, segment in enumerate(edition.segments):
        sentences = edition.sentences(number)
        windows = _windows(number, sentences, len(query))
        if not windows:
            continue
        # Windows without most of the query's words cannot come close (fuzz.partial_ratio is
        # the costly part: each window costs about its length times the query's).
        hits = [len(query_words & edition.words(number, index)) for index in range(len(sentences))]
        candidates = [window for window in windows
                      if sum(hits[window.first:window.last + 1]) >= PREFILTER_SHARE * len(query_words)]
        # A quick pass over those, then the alignment only for the ones that can pass.
        rough = process.extract(query, [window.text for window in candidates], scorer=fuzz.partial_ratio,
                                score_cutoff=rough_cutoff, limit=None)
        for _, _, position in sorted(rough, key=lambda item: item[2]):
            window = candidates[position]
            alignment = fuzz.partial_ratio_alignment(query, window.text)
            if alignment is None:
                continue
            score, start, end = _widen(query, window, alignment.dest_start, alignment.dest_end, options.widen_words)
            if score < cutoff:
                continue
            first = _window_origin(window, sentences, start)
            last = _window_origin(window, sentences, end - 1)
            span = _Span(number, first, (last[0], last[1] + 1))
            found.append(_snap_to_sentences(segment, query, span, score, cutoff))
    # Best first (ties: reading order); a span overlapping a better or an exact one goes.
    found.sort(key=lambda item: (-item[0], item[1].segment, item[1].start, item[1].end))
    kept: list[tuple[float, _Span]] = []
    for score, span in found:
        if any(span.overlaps(other) for other in taken) or any(span.overlaps(other) for _, other in kept):
            continue
        kept.append((score, span))
    return kept


SNAP_WORDS = 3  # a close place is widened to its sentence's edge when that is at most this many words away


def _snap_to_sentences(segment: _Segment, query: str, span: _Span, score: float,
                       cutoff: float) -> tuple[float, _Span]:
    """Widen a close place to whole sentences when it nearly is one, so a redline reads "[-Annex B-]{+The annex+}".

    An edge moves only when its sentence's edge is at most ``SNAP_WORDS`` words away (a
    quoted fragment stays a fragment), and only while the place stays above the cutoff:
    both edges, else the end, else the start. Returns the score of the text then cited.
    """
    first_text = segment.blocks[span.start[0]].text
    last_text = segment.blocks[span.end[0]].text
    begin = max((start for start, _ in _sentences(first_text) if start <= span.start[1]), default=span.start[1])
    stop = min((end for _, end in _sentences(last_text) if end >= span.end[1]), default=span.end[1])
    start = (span.start[0], begin) if len(first_text[begin:span.start[1]].split()) <= SNAP_WORDS else span.start
    end = (span.end[0], stop) if len(last_text[span.end[1]:stop].split()) <= SNAP_WORDS else span.end
    for candidate in (_Span(span.segment, start, end), _Span(span.segment, span.start, end),
                      _Span(span.segment, start, span.end)):
        if candidate == span:
            continue
        candidate_score = fuzz.ratio(query, _fold(_span_text(segment, candidate), loose=True).text)
        if candidate_score >= cutoff:
            return candidate_score, candidate
    return score, span


# --- places -----------------------------------------------------------------------------


def _span_text(segment: _Segment, span: _Span) -> str:
    pieces = []
    for position in range(span.start[0], span.end[0] + 1):
        text = segment.blocks[position].text
        begin = span.start[1] if position == span.start[0] else 0
        stop = span.end[1] if position == span.end[0] else len(text)
        pieces.append(text[begin:stop].strip())
    return " ".join(piece for piece in pieces if piece)


def _context(segment: _Segment, span: _Span) -> str:
    """The matched words with the rest of the sentences they stand in."""
    first_text = segment.blocks[span.start[0]].text
    last_text = segment.blocks[span.end[0]].text
    begin = max((start for start, _ in _sentences(first_text) if start <= span.start[1]), default=0)
    stop = min((end for _, end in _sentences(last_text) if end >= span.end[1]), default=len(last_text))
    return _span_text(segment, _Span(span.segment, (span.start[0], begin), (span.end[0], stop)))


def _place(edition: _Edition, span: _Span, kind: PlaceKind, score: float, query: str) -> Place:
    document = edition.document
    segment = edition.segments[span.segment]
    first = segment.blocks[span.start[0]]
    indices: list[int] = []
    markers: list[str] = []
    for position in range(span.start[0], span.end[0] + 1):
        block = segment.blocks[position]
        begin = span.start[1] if position == span.start[0] else 0
        stop = span.end[1] if position == span.end[0] else len(block.text)
        for index in (block.page_at(begin), block.page_at(max(begin, stop - 1))):
            if index not in indices:
                indices.append(index)
        markers += [ref.label for ref in block.footnote_refs if begin < ref.offset <= stop]
    text = _span_text(segment, span)
    is_footnote = first.kind is BlockKind.FOOTNOTE
    diff = _edges_as_printed(printed_diff(diff_words(normalise(query), normalise(text)), query, text)) \
        if kind is PlaceKind.CLOSE else ()
    return Place(
        kind=kind,
        score=round(score, 4),
        pages=document.labels(tuple(sorted(indices))),
        number=None if is_footnote else edition.paragraph_of.get(first.seq),
        block=first.kind.value,
        section=edition.section_of.get(first.seq, ()),
        text=text,
        context=_context(segment, span),
        footnote=first.number if is_footnote else None,
        footnote_to=edition.marker_paragraph.get(first.number or "") if is_footnote else None,
        footnotes=tuple(markers),
        diff=diff,
    )


def _edges_as_printed(diff: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The redline with punctuation that the place adds at either end shown as printed, not inserted.

    A close place ends where its sentence or clause does ("… outbuildings and vehicles;",
    a bullet's semicolon), and a quotation is rarely typed with that stop: the stop is not a
    difference between the quotation and the guidance.
    """
    edited = list(diff)
    for position in (0, len(edited) - 1):
        if 0 <= position < len(edited):
            op, text = edited[position]
            if op == "+" and text.strip() and not any(char.isalnum() for char in text):
                edited[position] = ("=", text)
    return tuple(edited)


def _reading_order(edition: _Edition, span: _Span) -> tuple[int, int, int]:
    """Page, then position on it (a footnote after the body text of its page)."""
    block = edition.segments[span.segment].blocks[span.start[0]]
    return (block.page_at(span.start[1]), block.kind is BlockKind.FOOTNOTE, block.seq * 1_000_000 + span.start[1])


def _search(edition: _Edition, parts: tuple[str, ...], options: FindOptions) -> tuple[Place, ...]:
    pattern, runs = _query_pattern(parts, options.max_gap)
    exact = sorted(_exact_spans(edition, pattern, runs), key=lambda span: _reading_order(edition, span))
    places = [_place(edition, span, PlaceKind.EXACT, 1.0, " … ".join(parts)) for span in exact]
    loose = _fold(" ".join(parts), loose=True).text
    if not options.exact_only and len(loose.split()) >= options.min_close_words:
        for score, span in _close_spans(edition, loose, options, exact):
            # 1.0 means word for word; a close place that differs only in punctuation stays below it.
            places.append(_place(edition, span, PlaceKind.CLOSE, min(score / 100, 0.9999), " … ".join(parts)))
    return tuple(places)


# --------------------------------------------------------------------------- across editions


def _wording_key(place: Place | None) -> str | None:
    return None if place is None else _fold(place.text, loose=False).text


def _statuses(places: Sequence[tuple[Place, ...]]) -> list[tuple[Status, int | None, tuple[tuple[str, str], ...]]]:
    out: list[tuple[Status, int | None, tuple[tuple[str, str], ...]]] = []
    for index, found in enumerate(places):
        best = found[0] if found else None
        previous_best = places[index - 1][0] if index and places[index - 1] else None
        if index == 0:
            out.append((Status.PRESENT if best else Status.ABSENT, None, ()))
        elif best is None:
            out.append((Status.GONE if previous_best else Status.ABSENT, index - 1 if previous_best else None, ()))
        elif previous_best is None:
            out.append((Status.FIRST_APPEARS, None, ()))
        elif _wording_key(best) == _wording_key(previous_best):
            out.append((Status.KEPT, index - 1, ()))
        else:
            out.append((Status.REWORDED, index - 1, printed_diff(diff_words(normalise(previous_best.text), normalise(best.text)),
                                                                   previous_best.text, best.text)))
    return out


def name_editions(documents: Sequence[Document], sources: Sequence[Source] | None = None) -> list[Edition]:
    """How each edition is cited, as compare and history cite it (the editions stage names them).

    ``sources`` are what the user gave for each document (a path or a corpus id), when
    known; a corpus edition is named by its citation either way. Two editions of one
    year are told apart by month, as in a change report; more, as in a history.
    """
    given = list(sources) if sources is not None else list(documents)
    facts = [describe(source, document) for source, document in zip(given, documents)]
    if len(facts) == 2:
        facts = list(distinguish_pair(*facts))
    else:
        facts = distinguish_series(facts)
    return [report_edition(fact) for fact in facts]


def find(
    text: str,
    editions: Sequence[Document],
    *,
    options: FindOptions = DEFAULT_OPTIONS,
    names: Sequence[Edition] | None = None,
) -> FindResult:
    """Every place ``text`` is printed in each of ``editions`` (oldest first), and its fate from one to the next.

    ``names`` says how to cite each edition (``report.model.Edition``: name, corpus id,
    model or official); by default they are named from the documents as ``compare`` does.
    Raises ``InputError`` when ``text`` has no words or no edition is given.
    """
    return find_all([text], editions, options=options, names=names)[0]


def find_all(
    texts: Sequence[str],
    editions: Sequence[Document],
    *,
    options: FindOptions = DEFAULT_OPTIONS,
    names: Sequence[Edition] | None = None,
    trees: Sequence[Section] | None = None,
) -> tuple[FindResult, ...]:
    """``find`` for several quotations at once: each edition is prepared for searching once.

    ``trees`` are the editions' section trees (``build_tree``) when the caller has them,
    so that they are not built again.
    """
    for text in texts:
        if not isinstance(text, str) or not _query_parts(text):
            raise InputError("give the words to look for: a quotation is empty or has only punctuation")
    if not editions:
        raise InputError("give at least one edition to search")
    if not all(isinstance(document, Document) for document in editions):
        raise InputError("find() searches loaded documents; load paths or corpus ids with guidediff.load_many "
                         "or call guidediff.find, which loads them")
    if not 0 < options.score_cutoff <= 1:
        raise InputError(f"the score cutoff must be between 0 and 1, not {options.score_cutoff}")
    infos = list(names) if names is not None else name_editions(editions)
    if len(infos) != len(editions):
        raise InputError("give one name for each edition")
    if trees is not None and len(trees) != len(editions):
        raise InputError("give one section tree for each edition")
    prepared: dict[int, _Edition] = {}
    for position, document in enumerate(editions):
        if id(document) not in prepared:
            prepared[id(document)] = _Edition(document, trees[position] if trees is not None else None)
    results = []
    for text in texts:
        parts = _query_parts(text)
        places = [_search(prepared[id(document)], parts, options) for document in editions]
        notes = []
        query_words = len(_fold(" ".join(parts), loose=True).text.split())
        if not options.exact_only and query_words < options.min_close_words:
            notes.append(f"only exact places were looked for: the text has fewer than {options.min_close_words} "
                         "words")
        if len(parts) > 1:
            notes.append(f"the text was matched in {len(parts)} parts, in order, where it has an ellipsis")
        findings = tuple(
            EditionFinding(index, info, found, status, previous, diff)
            for index, (info, found, (status, previous, diff)) in enumerate(zip(infos, places, _statuses(places)))
        )
        results.append(FindResult(" ".join(text.split()), parts, findings, options, tuple(notes), __version__))
    return tuple(results)


# --------------------------------------------------------------------------- in a change report

# A pair's fate, from the new edition's status against the old one.
_PAIR_FATE = {Status.KEPT: QuoteFate.KEPT, Status.REWORDED: QuoteFate.REWORDED, Status.GONE: QuoteFate.DROPPED,
              Status.FIRST_APPEARS: QuoteFate.NEW, Status.ABSENT: QuoteFate.ABSENT}


def quote_place(place: Place) -> QuotePlace:
    """A place as a change report or a history carries it: where, how close, and the words."""
    return QuotePlace(place.kind.value, place.score, place.pages, place.number, place.section, place.citation,
                      place.text)


def quote_entry(result: FindResult) -> QuoteEntry:
    """A two-edition result as the change report carries it: kept, reworded, dropped, new or absent."""
    if len(result.editions) != 2:
        raise ValueError("a change report's quotation needs exactly two editions")
    old, new = result.editions
    return QuoteEntry(result.query, _PAIR_FATE[new.status], tuple(quote_place(place) for place in old.places),
                      tuple(quote_place(place) for place in new.places), new.diff)


# --------------------------------------------------------------------------- quotation files


def read_quotations(content: str, *, source: str = "<quotations>") -> tuple[str, ...]:
    """Quotations from a text file: one per paragraph (lines separated by a blank line join).

    Lines starting with "#" are comments. A file with no quotation is an error.
    """
    quotations: list[str] = []
    current: list[str] = []
    for line in content.splitlines() + [""]:
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if stripped:
            current.append(stripped)
        elif current:
            quotations.append(" ".join(current))
            current = []
    quotations = [quotation for quotation in quotations if _query_parts(quotation)]
    if not quotations:
        raise InputError(f"{source} holds no quotation: write one per paragraph, separated by blank lines")
    return tuple(dict.fromkeys(quotations))


