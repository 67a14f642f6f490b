"""The lineage stage (issue 12 item 3): chain(alignments) -> SectionGraph over any pairwise alignments.

On small synthetic editions built from blocks (tests.test_history.chain), where every
edit is known, and on the model editions of Working Together.
"""

from __future__ import annotations

import pytest

from guidediff.align import align, align_among
from guidediff.api import load_many
from guidediff.errors import InputError
from guidediff.history import history
from guidediff.lineage import SectionGraph, chain
from guidediff.structure import build_tree
from tests.test_align import make_document, prose
from tests.test_history import chain as synthetic_chain


def consecutive(documents):
    return [align(old, new) for old, new in zip(documents, documents[1:])]


def headings(sections) -> list[str]:
    return [section.heading for section in sections]


def by_heading(graph: SectionGraph, edition: int, heading: str):
    [section] = [section for section in graph.sections(edition) if section.heading == heading]
    return section


def test_a_list_of_consecutive_alignments_is_the_same_graph_as_its_pairs():
    documents = synthetic_chain()
    alignments = consecutive(documents)
    as_list = chain(alignments)
    as_pairs = chain({(index, index + 1): alignment for index, alignment in enumerate(alignments)})
    assert as_list.pairs == as_pairs.pairs == ((0, 1), (1, 2), (2, 3))
    assert as_list.editions == 4
    for section in as_list.sections(3):
        assert as_list.lineage(section) == as_pairs.lineage(section)


def test_alignments_need_not_share_trees_sections_are_known_by_their_heading_block():
    # align() builds its own trees: edition 1's sections are different objects in the two alignments.
    documents = synthetic_chain()
    alignments = consecutive(documents)
    assert alignments[0].new_tree is not alignments[1].old_tree
    graph = chain(alignments)
    # Topic C moved into chapter 1 between editions 1 and 2; traced back to edition 0 all the same.
    steps = [(step.how, headings(step.sections)) for step in graph.lineage(by_heading(graph, 3, "Topic C")).steps]
    assert steps == [("first appears", ["Topic C"]), ("matched", ["Topic C"]), ("moved", ["Topic C"]),
                     ("matched", ["Topic C"])]


def test_linked_follows_any_aligned_pair_either_way_for_an_n_way_view():
    documents = synthetic_chain()
    trees = [build_tree(document) for document in documents]
    pairs = {(index, index + 1): align(documents[index], documents[index + 1], old_tree=trees[index],
                                       new_tree=trees[index + 1]) for index in range(3)}
    pairs[(0, 3)] = align(documents[0], documents[3], old_tree=trees[0], new_tree=trees[3])  # not neighbours
    graph = chain(pairs)
    topic_d = by_heading(graph, 0, "Topic D")
    assert headings(graph.linked(0, [topic_d], 3)) == ["Roles in a review", "Duties in a review"]
    assert headings(graph.linked(3, graph.linked(0, [topic_d], 3), 0)) == ["Topic D"]
    # The old chapter 3, dropped in edition 1, is back in edition 3: the (0, 3) pair links it directly.
    old_chapter = by_heading(graph, 0, "Chapter 3: Old arrangements")
    assert headings(graph.linked(0, [old_chapter], 3)) == ["Chapter 3: Old arrangements"]
    fate = graph.fate(0, old_chapter)
    assert fate.dropped_in == 1 and fate.returned is not None and fate.returned.edition == 3
    with pytest.raises(InputError, match="editions 0 and 2 were not aligned"):
        graph.linked(0, [old_chapter], 2)


def test_starts_and_ends_are_where_threads_begin_and_stop():
    graph = chain(consecutive(synthetic_chain()))
    assert headings(graph.ends(0)) == ["Chapter 3: Old arrangements"]
    assert headings(graph.starts(3)) == ["Notifiable incidents", "Chapter 3: Old arrangements"]
    assert graph.ends(3) == () and graph.starts(2) == ()
    assert [(edition, section.heading) for edition, section in graph.first_appearances()][-2:] == [
        (3, "Notifiable incidents"), (3, "Chapter 3: Old arrangements")]


