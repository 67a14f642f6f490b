"""Batch stage, the tasks: reading one PDF and comparing one pair, as pure functions of (file hashes, options).

In: a file's bytes (or its path) and SHA-256, or two read documents and a ``PairTask``
(everything a pair's reports depend on: both files' hashes and paths, page ranges,
the watchlist itself, quotations, formats). Out: a ``Document``, a
``DocumentSummary``, or a ``PairOutcome`` (the pair's index entry and its rendered
reports), or a ``Failure`` with one line saying why.

Rules:

- A task never raises for bad input: an unreadable PDF or a failed comparison is a
  ``Failure`` (or a failed entry), so one bad document never stops a batch and a
  distributed engine never retries it. A bug is reported the same way, as
  "internal error: …", on that document alone.
- A task touches no file but the PDF it reads and the read cache, and returns what
  it made; the caller writes it. So a task gives the same result in this process,
  in a worker process, or on another machine, and its result can be cached under
  ``PairTask.key`` (a digest of every input).
- The read cache (``guidediff.cache``) is the machine's own: on a Dask worker, the
  worker's; locally, the batch's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from guidediff.api import compare
from guidediff.batch.model import DocumentRef, EntryStatus, IndexEntry, LEVELS, Pairing, Topic
from guidediff.batch.pairing import DocumentSummary, summarize
from guidediff.cache import DocumentCache, reader_fingerprint
from guidediff.document import Document
from guidediff.editions import short_title
from guidediff.errors import GuidediffError
from guidediff.pdf.files import read_bytes, sha256_of
from guidediff.pdf.reader import read_pdf_bytes
from guidediff.render import REPORT
from guidediff.render.registry import RenderOptions
from guidediff.report.model import Change, Edition, Report
from guidediff.terms import Watchlist
from guidediff.version import __version__

CacheSetting = bool | str  # True: the machine's default cache; False: none; a folder: that cache


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a task could not do its work, in one line."""

    message: str


def _failure(error: BaseException) -> Failure:
    if isinstance(error, GuidediffError):
        return Failure(str(error))
    return Failure(f"internal error: {type(error).__name__}: {error} (this is a bug in guidediff)")


def _store(cache: CacheSetting) -> DocumentCache | None:
    if cache is True:
        return DocumentCache()
    if cache is False or cache == "":
        return None
    return DocumentCache(Path(cache))


def read_document(data: bytes | None, path: str, sha256: str, password: str | None = None,
                  cache: CacheSetting = True) -> Document | Failure:
    """The document of the file with this SHA-256: from the cache, else read from ``data`` (or ``path``) and cached."""
    try:
        store = _store(cache)
        cached = store.get(sha256, path) if store is not None else None
        if cached is not None:
            return cached
        if data is None:
            data = read_bytes(path)
            if sha256_of(data) != sha256:
                return Failure(f"'{path}' changed while the batch was running; run the batch again")
        document = read_pdf_bytes(data, path, password=password)
        if store is not None:
            store.put(document)
        return document
    except Exception as error:  # noqa: BLE001 - a task reports every failure as data (module docstring)
        return _failure(error)


def summarize_document(document: Document | Failure) -> DocumentSummary | Failure:
    """``pairing.summarize``, passing a failure on."""
    if isinstance(document, Failure):
        return document
    try:
        return summarize(document)
    except Exception as error:  # noqa: BLE001
        return _failure(error)


def read_summary(path: str, sha256: str, password: str | None, cache: CacheSetting) -> DocumentSummary | Failure:
    """Read (or find in the cache) one file, and summarise it: the local engine's reading task."""
    return summarize_document(read_document(None, path, sha256, password, cache))


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a pair as the task needs it."""

    path: str
    sha256: str
    citation: str | None = None  # a corpus id's citation name


@dataclass(frozen=True, slots=True)
class CompareSettings:
    """What every pair of a batch is compared and rendered with."""

    watchlist: Watchlist | None
    formats: tuple[tuple[str, str], ...]  # (format name, file extension): ("html", ".html")
    quotes: tuple[str, ...] = ()
    include_bookkeeping: bool = False

    def digest_fields(self) -> dict[str, Any]:
        """The settings as plain data for a cache key: the watchlist by its content, not its file name."""
        watchlist = None
        if self.watchlist is not None:
            content = repr((self.watchlist.name, self.watchlist.concepts, self.watchlist.description))
            watchlist = {"name": self.watchlist.name, "sha256": hashlib.sha256(content.encode("utf-8")).hexdigest()}
        return {"watchlist": watchlist, "formats": [list(item) for item in self.formats], "quotes": list(self.quotes),
                "include_bookkeeping": self.include_bookkeeping}


@dataclass(frozen=True, slots=True)
class PairTask:
    """Everything one pair's reports depend on."""

    id: str
    old: Side
    new: Side
    pairing: Pairing
    settings: CompareSettings
    name: str | None = None
    old_pages: str | None = None
    new_pages: str | None = None
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", pair_key(self))

    def report_path(self, extension: str) -> str:
        return f"reports/{self.id}{extension}"


