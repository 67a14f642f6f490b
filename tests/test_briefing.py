"""The Word briefing (-o briefing.docx) and the CSV change table (-o changes.csv), as a policy team meets them.

The briefing is checked the way a reader opens it: converted by LibreOffice
(``soffice --headless --convert-to pdf``) and its text read back with pdftotext.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from guidediff.api import compare
from guidediff.cli import cli
from guidediff.errors import InputError
from guidediff.render import REPORT
from guidediff.report.model import Side
from tests.test_bad_input import tiny_pdf

docx = pytest.importorskip("docx", reason="the Word briefing needs python-docx (pip install 'guidediff[docx]')")

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice (soffice) and pdftotext are needed to open the briefing; "
                                          ".ci/run installs libreoffice-writer-nogui and poppler-utils")


@pytest.fixture(scope="module")
def model_report():
    return compare("wt-2013", "wt-2015")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("briefing") / "b.docx"
    result = CliRunner().invoke(cli, ["compare", "wt-2013", "wt-2015", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _as_pdf_text(docx_path: Path, tmp_path: Path) -> str:
    profile = tmp_path / "lo-profile"  # a private profile: other soffice processes on the machine are left alone
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(docx_path)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / (docx_path.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return _one_line(text.replace("\u00ad", ""))


@needs_soffice
def test_briefing_opens_in_libreoffice_with_the_summary_table_and_citations(briefing, model_report, tmp_path):
    text = _as_pdf_text(briefing, tmp_path)
    assert "What changed: Working Together 2013 → Working Together 2015" in text
    assert "Summary of substantive changes" in text and "2015: where" in text and "2013: where" in text
    substantive = model_report.substantive_changes
    assert len(substantive) == 50  # and 5 bookkeeping: the five renumbered cross-references of corpora/README.md
    # Each change's citation, naming both editions' printed page and paragraph (checked by eye on the PDF).
    for citation in ("Working Together 2015, p. 16, para 18 (2013: p. 15, para 17)",
                     "Working Together 2015, p. 49, para 2, bullet 2 (2013: p. 47, para 2, bullet 2)",
                     "Working Together 2013, p. 15, footnote 2 (to para 17) (removed in 2015)"):
        assert citation in text
    missing = [change.citation for change in substantive if _one_line(change.citation) not in text]
    assert not missing, missing[:3]
    bookkeeping = [change for change in model_report.changes if not change.substantive]
    assert bookkeeping and all(_one_line(change.citation) not in text for change in bookkeeping)


def test_summary_table_has_one_row_per_substantive_change_with_both_sides(briefing, model_report):
    table = docx.Document(str(briefing)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["#", "What changed", "Section", "2015: where", "2013: where"]
    assert len(rows) == 1 + len(model_report.substantive_changes)
    # Numbered after the front matter's two changes (the date and the model notice on p. 1).
    assert ["7", "“guidance on” → “the Government's advice on information sharing, published alongside…”; "
                 "“is available” → “and safely”", "Chapter 1: Assessing need and providing help › Information sharing",
            "para 18, p. 16", "para 17, p. 15"] in rows
    assert ["8", "Removed: “Information Sharing: guidance for practitioners and managers (HM Government, 2008).”",
            "Chapter 1: Assessing need and providing help › Information sharing",
            "not in 2015", "footnote 2 (to para 17), p. 15"] in rows


def test_redline_strikes_deleted_words_and_underlines_inserted_ones(briefing, model_report):
    change = next(c for c in model_report.changes if c.citation.startswith("Working Together 2015, p. 16, para 18"))
    deleted = [text.strip() for op, text in change.diff if op == "-" and text.strip()]
    inserted = [text.strip() for op, text in change.diff if op == "+" and text.strip()]
    assert "guidance on" in deleted and any(text.startswith("the Government's advice") for text in inserted)
    paragraphs = docx.Document(str(briefing)).paragraphs
    heading = next(i for i, p in enumerate(paragraphs) if change.citation in p.text)
    runs = paragraphs[heading + 1].runs
    assert [run.text for run in runs if run.font.strike] == deleted
    assert [run.text for run in runs if run.font.underline] == inserted
    assert not any(run.font.strike and run.font.underline for run in runs)


def test_briefing_is_byte_identical_for_the_same_report(model_report):
    assert REPORT.render(model_report, "docx") == REPORT.render(model_report, "docx")


def test_briefing_lists_bookkeeping_only_when_asked(model_report):
    def texts(**options):
        return "\n".join(p.text for p in docx.Document(io.BytesIO(REPORT.render(model_report, "docx", **options))).paragraphs)

    bookkeeping = next(change for change in model_report.changes if not change.substantive)
    assert bookkeeping.citation not in texts()
    assert bookkeeping.citation in texts(include_bookkeeping=True)


def test_briefing_to_a_pipe_is_the_docx_bytes(tmp_path):
    pdf = tiny_pdf(tmp_path / "a.pdf", ["Chapter 1: Early help", "1. Children should get help early."])
    other = tiny_pdf(tmp_path / "b.pdf", ["Chapter 1: Early help", "1. Children must get help early."])
    result = subprocess.run([sys.executable, "-m", "guidediff", "compare", str(pdf), str(other), "-f", "docx"],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout[:2] == b"PK"  # a zip: the .docx itself
    runs = [run for p in docx.Document(io.BytesIO(result.stdout)).paragraphs for run in p.runs]
    assert [run.text for run in runs if run.font.strike] == ["should"]
    assert [run.text for run in runs if run.font.underline] == ["must"]


def test_without_python_docx_the_error_says_what_to_install(model_report, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(InputError, match=r"pip install 'guidediff\[docx\]'"):
        REPORT.render(model_report, "docx")


def test_briefing_drops_characters_xml_cannot_hold(model_report):
    change = model_report.changes[0]
    hostile = replace(change, citation="p. 1\x00\x07 <w:t>", new=replace(change.new, text="bell\x07 & <b>"))
    report = replace(model_report, changes=(hostile,))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(REPORT.render(report, "docx"))).paragraphs]
    assert any("p. 1 <w:t>" in text for text in paragraphs)


# --------------------------------------------------------------------------- CSV


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_one_row_per_change_with_both_citations(model_report, tmp_path):
    out = tmp_path / "changes.csv"
    result = CliRunner().invoke(cli, ["compare", "wt-2013", "wt-2015", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes().decode("utf-8")
    assert "\r\n" in data
    rows = _rows(data)
    # The model-edition warning comes first, as a row of its own; then one row per change.
    assert [row["kind"] for row in rows[:1]] == ["warning"] and "model edition" in rows[0]["citation"]
    rows = [row for row in rows if row["kind"] != "warning"]
    assert len(rows) == len(model_report.changes)
    assert sum(row["substantive"] == "yes" for row in rows) == 50
    assert sum(row["level"] == "bookkeeping" for row in rows) == 5
    row = next(row for row in rows if row["citation"].startswith("Working Together 2015, p. 16, para 18"))
    assert (row["kind"], row["2015 paragraph"], row["2015 pages"], row["2013 paragraph"], row["2013 pages"]) == \
        ("modified", "18", "16", "17", "15")
    assert "guidance on" in row["deleted"] and row["inserted"].startswith("the Government's advice")
    # A bullet carries the number of the paragraph it is part of, so that sorting by paragraph keeps them together.
    bullet = next(row for row in rows if row["2015 place"] == "para 4, bullet 3")
    assert (bullet["2015 paragraph"], bullet["2015 pages"]) == ("4", "11")


def test_csv_cells_from_a_pdf_never_become_formulas(model_report):
    change = next(change for change in model_report.changes if change.kind == "added")
    hostile = replace(change, new=Side("1", ("1",), '=HYPERLINK("http://example.invalid","x")'),
                      section=("@SUM(A1)",))
    rows = _rows(REPORT.render(replace(model_report, changes=(hostile,), warnings=()), "csv"))
    assert rows[0]["2015 text"] == "'=HYPERLINK(\"http://example.invalid\",\"x\")"
    assert rows[0]["inserted"].startswith("'=") and rows[0]["section"] == "'@SUM(A1)"
