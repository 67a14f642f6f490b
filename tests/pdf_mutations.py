"""Structural mutations of real PDFs, for the fuzz test: the damage real files have, and hostile files try.

A *base* is a real PDF rewritten once by pypdf into a form whose structure is plain to
see: every object on its own ("N 0 obj … endobj"), a classic cross-reference table, and
page content streams decoded. Each mutation takes the bytes of a base (or of an earlier
mutation) and returns new bytes:

- ``truncate``: the file cut short; ``truncate_object``: one object cut off before its
  end; ``drop_object``: one object gone, its references left dangling;
- ``break_startxref``, ``scramble_xref``, ``drop_xref``: a wrong or missing
  cross-reference table;
- ``corrupt_stream``: bytes of one stream overwritten, or its /Length wrong;
- ``loop_pages``: the page tree made a cycle (a /Pages node among its own kids, a page
  its own parent) or its /Count absurd;
- ``huge_dimensions``: a page box, a text size or a transformation enormous (or zero);
- ``deep_nesting``: arrays, dictionaries or graphics states nested thousands deep, in a
  page dictionary or a content stream.

Mutations that insert or remove bytes rebuild the cross-reference table (``reindex``)
so that only the damage meant is there; the xref mutations break it on purpose.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

_OBJECT = re.compile(rb"(?m)^(\d+) (\d+) obj\b")
_STREAM = re.compile(rb"stream\r?\n")
_XREF = re.compile(rb"(?m)^xref\s*$")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_MEDIABOX = re.compile(rb"/MediaBox\s*\[[^\]]*\]")
_PAGES = re.compile(rb"/Type\s*/Pages\b")
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_KIDS = re.compile(rb"/Kids\s*\[")
_COUNT = re.compile(rb"/Count\s+\d+")
_TF = re.compile(rb"(/[^\s/\[\]<>()]+)\s+[-+]?\d*\.?\d+\s+Tf")


def open_base(data: bytes, max_pages: int | None = None) -> bytes:
    """``data`` rewritten by pypdf: objects one by one, a classic xref table, page contents decoded."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    if max_pages is not None:
        while len(writer.pages) > max_pages:
            writer.remove_page(len(writer.pages) - 1)
    for page in writer.pages:
        contents = page.get_contents()
        if contents is None:
            continue
        plain = DecodedStreamObject()
        plain.set_data(contents.get_data())
        page[NameObject("/Contents")] = writer._add_object(plain)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Span:
    number: int
    start: int  # offset of "N G obj"
    end: int  # offset just after "endobj"


def objects(data: bytes) -> list[Span]:
    spans = []
    for match in _OBJECT.finditer(data):
        end = data.find(b"endobj", match.end())
        if end >= 0:
            spans.append(Span(int(match.group(1)), match.start(), end + len(b"endobj")))
    return spans


