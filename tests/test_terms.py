"""Watched concepts: watchlist files, matching, per-document counts, changes and trends (guidediff.terms)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidediff.document import Block, BlockKind, Document, Page
from guidediff.editions import describe
from guidediff.errors import GuidediffError, WatchlistError
from guidediff.render import TERMS
from guidediff.terms import (
    Concept,
    TermStatus,
    Watchlist,
    bundled_watchlists,
    compare_terms,
    load_watchlist,
    parse_watchlist,
    scan,
    trend,
    trend_table,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


# ----------------------------------------------------------------------------- helpers


def document(*blocks: Block, labels: tuple[str, ...] = tuple(str(number) for number in range(1, 31)), title: str = "Test") -> Document:
    pages = tuple(Page(index, label) for index, label in enumerate(labels))
    numbered = tuple(
        Block(block.kind, block.text, block.pages, seq, block.page_offsets, block.number) for seq, block in enumerate(blocks)
    )
    return Document(title=title, path=f"{title}.pdf", sha256="0" * 64, pages=pages, blocks=numbered)


def para(text: str, page: int = 0, *, number: str | None = None) -> Block:
    return Block(BlockKind.PARAGRAPH, text, (page,), number=number)


def texts(concept: Concept, text: str) -> list[str]:
    return [text[start:end] for start, end in concept.find(text)]


CSE = Concept("child-sexual-exploitation", "CSE", phrases=("child sexual exploitation", "sexual exploitation"), abbreviations=("CSE",))
PREVENT = Concept("prevent", "Prevent duty", case_sensitive=("Prevent",))


# ----------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        # -s, -ed, -ing on the last word; a different word ("neglectful") is not an inflection.
        ("neglect", "neglect, neglects, neglected, neglecting, neglectful", ["neglect", "neglects", "neglected", "neglecting"]),
        # A last word ending in -e drops it before -ed and -ing.
        (
            "sexual abuse",
            "sexual abuse; sexually abused; sexual abused; sexual abusing",
            ["sexual abuse", "sexual abused", "sexual abusing"],
        ),
        # -y after a consonant becomes -ies / -ied.
        ("bully", "bully, bullies, bullied, bullying", ["bully", "bullies", "bullied", "bullying"]),
        ("disability", "a disability; disabilities", ["disability", "disabilities"]),
        # -es after s, x, z, ch, sh.
        ("sexually harass", "sexually harasses; sexually harassed", ["sexually harasses", "sexually harassed"]),
        ("young carer", "Young carers and a young carer", ["Young carers", "young carer"]),
        # The -ise family: every form, both spellings.
        (
            "radicalisation",
            "radicalisation, radicalization, radicalised, radicalized, radicalise, radicalising, radicalisations; radical",
            ["radicalisation", "radicalization", "radicalised", "radicalized", "radicalise", "radicalising", "radicalisations"],
        ),
        # -ise/-ize folded in an earlier word too.
        ("organised crime group", "organized crime groups", ["organized crime groups"]),
        # Only the LAST word inflects; irregular plurals are separate phrases.
        ("child in need", "children in need; child in needs", ["child in needs"]),
        # Numbers never inflect, and stay whole: "section 17" is not "section 170" or "section 17A".
        ("section 17", "section 17 of the Act; section 170; section 17A; section 17(1)", ["section 17", "section 17"]),
    ],
)
def test_phrases_match_simple_inflections_of_the_last_word(phrase, text, expected):
    assert texts(Concept("c", "C", phrases=(phrase,)), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "child-on-child abuse",
        "child on child abuse",
        "child\non  child abuse",
        "child - on-child abuse",
        "Child\u2011on\u2011child abuse",
    ],
)
def test_a_hyphen_and_any_whitespace_join_words_alike(text):
    concept = Concept("child-on-child", "Child-on-child", phrases=("child-on-child abuse",))
    assert texts(concept, text) == [text]


def test_quote_marks_beside_a_join_are_skipped():
    concept = Concept("hba", "HBA", phrases=("honour-based abuse",))
    text = "so-called \u2018honour\u2019-based abuse and 'honour'-based abuses"
    assert texts(concept, text) == ["honour\u2019-based abuse", "honour'-based abuses"]


def test_either_apostrophe_matches():
    concept = Concept("lscb", "LSCB", phrases=("Local Safeguarding Children's Board",))
    assert texts(concept, "the Local Safeguarding Children\u2019s Boards and the local safeguarding children's board") == [
        "Local Safeguarding Children\u2019s Boards",
        "local safeguarding children's board",
    ]


def test_phrases_match_whole_words_only():
    concept = Concept("consent", "Consent", phrases=("consent",))
    assert texts(concept, "consentaneous; preconsent; consent's; non-consent") == ["consent", "consent"]


def test_abbreviations_match_exact_case_with_an_optional_plural():
    assert texts(CSE, "CSE, cse, Cse, CSEs, CSEX, (CSE)") == ["CSE", "CSEs", "CSE"]
    lscb = Concept("lscb", "LSCB", abbreviations=("LSCB",))
    assert texts(lscb, "LSCBs and the LSCB's chair; lscbs") == ["LSCBs", "LSCB"]


def test_case_sensitive_phrases_never_match_the_ordinary_word():
    text = "the Prevent duty; Prevent referrals; to prevent harm; Preventing harm; PREVENT"
    assert texts(PREVENT, text) == ["Prevent", "Prevent"]


def test_overlapping_phrases_of_one_concept_count_once_longest_first():
    assert texts(CSE, "child sexual exploitation") == ["child sexual exploitation"]
    # The phrase and the abbreviation in brackets are two mentions.
    assert texts(CSE, "Child sexual exploitation (CSE) and sexual exploitation") == [
        "Child sexual exploitation",
        "CSE",
        "sexual exploitation",
    ]


def test_concepts_in_tags_a_passage_with_the_concepts_it_mentions():
    watchlist = load_watchlist()
    assert watchlist.concepts_in("Staff should know about FGM and radicalisation.") == (
        "female-genital-mutilation",
        "radicalisation",
    )
    assert watchlist.concepts_in("Nothing to see here.") == ()


def test_the_same_words_can_mention_two_concepts():
    sexual_exploitation = Concept("sexual-exploitation", "Sexual exploitation", phrases=("sexual exploitation",))
    child_sexual_exploitation = Concept("cse", "CSE", phrases=("child sexual exploitation",))
    watchlist = Watchlist("test", (child_sexual_exploitation, sexual_exploitation))
    assert watchlist.find_all("a child sexual exploitation case") == (((2, 27),), ((8, 27),))


# A brute-force reference for the matching rules, on texts built from whole words:
# compare each run of words with each phrase word by word.
VOCABULARY = [
    "child", "Child", "CHILD", "sexual", "exploitation", "exploitations", "criminal", "on", "abuse", "abused",
    "CSE", "cse", "CSEs", "neglect", "neglected", "neglectful", "the", "SEXUAL", "Prevent", "prevent",
]
SEPARATORS = [" ", "-", ", ", "  ", "\n", ". "]
JOINING = {" ", "-", "  ", "\n"}  # separators that keep a phrase together
REFERENCE_CONCEPTS = [
    # (concept, phrases as word lists with the forms the last word may take, abbreviations, case-sensitive words)
    (
        CSE,
        [(["child", "sexual"], {"exploitation", "exploitations"}), (["sexual"], {"exploitation", "exploitations"})],
        {"CSE", "CSEs"},
    ),
    (Concept("coc", "Child on child", phrases=("child on child",)), [(["child", "on"], {"child"})], set()),
    (
        Concept("abuse", "Child abuse", phrases=("child abuse", "sexual abuse")),
        [(["child"], {"abuse", "abused"}), (["sexual"], {"abuse", "abused"})],
        set(),
    ),
    (Concept("neglect", "Neglect", phrases=("neglect",)), [([], {"neglect", "neglected"})], set()),
    (PREVENT, [], {"Prevent"}),
]


def reference_spans(words: list[str], separators: list[str], phrases, exact: set[str]) -> list[tuple[int, int]]:
    starts, position = [], 0
    for word, separator in zip(words, separators):
        starts.append(position)
        position += len(word) + len(separator)
    candidates = []
    for index, word in enumerate(words):
        if word in exact:
            candidates.append((starts[index], starts[index] + len(word)))
        for leading, last_forms in phrases:
            end_index = index + len(leading)
            if end_index >= len(words):
                continue
            run = words[index : end_index + 1]
            joined = all(separator in JOINING for separator in separators[index:end_index])
            if joined and [word.lower() for word in run[:-1]] == leading and run[-1].lower() in last_forms:
                candidates.append((starts[index], starts[end_index] + len(run[-1])))
    spans, last_end = [], -1
    for start, end in sorted(candidates, key=lambda span: (span[0], -span[1])):
        if start >= last_end:
            spans.append((start, end))
            last_end = end
    return spans


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), min_size=1, max_size=14))
def test_matching_agrees_with_a_brute_force_reference(pairs):
    words = [word for word, _ in pairs]
    separators = [separator for _, separator in pairs]
    text = "".join(word + separator for word, separator in pairs)
    watchlist = Watchlist("reference", tuple(concept for concept, _, _ in REFERENCE_CONCEPTS))
    all_spans = watchlist.find_all(text)
    for (concept, phrases, exact), spans in zip(REFERENCE_CONCEPTS, all_spans):
        expected = reference_spans(words, separators, phrases, exact)
        assert list(concept.find(text)) == expected, (concept.id, text)
        assert list(spans) == expected, (concept.id, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeilnorstxyzCEFGMSP \n-'\u2019\u00e9\u0130\u017f", max_size=60))
def test_one_pass_over_a_watchlist_finds_what_each_concept_finds(text):
    watchlist = load_watchlist("safeguarding")
    assert watchlist.find_all(text) == tuple(concept.find(text) for concept in watchlist)


def test_one_pass_over_a_watchlist_finds_what_each_concept_finds_in_real_sentences():
    watchlist = load_watchlist()
    text = (
        "Both CCE and CSE are forms of abuse. Female genital mutilation (FGM); so-called \u2018honour\u2019-based abuse. "
        "Radicalised children, the Prevent duty and Channel panels. LSCBs became safeguarding partners. "
        "\u0130stanbul \u017fexual exploitation"
    )
    assert watchlist.find_all(text) == tuple(concept.find(text) for concept in watchlist)
    assert sum(map(len, watchlist.find_all(text))) >= 10


# ----------------------------------------------------------------------------- the bundled watchlist


REQUIRED_CONCEPTS = [
    "child-sexual-exploitation", "female-genital-mutilation", "radicalisation", "extremism", "prevent",
    "child-criminal-exploitation", "county-lines", "domestic-abuse", "information-sharing", "consent", "early-help",
    "child-in-need", "section-47", "lscb", "safeguarding-partners", "neglect", "online-safety", "forced-marriage",
    "honour-based-abuse", "modern-slavery", "serious-violence", "child-on-child-abuse", "sexual-violence-and-harassment",
    "mental-health", "children-missing-education", "private-fostering", "looked-after-children",
    "designated-safeguarding-lead", "allegations-against-staff", "channel", "contextual-safeguarding", "young-carers",
    "disabled-children", "harmful-sexual-behaviour", "filtering-and-monitoring",
]


def test_the_bundled_watchlist_loads_and_covers_the_concepts_users_track():
    assert "safeguarding" in bundled_watchlists()
    watchlist = load_watchlist()
    assert watchlist == load_watchlist("safeguarding")
    assert watchlist.name == "safeguarding"
    missing = [concept_id for concept_id in REQUIRED_CONCEPTS if watchlist.get(concept_id) is None]
    assert missing == []
    assert len(set(watchlist.ids)) == len(watchlist.ids)


@pytest.mark.parametrize("name", bundled_watchlists())
def test_every_bundled_concept_compiles_and_finds_each_of_its_own_phrases(name):
    watchlist = load_watchlist(name)
    assert watchlist.name == name
    for concept in watchlist:
        assert isinstance(concept.pattern, re.Pattern)
        for phrase in concept.phrases + concept.case_sensitive + concept.abbreviations:
            assert concept.find(phrase) == ((0, len(phrase)),), (concept.id, phrase)


@pytest.mark.parametrize(
    ("concept_id", "text", "expected"),
    [
        ("prevent", "Schools have a Prevent duty to prevent people being drawn into terrorism.", ["Prevent"]),
        ("radicalisation", "the Prevent duty and extremism", []),  # separate concepts: see the data file
        ("channel", "a Channel panel; a channel of communication; Channel", ["Channel panel", "Channel"]),
        ("lscb", "LSCBs were replaced by safeguarding partners", ["LSCBs"]),
        ("safeguarding-partners", "LSCBs were replaced by safeguarding partners", ["safeguarding partners"]),
        ("consent", "they consented; non-consensual; consent", ["consented", "consensual", "consent"]),
        ("filtering-and-monitoring", "filtering offences; appropriate filtering and monitoring", ["filtering and monitoring"]),
        ("child-sexual-exploitation", "children who may be sexually exploited", ["sexually exploited"]),
        ("lscb", "Local Safeguarding Children Boards (LSCBs)", ["Local Safeguarding Children Boards", "LSCBs"]),
        ("child-in-need", "a child in need under section 17; children in need", ["child in need", "section 17", "children in need"]),
    ],
)
def test_bundled_watchlist_decisions(concept_id, text, expected):
    concept = load_watchlist().get(concept_id)
    assert concept is not None
    assert texts(concept, text) == expected


# ----------------------------------------------------------------------------- user watchlists

GOOD = """\
# my own list
[watchlist]
name = "mine"
description = "For the training day"

