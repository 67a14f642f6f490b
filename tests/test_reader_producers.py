"""Issue 16: where PDFium gives less than a file holds, the pdfium producer still gives the reference's values.

Each test writes a small PDF by hand with one habit met in the shared corpus (see
``tests/test_readers_agree.py``) and reads it through both producers: a tag tree
under ``/MarkInfo /Marked false``, a link action typed ``/A``, a space whose
``/Widths`` entry is 0, spaces ending a string that PDFium's text page drops, a
symbol font's space glyph mapped to a bullet, and a blank run set larger than the
line it ends.
"""

from __future__ import annotations

import pytest

from guidediff.pdf.content import TextRun
from guidediff.pdf.lines import cluster_runs
from guidediff.pdf.reader import PypdfSource
from tests.pdf_mutations import raw_pdf

pytest.importorskip("pypdfium2", reason="the pdfium reader needs pypdfium2 (pip install 'guidediff[pdfium]')")

from guidediff.pdf.pdfium import PdfiumSource

HELVETICA_WIDTHS = {" ": 278, "a": 556, "b": 556, "c": 500, "d": 556, "o": 556, "r": 333, "w": 722}


def _pdf(content: bytes, *, fonts: str = "/F1 5 0 R", catalog: str = "", page: str = "",
         extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF: objects 1-4 are catalog, pages, page, content; 5 is Helvetica; then ``extra``."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog} >>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents 4 0 R "
        f"/Resources << /Font << {fonts} >> >> {page} >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        *(extra or []),
    ]
    return raw_pdf(objects)


def _both(data: bytes) -> tuple[PypdfSource, PdfiumSource]:
    return PypdfSource(data, "made.pdf"), PdfiumSource(data, "made.pdf")


def _visible(runs: list[TextRun]) -> list[tuple[str, float, float]]:
    return [(run.text, run.x0, run.x1) for run in runs]


def test_a_tag_tree_under_marked_false_reaches_the_pdfium_reader():
    # InDesign's IRO handbook (2010), re-saved with /MarkInfo << /Marked false >>: PDFium builds no tree.
    content = b"/P <</MCID 0>> BDC BT /F1 12 Tf 50 200 Td (Heading) Tj ET EMC"
    data = _pdf(content, catalog="/MarkInfo << /Marked false >> /StructTreeRoot 6 0 R", page="/StructParents 0",
                extra=[b"<< /Type /StructTreeRoot /K [7 0 R] /ParentTree 8 0 R >>",
                       b"<< /Type /StructElem /S /H1 /P 6 0 R /Pg 3 0 R /K [0] >>",
                       b"<< /Nums [0 [7 0 R]] >>"])
    reference, pdfium = _both(data)
    from pypdfium2 import raw

    assert not raw.FPDFCatalog_IsTagged(pdfium._raw)  # the premise: PDFium calls it untagged
    pdfium.page(0)
    tree = pdfium.structure()
    assert tree is not None and tree == reference.structure()
    assert [element.role for element in tree.elements] == ["H1"] and tree.page_content == {(0, 0): 0}


def test_a_link_action_typed_A_reaches_the_pdfium_reader():
    # Adobe PDF Library 9 writes /Type /A; PDFium types such an action unsupported and gives no URI.
    content = b"BT /F1 12 Tf 50 200 Td (www.example.org) Tj ET"
    data = _pdf(content, page="/Annots [6 0 R]", extra=[
        b"<< /Type /Annot /Subtype /Link /Rect [48 195 150 212] /A << /Type /A /S /URI /URI (www.example.org) >> >>"])
    reference, pdfium = _both(data)
    links = pdfium.page(0).links
    assert [link.uri for link in links] == ["www.example.org"]
    assert links == reference.page(0).links


