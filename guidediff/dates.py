"""Printed dates: "March 2015" and years in a cover's or a title's text, for the editions and corpus stages.

In: text (a cover page, a title). Out: (month, year) pairs and years as integers.
Rules: a date is a month's English name followed by a four-digit year from 1900 to
2099 ("14 July 2025" gives July 2025); a year is four such digits standing alone.
"""

from __future__ import annotations

import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+((?:19|20)\d{2})\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def month_year(text: str) -> tuple[int, int] | None:
    """(month, year) of the first "Month YYYY" in ``text``, or None."""
    found = MONTH_YEAR.search(text)
    if found is None:
        return None
    return MONTHS.index(found.group(1).capitalize()) + 1, int(found.group(2))


def years(text: str) -> list[int]:
    """Every year written in ``text``, in order."""
    return [int(match.group()) for match in YEAR.finditer(text)]
