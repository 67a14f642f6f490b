"""guidediff batch over the seven bundled model editions' series (wt, wiw, is): an index and a report per pair.

The index is opened in headless Chromium (as in test_html_browser.py): every link
opens its report, and nothing is fetched from anywhere but the batch folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guidediff.api import compare
from guidediff.render import REPORT
from tests.batch_helpers import run_cli
from tests.test_html_browser import browser  # noqa: F401 - the same Chromium fixture

MANIFEST = """\
# The seven model editions, as a team would list them.
[[series]]
name = "Working Together to Safeguard Children"
editions = ["wt-2010", "wt-2013", "wt-2015"]

[[series]]
name = "What to do if you're worried a child is being abused"
editions = ["wiw-2006", "wiw-2015"]

[[series]]
name = "Information sharing"
editions = ["is-2008", "is-2015"]
"""
PAIRS = ["wt-2010--wt-2013", "wt-2013--wt-2015", "wiw-2006--wiw-2015", "is-2008--is-2015"]


@pytest.fixture(scope="module")
def batch_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batch-models")
    (root / "models.toml").write_text(MANIFEST, encoding="utf-8")
    result = run_cli("batch", str(root / "models.toml"), "-o", str(root / "out"), "--exit-code")
    assert result.returncode == 1, result.stderr  # every pair has substantive changes
    assert "4 pairs: 4 changed (4 compared now, 0 already current)" in result.stderr
    return root / "out"


def test_a_report_per_pair_and_an_index(batch_folder):
    index = json.loads((batch_folder / "index.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in index["pairs"]] == PAIRS
    assert index["complete"] is True and index["summary"]["changed"] == 4
    for entry in index["pairs"]:
        assert entry["reports"] == {"html": f"reports/{entry['id']}.html", "json": f"reports/{entry['id']}.json"}
        for path in entry["reports"].values():
            assert (batch_folder / path).stat().st_size > 10_000
    names = {entry["id"]: (entry["old"]["name"], entry["new"]["name"]) for entry in index["pairs"]}
    assert names["wt-2013--wt-2015"] == ("Working Together 2013", "Working Together 2015")
    assert names["is-2008--is-2015"] == ("Information sharing 2008", "Information sharing 2015")


def test_each_report_is_what_compare_gives_and_the_index_counts_it(batch_folder):
    index = {entry["id"]: entry for entry in
             json.loads((batch_folder / "index.json").read_text(encoding="utf-8"))["pairs"]}
    report = compare("wt-2013", "wt-2015")
    entry = index["wt-2013--wt-2015"]
    assert (batch_folder / entry["reports"]["json"]).read_text(encoding="utf-8") == REPORT.render(report, "json")
    # Every level as the report counts it (the index once counted minor changes as bookkeeping).
    assert entry["counts"] == {level: report.summary.changes[level] for level in ("substantive", "minor", "bookkeeping")}
    # The report's warnings are the index's too: the model editions are labelled there as well.
    assert [warning["kind"] for warning in entry["warnings"]] == [str(warning.kind) for warning in report.warnings]
    assert "model-edition" in [warning["kind"] for warning in entry["warnings"]]
    markdown = (batch_folder / "index.md").read_text(encoding="utf-8")
    assert "**warning (model edition):**" in markdown
    new_topics = [term.label for term in report.terms if term.status == "new"]
    assert [topic["label"] for topic in entry["topics"]["new"]] == new_topics
    # The 2015 edition is the first to speak of radicalisation and FGM (corpora/README.md's documented changes).
    assert {"radicalisation", "female-genital-mutilation"} <= {topic["concept"] for topic in entry["topics"]["new"]}


def test_the_markdown_index_links_every_report(batch_folder):
    markdown = (batch_folder / "index.md").read_text(encoding="utf-8")
    for pair in PAIRS:
        assert f"[html](reports/{pair}.html)" in markdown


# --- in a browser ---------------------------------------------------------------------


@pytest.mark.browser
def test_the_index_in_a_browser_links_work_and_nothing_is_fetched(browser, batch_folder):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type in ("error", "warning") and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        index_url = (batch_folder / "index.html").as_uri()
        page.goto(index_url)
        page.wait_for_load_state("load")
        assert page.title() == "Batch: what changed (4 pairs)"
        assert page.inner_text("#gd-headline") == "4 pairs: 4 changed."
        rows = page.eval_on_selector_all("#gd-pairs tbody tr", "rows => rows.map(row => row.id)")
        assert rows == [f"pair-{pair}" for pair in PAIRS]
        links = page.eval_on_selector_all("a", "links => links.map(link => link.href)")
        assert len(links) == 3 * len(PAIRS)  # the document's name, then html and json
        assert all(link.startswith(batch_folder.as_uri() + "/reports/") for link in links)
        for pair in PAIRS:
            page.goto(index_url)
            page.click(f"#pair-{pair} a.report")
            page.wait_for_load_state("load")
            assert page.url == (batch_folder / "reports" / f"{pair}.html").as_uri()
            old, new = pair.split("--")
            heading = page.inner_text("h1")
            assert old[-4:] in heading and new[-4:] in heading, heading
        assert errors == []
        assert all(url.startswith(batch_folder.as_uri()) for url in requests), requests
        assert set(requests) == {index_url} | {(batch_folder / "reports" / f"{pair}.html").as_uri() for pair in PAIRS}
    finally:
        context.close()
