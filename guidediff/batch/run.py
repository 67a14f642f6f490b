"""Batch stage, running: a plan → every pair's reports and the index, in one folder, resumable.

In: a ``Plan`` (``plan.read_manifest`` or ``plan.plan_folders``), the batch folder, a
``BatchOptions`` and an engine (``engines.LocalEngine`` or ``engines.DaskEngine``).
Out: the folder, holding

    index.html, index.json, index.md     the index (``model.BatchIndex``) in every format of ``BATCH_INDEX``
    reports/<pair id>.<extension>        each pair's report, one file per format asked for
    .guidediff-batch/<pair id>.json      each finished pair's stamp: its key, index entry and files' SHA-256

and a ``BatchResult``.

Rules:

- **Order of work**: the inputs are hashed; for two folders every document is read
  and summarised, then paired (``pairing``); pairs already finished are skipped; the
  documents the other pairs need are read (each file once, in parallel); then the
  pairs are compared in parallel. Results are written as they arrive.
- **A finished report is current** when its pair's stamp holds the same key
  (``tasks.pair_key``: both files' SHA-256 and paths, page ranges, the watchlist's
  content, quotations, formats, ``--all``, the guidediff version and its reader's
  fingerprint) and every file it lists is there with the SHA-256 it had when
  written. Such a pair is not compared again; anything else is (``force`` redoes all).
- **Interrupts** (Ctrl-C): work stops at once; every report already written stays,
  with its stamp; the index is written with the remaining pairs ``pending`` and
  ``complete: false``; ``BatchInterrupted`` is raised. Running the batch again
  finishes the rest.
- **Writing**: every file goes through ``guidediff.output.write``: a temporary file in its folder that then takes its
  name (``os.replace``), so a file is whole or absent, never half written, even when
  interrupted; a stamp is written only after its pair's reports. No input PDF is
  ever written to, and the folder may not be one of the input folders.
- **Unreadable documents** are listed with their one-line error, and every pair
  they are in fails with it; the other pairs go ahead. Failed pairs get no stamp,
  so the next run tries them again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guidediff.batch.engines import Engine, LocalEngine, ReadRequest
from guidediff.batch.model import (BatchIndex, DocumentRef, EntryStatus, IndexEntry, PairedBy, Pairing, Unpaired,
                                   Unreadable)
from guidediff.batch.pairing import DocumentSummary, pair_documents
from guidediff.batch.plan import DocumentInput, FolderPlan, PairSpec, Plan, manifest_text, pair_ids
from guidediff.batch.tasks import CacheSetting, CompareSettings, Failure, PairOutcome, PairTask, Side, failed_entry
from guidediff.cache import DocumentCache
from guidediff.errors import GuidediffError, InputError
from guidediff.output import OutputError, reason, same_file, write
from guidediff.pdf.files import read_bytes, sha256_of
from guidediff.render import BATCH_INDEX, BATCH_REPORT_FORMATS, REPORT
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import UNPAIRED_SIDE_WORDS, pairing_words
from guidediff.terms import Watchlist, load_watchlist
from guidediff.version import __version__

STATE = ".guidediff-batch"
STAMP_SCHEMA = "guidediff.batch-stamp/1"
INDEX_NAME = "index"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What every pair of a batch is compared with, and how its documents are read."""

    formats: tuple[str, ...] = BATCH_REPORT_FORMATS  # report formats (``REPORT``'s names), one file per pair each
    watchlist: str | os.PathLike[str] | Watchlist | None = "safeguarding"
    quotes: tuple[str, ...] = ()
    include_bookkeeping: bool = False  # --all: bookkeeping changes in text, Markdown and Word too
    password: str | None = None  # tried on every encrypted PDF
    cache: bool | DocumentCache = True  # as ``LoadOptions.cache``
    force: bool = False  # compare every pair, even those whose reports are current


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where a batch is: the stage, documents (or pairs) done of all, pages done of all (None while unknown)."""

    stage: str  # "reading" or "comparing"
    done: int
    total: int
    pages_done: int
    pages_total: int | None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch wrote, and how much of it was new work."""

    index: BatchIndex
    folder: Path
    index_files: tuple[Path, ...]
    compared: int  # pairs compared by this run
    current: int  # pairs whose reports were already current, so skipped

    @property
    def failed(self) -> int:
        return sum(1 for entry in self.index.pairs if entry.status is EntryStatus.FAILED)


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: what was finished stays; ``result`` says how far it got (None before any pair was planned)."""

    def __init__(self, message: str, result: BatchResult | None) -> None:
        super().__init__(message)
        self.message = message
        self.result = result


Progress = Callable[[BatchProgress], None]


# --------------------------------------------------------------------------- the run


def run_batch(plan: Plan, folder: str | os.PathLike[str], options: BatchOptions = BatchOptions(), *,
              engine: Engine | None = None, progress: Progress | None = None) -> BatchResult:
    """Compare every pair of ``plan`` into ``folder`` (see the module docstring); the engine is closed afterwards
    only when this function made it (default: a process pool, one worker per core)."""
    settings = compare_settings(options)
    out = prepare_folder(folder, plan)
    owned = engine is None
    if engine is None:
        engine = LocalEngine(os.cpu_count() or 1)
    batch = _Batch(plan, out, options, settings, engine, progress or (lambda state: None))
    try:
        return batch.run()
    except KeyboardInterrupt:
        engine.stop()
        raise batch.interrupted() from None
    finally:
        if owned:
            engine.close()


def propose_pairs(plan: FolderPlan, options: BatchOptions = BatchOptions(), *, engine: Engine | None = None,
                  progress: Progress | None = None) -> str:
    """How ``run_batch`` would pair two folders, as a manifest to check, edit and run (``plan.manifest_text``)."""
    owned = engine is None
    if engine is None:
        engine = LocalEngine(os.cpu_count() or 1)
    batch = _Batch(plan, Path("."), options, compare_settings(replace(options, watchlist=None)), engine,
                   progress or (lambda state: None))
    try:
        for document in plan.documents:
            batch.hashes[document.path] = _hash(document.path)
        batch.read([document for document in plan.documents if not isinstance(batch.hashes[document.path], Failure)])
        specs = batch.pair_folders(plan)
    except KeyboardInterrupt:
        engine.stop()
        raise BatchInterrupted("interrupted while reading the documents; those read so far are cached", None) from None
    finally:
        if owned:
            engine.close()
    leftovers = []
    for item in batch.unpaired:
        line = f"{item.document.path} ({item.document.name}): {UNPAIRED_SIDE_WORDS[item.side]}"
        if item.nearest is not None:
            line += f"; nearest {item.nearest.path} (title {item.title or 0:.2f}, content {item.content or 0:.2f})"
        leftovers.append(line)
    return manifest_text(plan.source, [(spec, f"{pairing_words(pairing)}") for spec, pairing in specs], leftovers,
                         [f"{item.path}: {item.error}" for item in batch.unreadable()])


def compare_settings(options: BatchOptions) -> CompareSettings:
    """The options as the tasks take them, checked now: a bad watchlist or format fails before any work."""
    formats = []
    for name in dict.fromkeys(options.formats):
        chosen = REPORT.get(name)
        formats.append((chosen.name, chosen.extensions[0]))
    if not formats:
        raise InputError("choose at least one report format")
    watchlist = load_watchlist(options.watchlist) if options.watchlist is not None else None
    return CompareSettings(watchlist, tuple(formats), tuple(dict.fromkeys(options.quotes)), options.include_bookkeeping)


def prepare_folder(folder: str | os.PathLike[str], plan: Plan) -> Path:
    """The batch folder, made if needed; never a file, never one of the input folders."""
    out = Path(folder)
    shown = os.fspath(folder)
    if out.exists() and not out.is_dir():
        raise InputError(f"'{shown}' is a file; the batch writes a folder of reports: give a folder's name")
    for input_folder in plan.folders:
        if out.is_dir() and os.path.samefile(out, input_folder):
            raise InputError(f"will not write the reports into '{shown}': it is the folder of PDFs being compared; "
                             "give another folder")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"cannot make the folder '{shown}': the folder '{parent}' does not exist")
    try:
        out.mkdir(exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot make the folder '{shown}': {error.strerror or error}") from None
    return out


def _cache_setting(cache: bool | DocumentCache) -> CacheSetting:
    if isinstance(cache, DocumentCache):
        return str(cache.directory.parent)
    return cache


class _Batch:
    """One run of a batch; keeps what is known so far, so an interrupt can still write an honest index."""

    def __init__(self, plan: Plan, out: Path, options: BatchOptions, settings: CompareSettings, engine: Engine,
                 progress: Progress) -> None:
        self.plan, self.out, self.options, self.settings, self.engine = plan, out, options, settings, engine
        self.progress = progress
        self.cache = _cache_setting(options.cache)
        self.inputs = [Path(document.path) for document in plan.documents]
        self.hashes: dict[str, tuple[str, int] | Failure] = {}  # path -> (sha256, size) or why it cannot be read
        self.summaries: dict[str, DocumentSummary | Failure] = {}  # path -> summary, once read
        self.tasks: list[PairTask] = []
        self.entries: list[IndexEntry | None] = []
        self.unpaired: list[Unpaired] = []
        self.compared = 0
        self.current = 0

    # --- the stages ---------------------------------------------------------------

    def run(self) -> BatchResult:
        for document in self.plan.documents:
            self.hashes[document.path] = _hash(document.path)
        if isinstance(self.plan, FolderPlan):
            self.read([document for document in self.plan.documents if not isinstance(self.hashes[document.path], Failure)])
            specs = self.pair_folders(self.plan)
        else:
            specs = [(spec, Pairing(PairedBy.MANIFEST)) for spec in self.plan.pairs]
        self.plan_tasks(specs)
        pending = [position for position, entry in enumerate(self.entries) if entry is None]
        needed = {path: None for position in pending for path in (self.tasks[position].old.path, self.tasks[position].new.path)}
        self.read([document for document in self.plan.documents
                   if document.path in needed and document.path not in self.summaries
                   and not isinstance(self.hashes[document.path], Failure)])
        ready: list[int] = []
        for position in pending:
            task = self.tasks[position]
            problem = self.unreadable_side(task)
            if problem is not None:
                self.entries[position] = replace(problem, pairing=task.pairing)
            else:
                ready.append(position)
        self.compare(ready)
        return self.finish(complete=True)

    def read(self, documents: Sequence[DocumentInput]) -> None:
        """Read (or load from the cache) and summarise each document: the reading phase."""
        if not documents:
            return
        requests = []
        for document in documents:
            sha256, size = self.hashes[document.path]  # type: ignore[misc]
            requests.append(ReadRequest(document.path, sha256, size))
        pages = 0
        self.progress(BatchProgress("reading", 0, len(requests), 0, None))
        for done, (position, result) in enumerate(self.engine.read(requests, self.options.password, self.cache), 1):
            document = documents[position]
            if isinstance(result, DocumentSummary):
                result = replace(result, path=document.path)
                pages += result.pages
            self.summaries[document.path] = result
            self.progress(BatchProgress("reading", done, len(requests), pages, None))

    def pair_folders(self, plan: FolderPlan) -> list[tuple[PairSpec, Pairing]]:
        """The folders' readable documents paired by title and content, the user's pairs kept; the rest left over."""
        old = [document for document in plan.old if isinstance(self.summaries.get(document.path), DocumentSummary)]
        new = [document for document in plan.new if isinstance(self.summaries.get(document.path), DocumentSummary)]
        old_summaries = [self.summaries[document.path] for document in old]
        new_summaries = [self.summaries[document.path] for document in new]
        old_at = {document.path: index for index, document in enumerate(old)}
        new_at = {document.path: index for index, document in enumerate(new)}
        for old_path, new_path in plan.given:
            for path in (old_path, new_path):
                summary = self.summaries.get(path)
                if not isinstance(summary, DocumentSummary):
                    reason = summary.message if isinstance(summary, Failure) else "it was not read"
                    raise InputError(f"--pair names '{path}', which cannot be read: {reason}")
        matches, leftovers = pair_documents(
            old_summaries, new_summaries,  # type: ignore[arg-type]
            given=[(old_at[old_path], new_at[new_path]) for old_path, new_path in plan.given],
            excluded_old=[old_at[path] for path in plan.unpaired if path in old_at],
            excluded_new=[new_at[path] for path in plan.unpaired if path in new_at],
        )
        for leftover in leftovers:
            mine, theirs = (old_summaries, new_summaries) if leftover.side == "old" else (new_summaries, old_summaries)
            nearest = _summary_ref(theirs[leftover.nearest]) if leftover.nearest is not None else None  # type: ignore[arg-type]
            self.unpaired.append(Unpaired(leftover.side, _summary_ref(mine[leftover.index]), nearest,  # type: ignore[arg-type]
                                          leftover.title, leftover.content))
        return [(PairSpec(old[match.old], new[match.new], match.pairing.by), match.pairing) for match in matches]

    def plan_tasks(self, specs: list[tuple[PairSpec, Pairing]]) -> None:
        """A task for every pair, and the entries of those whose reports are current."""
        ids = pair_ids([(spec.old, spec.new) for spec, _ in specs])
        for (spec, pairing), pair_id in zip(specs, ids):
            sides = []
            for document in (spec.old, spec.new):
                hashed = self.hashes[document.path]
                sides.append(Side(document.path, hashed[0] if isinstance(hashed, tuple) else "", document.citation))
            self.tasks.append(PairTask(pair_id, sides[0], sides[1], pairing, self.settings, spec.name,
                                       spec.old_pages, spec.new_pages))
        self.check_outputs()
        for task in self.tasks:
            entry = None if self.options.force else self.current_entry(task)
            self.entries.append(entry)
            self.current += entry is not None

    def unreadable_side(self, task: PairTask) -> IndexEntry | None:
        """The failed entry of a pair one of whose files cannot be read, else None."""
        for side_name, side in (("old", task.old), ("new", task.new)):
            problem = self.hashes[side.path] if isinstance(self.hashes[side.path], Failure) else self.summaries.get(side.path)
            if isinstance(problem, Failure):
                return failed_entry(task, f"cannot read the {side_name} edition: {problem.message}",
                                    self.ref(task.old.path), self.ref(task.new.path))
        return None

    def compare(self, positions: list[int]) -> None:
        """Compare the pairs at ``positions``; write each one's reports and stamp as it arrives."""
        if not positions:
            return
        chosen = [self.tasks[position] for position in positions]
        pages = [self.pages(task.old.path) + self.pages(task.new.path) for task in chosen]
        total, done_pages = sum(pages), 0
        self.progress(BatchProgress("comparing", 0, len(chosen), 0, total))
        results = self.engine.compare(chosen, pages, self.options.password, self.cache)
        for done, (index, outcome) in enumerate(results, 1):
            position = positions[index]
            self.record(position, outcome)
            done_pages += pages[index]
            self.progress(BatchProgress("comparing", done, len(chosen), done_pages, total))

    def record(self, position: int, outcome: PairOutcome) -> None:
        task = self.tasks[position]
        entry = outcome.entry
        if entry.status is EntryStatus.FAILED:
            entry = replace(entry, old=self.ref(task.old.path), new=self.ref(task.new.path))
        else:
            written = {}
            for relative, content in outcome.files:
                write_file(self.out / relative, content, self.inputs)
                written[relative] = _digest(content)
            stamp = {"schema": STAMP_SCHEMA, "key": task.key, "entry": entry.to_dict(), "files": written}
            write_file(self.stamp_path(task), json.dumps(stamp, indent=1, sort_keys=True) + "\n", self.inputs)
        self.entries[position] = entry
        self.compared += 1

    def finish(self, complete: bool) -> BatchResult:
        """The index from what is known, written in every format; pairs not done yet are pending."""
        entries = [entry if entry is not None else self.pending_entry(task)
                   for task, entry in zip(self.tasks, self.entries)]
        index = BatchIndex(self.plan.source, self.index_options(), tuple(entries), tuple(self.unpaired),
                           tuple(self.unreadable()), complete, __version__)
        files = []
        for chosen in BATCH_INDEX:
            path = self.out / f"{INDEX_NAME}{chosen.extensions[0]}"
            write_file(path, chosen.render(index, RenderOptions()), self.inputs)
            files.append(path)
        return BatchResult(index, self.out, tuple(files), self.compared, self.current)

    def interrupted(self) -> BatchInterrupted:
        if not self.tasks:
            return BatchInterrupted("interrupted before any pair was compared; the documents read so far are "
                                    "cached, so running the batch again starts from there", None)
        result = self.finish(complete=False)
        left = sum(1 for entry in result.index.pairs if entry.status is EntryStatus.PENDING)
        finished = len(result.index.pairs) - left
        return BatchInterrupted(f"interrupted: {finished} of {len(result.index.pairs)} pairs are finished and kept in "
                                f"'{self.out}'; run the same command again to compare the other {left}", result)

    # --- pieces -------------------------------------------------------------------

    def index_options(self) -> dict[str, Any]:
        watchlist = self.settings.watchlist
        return {"formats": [name for name, _ in self.settings.formats],
                "watchlist": watchlist.name if watchlist is not None else None,
                "quotes": list(self.settings.quotes), "include_bookkeeping": self.settings.include_bookkeeping}

    def unreadable(self) -> list[Unreadable]:
        found = []
        for document in self.plan.documents:
            problem = self.hashes.get(document.path)
            if not isinstance(problem, Failure):
                problem = self.summaries.get(document.path)  # type: ignore[assignment]
            if isinstance(problem, Failure):
                found.append(Unreadable(document.side, document.path, problem.message))
        return found

    def pages(self, path: str) -> int:
        summary = self.summaries.get(path)
        return summary.pages if isinstance(summary, DocumentSummary) else 0

    def ref(self, path: str) -> DocumentRef:
        summary = self.summaries.get(path)
        if isinstance(summary, DocumentSummary):
            return _summary_ref(summary)
        hashed = self.hashes.get(path)
        return DocumentRef(path, Path(path).name, hashed[0] if isinstance(hashed, tuple) else None)

    def pending_entry(self, task: PairTask) -> IndexEntry:
        return IndexEntry(task.id, task.name or Path(task.new.path).stem, EntryStatus.PENDING,
                          self.ref(task.old.path), self.ref(task.new.path), task.pairing)

    def stamp_path(self, task: PairTask) -> Path:
        return self.out / STATE / f"{task.id}.json"

    def current_entry(self, task: PairTask) -> IndexEntry | None:
        """The entry of a pair whose reports on disk are current (module docstring), else None."""
        try:
            stamp = json.loads(self.stamp_path(task).read_text(encoding="utf-8"))
            if stamp.get("schema") != STAMP_SCHEMA or stamp.get("key") != task.key:
                return None
            expected = {task.report_path(extension) for _, extension in self.settings.formats}
            if set(stamp["files"]) != expected:
                return None
            for relative, digest in stamp["files"].items():
                if _digest((self.out / relative).read_bytes()) != digest:
                    return None
            # The links are the ones this run would write, whatever the stamp says.
            reports = tuple((name, task.report_path(extension)) for name, extension in self.settings.formats)
            return replace(IndexEntry.from_dict(stamp["entry"]), reports=reports)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # no stamp, or a damaged one: compare again

    def check_outputs(self) -> None:
        """No file the batch will write may be one of its inputs (a PDF named like a report, a link)."""
        targets = [self.out / f"{INDEX_NAME}{chosen.extensions[0]}" for chosen in BATCH_INDEX]
        for task in self.tasks:
            targets += [self.out / task.report_path(extension) for _, extension in self.settings.formats]
            targets.append(self.stamp_path(task))
        for target in targets:
            clash = same_file(os.fspath(target), self.inputs)
            if clash is not None:
                raise InputError(f"will not write '{target}': it is the input '{clash}'; give another folder")


