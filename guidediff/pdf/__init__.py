"""Reading PDFs: pypdf underneath, guidediff's cleaning on top."""

from guidediff.pdf.reader import read_pdf, read_pdf_bytes

__all__ = ["read_pdf", "read_pdf_bytes"]
