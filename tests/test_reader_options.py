"""Reader options: one frozen value holds every threshold the reader judges by, each documented with its
unit; the defaults are today's reading, a changed option reaches its step, and the cache keeps it apart."""

from __future__ import annotations

import ast
import inspect
from dataclasses import FrozenInstanceError, fields, replace

import pytest

import guidediff.editions
from guidediff.cache import DocumentCache
from guidediff.document import BlockKind
from guidediff.editions import LoadOptions, load
from guidediff.pdf import options as options_module
from guidediff.pdf.files import pdfium_available
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions
from guidediff.pdf.reader import read_pdf
from guidediff.testing.pdfgen import render
from tests.test_reader_generated import long_document

ENGINES = ["pypdf", pytest.param("pdfium", marks=pytest.mark.skipif(not pdfium_available(), reason="needs pypdfium2"))]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    path = tmp_path_factory.mktemp("options") / "edition.pdf"
    render(long_document(page_labels=False, page_number_position="top-right"), path)
    return path


def test_every_threshold_is_documented_beside_it_with_what_it_decides():
    source = inspect.getsource(options_module)
    lines = source.splitlines()
    tree = ast.parse(source)
    (cls,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "ReaderOptions"]
    documented = {node.target.id: lines[node.lineno - 1].partition("#")[2].strip()
                  for node in cls.body if isinstance(node, ast.AnnAssign)}
    assert set(documented) == {field.name for field in fields(ReaderOptions)}
    undocumented = [name for name, comment in documented.items() if len(comment) < 15]
    assert not undocumented, f"give these thresholds their unit and meaning: {undocumented}"


def test_options_are_frozen_and_the_defaults_have_the_plain_cache_key():
    with pytest.raises(FrozenInstanceError):
        DEFAULT_OPTIONS.word_gap = 0.2  # type: ignore[misc]
    assert ReaderOptions() == DEFAULT_OPTIONS
    assert DEFAULT_OPTIONS.cache_key() == ""


def test_a_changed_option_changes_the_cache_key_and_the_same_options_give_the_same_key():
    wider = replace(DEFAULT_OPTIONS, word_gap=0.2)
    taller = replace(DEFAULT_OPTIONS, heading_size_ratio=1.3)
    assert wider.cache_key() not in ("", taller.cache_key())
    assert wider.cache_key() == ReaderOptions(word_gap=0.2).cache_key()
    assert replace(wider, word_gap=0.15).cache_key() == ""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_changed_option_reaches_the_blocks_step(edition, engine):
    default = read_pdf(edition, engine=engine)
    assert "Information sharing" in [block.text for block in default.blocks if block.kind is BlockKind.HEADING]
    # No heading is three characters or fewer: with that limit every heading reads as a paragraph.
    short = read_pdf(edition, engine=engine, options=ReaderOptions(heading_chars=3))
    assert not [block for block in short.blocks if block.kind is BlockKind.HEADING]
    assert "Information sharing" in [block.text for block in short.blocks]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_changed_option_reaches_the_furniture_step(edition, engine):
    header = "Working together on early help"  # the running header, printed on every page but the cover
    default = read_pdf(edition, engine=engine)
    assert sum(block.text.count(header) for block in default.blocks) <= 1  # the cover's title at most
    # No band at the page edges and no line set apart: nothing is a candidate for furniture.
    kept = read_pdf(edition, engine=engine, options=ReaderOptions(furniture_band=0.0, furniture_set_apart=1000.0))
    assert sum(block.text.count(header) for block in kept.blocks) >= len(kept.pages) - 1


def test_a_read_with_other_options_is_not_served_the_cached_default_document(edition, tmp_path, monkeypatch):
    cache = DocumentCache(tmp_path / "cache")
    changed = ReaderOptions(heading_chars=3)
    default = load(edition, LoadOptions(cache=cache, engine="pypdf", parallel=False))
    reads = []
    real = guidediff.editions.read_pdf_bytes

    def counting(*args, **kwargs):
        reads.append(kwargs["options"])
        return real(*args, **kwargs)

    monkeypatch.setattr(guidediff.editions, "read_pdf_bytes", counting)
    other = load(edition, LoadOptions(cache=cache, engine="pypdf", parallel=False, reader_options=changed))
    assert reads == [changed]
    assert other != default
    assert load(edition, LoadOptions(cache=cache, engine="pypdf", parallel=False)) == default
    assert load(edition, LoadOptions(cache=cache, engine="pypdf", parallel=False, reader_options=changed)) == other
    assert reads == [changed]  # both came from the cache, each from its own entry
    assert len(list(cache.directory.glob("*.json.gz"))) == 2
