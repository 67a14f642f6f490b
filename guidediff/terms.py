"""Watched concepts: where each edition mentions them, and how that changed.

Stage "terms" of the pipeline: a ``Document`` and a ``Watchlist`` in, plain
results out. Nothing here reads PDFs or depends on the aligner.

- ``load_watchlist`` reads a bundled watchlist ("safeguarding") or a user's TOML
  file (schema documented in ``guidediff/data/watchlists/safeguarding.toml``).
- ``Concept.find`` is the matcher: one compiled regex per concept.
  ``Watchlist.find_all`` finds exactly the same spans for every concept at once,
  in one pass over the text (a 190-page edition takes a few tens of milliseconds).
- ``scan`` counts every concept in one document, with printed pages and the
  occurrences (block, offset, page) the HTML report links to.
- ``compare_terms`` says, per concept, what changed between two editions.
- ``trend`` gives per-concept counts across several editions and where each first appears.

Matching rules (the why is in the data file's header):

- phrases: case-insensitive, whole words; spaces, line breaks or a hyphen between
  words (quote marks beside them skipped); simple inflections of the last word
  (-s/-es/-ies, -ed, -ing); -ise/-ize spellings in every word, and every form of
  the -ise family in the last word (-ise, -ised, -ising, -isation);
- abbreviations: exact case, whole word, optional plural "s" ("LSCBs");
- case_sensitive phrases: exact case, whole words, no inflections ("Prevent");
- within one concept, overlapping matches count once: leftmost first, then
  longest. Concepts are independent, so one passage can mention two of them.

Every block counts, headings and footnotes included: they are printed text a
reader sees. A mention is cited on the page its first character is printed on.

All results are frozen, slotted dataclasses with ``to_dict``; their order
follows the watchlist and the document's reading order, never a dict or set.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from guidediff import serial
from guidediff.document import Document
from guidediff.editions import EditionFacts, distinguish_names
from guidediff.errors import WatchlistError

__all__ = [
    "DEFAULT_WATCHLIST",
    "Concept",
    "ConceptCount",
    "ConceptTrend",
    "EditionCount",
    "Mentions",
    "Occurrence",
    "TermChange",
    "TermStatus",
    "TermsIndex",
    "Watchlist",
    "bundled_watchlists",
    "compare_terms",
    "load_watchlist",
    "parse_watchlist",
    "scan",
    "trend",
]

DEFAULT_WATCHLIST = "safeguarding"

# How many words either side of a mention identify it when pairing the mentions of
# two editions (see ``compare_terms``): enough to tell two sentences apart, few
# enough that an edit elsewhere in the paragraph leaves the pairing alone.
CONTEXT_WORDS = 4


# --------------------------------------------------------------------------- matching

# A phrase is split into words at spaces and hyphens; in the text, any run of
# whitespace or one hyphen (with optional spaces) joins them. Quote marks beside
# the join are skipped: "'honour'-based abuse".
_PHRASE_WORD_SPLIT = re.compile(r"[\s\-\u2010\u2011]+")
# One quote mark, as two classes kept apart by ``{1}``: Python's parser merges a one-character
# alternation into one class, and a class that mixes ASCII with characters above U+00FF in more
# than two runs compiles to a 64K-entry table. Twice in every word join, that table was a third
# of the time compiling the bundled watchlist took.
_QUOTE = "(?:['\"]|[\u2018\u2019\u201c\u201d]{1})"
_WORD_JOIN = rf"{_QUOTE}?(?:\s*[\-\u2010\u2011]\s*|\s+){_QUOTE}?"
# What may join a phrase's first two words in the watchlist's quick test (more than
# ``_WORD_JOIN`` allows, and much faster to compile: see ``_watchlist_pattern``).
_LEAD_JOIN = r"\W+"
_APOSTROPHE = "['\u2018\u2019]"
_APOSTROPHES = re.compile(_APOSTROPHE)

# The -ise family: a last word in it matches every form and both spellings.
_ISE_FAMILY = re.compile(r"(?P<stem>\w{3,}?)i[sz](?:ations?|e[sd]?|ing)")
_ISE_FAMILY_FORMS = r"i[sz](?:ations?|e[sd]?|ing)"
# In other words only the spelling is folded ("organisation" = "organization").
_ISE_SPELLING = re.compile(r"i[sz](?=(?:ations?|e[sd]?|ing)$)")

_ABBREVIATION = re.compile(r"\w+")
# A phrase begins and ends with a word character: the whole-word test rests on it.
_PHRASE_ENDS = re.compile(r"\w(?:.*\w)?", re.DOTALL)
_CONCEPT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Separates blocks when a whole document is searched in one pass: not a space,
# hyphen, quote or word character, so no match can run from one block into the next.
_BLOCK_SEPARATOR = "\x00"


def _literal(word: str) -> str:
    """A word as a regex: escaped, with any apostrophe accepted for any other."""
    return _APOSTROPHES.sub(lambda _: _APOSTROPHE, re.escape(word))


def _inflections(word: str) -> tuple[str, ...]:
    """The forms a phrase's last word also matches (lowercase), longest first."""
    if not word.isalpha() or len(word) < 3:
        return (word,)  # numbers ("section 17"), short words, words with an apostrophe
    if word.endswith("e"):
        forms = (word, word + "s", word[:-1] + "ed", word[:-1] + "ing")
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms = (word, word[:-1] + "ies", word[:-1] + "ied", word + "ing")
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms = (word, word + "es", word + "ed", word + "ing")
    else:
        forms = (word, word + "s", word + "ed", word + "ing")
    # Longest first, so that an alternation never stops at a shorter form.
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


