"""Report stage, the model: the change report as plain data, what every renderer reads.

The shape follows the report contract (``schema: "guidediff.report/1"``) in
DESIGN.md; ``schema/report-1.schema.json`` is its JSON Schema. Field names of
the contract are fixed; fields beyond it (``id``, ``flags``, ``citation``…) are
additions, documented in the schema. The JSON is derived from the dataclasses
(``guidediff.serial``): keys in field order unless a ``serial.layout`` says otherwise,
so a field's place in its class (or its layout) is its place in the file.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from guidediff import serial
from guidediff.align import SectionKind
from guidediff.terms import TermChange
from guidediff.textdiff import Level
from guidediff.checks import InputWarning

SCHEMA = "guidediff.report/1"
# Additions since 1.0 that a 1.0 reader can ignore: each change's ``level`` and the summary's ``minor``
# count (1.1); each edition's ``reader``, and diff pieces shown as printed (1.2). ``schema`` stays
# "guidediff.report/1": every 1.0 field keeps its meaning.
SCHEMA_VERSION = "1.2"


class ChangeKind(StrEnum):
    """What happened to one paragraph (a ``Change``'s kind)."""

    MODIFIED = "modified"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # to another section, maybe reworded too
    FIGURE = "figure"  # drawn content (a figure, flowchart, picture) changed where the text did not
    SPLIT = "split"  # one paragraph now printed as several (``parts``), maybe reworded too
    MERGED = "merged"  # several paragraphs now printed as one


@serial.layout("title", "path", "sha256", "pages", "name", "short", "model", "edition", "source", "page_range", "reader")
@dataclass(frozen=True, slots=True)
class Edition(serial.Record):
    """One side of the comparison."""

    title: str
    path: str
    sha256: str
    pages: int
    name: str  # how citations name it: "KCSIE 2025", "Working Together 2015"
    short: str  # the shortest unambiguous name, usually the year: "2024"
    edition: str | None = serial.optional()  # corpus id ("wt-2015") when it came from the corpus
    source: str | None = serial.optional()  # "model edition", "official PDF" or None for a plain file
    page_range: tuple[str, str] | None = serial.optional()  # printed pages compared, when restricted
    reader: str | None = serial.optional()  # the PDF reader that read it: "pdfium" or "pypdf" (1.2)

    @property
    def model(self) -> bool:
        """A bundled model edition (a paraphrased stand-in), not the official text."""
        return self.source == "model edition"


@dataclass(frozen=True, slots=True)
class SectionRef(serial.Record):
    path: tuple[str, ...]
    heading: str
    pages: tuple[str, ...]
    label: str | None = serial.optional()


@serial.layout("id", "kind", "old", "new", "score", "matched_by", "flags", "changes", "minor", "bookkeeping", "share")
@dataclass(frozen=True, slots=True)
class SectionEntry(serial.Record):
    """A section link: matched, renamed, renumbered, moved, split, merged, added or removed."""

    id: str
    kind: SectionKind
    old: tuple[SectionRef, ...]
    new: tuple[SectionRef, ...]
    score: float
    matched_by: str
    flags: tuple[str, ...] = ()
    changes: int = 0  # substantive paragraph changes inside it
    bookkeeping: int = 0  # bookkeeping-only paragraph changes inside it
    minor: int = 0  # minor paragraph changes inside it (same words: case, punctuation, spacing)
    share: float | None = None  # the share of the old sections' text found in the new ones (None: added)


@dataclass(frozen=True, slots=True)
class PageRegion(serial.Record):
    """Where one side of a change is printed on one page.

    ``box`` is (x0, y0, x1, y1) in PDF points in the page's display space as the reader
    saw it: origin at the lower-left of the visible page, y upwards (``document.Region``).
    """

    page: str  # the printed page label ("13")
    page_index: int  # 0-based position of the page in the file (a PDF viewer's page number minus one)
    box: tuple[float, float, float, float]


@serial.layout("number", "pages", "text", "block", "section", "footnote", "regions", "anchor")
@dataclass(frozen=True, slots=True)
class Side(serial.Record):
    """A paragraph as printed in one edition."""

    number: str | None  # the printed paragraph number, None when unnumbered
    pages: tuple[str, ...]  # printed page labels
    text: str
    block: str = "paragraph"  # paragraph | list_item | footnote | table_row | heading | figure
    footnote: str | None = serial.optional()  # the footnote's label, for footnotes
    section: tuple[str, ...] = ()
    regions: tuple[PageRegion, ...] = serial.optional(())  # where it is printed, one box per page
    anchor: str | None = serial.optional()  # where it stands among numbered paragraphs: "para 135, bullet 3" (report/citations.py)


class LinkChangeKind(StrEnum):
    """What happened to a link annotation of a paragraph (a ``LinkChange``'s kind)."""

    ADDED = "added"
    REMOVED = "removed"
    REPOINTED = "re-pointed"  # the same words now link somewhere else


@dataclass(frozen=True, slots=True)
class LinkChange(serial.Record):
    """A link added, removed or pointed elsewhere: the words it covers and its old and new targets."""

    kind: LinkChangeKind
    text: str
    old: str | None  # the old target (URI), None for an added link
    new: str | None  # the new target, None for a removed link


@serial.layout("id", "kind", "section", "old", "new", "diff", "similarity", "level", "substantive", "concepts", "citation",
               "description", "reason", "parts", "links", "section_id")
@dataclass(frozen=True, slots=True)
class Change(serial.Record):
    """One changed paragraph: modified, added, removed or moved."""

    id: str
    kind: ChangeKind
    section: tuple[str, ...]
    old: Side | None
    new: Side | None
    diff: tuple[tuple[str, str], ...]
    similarity: float
    substantive: bool
    reason: str | None = serial.optional()  # why the change has its level (why a near-bookkeeping change stays substantive)
    concepts: tuple[str, ...] = ()  # watched concepts mentioned in what was added or removed
    section_id: str | None = serial.optional()  # the SectionEntry this change belongs to
    citation: str = ""
    level: Level | None = None  # None: taken from ``substantive`` (True: substantive, False: bookkeeping)
    parts: tuple[Side, ...] = serial.optional(())  # a split's new paragraphs, a merge's old ones, each as printed
    description: str = ""  # one line: what was inserted or deleted, in a few words (report/describe.py)
    links: tuple[LinkChange, ...] = serial.optional(())  # links added, removed or pointed elsewhere in this paragraph

    def __post_init__(self) -> None:
        level = self.level if self.level is not None else (Level.SUBSTANTIVE if self.substantive else Level.BOOKKEEPING)
        object.__setattr__(self, "level", Level(level))
        object.__setattr__(self, "substantive", level == Level.SUBSTANTIVE)


def _where(side: Side | None) -> dict[str, Any] | None:
    """A summary row's side: its pages and where it stands, not the whole paragraph."""
    return None if side is None else {"pages": list(side.pages), "paragraph": paragraph_words(side)}


def paragraph_words(side: Side | None) -> str | None:
    """"para 135, bullet 3", "para 40", "footnote 12": where a side stands, without its page."""
    if side is None:
        return None
    if side.anchor:
        return side.anchor
    if side.number:
        return f"para {side.number}"
    if side.footnote:
        return f"footnote {side.footnote}"
    return None


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of the summary table of substantive changes: where in each edition, and what changed."""

    change: str  # the change's id
    kind: ChangeKind
    section: tuple[str, ...]
    old: Side | None = serial.field(encode=_where)
    new: Side | None = serial.field(encode=_where)
    description: str


@dataclass(frozen=True, slots=True)
class QuotePlace(serial.Record):
    """Where a quotation is printed in one edition, as a report cites it (from ``guidediff.quotes.Place``)."""

    kind: str  # exact | close (``quotes.PlaceKind``)
    score: float  # 1.0 for exact; the close place's similarity to the quotation
    pages: tuple[str, ...]
    number: str | None
    section: tuple[str, ...]
    citation: str  # "p. 14, para 28"
    text: str  # the words as printed


class QuoteFate(StrEnum):
    """What happened to a quotation between the two editions of a report (a ``QuoteEntry``'s status)."""

    KEPT = "kept"  # the same words in both
    REWORDED = "reworded"  # other words: ``diff`` turns the old words into the new
    DROPPED = "dropped"  # found in the old edition only
    NEW = "new"  # found in the new edition only
    ABSENT = "absent"  # in neither


@dataclass(frozen=True, slots=True)
class QuoteEntry(serial.Record):
    """A quotation the reader asked about (``--quote``), in both editions.

    Places are exact ones first, then close ones best first.
    """

    text: str
    status: QuoteFate
    old: tuple[QuotePlace, ...]
    new: tuple[QuotePlace, ...]
    diff: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FigureChange:
    """Drawn content that differs between the editions where the text does not, as the images stage found it.

    The report stage places it: in the new edition's reading order just after the block
    whose ``seq`` is ``after_new`` (or, for a drawing only the old edition has, after the
    new partner of ``after_old``), in that block's section.
    """

    id: str
    old: Side | None
    new: Side | None
    similarity: float  # the share of the drawing's ink the two editions have in common
    after_old: int | None  # seq of the old block printed just before the drawing
    after_new: int | None


class PageImageMode(StrEnum):
    """Which changes get pictures of their page regions (``--page-images``)."""

    OFF = "off"  # none, and no search for changed figures
    CHANGED = "changed"  # the substantive changes, the ones a reader sees first, and changed figures
    ALL = "all"  # every change, bookkeeping too


@dataclass(frozen=True, slots=True)
class Highlight(serial.Record):
    """A mark on a page snapshot: words deleted ("-", old side), inserted ("+", new side), or drawing that differs ("~")."""

    op: str
    box: tuple[float, float, float, float]  # PDF points, display space, y upwards (as ``PageRegion.box``)


@dataclass(frozen=True, slots=True)
class Snapshot(serial.Record):
    """A picture of one side of one change: its page region with a margin, the changed words marked.

    ``data`` (the encoded image) is embedded in the HTML only; JSON carries the rest.
    """

    change: str  # the ``Change.id``
    side: str  # "old" or "new"
    region: PageRegion  # the printed region pictured
    crop: tuple[float, float, float, float]  # the area pictured (the region and a margin), points as ``region.box``
    highlights: tuple[Highlight, ...]
    width: int  # pixels
    height: int
    media_type: str  # "image/png" or "image/jpeg"
    data: bytes = serial.field(default=b"", repr=False, compare=False, dump=False)  # embedded in the HTML only
    size: int = 0  # bytes the image adds to an HTML page (its data: URI)

    def data_uri(self) -> str:
        """The image as a data: URI, for an HTML page that must need nothing from outside."""
        return f"data:{self.media_type};base64," + base64.b64encode(self.data).decode("ascii")


@dataclass(frozen=True, slots=True)
class PageImages(serial.Record):
    """The page snapshots of a report and what the size budget let in."""

    mode: PageImageMode
    budget: int  # the most, in bytes, the images may add to the HTML page (0: no limit)
    used: int  # bytes they add
    dpi: float  # the resolution they were made at (72 dpi: one pixel per point)
    snapshots: tuple[Snapshot, ...]
    left_out: tuple[str, ...] = ()  # ids of the changes whose snapshots did not fit in the budget

    def of(self, change_id: str, side: str) -> tuple[Snapshot, ...]:
        """The snapshots (one per page) of one side of one change, in page order."""
        return tuple(shot for shot in self.snapshots if shot.change == change_id and shot.side == side)


SECTION_COUNTS = ("unchanged", "modified", "added", "removed", "moved", "renamed", "split", "merged", "renumbered",
                  "promoted", "demoted", "replaced")


@dataclass(frozen=True, slots=True)
class Summary:
    sections: dict[str, int]  # the contract's counts, by section
    changes: dict[str, int]  # paragraph changes: substantive / bookkeeping and by kind

    # Written by hand (not ``serial``): the contract puts each section count at the summary's top
    # level, every one of SECTION_COUNTS, 0 when absent, beside the ``changes`` object.
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: self.sections.get(key, 0) for key in SECTION_COUNTS}
        data["changes"] = dict(self.changes)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls({key: data.get(key, 0) for key in SECTION_COUNTS}, dict(data.get("changes", {})))


@serial.layout("schema", "schema_version", "generator_version", "warnings", "old", "new", "watchlist", "options", "summary",
               "summary_table", "sections", "changes", "terms", "quotes", "page_images")
@dataclass(frozen=True, slots=True)
class Report(serial.Record):
    """Everything a reader needs to know about what changed between two editions."""

    old: Edition
    new: Edition
    summary: Summary
    sections: tuple[SectionEntry, ...]
    changes: tuple[Change, ...]
    terms: tuple[TermChange, ...]
    watchlist: str = "safeguarding"
    generator_version: str = serial.generator_field()
    options: dict[str, Any] = serial.field(default_factory=dict, encode=lambda options: dict(sorted(options.items())))
    # Only when quotations were asked about: a report without them stays as it was.
    quotes: tuple[QuoteEntry, ...] = serial.optional(())  # the quotations asked about (--quote), in the order given
    # Only when page images were asked for; the images themselves are embedded in the HTML only.
    page_images: PageImages | None = serial.optional()  # the page snapshots (--page-images)
    warnings: tuple[InputWarning, ...] = ()  # about the inputs (same file, unrelated, part of the whole...), shown first

    @property
    def schema(self) -> str:
        return SCHEMA

    @property
    def schema_version(self) -> str:
        return SCHEMA_VERSION

    @property
    def substantive_changes(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.substantive)

    @property
    def summary_table(self) -> tuple[SummaryRow, ...]:
        """The substantive changes as a briefing's table, in reading order: what every format opens with."""
        return tuple(SummaryRow(change.id, change.kind, change.section, change.old, change.new, change.description)
                     for change in self.substantive_changes)

    def changes_at(self, level: Level | str) -> tuple[Change, ...]:
        """The changes at one level (``substantive``, ``minor`` or ``bookkeeping``), in reading order."""
        return tuple(change for change in self.changes if change.level == level)
