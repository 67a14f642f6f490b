"""History across editions: section lineages chained through pairwise alignments, concepts per edition.

On the model editions of Working Together (2010, 2013, 2015), whose documented
changes are listed in corpora/README.md, and on small synthetic chains built
from blocks where every edit is known.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

import importlib
from guidediff.errors import InputError
from guidediff.history import History, history
from guidediff.render import HISTORY
from guidediff.terms import ConceptTrend, EditionCount

# guidediff.history is the function (as DESIGN.md's library API has it); the module is reached by name.
history_module = importlib.import_module("guidediff.history")
from tests.test_align import make_document, prose

EDITIONS = Path(str(resources.files("guidediff").joinpath("data", "editions")))
WT = [EDITIONS / f"wt-{year}.pdf" for year in (2010, 2013, 2015)]
SCHEMA = json.loads(resources.files("guidediff").joinpath("report", "schema", "history-1.schema.json").read_text("utf-8"))

DROPPED_2010_CHAPTERS = (
    "Chapter 4 – Training, development and supervision for inter-agency working",
    "Chapter 9 – Lessons from research",
    "Chapter 10 – Implementing the principles on working with children and their families",
    "Chapter 11 – Safeguarding and promoting the welfare of children who may be particularly vulnerable",
    "Chapter 12 – Managing individuals who pose a risk of harm to children",
)
NEW_2015_CONCEPTS = ("child-sexual-exploitation", "female-genital-mutilation", "radicalisation")


@pytest.fixture(scope="module")
def wt() -> History:
    return history([str(path) for path in WT])


# --------------------------------------------------------------------------- model editions


def test_wt_editions_are_dated_and_named_from_the_manifest(wt):
    assert wt.order == "date" and wt.order_note == ""
    assert [edition.short for edition in wt.editions] == ["2010", "2013", "2015"]
    assert [edition.edition for edition in wt.editions] == ["wt-2010", "wt-2013", "wt-2015"]
    assert wt.editions[2].name == "Working Together 2015"


def test_editions_given_out_of_order_are_put_in_date_order():
    shuffled = history([str(WT[2]), str(WT[0]), str(WT[1])], watchlist=None)
    assert [edition.short for edition in shuffled.editions] == ["2010", "2013", "2015"]
    kept = history([str(WT[2]), str(WT[0]), str(WT[1])], watchlist=None, order="given")
    assert [edition.short for edition in kept.editions] == ["2015", "2010", "2013"]
    assert kept.order == "given"


def test_chapters_2013_dropped_are_dropped_in_2013_and_none_returns_in_2015(wt):
    dropped = {fate.section.heading: fate for fate in wt.dropped(1)}
    for heading in DROPPED_2010_CHAPTERS:
        fate = dropped[heading]
        assert fate.edition == 0 and fate.last_edition == 0
        assert [step.how for step in fate.steps] == ["first appears", "removed", "absent"]
        assert fate.returned is None  # truthfully: no 2015 section brings any of them back
    origins = {ref.heading for lineage in wt.lineages for step in lineage.steps for ref in step.sections}
    assert not origins & set(DROPPED_2010_CHAPTERS)
    assert not wt.dropped(2)  # 2015 is a revision: it drops nothing


def test_issue_10_chapter_6_is_replaced_by_appendix_c_not_dropped(wt):
    """corpora/README.md: 2010's chapter 6 (supplementary guidance) was "replaced by a list", Appendix C."""
    fate = next(fate for fate in wt.fates if fate.section.heading.startswith("Chapter 6 –"))
    assert [step.how for step in fate.steps] == ["first appears", "replaced", "matched"]
    assert [ref.heading for ref in fate.outcome] == ["Appendix C: Further sources of information"]
    assert fate.dropped_in is None


def test_sections_new_in_2015(wt):
    new = [lineage.section.heading for lineage in wt.new_in()]
    assert new == ["Notifiable incidents involving the care of a child"]
    notifiable = wt.new_in()[0]
    assert [step.how for step in notifiable.steps] == ["absent", "absent", "first appears"]
    assert notifiable.section.pages[0] == "73"


def test_sections_reshaped_in_2015_trace_back_to_2013(wt):
    renamed = next(lineage for lineage in wt.lineages
                   if lineage.section.heading == "Home Office immigration and border services")
    assert renamed.steps[2].how == "renamed"
    assert [ref.heading for ref in renamed.steps[1].sections] == ["The United Kingdom Border Agency"]


@pytest.mark.parametrize("concept", NEW_2015_CONCEPTS)
def test_cse_fgm_radicalisation_first_appear_in_2015_on_page_15(wt, concept):
    row = wt.term(concept)
    counts = [edition.count for edition in row.editions]
    assert counts[:2] == [0, 0] and counts[2] > 0
    assert row.first_edition == 2
    assert row.first_pages[0] == "15"
    assert row.disappears_in == () and row.returns_in == ()