def _word_pattern(word: str, *, last: bool, skip: int = 0) -> str:
    """The regex of one (lowercase) phrase word, without its first ``skip`` characters.

    Inflections and spelling folds only touch the end of a word of three letters
    or more, so every form of a word starts with the same character.
    """
    if last:
        family = _ISE_FAMILY.fullmatch(word)
        if family:
            return _literal(family["stem"][skip:]) + _ISE_FAMILY_FORMS
        forms = _inflections(word)
        if len(forms) > 1:
            return "(?:" + "|".join(_literal(form[skip:]) for form in forms) + ")"
    return _ISE_SPELLING.sub("i[sz]", _literal(word[skip:]))


def _phrase_words(phrase: str) -> list[str]:
    return [word for word in _PHRASE_WORD_SPLIT.split(phrase.strip()) if word]


@dataclass(frozen=True, slots=True)
class _Alternative:
    """One phrase or abbreviation as a regex, split after its first character.

    The split lets a whole watchlist share one dispatch on the first character
    (see ``Watchlist.find_all``); ``words`` and ``length`` order alternatives so
    that the longest is tried first.
    """

    words: int
    length: int
    head: str  # regex for the first character
    tail: str  # regex for the rest
    lead: str  # looser regex for the rest of the first two words (a one-word alternative: its tail)

    @property
    def pattern(self) -> str:
        return self.head + self.tail


def _phrase_alternative(phrase: str, *, inflect: bool) -> _Alternative:
    words = _phrase_words(phrase)
    if not inflect:  # case-sensitive: the words exactly as written
        parts = [_literal(words[0][1:])] + [_literal(word) for word in words[1:]]
        return _Alternative(len(words), len(phrase), _literal(words[0][0]), _WORD_JOIN.join(parts),
                            _LEAD_JOIN.join(parts[:2]))
    words = [word.lower() for word in words]
    last = len(words) - 1
    parts = [_word_pattern(word, last=index == last, skip=1 if index == 0 else 0) for index, word in enumerate(words)]
    return _Alternative(len(words), len(phrase), f"(?i:{_literal(words[0][0])})", f"(?i:{_WORD_JOIN.join(parts)})",
                        f"(?i:{_LEAD_JOIN.join(parts[:2])})")


def _abbreviation_alternative(abbreviation: str) -> _Alternative:
    tail = _literal(abbreviation[1:]) + "s?"
    return _Alternative(1, len(abbreviation) + 1, _literal(abbreviation[0]), tail, tail)


def _concept_alternatives(
    phrases: Sequence[str], abbreviations: Sequence[str], case_sensitive: Sequence[str]
) -> tuple[_Alternative, ...]:
    alternatives = [_phrase_alternative(phrase, inflect=True) for phrase in phrases]
    alternatives += [_phrase_alternative(phrase, inflect=False) for phrase in case_sensitive]
    alternatives += [_abbreviation_alternative(abbreviation) for abbreviation in abbreviations]
    # Python's regex takes the first alternative that matches, so longest first plus
    # finditer's left-to-right scan gives "leftmost, then longest": overlaps count once.
    return tuple(sorted(alternatives, key=lambda item: (-item.words, -item.length, item.pattern)))


