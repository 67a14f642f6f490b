"""Alignment accuracy on synthetic edition pairs with known edits.

    python benchmarks/alignment.py [--pairs 20] [--seed 1] [--no-pdf] [--jobs 2] [--verbose]

Each pair is a seeded random base edition in policy-register prose (chapters of
sections of numbered paragraphs, footnotes, "see paragraph 12" cross-references)
and an edited copy with known edits:

    rename        a section heading reworded, content kept
    renumber      a chapter inserted before others, so "Chapter 3" becomes "Chapter 4"
    move-within   a section moved (two or more places) inside its chapter
    move-across   a section moved into another chapter
    split         a section cut in two (1 -> 2), or
    merge         two neighbouring sections joined (2 -> 1)
    insert        a new section (and the inserted chapter with its sections)
    delete        a section dropped
    para-insert / para-delete / reword   paragraphs added, dropped, a sentence reworded
    footnote      a footnote inserted early, renumbering every later footnote
    xref          "see paragraph 12" -> "see paragraph 13" only because paragraphs were renumbered

Both editions are rendered to PDF with ``guidediff.testing.pdfgen.render`` and
read back, so the reader is measured too; ``--no-pdf`` builds the ``Document``s
straight from the typesetter's ground-truth layout instead, which separates
reader errors from aligner errors. Then ``align`` and ``build_report`` run and
their output is compared with the truth.

How the comparison works (the definitions the numbers mean):

- Every section (chapter or section heading) has a generator id. Headings are
  unique within a pair, so a section the pipeline found is mapped back to its id
  by its heading text (normalised; a fuzzy fallback at ratio >= 90 is counted as
  "fuzzy heading" and an unmapped heading is reported as a reader error).
- A *section link* is (set of old ids, set of new ids): ({a}, {a}) for a kept
  section, ({a}, {a1, a2}) for a split, ({a, b}, {m}) for a merge, ((), {n}) for
  an added and ({d}, ()) for a removed one. Precision / recall / F1 compare the
  set of links the aligner made (front matter left out) with the true set.
  "typed" F1 also requires the link's kind to be the true one (split/merged >
  moved > renamed > renumbered > matched, the aligner's own precedence).
  "edited F1" is the same score over only the links that carry an edit
  (everything except plain matched sections), which the many unchanged
  sections cannot inflate.
- Recall per edit kind: an edit is found when the aligner made exactly its link
  with the matching kind or flag (rename -> "renamed", renumber -> "renumbered",
  moves -> "moved" with "new-position" / "new-parent", split, merged, added,
  removed). Paragraph edits are found when the report has a substantive change
  on that paragraph of the right kind; an xref edit is found when the report
  shows the paragraph as a *bookkeeping* (non-substantive) change.
- Bookkeeping errors: a report change is *real* when it touches a paragraph,
  footnote or heading the generator really changed (inserted, deleted,
  reworded, renamed heading). "bookkeeping->substantive" counts substantive
  changes that touch nothing real (a cross-reference or footnote renumbering,
  a chapter renumbered, or unchanged text the aligner mis-paired);
  "real->bookkeeping" counts real changes marked non-substantive.
- "false moves" counts links flagged moved that the truth does not move.

No assertions: this prints tables. The quality bars (DESIGN.md) are section-link
F1 >= 0.98, moves and splits/merges >= 0.95 recall, zero bookkeeping changes
marked substantive.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process

# --- policy-register prose ------------------------------------------------------------

SUBJECTS = ("Local authorities", "Safeguarding partners", "Schools and colleges", "Health professionals",
            "The designated safeguarding lead", "Practitioners", "Governing bodies", "Police forces",
            "Social workers", "Early help services", "Integrated care boards", "Multi-agency teams",
            "Youth offending teams", "Proprietors", "Headteachers", "Designated officers")
MODALS = ("should", "must", "are expected to", "may", "will need to", "are required to")
VERBS = ("ensure that", "make sure that", "consider whether", "record how", "agree how", "set out how",
         "review whether", "explain to families how", "check that", "be satisfied that")
OBJECTS = ("information is shared in a timely way", "the child's views are recorded", "concerns are escalated without delay",
           "assessments are proportionate to the level of need", "the lead practitioner is named in the plan",
           "referrals are acknowledged within one working day", "staff receive regular safeguarding training",
           "records are kept securely and accurately", "parents and carers are involved in decisions",
           "thresholds for intervention are understood locally", "the voice of the child shapes the support offered",
           "children at risk of exploitation are identified early", "transitions between services are well planned",
           "learning from reviews is disseminated", "disagreements between agencies are resolved quickly",
           "support continues until the plan's outcomes are met", "consent is sought where it is appropriate",
           "the local offer of early help is published", "allegations against staff are reported to the designated officer",
           "decisions and the reasons for them are written down")
TAILS = ("", " within one working day", " in line with local arrangements", " and keep this under review",
         " when a child moves school", " as part of the assessment", " at every stage of the process",
         " wherever it is safe to do so", " in partnership with other agencies", " before the case is closed")
TOPICS = ("Information sharing", "Early help", "Child protection conferences", "Allegations against staff",
          "Online safety", "Children missing education", "Private fostering", "Contextual safeguarding",
          "Elective home education", "Serious violence", "Mental health", "Looked-after children", "Care leavers",
          "Domestic abuse", "Child criminal exploitation", "Child sexual exploitation", "Female genital mutilation",
          "Forced marriage", "Radicalisation", "Modern slavery", "Homelessness", "Young carers",
          "Children with disabilities", "Safer recruitment", "Record keeping", "Supervision and training",
          "Escalation and resolution", "Multi-agency audits", "Local threshold documents", "Child death reviews",
          "Serious incident notification", "Rapid reviews", "Section 47 enquiries", "Strategy discussions",
          "Designated teachers", "Alternative provision", "Children in custody", "Youth justice", "Neglect",
          "Parental substance misuse", "Bullying", "Harmful sexual behaviour", "Attendance", "Whistleblowing")
QUALIFIERS = ("", "", " in schools", " in health settings", " and the role of the police", " at the front door",
              " for voluntary organisations", ": practice points", " in the early years", " across local areas")
RENAMES = ("Responding to concerns", "Keeping children safe", "Recognising harm", "Help for families",
           "Duties of organisations", "Working with parents", "Sharing concerns", "Effective support",
           "Principles of practice", "Decision making", "Planning and review", "Oversight and scrutiny")
CHAPTERS = ("Assessing need and providing help", "Organisational responsibilities", "Multi-agency arrangements",
            "Learning from serious incidents", "Working with families", "Information and records",
            "Roles of practitioners", "Protecting children from harm", "Leadership and accountability",
            "Support for vulnerable groups", "Local criteria for action", "Quality assurance")


CONTEXT_WORDS = ("assessment referral consent escalation threshold planning review supervision disclosure "
                 "exploitation neglect attendance transition placement custody housing tenancy benefits "
                 "interpreter advocacy disability therapy medication prescription tribunal adoption kinship "
                 "fostering residential boarding hostel curfew gang county-lines grooming trafficking "
                 "radicalisation extremism prevent channel mosque church sports club tutor coach volunteer "
                 "nursery childminder midwife health-visitor paediatrician dentist pharmacy ambulance hospital "
                 "emergency outpatient clinic counsellor psychologist psychiatrist probation prison court "
                 "magistrates solicitor guardian cafcass ofsted inspectorate commissioner ombudsman").split()


ADJECTIVES = ("local", "statutory", "early", "timely", "proportionate", "multi-agency", "written", "named",
              "vulnerable", "specialist", "universal", "targeted", "independent", "regular", "clear", "shared",
              "appropriate", "relevant", "serious", "urgent", "ongoing", "formal", "informal", "initial",
              "detailed", "agreed", "annual", "secure", "effective", "consistent")
NOUNS = ("assessment", "referral", "consent", "threshold", "plan", "review", "supervision", "disclosure", "record",
         "placement", "custody", "housing", "interpreter", "advocacy", "therapy", "medication", "tribunal",
         "adoption", "fostering", "curfew", "grooming", "trafficking", "nursery", "childminder", "midwife",
         "paediatrician", "pharmacy", "hospital", "clinic", "counsellor", "psychologist", "probation", "court",
         "guardian", "inspectorate", "commissioner", "attendance", "exclusion", "transport", "tenancy", "benefit",
         "helpline", "panel", "audit", "budget", "contract", "complaint", "apprenticeship", "college", "tutor",
         "coach", "volunteer", "chaplain", "caretaker", "landlord", "employer", "sibling", "grandparent", "carer")
PREPOSITIONS = ("for", "with", "through", "after", "before", "under", "alongside", "despite", "about", "within")


def _phrase(rng: random.Random) -> str:
    return f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"


def sentence(rng: random.Random, topic: str = "") -> str:
    """One sentence of guidance: stock openings, then noun phrases drawn from a wide vocabulary.

    Real guidance shares stock phrases ("local authorities should") between
    unrelated sections but little else; so does this text. ``topic`` (the
    section's title) comes back now and then, as it does in real sections.
    """
    parts = [f"{rng.choice(SUBJECTS)} {rng.choice(MODALS)} {rng.choice(VERBS)} {_phrase(rng)} "
             f"{rng.choice(PREPOSITIONS)} {_phrase(rng)}"]
    if topic and rng.random() < 0.3:
        parts.append(f" in cases of {topic.lower()}")
    if rng.random() < 0.6:
        parts.append(f" {rng.choice(PREPOSITIONS)} {_phrase(rng)} and {rng.choice(NOUNS)}")
    parts.append(rng.choice(TAILS))
    return "".join(parts) + "."


# --- the generator's model of an edition --------------------------------------------------

@dataclass
class Para:
    pid: str
    sentences: list[str]
    footnote: tuple[str, str] | None = None  # (footnote id, text)
    xref: str | None = None  # pid of the paragraph cited as "see paragraph N"


@dataclass
class Sect:
    sid: str
    title: str
    paras: list[Para]


@dataclass
class Chapter:
    cid: str
    title: str
    intro: Para
    sections: list[Sect]


@dataclass
class Truth:
    links: set[tuple[frozenset[str], frozenset[str], str]] = field(default_factory=set)  # (old ids, new ids, kind)
    edits: list[tuple[str, tuple]] = field(default_factory=list)  # (edit kind, what identifies it)
    real_old: set[str] = field(default_factory=set)  # ids (pid, fid or "h:"+sid) really changed on the old side
    real_new: set[str] = field(default_factory=set)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counter = 0
        self.titles: set[str] = set()

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def para(self, topic: str = "", sentences: int | None = None) -> Para:
        count = sentences or self.rng.randint(2, 4)
        return Para(self.new_id("p"), [sentence(self.rng, topic) for _ in range(count)])

    def title(self, pool: tuple[str, ...] = TOPICS, qualifiers: tuple[str, ...] = QUALIFIERS) -> str:
        for attempt in range(10_000):
            title = self.rng.choice(pool) + self.rng.choice(qualifiers)
            if attempt > 50:  # a long document has used up the plain combinations
                title += f" ({self.rng.choice(SUBJECTS).lower()}, {self.rng.choice(NOUNS)})"
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise RuntimeError("no unused title left")

    def section(self, paras: int | None = None) -> Sect:
        title = self.title()
        return Sect(self.new_id("s"), title, [self.para(title) for _ in range(paras or self.rng.randint(2, 6))])

    def chapter(self) -> Chapter:
        return Chapter(self.new_id("c"), self.title(CHAPTERS, ("",) * 3 + (" in practice", ": overview")),
                       self.para(), [self.section() for _ in range(self.rng.randint(3, 5))])

    def base(self, chapters: int) -> list[Chapter]:
        book = [self.chapter() for _ in range(chapters)]
        paras = [para for chapter in book for para in _paras_of(chapter)]
        for para in paras:
            roll = self.rng.random()
            if roll < 0.12:
                para.footnote = (self.new_id("f"), self.footnote_text())
            elif roll < 0.24:
                para.xref = self.rng.choice(paras).pid
        return book

    def footnote_text(self) -> str:
        return f"{self.rng.choice(TOPICS)} guidance, {self.rng.choice(('HM Government', 'Department for Education', 'Home Office'))}, {self.rng.randint(2010, 2024)}."


def _paras_of(chapter: Chapter) -> list[Para]:
    return [chapter.intro] + [para for section in chapter.sections for para in section.paras]


def _all_paras(book: list[Chapter]) -> list[Para]:
    return [para for chapter in book for para in _paras_of(chapter)]


def _copy(book: list[Chapter]) -> list[Chapter]:
    def para(p: Para) -> Para:
        return Para(p.pid, list(p.sentences), p.footnote, p.xref)
    return [Chapter(c.cid, c.title, para(c.intro), [Sect(s.sid, s.title, [para(p) for p in s.paras]) for s in c.sections])
            for c in book]


def make_pair(seed: int, chapters: int = 7) -> tuple[list[Chapter], list[Chapter], Truth]:
    """A base edition, its edited copy and the truth about what changed."""
    gen = Generator(seed)
    rng = gen.rng
    old = gen.base(chapters)
    new = _copy(old)
    truth = Truth()
    cited = {para.xref for para in _all_paras(old) if para.xref}
    used: set[str] = set()  # sections already given an edit: one edit per section keeps the truth unambiguous
    kinds: dict[str, str] = {}  # section/chapter id -> its true link kind when not "matched"

    calm: set[str] = set()  # chapters whose order must stay unambiguous: no other section edit lands there

    def pick_section(condition=lambda chapter, section: True) -> tuple[Chapter, Sect]:  # noqa: ANN001
        choices = [(c, s) for c in new for s in c.sections
                   if s.sid not in used and c.cid not in calm and condition(c, s)]
        chapter, section = rng.choice(choices)
        used.add(section.sid)
        return chapter, section

    # rename
    for _ in range(2):
        _, section = pick_section()
        section.title = gen.title(RENAMES, ("",) * 2 + tuple(f" {word}" for word in ("in practice", "locally", "for all agencies")))
        kinds[section.sid] = "renamed"
        truth.edits.append(("rename", (section.sid,)))
        truth.real_new.add("h:" + section.sid)

    # move within a chapter, by two or more places so that exactly one section is out of order
    chapter, section = pick_section(lambda c, s: len(c.sections) >= 3)
    position = chapter.sections.index(section)
    targets = [t for t in range(len(chapter.sections)) if abs(t - position) >= 2]
    calm.add(chapter.cid)  # another edit beside it could make a different section the one "out of order"
    if targets:
        chapter.sections.remove(section)
        chapter.sections.insert(rng.choice(targets), section)
        kinds[section.sid] = "moved"
        truth.edits.append(("move-within", (section.sid,)))

    # move across chapters
    source, section = pick_section()
    destination = rng.choice([c for c in new if c is not source and c.cid not in calm])
    source.sections.remove(section)
    destination.sections.insert(rng.randint(0, len(destination.sections)), section)
    kinds[section.sid] = "moved"
    truth.edits.append(("move-across", (section.sid,)))

    # split 1 -> 2
    chapter, section = pick_section(lambda c, s: len(s.paras) >= 4)
    cut = len(section.paras) // 2
    first = Sect(gen.new_id("s"), section.title if rng.random() < 0.5 else gen.title(), section.paras[:cut])
    second = Sect(gen.new_id("s"), gen.title(), section.paras[cut:])
    position = chapter.sections.index(section)
    chapter.sections[position:position + 1] = [first, second]
    truth.links.add((frozenset({section.sid}), frozenset({first.sid, second.sid}), "split"))
    truth.edits.append(("split", (section.sid,)))
    used.update((first.sid, second.sid))
    truth.real_new.update("h:" + part.sid for part in (first, second) if part.title != section.title)

    # merge 2 -> 1: two neighbours in one chapter
    pairs = [(c, i) for c in new if c.cid not in calm for i in range(len(c.sections) - 1)
             if c.sections[i].sid not in used and c.sections[i + 1].sid not in used]
    chapter, position = rng.choice(pairs)
    a, b = chapter.sections[position], chapter.sections[position + 1]
    merged = Sect(gen.new_id("s"), a.title if rng.random() < 0.5 else f"{a.title} and {b.title.lower()}", a.paras + b.paras)
    chapter.sections[position:position + 2] = [merged]
    used.update((a.sid, b.sid, merged.sid))
    truth.links.add((frozenset({a.sid, b.sid}), frozenset({merged.sid}), "merged"))
    truth.edits.append(("merge", (a.sid, b.sid)))
    if merged.title != a.title:
        truth.real_new.add("h:" + merged.sid)

    # delete a section (none of its paragraphs cited elsewhere)
    chapter, section = pick_section(lambda c, s: not any(p.pid in cited for p in s.paras))
    chapter.sections.remove(section)
    kinds[section.sid] = "removed"
    truth.edits.append(("delete", (section.sid,)))
    truth.real_old.update(p.pid for p in section.paras)
    truth.real_old.update(p.footnote[0] for p in section.paras if p.footnote)

    # insert a section
    chapter = rng.choice([c for c in new if c.cid not in calm])
    inserted = gen.section()
    chapter.sections.insert(rng.randint(0, len(chapter.sections)), inserted)
    kinds[inserted.sid] = "added"
    used.add(inserted.sid)
    truth.edits.append(("insert", (inserted.sid,)))
    truth.real_new.update(p.pid for p in inserted.paras)

    # insert a chapter before others: every later chapter is renumbered
    position = rng.randint(1, len(new) - 2)
    added_chapter = gen.chapter()
    new.insert(position, added_chapter)
    kinds[added_chapter.cid] = "added"
    truth.edits.append(("insert", (added_chapter.cid,)))
    for section in added_chapter.sections:
        kinds[section.sid] = "added"
        used.add(section.sid)
        truth.edits.append(("insert", (section.sid,)))
    truth.real_new.update(p.pid for p in _paras_of(added_chapter))
    for chapter in new[position + 1:]:
        kinds[chapter.cid] = "renumbered"
        truth.edits.append(("renumber", (chapter.cid,)))

    # paragraph edits, in sections no other edit touched
    def pick_para(condition=lambda p: True) -> tuple[Sect, Para]:  # noqa: ANN001
        choices = [(s, p) for c in new for s in c.sections if s.sid not in used for p in s.paras
                   if p.pid not in touched and condition(p)]
        return rng.choice(choices)

    touched: set[str] = set()
    for _ in range(2):
        section, para = pick_para(lambda p: p.pid not in cited and len(p.sentences) >= 1)
        if len(section.paras) > 1:
            section.paras.remove(para)
            truth.edits.append(("para-delete", (para.pid,)))
            truth.real_old.add(para.pid)
            if para.footnote:
                truth.real_old.add(para.footnote[0])
    for _ in range(2):
        section, para = pick_para()
        added = gen.para(section.title)
        section.paras.insert(section.paras.index(para) + rng.randint(0, 1), added)
        touched.update((para.pid, added.pid))
        truth.edits.append(("para-insert", (added.pid,)))
        truth.real_new.add(added.pid)
    for _ in range(2):
        section, para = pick_para(lambda p: len(p.sentences) >= 2)
        touched.add(para.pid)
        where = rng.randrange(len(para.sentences))
        words = para.sentences[where].rstrip(".").split()
        para.sentences[where] = " ".join(words[:-2] + ["promptly", "and", "with", "care"]) + "."
        truth.edits.append(("reword", (para.pid,)))
        truth.real_old.add(para.pid)
        truth.real_new.add(para.pid)

    # a footnote inserted early renumbers every later footnote
    early = [p for p in _paras_of(new[0]) + _paras_of(new[1]) if p.footnote is None and p.pid not in touched]
    host = rng.choice(early)
    host.footnote = (gen.new_id("f"), gen.footnote_text())
    truth.edits.append(("footnote", (host.footnote[0],)))
    truth.real_new.add(host.footnote[0])

    # cross-references that only follow the renumbering
    old_numbers, new_numbers = _numbers(old), _numbers(new)
    new_paras = {p.pid: p for p in _all_paras(new)}
    for para in _all_paras(old):
        if (para.xref and para.pid in new_paras and para.pid not in truth.real_new
                and old_numbers[para.xref] != new_numbers.get(para.xref) and para.xref in new_numbers):
            truth.edits.append(("xref", (para.pid,)))

    # every section's true link
    old_ids = {c.cid for c in old} | {s.sid for c in old for s in c.sections}
    new_ids = {c.cid for c in new} | {s.sid for c in new for s in c.sections}
    in_split_or_merge = {i for link in truth.links for side in link[:2] for i in side}
    for identifier in sorted(old_ids | new_ids):
        if identifier in in_split_or_merge:
            continue
        kind = kinds.get(identifier, "matched")
        old_side = frozenset({identifier}) if identifier in old_ids else frozenset()
        new_side = frozenset({identifier}) if identifier in new_ids else frozenset()
        truth.links.add((old_side, new_side, kind))
    return old, new, truth


def _numbers(book: list[Chapter]) -> dict[str, int]:
    return {para.pid: number for number, para in enumerate(_all_paras(book), start=1)}


# --- rendering -----------------------------------------------------------------------

def para_text(para: Para, numbers: dict[str, int], marker: bool) -> str:
    words = " ".join(para.sentences)
    if para.footnote and marker:
        cut = words.index(" ", len(words) // 3)
        words = words[:cut] + f"[^{para.footnote[0]}]" + words[cut:]
    if para.xref:
        words += f" See paragraph {numbers[para.xref]} for more detail."
    return words


def to_spec(book: list[Chapter], title: str):  # noqa: ANN201 - a DocSpec
    from guidediff.testing.spec import DocSpec, Footnote, Heading
    from guidediff.testing.spec import Para as SpecPara

    numbers = _numbers(book)
    body: list = []
    owners: list[tuple[str, str]] = []  # per body element: (what, generator id)

    def add_para(para: Para) -> None:
        body.append(SpecPara(para_text(para, numbers, marker=True), number=str(numbers[para.pid])))
        owners.append(("para", para.pid))
        if para.footnote:
            body.append(Footnote(*para.footnote))
            owners.append(("footnote", para.footnote[0]))

    for number, chapter in enumerate(book, start=1):
        body.append(Heading(f"Chapter {number}: {chapter.title}", 1))
        owners.append(("heading", chapter.cid))
        add_para(chapter.intro)
        for section in chapter.sections:
            body.append(Heading(section.title, 2))
            owners.append(("heading", section.sid))
            for para in section.paras:
                add_para(para)
    spec = DocSpec(title=title, subtitle="Statutory guidance", date="September 2025", publisher="HM Government",
                   running_header=title, body=tuple(body))
    return spec, owners


def text_index(book: list[Chapter]) -> dict[str, str]:
    """Normalised text of every heading, paragraph and footnote body -> its generator id ("h:" for headings)."""
    from guidediff.textdiff import normalise

    numbers = _numbers(book)
    index: dict[str, str] = {}
    for number, chapter in enumerate(book, start=1):
        index[normalise(f"Chapter {number}: {chapter.title}")] = "h:" + chapter.cid
        for section in chapter.sections:
            index[normalise(section.title)] = "h:" + section.sid
        for para in _paras_of(chapter):
            index[normalise(para_text(para, numbers, marker=False))] = para.pid
            if para.footnote:
                index[normalise(para.footnote[1])] = para.footnote[0]
    return index


def document_from_layout(spec, layout, path: str):  # noqa: ANN001, ANN201 - DocSpec, Layout -> Document
    """The Document a perfect reader would return: built from the typesetter's ground truth."""
    from guidediff.document import Block, BlockKind, Document, FootnoteRef, OutlineEntry, Page
    from guidediff.testing.spec import Footnote, Heading
    from guidediff.testing.spec import Para as SpecPara

    drafts: list[tuple[tuple[int, int, int], Block]] = []
    outline = []
    for index, (element, placement) in enumerate(zip(spec.body, layout.elements)):
        if isinstance(element, Heading):
            size = {1: 18.0, 2: 14.0, 3: 12.0}[element.level]
            block = Block(BlockKind.HEADING, placement.text, placement.pages, level=element.level, bold=True, font_size=size)
            outline.append(OutlineEntry(placement.text, element.level, placement.pages[0]))
        elif isinstance(element, SpecPara):
            refs = tuple(FootnoteRef(str(number), offset) for number, offset in placement.footnote_refs)
            block = Block(BlockKind.PARAGRAPH, placement.text, placement.pages, page_offsets=placement.page_offsets,
                          number=element.number, footnote_refs=refs, font_size=11.0)
        elif isinstance(element, Footnote):
            continue
        else:
            continue
        drafts.append(((placement.pages[0], 0, index), block))
    for footnote in layout.footnotes:
        block = Block(BlockKind.FOOTNOTE, footnote.text, (footnote.page,), number=str(footnote.number), font_size=8.0)
        drafts.append(((footnote.page, 1, footnote.number), block))
    drafts.sort(key=lambda item: item[0])
    blocks = tuple(replace(block, seq=seq) for seq, (_, block) in enumerate(drafts))
    pages = tuple(Page(index, label) for index, label in enumerate(layout.labels))
    return Document(spec.title, path, "0" * 64, pages, blocks, tuple(outline), outline_source="bookmarks")


# --- one pair ------------------------------------------------------------------------

KIND_FLAG = {"rename": "renamed", "renumber": "renumbered", "move-within": "new-position", "move-across": "new-parent",
             "split": "split", "merge": "merged", "insert": "added", "delete": "removed"}


def run_pair(seed: int, use_pdf: bool, workdir: str) -> dict:
    from guidediff.align import align
    from guidediff.pdf.reader import read_pdf
    from guidediff.report.build import build_report
    from guidediff.textdiff import normalise

    old_book, new_book, truth = make_pair(seed)
    documents = []
    timings = Counter()
    for side, book in (("old", old_book), ("new", new_book)):
        spec, _ = to_spec(book, "Working together to protect children")
        start = time.perf_counter()
        if use_pdf:
            from guidediff.testing.pdfgen import render

            path = Path(workdir) / f"pair{seed}-{side}.pdf"
            render(spec, path)
            timings["render"] += time.perf_counter() - start
            start = time.perf_counter()
            documents.append(read_pdf(path))
            timings["read"] += time.perf_counter() - start
        else:
            from guidediff.testing.paginate import typeset

            documents.append(document_from_layout(spec, typeset(spec).layout, f"pair{seed}-{side}"))
            timings["render"] += time.perf_counter() - start
    start = time.perf_counter()
    alignment = align(*documents)
    timings["align"] += time.perf_counter() - start
    start = time.perf_counter()
    report = build_report(alignment)
    timings["report"] += time.perf_counter() - start

    indexes = {"old": text_index(old_book), "new": text_index(new_book)}
    problems: list[str] = []
    fuzzy = Counter()

    def identify(side: str, text: str) -> str:
        index = indexes[side]
        key = normalise(text)
        found = index.get(key)
        if found is not None:
            return found
        best = process.extractOne(key, list(index), scorer=fuzz.ratio, score_cutoff=90)
        if best is not None:
            fuzzy[side] += 1
            return index[best[0]]
        problems.append(f"{side}: unknown text {text[:70]!r}")
        return f"?{text[:40]}"

    def section_id(side: str, section) -> str:  # noqa: ANN001
        found = identify(side, section.heading)
        return found[2:] if found.startswith("h:") else f"?{found}"

    predicted: set[tuple[frozenset[str], frozenset[str], str]] = set()
    flags: dict[tuple[frozenset[str], frozenset[str]], tuple[str, ...]] = {}
    for link in alignment.sections:
        if any(section.heading_block is None for section in link.old + link.new):
            continue  # the front matter
        key = (frozenset(section_id("old", s) for s in link.old), frozenset(section_id("new", s) for s in link.new))
        predicted.add((*key, link.kind))
        flags[key] = link.flags + (link.kind,)

    def prf(true: set, found: set) -> tuple[int, int, int]:
        return len(true & found), len(found), len(true)

    untyped_true = {(o, n) for o, n, _ in truth.links}
    untyped_found = {(o, n) for o, n, _ in predicted}
    edited_true = {link for link in truth.links if link[2] != "matched"}
    edited_found = {link for link in predicted if link[2] != "matched"}
    true_moves = {(o, n) for o, n, kind in truth.links if kind == "moved"}
    false_moves = [f"{sorted(key[0])} -> {sorted(key[1])} {fl}" for key, fl in flags.items()
                   if "moved" in fl and key not in true_moves]

    # edits found
    found_edits: dict[str, list[bool]] = {}
    substantive_new: dict[str, set[str]] = {"added": set(), "modified": set(), "removed": set()}
    bookkeeping_new: set[str] = set()
    false_substantive: list[str] = []
    real_as_bookkeeping: list[str] = []
    for change in report.changes:
        old_id = identify("old", change.old.text) if change.old else None
        new_id = identify("new", change.new.text) if change.new else None
        real = (old_id in truth.real_old) or (new_id in truth.real_new)
        if change.substantive:
            if change.kind in substantive_new:
                substantive_new[change.kind].add(new_id if change.new else old_id)
            if not real:
                why = "same item" if old_id == new_id else "mis-paired"
                false_substantive.append(f"{why} {change.kind} {old_id}->{new_id}: "
                                         f"{(change.new or change.old).text[:60]!r}")
        else:
            bookkeeping_new.add(new_id)
            if real:
                real_as_bookkeeping.append(f"{change.kind} {old_id}->{new_id}")
    for kind, what in truth.edits:
        if kind in KIND_FLAG:
            ids = frozenset(what)
            match = [key for key in flags if (ids <= key[0] if kind in ("delete", "merge", "split", "rename",
                                                                        "move-within", "move-across", "renumber")
                                              else ids <= key[1])]
            if kind == "insert":
                match = [key for key in flags if key == (frozenset(), ids)]
            elif kind == "delete":
                match = [key for key in flags if key == (ids, frozenset())]
            elif kind in ("split", "merge"):
                wanted = next((o, n) for o, n, k in truth.links if o == ids)
                match = [key for key in flags if key == wanted]
            else:
                match = [key for key in flags if key == (ids, ids)]
            ok = any(KIND_FLAG[kind] in flags[key] for key in match)
        elif kind == "para-insert":
            ok = what[0] in substantive_new["added"]
        elif kind == "para-delete":
            ok = what[0] in substantive_new["removed"]
        elif kind == "reword":
            ok = what[0] in substantive_new["modified"]
        elif kind == "footnote":
            ok = what[0] in substantive_new["added"]
        elif kind == "xref":
            ok = what[0] in bookkeeping_new
        else:
            raise AssertionError(kind)
        found_edits.setdefault(kind, []).append(ok)
        if not ok:
            problems.append(f"missed {kind} {what}")
    return {
        "seed": seed,
        "pages": (len(documents[0].pages), len(documents[1].pages)),
        "untyped": prf(untyped_true, untyped_found),
        "typed": prf(truth.links, predicted),
        "edited": prf(edited_true, edited_found),
        "false_moves": false_moves,
        "edits": found_edits,
        "false_substantive": false_substantive,
        "real_as_bookkeeping": real_as_bookkeeping,
        "fuzzy": sum(fuzzy.values()),
        "problems": problems,
        "timings": dict(timings),
        "missing_links": sorted(_show(l) for l in truth.links - predicted),
        "extra_links": sorted(_show(l) for l in predicted - truth.links),
    }


def _show(link: tuple) -> str:
    old, new, kind = link
    return f"{kind}: {sorted(old)} -> {sorted(new)}"


# --- tables --------------------------------------------------------------------------

def f1(hit: int, found: int, true: int) -> tuple[float, float, float]:
    precision = hit / found if found else 1.0
    recall = hit / true if true else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="seed of the first pair; pair k uses seed + k")
    parser.add_argument("--no-pdf", action="store_true", help="build Documents from the typesetter's layout, skip the reader")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verbose", action="store_true", help="list every missed edit and wrong link")
    arguments = parser.parse_args()

    started = time.perf_counter()
    seeds = [arguments.seed + k for k in range(arguments.pairs)]
    with tempfile.TemporaryDirectory(prefix="guidediff-align-bench-") as workdir:
        if arguments.jobs > 1:
            with ProcessPoolExecutor(arguments.jobs) as pool:
                results = list(pool.map(run_pair, seeds, [not arguments.no_pdf] * len(seeds), [workdir] * len(seeds)))
        else:
            results = [run_pair(seed, not arguments.no_pdf, workdir) for seed in seeds]

    mode = "typesetter layout -> Document (no PDF, no reader)" if arguments.no_pdf else "PDF rendered and read back"
    pages = [p for r in results for p in r["pages"]]
    print(f"{len(results)} pairs, seeds {seeds[0]}..{seeds[-1]}, {mode}; "
          f"{min(pages)}-{max(pages)} pages per edition; {time.perf_counter() - started:.1f} s wall")
    print()
    header = f"{'section links':22} {'precision':>9} {'recall':>7} {'F1':>7} {'median F1':>9} {'min F1':>7}"
    print(header)
    print("-" * len(header))
    for name, label in (("untyped", "old/new sets"), ("typed", "sets + kind"), ("edited", "edited links (typed)")):
        totals = [sum(r[name][k] for r in results) for k in range(3)]
        per_pair = [f1(*r[name])[2] for r in results]
        precision, recall, score = f1(*totals)
        print(f"{label:22} {precision:9.3f} {recall:7.3f} {score:7.3f} {statistics.median(per_pair):9.3f} {min(per_pair):7.3f}")
    print()
    header = f"{'edit kind':14} {'found':>6} {'of':>5} {'recall':>7}"
    print(header)
    print("-" * len(header))
    order = ("rename", "renumber", "move-within", "move-across", "split", "merge", "insert", "delete",
             "para-insert", "para-delete", "reword", "footnote", "xref")
    for kind in order:
        outcomes = [ok for r in results for ok in r["edits"].get(kind, [])]
        if outcomes:
            print(f"{kind:14} {sum(outcomes):6d} {len(outcomes):5d} {sum(outcomes) / len(outcomes):7.3f}")
    moves = [ok for r in results for kind in ("move-within", "move-across") for ok in r["edits"].get(kind, [])]
    splits = [ok for r in results for kind in ("split", "merge") for ok in r["edits"].get(kind, [])]
    print(f"{'moves (both)':14} {sum(moves):6d} {len(moves):5d} {sum(moves) / len(moves):7.3f}")
    print(f"{'split+merge':14} {sum(splits):6d} {len(splits):5d} {sum(splits) / len(splits):7.3f}")
    print()
    counts = {
        "bookkeeping/unchanged marked substantive": sum(len(r["false_substantive"]) for r in results),
        "real changes marked bookkeeping": sum(len(r["real_as_bookkeeping"]) for r in results),
        "links wrongly flagged moved": sum(len(r["false_moves"]) for r in results),
        "texts mapped back only fuzzily": sum(r["fuzzy"] for r in results),
        "texts not mapped back (reader?)": sum(1 for r in results for p in r["problems"] if "unknown text" in p),
    }
    header = f"{'error counts (all pairs)':42} {'total':>6} {'median/pair':>11}"
    print(header)
    print("-" * len(header))
    for name, total in counts.items():
        key = {"bookkeeping/unchanged marked substantive": "false_substantive",
               "real changes marked bookkeeping": "real_as_bookkeeping"}.get(name)
        per_pair = [len(r[key]) for r in results] if key else [0]
        print(f"{name:42} {total:6d} {statistics.median(per_pair) if key else '':>11}")
    print()
    stage = {name: statistics.median(r["timings"].get(name, 0.0) for r in results) for name in ("render", "read", "align", "report")}
    print("median seconds per pair: " + ", ".join(f"{name} {value:.2f}" for name, value in stage.items()
                                                  if value or name != "read"))
    if arguments.verbose:
        for r in results:
            lines = r["problems"] + [f"missing link {l}" for l in r["missing_links"]] + \
                [f"extra link {l}" for l in r["extra_links"]] + [f"false substantive {l}" for l in r["false_substantive"]] + \
                [f"real as bookkeeping {l}" for l in r["real_as_bookkeeping"]] + \
                [f"false move {l}" for l in r["false_moves"]]
            if lines:
                print(f"\nseed {r['seed']}:")
                for line in lines:
                    print("  " + line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
