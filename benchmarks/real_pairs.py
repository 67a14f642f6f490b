"""Accuracy on real edition pairs: the prose pairs with ground truth, and the KCSIE pairs checked by eye.

    python benchmarks/real_pairs.py [--corpus ../shared/corpus] [--pairs NAME,...] [--producers lo,chromium]
                                    [--verbose] [--json FILE|-] [--no-cache]

Measurements, not tests: this prints tables and asserts nothing. It runs the real pipeline,
``guidediff.compare(old, new)``, and reads only the report's JSON contract
(``json.loads(REPORT.render(report, "json"))``), so it survives refactors of everything behind it. The
block check below also reads the documents' ``extract --format json`` contract
(``Document.to_dict()``).

Pairs (``--pairs``, default all): the five prose pairs of ``<corpus>/prose`` (pocket-tos-2024,
firefox-pn-2025, firefox-pn-2024, hello-tos-2015, thunderbird-pn-2025), each for both producers
(``--producers``: ``lo`` LibreOffice, ``chromium`` headless Chromium), scored against
``<pair>.truth.json`` (its format is in ``prose/README.md``); and two KCSIE pairs in
``<corpus>/real``, which have no truth file and are printed for checking against the pages:
``kcsie-part-one`` (July 2025 pp. 7-24 vs the September 2025 Part one pp. 4-20) and
``kcsie-annex-b`` (July pp. 149-170 vs September pp. 21-42).

Text is compared as *words*: NFKC, quotes, dashes and spacing normalised, case folded, and cut
into ``\\w+`` tokens, so punctuation never decides a match. ``common`` below is the length of the
longest common subsequence of two word lists (rapidfuzz ``LCSseq``).

**Section links.** Every report section (``sections[].old`` / ``.new``) is mapped to a section
of the truth's outline on its side: by its whole heading path; else by its heading when only
one truth section has that heading (several: the one whose path shares most enclosing
headings); else by a heading with ``fuzz.ratio`` >= 90, when one candidate is best. A report
section headed by the document's title is left out (the truth's title is furniture, not a
section), and so is the preamble. A section that maps to nothing stays in its link as
"unmapped" and makes that link wrong. A link is (set of old sections, set of new sections):
({a}, {b}) matched, renamed or moved; ({a}, {b, c}) split; ({a, b}, {c}) merged; ({}, {b})
added; ({a}, {}) removed. The truth's links come from its ``sections``: unchanged, modified and
renamed entries are 1-1 links, added and removed entries are one-sided.

- *precision* = reported links that are a truth link or an accepted alternative (below)
  / reported links; *recall* = truth links recalled / truth links. A truth link is recalled
  when the report has exactly that link, or when every reported link that touches one of its
  sections is an accepted alternative and together they cover all its sections (the report
  took the other defensible reading). F1 is their harmonic mean.
- *typed*: the same, and a 1-1 link must also agree on *renamed* (the report's kind or flags
  say ``renamed`` or ``renumbered``, or its two headings differ as printed: a change of case or
  punctuation only is no rename in the report, its heading change is ``minor``; the truth's kind
  is ``renamed``, case and punctuation renames included) and on *moved* (``moved`` in kind or flags; the truth's ``moved``). A
  level change or a dissolved container is not a move (prose/README, "Method"). Split, merged,
  added and removed links are typed by their shape.
- *strict F1*: sets only, with the truth's own reading and no alternatives.

Known ambiguities (prose/README, "Known ambiguities"): either reading is accepted.

- ``needs_manual_check`` renames (matched by similarity or position): also removed + added.
- ``same_place_as`` (removed + added between the same matched neighbours): also the 1-1 link
  between them, or the merge (split) of all of them.
- Content moved out of a removed section (``note`` moved/split; targets from
  ``paragraph_moves``) or into an added one (``note`` moved/merged): also the merge of the
  removed section(s) into the target's link ({o, r} -> {X}, any non-empty subset of the removed
  sources), the 1-1 link when the target was added, or the split of a source into the target.
  This covers merges of sections (hello-tos-2015 "11. Services Interruption",
  firefox-pn-2024's two search sections) and folded subsections (firefox-pn-2025's "More
  details" sections).
- A removed container without text of its own whose child kept its match with a level change
  (firefox-pn-2025 "Applicability (Firefox version) and changes"): also the container renamed
  to the child's match with the child removed, or both merged into it.
- Which of two swapped sections moved: the *moved* flags are accepted when the report marks as
  many sections reordered as the truth does and taking them out leaves every other matched
  section in order.

**Paragraph changes.** The truth's changed units are its ``paragraph_changes`` plus every unit
of an added or removed section (a complete report mentions all of them:
``summary.paragraph_units_changed_incl_added_removed_sections``). A reported change is a
*heading change* when each side it has is a heading block with a heading the truth has; every
other change (a heading block the reader made of body text included) is placed on the truth
units of each side it has. A unit is *home* for a side's text when

1. ``common`` >= 0.8 of the shorter of the two, and ``common`` >= 5 words or >= 0.6 of the
   longer (one lies inside the other: the same paragraph, a fragment of it, or a block that
   glued it to others); or
2. a run of consecutive words they share is >= half the unit and >= 4 words (a unit cut in
   two, each half glued to a neighbour); or
3. the whole unit stands word for word in a text at most 5 times its length (short list
   items read as one block).

When some home unit is near-identical (``common`` >= 0.9 of the longer), only the
near-identical ones are home, so a repeated sentence is placed on its own paragraph and not on a
longer one that contains it.

- *found*: a truth change is found when a reported change has its old unit home on the old
  side or its new unit home on the new side. *recall* = found / truth changes; *recall
  (non-trivial)* leaves out the truth's ``trivial`` changes (case, punctuation, quotes only).
  *whole*: found, and each side the truth change has is shown by a reported change whose text
  is near-identical to the unit (not a fragment of it, not a block that glued it to others).
- *page citations*: for each found change and each side it has, the reported change with that
  unit home on that side and the largest share of the unit's words; its first printed page
  (``pages[0]``) must equal the truth's ``pages.<producer>.<side>``. *accuracy* = right / sides
  checked.
- *noise*: reported changes that touch no truth change. "unplaced" ones have no home unit at
  all (a cover line, a running header, text the reader mangled); the others sit on unchanged
  units. A heading change is explained when its old and new headings map to the two sides of
  a truth link or accepted alternative whose headings differ, or to an added/removed section;
  the rest are *heading noise*.
- *level*: the change's ``level`` when the report has one, else ``substantive`` when
  ``substantive`` is true and ``bookkeeping`` when it is false. *wrongly substantive*: reported
  at ``substantive`` while every truth change it touches is trivial, or while it touches none
  (unchanged text). *case/punct-only substantive*: a change other than a move, reported at
  ``substantive``, with both sides present and the same words (issue 10 asks for 0).

**Units read whole** (issue 9). Every truth unit should be one block of the document, not
fragments; table rows and list items are counted apart from paragraphs. The truth does not mark
list items: they are found in the LibreOffice PDFs, where poppler's ``pdftotext -bbox`` sees
each bullet or ordered-list label as a word at the start of a line; the unit whose words start
with the words beside it is a list item. Both producers render the same text, so the flag holds
for Chromium too. Against the document's blocks (``extract --format json``, every block), a
unit is *whole* when one block holds >= 0.9 of its words and is >= 0.9 made of them; *glued*
when one block holds it but is mostly other text; *fragmented* when no block holds it but runs
of 3 or more consecutive words from several blocks cover >= 0.6 of it; else *missing* (the
reader lost the text). In the report, a found change to a row or item is *reported in
fragments* when more than one reported change has it home on one side.

**Naive baseline**: the truth's ``baseline_naive_diff.<producer>`` (pdftotext + diff): its hunks,
and the hunks left after furniture, reflow and page-shift hunks, for comparison with the
report's change count.

**KCSIE** (no truth): per pair, the counts per level and per kind, and every change with its
level, kind, citation and a one-line redline, to read against the rendered pages.
``tests/test_compare_real.py`` pins what was checked by eye; issues 9 and 10 list pins known to
be wrong (paragraph 40, the back cover).
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

PROSE_PAIRS = ("pocket-tos-2024", "firefox-pn-2025", "firefox-pn-2024", "hello-tos-2015", "thunderbird-pn-2025")
PRODUCERS = ("lo", "chromium")
# name -> (old PDF, old printed pages, new PDF, new printed pages), in <corpus>/real
KCSIE_PAIRS = {
    "kcsie-part-one": ("kcsie-2025-july.pdf", "7-24", "kcsie-2025-part-one-sept.pdf", "4-20"),
    "kcsie-annex-b": ("kcsie-2025-july.pdf", "149-170", "kcsie-2025-part-one-sept.pdf", "21-42"),
}
RESULTS_SCHEMA = "guidediff.bench.real-pairs/1"

# Thresholds, all on the 0-1 scale of shares of words (see the module docstring).
HOME_CONTAINED = 0.8  # common words / shorter text: one text lies inside the other
HOME_MIN_WORDS = 5  # ... and at least this many words in common,
HOME_SHORT_SHARE = 0.6  # ... or this share of the longer text (short units)
HOME_NEAR_IDENTICAL = 0.9  # common words / longer text: the same paragraph
HOME_RUN_SHARE = 0.5  # or this share of the unit stands word for word in the text,
HOME_RUN_MIN_WORDS = 4  # ... and at least this many words,
HOME_FEW_UNITS = 5  # or all of it does, in a text at most this many times its length
BLOCK_HOLDS = 0.9  # a block holds a unit: this share of the unit's words
BLOCK_FRAGMENTS = 0.6  # fragments hold this share of a unit together, in runs of
FRAGMENT_RUN = 3  # ... at least this many consecutive words
HEADING_FUZZ = 90  # fuzz.ratio for a heading the reader spelled differently

REPO_ROOT = Path(__file__).resolve().parent.parent


# --- words -------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2015": "-", "\u2212": "-", "\u00ad": None})


def normalise(text: str) -> str:
    """NFKC, straight quotes and hyphens, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text or "").translate(_QUOTES).split())