def test_wt_markdown_has_the_trend_table_and_the_dropped_chapters(wt):
    text = HISTORY.render(wt, "md")
    assert "| topic | 2010 | 2013 | 2015 | first appears |" in text
    assert "| Child sexual exploitation (CSE) | 0 | 0 | 3 | 2015, p. 15 |" in text
    assert "| Radicalisation | 0 | 0 | 3 | 2015, p. 15 |" in text
    dropped = text.split("### Dropped in 2013", 1)[1].split("##", 1)[0]
    for heading in DROPPED_2010_CHAPTERS:
        assert heading in dropped
    assert "returns in" not in text
    assert "Notifiable incidents involving the care of a child (pp. 73–74)" in text


def test_json_follows_the_schema(wt):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = json.loads(HISTORY.render(wt, "json"))
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "guidediff.history/1"
    assert set(SCHEMA["$defs"]["step"]["properties"]["how"]["enum"]) == set(history_module.HOW_VALUES)
    assert len(data["lineages"]) == wt.editions[-1].sections
    # Which PDF reader read each edition, as a report's editions say it.
    from guidediff.pdf.files import choose_engine

    assert [edition["reader"] for edition in data["editions"]] == [choose_engine()] * len(data["editions"])


def test_json_reads_back_as_the_same_history_with_the_terms_stage_concept_rows(wt):
    text = HISTORY.render(wt, "json")
    again = History.from_dict(json.loads(text))
    assert again.terms == wt.terms
    assert all(type(row) is ConceptTrend and all(type(count) is EditionCount for count in row.editions)
               for row in again.terms)
    assert again.term("radicalisation").first_edition == 2
    assert HISTORY.render(again, "json") == text


def test_every_section_has_one_lineage_or_fate(wt):
    newest = {lineage.section.id for lineage in wt.lineages}
    assert len(newest) == wt.editions[-1].sections
    oldest = [fate for fate in wt.fates if fate.edition == 0]
    assert len(oldest) == wt.editions[0].sections


