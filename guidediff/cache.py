"""On-disk cache of read documents, keyed by the file's SHA-256, the reader's version, which producer
(pypdf or pdfium) read it, and the reader options it read with (``ReaderOptions.cache_key``).

Reading a 190-page PDF takes seconds; loading its cached ``Document`` takes
milliseconds. Entries are gzip-compressed JSON (never pickle: a cache file is
data, and a tampered one must not run code). A corrupt or unreadable entry is
ignored and rewritten, never fatal; a cache directory that cannot be written
simply means no caching.

Location: ``$GUIDEDIFF_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/guidediff``,
else ``~/.cache/guidediff`` (``%LOCALAPPDATA%\\guidediff`` on Windows).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from guidediff.version import __version__

if TYPE_CHECKING:
    from guidediff.document import Document

CACHE_ENV = "GUIDEDIFF_CACHE_DIR"


@functools.cache
def reader_fingerprint() -> str:
    """The version plus a digest of the reader's own source, so a changed reader never reuses old entries."""
    import hashlib  # imported where used: ``guidediff corpus list`` imports this module to start

    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for source in sorted([package / "document.py", *(package / "pdf").glob("*.py")]):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:12]}"


@functools.cache
def reader_tag(reader: str) -> str:
    """Which producer read a Document, for the cache key: "pypdf", or "pdfium" with pypdfium2's version
    (a new PDFium may read a file differently)."""
    if reader != "pdfium":
        return reader
    version = _pypdfium2_version()
    return f"pdfium{version}" if version else reader


def _pypdfium2_version() -> str | None:
    """pypdfium2's version, as ``importlib.metadata.version`` gives it, or None when it is not installed.

    A release's version is read from the ``version.json`` the package ships (what ``pypdfium2.version``
    reads) without importing it: importing ``importlib.metadata`` costs about 25 ms of CPU, a tenth
    of a cached compare of a short pair, and pypdfium2 itself more. Any other layout asks
    ``importlib.metadata``.
    """
    spec = importlib.util.find_spec("pypdfium2")
    if spec is None:
        return None
    if spec.origin:
        try:
            info = json.loads((Path(spec.origin).parent / "version.json").read_text(encoding="utf-8"))
            if info.get("beta") is None and not info.get("n_commits") and not info.get("dirty"):
                return f"{int(info['major'])}.{int(info['minor'])}.{int(info['patch'])}"
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    from importlib import metadata

    try:
        return metadata.version("pypdfium2")
    except metadata.PackageNotFoundError:
        return None


def default_cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "guidediff"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "guidediff"


class DocumentCache:
    """Get and put ``Document`` values by the SHA-256 of their file."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = (directory or default_cache_dir()) / "documents"

    def _entry(self, sha256: str, options: str = "", reader: str = "pypdf") -> Path:
        suffix = f"-{options}" if options else ""
        return self.directory / f"{reader_fingerprint()}-{reader_tag(reader)}-{sha256}{suffix}.json.gz"

    def get(self, sha256: str, path: str, options: str = "", reader: str = "pypdf") -> Document | None:
        """The cached Document of the file with ``sha256`` as ``reader`` ("pypdf" or "pdfium") read it with the
        reader options whose ``cache_key()`` is ``options`` ("" for the defaults), or None."""
        import gzip  # here, not at the top: corpus needs only the cache directory

        from guidediff.document import Document

        entry = self._entry(sha256, options, reader)
        try:
            with gzip.open(entry, "rt", encoding="utf-8") as handle:
                data = json.load(handle)
            # Built once, at the path asked for (the same bytes may have been read elsewhere): building
            # the Document is most of a cached load (on a 187-page edition, about 30 ms).
            document = Document.from_dict({**data, "path": path})
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - any damage to an entry means "not cached"
            self._discard(entry)
            return None
        if document.sha256 != sha256:
            self._discard(entry)
            return None
        return document

    def put(self, document: Document, options: str = "", reader: str = "pypdf") -> None:
        import gzip
        import tempfile

        entry = self._entry(document.sha256, options, reader)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=3, mtime=0) as out:
                out.write(json.dumps(document.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            os.replace(temporary, entry)
        except OSError:
            return  # an unwritable cache only costs speed

    def _discard(self, entry: Path) -> None:
        try:
            entry.unlink()
        except OSError:
            pass
