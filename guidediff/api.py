"""The library's front door: load documents (from a path or, later, a corpus id)."""

from __future__ import annotations

import os

from guidediff.cache import DocumentCache
from guidediff.document import Document
from guidediff.pdf.reader import Progress, read_bytes, read_pdf_bytes, sha256_of


def load(
    source: str | os.PathLike[str] | Document,
    *,
    password: str | None = None,
    cache: bool | DocumentCache = True,
    progress: Progress | None = None,
) -> Document:
    """Read a PDF into a ``Document`` (from the cache when the same file was read before).

    ``source`` is a path to a PDF (or an already loaded ``Document``, returned as is).
    Raises a ``GuidediffError`` subclass with a one-sentence message on bad input.
    """
    if isinstance(source, Document):
        return source
    data = read_bytes(source)
    name = str(source)
    store = cache if isinstance(cache, DocumentCache) else (DocumentCache() if cache else None)
    sha256 = sha256_of(data)
    if store is not None:
        cached = store.get(sha256, name)
        if cached is not None:
            return cached
    document = read_pdf_bytes(data, name, password=password, progress=progress)
    if store is not None:
        store.put(document)
    return document
