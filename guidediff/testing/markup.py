r"""A small text format for writing long test documents and model editions by hand.

A file is a header, a line ``---``, and the body::

    title: Working Together to Safeguard Children
    subtitle: A guide to inter-agency working to safeguard and promote the welfare of children
    date: March 2015
    publisher: HM Government
    notice: Model edition for testing guidediff. Not the official text.
    page-numbers: bottom-centre
    running-header: Working Together to Safeguard Children
    front-matter: roman
    contents: yes
    bookmarks: yes
    hyphenate: no
    meta.Keywords: safeguarding
    ---
    # Level-1 heading
    ## Level-2 heading
    ### Level-3 heading
    12. A numbered paragraph; the number is printed exactly as written ("12.").
    5.23 A chapter-decimal numbered paragraph (printed "5.23").

    An unnumbered paragraph. Consecutive non-blank lines join into one paragraph;
    a blank line ends it.

    \2010 was … (a leading backslash escapes a paragraph that starts with a number)
    - a bullet
      - a nested bullet (two-space indent)
    A paragraph with a footnote reference[^abc] inside it.
    [^abc]: The footnote's text (a line starting with "[^id]:" anywhere in the file).
    \newpage
    \mainmatter
    \flowchart Title of the flowchart | First step | Second step | Third step
    \table
    | Header A | Header B |
    | cell | cell |
    \endtable
    % a comment line (ignored)

(The blank lines matter: without them the unnumbered paragraph would go on
the "5.23" paragraph, and the escaped line on the unnumbered one.)

Header
    ``key: value`` lines. Keys: ``title`` (required), ``subtitle``, ``date``,
    ``publisher``, ``notice``, ``running-header``, ``page-numbers``
    (bottom-centre, bottom-right, top-centre, top-right, none), ``front-matter``
    (none, roman), ``page-size`` (A4, Letter), and the yes/no switches
    ``contents``, ``bookmarks``, ``hyphenate``, ``page-labels``, ``title-page``.
    ``meta.NAME: value`` adds a PDF document-information entry ``/NAME``.
    Blank lines and ``%`` comments are allowed; any other key is an error.

Body, line by line
    * ``#``, ``##``, ``###`` and a space: a heading, one line; level 1 starts a
      new page.
    * A paragraph number and a space, then text: a numbered paragraph. A number
      is digits and a full stop (``12.``) or dotted digits (``5.23``, ``1.2.3``,
      ``5.23.``). A bare integer ("2010 was") is ordinary text.
    * ``-`` and a space, indented by two spaces per level below the first
      (levels 1–3): a bullet, drawn with "•".
    * ``[^id]:`` and text: the footnote ``id``. Its reference is ``word[^id]``
      in any body text, fused to the word; footnotes are numbered 1, 2, 3 … in
      order of reference, wherever their definitions stand.
    * ``\newpage``, ``\mainmatter`` (with ``front-matter: roman``: the next
      page is printed "1"), ``\flowchart Title | step | step …``, and
      ``\table`` … ``\endtable`` enclosing ``| cell | cell |`` rows whose first
      row is the header row. ``\|`` is a literal "|" in a cell or flowchart.
    * ``%`` first on a line: a comment, ignored (it does not end a paragraph).
    * A blank line ends the paragraph, bullet or footnote being written.
    * Any other line is text: it continues the open paragraph or footnote, or
      the open bullet when indented further than the bullet's "-"; otherwise
      it starts a new paragraph. A line that would otherwise start
      something else (a number, "- ", "#", "%") is read as text when it
      begins with a backslash, which is dropped: ``\2010 was``,
      ``\- not a bullet``, ``\% of children``. A backslash before a letter
      is a directive, so an unknown ``\word`` is an error.
    * ``[^id]`` in body text is always a footnote reference; in a footnote's
      own text, the title page and the running header it is ordinary text.

Errors are ``MarkupError`` (a ``ValueError``) naming the line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidediff.testing.spec import (
    FRONT_MATTER_STYLES,
    PAGE_NUMBER_POSITIONS,
    PAGE_SIZES,
    Bullet,
    DocSpec,
    Element,
    Flowchart,
    Footnote,
    Heading,
    MainMatter,
    PageBreak,
    Para,
    SpecError,
    Table,
    check_characters,
)


class MarkupError(SpecError):
    """A markup file the parser cannot read; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


