"""Issue 4's acceptance tests: the documented changes between the bundled model editions.

Each pair is compared by corpus id, as a user would. What the reports must show is
the "Deliberate edits between paired models" tables of corpora/README.md.
"""

from __future__ import annotations

import functools

import pytest

from guidediff.api import compare
from guidediff.report.model import Report, SectionEntry


@functools.cache
def report(old: str, new: str) -> Report:
    return compare(old, new)


def sections(result: Report, kind: str) -> list[SectionEntry]:
    return [entry for entry in result.sections if entry.kind == kind]


def removed_headings(result: Report) -> list[str]:
    return [ref.heading for entry in sections(result, "removed") for ref in entry.old]


def added_sections(result: Report, heading: str) -> list[SectionEntry]:
    return [entry for entry in sections(result, "added") if any(ref.heading == heading for ref in entry.new)]


# --- wt-2013 → wt-2015 --------------------------------------------------------------------


@pytest.mark.parametrize("concept", ["child-sexual-exploitation", "female-genital-mutilation", "radicalisation"])
def test_wt_2015_cse_fgm_and_radicalisation_are_new_on_page_15(concept):
    result = report("wt-2013", "wt-2015")
    term = next(term for term in result.terms if term.concept == concept)
    assert term.status == "new"
    assert term.old.count == 0
    assert "15" in term.new_pages


def test_wt_2015_page_15_paragraph_13_is_added_and_names_all_three():
    result = report("wt-2013", "wt-2015")
    added = [change for change in result.changes
             if change.kind == "added" and change.new is not None and change.new.pages == ("15",)
             and change.new.number == "13"]
    assert len(added) == 1
    assert {"child-sexual-exploitation", "female-genital-mutilation", "radicalisation"} <= set(added[0].concepts)
    assert added[0].substantive


def test_wt_2015_reports_by_corpus_id_and_model_edition():
    result = report("wt-2013", "wt-2015")
    assert (result.old.edition, result.new.edition) == ("wt-2013", "wt-2015")
    assert result.old.source == result.new.source == "model edition"


# --- wt-2010 → wt-2013 --------------------------------------------------------------------


# Chapter 6 went too, as one "replaced" entry (by Appendix C): tests/test_model_relations.py.
@pytest.mark.parametrize("chapter", [4, 9, 10, 11, 12])
def test_wt_2013_drops_these_2010_chapters(chapter):
    result = report("wt-2010", "wt-2013")
    removed = [heading for heading in removed_headings(result) if heading.startswith(f"Chapter {chapter} –")]
    assert len(removed) == 1, removed_headings(result)
    # ... and no other link claims the chapter heading.
    linked = [ref.heading for entry in result.sections if entry.kind != "removed" for ref in entry.old]
    assert not any(heading.startswith(f"Chapter {chapter} –") for heading in linked)


# --- wiw-2006 → wiw-2015 ------------------------------------------------------------------


def test_wiw_2015_is_a_large_removal():
    result = report("wiw-2006", "wiw-2015")
    assert result.summary.sections["removed"] >= 40  # the 2006 model has about 60 sections
    assert result.summary.changes["removed"] >= 60  # paragraphs
    # At least twice as many paragraphs go as come (98 and 49): the 2015 model's quoted child-in-need
    # footnote and its longer title-page notice are two of the 49.
    assert result.summary.changes["removed"] >= 2 * result.summary.changes["added"]


@pytest.mark.parametrize("number, page", [(1, "16"), (2, "17"), (3, "18"), (4, "19"), (5, "20")])
def test_wiw_2015_drops_the_five_flowcharts(number, page):
    result = report("wiw-2006", "wiw-2015")
    flowcharts = [ref for entry in sections(result, "removed") for ref in entry.old
                  if ref.heading.startswith(f"Flowchart {number}:")]
    assert len(flowcharts) == 1
    assert flowcharts[0].pages == (page,)


def test_wiw_2015_responsibility_to_take_action_is_new_on_page_14():
    result = report("wiw-2006", "wiw-2015")
    found = [change for change in result.changes
             if change.kind in ("added", "modified") and change.new is not None
             and "responsibility to take action" in change.new.text]
    assert len(found) == 1
    change = found[0]
    assert change.new.pages == ("14",)
    assert change.new.number == "28"
    assert change.substantive
    assert change.old is None or "responsibility to take action" not in change.old.text


# --- is-2008 → is-2015 --------------------------------------------------------------------


def test_is_2015_adds_the_myth_busting_guide_at_the_back():
    result = report("is-2008", "is-2015")
    guide = added_sections(result, "Myth-busting guide to information sharing")
    assert len(guide) == 1
    assert guide[0].new[0].pages[0] == "13"
    # the four myths it busts are new sections too
    myths = [entry for entry in sections(result, "added") if entry.new[0].path[:1] == ("Myth-busting guide to information sharing",)
             and entry.new[0].heading != "Myth-busting guide to information sharing"]
    assert len(myths) == 4


def test_is_2015_adds_the_flowchart_on_page_12():
    result = report("is-2008", "is-2015")
    flowchart = added_sections(result, "Flowchart of when and how to share information")
    assert len(flowchart) == 1
    assert flowchart[0].new[0].pages == ("12",)
