"""Render stage, shared wording: how every format names a kind, a flag, a block, an edition, a quotation's fate.

One table per vocabulary, read by every renderer, so "moved to a new parent
section" is said the same way in Markdown, text, Word and CSV. A new kind (of
section link, paragraph change, history step or quotation status) needs its words
here; a test checks that every member of every kind has them. The sentences a
``find`` result and a report's quotations are told in (``find_story``,
``quote_fate``) live here too, so every format says them alike; renderers escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from guidediff.quotes import EditionFinding, FindResult, Status
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

# What matched a section link, as a sentence says it ("matched on its heading").
MATCHED_BY_WORDS = {"heading": "on its heading", "content": "on its content",
                    "heading+content": "on its heading and content", "containment": "by containment"}

# A batch's pairs: what the index says of each ("changed", "not compared yet").
BATCH_STATUS_WORDS = {"changed": "changed", "unchanged": "unchanged", "failed": "failed",
                      "pending": "not compared yet"}

# How a batch put two documents together ("paired by title and content").
PAIRED_BY_WORDS = {"manifest": "as the manifest says", "given": "as given (--pair)", "title": "by title",
                   "content": "by content", "title and content": "by title and content"}

# Which folder a document with no partner is in, as the index says it.
UNPAIRED_SIDE_WORDS = {"old": "only in the old folder (withdrawn, or renamed beyond recognition?)",
                       "new": "only in the new folder (a new document?)"}

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


# --- quotations: guidediff find, and --quote in a report or a history --------------------

# What an edition did with a quotation, from the edition before it (``quotes.Status``).
QUOTE_STATUS_WORDS = {
    "present": "present", "first appears": "first appears", "kept": "kept", "reworded": "reworded",
    "gone": "gone", "absent": "absent",
}

# What happened to a quotation between a report's two editions (``report.model.QuoteFate``).
QUOTE_FATE_WORDS = {"kept": "kept", "reworded": "reworded", "dropped": "dropped", "new": "new", "absent": "absent"}


def percent(score: float) -> str:
    """"95%": rounded down, so that only a word-for-word place reads 100%."""
    return f"{int(score * 100)}%"


class _Place(Protocol):
    kind: str
    score: float
    citation: str


def place_kind(place: _Place) -> str:
    """"exact", or "close, 95%" with the similarity."""
    return "exact" if place.kind == "exact" else f"close, {percent(place.score)}"


def quote_where(places: Sequence[_Place]) -> str:
    """"p. 6; p. 13" for the exact places, else the closest place with its similarity; "" for none."""
    exact = [place for place in places if place.kind == "exact"]
    if exact:
        return "; ".join(place.citation for place in exact)
    if places:
        return f"{places[0].citation} ({place_kind(places[0])})"
    return ""


class _Quote(Protocol):
    status: str
    old: Sequence[_Place]
    new: Sequence[_Place]


class _Short(Protocol):
    short: str


def quote_fate(quote: _Quote, old: _Short, new: _Short) -> str:
    """What happened to a quotation from ``old`` to ``new``, with the printed pages on each side."""
    words = QUOTE_FATE_WORDS[quote.status]
    if quote.status in ("kept", "reworded"):
        return f"{words}: {quote_where(quote.old)} → {quote_where(quote.new)}"
    if quote.status == "dropped":
        return f"{words} in {new.short} (was {old.short}: {quote_where(quote.old)})"
    if quote.status == "new":
        return f"{words} in {new.short}: {quote_where(quote.new)}"
    return "in neither edition"


class _Named(_Cited, Protocol):
    name: str


def edition_label(edition: _Named) -> str:
    """"Information sharing 2015 (model edition is-2015)"."""
    about = provenance(edition)
    return f"{edition.name} ({about})" if about else edition.name


def find_status_line(finding: EditionFinding) -> str:
    """"first appears: p. 6; p. 13" / "absent" / "reworded: p. 7, para 4 (close, 95%)"."""
    words = QUOTE_STATUS_WORDS[finding.status]
    place = quote_where(finding.places)
    return f"{words}: {place}" if place else words


def rewording_to_show(finding: EditionFinding) -> tuple[tuple[str, str], ...]:
    """The redline from the previous edition's wording, unless the best place already shows that same one."""
    best = finding.best
    if best is not None and best.kind == "close" and best.diff == finding.diff:
        return ()
    return finding.diff


def find_story(result: FindResult) -> list[str]:
    """What happened to the quotation across the editions, one sentence each, oldest first."""
    editions = result.editions
    if not any(finding.found for finding in editions):
        return ["Not found in any edition searched" + (" (exact places only)." if result.options.exact_only else ".")]
    lines: list[str] = []
    first = result.first_exact
    if len(editions) == 1:
        finding = editions[0]
        if finding.exact:
            count = len(finding.exact)
            lines.append(f"Word for word in {count} place{'s' if count != 1 else ''}: {quote_where(finding.places)}.")
        else:
            lines.append(f"Not word for word; the closest is {quote_where(finding.places)}.")
        return lines
    if first is not None:
        finding = editions[first]
        if first == 0:
            lines.append(f"Word for word in {finding.edition.short} ({quote_where(finding.places)}), "
                         "the oldest edition searched.")
        else:
            lines.append(f"First appears word for word in {finding.edition.short} ({quote_where(finding.places)}).")
    for finding in editions:
        previous = editions[finding.previous].edition.short if finding.previous is not None else ""
        if finding.status is Status.FIRST_APPEARS and not finding.exact:
            lines.append(f"Similar words first appear in {finding.edition.short}: {quote_where(finding.places)}.")
        elif finding.status is Status.PRESENT and not finding.exact:
            lines.append(f"Similar words in {finding.edition.short}: {quote_where(finding.places)}.")
        elif finding.status is Status.REWORDED:
            lines.append(f"Reworded in {finding.edition.short} from {previous}: {quote_where(finding.places)}.")
        elif finding.status is Status.GONE:
            lines.append(f"Gone in {finding.edition.short} (last in {previous}).")
    if first is None:
        lines.append("Not word for word in any edition searched.")
    return lines


class _Pairing(Protocol):
    by: str
    title: float | None
    content: float | None


def pairing_words(pairing: _Pairing) -> str:
    """"by title and content (title 1.00, content 0.83)": how a batch paired two documents."""
    words = PAIRED_BY_WORDS[pairing.by]
    if pairing.title is None and pairing.content is None:
        return words
    return f"{words} (title {pairing.title or 0:.2f}, content {pairing.content or 0:.2f})"