def pair_key(task: PairTask) -> str:
    """A digest of every input of a pair's reports: both files' SHA-256 and paths, options, guidediff and its reader.

    The same key means the same reports, byte for byte; a finished pair whose key
    is unchanged is not compared again.
    """
    fields = {
        "guidediff": __version__,
        "reader": reader_fingerprint(),
        "id": task.id,
        "name": task.name,
        "old": [task.old.path, task.old.sha256, task.old.citation],
        "new": [task.new.path, task.new.sha256, task.new.citation],
        "pages": [task.old_pages, task.new_pages],
        "pairing": task.pairing.to_dict(),
        "settings": task.settings.digest_fields(),
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


@dataclass(frozen=True, slots=True)
class PairOutcome:
    """A pair's entry in the index, and its reports: (path relative to the batch folder, content)."""

    entry: IndexEntry
    files: tuple[tuple[str, str | bytes], ...] = ()


def change_level(change: Change) -> str:
    """The level a change is counted under in the index."""
    return str(change.level)


def level_counts(report: Report) -> dict[str, int]:
    counts = {level: 0 for level in LEVELS}
    for change in report.changes:
        level = change_level(change)
        counts[level] = counts.get(level, 0) + 1
    return counts


def _ref(edition: Edition) -> DocumentRef:
    return DocumentRef(edition.path, edition.name, edition.sha256, edition.title, edition.pages, edition.short,
                       edition.edition)


def entry_for(task: PairTask, report: Report) -> IndexEntry:
    """The index's line for a compared pair."""
    counts = level_counts(report)
    terms = report.terms
    return IndexEntry(
        task.id, task.name or short_title(report.new.title) or report.new.name,
        EntryStatus.CHANGED if counts.get("substantive", 0) else EntryStatus.UNCHANGED,
        _ref(report.old), _ref(report.new), task.pairing, counts,
        tuple(Topic(term.concept, term.label) for term in terms if term.status == "new"),
        tuple(Topic(term.concept, term.label) for term in terms if term.status == "gone"),
        tuple((name, task.report_path(extension)) for name, extension in task.settings.formats),
        warnings=tuple((str(warning.kind), warning.message) for warning in report.warnings),
    )


def failed_entry(task: PairTask, message: str, old: DocumentRef | None = None, new: DocumentRef | None = None) -> IndexEntry:
    """The index's line for a pair that could not be compared."""
    return IndexEntry(task.id, task.name or Path(task.new.path).stem, EntryStatus.FAILED,
                      old or DocumentRef(task.old.path, Path(task.old.path).name, task.old.sha256 or None),
                      new or DocumentRef(task.new.path, Path(task.new.path).name, task.new.sha256 or None),
                      task.pairing, error=message)


def _as_side(document: Document, side: Side) -> Document:
    if document.path != side.path:
        document = replace(document, path=side.path)
    return document.with_edition(side.citation) if side.citation else document


def compare_pair(old: Document | Failure, new: Document | Failure, task: PairTask) -> PairOutcome:
    """Compare two read documents and render the pair's reports in every format of the batch."""
    for side, document in (("old", old), ("new", new)):
        if isinstance(document, Failure):
            return PairOutcome(failed_entry(task, f"cannot read the {side} edition: {document.message}"))
    assert isinstance(old, Document) and isinstance(new, Document)
    try:
        # One file at two paths is one document to a cache or a cluster; the report names the path of its side.
        old, new = _as_side(old, task.old), _as_side(new, task.new)
        report = compare(old, new, watchlist=task.settings.watchlist, old_pages=task.old_pages,
                         new_pages=task.new_pages, quotes=task.settings.quotes, cache=False)
        options = RenderOptions(include_bookkeeping=task.settings.include_bookkeeping)
        files = tuple((task.report_path(extension), REPORT.get(name).render(report, options))
                      for name, extension in task.settings.formats)
    except Exception as error:  # noqa: BLE001 - a task reports every failure as data (module docstring)
        return PairOutcome(failed_entry(task, _failure(error).message))
    return PairOutcome(entry_for(task, report), files)


def compare_cached(task: PairTask, password: str | None, cache: CacheSetting) -> PairOutcome:
    """Load both documents (from the cache the reading phase filled) and compare them: the local engine's task."""
    old = read_document(None, task.old.path, task.old.sha256, password, cache)
    new = read_document(None, task.new.path, task.new.sha256, password, cache)
    return compare_pair(old, new, task)


def worker_identity() -> tuple[str, str]:
    """(guidediff version, reader fingerprint) of the process this runs in: a Dask worker must match the client."""
    return __version__, reader_fingerprint()
