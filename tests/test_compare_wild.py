"""Comparing PDFs of ../shared/corpus/wild with copies whose difference is known exactly.

Stage: align and report, on real files nobody tuned the aligner for (skipped when the
corpus is absent). A copy less one page (``without_page``) has one true answer: what
was printed on that page is removed, nothing moved and nothing was added. Each page
named here was looked at rendered (``pdftoppm -png -r 50 -f N -l N``).
"""

from __future__ import annotations

import pytest

from guidediff.api import compare
from guidediff.testing.variants import without_page
from tests.conftest import wild_pdf_path

pytestmark = pytest.mark.corpus


def _less_page(tmp_path, name: str, page_index: int):
    source = wild_pdf_path(name)
    copy = tmp_path / f"less-{page_index + 1}.pdf"
    copy.write_bytes(without_page(source.read_bytes(), page_index))
    return source, copy


def test_a_dropped_page_that_held_a_heading_is_removed_text_and_the_rest_of_its_section_runs_on(tmp_path):
    # Northamptonshire's missing-children protocol, p. 8 (the eighth page), prints the end of "2. KEY CONTACTS"
    # (seven contact lines), then "Key Processes for …", "3. OVERVIEW OF THE PROCESS FOR RESPONDING TO CHILDREN
    # MISSING", "The Response for All Children" and that section's first paragraphs and bullets; its list runs on
    # to p. 9. Without p. 8 the p. 9 text follows "2. KEY CONTACTS". It was reported as "3. OVERVIEW" renamed to
    # "2. KEY CONTACTS", the old "2. KEY CONTACTS" removed and 32 paragraphs moved: 65 substantive changes.
    source, copy = _less_page(tmp_path, "missing-protocol-2022.pdf", 7)
    report = compare(source, copy, watchlist=None)
    by_kind = {}
    for link in report.sections:
        by_kind.setdefault(link.kind, []).append(([ref.heading for ref in link.old], [ref.heading for ref in link.new]))
    contacts = [old for old, new in by_kind["merged"] if new == ["2. KEY CONTACTS"]]
    assert contacts == [["2. KEY CONTACTS", "The Response for All Children"]]
    assert "renamed" not in by_kind and "added" not in by_kind and "moved" not in by_kind
    assert {change.kind for change in report.changes} == {"removed"}
    assert all(change.old.pages == ("8",) for change in report.changes)
    assert 28 <= len(report.changes) <= 36  # the page's lines, paragraphs and bullets, as the reader groups them


def test_oxfordshire_threshold_document_compared_with_itself_reports_every_section_unchanged(tmp_path):
    # p. 18 lists "Child's developmental needs", "Parenting capacity" and "Family history & functioning" in
    # coloured headings, then heads the first table "Child's developmental needs" again; each title heads a part
    # again on pp. 18, 26 and 34. Repeated titles over no text of their own were reported six removed, six added.
    source = wild_pdf_path("oxfordshire-threshold-2021.pdf")
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(source.read_bytes() + b"\n")  # another file, the same document
    report = compare(source, copy, watchlist=None)
    assert {link.kind for link in report.sections} == {"matched"}
    assert report.changes == ()
