"""Batch stage, pairing: which document of the old folder is which of the new, by title and content.

In: a ``DocumentSummary`` of every readable document on each side (``summarize``
makes one from a read ``Document``: its title, page count and a sketch of its
wording), the user's own pairs and exclusions. Out: the pairs, each with how it was
matched and both similarities, and the documents left without a partner, each with
its nearest candidate so a reader can see why.

Rules (every threshold is in ``PairingOptions``, with its unit):

- **Title**: rapidfuzz's token-sort and token-set ratios, averaged, of the two
  titles with years, months, "draft", "final", "updated" and version numbers left
  out, so "Keeping children safe in education 2024" and "… 2025" agree (1.0).
- **Content**: the estimated Jaccard similarity of the sets of word 5-grams, from a
  bottom-k sketch (the k smallest CRC-32 hashes; exact when both sets are smaller
  than k). Editions of one document share much wording; two documents of one
  field share little (measured on the corpus: a new edition 0.05–0.8, unrelated
  safeguarding documents ≤ 0.05, a lightly edited copy ≥ 0.9).
- A pair is a **candidate** when its title similarity reaches ``title_cutoff`` or its
  content similarity reaches ``content_cutoff``: either one alone may say "same
  document" (a retitled copy, a rewritten edition under the same title).
- Candidates are assigned one to one by a maximum-weight matching (weight: title
  similarity plus content similarity scaled so that ``content_cutoff`` counts as
  much as a matching title), so a near copy wins over a document that merely shares
  the title. Ties go to the earlier file name; the result is deterministic.
- The user's ``--pair`` pairs are kept as given, ``--unpair`` documents are left out,
  and the rest are matched among themselves.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from guidediff.assignment import max_weight_matching
from guidediff.batch.model import PairedBy, Pairing
from guidediff.document import Document
from guidediff.editions import MONTHS, describe


@dataclass(frozen=True, slots=True)
class PairingOptions:
    """Every threshold of the pairing, in one place."""

    shingle_words: int = 5  # words per shingle of the content sketch
    sketch_size: int = 256  # hashes kept per document (the bottom-k sketch); more is slower and more exact
    title_cutoff: float = 0.75  # title similarity (0-1) that alone makes a candidate pair
    content_cutoff: float = 0.25  # estimated Jaccard (0-1) that alone makes a candidate pair


DEFAULT_PAIRING = PairingOptions()


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What pairing and the index need of a read document: small enough to send between machines."""

    path: str
    sha256: str
    title: str
    name: str  # how a report would cite it ("Working Together 2015", else the title)
    pages: int
    sketch: tuple[int, ...]  # the smallest CRC-32 hashes of its word 5-grams, ascending
    edition: str | None = None  # corpus id, for a corpus edition


_WORD = re.compile(r"[^\W_]+")
_NOISE = re.compile(r"\b(?:(?:19|20)\d{2}|" + "|".join(month.lower() for month in MONTHS) +
                    r"|draft|final|updated?|revised|version|v\d+(?:\.\d+)*)\b")


def summarize(document: Document, options: PairingOptions = DEFAULT_PAIRING) -> DocumentSummary:
    """The document's title, name, page count and content sketch."""
    words = _WORD.findall(" ".join(block.text for block in document.blocks).lower())
    size = options.shingle_words
    hashes = {zlib.crc32(" ".join(words[start:start + size]).encode("utf-8"))
              for start in range(max(len(words) - size + 1, 1 if words else 0))}
    facts = describe(document, document)
    return DocumentSummary(document.path, document.sha256, document.title, facts.name, len(document.pages),
                           tuple(sorted(heapq.nsmallest(options.sketch_size, hashes))), facts.corpus_id)


def normalise_title(title: str) -> str:
    """Lower case, without years, months, draft/final/version words and punctuation."""
    return " ".join(_WORD.findall(_NOISE.sub(" ", title.lower())))


