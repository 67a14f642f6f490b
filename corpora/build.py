"""Build and check guidediff's bundled MODEL EDITIONS.

A model edition is a PDF generated from ``corpora/sources/<id>.gdm`` (the markup of
``guidediff.testing.markup``) by guidediff's deterministic typesetter. It reproduces the
published structure of a real edition and the documented changes between editions, in
paraphrased wording; it is not the official text. See ``corpora/README.md``.

Usage::

    python corpora/build.py              # build every model into guidediff/data/editions/
    python corpora/build.py wt-2015      # build one (or several) by id
    python corpora/build.py --check      # verify the committed PDFs are up to date

Every PDF is checked after it is built (or, with ``--check``, as committed) by reading it
back with pypdf, independently of guidediff's own reader: page labels, a printed page
number on every page, headings and required text on the printed pages the facts give,
text that must not appear, the model-edition notice on the title page and in the
metadata. The passages that FACTS.md quotes verbatim from the 2015 publications are
checked word for word on their printed pages (and as many times as the facts say they
occur), named by the title-page notice, and absent from the older models of the same
series. A build writes each model's SHA-256 into the manifest
(``guidediff/data/editions.toml``, ``model_sha256``); ``--check`` fails when the manifest
and a committed PDF disagree. The script exits with status 1 and one line per problem
when a check fails or a committed PDF is stale, and 2 on a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpora" / "sources"
OUTPUT = ROOT / "guidediff" / "data" / "editions"
MANIFEST = ROOT / "guidediff" / "data" / "editions.toml"

# Run from a checkout without installing guidediff.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MODEL_NOTICE = "MODEL EDITION"
NOT_OFFICIAL = "Not the official text"

# Concepts that FACTS.md documents as new in Working Together 2015. They must not appear
# anywhere in the 2010 and 2013 models (appendices included). Case-sensitive patterns
# are acronyms and the programme name, which would otherwise match ordinary words.
FORBIDDEN_BEFORE_2015: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, flags))
    for label, pattern, flags in (
        ("sexual exploitation", r"sexual\s+exploitation", re.IGNORECASE),
        ("sexually exploited", r"sexually\s+exploited", re.IGNORECASE),
        ("CSE", r"\bCSE\b", 0),
        ("genital mutilation", r"genital\s+mutilation", re.IGNORECASE),
        ("FGM", r"\bFGM\b", 0),
        ("radicalis", r"radicalis", re.IGNORECASE),
        ("radicaliz", r"radicaliz", re.IGNORECASE),
        ("extremis", r"extremis", re.IGNORECASE),
        ("Prevent", r"\bPrevent\b", 0),
    )
)


@dataclass(frozen=True)
class Quotation:
    """A passage FACTS.md quotes verbatim from an edition, placed word for word in its model.

    ``text`` is exactly as FACTS.md prints it (a passage the brief shortens with "…" is
    two quotations, one per part). It must stand on each printed page in ``pages``, once
    per entry, and nowhere else. Only its first letter may differ in case: the brief
    quotes mid-sentence, and a model sentence that starts with the passage capitalises it.
    ``cue`` is how the title-page notice names it ("Fears about…"); the
    notice must carry every cue, so it keeps saying which sentences are quotations.
    """

    text: str
    pages: tuple[str, ...]
    cue: str

    def forms(self) -> tuple[str, ...]:
        text = normalise(self.text)
        return tuple(dict.fromkeys((text, text[:1].upper() + text[1:])))


@dataclass(frozen=True)
class Expectation:
    """What one model edition must satisfy, read back from its PDF."""

    title: str
    subtitle: str | None
    date: str
    publisher: str
    pages: tuple[int, int]  # inclusive range for the model's page count
    front_matter: str = "none"  # "none": every page arabic from 1; "roman": i, ii … then 1
    # (heading text, printed page): headings whose page the facts give, or the model fixes.
    headings: tuple[tuple[str, str], ...] = ()
    # (printed page, phrases that must all be on it)
    on_page: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # phrases that must appear somewhere / nowhere in the document
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    forbid_2015_concepts: bool = False
    # headings that must appear in this order (checked against the printed pages)
    order: tuple[str, ...] = ()
    last_page: str | None = None
    # FACTS.md "Quotations from the 2015 publications": placed word for word
    quotations: tuple[Quotation, ...] = ()
    # ids of later models whose quotations this (older) model must not contain
    free_of_quotations_of: tuple[str, ...] = ()


# --- expectations, from shared/editions/FACTS.md ------------------------------------------

WT_SUBTITLE = "A guide to inter-agency working to safeguard and promote the welfare of children"

WT_2010 = Expectation(
    title="Working Together to Safeguard Children",
    subtitle=WT_SUBTITLE,
    date="March 2010",
    publisher="Department for Children, Schools and Families",
    pages=(95, 115),
    headings=(
        # FACTS.md 1.1, contents page of the published edition
        ("Working Together to Safeguard Children: Executive Summary", "7"),
        ("Introduction", "7"),
        ("Part 1: Statutory guidance", "8"),
        ("Part 2: Non-statutory practice guidance", "18"),
        ("Preface", "22"),
        ("Introduction", "22"),
        ("Purpose of the document and who should read it", "22"),
        ("Content of this guidance", "24"),
        ("Other related guidance", "24"),
        ("Status of the document as statutory guidance", "25"),
        ("When does the guidance apply?", "26"),
        ("Glossary", "27"),
        ("Part 1: Statutory Guidance", "28"),
        ("Chapter 1 – Introduction: working together to safeguard and promote the welfare of children and families", "29"),
        ("Supporting children and families", "29"),
        ("Parenting, family life and services", "29"),
        ("Lord Laming's progress report", "30"),
        ("The Government's response", "30"),
        ("An integrated approach", "31"),
        ("A shared responsibility", "31"),
        ("The child in focus", "32"),
        ("Key definitions", "34"),
        ("Chapter 2 – Roles and responsibilities", "40"),
        ("Introduction", "40"),
        ("The statutory framework within which organisations operate", "40"),
        ("Infrastructure and governance to deliver safeguarding responsibilities", "42"),
        ("Information sharing", "43"),
        ("ContactPoint", "44"),
        ("Common Assessment Framework (CAF)", "44"),
        ("Local authorities that are children's services authorities", "45"),
        ("Other local authority roles", "48"),
        ("Health services", "51"),
    ),
    on_page=(("29", ("1.1", "1.3")), ("40", ("2.1",)), ("51", ("2.39", "2.41"))),
    present=("ContactPoint", "Common Assessment Framework", "initial assessment", "core assessment"),
    forbid_2015_concepts=True,
    free_of_quotations_of=("wt-2015",),
    order=(
        "Working Together to Safeguard Children: Executive Summary",
        "Preface",
        "Part 1: Statutory Guidance",
        "Chapter 1 – Introduction: working together to safeguard and promote the welfare of children and families",
        "Chapter 2 – Roles and responsibilities",
        "Health organisations",
        "Roles of different health services",
        "Health professionals",
        "Criminal justice organisations",
        "Schools and further education institutions",
        "Early years services",
        "Children and Family Court Advisory and Support Service (Cafcass)",
        "The armed services",
        "The voluntary and private sectors",
        "Faith communities",
        "Chapter 3 – Local Safeguarding Children Boards",
        "LSCB role",
        "Chapter 4 – Training, development and supervision for inter-agency working",
        "Chapter 5 – Managing individual cases",
        "Chapter 6 – Supplementary guidance on safeguarding and promoting the welfare of children",
        "Chapter 7 – Child death review processes",
        "Chapter 8 – Serious case reviews",
        "Part 2: Non-statutory practice guidance",
        "Chapter 9 – Lessons from research",
        "Chapter 10 – Implementing the principles on working with children and their families",
        "Chapter 11 – Safeguarding and promoting the welfare of children who may be particularly vulnerable",
        "Chapter 12 – Managing individuals who pose a risk of harm to children",
    ),
)

WT_2013 = Expectation(
    title="Working Together to Safeguard Children",
    subtitle=WT_SUBTITLE,
    date="March 2013",
    publisher="HM Government",
    pages=(80, 92),
    headings=(
        # FACTS.md 1.2, contents page of the published edition
        ("Summary", "5"),
        ("About this guidance", "5"),
        ("What is the status of this guidance?", "5"),
        ("Who is this guidance for?", "6"),
        ("Introduction", "7"),
        ("A child-centred and coordinated approach to safeguarding", "8"),
        ("Chapter 1: Assessing need and providing help", "11"),
        ("Early help", "11"),
        ("Identifying children and families who would benefit from early help", "11"),
        ("Effective assessment of the need for early help", "12"),
        ("Provision of effective early help services", "13"),
        ("Accessing help and services", "14"),
        ("Information sharing", "15"),
        ("Assessments under the Children Act 1989", "16"),
        ("The purpose of assessment", "18"),
        ("The principles and parameters of a good assessment", "19"),
        ("Focusing on the needs and views of the child", "20"),
        ("Developing a clear analysis", "21"),
        ("Focusing on outcomes", "22"),
        ("Timeliness", "23"),
        ("Local protocols for assessment", "24"),
        ("Processes for managing individual cases", "25"),
        ("Chapter 2: Organisational responsibilities", "47"),
        ("Section 11 of the Children Act 2004", "47"),
        ("Individual organisational responsibilities", "49"),
        ("Schools and colleges", "49"),
        ("Early Years and Childcare", "50"),
        ("Health Services", "50"),
        ("Police", "51"),
        ("Adult social care services", "52"),
        ("Housing authorities", "53"),
        ("British Transport Police", "53"),
        ("Prison Service", "53"),
        ("Probation Service", "54"),
        ("The secure estate for children", "55"),
        ("Youth Offending Teams", "55"),
        ("The United Kingdom Border Agency", "55"),
        ("Children and Family Court Advisory and Support Service", "56"),
        ("Armed Services", "56"),
        ("Voluntary and private sectors", "57"),
        ("Faith Organisations", "57"),
        ("Chapter 3: Local Safeguarding Children Boards", "58"),
        ("Statutory objectives and functions of LSCBs", "58"),
        ("LSCB membership", "60"),
        ("LSCB Chair, accountability and resourcing", "63"),
        ("Information sharing", "64"),
        ("Chapter 4: Learning and improvement framework", "65"),
        ("Principles for learning and improvement", "66"),
        ("Serious Case Reviews", "68"),
        ("National panel of independent experts on Serious Case Reviews", "69"),
        ("Chapter 5: Child death reviews", "73"),
    ),
    on_page=(("14", ("threshold document",)), ("48", ("Local Authority Designated Officer (LADO)",))),
    present=("single assessment", "45 working days", "(see paragraph 24)"),
    absent=("team of designated officers",),
    forbid_2015_concepts=True,
    free_of_quotations_of=("wt-2015",),
    order=("Appendix A: Glossary", "Appendix B: Statutory framework", "Appendix C: Further sources of information"),
)

WT_2015 = Expectation(
    title="Working Together to Safeguard Children",
    subtitle=WT_SUBTITLE,
    date="March 2015",
    publisher="HM Government",
    pages=(88, 104),
    headings=(
        ("Summary", "5"),
        ("Introduction", "7"),
        ("Chapter 1: Assessing need and providing help", "11"),
        ("Accessing help and services", "14"),
        # the model's own placement (no 2015 contents page is known)
        ("Information sharing", "16"),
        ("Chapter 4: Learning and improvement framework", "70"),
        ("Notifiable incidents involving the care of a child", "73"),
    ),
    on_page=(
        # BRIEF: new references to CSE, FGM and radicalisation on printed page 15
        ("15", ("sexually exploited", "child sexual exploitation", "female genital mutilation (FGM)", "radicalised", "radicalisation")),
        # FACTS.md 1.5: notifiable incident definition p. 74, "seriously harmed" p. 76
        ("74", ("An incident involving the care of a child is notifiable when",)),
        ("76", ("counts as seriously harmed",)),
    ),
    present=(
        "a designated officer, or a team of designated officers",
        "qualified social workers",
        "young carer",
        "Channel panels",
        "Prevent",
        "whatever their status",
        "Children and Families Act 2014",
        "(see paragraph 26)",
        "Home Office immigration and border services",
    ),
    absent=("LADO", "The United Kingdom Border Agency"),
    quotations=(
        # BRIEF, quoted verbatim: the new reference on p. 15
        Quotation(
            "children who have been or may be sexually exploited, children who have undergone or may undergo "
            "female genital mutilation and children who have been or may be radicalised",
            ("15",), "after \"These include\""),
    ),
    order=(
        "Chapter 1: Assessing need and providing help",
        "Chapter 2: Organisational responsibilities",
        "Police",
        "British Transport Police",
        "Adult social care services",
        "Chapter 3: Local Safeguarding Children Boards",
        "Chapter 4: Learning and improvement framework",
        "Notifiable incidents involving the care of a child",
        "Serious Case Reviews",
        "Chapter 5: Child death reviews",
        "Appendix A: Glossary",
        "Appendix B: Statutory framework",
        "Appendix C: Further sources of information",
    ),
)

WIW_2006 = Expectation(
    title="What to do if you're worried a child is being abused",
    subtitle=None,
    date="2006",
    publisher="HM Government",
    pages=(35, 50),
    headings=(
        # FACTS.md 2.1, contents page of the published edition (to p. 28)
        ("Preface – Safeguarding Children", "5"),
        ("Introduction – Working with children about whom there are child welfare concerns", "7"),
        ("What is a child in need?", "7"),
        ("What does safeguarding and promoting the welfare of children mean?", "8"),
        ("What is significant harm?", "8"),
        ("What is abuse and neglect?", "8"),
        ("The processes for safeguarding children", "9"),
        ("Child welfare concerns…", "10"),
        ("In general", "10"),
        ("All practitioners working with children and families should…", "11"),
        ("If you have concerns about a child's welfare…", "13"),
        ("All practitioners should...", "13"),
        ("Social workers and their managers, in responding to a referral, should...", "14"),
        ("Police officers should...", "15"),
        ("Flowchart 1: Referral", "16"),
        ("Flowchart 2: What happens following initial assessment?", "17"),
        ("Flowchart 3: Urgent action to safeguard children", "18"),
        ("Flowchart 4: What happens after the strategy discussion?", "19"),
        ("Flowchart 5: What happens after the child protection conference, including the review process?", "20"),
        ("If an initial assessment is required…", "21"),
        ("Social workers should…", "21"),
        ("Police officers should…", "22"),
        ("All practitioners should…", "22"),
        ("What happens next where there is…", "23"),
        ("…no suspected actual or likely significant harm?", "23"),
        ("Social workers should...", "23"),
        ("…suspected actual harm or likely significant harm?", "23"),
        ("Social workers should…", "23"),
        ("Police officers should...", "24"),
        ("If you need to take urgent action to protect a child…", "24"),
        ("Social workers, police officers or NSPCC workers should...", "24"),
        ("If you need to have a strategy discussion…", "25"),
        ("What are the tasks of the strategy discussion?", "26"),
        ("Who should be involved in the strategy discussion?", "26"),
        ("A team manager or senior social worker should…", "27"),
        ("Police officers should…", "27"),
        ("Health professionals should…", "27"),
        ("All practitioners should…", "27"),
        ("What happens when s47 enquiries are initiated?", "27"),
        ("Social workers should…", "28"),
        ("Police officers should…", "28"),
    ),
    on_page=(
        ("7", ("Section 17 of the Children Act 1989",)),
        ("8", ("3.1", "4.1", "4.2")),
        ("11", ("10.1",)),
        ("21", ("16.1",)),
        ("27", ("28.1", "29.1", "30.1", "31.1", "32")),
        ("28", ("33.1", "34.1")),
    ),
    free_of_quotations_of=("wiw-2015",),
)

WIW_2015 = Expectation(
    title="What to do if you're worried a child is being abused",
    subtitle="Advice for practitioners",
    date="March 2015",
    publisher="HM Government",
    pages=(17, 18),
    headings=(
        # FACTS.md 2.2, contents page of the published edition
        ("Summary", "3"),
        ("About this advice", "3"),
        ("Who is this advice for?", "3"),
        ("Guiding principles", "4"),
        ("Understanding and identifying abuse and neglect", "5"),
        ("Physical abuse", "7"),
        ("Emotional abuse", "7"),
        ("Sexual abuse and exploitation", "8"),
        ("Neglect", "9"),
        ("Taking action", "11"),
        ("Being alert to signs of abuse and neglect", "12"),
        ("Questioning behaviours", "12"),
        ("Asking for help", "13"),
        ("Referring to children's social care", "14"),
        ("What happens after a referral has been made to children's social care?", "16"),
        ("Protection orders and powers", "16"),
        ("Further information", "17"),
        ("Useful resources and external organisations", "17"),
        ("Other relevant departmental advice and statutory guidance", "17"),
    ),
    on_page=(
        # BRIEF: "your responsibility to take action" on p. 14
        ("14", ("responsibility to take action",)),
        ("15", ("child in need under section 17 of the Children Act 1989",)),
    ),
    last_page="17",
    quotations=(
        # BRIEF, quoted verbatim, all on p. 14 (the second is shortened by the brief with "…")
        Quotation(
            "if you have concerns about the safety or welfare of a child and feel they are not being acted upon by "
            "your manager or named/designated safeguarding lead, it is your responsibility to take action.",
            ("14",), "If you have concerns…"),
        Quotation("if, at any time, you believe that a child may be a child in need", ("14",), "paragraph 29 up to"),
        Quotation(
            "you should refer immediately to local authority children's social care. This referral can be made by "
            "any practitioner. If you see further signs of potential abuse and neglect, report and refer again.",
            ("14",), "…report and refer again."),
        # the footnote to p. 14: a child in need under section 17 of the Children Act 1989
        Quotation(
            "unlikely to achieve or maintain or to have the opportunity of achieving or maintaining, a satisfactory "
            "level of health or development without the provision of services; their health or development is "
            "likely to be significantly impaired, or further impaired, without the provision of such services; or "
            "they are disabled",
            ("14",), "unlikely to achieve…"),
    ),
)

IS_2008 = Expectation(
    title="Information Sharing",
    subtitle="Guidance for practitioners and managers",
    date="October 2008",
    publisher="HM Government",
    pages=(25, 35),
    front_matter="roman",
    headings=(("Introduction", "1"),),
    present=(
        # FACTS.md 3.3: the 2008 wording of the seven golden rules
        "the Data Protection Act is not a barrier to sharing information",
        "about living persons",
        "with the person (and with their family",
        "Seek advice if you are in any doubt, without",
        "Share with consent where appropriate",
        "that lack of consent can be overridden in the public interest",
        "well-being of the person and others",
        "Necessary, proportionate, relevant, accurate, timely and secure",
        "Keep a record of your decision",
        "Working with adults:",
        "Question 7:",
    ),
    absent=("informed consent", "human rights law", "Myth", "myth"),
    free_of_quotations_of=("is-2015",),
    order=(
        "Introduction",
        "Seven golden rules for information sharing",
        "Further information to inform decision making",
        "How organisations can support practitioners",
        "Annexes",
    ),
)

IS_2015 = Expectation(
    title="Information sharing",
    subtitle="Advice for practitioners providing safeguarding services to children, young people, parents and carers",
    date="March 2015",
    publisher="HM Government",
    pages=(15, 25),
    headings=(
        # BRIEF: the flowchart on p. 12
        ("Flowchart of when and how to share information", "12"),
    ),
    present=(
        # FACTS.md 3.3: the 2015 wording of the seven golden rules
        "the Data Protection Act 1998 and human rights law are not barriers to justified information sharing",
        "about living individuals",
        "with the individual (and with their family",
        "Seek advice from other practitioners if you are in any doubt about sharing the information concerned",
        "Share with informed consent",
        "there is good reason to do so, such as where safety may be at risk",
        "well-being of the individual and others",
        "Necessary, proportionate, relevant, adequate, accurate, timely and secure",
        "Keep a record of your decision",
        # FACTS.md 3.2: the myths the myth-busting guide answers
        "Data protection legislation is a barrier to sharing information",
        "Consent is always needed to share personal information",
        "Personal information collected by one organisation cannot be disclosed to another organisation",
        "The common law duty of confidence and the Human Rights Act 1998 prevent the sharing of personal information",
    ),
    absent=("living persons", "overridden in the public interest", "Working with adults:"),
    order=(
        "The seven golden rules for sharing information",
        "Principles",
        "Flowchart of when and how to share information",
        "Myth-busting guide to information sharing",
    ),
    quotations=(
        # BRIEF, quoted verbatim; pages are the model's, except the flowchart (p. 12, BRIEF)
        # and the myth-busting guide at the back (BRIEF)
        Quotation("the most important consideration is whether sharing information is likely to safeguard and "
                  "protect a child", ("5",), "from \"the most important…\""),
        # "in 2 different places" (BRIEF)
        Quotation("fears about sharing information cannot be allowed to stand in the way of the need to safeguard "
                  "and promote the welfare of children at risk of abuse or neglect", ("6", "13"),
                  "Fears about…"),
        Quotation("poor or non-existent information sharing is a factor repeatedly flagged up as an issue in "
                  "Serious Case Reviews", ("5",), "Poor or non-existent…"),
        Quotation("human rights concerns, such as respecting the right to a private and family life would not "
                  "prevent sharing where there are real safeguarding concerns", ("16",), "Human rights concerns…"),
        Quotation("do you have consent", ("12",), "the flowchart's fourth question"),
        Quotation("is there another reason to share information such as to fulfil a public function or to protect "
                  "the vital interests of the information subject", ("12",), "is there another reason…"),
        Quotation("even without consent, or explicit consent, it is still possible to share personal information "
                  "if it is necessary in order to carry out your role", ("14",), "Even without…"),
        Quotation("If the information is confidential, and the consent of the information subject is not gained, "
                  "then the responder needs to satisfy themselves that there are grounds to override the duty of "
                  "confidentiality in these circumstances. This can be because it is overwhelmingly in the "
                  "information subject's interests for this information to be disclosed", ("16",),
                  "If the information is confidential…"),
    ),
)

EXPECTATIONS: dict[str, Expectation] = {
    "wt-2010": WT_2010,
    "wt-2013": WT_2013,
    "wt-2015": WT_2015,
    "wiw-2006": WIW_2006,
    "wiw-2015": WIW_2015,
    "is-2008": IS_2008,
    "is-2015": IS_2015,
}

# Models whose relative lengths the brief fixes: (longer, shorter).
LONGER_THAN: tuple[tuple[str, str], ...] = (
    ("wt-2010", "wt-2015"),
    ("wt-2015", "wt-2013"),
    ("wiw-2006", "wiw-2015"),
    ("is-2008", "is-2015"),
)


# --- building -----------------------------------------------------------------------------


class BuildError(Exception):
    """A source that cannot be parsed or rendered."""


def source_path(edition_id: str) -> Path:
    return SOURCES / f"{edition_id}.gdm"


def output_path(edition_id: str) -> Path:
    return OUTPUT / f"{edition_id}.pdf"


def render_model(edition_id: str) -> bytes:
    """Parse and typeset one source; return the PDF bytes (deterministic)."""
    from guidediff.testing.markup import MarkupError, parse_file
    from guidediff.testing.pdfgen import render
    from guidediff.testing.spec import SpecError

    try:
        spec = parse_file(source_path(edition_id))
        buffer = io.BytesIO()
        render(spec, buffer)
    except (MarkupError, SpecError) as error:
        raise BuildError(f"{source_path(edition_id).relative_to(ROOT)}: {error}") from error
    return buffer.getvalue()


# --- checking -----------------------------------------------------------------------------


@dataclass
class PdfText:
    """A PDF read back with pypdf: labels, per-page text (whitespace collapsed), metadata."""

    labels: list[str]
    pages: list[str]
    lines: list[list[str]]
    subject: str
    keywords: str
    title: str
    by_label: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, pdf: bytes) -> PdfText:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        raw = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata or {}
        text = cls(
            labels=list(reader.page_labels),
            pages=[normalise(page) for page in raw],
            lines=[[line.strip() for line in page.splitlines() if line.strip()] for page in raw],
            subject=str(metadata.get("/Subject", "")),
            keywords=str(metadata.get("/Keywords", "")),
            title=str(metadata.get("/Title", "")),
        )
        text.by_label = {label: index for index, label in enumerate(text.labels)}
        return text

    def page(self, label: str) -> str | None:
        index = self.by_label.get(label)
        return None if index is None else self.pages[index]

    def shows_number(self, index: int) -> bool:
        """True when the page's label is printed on it: a line of its own, or the end of the header line."""
        label = self.labels[index]
        return any(line == label or line.endswith(f" {label}") for line in self.lines[index])

    def is_contents_page(self, index: int) -> bool:
        """Contents pages: the "Contents" title, or entries with dotted leaders."""
        lines = self.lines[index]
        return bool(lines) and (lines[0] == "Contents" or sum(bool(_LEADER.search(line)) for line in lines) >= 3)

    def heading_page_indexes(self, heading: str, start: int = 1) -> list[int]:
        """Body pages (from ``start``) on which ``heading`` stands as a line of its own, or as a wrapped run of lines."""
        wanted = normalise(heading)
        return [
            index
            for index in range(max(start, 1), len(self.lines))  # never the title page
            if not self.is_contents_page(index) and _has_line_run(self.lines[index], wanted)
        ]

    def heading_pages(self, heading: str) -> list[str]:
        return [self.labels[index] for index in self.heading_page_indexes(heading)]


