"""Copies of a real PDF that differ only in what a comparison must ignore.

A report that changes when only the outline, the tagging or the page furniture
changed is reporting noise. These copies make such differences on real files,
for tests and benchmarks:

* ``with_structure_bookmarks``: the outline replaced by the kind Word's own
  "Save as PDF" writes when asked for bookmarks from the document structure —
  a root entry "Structure Bookmarks" with an entry for every element of the tag
  tree (paragraphs, bullets, numbers, blanks), nested as the tree nests.
* ``without_tags``: the tag tree and the "marked" flag removed, so the reader
  must fall back on geometry (the content streams are untouched).
* ``with_rotation``: /Rotate set on a page (landscape tables printed sideways).
* ``with_style_name_roles``: the tag tree rewritten as Acrobat's PDFMaker for Word
  writes it, every role a Word style name mapped through /RoleMap, and every
  second heading in a list style that the map sends to P (as an author who set
  headings in list styles gets them): the printed page is unchanged.

And one whose difference is known exactly:

* ``without_page``: one page removed, everything else kept (the commonest edit a
  page-based layout shows: it takes one section's end and often the next one's
  heading with it).

Each returns the bytes of a new PDF; the input is never modified.
"""

from __future__ import annotations

import io
from collections import defaultdict

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from guidediff.pdf.content import display_matrix, interpret_page
from guidediff.pdf.tags import read_structure

MAX_TITLE = 120  # Word truncates nothing, but a title longer than this says nothing more


def without_tags(data: bytes) -> bytes:
    """The PDF without /StructTreeRoot and /MarkInfo."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    root = writer._root_object
    for key in ("/StructTreeRoot", "/MarkInfo"):
        if key in root:
            del root[key]
    for page in writer.pages:
        if "/StructParents" in page:
            del page[NameObject("/StructParents")]
    return _bytes(writer)


def with_rotation(data: bytes, page_index: int, degrees: int) -> bytes:
    """The PDF with /Rotate set to ``degrees`` on one page."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.pages[page_index][NameObject("/Rotate")] = NumberObject(degrees)
    return _bytes(writer)


def without_page(data: bytes, page_index: int) -> bytes:
    """The PDF less one page (0-based ``page_index``)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    del writer.pages[page_index]
    return _bytes(writer)


def with_style_name_roles(data: bytes) -> bytes:
    """The PDF with its roles written as Word style names, every second heading's mapped to P."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    tree = writer._root_object.get("/StructTreeRoot")
    if tree is None:
        raise ValueError("the PDF has no tag tree to rewrite")
    tree = tree.get_object()
    role_map = {"/Normal": "/P", "/Lvl 2 bullet": "/P"} | {f"/Heading {n}": f"/H{n}" for n in range(1, 7)}
    headings = 0
    seen: set[int] = set()
    stack = [tree.get("/K")]
    while stack:
        item = stack.pop()
        if isinstance(item, ArrayObject):
            stack.extend(reversed(item))
            continue
        reference = getattr(item, "idnum", None)
        item = item.get_object() if item is not None else None
        if not isinstance(item, DictionaryObject) or (reference is not None and reference in seen):
            continue
        if reference is not None:
            seen.add(reference)
        role = str(item.get("/S", ""))
        if role in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6"):
            headings += 1
            name = f"/Heading {role[2]}" if headings % 2 else "/Lvl 2 bullet"
            item[NameObject("/S")] = NameObject(name)
        elif role == "/P":
            item[NameObject("/S")] = NameObject("/Normal")
        stack.append(item.get("/K"))
    tree[NameObject("/RoleMap")] = DictionaryObject(
        {NameObject(name): NameObject(role) for name, role in role_map.items()})
    return _bytes(writer)


def with_structure_bookmarks(data: bytes) -> bytes:
    """The PDF with its outline replaced by Word-style structure bookmarks (one per tag)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    tree = read_structure(reader)
    if tree is None:
        raise ValueError("the PDF has no tag tree to make structure bookmarks from")
    own_text: dict[int, list[str]] = defaultdict(list)
    first_page: dict[int, int] = {}
    for index, page in enumerate(reader.pages):
        box = page.cropbox
        runs, _ = interpret_page(reader, page, display_matrix(0, float(box.left), float(box.bottom),
                                                              float(box.width), float(box.height)))
        for run in runs:
            element = tree.element_of(index, run.mcid, run.form_mcid)
            if element is not None:
                own_text[element].append(run.text)
                first_page.setdefault(element, index)
    children: dict[int, list[int]] = defaultdict(list)
    for element in tree.elements:
        children[element.parent].append(element.index)

    texts: dict[int, str] = {}

    def text_of(element: int) -> str:
        if element not in texts:
            parts = list(own_text.get(element, ()))
            parts.extend(text_of(child) for child in children.get(element, ()))
            texts[element] = " ".join(" ".join(parts).split())
        return texts[element]

    def page_of(element: int) -> int:
        if element in first_page:
            return first_page[element]
        pages = [page_of(child) for child in children.get(element, ())]
        return min(pages) if pages else 0

    writer = pypdf.PdfWriter(clone_from=reader)
    if "/Outlines" in writer._root_object:
        del writer._root_object["/Outlines"]
    root = writer.add_outline_item("Structure Bookmarks", 0)

    def add(element: int, parent: object, depth: int) -> None:
        title = text_of(element)[:MAX_TITLE] or " "  # Word writes blanks as a space
        item = writer.add_outline_item(title, page_of(element), parent=parent)
        if depth < 8:  # Word nests eight levels deep at most
            for child in children.get(element, ()):
                add(child, item, depth + 1)

    for top in children.get(-1, ()):
        add(top, root, 1)
    return _bytes(writer)


def _bytes(writer: pypdf.PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