HEADER_END = "---"
_TEXT_KEYS = {
    "title": "title",
    "subtitle": "subtitle",
    "date": "date",
    "publisher": "publisher",
    "notice": "notice",
    "running-header": "running_header",
}
_CHOICE_KEYS = {
    "page-numbers": ("page_number_position", PAGE_NUMBER_POSITIONS),
    "front-matter": ("front_matter", FRONT_MATTER_STYLES),
    "page-size": ("page_size", PAGE_SIZES),
}
_SWITCH_KEYS = {
    "contents": "contents",
    "bookmarks": "bookmarks",
    "hyphenate": "hyphenate",
    "page-labels": "page_labels",
    "title-page": "title_page",
}
_SWITCH_VALUES = {"yes": True, "no": False, "true": True, "false": False}
_META_PREFIX = "meta."

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9._-]*)\s*:\s*(.*)")
_HEADING = re.compile(r"(#+)\s+(\S.*)")
_NUMBERED = re.compile(r"(\d+\.|\d+(?:\.\d+)+\.?)(?:\s+(.*))?")
_BULLET = re.compile(r"([ \t]*)- +(\S.*)")
_FOOTNOTE_DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:\s*(.*)")
_DIRECTIVE = re.compile(r"\\([A-Za-z]+)(?:\s+(.*))?")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def parse_file(path: str | os.PathLike[str]) -> DocSpec:
    """Parse a UTF-8 markup file."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise MarkupError(f"{os.fspath(path)} is not UTF-8 text (byte {data[error.start]:#04x})", line) from None
    return parse(text)


def parse(text: str) -> DocSpec:
    """Parse markup text into a validated ``DocSpec``."""
    lines = text.removeprefix("\ufeff").splitlines()
    options, body_start = _parse_header(lines)
    parser = _BodyParser()
    for number in range(body_start, len(lines)):
        parser.feed(number + 1, lines[number].rstrip())
    elements, element_lines = parser.finish()
    try:
        return DocSpec(**options, body=tuple(elements))
    except SpecError as error:
        line = element_lines[error.index] if error.index is not None else body_start
        raise MarkupError(_without_element_prefix(str(error)), line) from None


def _without_element_prefix(message: str) -> str:
    """The markup error names a line; the spec's "body[3] (para): " would only confuse."""
    return re.sub(r"^body\[\d+\](?: \([a-z_]+\))?: ", "", message)


# --- header -------------------------------------------------------------------------


def _parse_header(lines: list[str]) -> tuple[dict[str, Any], int]:
    """Header options as DocSpec keyword arguments, and the index of the first body line."""
    options: dict[str, Any] = {}
    metadata: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(lines):
        line_number = index + 1
        line = raw.strip()
        if line == HEADER_END:
            if "title" not in options:
                raise MarkupError("the header has no 'title:' line", line_number)
            if metadata:
                options["metadata"] = tuple(metadata)
            return options, index + 1
        if not line or line.startswith("%"):
            continue
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            raise MarkupError(f"expected 'key: value' or '{HEADER_END}' in the header, got {line!r}", line_number)
        key, value = match.group(1), match.group(2).strip()
        if key in seen:
            raise MarkupError(f"header key {key!r} repeats line {seen[key]}", line_number)
        seen[key] = line_number
        _check_line_characters(value, line_number)
        if key.startswith(_META_PREFIX):
            metadata.append((_metadata_name(key, line_number), value))
        else:
            options.update(_header_option(key, value, line_number))
    raise MarkupError(f"no '{HEADER_END}' line ends the header", max(len(lines), 1))


def _metadata_name(key: str, line_number: int) -> str:
    name = key.removeprefix(_META_PREFIX)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", name):
        raise MarkupError(f"'{key}' needs a PDF name after 'meta.', such as 'meta.Keywords'", line_number)
    return name