_LEADER = re.compile(r"\.{5,} ?\S+$")


def _has_line_run(lines: Sequence[str], wanted: str) -> bool:
    """True when consecutive lines joined with spaces equal ``wanted`` (a heading may wrap)."""
    for start in range(len(lines)):
        joined = ""
        for line in lines[start:start + 4]:
            joined = normalise(f"{joined} {line}")
            if joined == wanted:
                return True
            if not wanted.startswith(joined):
                break
    return False


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def expected_labels(count: int, front_matter: str, text: PdfText) -> list[str] | None:
    if front_matter == "none":
        return [str(number) for number in range(1, count + 1)]
    first_arabic = next((index for index, label in enumerate(text.labels) if label == "1"), None)
    if first_arabic is None:
        return None
    return [_roman(number) for number in range(1, first_arabic + 1)] + [
        str(number) for number in range(1, count - first_arabic + 1)
    ]


def _roman(number: int) -> str:
    numerals = (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    )
    out = []
    for value, numeral in numerals:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def check_model(edition_id: str, pdf: bytes) -> list[str]:
    """Every problem found in one model's PDF, as messages; empty when it passes."""
    expectation = EXPECTATIONS[edition_id]
    text = PdfText.read(pdf)
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(f"{edition_id}: {message}")

    count = len(text.pages)
    low, high = expectation.pages
    if not low <= count <= high:
        problem(f"has {count} pages; the model should have {low}-{high}")

    # page labels: the /PageLabels pypdf reads, and a printed number on every page but the title page
    wanted = expected_labels(count, expectation.front_matter, text)
    if wanted is None or text.labels != wanted:
        problem(f"page labels are {_summarise(text.labels)}; expected {_summarise(wanted or [])}")
    for index in range(1, count):
        if not text.shows_number(index):
            problem(f"page {index + 1} (printed {text.labels[index]}) does not show its page number")
    if expectation.last_page is not None and text.labels[-1] != expectation.last_page:
        problem(f"ends on printed page {text.labels[-1]}; expected {expectation.last_page}")

    # title page and metadata
    title_page = text.pages[0] if text.pages else ""
    for part in (expectation.title, expectation.subtitle, expectation.date, expectation.publisher):
        if part and normalise(part) not in title_page:
            problem(f"title page does not show {part!r}")
    for part in (MODEL_NOTICE, NOT_OFFICIAL):
        if part not in title_page:
            problem(f"title page does not carry the model-edition notice ({part!r})")
    if MODEL_NOTICE not in text.subject:
        problem(f"metadata /Subject does not say {MODEL_NOTICE!r}: {text.subject!r}")
    if text.title != expectation.title:
        problem(f"metadata /Title is {text.title!r}; expected {expectation.title!r}")

    # headings on their printed pages
    for heading, label in expectation.headings:
        pages = text.heading_pages(heading)
        if label not in pages:
            where = ", ".join(pages) if pages else "no page"
            problem(f"heading {heading!r} should be on printed page {label}; found on {where}")

    # required text on given pages
    for label, phrases in expectation.on_page:
        page = text.page(label)
        if page is None:
            problem(f"has no printed page {label}")
            continue
        for phrase in phrases:
            if normalise(phrase) not in page:
                problem(f"printed page {label} does not contain {phrase!r}")

    whole = " ".join(text.pages[1:])
    for phrase in expectation.present:
        if normalise(phrase) not in whole:
            problem(f"does not contain {phrase!r}")
    for phrase in expectation.absent:
        if normalise(phrase) in whole:
            problem(f"contains {phrase!r}, which this edition must not have")
    if expectation.forbid_2015_concepts:
        for index, page in enumerate(text.pages):
            for label, pattern in FORBIDDEN_BEFORE_2015:
                if pattern.search(page):
                    problem(f"printed page {text.labels[index]} mentions {label!r}, documented as new in 2015")

    # order of headings: each one on the page of the previous one or later
    previous = 1
    for heading in expectation.order:
        if not text.heading_page_indexes(heading):
            problem(f"heading {heading!r} is missing")
            continue
        later = text.heading_page_indexes(heading, start=previous)
        if not later:
            problem(f"heading {heading!r} comes before the headings listed ahead of it")
            continue
        previous = later[0]

    problems.extend(f"{edition_id}: {message}" for message in check_quotations(expectation, text))
    return problems


