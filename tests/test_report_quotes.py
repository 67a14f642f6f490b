"""Issue 15, part 3: compare and history follow quotations (--quote, --quotes) beside the watched topics."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

import guidediff
from guidediff.cli import cli
from guidediff.render import HISTORY, REPORT
from guidediff.report.model import Report
from tests.conftest import real_pdf_path

SCHEMAS = resources.files("guidediff") / "report" / "schema"
REPORT_SCHEMA = json.loads((SCHEMAS / "report-1.schema.json").read_text("utf-8"))
HISTORY_SCHEMA = json.loads((SCHEMAS / "history-1.schema.json").read_text("utf-8"))

KEPT = "Keep a record of your decision and your reasons"
REWORDED = "Share with consent where appropriate and, where you can, respect the wishes of people"
DROPPED = "Seek advice if you are in any doubt, without disclosing the identity of the person where possible"
NEW = "fears about sharing information cannot be allowed to stand in the way"
NEITHER = "Practitioners must always telephone the police before sharing anything"


@functools.cache
def information_sharing() -> Report:
    return guidediff.compare("is-2008", "is-2015", quotes=[KEPT, REWORDED, DROPPED, NEW, NEITHER])


def test_each_quotation_has_its_fate_and_pages_on_both_sides():
    quotes = {quote.text: quote for quote in information_sharing().quotes}
    assert [quote.text for quote in information_sharing().quotes] == [KEPT, REWORDED, DROPPED, NEW, NEITHER]
    assert quotes[KEPT].status == "kept"
    assert ([p.citation for p in quotes[KEPT].old], [p.citation for p in quotes[KEPT].new]) == (
        ["p. 7, para 7"], ["p. 8, para 7"])
    assert quotes[REWORDED].status == "reworded"
    assert [(p.kind, p.citation) for p in quotes[REWORDED].new] == [("close", "p. 7, para 4")]
    assert ("+", "informed ") in quotes[REWORDED].diff
    assert (quotes[DROPPED].status, quotes[DROPPED].new) == ("dropped", ())
    assert quotes[NEW].status == "new" and [p.pages for p in quotes[NEW].new] == [("6",), ("13",)]
    assert (quotes[NEITHER].status, quotes[NEITHER].old, quotes[NEITHER].new) == ("absent", (), ())


def test_report_json_with_quotes_follows_the_schema_and_reads_back():
    data = json.loads(REPORT.render(information_sharing(), "json"))
    jsonschema.validate(data, REPORT_SCHEMA)
    assert [quote["status"] for quote in data["quotes"]] == ["kept", "reworded", "dropped", "new", "absent"]
    assert REPORT.render(Report.from_dict(data), "json") == REPORT.render(information_sharing(), "json")


def test_a_report_without_quotations_has_no_quotes_field():
    # Reports written before --quote existed stay byte for byte as they were.
    data = json.loads(REPORT.render(guidediff.compare("is-2008", "is-2015"), "json"))
    assert "quotes" not in data
    jsonschema.validate(data, REPORT_SCHEMA)


def test_every_format_shows_the_quotations_beside_the_watched_topics():
    report = information_sharing()
    markdown = REPORT.render(report, "md")
    assert markdown.index("## Watched topics") < markdown.index("## Quotations") < markdown.index("## Sections")
    assert f"- **“{KEPT}”**: kept: p. 7, para 7 → p. 8, para 7" in markdown
    assert "Share with **informed** consent" in markdown
    assert "dropped in 2015 (was 2008: p. 6, para 3)" in markdown
    text = REPORT.render(report, "text")
    assert f'"{NEW}": new in 2015: p. 6; p. 13' in text
    assert "Share with {+informed +}consent" in text
    html = REPORT.render(report, "html")
    assert "<h3>Quotations</h3>" in html and "kept: p. 7, para 7 → p. 8, para 7" in html


def test_the_word_briefing_lists_the_quotations_with_a_redline():
    docx = pytest.importorskip("docx")
    import io

    paragraphs = docx.Document(io.BytesIO(REPORT.render(information_sharing(), "docx"))).paragraphs
    texts = [paragraph.text for paragraph in paragraphs]
    heading = texts.index("Quotations")
    assert texts.index("Watched topics") < heading < texts.index("Sections")
    assert f"“{KEPT}”: kept: p. 7, para 7 → p. 8, para 7" in texts
    assert f"“{DROPPED}”: dropped in 2015 (was 2008: p. 6, para 3)" in texts
    reworded = texts.index(f"“{REWORDED}”: reworded: p. 6, para 4 → p. 7, para 4 (close, 94%)")
    runs = paragraphs[reworded + 1].runs
    assert [run.text for run in runs if run.font.underline] == ["informed"]
    assert not any(run.font.strike for run in runs)


def test_the_csv_has_a_row_per_quotation_after_the_changes():
    import csv
    import io

    report = information_sharing()
    rows = list(csv.DictReader(io.StringIO(REPORT.render(report, "csv").lstrip("\ufeff"))))
    rows = [row for row in rows if row["kind"] != "warning"]  # the model-edition warning comes first
    assert [row["kind"] for row in rows[:len(report.changes)]] == [change.kind for change in report.changes]
    quotes = rows[len(report.changes):]
    assert [(row["id"], row["kind"], row["substantive"]) for row in quotes] == [
        (f"q{index}", "quotation", "") for index in range(1, 6)]
    kept, reworded, dropped, new, neither = quotes
    assert (kept["citation"], kept["2008 pages"], kept["2015 pages"], kept["2015 paragraph"]) == (
        "kept: p. 7, para 7 → p. 8, para 7", "7", "8", "7")
    assert (reworded["deleted"], reworded["inserted"]) == ("", "informed")
    assert reworded["2015 text"].startswith("Share with informed consent")
    assert (dropped["2015 pages"], dropped["2008 pages"]) == ("", "6")
    assert neither["citation"] == "in neither edition"
    # Without quotations the table is the changes alone, as before.
    plain = list(csv.DictReader(io.StringIO(REPORT.render(guidediff.compare("is-2008", "is-2015"), "csv")
                                            .lstrip("\ufeff"))))
    assert len([row for row in plain if row["kind"] != "warning"]) == len(report.changes)


def test_quotations_from_the_pdf_and_the_user_are_escaped():
    report = guidediff.compare("is-2008", "is-2015", quotes=["<script>alert(1)</script> *Share* with [x](y)"])
    assert "<script>alert" not in REPORT.render(report, "html")
    assert "\\<script\\>" in REPORT.render(report, "md") and "\\[x\\]" in REPORT.render(report, "md")


def test_history_follows_each_quotation_through_every_edition():
    timeline = guidediff.history(["wt-2010", "wt-2013", "wt-2015"], quotes=[
        "children who have been or may be sexually exploited, children who have undergone or may undergo female "
        "genital mutilation and children who have been or may be radicalised",
        "The LSCB should publish a threshold document which sets out the local criteria for action"])
    first, second = timeline.quotes
    assert [step.status for step in first.steps] == ["absent", "absent", "first appears"]
    assert first.first_exact == 2 and first.steps[2].places[0].citation == "p. 15, para 13"
    assert [step.status for step in second.steps] == ["absent", "first appears", "kept"]
    assert [step.places[0].citation for step in second.steps[1:]] == ["p. 14, para 12", "p. 14, para 12"]
    data = json.loads(HISTORY.render(timeline, "json"))
    jsonschema.validate(data, HISTORY_SCHEMA)
    markdown = HISTORY.render(timeline, "md")
    assert "## Quotations" in markdown and "2013 first appears (p. 14, para 12); 2015 kept (p. 14, para 12)" in markdown
    html = HISTORY.render(timeline, "html")
    assert "<h2>Quotations</h2>" in html and "first appears" in html


def test_history_shows_a_rewording_with_its_redline():
    timeline = guidediff.history(["is-2008", "is-2015"], quotes=[REWORDED])
    [quote] = timeline.quotes
    assert [step.status for step in quote.steps] == ["present", "reworded"]
    assert ("+", "informed ") in quote.steps[1].diff
    assert "<ins>informed </ins>" in HISTORY.render(timeline, "html")
    assert "> 2015: Share with **informed** consent" in HISTORY.render(timeline, "md")


def test_a_history_without_quotations_has_no_quotes_field():
    assert "quotes" not in json.loads(HISTORY.render(guidediff.history(["is-2008", "is-2015"]), "json"))


# --- the command line ---------------------------------------------------------------------------


def test_cli_compare_takes_repeated_quote_and_a_quotes_file(tmp_path):
    quotes_file = tmp_path / "briefing.txt"
    first_line, second_line = DROPPED.split(", ", 1)  # a quotation may run over several lines
    quotes_file.write_text(f"# quotations for the staff briefing\n{NEW}\n\n{first_line},\n{second_line}\n",
                           encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", "is-2008", "is-2015", "--quote", KEPT, "--quote", NEW,
                                      "--quotes", str(quotes_file), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [quote["text"] for quote in data["quotes"]] == [KEPT, NEW, DROPPED]  # a repeat is followed once
    assert [quote["status"] for quote in data["quotes"]] == ["kept", "new", "dropped"]


def test_cli_history_takes_quotes():
    result = CliRunner().invoke(cli, ["history", "is-2008", "is-2015", "--quote", REWORDED, "-f", "md"])
    assert result.exit_code == 0, result.output
    assert "## Quotations" in result.output and "2015 reworded (p. 7, para 4 (close, 94%))" in result.output


@pytest.mark.parametrize(("content", "words"), [(None, "cannot read the quotations file"),
                                                ("# nothing but a comment\n", "holds no quotation")])
def test_cli_bad_quotations_file_is_one_line_and_status_2(tmp_path, content, words):
    path = tmp_path / "quotes.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "guidediff", "compare", "is-2008", "is-2015", "--quotes", str(path),
                           "-o", str(tmp_path / "report.html")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "report.html").exists()


# --- the real KCSIE pair -----------------------------------------------------------------------------


@pytest.mark.corpus
def test_kcsie_part_one_quotations_kept_and_reworded_with_both_pages():
    report = guidediff.compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                               old_pages="7-24", new_pages="4-20", quotes=[
                                   "All staff should be prepared to identify children who may benefit from early help.",
                                   "Annex B contains important additional information about specific forms of abuse, "
                                   "exploitation and safeguarding issues."])
    kept, reworded = report.quotes
    assert kept.status == "kept"
    assert ([p.citation for p in kept.old], [p.citation for p in kept.new]) == (["p. 8, para 6"], ["p. 5, para 6"])
    assert reworded.status == "reworded"
    assert [p.citation for p in reworded.old][:1] == ["p. 17, para 48"]
    assert [p.citation for p in reworded.new][:1] == ["p. 14, para 48"]
    assert reworded.diff[:2] == (("-", "Annex B"), ("+", "The annex"))
    # Only the pages compared are searched: Annex B (July p. 149) is outside 7-24.
    assert all(place.pages[0] != "149" for place in reworded.old)