def _header_option(key: str, value: str, line_number: int) -> dict[str, Any]:
    if not value:
        raise MarkupError(f"header key {key!r} has no value", line_number)
    if key in _TEXT_KEYS:
        return {_TEXT_KEYS[key]: value}
    if key in _CHOICE_KEYS:
        name, choices = _CHOICE_KEYS[key]
        if value not in choices:
            raise MarkupError(f"{key} must be one of {', '.join(choices)}, not {value!r}", line_number)
        return {name: value}
    if key in _SWITCH_KEYS:
        if value.lower() not in _SWITCH_VALUES:
            raise MarkupError(f"{key} must be yes or no, not {value!r}", line_number)
        return {_SWITCH_KEYS[key]: _SWITCH_VALUES[value.lower()]}
    known = sorted([*_TEXT_KEYS, *_CHOICE_KEYS, *_SWITCH_KEYS, "meta.NAME"])
    raise MarkupError(f"unknown header key {key!r}; known keys: {', '.join(known)}", line_number)


def _check_line_characters(text: str, line_number: int) -> None:
    try:
        check_characters(text, "text")
    except SpecError as error:
        raise MarkupError(str(error).removeprefix("text: "), line_number) from None


# --- body ---------------------------------------------------------------------------


@dataclass
class _OpenText:
    """A paragraph, bullet or footnote whose lines are still being read."""

    kind: str  # "para", "bullet" or "footnote"
    line: int
    parts: list[str]
    number: str | None = None
    level: int = 1
    footnote_id: str = ""
    indent: int = 0  # a bullet's indentation: its text goes on only on lines indented further

    def continues_with(self, line_indent: int) -> bool:
        """Whether a text line with this indentation goes on with this paragraph, bullet or footnote."""
        return self.kind != "bullet" or line_indent > self.indent

    def element(self) -> Element:
        text = " ".join(self.parts)
        if not text:
            what = f"footnote [^{self.footnote_id}]" if self.kind == "footnote" else f"paragraph {self.number}"
            raise MarkupError(f"{what} has no text", self.line)
        if self.kind == "bullet":
            return Bullet(text, level=self.level)
        if self.kind == "footnote":
            return Footnote(self.footnote_id, text)
        return Para(text, number=self.number)


@dataclass
class _OpenTable:
    line: int
    rows: list[tuple[str, ...]] = field(default_factory=list)


