"""The HTML report in a real browser (headless Chromium driven by Playwright).

Skipped with a reason when the playwright package or a Chromium binary is missing.
Chromium is the system one (Debian's ``chromium`` package) unless
``GUIDEDIFF_CHROMIUM`` names another; ``playwright install`` is not needed.
Set ``GUIDEDIFF_UPDATE_SCREENSHOT=1`` to rewrite docs/screenshot.png from the
model editions' report.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guidediff.api import compare
from guidediff.render.report_html import render as render_html
from tests.test_html_report import ATTRIBUTE_BREAKOUT, SCRIPT_TAG, _spec, synthetic_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ROOT / "guidediff" / "data" / "editions"
CHROMIUM = Path(os.environ.get("GUIDEDIFF_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set GUIDEDIFF_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def model_report():
    return compare(EDITIONS / "wt-2013.pdf", EDITIONS / "wt-2015.pdf")


@pytest.fixture(scope="module")
def model_file(model_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "wt-2013-wt-2015.html"
    path.write_text(render_html(model_report), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    from guidediff.testing.pdfgen import render

    folder = tmp_path_factory.mktemp("hostile-html")
    render(_spec(False), folder / "old.pdf")
    render(_spec(True), folder / "new.pdf")
    path = folder / "hostile.html"
    path.write_text(render_html(compare(folder / "old.pdf", folder / "new.pdf", watchlist=None)), encoding="utf-8")
    return path


class Watched:
    """A page with everything it asks of the outside world recorded."""

    def __init__(self, browser, path: Path, **context_options) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type in ("error", "warning") and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.url = path.as_uri()

    def open(self, fragment: str = ""):
        self.page.goto(self.url + fragment)
        self.page.wait_for_load_state("load")
        return self.page

    def visible_ids(self) -> list[str]:
        return self.page.eval_on_selector_all("article.chg", "els => els.filter(e => !e.hidden).map(e => e.id)")


@pytest.fixture
def watched(browser, model_file):
    session = Watched(browser, model_file)
    yield session
    session.context.close()


def test_loads_without_errors_or_requests(watched):
    page = watched.open()
    page.wait_for_timeout(200)
    assert watched.errors == []
    assert watched.requests == [watched.url]
    assert page.evaluate("document.documentElement.className") == "js"


def test_bookkeeping_toggle(watched, model_report):
    page = watched.open()
    bookkeeping = [change.id for change in model_report.changes if not change.substantive]
    substantive = [change.id for change in model_report.changes if change.substantive]
    assert sorted(watched.visible_ids()) == sorted(substantive)
    assert not page.is_visible(f"#{bookkeeping[0]}")
    page.check("#gd-bookkeeping")
    assert page.is_visible(f"#{bookkeeping[0]}")
    assert len(watched.visible_ids()) == len(model_report.changes)
    assert page.inner_text("#gd-status") == f"Showing {len(model_report.changes)} of {len(model_report.changes)} changes."
    page.uncheck("#gd-bookkeeping")
    assert not page.is_visible(f"#{bookkeeping[0]}")


def test_view_switch_and_it_is_remembered(watched, model_report):
    page = watched.open()
    change = next(c for c in model_report.changes if c.kind == "modified" and c.substantive)
    assert page.is_visible(f"#{change.id} .rl") and not page.is_visible(f"#{change.id} .sbs")
    page.get_by_label("Side by side").check()
    assert page.is_visible(f"#{change.id} .col-old") and page.is_visible(f"#{change.id} .col-new")
    assert not page.is_visible(f"#{change.id} .rl")
    old_box = page.locator(f"#{change.id} .col-old").bounding_box()
    new_box = page.locator(f"#{change.id} .col-new").bounding_box()
    assert old_box["x"] + old_box["width"] <= new_box["x"], "the columns stand side by side"
    page.reload()
    assert page.is_visible(f"#{change.id} .col-new")
    page.get_by_label("Redline").check()
    assert page.is_visible(f"#{change.id} .rl")


def test_kind_filter(watched, model_report):
    page = watched.open()
    page.uncheck('input[name="gd-kind"][value="added"]')
    visible = set(watched.visible_ids())
    expected = {c.id for c in model_report.changes if c.substantive and c.kind != "added"}
    assert visible == expected
    # A section holding only added paragraphs disappears, with its contents entry.
    only_added = [entry.id for entry in model_report.sections
                  if entry.changes and all(c.kind == "added" for c in model_report.changes if c.section_id == entry.id)
                  and entry.kind == "matched" and not entry.flags]
    for section_id in only_added:
        assert not page.is_visible(f"#{section_id}")
        assert not page.is_visible(f'#gd-toc li[data-sec="{section_id}"]')
    page.check('input[name="gd-kind"][value="added"]')
    assert len(watched.visible_ids()) == len(model_report.substantive_changes)


def test_concept_filter(watched, model_report):
    page = watched.open()
    page.select_option("#gd-concept", "radicalisation")
    visible = set(watched.visible_ids())
    assert visible == {c.id for c in model_report.changes if c.substantive and "radicalisation" in c.concepts}
    assert visible
    page.select_option("#gd-concept", "")
    assert len(watched.visible_ids()) == len(model_report.substantive_changes)


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """selector => { const r = document.querySelector(selector).getBoundingClientRect();
                         return r.height > 0 && r.top >= 0 && r.top < window.innerHeight; }""", selector)


def test_anchors_land_on_their_change_even_when_filtered_out(watched, model_report):
    bookkeeping = next(c.id for c in model_report.changes if not c.substantive)
    for change_id in (model_report.changes[-1].id, model_report.changes[len(model_report.changes) // 2].id, bookkeeping):
        page = watched.open(f"#{change_id}")
        page.wait_for_timeout(50)
        assert page.is_visible(f"#{change_id}"), change_id
        assert _in_view(page, f"#{change_id}"), change_id
        # Not hidden under the sticky controls either.
        bar = page.locator(".controls").bounding_box()
        top = page.locator(f"#{change_id}").bounding_box()["y"]
        assert top >= bar["y"] + bar["height"] - 1
    # Following a link inside the page (a contents entry, then a changed hash) works the same way.
    page = watched.open()
    toc_link = page.locator("#gd-toc a").last
    section_id = toc_link.get_attribute("href")[1:]
    toc_link.click()
    page.wait_for_timeout(50)
    assert _in_view(page, f"#{section_id}")
    page.evaluate(f"location.hash = '#{bookkeeping}'")
    page.wait_for_timeout(50)
    assert _in_view(page, f"#{bookkeeping}")
    assert watched.errors == []


def test_copy_citation(browser, model_file, model_report):
    session = Watched(browser, model_file, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = session.open()
        change = model_report.substantive_changes[0]
        page.click(f"#{change.id} button.copy")
        page.wait_for_function("document.getElementById('gd-live').textContent !== ''")
        assert page.inner_text(f"#{change.id} button.copy") == "Copied"
        assert page.evaluate("navigator.clipboard.readText()") == change.citation
        assert session.errors == []
    finally:
        session.context.close()


def test_copy_without_clipboard_api_selects_the_citation(watched, model_report):
    page = watched.open()
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    change = model_report.substantive_changes[0]
    page.click(f"#{change.id} button.copy")
    assert page.evaluate("String(window.getSelection())") == change.citation
    assert watched.errors == []


def test_keyboard_reaches_and_works_the_controls(watched, model_report):
    page = watched.open()
    page.focus("#gd-bookkeeping")
    page.keyboard.press("Space")
    assert page.is_checked("#gd-bookkeeping")
    assert len(watched.visible_ids()) == len(model_report.changes)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_hostile_text_is_shown_as_text(browser, hostile_file):
    session = Watched(browser, hostile_file)
    try:
        page = session.open()
        page.get_by_label("Side by side").check()
        page.wait_for_timeout(200)
        text = page.inner_text("main")
        assert SCRIPT_TAG in text and ATTRIBUTE_BREAKOUT in text
        assert page.eval_on_selector_all("img", "els => els.length") == 0
        assert page.eval_on_selector_all("script", "els => els.length") == 2
        assert session.dialogs == []
        assert session.errors == []
        assert session.requests == [session.url]
    finally:
        session.context.close()


def test_a_thousand_changes_filter(browser, tmp_path):
    """Filters work on a large report. How fast is a benchmark's business, not a test's: a timing
    assertion here failed whenever the machine was busy."""
    path = tmp_path / "large.html"
    path.write_text(render_html(synthetic_report(1000)), encoding="utf-8")
    session = Watched(browser, path)
    try:
        page = session.open()
        page.evaluate("""() => {
            document.getElementById('gd-bookkeeping').click();
            document.querySelector('input[value="side"]').click();
            const select = document.getElementById('gd-concept'); select.value = 'neglect';
            select.dispatchEvent(new Event('change'));
        }""")
        assert len(session.visible_ids()) == 200
        assert session.errors == []
    finally:
        session.context.close()


def test_print_layout_hides_controls(watched):
    page = watched.open()
    page.emulate_media(media="print")
    assert not page.is_visible(".controls")
    assert not page.is_visible("button.copy")
    assert page.is_visible(".cite-text")
    page.emulate_media(media="screen")


@pytest.mark.skipif(not os.environ.get("GUIDEDIFF_UPDATE_SCREENSHOT"), reason="set GUIDEDIFF_UPDATE_SCREENSHOT=1")
def test_update_screenshot(browser, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the report shows the paths as given: keep them relative
    report = compare("guidediff/data/editions/wt-2013.pdf", "guidediff/data/editions/wt-2015.pdf")
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    watched = Watched(browser, path)
    page = watched.open()
    page.set_viewport_size({"width": 1280, "height": 1900})
    page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))


# --- page pictures: the KCSIE Part one pair ----------------------------------------------


@pytest.fixture(scope="module")
def kcsie_file(tmp_path_factory) -> tuple[Path, str]:
    pytest.importorskip("pypdfium2", reason="the pages extra (pypdfium2) is not installed")
    from tests.conftest import real_pdf_path

    report = compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                     old_pages="7-24", new_pages="4-20", page_images="changed")
    change = next(c for c in report.changes if c.new and c.new.number == "12")
    path = tmp_path_factory.mktemp("kcsie-html") / "kcsie-part-one.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path, change.id


@pytest.mark.corpus
def test_kcsie_paragraph_12_pictures_load_without_requests_and_print_with_their_change(browser, kcsie_file, tmp_path):
    path, change_id = kcsie_file
    session = Watched(browser, path)
    try:
        page = session.open()
        pictures = page.eval_on_selector_all(
            f"#{change_id} .snap img",
            "els => els.map(e => [e.complete, e.naturalWidth, e.closest('figure').className, e.alt])")
        assert [(done, width > 0, kind) for done, width, kind, _ in pictures] == [
            (True, True, "snap snap-old"), (True, True, "snap snap-new")]
        assert "deleted words marked" in pictures[0][3] and "inserted words marked" in pictures[1][3]
        old_box = page.locator(f"#{change_id} .snap-old img").bounding_box()
        new_box = page.locator(f"#{change_id} .snap-new img").bounding_box()
        assert old_box["x"] + old_box["width"] <= new_box["x"], "the two editions stand side by side"
        assert session.requests == [session.url] and session.errors == []
        # Printed: the change and both its pictures land on one sheet.
        page.emulate_media(media="print")
        printed = tmp_path / "printed.pdf"
        page.pdf(path=str(printed), format="A4")
        assert session.requests == [session.url]
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(printed))
        try:
            sheets = []
            for index in range(len(document)):
                sheet = document[index]
                text = " ".join(sheet.get_textpage().get_text_range().split())
                images = sum(1 for item in sheet.get_objects(max_depth=3) if item.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
                if "September 2025: para 12, p. 6" in text:
                    sheets.append((index, images, "p. 6, para 12 (July 2025: p. 9, para 12)" in text))
            assert len(sheets) == 1, sheets
            assert sheets[0][1] >= 2 and sheets[0][2], sheets
        finally:
            document.close()
    finally:
        session.context.close()


@pytest.fixture(scope="module")
def levels_report(model_report):
    """The model report with two of its modified changes made minor: every level is on the page."""
    from dataclasses import replace

    from guidediff.textdiff import Level

    modified = [change.id for change in model_report.changes if change.kind == "modified" and change.substantive][:2]
    changes = tuple(replace(change, level=Level.MINOR, substantive=False, reason="only punctuation differs")
                    if change.id in modified else change for change in model_report.changes)
    return replace(model_report, changes=changes)


@pytest.fixture
def levels_page(browser, levels_report, tmp_path):
    path = tmp_path / "levels.html"
    path.write_text(render_html(levels_report), encoding="utf-8")
    session = Watched(browser, path)
    yield session
    session.context.close()


def test_issue_10_level_filter_shows_substantive_first_then_minor_and_bookkeeping_on_request(levels_page, levels_report):
    page = levels_page.open()
    ids = {level: [c.id for c in levels_report.changes if c.level == level] for level in ("substantive", "minor", "bookkeeping")}
    assert ids["minor"] and ids["bookkeeping"] and ids["substantive"]
    assert sorted(levels_page.visible_ids()) == sorted(ids["substantive"])
    # The summary table of substantive changes comes before the changes, one row (and link) each.
    links = page.eval_on_selector_all(".glance-table tbody a", "els => els.map(e => e.getAttribute('href'))")
    assert links == [f"#{identifier}" for identifier in ids["substantive"]]
    glance = page.locator(".glance-table").bounding_box()
    first = page.locator(f"#{ids['substantive'][0]}").bounding_box()
    assert glance["y"] < first["y"]
    page.check("#gd-minor")
    assert sorted(levels_page.visible_ids()) == sorted(ids["substantive"] + ids["minor"])
    assert page.is_visible(f"#{ids['minor'][0]} .badge.k-minor")
    page.uncheck("#gd-substantive")
    assert sorted(levels_page.visible_ids()) == sorted(ids["minor"])
    page.check("#gd-bookkeeping")
    assert sorted(levels_page.visible_ids()) == sorted(ids["minor"] + ids["bookkeeping"])
    assert page.inner_text("#gd-status").startswith(f"Showing {len(ids['minor']) + len(ids['bookkeeping'])} of")
    assert levels_page.errors == []


def test_issue_10_a_link_to_a_minor_change_shows_its_level(levels_page, levels_report):
    minor = next(c.id for c in levels_report.changes if c.level == "minor")
    page = levels_page.open(f"#{minor}")
    assert page.is_visible(f"#{minor}")
    assert page.is_checked("#gd-minor")


def test_issue_kind_filter_counts_equal_the_summary_tiles(levels_page, levels_report):
    """The Kinds filter counted every change of a kind (minor and bookkeeping too) while the tiles above count
    substantive ones: "modified (n)" disagreed with the "modified" tile. Both count the levels shown."""
    page = levels_page.open()
    read_counts = ("els => Object.fromEntries(els.map(e => [e.getAttribute('data-kind'), Number(e.textContent)]))")
    tiles = page.eval_on_selector_all(
        ".tiles .tile", "els => Object.fromEntries(els.map(e => [e.className.match(/k-(\\S+)/)[1],"
                        " Number(e.querySelector('.num').textContent)]))")
    filter_counts = page.eval_on_selector_all(".kinds .kind-count", read_counts)
    assert filter_counts, "the filter lists the kinds on the page"
    assert any(change.kind == "modified" and change.level != "substantive" for change in levels_report.changes)
    for kind, count in filter_counts.items():
        assert count == tiles.get(kind, 0), kind
        assert count == sum(1 for c in levels_report.changes if c.kind == kind and c.level == "substantive")
    # Showing minor changes too, each kind's count follows the articles on the page.
    page.check("#gd-minor")
    shown = page.eval_on_selector_all(".kinds .kind-count", read_counts)
    for kind, count in shown.items():
        assert count == sum(1 for c in levels_report.changes if c.kind == kind and c.level in ("substantive", "minor"))
    assert shown["modified"] > filter_counts["modified"]
    assert levels_page.errors == []
