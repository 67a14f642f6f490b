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
- Only pairs that are alike at all are scored in full: a title similarity of at
  least ``near_title``, or a word 5-gram in common in their sketches (found through
  an index from hash to document), so pairing thousands of documents costs a few
  microseconds per pair of documents, not a comparison of their sketches each.
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
    near_title: float = 0.5  # title similarity below which (and no wording in common) two documents are not alike at all


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
    """Lower case, without years, months, draft/final/version words and punctuation.

    Not ``titles.fold_title``, which compares headings: this pairs *documents* by title or
    file name, so letters of every script count (``_WORD``: a Welsh "ŵ" or a Polish "ł" stays
    a letter, not a space) and the words that name an edition rather than the document go.
    """
    return " ".join(_WORD.findall(_NOISE.sub(" ", title.lower())))


def title_similarity(old: str, new: str) -> float:
    """0-1: how alike two titles are once their dates and versions are left out."""
    return _normalised_similarity(normalise_title(old), normalise_title(new))


def _normalised_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return (fuzz.token_sort_ratio(a, b) + fuzz.token_set_ratio(a, b)) / 200


def content_similarity(old: Sequence[int], new: Sequence[int], options: PairingOptions = DEFAULT_PAIRING) -> float:
    """0-1: the estimated Jaccard similarity of two documents' word 5-gram sets, from their sketches.

    The k smallest hashes of the union (k = ``sketch_size``) are a random sample of it;
    the share of them that both documents hold estimates the Jaccard similarity.
    """
    if not old or not new:
        return 0.0
    mine, theirs = set(old), set(new)
    union = sorted(mine | theirs)[: options.sketch_size]
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
    scores = _scores(old, new, options)
    for i, j in given:  # shown with their similarities, however low
        if (i, j) not in scores:
            scores[(i, j)] = (title_similarity(old[i].title, new[j].title),
                              content_similarity(old[i].sketch, new[j].sketch, options))
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
    # The nearest document on the other side of each one left over, in one pass over the scores.
    nearest: dict[tuple[str, int], tuple[float, int, int]] = {}  # (side, index) -> (total, -other, other)
    for (i, j), (title, content) in scores.items():
        for key, other in ((("old", i), j), (("new", j), i)):
            if (key[0] == "old" and i in paired_old) or (key[0] == "new" and j in paired_new):
                continue
            candidate = (title + content, -other, other)
            if key not in nearest or candidate > nearest[key]:
                nearest[key] = candidate
    leftovers: list[Leftover] = []
    for side, items, paired in (("old", old, paired_old), ("new", new, paired_new)):
        for index in range(len(items)):
            if index in paired:
                continue
            found = nearest.get((side, index))
            if found is None:
                leftovers.append(Leftover(side, index, None, None, None))
                continue
            other = found[2]
            title, content = scores[(index, other) if side == "old" else (other, index)]
            leftovers.append(Leftover(side, index, other, _round(title), _round(content)))
    return matches, leftovers


def _scores(old: Sequence[DocumentSummary], new: Sequence[DocumentSummary],
            options: PairingOptions) -> dict[tuple[int, int], tuple[float, float]]:
    """(title, content) similarity of every pair that is similar at all: a title similarity of at least
    ``near_title``, or a hash of their sketches in common.

    Each title is normalised once; content is estimated only for documents that share a
    sketch hash (found through an index from hash to new documents), since two sketches
    with none in common estimate 0.
    """
    old_titles = [normalise_title(summary.title) for summary in old]
    new_titles = [normalise_title(summary.title) for summary in new]
    holders: dict[int, list[int]] = {}
    for j, summary in enumerate(new):
        for value in summary.sketch:
            holders.setdefault(value, []).append(j)
    scores: dict[tuple[int, int], tuple[float, float]] = {}
    for i, summary in enumerate(old):
        sharing = {j for value in summary.sketch for j in holders.get(value, ())}
        for j, other in enumerate(new):
            title = _normalised_similarity(old_titles[i], new_titles[j])
            if summary.sha256 == other.sha256:
                content = 1.0
            elif j in sharing:
                content = content_similarity(summary.sketch, other.sketch, options)
            else:
                content = 0.0
            if title >= options.near_title or content > 0:
                scores[(i, j)] = (title, content)
    return scores


def _pairing(by: PairedBy, title: float, content: float) -> Pairing:
    return Pairing(by, _round(title), _round(content))