def _alternation(alternatives: Iterable[_Alternative]) -> str:
    return "(?:" + "|".join(alternative.pattern for alternative in alternatives) + r")(?!\w)"


@dataclass(frozen=True, slots=True)
class Concept(serial.Record):
    """A watched concept: an id for JSON, a label for people, and what to look for."""

    id: str
    label: str
    phrases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = serial.optional(())
    case_sensitive: tuple[str, ...] = serial.optional(())
    alternatives: tuple[_Alternative, ...] = serial.field(init=False, repr=False, compare=False, dump=False)
    compiled: re.Pattern[str] | None = serial.field(init=False, repr=False, compare=False, dump=False)

    def __post_init__(self) -> None:
        if not (self.phrases or self.abbreviations or self.case_sensitive):
            raise ValueError(f"concept {self.id!r} has nothing to match")
        alternatives = _concept_alternatives(self.phrases, self.abbreviations, self.case_sensitive)
        object.__setattr__(self, "alternatives", alternatives)
        # Compiled on first use: a compare finds every concept through the watchlist's one pattern,
        # and compiling 43 more would cost a tenth of a second on every run.
        object.__setattr__(self, "compiled", None)

    @property
    def pattern(self) -> re.Pattern[str]:
        """This concept's own regex (``find``), compiled when first asked for."""
        if self.compiled is None:
            object.__setattr__(self, "compiled", re.compile(r"(?<!\w)" + _alternation(self.alternatives)))
        return self.compiled  # type: ignore[return-value]

    def find(self, text: str) -> tuple[tuple[int, int], ...]:
        """The (start, end) spans of this concept's mentions in ``text``, left to right."""
        return tuple(match.span() for match in self.pattern.finditer(text))


@lru_cache(maxsize=512)
def _ascii_characters_matching(head: str) -> tuple[str, ...]:
    """The ASCII characters that the one-character regex ``head`` matches."""
    pattern = re.compile(head)
    return tuple(char for char in map(chr, range(128)) if pattern.fullmatch(char))


def _watchlist_pattern(concepts: Sequence[Concept]) -> re.Pattern[str]:
    """One regex that finds, at each word start, the longest mention of every concept.

    It matches (zero-width) where some concept may be mentioned; group ``i + 1``
    holds concept ``i``'s mention there, or None. The leading test dispatches on the
    first character as a plain literal, which Python's regex engine rejects fastest;
    a word starting with a non-ASCII character skips that test (rare, and exact).
    The test looks only at the first two words of each phrase, joined by any non-word
    characters (``_LEAD_JOIN``): where it passes and no concept is mentioned, every
    group is None and ``find_all`` skips the match. Whole phrases there would double
    the pattern, and compiling it is the largest fixed cost of a short compare (the
    bundled watchlist: 0.15 s of CPU with whole phrases, half that with two words,
    most of it spent on ``_WORD_JOIN``'s quote marks); two words reject as fast as
    whole phrases on a 190-page edition, one word was twice as slow there.
    """
    if not concepts:
        return re.compile("(?!)")  # matches nothing
    leads_by_first_character: dict[str, list[str]] = {}
    for concept in concepts:
        for alternative in concept.alternatives:
            for char in _ascii_characters_matching(alternative.head):
                leads_by_first_character.setdefault(char, []).append(alternative.lead)
    dispatch = "|".join(
        f"{re.escape(char)}(?:{'|'.join(dict.fromkeys(leads))})"
        for char, leads in sorted(leads_by_first_character.items())
    )
    may_mention = rf"(?:(?:{dispatch})(?!\w)|(?=[^\x00-\x7f]))"
    each_concept = "".join(f"(?=({_alternation(concept.alternatives)})|)" for concept in concepts)
    return re.compile(rf"(?<!\w)(?={may_mention}){each_concept}")