def test_json_is_byte_identical_in_fresh_interpreters():
    script = ("import sys; from guidediff.history import history; from guidediff.render import HISTORY; "
              f"sys.stdout.write(HISTORY.render(history({[str(path) for path in WT]!r}), \"json\"))")
    outputs = set()
    for seed in ("0", "1", "12345"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, env=environment, check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1


# --------------------------------------------------------------------------- cost


def test_n_editions_cost_n_loads_n_trees_and_n_minus_one_alignments(monkeypatch):
    """Each middle edition's tree is built once, for both its alignments and the quotations' search.

    Beside the n − 1 alignments, an edition that drops sections is aligned, sections only
    and only those, with each later non-neighbour that has new sections (to find returns).
    """
    import guidediff.align
    import guidediff.quotes

    calls = {"load": 0, "tree": 0, "align": 0, "among": 0}
    real_load_many, real_align, real_among = history_module.load_many, history_module.align, history_module.align_among
    real_tree = history_module.build_tree

    def counting_load_many(sources, *args, **kwargs):
        calls["load"] += len(sources)
        return real_load_many(sources, *args, **kwargs)

    def counting_tree(document):
        calls["tree"] += 1
        return real_tree(document)

    def counting_align(old, new, *args, **kwargs):
        calls["align"] += 1
        return real_align(old, new, *args, **kwargs)

    def counting_among(*args, **kwargs):
        calls["among"] += 1
        return real_among(*args, **kwargs)

    monkeypatch.setattr(history_module, "load_many", counting_load_many)
    for module in (history_module, guidediff.align, guidediff.quotes):  # every caller of build_tree in a history
        monkeypatch.setattr(module, "build_tree", counting_tree)
    monkeypatch.setattr(history_module, "align", counting_align)
    monkeypatch.setattr(history_module, "align_among", counting_among)
    history([str(path) for path in WT], quotes=["The LSCB should publish a threshold document"])
    # 2013 drops six chapters and 2015 has new sections: one section alignment of 2010 with 2015.
    assert calls == {"load": 3, "tree": 3, "align": 2, "among": 1}
    calls.update(load=0, tree=0, align=0, among=0)
    history(chain(), watchlist=None)
    # Edition 1 drops a chapter; edition 2 has nothing new, edition 3 has: one section alignment, 0 with 3.
    assert calls == {"load": 4, "tree": 4, "align": 3, "among": 1}


# --------------------------------------------------------------------------- synthetic chains


def chain(returning: str = "Chapter 3: Old arrangements", returning_text: int = 6) -> list:
    """Four editions: a rename (0→1), a move to another chapter (1→2), a split and a return (2→3).

    Edition 1 also drops the chapter "Old arrangements", which edition 3 brings back
    under the heading ``returning``, with its old text (``returning_text`` 6) or new text (7).
    """
    a, b, c, d1, d2, old, back, new = (prose(n, 50) for n in range(1, 9))
    e0 = make_document(("h", 1, "Chapter 1: Early help"), ("h", 2, "Topic A"), ("p", None, a),
                       ("h", 2, "Topic B"), ("p", None, b),
                       ("h", 1, "Chapter 2: Reviews"), ("h", 2, "Topic C"), ("p", None, c),
                       ("h", 2, "Topic D"), ("p", None, d1), ("p", None, d2),
                       ("h", 1, "Chapter 3: Old arrangements"), ("p", None, old), title="Edition 0")
    e1 = make_document(("h", 1, "Chapter 1: Early help"), ("h", 2, "Help at the earliest point"), ("p", None, a),
                       ("h", 2, "Topic B"), ("p", None, b),
                       ("h", 1, "Chapter 2: Reviews"), ("h", 2, "Topic C"), ("p", None, c),
                       ("h", 2, "Topic D"), ("p", None, d1), ("p", None, d2), title="Edition 1")
    e2 = make_document(("h", 1, "Chapter 1: Early help"), ("h", 2, "Help at the earliest point"), ("p", None, a),
                       ("h", 2, "Topic B"), ("p", None, b), ("h", 2, "Topic C"), ("p", None, c),
                       ("h", 1, "Chapter 2: Reviews"), ("h", 2, "Topic D"), ("p", None, d1), ("p", None, d2),
                       title="Edition 2")
    e3 = make_document(("h", 1, "Chapter 1: Early help"), ("h", 2, "Help at the earliest point"), ("p", None, a),
                       ("h", 2, "Topic B"), ("p", None, b), ("h", 2, "Topic C"), ("p", None, c),
                       ("h", 1, "Chapter 2: Reviews"), ("h", 2, "Roles in a review"), ("p", None, d1),
                       ("h", 2, "Duties in a review"), ("p", None, d2),
                       ("h", 2, "Notifiable incidents"), ("p", None, new),
                       ("h", 1, returning), ("p", None, (old, back)[returning_text - 6]), title="Edition 3")
    return [e0, e1, e2, e3]


def hows(lineage) -> list[str]:
    return [step.how for step in lineage.steps]


def test_synthetic_chain_lineages_are_traced_through_rename_move_and_split():
    timeline = history(chain(), watchlist=None)
    assert timeline.order == "given" and "no publication date" in timeline.order_note
    lineages = {lineage.section.heading: lineage for lineage in timeline.lineages}
    expected = {
        "Chapter 1: Early help": (["first appears", "matched", "matched", "matched"], "Chapter 1: Early help"),
        "Help at the earliest point": (["first appears", "renamed", "matched", "matched"], "Topic A"),
        "Topic B": (["first appears", "matched", "matched", "matched"], "Topic B"),
        "Topic C": (["first appears", "matched", "moved", "matched"], "Topic C"),
        "Chapter 2: Reviews": (["first appears", "matched", "matched", "matched"], "Chapter 2: Reviews"),
        "Roles in a review": (["first appears", "matched", "matched", "split"], "Topic D"),
        "Duties in a review": (["first appears", "matched", "matched", "split"], "Topic D"),
        "Notifiable incidents": (["absent", "absent", "absent", "first appears"], "Notifiable incidents"),
        "Chapter 3: Old arrangements": (["absent", "absent", "absent", "first appears"], "Chapter 3: Old arrangements"),
    }
    assert set(lineages) == set(expected)
    for heading, (steps, origin) in expected.items():
        lineage = lineages[heading]
        assert hows(lineage) == steps, heading
        assert [ref.heading for ref in lineage.origin] == [origin], heading
    moved = lineages["Topic C"].steps[2]
    assert "new-parent" in moved.flags and moved.sections[0].path == ("Chapter 1: Early help", "Topic C")
    split = lineages["Roles in a review"].steps[2]
    assert [ref.heading for ref in split.sections] == ["Topic D"]


def test_synthetic_chain_fates_follow_sections_forward():
    timeline = history(chain(), watchlist=None)
    fates = {fate.section.heading: fate for fate in timeline.fates if fate.edition == 0}
    topic_d = fates["Topic D"]
    assert topic_d.dropped_in is None
    assert [ref.heading for ref in topic_d.outcome] == ["Roles in a review", "Duties in a review"]
    assert hows(topic_d)[-1] == "split"
    old = fates["Chapter 3: Old arrangements"]
    assert old.edition == 0 and old.dropped_in == 1
    assert hows(old) == ["first appears", "removed", "absent", "absent"]
    # Found by aligning edition 0 (where it was last) with edition 3's new sections.
    assert old.returned is not None and old.returned.edition == 3
    assert (old.returned.section.heading, old.returned.matched_by) == ("Chapter 3: Old arrangements", "heading+content")
    assert fates["Topic A"].outcome[0].heading == "Help at the earliest point"
    # Sections new after the oldest edition have fates of their own, from where they first appear.
    later = [(fate.edition, fate.section.heading) for fate in timeline.fates if fate.edition]
    assert later == [(3, "Notifiable incidents"), (3, "Chapter 3: Old arrangements")]
    text = HISTORY.render(timeline, "md")
    assert ("Chapter 3: Old arrangements (Edition 0, pp. 12–13) — **returns in Edition 3** as Chapter 3: Old "
            "arrangements (pp. 15–16; matched on its heading and content)") in text
    jsonschema.validate(json.loads(HISTORY.render(timeline, "json")), SCHEMA)


def test_a_dropped_section_brought_back_under_a_new_heading_is_found_by_its_content():
    # Issue 12 item 3: returns are found by alignment. A heading match could not find this one.
    timeline = history(chain(returning="Chapter 3: Arrangements kept from before"), watchlist=None)
    [old] = [fate for fate in timeline.fates if fate.dropped_in is not None]
    assert old.section.heading == "Chapter 3: Old arrangements"
    assert old.returned is not None and old.returned.edition == 3
    assert (old.returned.section.heading, old.returned.matched_by) == ("Chapter 3: Arrangements kept from before",
                                                                       "content")
    assert "matched on its content" in HISTORY.render(timeline, "md")
    jsonschema.validate(json.loads(HISTORY.render(timeline, "json")), SCHEMA)


def test_a_section_with_a_dropped_ones_heading_but_new_text_is_not_a_return():
    # As between neighbours, where the same heading over entirely new text is a removed and an added
    # section, not a link; the rule that matched headings alone called this a return.
    timeline = history(chain(returning_text=7), watchlist=None)
    [old] = [fate for fate in timeline.fates if fate.dropped_in is not None]
    assert old.returned is None
    assert "returns" not in HISTORY.render(timeline, "md")


def test_merge_traces_back_to_every_part():
    first, second = prose(1, 60), prose(2, 60)
    editions = [
        make_document(("h", 1, "Roles"), ("p", None, first), ("h", 1, "Responsibilities"), ("p", None, second), title="A"),
        make_document(("h", 1, "Roles and responsibilities"), ("p", None, first), ("p", None, second), title="B"),
        make_document(("h", 1, "Roles and responsibilities"), ("p", None, first), ("p", None, second), title="C"),
    ]
    lineage = history(editions, watchlist=None).lineages[0]
    assert hows(lineage) == ["first appears", "merged", "matched"]
    assert [ref.heading for ref in lineage.origin] == ["Roles", "Responsibilities"]


def test_fewer_than_two_editions_is_a_clear_error():
    with pytest.raises(InputError, match="at least two editions"):
        history([str(WT[0])])
    with pytest.raises(InputError, match="order"):
        history([str(WT[0]), str(WT[1])], order="alphabetical")


# --------------------------------------------------------------------------- HTML


def test_html_is_self_contained_and_escapes_text_from_the_pdfs():
    import base64
    import hashlib
    import re

    editions = chain()
    hostile = "<script>alert(1)</script> & \"quotes\" <img src=x onerror=alert(2)>"
    editions[3] = make_document(*[("h", 1, hostile)], ("p", None, prose(77, 50)), title="Edition 3")
    timeline = history(editions, watchlist=None)
    assert "<script>" not in HISTORY.render(timeline, "md") and "\\<script\\>" in HISTORY.render(timeline, "md")
    page = HISTORY.render(timeline, "html")
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"(?:src|href)=[\"']?https?:", page)
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    assert f"default-src 'none'; style-src 'sha256-{digest}'" in page
    assert ' style="' not in page  # inline style attributes would be blocked by the policy


def test_wt_html_timeline_shows_dropped_chapters_and_the_trend(wt):
    page = HISTORY.render(wt, "html")
    assert "Chapter 9 – Lessons from research" in page
    assert "2015, p. 15" in page
    assert page == HISTORY.render(wt, "html")


def test_corpus_ids_work_like_paths(wt):
    by_id = history(["wt-2015", "wt-2010", "wt-2013"])
    assert [edition.edition for edition in by_id.editions] == ["wt-2010", "wt-2013", "wt-2015"]
    assert [lineage.to_dict() for lineage in by_id.lineages] == [lineage.to_dict() for lineage in wt.lineages]
    assert by_id.terms == wt.terms
