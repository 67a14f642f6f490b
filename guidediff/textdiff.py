"""Word-level diffs of aligned paragraph pairs, and the substantive-vs-bookkeeping test.

Stage "diff" of the pipeline: the aligner hands over pairs of clean paragraph
texts; this module says how they differ, in words a policy reader can check.

- ``normalise`` gives the comparison form of a text: only differences a reader
  cannot see (or that cannot change meaning) are folded away.
- ``diff_words`` is a whole-word redline computed with diff-match-patch;
  ``printed_diff`` shows a redline of the comparison forms as the pages print it.
- ``similarity`` is the share of text the redline shows as unchanged.
- ``find_cross_references`` and ``is_bookkeeping`` recognise the commonest
  non-substantive change in a new edition: a "see paragraph 154" that only
  follows the renumbering of the paragraphs it points to.

Everything here is a pure, deterministic function of its arguments.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

__all__ = [
    "CrossReference",
    "Level",
    "ReferenceKind",
    "Renumbering",
    "Verdict",
    "classify",
    "find_references",
    "same_words",
    "words_key",
    "section_value",
    "DiffOp",
    "diff_words",
    "find_cross_references",
    "is_bookkeeping",
    "normalise",
    "printed_diff",
    "similarity",
    "similarity_of",
    "tokenise",
]

DiffOp = tuple[Literal["=", "-", "+"], str]
"""One segment of a redline: ``("=", kept)``, ``("-", removed)`` or ``("+", inserted)``."""


# --------------------------------------------------------------------------- normalise

# Characters that print nothing. A soft hyphen only shows at a line break, and the
# reader has already joined hyphenated breaks; zero-width spaces and joiners, the
# word joiner and a stray byte-order mark are invisible in every rendering.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

# One-to-one folds of purely typographic variants. Every entry prints as "the same
# mark" to a reader; none can change what a sentence says.
_TYPOGRAPHIC_FOLDS = str.maketrans(
    {
        # Single quotes and apostrophes (the prime is a common stand-in for one).
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        # Double quotes.
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        # Hyphens: the Unicode hyphen, the non-breaking hyphen and the minus sign
        # are the keyboard hyphen in another font.
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
        # Dashes used as punctuation: the em dash and the horizontal bar are a
        # house-style alternative to the spaced en dash, so all become the en dash.
        "\u2014": "\u2013", "\u2015": "\u2013",
        # Ligatures (the reader usually expands them already).
        "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
        "\ufb05": "st", "\ufb06": "st",
        "\u2026": "...",
    }
)
# The code points ``normalise`` drops or folds (``_printed_origins`` skips text without any).
_DROPPED_OR_FOLDED = frozenset(_INVISIBLE) | frozenset(_TYPOGRAPHIC_FOLDS)

# A dash between two digits is a number range ("16–19", "paragraphs 169–170"):
# hyphen, figure dash and en dash are interchangeable there, so all become "-".
_RANGE_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\u2012\u2013](?=\d)")
# A space before closing punctuation, or after an opening bracket, is typographic ("Friday , and").
_SPACE_INSIDE_PUNCTUATION = re.compile(r"(?<=\S) +(?=[,.;:!?)\]])|(?<=[(\[]) +")
_CLOSING = frozenset(",.;:!?)]")  # the marks _SPACE_INSIDE_PUNCTUATION closes up to
# A hyphen with a space on each side is a dash typed on a keyboard ("children - especially").
_SPACED_HYPHEN = re.compile(r"(?<= )-(?= )")


def normalise(text: str) -> str:
    """The comparison form of ``text``: what a reader sees, without typographic noise.

    Folded away (never a change a policy reader should be shown):

    - Unicode composition (NFC) and invisible characters (soft hyphen, zero-width
      space/joiners, word joiner, byte-order mark);
    - every run of whitespace, including no-break and thin spaces and newlines from
      re-flowed lines, becomes one space; leading and trailing space is dropped;
    - curly and low quotes and primes become ``'`` and ``"``;
    - the Unicode hyphen, non-breaking hyphen and minus sign become ``-``;
      the em dash, the horizontal bar and a hyphen with a space on each side
      become the en dash ``–`` (one dash, whatever the house style);
      any dash between two digits (a number range, "16–19") becomes ``-``;
    - ligatures are expanded and the ellipsis character becomes ``...``.

    - a space before closing punctuation or after an opening bracket
      ("Friday , and", "( see") goes: it is a slip of the typist, not of the guidance.

    Kept (a difference here may be a real change and is always shown): letter
    case, every word, number and punctuation mark, and a hyphen versus a dash
    between letters ("self-harm" vs "self–harm").
    """
    if len(text) <= _REMEMBERED_CHARS:
        return _remembered_normalise(text)
    return _normalise(text)


# A changed paragraph is normalised by the aligner, the classifier, the report and the printed-form
# mapping in turn (a short pair: 1,590 calls for 273 texts, two thirds of the characters again), so
# paragraph-sized texts are remembered; a bounded number, and never a whole section's text.
_REMEMBERED_CHARS = 4_000


@lru_cache(maxsize=4096)
def _remembered_normalise(text: str) -> str:
    return _normalise(text)


def _normalise(text: str) -> str:
    text = _RANGE_DASH_BETWEEN_DIGITS.sub("-", text.translate(_INVISIBLE).translate(_TYPOGRAPHIC_FOLDS))
    # NFC after removing invisible characters, which can leave a letter and a
    # combining mark side by side. str.split() splits on every Unicode space.
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = _SPACE_INSIDE_PUNCTUATION.sub("", text)
    return _SPACED_HYPHEN.sub("\u2013", text)


# --------------------------------------------------------------------------- printed form

_WHITESPACE_RUN = re.compile(r"\s+")


def _printed_origins(text: str) -> list[int] | None:
    """For each character of ``normalise(text)``, where in ``text`` the character it comes from starts.

    The steps of ``normalise`` done again, each character carrying its origin; ``None``
    when the result is not ``normalise(text)`` (a composition NFC makes across what this
    treats as separate characters), and the caller shows the comparison form instead.
    """
    chars: list[str] = []
    origins: list[int] = []
    if _DROPPED_OR_FOLDED.isdisjoint(map(ord, text)):
        # Most text: nothing to drop or fold, each character its own origin. The loop below would give
        # the same, one character at a time (it was most of building a short pair's report).
        chars, origins = list(text), list(range(len(text)))
    else:
        for index, char in enumerate(text):
            if ord(char) in _INVISIBLE:
                continue
            for folded in char.translate(_TYPOGRAPHIC_FOLDS):
                chars.append(folded)
                origins.append(index)
    for found in _RANGE_DASH_BETWEEN_DIGITS.finditer("".join(chars)):
        chars[found.start()] = "-"
    if not unicodedata.is_normalized("NFC", "".join(chars)):
        # Compose each base character with the marks after it; they come from where the base does.
        composed_chars: list[str] = []
        composed_origins: list[int] = []
        start = 0
        for end in range(1, len(chars) + 1):
            if end < len(chars) and unicodedata.combining(chars[end]):
                continue
            for composed in unicodedata.normalize("NFC", "".join(chars[start:end])):
                composed_chars.append(composed)
                composed_origins.append(origins[start])
            start = end
        chars, origins = composed_chars, composed_origins
    # Whitespace runs become one space (from the run's first character); none at either end.
    # Nothing to do when every run already is one space inside the text (str.split and
    # str.isspace agree on what whitespace is).
    joined = "".join(chars)
    if " ".join(joined.split()) != joined:
        spaced_chars: list[str] = []
        spaced_origins: list[int] = []
        for char, origin in zip(chars, origins):
            if char.isspace():
                if spaced_chars and spaced_chars[-1] != " ":
                    spaced_chars.append(" ")
                    spaced_origins.append(origin)
                continue
            spaced_chars.append(char)
            spaced_origins.append(origin)
        if spaced_chars and spaced_chars[-1] == " ":
            spaced_chars.pop()
            spaced_origins.pop()
        chars, origins = spaced_chars, spaced_origins
    dropped = {index for found in _SPACE_INSIDE_PUNCTUATION.finditer("".join(chars))
               for index in range(found.start(), found.end())}
    if dropped:
        chars = [char for index, char in enumerate(chars) if index not in dropped]
        origins = [origin for index, origin in enumerate(origins) if index not in dropped]
    for found in _SPACED_HYPHEN.finditer("".join(chars)):
        chars[found.start()] = "\u2013"
    return origins if "".join(chars) == normalise(text) else None


def printed_diff(diff: tuple[DiffOp, ...], old: str, new: str) -> tuple[DiffOp, ...]:
    """``diff``, the redline of ``normalise(old)`` and ``normalise(new)``, with each piece as printed.

    The comparison folds dashes, quotes, ligatures and the ellipsis so that house style
    is no change; the reader must still see what the page prints ("date—like", not
    "date–like"). A deleted piece is shown as the old edition prints it, an inserted or
    kept piece as the new edition does (a kept piece is the same once folded, so it may
    differ from the old edition's only in typography). Runs of whitespace are one space
    and invisible characters are dropped, as in ``normalise``. The "=" and "+" pieces
    join to ``new`` so shown; the "=" and "-" pieces join to a text whose ``normalise``
    is ``normalise(old)``. A side whose printed form cannot be mapped is shown folded.
    """
    cuts: dict[str, set[int]] = {"old": set(), "new": set()}
    position = {"old": 0, "new": 0}
    for op, folded in diff:
        for side in (("old", "new") if op == "=" else ("old",) if op == "-" else ("new",)):
            position[side] += len(folded)
            cuts[side].add(position[side])
    sides = {}
    for side, text in (("old", old), ("new", new)):
        origins = _printed_origins(text)
        # A cut inside one printed character ("…" kept as "." and inserted as ".."): shown folded.
        if origins is None or any(0 < cut < len(origins) and origins[cut] == origins[cut - 1] for cut in cuts[side]):
            text = normalise(text)
            origins = list(range(len(text)))
        sides[side] = (text, origins)

    folded_sides = {"old": normalise(old), "new": normalise(new)}

    def boundary(side: str, index: int) -> int:
        """Where in the printed text the piece starting at folded ``index`` starts. What ``normalise``
        drops between two characters (a space before closing punctuation: "a ." is "a.") goes with
        the character after it when that is the punctuation, so that joining the pieces of either
        side drops it again; otherwise with the piece before."""
        text, origins = sides[side]
        if index >= len(origins):
            return len(text)
        if index == 0 or folded_sides[side][index:index + 1] not in _CLOSING:
            return origins[index]
        begin = origins[index - 1] + 1
        while begin < origins[index] and unicodedata.combining(text[begin]):
            begin += 1  # the marks composed with the character before stay with it
        return begin

    def shown(side: str, start: int, stop: int) -> str:
        text, origins = sides[side]
        piece = _WHITESPACE_RUN.sub(" ", text[boundary(side, start):boundary(side, stop)].translate(_INVISIBLE))
        return piece.rstrip() if stop >= len(origins) else piece

    positions = {"old": 0, "new": 0}
    pieces: list[DiffOp] = []
    for op, folded in diff:
        length = len(folded)
        side = "old" if op == "-" else "new"
        pieces.append((op, shown(side, positions[side], positions[side] + length)))
        if op == "=":
            positions["old"] += length
        positions[side] += length
    merged: list[DiffOp] = []
    for op, text in pieces:
        if not text:
            continue  # a folded piece whose printed character is shown with its neighbour ("…" is "...")
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return tuple(merged)


# --------------------------------------------------------------------------- tokenise

# Characters that join two word characters into one word: "child's", "non-consensual",
# "16-19" (normalised and raw forms alike).
_WORD_JOINERS = frozenset("'\u2019-\u2010\u2011")
# Characters that join two digits into one number: "5.23", "1,000".
_NUMBER_JOINERS = frozenset(".,")


@lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    # Letters and digits of any script, plus combining marks so that a decomposed
    # "é" or an Indic vowel sign never splits a word.
    return char.isalnum() or unicodedata.category(char).startswith("M")


def tokenise(text: str) -> tuple[str, ...]:
    """Split ``text`` into words, whitespace runs and single other characters.

    A word is a maximal run of letters, digits and combining marks, also joined
    across an apostrophe or hyphen between two word characters ("child's",
    "non-consensual", "16-19") and across "." or "," between two digits ("5.23",
    "1,000"). ``"".join(tokenise(text)) == text`` always holds.
    """
    tokens: list[str] = []
    length = len(text)
    start = 0
    while start < length:
        char = text[start]
        end = start + 1
        if _is_word_char(char):
            while end < length:
                if _is_word_char(text[end]):
                    end += 1
                elif end + 1 < length and _is_word_char(text[end + 1]) and (
                    text[end] in _WORD_JOINERS
                    or (text[end] in _NUMBER_JOINERS and text[end - 1].isdecimal() and text[end + 1].isdecimal())
                ):
                    end += 2
                else:
                    break
        elif char.isspace():
            while end < length and text[end].isspace():
                end += 1
        tokens.append(text[start:end])
        start = end
    return tuple(tokens)


# --------------------------------------------------------------------------- diff_words


def _new_differ() -> diff_match_patch:
    differ = diff_match_patch()
    # No time limit: with one, diff-match-patch returns a coarser diff when a slow
    # machine runs out of time, and reports must be reproducible byte for byte.
    differ.Diff_Timeout = 0
    return differ


TokenRun = tuple[int, tuple[str, ...]]  # (diff-match-patch op, tokens)


def _diff_tokens(old_tokens: tuple[str, ...], new_tokens: tuple[str, ...], *, semantic_cleanup: bool) -> list[TokenRun]:
    """diff-match-patch on token sequences, one character per distinct token.

    This is ``diff_linesToChars`` / ``diff_charsToLines`` with words for lines. All
    of diff-match-patch's work (including the semantic cleanup) happens on the
    encoded string, so every edit it reports begins and ends on a token boundary.
    """
    vocabulary: dict[str, str] = {}
    token_of: list[str] = [""]  # code point 0 is left unused, as diff_linesToChars does

    def encode(tokens: tuple[str, ...]) -> str:
        chars = []
        for token in tokens:
            code = vocabulary.get(token)
            if code is None:
                code = vocabulary[token] = chr(len(token_of))
                token_of.append(token)
            chars.append(code)
        return "".join(chars)

    differ = _new_differ()
    encoded = differ.diff_main(encode(old_tokens), encode(new_tokens), checklines=False)
    if semantic_cleanup:
        differ.diff_cleanupSemantic(encoded)
    return [(op, tuple(token_of[ord(code)] for code in chars)) for op, chars in encoded if chars]


def _boundary_score(left: str | None, right: str | None) -> int:
    """How good a place to start or end an edit lies between two tokens (higher is better).

    ``None`` is the edge of the text. The ranking makes a removed or inserted phrase
    start at a word and carry its trailing punctuation and space, so the redline
    reads "pornography, [-fake news, ]racism" rather than "pornography[-, fake news], racism".
    """
    if left is None or right is None:
        return 6
    if left.isspace():
        return 5  # just after a space: the edit starts a word (or a bracket, a quote)
    if right.isspace():
        return 2 if _is_word_char(left[-1]) else 3  # after "news," is better than after "news"
    return 1  # between a word and punctuation, or two punctuation marks


_NEXT_TO_ANOTHER_EDIT = 0  # sliding an edit against its neighbour edit reads worst


def _slide_to_word_starts(runs: list[TokenRun]) -> list[TokenRun]:
    """Shift each lone insertion or deletion to its best-reading position.

    A lone edit between two equalities can often slide sideways without changing
    what it removes or inserts ("the [-cat ]cat" = "the cat[- cat]"). This is
    diff-match-patch's ``diff_cleanupSemanticLossless`` done on tokens, with a
    score that knows words: the library's own version scores the encoded
    characters, which carry no meaning. Ties go to the leftmost position.
    """
    # Empty equalities at both ends give an edit at the edge of the text somewhere
    # to put the tokens it slides past; _canonical drops them if they stay empty.
    runs = [(0, ()), *runs, (0, ())]
    last = len(runs) - 1
    for index in range(1, last):
        op, edit = runs[index]
        if op == 0 or runs[index - 1][0] != 0 or runs[index + 1][0] != 0:
            continue  # an equality, or part of a replacement (which cannot slide)
        before, after = runs[index - 1][1], runs[index + 1][1]
        tokens = (*before, *edit, *after)
        width = len(edit)
        # Past ``before`` lies the edge of the text (or only the empty padding) or
        # another edit; likewise past ``after``.
        at_text_start = index == 1 or (index == 2 and not runs[0][1])
        at_text_end = index == last - 1 or (index == last - 2 and not runs[last][1])
        # The edit covers tokens[start:start + width]; it may move while the token
        # leaving it equals the token entering it.
        start = len(before)
        while start > 0 and tokens[start - 1] == tokens[start + width - 1]:
            start -= 1
        best_start, best_score = start, -1
        while True:
            stop = start + width
            if start > 0:
                left_score = _boundary_score(tokens[start - 1], tokens[start])
            else:
                left_score = _boundary_score(None, tokens[start]) if at_text_start else _NEXT_TO_ANOTHER_EDIT
            if stop < len(tokens):
                right_score = _boundary_score(tokens[stop - 1], tokens[stop])
            else:
                right_score = _boundary_score(tokens[stop - 1], None) if at_text_end else _NEXT_TO_ANOTHER_EDIT
            if left_score + right_score > best_score:
                best_start, best_score = start, left_score + right_score
            if stop < len(tokens) and tokens[start] == tokens[stop]:
                start += 1
            else:
                break
        runs[index - 1] = (0, tokens[:best_start])
        runs[index] = (op, tokens[best_start : best_start + width])
        runs[index + 1] = (0, tokens[best_start + width :])
    return runs


def _canonical(runs: list[TokenRun]) -> tuple[DiffOp, ...]:
    """Join tokens; merge neighbours; put each replacement's "-" before its "+"; drop empties."""
    ops: list[DiffOp] = []
    removed: list[str] = []
    inserted: list[str] = []

    def flush_edit() -> None:
        if removed:
            ops.append(("-", "".join(removed)))
        if inserted:
            ops.append(("+", "".join(inserted)))
        removed.clear()
        inserted.clear()

    for op, tokens in runs:
        text = "".join(tokens)
        if not text:
            continue
        if op == -1:
            removed.append(text)
        elif op == 1:
            inserted.append(text)
        else:
            flush_edit()
            if ops and ops[-1][0] == "=":
                ops[-1] = ("=", ops[-1][1] + text)
            else:
                ops.append(("=", text))
    flush_edit()
    return tuple(ops)


def _replace_middle(old_tokens: tuple[str, ...], new_tokens: tuple[str, ...]) -> list[TokenRun]:
    """The common leading and trailing tokens kept, everything between replaced."""
    limit = min(len(old_tokens), len(new_tokens))
    prefix = 0
    while prefix < limit and old_tokens[prefix] == new_tokens[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old_tokens[-1 - suffix] == new_tokens[-1 - suffix]:
        suffix += 1
    runs: list[TokenRun] = [
        (0, old_tokens[:prefix]),
        (-1, old_tokens[prefix : len(old_tokens) - suffix]),
        (1, new_tokens[prefix : len(new_tokens) - suffix]),
        (0, old_tokens[len(old_tokens) - suffix :]),
    ]
    return [(op, tokens) for op, tokens in runs if tokens]


def diff_words(old: str, new: str, *, semantic_cleanup: bool = True, max_edits: int = 2000) -> tuple[DiffOp, ...]:
    """The whole-word redline that turns ``old`` into ``new``.

    Guarantees: the "=" and "-" segments concatenate to ``old`` and the "=" and "+"
    segments to ``new``; no segment starts or ends inside a word (see ``tokenise``);
    no segment is empty; neighbours never share an op, and a replacement is a "-"
    followed by a "+". Identical texts give one "=" segment (none when empty).

    With ``semantic_cleanup`` (the default) diff-match-patch's semantic cleanup
    folds word-by-word confetti into whole deletions and insertions, so a reworded
    clause reads as one "-" and one "+". Without it the diff keeps the largest
    possible number of unchanged tokens.

    ``max_edits`` bounds the work: when turning ``old`` into ``new`` needs more than
    this many token insertions plus deletions (found quickly by rapidfuzz's Indel
    distance), the search, which grows with the square of that number, is skipped
    and everything between the common beginning and end is shown as one
    replacement, which is also what the semantic cleanup makes of such pairs.

    The texts are compared exactly as given: pass ``normalise``d text.
    """
    if old == new:
        return (("=", old),) if old else ()
    old_tokens, new_tokens = tokenise(old), tokenise(new)
    if (
        Indel.distance(old_tokens, new_tokens, score_cutoff=max_edits) > max_edits
        # One code point per distinct token: Unicode has room for 1,114,111.
        or len(set(old_tokens).union(new_tokens)) > sys.maxunicode
    ):
        runs = _replace_middle(old_tokens, new_tokens)
    else:
        runs = _diff_tokens(old_tokens, new_tokens, semantic_cleanup=semantic_cleanup)
    return _canonical(_slide_to_word_starts(runs))


# --------------------------------------------------------------------------- similarity


def similarity(old: str, new: str) -> float:
    """The share of text that the redline of the normalised texts shows as unchanged.

    ``2 * unchanged characters / (characters in old + characters in new)``, rounded
    to 4 decimals for reproducible JSON. It is 1.0 exactly when the normalised texts
    are equal (a real difference never rounds up to 1.0) and 0.0 when nothing is
    kept. Two empty texts are equal, hence 1.0.
    """
    old, new = normalise(old), normalise(new)
    if old == new:
        return 1.0
    return similarity_of(diff_words(old, new), old, new)


def similarity_of(diff: tuple[DiffOp, ...], old: str, new: str) -> float:
    """``similarity(old, new)`` from the redline already made of the normalised texts
    (``diff_words(old, new)``), so that a report diffs each change once."""
    if old == new:
        return 1.0
    unchanged = sum(len(text) for op, text in diff if op == "=")
    return min(round(2 * unchanged / (len(old) + len(new)), 4), 0.9999)


# --------------------------------------------------------------------------- references

class ReferenceKind(StrEnum):
    """What a cross-reference cites: numbers an edition's own renumbering or repagination changes."""

    PARAGRAPH = "paragraph"  # "paragraph 154", "paras 3-5"
    PAGE = "page"  # "page 161", "pp. 20-24"
    SECTION = "section"  # "Chapter 4", "Annex B", "Part two", "section 5.2"
    FOOTNOTE = "footnote"  # "footnote 12"


_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# A paragraph number as printed: "154", "5.23", "12A". Not the "13" of "13-year-olds".
_PARAGRAPH_NUMBER = rf"\d+(?:\.\d+)*(?:[A-Za-z](?!\w))?(?!\w)(?![{_DASHES}][^\W\d_])"
_RANGE = rf"(?:\s*[{_DASHES}]\s*|\s+to\s+)"
_LIST_SEPARATOR = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+)"


def _numbers_phrase(number: str) -> str:
    """One number or range, then more of them in a list: "12, 14 and 15", "3-5, 7"."""
    one = rf"{number}(?:{_RANGE}{number})?"
    return rf"{one}(?:{_LIST_SEPARATOR}{one})*"


_CROSS_REFERENCE = re.compile(rf"\b(?:paragraphs?|paras?)\b\.?\s+(?P<numbers>{_numbers_phrase(_PARAGRAPH_NUMBER)})",
                              re.IGNORECASE)
_NUMBER_IN_REFERENCE = re.compile(r"\d+(?:\.\d+)*(?:[A-Za-z](?!\w))?")
# A printed page label: digits, or a lower-case roman numeral ("page iv").
_PAGE_LABEL = rf"(?:\d+|[ivxlc]+)(?!\w)(?![{_DASHES}][^\W\d_])"
_PAGE_REFERENCE = re.compile(rf"(?:\b(?i:pages?)\s+|\bpp?\.\s*)(?P<numbers>{_numbers_phrase(_PAGE_LABEL)})")
_PAGE_IN_REFERENCE = re.compile(r"\b(?:\d+|[ivxlc]+)\b")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# A section's label as printed after its keyword: "4", "5.2", "B", "II", "two".
_SECTION_LABEL = rf"(?:\d+(?:\.\d+)*[A-Za-z]?|[A-Z]|[IVX]+|(?i:{'|'.join(_NUMBER_WORDS)}))(?!\w)"
_SECTION_REFERENCE = re.compile(
    r"\b(?P<keyword>(?i:chapters?|parts?|annex(?:es)?|appendix|appendices|sections?|schedules?))\s+"
    rf"(?P<numbers>{_numbers_phrase(_SECTION_LABEL)})"
)
_SECTION_IN_REFERENCE = re.compile(_SECTION_LABEL)
_FOOTNOTE_REFERENCE = re.compile(r"\b(?i:footnotes?)\s+(?P<numbers>" + _numbers_phrase(r"\d+(?!\w)") + ")")
_DIGITS = re.compile(r"\d+")
# "paragraph 3 of Schedule 2 to the Children Act 1989" cites another document, whose
# numbering the renumbering knows nothing about; "of this guidance" is internal.
_CITES_ANOTHER_DOCUMENT = re.compile(r"\s+of\s+(?!this\b)", re.IGNORECASE)
_SINGULAR = {"chapters": "chapter", "parts": "part", "annexes": "annex", "appendices": "appendix",
             "sections": "section", "schedules": "schedule"}


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A phrase citing numbered parts of the same document, e.g. "paragraphs 169–170", "see page 34".

    ``start``/``end`` delimit the phrase in the text (``text[start:end]``), from the
    keyword ("paragraph", "page", "Chapter") to the last number. ``numbers`` are the
    cited numbers as printed, in order (a range gives its two ends); ``number_spans[i]``
    is where ``numbers[i]`` stands in the text. ``values[i]`` is what ``numbers[i]``
    names, in a form both editions share: the number itself, a lower-case page label,
    or for sections the keyword and label ("chapter 4", "annex b", "part 2").
    """

    start: int
    end: int
    numbers: tuple[str, ...]
    number_spans: tuple[tuple[int, int], ...]
    kind: ReferenceKind = ReferenceKind.PARAGRAPH
    values: tuple[str, ...] = ()


def section_value(keyword: str, label: str) -> str:
    """How a section reference and a section heading's label are compared: "chapter 4", "part 2", "annex b"."""
    keyword = keyword.casefold()
    keyword = _SINGULAR.get(keyword, keyword)
    label = label.casefold()
    if label in _NUMBER_WORDS:
        label = str(_NUMBER_WORDS.index(label) + 1)
    return f"{keyword} {label}"


def _references_of(pattern: re.Pattern[str], number: re.Pattern[str], kind: ReferenceKind,
                   text: str) -> list[CrossReference]:
    found = []
    for match in pattern.finditer(text):
        if _CITES_ANOTHER_DOCUMENT.match(text, match.end()):
            continue
        # The keyword and the separators hold no label, so every label found in the
        # numbers part of the phrase is one of its numbers.
        numbers = list(number.finditer(text, match.start("numbers"), match.end("numbers")))
        printed = tuple(found_number.group() for found_number in numbers)
        if kind is ReferenceKind.SECTION:
            values = tuple(section_value(match.group("keyword"), label) for label in printed)
        elif kind is ReferenceKind.PAGE:
            values = tuple(label.casefold() for label in printed)
        else:
            values = printed
        found.append(CrossReference(match.start(), match.end(), printed,
                                    tuple(found_number.span() for found_number in numbers), kind, values))
    return found


def find_cross_references(text: str) -> tuple[CrossReference, ...]:
    """Every cross-reference to numbered paragraphs in ``text``, in reading order.

    Recognised: "paragraph", "paragraphs", "para", "paras" (any case, optional
    full stop) followed by a number ("154", "5.23", "12A"), a range ("169–170" with
    any hyphen or dash, spaced or not, or "169 to 172") or a list of numbers and
    ranges separated by commas, "and", "or" or "&" ("12, 14 and 15", "3-5, 7").
    A phrase followed by "of …" ("paragraph 3 of Schedule 2") cites another
    document and is left out, except "of this …".
    """
    return tuple(_references_of(_CROSS_REFERENCE, _NUMBER_IN_REFERENCE, ReferenceKind.PARAGRAPH, text))


def find_references(text: str) -> tuple[CrossReference, ...]:
    """Every cross-reference in ``text`` to this document's paragraphs, pages, sections and footnotes.

    Paragraphs as ``find_cross_references``; pages as "page 34", "pages 20 to 24",
    "p. 5", "pp. iv–vi"; sections as "Chapter 4", "Annexes A and B", "Part two",
    "section 5.2" (also "appendix", "schedule"); footnotes as "footnote 12". The same
    "of another document" rule applies to all. In reading order; where two phrases
    overlap the earlier one is kept.
    """
    found = (_references_of(_CROSS_REFERENCE, _NUMBER_IN_REFERENCE, ReferenceKind.PARAGRAPH, text)
             + _references_of(_PAGE_REFERENCE, _PAGE_IN_REFERENCE, ReferenceKind.PAGE, text)
             + _references_of(_SECTION_REFERENCE, _SECTION_IN_REFERENCE, ReferenceKind.SECTION, text)
             + _references_of(_FOOTNOTE_REFERENCE, _DIGITS, ReferenceKind.FOOTNOTE, text))
    kept: list[CrossReference] = []
    for reference in sorted(found, key=lambda ref: (ref.start, -ref.end)):
        if not kept or reference.start >= kept[-1].end:
            kept.append(reference)
    return tuple(kept)


# --------------------------------------------------------------------------- levels


class Level(StrEnum):
    """How much a change matters to a reader of the guidance (a change's ``level``)."""

    SUBSTANTIVE = "substantive"  # the words say something else
    MINOR = "minor"  # the same words: only case, punctuation, spacing or a compound's hyphen differ
    BOOKKEEPING = "bookkeeping"  # fully explained by renumbering or repagination the alignment computed


@dataclass(frozen=True, slots=True)
class Verdict:
    """A change's level and, when it is not plainly substantive, why."""

    level: Level
    reason: str | None = None


_KIND_NAMES = {ReferenceKind.PARAGRAPH: "paragraph", ReferenceKind.PAGE: "page", ReferenceKind.SECTION: "",
               ReferenceKind.FOOTNOTE: "footnote"}
_FOLLOWED = {
    ReferenceKind.PARAGRAPH: "cross-references only follow the renumbering of paragraphs",
    ReferenceKind.PAGE: "page references only follow the repagination",
    ReferenceKind.SECTION: "references to sections only follow their renumbering",
    ReferenceKind.FOOTNOTE: "references to footnotes only follow their renumbering",
}


@dataclass(frozen=True, slots=True)
class Renumbering:
    """Which cited numbers correspond between two editions, as the alignment found them.

    ``pairs[kind]`` holds (old value, new value) for every part both editions have:
    paragraph numbers (of the paragraph's own numbering scope, when numbering restarts
    in every chapter), printed pages (what an old page held is on these new pages),
    section labels ("chapter 4" → "chapter 5") and footnote numbers. ``old_values``
    and ``new_values`` are the values each compared edition holds at all, to say why
    a reference cannot be followed. Values are as ``CrossReference.values``.

    A cited number changing from ``a`` to ``b`` follows the renumbering when
    (a, b) is a pair; a number cited unchanged follows it unless either edition
    renumbered it. The relation is read the same way from both sides, which is what
    makes levels symmetric: ``reversed()`` is the same relation seen from the new edition.
    """

    pairs: Mapping[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    old_values: Mapping[str, frozenset[str]] = field(default_factory=dict)
    new_values: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, paragraphs: Mapping[str, str]) -> Renumbering:
        """A renumbering of paragraphs only, from {old number: new number}."""
        pairs = frozenset(paragraphs.items())
        return cls({ReferenceKind.PARAGRAPH: pairs},
                   {ReferenceKind.PARAGRAPH: frozenset(paragraphs)},
                   {ReferenceKind.PARAGRAPH: frozenset(paragraphs.values())})

    def reversed(self) -> Renumbering:
        return Renumbering({kind: frozenset((b, a) for a, b in pairs) for kind, pairs in self.pairs.items()},
                           dict(self.new_values), dict(self.old_values))

    def follows(self, kind: str, old: str, new: str) -> bool:
        """Whether a reference citing ``old`` in the old edition and ``new`` in the new one cites the same part."""
        pairs = self.pairs.get(kind, frozenset())
        if (old, new) in pairs:
            return True
        if old != new:
            return False
        return not any(a == old or b == new for a, b in pairs)

    def why_not(self, kind: str, old: str, new: str) -> str:
        """Why a reference from ``old`` to ``new`` does not follow the renumbering, in words."""
        name = _KIND_NAMES[ReferenceKind(kind)]
        what = (lambda value: f"{name} {value}") if name else (lambda value: value.capitalize())
        pairs = self.pairs.get(kind, frozenset())
        if old not in self.old_values.get(kind, frozenset()):
            return f"{what(old)} is not among the parts of the old edition compared, so the change to {new} cannot be checked"
        targets = sorted({b for a, b in pairs if a == old})
        if old == new:
            return f"{what(old)} is cited unchanged, but it is now {', '.join(targets) or 'gone'}"
        if targets:
            return f"{what(old)} of the old edition is {', '.join(targets)} in the new one, not {new}"
        if new not in self.new_values.get(kind, frozenset()):
            return f"{what(new)} is not among the parts of the new edition compared, so the change from {old} cannot be checked"
        return f"{what(old)} of the old edition has no counterpart in the new one"


_PLACEHOLDER = "0"  # stands for a cited number in a skeleton; a digit, so that same_words still sees a number there


def _skeleton(text: str) -> tuple[str, list[tuple[ReferenceKind, str]]]:
    """``text`` with every cited number replaced by a placeholder, and the (kind, value) it stood for."""
    pieces: list[str] = []
    cited: list[tuple[ReferenceKind, str]] = []
    position = 0
    for reference in find_references(text):
        for value, (start, end) in zip(reference.values, reference.number_spans):
            pieces.append(text[position:start])
            pieces.append(_PLACEHOLDER)
            cited.append((reference.kind, value))
            position = end
    pieces.append(text[position:])
    return "".join(pieces), cited


# Marks that stand for words ("10%", "£5", "A & B"): a change to one is a change of words.
_WORD_MARKS = frozenset("%&§@#+=<>£$€¥")


def _is_word_piece(char: str) -> bool:
    return _is_word_char(char) or char in _WORD_MARKS


def _words_form(text: str) -> tuple[str, tuple[str, ...]]:
    """What ``same_words`` compares: the letters, digits and word marks, case-folded, and the numbers in order."""
    folded = text.casefold()
    return "".join(char for char in folded if _is_word_piece(char)), tuple(_DIGITS.findall(folded))


def words_key(text: str) -> tuple[str, tuple[str, ...]]:
    """A key under which texts with the same words (``same_words``) are equal: for indexing them."""
    return _words_form(normalise(text))


def same_words(old: str, new: str) -> bool:
    """Whether two texts say the same words, differing at most in case, punctuation, spacing or hyphens.

    The normalised texts are compared letter by letter with everything but letters,
    digits and marks that stand for words (% & § @ # + = < > £ $ € ¥) left out, case
    folded; their numbers must also be the same numbers in the same order, so "5.2"
    and "52" differ while "16- and 17-year-olds" and "16 and 17-year-olds" do not.
    Spacing counts as punctuation: "can not" and "cannot" are the same words.
    """
    return words_key(old) == words_key(new)


def _minor_differences(old: str, new: str) -> str:
    """"letter case", "punctuation and spacing"…: what differs between two texts with the same words."""
    parts = []
    if [char for char in old if _is_word_piece(char)] != [char for char in new if _is_word_piece(char)]:
        parts.append("letter case")
    old_marks = [char for char in old if not _is_word_piece(char) and not char.isspace()]
    new_marks = [char for char in new if not _is_word_piece(char) and not char.isspace()]
    hyphens_only = [char for char in old_marks if char != "-"] == [char for char in new_marks if char != "-"]
    if old_marks != new_marks:
        parts.append("a compound's hyphen" if hyphens_only else "punctuation")

    def words(text: str) -> list[str]:
        return ["".join(char for char in word if _is_word_piece(char)) for word in text.casefold().split()]

    if words(old) != words(new) and not (hyphens_only and old_marks != new_marks):
        parts.append("spacing")
    if not parts:
        return "only the typography differs"
    return "only " + (" and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]) + \
        (" differs" if len(parts) == 1 else " differ")


def classify(old: str, new: str, renumbering: Renumbering = Renumbering()) -> Verdict | None:
    """The level of the change from ``old`` to ``new`` (``None`` when their normalised texts are equal).

    - ``bookkeeping``: the texts are equal once every number cited in a cross-reference
      (``find_references``: paragraphs, pages, sections, footnotes) is set aside, and
      each cited number follows ``renumbering``; ``reason`` says which kinds followed.
    - ``minor``: the same words (``same_words``), with any cited numbers following the
      renumbering; ``reason`` says what differs ("only letter case differs").
    - ``substantive``: anything else. When the only difference is a cited number that
      does not follow the renumbering (or cannot be checked, because the part it cites
      lies outside what was compared), ``reason`` says so.

    Symmetric: ``classify(new, old, renumbering.reversed())`` gives the same level.
    Quotes are folded by ``normalise`` (and straightened by the reader), so a change of
    quote marks alone is no change at all; within another minor change it is typography.
    """
    old, new = normalise(old), normalise(new)
    if old == new:
        return None
    old_skeleton, old_cited = _skeleton(old)
    new_skeleton, new_cited = _skeleton(new)
    if len(old_cited) == len(new_cited) and same_words(old_skeleton, new_skeleton):
        followed: list[ReferenceKind] = []
        problems: list[str] = []
        for (kind, old_value), (new_kind, new_value) in zip(old_cited, new_cited):
            if kind is not new_kind:
                problems = ["the references cite different kinds of parts"]
                break
            if renumbering.follows(kind, old_value, new_value):
                if old_value != new_value and kind not in followed:
                    followed.append(kind)
            else:
                problems.append(renumbering.why_not(kind, old_value, new_value))
        if problems:
            return Verdict(Level.SUBSTANTIVE, "; ".join(dict.fromkeys(problems)))
        followed_words = "; ".join(_FOLLOWED[kind] for kind in followed)
        if old_skeleton == new_skeleton:
            return Verdict(Level.BOOKKEEPING, followed_words)
        minor = _minor_differences(old_skeleton, new_skeleton)
        return Verdict(Level.MINOR, f"{minor}; {followed_words}" if followed_words else minor)
    if same_words(old, new):
        return Verdict(Level.MINOR, _minor_differences(old, new))
    return Verdict(Level.SUBSTANTIVE)


def is_bookkeeping(old: str, new: str, renumbering: Mapping[str, str] | Renumbering) -> bool:
    """Whether ``new`` differs from ``old`` only by cross-references following the renumbering.

    ``renumbering`` is a ``Renumbering`` or a map of paragraph numbers {old: new}
    (``Renumbering.from_mapping``). Equal normalised texts are no change at all, not a
    bookkeeping change: False. See ``classify``.
    """
    if not isinstance(renumbering, Renumbering):
        renumbering = Renumbering.from_mapping(renumbering)
    verdict = classify(old, new, renumbering)
    return verdict is not None and verdict.level is Level.BOOKKEEPING