@serial.layout("name", "description", "concepts")
@dataclass(frozen=True, slots=True)
class Watchlist(serial.Record):
    """A named, ordered list of concepts; reports list concepts in this order."""

    name: str
    concepts: tuple[Concept, ...]
    description: str = ""
    source: str = serial.field(default="", compare=False, dump=False)  # the file it was read from, for messages
    pattern: re.Pattern[str] = serial.field(init=False, repr=False, compare=False, dump=False)

    def __post_init__(self) -> None:
        ids = [concept.id for concept in self.concepts]
        duplicates = sorted({concept_id for concept_id in ids if ids.count(concept_id) > 1})
        if duplicates:
            raise ValueError(f"watchlist {self.name!r} repeats concept ids {duplicates}")
        object.__setattr__(self, "pattern", _watchlist_pattern(self.concepts))

    def find_all(self, text: str) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Per concept (in watchlist order), the spans ``Concept.find`` gives, in one pass over ``text``."""
        spans: list[list[tuple[int, int]]] = [[] for _ in self.concepts]
        ends = [0] * len(self.concepts)
        groups = range(1, len(self.concepts) + 1)
        for match in self.pattern.finditer(text):
            for group in groups:
                start = match.start(group)
                # Leftmost, then longest, as finditer would: skip a mention that
                # starts inside the concept's previous one.
                if start >= 0 and start >= ends[group - 1]:
                    end = match.end(group)
                    spans[group - 1].append((start, end))
                    ends[group - 1] = end
        return tuple(map(tuple, spans))

    def concepts_in(self, text: str) -> tuple[str, ...]:
        """Ids of the concepts ``text`` mentions, in watchlist order (to tag a changed passage)."""
        return tuple(concept.id for concept, spans in zip(self.concepts, self.find_all(text)) if spans)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(concept.id for concept in self.concepts)

    def get(self, concept_id: str) -> Concept | None:
        return next((concept for concept in self.concepts if concept.id == concept_id), None)


# --------------------------------------------------------------------------- loading

_WATCHLIST_KEYS = ("name", "description")
_CONCEPT_KEYS = ("id", "label", "phrases", "abbreviations", "case_sensitive")
_TOP_LEVEL_KEYS = ("watchlist", "concept")

_TABLE_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]*?)\s*\]\]?")
_KEY_LINE = re.compile(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _bundled_directory() -> Path:
    # A file of the installed package, as corpus.DATA is: importing importlib.resources (and the
    # tempfile, shutil and zipfile it brings) would cost a compare more than reading the watchlist.
    return Path(__file__).resolve().parent / "data" / "watchlists"


def bundled_watchlists() -> tuple[str, ...]:
    """Names of the watchlists shipped with guidediff, sorted."""
    directory = _bundled_directory()
    return tuple(sorted(entry.name.removesuffix(".toml") for entry in directory.iterdir() if entry.name.endswith(".toml")))


def load_watchlist(source: str | os.PathLike[str] | Watchlist = DEFAULT_WATCHLIST) -> Watchlist:
    """A bundled watchlist by name ("safeguarding"), or one read from a TOML file path.

    A bundled name wins over a file of the same name in the current folder; write
    "./safeguarding" to read such a file. Raises ``WatchlistError`` with the file and
    line for anything wrong.
    """
    if isinstance(source, Watchlist):
        return source
    text_source = os.fspath(source)
    bundled = bundled_watchlists()
    if text_source in bundled:
        text = _bundled_directory().joinpath(text_source + ".toml").read_text(encoding="utf-8")
        return parse_watchlist(text, source=f"{text_source} (bundled)", default_name=text_source)
    path = Path(text_source)
    if path.is_dir():
        raise WatchlistError(f"watchlist '{text_source}' is a folder, not a TOML file")
    if not path.is_file():
        if os.sep not in text_source and "/" not in text_source and not path.suffix:
            raise WatchlistError(
                f"unknown watchlist '{text_source}': the bundled watchlists are {', '.join(bundled)}; "
                "or give the path of a .toml file"
            )
        raise WatchlistError(f"cannot read watchlist '{text_source}': no such file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise WatchlistError(f"watchlist '{text_source}' is not UTF-8 text; save it as UTF-8") from None
    except OSError as error:
        raise WatchlistError(f"cannot read watchlist '{text_source}': {error.strerror or error}") from None
    return parse_watchlist(text, source=text_source, default_name=path.stem)


class _LineFinder:
    """Where tables and keys stand in a TOML text, so messages can cite a line.

    tomllib returns plain dicts without positions; this line-oriented scan covers
    the layout the schema documents ([watchlist], [[concept]], ``key = value``).
    """

    def __init__(self, text: str) -> None:
        self.headers: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        table, index = "", 0
        counts: Counter[str] = Counter()
        for number, line in enumerate(text.splitlines(), start=1):
            header = _TABLE_HEADER.match(line)
            if header and not _KEY_LINE.match(line):
                table = header[2]
                index = counts[table]
                counts[table] += 1 if header[1] == "[[" else 0
                self.headers.setdefault((table, index), number)
                continue
            key = _KEY_LINE.match(line)
            if key:
                name = key[1] or key[2] or key[3]
                self.keys.setdefault((table, index, name), number)

    def header(self, table: str, index: int = 0) -> int | None:
        return self.headers.get((table, index))

    def key(self, table: str, index: int, name: str) -> int | None:
        return self.keys.get((table, index, name)) or self.header(table, index)


def parse_watchlist(text: str, *, source: str = "<watchlist>", default_name: str = "watchlist") -> Watchlist:
    """A ``Watchlist`` from TOML text; ``source`` names the file in error messages."""
    return _WatchlistReader(text, source).read(default_name)


class _WatchlistReader:
    """Checks a parsed watchlist against the schema; every complaint cites file and line.

    Complaints are collected, not raised one at a time, so that one run lists every
    problem of the file (in line order); only text that is not TOML at all stops at once.
    """

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.lines = _LineFinder(text)
        self.problems: list[tuple[int | None, str]] = []

    def error(self, problem: str, line: int | None = None) -> WatchlistError:
        where = f"watchlist '{self.source}', line {line}" if line else f"watchlist '{self.source}'"
        return WatchlistError(f"{where}: {problem}")

    def note(self, problem: str, line: int | None = None) -> None:
        self.problems.append((line, problem))

    def raise_problems(self) -> None:
        if not self.problems:
            return
        ordered = sorted(self.problems, key=lambda item: (item[0] is None, item[0] or 0))
        messages = [str(self.error(problem, line)) for line, problem in ordered]
        raise WatchlistError("\n".join(messages), problems=tuple(messages))

    def check_keys(self, table: Mapping[str, Any], allowed: Sequence[str], where: str, line_of: Any) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.note(f"unknown key '{key}' in {where}; {hint}allowed keys: {', '.join(allowed)}", line_of(key))

    def read(self, default_name: str) -> Watchlist:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            position = _TOML_POSITION.search(message)
            reason = _TOML_POSITION.sub("", message)
            if position:
                raise self.error(f"not valid TOML: {reason} (column {position[2]})", int(position[1])) from None
            raise self.error(f"not valid TOML: {reason}") from None
        lines = self.lines
        self.check_keys(data, _TOP_LEVEL_KEYS, "the file", lambda key: lines.header(key) or lines.key("", 0, key))

        header = data.get("watchlist", {})
        name, description = default_name, ""
        if not isinstance(header, dict):
            problem = 'watchlist must be a table: write [watchlist] and name = "…" under it'
            self.note(problem, lines.key("", 0, "watchlist"))
        else:
            self.check_keys(header, _WATCHLIST_KEYS, "[watchlist]", lambda key: lines.key("watchlist", 0, key))
            name = header.get("name", default_name)
            description = header.get("description", "")
            for key, value in (("name", name), ("description", description)):
                if not isinstance(value, str):
                    self.note(f"[watchlist] {key} must be text in quotes", lines.key("watchlist", 0, key))
            if isinstance(name, str) and not name.strip():
                self.note("[watchlist] name is empty", lines.key("watchlist", 0, "name"))

        tables = data.get("concept")
        if tables is None:
            self.note("it has no concepts: add a [[concept]] table with an id and phrases")
            tables = []
        if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
            line = lines.header("concept") or lines.key("", 0, "concept")
            self.note("concepts must be [[concept]] tables (with two brackets)", line)
            tables = []

        concepts: list[Concept] = []
        line_of_id: dict[str, int | None] = {}
        for index, table in enumerate(tables):
            concept = self.concept(table, index)
            if concept is None:
                continue
            line = lines.key("concept", index, "id")
            if concept.id in line_of_id:
                earlier = line_of_id[concept.id]
                also = f" (first on line {earlier})" if earlier else ""
                self.note(f"concept id '{concept.id}' is used twice{also}; give every concept its own id", line)
                continue
            line_of_id[concept.id] = line
            concepts.append(concept)
        self.raise_problems()
        return Watchlist(name=name.strip(), concepts=tuple(concepts), description=description.strip(), source=self.source)

    def concept(self, table: Mapping[str, Any], index: int) -> Concept | None:
        """The concept of one [[concept]] table, or None when it has problems (noted)."""
        lines = self.lines
        before = len(self.problems)

        def line_of(key: str) -> int | None:
            return lines.key("concept", index, key)

        concept_id = table.get("id")
        named = f"concept '{concept_id}'" if isinstance(concept_id, str) else f"concept {index + 1}"
        self.check_keys(table, _CONCEPT_KEYS, named, line_of)
        if concept_id is None:
            problem = f'{named} has no id: add id = "…" (lowercase words joined by hyphens)'
            self.note(problem, lines.header("concept", index))
        elif not isinstance(concept_id, str) or not _CONCEPT_ID.fullmatch(concept_id):
            self.note(
                f"concept id {concept_id!r} must be lowercase letters, digits and hyphens, "
                'such as "child-sexual-exploitation"',
                line_of("id"),
            )
        label = table.get("label", concept_id if isinstance(concept_id, str) else "")
        if "label" in table and (not isinstance(label, str) or not label.strip()):
            self.note(f"{named}: label must be non-empty text in quotes", line_of("label"))

        lists: dict[str, tuple[str, ...]] = {}
        for key in ("phrases", "abbreviations", "case_sensitive"):
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                self.note(f'{named}: {key} must be a list of texts in quotes, such as {key} = ["…"]', line_of(key))
                continue
            for item in value:
                if key == "abbreviations" and not _ABBREVIATION.fullmatch(item):
                    self.note(f"{named}: abbreviation {item!r} must be one word of letters or digits", line_of(key))
                if key != "abbreviations" and not _PHRASE_ENDS.fullmatch(item.strip()):
                    self.note(f"{named}: {key} entry {item!r} must begin and end with a letter or digit", line_of(key))
            lists[key] = tuple(item.strip() for item in value)
        if not any(lists.values()) and len(self.problems) == before:
            problem = f'{named} has no phrases: add phrases = ["…"] (or abbreviations, or case_sensitive)'
            self.note(problem, line_of("phrases"))
        if len(self.problems) > before:
            return None
        return Concept(id=concept_id, label=label.strip(), **lists)


# --------------------------------------------------------------------------- scanning


@dataclass(frozen=True, slots=True)
class Occurrence(serial.Record):
    """One mention: in which block (``seq``), where in its text, and on which page."""

    block_seq: int = serial.field(key="block")
    offset: int
    text: str  # the words as printed, e.g. "Child Sexual Exploitation" or "CSE"
    page: int = serial.field(dump=False)  # 0-based page index
    page_label: str = serial.field(key="page")  # the printed page label

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


def _pages_in_order(document: Document, occurrences: Iterable[Occurrence]) -> tuple[str, ...]:
    return document.labels(tuple(sorted({occurrence.page for occurrence in occurrences})))


@serial.layout("concept", "label", "count", "pages", "occurrences")
@dataclass(frozen=True, slots=True)
class ConceptCount(serial.Record):
    """A concept in one document: its mentions, and the printed pages they are on."""

    concept: Concept = serial.field(encode=lambda concept: concept.id)  # written by its id
    pages: tuple[str, ...]  # printed labels, in page order, without repeats
    occurrences: tuple[Occurrence, ...]  # reading order

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def label(self) -> str:
        return self.concept.label

    @property
    def mentions(self) -> Mentions:
        """How many, and on which printed pages: what a report cites."""
        return Mentions(self.count, self.pages)


@dataclass(frozen=True, slots=True)
class TermsIndex(serial.Record):
    """Every concept of a watchlist counted in one document, in watchlist order."""

    document: str  # the document's name (edition or title)
    watchlist: str
    counts: tuple[ConceptCount, ...] = serial.field(key="concepts")

    def __iter__(self) -> Iterator[ConceptCount]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)

    def __getitem__(self, concept_id: str) -> ConceptCount:
        for count in self.counts:
            if count.concept.id == concept_id:
                return count
        raise KeyError(concept_id)

    @property
    def found(self) -> tuple[ConceptCount, ...]:
        """Concepts mentioned at least once."""
        return tuple(count for count in self.counts if count.count)


def scan(document: Document, watchlist: Watchlist | str | os.PathLike[str] = DEFAULT_WATCHLIST) -> TermsIndex:
    """Count every concept of ``watchlist`` in ``document``, with printed pages and occurrences."""
    watchlist = load_watchlist(watchlist)
    blocks = document.blocks
    # One pass over all blocks joined, rather than one per block and concept.
    starts: list[int] = []
    position = 0
    for block in blocks:
        starts.append(position)
        position += len(block.text) + len(_BLOCK_SEPARATOR)
    joined = _BLOCK_SEPARATOR.join(block.text for block in blocks)

    counts = []
    for concept, spans in zip(watchlist.concepts, watchlist.find_all(joined)):
        occurrences = []
        for start, end in spans:
            block_index = bisect.bisect_right(starts, start) - 1
            block = blocks[block_index]
            offset = start - starts[block_index]
            page = block.page_at(offset)
            occurrences.append(Occurrence(block.seq, offset, joined[start:end], page, document.page_label(page)))
        counts.append(ConceptCount(concept, _pages_in_order(document, occurrences), tuple(occurrences)))
    return TermsIndex(document.name, watchlist.name, tuple(counts))


# --------------------------------------------------------------------------- comparing


class TermStatus(StrEnum):
    NEW = "new"  # not mentioned in the old edition, mentioned in the new
    GONE = "gone"  # mentioned in the old edition, not in the new
    MORE = "more"
    FEWER = "fewer"
    SAME = "same"  # same count (including not mentioned in either)


@dataclass(frozen=True, slots=True)
class Mentions(serial.Record):
    """A concept's mentions in one edition, as a report cites them: the contract's ``{"count": …, "pages": […]}``."""

    count: int
    pages: tuple[str, ...]  # printed labels, in page order, without repeats


@dataclass(frozen=True, slots=True)
class TermChange(serial.Record):
    """How one concept's mentions changed from the old edition to the new: the report's ``terms`` entry.

    ``new_pages``: printed pages of the new edition holding a mention that has no
    counterpart in the old edition. Mentions are paired one to one: a new-edition
    mention's counterpart is an old-edition mention of the same concept with the
    same ``CONTEXT_WORDS`` words before and after it in its paragraph (compared
    ignoring case, punctuation, numbers and line breaks). So a mention carried over
    in a moved, renumbered or elsewhere-edited paragraph is not new; a mention in
    a new or rewritten sentence is. For status "new", every page is new.
    ``removed_pages`` is the same from the other side: old-edition pages holding a
    mention with no counterpart in the new edition (not in the JSON: the report
    schema has no field for it yet, so a report read back from JSON has none, and
    equality leaves it out).
    """

    concept: str  # the concept's id
    label: str
    old: Mentions
    new: Mentions
    status: TermStatus
    new_pages: tuple[str, ...] = ()
    removed_pages: tuple[str, ...] = serial.field(default=(), dump=False, compare=False)


def _status(old_count: int, new_count: int) -> TermStatus:
    if old_count == new_count:
        return TermStatus.SAME
    if old_count == 0:
        return TermStatus.NEW
    if new_count == 0:
        return TermStatus.GONE
    return TermStatus.MORE if new_count > old_count else TermStatus.FEWER


# Words for the context of a mention: letters only, so numbers (renumbered
# cross-references, footnote markers) and punctuation never break a pairing.
_CONTEXT_WORD = re.compile(r"[^\W\d_]+")
# How far either side of a mention to look for its context words: far more than
# CONTEXT_WORDS words need, and it keeps long paragraphs cheap.
_CONTEXT_CHARACTERS = 200

_Context = tuple[tuple[str, ...], tuple[str, ...]]


def _contexts(mentions: ConceptCount, texts: Mapping[int, str]) -> list[_Context]:
    """The words either side of each mention in its block: what pairs it across editions."""
    contexts = []
    for occurrence in mentions.occurrences:
        text = texts[occurrence.block_seq]
        before = text[max(0, occurrence.offset - _CONTEXT_CHARACTERS) : occurrence.offset].casefold()
        after = text[occurrence.end : occurrence.end + _CONTEXT_CHARACTERS].casefold()
        contexts.append((tuple(_CONTEXT_WORD.findall(before)[-CONTEXT_WORDS:]), tuple(_CONTEXT_WORD.findall(after)[:CONTEXT_WORDS])))
    return contexts


def _unpaired(mentions: ConceptCount, contexts: Sequence[_Context], other_contexts: Iterable[_Context]) -> list[Occurrence]:
    """The mentions (in reading order) left without a counterpart among the other edition's."""
    available = Counter(other_contexts)
    unpaired = []
    for occurrence, context in zip(mentions.occurrences, contexts):
        if available[context]:
            available[context] -= 1
        else:
            unpaired.append(occurrence)
    return unpaired


