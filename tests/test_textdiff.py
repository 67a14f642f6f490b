"""Word-level diffs, similarity and the bookkeeping test (guidediff.textdiff)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidediff.textdiff import (
    CrossReference,
    diff_words,
    find_cross_references,
    is_bookkeeping,
    normalise,
    similarity,
    tokenise,
)

# Modelled on KCSIE para 135 (online safety, "content" risks): the older wording
# lists "fake news"; the 2025 wording adds misinformation, disinformation
# (including fake news) and conspiracy theories.
KCSIE_OLD = (
    "content: being exposed to illegal, inappropriate, or harmful content, for example: "
    "pornography, fake news, racism, misogyny, self-harm, suicide, anti-Semitism, "
    "radicalisation and extremism."
)
KCSIE_NEW = (
    "content: being exposed to illegal, inappropriate, or harmful content, for example: "
    "pornography, racism, misogyny, self-harm, suicide, antisemitism, radicalisation, "
    "extremism, misinformation, disinformation (including fake news) and conspiracy theories."
)


def old_side(ops):
    return "".join(text for op, text in ops if op != "+")


def new_side(ops):
    return "".join(text for op, text in ops if op != "-")


# ----------------------------------------------------------------------------- normalise


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a child\u2019s welfare", "a child's welfare"),
        ("\u201cEarly help\u201d", '"Early help"'),
        ("\u2018Early help\u2019 and \u201elow\u201f", "'Early help' and \"low\""),
        ("working\ntogether  to\tsafeguard", "working together to safeguard"),
        ("Part\u00a0one", "Part one"),
        ("10\u202f000 children", "10 000 children"),
        ("  leading and trailing \n", "leading and trailing"),
        ("safe\u00adguarding", "safeguarding"),
        ("zero\u200bwidth", "zerowidth"),
        ("\ufb01rst of\ufb01cer", "first officer"),
        ("non\u2010consensual", "non-consensual"),
        ("16\u201319 study programmes", "16-19 study programmes"),
        ("paragraphs 169\u2014170", "paragraphs 169-170"),
        ("children \u2014 especially", "children \u2013 especially"),
        ("children - especially", "children\u00a0\u2014 especially"),
        ("and so on\u2026", "and so on..."),
        ("cafe\u0301", "caf\u00e9"),
    ],
)
def test_normalise_folds_what_a_reader_cannot_see(old, new):
    assert normalise(old) == normalise(new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("misinformation", "disinformation"),
        ("Local Authority", "local authority"),
        ("self-harm", "self\u2013harm"),  # a dash between letters is not a hyphen
        ("should", "must"),
        ("paragraph 154", "paragraph 155"),
        ("children, and", "children and"),
        ("children - especially", "children-especially"),
    ],
)
def test_normalise_keeps_real_differences(old, new):
    assert normalise(old) != normalise(new)


@given(st.text())
def test_normalise_is_idempotent_and_has_single_spaces(text):
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(char.isspace() and char != " " for char in once)


# ----------------------------------------------------------------------------- tokenise


def test_tokenise_keeps_words_with_internal_apostrophes_hyphens_and_number_points():
    text = "A child's non-consensual 16-19 paragraph 5.23, 1,000 'quoted' end-"
    assert tokenise(text) == (
        "A", " ", "child's", " ", "non-consensual", " ", "16-19", " ", "paragraph", " ",
        "5.23", ",", " ", "1,000", " ", "'", "quoted", "'", " ", "end", "-",
    )


# ----------------------------------------------------------------------------- diff_words: examples


def test_kcsie_online_safety_redline_reads_as_whole_phrases():
    ops = diff_words(KCSIE_OLD, KCSIE_NEW)
    assert old_side(ops) == KCSIE_OLD and new_side(ops) == KCSIE_NEW
    # The removed phrase starts at its word and carries its comma and space.
    assert ("-", "fake news, ") in ops
    # A respelt word is one whole-word replacement, "-" first.
    index = ops.index(("-", "anti-Semitism"))
    assert ops[index + 1] == ("+", "antisemitism")
    # The new risks arrive as one insertion, not as confetti around shared words.
    inserted = [text for op, text in ops if op == "+"]
    assert any("misinformation, disinformation (including fake news) and conspiracy theories" in t for t in inserted)
    assert len(ops) <= 9


def test_misinformation_versus_disinformation_is_one_whole_word_replacement():
    old = "Staff should be alert to misinformation in a child's online activity."
    new = "Staff should be alert to disinformation in a child's online activity."
    assert diff_words(old, new) == (
        ("=", "Staff should be alert to "),
        ("-", "misinformation"),
        ("+", "disinformation"),
        ("=", " in a child's online activity."),
    )


def test_inserted_words_start_at_a_word_and_carry_their_space():
    old = "All staff should read Part one of this guidance."
    new = "All school and college staff should read Part one of this guidance."
    assert diff_words(old, new) == (
        ("=", "All "),
        ("+", "school and college "),
        ("=", "staff should read Part one of this guidance."),
    )


def test_list_item_insertion_reads_as_item_comma_space():
    assert diff_words("pornography, racism", "pornography, misogyny, racism") == (
        ("=", "pornography, "),
        ("+", "misogyny, "),
        ("=", "racism"),
    )


def test_doubled_word_removal_and_repeated_phrase_insertion_start_at_a_word():
    assert diff_words("Staff must must report it.", "Staff must report it.") == (
        ("=", "Staff "),
        ("-", "must "),
        ("=", "must report it."),
    )
    # "to" could go on either end of the insertion; of equally good places the
    # leftmost is taken, so the inserted words read as one phrase.
    assert diff_words(
        "Staff must report to children's social care.",
        "Staff must report to the police and to children's social care.",
    ) == (
        ("=", "Staff must report "),
        ("+", "to the police and "),
        ("=", "to children's social care."),
    )


@pytest.mark.parametrize(
    ("old", "new", "edits"),
    [
        ("Staff must must report it.", "Staff must report it.", (("-", "must "),)),
        ("the child, the child and the family", "the child and the family", (("-", "the child, "),)),
        ("report it (DSL)", "report it now (DSL)", (("+", "now "),)),
        (
            "Staff must report to children's social care.",
            "Staff must report to the police and to children's social care.",
            (("+", "to the police and "),),
        ),
    ],
)
def test_where_an_edit_is_placed_does_not_depend_on_unrelated_words_before_it(old, new, edits):
    # diff-match-patch works on one character per distinct word, so earlier words
    # change which characters encode these ones; the redline must not change.
    for count in range(40):
        filler = "".join(f"word{index} " for index in range(count))
        ops = diff_words(filler + old, filler + new)
        assert tuple(op for op in ops if op[0] != "=") == edits, count


def test_reworded_clause_is_one_deletion_and_one_insertion():
    old = "The designated safeguarding lead should take lead responsibility for safeguarding and child protection."
    new = "The designated safeguarding lead must liaise with the local authority and work with other agencies."
    ops = diff_words(old, new)
    assert [op for op, _ in ops] == ["=", "-", "+", "="]
    assert ops[0] == ("=", "The designated safeguarding lead ")


def test_identical_and_empty_texts():
    assert diff_words("Working Together", "Working Together") == (("=", "Working Together"),)
    assert diff_words("", "") == ()
    assert diff_words("", "new text") == (("+", "new text"),)
    assert diff_words("old text", "") == (("-", "old text"),)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (" a , ", " , ", (("=", " "), ("-", "a "), ("=", ", "))),
        ("the the cat", "the cat", (("-", "the "), ("=", "the cat"))),
        ("the cat sat sat", "the cat sat", (("=", "the cat "), ("-", "sat "), ("=", "sat"))),
        ("cat", "cat cat", (("+", "cat "), ("=", "cat"))),
    ],
)
def test_issue_edit_sliding_off_the_edge_of_the_text_kept_every_token(old, new, expected):
    # A lone edit at the very start or end of the text that slid sideways used to
    # lose the tokens it slid past: there was no equality there to take them.
    assert diff_words(old, new) == expected


def test_max_edits_falls_back_to_one_replacement_between_common_ends():
    old = "Schools should act now. End."
    new = "Schools must act today. End."
    assert diff_words(old, new) == (
        ("=", "Schools "),
        ("-", "should"),
        ("+", "must"),
        ("=", " act "),
        ("-", "now"),
        ("+", "today"),
        ("=", ". End."),
    )
    # Four token edits are needed; with a budget of three the search is skipped.
    assert diff_words(old, new, max_edits=3) == (
        ("=", "Schools "),
        ("-", "should act now"),
        ("+", "must act today"),
        ("=", ". End."),
    )
    assert diff_words(old, new, max_edits=4) == diff_words(old, new)


# ----------------------------------------------------------------------------- diff_words: properties

# Small alphabets make shared words likely; the odd characters exercise joiners,
# combining marks and whitespace that is not a plain space.
WORDS = st.sampled_from(
    ["a", "b", "ab", "child's", "non-consensual", "16-19", "5.23", "1,000", "cafe\u0301", "é", "x-", "'", "’"]
)
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\u00a0", ", ", ".", "(", ")", "-", "", "'", "\u2013", "1"])
TEXTS = st.lists(st.one_of(WORDS, SEPARATORS), max_size=14).map("".join)
ANY_TEXT = st.one_of(TEXTS, st.text(max_size=30))
OPTIONS = st.fixed_dictionaries(
    {"semantic_cleanup": st.booleans(), "max_edits": st.sampled_from([0, 2, 2000])}
)


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def cuts_a_word(text: str, offset: int) -> bool:
    """Naive reference: does a cut at ``offset`` split a word or a whitespace run?"""
    if offset <= 0 or offset >= len(text):
        return False
    before, after = text[offset - 1], text[offset]
    if before.isspace() and after.isspace():
        return True
    if _is_word_char(before) and _is_word_char(after):
        return True
    joiners = "'\u2019-\u2010\u2011"
    if after in joiners and offset + 1 < len(text) and _is_word_char(before) and _is_word_char(text[offset + 1]):
        return True
    if before in joiners and offset >= 2 and _is_word_char(text[offset - 2]) and _is_word_char(after):
        return True
    if after in ".," and offset + 1 < len(text) and before.isdecimal() and text[offset + 1].isdecimal():
        return True
    if before in ".," and offset >= 2 and text[offset - 2].isdecimal() and after.isdecimal():
        return True
    return False


def cut_offsets(ops, side: str) -> list[int]:
    offsets, position = [], 0
    for op, text in ops:
        if op in ("=", side):
            position += len(text)
            offsets.append(position)
    return offsets


# Very few distinct tokens: edits can slide a long way, also off either end.
REPETITIVE_TEXTS = st.lists(st.sampled_from(["a", "b", " ", ", "]), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT, OPTIONS)
def test_segments_reassemble_both_texts(old, new, options):
    ops = diff_words(old, new, **options)
    assert old_side(ops) == old
    assert new_side(ops) == new


@settings(max_examples=300, deadline=None)
@given(REPETITIVE_TEXTS, REPETITIVE_TEXTS, st.booleans())
def test_segments_reassemble_repetitive_texts(old, new, semantic_cleanup):
    ops = diff_words(old, new, semantic_cleanup=semantic_cleanup)
    assert old_side(ops) == old
    assert new_side(ops) == new


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT, OPTIONS)
def test_no_edit_starts_or_ends_inside_a_word(old, new, options):
    ops = diff_words(old, new, **options)
    for offset in cut_offsets(ops, "-"):
        assert not cuts_a_word(old, offset), (old, offset, ops)
    for offset in cut_offsets(ops, "+"):
        assert not cuts_a_word(new, offset), (new, offset, ops)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT, OPTIONS)
def test_segments_are_merged_nonempty_and_deletions_come_first(old, new, options):
    ops = diff_words(old, new, **options)
    assert all(op in ("=", "-", "+") and text for op, text in ops)
    for (first, _), (second, _) in zip(ops, ops[1:]):
        assert first != second
        assert (first, second) != ("+", "-")


@given(ANY_TEXT)
def test_a_text_diffed_with_itself_is_all_equal(text):
    assert diff_words(text, text) == ((("=", text),) if text else ())


def longest_common_subsequence(first, second) -> int:
    previous = [0] * (len(second) + 1)
    for item in first:
        current = [0]
        for index, other in enumerate(second):
            current.append(previous[index] + 1 if item == other else max(previous[index + 1], current[index]))
        previous = current
    return previous[-1]


def unchanged_token_count(ops) -> int:
    return sum(len(tokenise(text)) for op, text in ops if op == "=")


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_minimal_word_diff_keeps_a_longest_common_subsequence_of_tokens(old, new):
    best = longest_common_subsequence(tokenise(old), tokenise(new))
    assert unchanged_token_count(diff_words(old, new, semantic_cleanup=False)) == best
    # The cleanup may give up shared tokens for readability, never invent them.
    assert unchanged_token_count(diff_words(old, new)) <= best


@given(ANY_TEXT)
def test_tokenise_reassembles_and_never_cuts_a_word(text):
    tokens = tokenise(text)
    assert "".join(tokens) == text
    assert all(tokens)
    position = 0
    for token in tokens[:-1]:
        position += len(token)
        assert not cuts_a_word(text, position)


def test_diff_is_identical_in_fresh_interpreters_with_different_hash_seeds():
    script = (
        "from guidediff.textdiff import diff_words;"
        f"print(repr(diff_words({KCSIE_OLD!r}, {KCSIE_NEW!r})));"
        "print(repr(diff_words('a b a c b a', 'b a c a b c a')))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


# ----------------------------------------------------------------------------- similarity


def test_similarity_of_a_partly_rewritten_paragraph():
    score = similarity(KCSIE_OLD, KCSIE_NEW)
    assert 0.5 < score < 0.9
    assert score == round(score, 4)


def test_similarity_ignores_layout_but_not_words():
    assert similarity("a child\u2019s\nwelfare", "a child's welfare") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("child", "") == 0.0
    assert similarity("Staff should act.", "Staff must act.") < 1.0


def test_a_one_character_change_in_a_long_paragraph_never_rounds_to_one():
    old = "word " * 5000 + "end."
    assert similarity(old, old.replace("end.", "end!")) == 0.9999


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_similarity_is_one_exactly_when_normalised_texts_are_equal(old, new):
    score = similarity(old, new)
    assert 0.0 <= score <= 1.0
    assert (score == 1.0) == (normalise(old) == normalise(new))


# ----------------------------------------------------------------------------- cross-references


@pytest.mark.parametrize(
    ("text", "phrase", "numbers"),
    [
        ("as set out in paragraph 154 above", "paragraph 154", ("154",)),
        ("see paragraphs 169\u2013170.", "paragraphs 169\u2013170", ("169", "170")),
        ("see paragraphs 169-170.", "paragraphs 169-170", ("169", "170")),
        ("see paragraphs 169\u2010170.", "paragraphs 169\u2010170", ("169", "170")),
        ("see paragraphs 169\u2014170.", "paragraphs 169\u2014170", ("169", "170")),
        ("see paragraphs 169 \u2013 170.", "paragraphs 169 \u2013 170", ("169", "170")),
        ("paragraphs 169 to 172 explain", "paragraphs 169 to 172", ("169", "172")),
        ("in paragraphs 12, 14 and 15, staff", "paragraphs 12, 14 and 15", ("12", "14", "15")),
        ("in paragraphs 12, 14, and 15.", "paragraphs 12, 14, and 15", ("12", "14", "15")),
        ("paragraphs 3-5, 7 or 9 to 11 apply", "paragraphs 3-5, 7 or 9 to 11", ("3", "5", "7", "9", "11")),
        ("paragraphs 12 & 14 say", "paragraphs 12 & 14", ("12", "14")),
        ("para 12 says", "para 12", ("12",)),
        ("paras 3-5 say", "paras 3-5", ("3", "5")),
        ("para. 12 says", "para. 12", ("12",)),
        ("paragraph 5.23 of this guidance", "paragraph 5.23", ("5.23",)),
        ("paragraphs 5.23 to 5.25.", "paragraphs 5.23 to 5.25", ("5.23", "5.25")),
        ("(paragraph 135)", "paragraph 135", ("135",)),
        ("Paragraph 40 explains", "Paragraph 40", ("40",)),
        ("PARAGRAPH 40 explains", "PARAGRAPH 40", ("40",)),
        ("see paragraph\n154", "paragraph\n154", ("154",)),
        ("see paragraph 12A", "paragraph 12A", ("12A",)),
        ("paragraph 12 and 13-year-olds", "paragraph 12", ("12",)),
    ],
)
def test_find_cross_references(text, phrase, numbers):
    (reference,) = find_cross_references(text)
    assert text[reference.start : reference.end] == phrase
    assert reference.numbers == numbers
    assert tuple(text[start:end] for start, end in reference.number_spans) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "section 154 of the Children Act 1989",
        "154 paragraphs were rewritten",
        "each paragraph is numbered",
        "paragraph 3 of Schedule 2 to the Children Act 1989",
        "paragraphs 12 and 14 of the Regulations",
        "the paramedic 12",
        "paragraph twelve",
    ],
)
def test_phrases_that_are_not_cross_references_to_this_document(text):
    assert find_cross_references(text) == ()


def test_several_cross_references_in_reading_order():
    text = "See paragraph 154 and, for online safety, paragraphs 135\u2013137."
    assert [ref.numbers for ref in find_cross_references(text)] == [("154",), ("135", "137")]
    assert isinstance(find_cross_references(text)[0], CrossReference)


# ----------------------------------------------------------------------------- is_bookkeeping

RENUMBERING = {"154": "155", "169": "170", "170": "171", "171": "172", "12": "13", "13": "14", "5.23": "5.24"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Further information is at paragraph 154.", "Further information is at paragraph 155."),
        ("see paragraphs 169\u2013170.", "see paragraphs 170\u2013171."),
        ("see paragraphs 169 to 171.", "see paragraphs 170 to 172."),
        ("see paragraphs 12 and 13.", "see paragraphs 13 and 14."),  # a chain, not 14 and 14
        ("(paragraph 154), para 12 and paragraph 5.23", "(paragraph 155), para 13 and paragraph 5.24"),
        ("see paragraphs 169\u2013170 and 200.", "see paragraphs 170-171 and 200."),
        ("staff\u2019s duty, see\nparagraph 154", "staff's duty, see paragraph 155"),
    ],
)
def test_references_that_follow_the_renumbering_are_bookkeeping(old, new):
    assert is_bookkeeping(old, new, RENUMBERING)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A cited number that changes, but not as the renumbering says.
        ("see paragraph 154.", "see paragraph 156."),
        # A word changes next to a correctly renumbered reference.
        ("Staff should read paragraph 154.", "Staff must read paragraph 155."),
        # A cited paragraph the map does not know keeps its number.
        ("see paragraph 999.", "see paragraph 1000."),
        # A number that is not a cross-reference follows the map by coincidence.
        ("There were 154 schools; see paragraph 154.", "There were 155 schools; see paragraph 155."),
        # Only one end of a range follows the map.
        ("see paragraphs 169\u2013170.", "see paragraphs 170\u2013170."),
        ("see paragraphs 169\u2013170.", "see paragraphs 169\u2013171."),
        # A reference to a different paragraph.
        ("see paragraph 154.", "see paragraph 170."),
        # A reference to another document's numbering.
        ("paragraph 12 of Schedule 2 to the Act", "paragraph 13 of Schedule 2 to the Act"),
        # A reference that is not renumbered although it should have been, plus an edit.
        ("see paragraph 154.", "see paragraph 154 and Annex A."),
        # The reference's wording changes.
        ("see paragraph 154.", "see paragraphs 155."),
    ],
)
def test_real_changes_are_never_bookkeeping(old, new):
    assert not is_bookkeeping(old, new, RENUMBERING)


def test_identical_texts_are_no_change_not_bookkeeping():
    assert not is_bookkeeping("see paragraph 200.", "see paragraph 200.", RENUMBERING)
    assert not is_bookkeeping("see  paragraph\u00a0200.", "see paragraph 200.", RENUMBERING)


NUMBERS = st.sampled_from(["1", "2", "3", "12", "5.23", "5.24"])


@st.composite
def renumbered_pairs(draw):
    """An old text with cross-references, its renumbering, and the new text built piece by piece.

    A renumbering is one-to-one, and a number it moves is taken by another it moves (a
    permutation of some numbers): two paragraphs never share a number in one edition.
    """
    numbers = draw(st.lists(NUMBERS, unique=True, max_size=4))
    renumbering = dict(zip(numbers, draw(st.permutations(numbers))))
    old_pieces, new_pieces = [], []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["words", "single", "range", "list"]))
        if kind == "words":
            piece = draw(st.sampled_from(["Staff should act", "and", "see", "5", "(", ")", "."]))
            old_pieces.append(piece)
            new_pieces.append(piece)
            continue
        first, second = draw(NUMBERS), draw(NUMBERS)
        mapped_first, mapped_second = renumbering.get(first, first), renumbering.get(second, second)
        keyword = draw(st.sampled_from(["paragraph", "paragraphs", "para", "paras", "Paragraph"]))
        if kind == "single":
            old_pieces.append(f"{keyword} {first}")
            new_pieces.append(f"{keyword} {mapped_first}")
        else:
            joiner = "\u2013" if kind == "range" else " and "
            old_pieces.append(f"{keyword} {first}{joiner}{second}")
            new_pieces.append(f"{keyword} {mapped_first}{joiner}{mapped_second}")
    return " ".join(old_pieces), " ".join(new_pieces), renumbering


@settings(max_examples=300, deadline=None)
@given(renumbered_pairs())
def test_text_rebuilt_with_the_renumbering_is_bookkeeping_exactly_when_it_changed(pair):
    old, new, renumbering = pair
    assert is_bookkeeping(old, new, renumbering) == (normalise(old) != normalise(new))


@settings(max_examples=300, deadline=None)
@given(renumbered_pairs(), st.data())
def test_any_further_edit_makes_the_change_substantive(pair, data):
    old, new, renumbering = pair
    position = data.draw(st.integers(0, len(new)))
    insertion = data.draw(st.sampled_from(["x", "7", " not", "1", "s"]))
    edited = new[:position] + insertion + new[position:]
    if normalise(edited) != normalise(new):
        assert not is_bookkeeping(old, edited, renumbering)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab c.-’\u00ad", max_size=30), st.text(alphabet="ab c.-’\u00ad", max_size=30))
def test_issue_16_similarity_from_the_redline_is_the_similarity(old, new):
    # The report computes similarity from the redline it already has; it must be the same number.
    from guidediff.textdiff import similarity_of

    old_text, new_text = normalise(old), normalise(new)
    assert similarity_of(diff_words(old_text, new_text), old_text, new_text) == similarity(old, new)


# ----------------------------------------------------------------------------- printed_diff


def printed(old: str, new: str):
    from guidediff.textdiff import printed_diff

    return printed_diff(diff_words(normalise(old), normalise(new)), old, new)


def test_issue_em_dash_shown_as_an_en_dash_the_redline_shows_what_each_side_prints():
    """The comparison folds the em dash into the en dash; the pieces shown must not (Thunderbird, Firefox notices).

    Deleted words are shown as the old edition prints them, inserted and kept words as the new one does.
    """
    ops = printed("Suggestion requests \u2014 including your query \u2014 are sent",
                  "Suggestion requests \u2014 including your real-time query \u2014 are sent\u2026 directly")
    assert ops == (("=", "Suggestion requests \u2014 including your "), ("+", "real-time "),
                   ("=", "query \u2014 are sent"), ("+", "\u2026 directly"))
    assert printed("the \u201cDesktop\u201d app \u2014 removed", "the \u201cDesktop\u201d app") == \
        (("=", "the \u201cDesktop\u201d app"), ("-", " \u2014 removed"))
    assert printed("to date\u2014like ratings", "to date\u2014like the ratings") == \
        (("=", "to date\u2014like "), ("+", "the "), ("=", "ratings"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab c.,-\u2014\u2013\u2019\u201c\u2026\ufb01\u00ad\n\u00a0(", max_size=30),
       st.text(alphabet="ab c.,-\u2014\u2013\u2019\u201c\u2026\ufb01\u00ad\n\u00a0(", max_size=30))
def test_printed_redline_gives_the_new_text_as_printed_and_the_old_text_once_folded(old, new):
    ops = printed(old, new)
    # As printed; folded only where a cut falls inside one printed character ("…" kept as ".", then "..").
    assert new_side(ops) in (" ".join(new.replace("\u00ad", "").split()), normalise(new))
    assert normalise(old_side(ops)) == normalise(old)
    assert all(text for _, text in ops)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(ops))


def test_issue_em_dash_shown_as_an_en_dash_in_the_report_on_both_sides_and_in_context():
    from guidediff.align import align
    from guidediff.report.build import build_report
    from tests.test_levels import _document

    old = _document(("h", 1, "Search"), ("p", None, ("Suggestion requests \u2014 including your query \u2014 are sent "
                                                     "directly to your search provider \u2014 as you type.")))
    new = _document(("h", 1, "Search"), ("p", None, ("Suggestion requests \u2014 including your real-time query "
                                                     "\u2014 are sent directly to your search provider.")))
    (change,) = build_report(align(old, new)).changes
    assert change.diff == (("=", "Suggestion requests \u2014 including your "), ("+", "real-time "),
                           ("=", "query \u2014 are sent directly to your search provider"), ("-", " \u2014 as you type"),
                           ("=", "."))
    assert change.similarity == similarity(change.old.text, change.new.text)
