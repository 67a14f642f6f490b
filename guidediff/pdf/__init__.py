"""Reading PDFs: pypdf or PDFium underneath, guidediff's cleaning on top.

``read_pdf`` and ``read_pdf_bytes`` load the reader on first use, so that importing a
light module of this package (``guidediff.pdf.files``) imports no PDF library.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_pdf", "read_pdf_bytes"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from guidediff.pdf import reader

        return getattr(reader, name)
    raise AttributeError(f"module 'guidediff.pdf' has no attribute {name!r}")