def check_quotations(expectation: Expectation, text: PdfText) -> list[str]:
    """The verbatim passages: on their printed pages, as often as the facts say, named by the notice.

    An older model must not contain a passage of the later model of its series, in any
    case or spacing: the facts quote them from the 2015 editions only.
    """
    problems: list[str] = []
    title_page = text.pages[0] if text.pages else ""
    for quotation in expectation.quotations:
        found: list[str] = []
        for index in range(1, len(text.pages)):  # the title page only names them
            found += [text.labels[index]] * sum(text.pages[index].count(form) for form in quotation.forms())
        if sorted(found) != sorted(quotation.pages):
            where = ", ".join(found) if found else "no page"
            problems.append(f"quotation {_short(quotation.text)!r} should stand word for word on printed "
                            f"page(s) {', '.join(quotation.pages)}; found on {where}")
        if normalise(quotation.cue) not in title_page:
            problems.append(f"the title-page notice does not name the quotation {_short(quotation.text)!r} "
                            f"(by {quotation.cue!r})")
    if expectation.quotations and not all(words in title_page for words in ("word for word", "paraphrase")):
        problems.append("the title-page notice does not say which passages are quoted word for word "
                        "and that the rest is paraphrase")
    whole = " ".join(text.pages[1:]).casefold()
    for later in expectation.free_of_quotations_of:
        for quotation in EXPECTATIONS[later].quotations:
            if normalise(quotation.text).casefold() in whole:
                problems.append(f"contains the {later} quotation {_short(quotation.text)!r}, which the facts "
                                f"give for {later} only")
    return problems


