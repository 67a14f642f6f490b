"""The back cover (``guidediff.pdf.covers``) on hand-built lines: where the colophon starts.

Stage: read. The real PDFs these rules come from are pinned in ``test_reader_wild.py``;
these tests state the rule itself on lines small enough to read at a glance.
"""

from __future__ import annotations

from guidediff.pdf.covers import back_cover
from guidediff.pdf.lines import Line


def _line(text: str, y: float, x0: float = 40.0, size: float = 10.0) -> Line:
    return Line(page=0, text=text, x0=x0, x1=x0 + 5 * len(text), y=y, size=size, bold=False, italic=False, spans=())


def test_issue_licence_line_cut_by_a_link_goes_whole_to_the_back_cover():
    # Chrome prints GOV.UK's site footer as one line cut in three by the licence link, below the last notes.
    page = (
        _line("15. Cultural capital is the essential knowledge that children need.", 700, size=14),
        _line("16. In a situation where a childminder is self-isolating.", 680, size=14),
        _line("All content is available under the", 254.7),
        _line("Open Government Licence v3.0", 254.7, x0=220),
        _line(", except where otherwise stated", 254.7, x0=370),
        _line("© Crown copyright", 255.3, x0=480),
    )
    assert back_cover([page]) == {0: 2}


def test_a_body_line_just_above_the_colophon_stays_body_text():
    page = (
        _line("1. First paragraph of the body.", 700, size=14),
        _line("2. The last paragraph of the body ends here.", 400, size=14),
        _line("© Crown copyright 2025", 200),
        _line("This publication is licensed under the terms of the Open Government Licence v3.0", 188),
    )
    assert back_cover([page]) == {0: 2}


def test_issue_dcsf_back_cover_starts_at_where_to_download_it():
    # The IRO handbook (DCSF, 2010) ends on a page that first says where to get copies, then the ISBN.
    page = (
        _line("You can download this publication at", 300),
        _line("www.dcsf.gov.uk", 290),
        _line("Search using ref: DCSF-00184-2010", 270),
        _line("Please quote the ref: 00184-2010DOM-EN", 200),
        _line("ISBN: 978-1-84775-673-2", 180),
        _line("© Crown copyright 2010", 160),
    )
    body = (_line("16. In the event that the child is re-accommodated on release the same IRO should resume.", 700),)
    assert back_cover([body, page]) == {1: 0}
