"""py-pdf's real-world sample files: every one gives text or a clear GuidediffError, never anything else."""

from __future__ import annotations

import pytest

from guidediff.errors import CorruptPdfError, EncryptedPdfError, GuidediffError, NoTextLayerError
from guidediff.pdf import read_pdf
from tests.conftest import samples_dir

# What each awkward file must give: text that must appear, or the error it must raise.
EXPECTED = {
    "001-trivial/minimal-document.pdf": "Lorem ipsum dolor sit amet, consetetur sadipscing elitr",
    "004-pdflatex-4-pages/pdflatex-4-pages.pdf": "Hello, here is some text without a meaning.",
    "005-libreoffice-writer-password/libreoffice-writer-password.pdf": EncryptedPdfError,
    "007-imagemagick-images/imagemagick-CCITTFaxDecode.pdf": NoTextLayerError,
    "017-unreadable-meta-data/unreadablemetadata.pdf": CorruptPdfError,
    "019-grayscale-image/grayscale-image.pdf": NoTextLayerError,
    "026-latex-multicolumn/multicolumn.pdf": "This is a sample document with two columns filled with Lorem Ipsum text.",
    "027-extra/blank.pdf": NoTextLayerError,
}


def _all_samples() -> list[str]:
    try:
        root = samples_dir()
    except pytest.skip.Exception:
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*.pdf"))


@pytest.mark.corpus
@pytest.mark.parametrize("relative", _all_samples() or ["(no samples)"])
def test_every_sample_gives_text_or_a_clear_error(relative):
    path = samples_dir() / relative
    try:
        document = read_pdf(path)
    except GuidediffError as error:
        message = str(error)
        assert "\n" not in message and len(message) < 300
        assert path.name in message
        return
    assert document.blocks
    assert all(block.text or block.cells for block in document.blocks)
    assert len(document.pages) >= 1


@pytest.mark.corpus
@pytest.mark.parametrize(("relative", "expected"), sorted(EXPECTED.items(), key=lambda item: item[0]))
def test_known_samples(relative, expected):
    path = samples_dir() / relative
    if isinstance(expected, type):
        with pytest.raises(expected):
            read_pdf(path)
    else:
        text = " ".join(block.text for block in read_pdf(path).blocks)
        assert expected in text


@pytest.mark.corpus
def test_encrypted_sample_opens_with_its_password():
    path = samples_dir() / "005-libreoffice-writer-password/libreoffice-writer-password.pdf"
    document = read_pdf(path, password="openpassword")
    assert "Lorem ipsum dolor sit amet" in document.blocks[0].text


@pytest.mark.corpus
def test_issue_two_column_page_reads_column_by_column():
    document = read_pdf(samples_dir() / "026-latex-multicolumn/multicolumn.pdf")
    texts = [block.text for block in document.blocks]
    first = next(i for i, text in enumerate(texts) if text.startswith("Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Ut purus elit"))
    # The left column's paragraph runs on to its end before the right column begins.
    assert texts[first].endswith("Cras viverra metus rhoncus sem. Nulla et lectus vestibulum urna fringilla ultrices. "
                                 "Phasellus eu tellus sit amet tortor gravida placerat. Integer sapien est, iaculis in, "
                                 "pretium quis, viverra ac, nunc. Praesent eget sem vel leo ultrices bibendum. Aenean "
                                 "faucibus. Morbi dolor nulla, malesuada eu, pulvinar at, mollis ac, nulla. Curabitur "
                                 "auctor semper nulla. Donec varius orci eget risus. Duis nibh mi, congue eu, accumsan "
                                 "eleifend, sagittis quis, diam. Duis eget orci sit amet orci dignissim rutrum.")
    assert not any(text.strip().isdigit() for text in texts), "page numbers stay out of the text"


@pytest.mark.corpus
def test_issue_rotated_page_is_read():
    document = read_pdf(samples_dir() / "015-arabic/habibi-rotated.pdf")
    assert any("habibi" in block.text for block in document.blocks)


@pytest.mark.corpus
@pytest.mark.parametrize("engine", ["pypdf", "pdfium"])
def test_google_docs_table_ruled_with_strokes_reads_cell_by_cell_and_its_footnotes_are_notes(engine):
    """Google Docs (Skia) strokes a table's borders and the footnote separator as lines, and fills
    the whole page white first (seen rendered: a six-column table, "Europe" and "EUR (€)" merged
    across columns, notes 1-3 under a short rule). The table once read as loose columns
    ("Continent Capital Currency Population | Asia Jakarta Rupia …"), the notes as one paragraph."""
    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    from guidediff.document import BlockKind

    document = read_pdf(samples_dir() / "011-google-doc-document/google-doc-document.pdf", engine=engine)
    rows = [block.cells for block in document.blocks if block.kind is BlockKind.TABLE_ROW]
    assert rows[1:] == [("Continent", "Asia", "Europe"),
                        ("Capital", "Jakarta", "Berlin", "Vienna", "Paris", "Vatican City"),
                        ("Currency", "Rupia", "EUR (€)", "-"),
                        ("Population", "273.879.750", "83,190,556", "8,935,112", "67,413,000", "453")]
    assert [cell.split()[0] for cell in rows[0][1:]] == ["Indonesia", "Germany", "Austria", "France", "Vatican"]
    notes = [(block.number, block.text) for block in document.blocks if block.kind is BlockKind.FOOTNOTE]
    assert notes == [("1", "2021 estimate"), ("2", "2020 estimate"), ("3", "2020 estimate")]
