"""Heading titles as guidediff compares them: one fold, for the structure and align stages.

``fold_title`` turns a heading's title into the words it is compared by: characters
normalised as the reader normalises them (``pdf.normalise``: ligatures, curly quotes,
odd spaces, invisible characters), case folded, and every run of anything but letters
a–z and digits a single space; an apostrophe inside a word stays ("children's"). So
"Children’s  social care –" and "children's social care" fold alike, while "Section 17"
and "Section 71" do not. Both stages ask the same question of it: do two headings print
the same title?

- ``structure`` matches an outline entry (a bookmark, a contents line) to the heading it
  names, by how alike their folded titles are (rapidfuzz on the folds);
- ``align`` compares the titles of two editions' sections; it folds "this guidance",
  "this advice"… to one phrase on top (a document names itself by its genre, and the
  genre changes between editions).

Other comparisons of titles keep their own rules, because they ask another question:

- ``batch.pairing.normalise_title`` pairs *documents* by their titles and file names: it
  keeps letters of every script (a file name in Welsh or Polish must not fold to nothing)
  and drops years, months and draft/final/version words, which name the edition, not the
  document;
- ``checks`` asks whether two *documents'* titles are alike once the year and subtitle are
  left out, to word a warning; ``pdf.contents`` asks whether a contents list's entry is
  printed as the heading it links to (the same characters, spacing and case aside).

Nothing here imports a stage above the reader.
"""

from __future__ import annotations

import re

from guidediff.pdf.normalise import normalise_text

__all__ = ["WORD", "fold_title"]

# A word as titles and passages are compared: letters a–z and digits, with an
# apostrophe inside ("children's"); applied to case-folded, normalised text.
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def fold_title(text: str) -> str:
    """``text``'s words (``WORD``), normalised and case folded, joined by single spaces."""
    return " ".join(WORD.findall(normalise_text(text).casefold()))
