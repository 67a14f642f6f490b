"""The report's JSON follows its shipped JSON Schema (revision 1.2), on the model pairs in both directions."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from guidediff.api import compare
from guidediff.render import REPORT
from guidediff.textdiff import normalise

PAIRS = [("wt-2013", "wt-2015"), ("wt-2010", "wt-2013"), ("wiw-2006", "wiw-2015"), ("is-2008", "is-2015")]


@pytest.fixture(scope="module")
def schema() -> dict:
    found = json.loads(resources.files("guidediff.report").joinpath("schema/report-1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(found)
    return found


@pytest.mark.parametrize("old, new", PAIRS + [(new, old) for old, new in PAIRS])
def test_model_pair_report_follows_the_schema(schema, old, new):
    data = json.loads(REPORT.render(compare(old, new, watchlist=None), "json"))
    jsonschema.validate(data, schema)
    assert (data["schema"], data["schema_version"]) == ("guidediff.report/1", "1.2")
    for change in data["changes"]:
        assert change["substantive"] == (change["level"] == "substantive")
        if change["old"] is not None and change["new"] is not None:
            # "=" and "+" give the new text as printed, "=" and "-" the old one up to typography (a kept piece is
            # shown as the new edition prints it); a split's or merge's side: its parts joined.
            assert normalise("".join(text for op, text in change["diff"] if op in "=-")) == normalise(change["old"]["text"])
            assert "".join(text for op, text in change["diff"] if op in "=+") == " ".join(change["new"]["text"].split())
    counts = data["summary"]["changes"]
    assert counts["substantive"] + counts["minor"] + counts["bookkeeping"] == len(data["changes"])
    assert [row["change"] for row in data["summary_table"]] == \
        [change["id"] for change in data["changes"] if change["level"] == "substantive"]


@pytest.mark.parametrize("engine", ["pypdf", "pdfium"])
def test_issue_the_report_records_which_pdf_reader_read_each_edition(schema, engine, tmp_path, monkeypatch):
    """A report did not say which PDF reader produced it, though the two may read a file differently."""
    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    from guidediff.cache import DocumentCache
    from guidediff.editions import LoadOptions

    monkeypatch.setenv("GUIDEDIFF_READER", engine)  # the reader chosen as a user chooses it
    reading = LoadOptions(cache=DocumentCache(tmp_path), parallel=False)
    cold = REPORT.render(compare("wt-2013", "wt-2015", watchlist=None, load_options=reading), "json")
    data = json.loads(cold)
    jsonschema.validate(data, schema)
    assert (data["old"]["reader"], data["new"]["reader"]) == (engine, engine)
    # From the cache, the same bytes.
    assert REPORT.render(compare("wt-2013", "wt-2015", watchlist=None, load_options=reading), "json") == cold
