"""Running heads (``guidediff.pdf.furniture``) on hand-built pages: a head printed in part is still a head.

Stage: read. The real case is pinned in ``test_reader_wild.py`` (Oxfordshire's threshold, p. 40).
"""

from __future__ import annotations

from guidediff.pdf.furniture import strip_furniture
from guidediff.pdf.lines import Line


def _line(text: str, y: float, size: float = 12.0) -> Line:
    return Line(page=0, text=text, x0=40.0, x1=40.0 + 5 * len(text), y=y, size=size, bold=False, italic=False, spans=())


def _page(head: str, body: str) -> list[Line]:
    return [_line(head, 806.9, 9.0), _line(body, 700), _line(body + " again", 680)]


def test_issue_running_head_printed_without_its_tagline_is_furniture():
    title, tagline = "Oxfordshire's Threshold of Needs: Updated July 2021", "Right Support at the Right Time"
    pages = [_page(f"{title} {tagline}" if index % 2 else tagline, f"Body text of page {index}.")
             for index in range(8)]
    pages.append(_page(title, "The glossary page prints the title alone."))
    result = strip_furniture(pages, [841.89] * len(pages))
    assert [line.text for line in result.lines[-1]] == [
        "The glossary page prints the title alone.", "The glossary page prints the title alone. again"]


def test_a_short_line_that_begins_a_running_head_is_not_taken_for_it():
    pages = [_page("Working Together to Safeguard Children 2023", f"Text {index}.") for index in range(6)]
    pages.append(_page("Working", "A heading at the top of a page."))
    result = strip_furniture(pages, [841.89] * len(pages))
    assert result.lines[-1][0].text == "Working"
