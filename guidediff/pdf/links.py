"""Link annotations: which words on a page point where.

Input: a page (pypdf) and its display matrix. Output: ``LinkArea`` values — a
URI and the rectangle it covers in display space — and, per line, the words the
rectangle covers. Publishers list "link added"/"link updated" among their
substantive changes, so a changed target is a change even when the visible
words are the same. Only URI actions and named destinations to other files
count; links inside the document (contents entries, "see page 12") do not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from guidediff.pdf.content import Matrix, multiply, snap
from guidediff.pdf.lines import Line
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

MAX_LINKS_PER_PAGE = 2000  # a hostile page cannot make this quadratic


@dataclass(frozen=True, slots=True)
class LinkArea:
    uri: str
    x0: float
    y0: float
    x1: float
    y1: float


def page_links(page: Any, start: Matrix) -> list[LinkArea]:
    """The URI links on ``page``, their rectangles in display space."""
    try:
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else None
    except Exception:  # noqa: BLE001 - unreadable annotations are no links
        return []
    found: list[LinkArea] = []
    for reference in list(annotations or [])[:MAX_LINKS_PER_PAGE]:
        try:
            annotation = reference.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            uri = _uri(annotation)
            rect = [float(value) for value in annotation.get("/Rect", [])][:4]
        except Exception:  # noqa: BLE001 - one broken annotation costs one link
            continue
        if uri is None or len(rect) < 4:
            continue
        corners = [multiply((1.0, 0.0, 0.0, 1.0, x, y), start) for x, y in ((rect[0], rect[1]), (rect[2], rect[3]))]
        xs = [corner[4] for corner in corners]
        ys = [corner[5] for corner in corners]
        found.append(LinkArea(uri, snap(min(xs)), snap(min(ys)), snap(max(xs)), snap(max(ys))))
    return found


def _uri(annotation: Any) -> str | None:
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if not isinstance(action, dict):
        return None
    if action.get("/S") == "/URI":
        uri = action.get("/URI")
        text = str(uri.get_object() if hasattr(uri, "get_object") else uri or "").strip()
        return text or None
    if action.get("/S") == "/GoToR":  # a named place in another PDF
        target = action.get("/F")
        target = target.get_object() if target is not None else None
        name = target.get("/F") if isinstance(target, dict) else target
        return str(name).strip() or None if name is not None else None
    return None


def attach_links(lines: list[Line], links: list[LinkArea], options: ReaderOptions = DEFAULT_OPTIONS) -> list[Line]:
    """Each line with the (URI, covered words) of the links lying over it."""
    if not links:
        return lines
    attached: list[Line] = []
    for line in lines:
        found: list[tuple[str, str]] = []
        for link in links:
            if not (link.y0 - 0.3 * line.size <= line.y <= link.y1):
                continue
            words = [word for span in line.spans for word, x0, x1 in _words(span.text, span.x0, span.x1)
                     if _inside(x0, x1, link.x0, link.x1, options.link_overlap)]
            text = " ".join(words)
            if text:
                found.append((link.uri, text))
        attached.append(replace(line, links=tuple(found)) if found else line)
    return attached


def _words(text: str, x0: float, x1: float) -> list[tuple[str, float, float]]:
    """The words of a span with their x extents, estimated in proportion to characters."""
    if not text:
        return []
    step = (x1 - x0) / len(text)
    found: list[tuple[str, float, float]] = []
    start = None
    for position, char in enumerate(text + " "):
        if char.isspace():
            if start is not None:
                found.append((text[start:position], x0 + start * step, x0 + position * step))
                start = None
        elif start is None:
            start = position
    return found


def _inside(x0: float, x1: float, left: float, right: float, overlap: float) -> bool:
    width = max(x1 - x0, 1e-6)
    return (min(x1, right) - max(x0, left)) / width >= overlap
