"""Read stage, before any parsing: a PDF file's bytes, their SHA-256, which reader will parse them,
and opening them with pypdf (imported only then).

Kept apart from ``reader`` so that what only needs a file's identity (the cache, the
editions stage on a cached compare) never imports pypdf or PDFium. The reader is
``"pdfium"`` (pypdfium2, the optional extra ``guidediff[pdfium]``) when it is
installed, else ``"pypdf"``; ``$GUIDEDIFF_READER`` or an explicit ``engine`` chooses.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guidediff.errors import CorruptPdfError, EncryptedPdfError, InputError, NotPdfError, PdfError, TooLargeError

ENGINES = ("pdfium", "pypdf")
ENGINE_ENV = "GUIDEDIFF_READER"
MAX_FILE_BYTES = 512 * 1024 * 1024
HEADER_WINDOW = 1024  # the PDF header may follow a little junk (PDF 32000-1, 7.5.2 and Annex H)
TRAILER_WINDOW = 4096  # where "%%EOF" must appear near the end of an untruncated file

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
    """The producer to read with: ``engine`` if given, else ``$GUIDEDIFF_READER``, else pdfium when
    pypdfium2 is installed, else pypdf.

    Both give the same Document on every PDF of the shared corpus but the few that
    tests/test_readers_agree.py lists with their reasons (mostly pypdf's own mis-decodings), and
    pdfium reads some ten times faster; pypdf stays the pure-Python path and the reference. The
    cache key names the producer, so a cached Document is never taken for the other's.
    """
    chosen = engine or os.environ.get(ENGINE_ENV) or ("pdfium" if pdfium_available() else "pypdf")
    if chosen not in ENGINES:
        raise InputError(f"there is no PDF reader '{chosen}'; choose one of {'|'.join(ENGINES)}")
    if chosen == "pdfium" and not pdfium_available():
        raise InputError("the pdfium reader needs pypdfium2: pip install 'guidediff[pdfium]'")
    return chosen


def check_pdf_bytes(data: bytes, name: str) -> None:
    """The checks every producer needs before parsing: not empty, a PDF header, an end-of-file marker."""
    if not data:
        raise NotPdfError(f"'{name}' is empty (0 bytes), not a PDF")
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise NotPdfError(f"'{name}' is not a PDF (it does not start with %PDF-)")
    if b"%%EOF" not in data[-TRAILER_WINDOW:]:
        raise CorruptPdfError(f"'{name}' is truncated or damaged: it does not end with the %%EOF marker")


def open_pdf(data: bytes, name: str, *, password: str | None = None) -> Any:
    """A pypdf reader over ``data``, decrypted, or a clear error (pypdf is imported here, when needed)."""
    import pypdf
    from pypdf.errors import PdfReadError, PyPdfError

    check_pdf_bytes(data, name)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader, name, password)
        return reader
    except PdfError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError, OverflowError, ZeroDivisionError, UnicodeError) as error:
        raise CorruptPdfError(f"'{name}' is damaged and cannot be read ({reason_of(error)})") from None
    except MemoryError:
        raise TooLargeError(f"'{name}' needs more memory than is available to read") from None


def _decrypt(reader: Any, name: str, password: str | None) -> None:
    from pypdf.errors import DependencyError

    try:
        if reader.decrypt("") and password is None:
            return  # only an owner password: anyone may read it
        if password is None:
            raise EncryptedPdfError(f"'{name}' is encrypted; give its password with --password")
        if not reader.decrypt(password):
            raise EncryptedPdfError(f"the password given for '{name}' is wrong")
    except DependencyError:
        raise EncryptedPdfError(
            f"'{name}' uses AES encryption, which needs the 'cryptography' package: pip install cryptography"
        ) from None
    except NotImplementedError as error:
        raise EncryptedPdfError(f"'{name}' uses an encryption method guidediff cannot open ({error})") from None


def reason_of(error: BaseException) -> str:
    """pypdf's explanation, reduced to printable words: messages may quote the broken bytes."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = re.sub(r"b'[^']*'|b\"[^\"]*\"", "…", text)
    text = re.sub(r"[^ -~]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()[:100]
