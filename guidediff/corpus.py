"""Corpus ids ("wt-2015") → files: the manifest of known editions, official downloads, checks.

The manifest is ``guidediff/data/editions.toml`` (package data). An id resolves to the
official PDF when it has been fetched into the cache (``<cache dir>/official/<id>.pdf``),
else to the bundled *model edition* (a paraphrased stand-in, see ``corpora/README.md``).
Every fetched file has a JSON sidecar recording where it came from and its SHA-256, so
``verify`` can tell when a cached file was changed behind guidediff's back.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tomllib
from datetime import datetime, timezone
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidediff import dates, output, serial
from guidediff.cache import DocumentCache, default_cache_dir
from guidediff.errors import CorpusError, FetchError, PdfError

if TYPE_CHECKING:
    from guidediff.cache import DocumentCache

# The reader (pypdf), rapidfuzz, urllib.request, hashlib and datetime are imported in the functions
# that use them: ``guidediff corpus list`` reads only the manifest and must start in a few milliseconds.
# The manifest and the model editions are files of the installed package (not importlib.resources,
# whose import alone costs ``corpus list`` more than reading the manifest).
DATA = Path(__file__).resolve().parent / "data"

MODEL_EDITION = "model edition"
OFFICIAL_PDF = "official PDF"
FETCH_TIMEOUT_SECONDS = 60
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024  # the largest guidance PDFs are a few MB; this only stops runaways
CHUNK_BYTES = 64 * 1024
TITLE_SCORE_CUTOFF = 0.8  # partial similarity (0-1) at which the manifest title appears, loosely, on the cover
ID_HINT_CUTOFF = 0.6  # similarity (0-1) of a mistyped edition id to the known one suggested for it

DownloadProgress = Callable[[int, int | None], None]  # (bytes so far, total bytes if the server said)


# --- the manifest ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceUrl:
    """Where an edition is (or was) published; ``kind`` is landing, archived-landing, printed, copy or contents."""

    url: str
    kind: str
    official_landing: bool = serial.optional(False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EditionEntry(serial.Record):
    """One ``[[edition]]`` of the manifest, fields in manifest order; fields it leaves out are None or empty.

    ``to_dict`` writes the fields that are set, in manifest order (``serial``: each optional field
    is left out at its default); ``from_dict`` reads a manifest table.
    """

    id: str
    family: str
    title: str
    subtitle: str | None = serial.optional()
    citation: str
    published: str | None = serial.optional()
    publisher: str | None = serial.optional()
    reference: str | None = serial.optional()
    isbn: str | None = serial.optional()
    status: str
    jurisdiction: str | None = serial.optional()
    supersedes: tuple[str, ...] = serial.optional(())
    superseded_by: tuple[str, ...] = serial.optional(())
    source_urls: tuple[SourceUrl, ...] = serial.optional(())
    official_pdf_url: str | None = serial.optional()
    official_pages: int | None = serial.optional()
    model: str | None = serial.optional()
    model_sha256: str | None = serial.optional()
    shared_corpus_file: str | None = serial.optional()
    uncertain: tuple[str, ...] = serial.optional(())
    notes: str | None = serial.optional()

    @property
    def model_path(self) -> Path | None:
        """The bundled model PDF, or None when this edition has no model."""
        if self.model is None:
            return None
        return DATA.joinpath(*self.model.split("/"))

    @property
    def official_landing(self) -> str | None:
        """The publisher's page for this edition, where a reader can download the official PDF."""
        return next((url.url for url in self.source_urls if url.official_landing), None)


@dataclass(frozen=True, slots=True)
class ResolvedEdition:
    """The file a corpus id stands for, and which kind of file it is."""

    path: Path
    id: str
    source: str  # MODEL_EDITION or OFFICIAL_PDF
    citation: str