[[concept]]
id = "cse"
label = "Child sexual exploitation"
phrases = ["child sexual exploitation"]
abbreviations = ["CSE"]

[[concept]]
id = "prevent"
case_sensitive = ["Prevent"]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_a_user_watchlist_file_loads_in_file_order(tmp_path):
    path = write(tmp_path, GOOD)
    watchlist = load_watchlist(path)
    assert watchlist.name == "mine"
    assert watchlist.description == "For the training day"
    assert watchlist.ids == ("cse", "prevent")
    assert watchlist.get("cse").abbreviations == ("CSE",)
    assert watchlist.get("prevent").label == "prevent"  # the label defaults to the id
    assert load_watchlist(str(path)) == watchlist


def test_a_user_watchlist_without_a_header_is_named_after_its_file(tmp_path):
    path = write(tmp_path, '[[concept]]\nid = "fgm"\nphrases = ["female genital mutilation"]\n', name="training.toml")
    assert load_watchlist(path).name == "training"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Malformed TOML: tomllib's reason, with the line.
        ('[watchlist]\nname = "mine"\n\n[[concept]]\nid = cse\n', r"mine\.toml', line 5: not valid TOML: Invalid value"),
        # Unknown keys, with a suggestion.
        ('[watchlists]\nname = "mine"\n[[concept]]\nid = "a"\nphrases = ["a"]\n',
         r"line 1: unknown key 'watchlists' in the file; did you mean 'watchlist'\?"),
        (
            '[watchlist]\nnmae = "mine"\n[[concept]]\nid = "a"\nphrases = ["a"]\n',
            r"line 2: unknown key 'nmae' in \[watchlist\]; did you mean 'name'\?",
        ),
        (
            '[[concept]]\nid = "cse"\nphrase = ["child sexual exploitation"]\n',
            r"line 3: unknown key 'phrase' in concept 'cse'; did you mean 'phrases'\? allowed keys: id, label, phrases",
        ),
        # A concept without phrases: the line of its table.
        ('[watchlist]\nname = "mine"\n\n[[concept]]\nid = "cse"\nlabel = "CSE"\n', r"line 4: concept 'cse' has no phrases"),
        ('[[concept]]\nid = "cse"\nphrases = []\n', r"line 3: concept 'cse' has no phrases"),
        # Duplicate ids: the second one, and where the first is.
        (
            '[[concept]]\nid = "cse"\nphrases = ["a"]\n\n[[concept]]\nid = "cse"\nphrases = ["b"]\n',
            r"line 6: concept id 'cse' is used twice \(first on line 2\)",
        ),
        ('[[concept]]\nphrases = ["a"]\n', r"line 1: concept 1 has no id"),
        ('[[concept]]\nid = "Child Sexual"\nphrases = ["a"]\n', r"line 2: concept id 'Child Sexual' must be lowercase"),
        ('[[concept]]\nid = "cse"\nphrases = "child sexual exploitation"\n', r"line 3: concept 'cse': phrases must be a list"),
        ('[[concept]]\nid = "cse"\nabbreviations = ["C SE"]\n', r"line 3: concept 'cse': abbreviation 'C SE' must be one word"),
        (
            '[[concept]]\nid = "cse"\nphrases = ["(CSE)"]\n',
            r"line 3: concept 'cse': phrases entry '\(CSE\)' must begin and end with a letter",
        ),
        ('[concept]\nid = "cse"\nphrases = ["a"]\n', r"line 1: concepts must be \[\[concept\]\] tables"),
        ('[watchlist]\nname = "mine"\n', r"mine\.toml': it has no concepts"),
        ('[watchlist]\nname = 3\n[[concept]]\nid = "a"\nphrases = ["a"]\n', r"line 2: \[watchlist\] name must be text"),
    ],
)
def test_a_bad_watchlist_file_is_one_clear_error_with_file_and_line(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(WatchlistError, match=message) as raised:
        load_watchlist(path)
    assert isinstance(raised.value, GuidediffError)
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_issue_every_watchlist_error_is_reported_at_once(tmp_path):
    """A watchlist with many mistakes lists them all, in line order, in one run."""
    concepts = "".join(f'[[concept]]\nid = "Concept {n}"\nphrase = ["x"]\n\n' for n in range(12))
    path = write(tmp_path, '[watchlist]\nnmae = "mine"\n\n' + concepts + '[[concept]]\nid = "ok"\nphrases = ["fine"]\n'
                 '\n[[concept]]\nid = "ok"\nphrases = ["(bad)"]\n')
    with pytest.raises(WatchlistError) as raised:
        load_watchlist(path)
    problems = raised.value.problems
    assert len(problems) == 1 + 12 * 2 + 1
    assert str(raised.value).splitlines() == list(problems)
    lines = [int(re.search(r"line (\d+):", problem).group(1)) for problem in problems]
    assert lines == sorted(lines)
    assert "unknown key 'nmae'" in problems[0]
    assert sum("unknown key 'phrase'" in problem for problem in problems) == 12
    assert sum("must be lowercase" in problem for problem in problems) == 12
    assert "'(bad)' must begin and end with a letter" in problems[-1]
    # Through the command line: one "guidediff: error:" line per problem, exit status 2.
    result = subprocess.run([sys.executable, "-m", "guidediff", "terms", "wt-2015", "--watchlist", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"guidediff: error: {problem}" for problem in problems]


def test_parse_watchlist_names_its_source_in_errors():
    with pytest.raises(WatchlistError, match=r"watchlist 'inline', line 2: unknown key 'colour'"):
        parse_watchlist('[[concept]]\ncolour = "red"\n', source="inline")


def test_an_unknown_watchlist_name_lists_the_bundled_ones():
    with pytest.raises(WatchlistError, match=r"unknown watchlist 'safeguard': the bundled watchlists are safeguarding"):
        load_watchlist("safeguard")


def test_a_missing_file_a_folder_and_a_non_utf8_file_are_clear_errors(tmp_path):
    with pytest.raises(WatchlistError, match=r"cannot read watchlist '.*nowhere\.toml': no such file"):
        load_watchlist(tmp_path / "nowhere.toml")
    with pytest.raises(WatchlistError, match=r"is a folder, not a TOML file"):
        load_watchlist(tmp_path)
    with pytest.raises(WatchlistError, match=r"is not UTF-8 text"):
        load_watchlist(write(tmp_path, b'[[concept]]\nid = "a"\nphrases = ["\xe9"]\n'))


def test_a_watchlist_value_is_returned_as_is():
    watchlist = Watchlist("x", (CSE,))
    assert load_watchlist(watchlist) is watchlist


# ----------------------------------------------------------------------------- scanning one document


def test_scan_counts_pages_and_occurrences_with_printed_labels():
    text_one = "Staff should know about child sexual exploitation (CSE)."
    spanning = "CSE can occur over time and is a form of abuse, including sexual exploitation online."
    page_break = spanning.index("including")
    doc = document(
        Block(BlockKind.HEADING, "Child sexual exploitation (CSE)", (0,)),
        para(text_one, 0),
        Block(BlockKind.PARAGRAPH, spanning, (0, 1), page_offsets=(page_break,)),
        Block(BlockKind.FOOTNOTE, "See the CSE guidance.", (2,)),
        para("Nothing relevant here.", 3),
        labels=("iv", "15", "16", "17"),
    )
    index = scan(doc, Watchlist("test", (CSE, PREVENT)))
    cse = index["child-sexual-exploitation"]
    assert cse.count == 7
    # A mention in a block across a page break is cited on the page it is printed on.
    assert [(occurrence.block_seq, occurrence.page_label) for occurrence in cse.occurrences] == [
        (0, "iv"), (0, "iv"), (1, "iv"), (1, "iv"), (2, "iv"), (2, "15"), (3, "16"),
    ]
    assert cse.pages == ("iv", "15", "16")
    for occurrence in cse.occurrences:
        block = doc.blocks[occurrence.block_seq]
        assert block.text[occurrence.offset : occurrence.end] == occurrence.text
        assert block.page_at(occurrence.offset) == occurrence.page
    assert index["prevent"].count == 0 and index["prevent"].pages == ()
    assert [count.concept.id for count in index] == ["child-sexual-exploitation", "prevent"]
    assert index.found == (cse,)


def test_scan_lists_pages_in_page_order_even_when_reading_order_differs():
    doc = document(para("CSE", 5), para("CSE", 1), para("CSE", 5), labels=tuple("abcdefg"))
    assert scan(doc, Watchlist("test", (CSE,)))["child-sexual-exploitation"].pages == ("b", "f")


def test_a_mention_never_runs_from_one_block_into_the_next():
    doc = document(para("a heading about child sexual", 0), para("exploitation was the word", 0))
    assert scan(doc, Watchlist("test", (CSE,)))["child-sexual-exploitation"].count == 0


def test_scan_to_dict_is_plain_data():
    doc = document(para("Radicalisation and CSE.", 2))
    data = scan(doc).to_dict()
    assert data["watchlist"] == "safeguarding"
    by_id = {entry["concept"]: entry for entry in data["concepts"]}
    assert by_id["radicalisation"]["count"] == 1
    assert by_id["radicalisation"]["pages"] == ["3"]
    assert by_id["child-sexual-exploitation"]["occurrences"] == [{"block": 0, "offset": 19, "text": "CSE", "page": "3"}]
    assert json.loads(json.dumps(data)) == data


# ----------------------------------------------------------------------------- comparing two editions

STATUS_WATCHLIST = Watchlist(
    "statuses",
    (
        Concept("radicalisation", "Radicalisation", phrases=("radicalisation",)),
        Concept("lscb", "LSCBs", abbreviations=("LSCB",)),
        Concept("neglect", "Neglect", phrases=("neglect",)),
        Concept("consent", "Consent", phrases=("consent",)),
        Concept("fgm", "FGM", abbreviations=("FGM",)),
        Concept("upskirting", "Upskirting", phrases=("upskirting",)),
    ),
)


def test_compare_terms_statuses_in_watchlist_order():
    old = document(
        para("The LSCB coordinates work on neglect.", 0),
        para("Neglect and consent; FGM.", 1),
        para("Consent matters; neglected children.", 2),
    )
    new = document(
        para("Staff should recognise radicalisation.", 0),
        para("Neglect and consent; FGM; neglectful parents do not count.", 1),
        para("Neglected children and their neglect; neglecting a child.", 3),
    )
    changes = compare_terms(old, new, STATUS_WATCHLIST)
    assert [(change.concept, change.status, change.old.count, change.new.count) for change in changes] == [
        ("radicalisation", TermStatus.NEW, 0, 1),
        ("lscb", TermStatus.GONE, 1, 0),
        ("neglect", TermStatus.MORE, 3, 4),
        ("consent", TermStatus.FEWER, 2, 1),
        ("fgm", TermStatus.SAME, 1, 1),
        ("upskirting", TermStatus.SAME, 0, 0),  # in neither edition
    ]
    assert [change.old.pages for change in changes[:2]] == [(), ("1",)]
    assert changes[0].new.pages == ("1",) and changes[1].new.pages == ()
    assert changes[0].new_pages == ("1",) and changes[1].removed_pages == ("1",)


def test_term_change_to_dict_has_the_report_contract_shape():
    old = document(para("Nothing yet.", 0))
    new = document(para("Radicalisation.", 14), para("More on radicalisation.", 21), para("Radicalised.", 21))
    change = compare_terms(old, new, STATUS_WATCHLIST)[0]
    data = change.to_dict()
    contract = {
        "concept": "radicalisation",
        "old": {"count": 0, "pages": []},
        "new": {"count": 3, "pages": ["15", "22"]},
        "status": "new",
    }
    assert {key: data[key] for key in contract} == contract
    assert data["label"] == "Radicalisation"
    assert data["new_pages"] == ["15", "22"]
    assert change.removed_pages == ()
    assert json.loads(json.dumps(data)) == data


def test_term_change_to_dict_validates_against_the_shipped_report_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = REPO_ROOT / "guidediff" / "report" / "schema" / "report-1.schema.json"
    if not schema_path.is_file():
        pytest.skip(f"report schema not found at {schema_path}")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    term_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/term"}
    old = document(para("The LSCB and FGM.", 0))
    new = document(para("FGM, FGM and radicalisation.", 3))
    for change in compare_terms(old, new, STATUS_WATCHLIST):
        jsonschema.validate(change.to_dict(), term_schema)


def test_new_pages_are_where_the_new_edition_mentions_a_concept_in_new_words():
    carried = (
        "Whilst all staff should speak to the designated safeguarding lead about FGM, "
        "there is a specific legal duty on teachers."
    )
    old = document(
        para(carried, 3, number="42"),
        para("If a teacher discovers that an act of FGM appears to have been carried out, see paragraph 154.", 4, number="43"),
        para("Schools should be alert to FGM in the summer holidays.", 5, number="44"),
    )
    new = document(
        para("A brand new paragraph on honour-based abuse.", 3, number="42"),
        # Moved, renumbered, and edited far from the mention: carried over.
        para(carried + " Teachers must report to the police.", 4, number="43"),
        # Only the renumbered cross-reference changed: carried over.
        para("If a teacher discovers that an act of FGM appears to have been carried out, see paragraph 155.", 5, number="44"),
        # A new sentence around an existing mention: new.
        para("Schools should ask the local police about FGM support services.", 6, number="45"),
        # A second mention in the same words is new too: mentions pair one to one.
        para(carried, 7, number="46"),
    )
    fgm = compare_terms(old, new, STATUS_WATCHLIST)[4]
    assert fgm.status is TermStatus.MORE
    assert fgm.new_pages == ("7", "8")
    assert fgm.removed_pages == ("6",)


def test_comparing_a_document_with_itself_finds_nothing_new():
    doc = document(para("Neglect, FGM and consent.", 0), para("Radicalisation and neglect.", 1))
    changes = compare_terms(doc, doc, STATUS_WATCHLIST)
    assert {change.status for change in changes} == {TermStatus.SAME}
    assert all(change.new_pages == () and change.removed_pages == () for change in changes)


# ----------------------------------------------------------------------------- trend


def test_trend_gives_a_row_per_edition_and_the_first_edition_mentioning_each_concept():
    editions = [
        document(para("Neglect.", 0), title="WT 2010"),
        document(para("Neglect and radicalisation.", 4), title="WT 2013"),
        document(para("Radicalisation, radicalised.", 6), title="WT 2015"),
    ]
    rows = trend(editions, STATUS_WATCHLIST)
    assert [row.concept for row in rows] == list(STATUS_WATCHLIST.ids)
    radicalisation = rows[0]
    assert [(row.edition, row.count, row.pages) for row in radicalisation.editions] == [
        (0, 0, ()), (1, 1, ("5",)), (2, 2, ("7",)),
    ]
    assert radicalisation.first_edition == 1
    assert radicalisation.first_pages == ("5",)
    assert rows[2].first_edition == 0  # neglect
    assert rows[1].first_edition is None and rows[1].first_pages == ()  # never mentioned
    assert radicalisation.to_dict()["first_edition"] == 1
    assert rows[1].to_dict()["first_edition"] is None


def test_terms_product_names_each_edition_where_a_trend_row_cites_it_by_position():
    editions = [document(para("Neglect.", 0), title="WT 2010"), document(para("Neglect and radicalisation.", 4), title="WT 2013")]
    table = trend_table([describe(edition, edition) for edition in editions], STATUS_WATCHLIST)
    radicalisation = json.loads(TERMS.render(table, "json"))["concepts"][0]
    assert [(row["edition"], row["count"]) for row in radicalisation["editions"]] == [("WT 2010", 0), ("WT 2013", 1)]
    assert radicalisation["first_edition"] == "WT 2013"
    assert "first appears in WT 2013" in TERMS.render(table, "text")


# ----------------------------------------------------------------------------- determinism

DETERMINISM_SCRIPT = """
import json
from guidediff.document import Block, BlockKind, Document, Page
from guidediff.terms import compare_terms, scan, trend
pages = tuple(Page(i, str(i + 1)) for i in range(5))
def doc(*texts):
    blocks = tuple(Block(BlockKind.PARAGRAPH, text, (i,), i) for i, text in enumerate(texts))
    return Document("t", "t.pdf", "0" * 64, pages, blocks)
old = doc("CSE and FGM; neglect.", "Prevent duty, LSCBs.", "consent")
new = doc("FGM and CSE and radicalisation.", "safeguarding partners; Prevent.", "consented; neglected")
print(json.dumps([change.to_dict() for change in compare_terms(old, new)]))
print(json.dumps(scan(new).to_dict()))
print(json.dumps([row.to_dict() for row in trend([old, new])]))
"""


def test_results_are_identical_under_different_hash_seeds():
    outputs = set()
    for seed in ("0", "12345"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", DETERMINISM_SCRIPT], capture_output=True, text=True, env=environment, check=True, cwd=REPO_ROOT
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert '"status": "new"' in outputs.pop()


# ----------------------------------------------------------------------------- the real corpus


@pytest.mark.corpus
def test_kcsie_2025_cse_and_fgm_with_their_printed_pages(real_document):
    document_ = real_document("kcsie-2025-july.pdf")
    index = scan(document_)
    fgm = index["female-genital-mutilation"]
    cse = index["child-sexual-exploitation"]
    assert fgm.count and cse.count
    # Checked by eye and against the PDF's own text layer, page by page: printed page 15
    # holds the CCE/CSE section (8 CSE mentions: headings, paragraphs 34, 37 and 38);
    # FGM starts at paragraph 42 on page 16 (heading, paragraph, footnote 14), so it is
    # not on page 15; page 10 lists "Female Genital Mutilation or Forced Marriage". Annex B's own
    # table of contents on page 149 names FGM three times; like the front contents pages it is
    # navigation, set aside by the reader, so it holds no mentions.
    assert dict(Counter(occurrence.page_label for occurrence in fgm.occurrences)) == {
        "10": 1, "16": 6, "37": 2, "153": 1, "161": 3, "162": 10, "163": 5, "165": 4,
    }
    assert fgm.pages[:2] == ("10", "16") and "15" not in fgm.pages
    assert Counter(occurrence.page_label for occurrence in cse.occurrences)["15"] == 8
    assert cse.pages[:2] == ("15", "16")
    # Paragraph 38 runs from page 15 onto 16; its "CSE" opens it, on page 15.
    paragraph_38 = document_.paragraph("38")
    assert document_.labels(paragraph_38) == ("15", "16")
    assert [occurrence.page_label for occurrence in cse.occurrences if occurrence.block_seq == paragraph_38.seq] == ["15"]
    # Headings and footnotes count: the FGM heading and footnote 14 on page 16.
    kinds = {block.seq: block.kind for block in document_.blocks}
    on_page_16 = {kinds[occurrence.block_seq] for occurrence in fgm.occurrences if occurrence.page_label == "16"}
    assert on_page_16 == {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.FOOTNOTE}
