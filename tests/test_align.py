"""The aligner on small documents built directly from blocks (no PDF), and the assignment against brute force."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidediff.align import align
from guidediff.assignment import max_weight_matching
from guidediff.document import Block, BlockKind, Document, OutlineEntry, Page
from guidediff.report.build import build_report

WORDS = ("children families practitioners safeguarding partners assessment referral local authority school "
         "health police information sharing early help consent review panel guidance statutory duty "
         "welfare harm abuse neglect support services plan meeting record evidence decision").split()


def prose(seed: int, words: int = 40) -> str:
    """Deterministic, distinct filler text: the same seed gives the same paragraph."""
    chooser = random.Random(seed)
    return " ".join(chooser.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_document(*items: tuple, title: str = "Guidance") -> Document:
    """("h", level, text) is a heading (also a bookmark); ("p", number|None, text) a paragraph. One page per item."""
    blocks, outline = [], []
    for seq, item in enumerate(items):
        if item[0] == "h":
            _, level, text = item
            blocks.append(Block(BlockKind.HEADING, text, (seq,), seq, level=level, bold=True, font_size=18.0 - 2 * level))
            outline.append(OutlineEntry(text, level, seq))
        else:
            _, number, text = item
            blocks.append(Block(BlockKind.PARAGRAPH, text, (seq,), seq, number=number, font_size=12.0))
    pages = tuple(Page(index, str(index + 1)) for index in range(len(items)))
    return Document(title, f"{title}.pdf", "0" * 64, pages, tuple(blocks), tuple(outline), outline_source="bookmarks")


def kinds(alignment) -> dict[tuple[str, ...], str]:
    """{(old headings…) or (new headings…): kind} for a readable assertion."""
    result = {}
    for link in alignment.sections:
        headings = tuple(s.heading for s in link.old) + ("->",) + tuple(s.heading for s in link.new)
        result[headings] = link.kind
    return result


def test_renamed_section_keeps_its_content():
    old = make_document(("h", 1, "Chapter 1: Early help"), ("p", "1", prose(1)), ("p", "2", prose(2)))
    new = make_document(("h", 1, "Chapter 1: Help at the earliest point"), ("p", "1", prose(1)), ("p", "2", prose(2)))
    link = align(old, new).sections[0]
    assert (link.kind, link.matched_by) == ("renamed", "content")
    assert build_report(align(old, new)).summary.changes["substantive"] == 1  # the heading's wording


@pytest.mark.parametrize(("old_heading", "new_heading", "reason"), [
    ("Firefox Accounts", "Firefox accounts:", "only letter case and punctuation differ"),
    ("Your rights and choices:", "Your rights and choices", "only punctuation differs"),  # firefox-pn-2025
    ("Set-Up and Configure Your Email", "Set up and configure your email", "only letter case and a compound's hyphen differ"),
    ("Data \u2014 what we keep", "Data: what we keep", "only punctuation and spacing differ"),
])
def test_issue_a_heading_with_the_same_words_is_one_minor_change_not_a_renamed_section(old_heading, new_heading,
                                                                                        reason):
    old = make_document(("h", 1, old_heading), ("p", None, prose(1)), ("p", None, prose(2)))
    new = make_document(("h", 1, new_heading), ("p", None, prose(1)), ("p", None, prose(2)))
    for alignment in (align(old, new), align(new, old)):
        (link,) = alignment.sections
        assert (link.kind, link.flags) == ("matched", ())
        report = build_report(alignment)
        assert report.summary.sections.get("renamed", 0) == 0
        assert [(change.level, change.reason) for change in report.changes] == [("minor", reason)]


def test_inserted_chapter_renumbers_the_next_one():
    old = make_document(("h", 1, "Chapter 1: Early help"), ("p", None, prose(1)),
                        ("h", 1, "Chapter 2: Child death reviews"), ("p", None, prose(2)))
    new = make_document(("h", 1, "Chapter 1: Early help"), ("p", None, prose(1)),
                        ("h", 1, "Chapter 2: Organisational responsibilities"), ("p", None, prose(3)),
                        ("h", 1, "Chapter 3: Child death reviews"), ("p", None, prose(2)))
    found = kinds(align(old, new))
    assert found[("Chapter 2: Child death reviews", "->", "Chapter 3: Child death reviews")] == "renumbered"
    assert found[("->", "Chapter 2: Organisational responsibilities")] == "added"
    report = build_report(align(old, new))
    heading_change = next(c for c in report.changes if c.new and c.new.block == "heading")
    assert heading_change.substantive is False  # the chapter's number followed the insertion
    assert report.summary.sections["renumbered"] == 1


def test_section_moved_to_another_chapter():
    old = make_document(("h", 1, "Chapter 1"), ("h", 2, "Information sharing"), ("p", None, prose(1)),
                        ("h", 2, "Consent"), ("p", None, prose(2)),
                        ("h", 1, "Chapter 2"), ("h", 2, "Reviews"), ("p", None, prose(3)))
    new = make_document(("h", 1, "Chapter 1"), ("h", 2, "Information sharing"), ("p", None, prose(1)),
                        ("h", 1, "Chapter 2"), ("h", 2, "Reviews"), ("p", None, prose(3)),
                        ("h", 2, "Consent"), ("p", None, prose(2)))
    link = next(link for link in align(old, new).sections if link.new and link.new[0].heading == "Consent")
    assert link.kind == "moved"
    assert "new-parent" in link.flags
    others = [link.kind for link in align(old, new).sections if link.new and link.new[0].heading != "Consent"]
    assert set(others) == {"matched"}


def test_only_the_section_that_moved_is_moved_not_everything_it_jumped_over():
    sections = [("h", 2, f"Topic {n}") for n in range(6)]
    old_items = [("h", 1, "Chapter 1")]
    for n, heading in enumerate(sections):
        old_items += [heading, ("p", None, prose(10 + n))]
    new_items = [("h", 1, "Chapter 1")] + old_items[11:13] + old_items[1:11]  # topic 5 now comes first
    found = align(make_document(*old_items), make_document(*new_items)).sections
    moved = [link.new[0].heading for link in found if link.kind == "moved"]
    assert moved == ["Topic 5"]
    assert next(link for link in found if link.kind == "moved").flags == ("moved", "new-position")


def test_split_and_merge():
    first, second = prose(1, 60), prose(2, 60)
    old = make_document(("h", 1, "Roles and responsibilities"), ("p", None, first), ("p", None, second))
    new = make_document(("h", 1, "Roles"), ("p", None, first), ("h", 1, "Responsibilities"), ("p", None, second))
    split = align(old, new).sections[0]
    assert split.kind == "split"
    assert [s.heading for s in split.new] == ["Roles", "Responsibilities"]
    merged = align(new, old).sections[0]
    assert merged.kind == "merged"
    assert sorted(s.heading for s in merged.old) == ["Responsibilities", "Roles"]
    assert build_report(align(old, new)).summary.sections["split"] == 1


def test_renumbered_paragraphs_and_cross_references_are_bookkeeping():
    body = [prose(n) for n in range(5)]
    old = make_document(("h", 1, "Chapter 1"), ("p", "1", body[0]), ("p", "2", body[1]),
                        ("p", "3", body[2] + " See paragraph 2 and paragraphs 3 to 4."), ("p", "4", body[3]))
    new = make_document(("h", 1, "Chapter 1"), ("p", "1", body[0]), ("p", "2", "A new paragraph on young carers."),
                        ("p", "3", body[1]), ("p", "4", body[2] + " See paragraph 3 and paragraphs 4 to 5."),
                        ("p", "5", body[3]))
    report = build_report(align(old, new))
    assert [(c.kind, c.substantive) for c in report.changes] == [("added", True), ("modified", False)]
    assert report.changes[1].reason and report.changes[1].new.number == "4" and report.changes[1].old.number == "3"


def test_a_real_change_next_to_renumbering_stays_substantive():
    body = [prose(n) for n in range(3)]
    old = make_document(("h", 1, "Chapter 1"), ("p", "1", body[0]), ("p", "2", body[1] + " See paragraph 1."))
    new = make_document(("h", 1, "Chapter 1"), ("p", "1", "Inserted."), ("p", "2", body[0]),
                        ("p", "3", body[1] + " See paragraph 2 urgently."))
    change = next(c for c in build_report(align(old, new)).changes if c.kind == "modified")
    assert change.substantive is True


def test_paragraph_moved_to_another_section():
    moving = prose(99, 50)
    old = make_document(("h", 1, "Assessment"), ("p", None, prose(1)), ("p", None, moving),
                        ("h", 1, "Referral"), ("p", None, prose(2)))
    new = make_document(("h", 1, "Assessment"), ("p", None, prose(1)),
                        ("h", 1, "Referral"), ("p", None, prose(2)), ("p", None, moving))
    report = build_report(align(old, new))
    assert [(c.kind, c.section) for c in report.changes] == [("moved", ("Referral",))]
    assert report.changes[0].old.section == ("Assessment",)
    assert report.changes[0].level == "substantive"  # the order of the text changed: a real move


@pytest.mark.parametrize("direction", ["heading added", "heading removed"])
def test_paragraphs_under_a_new_sub_heading_in_their_old_place_are_bookkeeping_moves(direction):
    """A sub-heading set over paragraphs that did not move (Thunderbird's 2025 privacy notice puts
    "Thunderbird Desktop" over the crash-report paragraphs): the heading is the substantive change;
    each paragraph is still reported as moved, since its section changed, but at bookkeeping level."""
    body = [prose(n) for n in range(5)]
    plain = make_document(("h", 1, "Crash reports"), ("p", None, body[0]), ("p", None, body[1]), ("p", None, body[2]),
                          ("h", 1, "Security"), ("p", None, body[3]), ("p", None, body[4]))
    headed = make_document(("h", 1, "Crash reports"), ("h", 2, "Thunderbird Desktop"), ("p", None, body[0]),
                           ("p", None, body[1]), ("p", None, body[2]),
                           ("h", 1, "Security"), ("p", None, body[3]), ("p", None, body[4]))
    old, new = (plain, headed) if direction == "heading added" else (headed, plain)
    changes = build_report(align(old, new)).changes
    moves = [change for change in changes if change.kind == "moved"]
    assert len(moves) == 3
    assert {(change.level, change.reason) for change in moves} == {
        ("bookkeeping", "the same text in the same place; only a heading above it came, went or changed")}
    assert [change.kind for change in changes if change.level == "substantive"] == [
        "added" if direction == "heading added" else "removed"]


def test_text_printed_several_times_pairs_copy_for_copy_in_reading_order():
    """A table's header row repeated on every page ("Level 1 | Level 2 | Level 3 | Level 4", the London
    threshold matrix) left unpaired in its sections: the copies pair in reading order, whatever order
    the sections handed them over in (the pools are filled section link by section link)."""
    from guidediff.align import DEFAULT_OPTIONS, _moved_paragraphs, _Para
    from guidediff.structure import Section

    header = "Level 1 | Level 2 | Level 3 | Level 4"
    section = Section(heading="Matrix", level=1, path=("Matrix",), blocks=())

    def pool(seqs):
        return [_Para(Block(BlockKind.TABLE_ROW, header, (seq,), seq), section, header.casefold(), header)
                for seq in seqs]

    links = list(_moved_paragraphs(pool([5, 1, 9]), pool([2, 6, 10]), DEFAULT_OPTIONS))
    assert sorted((link.old.seq, link.new.seq) for link in links) == [(1, 2), (5, 6), (9, 10)]
    assert {link.similarity for link in links} == {1.0}


def test_changes_come_in_new_reading_order_with_removed_ones_in_place():
    body = [prose(n) for n in range(4)]
    old = make_document(("h", 1, "Chapter 1"), ("p", None, body[0]), ("p", None, "Old words that go."),
                        ("p", None, body[1]), ("p", None, body[2]))
    new = make_document(("h", 1, "Chapter 1"), ("p", None, body[0]), ("p", None, body[1]),
                        ("p", None, "Brand new words."), ("p", None, body[2]))
    report = build_report(align(old, new))
    assert [c.kind for c in report.changes] == ["removed", "added"]


# --- the assignment ------------------------------------------------------------------

def brute_force_best(weights: dict[tuple[int, int], float], lefts: int, rights: int) -> float:
    best = 0.0
    left_nodes = range(lefts)
    for size in range(min(lefts, rights) + 1):
        for chosen_lefts in itertools.combinations(left_nodes, size):
            for chosen_rights in itertools.permutations(range(rights), size):
                total = 0.0
                for left, right in zip(chosen_lefts, chosen_rights):
                    weight = weights.get((left, right), 0.0)
                    if weight <= 0:
                        break
                    total += weight
                else:
                    best = max(best, total)
    return best


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.data())
def test_assignment_matches_brute_force(lefts, rights, data):
    edges = data.draw(st.dictionaries(
        st.tuples(st.integers(0, lefts - 1), st.integers(0, rights - 1)),
        st.floats(0.01, 1.0, allow_nan=False), max_size=lefts * rights))
    chosen = max_weight_matching(edges)
    assert len({left for left, _ in chosen}) == len(chosen) == len({right for _, right in chosen})
    assert all(edge in edges for edge in chosen)
    total = sum(edges[edge] for edge in chosen)
    assert abs(total - brute_force_best(edges, lefts, rights)) < 1e-6


def test_assignment_prefers_the_global_best_over_first_come():
    # Greedy by old order would give 0->0 (0.6) and leave 1 unmatched; the best total is 0->1, 1->0.
    assert max_weight_matching({(0, 0): 0.6, (0, 1): 0.55, (1, 0): 0.59}) == [(0, 1), (1, 0)]


def test_lines_of_unrelated_one_page_documents_are_not_paired_as_a_cover(tmp_path):
    """A first page with no sections is not a cover: its lines pair by their words, never by position."""
    from guidediff.api import load
    from tests.test_bad_input import tiny_pdf

    guidance = tiny_pdf(tmp_path / "a.pdf", [
        "Chapter 1: Early help",
        "1. Practitioners should identify children who would benefit from early help as soon as a problem emerges.",
        "2. Local agencies should work together to put processes in place for the effective assessment of need."])
    planning = tiny_pdf(tmp_path / "b.pdf", [
        "Planning applications", "1. Extensions need permission when taller than four metres.",
        "2. A listed building needs consent before any alteration is made to it."])
    alignment = align(load(guidance, cache=False), load(planning, cache=False))
    assert [link.kind for link in alignment.paragraphs if link.old is not None and link.new is not None] == []


def test_issue_16_the_report_diffs_each_change_once(monkeypatch):
    # build_report diffed every change twice: once for its redline, again inside similarity().
    import guidediff.report.build as build
    import guidediff.textdiff as textdiff

    old = make_document(("h", 1, "Chapter 1: Early help"), ("p", "1", prose(1)), ("p", "2", prose(2)),
                        ("p", "3", prose(3)))
    new = make_document(("h", 1, "Chapter 1: Early help"), ("p", "1", prose(1) + " Also schools."),
                        ("p", "2", prose(4)), ("p", "3", prose(3)))
    alignment = align(old, new)
    calls = []
    real = textdiff.diff_words

    def counting(old_text, new_text, **options):
        calls.append((old_text, new_text))
        return real(old_text, new_text, **options)

    monkeypatch.setattr(build, "diff_words", counting)
    monkeypatch.setattr(textdiff, "diff_words", counting)
    report = build_report(alignment)
    assert sorted(change.kind for change in report.changes) == ["added", "modified", "removed"]
    assert len(calls) == len(set(calls)) == len(report.changes)  # one redline per change, none twice
    modified = next(change for change in report.changes if change.kind == "modified")
    assert modified.similarity == textdiff.similarity(modified.old.text, modified.new.text)


def test_a_dropped_heading_takes_its_section_into_the_one_before_it_and_nothing_moves():
    # A page dropped between editions took "3. Overview …" and its sub-heading with it: the rest of their text now
    # runs on under "2. Key contacts" (the Northamptonshire missing-children protocol less its p. 8). Their text
    # lives on there, in the same order: merged into "2. Key contacts", the two paragraphs of the page removed,
    # nothing moved. (The chapter "3. Overview", whose own text is thin, counts its sub-section's text as its own,
    # so it is no rival host for that sub-section.)
    old = make_document(("h", 1, "1. Background"), ("p", None, prose(10)),
                        ("h", 1, "2. Key contacts"), ("p", None, prose(1, 14)), ("p", None, prose(2, 14)),
                        ("h", 1, "3. Overview of the process"), ("h", 2, "The response for all children"),
                        ("p", None, prose(3)), ("p", None, prose(4)), ("p", None, prose(5)), ("p", None, prose(6)),
                        ("h", 1, "4. Police response"), ("p", None, prose(7)))
    new = make_document(("h", 1, "1. Background"), ("p", None, prose(10)),
                        ("h", 1, "2. Key contacts"), ("p", None, prose(1, 14)),
                        ("p", None, prose(4)), ("p", None, prose(5)), ("p", None, prose(6)),
                        ("h", 1, "4. Police response"), ("p", None, prose(7)))
    alignment = align(old, new)
    assert kinds(alignment)[("2. Key contacts", "3. Overview of the process", "The response for all children", "->",
                             "2. Key contacts")] == "merged"
    assert [link.kind for link in alignment.sections if link.kind in ("added", "removed")] == []
    report = build_report(alignment)
    assert [change.kind for change in report.changes] == ["removed", "removed"]
    assert build_report(align(new, old)).summary.changes["substantive"] == 2  # and the other way round: two added


def test_a_document_compared_with_itself_links_sections_whose_repeated_titles_head_no_text():
    # Oxfordshire's threshold document heads each indicator table with the same column titles ("Health",
    # "Education"), some over no text of their own: a repeated title links nothing alone, and there is no text
    # to link them by. The same title in the same order under linked parents is the same section.
    document = make_document(("h", 1, "Indicators"), ("h", 2, "Health"), ("h", 3, "Level 1"), ("p", None, prose(1)),
                             ("h", 2, "Education"), ("h", 2, "Health"), ("h", 3, "Level 2"), ("p", None, prose(2)),
                             ("h", 2, "Education"), ("p", None, prose(3)))
    alignment = align(document, document)
    assert {link.kind for link in alignment.sections} == {"matched"}
    assert all(link.old[0].heading_block == link.new[0].heading_block for link in alignment.sections)
