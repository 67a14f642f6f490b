"""Greedy line breaking, like Word's: fill each line with as many words as fit, optionally hyphenating.

With hyphenation on, a word of at least ``MIN_HYPHENATED_LETTERS`` letters that
does not fit at the end of a line is broken with a drawn "-" at the last point
that fits, keeping at least ``MIN_LETTERS_BEFORE_HYPHEN`` letters on the line
and ``MIN_LETTERS_AFTER_HYPHEN`` for the next one. There is no dictionary: the
break points are mechanical, which is all a reader needs to be tested on.

A word wider than a whole line (a long web address, say) is broken without a
hyphen at the last character that fits, as Word does.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from guidediff.testing.drawing import Run
from guidediff.testing.style import TextStyle
from guidediff.testing.text import Word, split_word

HYPHEN = "-"
MIN_HYPHENATED_LETTERS = 9
MIN_LETTERS_BEFORE_HYPHEN = 4
MIN_LETTERS_AFTER_HYPHEN = 3
_TOLERANCE = 1e-6  # points; widths are sums of floats

# Only plain words are hyphenated: optional punctuation, letters, optional punctuation.
_HYPHENATABLE = re.compile(r"(\W*)([^\W\d_]+)(\W*)")


@dataclass(frozen=True, slots=True)
class Line:
    """Words drawn on one line; ``hyphenated`` when the last word goes on after a drawn hyphen."""

    words: tuple[Word, ...]
    hyphenated: bool = False

    @property
    def start(self) -> int:
        """Offset in the plain text where this line begins."""
        return self.words[0].offset


def word_width(word: Word, style: TextStyle) -> float:
    return sum(style.marker_width(piece.text) if piece.is_marker else style.width(piece.text) for piece in word.pieces)


def break_lines(words: Iterable[Word], width: float, style: TextStyle, hyphenate: bool) -> tuple[Line, ...]:
    """Break ``words`` into lines no wider than ``width`` (first fit)."""
    lines: list[Line] = []
    current: list[Word] = []
    used = 0.0
    space = style.width(" ")
    pending = deque(words)
    while pending:
        word = pending.popleft()
        gap = space if current else 0.0
        if used + gap + word_width(word, style) <= width + _TOLERANCE:
            current.append(word)
            used += gap + word_width(word, style)
            continue
        hyphenated = _hyphenate(word, width - used - gap, style) if hyphenate else None
        if hyphenated is not None:
            head, tail = hyphenated
            lines.append(Line((*current, head), hyphenated=True))
            pending.appendleft(tail)
        elif current:
            lines.append(Line(tuple(current)))
            pending.appendleft(word)
        else:
            lines.append(_overlong_word_line(word, width, style, pending))
        current, used = [], 0.0
    if current:
        lines.append(Line(tuple(current)))
    return tuple(lines)


def _overlong_word_line(word: Word, width: float, style: TextStyle, pending: deque[Word]) -> Line:
    """The line for a word too wide for any line; what is left of it goes back to ``pending``."""
    split = _force_split(word, width, style)
    if split is None:  # a single character wider than the line: draw it anyway rather than loop
        return Line((word,))
    head, tail = split
    pending.appendleft(tail)
    return Line((head,))


def hyphenation_points(word: Word) -> range:
    """Where ``word`` may be broken with a hyphen, as counts of visible characters before the break."""
    match = _HYPHENATABLE.fullmatch(word.plain)
    if match is None:
        return range(0)
    lead, letters = match.group(1), match.group(2)
    if len(letters) < MIN_HYPHENATED_LETTERS or _first_marker_position(word) < len(lead) + len(letters):
        return range(0)
    return range(len(lead) + MIN_LETTERS_BEFORE_HYPHEN, len(lead) + len(letters) - MIN_LETTERS_AFTER_HYPHEN + 1)


def _first_marker_position(word: Word) -> int:
    visible = 0
    for piece in word.pieces:
        if piece.is_marker:
            return visible
        visible += len(piece.text)
    return visible


def _hyphenate(word: Word, room: float, style: TextStyle) -> tuple[Word, Word] | None:
    hyphen = style.width(HYPHEN)
    for point in reversed(hyphenation_points(word)):
        head, tail = split_word(word, point)
        if word_width(head, style) + hyphen <= room + _TOLERANCE:
            return head, tail
    return None


def _force_split(word: Word, width: float, style: TextStyle) -> tuple[Word, Word] | None:
    """Break a word too wide for any line at the last character that fits (at least one per line)."""
    length = len(word.plain)
    if length < 2:
        return None
    for point in range(length - 1, 0, -1):
        head, tail = split_word(word, point)
        if word_width(head, style) <= width + _TOLERANCE:
            return head, tail
    return split_word(word, 1)


def line_runs(line: Line, style: TextStyle) -> tuple[Run, ...]:
    """The runs that draw ``line``: text in ``style``, markers smaller and raised."""
    runs: list[Run] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            runs.append(Run("".join(buffer), style.font, style.size))
            buffer.clear()

    for position, word in enumerate(line.words):
        if position:
            buffer.append(" ")
        for piece in word.pieces:
            if piece.is_marker:
                flush()
                runs.append(Run(piece.text, style.font, style.marker_size, style.marker_rise))
            else:
                buffer.append(piece.text)
    if line.hyphenated:
        buffer.append(HYPHEN)
    flush()
    return tuple(runs)


def hyphenated_words(lines: tuple[Line, ...], plain: str) -> tuple[str, ...]:
    """The whole words (from ``plain``) that ``lines`` break with a hyphen, in order."""
    words: list[str] = []
    for line, next_line in pairwise(lines):
        if line.hyphenated:
            words.append(_word_around(plain, next_line.start))
    return tuple(words)


def _word_around(plain: str, offset: int) -> str:
    start = plain.rfind(" ", 0, offset) + 1
    end = plain.find(" ", offset)
    return plain[start : end if end >= 0 else len(plain)]