def compare_terms(
    old_document: Document, new_document: Document, watchlist: Watchlist | str | os.PathLike[str] = DEFAULT_WATCHLIST
) -> tuple[TermChange, ...]:
    """Per concept, in watchlist order: old and new counts and pages, a status, and where it is newly mentioned."""
    watchlist = load_watchlist(watchlist)
    old_index, new_index = scan(old_document, watchlist), scan(new_document, watchlist)
    old_texts = {block.seq: block.text for block in old_document.blocks}
    new_texts = {block.seq: block.text for block in new_document.blocks}
    changes = []
    for old, new in zip(old_index.counts, new_index.counts):
        old_contexts, new_contexts = _contexts(old, old_texts), _contexts(new, new_texts)
        changes.append(
            TermChange(
                concept=new.concept.id,
                label=new.concept.label,
                old=old.mentions,
                new=new.mentions,
                status=_status(old.count, new.count),
                new_pages=_pages_in_order(new_document, _unpaired(new, new_contexts, old_contexts)),
                removed_pages=_pages_in_order(old_document, _unpaired(old, old_contexts, new_contexts)),
            )
        )
    return tuple(changes)


# --------------------------------------------------------------------------- trend


@dataclass(frozen=True, slots=True)
class EditionCount(serial.Record):
    """A concept in one edition of a series: how many mentions, and on which printed pages."""

    edition: int  # the edition's position in the series (0 is the first given: the oldest, in a history)
    count: int
    pages: tuple[str, ...]  # printed labels, in page order, without repeats


