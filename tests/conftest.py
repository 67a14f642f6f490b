"""Shared fixtures: where the real PDFs are, and documents read once per test session.

The real PDFs live outside the repository, at ``../shared/corpus`` beside the
checkout (or wherever ``GUIDEDIFF_SHARED_CORPUS`` points). Tests that need them
skip with a reason when they are absent, as they are in a user's fresh clone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guidediff.document import Document

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_corpus() -> Path:
    configured = os.environ.get("GUIDEDIFF_SHARED_CORPUS")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "corpus"


def real_pdf_path(name: str) -> Path:
    path = shared_corpus() / "real" / name
    if not path.is_file():
        pytest.skip(f"real PDF {name} not found at {path} (set GUIDEDIFF_SHARED_CORPUS to the corpus folder)")
    return path


def wild_pdf_path(name: str) -> Path:
    path = shared_corpus() / "wild" / name
    if not path.is_file():
        pytest.skip(f"wild PDF {name} not found at {path} (set GUIDEDIFF_SHARED_CORPUS to the corpus folder)")
    return path


def prose_pdf_path(name: str) -> Path:
    path = shared_corpus() / "prose" / name
    if not path.is_file():
        pytest.skip(f"prose PDF {name} not found at {path} (set GUIDEDIFF_SHARED_CORPUS to the corpus folder)")
    return path


def samples_dir() -> Path:
    path = shared_corpus() / "samples"
    if not path.is_dir():
        pytest.skip(f"sample PDFs not found at {path} (set GUIDEDIFF_SHARED_CORPUS to the corpus folder)")
    return path


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test session reads into its own cache, never the user's."""
    os.environ["GUIDEDIFF_CACHE_DIR"] = str(tmp_path_factory.mktemp("guidediff-cache"))


_READ: dict[str, Document] = {}


@pytest.fixture(scope="session")
def real_document():
    """Read a real PDF once per session: ``real_document("wt-2023.pdf")``."""
    from guidediff.pdf import read_pdf

    def read(name: str) -> Document:
        if name not in _READ:
            _READ[name] = read_pdf(real_pdf_path(name))
        return _READ[name]

    return read


@pytest.fixture(scope="session")
def wild_document():
    """Read a PDF of ../shared/corpus/wild once per session: ``wild_document("children-act-2004.pdf")``."""
    from guidediff.pdf import read_pdf

    def read(name: str) -> Document:
        key = "wild/" + name
        if key not in _READ:
            _READ[key] = read_pdf(wild_pdf_path(name))
        return _READ[key]

    return read