def test_a_space_of_width_zero_advances_nothing_in_both_readers():
    # InDesign's subsets show code 32 with /Widths 0 and set the word space as a TJ kerning.
    widths = " ".join(str(0 if code == 32 else HELVETICA_WIDTHS.get(chr(code), 500)) for code in range(32, 123))
    font = f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 122 /Widths [{widths}] >>"
    content = b"BT /F2 10 Tf 50 200 Td (ab c) Tj ET"
    data = _pdf(content, fonts="/F1 5 0 R /F2 6 0 R", extra=[font.encode()])
    reference, pdfium = _both(data)
    (run,) = reference.page(0).runs
    assert run.x1 == pytest.approx(50 + (556 + 556 + 0 + 500) / 100)  # not pypdf's guess of half a default width
    assert max(piece.x1 for piece in pdfium.page(0).runs) == pytest.approx(run.x1, abs=0.01)


def test_spaces_that_end_a_string_advance_in_both_readers():
    # Word ends a line before a tab stop with several spaces; PDFium's text page keeps one.
    content = b"BT /F1 10 Tf 50 200 Td [(word)( )(  )] TJ ET BT /F1 10 Tf 50 180 Td (word) Tj ET"
    reference, pdfium = _both(_pdf(content))
    expected = 50 + (722 + 556 + 333 + 556 + 3 * 278) / 100
    assert max(run.x1 for run in reference.page(0).runs if run.y == 200) == pytest.approx(expected, abs=0.01)
    assert max(run.x1 for run in pdfium.page(0).runs if run.y == 200) == pytest.approx(expected, abs=0.01)
    # A string without trailing spaces keeps its own end.
    assert [run.x1 for run in pdfium.page(0).runs if run.y == 180] == [pytest.approx(50 + 21.67, abs=0.01)]


def test_a_symbol_fonts_space_glyph_mapped_to_a_bullet_is_a_space_in_both_readers():
    # InDesign's ZapfDingbats bullets: the glyph after the bullet is named /space, its ToUnicode says bullet.
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Bullets def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <1E> <25CF> <1F> <25CF> endbfchar "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats /FirstChar 30 /LastChar 31 /Widths [791 278] "
            b"/Encoding << /Type /Encoding /Differences [30 /a71 /space] >> /ToUnicode 7 0 R >>")
    content = b"BT /F2 9 Tf 50 200 Td (\\036\\037) Tj /F1 12 Tf 12 0 Td (social workers;) Tj ET"
    data = _pdf(content, fonts="/F1 5 0 R /F2 6 0 R",
                extra=[font, b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"])
    reference, pdfium = _both(data)
    assert [run.text for run in reference.page(0).runs][:1] == ["\u25cf "]
    assert "".join(run.text for run in pdfium.page(0).runs).startswith("\u25cf ")
    assert "\u25cf\u25cf" not in "".join(run.text for run in pdfium.page(0).runs)


def _run(text: str, x0: float, y: float, size: float) -> TextRun:
    return TextRun(text, x0, x0 + len(text) * size * 0.5, y, size, "Tahoma", False, False, 0.0, None, False, True)


def test_a_larger_blank_run_does_not_join_a_two_line_cell_into_one_line():
    # Ofsted's annex A (2025), p. 9: "H1a | Do all children have access to the / appropriate health care
    # provision? | Yes/No", the space after "Yes/No" set at 12pt beside 11pt text.
    runs = [_run("Do all children have access to the", 114.8, 653.2, 11), _run("H1a", 76.5, 646.7, 11),
            _run("Yes/No", 344.4, 646.7, 11), _run(" ", 378.9, 646.7, 12),
            _run("appropriate health care provision?", 114.8, 639.95, 11)]
    lines = [sorted(run.text for run in cluster) for cluster in cluster_runs(runs)]
    assert lines == [[" ", "Do all children have access to the", "H1a", "Yes/No"],
                     ["appropriate health care provision?"]]
    # A larger visible run still sets the baseline (a heading's size decides its line's reach).
    taller = [_run("Title", 50, 600, 11), _run("BIG", 100, 600, 14), _run("below", 50, 592, 11)]
    assert len(cluster_runs(taller)) == 1
