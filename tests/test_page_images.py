"""Each change on its page: snapshots with the changed words marked, figure changes, the size budget, PDF links.

Needs the pages extra (pypdfium2, Pillow; in the test extra). The KCSIE checks need the
real PDFs in ../shared/corpus and skip without them. The marks are checked against the
page itself: the words pdfium prints inside each mark's box, not our reader's text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

from guidediff.api import compare, parse_size
from guidediff.errors import InputError
from guidediff.render import REPORT
from guidediff.report.model import ChangeKind, Report
from guidediff.testing import DocSpec, Figure, Heading, Para
from tests.conftest import real_pdf_path

pdfium = pytest.importorskip("pypdfium2", reason="the pages extra (pypdfium2) is not installed")


def _figure_spec(bars: tuple[float, ...]) -> DocSpec:
    return DocSpec(title="Figures and their text", body=(
        Heading("Chapter one"),
        Para("Local authorities should publish a threshold document for children in need.", "1."),
        Figure(bars),
        Para("The chart above shows referrals by month; the text says nothing more about it.", "2."),
        Heading("Chapter two"),
        Para("Early help means providing support as soon as a problem emerges.", "3."),
    ))


@pytest.fixture(scope="module")
def figure_pair(tmp_path_factory):
    from guidediff.testing import render

    folder = tmp_path_factory.mktemp("figures")
    render(_figure_spec((0.3, 0.6, 0.9)), folder / "old.pdf")
    render(_figure_spec((0.3, 0.2, 0.9)), folder / "new.pdf")  # only the middle bar differs
    return folder / "old.pdf", folder / "new.pdf"


def test_a_pair_whose_only_difference_is_a_drawn_figure_reports_one_figure_change(figure_pair):
    old, new = figure_pair
    assert compare(old, new, watchlist=None).changes == ()  # the text is the same: nothing to say without pictures
    report = compare(old, new, watchlist=None, page_images="changed")
    assert [change.kind for change in report.changes] == [ChangeKind.FIGURE]
    change = report.changes[0]
    assert change.substantive and ", p. 3, figure (" in change.citation and change.citation.endswith(": p. 3, figure)")
    assert change.section == ("Chapter one",)
    assert report.summary.changes["figure"] == 1 and report.summary.changes["substantive"] == 1
    shots = report.page_images.snapshots
    assert [shot.side for shot in shots] == ["old", "new"]
    # The marks are on the middle bar, where the drawings differ, not on the whole chart.
    for shot in shots:
        assert [mark.op for mark in shot.highlights] == ["~"]
        mark, region = shot.highlights[0].box, shot.region.box
        assert region[0] < mark[0] and mark[2] < region[2]
        assert (mark[2] - mark[0]) < (region[2] - region[0]) / 2


def test_identical_documents_report_no_figure_change(figure_pair):
    old, _ = figure_pair
    report = compare(old, old, watchlist=None, page_images="all")
    assert report.changes == ()
    assert report.page_images.snapshots == () and report.page_images.used == 0


def test_a_figure_change_is_valid_json_and_named_in_every_format(figure_pair):
    old, new = figure_pair
    report = compare(old, new, watchlist=None, page_images="changed")
    schema = json.loads(resources.files("guidediff.report").joinpath("schema/report-1.schema.json").read_text())
    data = json.loads(REPORT.render(report, "json"))
    jsonschema.validate(data, schema)
    assert data["changes"][0]["kind"] == "figure" and data["changes"][0]["new"]["regions"]
    assert data["page_images"]["snapshots"][0]["highlights"][0]["op"] == "~"
    html = REPORT.render(report, "html")
    assert "A drawing differs between" in html and 'src="data:image/png;base64,' in html
    assert REPORT.render(Report.from_dict(data), "json") == REPORT.render(report, "json")


def test_page_images_are_byte_identical_between_runs(figure_pair):
    old, new = figure_pair
    first = compare(old, new, watchlist=None, page_images="changed")
    second = compare(old, new, watchlist=None, page_images="changed")
    assert REPORT.render(first, "html") == REPORT.render(second, "html")


def test_without_the_pages_extra_the_message_says_what_to_install(figure_pair, monkeypatch):
    old, new = figure_pair
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2 now fails
    with pytest.raises(InputError, match=r"guidediff\[pages\]"):
        compare(old, new, page_images="changed")
    assert compare(old, new, watchlist=None).changes == ()  # off needs nothing


def test_bad_page_image_options_are_one_line_and_status_2(figure_pair):
    old, new = figure_pair
    for options, said in ((["--page-images-max", "four megabytes"], "'four megabytes' is not a size"),
                          (["--page-images", "some"], "'some' is not one of 'off', 'changed', 'all'")):
        result = subprocess.run([sys.executable, "-m", "guidediff", "compare", str(old), str(new), *options],
                                capture_output=True, text=True)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and said in result.stderr.strip().splitlines()[-1]
    assert parse_size("4MB") == 4_000_000 and parse_size("800 kb") == 800_000 and parse_size("0") == 0
    with pytest.raises(InputError):
        compare(old, new, page_images="sometimes")


def test_citations_link_to_the_pdf_page_only_when_the_pdf_sits_beside_the_report(figure_pair, tmp_path):
    old, new = figure_pair
    beside = tmp_path / "beside"
    beside.mkdir()
    for path in (old, new):
        shutil.copy(path, beside / path.name)
    report = compare(beside / "old.pdf", beside / "new.pdf", watchlist=None, page_images="changed")
    html = REPORT.render(report, "html", output=str(beside / "report.html"))
    assert 'href="old.pdf#page=3"' in html and 'href="new.pdf#page=3"' in html
    (tmp_path / "other").mkdir()
    elsewhere = REPORT.render(report, "html", output=str(tmp_path / "other" / "report.html"))
    assert "#page=" not in elsewhere  # no "../" links: a report moved without its PDFs must not point at nothing
    below = REPORT.render(report, "html", output=str(tmp_path / "report.html"))
    assert 'href="beside/old.pdf#page=3"' in below  # in a folder beside the report is fine
    # A different file under the same name is not linked: the SHA-256 is checked.
    shutil.copy(old, beside / "new.pdf")
    assert 'href="new.pdf#page=' not in REPORT.render(report, "html", output=str(beside / "report.html"))


def test_a_report_without_pictures_allows_no_images():
    report = compare("wt-2013", "wt-2015")
    html = REPORT.render(report, "html")
    assert "img-src 'none'" in html.replace("&#39;", "'") and "<img" not in html


# --- the real KCSIE Part one pair --------------------------------------------------------


@pytest.fixture(scope="module")
def kcsie():
    return compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                   old_pages="7-24", new_pages="4-20", page_images="changed")


def _words_under(path, shot, mark) -> str:
    """What pdfium prints inside a mark, from the PDF itself."""
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[shot.region.page_index].get_textpage()
        x0, y0, x1, y1 = mark.box
        return " ".join(textpage.get_text_bounded(x0 + 1.5, y0 + 1.5, x1 - 1.5, y1 - 1.5).split())
    finally:
        document.close()


@pytest.mark.corpus
def test_kcsie_paragraph_12_marks_para_in_july_and_paragraph_of_kcsie_in_september(kcsie):
    # Checked by eye: July p. 9 prints "see para 140 for", September p. 6 "see paragraph 140 of KCSIE for".
    change = next(c for c in kcsie.changes if c.new and c.new.number == "12")
    old_shots, new_shots = kcsie.page_images.of(change.id, "old"), kcsie.page_images.of(change.id, "new")
    assert [shot.region.page for shot in old_shots] == ["9"] and [shot.region.page for shot in new_shots] == ["6"]
    july, september = real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf")
    assert [_words_under(july, old_shots[0], mark) for mark in old_shots[0].highlights] == ["para"]
    assert [_words_under(september, new_shots[0], mark) for mark in new_shots[0].highlights] == ["paragraph", "of KCSIE"]
    assert {mark.op for mark in old_shots[0].highlights} == {"-"} and {mark.op for mark in new_shots[0].highlights} == {"+"}


@pytest.mark.corpus
def test_kcsie_every_substantive_change_is_pictured_within_the_budget(kcsie):
    images = kcsie.page_images
    assert kcsie.summary.changes.get("figure", 0) == 0  # the flowchart's drawing is redrawn around changed text
    pictured = {shot.change for shot in images.snapshots}
    assert pictured == {change.id for change in kcsie.changes if change.level != "bookkeeping"} and images.left_out == ()
    assert images.used == sum(shot.size for shot in images.snapshots) <= images.budget == 4_000_000
    assert images.dpi == 144.0
    # Paragraph 40 runs on over September's pp. 12-13: one picture per page.
    change = next(c for c in kcsie.changes if c.new and c.new.number == "40")
    assert [shot.region.page for shot in images.of(change.id, "new")] == ["12", "13"]


@pytest.mark.corpus
def test_kcsie_a_small_budget_is_respected_and_reported():
    report = compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                     old_pages="7-24", new_pages="4-20", page_images="changed", image_budget=150_000)
    images = report.page_images
    assert images.used <= 150_000 and images.left_out and images.dpi == 90.0
    html = REPORT.render(report, "html")
    assert f"{len(images.left_out)} more changes were left out to stay within the budget" in html
    assert html.count("Its page pictures were left out") == len(images.left_out)
