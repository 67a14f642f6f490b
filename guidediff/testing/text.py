"""Inline text → words: footnote markers resolved to numbers, each word placed in the plain text.

The *plain text* of a string is what a perfect reader recovers from the PDF:
words joined by single spaces, footnote markers taken out, hyphenated line
breaks joined. Every ``Word`` knows where its visible characters start in the
plain text, so the layout can report where each page's part of a paragraph
begins, in the same terms as ``guidediff.document.Block.page_offsets``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from guidediff.testing.spec import FOOTNOTE_REF

_WORD_BREAK = re.compile(r"[ \t\n\r]+")  # not the no-break space: it keeps its words on one line
NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a word: visible text, or a footnote marker when ``footnote`` is set."""

    text: str
    footnote: int | None = None

    @property
    def is_marker(self) -> bool:
        return self.footnote is not None


@dataclass(frozen=True, slots=True)
class Word:
    """A word as drawn (text and any fused markers) and where its text starts in the plain text."""

    pieces: tuple[Piece, ...]
    offset: int

    @property
    def plain(self) -> str:
        """The word's visible characters without its markers."""
        return "".join(piece.text for piece in self.pieces if not piece.is_marker)


@dataclass(frozen=True, slots=True)
class InlineText:
    """A string broken into words, with its plain text and where its markers stood in it."""

    words: tuple[Word, ...]
    plain: str
    footnote_refs: tuple[tuple[int, int], ...]  # (footnote number, offset in plain just after the word)


def parse_inline(text: str, footnote_numbers: Mapping[str, int] | None = None) -> InlineText:
    """Split ``text`` at whitespace into words, turning ``[^id]`` into numbered marker pieces.

    Without ``footnote_numbers`` the text is taken literally: footnote bodies,
    the title page and the running header cannot hold markers.
    """
    words: list[Word] = []
    refs: list[tuple[int, int]] = []
    offset = 0
    stripped = text.strip(" \t\n\r")
    for token in _WORD_BREAK.split(stripped) if stripped else ():
        word = _parse_word(token, offset, footnote_numbers)
        words.append(word)
        refs.extend(_marker_offsets(word))
        offset += len(word.plain) + 1  # the joining space
    # reportlab draws a no-break space as a plain space, so that is what a reader finds.
    plain = " ".join(word.plain for word in words).replace(NO_BREAK_SPACE, " ")
    return InlineText(tuple(words), plain, tuple(refs))


def _parse_word(token: str, offset: int, footnote_numbers: Mapping[str, int] | None) -> Word:
    if footnote_numbers is None:
        return Word((Piece(token),), offset)
    pieces: list[Piece] = []
    position = 0
    for match in FOOTNOTE_REF.finditer(token):
        if match.start() > position:
            pieces.append(Piece(token[position : match.start()]))
        number = footnote_numbers[match.group(1)]
        pieces.append(Piece(str(number), footnote=number))
        position = match.end()
    if position < len(token):
        pieces.append(Piece(token[position:]))
    return Word(tuple(pieces), offset)


def _marker_offsets(word: Word) -> list[tuple[int, int]]:
    refs: list[tuple[int, int]] = []
    visible = 0
    for piece in word.pieces:
        if piece.is_marker:
            assert piece.footnote is not None
            refs.append((piece.footnote, word.offset + visible))
        else:
            visible += len(piece.text)
    return refs


def split_word(word: Word, visible_chars: int) -> tuple[Word, Word]:
    """Split after ``visible_chars`` characters of text (0 < visible_chars < len(word.plain)).

    A marker stays with the text before it: it is fused to the word it follows.
    """
    head: list[Piece] = []
    tail: list[Piece] = []
    remaining = visible_chars
    for piece in word.pieces:
        if tail:
            tail.append(piece)
        elif piece.is_marker:
            head.append(piece)
        elif len(piece.text) <= remaining:
            head.append(piece)
            remaining -= len(piece.text)
        else:
            if remaining:
                head.append(Piece(piece.text[:remaining]))
            tail.append(Piece(piece.text[remaining:]))
    return Word(tuple(head), word.offset), Word(tuple(tail), word.offset + visible_chars)
