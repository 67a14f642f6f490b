"""The tag tree: the author's own statement of what is a heading, a paragraph, a list item, a cell.

Input: a pypdf reader. Output: a ``StructureTree`` — every structure element of
``/StructTreeRoot`` in logical (depth-first) order with its standard role, and
the marked-content ids (MCIDs) on each page that belong to each element.

Rules (PDF 32000-1, 14.7 and 14.8; PDF 2.0, 14.8.4):

* a role is mapped through ``/RoleMap`` (chains followed, loops cut) to a
  standard structure type; an unknown role that maps to nothing is kept as is
  and treated as a transparent grouping;
* an element's content is its ``/K``: integers (MCIDs on the element's page,
  ``/Pg`` inherited from the nearest ancestor that has one), marked-content
  references (``/MCR`` with their own ``/Pg`` and, for form XObjects, ``/Stm``),
  object references (``/OBJR``, e.g. link annotations) and child elements;
* the *unit* of a piece of content is the element that a reader would call one
  block: the nearest table cell, footnote or list item above it, else the
  nearest paragraph-like element (P, H1–H6, Caption, TOCI…). Spans, links,
  emphasis and Chromium's ``NonStruct`` are inline and never units.

A hostile file can make the tree huge or cyclic: objects are visited once and
the walk stops at ``MAX_ELEMENTS`` elements or ``MAX_DEPTH`` levels (the tree is
then reported as unusable, and the reader falls back to geometry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

MAX_ELEMENTS = 200_000
MAX_DEPTH = 64
MAX_ROLE_CHAIN = 12

STANDARD_ROLES = frozenset({
    "Document", "DocumentFragment", "Part", "Art", "Sect", "Div", "Aside", "BlockQuote", "Caption", "TOC", "TOCI",
    "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
    "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "FENote", "Reference", "BibEntry",
    "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form", "Title",
    "Sub", "Em", "Strong", "Artifact",
})
HEADING_ROLES = frozenset({"H", "H1", "H2", "H3", "H4", "H5", "H6"})
# Elements that hold one block of text of their own.
PARAGRAPH_ROLES = HEADING_ROLES | {"P", "Caption", "TOCI", "BibEntry", "Code", "Title", "Quote", "Lbl", "LBody"}
CELL_ROLES = frozenset({"TD", "TH"})
# What a list item's body holds when it is a container rather than one item's text.
BLOCK_CHILD_ROLES = HEADING_ROLES | {"P", "L", "Table", "BlockQuote", "Div", "Figure", "Caption", "Sect"}
NOTE_ROLES = frozenset({"Note", "FENote"})
# Groupings that end the search for a unit: a paragraph inside a section is the section's, not the section.
CONTAINER_ROLES = frozenset({"Document", "DocumentFragment", "Part", "Art", "Sect", "Div", "Aside", "BlockQuote",
                             "TOC", "Index", "L", "Table", "THead", "TBody", "TFoot", "Figure", "Form", "Private"})
# Word's own style names, for trees written without a role map (Acrobat 9 era).
_WORD_STYLES = (
    (re.compile(r"^heading\s*([1-6])$", re.IGNORECASE), "H{}"),
    (re.compile(r"^(?:normal|body text.*|list paragraph|default)$", re.IGNORECASE), "P"),
)


@dataclass(frozen=True, slots=True)
class Element:
    """One structure element."""

    index: int
    role: str  # the standard role after the role map ("P", "H2", "LI", "TD", "NonStruct"…)
    written_role: str  # the role as the file writes it ("Heading 2", "Normal", "P")
    parent: int  # index of the parent element, -1 at the top
    depth: int
    actual_text: str | None = None
    alt: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class StructureTree:
    """The elements in logical order and the content that belongs to each."""

    elements: tuple[Element, ...]
    page_content: dict[tuple[int, int], int]  # (page index, MCID) -> element index
    form_content: dict[tuple[int, int], int]  # (form XObject object number, MCID) -> element index
    link_targets: dict[int, int] = field(default_factory=dict)  # link annotation object number -> element index
    truncated: bool = False  # the walk stopped at a limit: the tree is not to be trusted
    _units: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    _layout_cells: frozenset[int] | None = field(default=None, repr=False, compare=False)
    _children: dict[int, tuple[int, ...]] | None = field(default=None, repr=False, compare=False)
    _owning: frozenset[int] | None = field(default=None, repr=False, compare=False)

    def element_of(self, page: int, mcid: int | None, form_mcid: tuple[int, int] | None = None) -> int | None:
        """The element a run painted with these ids belongs to, if any."""
        if form_mcid is not None:
            found = self.form_content.get(form_mcid)
            if found is not None:
                return found
        if mcid is None:
            return None
        return self.page_content.get((page, mcid))

    def unit_of(self, element: int) -> int:
        """The element that is one block for content of ``element`` (see the module docstring)."""
        cached = self._units.get(element)
        if cached is not None:
            return cached
        unit = self._find_unit(element)
        self._units[element] = unit
        return unit

    def _find_unit(self, element: int) -> int:
        cell = self.ancestor(element, CELL_ROLES)
        if cell is not None and cell not in self.layout_cells():
            note = self.ancestor(element, NOTE_ROLES)
            if note is not None and self.within(note, cell):
                # Word puts a footnote's Note where its reference is, inside the cell, though the
                # note is printed at the page foot (Ofsted's Annex A, p. 6): it is a footnote.
                return note
            return cell  # a list inside a table cell is part of the cell
        paragraph: int | None = None
        through_label = False
        current = element
        for _ in range(MAX_DEPTH):
            role = self.elements[current].role
            if role in CELL_ROLES and current in self.layout_cells():
                break  # a one-column "table" is a shaded box: its paragraphs are the units
            if role == "LI" and self._holds_blocks(current):
                # Apache FOP (legislation.gov.uk) tags a whole section as one list item: its number
                # as the label, its heading and every paragraph under it in the body. The label
                # goes with the body's first block; each block is a unit of its own.
                if through_label:
                    return self._first_block(current) or current
                return paragraph if paragraph is not None else current
            if role == "LI" and through_label:
                nested = self._nested_first_item(current)
                if nested is not None:
                    # legislation.gov.uk's Schedules: paragraph "2" is an item whose body is only a
                    # list, "(1) Section 25 …" printed on the label's own line; the label numbers that line.
                    return self.unit_of(nested)
            if role in NOTE_ROLES or role in CELL_ROLES or role == "LI":
                return current
            if role in CONTAINER_ROLES:
                break
            through_label = through_label or role == "Lbl"
            if paragraph is None and role in PARAGRAPH_ROLES:
                paragraph = current
            parent = self.elements[current].parent
            if parent < 0:
                break
            current = parent
        return paragraph if paragraph is not None else element

    def _body(self, item: int) -> int:
        """A list item's body: its LBody, or the item itself when it has none."""
        return next((child for child in self.children(item) if self.elements[child].role == "LBody"), item)

    def _holds_blocks(self, item: int) -> bool:
        """Whether a list item's body holds several blocks (paragraphs, lists, tables), not one text."""
        blocks = [child for child in self.children(self._body(item)) if self.elements[child].role in BLOCK_CHILD_ROLES]
        return len(blocks) >= 2

    def _nested_first_item(self, item: int) -> int | None:
        """The first item of the list or lists that are all a list item's body holds (through wrappers)."""
        current = self._body(item)
        for _ in range(MAX_DEPTH):
            kids = self.children(current)
            lists_only = len(kids) > 1 and all(self.elements[kid].role == "L" for kid in kids)
            if not (len(kids) == 1 or lists_only) or current in self._owners():
                return None
            current = kids[0]  # (one list per sub-paragraph: "(1)", "(2)", … each an L of its own)
            if self.elements[current].role == "L":
                items = [child for child in self.children(current) if self.elements[child].role == "LI"]
                return items[0] if items else None
        return None

    def _owners(self) -> frozenset[int]:
        """Elements that own marked content of their own."""
        if self._owning is None:
            object.__setattr__(self, "_owning", frozenset(self.page_content.values()) | frozenset(self.form_content.values()))
        return self._owning  # type: ignore[return-value]

    def _first_block(self, item: int) -> int | None:
        return next((child for child in self.children(self._body(item))
                     if self.elements[child].role in PARAGRAPH_ROLES), None)

    def layout_cells(self) -> frozenset[int]:
        """Cells of tables that have one column: Word draws a shaded box as a one-cell table."""
        if self._layout_cells is None:
            cells_per_row: dict[int, int] = {}
            for element in self.elements:
                if element.role in CELL_ROLES and element.parent >= 0:
                    cells_per_row[element.parent] = cells_per_row.get(element.parent, 0) + 1
            widest: dict[int, int] = {}
            for row, count in cells_per_row.items():
                table = self.ancestor(row, frozenset({"Table"}))
                key = table if table is not None else row
                widest[key] = max(widest.get(key, 0), count)
            layout = set()
            for element in self.elements:
                if element.role in CELL_ROLES and element.parent >= 0:
                    table = self.ancestor(element.parent, frozenset({"Table"}))
                    if widest.get(table if table is not None else element.parent, 0) <= 1:
                        layout.add(element.index)
            object.__setattr__(self, "_layout_cells", frozenset(layout))
        return self._layout_cells  # type: ignore[return-value]

    def ancestor(self, element: int, roles: frozenset[str]) -> int | None:
        """The nearest element at or above ``element`` with one of ``roles``."""
        current = element
        for _ in range(MAX_DEPTH):
            if self.elements[current].role in roles:
                return current
            current = self.elements[current].parent
            if current < 0:
                return None
        return None

    def within(self, inner: int, outer: int) -> bool:
        """Whether element ``inner`` lies inside element ``outer`` (not ``outer`` itself)."""
        current = self.elements[inner].parent
        for _ in range(MAX_DEPTH):
            if current < 0:
                return False
            if current == outer:
                return True
            current = self.elements[current].parent
        return False

    def children(self, element: int) -> tuple[int, ...]:
        if self._children is None:
            index: dict[int, list[int]] = {}
            for child in self.elements:
                index.setdefault(child.parent, []).append(child.index)
            object.__setattr__(self, "_children", {parent: tuple(kids) for parent, kids in index.items()})
        return self._children.get(element, ())  # type: ignore[union-attr]

    @property
    def roles(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for element in self.elements:
            counts[element.role] = counts.get(element.role, 0) + 1
        return counts


def read_structure(reader: Any) -> StructureTree | None:
    """The document's tag tree, or None when it has none (or it cannot be read at all)."""
    try:
        root = reader.trailer["/Root"].get_object()
        tree_root = _get(root, "/StructTreeRoot")
        if not isinstance(tree_root, DictionaryObject):
            return None
        page_numbers = {}
        for index, page in enumerate(reader.pages):
            reference = page.indirect_reference
            if reference is not None:
                page_numbers[reference.idnum] = index
        return _Walker(tree_root, page_numbers).walk()
    except RecursionError:
        return None
    except Exception:  # noqa: BLE001 - a broken tag tree means "untagged", never a failed read
        return None


class _Walker:
    def __init__(self, tree_root: DictionaryObject, page_numbers: dict[int, int]) -> None:
        self._root = tree_root
        self._pages = page_numbers
        self._role_map = _role_map(_get(tree_root, "/RoleMap"))
        self._roles: dict[str, str] = {}
        self.elements: list[Element] = []
        self.page_content: dict[tuple[int, int], int] = {}
        self.form_content: dict[tuple[int, int], int] = {}
        self.link_targets: dict[int, int] = {}
        self.truncated = False
        self._seen: set[int] = set()  # object numbers of the elements visited
        self._seen_direct: set[int] = set()  # id() of elements written inline, without an object number

    def walk(self) -> StructureTree:
        # An explicit stack, not recursion: FOP writes trees forty levels deep, hostile files deeper.
        stack: list[tuple[Any, int, int, int | None]] = [(kid, -1, 0, None) for kid in reversed(_kids(self._root))]
        while stack:
            item, parent, depth, page = stack.pop()
            if len(self.elements) >= MAX_ELEMENTS or depth > MAX_DEPTH:
                self.truncated = True
                break
            if isinstance(item, IndirectObject):
                if item.idnum in self._seen:
                    continue  # a kid listed twice, or a cycle
                self._seen.add(item.idnum)
                reference = item.idnum
                item = _resolve(item)
            else:
                reference = None
            if isinstance(item, (int, NumberObject)) and not isinstance(item, bool):
                self._content(parent, page, int(item), None)
                continue
            if not isinstance(item, DictionaryObject):
                continue
            kind = item.get("/Type")
            if kind == "/MCR":
                mcid = _int(item.get("/MCID"))
                stream = item.get("/Stm")
                stream_number = stream.idnum if isinstance(stream, IndirectObject) else None
                own_page = self._page_of(item.get("/Pg"), page)
                if mcid is not None:
                    self._content(parent, own_page, mcid, stream_number)
                continue
            if kind == "/OBJR":
                target = item.get("/Obj")
                if isinstance(target, IndirectObject) and parent >= 0:
                    self.link_targets.setdefault(target.idnum, parent)
                continue
            if "/S" not in item:
                continue
            if reference is None:
                if id(item) in self._seen_direct:
                    continue
                self._seen_direct.add(id(item))
            index = len(self.elements)
            written = _name(item.get("/S"))
            self.elements.append(Element(
                index=index,
                role=self._role(written),
                written_role=written,
                parent=parent,
                depth=depth,
                actual_text=_text(item.get("/ActualText")),
                alt=_text(item.get("/Alt")),
                lang=_text(item.get("/Lang")),
            ))
            own_page = self._page_of(item.get("/Pg"), page)
            for kid in reversed(_kids(item)):
                stack.append((kid, index, depth + 1, own_page))
        return StructureTree(tuple(self.elements), self.page_content, self.form_content, self.link_targets,
                             self.truncated)

    def _content(self, parent: int, page: int | None, mcid: int, stream: int | None) -> None:
        if parent < 0:
            return
        if stream is not None:
            self.form_content.setdefault((stream, mcid), parent)
        elif page is not None:
            self.page_content.setdefault((page, mcid), parent)

    def _page_of(self, reference: Any, inherited: int | None) -> int | None:
        if isinstance(reference, IndirectObject):
            return self._pages.get(reference.idnum, inherited)
        return inherited

    def _role(self, written: str) -> str:
        known = self._roles.get(written)
        if known is not None:
            return known
        role = written
        for _ in range(MAX_ROLE_CHAIN):
            if role in STANDARD_ROLES:
                break
            mapped = self._role_map.get(role)
            if mapped is None or mapped == role:
                break
            role = mapped
        if role not in STANDARD_ROLES:
            role = word_style(role) or role
        self._roles[written] = role
        return role


def word_style(role: str) -> str | None:
    """The standard role of one of Word's style names ("Heading 2" -> "H2"), or None."""
    for pattern, standard in _WORD_STYLES:
        match = pattern.match(role.strip())
        if match:
            return standard.format(*match.groups())
    return None


def _role_map(value: Any) -> dict[str, str]:
    value = _resolve(value)
    if not isinstance(value, DictionaryObject):
        return {}
    mapping: dict[str, str] = {}
    for key, target in value.items():
        target = _resolve(target)
        if isinstance(target, NameObject):
            mapping[_name(key)] = _name(target)
    return mapping


def _kids(item: DictionaryObject) -> list[Any]:
    kids = item.get("/K")
    if isinstance(kids, IndirectObject):
        resolved = _resolve(kids)
        if isinstance(resolved, ArrayObject):
            return list(resolved)
        return [kids]  # an element referenced directly: keep the reference for the seen-set
    if isinstance(kids, ArrayObject):
        return list(kids)
    return [] if kids is None else [kids]


def _get(item: Any, key: str) -> Any:
    try:
        return _resolve(item.get(key))
    except Exception:  # noqa: BLE001
        return None


def _resolve(value: Any) -> Any:
    try:
        return value.get_object() if isinstance(value, IndirectObject) else value
    except Exception:  # noqa: BLE001 - a dangling reference reads as missing
        return None


def _int(value: Any) -> int | None:
    value = _resolve(value)
    if isinstance(value, (int, NumberObject)) and not isinstance(value, bool) and int(value) >= 0:
        return int(value)
    return None


def _name(value: Any) -> str:
    return str(_resolve(value) or "").lstrip("/")


def _text(value: Any) -> str | None:
    value = _resolve(value)
    return str(value) if value is not None and str(value).strip() else None


# --- is the tree usable? ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TagDecision:
    """Whether the reader follows the tag tree, and why (shown by ``guidediff extract`` and ``sections``)."""

    use: bool
    reason: str
    coverage: float = 0.0
    has_headings: bool = False


def judge(tree: StructureTree | None, page_runs: list[list[Any]], options: ReaderOptions = DEFAULT_OPTIONS) -> TagDecision:
    """Follow the tags only when they describe the text: most of it is tagged, in many small units.

    Junk trees are common: everything in one /P or /Span, MCIDs missing from the
    content, a tree covering the first pages only. The runs are the page's text
    runs (``content.TextRun``); artifacts and invisible text do not count. The
    thresholds are ``options.tags_*``.
    """
    if tree is None or not tree.elements:
        return TagDecision(False, "untagged")
    if tree.truncated:
        return TagDecision(False, "the tag tree is too large or too deep to trust")
    total = tagged = 0
    sizes: dict[int, int] = {}
    for index, runs in enumerate(page_runs):
        units: dict[tuple[int | None, tuple[int, int] | None], int | None] = {}  # a page's runs share few ids
        for run in runs:
            if run.artifact is not None or run.invisible:
                continue
            weight = len(run.text.strip())
            if not weight:
                continue
            total += weight
            key = (run.mcid, run.form_mcid)
            if key in units:
                unit = units[key]
            else:
                element = tree.element_of(index, run.mcid, run.form_mcid)
                unit = units[key] = tree.unit_of(element) if element is not None else None
            if unit is None:
                continue
            tagged += weight
            sizes[unit] = sizes.get(unit, 0) + weight
    if not total:
        return TagDecision(False, "the tag tree holds no text")
    coverage = tagged / total
    has_headings = any(element.role in HEADING_ROLES for element in tree.elements)
    if coverage < options.tags_min_coverage:
        return TagDecision(False, f"the tag tree covers only {coverage:.0%} of the text", coverage)
    pages = len(page_runs)
    if pages >= options.tags_min_unit_pages and sizes and max(sizes.values()) > options.tags_max_unit_share * tagged:
        return TagDecision(False, f"the tag tree puts over {options.tags_max_unit_share:.0%} of the text in one element",
                           coverage)
    if len(sizes) < options.tags_min_units_per_page * min(pages, 20):
        return TagDecision(False, f"the tag tree has only {len(sizes)} text elements", coverage)
    return TagDecision(True, f"tags (covering {coverage:.0%} of the text)", coverage, has_headings)
