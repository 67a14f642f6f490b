"""Report stage, the model: the change report as plain data, what every renderer reads.

The shape follows the report contract (``schema: "guidediff.report/1"``) in
DESIGN.md; ``schema/report-1.schema.json`` is its JSON Schema. Field names of
the contract are fixed; fields beyond it (``id``, ``flags``, ``citation``…) are
additions, documented in the schema.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from guidediff.align import SectionKind
from guidediff.textdiff import Level
from guidediff.checks import InputWarning

SCHEMA = "guidediff.report/1"
# Additions since 1.0 that a 1.0 reader can ignore: each change's ``level`` and the summary's ``minor``
# count (1.1). ``schema`` stays "guidediff.report/1": every 1.0 field keeps its meaning.
SCHEMA_VERSION = "1.1"


class ChangeKind(StrEnum):
    """What happened to one paragraph (a ``Change``'s kind)."""

    MODIFIED = "modified"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # to another section, maybe reworded too
    FIGURE = "figure"  # drawn content (a figure, flowchart, picture) changed where the text did not
    SPLIT = "split"  # one paragraph now printed as several (``parts``), maybe reworded too
    MERGED = "merged"  # several paragraphs now printed as one


@dataclass(frozen=True, slots=True)
class Edition:
    """One side of the comparison."""

    title: str
    path: str
    sha256: str
    pages: int
    name: str  # how citations name it: "KCSIE 2025", "Working Together 2015"
    short: str  # the shortest unambiguous name, usually the year: "2024"
    edition: str | None = None  # corpus id ("wt-2015") when it came from the corpus
    source: str | None = None  # "model edition", "official PDF" or None for a plain file
    page_range: tuple[str, str] | None = None  # printed pages compared, when restricted

    @property
    def model(self) -> bool:
        """A bundled model edition (a paraphrased stand-in), not the official text."""
        return self.source == "model edition"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "path": self.path, "sha256": self.sha256, "pages": self.pages,
                                "name": self.name, "short": self.short, "model": self.model}
        if self.edition is not None:
            data["edition"] = self.edition
        if self.source is not None:
            data["source"] = self.source
        if self.page_range is not None:
            data["page_range"] = list(self.page_range)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edition:
        page_range = data.get("page_range")
        return cls(data["title"], data["path"], data["sha256"], data["pages"], data.get("name", data["title"]),
                   data.get("short", ""), data.get("edition"), data.get("source"),
                   tuple(page_range) if page_range else None)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class SectionRef:
    path: tuple[str, ...]
    heading: str
    pages: tuple[str, ...]
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": list(self.path), "heading": self.heading, "pages": list(self.pages)}
        if self.label is not None:
            data["label"] = self.label
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionRef:
        return cls(tuple(data["path"]), data["heading"], tuple(data["pages"]), data.get("label"))


@dataclass(frozen=True, slots=True)
class SectionEntry:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "old": [ref.to_dict() for ref in self.old],
            "new": [ref.to_dict() for ref in self.new],
            "score": self.score,
            "matched_by": self.matched_by,
            "flags": list(self.flags),
            "changes": self.changes,
            "minor": self.minor,
            "bookkeeping": self.bookkeeping,
            "share": self.share,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionEntry:
        return cls(data["id"], SectionKind(data["kind"]), tuple(SectionRef.from_dict(r) for r in data["old"]),
                   tuple(SectionRef.from_dict(r) for r in data["new"]), data["score"], data.get("matched_by", ""),
                   tuple(data.get("flags", ())), data.get("changes", 0), data.get("bookkeeping", 0), data.get("minor", 0),
                   data.get("share"))


