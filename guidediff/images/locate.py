"""Images stage, finding words on the page: which printed characters are the changed words of one side of a change.

In: the side's text as the diff saw it (the '=' and '-' parts of a change's diff for
the old side, '=' and '+' for the new), the spans of it that changed, and the
characters pdfium prints in the side's regions (``raster.Char``). Out: for each span,
the characters that print it, as boxes merged line by line.

Rules:
- The two texts are aligned character by character with diff-match-patch (no timeout,
  so the answer never depends on the machine's load), after folding what the reader
  folds (quotes, dashes, ligatures, spaces). What only one side has (a paragraph
  number, a footnote marker, a hyphen at a line end) falls outside the alignment and
  never moves a mark.
- A span is marked where its first and last characters land in the printed text;
  spaces and characters pdfium generated get no mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from diff_match_patch import diff_match_patch

from guidediff.images.raster import Box, Char

# What the reader's normalisation folds, one printed character at a time (textdiff.normalise folds whole strings).
_FOLDS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2014": "\u2013", "\u2015": "\u2013",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u2026": "...", "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}
LINE_SLACK = 0.5  # a character joins a line's mark when their boxes overlap by this share of the smaller height


def printed_text(chars: Sequence[Char]) -> tuple[str, list[int]]:
    """The characters as one string, folded, and for each character of it the position in ``chars`` it came from."""
    pieces: list[str] = []
    owners: list[int] = []
    last_space = True
    for position, char in enumerate(chars):
        text = _FOLDS.get(char.text, char.text)
        if not text:
            continue
        if text.isspace():
            if last_space:
                continue
            text = " "
        last_space = text == " "
        pieces.append(text)
        owners.extend([position] * len(text))
    return "".join(pieces), owners


def locate(side_text: str, spans: Iterable[tuple[int, int]], chars: Sequence[Char]) -> list[list[int]]:
    """For each (start, end) span of ``side_text``, the positions in ``chars`` of the characters that print it
    (those with a box, in order)."""
    printed, owners = printed_text(chars)
    matcher = diff_match_patch()
    matcher.Diff_Timeout = 0  # deterministic: never cut short by a slow machine
    diffs = matcher.diff_main(side_text, printed, False)
    found: list[list[int]] = []
    for start, end in spans:
        # Trim the span to its words: spaces around a change are never marked.
        while start < end and side_text[start].isspace():
            start += 1
        while end > start and side_text[end - 1].isspace():
            end -= 1
        if start >= end:
            found.append([])
            continue
        first = _landing(matcher, diffs, start, side_text, printed)
        last = _landing(matcher, diffs, end - 1, side_text, printed)
        if first is None or last is None or last < first:
            found.append([])
            continue
        positions = sorted({owners[at] for at in range(first, last + 1) if not printed[at].isspace()})
        found.append([position for position in positions if chars[position].box is not None])
    return found


def _landing(matcher: diff_match_patch, diffs: list[tuple[int, str]], location: int, text: str,
             printed: str) -> int | None:
    """Where character ``location`` of the side's text is in the printed text, if it is printed there."""
    at = matcher.diff_xIndex(diffs, location)
    if 0 <= at < len(printed) and printed[at] == text[location]:
        return at
    # Not in the alignment (the side's text and the page differ here): no mark rather than a wrong one.
    return None


def merge_lines(boxes: Sequence[Box]) -> list[Box]:
    """Character boxes joined into one box per run on a line (in order: a run ends where the next box is on another line)."""
    merged: list[list[float]] = []
    for left, top, right, bottom in boxes:
        if merged:
            last = merged[-1]
            overlap = min(bottom, last[3]) - max(top, last[1])
            height = min(bottom - top, last[3] - last[1])
            if height > 0 and overlap >= LINE_SLACK * height and left >= last[0] - 1.0:
                last[0], last[1] = min(last[0], left), min(last[1], top)
                last[2], last[3] = max(last[2], right), max(last[3], bottom)
                continue
        merged.append([left, top, right, bottom])
    return [(box[0], box[1], box[2], box[3]) for box in merged]
