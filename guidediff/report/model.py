"""Report stage, the model: the change report as plain data, what every renderer reads.

The shape follows the report contract (``schema: "guidediff.report/1"``) in
DESIGN.md; ``schema/report-1.schema.json`` is its JSON Schema. Field names of
the contract are fixed; fields beyond it (``id``, ``flags``, ``citation``…) are
additions, documented in the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from guidediff.align import SectionKind
from guidediff.checks import InputWarning

SCHEMA = "guidediff.report/1"


class ChangeKind(StrEnum):
    """What happened to one paragraph (a ``Change``'s kind)."""

    MODIFIED = "modified"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # to another section, maybe reworded too


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
            "bookkeeping": self.bookkeeping,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionEntry:
        return cls(data["id"], SectionKind(data["kind"]), tuple(SectionRef.from_dict(r) for r in data["old"]),
                   tuple(SectionRef.from_dict(r) for r in data["new"]), data["score"], data.get("matched_by", ""),
                   tuple(data.get("flags", ())), data.get("changes", 0), data.get("bookkeeping", 0))


@dataclass(frozen=True, slots=True)
class Side:
    """A paragraph as printed in one edition."""

    number: str | None  # the printed paragraph number, None when unnumbered
    pages: tuple[str, ...]  # printed page labels
    text: str
    block: str = "paragraph"  # paragraph | list_item | footnote | table_row
    footnote: str | None = None  # the footnote's label, for footnotes
    section: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"number": self.number, "pages": list(self.pages), "text": self.text,
                                "block": self.block, "section": list(self.section)}
        if self.footnote is not None:
            data["footnote"] = self.footnote
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Side:
        return cls(data.get("number"), tuple(data["pages"]), data["text"], data.get("block", "paragraph"),
                   data.get("footnote"), tuple(data.get("section", ())))


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
    reason: str | None = None  # why a change is not substantive
    concepts: tuple[str, ...] = ()  # watched concepts mentioned in what was added or removed
    section_id: str | None = None  # the SectionEntry this change belongs to
    citation: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "section": list(self.section),
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "diff": [[op, text] for op, text in self.diff],
            "similarity": self.similarity,
            "substantive": self.substantive,
            "concepts": list(self.concepts),
            "citation": self.citation,
        }
        if self.reason is not None:
            data["reason"] = self.reason
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
        )


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


SECTION_COUNTS = ("unchanged", "modified", "added", "removed", "moved", "renamed", "split", "merged", "renumbered")


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
    warnings: tuple[InputWarning, ...] = ()  # about the inputs (same file, unrelated, part of the whole...), shown first

    @property
    def substantive_changes(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.substantive)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "generator": {"name": "guidediff", "version": self.generator_version},
            "warnings": [warning.to_dict() for warning in self.warnings],
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "watchlist": self.watchlist,
            "options": dict(sorted(self.options.items())),
            "summary": self.summary.to_dict(),
            "sections": [entry.to_dict() for entry in self.sections],
            "changes": [change.to_dict() for change in self.changes],
            "terms": [term.to_dict() for term in self.terms],
            # Only when quotations were asked about: a report without them stays as it was.
            **({"quotes": [quote.to_dict() for quote in self.quotes]} if self.quotes else {}),
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
            tuple(InputWarning.from_dict(warning) for warning in data.get("warnings", ())),
        )
