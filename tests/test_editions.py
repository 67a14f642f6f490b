"""The editions stage: one way to load, name and date an edition, for compare, history and terms alike."""

from __future__ import annotations

import json

from click.testing import CliRunner

from guidediff.api import compare
from guidediff.cli import cli
from guidediff.editions import LoadOptions, describe, distinguish_series, load, load_many
from guidediff.history import history
from guidediff.terms import trend_table
from tests.test_align import make_document
from tests.test_bad_input import assert_one_line_error, run_cli, tiny_pdf


def _editions(tmp_path, password=None):
    lines = {
        "a": ["Early help guidance", "March 2013", "Chapter 1: Early help", "1. Children should get help early."],
        "b": ["Early help guidance", "March 2015", "Chapter 1: Early help", "1. Children must get help early."],
        "c": ["Early help guidance", "July 2018", "Chapter 1: Early help", "1. Children must get help early.",
              "Chapter 2: Reviews", "2. Reviews are published."],
    }
    return [tiny_pdf(tmp_path / f"{name}.pdf", text, password=password) for name, text in lines.items()]


def test_issue_12_history_password_works_through_load_options(tmp_path):
    paths = [str(path) for path in _editions(tmp_path, password="s3cret")]
    assert_one_line_error(run_cli("history", *paths, "--no-cache", "-f", "json"), "encrypted")
    result = run_cli("history", *paths, "--password", "s3cret", "--no-cache", "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [edition["date"] for edition in data["editions"]] == ["2013-03", "2015-03", "2018-07"]


def test_issue_12_history_no_cache_leaves_the_cache_alone(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("GUIDEDIFF_CACHE_DIR", str(cache))
    paths = [str(path) for path in _editions(tmp_path)]
    result = CliRunner().invoke(cli, ["history", *paths, "--no-cache", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert not cache.exists() or not any(cache.rglob("*.json*"))
    result = CliRunner().invoke(cli, ["history", *paths, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert any(cache.rglob("*")), "without --no-cache the reads are cached"


def test_issue_12_a_plain_file_is_named_alike_in_compare_history_and_terms(tmp_path):
    a, b, c = _editions(tmp_path)
    report = compare(a, b, watchlist=None)
    timeline = history([a, b, c], watchlist=None)
    documents = load_many([a, b, c], LoadOptions(cache=False))
    table = trend_table([describe(path, document) for path, document in zip((a, b, c), documents)])
    assert [report.old.name, report.new.name] == [edition.name for edition in timeline.editions[:2]]
    assert [report.old.short, report.new.short] == ["2013", "2015"] == [e.short for e in timeline.editions[:2]]
    assert [edition.name for edition in table.editions] == [edition.name for edition in timeline.editions]


def test_a_corpus_id_and_its_file_are_the_same_edition():
    by_id = describe("wt-2015", load("wt-2015"))
    by_path = describe(by_id.document.path, load(by_id.document.path))
    assert by_id.name == by_path.name == "Working Together 2015"
    assert by_id.corpus_id == by_path.corpus_id == "wt-2015" and by_id.file_kind == by_path.file_kind
    assert by_id.date is not None and by_id.date.source == "manifest" and by_id.short == "2015"


def test_editions_sharing_a_year_are_told_apart_by_date_then_position():
    one, two = make_document(("h", 1, "Part one"), title="Guidance 2025"), make_document(("h", 1, "Part one"), title="Guidance 2025")
    facts = distinguish_series([describe(one, one), describe(two, two)])
    assert [fact.short for fact in facts] == ["Guidance 2025 (#1)", "Guidance 2025 (#2)"]


def test_two_copies_of_one_file_read_once_keep_their_own_paths(tmp_path):
    """A copy has the same bytes: it is read once, but each Document names its own file (found by a new user)."""
    first = tiny_pdf(tmp_path / "first.pdf", ["Safeguarding children is everyone's responsibility."])
    second = tmp_path / "copy.pdf"
    second.write_bytes(first.read_bytes())
    documents = load_many([first, second], LoadOptions(cache=False, parallel=False))
    assert [document.path for document in documents] == [str(first), str(second)]
    assert documents[0].sha256 == documents[1].sha256