def _short(text: str, words: int = 6) -> str:
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def _summarise(labels: Sequence[str]) -> str:
    if len(labels) <= 6:
        return "[" + ", ".join(labels) + "]"
    return "[" + ", ".join(labels[:3]) + ", …, " + ", ".join(labels[-2:]) + f"] ({len(labels)} pages)"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_EDITION_TABLE = re.compile(r"^\[\[edition\]\]\s*$", re.MULTILINE)
_MODEL_SHA256 = re.compile(r'^(model_sha256 = ")([0-9a-f]*)(")$', re.MULTILINE)


def _edition_tables(manifest: str) -> list[tuple[int, int, str | None]]:
    """(start, end, id) of every [[edition]] table in the manifest's text."""
    starts = [match.start() for match in _EDITION_TABLE.finditer(manifest)]
    tables = []
    for start, end in zip(starts, [*starts[1:], len(manifest)]):
        found = re.search(r'^id = "([^"]+)"$', manifest[start:end], re.MULTILINE)
        tables.append((start, end, found.group(1) if found else None))
    return tables


def manifest_hashes(manifest: str) -> dict[str, str]:
    """Edition id -> the model_sha256 the manifest records."""
    hashes = {}
    for start, end, edition_id in _edition_tables(manifest):
        found = _MODEL_SHA256.search(manifest, start, end)
        if edition_id is not None and found:
            hashes[edition_id] = found.group(2)
    return hashes


