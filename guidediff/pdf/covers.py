"""The back cover: copyright, licence, ISBN, reference numbers, "Follow us on".

Input: each page's content lines. Output: the lines of the back cover, to be
read apart from the body. Government publications end with a colophon page
("© Crown copyright 2025", the Open Government Licence, "About this
publication", the DfE reference, "Follow us on X"); left in the body it is glued
to the last paragraph, or reported as added text whenever one edition is a
re-issue of part of another. It is recognised by its stock phrases: at least
two different ones among the last lines of the document.
"""

from __future__ import annotations

import re

from guidediff.pdf.lines import Line

MIN_MARKERS = 2  # different colophon phrases needed
LAST_PAGES = 2  # the back cover is among the last pages
SAME_BASELINE = 0.3  # lines whose baselines differ by less than this share of the size are one printed line

COLOPHON = (
    re.compile(r"©\s*crown copyright", re.IGNORECASE),
    re.compile(r"open government licen[cs]e", re.IGNORECASE),
    re.compile(r"\b(?:this publication|this information).{0,40}licensed under", re.IGNORECASE),
    re.compile(r"you may re-?use this information", re.IGNORECASE),
    re.compile(r"\bISBN[\s:]*97[89]", re.IGNORECASE),
    re.compile(r"\breference:?\s*(?:DFE|DCSF|DfES|DH)[-\s]?\d", re.IGNORECASE),
    re.compile(r"^follow us on\b", re.IGNORECASE),
    re.compile(r"^(?:connect with us|like us) on\b", re.IGNORECASE),
    re.compile(r"^about this publication", re.IGNORECASE),
    re.compile(r"any enquiries regarding this publication", re.IGNORECASE),
    re.compile(r"third[- ]party copyright information", re.IGNORECASE),
)


def back_cover(pages: list[tuple[Line, ...]]) -> dict[int, int]:
    """Page index -> position of the first back-cover line on it (0: the whole page is back cover)."""
    found: dict[int, int] = {}
    candidates = [index for index in range(len(pages) - 1, -1, -1) if pages[index]][:LAST_PAGES]
    for index in candidates:
        lines = pages[index]
        hits = [(position, pattern) for position, line in enumerate(lines)
                for pattern in COLOPHON if pattern.search(line.text.strip())]
        if len({pattern.pattern for _, pattern in hits}) < MIN_MARKERS:
            if found:
                break  # the back cover is the last pages, consecutive
            continue
        first = _line_start(lines, hits[0][0])
        # A colophon set at the foot of the last page of text starts at its first stock phrase;
        # lines above that belong to the body.
        found[index] = 0 if first <= 1 else first
        if first > 1:
            break
    return found


def _line_start(lines: tuple[Line, ...], position: int) -> int:
    """The first of the lines printed on the same baseline as ``lines[position]``, just before it.

    A link in the middle of a printed line cuts it into several lines at one height (Chrome
    prints GOV.UK's footer "All content is available under the | Open Government Licence v3.0 |
    , except where otherwise stated" so): the words before the stock phrase are part of it.
    """
    line = lines[position]
    while position > 0 and abs(lines[position - 1].y - line.y) < SAME_BASELINE * line.size:
        position -= 1
    return position
