"""The read cache: reused when the same bytes come again, ignored when damaged, never required."""

from __future__ import annotations

import gzip
from dataclasses import replace

import pytest

import guidediff.editions
from guidediff.cache import DocumentCache
from guidediff import load
from tests.test_bad_input import tiny_pdf


@pytest.fixture()
def cache(tmp_path):
    return DocumentCache(tmp_path / "cache")


def test_second_load_comes_from_the_cache(tmp_path, cache, monkeypatch):
    pdf = tiny_pdf(tmp_path / "a.pdf", ["Some guidance text."])
    first = load(pdf, cache=cache)

    def must_not_read(*args, **kwargs):
        raise AssertionError("the PDF was read again instead of coming from the cache")

    monkeypatch.setattr(guidediff.editions, "read_pdf_bytes", must_not_read)
    second = load(pdf, cache=cache)
    assert second == first


def test_same_bytes_at_another_path_reuse_the_entry_with_the_new_path(tmp_path, cache):
    pdf = tiny_pdf(tmp_path / "a.pdf", ["Some guidance text."])
    load(pdf, cache=cache)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(pdf.read_bytes())
    assert load(copy, cache=cache).path == str(copy)


def test_issue_corrupt_cache_entry_is_ignored_and_rewritten(tmp_path, cache):
    pdf = tiny_pdf(tmp_path / "a.pdf", ["Some guidance text."])
    original = load(pdf, cache=cache)
    (entry,) = cache.directory.glob("*.json.gz")
    entry.write_bytes(b"not gzip at all")
    assert load(pdf, cache=cache) == original
    with gzip.open(entry, "rt") as handle:
        assert "Some guidance text." in handle.read()


def test_unwritable_cache_only_costs_speed(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    pdf = tiny_pdf(tmp_path / "a.pdf", ["Some guidance text."])
    document = load(pdf, cache=DocumentCache(blocker))
    assert document.blocks[0].text == "Some guidance text."


def test_no_cache_reads_every_time(tmp_path, monkeypatch):
    pdf = tiny_pdf(tmp_path / "a.pdf", ["Some guidance text."])
    calls = []
    real = guidediff.editions.read_pdf_bytes
    monkeypatch.setattr(guidediff.editions, "read_pdf_bytes", lambda *a, **k: calls.append(1) or real(*a, **k))
    load(pdf, cache=False)
    load(pdf, cache=False)
    assert len(calls) == 2


def test_issue_16_a_document_read_by_one_reader_is_never_served_to_the_other(tmp_path, cache, monkeypatch):
    pytest.importorskip("pypdfium2")
    from guidediff.editions import LoadOptions
    from guidediff.editions import load as load_edition

    pdf = tiny_pdf(tmp_path / "a.pdf", ["Some guidance text."])
    read = load_edition(pdf, LoadOptions(cache=cache, engine="pypdf"))
    reads = []
    real = guidediff.editions.read_pdf_bytes

    def counting(*args, **kwargs):
        reads.append(kwargs.get("engine"))
        return real(*args, **kwargs)

    monkeypatch.setattr(guidediff.editions, "read_pdf_bytes", counting)
    by_pdfium = replace(read, reader="pdfium")  # the same reading, but each Document says which reader made it
    assert load_edition(pdf, LoadOptions(cache=cache, engine="pdfium")) == by_pdfium
    assert load_edition(pdf, LoadOptions(cache=cache, engine="pypdf")) == read
    assert load_edition(pdf, LoadOptions(cache=cache, engine="pdfium")) == by_pdfium
    assert read.reader == "pypdf"
    assert reads == ["pdfium"]  # each reader's reading is cached apart, then reused
    names = sorted(entry.name for entry in cache.directory.iterdir())
    assert len(names) == 2 and any("-pypdf-" in name for name in names) and any("-pdfium" in name for name in names)


def test_the_pdfium_cache_key_names_the_version_importlib_metadata_gives():
    """The key is read from pypdfium2's own version file, to spare a compare from the cache the import of
    importlib.metadata; it must name the same version, so that entries written either way are reused."""
    from importlib import metadata

    from guidediff.cache import _pypdfium2_version

    try:
        installed = metadata.version("pypdfium2")
    except metadata.PackageNotFoundError:
        installed = None
    assert _pypdfium2_version() == installed