class _BodyParser:
    """Reads body lines one at a time, collecting elements and the line each one starts on."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.element_lines: list[int] = []
        self.open_text: _OpenText | None = None
        self.open_table: _OpenTable | None = None

    def feed(self, line_number: int, line: str) -> None:
        stripped = line.strip()
        if stripped.startswith("%"):
            return
        _check_line_characters(line, line_number)
        if self.open_table is not None:
            self._table_line(line_number, stripped)
        elif not stripped:
            self._close_text()
        elif stripped.startswith("\\") and _is_ascii_letter(stripped[1:2]):
            self._directive(line_number, stripped)
        elif stripped.startswith("\\"):
            self._text_line(line_number, stripped[1:], _indent(line))  # the backslash only says "this is text"
        else:
            self._content_line(line_number, line, stripped)

    def finish(self) -> tuple[list[Element], list[int]]:
        if self.open_table is not None:
            raise MarkupError("\\table has no \\endtable", self.open_table.line)
        self._close_text()
        return self.elements, self.element_lines

    # line kinds
    def _content_line(self, line_number: int, line: str, stripped: str) -> None:
        if heading := _HEADING.fullmatch(stripped):
            self._heading(line_number, len(heading.group(1)), heading.group(2))
        elif bullet := _BULLET.fullmatch(line):
            self._bullet(line_number, bullet.group(1), bullet.group(2))
        elif definition := _FOOTNOTE_DEFINITION.fullmatch(stripped):
            parts = _nonempty(definition.group(2))
            self._open(_OpenText("footnote", line_number, parts, footnote_id=definition.group(1)))
        elif numbered := _NUMBERED.fullmatch(stripped):
            self._open(_OpenText("para", line_number, _nonempty(numbered.group(2) or ""), number=numbered.group(1)))
        else:
            self._text_line(line_number, stripped, _indent(line))

    def _text_line(self, line_number: int, text: str, indent: int) -> None:
        if self.open_text is None or not self.open_text.continues_with(indent):
            self._open(_OpenText("para", line_number, []))
        assert self.open_text is not None
        self.open_text.parts.extend(_nonempty(text.strip()))

    def _heading(self, line_number: int, level: int, text: str) -> None:
        if level > 3:
            raise MarkupError(f"headings go to level 3 ('###'), not {level}", line_number)
        self._add(Heading(text.strip(), level=level), line_number)

    def _bullet(self, line_number: int, indent: str, text: str) -> None:
        if "\t" in indent or len(indent) % 2 or len(indent) > 4:
            message = "a nested bullet is indented with 2 spaces per level, up to level 3 (4 spaces)"
            raise MarkupError(message, line_number)
        self._open(_OpenText("bullet", line_number, [text.strip()], level=len(indent) // 2 + 1, indent=len(indent)))

    def _directive(self, line_number: int, stripped: str) -> None:
        match = _DIRECTIVE.fullmatch(stripped)
        if match is None:
            message = f"{stripped.split()[0]!r} is not a directive (a backslash before a letter starts one)"
            raise MarkupError(message, line_number)
        name, argument = match.group(1), (match.group(2) or "").strip()
        if name in ("newpage", "mainmatter", "table", "endtable") and argument:
            raise MarkupError(f"\\{name} takes nothing after it, got {argument!r}", line_number)
        if name == "newpage":
            self._add(PageBreak(), line_number)
        elif name == "mainmatter":
            self._add(MainMatter(), line_number)
        elif name == "flowchart":
            self._add(_flowchart(argument, line_number), line_number)
        elif name == "table":
            self._close_text()
            self.open_table = _OpenTable(line_number)
        elif name == "endtable":
            raise MarkupError("\\endtable without \\table", line_number)
        else:
            known = "\\newpage, \\mainmatter, \\flowchart, \\table, \\endtable"
            message = f"unknown directive \\{name} (known: {known}; write \\\\ for a literal backslash)"
            raise MarkupError(message, line_number)

    def _table_line(self, line_number: int, stripped: str) -> None:
        assert self.open_table is not None
        if not stripped:
            return
        if stripped == "\\endtable":
            self._end_table()
            return
        if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1):
            message = "a table row is written '| cell | cell |' (or end the table with \\endtable)"
            raise MarkupError(message, line_number)
        cells = tuple(_split_cells(stripped[1:-1]))
        if self.open_table.rows and len(cells) != len(self.open_table.rows[0]):
            first = len(self.open_table.rows[0])
            raise MarkupError(f"this row has {len(cells)} cells, the table's first row has {first}", line_number)
        self.open_table.rows.append(cells)

    def _end_table(self) -> None:
        assert self.open_table is not None
        table, self.open_table = self.open_table, None
        if not table.rows:
            raise MarkupError("the table has no rows", table.line)
        self._add(Table(tuple(table.rows)), table.line)

    # element bookkeeping
    def _open(self, text: _OpenText) -> None:
        self._close_text()
        self.open_text = text

    def _close_text(self) -> None:
        if self.open_text is not None:
            text, self.open_text = self.open_text, None
            self._add(text.element(), text.line)

    def _add(self, element: Element, line_number: int) -> None:
        self._close_text()
        self.elements.append(element)
        self.element_lines.append(line_number)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _nonempty(text: str) -> list[str]:
    return [text] if text else []


def _split_cells(inner: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SEPARATOR.split(inner)]


def _flowchart(argument: str, line_number: int) -> Flowchart:
    parts = _split_cells(argument)
    if len(parts) < 2 or not all(parts):
        raise MarkupError("write \\flowchart Title | first step | second step …, with no empty parts", line_number)
    return Flowchart(parts[0], tuple(parts[1:]))