@dataclass(frozen=True, slots=True)
class PageRegion:
    """Where one side of a change is printed on one page.

    ``box`` is (x0, y0, x1, y1) in PDF points in the page's display space as the reader
    saw it: origin at the lower-left of the visible page, y upwards (``document.Region``).
    """

    page: str  # the printed page label ("13")
    page_index: int  # 0-based position of the page in the file (a PDF viewer's page number minus one)
    box: tuple[float, float, float, float]

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "page_index": self.page_index, "box": list(self.box)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageRegion:
        return cls(data["page"], data["page_index"], tuple(data["box"]))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Side:
    """A paragraph as printed in one edition."""

    number: str | None  # the printed paragraph number, None when unnumbered
    pages: tuple[str, ...]  # printed page labels
    text: str
    block: str = "paragraph"  # paragraph | list_item | footnote | table_row | heading | figure
    footnote: str | None = None  # the footnote's label, for footnotes
    section: tuple[str, ...] = ()
    regions: tuple[PageRegion, ...] = ()  # where it is printed, one box per page
    anchor: str | None = None  # where it stands among numbered paragraphs: "para 135, bullet 3" (report/citations.py)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"number": self.number, "pages": list(self.pages), "text": self.text,
                                "block": self.block, "section": list(self.section)}
        if self.footnote is not None:
            data["footnote"] = self.footnote
        if self.regions:
            data["regions"] = [region.to_dict() for region in self.regions]
        if self.anchor is not None:
            data["anchor"] = self.anchor
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Side:
        return cls(data.get("number"), tuple(data["pages"]), data["text"], data.get("block", "paragraph"),
                   data.get("footnote"), tuple(data.get("section", ())),
                   tuple(PageRegion.from_dict(region) for region in data.get("regions", ())), data.get("anchor"))


class LinkChangeKind(StrEnum):
    """What happened to a link annotation of a paragraph (a ``LinkChange``'s kind)."""

    ADDED = "added"
    REMOVED = "removed"
    REPOINTED = "re-pointed"  # the same words now link somewhere else


@dataclass(frozen=True, slots=True)
class LinkChange:
    """A link added, removed or pointed elsewhere: the words it covers and its old and new targets."""

    kind: LinkChangeKind
    text: str
    old: str | None  # the old target (URI), None for an added link
    new: str | None  # the new target, None for a removed link

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "old": self.old, "new": self.new}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkChange:
        return cls(LinkChangeKind(data["kind"]), data["text"], data.get("old"), data.get("new"))


@dataclass(frozen=True, slots=True)
class Change:
    """One changed paragraph: modified, added, removed or moved."""

    id: str
    kind: ChangeKind
    section: tuple[str, ...]
    old: Side | None
    new: Side | None
    diff: tuple[tuple[str, str], ...]
    similarity: float
    substantive: bool
    reason: str | None = None  # why the change has its level (why a near-bookkeeping change stays substantive)
    concepts: tuple[str, ...] = ()  # watched concepts mentioned in what was added or removed
    section_id: str | None = None  # the SectionEntry this change belongs to
    citation: str = ""
    level: Level | None = None  # None: taken from ``substantive`` (True: substantive, False: bookkeeping)
    parts: tuple[Side, ...] = ()  # a split's new paragraphs, a merge's old ones, each as printed
    description: str = ""  # one line: what was inserted or deleted, in a few words (report/describe.py)
    links: tuple[LinkChange, ...] = ()  # links added, removed or pointed elsewhere in this paragraph

    def __post_init__(self) -> None:
        level = self.level if self.level is not None else (Level.SUBSTANTIVE if self.substantive else Level.BOOKKEEPING)
        object.__setattr__(self, "level", Level(level))
        object.__setattr__(self, "substantive", level == Level.SUBSTANTIVE)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "section": list(self.section),
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "diff": [[op, text] for op, text in self.diff],
            "similarity": self.similarity,
            "level": self.level,
            "substantive": self.substantive,
            "concepts": list(self.concepts),
            "citation": self.citation,
            "description": self.description,
        }
        if self.reason is not None:
            data["reason"] = self.reason
        if self.parts:
            data["parts"] = [part.to_dict() for part in self.parts]
        if self.links:
            data["links"] = [link.to_dict() for link in self.links]
        if self.section_id is not None:
            data["section_id"] = self.section_id
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        return cls(
            data["id"], ChangeKind(data["kind"]), tuple(data["section"]),
            Side.from_dict(data["old"]) if data.get("old") else None,
            Side.from_dict(data["new"]) if data.get("new") else None,
            tuple((op, text) for op, text in data["diff"]), data["similarity"], data["substantive"],
            data.get("reason"), tuple(data.get("concepts", ())), data.get("section_id"), data.get("citation", ""),
            Level(data["level"]) if data.get("level") else None,
            tuple(Side.from_dict(part) for part in data.get("parts", ())), data.get("description", ""),
            tuple(LinkChange.from_dict(link) for link in data.get("links", ())),
        )


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
    old: Side | None
    new: Side | None
    description: str

    def to_dict(self) -> dict[str, Any]:
        def where(side: Side | None) -> dict[str, Any] | None:
            return None if side is None else {"pages": list(side.pages), "paragraph": paragraph_words(side)}

        return {"change": self.change, "kind": self.kind, "section": list(self.section),
                "old": where(self.old), "new": where(self.new), "description": self.description}


