"""The real-pairs benchmark's scoring (benchmarks/real_pairs.py) on small hand-made truths and reports.

The benchmark is a script, not part of the package, so it is loaded from its file. Each test
builds the few fields of a truth file (prose/README.md) and of a report's JSON that the scoring
reads, and checks a score a reader of the benchmark's tables would rely on, including the cases
that must score below 1.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys

import pytest

from tests.conftest import REPO_ROOT, shared_corpus

_SPEC = importlib.util.spec_from_file_location("real_pairs", REPO_ROOT / "benchmarks" / "real_pairs.py")
real_pairs = importlib.util.module_from_spec(_SPEC)
sys.modules["real_pairs"] = real_pairs
_SPEC.loader.exec_module(real_pairs)


# --- building truths and reports ---------------------------------------------------------------

def outline(*sections, producer="lo"):
    """An outline: the preamble, then (heading, [unit, ...]) or (heading, units, parent index)."""
    out = [{"index": 0, "level": 0, "heading": "", "path": [], "parent": None, "units": []}]
    for index, section in enumerate(sections, 1):
        heading, units, parent = (*section, None)[:3]
        path = ([out[parent]["heading"]] if parent is not None else []) + [heading]
        out.append({"index": index, "level": 3 if parent else 2, "heading": heading, "path": path, "parent": parent,
                    "units": [unit if isinstance(unit, dict) else {"kind": "para", "text": unit, "pages": {producer: "1"}}
                              for unit in units]})
    return out


def matched(old, new, kind="unchanged", **extra):
    return {"kind": kind, "old_index": old, "new_index": new, "match": "heading", "moved": False, **extra}


def truth_of(old_outline, new_outline, sections, changes=(), moves=(), title="A Notice"):
    return {"old": {"title": title, "outline": old_outline}, "new": {"title": title, "outline": new_outline},
            "sections": [matched(0, 0, "modified", match="preamble")] + list(sections),
            "paragraph_changes": list(changes), "paragraph_moves": list(moves)}


def ref(heading, parent=None, pages=("1",)):
    return {"path": ([parent] if parent else []) + [heading], "heading": heading, "pages": list(pages)}


def link(kind, old=(), new=(), flags=()):
    return {"kind": kind, "old": list(old), "new": list(new), "flags": list(flags)}


def side(text, page="1", block="paragraph", section=()):
    return {"text": text, "pages": [page], "block": block, "section": list(section), "number": None}


def change(kind, old=None, new=None, substantive=True, **extra):
    return {"kind": kind, "old": old, "new": new, "substantive": substantive, "diff": [], "citation": "", **extra}


def report_of(sections=(), changes=()):
    return {"sections": list(sections), "changes": list(changes)}


THREE = outline(("Introduction", ["We collect data to run the service for you."]),
                ("Sharing", ["We share data with partners who help us."]),
                ("Your rights", ["You can ask us to delete your data at any time."]))


# --- section links -----------------------------------------------------------------------------

def test_a_report_with_every_truth_link_scores_one():
    renamed = outline(("Introduction", ["We collect data to run the service for you."]),
                      ("How we share data", ["We share data with partners who help us."]),
                      ("Your rights", ["You can ask us to delete your data at any time."]))
    truth = truth_of(THREE, renamed, [matched(1, 1), matched(2, 2, "renamed"), matched(3, 3)])
    report = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                        link("renamed", [ref("Sharing")], [ref("How we share data")], ["renamed"]),
                        link("matched", [ref("Your rights")], [ref("Your rights")])])
    scores = real_pairs.score_sections(truth, report)
    assert (scores["precision"], scores["recall"], scores["f1"]) == (1.0, 1.0, 1.0)
    assert scores["typed"]["f1"] == 1.0 and scores["missed"] == [] and scores["wrong"] == []


def test_a_rename_reported_as_removed_and_added_loses_precision_and_recall():
    renamed = outline(("Introduction", ["We collect data to run the service for you."]),
                      ("How we share data", ["We share data with partners who help us."]),
                      ("Your rights", ["You can ask us to delete your data at any time."]))
    truth = truth_of(THREE, renamed, [matched(1, 1), matched(2, 2, "renamed"), matched(3, 3)])
    report = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                        link("removed", [ref("Sharing")]), link("added", (), [ref("How we share data")]),
                        link("matched", [ref("Your rights")], [ref("Your rights")])])
    scores = real_pairs.score_sections(truth, report)
    assert scores["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["precision"] == 0.5
    assert scores["f1"] < 1 and len(scores["missed"]) == 1 and len(scores["wrong"]) == 2


def test_a_rename_the_truth_marks_for_manual_check_may_be_read_as_removed_and_added():
    renamed = outline(("Introduction", ["We collect data to run the service for you."]),
                      ("Partners", ["Entirely new words about other things."]),
                      ("Your rights", ["You can ask us to delete your data at any time."]))
    truth = truth_of(THREE, renamed, [matched(1, 1), matched(2, 2, "renamed", needs_manual_check=True),
                                      matched(3, 3)])
    report = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                        link("removed", [ref("Sharing")]), link("added", (), [ref("Partners")]),
                        link("matched", [ref("Your rights")], [ref("Your rights")])])
    scores = real_pairs.score_sections(truth, report)
    assert scores["f1"] == 1.0
    assert scores["strict"]["f1"] < 1  # the truth's own reading only


def test_removed_and_added_in_the_same_place_may_be_read_as_one_renamed_section():
    new = outline(("Introduction", ["We collect data to run the service for you."]),
                  ("Partners", ["Entirely new words about other things."]),
                  ("Your rights", ["You can ask us to delete your data at any time."]))
    truth = truth_of(THREE, new, [matched(1, 1),
                                  {"kind": "removed", "old_index": 2, "new_index": None,
                                   "same_place_as": [{"new_heading": "Partners", "new_index": 2}]},
                                  {"kind": "added", "old_index": None, "new_index": 2,
                                   "same_place_as": [{"old_heading": "Sharing", "old_index": 2}]},
                                  matched(3, 3)])
    report = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                        link("renamed", [ref("Sharing")], [ref("Partners")], ["renamed"]),
                        link("matched", [ref("Your rights")], [ref("Your rights")])])
    assert real_pairs.score_sections(truth, report)["f1"] == 1.0
    wrong = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                       link("renamed", [ref("Sharing")], [ref("Your rights")], ["renamed"]),
                       link("added", (), [ref("Partners")])])
    scores = real_pairs.score_sections(truth, wrong)
    assert (scores["precision"], scores["recall"]) == (0.6667, 0.5)


def test_a_section_whose_content_moved_into_another_may_be_read_as_merged_into_it():
    old = outline(("Term", ["These terms apply until ended."]), ("Interruption", ["We may suspend the service."]))
    new = outline(("Interruption; Term", ["We may suspend the service.", "These terms apply until ended."]))
    truth = truth_of(old, new, [matched(1, 1, "renamed", needs_manual_check=False),
                                {"kind": "removed", "old_index": 2, "new_index": None, "note": "moved"}],
                     moves=[{"old_section_index": 2, "old_unit": 0, "new_section_index": 1, "new_unit": 0}])
    merged = report_of([link("merged", [ref("Term"), ref("Interruption")], [ref("Interruption; Term")],
                             ["merged", "renamed"])])
    scores = real_pairs.score_sections(truth, merged)
    assert (scores["precision"], scores["recall"]) == (1.0, 1.0)
    assert real_pairs.score_sections(truth, merged)["strict"]["f1"] == 0.0


def test_a_move_the_truth_does_not_have_costs_the_typed_score_only():
    truth = truth_of(THREE, THREE, [matched(1, 1), matched(2, 2), matched(3, 3)])
    report = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                        link("moved", [ref("Sharing")], [ref("Sharing")], ["moved", "new-parent"]),
                        link("matched", [ref("Your rights")], [ref("Your rights")])])
    scores = real_pairs.score_sections(truth, report)
    assert scores["f1"] == 1.0
    assert scores["typed"]["f1"] < 1 and len(scores["mistyped"]) == 1


def test_of_two_swapped_sections_either_may_be_the_one_that_moved():
    swapped = outline(("Introduction", ["We collect data to run the service for you."]),
                      ("Your rights", ["You can ask us to delete your data at any time."]),
                      ("Sharing", ["We share data with partners who help us."]))
    truth = truth_of(THREE, swapped, [matched(1, 1), matched(2, 3, moved=True, reordered=True), matched(3, 2)])
    other = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                       link("matched", [ref("Sharing")], [ref("Sharing")]),
                       link("moved", [ref("Your rights")], [ref("Your rights")], ["moved", "new-position"])])
    assert real_pairs.score_sections(truth, other)["typed"]["f1"] == 1.0
    both = report_of([link("matched", [ref("Introduction")], [ref("Introduction")]),
                      link("moved", [ref("Sharing")], [ref("Sharing")], ["moved", "new-position"]),
                      link("moved", [ref("Your rights")], [ref("Your rights")], ["moved", "new-position"])])
    assert real_pairs.score_sections(truth, both)["typed"]["f1"] < 1


def test_a_heading_the_truth_does_not_have_makes_a_wrong_link_and_the_title_is_not_a_section():
    truth = truth_of(THREE, THREE, [matched(1, 1), matched(2, 2), matched(3, 3)])
    report = report_of([link("matched", [ref("A Notice")], [ref("A Notice")]),  # the document's title
                        link("matched", [ref("Introduction")], [ref("Introduction")]),
                        link("matched", [ref("Sharing")], [ref("Sharing")]),
                        link("matched", [ref("WE SHARE DATA")], [ref("WE SHARE DATA")]),  # bold text read as a heading
                        link("matched", [ref("Your rights")], [ref("Your rights")])])
    scores = real_pairs.score_sections(truth, report)
    assert scores["reported_links"] == 4 and scores["recall"] == 1.0
    assert scores["precision"] == 0.75 and len(scores["unmapped"]) == 2


def test_a_repeated_heading_is_found_by_its_path():
    old = outline(("Search", []), ("More details", ["Search details."], 1), ("Tabs", []),
                  ("More details", ["Tab details."], 3))
    truth = truth_of(old, old, [matched(i, i) for i in range(1, 5)])
    report = report_of([link("matched", [ref("Search")], [ref("Search")]),
                        link("matched", [ref("More details", "Search")], [ref("More details", "Search")]),
                        link("matched", [ref("Tabs")], [ref("Tabs")]),
                        link("matched", [ref("More details", "Tabs")], [ref("More details", "Tabs")])])
    assert real_pairs.score_sections(truth, report)["f1"] == 1.0
    crossed = report_of([link("matched", [ref("Search")], [ref("Search")]),
                         link("matched", [ref("More details", "Search")], [ref("More details", "Tabs")]),
                         link("matched", [ref("Tabs")], [ref("Tabs")]),
                         link("matched", [ref("More details", "Tabs")], [ref("More details", "Search")])])
    assert real_pairs.score_sections(truth, crossed)["f1"] == 0.5


# --- paragraph changes -------------------------------------------------------------------------

UNIT = {"kind": "para", "pages": {"lo": "2"}}
OLD = outline(("Rights", [{**UNIT, "text": "You can ask us to delete your personal data at any time by writing to us."},
                          {**UNIT, "text": "Mozilla's offices are in California and in many other places."},
                          {**UNIT, "text": "We keep your data for as long as the law requires us to keep it."}]))
NEW = outline(("Rights", [{**UNIT, "text": "You can ask us to delete or correct your personal data at any time by writing to us."},
                          {**UNIT, "text": "Mozilla\u2019s offices are in California and in many other places."},
                          {**UNIT, "text": "We keep your data for as long as the law requires us to keep it."}]),
              ("Contact", [{**UNIT, "text": "Write to us at our office in San Francisco, California, United States.",
                            "pages": {"lo": "3"}}]))
CHANGES = [
    {"section": "Rights", "change": "changed", "old": OLD[1]["units"][0]["text"], "new": NEW[1]["units"][0]["text"],
     "old_unit": [1, 0], "new_unit": [1, 0], "trivial": False, "pages": {"lo": {"old": "2", "new": "2"}}},
    {"section": "Rights", "change": "changed", "old": OLD[1]["units"][1]["text"], "new": NEW[1]["units"][1]["text"],
     "old_unit": [1, 1], "new_unit": [1, 1], "trivial": True, "pages": {"lo": {"old": "2", "new": "2"}}},
]
TRUTH = truth_of(OLD, NEW, [matched(1, 1, "modified"), {"kind": "added", "old_index": None, "new_index": 2}],
                 CHANGES)


def test_every_truth_change_found_with_the_right_pages_and_no_noise():
    report = report_of(changes=[
        change("modified", side(OLD[1]["units"][0]["text"], "2"), side(NEW[1]["units"][0]["text"], "2")),
        change("modified", side(OLD[1]["units"][1]["text"], "2"), side(NEW[1]["units"][1]["text"], "2"),
               substantive=False),
        change("added", None, side(NEW[2]["units"][0]["text"], "3")),
    ])
    scores = real_pairs.score_changes(TRUTH, report, "lo")
    assert (scores["truth_changes"], scores["found"], scores["recall"]) == (3, 3, 1.0)
    assert scores["found_whole"] == 3
    assert (scores["pages_ok"], scores["pages_checked"]) == (5, 5)
    assert scores["noise"] == scores["wrong_substantive"] == scores["case_punct_only_substantive"] == 0


def test_a_missed_change_noise_a_wrong_page_and_wrong_levels_are_all_counted():
    report = report_of(changes=[
        change("modified", side(OLD[1]["units"][0]["text"], "2"), side(NEW[1]["units"][0]["text"], "3")),  # wrong page
        change("modified", side(OLD[1]["units"][1]["text"], "2"), side(NEW[1]["units"][1]["text"], "2")),  # trivial
        change("modified", side(OLD[1]["units"][2]["text"], "2"), side(NEW[1]["units"][2]["text"], "2")),  # unchanged
        change("modified", side("Edition of 7 June 2022"), side("Edition of 16 February 2024")),  # a cover line
    ])  # and the added section's paragraph is missing
    scores = real_pairs.score_changes(TRUTH, report, "lo")
    assert scores["found"] == 2 and scores["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["recall_nontrivial"] == 0.5
    assert (scores["pages_ok"], scores["pages_checked"]) == (3, 4)
    assert (scores["noise"], scores["noise_unplaced"], scores["noise_substantive"]) == (2, 1, 2)
    assert (scores["wrong_substantive_trivial"], scores["wrong_substantive_unchanged"]) == (1, 2)
    assert scores["case_punct_only_substantive"] == 2  # the trivial change and the unchanged paragraph


def test_the_level_field_wins_over_the_substantive_boolean():
    trivial = change("modified", side(OLD[1]["units"][1]["text"]), side(NEW[1]["units"][1]["text"]))
    assert real_pairs.score_changes(TRUTH, report_of(changes=[trivial]), "lo")["wrong_substantive"] == 1
    minor = {**trivial, "level": "minor"}
    assert real_pairs.score_changes(TRUTH, report_of(changes=[minor]), "lo")["wrong_substantive"] == 0
    assert real_pairs.change_level({"substantive": False}) == "bookkeeping"


def test_a_repeated_sentence_is_placed_on_its_own_paragraph_not_on_a_longer_one():
    old = outline(("Data", ["You can read more.", "You can read more. We changed this sentence last year."]))
    new = outline(("Data", ["You can read more.", "You can read more. We changed this sentence this year."]))
    truth = truth_of(old, new, [matched(1, 1, "modified")],
                     [{"section": "Data", "change": "changed", "old": old[1]["units"][1]["text"],
                       "new": new[1]["units"][1]["text"], "old_unit": [1, 1], "new_unit": [1, 1], "trivial": False,
                       "pages": {"lo": {"old": "1", "new": "1"}}}])
    noise = change("moved", side("You can read more."), side("You can read more."))
    scores = real_pairs.score_changes(truth, report_of(changes=[noise]), "lo")
    assert scores["found"] == 0 and scores["noise"] == 1


def test_a_block_that_glued_two_removed_items_finds_both_and_a_row_cut_in_two_counts_as_fragments():
    row = {"kind": "table-row", "pages": {"lo": "4"},
           "text": "Technical data | Information about the hardware you use, such as your device, operating system and IP address"}
    old = outline(("Services", ["Firefox Lockwise", "Firefox Monitor", "Firefox Notes"]), ("Types", [row]))
    new = outline(("Types", [{**row, "text": row["text"].replace("IP address", "internet provider")}]))
    truth = truth_of(old, new, [{"kind": "removed", "old_index": 1, "new_index": None}, matched(2, 1, "modified")],
                     [{"section": "Types", "change": "changed", "old": row["text"], "new": new[1]["units"][0]["text"],
                       "old_unit": [2, 0], "new_unit": [1, 0], "trivial": False,
                       "pages": {"lo": {"old": "4", "new": "4"}}}])
    glued = change("removed", side("Firefox Lockwise Firefox Monitor Firefox Notes", "1"))
    first = change("modified", side("Technical data | Information about the hardware you use, such as", "4"),
                   side("Technical data | Information about the hardware you use, such as", "4"))
    second = change("modified", side("your device, operating system and IP address", "5"),
                    side("your device, operating system and internet provider", "5"))
    scores = real_pairs.score_changes(truth, report_of(changes=[glued, first, second]), "lo")
    assert scores["found"] == 4 and scores["noise"] == 0
    assert scores["found_whole"] == 0  # three items glued into one block, a row cut in two
    assert (scores["rows_items_changed_found"], scores["rows_items_reported_in_fragments"]) == (1, 1)


def test_heading_changes_are_explained_by_a_rename_and_text_read_as_a_heading_is_scored_as_text():
    renamed = outline(("Introduction", ["We collect data to run the service for you."]),
                      ("How we share data", ["We share data with partners who help us."]),
                      ("Your rights", ["You can ask us to delete your data at any time."]))
    truth = truth_of(THREE, renamed, [matched(1, 1), matched(2, 2, "renamed"), matched(3, 3)])
    rename = change("modified", side("Sharing", block="heading", section=["Sharing"]),
                    side("How we share data", block="heading", section=["How we share data"]))
    unexplained = change("modified", side("Introduction", block="heading", section=["Introduction"]),
                         side("Your rights", block="heading", section=["Your rights"]))
    body = change("removed", side("We share data with partners who help us.", block="heading"))
    scores = real_pairs.score_changes(truth, report_of(changes=[rename, unexplained, body]), "lo")
    assert (scores["heading_changes"], scores["heading_noise"]) == (2, 1)
    assert scores["reported"] == 1 and scores["noise"] == 1  # the body text sits on an unchanged paragraph


# --- units read whole ------------------------------------------------------------------------

def test_units_are_read_whole_glued_fragmented_or_missing():
    row = {"kind": "table-row", "pages": {"lo": "1"}, "text": "Location | We infer your location from your IP address"}
    lost = {"kind": "table-row", "pages": {"lo": "1"}, "text": "Precise location | Your precise location within a few feet"}
    old = outline(("List", ["Do anything illegal or otherwise violate applicable law", "Threaten or harass others",
                            "Collect or harvest personal information from the services", row, lost]))
    truth = truth_of(old, old, [matched(1, 1)])
    blocks = [{"kind": "list_item", "text": "Do anything illegal or otherwise violate applicable law"},
              {"kind": "paragraph", "text": "Threaten or harass others Collect or harvest personal information from the services"},
              {"kind": "paragraph", "text": "Location We infer your"}, {"kind": "paragraph", "text": "location from your IP address"}]
    scores = real_pairs.score_blocks(truth, "old", "lo", blocks, {(1, 0), (1, 1), (1, 2)})
    assert scores["list_items"] == {"whole": 1, "glued": 2}
    assert scores["table_rows"] == {"fragmented": 1, "missing": 1}


def test_list_items_are_the_units_that_start_with_the_words_beside_a_bullet():
    old = outline(("Rights", ["You have the right to:", "Be informed about what data we process",
                              "Be informed about it again, later"]))
    truth = truth_of(old, old, [matched(1, 1)])
    found = real_pairs.list_item_units(truth, "old", [("be", "informed", "about", "what", "data", "we")])
    assert found == {(1, 1)}


# --- output -----------------------------------------------------------------------------------

def test_the_redline_keeps_the_words_beside_an_edit_and_its_spaces():
    diff = [["=", "Staff should be aware of the filtering and monitoring – see "], ["-", "para"], ["+", "paragraph"],
            ["=", " 140 "], ["+", "of KCSIE "], ["=", "for further information) at induction and every year after."]]
    line = real_pairs.redline({"diff": diff})
    assert "see [-para-]{+paragraph+} 140 {+of KCSIE+} for further" in line
    assert line.startswith("… ") and line.endswith(" …") and len(line) < 140


def test_bad_options_are_one_line_and_exit_status_2(capsys, tmp_path):
    assert real_pairs.main(["--pairs", "no-such-pair"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert real_pairs.main(["--corpus", str(tmp_path / "absent"), "--pairs", "hello-tos-2015"]) == 2
    assert "shared corpus" in capsys.readouterr().err


# --- on the real corpus ----------------------------------------------------------------------

@pytest.mark.corpus
def test_the_benchmark_scores_a_short_prose_pair():
    corpus = shared_corpus()
    if not (corpus / "prose" / "thunderbird-pn-2025.truth.json").is_file():
        pytest.skip(f"the prose pairs are not at {corpus / 'prose'}")
    truth = json.loads((corpus / "prose" / "thunderbird-pn-2025.truth.json").read_text(encoding="utf-8"))
    result = real_pairs.run_prose(real_pairs.Run(corpus, True), "thunderbird-pn-2025", "lo")
    assert {"sections", "changes", "blocks", "baseline"} <= set(result)
    sections, changes = result["sections"], result["changes"]
    assert sections["truth_links"] == len(truth["sections"]) - 1  # the preamble is left out
    assert 0 <= sections["f1"] <= 1 and 0 <= sections["typed"]["f1"] <= 1
    assert changes["truth_changes"] == truth["summary"]["paragraph_units_changed_incl_added_removed_sections"]
    assert 0 < changes["found"] <= changes["truth_changes"]
    assert changes["pages_checked"] >= changes["found"]
    assert result["baseline"]["hunks"] == truth["baseline_naive_diff"]["lo"]["hunks"]
    if shutil.which("pdftotext"):  # list items are found with poppler's pdftotext
        assert result["blocks"]["list_items_detected"] > 0
    else:
        assert result["blocks"]["list_items_detected"] is None
    json.dumps(result)  # the --json output is plain data