def with_hashes(manifest: str, hashes: dict[str, str]) -> str:
    """The manifest's text with ``model_sha256`` set for these ids (everything else byte for byte).

    Edited as text, not re-serialised, so that its comments and layout stay as written;
    an id without a model_sha256 line is an error rather than a guess where to put one.
    """
    pieces, position = [], 0
    for start, end, edition_id in _edition_tables(manifest):
        if edition_id not in hashes:
            continue
        found = _MODEL_SHA256.search(manifest, start, end)
        if not found:
            raise BuildError(f"{MANIFEST.relative_to(ROOT)}: edition {edition_id} has no model_sha256 line")
        pieces += [manifest[position:found.start(2)], hashes[edition_id]]
        position = found.end(2)
    pieces.append(manifest[position:])
    return "".join(pieces)


def check_lengths(page_counts: dict[str, int]) -> list[str]:
    problems = []
    for longer, shorter in LONGER_THAN:
        if longer in page_counts and shorter in page_counts and page_counts[longer] <= page_counts[shorter]:
            problems.append(
                f"{longer} ({page_counts[longer]} pages) should be longer than {shorter} ({page_counts[shorter]} pages)"
            )
    return problems


# --- command line -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python corpora/build.py",
        description="Build (or with --check, verify) guidediff's bundled model editions.",
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="edition ids to build (default: all)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write anything: fail if a committed PDF differs from a fresh build or fails its checks",
    )
    args = parser.parse_args(argv)

    unknown = [edition_id for edition_id in args.ids if edition_id not in EXPECTATIONS]
    if unknown:
        known = ", ".join(EXPECTATIONS)
        print(f"build.py: unknown edition id {', '.join(unknown)} (known: {known})", file=sys.stderr)
        return 2
    ids = list(args.ids) or list(EXPECTATIONS)

    problems: list[str] = []
    page_counts: dict[str, int] = {}
    recorded = manifest_hashes(MANIFEST.read_text(encoding="utf-8"))
    built: dict[str, str] = {}
    for edition_id in ids:
        try:
            fresh = render_model(edition_id)
        except BuildError as error:
            problems.append(f"{edition_id}: cannot build: {error}")
            continue
        target = output_path(edition_id)
        if args.check:
            if not target.exists():
                problems.append(f"{edition_id}: {target.relative_to(ROOT)} is missing; run python corpora/build.py")
                continue
            committed = target.read_bytes()
            if committed != fresh:
                problems.append(
                    f"{edition_id}: {target.relative_to(ROOT)} is out of date with "
                    f"{source_path(edition_id).relative_to(ROOT)}; run python corpora/build.py {edition_id}"
                )
            pdf = committed
        else:
            pdf = fresh
        found = check_model(edition_id, pdf)
        if args.check and recorded.get(edition_id) != sha256(pdf):
            found.append(f"{edition_id}: {MANIFEST.relative_to(ROOT)} records model_sha256 "
                         f"{recorded.get(edition_id) or 'none'}, but {target.relative_to(ROOT)} has {sha256(pdf)}; "
                         f"run python corpora/build.py {edition_id}")
        problems.extend(found)
        page_counts[edition_id] = len(PdfText.read(pdf).pages)
        if not args.check and not found:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != pdf:
                target.write_bytes(pdf)
            built[edition_id] = sha256(pdf)
        status = "FAILED" if found else "ok"
        action = "checked" if args.check else "built"
        print(f"{edition_id}: {action}, {page_counts[edition_id]} pages, {status}")
    problems.extend(check_lengths(page_counts))
    if built:
        # Only the models that built and passed: a failed one keeps its old PDF and its old hash.
        manifest = MANIFEST.read_text(encoding="utf-8")
        try:
            updated = with_hashes(manifest, built)
        except BuildError as error:
            problems.append(str(error))
        else:
            if updated != manifest:
                MANIFEST.write_text(updated, encoding="utf-8")
                print(f"{MANIFEST.relative_to(ROOT)}: model_sha256 updated for "
                      f"{', '.join(i for i in built if recorded.get(i) != built[i])}")

    for message in problems:
        print(f"build.py: {message}", file=sys.stderr)
    if problems:
        print(f"build.py: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
