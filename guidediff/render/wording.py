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
    "replaced": "replaced", "promoted": "promoted", "demoted": "demoted",
    "split": "split", "merged": "merged", "added": "added", "removed": "removed",
}

# Paragraph changes, as a label says them ("Modified", "Added").
CHANGE_KIND_WORDS = {"modified": "modified", "added": "added", "removed": "removed", "moved": "moved",
                     "split": "split", "merged": "merged", "figure": "figure"}

# Levels of a change, as a label says them, and what each means in a sentence.
LEVEL_WORDS = {"substantive": "substantive", "minor": "minor", "bookkeeping": "bookkeeping"}
LEVEL_MEANINGS = {
    "substantive": "the words say something else",
    "minor": "the same words: only case, punctuation, spacing or a compound's hyphen differ",
    "bookkeeping": "only follows renumbering or repagination",
}

# History steps: how a thread got into an edition ("first appears", "renamed").
STEP_WORDS = {
    "absent": "absent", "first appears": "first appears", "matched": "matched", "renamed": "renamed",
    "renumbered": "renumbered", "moved": "moved", "replaced": "replaced", "promoted": "promoted", "demoted": "demoted",
    "split": "split", "merged": "merged", "removed": "removed",
}

# Watched concepts: how their count changed from the old edition to the new.
TERM_STATUS_WORDS = {"new": "new", "gone": "gone", "more": "more", "fewer": "fewer", "same": "same"}

# What else happened to a section link, said after "moved" in a sentence...
FLAG_PHRASES = {"new-parent": "to a new parent section", "new-position": "to a new place among its neighbours"}
# ...and on a badge.
FLAG_BADGES = {"new-parent": "new parent", "new-position": "new position"}
# A new parent without a move: the section before it was promoted over it.
NOT_MOVED_NEW_PARENT = "now under the section before it, which was promoted (it did not move)"
# Heading level changes, said in a sentence.
LEVEL_CHANGE_PHRASES = {"promoted": "promoted (its heading is now a level higher; it did not move)",
                        "demoted": "demoted (its heading is now a level lower; it did not move)"}

# What matched a section link, as a sentence says it ("matched on its heading").
MATCHED_BY_WORDS = {"heading": "on its heading", "content": "on its content",
                    "heading+content": "on its heading and content", "containment": "by containment"}

# Warnings about the inputs (``checks.WarningKind``), as the label before the warning's sentence.
WARNING_WORDS = {
    "same-file": "same file on both sides", "unrelated": "not editions of one document",
    "part-of-whole": "one side is only part of the other", "reversed-dates": "dates reversed",
    "repeated-edition": "an edition given twice", "not-one-lineage": "not one lineage",
    "model-edition": "model edition", "mixed-reading": "editions read differently",
}

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
BLOCK_WORDS = {"list_item": "list item", "table_row": "table row", "heading": "heading", "figure": "figure"}


class _Flagged(Protocol):
    kind: str
    flags: tuple[str, ...]


def describe_flags(entry: _Flagged) -> str:
    """"moved to a new parent section, renamed" from a section link's flags."""
    words: list[str] = []
    for flag in entry.flags:
        if flag in FLAG_PHRASES and words and words[-1] == "moved":
            words[-1] = f"moved {FLAG_PHRASES[flag]}"
        elif flag == "new-parent":
            words.append(NOT_MOVED_NEW_PARENT)
        elif flag not in FLAG_PHRASES:
            words.append(flag)
    return ", ".join(words)


def section_words(entry: _Flagged) -> str:
    """What happened to a section link, in words: its flags, else its kind; and how much text lives on."""
    words = describe_flags(entry) or SECTION_KIND_WORDS.get(entry.kind, entry.kind)
    share = getattr(entry, "share", None)
    if share is not None and entry.kind not in ("added", "removed", "matched") and share < SHOWN_SHARE:
        words += f" ({share:.0%} of its text carried over)"
    return words


SHOWN_SHARE = 0.95  # a link carrying less of its old text than this says how much it carried


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
    anchor: str | None


def where(side: _Side | None) -> str:
    """"para 44, p. 26", "para 44, bullet 2, p. 26", "footnote 3 (to para 7), p. 12", "list item, p. 8"."""
    if side is None:
        return ""
    if side.anchor:
        label = side.anchor
    elif side.block == "footnote":
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


# --- page pictures and figures -----------------------------------------------------------


def megabytes(size: int) -> str:
    """"1.4 MB", "0.2 MB": a file size as a reader says it."""
    return f"{size / 1_000_000:.1f} MB"


class _Pictures(Protocol):
    mode: str
    budget: int
    used: int
    snapshots: Sequence[object]
    left_out: Sequence[str]


def picture_words(images: _Pictures, pictured: int) -> str:
    """What the page pictures show and what the size budget let in, in one sentence."""
    which = "every change" if images.mode == "all" else "every substantive change"
    budget = f" of the {megabytes(images.budget)} budget" if images.budget else ""
    text = (f"Page pictures: {pictured} {'change' if pictured == 1 else 'changes'} shown where "
            f"{'it is' if pictured == 1 else 'they are'} printed in both editions "
            f"({len(images.snapshots)} pictures, {megabytes(images.used)}{budget})")
    if images.left_out:
        count = len(images.left_out)
        text += (f"; {count} more {'change was' if count == 1 else 'changes were'} left out to stay within "
                 "the budget (open the PDF at the cited page)")
    elif pictured:
        text += f"; {which} is pictured"
    return text + "."


class _Figure(Protocol):
    old: _Side | None
    new: _Side | None
    similarity: float


def figure_words(change: _Figure, old: _Short, new: _Short) -> str:
    """What a figure change is, in words: a drawing redrawn, new or gone, with its text unchanged."""
    if change.old is not None and change.new is not None:
        return (f"A drawing differs between {old.short} and {new.short} where the text around it does not "
                f"({percent(change.similarity)} of its lines in common).")
    if change.new is not None:
        return f"A drawing is new in {new.short}; the text around it did not change."
    return f"A drawing in {old.short} is gone in {new.short}; the text around it did not change."


class _Sourced(Protocol):
    name: str
    source: str | None


def model_label(editions: "list[_Sourced] | tuple[_Sourced, ...]") -> str:
    """" (model editions)", " (Working Together 2013 is a model edition)" or "": said after a report's title."""
    models = [edition for edition in editions if edition.source == "model edition"]
    if not models:
        return ""
    if len(models) == len(editions):
        return " (model edition)" if len(models) == 1 else " (model editions)"
    names = ", ".join(edition.name for edition in models)
    return f" ({names} {'is a model edition' if len(models) == 1 else 'are model editions'})"


class _Warning(Protocol):
    kind: str
    message: str


def warning_line(warning: _Warning) -> str:
    """"Warning (dates reversed): OLD … is dated …": one warning as every format starts it."""
    return f"Warning ({WARNING_WORDS[warning.kind]}): {warning.message}"


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
