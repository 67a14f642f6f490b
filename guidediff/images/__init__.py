"""Images stage: pictures of the pages a report cites, made with pypdfium2 (the optional extra ``guidediff[pages]``).

In: a ``Report`` whose changes carry the regions where each side is printed
(``report.model.PageRegion``), the two read ``Document``s and their PDF files. Out:
the same report with page snapshots (``PageImages``) and, where a page's drawn
content changed while its text did not, ``figure`` changes.

- ``raster``: a PDF's pages rendered in the reader's frame, and every printed
  character's box (pdfium's text page), so the reader's regions and pdfium's pixels agree.
- ``locate``: the changed words of one side of a change, found among the characters
  printed in its region (an alignment of the two texts, never a guess by position).
- ``snapshots``: each side's region cropped with a margin, the changed words marked,
  encoded as PNG or JPEG within a total size budget.
- ``figures``: drawn content with no text in it, compared between the editions.

Nothing here reads text for the report: the words and their order come from the
reader; pdfium only says where they are printed and what the page looks like.
"""

from __future__ import annotations

from typing import Any

from guidediff.errors import InputError

PAGES_MISSING = ("page images need pypdfium2 and Pillow; install them with: pip install 'guidediff[pages]' "
                 "(or leave the images out with --page-images off)")


def require_pdfium() -> Any:
    """The pypdfium2 module, or an ``InputError`` naming the extra to install."""
    try:
        import PIL.Image  # noqa: F401, PLC0415 - optional: only page images need Pillow
        import pypdfium2  # noqa: PLC0415 - optional: only page images need pdfium
    except ImportError:
        raise InputError(PAGES_MISSING) from None
    return pypdfium2


def pdfium_available() -> bool:
    """Whether page images can be made here (pypdfium2 and Pillow installed)."""
    try:
        require_pdfium()
    except InputError:
        return False
    return True
