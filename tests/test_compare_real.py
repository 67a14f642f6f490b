"""Comparing real DfE editions (skipped when ../shared/corpus is absent)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

from guidediff.api import compare
from guidediff.render import REPORT
from tests.conftest import real_pdf_path

REAL = ["wt-2023.pdf", "kcsie-2025-july.pdf", "kcsie-2025-part-one-sept.pdf", "is-2024.pdf", "eyfs-2025-group.pdf"]

# Every substantive change between KCSIE July 2025 Part one (printed pp. 7-24) and the September 2025
# Part one (pp. 4-20), each checked by eye against both PDFs: (kind, new printed page, words changed).
KCSIE_PART_ONE_CHANGES = [
    ("modified", "4", "[-providing-]{+Providing+}"),
    ("removed", None, "Teachers' standards."),
    ("added", "5", "The 'Teachers' Standards apply to"),
    ("modified", "6", "[-para-]{+paragraph+} 140 {+of KCSIE +}"),
    ("modified", "7", "home or care{+,+}"),
    ("modified", "7", "Pupil Referral Unit{+.+}"),
    ("modified", "10", "videos{+.+} can"),
    ("modified", "10", "[-Annex B-]{+the Annex+}"),
    ("modified", "11", "[-and Annex B-]{+of KCSIE and the annex+}"),  # footnote on sexual violence
    ("modified", "11", "[-and Annex B-]{+of KCSIE and the annex+}"),  # footnote on sexual harassment
    ("modified", "11", "see [-Annex B-]{+annex+}"),
    ("modified", "12", "16{+-+} and 17-year-olds"),  # one change: paragraph 40 runs on over September's pp. 12-13
    ("modified", "13", "See page [-161-]{+34+}"),
    ("modified", "14", "[-Annex B-]{+The annex+}"),
    ("modified", "14", "See page [-24-]{+20+}"),
    ("modified", "15", "assessment[-,-]{+.+} or"),
    ("modified", "15", "services[-,-]{+.+} for example"),
    ("modified", "16", "significant harm{+:+}"),
    ("modified", "19", "[-this guidance-]{+the full version of KCSIE+}"),
    ("removed", None, "Figure 1"),
    # July heads the flowchart with a heading; September with a caption in body text.
    ("added", "20", "Figure 1 Flowchart: actions taken where there are concerns about a child"),
    ("modified", "20", "[-this guidance-]{+the full version of KCSIE+}"),
]


def _redline(change) -> str:
    return "".join(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}" for op, text in change.diff)


@pytest.mark.corpus
@pytest.mark.parametrize("name", REAL)
def test_an_edition_compared_with_itself_has_no_changes(name):
    path = real_pdf_path(name)
    report = compare(path, path)
    assert report.changes == ()
    assert report.summary.changes["substantive"] == report.summary.changes["bookkeeping"] == 0
    assert {entry.kind for entry in report.sections} == {"matched"}
    assert all(term.status == "same" for term in report.terms)


@pytest.mark.corpus
def test_kcsie_july_part_one_against_september_part_one():
    report = compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                     old_pages="7-24", new_pages="4-20")
    found = [(change.kind, change.new.pages[0] if change.new else None, _redline(change)) for change in report.substantive_changes]
    assert len(found) == len(KCSIE_PART_ONE_CHANGES), [f[2][:80] for f in found]
    for (kind, page, words), (found_kind, found_page, redline) in zip(KCSIE_PART_ONE_CHANGES, found):
        assert (kind, page) == (found_kind, found_page), redline[:120]
        assert words in redline, redline[:200]
    assert report.old.name.endswith("(July 2025)") and report.new.name.endswith("(September 2025)")
    assert report.old.page_range == ("7", "24")
    cited = next(c for c in report.changes if "See page [-161-]" in _redline(c))
    assert cited.citation == ("Keeping children safe in education 2025 (September 2025), p. 13, para 42 "
                              "(July 2025: p. 16, para 42)")


@pytest.mark.corpus
def test_report_json_follows_the_schema():
    report = compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                     old_pages="7-24", new_pages="4-20")
    schema = json.loads(resources.files("guidediff.report").joinpath("schema/report-1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(REPORT.render(report, "json"))
    jsonschema.validate(data, schema)
    assert data["schema"] == "guidediff.report/1"
    for change in data["changes"]:
        old_text = "".join(text for op, text in change["diff"] if op in "=-")
        new_text = "".join(text for op, text in change["diff"] if op in "=+")
        if change["old"] is not None and change["new"] is not None:
            assert old_text and new_text


@pytest.mark.corpus
def test_json_is_byte_identical_whatever_the_hash_seed(tmp_path):
    old, new = real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf")
    outputs = []
    for seed in ("0", "1", "4242"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "guidediff", "compare", str(old), str(new), "--old-pages", "7-24",
             "--new-pages", "4-20", "-f", "json"],
            capture_output=True, env=environment, timeout=300,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.corpus
def test_kcsie_annex_b_against_the_september_annex_has_no_layout_noise():
    """Annex B (July, pp. 149-170) and the September annex (pp. 21-42): checked by eye, 9 substantive changes.

    September's p. 42 is its back cover (copyright, licence, "Follow us on X"): not body text, so not added.
    """
    report = compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                     old_pages="149-170", new_pages="21-42")
    redlines = [_redline(change) for change in report.substantive_changes]
    assert len(redlines) == 9, redlines
    assert not any("Crown copyright" in text or "Follow us on" in text or "Open Government Licence" in text
                   for text in (_redline(change) for change in report.changes))
    assert not any("....." in text or "Table of contents" in text for text in redlines), "contents lists are navigation"
    assert "Tackling {+violence against women +}and girls strategy – Home Office strategy" in redlines
    assert "[-Annex B-]{+This annex+}" in redlines[1]
    removed = [change.old.text for change in report.substantive_changes if change.kind == "removed"]
    assert removed == ["Preventing Child Sexual Exploitation – The Children's Society and Home Office"]
    promoted = sorted(entry.new[0].heading for entry in report.sections if "new-parent" in entry.flags)
    # September set these as level-3 headings of the annex; July nested them one level deeper.
    assert promoted == ["Additional support", "Channel", "County lines", "National Domestic Abuse Helpline",
                        "Operation Encompass", "The Prevent duty"]
    split = next(entry for entry in report.sections if entry.kind == "split")
    assert [ref.heading for ref in split.new] == ["Actions", "FGM"]  # September added an "FGM" heading
