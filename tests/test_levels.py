"""Levels of a change (issue 10, item 1): substantive, minor, bookkeeping, and why; symmetric by construction.

``textdiff.classify`` decides a change's level from its two texts and the renumbering the
alignment found; ``renumbering.numbering_map`` builds that renumbering (paragraph numbers
per numbering scope, printed pages, section labels, footnotes).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidediff.align import align
from guidediff.document import Block, BlockKind, Document, OutlineEntry, Page
from guidediff.renumbering import numbering_depth
from guidediff.report.build import build_report
from guidediff.structure import build_tree
from guidediff.textdiff import Level, ReferenceKind, Renumbering, classify, find_references, same_words

PAGES = Renumbering({ReferenceKind.PAGE: frozenset({("161", "34"), ("24", "20"), ("25", "21")})},
                    {ReferenceKind.PAGE: frozenset({"24", "25", "161"})},
                    {ReferenceKind.PAGE: frozenset({"20", "21", "34"})})


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("providing help and support", "Providing help and support", "only letter case differs"),
    ("missing from education, home or care", "missing from education, home or care,", "only punctuation differs"),
    ("This includes 16 and 17-year-olds", "This includes 16- and 17-year-olds", "only a compound's hyphen differs"),
    ("self harm and e mail", "self-harm and e-mail", "only a compound's hyphen differs"),
    ("Campaign and Referral Data", "Campaign and referral data", "only letter case differs"),
    ("they can not", "they cannot", "only spacing differs"),
    ("Mozilla Corporation.", "Mozilla corporation", "only letter case and punctuation differ"),
])
def test_same_words_with_other_case_punctuation_spacing_or_hyphens_are_minor(old, new, reason):
    verdict = classify(old, new)
    assert verdict.level is Level.MINOR
    assert verdict.reason == reason
    assert classify(new, old).level is Level.MINOR


@pytest.mark.parametrize(("old", "new"), [
    ("see paragraph 5.2", "see paragraph 52"),  # a number is a word: 5.2 is not 52
    ("pay 10 pounds", "pay 10%"),
    ("A and B", "A & B"),
    ("within 1,000 metres", "within 1000 metres"),
    ("is included in Annex B.", "is included in the Annex."),
    ("must act", "must not act"),
])
def test_other_words_or_numbers_are_substantive(old, new):
    assert classify(old, new).level is Level.SUBSTANTIVE
    assert not same_words(old, new)


def test_quote_marks_alone_are_no_change_and_typography_beside_another_minor_change():
    """Decided (benchmarks/README cause 13): a quote-only edit is not reported.

    The reader straightens quotes (guidediff/pdf/normalise.py) because two producers set the same
    text with different quote marks, so the difference no longer exists when the differ runs, and
    ``normalise`` folds them for texts that reach it otherwise. Beside another minor change they are
    not a difference of their own.
    """
    assert classify("Mozilla\u2019s services", "Mozilla's services") is None
    assert classify("\u201cHTTPS\u201c", '"HTTPS"') is None
    assert classify("Mozilla\u2019s services,", "Mozilla's services").reason == "only punctuation differs"


def test_a_page_reference_that_follows_the_repagination_is_bookkeeping():
    old, new = "See page 24 for a flow chart.", "See page 20 for a flow chart."
    assert classify(old, new, PAGES).level is Level.BOOKKEEPING
    assert classify(old, new, PAGES).reason == "page references only follow the repagination"
    assert classify(new, old, PAGES.reversed()).level is Level.BOOKKEEPING
    # pages 20–21 are what pages 24–25 were; page 20 is not what page 161 was.
    assert classify("see pages 24 to 25", "see pages 20 to 21", PAGES).level is Level.BOOKKEEPING
    assert classify("See page 161 for more.", "See page 20 for more.", PAGES).level is Level.SUBSTANTIVE


def test_a_page_outside_the_pages_compared_says_why_it_cannot_be_checked():
    """KCSIE July pp. 7-24 against the September Part one: "See page 161" -> "34" cites Annex B, not compared."""
    only_compared = Renumbering({ReferenceKind.PAGE: frozenset({("24", "20")})},
                                {ReferenceKind.PAGE: frozenset({"7", "24"})}, {ReferenceKind.PAGE: frozenset({"4", "20"})})
    verdict = classify("See page 161 for further information.", "See page 34 for further information.", only_compared)
    assert verdict.level is Level.SUBSTANTIVE
    assert verdict.reason == "page 161 is not among the parts of the old edition compared, so the change to 34 cannot be checked"


def test_a_reference_renumbered_the_wrong_way_is_substantive_and_says_what_it_should_be():
    renumbering = Renumbering.from_mapping({"24": "26", "25": "27"})
    verdict = classify("see paragraph 24", "see paragraph 25", renumbering)
    assert verdict.level is Level.SUBSTANTIVE
    assert verdict.reason == "paragraph 24 of the old edition is 26 in the new one, not 25"
    assert classify("see paragraph 24", "see paragraph 26", renumbering).level is Level.BOOKKEEPING


def test_a_renumbered_reference_beside_a_punctuation_edit_is_minor():
    verdict = classify("see paragraph 24", "see paragraph 26.", Renumbering.from_mapping({"24": "26"}))
    assert verdict.level is Level.MINOR
    assert verdict.reason == "only punctuation differs; cross-references only follow the renumbering of paragraphs"


def test_section_and_footnote_references_follow_their_renumbering():
    renumbering = Renumbering({ReferenceKind.SECTION: frozenset({("chapter 4", "chapter 5"), ("annex b", "annex c")}),
                               ReferenceKind.FOOTNOTE: frozenset({("12", "13")})})
    assert classify("see Chapter 4 and Annex B", "see Chapter 5 and Annex C", renumbering).level is Level.BOOKKEEPING
    assert classify("as footnote 12 says", "as footnote 13 says", renumbering).level is Level.BOOKKEEPING
    assert classify("see Chapter 4", "see Chapter 6", renumbering).level is Level.SUBSTANTIVE
    # Another document's numbering is not this one's.
    assert classify("section 4 of the Children Act 2004", "section 5 of the Children Act 2004",
                    Renumbering({ReferenceKind.SECTION: frozenset({("section 4", "section 5")})})).level \
        is Level.SUBSTANTIVE


def test_find_references_knows_pages_sections_and_footnotes():
    found = find_references("See page 161, pp. 20-24, Chapter 4, Annexes A and B, Part two and footnote 12; paragraph 9.")
    assert [(ref.kind, ref.values) for ref in found] == [
        ("page", ("161",)), ("page", ("20", "24")), ("section", ("chapter 4",)),
        ("section", ("annex a", "annex b")), ("section", ("part 2",)), ("footnote", ("12",)),
        ("paragraph", ("9",)),
    ]
    assert find_references("part of the plan, section 47 of the Act, pages of text") == ()


# --- symmetry: classify(A, B) and classify(B, A) agree ------------------------------------------

WORDS = st.sampled_from(["staff", "Staff", "should", "read", "see", "paragraph", "page", "Chapter", "and", "16",
                         "17-year-olds", "self-harm", "self", "harm", "care", "care,", "(", ")", ".", ";", "24", "26",
                         "161", "34", "4", "5"])


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12), st.lists(WORDS, min_size=1, max_size=12),
       st.lists(st.tuples(st.sampled_from(list(ReferenceKind)), st.sampled_from(["24", "26", "161", "34", "4", "5",
                                                                                 "chapter 4", "chapter 5"]),
                          st.sampled_from(["24", "26", "161", "34", "4", "5", "chapter 4", "chapter 5"])), max_size=5))
def test_levels_are_symmetric_for_any_texts_and_renumbering(old_words, new_words, pairs):
    by_kind: dict[str, set[tuple[str, str]]] = {}
    for kind, a, b in pairs:
        by_kind.setdefault(kind, set()).add((a, b))
    values = frozenset({"24", "26", "161", "34", "4", "5", "chapter 4", "chapter 5"})
    renumbering = Renumbering({kind: frozenset(found) for kind, found in by_kind.items()},
                              {kind: values for kind in ReferenceKind}, {kind: values for kind in ReferenceKind})
    old, new = " ".join(old_words), " ".join(new_words)
    forward, backward = classify(old, new, renumbering), classify(new, old, renumbering.reversed())
    assert (forward is None) == (backward is None)
    if forward is not None:
        assert forward.level == backward.level


# --- numbering scopes: paragraph numbers restarting in every chapter --------------------------------


def _document(*items: tuple, title: str = "Guidance") -> Document:
    """("h", level, text) heading (and bookmark); ("p", number, text) paragraph. One page per item, printed n + 1."""
    blocks, outline = [], []
    for seq, item in enumerate(items):
        if item[0] == "h":
            blocks.append(Block(BlockKind.HEADING, item[2], (seq,), seq, level=item[1], bold=True, font_size=18.0 - item[1]))
            outline.append(OutlineEntry(item[2], item[1], seq))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, item[2], (seq,), seq, number=item[1], font_size=11.0))
    return Document(title, f"{title}.pdf", "0" * 64, tuple(Page(i, str(i + 1)) for i in range(len(items))),
                    tuple(blocks), tuple(outline), outline_source="bookmarks")


FILLER = {
    "a": "Local authorities should publish a threshold document setting out the criteria for early help.",
    "b": "Practitioners should share information early, so that a child's needs are understood and met.",
    "c": "A single assessment should be completed within forty five working days of the referral.",
    "d": "The designated officer should be informed of every allegation made against a member of staff.",
    "e": "Serious case reviews should be published, so that the lessons learned can be shared widely.",
    "f": "The national panel advises local boards on the criteria for initiating a serious case review.",
    "n": "Young carers are entitled to an assessment of their needs from the local authority in every case.",
}


def _chapters(inserted: bool) -> Document:
    """Two chapters numbering from 1 each; ``inserted`` adds a paragraph early in chapter 1."""
    first = [("p", "1", FILLER["a"])] + ([("p", "2", FILLER["n"])] if inserted else [])
    shift = 1 if inserted else 0
    return _document(
        ("h", 1, "Chapter 1: Assessing need"), *first,
        ("p", str(2 + shift), FILLER["b"]), ("p", str(3 + shift), FILLER["c"]),
        ("p", str(4 + shift), f"Early help should be offered as soon as a need emerges (see paragraph {3 + shift})."),
        ("h", 1, "Chapter 2: Responsibilities"),
        ("p", "1", FILLER["d"]), ("p", "2", FILLER["e"]), ("p", "3", FILLER["f"]),
        ("p", "4", "The panel's role is set out in paragraph 3 of this chapter."),
    )


def test_numbering_that_restarts_in_every_chapter_is_scoped_by_chapter():
    assert numbering_depth(build_tree(_chapters(False))) == 1
    flat = _document(("h", 1, "Chapter 1"), ("p", "1", FILLER["a"]), ("h", 1, "Chapter 2"), ("p", "2", FILLER["b"]))
    assert numbering_depth(build_tree(flat)) == 0


def test_issue_10_references_resolve_within_their_chapter_in_both_directions():
    """wt-2013 model: "24" was mapped to another chapter's number; now each chapter's own renumbering counts."""
    old, new = _chapters(False), _chapters(True)
    for a, b in ((old, new), (new, old)):
        report = build_report(align(a, b))
        levels = {change.new.text if change.new else change.old.text: change.level for change in report.changes}
        assert levels == {FILLER["n"]: Level.SUBSTANTIVE,
                          f"Early help should be offered as soon as a need emerges (see paragraph {3 + (b is new)})."
                          : Level.BOOKKEEPING}
        # Chapter 2's "paragraph 3" is its own paragraph 3, which did not move: no change at all.


def test_issue_10_wt_2013_2015_renumberings_are_bookkeeping_both_ways():
    """The five cross-reference renumberings corpora/README.md lists (#3, #9, #18, #23, #24) are bookkeeping."""
    from guidediff.api import compare

    forward, backward = compare("wt-2013", "wt-2015", watchlist=None), compare("wt-2015", "wt-2013", watchlist=None)
    for report, (old_side, new_side) in ((forward, ("old", "new")), (backward, ("new", "old"))):
        bookkeeping = sorted((getattr(c, old_side).number, getattr(c, new_side).number) for c in report.changes_at("bookkeeping"))
        assert bookkeeping == [("14", "19"), ("21", "22"), ("23", "27"), ("42", "44"), ("8", "8")]
    assert forward.summary.changes["substantive"] == backward.summary.changes["substantive"]
    assert {level: len(forward.changes_at(level)) for level in Level} == \
        {level: len(backward.changes_at(level)) for level in Level}


# --- symmetry over synthetic edition pairs: the same counts per level both ways -----------------------

SENTENCES = [
    "Local authorities should publish a threshold document for the area",
    "Practitioners should share information early with the right services",
    "A single assessment should be completed within forty five working days",
    "The designated officer should hear of every allegation against staff",
    "Serious case reviews should be published so that lessons are learned",
    "The national panel advises boards on the criteria for a review",
    "Young carers are entitled to an assessment of their own needs",
    "Schools should keep a written record of every concern they have",
    "Health services should name a doctor and a nurse for safeguarding",
    "The police should take part in every strategy discussion that is held",
]


@st.composite
def edition_pairs(draw):
    """Two chapters whose paragraphs number from 1, with references; the new edition edits the old one.

    Edits: a paragraph inserted (renumbering the later ones of its chapter and every reference to
    them), a comma or a capital changed, a word replaced, a reference left pointing at the old number.
    """
    chapters = []
    for chapter in range(2):
        count = draw(st.integers(3, 5))
        paragraphs = []
        for index in range(count):
            text = SENTENCES[(chapter * 5 + index) % len(SENTENCES)] + f" in chapter {chapter + 1} part {index + 1}."
            if index and draw(st.booleans()):
                target = draw(st.integers(1, count))
                text += f" See paragraph {target}."
            paragraphs.append(text)
        chapters.append(paragraphs)

    def document(book: list[list[str]], title: str) -> Document:
        items: list[tuple] = []
        for number, paragraphs in enumerate(book, 1):
            items.append(("h", 1, f"Chapter {number}: {['Assessing need', 'Responsibilities'][number - 1]}"))
            items.extend(("p", str(index), text) for index, text in enumerate(paragraphs, 1))
        return _document(*items, title=title)

    edited = [list(paragraphs) for paragraphs in chapters]
    chapter = draw(st.integers(0, 1))
    if draw(st.booleans()):  # insert a paragraph: later numbers of the chapter and references to them follow
        at = draw(st.integers(0, len(edited[chapter])))
        shifted = []
        for text in edited[chapter]:
            head, found, tail = text.partition(" See paragraph ")
            if found:
                target = int(tail.rstrip("."))
                text = f"{head} See paragraph {target + 1 if target > at else target}."
            shifted.append(text)
        edited[chapter] = shifted[:at] + [FILLER["n"]] + shifted[at:]
    for paragraphs in edited:
        index = draw(st.integers(0, len(paragraphs) - 1))
        edit = draw(st.sampled_from(["comma", "capital", "word", "stale", "none"]))
        text = paragraphs[index]
        if edit == "comma":
            text = text.replace(" should ", ", should ", 1)
        elif edit == "capital":
            text = text[0].lower() + text[1:]
        elif edit == "word":
            text = text.replace("should", "must", 1)
        elif edit == "stale" and " See paragraph " in text:
            head, _, tail = text.partition(" See paragraph ")
            text = f"{head} See paragraph {int(tail.rstrip('.')) + 3}."
        paragraphs[index] = text
    return document(chapters, "Old"), document(edited, "New")


@settings(max_examples=60, deadline=None)
@given(edition_pairs())
def test_issue_10_counts_per_level_are_the_same_both_ways_on_synthetic_pairs(pair):
    old, new = pair
    forward, backward = build_report(align(old, new)), build_report(align(new, old))
    assert {level: len(forward.changes_at(level)) for level in Level} == \
        {level: len(backward.changes_at(level)) for level in Level}


@pytest.mark.corpus
@pytest.mark.parametrize("pair", ["pocket-tos-2024", "firefox-pn-2025", "firefox-pn-2024", "hello-tos-2015",
                                  "thunderbird-pn-2025"])
def test_issue_10_counts_per_level_are_the_same_both_ways_on_the_prose_pairs(pair):
    from guidediff.api import compare
    from tests.conftest import shared_corpus

    old, new = (shared_corpus() / "prose" / f"{pair}-{side}.chromium.pdf" for side in ("old", "new"))
    if not old.is_file():
        pytest.skip(f"prose pair {pair} not found in {old.parent}")
    forward, backward = compare(old, new, watchlist=None), compare(new, old, watchlist=None)
    assert {level: len(forward.changes_at(level)) for level in Level} == \
        {level: len(backward.changes_at(level)) for level in Level}