def streams(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each stream's data."""
    found = []
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end > match.end():
            found.append((match.end(), end))
    return found


def reindex(data: bytes) -> bytes:
    """A fresh classic xref table and startxref for whatever objects the file now holds."""
    xref_at = _XREF.search(data)
    body = data[:xref_at.start()] if xref_at else data
    trailer_at = data.find(b"trailer", xref_at.start() if xref_at else 0)
    trailer = data[trailer_at:data.find(b"startxref", trailer_at)] if trailer_at >= 0 else b"trailer\n<< >>\n"
    offsets = {int(match.group(1)): match.start() for match in _OBJECT.finditer(body)}
    size = max(offsets, default=0) + 1
    table = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for number in range(1, size):
        table.append(b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n")
    trailer = re.sub(rb"/Size\s+\d+", b"/Size %d" % size, trailer)
    return body + b"".join(table) + trailer + b"startxref\n%d\n%%%%EOF\n" % len(body)


def _pick(items: list, index: int):  # noqa: ANN001, ANN202 - any list
    return items[index % len(items)] if items else None


# --- the mutations ---------------------------------------------------------------------------


def truncate(data: bytes, fraction: float) -> bytes:
    return data[:max(1, int(len(data) * fraction))]


def truncate_object(data: bytes, index: int, fraction: float) -> bytes:
    span = _pick(objects(data), index)
    if span is None:
        return data
    cut = span.start + max(1, int((span.end - span.start) * fraction))
    return reindex(data[:cut] + b"\n" + data[span.end:])


def drop_object(data: bytes, index: int) -> bytes:
    span = _pick(objects(data), index)
    return data if span is None else reindex(data[:span.start] + data[span.end:])


def break_startxref(data: bytes, offset: int) -> bytes:
    return _STARTXREF.sub(b"startxref\n%d" % offset, data)


def scramble_xref(data: bytes, seed: int, count: int) -> bytes:
    at = _XREF.search(data)
    if at is None:
        return data
    lines = data[at.start():].split(b"\n")
    entries = [index for index, line in enumerate(lines) if re.fullmatch(rb"\d{10} \d{5} [nf] ?", line)]
    for step in range(count):
        if not entries:
            break
        index = entries[(seed + step * 7919) % len(entries)]
        lines[index] = b"%010d 00000 n " % ((seed * 2654435761 + step) % max(len(data), 1))
    return data[:at.start()] + b"\n".join(lines)


def drop_xref(data: bytes) -> bytes:
    at = _XREF.search(data)
    return data if at is None else data[:at.start()] + b"startxref\n0\n%%EOF\n"


def corrupt_stream(data: bytes, index: int, position: float, junk: bytes, wrong_length: int | None) -> bytes:
    span = _pick(streams(data), index)
    if span is None or not junk:
        return data
    start, end = span
    at = start + int((end - start) * position)
    junk = junk[:max(0, end - at)]
    data = data[:at] + junk + data[at + len(junk):]
    if wrong_length is not None:
        head = data.rfind(b"/Length", 0, start)
        if head >= 0:
            wrong = re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d" % wrong_length, data[head:start], count=1)
            data = reindex(data[:head] + wrong + data[start:])
    return data


def loop_pages(data: bytes, variant: int) -> bytes:
    spans = objects(data)
    pages_nodes = [span for span in spans if _PAGES.search(data, span.start, span.end)]
    page_nodes = [span for span in spans if _PAGE.search(data, span.start, span.end)]
    if variant % 3 == 0 and pages_nodes:  # a /Pages node lists itself among its kids
        node = pages_nodes[0]
        body = data[node.start:node.end]
        body = _KIDS.sub(b"/Kids [%d 0 R " % node.number, body, count=1)
        return reindex(data[:node.start] + body + data[node.end:])
    if variant % 3 == 1 and page_nodes:  # a page is its own parent, and a kid of itself
        node = page_nodes[0]
        body = re.sub(rb"/Parent\s+\d+\s+\d+\s+R", b"/Parent %d 0 R /Kids [%d 0 R]" % (node.number, node.number),
                      data[node.start:node.end], count=1)
        return reindex(data[:node.start] + body + data[node.end:])
    if pages_nodes:  # an absurd page count
        node = pages_nodes[0]
        body = _COUNT.sub(b"/Count 2147483647", data[node.start:node.end], count=1)
        return reindex(data[:node.start] + body + data[node.end:])
    return data


HUGE = (b"1e38", b"99999999999", b"3.4e+38", b"0", b"-1e12", b"1e308", b"nan", b"1e-30")


def huge_dimensions(data: bytes, variant: int, value: int) -> bytes:
    number = HUGE[value % len(HUGE)]
    if variant % 3 == 0:
        return reindex(_MEDIABOX.sub(b"/MediaBox [0 0 " + number + b" " + number + b"]", data))
    stream = _pick(streams(data), value)
    if stream is None:
        return data
    start, end = stream
    content = data[start:end]
    if variant % 3 == 1:
        content = _TF.sub(rb"\1 " + number + b" Tf", content)
    else:
        content = number + b" 0 0 " + number + b" 0 0 cm\n" + content
    return _fix_length(data, start, end, content)


def deep_nesting(data: bytes, variant: int, depth: int) -> bytes:
    if variant % 4 == 0:  # nested arrays in a page dictionary
        page = next((span for span in objects(data) if _PAGE.search(data, span.start, span.end)), None)
        if page is None:
            return data
        at = data.find(b"<<", page.start) + 2
        return reindex(data[:at] + b" /Deep " + b"[" * depth + b"]" * depth + b" " + data[at:])
    if variant % 4 == 1:  # nested dictionaries in a page dictionary, never closed
        page = next((span for span in objects(data) if _PAGE.search(data, span.start, span.end)), None)
        if page is None:
            return data
        at = data.find(b"<<", page.start) + 2
        return reindex(data[:at] + b" /Deep " + b"<< /A " * depth + b" " + data[at:])
    stream = _pick(streams(data), depth)
    if stream is None:
        return data
    start, end = stream
    content = data[start:end]
    if variant % 4 == 2:  # graphics states saved thousands of times and never restored
        content = b"q " * depth + content
    else:  # a text array nested thousands deep
        content = b"BT " + b"[" * depth + b"(deep) " + b"]" * depth + b" TJ ET\n" + content
    return _fix_length(data, start, end, content)


def _fix_length(data: bytes, start: int, end: int, content: bytes) -> bytes:
    head = data.rfind(b"/Length", 0, start)
    prefix = data[:start]
    if head >= 0:
        prefix = data[:head] + re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d" % len(content),
                                      data[head:start], count=1)
    return reindex(prefix + content + data[end:])


def raw_pdf(objects: list[bytes]) -> bytes:
    """A syntactically valid PDF from object bodies (1-based ids, object 1 the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
