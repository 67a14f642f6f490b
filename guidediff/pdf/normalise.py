"""Character-level clean-up of extracted text: ligatures, quotes, spaces, bullets, invisible characters.

Two editions of one document are often made with different tools, so the same
words arrive as "ﬁ" or "fi", ‘curly’ or 'straight', with or without
non-breaking spaces. Normalising here means a later diff never reports them.
Dashes are kept: "16–19" and "16-19" are what the printed page shows, and the
differ decides how to compare them.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
}
QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "\u0060": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}
SPACES = {c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"}
INVISIBLE = {c: "" for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe"}
# Bullet glyphs, including the private-use code points that Symbol and Wingdings bullets decode to.
BULLET_GLYPHS = "•▪▫◦●○■□‣⁃∙⦁◼◻◾◽➢➤►▶▸▹◆◇❖⮚⯈\uf0b7\uf0a7\uf0d8\uf075\uf076\uf0fc\uf0a8\uf06e\uf0d7\uf0e0\uf0d9"
BULLETS = {c: "•" for c in BULLET_GLYPHS}

_TABLE = str.maketrans({**LIGATURES, **QUOTES, **SPACES, **INVISIBLE, **BULLETS})
_SPACE_RUN = re.compile(r" {2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """Ligatures expanded, quotes straightened, odd spaces and invisible characters removed, NFC."""
    text = unicodedata.normalize("NFC", text.translate(_TABLE))
    text = _CONTROL.sub("", text)
    return _SPACE_RUN.sub(" ", text)


def normalise_pieces(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Normalise ``text`` and move ``offsets`` (positions in it) to the same places in the result."""
    cuts = sorted({max(0, min(offset, len(text))) for offset in offsets})
    pieces: list[str] = []
    start = 0
    for cut in cuts + [len(text)]:
        pieces.append(normalise_text(text[start:cut]))
        start = cut
    moved: dict[int, int] = {}
    position = 0
    for cut, piece in zip(cuts, pieces):
        position += len(piece)
        moved[cut] = position
    joined = "".join(pieces)
    collapsed = _SPACE_RUN.sub(" ", joined)
    if collapsed != joined:  # two pieces each ending/starting with a space: recount from the pieces
        return _collapse_with_offsets(joined, [moved[max(0, min(o, len(text)))] for o in offsets])
    return joined, [moved[max(0, min(offset, len(text)))] for offset in offsets]


def _collapse_with_offsets(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    kept: list[str] = []
    mapping = [0] * (len(text) + 1)
    for index, char in enumerate(text):
        mapping[index] = len(kept)
        if char == " " and kept and kept[-1] == " ":
            continue
        kept.append(char)
    mapping[len(text)] = len(kept)
    return "".join(kept), [mapping[offset] for offset in offsets]
