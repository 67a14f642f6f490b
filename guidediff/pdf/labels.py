"""Printed page labels: what a reader sees printed on each page, which is what reports cite.

Two sources: the PDF's ``/PageLabels`` (``reader.page_labels``) and the page
numbers found in the running headers and footers. Labels win when the file has
them and they agree with what is printed; what is printed wins when they
disagree (it is what the reader of the paper copy cites). Pages that print no
number (covers, full-page figures) take the number their neighbours imply.
"""

from __future__ import annotations

import re
from collections import Counter

from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman_to_int(text: str) -> int | None:
    """The value of a roman numeral in either case ("iv" -> 4), None for any other text; the one such helper."""
    if not _ROMAN.match(text):
        return None
    total = 0
    previous = 0
    for char in reversed(text.lower()):
        value = _ROMAN_VALUES[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def int_to_roman(value: int, lower: bool = True) -> str:
    """The roman numeral of ``value`` (4 -> "iv", or "IV" with ``lower=False``)."""
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for number, numeral in numerals:
        while value >= number:
            out.append(numeral)
            value -= number
    text = "".join(out)
    return text if lower else text.upper()


def decide_labels(page_count: int, file_labels: list[str] | None, printed: dict[int, str],
                  options: ReaderOptions = DEFAULT_OPTIONS) -> list[str]:
    """One printed label per page.

    ``file_labels`` are the /PageLabels (None when the file has none);
    ``printed`` maps page index to the number found printed on that page.
    """
    if file_labels is not None and len(file_labels) == page_count:
        if not printed or _agreement(file_labels, printed) >= options.label_agreement:
            return list(file_labels)
    labels = _extrapolate(page_count, printed)
    if file_labels is not None and len(file_labels) == page_count:
        # Pages the printed numbers say nothing about keep the file's label.
        return [labels[i] if labels[i] is not None else file_labels[i] for i in range(page_count)]
    if not printed:
        return [str(index + 1) for index in range(page_count)]
    # An unnumbered page that no neighbour accounts for (a cover before page 1) is cited
    # by its position in brackets, the bibliographic convention, so it never clashes.
    return [label if label is not None else f"[{index + 1}]" for index, label in enumerate(labels)]


def _agreement(file_labels: list[str], printed: dict[int, str]) -> float:
    same = sum(1 for index, number in printed.items() if file_labels[index].lower() == number.lower())
    return same / len(printed)


def _extrapolate(page_count: int, printed: dict[int, str]) -> list[str | None]:
    """Fill pages without a printed number from the run of numbered pages around them."""
    labels: list[str | None] = [printed.get(index) for index in range(page_count)]
    arabic_offsets = Counter(int(n) - i for i, n in printed.items() if n.isdigit())
    roman_offsets = Counter(v - i for i, n in printed.items() if (v := roman_to_int(n)) is not None)
    for index in range(page_count):
        if labels[index] is not None:
            continue
        labels[index] = _from_neighbours(index, printed, arabic_offsets, roman_offsets)
    return labels


def _from_neighbours(
    index: int, printed: dict[int, str], arabic: Counter[int], roman: Counter[int]
) -> str | None:
    after = next((i for i in sorted(printed) if i > index), None)
    before = next((i for i in sorted(printed, reverse=True) if i < index), None)
    for neighbour in (after, before):
        if neighbour is None:
            continue
        number = printed[neighbour]
        if number.isdigit():
            value = int(number) - (neighbour - index)
            if value >= 1 and arabic[int(number) - neighbour] >= 1:
                return str(value)
        else:
            roman_value = roman_to_int(number)
            if roman_value is not None:
                value = roman_value - (neighbour - index)
                if value >= 1:
                    return int_to_roman(value, lower=number.islower())
    return None
