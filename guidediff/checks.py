"""Sense checks stage: does comparing these editions make sense? Warnings for the reader, never errors.

In: the editions as the editions stage named and dated them (``EditionFacts`` of the
*whole* documents), the printed pages compared, and the ``Alignment`` (or, for a
history, the alignments of neighbouring editions). Out: ``InputWarning`` values,
each one sentence a policy officer can act on, which the report carries (JSON
``warnings``) and every format shows first, and which the command line also prints
on stderr.

Rules, in the order warnings are listed:

- **same file**: both sides are one file (equal SHA-256) and the same pages of it.
- **unrelated**: the two are not editions of one document: corpus editions of
  different families, or (when a family is not known) less than ``UNRELATED_SHARE``
  of either side's words lie in paragraphs the alignment paired with the other.
- **part of the whole**: one side is (nearly) all found in the other
  (``PART_SHARE``), but the other's text is mostly not found (``WHOLE_SHARE``), and
  the matching text sits in whole top-level sections of the larger side (each at least
  ``REGION_SHARE`` found): the warning names those sections and their printed pages,
  with the ``--old-pages``/``--new-pages`` that compare them alone.
- **reversed dates**: the old edition is dated after the new one (dates from the
  manifest or the cover, compared as precisely as both are known).
- **model edition**: a side is a bundled model edition; the warning quotes the notice
  printed on the model's title page.
- For a history: **repeated** editions (one file twice), editions that are **not one
  lineage** (different families, or neighbours sharing too little text), dates out of
  order when the order given was kept, and model editions.

A share is a fraction of words (``[a-z0-9]+`` of the normalised text) of a side's
paragraphs, footnotes and list items: those in paragraph links with a partner on the
other side, over all of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from guidediff import corpus, serial
from guidediff.align import Alignment
from guidediff.document import Block, Document
from guidediff.dates import MONTHS
from guidediff.editions import EditionDate, EditionFacts, page_range
from guidediff.structure import Section
from guidediff.textdiff import normalise

UNRELATED_SHARE = 0.2  # below this on both sides, two documents do not look like editions of one another
PART_SHARE = 0.85  # at least this much of one side is found in the other...
WHOLE_SHARE = 0.6  # ...while at most this much of the other is found in it: one is a part of the other
REGION_SHARE = 0.8  # a top-level section this much found belongs to the matching part
REGION_MIN_SHARE_OF_PART = 0.02  # a section holding less of the part's words than this is not a region
REGION_COVERAGE = 0.8  # the regions must hold this much of the part side's words
PARTNER_SECTION_SHARE = 0.1  # a part-side section with this share of a region's text belongs to its page span
TITLE_ALIKE = 0.85  # token-set similarity (0-1) at which two short titles name the same document
MODEL_NOTICE = re.compile(r"model edition", re.IGNORECASE)

_WORD = re.compile(r"[a-z0-9]+")


class WarningKind(StrEnum):
    """What a warning is about (an ``InputWarning``'s kind)."""

    SAME_FILE = "same-file"
    UNRELATED = "unrelated"
    PART_OF_WHOLE = "part-of-whole"
    REVERSED_DATES = "reversed-dates"
    REPEATED_EDITION = "repeated-edition"
    NOT_ONE_LINEAGE = "not-one-lineage"
    MODEL_EDITION = "model-edition"
    MIXED_READING = "mixed-reading"


@serial.layout("old_pages", "new_pages", "sections", "options")
@dataclass(frozen=True, slots=True)
class MatchingPart(serial.Record):
    """A part of the larger side that the smaller side matches, and the options that compare just it."""

    old_pages: tuple[str, str] | None  # printed pages (first, last); None when that side matches as a whole
    new_pages: tuple[str, str] | None
    sections: tuple[str, ...]  # headings of the larger side's sections in the part

    @property
    def options(self) -> str:
        """"--old-pages 7-24 --new-pages 4-20"."""
        return " ".join(f"--{side}-pages {pages[0]}-{pages[1]}"
                        for side, pages in (("old", self.old_pages), ("new", self.new_pages)) if pages is not None)


def _shares(shared: tuple[float, float]) -> dict[str, float]:
    """Each side's share, named and rounded: what a reader of the JSON needs, not the float's last digits."""
    return {"old": round(shared[0], 4), "new": round(shared[1], 4)}


@dataclass(frozen=True, slots=True)
class InputWarning(serial.Record):
    """One thing about the inputs a reader must know before trusting the report."""

    kind: WarningKind
    message: str  # one sentence, shown as it is in every format
    # (old, new): each side's share of words found in the other
    shared: tuple[float, float] | None = serial.field(default=None, omit_default=True, encode=_shares,
                                                      decode=lambda shared: (shared["old"], shared["new"]))
    parts: tuple[MatchingPart, ...] = serial.optional(())  # part-of-whole: what matches, and how to compare just that
    editions: tuple[str, ...] = serial.optional(())  # the editions it is about, by name


# --------------------------------------------------------------------------- wording


def percent(share: float) -> str:
    """"4%", or "under 1%" for a share that would round to nothing but is not nothing."""
    if 0 < share < 0.005:
        return "under 1%"
    return f"{round(share * 100)}%"


def date_words(date: EditionDate) -> str:
    """"26 March 2015", "March 2015" or "2015"."""
    year, month, day = date.sort_key
    if month and day:
        return f"{day} {MONTHS[month - 1]} {year}"
    if month:
        return f"{MONTHS[month - 1]} {year}"
    return str(year)


def _side(label: str, facts: EditionFacts) -> str:
    """"OLD (Working Together 2013)"."""
    return f"{label} ({facts.name})"


def _pages(document: Document, first: int, last: int) -> tuple[str, str]:
    return document.pages[first].label, document.pages[last].label


# --------------------------------------------------------------------------- shares


def _word_count(block: Block) -> int:
    return len(_WORD.findall(normalise(block.text).casefold()))


@dataclass(frozen=True)
class _Shares:
    """Words of each side's blocks, and each linked block's partner, from an alignment."""

    words: dict[tuple[str, int], int]  # (side, block seq) -> words
    partner: dict[tuple[str, int], Block]  # (side, block seq) -> the block it is paired with on the other side

    def share(self, side: str) -> float:
        total = sum(count for (where, _), count in self.words.items() if where == side)
        found = sum(count for (where, seq), count in self.words.items() if where == side and (where, seq) in self.partner)
        return found / total if total else 0.0

    def total(self, side: str) -> int:
        return sum(count for (where, _), count in self.words.items() if where == side)


def _shares(alignment: Alignment) -> _Shares:
    words: dict[tuple[str, int], int] = {}
    partner: dict[tuple[str, int], Block] = {}
    for link in alignment.paragraphs:
        for side, block, other in (("old", link.old, link.new), ("new", link.new, link.old)):
            if block is None:
                continue
            words[(side, block.seq)] = _word_count(block)
            if other is not None:
                partner[(side, block.seq)] = other
    return _Shares(words, partner)


def shared_text(alignment: Alignment) -> tuple[float, float]:
    """(old, new): the share of each side's words in paragraphs paired with the other side."""
    shares = _shares(alignment)
    return shares.share("old"), shares.share("new")


# --------------------------------------------------------------------------- a pair


def compare_warnings(old: EditionFacts, new: EditionFacts, alignment: Alignment,
                     old_range: tuple[str, str] | None = None,
                     new_range: tuple[str, str] | None = None) -> tuple[InputWarning, ...]:
    """Everything about OLD and NEW that makes the comparison doubtful, in the module's order.

    ``old`` and ``new`` describe the whole documents (a page range may leave out the
    cover that dates them); ``alignment`` is of what was compared.
    """
    warnings: list[InputWarning] = []
    shares = _shares(alignment)
    shared = (shares.share("old"), shares.share("new"))
    same = old.document.sha256 == new.document.sha256
    if same and old_range == new_range:
        warnings.append(InputWarning(
            WarningKind.SAME_FILE,
            f"OLD and NEW are the same file (SHA-256 {old.document.sha256[:12]}…), so nothing can have changed; "
            "give two different editions",
            editions=(old.name, new.name)))
    elif not same:
        unrelated = _unrelated(old, new, shared)
        if unrelated is not None:
            warnings.append(unrelated)
        else:
            part = _part_of_whole(old, new, alignment, shares, shared)
            if part is not None:
                warnings.append(part)
    reversed_dates = _reversed(old, new)
    unrelated_pair = any(warning.kind is WarningKind.UNRELATED for warning in warnings)
    if reversed_dates is not None and not same and not unrelated_pair:
        warnings.append(reversed_dates)
    mixed = _mixed_reading(old, new)
    if mixed is not None and not same:
        warnings.append(mixed)
    model = model_warning([("OLD", old), ("NEW", new)])
    if model is not None:
        warnings.append(model)
    return tuple(warnings)


def _read_by(document: Document) -> str | None:
    """"tags" or "geometry" as the reader says it read the document (None when it does not say)."""
    return next((way for way in ("tags", "geometry") if document.reading.startswith(way)), None)


def _mixed_reading(old: EditionFacts, new: EditionFacts) -> InputWarning | None:
    """A warning when one side is read from its tag tree and the other by its layout alone.

    Re-saving a PDF with another tool often drops its tag tree; the two readings of one text
    still differ where the layout is hard (two columns, boxes, tables, lists without hanging
    indents), so some reported changes may be the reading, not the text.
    """
    ways = {label: _read_by(facts.document) for label, facts in (("OLD", old), ("NEW", new))}
    if set(ways.values()) != {"tags", "geometry"}:
        return None
    by_tags, by_layout = ("OLD", "NEW") if ways["OLD"] == "tags" else ("NEW", "OLD")
    return InputWarning(
        WarningKind.MIXED_READING,
        f"{by_tags} is read from its tag tree, {by_layout} from its layout alone (it has no usable tag tree, as "
        "often after a PDF is re-saved by another tool): where the layout is hard to read (columns, boxes, tables, "
        "lists) some reported changes may come from the two readings, not the text; compare copies as published "
        "where you can",
        editions=(old.name, new.name))


def _family(facts: EditionFacts) -> str | None:
    return corpus.get(facts.corpus_id).family if facts.corpus_id else None


def _titles_alike(old: EditionFacts, new: EditionFacts) -> bool:
    # Not ``titles.fold_title`` (headings) nor ``batch.pairing.normalise_title`` (pairing files):
    # two *documents'* titles, the year and the subtitle after a colon left out, only to choose
    # the words of an "unrelated" warning.
    def bare(facts: EditionFacts) -> str:
        title = facts.document.title or facts.name
        return re.sub(r"\b(19|20)\d{2}\b", "", title.split(":", 1)[0]).strip().casefold()

    return fuzz.token_set_ratio(bare(old), bare(new)) >= 100 * TITLE_ALIKE


def _unrelated(old: EditionFacts, new: EditionFacts, shared: tuple[float, float]) -> InputWarning | None:
    old_family, new_family = _family(old), _family(new)
    found = f"only {percent(shared[0])} of OLD's text and {percent(shared[1])} of NEW's is found in the other"
    if old_family and new_family:
        if old_family == new_family:
            return None  # the manifest knows they are editions of one document, however rewritten
        return InputWarning(
            WarningKind.UNRELATED,
            f"{_side('OLD', old)} and {_side('NEW', new)} are editions of different documents "
            f"({corpus.get(old.corpus_id).title} and {corpus.get(new.corpus_id).title}); {found}",  # type: ignore[arg-type]
            shared, editions=(old.name, new.name))
    if max(shared) >= UNRELATED_SHARE:
        return None
    if _titles_alike(old, new):
        message = (f"{_side('OLD', old)} and {_side('NEW', new)} have alike titles but may not be editions of one "
                   f"document: {found}; if they are, it was rewritten almost entirely, and the report is mostly "
                   "additions and removals")
    else:
        message = (f"{_side('OLD', old)} and {_side('NEW', new)} do not look like editions of one document: "
                   f"{found}, and their titles differ")
    return InputWarning(WarningKind.UNRELATED, message, shared, editions=(old.name, new.name))


def _reversed(old: EditionFacts, new: EditionFacts) -> InputWarning | None:
    if old.date is None or new.date is None:
        return None
    precision = min(sum(1 for part in date.sort_key if part) for date in (old.date, new.date))
    if old.date.sort_key[:precision] <= new.date.sort_key[:precision]:
        return None
    return InputWarning(
        WarningKind.REVERSED_DATES,
        f"{_side('OLD', old)} is dated {date_words(old.date)} ({_date_source(old.date)}), after "
        f"{_side('NEW', new)}, dated {date_words(new.date)} ({_date_source(new.date)}); the report shows the "
        "changes backwards: give the older edition first",
        editions=(old.name, new.name))


def _date_source(date: EditionDate) -> str:
    return "on its cover" if date.source == "cover" else "in the edition manifest"


# --- part of the whole -------------------------------------------------------------


def _top_sections(tree: Section) -> tuple[Section, ...]:
    """The sections a reader would call the document's parts: the root's children, below a lone title heading."""
    sections = tree.children
    while len(sections) == 1 and sections[0].children:
        sections = sections[0].children
    return sections


def _part_of_whole(old: EditionFacts, new: EditionFacts, alignment: Alignment, shares: _Shares,
                   shared: tuple[float, float]) -> InputWarning | None:
    if shared[1] >= PART_SHARE and shared[0] <= WHOLE_SHARE:
        whole, part, whole_tree, whole_doc, part_doc = "old", "new", alignment.old_tree, alignment.old, alignment.new
    elif shared[0] >= PART_SHARE and shared[1] <= WHOLE_SHARE:
        whole, part, whole_tree, whole_doc, part_doc = "new", "old", alignment.new_tree, alignment.new, alignment.old
    else:
        return None
    part_words = shares.total(part)
    regions: list[list[Section]] = []
    previous_kept = False
    for section in _top_sections(whole_tree):
        blocks = [block for block in section.all_blocks() if (whole, block.seq) in shares.words]
        words = sum(shares.words[(whole, block.seq)] for block in blocks)
        found = sum(shares.words[(whole, block.seq)] for block in blocks if (whole, block.seq) in shares.partner)
        kept = bool(words) and found / words >= REGION_SHARE and found >= REGION_MIN_SHARE_OF_PART * part_words
        if kept and previous_kept:
            regions[-1].append(section)
        elif kept:
            regions.append([section])
        previous_kept = kept if words else previous_kept  # a section without text does not end a region
    partners = [[shares.partner[(whole, block.seq)] for section in region for block in section.all_blocks()
                 if (whole, block.seq) in shares.partner] for region in regions]
    covered = sum(shares.words[(part, block.seq)] for blocks in partners for block in blocks)
    old_side, new_side = ("OLD", old), ("NEW", new)
    whole_label, whole_facts = (old_side if whole == "old" else new_side)
    part_label, part_facts = (new_side if whole == "old" else old_side)
    found = (f"{percent(shared[1 if part == 'new' else 0])} of {part_label}'s text is found in {whole_label}, "
             f"but only {percent(shared[0 if part == 'new' else 1])} of {whole_label}'s")
    if not regions or covered < REGION_COVERAGE * part_words:
        # The smaller side is found in the larger one, but not as some of its parts: an edition that
        # rewrote and added text, not a part published on its own. The report itself shows that.
        return None
    part_pages_with_text = {page for block in part_doc.blocks if (part, block.seq) in shares.words
                            for page in block.pages}
    part_tree = alignment.new_tree if part == "new" else alignment.old_tree
    matching: list[MatchingPart] = []
    for region, blocks in zip(regions, partners):
        part_span = _span_of_partners(part_tree, blocks, shares, part)
        part_all = part_span is None or set(range(part_span[0], part_span[1] + 1)) >= part_pages_with_text
        part_pages = None if part_all else _pages(part_doc, *part_span)  # type: ignore[misc]
        whole_pages = _pages(whole_doc, *_span_of_sections(region))
        old_pages, new_pages = (whole_pages, part_pages) if whole == "old" else (part_pages, whole_pages)
        matching.append(MatchingPart(old_pages, new_pages, tuple(section.heading for section in region)))
    where = " and ".join(_region_words(whole_doc, region) for region in regions)
    options = ", or ".join(item.options for item in matching)
    return InputWarning(
        WarningKind.PART_OF_WHOLE,
        f"{_side(part_label, part_facts)} matches only part of {_side(whole_label, whole_facts)}: {where}; "
        f"{found}, so the rest of {whole_label} shows as {'removed' if whole == 'old' else 'added'}. If {part_label} "
        f"is that part published on its own, compare just it: {options}",
        shared, tuple(matching), editions=(old.name, new.name))


def _span_of_sections(sections: Sequence[Section]) -> tuple[int, int]:
    pages = [page for section in sections for page in section.pages]
    return min(pages), max(pages)


def _span_of_partners(tree: Section, blocks: Sequence[Block], shares: _Shares, side: str) -> tuple[int, int] | None:
    """The pages on the part side that a region's text went to, as whole top-level sections.

    A section belongs when it holds ``PARTNER_SECTION_SHARE`` of the region's words, or
    when most of its own words (``REGION_SHARE``) came from the region: so a short
    opening section counts, and a paragraph moved far away does not stretch the span.
    Without such sections, the blocks' own pages.
    """
    if not blocks:
        return None
    sections = _top_sections(tree)
    section_of = {block.seq: index for index, section in enumerate(sections) for block in section.all_blocks()}
    from_region: dict[int, int] = {}
    for block in blocks:
        if block.seq in section_of:
            index = section_of[block.seq]
            from_region[index] = from_region.get(index, 0) + shares.words[(side, block.seq)]
    total = sum(shares.words[(side, block.seq)] for block in blocks)
    kept = []
    for index, count in sorted(from_region.items()):
        own = sum(shares.words.get((side, block.seq), 0) for block in sections[index].all_blocks())
        if count >= PARTNER_SECTION_SHARE * total or (own and count >= REGION_SHARE * own):
            kept.append(sections[index])
    if kept:
        return _span_of_sections(kept)
    pages = [page for block in blocks for page in block.pages]
    return min(pages), max(pages)


def _region_words(document: Document, region: Sequence[Section]) -> str:
    """"Part one: Safeguarding information for all staff (pp. 7–24)"."""
    first, last = _span_of_sections(region)
    pages = page_range(document.labels(tuple(range(first, last + 1))))
    heading = region[0].heading if len(region) == 1 else f"{region[0].heading} to {region[-1].heading}"
    return f"'{heading}' ({pages})"


# --------------------------------------------------------------------------- model editions


def model_notice(document: Document) -> str:
    """The notice a model edition prints on its title page ("MODEL EDITION for testing guidediff…"), or ""."""
    for block in document.blocks:
        if block.pages and block.pages[0] > 1:
            break
        if MODEL_NOTICE.search(block.text):
            return block.text.strip()
    subject = document.meta.get("Subject", "")
    return subject.strip() if MODEL_NOTICE.search(subject) else ""


def model_warning(sides: Sequence[tuple[str, EditionFacts]]) -> InputWarning | None:
    """One warning naming every side that is a bundled model edition, quoting the notices they print."""
    models: list[tuple[str, EditionFacts]] = []
    for label, facts in sides:
        if facts.file_kind == corpus.MODEL_EDITION and all(facts.document.sha256 != seen.document.sha256
                                                           for _, seen in models):
            models.append((label, facts))
    if not models:
        return None
    names = [f"{label} ({facts.name}, {facts.corpus_id})" if label else f"{facts.name} ({facts.corpus_id})"
             for label, facts in models]
    every = all(facts.file_kind == corpus.MODEL_EDITION for _, facts in sides)
    if len(models) == 1:
        subject = f"{names[0]} is guidediff's model edition"
    else:
        subject = f"{', '.join(names[:-1])} and {names[-1]} are guidediff's model editions"
    by_notice: dict[str, list[str]] = {}
    for _, facts in models:
        notice = model_notice(facts.document)
        if notice:
            by_notice.setdefault(notice, []).append(facts.corpus_id or facts.name)
    said = ""
    if len(by_notice) == 1:
        said = f": {'its' if len(models) == 1 else 'their'} title page says \u201c{next(iter(by_notice))}\u201d"
    elif by_notice:
        said = ": their title pages say " + "; ".join(
            f"{', '.join(ids)}: \u201c{notice}\u201d" for notice, ids in by_notice.items())
    rest = "" if every else f" (the other {'side is' if len(sides) == 2 else 'editions are'} not)"
    return InputWarning(
        WarningKind.MODEL_EDITION,
        f"{subject}, not the official text{rest}, so do not quote this report as the guidance{said}",
        editions=tuple(facts.name for _, facts in models))


# --------------------------------------------------------------------------- a history


def history_warnings(facts: Sequence[EditionFacts], alignments: Sequence[Alignment], order: str,
                     ) -> tuple[InputWarning, ...]:
    """What makes a history doubtful: repeated editions, editions of different documents, dates out of order,
    model editions. ``facts`` and ``alignments`` are in history order (``alignments[i]`` is ``facts[i]`` →
    ``facts[i + 1]``); ``order`` is the order actually used ("date" or "given")."""
    warnings: list[InputWarning] = []
    by_file: dict[str, list[int]] = {}
    for index, fact in enumerate(facts):
        by_file.setdefault(fact.document.sha256, []).append(index)
    for sha256, positions in by_file.items():
        if len(positions) > 1:
            given = " and ".join(f"'{facts[index].given}'" for index in positions)
            warnings.append(InputWarning(
                WarningKind.REPEATED_EDITION,
                f"{given} are the same file (SHA-256 {sha256[:12]}…): an edition given twice adds a step where "
                "nothing changes; give each edition once",
                editions=tuple(facts[index].name for index in positions)))
    families = {fact.corpus_id: _family(fact) for fact in facts if fact.corpus_id}
    known = sorted(set(families.values()) - {None})  # type: ignore[arg-type]
    if len(known) > 1:
        groups = "; ".join(f"{corpus_title(family)}: " + ", ".join(dict.fromkeys(
            fact.name for fact in facts if fact.corpus_id and families[fact.corpus_id] == family)) for family in known)
        warnings.append(InputWarning(
            WarningKind.NOT_ONE_LINEAGE,
            f"these editions are of different documents ({groups}), so they are not one lineage; give editions "
            "of one document",
            editions=tuple(dict.fromkeys(fact.name for fact in facts))))
    for before, after, alignment in zip(facts, facts[1:], alignments):
        if before.document.sha256 == after.document.sha256:
            continue
        if _family(before) and _family(after):
            continue  # the manifest decides (above)
        shared = shared_text(alignment)
        if max(shared) < UNRELATED_SHARE:
            warnings.append(InputWarning(
                WarningKind.NOT_ONE_LINEAGE,
                f"{after.name} does not look like the edition after {before.name}: only {percent(shared[0])} of "
                f"{before.name}'s text and {percent(shared[1])} of {after.name}'s is found in the other",
                shared, editions=(before.name, after.name)))
    if order == "given":
        for before, after in zip(facts, facts[1:]):
            if before.date is None or after.date is None:
                continue
            precision = min(sum(1 for part in date.sort_key if part) for date in (before.date, after.date))
            if before.date.sort_key[:precision] > after.date.sort_key[:precision]:
                warnings.append(InputWarning(
                    WarningKind.REVERSED_DATES,
                    f"{before.name} (dated {date_words(before.date)}) comes before {after.name} (dated "
                    f"{date_words(after.date)}) in the order given; use --order date, or give them oldest first",
                    editions=(before.name, after.name)))
    model = model_warning([("", fact) for fact in facts])
    if model is not None:
        warnings.append(model)
    return tuple(warnings)


def corpus_title(family: str) -> str:
    """The title of a family's editions in the manifest ("Working Together to Safeguard Children")."""
    titles = [entry.title for entry in corpus.editions() if entry.family == family]
    return min(titles, key=len) if titles else family