@functools.cache
def editions() -> tuple[EditionEntry, ...]:
    """Every edition in the manifest, in manifest order."""
    text = (DATA / "editions.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
        for entry in data["edition"]:
            _known_keys(entry, EditionEntry)
            for url in entry.get("source_urls", ()):
                _known_keys(url, SourceUrl)
        return tuple(EditionEntry.from_dict(entry) for entry in data["edition"])
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise CorpusError(f"guidediff's edition manifest is damaged ({error}); reinstall guidediff") from None


def _known_keys(table: dict[str, Any], record: type) -> None:
    """A key the record has no field for is a damaged manifest (a misspelt "published"), not one to skip."""
    unknown = set(table) - {item.name for item in fields(record)}
    if unknown:
        raise TypeError(f"{record.__name__} has no field {', '.join(sorted(unknown))}")


def ids() -> tuple[str, ...]:
    return tuple(entry.id for entry in editions())


def looks_like_id(text: str) -> bool:
    """"wt-2015" yes; "wt-2015.pdf", "./wt-2015" or "reports/x" no (those are paths)."""
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", text))


def get(edition_id: str) -> EditionEntry:
    """The manifest entry for ``edition_id``; unknown ids raise ``CorpusError`` naming the known ones."""
    for entry in editions():
        if entry.id == edition_id:
            return entry
    from rapidfuzz import process

    known = ids()
    nearest = process.extractOne(edition_id.lower(), known, score_cutoff=100 * ID_HINT_CUTOFF)
    hint = f"did you mean {nearest[0]}? " if nearest else ""
    raise CorpusError(f"'{edition_id}' is neither a file nor a known edition id; {hint}"
                      f"known ids: {', '.join(known)} (see: guidediff corpus list)")


# --- where the files are -----------------------------------------------------------------


def official_dir(cache_dir: Path | None = None) -> Path:
    return (cache_dir or default_cache_dir()) / "official"


def official_path(edition_id: str, cache_dir: Path | None = None) -> Path:
    """Where a fetched official PDF of ``edition_id`` lives (whether or not it is there)."""
    return official_dir(cache_dir) / f"{edition_id}.pdf"


def official_record(edition_id: str, cache_dir: Path | None = None) -> dict[str, Any] | None:
    """The sidecar written by ``fetch`` (url, sha256, pages, fetched), or None."""
    try:
        return json.loads((official_dir(cache_dir) / f"{edition_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def availability(entry: EditionEntry, cache_dir: Path | None = None) -> str | None:
    """OFFICIAL_PDF when fetched, MODEL_EDITION when only the model exists, None when neither."""
    if official_path(entry.id, cache_dir).is_file():
        return OFFICIAL_PDF
    if entry.model_path is not None and entry.model_path.is_file():
        return MODEL_EDITION
    return None


@dataclass(frozen=True, slots=True)
class EditionStatus:
    """A manifest entry with what this machine has of it: what ``corpus list`` and ``corpus show`` print."""

    entry: EditionEntry
    available: str  # OFFICIAL_PDF, MODEL_EDITION or "not available"
    fetched: dict[str, Any] | None = None  # the fetch record (url, sha256, pages, fetched), when fetched

    # Written by hand (not ``serial``): the entry's fields are this object's own top-level keys
    # (``corpus show --format json``), and ``serial`` writes a nested record as a nested object.
    def to_dict(self) -> dict[str, Any]:
        """The manifest's fields, then which file the id stands for, then the fetch record when there is one."""
        data = {**self.entry.to_dict(), "available": self.available}
        if self.fetched:
            data["fetched"] = self.fetched
        return data


def status(edition_id: str, cache_dir: Path | None = None) -> EditionStatus:
    """What the manifest records about ``edition_id`` and which file it stands for here."""
    entry = get(edition_id)
    return EditionStatus(entry, availability(entry, cache_dir) or "not available", official_record(entry.id, cache_dir))


def statuses(cache_dir: Path | None = None) -> tuple[EditionStatus, ...]:
    """Every edition of the manifest, in manifest order, with which file it stands for here."""
    return tuple(EditionStatus(entry, availability(entry, cache_dir) or "not available") for entry in editions())


def resolve(edition_id: str, cache_dir: Path | None = None) -> ResolvedEdition:
    """The file to read for ``edition_id``: the fetched official PDF, else the bundled model."""
    entry = get(edition_id)
    source = availability(entry, cache_dir)
    if source == OFFICIAL_PDF:
        return ResolvedEdition(official_path(entry.id, cache_dir), entry.id, OFFICIAL_PDF, entry.citation)
    if source == MODEL_EDITION:
        assert entry.model_path is not None
        return ResolvedEdition(entry.model_path, entry.id, MODEL_EDITION, entry.citation)
    where = f"download it from {entry.official_landing} and give its path" if entry.official_landing else "give the path of a copy"
    fetch_hint = f"run: guidediff corpus fetch {entry.id} --url URL" if not entry.official_pdf_url \
        else f"run: guidediff corpus fetch {entry.id}"
    raise CorpusError(f"{entry.id} ({entry.citation}) has no bundled model edition and its official PDF "
                      f"has not been fetched; {fetch_hint}, or {where}")


def identify(path: str | os.PathLike[str], cache_dir: Path | None = None) -> ResolvedEdition | None:
    """The corpus edition a file is (a bundled model or a fetched official PDF), or None."""
    try:
        target = Path(path).resolve()
    except (OSError, RuntimeError):
        return None
    for entry in editions():
        official = official_path(entry.id, cache_dir)
        if official.resolve() == target:
            return ResolvedEdition(official, entry.id, OFFICIAL_PDF, entry.citation)
        if entry.model_path is not None and entry.model_path.resolve() == target:
            return ResolvedEdition(entry.model_path, entry.id, MODEL_EDITION, entry.citation)
    return None


# --- fetching official PDFs -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    """An official PDF now in the cache."""

    id: str
    path: Path
    url: str
    sha256: str
    pages: int


def fetch(edition_id: str, *, url: str | None = None, cache_dir: Path | None = None,
          progress: DownloadProgress | None = None) -> Fetched:
    """Download the official PDF of ``edition_id`` into the cache, after checking it is that edition.

    ``url`` overrides the manifest's ``official_pdf_url`` (a mirror, or a test server).
    The file must be a PDF guidediff can read, with the manifest's official page count
    when one is given, the edition's title on it, and the edition's year (and month,
    when the manifest has one) in its title or on its cover (else, no earlier than the
    edition, in its metadata); otherwise nothing is written and the error says what
    the file is instead.
    Raises ``FetchError`` with one sentence on any failure.
    """
    entry = get(edition_id)
    source_url = url or entry.official_pdf_url
    if not source_url:
        where = f"download it from {entry.official_landing}" if entry.official_landing else "find a copy"
        raise FetchError(f"no download address is known for the official {entry.citation} PDF; {where} and "
                         f"compare it by path, or give an address with --url")
    if urllib.parse.urlsplit(source_url).scheme not in ("http", "https"):
        raise FetchError(f"'{source_url}' is not an http:// or https:// address")
    data = _download(source_url, progress)
    import hashlib

    document = _check_official(entry, source_url, data, DocumentCache(cache_dir))
    digest = hashlib.sha256(data).hexdigest()
    target = official_path(entry.id, cache_dir)
    record = {"id": entry.id, "url": source_url, "sha256": digest, "bytes": len(data), "pages": len(document.pages),
              "fetched": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FetchError(f"cannot save the download in '{target.parent}': {output.reason(error)}") from None
    try:
        output.write(data, str(target))
        output.write(json.dumps(record, indent=2) + "\n", str(target.with_suffix(".json")))
    except output.OutputError as error:
        raise FetchError(f"cannot save the download: {error}") from None
    return Fetched(entry.id, target, source_url, digest, len(document.pages))


def _download(url: str, progress: DownloadProgress | None) -> bytes:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "guidediff (corpus fetch)"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(CHUNK_BYTES):
                received += len(chunk)
                if received > MAX_DOWNLOAD_BYTES:
                    raise FetchError(f"the file at {url} is larger than {MAX_DOWNLOAD_BYTES // (1024 * 1024)} MB, "
                                     "far larger than any guidance PDF; not saved")
                chunks.append(chunk)
                if progress is not None:
                    progress(received, total)
    except urllib.error.HTTPError as error:
        raise FetchError(f"the server answered {error.code} {error.reason} for {url}") from None
    except urllib.error.URLError as error:
        reason = getattr(error.reason, "strerror", None) or error.reason
        raise FetchError(f"cannot reach {url} ({reason}); check the address and your internet connection") from None
    except (TimeoutError, OSError) as error:
        raise FetchError(f"the download from {url} failed ({error}); try again later") from None
    return b"".join(chunks)


def _check_official(entry: EditionEntry, url: str, data: bytes, store: DocumentCache):  # noqa: ANN202 - a Document
    import hashlib

    from rapidfuzz import fuzz

    from guidediff.pdf.reader import read_pdf_bytes

    if b"%PDF-" not in data[:1024]:
        raise FetchError(f"the file at {url} is not a PDF (it does not start with %PDF-); not saved")
    digest = hashlib.sha256(data).hexdigest()
    document = store.get(digest, url)
    if document is None:  # read once: the comparisons that follow find it in the cache
        try:
            document = read_pdf_bytes(data, url)
        except PdfError as error:
            raise FetchError(f"the file at {url} is not a readable PDF ({error}); not saved") from None
        store.put(document)
    if entry.official_pages is not None and len(document.pages) != entry.official_pages:
        raise FetchError(f"the file at {url} has {len(document.pages)} pages, but the official {entry.citation} "
                         f"PDF has {entry.official_pages}; not saved")
    cover = " ".join([document.title, *(block.text for block in document.blocks if block.pages[0] <= 1)])
    if fuzz.partial_ratio(entry.title.lower(), cover.lower()) < 100 * TITLE_SCORE_CUTOFF:
        raise FetchError(f"the file at {url} does not carry the title '{entry.title}' on its first pages; not saved")
    _check_edition_date(entry, url, document)
    return document


def _expected_date(entry: EditionEntry) -> tuple[int, int] | None:
    """(year, month or 0) of the edition: the year in its title (KCSIE 2024), else its ``published`` date."""
    month = 0
    if entry.published and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", entry.published):
        month = int(entry.published[5:7])
    in_title = dates.years(entry.title)
    if in_title:
        return in_title[-1], month if entry.published and entry.published.startswith(str(in_title[-1])) else 0
    if entry.published and re.match(r"\d{4}", entry.published):
        return int(entry.published[:4]), month
    return None


def _check_edition_date(entry: EditionEntry, url: str, document) -> None:  # noqa: ANN001 - a Document
    """The file's year (and month, where both are known) must be the edition's: from the year in its title or on
    its cover, the date printed on its cover, else (no later than the edition) its metadata."""
    expected = _expected_date(entry)
    if expected is None:
        return
    year, month = expected
    wanted = f"{entry.id} ({entry.citation}, published {_date_words(year, month)})"
    cover_pages = [" ".join(block.text for block in document.blocks if block.pages and block.pages[0] == page)
                   for page in (0, 1)]
    printed = dates.month_year(cover_pages[0]) or dates.month_year(cover_pages[1])
    title_years = dates.years(document.title.split(":", 1)[0])
    found: list[str] = []
    if title_years and title_years[0] != year:
        found.append(f"its title says {title_years[0]} ('{document.title[:80]}')")
    if printed is not None:
        printed_month, printed_year = printed
        if printed_year != year or (month and printed_month != month):
            found.append(f"its cover is dated {_date_words(printed_year, printed_month)}")
    if found:
        raise FetchError(f"the file at {url} is another edition, not {wanted}: {' and '.join(found)}; not saved")
    if printed is None and not title_years:
        made = dates.years(document.meta.get("CreationDate", "") + " " + document.meta.get("ModDate", ""))
        if not made:
            raise FetchError(f"the file at {url} carries no date on its cover nor in its metadata, so it cannot be "
                             f"checked to be {wanted}; not saved")
        if max(made) < year:
            raise FetchError(f"the file at {url} was made in {max(made)}, before {wanted}; not saved")


def _date_words(year: int, month: int) -> str:
    return f"{dates.MONTHS[month - 1]} {year}" if month else str(year)


# --- verifying --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """One finding of ``verify``: ``ok`` False means something is wrong."""

    id: str
    subject: str  # MODEL_EDITION or OFFICIAL_PDF
    ok: bool
    message: str
    path: str = field(default="")


def verify(cache_dir: Path | None = None) -> list[Check]:
    """Check every bundled model (present, readable, SHA-256 as recorded) and every fetched official PDF."""
    return [check for entry in editions() for check in _verify_entry(entry, cache_dir)]


def _verify_entry(entry: EditionEntry, cache_dir: Path | None) -> list[Check]:
    checks = []
    model = entry.model_path
    if model is not None:
        checks.append(_verify_file(entry.id, MODEL_EDITION, model, entry.model_sha256, "the manifest"))
    official = official_path(entry.id, cache_dir)
    if official.is_file():
        record = official_record(entry.id, cache_dir)
        checks.append(_verify_file(entry.id, OFFICIAL_PDF, official, record.get("sha256") if record else None,
                                   f"{official.with_suffix('.json').name}"))
    return checks


def _verify_file(edition_id: str, subject: str, path: Path, recorded: str | None, where: str) -> Check:
    import hashlib

    try:
        data = path.read_bytes()
    except OSError as error:
        return Check(edition_id, subject, False, f"cannot be read: {error.strerror or error}", str(path))
    digest = hashlib.sha256(data).hexdigest()
    if not recorded:
        return Check(edition_id, subject, False, f"no SHA-256 recorded in {where} (this file's is {digest})", str(path))
    if digest != recorded:
        return Check(edition_id, subject, False, f"SHA-256 {digest[:12]}… differs from the {recorded[:12]}… "
                                                 f"recorded in {where}: the file was changed", str(path))
    from guidediff.pdf.reader import read_pdf_bytes

    try:
        document = read_pdf_bytes(data, str(path))
    except PdfError as error:
        return Check(edition_id, subject, False, f"guidediff cannot read it: {error}", str(path))
    return Check(edition_id, subject, True, f"{len(document.pages)} pages, SHA-256 as recorded", str(path))
