"""Word-level diffs of aligned paragraph pairs, and the substantive-vs-bookkeeping test.

Stage "diff" of the pipeline: the aligner hands over pairs of clean paragraph
texts; this module says how they differ, in words a policy reader can check.

- ``normalise`` gives the comparison form of a text: only differences a reader
  cannot see (or that cannot change meaning) are folded away.
- ``diff_words`` is a whole-word redline computed with diff-match-patch.
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
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

__all__ = [
    "CrossReference",
    "DiffOp",
    "diff_words",
    "find_cross_references",
    "is_bookkeeping",
    "normalise",
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

# A dash between two digits is a number range ("16–19", "paragraphs 169–170"):
# hyphen, figure dash and en dash are interchangeable there, so all become "-".
_RANGE_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\u2012\u2013](?=\d)")
# A space before closing punctuation, or after an opening bracket, is typographic ("Friday , and").
_SPACE_INSIDE_PUNCTUATION = re.compile(r"(?<=\S) +(?=[,.;:!?)\]])|(?<=[(\[]) +")
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
    text = _RANGE_DASH_BETWEEN_DIGITS.sub("-", text.translate(_INVISIBLE).translate(_TYPOGRAPHIC_FOLDS))
    # NFC after removing invisible characters, which can leave a letter and a
    # combining mark side by side. str.split() splits on every Unicode space.
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = _SPACE_INSIDE_PUNCTUATION.sub("", text)
    return _SPACED_HYPHEN.sub("\u2013", text)


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


# --------------------------------------------------------------------------- cross-references

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# A paragraph number as printed: "154", "5.23", "12A". Not the "13" of "13-year-olds".
_PARAGRAPH_NUMBER = rf"\d+(?:\.\d+)*(?:[A-Za-z](?!\w))?(?!\w)(?![{_DASHES}][^\W\d_])"
_NUMBER_OR_RANGE = rf"{_PARAGRAPH_NUMBER}(?:(?:\s*[{_DASHES}]\s*|\s+to\s+){_PARAGRAPH_NUMBER})?"
_LIST_SEPARATOR = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+)"
_CROSS_REFERENCE = re.compile(
    rf"\b(?:paragraphs?|paras?)\b\.?\s+{_NUMBER_OR_RANGE}(?:{_LIST_SEPARATOR}{_NUMBER_OR_RANGE})*",
    re.IGNORECASE,
)
_NUMBER_IN_REFERENCE = re.compile(r"\d+(?:\.\d+)*(?:[A-Za-z](?!\w))?")
# "paragraph 3 of Schedule 2 to the Children Act 1989" cites another document, whose
# numbering the renumbering map knows nothing about; "of this guidance" is internal.
_CITES_ANOTHER_DOCUMENT = re.compile(r"\s+of\s+(?!this\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A phrase citing paragraphs of the same document, e.g. "paragraphs 169–170".

    ``start``/``end`` delimit the phrase in the text (``text[start:end]``), from the
    word "paragraph" to the last number. ``numbers`` are the cited paragraph numbers
    as printed, in order (a range gives its two ends); ``number_spans[i]`` is where
    ``numbers[i]`` stands in the text.
    """

    start: int
    end: int
    numbers: tuple[str, ...]
    number_spans: tuple[tuple[int, int], ...]


def find_cross_references(text: str) -> tuple[CrossReference, ...]:
    """Every cross-reference to numbered paragraphs in ``text``, in reading order.

    Recognised: "paragraph", "paragraphs", "para", "paras" (any case, optional
    full stop) followed by a number ("154", "5.23", "12A"), a range ("169–170" with
    any hyphen or dash, spaced or not, or "169 to 172") or a list of numbers and
    ranges separated by commas, "and", "or" or "&" ("12, 14 and 15", "3-5, 7").
    A phrase followed by "of …" ("paragraph 3 of Schedule 2") cites another
    document and is left out, except "of this …".
    """
    references = []
    for match in _CROSS_REFERENCE.finditer(text):
        if _CITES_ANOTHER_DOCUMENT.match(text, match.end()):
            continue
        # The keyword and the separators hold no digits, so every digit run in the
        # phrase is one of its paragraph numbers.
        numbers = list(_NUMBER_IN_REFERENCE.finditer(text, match.start(), match.end()))
        references.append(
            CrossReference(
                start=match.start(),
                end=match.end(),
                numbers=tuple(number.group() for number in numbers),
                number_spans=tuple(number.span() for number in numbers),
            )
        )
    return tuple(references)


def _follow_renumbering(text: str, renumbering: Mapping[str, str]) -> str:
    """``text`` with each cross-referenced paragraph number replaced by its new number."""
    pieces: list[str] = []
    position = 0
    for reference in find_cross_references(text):
        for number, (start, end) in zip(reference.numbers, reference.number_spans):
            pieces.append(text[position:start])
            pieces.append(renumbering.get(number, number))
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def is_bookkeeping(old: str, new: str, renumbering: Mapping[str, str]) -> bool:
    """Whether ``new`` differs from ``old`` only by cross-references following the renumbering.

    ``renumbering`` maps a paragraph's number in the old edition to its number in
    the new one ({"154": "155"}); numbers not in it are taken as unchanged.

    True exactly when the normalised texts differ and become equal once every
    paragraph number cited in a cross-reference of ``old`` (see
    ``find_cross_references``) is replaced by ``renumbering.get(number, number)``.
    Any other difference - a word, a number outside a cross-reference, a cited
    number that does not follow the map - makes the change substantive. Both ends
    of a range are renumbered, so "paragraphs 169–170" must become "170–171" when
    169→170 and 170→171.

    Equal normalised texts are no change at all, not a bookkeeping change: False.
    """
    old, new = normalise(old), normalise(new)
    if old == new:
        return False
    return normalise(_follow_renumbering(old, renumbering)) == new
