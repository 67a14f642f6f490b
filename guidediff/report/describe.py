"""Report stage, one line per change: what a briefing's summary table says about it.

In: a ``Change`` (its kind, diff, parts and links). Out: a short description of what was
inserted or deleted, in a few quoted words: ``“the NHS Commissioning Board” → “NHS
England”``, ``inserted “is a young carer”``, ``added: “The threshold document and local
arrangements…”``. Every format's summary table shows this text (JSON: ``summary_table``),
so it is plain data, made here once.

Rules: at most ``MAX_EDITS`` edits are spelled out (then "and N more edits"); each quote
keeps at most ``MAX_WORDS`` words and ends with "…" when cut; whitespace-only edits are
not edits. A split or merge, a move and a heading say so first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

MAX_EDITS = 2  # edits spelled out in one description
MAX_WORDS = 8  # words quoted from one edit
ADDED_WORDS = 12  # words quoted from an added or removed paragraph


class _Side(Protocol):
    text: str
    section: tuple[str, ...]
    block: str


class _Change(Protocol):
    kind: str
    diff: tuple[tuple[str, str], ...]
    old: _Side | None
    new: _Side | None
    parts: tuple[_Side, ...]


def quote(text: str, words: int = MAX_WORDS) -> str:
    """“the first few words…” of ``text``."""
    found = text.split()
    cut = " ".join(found[:words])
    return f"“{cut}{'…' if len(found) > words else ''}”"


def edits(diff: tuple[tuple[str, str], ...]) -> Iterator[tuple[str, str]]:
    """(deleted, inserted) for each run of edits between kept text; either may be ""."""
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in (*diff, ("=", "")):
        if op == "-":
            deleted.append(text)
        elif op == "+":
            inserted.append(text)
        else:
            if "".join(deleted).strip() or "".join(inserted).strip():
                yield "".join(deleted).strip(), "".join(inserted).strip()
            deleted, inserted = [], []


def _edit_words(deleted: str, inserted: str) -> str:
    if deleted and inserted:
        return f"{quote(deleted)} → {quote(inserted)}"
    if inserted:
        return f"inserted {quote(inserted)}"
    return f"deleted {quote(deleted)}"


def describe_change(change: _Change, link_words: tuple[str, ...] = ()) -> str:
    """One line saying what changed (see the module docstring); ``link_words`` for changed links."""
    if change.kind == "figure":
        return "drawing added" if change.old is None else "drawing removed" if change.new is None else "drawing changed"
    if change.kind == "added" and change.new is not None:
        return f"added: {quote(change.new.text, ADDED_WORDS)}"
    if change.kind == "removed" and change.old is not None:
        return f"removed: {quote(change.old.text, ADDED_WORDS)}"
    found = list(edits(change.diff))
    words = [_edit_words(deleted, inserted) for deleted, inserted in found[:MAX_EDITS]]
    if len(found) > MAX_EDITS:
        more = len(found) - MAX_EDITS
        words.append(f"and {more} more {'edit' if more == 1 else 'edits'}")
    words.extend(link_words)
    lead: list[str] = []
    if change.kind == "split":
        lead.append(f"now printed as {len(change.parts)} paragraphs")
    elif change.kind == "merged":
        lead.append(f"{len(change.parts)} paragraphs now printed as one")
    elif change.kind == "moved" and change.old is not None:
        where = change.old.section[-1] if change.old.section else "the front matter"
        lead.append(f"moved from “{where}”")
    if change.new is not None and change.new.block == "heading":
        lead.append("heading")
    if not words and change.kind == "moved":
        words.append("wording unchanged")
    text = ": ".join(part for part in (", ".join(lead), "; ".join(words)) if part)
    return text or "changed"
