"""Options that mean what they say: page ranges checked with clear messages, history's reading options used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidediff.api import compare
from guidediff.editions import parse_page_range
from guidediff.errors import InputError
from tests.test_bad_input import assert_one_line_error, tiny_pdf


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guidediff", *args], capture_output=True, text=True, timeout=180,
                          env={**os.environ, **(env or {})})


# --- page ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "message"), [
    ("24-7", "--old-pages 24-7 runs backwards; write the first page first: 7-24"),
    ("x-iv", "--old-pages x-iv runs backwards; write the first page first: iv-x"),
    ("abc", "--old-pages 'abc': 'abc' is not a page number"),
    ("7-", "--old-pages '7-' is not a page range; write it as FIRST-LAST"),
    ("7-24-30", "--old-pages '7-24-30' is not a page range"),
    ("", "--old-pages '' is not a page range"),
])
def test_issue_page_ranges_that_make_no_sense_are_refused_before_reading(given, message):
    result = run_cli("compare", "wt-2013", "wt-2015", "--old-pages", given)
    assert_one_line_error(result, message)
    assert "–" not in result.stderr  # never "abc–abc" or "24–7" echoed back as if it were a range


def test_issue_pages_the_document_does_not_have_are_named_with_the_pages_it_has():
    result = run_cli("compare", "wt-2013", "wt-2015", "--new-pages", "90-200")
    assert_one_line_error(result, "NEW (Working Together 2015) has no printed page '200'")
    assert "its printed pages are 1–" in result.stderr
    result = run_cli("compare", "wt-2013", "wt-2015", "--old-pages", "iv")
    assert_one_line_error(result, "OLD (Working Together 2013) has no printed page 'iv'")


def test_page_range_parsing():
    assert parse_page_range("7-24") == ("7", "24")
    assert parse_page_range(" 7 – 24 ") == ("7", "24")
    assert parse_page_range("iv") == ("iv", "iv")
    assert parse_page_range("A1-A9") == ("A1", "A9")
    assert parse_page_range(None) is None
    with pytest.raises(InputError, match="runs backwards"):
        parse_page_range("24-7")
    with pytest.raises(InputError, match="'abc' is not a page number"):
        parse_page_range("abc")


def test_a_range_in_the_pages_order_but_not_the_numbers_order_is_checked_on_the_document():
    """The library checks the order on the document: its printed page 5 comes after its page 3."""
    with pytest.raises(InputError, match=r"the pages 5-3 of OLD .* run backwards"):
        from guidediff.editions import load, restrict

        restrict(load("wt-2013"), ("5", "3"), "OLD (Working Together 2013)")
    report = compare("wt-2013", "wt-2015", old_pages="11-46", new_pages="11-48", watchlist=None)
    assert report.old.page_range == ("11", "46")


# --- history's reading options ---------------------------------------------------------------


@pytest.fixture()
def locked_editions(tmp_path: Path) -> list[Path]:
    texts = [["Chapter 1: Early help", "1. Help early."],
             ["Chapter 1: Early help", "1. Help early.", "2. Share information."],
             ["Chapter 1: Early help", "1. Help children early.", "2. Share information."]]
    return [tiny_pdf(tmp_path / f"edition-{index}.pdf", lines, password="s3cret") for index, lines in enumerate(texts)]


def test_issue_history_uses_password(locked_editions, tmp_path):
    paths = [str(path) for path in locked_editions]
    cache = {"GUIDEDIFF_CACHE_DIR": str(tmp_path / "cache")}
    assert_one_line_error(run_cli("history", *paths, "--order", "given", env=cache), "encrypted")
    result = run_cli("history", *paths, "--order", "given", "--password", "s3cret", "-f", "json", env=cache)
    assert result.returncode == 0, result.stderr
    assert '"schema": "guidediff.history/1"' in result.stdout


def test_issue_history_no_cache_reads_without_the_cache(locked_editions, tmp_path):
    paths = [str(path) for path in locked_editions]
    cache = tmp_path / "cache"
    result = run_cli("history", *paths, "--order", "given", "--password", "s3cret", "--no-cache", "-f", "json",
                     env={"GUIDEDIFF_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    assert not cache.exists() or not any(cache.rglob("*.json*")), "--no-cache must not write the cache"
    result = run_cli("history", *paths, "--order", "given", "--password", "s3cret", "-f", "json",
                     env={"GUIDEDIFF_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    assert any(path.is_file() for path in cache.rglob("*")), "without --no-cache the reads are cached"