@dataclass(frozen=True, slots=True)
class TermEntry:
    """A watched concept in both editions."""

    concept: str
    label: str
    old_count: int
    old_pages: tuple[str, ...]
    new_count: int
    new_pages: tuple[str, ...]
    status: str  # new | gone | more | fewer | same
    new_mention_pages: tuple[str, ...] = ()  # printed pages of the new edition with mentions the old lacked

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "label": self.label,
            "old": {"count": self.old_count, "pages": list(self.old_pages)},
            "new": {"count": self.new_count, "pages": list(self.new_pages)},
            "status": self.status,
            "new_pages": list(self.new_mention_pages),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermEntry:
        return cls(data["concept"], data.get("label", data["concept"]), data["old"]["count"], tuple(data["old"]["pages"]),
                   data["new"]["count"], tuple(data["new"]["pages"]), data["status"], tuple(data.get("new_pages", ())))


@dataclass(frozen=True, slots=True)
class QuotePlace:
    """Where a quotation is printed in one edition, as a report cites it (from ``guidediff.quotes.Place``)."""

    kind: str  # exact | close (``quotes.PlaceKind``)
    score: float  # 1.0 for exact; the close place's similarity to the quotation
    pages: tuple[str, ...]
    number: str | None
    section: tuple[str, ...]
    citation: str  # "p. 14, para 28"
    text: str  # the words as printed

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "score": self.score, "pages": list(self.pages), "number": self.number,
                "section": list(self.section), "citation": self.citation, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuotePlace:
        return cls(data["kind"], data["score"], tuple(data["pages"]), data.get("number"), tuple(data.get("section", ())),
                   data.get("citation", ""), data["text"])


class QuoteFate(StrEnum):
    """What happened to a quotation between the two editions of a report (a ``QuoteEntry``'s status)."""

    KEPT = "kept"  # the same words in both
    REWORDED = "reworded"  # other words: ``diff`` turns the old words into the new
    DROPPED = "dropped"  # found in the old edition only
    NEW = "new"  # found in the new edition only
    ABSENT = "absent"  # in neither


@dataclass(frozen=True, slots=True)
class QuoteEntry:
    """A quotation the reader asked about (``--quote``), in both editions.

    Places are exact ones first, then close ones best first.
    """

    text: str
    status: QuoteFate
    old: tuple[QuotePlace, ...]
    new: tuple[QuotePlace, ...]
    diff: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "status": self.status, "old": [place.to_dict() for place in self.old],
                "new": [place.to_dict() for place in self.new], "diff": [[op, text] for op, text in self.diff]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuoteEntry:
        return cls(data["text"], QuoteFate(data["status"]), tuple(QuotePlace.from_dict(p) for p in data["old"]),
                   tuple(QuotePlace.from_dict(p) for p in data["new"]),
                   tuple((op, text) for op, text in data.get("diff", ())))


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
class Highlight:
    """A mark on a page snapshot: words deleted ("-", old side), inserted ("+", new side), or drawing that differs ("~")."""

    op: str
    box: tuple[float, float, float, float]  # PDF points, display space, y upwards (as ``PageRegion.box``)

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "box": list(self.box)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Highlight:
        return cls(data["op"], tuple(data["box"]))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Snapshot:
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
    data: bytes = field(default=b"", repr=False, compare=False)
    size: int = 0  # bytes the image adds to an HTML page (its data: URI)

    def data_uri(self) -> str:
        """The image as a data: URI, for an HTML page that must need nothing from outside."""
        return f"data:{self.media_type};base64," + base64.b64encode(self.data).decode("ascii")

    def to_dict(self) -> dict[str, Any]:
        return {"change": self.change, "side": self.side, "region": self.region.to_dict(), "crop": list(self.crop),
                "highlights": [mark.to_dict() for mark in self.highlights], "width": self.width,
                "height": self.height, "media_type": self.media_type, "size": self.size}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        return cls(data["change"], data["side"], PageRegion.from_dict(data["region"]), tuple(data["crop"]),  # type: ignore[arg-type]
                   tuple(Highlight.from_dict(mark) for mark in data.get("highlights", ())), data["width"],
                   data["height"], data["media_type"], b"", data.get("size", 0))