def test_without_a_non_adjacent_pair_a_dropped_section_has_no_return():
    graph = chain(consecutive(synthetic_chain()))
    fate = graph.fate(0, by_heading(graph, 0, "Chapter 3: Old arrangements"))
    assert fate.dropped_in == 1 and fate.returned is None


def test_a_return_is_only_to_a_section_new_there():
    # X is dropped in edition 1 and back in edition 2, then kept in 3. A (0, 3) alignment links X to
    # edition 3's X, but that one continues edition 2's: the return is in 2, seen only with a (0, 2) pair.
    first, second = prose(11, 50), prose(12, 50)
    documents = [make_document(("h", 1, "Alpha"), ("p", None, first), ("h", 1, "Extra"), ("p", None, second),
                               title=f"E{index}") if index != 1 else
                 make_document(("h", 1, "Alpha"), ("p", None, first), title="E1") for index in range(4)]
    pairs = {(index, index + 1): alignment for index, alignment in enumerate(consecutive(documents))}
    far = chain({**pairs, (0, 3): align(documents[0], documents[3])})
    extra = by_heading(far, 0, "Extra")
    assert headings(far.linked(0, [extra], 3)) == ["Extra"]
    assert far.fate(0, extra).dropped_in == 1 and far.fate(0, extra).returned is None
    near = chain({**pairs, (0, 2): align(documents[0], documents[2])})
    returned = near.fate(0, extra).returned
    assert returned is not None and (returned.edition, returned.section.heading) == (2, "Extra")


def test_align_among_links_only_the_chosen_sections_and_names_the_full_trees_sections():
    documents = synthetic_chain()
    old_tree, new_tree = build_tree(documents[0]), build_tree(documents[3])
    dropped = [section for section in old_tree.walk() if section.heading == "Chapter 3: Old arrangements"]
    new = [section for section in new_tree.walk() if section.heading in ("Notifiable incidents",
                                                                        "Chapter 3: Old arrangements")]
    alignment = align_among(documents[0], documents[3], old_tree, new_tree, dropped, new)
    assert alignment.paragraphs == () and alignment.old_tree is old_tree and alignment.new_tree is new_tree
    linked = [link for link in alignment.sections if link.old and link.new and link.old[0].heading_block is not None]
    assert [(link.old[0].heading, link.new[0].heading) for link in linked] == [
        ("Chapter 3: Old arrangements", "Chapter 3: Old arrangements")]
    assert linked[0].old[0] is dropped[0] and linked[0].new[0] is new[1]  # the full trees' own sections
    chosen = {id(section) for section in dropped + new}
    assert all(id(section) in chosen for link in alignment.sections for section in link.old + link.new
               if section.heading_block is not None)


def test_lineages_need_every_consecutive_pair():
    documents = synthetic_chain()
    graph = chain({(0, 1): align(documents[0], documents[1]), (2, 3): align(documents[2], documents[3])})
    with pytest.raises(InputError, match="editions 1 and 2 were not aligned"):
        graph.lineage(graph.sections(3)[0])


def test_bad_alignment_sets_are_one_clear_error():
    documents = synthetic_chain()
    alignment = align(documents[0], documents[1])
    with pytest.raises(InputError, match="at least one alignment"):
        chain([])
    with pytest.raises(InputError, match="older edition, newer edition"):
        chain({(1, 0): alignment})
    with pytest.raises(InputError, match="no alignment names edition 1"):
        chain({(0, 2): alignment})
    with pytest.raises(InputError, match="disagree about edition 1"):
        chain([alignment, align(documents[2], documents[3])])


def test_the_graph_gives_history_its_lineages_and_fates():
    documents = load_many(["wt-2010", "wt-2013", "wt-2015"])
    graph = chain(consecutive(documents))
    timeline = history(documents, watchlist=None)
    assert tuple(graph.lineage(section) for section in graph.sections(2)) == timeline.lineages
    assert [graph.pair_summary(old, old + 1) for old in range(2)] == list(timeline.pairs)
    # History adds returns; the models of Working Together bring no dropped chapter back.
    fates = tuple(graph.fate(edition, section) for edition, section in graph.first_appearances())
    assert fates == timeline.fates
