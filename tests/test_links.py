"""Issue 10 item 5: a link added, removed or pointed elsewhere is a change of its paragraph, with both targets."""

from __future__ import annotations

import pytest

from guidediff.align import align
from guidediff.api import compare
from guidediff.document import Block, BlockKind, Document, LinkRef, OutlineEntry, Page
from guidediff.report.build import build_report
from guidediff.report.links import link_changes
from tests.conftest import real_pdf_path

TEXT = "Further advice on sharing nudes is published by UKCIS and by the Department for Education."
OTHER = "Schools should keep a written record of every concern, and of what was done about it, and why."
UKCIS = LinkRef("https://www.gov.uk/government/publications/sharing-nudes", "UKCIS")
UKCIS_MOVED = LinkRef("https://www.gov.uk/guidance/sharing-nudes-2024", "UKCIS")
DFE = LinkRef("https://www.gov.uk/government/organisations/department-for-education", "Department for Education")


def _document(text: str, links: tuple[LinkRef, ...], title: str) -> Document:
    blocks = (Block(BlockKind.HEADING, "Online safety", (0,), 0, level=1, bold=True, font_size=16.0),
              Block(BlockKind.PARAGRAPH, text, (0,), 1, number="135", font_size=11.0, links=links),
              Block(BlockKind.PARAGRAPH, OTHER, (0,), 2, number="136", font_size=11.0))
    return Document(title, f"{title}.pdf", "0" * 64, (Page(0, "38"),), blocks,
                    (OutlineEntry("Online safety", 1, 0),), outline_source="bookmarks")


def _changes(old_links, new_links, old_text=TEXT, new_text=TEXT):
    report = build_report(align(_document(old_text, old_links, "Old"), _document(new_text, new_links, "New")))
    return report.changes


def test_a_link_added_to_unchanged_words_is_a_substantive_change_of_its_paragraph():
    (change,) = _changes((UKCIS,), (UKCIS, DFE))
    assert (change.kind, change.level) == ("modified", "substantive")
    assert [(link.kind, link.text, link.old, link.new) for link in change.links] == \
        [("added", "Department for Education", None, DFE.uri)]
    assert "link added: “Department for Education” → https://www.gov.uk/" in change.description
    assert change.citation == "New, p. 38, para 135 (Old: p. 38, para 135)"
    # ...and swapped, the same link was removed: the same level.
    (back,) = _changes((UKCIS, DFE), (UKCIS,))
    assert back.level == "substantive"
    assert [(link.kind, link.old, link.new) for link in back.links] == [("removed", DFE.uri, None)]


def test_a_link_pointed_elsewhere_shows_its_old_and_new_targets():
    (change,) = _changes((UKCIS,), (UKCIS_MOVED,))
    assert [(link.kind, link.text, link.old, link.new) for link in change.links] == \
        [("re-pointed", "UKCIS", UKCIS.uri, UKCIS_MOVED.uri)]


def test_the_same_target_under_other_words_is_the_words_change_only():
    old, new = LinkRef(DFE.uri, "Department for Education"), LinkRef(DFE.uri, "DfE")
    assert link_changes((Block(BlockKind.PARAGRAPH, "a", (0,), links=(old,)),),
                        (Block(BlockKind.PARAGRAPH, "b", (0,), links=(new,)),)) == ()
    assert link_changes((Block(BlockKind.PARAGRAPH, "a", (0,), links=(LinkRef(DFE.uri + "/", "x"),)),),
                        (Block(BlockKind.PARAGRAPH, "a", (0,), links=(LinkRef(DFE.uri, "x"),)),)) == ()


def test_unchanged_links_and_words_are_no_change():
    assert _changes((UKCIS, DFE), (UKCIS, DFE)) == ()


def test_a_link_annotated_line_by_line_or_cut_with_its_paragraph_is_one_link():
    """A browser's print annotates a wrapped link line by line, and one reading may cut the paragraph at
    that line (Ofsted's enforcement policy, p. 17: "section 68 of the" / "Children Act 1989 (https://…)")."""
    uri = "https://www.legislation.gov.uk/ukpga/1989/41/section/68"
    whole = Block(BlockKind.PARAGRAPH, "see section 68 of the Children Act 1989 and", (0,), 1,
                  links=(LinkRef(uri, "section 68 of the Children Act 1989"),))
    first = Block(BlockKind.PARAGRAPH, "see section 68 of the", (0,), 1, links=(LinkRef(uri, "section 68 of the"),))
    second = Block(BlockKind.PARAGRAPH, "Children Act 1989 and", (0,), 2,
                   links=(LinkRef(uri, "Children Act 1989"), LinkRef(uri + "/", "1989")))
    assert link_changes((whole,), (first, second)) == ()
    assert link_changes((first, second), (whole,)) == ()
    other = Block(BlockKind.PARAGRAPH, "and the 2002 Regulations", (0,), 3,
                  links=(LinkRef("https://www.legislation.gov.uk/uksi/2002/635/made", "2002 Regulations"),))
    assert [change.kind for change in link_changes((whole,), (first, second, other))] == ["added"]


def test_a_punctuation_edit_beside_a_new_link_is_substantive_not_minor():
    (change,) = _changes((UKCIS,), (UKCIS, DFE), new_text=TEXT.replace("UKCIS and", "UKCIS, and"))
    assert change.level == "substantive" and change.reason == "only punctuation differs, but a link changed"


@pytest.mark.corpus
def test_issue_10_kcsie_annex_b_better_health_link_is_shown_with_both_targets():
    """July p. 157 links "Better Health Every Mind Matters"; September p. 28 links "Every Mind Matters" elsewhere.

    Checked on both rendered pages.
    """
    report = compare(real_pdf_path("kcsie-2025-july.pdf"), real_pdf_path("kcsie-2025-part-one-sept.pdf"),
                     old_pages="149-170", new_pages="21-42")
    change = next(change for change in report.changes if any(link.text == "Every Mind Matters" for link in change.links))
    assert (change.new.pages, change.old.pages) == (("28",), ("157",))
    assert {(link.kind, link.text) for link in change.links} == {("added", "Every Mind Matters"),
                                                                 ("removed", "Better Health Every Mind Matters")}
    removed = next(link for link in change.links if link.kind == "removed")
    assert removed.old == "https://campaignresources.dhsc.gov.uk/campaigns/better-health-every-mind-matters"