def _summary_ref(summary: DocumentSummary) -> DocumentRef:
    return DocumentRef(summary.path, summary.name, summary.sha256, summary.title, summary.pages, None, summary.edition)


def _hash(path: str) -> tuple[str, int] | Failure:
    try:
        data = read_bytes(path)
    except GuidediffError as error:
        return Failure(str(error))
    return sha256_of(data), len(data)


def _digest(content: str | bytes) -> str:
    return hashlib.sha256(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()


def write_file(path: Path, content: str | bytes, inputs: Sequence[Path] = ()) -> None:
    """Write ``content`` whole to ``path`` through the safe-output helper (never an input, never half
    written), making its folder first."""
    try:
        path.parent.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write '{path}': {reason(error)}") from None
    write(content, os.fspath(path), inputs)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def batch_summary(result: BatchResult) -> str:
    """"4 pairs: 3 changed, 1 unchanged (2 compared now, 2 already current); 1 document with no partner"."""
    summary = result.index.summary()
    states = [f"{summary[str(status)]} {status}" for status in EntryStatus if summary[str(status)]]
    text = _count(summary["pairs"], "pair") + (": " + ", ".join(states) if states else "")
    text += f" ({result.compared} compared now, {result.current} already current)"
    if summary["unpaired"]:
        text += f"; {_count(summary['unpaired'], 'document')} with no partner"
    if summary["unreadable"]:
        text += f"; {summary['unreadable']} could not be read"
    warned = sum(1 for entry in result.index.pairs if entry.warnings)
    if warned:
        text += f"; {_count(warned, 'pair')} with warnings about the inputs (see the index)"
    return text


def describe_problems(result: BatchResult) -> str:
    """"1 document could not be read and 1 pair failed"."""
    parts = []
    if result.index.unreadable:
        count = len(result.index.unreadable)
        parts.append(f"{_count(count, 'document')} could not be read")
    if result.failed:
        parts.append(f"{_count(result.failed, 'pair')} failed")
    return " and ".join(parts)