@serial.layout("concept", "label", "editions", "first_edition", "first_pages", "disappears_in", "returns_in")
@dataclass(frozen=True, slots=True)
class ConceptTrend(serial.Record):
    """A watched concept across the editions of a series: counts, first appearance, disappearances and returns.

    Editions are cited by their position in the series, as a history cites them everywhere;
    their names are the series' own (``TrendTable.editions``, ``History.editions``).
    """

    concept: str  # the concept's id
    label: str
    editions: tuple[EditionCount, ...]  # one per edition, in the order of the series

    @property
    def first_edition(self) -> int | None:
        """The first edition that mentions the concept, or None."""
        return next((row.edition for row in self.editions if row.count), None)

    @property
    def first_pages(self) -> tuple[str, ...]:
        """Printed pages of the mentions in the edition where it first appears."""
        first = self.first_edition
        return () if first is None else self.editions[first].pages

    @property
    def disappears_in(self) -> tuple[int, ...]:
        """Editions with no mention right after one with mentions."""
        return tuple(now.edition for before, now in zip(self.editions, self.editions[1:]) if before.count and not now.count)

    @property
    def returns_in(self) -> tuple[int, ...]:
        """Editions mentioning it again after an edition that did not (once it had appeared)."""
        first = self.first_edition
        if first is None:
            return ()
        return tuple(now.edition for before, now in zip(self.editions[first:], self.editions[first + 1:])
                     if now.count and not before.count)


