"""Any bytes in: a clear one-line error and exit status 2, never a traceback, never a half-written file."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from guidediff.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    InputError,
    NoTextLayerError,
    NotPdfError,
)
from guidediff.pdf import read_pdf
from tests.pdf_mutations import raw_pdf


def tiny_pdf(path: Path, lines: list[str], password: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    encrypt = None
    if password is not None:
        from reportlab.lib import pdfencrypt

        encrypt = pdfencrypt.StandardEncryption(password, canPrint=1)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    y = 780
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return path


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guidediff", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("guidediff: error: ")
    assert fragment in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"Hello, this is a text file.\n", "is not a PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "is not a PDF"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "truncated"),
        (b"%PDF-1.4\n%%EOF\n", "damaged"),
    ],
)
def test_bad_files_give_one_clear_line(tmp_path, content, fragment):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    out = tmp_path / "out.txt"
    result = run_cli("extract", str(bad), "-o", str(out))
    assert_one_line_error(result, fragment)
    assert not out.exists()
    assert not list(tmp_path.glob(".out.txt*")), "no temporary file may be left behind"


def test_truncated_pdf_is_refused(tmp_path):
    whole = tiny_pdf(tmp_path / "whole.pdf", ["A paragraph of text."] * 5).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CorruptPdfError, match="truncated"):
        read_pdf(cut)
    assert_one_line_error(run_cli("extract", str(cut)), "truncated")


def test_missing_file_and_directory(tmp_path):
    assert_one_line_error(run_cli("extract", str(tmp_path / "nope.pdf")), "no such file")
    assert_one_line_error(run_cli("extract", str(tmp_path)), "is a directory")
    with pytest.raises(InputError):
        read_pdf(tmp_path)


def test_encrypted_pdf_needs_its_password(tmp_path):
    locked = tiny_pdf(tmp_path / "locked.pdf", ["Confidential guidance text."], password="s3cret")
    with pytest.raises(EncryptedPdfError, match="--password"):
        read_pdf(locked)
    with pytest.raises(EncryptedPdfError, match="wrong"):
        read_pdf(locked, password="guess")
    assert "Confidential guidance text." in read_pdf(locked, password="s3cret").blocks[0].text
    assert_one_line_error(run_cli("extract", str(locked)), "encrypted")
    result = run_cli("extract", str(locked), "--password", "s3cret", "--no-cache")
    assert result.returncode == 0 and "Confidential guidance text." in result.stdout


def test_image_only_pdf_asks_for_ocr(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.rect(50, 50, 400, 600, fill=1)  # a "scanned" page: marks, no text
    pdf.showPage()
    pdf.save()
    with pytest.raises(NoTextLayerError, match="run OCR"):
        read_pdf(path)
    assert_one_line_error(run_cli("extract", str(path)), "no text layer")


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def test_issue_form_that_paints_itself_does_not_loop(tmp_path):
    """A hostile form XObject that draws itself must not recurse forever."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    form = _stream(b"BT /F1 12 Tf 72 700 Td (Inside the form) Tj ET /X1 Do",
                   b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 4 0 R >> >>")
    content = _stream(b"BT /F1 12 Tf 72 760 Td (Page text) Tj ET /X1 Do")
    pdf = raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 6 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 4 0 R >> >> >>",
        form,
        font,
        content,
    ])
    path = tmp_path / "loop.pdf"
    path.write_bytes(pdf)
    document = read_pdf(path)
    text = " ".join(block.text for block in document.blocks)
    assert "Page text" in text and "Inside the form" in text


@pytest.mark.parametrize("engine", ["pypdf", "pdfium"])
def test_issue_garbage_content_stream_is_a_clear_error(tmp_path, monkeypatch, engine):
    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    monkeypatch.setenv("GUIDEDIFF_READER", engine)
    content = _stream(zlib.compress(b"\x00\xff" * 5000), b"/Filter /FlateDecode")
    pdf = raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R >>",
        content,
    ])
    path = tmp_path / "garbage.pdf"
    path.write_bytes(pdf)
    result = run_cli("extract", str(path))
    if engine == "pypdf":
        assert_one_line_error(result, "page 1 of")
        assert "damaged" in result.stderr and "\\x" not in result.stderr
    else:
        # PDFium skips what it cannot parse, as viewers do: the page then has no text at all.
        assert_one_line_error(result, "has no text layer")


def test_not_a_pdf_error_class(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("just words")
    with pytest.raises(NotPdfError):
        read_pdf(path)


def test_output_folder_that_does_not_exist(tmp_path):
    good = tiny_pdf(tmp_path / "good.pdf", ["Some text."])
    assert_one_line_error(run_cli("extract", str(good), "-o", str(tmp_path / "missing" / "out.txt")), "does not exist")
