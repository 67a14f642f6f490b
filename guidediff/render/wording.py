"""Render stage, shared wording: how every format names a kind, a flag, a block, an edition.

One table per vocabulary, read by every renderer, so "moved to a new parent
section" is said the same way in Markdown, text, Word and CSV. A new kind (of
section link, paragraph change or history step) needs its words here; a test
checks that every member of every kind has them.
"""

from __future__ import annotations

from typing import Protocol

from guidediff.render.pages import page_range

# Section links, as a sentence says them ("renamed: A → B").
SECTION_KIND_WORDS = {
    "matched": "unchanged heading", "renamed": "renamed", "renumbered": "renumbered", "moved": "moved",
    "split": "split", "merged": "merged", "added": "added", "removed": "removed",
}

# Paragraph changes, as a label says them ("Modified", "Added").
CHANGE_KIND_WORDS = {"modified": "modified", "added": "added", "removed": "removed", "moved": "moved"}

# History steps: how a thread got into an edition ("first appears", "renamed").
STEP_WORDS = {
    "absent": "absent", "first appears": "first appears", "matched": "matched", "renamed": "renamed",
    "renumbered": "renumbered", "moved": "moved", "split": "split", "merged": "merged", "removed": "removed",
}

# Watched concepts: how their count changed from the old edition to the new.
TERM_STATUS_WORDS = {"new": "new", "gone": "gone", "more": "more", "fewer": "fewer", "same": "same"}

# What else happened to a section link, said after "moved" in a sentence...
FLAG_PHRASES = {"new-parent": "to a new parent section", "new-position": "to a new place among its neighbours"}
# ...and on a badge.
FLAG_BADGES = {"new-parent": "new parent", "new-position": "new position"}

# Blocks without a paragraph number, as a citation names them.
BLOCK_WORDS = {"list_item": "list item", "table_row": "table row", "heading": "heading"}


class _Flagged(Protocol):
    kind: str
    flags: tuple[str, ...]


def describe_flags(entry: _Flagged) -> str:
    """"moved to a new parent section, renamed" from a section link's flags."""
    words: list[str] = []
    for flag in entry.flags:
        if flag in FLAG_PHRASES and words and words[-1] == "moved":
            words[-1] = f"moved {FLAG_PHRASES[flag]}"
        elif flag not in FLAG_PHRASES:
            words.append(flag)
    return ", ".join(words)


def section_words(entry: _Flagged) -> str:
    """What happened to a section link, in words: its flags, else its kind."""
    return describe_flags(entry) or SECTION_KIND_WORDS.get(entry.kind, entry.kind)


def flag_badges(entry: _Flagged) -> list[str]:
    """Badges for a section link: its kind and what else happened to it."""
    words = [] if entry.kind == "matched" else [entry.kind]
    for flag in entry.flags:
        word = FLAG_BADGES.get(flag, flag)
        if word not in words:
            words.append(word)
    return words


class _Cited(Protocol):
    source: str | None
    edition: str | None


def provenance(edition: _Cited) -> str:
    """"model edition wt-2015" / "official PDF wt-2015" for an edition from the corpus, else ""."""
    if edition.source is None:
        return ""
    return f"{edition.source} {edition.edition}" if edition.edition else edition.source


class _Side(Protocol):
    block: str
    number: str | None
    footnote: str | None
    pages: tuple[str, ...]


def where(side: _Side | None) -> str:
    """"para 44, p. 26", "footnote 3, p. 12", "list item, p. 8" for one side of a change."""
    if side is None:
        return ""
    if side.block == "footnote":
        label = f"footnote {side.footnote}" if side.footnote else "footnote"
    elif side.number:
        label = f"para {side.number}"
    else:
        label = BLOCK_WORDS.get(side.block, "")
    return ", ".join(part for part in (label, page_range(side.pages)) if part)


class _Step(Protocol):
    how: str
    flags: tuple[str, ...]


def how_words(step: _Step) -> str:
    """"moved and renamed": a history step's kind with the other changes its links record."""
    words = [STEP_WORDS[step.how]] + [flag for flag in ("moved", "renamed", "renumbered") if flag in step.flags and flag != step.how]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]