@dataclass(frozen=True, slots=True)
class PageImages:
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

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "budget": self.budget, "used": self.used, "dpi": self.dpi,
                "snapshots": [shot.to_dict() for shot in self.snapshots], "left_out": list(self.left_out)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageImages:
        return cls(PageImageMode(data["mode"]), data["budget"], data["used"], data["dpi"],
                   tuple(Snapshot.from_dict(shot) for shot in data.get("snapshots", ())),
                   tuple(data.get("left_out", ())))


SECTION_COUNTS = ("unchanged", "modified", "added", "removed", "moved", "renamed", "split", "merged", "renumbered",
                  "promoted", "demoted", "replaced")


@dataclass(frozen=True, slots=True)
class Summary:
    sections: dict[str, int]  # the contract's counts, by section
    changes: dict[str, int]  # paragraph changes: substantive / bookkeeping and by kind

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: self.sections.get(key, 0) for key in SECTION_COUNTS}
        data["changes"] = dict(self.changes)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls({key: data.get(key, 0) for key in SECTION_COUNTS}, dict(data.get("changes", {})))


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a reader needs to know about what changed between two editions."""

    old: Edition
    new: Edition
    summary: Summary
    sections: tuple[SectionEntry, ...]
    changes: tuple[Change, ...]
    terms: tuple[TermEntry, ...]
    watchlist: str = "safeguarding"
    generator_version: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    quotes: tuple[QuoteEntry, ...] = ()  # the quotations asked about (--quote), in the order given
    page_images: PageImages | None = None  # the page snapshots, when asked for (--page-images)
    warnings: tuple[InputWarning, ...] = ()  # about the inputs (same file, unrelated, part of the whole...), shown first

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "generator": {"name": "guidediff", "version": self.generator_version},
            "warnings": [warning.to_dict() for warning in self.warnings],
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "watchlist": self.watchlist,
            "options": dict(sorted(self.options.items())),
            "summary": self.summary.to_dict(),
            "summary_table": [row.to_dict() for row in self.summary_table],
            "sections": [entry.to_dict() for entry in self.sections],
            "changes": [change.to_dict() for change in self.changes],
            "terms": [term.to_dict() for term in self.terms],
            # Only when quotations were asked about: a report without them stays as it was.
            **({"quotes": [quote.to_dict() for quote in self.quotes]} if self.quotes else {}),
            # Only when page images were asked for; the images themselves are embedded in the HTML only.
            **({"page_images": self.page_images.to_dict()} if self.page_images is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            Edition.from_dict(data["old"]), Edition.from_dict(data["new"]), Summary.from_dict(data["summary"]),
            tuple(SectionEntry.from_dict(s) for s in data["sections"]),
            tuple(Change.from_dict(c) for c in data["changes"]),
            tuple(TermEntry.from_dict(t) for t in data["terms"]),
            data.get("watchlist", ""), data.get("generator", {}).get("version", ""), dict(data.get("options", {})),
            tuple(QuoteEntry.from_dict(quote) for quote in data.get("quotes", ())),
            PageImages.from_dict(data["page_images"]) if data.get("page_images") else None,
            tuple(InputWarning.from_dict(warning) for warning in data.get("warnings", ())),
        )