def trend(
    documents: Sequence[Document], watchlist: Watchlist | str | os.PathLike[str] = DEFAULT_WATCHLIST
) -> tuple[ConceptTrend, ...]:
    """Per concept, in watchlist order: count and pages in each edition, in the order given (oldest first)."""
    watchlist = load_watchlist(watchlist)
    indexes = [scan(document, watchlist) for document in documents]
    return tuple(
        ConceptTrend(concept.id, concept.label,
                     tuple(EditionCount(edition, index.counts[position].count, index.counts[position].pages)
                           for edition, index in enumerate(indexes)))
        for position, concept in enumerate(watchlist.concepts)
    )


@dataclass(frozen=True, slots=True)
class TrendTable:
    """Watched concepts across editions (the ``terms`` command): one column per edition, one row per concept."""

    watchlist: str  # the watchlist's name
    editions: tuple[EditionFacts, ...]  # in the order given, each named uniquely for a column heading
    rows: tuple[ConceptTrend, ...]  # watchlist order; a row's ``edition`` is a position in ``editions``

    @property
    def names(self) -> tuple[str, ...]:
        """Each edition's column heading, by position: what a row's ``edition`` stands for."""
        return tuple(edition.name for edition in self.editions)


def trend_table(
    editions: Sequence[EditionFacts], watchlist: Watchlist | str | os.PathLike[str] = DEFAULT_WATCHLIST
) -> TrendTable:
    """``trend`` over editions as the editions stage names them, a file name standing in where two names clash."""
    watchlist = load_watchlist(watchlist)
    named = tuple(distinguish_names(editions))
    return TrendTable(watchlist.name, named, trend([fact.document for fact in named], watchlist))
