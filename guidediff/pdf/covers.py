"""The back cover: copyright, licence, ISBN, reference numbers, "Follow us on".

Input: each page's content lines. Output: the lines of the back cover, to be
read apart from the body. Government publications end with a colophon page
("© Crown copyright 2025", the Open Government Licence, "About this
publication", the DfE reference, "Follow us on X"; older DCSF covers say where to
download or order copies, Ofsted's say who Ofsted is and offer other formats); left in the body it is glued
to the last paragraph, or reported as added text whenever one edition is a
re-issue of part of another. It is recognised by its stock phrases: at least
two different ones among the last lines of the document. A publication printed
from GOV.UK's HTML carries the same notice on a short page of its own after the
contents list; such a licence page near the front is set apart the same way.
"""

from __future__ import annotations

import re

from guidediff.pdf.lines import Line
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions


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
    # How to get the publication (DCSF and DfE back covers, 2000s-2010s).
    re.compile(r"^you can download this publication\b", re.IGNORECASE),
    re.compile(r"copies of this publication (?:can|may) be obtained", re.IGNORECASE),
    re.compile(r"^(?:please quote the|search using) ref\b", re.IGNORECASE),
    # Ofsted's back cover: who Ofsted is, then the offer of other formats.
    re.compile(r"^the office for standards in education, children.s services and skills \(ofsted\) regulates",
               re.IGNORECASE),
    re.compile(r"if you would like a copy of this document in a different format", re.IGNORECASE),
)


def back_cover(pages: list[tuple[Line, ...]], options: ReaderOptions = DEFAULT_OPTIONS) -> dict[int, int]:
    """Page index -> position of the first back-cover line on it (0: the whole page is back cover)."""
    found: dict[int, int] = {}
    candidates = [index for index in range(len(pages) - 1, -1, -1) if pages[index]][:options.back_cover_pages]
    for index in candidates:
        lines = pages[index]
        hits = [(position, pattern) for position, line in enumerate(lines)
                for pattern in COLOPHON if pattern.search(line.text.strip())]
        if len({pattern.pattern for _, pattern in hits}) < options.colophon_markers:
            if found:
                break  # the back cover is the last pages, consecutive
            continue
        first = _line_start(lines, hits[0][0], options.same_baseline)
        # A colophon set at the foot of the last page of text starts at its first stock phrase;
        # lines above that belong to the body.
        found[index] = 0 if first <= 1 else first
        if first > 1:
            break
    return found


def licence_pages(pages: list[tuple[Line, ...]], options: ReaderOptions = DEFAULT_OPTIONS) -> dict[int, int]:
    """Front pages that hold only the licence notice (page index -> 0, as for ``back_cover``).

    The page opens with a stock phrase ("© Crown copyright 2024"), carries at least two
    different ones, and is short: a page of guidance that merely quotes the licence does
    not open with it.
    """
    found: dict[int, int] = {}
    for index in [index for index, lines in enumerate(pages) if lines][:options.licence_front_pages]:
        lines = pages[index]
        if len(lines) > options.licence_page_lines or not any(pattern.search(lines[0].text.strip()) for pattern in COLOPHON):
            continue
        phrases = {pattern.pattern for line in lines for pattern in COLOPHON if pattern.search(line.text.strip())}
        if len(phrases) >= options.colophon_markers:
            found[index] = 0
    return found


def _line_start(lines: tuple[Line, ...], position: int, same_baseline: float) -> int:
    """The first of the lines printed on the same baseline as ``lines[position]``, just before it.

    A link in the middle of a printed line cuts it into several lines at one height (Chrome
    prints GOV.UK's footer "All content is available under the | Open Government Licence v3.0 |
    , except where otherwise stated" so): the words before the stock phrase are part of it.
    """
    line = lines[position]
    while position > 0 and abs(lines[position - 1].y - line.y) < same_baseline * line.size:
        position -= 1
    return position
