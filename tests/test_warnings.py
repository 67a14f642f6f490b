"""Sense checks: a comparison that makes no sense says so, on stderr and first in every format.

Each case runs the command line as a user would and checks the warning line on
stderr and the report's ``warnings``; the formats are checked through the
registries, so a new format cannot leave the warnings out.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from guidediff import corpus
from guidediff.api import compare
from guidediff.checks import InputWarning, WarningKind
from guidediff.history import history
from guidediff.render import HISTORY, REPORT
from tests.conftest import real_pdf_path, shared_corpus
from tests.test_bad_input import tiny_pdf


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guidediff", *args], capture_output=True, text=True, timeout=300)


def warned(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.removeprefix("guidediff: warning: ") for line in result.stderr.splitlines()
            if line.startswith("guidediff: warning: ")]


def kinds(report_json: str) -> list[str]:
    return [warning["kind"] for warning in json.loads(report_json)["warnings"]]


GUIDANCE = [
    "Chapter 1: Early help",
    "1. Practitioners should identify children who would benefit from early help as soon as a problem emerges.",
    "2. Local agencies should work together to put processes in place for the effective assessment of need.",
    "Chapter 2: Information sharing",
    "3. Fears about sharing information must not be allowed to stand in the way of protecting children.",
    "4. Every practitioner should share information with the local authority when a child may be at risk.",
]


# --- same file ---------------------------------------------------------------------------------


def test_issue_the_same_file_on_both_sides_is_a_warning(tmp_path):
    original = tiny_pdf(tmp_path / "guidance.pdf", GUIDANCE)
    copy = tmp_path / "guidance-copy.pdf"
    shutil.copyfile(original, copy)
    result = run_cli("compare", str(original), str(copy), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert kinds(result.stdout) == ["same-file"]
    [line] = warned(result)
    assert line.startswith("OLD and NEW are the same file (SHA-256 ") and "nothing can have changed" in line


def test_two_parts_of_one_file_are_no_same_file_warning():
    report = compare("wt-2013", "wt-2013", old_pages="11-46", new_pages="47-57", watchlist=None)
    assert WarningKind.SAME_FILE not in [warning.kind for warning in report.warnings]


# --- reversed dates ------------------------------------------------------------------------------


def test_issue_an_old_edition_dated_after_the_new_one_is_a_warning(tmp_path):
    later = tiny_pdf(tmp_path / "later.pdf", ["Guidance for practitioners", "March 2016", *GUIDANCE])
    earlier = tiny_pdf(tmp_path / "earlier.pdf", ["Guidance for practitioners", "May 2014", *GUIDANCE[:-1]])
    result = run_cli("compare", str(later), str(earlier), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert kinds(result.stdout) == ["reversed-dates"]
    [line] = warned(result)
    assert "is dated March 2016 (on its cover), after NEW" in line and "dated May 2014" in line
    assert "give the older edition first" in line
    assert warned(run_cli("compare", str(earlier), str(later), "-f", "json")) == []


def test_manifest_dates_are_compared_too():
    report = compare("wt-2015", "wt-2013", watchlist=None)
    [reversed_dates] = [warning for warning in report.warnings if warning.kind is WarningKind.REVERSED_DATES]
    assert "26 March 2015 (in the edition manifest)" in reversed_dates.message
    assert "21 March 2013" in reversed_dates.message


# --- unrelated documents ----------------------------------------------------------------------


def test_issue_model_editions_of_different_documents_are_a_warning():
    result = run_cli("compare", "is-2015", "wt-2015", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert kinds(result.stdout) == ["unrelated", "model-edition"]
    line = warned(result)[0]
    assert "are editions of different documents (Information sharing and Working Together" in line
    assert "of OLD's text and" in line and "% of NEW's is found in the other" in line


@pytest.mark.corpus
def test_issue_unrelated_real_documents_say_how_much_they_share():
    result = run_cli("compare", str(real_pdf_path("is-2024.pdf")), str(real_pdf_path("wt-2023.pdf")), "-f", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [warning["kind"] for warning in report["warnings"]] == ["unrelated"]
    warning = report["warnings"][0]
    found = re.search(r"do not look like editions of one document: only (\d+)% of OLD's text and (under 1|\d+)% of NEW's",
                      warning["message"])
    assert found, warning["message"]
    assert warning["shared"]["old"] < 0.06 and warning["shared"]["new"] < 0.02
    assert int(found.group(1)) == round(warning["shared"]["old"] * 100)
    assert warned(result) == [warning["message"]]


# --- one side only part of the other -------------------------------------------------------------


@pytest.mark.corpus
def test_issue_part_one_against_the_full_kcsie_names_the_page_ranges_to_pass():
    """The September Part one matches the July full KCSIE's Part one (pp. 7-24) and Annex B (pp. 149-170).

    Checked by eye on the rendered pages: July p. 7 opens "Part one: Safeguarding information for all
    staff", p. 24 is its flowchart and p. 25 opens Part two; p. 149 opens Annex B, p. 171 Annex C.
    September p. 4 opens Part one, p. 20 is the flowchart, p. 21 opens "Annex: Further information",
    p. 41 ends it and p. 42 is the copyright page.
    """
    july, september = real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf")
    result = run_cli("compare", str(july), str(september), "-f", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [warning["kind"] for warning in report["warnings"]] == ["part-of-whole"]
    warning = report["warnings"][0]
    assert [part["options"] for part in warning["parts"]] == [
        "--old-pages 7-24 --new-pages 4-20", "--old-pages 149-170 --new-pages 21-41"]
    assert warning["parts"][0]["sections"] == ["Part one: Safeguarding information for all staff"]
    message = warning["message"]
    assert "'Part one: Safeguarding information for all staff' (pp. 7–24)" in message
    assert "'Annex B: Further information' (pp. 149–170)" in message
    assert "99% of NEW's text is found in OLD, but only 21% of OLD's" in message
    assert warned(result) == [message]
    # The text report says it before anything else.
    text = run_cli("compare", str(july), str(september)).stdout.splitlines()
    assert text[1].startswith("Warning (one side is only part of the other): ") and "--old-pages 7-24" in text[1]


@pytest.mark.corpus
def test_part_of_whole_follows_the_ranges_given():
    july, september = real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf")
    half = compare(july, september, old_pages="7-24", watchlist=None)
    [warning] = half.warnings
    assert warning.kind is WarningKind.PART_OF_WHOLE and [part.options for part in warning.parts] == ["--new-pages 4-20"]
    both = compare(july, september, old_pages="7-24", new_pages="4-20", watchlist=None)
    assert both.warnings == ()


@pytest.mark.corpus
@pytest.mark.parametrize("pair", ["thunderbird-pn-2025", "hello-tos-2015", "firefox-pn-2024", "pocket-tos-2024"])
def test_real_edition_pairs_get_no_warning(pair):
    """Editions that added or dropped a lot of text are still editions, not parts: no warning."""
    prose = shared_corpus() / "prose"
    old, new = prose / f"{pair}-old.lo.pdf", prose / f"{pair}-new.lo.pdf"
    if not old.is_file():
        pytest.skip(f"{old} not found")
    assert compare(old, new, watchlist=None).warnings == ()


def test_model_editions_of_one_document_get_only_the_model_warning():
    for old, new in (("wt-2013", "wt-2015"), ("wt-2010", "wt-2013"), ("wiw-2006", "wiw-2015"), ("is-2008", "is-2015")):
        report = compare(old, new, watchlist=None)
        assert [warning.kind for warning in report.warnings] == [WarningKind.MODEL_EDITION], (old, new)


# --- model editions: said in every format, first ---------------------------------------------------


@pytest.fixture(scope="module")
def model_report():
    return compare("wt-2013", "wt-2015")


def test_issue_every_report_from_model_editions_says_so_in_its_first_lines(model_report):
    notice = "MODEL EDITION for testing guidediff. Not the official text"
    text = REPORT.render(model_report, "text").splitlines()
    assert text[0] == "Working Together 2013 -> Working Together 2015 (model editions)"
    assert text[1].startswith("Warning (model edition): OLD (Working Together 2013, wt-2013) and NEW") and notice in text[1]
    markdown = REPORT.render(model_report, "md").splitlines()
    assert markdown[0] == "# What changed: Working Together 2013 → Working Together 2015 (model editions)"
    assert markdown[2].startswith("> **Warning (model edition):**") and notice in markdown[2]
    html = REPORT.render(model_report, "html")
    head, _, body = html.partition("<body>")
    assert "(model editions)</title>" in head
    banner = body[:body.index('<header class="masthead">')]
    assert 'class="warnings" role="alert"' in banner and notice in banner
    data = json.loads(REPORT.render(model_report, "json"))
    assert data["old"]["model"] is True and data["new"]["model"] is True
    assert [warning["kind"] for warning in data["warnings"]] == ["model-edition"]


def test_a_model_edition_against_a_plain_file_names_the_model(tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(corpus.get("is-2015").model_path, copy)
    report = compare("is-2008", str(copy), watchlist=None)
    assert report.old.model and not report.new.model
    assert REPORT.render(report, "text").splitlines()[0].endswith("(Information sharing 2008 is a model edition)")
    [warning] = [warning for warning in report.warnings if warning.kind is WarningKind.MODEL_EDITION]
    assert "(the other side is not)" in warning.message


def _first_text(output: str | bytes, name: str) -> str:
    """The start of a rendered report, as a reader meets it first."""
    if name == "docx":
        docx = pytest.importorskip("docx")
        paragraphs = [paragraph.text for paragraph in docx.Document(io.BytesIO(output)).paragraphs]
        return "\n".join(paragraphs[:3])
    if name == "csv":
        rows = list(csv.DictReader(io.StringIO(output.lstrip("\ufeff"))))  # type: ignore[union-attr]
        return rows[0]["citation"]
    if name == "json":
        data = json.loads(output)
        assert list(data)[:4] == ["schema", "schema_version", "generator", "warnings"]
        return data["warnings"][0]["message"]
    if name == "html":
        return output[:output.index('<header class="masthead">')]  # type: ignore[union-attr, arg-type]
    return "\n".join(output.splitlines()[:3])  # type: ignore[union-attr]


@pytest.mark.parametrize("name", REPORT.names)
def test_warnings_come_first_in_every_report_format(model_report, name):
    warning = InputWarning(WarningKind.SAME_FILE, "OLD and NEW are the same <b>file</b>, for this test")
    report = replace(model_report, warnings=(warning,))
    start = _first_text(REPORT.render(report, name), name)
    assert "the same" in start and "for this test" in start, (name, start[:300])
    assert "<b>" not in start or name in ("text", "csv", "json", "docx"), "HTML and Markdown escape the warning"


@pytest.fixture(scope="module")
def model_history():
    return history(["wt-2010", "wt-2013", "wt-2015"], watchlist=None)


@pytest.mark.parametrize("name", HISTORY.names)
def test_every_history_from_model_editions_says_so_first(model_history, name):
    output = HISTORY.render(model_history, name)
    if name == "json":
        data = json.loads(output)
        assert [warning["kind"] for warning in data["warnings"]] == ["model-edition"]
        assert all(edition["model"] for edition in data["editions"])
        return
    start = output[:output.index("<table")] if name == "html" else "\n".join(output.splitlines()[:3])
    assert "(model editions)" in start and "model edition" in start.lower()
    assert "MODEL EDITION for testing guidediff" in start


# --- history: one lineage, each edition once -----------------------------------------------------


def test_issue_history_with_an_edition_twice_and_another_document_warns():
    result = run_cli("history", "wt-2013", "wt-2015", "wt-2013", "is-2015", "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [warning["kind"] for warning in data["warnings"]] == ["repeated-edition", "not-one-lineage", "model-edition"]
    lines = warned(result)
    assert lines[0].startswith("'wt-2013' and 'wt-2013' are the same file (SHA-256 ")
    assert "these editions are of different documents" in lines[1] and "Information sharing 2015" in lines[1]


def test_history_of_unknown_files_that_share_nothing_warns(tmp_path):
    first = tiny_pdf(tmp_path / "a.pdf", GUIDANCE)
    second = tiny_pdf(tmp_path / "b.pdf", [*GUIDANCE, "5. A new paragraph about children missing education."])
    other = tiny_pdf(tmp_path / "c.pdf", ["Planning applications", "1. Extensions need permission when taller than four metres.",
                                          "2. A listed building needs consent before any alteration is made to it."])
    timeline = history([first, second, other], order="given", watchlist=None)
    [warning] = timeline.warnings
    assert warning.kind is WarningKind.NOT_ONE_LINEAGE and "does not look like the edition after" in warning.message


# --- editions read differently -----------------------------------------------------------------


@pytest.mark.corpus
def test_a_tagged_edition_against_an_untagged_copy_is_a_warning(tmp_path):
    # A new user's trial: one page dropped with plain pypdf (which drops the tag tree) gave 86
    # substantive changes for about 6, with no word of why. Both sides read from their tags, or
    # both from their layout, are no such case.
    from guidediff.testing.variants import without_tags

    tagged = real_pdf_path("is-2024.pdf")
    untagged = tmp_path / "is-2024-untagged.pdf"
    untagged.write_bytes(without_tags(tagged.read_bytes()))
    result = run_cli("compare", str(tagged), str(untagged), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "mixed-reading" in kinds(result.stdout)
    [line] = [line for line in warned(result) if "tag tree" in line]
    assert line.startswith("OLD is read from its tag tree, NEW from its layout alone")
    assert "mixed-reading" not in [warning.kind for warning in compare(untagged, untagged, watchlist=None).warnings]
    assert "mixed-reading" not in [warning.kind for warning in compare("wt-2013", "wt-2015", watchlist=None).warnings]
