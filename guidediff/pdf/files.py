"""Read stage, before any parsing: a PDF file's bytes, their SHA-256, and which reader will parse them.

Kept apart from ``reader`` so that what only needs a file's identity (the cache, the
editions stage on a cached compare) never imports pypdf or PDFium. The reader is
``"pdfium"`` (pypdfium2, the optional extra ``guidediff[pdfium]``) when it is
installed, else ``"pypdf"``; ``$GUIDEDIFF_READER`` or an explicit ``engine`` chooses.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

from guidediff.errors import InputError, TooLargeError

ENGINES = ("pdfium", "pypdf")
ENGINE_ENV = "GUIDEDIFF_READER"
MAX_FILE_BYTES = 512 * 1024 * 1024

Progress = Callable[[int, int], None]


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, after the checks that need no PDF parsing."""
    file = Path(path)
    name = str(path)
    if not file.exists():
        raise InputError(f"cannot read '{name}': no such file")
    if file.is_dir():
        raise InputError(f"'{name}' is a directory, not a PDF file")
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLargeError(f"'{name}' is {size // (1024 * 1024)} MB; guidediff reads PDFs up to {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read '{name}': {error.strerror or error}") from None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdfium_available() -> bool:
    """Whether pypdfium2 (``pip install guidediff[pdfium]``) is installed."""
    return importlib.util.find_spec("pypdfium2") is not None


def choose_engine(engine: str | None = None) -> str:
    """The producer to read with: ``engine`` if given, else ``$GUIDEDIFF_READER``, else pdfium when installed."""
    chosen = engine or os.environ.get(ENGINE_ENV) or ("pdfium" if pdfium_available() else "pypdf")
    if chosen not in ENGINES:
        raise InputError(f"there is no PDF reader '{chosen}'; choose one of {'|'.join(ENGINES)}")
    if chosen == "pdfium" and not pdfium_available():
        raise InputError("the pdfium reader needs pypdfium2: pip install 'guidediff[pdfium]'")
    return chosen