def title_similarity(old: str, new: str) -> float:
    """0-1: how alike two titles are once their dates and versions are left out."""
    a, b = normalise_title(old), normalise_title(new)
    if not a or not b:
        return 0.0
    return (fuzz.token_sort_ratio(a, b) + fuzz.token_set_ratio(a, b)) / 200


def content_similarity(old: Sequence[int], new: Sequence[int], options: PairingOptions = DEFAULT_PAIRING) -> float:
    """0-1: the estimated Jaccard similarity of two documents' word 5-gram sets, from their sketches."""
    if not old or not new:
        return 0.0
    mine, theirs = set(old), set(new)
    union = heapq.nsmallest(options.sketch_size, mine | theirs)
    return sum(1 for value in union if value in mine and value in theirs) / len(union)


@dataclass(frozen=True, slots=True)
class Match:
    """A pair found (or given): positions in the old and new lists, and why."""

    old: int
    new: int
    pairing: Pairing


@dataclass(frozen=True, slots=True)
class Leftover:
    """A document with no partner, and the most similar document on the other side (if any is similar at all)."""

    side: str  # "old" or "new"
    index: int
    nearest: int | None
    title: float | None
    content: float | None


def _round(value: float) -> float:
    return round(value, 3)


def pair_documents(
    old: Sequence[DocumentSummary],
    new: Sequence[DocumentSummary],
    *,
    given: Sequence[tuple[int, int]] = (),
    excluded_old: Sequence[int] = (),
    excluded_new: Sequence[int] = (),
    options: PairingOptions = DEFAULT_PAIRING,
) -> tuple[list[Match], list[Leftover]]:
    """Pairs (in the old side's order) and documents left over (old ones first), as the module docstring says."""
    taken_old = {pair[0] for pair in given} | set(excluded_old)
    taken_new = {pair[1] for pair in given} | set(excluded_new)
    scores: dict[tuple[int, int], tuple[float, float]] = {}
    for i, left in enumerate(old):
        for j, right in enumerate(new):
            scores[(i, j)] = (title_similarity(left.title, right.title),
                              1.0 if left.sha256 == right.sha256 else content_similarity(left.sketch, right.sketch, options))
    weights: dict[tuple[int, int], float] = {}
    for (i, j), (title, content) in scores.items():
        if i in taken_old or j in taken_new:
            continue
        if title >= options.title_cutoff or content >= options.content_cutoff:
            weights[(i, j)] = title + min(1.0, content / options.content_cutoff)
    matches = [Match(i, j, _pairing(PairedBy.GIVEN, *scores[(i, j)])) for i, j in given]
    for i, j in max_weight_matching(weights):
        title, content = scores[(i, j)]
        by = (PairedBy.BOTH if title >= options.title_cutoff and content >= options.content_cutoff
              else PairedBy.TITLE if title >= options.title_cutoff else PairedBy.CONTENT)
        matches.append(Match(i, j, _pairing(by, title, content)))
    matches.sort(key=lambda match: (match.old, match.new))
    paired_old = {match.old for match in matches}
    paired_new = {match.new for match in matches}
    leftovers: list[Leftover] = []
    for side, items, others, paired in (("old", old, new, paired_old), ("new", new, old, paired_new)):
        for index in range(len(items)):
            if index in paired:
                continue
            candidates = [((scores[(index, other)] if side == "old" else scores[(other, index)]), other)
                          for other in range(len(others))]
            best = max(candidates, key=lambda item: (item[0][0] + item[0][1], -item[1]), default=None)
            if best is None or best[0][0] + best[0][1] == 0:
                leftovers.append(Leftover(side, index, None, None, None))
            else:
                leftovers.append(Leftover(side, index, best[1], _round(best[0][0]), _round(best[0][1])))
    return matches, leftovers


def _pairing(by: PairedBy, title: float, content: float) -> Pairing:
    return Pairing(by, _round(title), _round(content))
