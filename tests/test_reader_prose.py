"""The reader on the prose pairs of ../shared/corpus/prose, pinned to what a person sees on the page.

Stage: read. Inputs: LibreOffice prints of the Firefox privacy notice, February and December
2025 (``firefox-pn-2025-old.lo.pdf``, ``firefox-pn-2025-new.lo.pdf``; skipped with a reason
when absent), untagged, so geometry reads them. Its "Lawful Bases" table runs over four pages
without a rule: LibreOffice prints its five-line heading row again at the top of every page,
cuts rows at the page breaks, sets a list with its bullets a channel's width from their text
in the second column, and merges one row's last three cells.

Every expected value was read off the rendered page (``pdftoppm -png -r 60 -f N -l N``); page
numbers below are the printed ones ("Page 11" is the PDF's twelfth page).
"""

from __future__ import annotations

import pytest

from guidediff.document import BlockKind
from tests.printed import fold, rows_after

pytestmark = pytest.mark.corpus

OLD, NEW = "firefox-pn-2025-old.lo.pdf", "firefox-pn-2025-new.lo.pdf"
HEADING_ROW = ("What we use your data for", "What data we process", "Our lawful basis",
               "More information, including choosing how you want to share this data in Firefox")

_READ: dict[str, object] = {}


@pytest.fixture(scope="module")
def prose_document():
    from guidediff.pdf import read_pdf
    from tests.conftest import prose_pdf_path

    def read(name: str):
        if name not in _READ:
            _READ[name] = read_pdf(prose_pdf_path(name))
        return _READ[name]

    return read


def _rows(document) -> list[tuple[str, ...]]:
    return [tuple(fold(cell) for cell in block.cells) for block in document.blocks if block.kind is BlockKind.TABLE_ROW]


@pytest.mark.parametrize("name", [OLD, NEW])
def test_the_heading_row_printed_again_on_every_page_is_read_once(prose_document, name):
    """Pages 11-13 (old) and 11-13 (new) print the heading row again under the running head. Its
    last two lines ("share this data in" / "Firefox") fall below the band where running heads are
    looked for; they were left behind as a row of their own on every page, "| | share this data in
    Firefox"."""
    rows = _rows(prose_document(name))
    assert rows.count(HEADING_ROW) == 1
    assert not [row for row in rows if not row[0] and "share this data in Firefox" in " ".join(row)]
    assert not any(block.text == "share this data in Firefox" for block in prose_document(name).blocks)


def test_a_cell_merged_over_three_columns_leaves_the_columns_of_the_page_apart(prose_document):
    """Page 11 (old): "To provide Mozilla Accounts" is followed by "See our Mozilla Accounts Privacy
    Notice" across the other columns. That cell closed the channel between the second and third
    columns, and every row of the page ran its data types into its lawful basis."""
    [accounts, chatbots] = rows_after(prose_document(OLD), "To provide Mozilla Accounts", 2)
    assert accounts == ("To provide Mozilla Accounts", "See our Mozilla Accounts Privacy Notice", "", "")
    assert chatbots[:3] == ("To provide AI Chatbots",
                            "• Technical data • Location • Settings data • Unique identifiers • Interaction data",
                            "Consent, when you choose to enable an AI Chatbot.")


def test_bullets_in_a_cell_stay_with_their_items_where_no_line_crosses_the_gap_after_them(prose_document):
    """Page 12 (old): no heading row is read there (it is a running line now), and nothing crosses
    the gap between the bullets and their text: the bullets stood as a column of their own,
    "| • • • • • • • | Technical data Location …"."""
    [row] = rows_after(prose_document(OLD), "To maintain and improve features, performance and stability", 1)
    assert row[1] == ("• Technical data • Location • Settings data • Unique identifiers • System performance data "
                      "• Interaction data • Browsing data")
    assert row[2].startswith("Contract to ensure that Firefox remains operational.")


@pytest.mark.parametrize("name, first_cell, column, ending", [
    # old p. 10 -> 11: the lawful basis ends "… and share additional personal data." under the repeated heading
    (OLD, "To provide and improve search functionality", 2, "experience and share additional personal data."),
    # old p. 13 -> 14: the row's last six lines are all the table holds on p. 14, in its third column
    (OLD, "To comply with applicable laws, and identify and prevent harmful, unauthorized or illegal activity.", 2,
     "managing and protecting our (and our users') rights, property and/or safety."),
    # old p. 6 -> 7: a table of two columns with no heading row; its next row's label stands level
    # with the middle of its text, so p. 7 never shows the columns by itself
    (OLD, "Researchers", 1, "we will do so in a de-identified or aggregated format."),
    # new p. 12 -> 13: the first cell itself goes on, "To pseudonymize, de-" / "identify, aggregate …"
    (NEW, "To pseudonymize, de-identify, aggregate or anonymize data", 2,
     "taking privacy-enhancing measures prior to performing analytics or sharing data with partners."),
    # new p. 10 -> 11: "To provide Mozilla" / "accounts", the last word alone at the top of p. 11
    (NEW, "To provide Mozilla accounts", 1, "See our Mozilla Accounts Privacy Notice"),
])
def test_a_row_the_page_break_cuts_is_one_row(prose_document, name, first_cell, column, ending):
    document = prose_document(name)
    [row] = rows_after(document, first_cell, 1)
    assert row[column].endswith(ending)
    [block] = [block for block in document.blocks if block.kind is BlockKind.TABLE_ROW and fold(block.cells[0]) == first_cell]
    assert len(block.pages) == 2
    assert not any(block.text in ("accounts", "identify, aggregate or anonymize data") for block in document.blocks)


POCKET_DISCLAIMER_START = "THE POCKET TECHNOLOGIES (INCLUDING, WITHOUT LIMITATION, OUR APPLICATION, SOFTWARE"
POCKET_DISCLAIMER_END = "IN ADDITION, YOU MAY ALSO HAVE OTHER RIGHTS WHICH VARY FROM STATE TO STATE."


def _untagged(name: str):
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import prose_pdf_path

    return read_pdf_bytes(without_tags(prose_pdf_path(name).read_bytes()), "untagged-" + name)


@pytest.mark.parametrize("name", ["pocket-tos-2024-old.lo.pdf", "pocket-tos-2024-new.lo.pdf"])
def test_a_bold_paragraph_in_capitals_is_one_paragraph(prose_document, name):
    """Page 6 (old; p. 6 new): the disclaimer of warranties is one paragraph of 25 lines in bold
    capitals. Bold at body size opening a block reads as a heading, which took four lines at most;
    each four lines then became a paragraph of their own: six paragraphs."""
    document = prose_document(name)
    [block] = [block for block in document.blocks if block.text.startswith(POCKET_DISCLAIMER_START)]
    assert block.kind is BlockKind.PARAGRAPH
    assert block.text.endswith(POCKET_DISCLAIMER_END)


def test_a_word_in_capitals_that_had_no_room_on_the_line_above_goes_on_with_it():
    """Chromium's print, read by geometry (its tags removed), p. 7: the same disclaimer's first line
    "THE POCKET TECHNOLOGIES (INCLUDING, WITHOUT LIMITATION, OUR" stops short of the
    measure by less than "APPLICATION," needs; counted at the average character's width (a capital's
    is wider) the word would have fitted, so the line stood as a heading of its own."""
    document = _untagged("pocket-tos-2024-new.chromium.pdf")
    [block] = [block for block in document.blocks if block.text.startswith(POCKET_DISCLAIMER_START)]
    assert block.kind is BlockKind.PARAGRAPH
    assert block.text.endswith(POCKET_DISCLAIMER_END)
