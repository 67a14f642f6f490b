"""Batch stage, the model: the index of a batch as plain data, what the index renderers read.

The shape is ``schema: "guidediff.batch/1"``; ``report/schema/batch-1.schema.json``
is its JSON Schema. One ``IndexEntry`` per pair (changed or not, counts per level,
watched topics new and gone, its reports), then the documents with no partner and
the documents that could not be read. Everything is in the plan's order, never in
the order work finished, so the same inputs give the same index byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from guidediff import serial

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
class DocumentRef(serial.Record):
    """One document as the index names it."""

    path: str  # as given (in the manifest, relative to the current folder) or found in a folder
    name: str  # how reports cite it: "Working Together 2015", else its title, else its file name
    sha256: str | None = None  # None when the file could not be read at all
    title: str | None = None
    pages: int | None = None  # pages in the file
    short: str | None = None  # "2015": the shortest name that tells it from its partner
    edition: str | None = None  # corpus id ("wt-2015")


@dataclass(frozen=True, slots=True)
class Pairing(serial.Record):
    """Why these two documents are a pair: how, and for folders the two similarities (0-1)."""

    by: PairedBy
    title: float | None = None  # similarity of the titles, years and months left out
    content: float | None = None  # share of word 5-grams in common (estimated Jaccard)


@dataclass(frozen=True, slots=True)
class Topic(serial.Record):
    """A watched concept, by its watchlist id and label."""

    concept: str
    label: str


def _topics(entry: IndexEntry) -> dict[str, list[dict[str, Any]]]:
    return {"new": [topic.to_dict() for topic in entry.topics_new],
            "gone": [topic.to_dict() for topic in entry.topics_gone]}


def _topics_of(side: str) -> Callable[[dict[str, Any]], tuple[Topic, ...]]:
    return lambda topics: tuple(Topic.from_dict(topic) for topic in topics.get(side, ()))


@serial.layout("id", "name", "status", "old", "new", "pairing", "counts", serial.computed("topics", _topics), "reports",
               "error", "warnings")
@dataclass(frozen=True, slots=True)
class IndexEntry(serial.Record):
    """One pair: what the index says of it, and where its reports are."""

    id: str  # unique in the batch; the reports' file names: reports/<id>.html
    name: str  # the document: the manifest's name, else the new edition's title
    status: EntryStatus
    old: DocumentRef
    new: DocumentRef
    pairing: Pairing
    # changes per level ("substantive", "minor", "bookkeeping"), written in that order
    counts: dict[str, int] = serial.field(default_factory=dict,
                                          encode=lambda counts: {level: counts[level] for level in ordered_levels(counts)})
    # watched concepts in the new edition only, and in the old edition only: one ``topics`` object
    topics_new: tuple[Topic, ...] = serial.field(default=(), key="topics", dump=False, decode=_topics_of("new"))
    topics_gone: tuple[Topic, ...] = serial.field(default=(), key="topics", dump=False, decode=_topics_of("gone"))
    # (format, path relative to the index), written as {format: path}
    reports: tuple[tuple[str, str], ...] = serial.field(default=(), encode=dict,
                                                        decode=lambda reports: tuple(reports.items()))
    error: str | None = None  # one line, for a failed pair
    # (kind, sentence): the pair's report's warnings about its inputs, written as {"kind": ..., "message": ...}
    warnings: tuple[tuple[str, str], ...] = serial.field(
        default=(), encode=lambda warnings: [{"kind": kind, "message": message} for kind, message in warnings],
        decode=lambda warnings: tuple((warning["kind"], warning["message"]) for warning in warnings))

    @property
    def changed(self) -> bool:
        return self.status is EntryStatus.CHANGED



@dataclass(frozen=True, slots=True)
class Unpaired(serial.Record):
    """A document with no partner: in the old folder only (withdrawn?) or in the new one only (new?)."""

    side: str  # "old" or "new"
    document: DocumentRef
    nearest: DocumentRef | None = None  # the most similar document on the other side, when any is at all
    title: float | None = None  # its similarities to the nearest one
    content: float | None = None


@dataclass(frozen=True, slots=True)
class Unreadable(serial.Record):
    """A document that could not be read, with the one-line reason."""

    side: str | None  # "old" or "new" for folders; None for a manifest (one file may be in several pairs)
    path: str
    error: str


def ordered_levels(counts: dict[str, int]) -> list[str]:
    """The levels of ``counts``: the known ones in their order, then any others by name."""
    return [level for level in LEVELS if level in counts] + sorted(level for level in counts if level not in LEVELS)


@serial.layout(serial.computed("schema", lambda index: SCHEMA), "generator_version", "source", "options", "complete",
               serial.computed("summary", lambda index: index.summary()), "pairs", "unpaired", "unreadable")
@dataclass(frozen=True, slots=True)
class BatchIndex(serial.Record):
    """Everything a batch found, in the plan's order."""

    source: dict[str, str]  # {"manifest": path} or {"old": folder, "new": folder}
    # what every pair was compared with: watchlist, formats, quotes... (written by name)
    options: dict[str, Any] = serial.field(encode=lambda options: dict(sorted(options.items())))
    pairs: tuple[IndexEntry, ...]
    unpaired: tuple[Unpaired, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    complete: bool = True  # False when the batch was interrupted: some pairs are pending
    generator_version: str = serial.generator_field()

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
