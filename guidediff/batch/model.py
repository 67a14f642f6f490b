"""Batch stage, the model: the index of a batch as plain data, what the index renderers read.

The shape is ``schema: "guidediff.batch/1"``; ``report/schema/batch-1.schema.json``
is its JSON Schema. One ``IndexEntry`` per pair (changed or not, counts per level,
watched topics new and gone, its reports), then the documents with no partner and
the documents that could not be read. Everything is in the plan's order, never in
the order work finished, so the same inputs give the same index byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA = "guidediff.batch/1"

# The levels a change can have, in the order the index shows them. A report's
# ``summary.changes`` counts each under its name; the index keeps whatever levels the
# reports count, so a new level shows without a change here (only this order).
LEVELS = ("substantive", "minor", "bookkeeping")  # as a report counts them (textdiff.Level)


class EntryStatus(StrEnum):
    """What the index says of one pair."""

    CHANGED = "changed"  # at least one substantive change
    UNCHANGED = "unchanged"  # no substantive change (bookkeeping ones may be counted)
    FAILED = "failed"  # one side could not be read, or the comparison failed: ``error`` says why
    PENDING = "pending"  # not compared yet: the batch was interrupted


class PairedBy(StrEnum):
    """How the two documents of a pair were put together."""

    MANIFEST = "manifest"  # a series or a pair in the manifest
    GIVEN = "given"  # --pair OLD=NEW on the command line
    TITLE = "title"  # folders: the titles agree, the wording does not say so
    CONTENT = "content"  # folders: the wording agrees, the titles do not say so
    BOTH = "title and content"  # folders: both agree


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """One document as the index names it."""

    path: str  # as given (in the manifest, relative to the current folder) or found in a folder
    name: str  # how reports cite it: "Working Together 2015", else its title, else its file name
    sha256: str | None = None  # None when the file could not be read at all
    title: str | None = None
    pages: int | None = None  # pages in the file
    short: str | None = None  # "2015": the shortest name that tells it from its partner
    edition: str | None = None  # corpus id ("wt-2015")

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "name": self.name, "sha256": self.sha256, "title": self.title,
                "pages": self.pages, "short": self.short, "edition": self.edition}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentRef:
        return cls(data["path"], data["name"], data.get("sha256"), data.get("title"), data.get("pages"),
                   data.get("short"), data.get("edition"))


@dataclass(frozen=True, slots=True)
class Pairing:
    """Why these two documents are a pair: how, and for folders the two similarities (0-1)."""

    by: PairedBy
    title: float | None = None  # similarity of the titles, years and months left out
    content: float | None = None  # share of word 5-grams in common (estimated Jaccard)

    def to_dict(self) -> dict[str, Any]:
        return {"by": str(self.by), "title": self.title, "content": self.content}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pairing:
        return cls(PairedBy(data["by"]), data.get("title"), data.get("content"))


@dataclass(frozen=True, slots=True)
class Topic:
    """A watched concept, by its watchlist id and label."""

    concept: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Topic:
        return cls(data["concept"], data["label"])


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One pair: what the index says of it, and where its reports are."""

    id: str  # unique in the batch; the reports' file names: reports/<id>.html
    name: str  # the document: the manifest's name, else the new edition's title
    status: EntryStatus
    old: DocumentRef
    new: DocumentRef
    pairing: Pairing
    counts: dict[str, int] = field(default_factory=dict)  # changes per level ("substantive", "minor", "bookkeeping")
    topics_new: tuple[Topic, ...] = ()  # watched concepts in the new edition only
    topics_gone: tuple[Topic, ...] = ()  # watched concepts in the old edition only
    reports: tuple[tuple[str, str], ...] = ()  # (format, path relative to the index)
    error: str | None = None  # one line, for a failed pair
    warnings: tuple[tuple[str, str], ...] = ()  # (kind, sentence): the pair's report's warnings about its inputs

    @property
    def changed(self) -> bool:
        return self.status is EntryStatus.CHANGED

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": str(self.status),
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "pairing": self.pairing.to_dict(),
            "counts": {level: self.counts[level] for level in ordered_levels(self.counts)},
            "topics": {"new": [topic.to_dict() for topic in self.topics_new],
                       "gone": [topic.to_dict() for topic in self.topics_gone]},
            "reports": {name: path for name, path in self.reports},
            "error": self.error,
            "warnings": [{"kind": kind, "message": message} for kind, message in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndexEntry:
        return cls(
            data["id"], data["name"], EntryStatus(data["status"]), DocumentRef.from_dict(data["old"]),
            DocumentRef.from_dict(data["new"]), Pairing.from_dict(data["pairing"]), dict(data.get("counts", {})),
            tuple(Topic.from_dict(topic) for topic in data.get("topics", {}).get("new", ())),
            tuple(Topic.from_dict(topic) for topic in data.get("topics", {}).get("gone", ())),
            tuple((name, path) for name, path in data.get("reports", {}).items()), data.get("error"),
            tuple((warning["kind"], warning["message"]) for warning in data.get("warnings", ())),
        )


@dataclass(frozen=True, slots=True)
class Unpaired:
    """A document with no partner: in the old folder only (withdrawn?) or in the new one only (new?)."""

    side: str  # "old" or "new"
    document: DocumentRef
    nearest: DocumentRef | None = None  # the most similar document on the other side, when any is at all
    title: float | None = None  # its similarities to the nearest one
    content: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "document": self.document.to_dict(),
                "nearest": self.nearest.to_dict() if self.nearest else None,
                "title": self.title, "content": self.content}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Unpaired:
        return cls(data["side"], DocumentRef.from_dict(data["document"]),
                   DocumentRef.from_dict(data["nearest"]) if data.get("nearest") else None,
                   data.get("title"), data.get("content"))


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A document that could not be read, with the one-line reason."""

    side: str | None  # "old" or "new" for folders; None for a manifest (one file may be in several pairs)
    path: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "path": self.path, "error": self.error}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Unreadable:
        return cls(data.get("side"), data["path"], data["error"])


def ordered_levels(counts: dict[str, int]) -> list[str]:
    """The levels of ``counts``: the known ones in their order, then any others by name."""
    return [level for level in LEVELS if level in counts] + sorted(level for level in counts if level not in LEVELS)


@dataclass(frozen=True, slots=True)
class BatchIndex:
    """Everything a batch found, in the plan's order."""

    source: dict[str, str]  # {"manifest": path} or {"old": folder, "new": folder}
    options: dict[str, Any]  # what every pair was compared with: watchlist, formats, quotes...
    pairs: tuple[IndexEntry, ...]
    unpaired: tuple[Unpaired, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    complete: bool = True  # False when the batch was interrupted: some pairs are pending
    generator_version: str = ""

    @property
    def levels(self) -> list[str]:
        seen: dict[str, int] = {}
        for entry in self.pairs:
            for level in entry.counts:
                seen[level] = 0
        return ordered_levels(seen)

    def summary(self) -> dict[str, Any]:
        """How many pairs are in each state, changes per level over all pairs, documents left over."""
        statuses = {str(status): sum(1 for entry in self.pairs if entry.status is status) for status in EntryStatus}
        totals = {level: sum(entry.counts.get(level, 0) for entry in self.pairs) for level in self.levels}
        return {"pairs": len(self.pairs), **statuses, "counts": totals,
                "unpaired": len(self.unpaired), "unreadable": len(self.unreadable)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "generator": {"name": "guidediff", "version": self.generator_version},
            "source": dict(self.source),
            "options": dict(sorted(self.options.items())),
            "complete": self.complete,
            "summary": self.summary(),
            "pairs": [entry.to_dict() for entry in self.pairs],
            "unpaired": [document.to_dict() for document in self.unpaired],
            "unreadable": [document.to_dict() for document in self.unreadable],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchIndex:
        return cls(dict(data["source"]), dict(data.get("options", {})),
                   tuple(IndexEntry.from_dict(entry) for entry in data["pairs"]),
                   tuple(Unpaired.from_dict(item) for item in data.get("unpaired", ())),
                   tuple(Unreadable.from_dict(item) for item in data.get("unreadable", ())),
                   data.get("complete", True), data.get("generator", {}).get("version", ""))