def words(text: str) -> tuple[str, ...]:
    """The words of a text, case folded, punctuation dropped."""
    return tuple(re.findall(r"\w+", normalise(text).casefold()))


def heading_key(text: str) -> str:
    return " ".join(words(text))


def common_words(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Length of the longest common subsequence of two word lists."""
    return int(LCSseq.similarity(a, b)) if a and b else 0


def ratio(hit: int, of: int) -> float:
    return hit / of if of else 1.0


def prf(correct: int, reported: int, recalled: int, true: int) -> dict[str, float]:
    precision, recall = ratio(correct, reported), ratio(recalled, true)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# --- report fields (the JSON contract) ---------------------------------------------------------

def change_level(change: dict[str, Any]) -> str:
    """``level`` when the report has it, else from the ``substantive`` boolean."""
    level = change.get("level")
    if level:
        return str(level)
    return "substantive" if change.get("substantive", True) else "bookkeeping"


def is_heading_change(change: dict[str, Any], lookups: dict[str, Any] | None = None) -> bool:
    """Every side a heading block; with ``lookups``, also a heading the truth has (else it is text
    the reader took for a heading, and is scored as text)."""
    sides = {side: change[side] for side in ("old", "new") if change.get(side)}
    if not sides or any(ref.get("block") != "heading" for ref in sides.values()):
        return False
    return lookups is None or all(lookups[side].find(ref.get("section") or [ref["text"]], ref["text"]) is not None
                                  for side, ref in sides.items())


def redline(change: dict[str, Any], *, context: int = 40, width: int = 240) -> str:
    """The change's word diff on one line, long unchanged runs cut to the words next to an edit."""
    ops = [(op, re.sub(r"\s+", " ", text)) for op, text in change.get("diff") or []]
    pieces = []
    for position, (op, text) in enumerate(ops):
        if op in "-+":
            # Spaces at an edit's ends go outside its brackets: "see [-para-]{+paragraph+} 140".
            lead, trail = " " * (text[:1] == " "), " " * (text[-1:] == " ")
            pieces.append(lead + (f"[-{text.strip()}-]" if op == "-" else f"{{+{text.strip()}+}}") + trail)
        else:
            before, after = position > 0, position < len(ops) - 1  # an edit on that side
            lead, trail = " " * (before and text[:1] == " "), " " * (after and text[-1:] == " ")
            text = text.strip()
            if len(text) > context * (before + after) + 10:
                head = text[:context].rsplit(" ", 1)[0] if before else ""
                tail = text[-context:].split(" ", 1)[-1] if after else ""
                text = " … ".join(part for part in (head, tail) if part)
                text = ("… " if not before else "") + text + (" …" if not after else "")
            pieces.append(lead + text + trail)
    line = re.sub(r"  +", " ", "".join(pieces)).strip() or normalise((change.get("new") or change.get("old") or {}).get("text", ""))
    return line if len(line) <= width else line[: width - 1] + "…"


# --- the truth's sections and links ------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    """(old sections, new sections); ``renamed``/``moved`` for 1-1 links, None when not judged."""

    old: frozenset
    new: frozenset
    renamed: bool | None = None
    moved: bool | None = None

    @property
    def key(self) -> tuple[frozenset, frozenset]:
        return (self.old, self.new)

    @property
    def shape(self) -> str:
        if not self.old:
            return "added"
        if not self.new:
            return "removed"
        if len(self.old) == 1 and len(self.new) == 1:
            return "1-1"
        return "split" if len(self.old) == 1 else "merged" if len(self.new) == 1 else "n-m"


def _link(old: Any, new: Any, renamed: bool | None = None, moved: bool | None = None) -> Link:
    return Link(frozenset(old), frozenset(new), renamed, moved)


def _matched_entries(truth: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for entry in truth["sections"]
            if entry["kind"] in ("unchanged", "modified", "renamed") and entry.get("match") != "preamble"]


def truth_links(truth: dict[str, Any]) -> list[Link]:
    """The truth's own reading: one link per section entry (the preamble left out)."""
    links = []
    for entry in truth["sections"]:
        if entry["kind"] == "added":
            links.append(_link((), [entry["new_index"]]))
        elif entry["kind"] == "removed":
            links.append(_link([entry["old_index"]], ()))
        elif entry.get("match") != "preamble":
            links.append(_link([entry["old_index"]], [entry["new_index"]],
                               renamed=entry["kind"] == "renamed", moved=bool(entry.get("moved"))))
    return links


def accepted_alternatives(truth: dict[str, Any]) -> dict[tuple[frozenset, frozenset], Link]:
    """Links of the other defensible reading of each known ambiguity (see the module docstring)."""
    old_outline, new_outline = truth["old"]["outline"], truth["new"]["outline"]
    alternatives: dict[tuple[frozenset, frozenset], Link] = {}

    def add(old: Any, new: Any) -> None:
        link = _link(old, new)
        if link.shape == "1-1":
            (o,), (n,) = link.old, link.new
            link = _link(old, new, renamed=old_outline[o]["heading"] != new_outline[n]["heading"])
        alternatives.setdefault(link.key, link)

    entries = truth["sections"]
    match_of_new = {e["new_index"]: e["old_index"] for e in _matched_entries(truth)}
    match_of_old = {e["old_index"]: e["new_index"] for e in _matched_entries(truth)}
    removed = {e["old_index"]: e for e in entries if e["kind"] == "removed"}
    added = {e["new_index"]: e for e in entries if e["kind"] == "added"}
    for entry in entries:
        if entry["kind"] == "renamed" and entry.get("needs_manual_check"):
            add([entry["old_index"]], ())
            add((), [entry["new_index"]])
        places = entry.get("same_place_as") or []
        if entry["kind"] == "added" and places:
            olds = [place["old_index"] for place in places]
            for old in olds:
                add([old], [entry["new_index"]])
            if len(olds) > 1:
                add(olds, [entry["new_index"]])
        if entry["kind"] == "removed" and places:
            news = [place["new_index"] for place in places]
            for new in news:
                add([entry["old_index"]], [new])
            if len(news) > 1:
                add([entry["old_index"]], news)
    # Content that moved out of a removed section, or into an added one.
    moves = truth.get("paragraph_moves") or []
    sources_of: dict[int, set[int]] = {}  # new section -> removed old sections whose content went there
    for move in moves:
        old, new = move["old_section_index"], move["new_section_index"]
        if removed.get(old, {}).get("note") in ("moved", "split"):
            sources_of.setdefault(new, set()).add(old)
        if added.get(new, {}).get("note") in ("moved", "merged"):
            if old in removed:
                sources_of.setdefault(new, set()).add(old)
            elif old in match_of_old:
                add([old], [match_of_old[old], new])
    for new, sources in sources_of.items():
        kept = [match_of_new[new]] if new in match_of_new else []
        ordered = sorted(sources)
        for size in range(1, len(ordered) + 1):
            for subset in itertools.combinations(ordered, size):
                add([*kept, *subset], [new])
    # A dissolved container whose child kept its match at another level.
    for container, entry in removed.items():
        if entry.get("paragraphs"):
            continue
        for child in (s["index"] for s in old_outline if s.get("parent") == container):
            child_entry = next((e for e in _matched_entries(truth) if e["old_index"] == child), None)
            if child_entry and child_entry.get("level_changed"):
                add([container, child], [child_entry["new_index"]])
                add([container], [child_entry["new_index"]])
                add([child], ())
    return alternatives


class SectionLookup:
    """Find the truth outline section a report section stands for, on one side."""

    def __init__(self, outline: list[dict[str, Any]], title: str = "") -> None:
        self.outline = outline
        self.title = heading_key(title)
        self.by_path: dict[tuple[str, ...], list[int]] = {}
        self.by_heading: dict[str, list[int]] = {}
        for section in outline:
            if section.get("level", 1) == 0:
                continue
            path = tuple(heading_key(part) for part in section["path"])
            self.by_path.setdefault(path, []).append(section["index"])
            self.by_heading.setdefault(heading_key(section["heading"]), []).append(section["index"])

    def is_title(self, heading: str) -> bool:
        key = heading_key(heading)
        return bool(key) and key == self.title and key not in self.by_heading

    def find(self, path: list[str], heading: str) -> int | None:
        path_key = tuple(heading_key(part) for part in path)
        key = heading_key(heading)
        if len(self.by_path.get(path_key, ())) == 1:
            return self.by_path[path_key][0]
        candidates = self.by_heading.get(key, [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            def shared(index: int) -> int:
                truth_path = [heading_key(part) for part in self.outline[index]["path"]]
                return sum(1 for part in path_key if part in truth_path)
            ranked = sorted(candidates, key=shared, reverse=True)
            return ranked[0] if shared(ranked[0]) > shared(ranked[1]) else None
        scored = sorted(((fuzz.ratio(key, other), indices) for other, indices in self.by_heading.items()),
                        key=lambda item: -item[0])
        if scored and scored[0][0] >= HEADING_FUZZ and len(scored[0][1]) == 1 and \
                (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1][0]
        return None


def report_links(truth: dict[str, Any], report: dict[str, Any]) -> tuple[list[Link], list[str]]:
    """The report's section links in truth outline indices, and the report headings that map to nothing."""
    lookups = {side: SectionLookup(truth[side]["outline"], truth[side].get("title", "")) for side in ("old", "new")}
    links, unmapped = [], []
    for entry in report["sections"]:
        sides: dict[str, list[Any]] = {"old": [], "new": []}
        for side in ("old", "new"):
            for ref in entry.get(side) or []:
                if not heading_key(ref["heading"]) or lookups[side].is_title(ref["heading"]):
                    continue  # the preamble or the document's title: not a section of the truth
                index = lookups[side].find(ref.get("path") or [ref["heading"]], ref["heading"])
                if index is None:
                    unmapped.append(f"{side}: {ref['heading']!r} (p. {', '.join(ref.get('pages') or [])})")
                    sides[side].append(f"?{side}:{ref['heading']}")
                else:
                    sides[side].append(index)
        if not sides["old"] and not sides["new"]:
            continue
        kinds = {entry["kind"], *entry.get("flags", ())}
        # Headings with the same words in another case or punctuation are no rename in the report (their
        # heading change is minor), but the truth counts them as renamed: the printed headings differ.
        restyled = (len(entry.get("old") or []) == 1 and len(entry.get("new") or []) == 1
                    and entry["old"][0]["heading"] != entry["new"][0]["heading"])
        links.append(_link(sides["old"], sides["new"], renamed=bool(kinds & {"renamed", "renumbered"}) or restyled,
                           moved="moved" in kinds))
    return links, unmapped


def _reorder_expectation(truth: dict[str, Any], reported: list[Link]) -> dict[tuple, bool]:
    """When the report marks a different but equally small set of sections as reordered, its reading."""
    entries = _matched_entries(truth)
    reordered = {(frozenset([e["old_index"]]), frozenset([e["new_index"]])) for e in entries if e.get("reordered")}
    if not reordered:
        return {}
    reparented = {(frozenset([e["old_index"]]), frozenset([e["new_index"]])) for e in entries if e.get("reparented")}
    matched = {(frozenset([e["old_index"]]), frozenset([e["new_index"]])): e for e in entries}
    marked = {link.key for link in reported if link.moved and link.key in matched and link.key not in reparented}
    if marked == reordered or len(marked) != len(reordered):
        return {}
    order = [e["new_index"] for e in sorted(entries, key=lambda e: e["old_index"])
             if (frozenset([e["old_index"]]), frozenset([e["new_index"]])) not in marked]
    if any(a > b for a, b in zip(order, order[1:])):
        return {}
    return {key: key in marked for key in marked | reordered}


def _type_ok(reported: Link, expected: Link, moved_override: dict[tuple, bool]) -> bool:
    if reported.shape != "1-1":
        return True
    moved = moved_override.get(expected.key, expected.moved)
    return (expected.renamed is None or reported.renamed == expected.renamed) and \
        (moved is None or reported.moved == moved)


def _describe(link: Link, truth: dict[str, Any]) -> str:
    def names(side: str, indices: frozenset) -> str:
        outline = truth[side]["outline"]
        return " + ".join(repr(outline[i]["heading"]) if isinstance(i, int) else f"unmapped {i[5:]!r}"
                          for i in sorted(indices, key=str)) or "-"
    flags = "".join(f" {name}" for name, value in (("renamed", link.renamed), ("moved", link.moved)) if value)
    return f"{link.shape}{flags}: {names('old', link.old)} -> {names('new', link.new)}"


def truth_link_kinds(link: Link) -> list[str]:
    if link.shape in ("added", "removed"):
        return [link.shape]
    kinds = [name for name, value in (("renamed", link.renamed), ("moved", link.moved)) if value]
    return kinds or ["kept"]


def score_sections(truth: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """Section-link precision, recall and F1 (sets, typed, and the truth's reading only)."""
    true = truth_links(truth)
    reported, unmapped = report_links(truth, report)
    alternatives = accepted_alternatives(truth)
    true_by_key = {link.key: link for link in true}
    reported_by_key = {link.key: link for link in reported}
    moved_override = _reorder_expectation(truth, reported)

    def expected(link: Link) -> Link | None:
        return true_by_key.get(link.key) or alternatives.get(link.key)

    def recalled(link: Link, typed: bool) -> bool:
        exact = reported_by_key.get(link.key)
        if exact is not None:
            return not typed or _type_ok(exact, link, moved_override)
        touching = [r for r in reported if r.old & link.old or r.new & link.new]
        if not touching or not all(r.key in alternatives for r in touching):
            return False
        if not (link.old <= frozenset().union(*(r.old for r in touching)) and
                link.new <= frozenset().union(*(r.new for r in touching))):
            return False
        return not typed or all(_type_ok(r, alternatives[r.key], moved_override) for r in touching)

    correct = [r for r in reported if expected(r) is not None]
    typed_correct = [r for r in correct if _type_ok(r, expected(r), moved_override)]  # type: ignore[arg-type]
    recall_sets = [link for link in true if recalled(link, False)]
    recall_typed = [link for link in true if recalled(link, True)]
    strict_correct = [r for r in reported if r.key in true_by_key]
    by_kind: dict[str, list[int]] = {}
    for link in true:
        for kind in truth_link_kinds(link):
            counts = by_kind.setdefault(kind, [0, 0, 0])
            counts[0] += link in recall_sets
            counts[1] += link in recall_typed
            counts[2] += 1
    return {
        "truth_links": len(true),
        "reported_links": len(reported),
        **prf(len(correct), len(reported), len(recall_sets), len(true)),
        "counts": {"correct": len(correct), "recalled": len(recall_sets), "typed_correct": len(typed_correct),
                   "typed_recalled": len(recall_typed), "strict_correct": len(strict_correct)},
        "typed": prf(len(typed_correct), len(reported), len(recall_typed), len(true)),
        "strict": prf(len(strict_correct), len(reported), len(strict_correct), len(true)),
        "by_kind": {kind: {"recalled": c[0], "typed": c[1], "of": c[2]} for kind, c in sorted(by_kind.items())},
        "unmapped": unmapped,
        "missed": [_describe(link, truth) for link in true if link not in recall_sets],
        "wrong": [_describe(r, truth) for r in reported if expected(r) is None],
        "mistyped": [f"reported {_describe(r, truth)}; truth {_describe(expected(r), truth)}"  # type: ignore[arg-type]
                     + (" (moved by the other reading)" if expected(r).key in moved_override else "")  # type: ignore[union-attr]
                     for r in correct if r not in typed_correct],
    }


# --- the truth's changed units -------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    key: tuple[int, int]  # (outline section index, unit index)
    text: str
    words: tuple[str, ...]
    kind: str  # para | table-row | code | list-item
    page: str | None


@dataclass(frozen=True)
class TruthChange:
    id: str
    change: str  # changed | inserted | deleted | reordered
    old: Unit | None
    new: Unit | None
    trivial: bool
    section: str
    old_page: str | None = None  # where the truth cites it, for this producer
    new_page: str | None = None

    def unit(self, side: str) -> Unit | None:
        return self.old if side == "old" else self.new

    def page(self, side: str) -> str | None:
        return self.old_page if side == "old" else self.new_page


def truth_units(truth: dict[str, Any], side: str, producer: str,
                list_items: set[tuple[int, int]] | frozenset = frozenset()) -> dict[tuple[int, int], Unit]:
    units = {}
    for section in truth[side]["outline"]:
        for position, unit in enumerate(section["units"]):
            key = (section["index"], position)
            kind = "list-item" if unit["kind"] == "para" and key in list_items else unit["kind"]
            units[key] = Unit(key, unit["text"], words(unit["text"]), kind, (unit.get("pages") or {}).get(producer))
    return units


def truth_changes(truth: dict[str, Any], producer: str,
                  list_items: dict[str, set[tuple[int, int]]] | None = None) -> list[TruthChange]:
    """Every unit a complete report would mention, with the pages the truth cites for ``producer``."""
    list_items = list_items or {}
    units = {side: truth_units(truth, side, producer, list_items.get(side, set())) for side in ("old", "new")}
    changes = []
    for number, item in enumerate(truth["paragraph_changes"]):
        pages = (item.get("pages") or {}).get(producer) or {}
        old = units["old"][tuple(item["old_unit"])] if item.get("old_unit") else None
        new = units["new"][tuple(item["new_unit"])] if item.get("new_unit") else None
        changes.append(TruthChange(f"pc{number}", item["change"], old, new, bool(item.get("trivial")),
                                   item.get("section", ""), pages.get("old"), pages.get("new")))
    for entry in truth["sections"]:
        if entry["kind"] not in ("added", "removed"):
            continue
        side = "new" if entry["kind"] == "added" else "old"
        index = entry[f"{side}_index"]
        for key, unit in units[side].items():
            if key[0] != index:
                continue
            change = "inserted" if side == "new" else "deleted"
            changes.append(TruthChange(f"{entry['kind']}-s{index}u{key[1]}", change,
                                       unit if side == "old" else None, unit if side == "new" else None,
                                       False, truth[side]["outline"][index]["heading"], unit.page if side == "old" else None,
                                       unit.page if side == "new" else None))
    return changes


def home_units(text_words: tuple[str, ...], units: dict[tuple[int, int], Unit]) -> dict[tuple[int, int], tuple[float, bool]]:
    """The truth units a reported text stands on: the share of each unit's words it holds, and
    whether the text is that unit (near-identical) rather than a fragment or a glued block."""
    near: dict[tuple[int, int], float] = {}
    inside: dict[tuple[int, int], float] = {}
    if not text_words:
        return {}
    text_set = set(text_words)
    for key, unit in units.items():
        if not unit.words:
            continue
        shorter, longer = sorted((len(text_words), len(unit.words)))
        if len(text_set.intersection(unit.words)) < min(HOME_RUN_MIN_WORDS, len(set(unit.words))):
            continue  # too few words in common for any rule below: skip the subsequence
        common = common_words(text_words, unit.words)
        if common < HOME_CONTAINED * shorter or (common < HOME_MIN_WORDS and common < HOME_SHORT_SHARE * longer):
            # Not one inside the other. Still home when half the unit stands word for word in the
            # text (an item cut in two, each half glued to a neighbour), or all of a short unit
            # does, in a text made of a few such units (short list items read as one block).
            run = longest_run(unit.words, text_words)
            half = run >= max(HOME_RUN_MIN_WORDS, HOME_RUN_SHARE * len(unit.words))
            whole = run == len(unit.words) and len(text_words) <= HOME_FEW_UNITS * len(unit.words)
            if not (half or whole):
                continue
            common = run
        share = common / len(unit.words)
        (near if common >= HOME_NEAR_IDENTICAL * longer else inside)[key] = share
    return {key: (share, True) for key, share in near.items()} if near else \
        {key: (share, False) for key, share in inside.items()}


def longest_run(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """The longest run of consecutive words the two texts share."""
    if not a or not b:
        return 0
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def covered_share(unit: tuple[str, ...], pieces: list[tuple[str, ...]], min_run: int) -> float:
    """Share of the unit's words that stand in runs of ``min_run`` or more consecutive words of some piece."""
    covered = [False] * len(unit)
    for piece in pieces:
        for match in SequenceMatcher(None, unit, piece, autojunk=False).get_matching_blocks():
            if match.size >= min_run:
                covered[match.a: match.a + match.size] = [True] * match.size
    return sum(covered) / len(unit) if unit else 0.0


def same_words(change: dict[str, Any]) -> bool:
    old, new = change.get("old"), change.get("new")
    return bool(old and new) and words(old["text"]) == words(new["text"])


def _cite(change: dict[str, Any]) -> str:
    return change.get("citation") or ", ".join(
        f"{side} p. {'/'.join((change[side] or {}).get('pages') or ['?'])}" for side in ("old", "new") if change.get(side))


def _short(text: str | None, width: int = 110) -> str:
    text = normalise(text or "")
    return text if len(text) <= width else text[: width - 1] + "…"


def score_changes(truth: dict[str, Any], report: dict[str, Any], producer: str,
                  list_items: dict[str, set[tuple[int, int]]] | None = None) -> dict[str, Any]:
    """Changed-paragraph recall, page citations, noise and wrong levels (see the module docstring)."""
    list_items = list_items or {}
    units = {side: truth_units(truth, side, producer, list_items.get(side, set())) for side in ("old", "new")}
    changes = truth_changes(truth, producer, list_items)
    by_unit: dict[str, dict[tuple[int, int], list[TruthChange]]] = {"old": {}, "new": {}}
    for change in changes:
        for side in ("old", "new"):
            if change.unit(side):
                by_unit[side].setdefault(change.unit(side).key, []).append(change)  # type: ignore[union-attr]

    lookups = {side: SectionLookup(truth[side]["outline"], truth[side].get("title", "")) for side in ("old", "new")}
    headings = [c for c in report["changes"] if is_heading_change(c, lookups)]
    reported = [c for c in report["changes"] if not is_heading_change(c, lookups)]
    homes: list[dict[str, dict[tuple[int, int], tuple[float, bool]]]] = []
    for change in reported:
        homes.append({side: home_units(words(change[side]["text"]), units[side]) if change.get(side) else {}
                      for side in ("old", "new")})

    touched: list[list[TruthChange]] = []
    for home in homes:
        hit: dict[str, TruthChange] = {}
        for side in ("old", "new"):
            for key in home[side]:
                for change in by_unit[side].get(key, []):
                    hit.setdefault(change.id, change)
        touched.append(list(hit.values()))

    found, wrong_pages, pages_checked, pages_ok = [], [], 0, 0
    fragmented, rows_items_found, found_whole = [], 0, 0
    missed, not_whole = [], []
    for change in changes:
        holders = {side: [(*home[side][change.unit(side).key], position)  # type: ignore[union-attr]
                          for position, home in enumerate(homes)
                          if change.unit(side) and change.unit(side).key in home[side]]  # type: ignore[union-attr]
                   for side in ("old", "new")}
        if not holders["old"] and not holders["new"]:
            missed.append(change)
            continue
        found.append(change)
        # Whole: every side the truth has is shown by a reported change made of that unit alone.
        if all(any(near for _, near, _ in holders[side]) for side in ("old", "new") if change.unit(side)):
            found_whole += 1
        else:
            not_whole.append(f"{change.id} {change.change} {(change.new or change.old).kind}, "  # type: ignore[union-attr]
                             + ", ".join(f"{side} in {len(holders[side])} reported change(s)"
                                         for side in ("old", "new") if change.unit(side)) + ": "
                             + " -> ".join(repr(_short(u.text, 80)) for u in (change.old, change.new) if u))
        for side in ("old", "new"):
            if not holders[side]:
                continue
            best = reported[max(holders[side], key=lambda item: (item[0], -item[2]))[2]]
            cited = ((best[side] or {}).get("pages") or [None])[0]
            pages_checked += 1
            if cited == change.page(side):
                pages_ok += 1
            else:
                wrong_pages.append(f"{change.id} {side}: truth p. {change.page(side)}, reported p. {cited} "
                                   f"({_cite(best)}): {_short(change.unit(side).text, 80)!r}")  # type: ignore[union-attr]
        unit_kind = (change.new or change.old).kind  # type: ignore[union-attr]
        if unit_kind in ("table-row", "list-item"):
            rows_items_found += 1
            pieces = max(len(holders["old"]), len(holders["new"]))
            if pieces > 1:
                fragmented.append(f"{change.id} {unit_kind} in {pieces} reported changes: "
                                  f"{_short((change.new or change.old).text, 80)!r}")  # type: ignore[union-attr]

    noise, wrong_substantive, case_only, link_only = [], [], [], []
    noise_substantive = noise_unplaced = wrong_trivial = wrong_unchanged = 0
    for change, home, hit in zip(reported, homes, touched):
        level = change_level(change)
        texts = " -> ".join(repr(_short((change.get(side) or {}).get("text"), 90))
                            for side in ("old", "new") if change.get(side))
        line = f"{level} {change.get('kind')} {(change.get('new') or change.get('old'))['block']} {_cite(change)}: {texts}"
        if change.get("links") and same_words(change):
            # The truth drops link targets, so it can neither confirm nor deny a change of links alone:
            # counted apart, not as noise.
            link_only.append(line + " | " + "; ".join(f"{link['kind']} {link['text']!r}" for link in change["links"]))
            continue
        if not hit:
            unplaced = not home["old"] and not home["new"]
            noise.append(("unplaced " if unplaced else "unchanged ") + line)
            noise_unplaced += unplaced
            if level == "substantive":
                noise_substantive += 1
                wrong_unchanged += 1
                wrong_substantive.append("unchanged text: " + line)
        elif level == "substantive" and all(t.trivial for t in hit):
            wrong_trivial += 1
            wrong_substantive.append("truth says trivial: " + line)
        if level == "substantive" and change.get("kind") != "moved" and same_words(change):
            case_only.append(line)

    explained, heading_noise = _explained_headings(truth, headings)
    for change in headings:
        if change_level(change) == "substantive" and same_words(change):
            case_only.append(f"heading {_cite(change)}: {change['old']['text']!r} -> {change['new']['text']!r}")
    nontrivial = [c for c in changes if not c.trivial]
    return {
        "truth_changes": len(changes),
        "truth_trivial": len(changes) - len(nontrivial),
        "found": len(found),
        "recall": round(ratio(len(found), len(changes)), 4),
        "found_whole": found_whole,
        "found_nontrivial": sum(1 for c in found if not c.trivial),
        "recall_nontrivial": round(ratio(sum(1 for c in found if not c.trivial), len(nontrivial)), 4),
        "pages_checked": pages_checked,
        "pages_ok": pages_ok,
        "page_accuracy": round(ratio(pages_ok, pages_checked), 4),
        "reported": len(reported),
        "reported_substantive": sum(1 for c in reported if change_level(c) == "substantive"),
        "noise": len(noise),
        "noise_substantive": noise_substantive,
        "noise_unplaced": noise_unplaced,
        "heading_changes": len(headings),
        "heading_noise": len(heading_noise),
        "wrong_substantive": wrong_trivial + wrong_unchanged,
        "wrong_substantive_trivial": wrong_trivial,
        "wrong_substantive_unchanged": wrong_unchanged,
        "case_punct_only_substantive": len(case_only),
        "link_only": len(link_only),
        "rows_items_changed_found": rows_items_found,
        "rows_items_reported_in_fragments": len(fragmented),
        "details": {
            "missed": [f"{c.id} {c.change}{' (trivial)' if c.trivial else ''} {(c.new or c.old).kind} "  # type: ignore[union-attr]
                       f"in {c.section!r}, old p. {c.old_page}, new p. {c.new_page}: "
                       + " -> ".join(repr(_short(u.text, 90)) for u in (c.old, c.new) if u) for c in missed],
            "not_whole": not_whole,
            "noise": noise,
            "heading_noise": heading_noise,
            "wrong_pages": wrong_pages,
            "wrong_substantive": wrong_substantive,
            "case_punct_only_substantive": case_only,
            "link_only": link_only,
            "reported_in_fragments": fragmented,
        },
    }


def _explained_headings(truth: dict[str, Any], headings: list[dict[str, Any]]) -> tuple[int, list[str]]:
    lookups = {side: SectionLookup(truth[side]["outline"], truth[side].get("title", "")) for side in ("old", "new")}
    links = truth_links(truth) + list(accepted_alternatives(truth).values())
    explained, noise = 0, []
    for change in headings:
        found = {}
        for side in ("old", "new"):
            ref = change.get(side)
            if ref:
                found[side] = lookups[side].find(ref.get("section") or [ref["text"]], ref["text"])
        old, new = found.get("old"), found.get("new")
        ok = False
        if "old" in found and "new" in found and old is not None and new is not None:
            ok = any(old in link.old and new in link.new for link in links) and \
                truth["old"]["outline"][old]["heading"] != truth["new"]["outline"][new]["heading"]
        elif old is not None and "new" not in found:
            ok = any(link.old == {old} and not link.new for link in links)
        elif new is not None and "old" not in found:
            ok = any(link.new == {new} and not link.old for link in links)
        if ok:
            explained += 1
        else:
            noise.append(f"{change_level(change)} heading {_cite(change)}: "
                         + " -> ".join(repr((change.get(side) or {}).get("text")) for side in ("old", "new")
                                       if change.get(side)))
    return explained, noise


# --- rows and list items whole -----------------------------------------------------------------

_MARKER = re.compile(r"^(?:[•◦▪‣∙·–-]|\(?(?:\d{1,2}|[a-z]|[ivxlc]{1,5})[.)])$")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def list_item_starts(pdf: Path) -> list[tuple[str, ...]]:
    """The first words beside each bullet or ordered-list label that starts a line (pdftotext -bbox)."""
    output = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    starts = []
    for page in re.findall(r"<page\b.*?</page>", output, re.S):
        placed = [(float(x0), float(y0), float(x1), float(y1), html.unescape(text))
                  for x0, y0, x1, y1, text in _WORD.findall(page)]
        if not placed:
            continue
        left = min(word[0] for word in placed)
        for x0, y0, x1, y1, text in placed:
            if not _MARKER.match(text) or x0 < left + 5:
                continue  # at the margin: a numbered heading, not a list

            def beside(word: tuple[float, float, float, float, str]) -> bool:
                # A bullet is set smaller than its text: same line when the heights overlap by half.
                overlap = min(y1, word[3]) - max(y0, word[1])
                return overlap >= 0.5 * min(y1 - y0, word[3] - word[1])

            line = sorted((word for word in placed if beside(word)), key=lambda word: word[0])
            if line[0][0] < x0 - 0.5:
                continue  # not first on its line: inside a table cell or a sentence
            following, last = [], x1
            for word in line:
                if word[0] <= x0:
                    continue
                if word[0] - last > 20:
                    break  # the next table column
                following.append(word[4])
                last = word[2]
            prefix = words(" ".join(following))[:6]
            if prefix:
                starts.append(prefix)
    return starts


def list_item_units(truth: dict[str, Any], side: str, starts: list[tuple[str, ...]]) -> set[tuple[int, int]]:
    """Paragraph units whose words begin with the words beside a list marker."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for prefix in starts:
        by_first.setdefault(prefix[0], []).append(prefix)
    found = set()
    for unit in truth_units(truth, side, "lo").values():
        if unit.kind == "para" and unit.words and any(unit.words[: len(prefix)] == prefix
                                                      for prefix in by_first.get(unit.words[0], ())):
            found.add(unit.key)
    return found


def score_blocks(truth: dict[str, Any], side: str, producer: str, blocks: list[dict[str, Any]],
                 list_items: set[tuple[int, int]]) -> dict[str, Any]:
    """Every unit of one edition against the document's blocks: whole, glued, fragmented or missing.

    Counted apart for paragraphs (and code), table rows and list items."""
    block_words = []
    for block in blocks:
        text = block.get("text") or " | ".join(block.get("cells") or ())
        block_words.append((words(text), block))
    result: dict[str, Counter] = {kind: Counter() for kind in ("paragraphs", "table_rows", "list_items")}
    group = {"table-row": "table_rows", "list-item": "list_items"}
    details = []
    for unit in truth_units(truth, side, producer, list_items).values():
        if not unit.words:
            continue
        best, best_block, pieces = (0.0, 0.0), None, []
        unit_set = set(unit.words)
        for candidate, block in block_words:
            if not candidate or len(unit_set.intersection(candidate)) < min(FRAGMENT_RUN, len(unit_set)):
                continue
            common = common_words(unit.words, candidate)
            # The block holding most of the unit; of equals, the one made most of it.
            rank = (common / len(unit.words), common / len(candidate))
            if best_block is None or rank > best:
                best, best_block = rank, (candidate, block, common)
            pieces.append(candidate)
        if best[0] >= BLOCK_HOLDS:
            candidate, block, common = best_block  # type: ignore[misc]
            verdict = "whole" if common >= BLOCK_HOLDS * len(candidate) else "glued"
        else:
            spread = covered_share(unit.words, pieces, min(FRAGMENT_RUN, len(unit.words)))
            verdict = "fragmented" if spread >= BLOCK_FRAGMENTS else "missing"
        result[group.get(unit.kind, "paragraphs")][verdict] += 1
        if verdict != "whole":
            where = f" in a {best_block[1].get('kind')} block of {len(best_block[0])} words" if verdict == "glued" else ""
            details.append(f"{side} {unit.kind} {verdict}{where}, p. {unit.page}: {_short(unit.text, 90)!r}")
    return {**{kind: dict(counts) for kind, counts in result.items()}, "details": details}


# --- running the pipeline --------------------------------------------------------------------

@dataclass
class Run:
    corpus: Path
    cache: Any  # a DocumentCache, or False
    documents: dict[str, Any] = field(default_factory=dict)

    def load_pair(self, old: Path, new: Path) -> tuple[Any, Any]:
        import guidediff

        missing = [path for path in (old, new) if str(path) not in self.documents]
        if missing:
            for path, document in zip(missing, guidediff.load_many(missing, cache=self.cache)):
                self.documents[str(path)] = document
        return self.documents[str(old)], self.documents[str(new)]


def run_prose(run: Run, pair: str, producer: str) -> dict[str, Any]:
    """Compare one prose pair for one producer and score it against the truth."""
    import guidediff
    from guidediff.render import REPORT

    folder = run.corpus / "prose"
    truth = json.loads((folder / f"{pair}.truth.json").read_text(encoding="utf-8"))
    paths = {side: folder / f"{pair}-{side}.{producer}.pdf" for side in ("old", "new")}
    started = time.perf_counter()
    old, new = run.load_pair(paths["old"], paths["new"])
    report = json.loads(REPORT.render(guidediff.compare(old, new, cache=run.cache), "json"))
    seconds = time.perf_counter() - started
    list_items = {side: set() for side in ("old", "new")}
    if shutil.which("pdftotext"):
        for side in ("old", "new"):
            list_items[side] = list_item_units(truth, side, list_item_starts(folder / f"{pair}-{side}.lo.pdf"))
    blocks = {side: score_blocks(truth, side, producer, document.to_dict()["blocks"], list_items[side])
              for side, document in (("old", old), ("new", new))}
    baseline = truth.get("baseline_naive_diff", {}).get(producer, {})
    merged: dict[str, dict[str, int]] = {"paragraphs": {}, "table_rows": {}, "list_items": {}}
    for side in ("old", "new"):
        for kind in merged:
            for verdict, count in blocks[side][kind].items():
                merged[kind][verdict] = merged[kind].get(verdict, 0) + count
    return {
        "pair": pair,
        "producer": producer,
        "pages": [report["old"]["pages"], report["new"]["pages"]],
        "seconds": round(seconds, 2),
        "sections": score_sections(truth, report),
        "changes": score_changes(truth, report, producer, list_items),
        "blocks": {**{kind: dict(sorted(counts.items())) for kind, counts in merged.items()},
                   "list_items_detected": len(list_items["old"]) + len(list_items["new"]) if shutil.which("pdftotext") else None,
                   "details": blocks["old"]["details"] + blocks["new"]["details"]},
        "baseline": {"hunks": baseline.get("hunks"), "hunks_with_text_change": baseline.get("hunks_with_text_change")},
    }


def run_kcsie(run: Run, name: str) -> dict[str, Any]:
    import guidediff
    from guidediff.render import REPORT

    old_name, old_pages, new_name, new_pages = KCSIE_PAIRS[name]
    started = time.perf_counter()
    old, new = run.load_pair(run.corpus / "real" / old_name, run.corpus / "real" / new_name)
    report = json.loads(REPORT.render(guidediff.compare(old, new, old_pages=old_pages, new_pages=new_pages, cache=run.cache), "json"))
    seconds = time.perf_counter() - started
    levels = Counter(change_level(change) for change in report["changes"])
    return {
        "pair": name,
        "old": f"{old_name} pp. {old_pages}",
        "new": f"{new_name} pp. {new_pages}",
        "seconds": round(seconds, 2),
        "levels": {level: levels.get(level, 0) for level in ("substantive", "minor", "bookkeeping")}
        | {level: count for level, count in sorted(levels.items()) if level not in ("substantive", "minor", "bookkeeping")},
        "kinds": dict(sorted(Counter(change["kind"] for change in report["changes"]).items())),
        "sections": {key: value for key, value in report["summary"].items() if key != "changes"},
        "changes": [{"level": change_level(change), "kind": change["kind"], "citation": change.get("citation", ""),
                     "redline": redline(change), "reason": change.get("reason")} for change in report["changes"]],
    }


# --- tables -----------------------------------------------------------------------------

def _sum(rows: list[dict[str, Any]], *path: str) -> int:
    total = 0
    for row in rows:
        value: Any = row
        for key in path:
            value = value.get(key, 0) if isinstance(value, dict) else 0
        total += value or 0
    return total


def print_prose_tables(results: list[dict[str, Any]]) -> None:
    if not results:
        return
    groups = {producer: [r for r in results if r["producer"] == producer] for producer in PRODUCERS}
    totals = [(f"all ({producer})", rows) for producer, rows in groups.items() if len(rows) > 1]

    print("Section links (precision / recall / F1; either reading of the known ambiguities accepted)")
    header = (f"{'pair':20} {'prod':8} {'links':>5} {'truth':>5} {'P':>6} {'R':>6} {'F1':>6} "
              f"{'typed P':>7} {'R':>6} {'F1':>6} {'strict F1':>9} {'unmapped':>8}")
    print(header)
    print("-" * len(header))
    for r in results:
        s = r["sections"]
        print(f"{r['pair']:20} {r['producer']:8} {s['reported_links']:5d} {s['truth_links']:5d} {s['precision']:6.3f} "
              f"{s['recall']:6.3f} {s['f1']:6.3f} {s['typed']['precision']:7.3f} {s['typed']['recall']:6.3f} "
              f"{s['typed']['f1']:6.3f} {s['strict']['f1']:9.3f} {len(s['unmapped']):8d}")
    for label, rows in totals:  # pooled over the pairs' links
        reported, true = _sum(rows, "sections", "reported_links"), _sum(rows, "sections", "truth_links")
        count = {key: _sum(rows, "sections", "counts", key) for key in rows[0]["sections"]["counts"]}
        sets = prf(count["correct"], reported, count["recalled"], true)
        typed = prf(count["typed_correct"], reported, count["typed_recalled"], true)
        strict = prf(count["strict_correct"], reported, count["strict_correct"], true)
        print(f"{label:29} {reported:5d} {true:5d} {sets['precision']:6.3f} {sets['recall']:6.3f} {sets['f1']:6.3f} "
              f"{typed['precision']:7.3f} {typed['recall']:6.3f} {typed['f1']:6.3f} {strict['f1']:9.3f} "
              f"{sum(len(row['sections']['unmapped']) for row in rows):8d}")
    print()
    print("Section links recalled by truth kind (sets / typed / of), all pairs")
    kinds = sorted({kind for r in results for kind in r["sections"]["by_kind"]})
    header = f"{'producer':10} " + " ".join(f"{kind:>16}" for kind in kinds)
    print(header)
    print("-" * len(header))
    for producer, rows in groups.items():
        if not rows:
            continue
        cells = []
        for kind in kinds:
            counts = [row["sections"]["by_kind"].get(kind, {}) for row in rows]
            cells.append(f"{sum(c.get('recalled', 0) for c in counts)}/{sum(c.get('typed', 0) for c in counts)}"
                         f"/{sum(c.get('of', 0) for c in counts)}")
        print(f"{producer:10} " + " ".join(f"{cell:>16}" for cell in cells))
    print()
    print("Paragraph changes (truth = paragraph_changes + units of added/removed sections)")
    header = (f"{'pair':20} {'prod':8} {'truth':>5} {'found':>5} {'whole':>5} {'recall':>6} {'non-triv':>8} {'pages ok':>9} {'acc':>6} "
              f"{'reported':>8} {'subst':>5} {'noise':>5} {'(subst)':>7} {'hd noise':>8} {'wrong subst':>11} "
              f"{'case-only':>9} {'links':>5} {'naive':>5} {'(text)':>6}")
    print(header)
    print("-" * len(header))
    for label, rows in [(None, [r]) for r in results] + totals:
        c = {key: _sum(rows, "changes", key) for key in (
            "truth_changes", "found", "found_whole", "truth_trivial", "found_nontrivial", "pages_ok", "pages_checked",
            "reported",
            "reported_substantive", "noise", "noise_substantive", "heading_noise", "wrong_substantive",
            "case_punct_only_substantive", "link_only")}
        hunks = _sum(rows, "baseline", "hunks")
        text_hunks = _sum(rows, "baseline", "hunks_with_text_change")
        name = label or f"{rows[0]['pair']:20} {rows[0]['producer']:8}"
        nontrivial = c["truth_changes"] - c["truth_trivial"]
        print(f"{name:29} {c['truth_changes']:5d} {c['found']:5d} {c['found_whole']:5d} "
              f"{ratio(c['found'], c['truth_changes']):6.3f} "
              f"{ratio(c['found_nontrivial'], nontrivial):8.3f} {c['pages_ok']:4d}/{c['pages_checked']:<4d} "
              f"{ratio(c['pages_ok'], c['pages_checked']):6.3f} {c['reported']:8d} {c['reported_substantive']:5d} "
              f"{c['noise']:5d} {c['noise_substantive']:7d} {c['heading_noise']:8d} {c['wrong_substantive']:11d} "
              f"{c['case_punct_only_substantive']:9d} {c['link_only']:5d} {hunks:5d} {text_hunks:6d}")
    print()
    print("Truth units against the document's blocks, both editions (whole / glued / fragmented / missing)")
    header = (f"{'pair':20} {'prod':8} {'paragraphs':>19} {'table rows':>15} {'list items':>15} "
              f"{'changed rows/items':>18} {'in fragments':>12}")
    print(header)
    print("-" * len(header))
    for label, rows in [(None, [r]) for r in results] + totals:
        def cell(kind: str) -> str:
            return "/".join(str(_sum(rows, "blocks", kind, verdict)) for verdict in ("whole", "glued", "fragmented", "missing"))
        name = label or f"{rows[0]['pair']:20} {rows[0]['producer']:8}"
        print(f"{name:29} {cell('paragraphs'):>19} {cell('table_rows'):>15} {cell('list_items'):>15} "
              f"{_sum(rows, 'changes', 'rows_items_changed_found'):18d} "
              f"{_sum(rows, 'changes', 'rows_items_reported_in_fragments'):12d}")
    print()


def print_prose_details(result: dict[str, Any]) -> None:
    print(f"== {result['pair']} ({result['producer']}), pages {result['pages'][0]} -> {result['pages'][1]}")
    sections, changes = result["sections"], result["changes"]["details"]
    for title, lines in (("section links missed", sections["missed"]), ("section links wrong", sections["wrong"]),
                         ("section links with the wrong kind", sections["mistyped"]),
                         ("report headings not in the truth", sections["unmapped"]),
                         ("truth changes missed", changes["missed"]),
                         ("truth changes found but not shown whole on every side", changes["not_whole"]),
                         ("noise", changes["noise"]),
                         ("heading noise", changes["heading_noise"]), ("wrong page citations", changes["wrong_pages"]),
                         ("wrongly substantive", changes["wrong_substantive"]),
                         ("substantive with the same words", changes["case_punct_only_substantive"]),
                         ("links changed, words the same (the truth has no links)", changes.get("link_only", [])),
                         ("changed rows/items reported in fragments", changes["reported_in_fragments"]),
                         ("truth units not read whole", result["blocks"]["details"])):
        if lines:
            print(f"  {title} ({len(lines)}):")
            for line in lines:
                print(f"    {line}")
    print()


def print_kcsie(result: dict[str, Any], verbose: bool) -> None:
    levels = ", ".join(f"{level} {count}" for level, count in result["levels"].items())
    kinds = ", ".join(f"{kind} {count}" for kind, count in result["kinds"].items())
    print(f"{result['pair']}: {result['old']} -> {result['new']}: {levels} ({kinds})")
    sections = ", ".join(f"{key} {value}" for key, value in result["sections"].items() if value)
    print(f"  sections: {sections}")
    for number, change in enumerate(result["changes"], 1):
        print(f"  {number:3d}. {change['level']:<11} {change['kind']:<8} {change['citation']}")
        print(f"       {change['redline']}")
        if verbose and change.get("reason"):
            print(f"       reason: {change['reason']}")
    print()


def _parse_list(text: str | None, known: tuple[str, ...], what: str) -> list[str]:
    if not text:
        return list(known)
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise SystemExit(f"error: unknown {what} {', '.join(unknown)}; choose from {', '.join(known)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    default_corpus = Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")
    parser.add_argument("--corpus", type=Path, default=default_corpus, help=f"the shared corpus (default {default_corpus})")
    parser.add_argument("--pairs", help="comma-separated pairs (default all): " + ", ".join((*PROSE_PAIRS, *KCSIE_PAIRS)))
    parser.add_argument("--producers", help="comma-separated producers for the prose pairs (default lo,chromium)")
    parser.add_argument("--verbose", action="store_true",
                        help="list every missed truth change, noise change, wrong page citation and wrong link, with texts")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE ('-': JSON only, on stdout)")
    parser.add_argument("--no-cache", action="store_true", help="read every PDF afresh, without the on-disk cache")
    arguments = parser.parse_args(argv)
    try:
        pairs = _parse_list(arguments.pairs, (*PROSE_PAIRS, *KCSIE_PAIRS), "pair")
        producers = _parse_list(arguments.producers, PRODUCERS, "producer")
    except SystemExit as error:
        print(error, file=sys.stderr)
        return 2
    needed = [arguments.corpus / "prose"] * any(p in PROSE_PAIRS for p in pairs) + \
        [arguments.corpus / "real"] * any(p in KCSIE_PAIRS for p in pairs)
    absent = [str(path) for path in needed if not path.is_dir()]
    if absent:
        print(f"error: the shared corpus is not at {', '.join(absent)}; pass --corpus or set GUIDEDIFF_SHARED_CORPUS",
              file=sys.stderr)
        return 2

    from guidediff import __version__

    run = Run(arguments.corpus, False if arguments.no_cache else True)
    started = time.perf_counter()
    prose = [run_prose(run, pair, producer) for pair in pairs if pair in PROSE_PAIRS for producer in producers]
    kcsie = [run_kcsie(run, pair) for pair in pairs if pair in KCSIE_PAIRS]
    wall = time.perf_counter() - started
    results = {"schema": RESULTS_SCHEMA, "guidediff": __version__,
               "prose": [{key: value for key, value in r.items() if key != "seconds"} for r in prose],
               "kcsie": [{key: value for key, value in r.items() if key != "seconds"} for r in kcsie]}
    if arguments.json:
        text = json.dumps(results, ensure_ascii=False, indent=1) + "\n"
        if arguments.json == "-":
            sys.stdout.write(text)
            return 0
        target = Path(arguments.json)
        handle, temporary = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)

    print(f"guidediff {__version__}: {len(prose)} prose runs, {len(kcsie)} KCSIE pairs; {wall:.1f} s wall "
          f"({'no cache' if arguments.no_cache else 'with the on-disk cache'})")
    print()
    print_prose_tables(prose)
    if arguments.verbose:
        for result in prose:
            print_prose_details(result)
    for result in kcsie:
        print_kcsie(result, arguments.verbose)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
