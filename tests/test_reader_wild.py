"""The reader on the PDFs of ../shared/corpus/wild, pinned to what a person sees on the page.

Stage: read (and the section tree built from it). Inputs: the seventeen PDFs of
``../shared/corpus/wild`` (skipped with a reason when absent), each read once per
session by the ``wild_document`` fixture. Outputs: none; every test states a fact
printed on a page of the PDF.

Rules these tests keep:

* Every expected value was read off the rendered page (``pdftoppm -png -r 60 -f N -l N``),
  never copied from the reader's output. Printed page numbers are the numbers printed
  on the page; a printed contents page counts only where the pages agree with it.
* Text is compared after ``fold`` (curly quotes to straight, runs of spaces to one),
  because typography is not what these tests are about; words and hyphens are.
* Where the reader gets a fact wrong, the test still states the truth and carries
  ``xfail(strict=True, reason="reader: ...")``: it fails the day the fault is fixed,
  and whoever fixed it removes the mark. The reasons are the fault list for the reader.
"""

from __future__ import annotations

import re

import pytest

from guidediff.document import BlockKind
from tests.printed import (all_headings, casefolded, children_of, dotted_numbers, fold, in_order, list_items_after,
                           on_page, reader_fault, rows_after, runs_without_gaps, start_page, starting, texts,
                           top_sections, tree_of)

pytestmark = pytest.mark.corpus

# --- autism-adhd-handbook-section.pdf (iLovePDF; printed pages 83-90; "Structure Bookmarks" outline) -------------

AUTISM = "autism-adhd-handbook-section.pdf"


def test_autism_handbook_pages_are_printed_83_to_90_and_headings_come_from_the_tags(wild_document):
    document = wild_document(AUTISM)
    assert [page.label for page in document.pages] == [str(n) for n in range(83, 91)]
    assert document.outline_source == "tags"  # never the "Structure Bookmarks" outline of every tag
    assert in_order([
        ("HOW AUTISM AND ADHD CAN AFFECT YOU AND YOUR FAMILY", "83"),
        ("TALKING TO YOUR CHILD ABOUT AUTISM OR ADHD", "85"),
        ("SUPPORTING YOUR OTHER CHILDREN", "86"),
        ("AFTER YOUR CHILD'S DIAGNOSIS", "87"),
        ("LOCAL HELP FOR CARERS", "87"),
        ("SELF-CARE", "88"),
        ("NOTES", "90"),
    ], all_headings(document))


@reader_fault("p. 84 prints the heading 'THINGS THAT CAN HELP YOU AND YOUR FAMILY' and the sub-heading 'DO' on "
              "their own lines (as on p. 86); the reader makes one heading 'THINGS THAT CAN HELP YOU AND YOUR FAMILY DO'")
def test_autism_handbook_do_is_a_heading_of_its_own_on_page_84(wild_document):
    document = wild_document(AUTISM)
    assert [heading for heading, page in all_headings(document) if page == "84"] == [
        "THINGS THAT CAN HELP YOU AND YOUR FAMILY", "DO", "DON'T"]


def test_autism_handbook_running_heads_and_page_numbers_are_not_text(wild_document):
    document = wild_document(AUTISM)
    everything = texts(document)
    assert not any("HANDBOOK FOR FAMILIES" in text for text in everything)
    # The running title of the odd pages is also the heading of p. 83: it must be there once only.
    assert sum("HOW AUTISM AND ADHD CAN AFFECT YOU AND YOUR FAMILY" in text for text in everything) == 1
    assert not any(re.fullmatch(r"8\d|90", text) for text in everything)


@reader_fault("p. 83 prints two paragraphs ('Having an autistic child…exhausting.' and 'It may be hard to make time…'); "
              "the reader joins them into one block")
def test_autism_handbook_page_83_has_two_paragraphs(wild_document):
    document = wild_document(AUTISM)
    first = starting(document, "Having an autistic child or one with ADHD")
    assert fold(first.text).endswith("This can be very stressful and exhausting.")
    second = starting(document, "It may be hard to make time for the rest of your family")
    assert fold(second.text).endswith("you can get support from lots of places.")


def test_autism_handbook_page_84_bullets_are_five_list_items(wild_document):
    document = wild_document(AUTISM)
    items = [fold(block.text) for block in on_page(document, "84") if block.kind is BlockKind.LIST_ITEM]
    assert items[:5] == [
        "ask friends and family if they can help with day-to-day things or just be there to talk to",
        "get advice from other parents of autistic children or autistic adults",
        "look at websites listed elsewhere in this handbook – like www.kent.gov.uk/localoffer",
        "listen to other parents' stories – the charity www.healthtalk.org has stories about living with autism and "
        "ADHD or you can search online for blogs, videos and books",
        "ask your local council for a Carer's Assessment – you might be able to get extra support and financial "
        "benefits (see Rights and Benefits section of this handbook, pages 49-57).",
    ]
    assert not any(" n " in f" {text} " for text in texts(document, on_page(document, "84")))


def test_autism_handbook_wrapped_web_address_stays_one_address(wild_document):
    """p. 85 prints www.autism.org.uk/about/ | what-is/asd/intro-easyread, wrapped after the "/"
    (it was read with a space there)."""
    document = wild_document(AUTISM)
    assert any("www.autism.org.uk/about/what-is/asd/intro-easyread" in text for text in texts(document))


# --- bedford-sufficiency-strategy-2023.pdf (Word, landscape two columns, charts) -------------------------------

BEDFORD = "bedford-sufficiency-strategy-2023.pdf"


def test_bedford_first_level_is_the_contents_page_with_printed_pages(wild_document):
    document = wild_document(BEDFORD)
    top = casefolded(top_sections(document))
    expected = casefolded([
        ("Foreword", "5"), ("Introduction", "7"), ("Our context", "9"), ("National context", "13"),
        ("What we know about our children and young people in our care and our care leavers", "19"),
        ("Current Service provision", "21"), ("Cost of provision", "25"), ("Forecasting", "27"),
        ("What we are being told", "30"), ("Our strategic priorities", "32"),
        ("Appendix 1: Needs analysis – children and young people in care", "41"),
    ])
    assert top[:len(expected)] == expected
    assert top[-1] == ("appendix 3: what we have been told", "53")
    assert children_of(document, "OUR CONTEXT")[-3:] == [
        ("OUR CORPORATE PARENTING PRINCIPLES", "10"), ("OUR REGIONAL PARTNERSHIPS", "11"), ("LEGISLATIVE FRAMEWORK", "12")]


@reader_fault("p. 51: the heading 'APPENDIX 2: NEEDS ANALYSIS – CARE LEAVERS' is joined to the chart title "
              "'Table 35: Age of care leavers in touch' printed in the other column")
def test_bedford_appendix_2_heading_is_only_the_heading(wild_document):
    document = wild_document(BEDFORD)
    assert ("appendix 2: needs analysis – care leavers", "51") in casefolded(top_sections(document))


@reader_fault("p. 51: chart axis numbers are read into the body text, two of them as footnote markers 50 and 20, "
              "and the chart labels become headings ('Table: 34 percentage of care leaver in 10', 'touch 0')")
def test_bedford_chart_labels_stay_out_of_the_body_text(wild_document):
    document = wild_document(BEDFORD)
    paragraph = starting(document, "Our numbers of care leavers have remained relatively stable")
    assert fold(paragraph.text) == (
        "Our numbers of care leavers have remained relatively stable in the last 3 years with 151 care leavers aged "
        "17-21 and 152 aged 22-25 in the year 2022-23. Performance data for 2022-23 as shown in table 34 outlines "
        "that we are maintaining contact with almost all our care leavers, exceeding performance of regional and "
        "national comparators.")
    assert paragraph.footnote_refs == ()
    assert not any(heading.startswith(("Table: 34", "touch 0")) for heading, _ in all_headings(document))


@reader_fault("p. 13: the paragraph 'The number of children in need…' is joined to the paragraph before it, and its "
              "last line, printed at the top of the right-hand column ('of-area placements, which can impact the "
              "stability and continuity of care.'), is put in the middle of the text, before the paragraph begins")
def test_bedford_page_13_paragraph_continues_into_the_next_column(wild_document):
    document = wild_document(BEDFORD)
    paragraph = starting(document, "The number of children in need of social care support has been increasing")
    assert fold(paragraph.text).endswith(
        "There is a high reliance on private and out-of-area placements, which can impact the stability and "
        "continuity of care.")
    before = starting(document, "Children's social care faces a number of significant challenges")
    assert fold(before.text).endswith("improving outcomes, and ensuring stability for children in care.")


def test_bedford_ragged_columns_read_left_column_then_right(wild_document):
    # Seen rendered: landscape pages whose two columns start at different heights, a photograph above the
    # left column's text (p. 5) or in the right column (p. 10), so the columns share few baselines. Read by
    # geometry, lines of the two columns at one height were joined ("FOREWORD young person;").
    for reading in _both_readings(wild_document, BEDFORD):
        document = reading.values[0]
        page_5 = [fold(block.text) for block in on_page(document, "5")]
        assert page_5[page_5.index("children are leaving care.") + 1].startswith(
            "This strategy ensures that Bedford Borough Council is in a position to effectively fulfil")
        assert any(text.startswith("I am delighted to introduce Bedford Borough Council's Placement Sufficiency "
                                   "Strategy. This strategy sets out how") for text in page_5)
        assert "We will reduce our reliance on services away from Bedford Borough where these are not in the best " \
               "interest of the child and young person;" in page_5
        page_10 = [fold(block.text) for block in on_page(document, "10")]
        assert page_10.index("The corporate parenting responsibility must be shared by the Council as a whole and "
                             "with partner agencies who work with children in care and care leavers.") + 1 == \
            page_10.index("Corporate parenting is more than just providing food and shelter. It is about doing the "
                          "same for our children in care and care leavers as caring parents would do for their own "
                          "children.")


def test_bedford_partnership_forums_table_reads_row_by_row_across_pages_11_and_12(wild_document):
    document = wild_document(BEDFORD)
    rows = rows_after(document, "Forum", 8)
    assert rows[0] == ("Forum", "Purpose")
    assert rows[1] == ("Pan-Bedfordshire IFA Consortium Operational Leads Group",
                       "Oversight of IFA Approved Provider List, governance of partnership agreements, performance "
                       "reporting, decision-making on provider uplift requests")
    assert [row[0] for row in rows[3:5]] == ["BLMK Commissioning Leads' Meeting", "Eastern Region Commissioning Forum"]
    assert rows[6] == ("Local Government Association – Children's Commissioning & Procurement Network",
                       "Information sharing on sector-wide trends, strategic supplier relationships, support with "
                       "national contract templates")
    assert document.labels(starting(document, "Eastern Region Commissioning Forum")) == ("12",)


def test_bedford_compound_hyphens_at_line_ends_in_table_cells(wild_document):
    """A compound's hyphen at a line end in a table cell (p. 11 'Pan-' / 'Bedfordshire/BLMK', p. 12 'Cross-' /
    'Regional', 'Pseudo-' / 'DPS') joins with no space (the row above prints 'Pan-Bedfordshire' on one line)."""
    document = wild_document(BEDFORD)
    rows = rows_after(document, "Forum", 8)
    assert rows[2][0] == "Pan-Bedfordshire/BLMK Provider Forum"
    assert rows[5][0] == "Children's Cross-Regional Arrangements Group (CCRAG)"
    assert rows[7][1].startswith("Oversight of Southwest Residential Pseudo-DPS, governance")


@reader_fault("p. 26: Table 3 (spend by placement) is read with the words and axis figures of the chart 'Table 4' "
              "beside it ('23/24 Table 4: Total spend…', '£8,403 £9,000', 'Residential Care type (£000s) Home')")
def test_bedford_table_3_rows_on_page_26(wild_document):
    document = wild_document(BEDFORD)
    rows = rows_after(document, "Table 3: Spend by placement in £'000", 9)
    assert rows == [
        ("Table 3: Spend by placement in £'000", "21/22", "22/23", "23/24"),
        ("Residential Care Home", "£4,710", "£8,282", "£8,403"),
        ("Unregistered Placements*", "£0", "£1,977", "£2,613"),
        ("Independent Foster Care", "£4,436", "£5,283", "£5,584"),
        ("Leaving Care Accommodation", "£2,195", "£2,398", "£3,176"),
        ("In House Fostering Allowances", "£2,210", "£1,919", "£1,831"),
        ("Secure Accommodation", "£0,724", "£0,377", "£0,371"),
        ("Total", "£14,275", "£20,235", "£21,978"),
        ("Year on year increase", "", "41.8%", "8.6%"),
    ]


def test_bedford_section_22_list_items_are_whole(wild_document):
    document = wild_document(BEDFORD)
    items = list_items_after(document, "Key legislation for the provision for the accommodation")
    assert [item.split(" of the Children Act 1989")[0] for item in items] == [
        "Section 22A", "Section 22B", "Section 22C", "Section 22D", "Section 22G"]
    assert items[4] == ("Section 22G of the Children Act 1989 requires local authorities to take strategic action in "
                        "respect of those children they look after and for whom it would be consistent with their "
                        "welfare for them to be provided with accommodation within their own local authority area.")
    assert {document.labels(starting(document, item)) for item in items} == {("12",)}


def test_bedford_footnote_1_on_page_12(wild_document):
    document = wild_document(BEDFORD)
    paragraph = starting(document, "Key legislation for the provision for the accommodation")
    ref = next(ref for ref in paragraph.footnote_refs if ref.label == "1")
    assert paragraph.text[:ref.offset].endswith("Sections 22A to 22D of the Children Act 1989")
    note = next(block for block in document.footnotes if block.number == "1")
    assert fold(note.text) == "Children Act 1989 (legislation.gov.uk)"
    assert document.labels(note) == ("12",)


def test_bedford_a_date_is_not_a_paragraph_number(wild_document):
    """p. 2 prints the date '24 September 2024' on its own line (it was read as paragraph number 24)."""
    document = wild_document(BEDFORD)
    assert not any(block.number == "24" for block in on_page(document, "2"))
    assert "24 September 2024" in texts(document, on_page(document, "2"))


def test_bedford_footer_is_not_text(wild_document):
    document = wild_document(BEDFORD)
    assert not any("Placement Sufficiency Strategy 2024 – 2028" in text for text in texts(document))


# --- children-act-2004.pdf and children-social-work-act-2017.pdf (legislation.gov.uk, Apache FOP) --------------

CA2004 = "children-act-2004.pdf"
CSWA2017 = "children-social-work-act-2017.pdf"


@pytest.mark.parametrize("name, running_head", [
    pytest.param(CA2004, "Part 1 – Children's Commissioner", id="ca2004"),
    pytest.param(CSWA2017, "CHAPTER 1 – Looked after children", id="cswa2017"),
])
@reader_fault("the running head of the last page (CA 2004 p. 92, CSWA 2017 p. 73: 'Children Act 2004 (c. 31) / "
              "Document Generated: 2025-04-11') is kept as a table row 'Document Generated: …'")
def test_legislation_running_heads_and_status_banner_are_not_text(wild_document, name, running_head):
    document = wild_document(name)
    everything = texts(document)
    assert not any("Document Generated:" in text for text in everything)
    assert not any(text.startswith(running_head) for text in everything)
    # Every page prints the 'Status: … Changes to legislation: …' banner under its running head; the
    # first page has it above the crest and the last page prints it in full as its content.
    banner = [document.labels(block)[0] for block in document.blocks
              if "Status: This version of this Act contains provisions" in block.text]
    assert set(banner) <= {document.pages[0].label, document.pages[-1].label}


def test_children_act_2004_parts_and_schedules_with_printed_pages(wild_document):
    """legislation.gov.uk prints 'PART 1' centred in small capitals and 'CHILDREN'S COMMISSIONER' under it, neither
    set as a heading (a Schedule's label shares its line with 'Section 1'): they were read as plain paragraphs."""
    document = wild_document(CA2004)
    labelled = [(section.label.casefold(), start_page(document, section)) for section in tree_of(document).walk()
                if section.label and re.fullmatch(r"(part|schedule) \d+", section.label, re.IGNORECASE)]
    parts = [item for item in labelled if item[0].startswith("part")]
    schedules = [item for item in labelled if item[0].startswith("schedule")]
    assert parts[:6] == [("part 1", "1"), ("part 2", "12"), ("part 3", "42"), ("part 4", "51"), ("part 5", "56"),
                         ("part 6", "71")]
    assert schedules == [("schedule 1", "76"), ("schedule 2", "79"), ("schedule 3", "82"), ("schedule 4", "84"),
                         ("schedule 5", "87")]


def test_children_act_2004_part_1_section_headings(wild_document):
    """legislation.gov.uk prints its amendment marks raised before the section number ('[F1 2 Primary function'):
    marks, not digits of the number (they were fused: '[F12 Primary function…')."""
    document = wild_document(CA2004)
    headings = []
    for heading, page in all_headings(document):
        heading = re.sub(r"^\[\s*", "", heading)  # the bracket opening an amended passage
        if int(page) <= 5 and re.match(r"\d{1,2}[A-Z]? [A-Z][a-z]", heading):  # a section, not "2004 CHAPTER 31"
            headings.append((heading, page))
    assert headings == [
        ("1 Establishment", "1"),
        ("2 Primary function: children's rights, views and interests", "1"),
        ("2A United Nations Convention on the Rights of the Child", "2"),
        ("2B Involving children in the discharge of the primary function", "3"),
        ("2C Primary function: reports", "3"),
        ("2D Provision of advice and assistance to certain children in England", "3"),
        ("2E Powers to enter premises to conduct interviews or observe standards", "4"),
        ("2F Provision of information to Commissioner", "4"),
        ("3 Inquiries initiated by Commissioner", "4"),
        ("4 Other inquiries held by Commissioner", "5"),
        ("5 Functions of Commissioner in Wales", "5"),
    ]


def test_children_act_2004_subsection_numbers_are_markers(wild_document):
    document = wild_document(CA2004)
    item = starting(document, "There is to be an office of Children's Commissioner")
    assert item.marker == "(1)"
    assert fold(item.text) == "There is to be an office of Children's Commissioner."


def test_children_act_2004_paragraph_letters_a_to_j_on_page_2(wild_document):
    document = wild_document(CA2004)
    items = [block for block in on_page(document, "2") if block.kind is BlockKind.LIST_ITEM and block.marker
             and re.fullmatch(r"\([a-j]\)", block.marker)]
    assert [block.marker for block in items] == [f"({letter})" for letter in "abcdefghij"]
    assert fold(items[3].text) == ("consider the potential effect on the rights of children of government policy "
                                   "proposals and government proposals for legislation;")
    assert fold(items[9].text) == "publish a report on any matter considered or investigated under this section."


def test_children_act_2004_long_title_is_one_paragraph(wild_document):
    document = wild_document(CA2004)
    long_title = starting(document, "An Act to make provision for the establishment of a Children's Commissioner;")
    assert fold(long_title.text).endswith(
        "the disclosure by the Inland Revenue of information relating to children. [15th November 2004]")
    assert document.labels(long_title) == ("1",)


def test_children_and_social_work_act_chapters_of_part_1(wild_document):
    document = wild_document(CSWA2017)
    chapters = [(section.label.upper(), start_page(document, section)) for section in tree_of(document).walk()
                if section.label and re.fullmatch(r"chapter \d+", section.label, re.IGNORECASE)]
    assert chapters[:4] == [("CHAPTER 1", "1"), ("CHAPTER 2", "11"), ("CHAPTER 3", "23"), ("CHAPTER 4", "26")]


def test_children_and_social_work_act_parts_with_printed_pages(wild_document):
    """'PART 1' / 'CHILDREN', 'CHAPTER 1' / 'LOOKED AFTER CHILDREN' (see the Children Act 2004 test)."""
    document = wild_document(CSWA2017)
    parts = [(section.label.casefold(), start_page(document, section)) for section in tree_of(document).walk()
             if section.label and re.fullmatch(r"part \d+", section.label, re.IGNORECASE)]
    assert parts[:3] == [("part 1", "1"), ("part 2", "29"), ("part 3", "43")]


def test_children_and_social_work_act_chapter_1_section_headings(wild_document):
    document = wild_document(CSWA2017)
    headings = [(heading, page) for heading, page in all_headings(document)
                if int(page) <= 11 and (number := re.match(r"(\d+) ", heading)) and int(number[1]) <= 11]
    assert headings == [
        ("1 Corporate parenting principles", "1"),
        ("2 Local offer for care leavers", "2"),
        ("3 Advice and support", "4"),
        ("4 Duty of local authority in relation to previously looked after children", "5"),
        ("5 Maintained schools: staff member for previously looked after pupils", "7"),
        ("6 Academies: staff member for looked after and previously looked after pupils", "8"),
        ("7 Maintained schools: guidance for staff member for looked after pupils", "10"),
        ("8 Care orders: permanence provisions", "10"),
        ("9 Adoption: duty to have regard to relationship with adopters", "10"),
        ("10 Placing children in secure accommodation elsewhere in Great Britain", "11"),
        ("11 Chapter 1: consequential amendments", "11"),
    ]


# --- childrens-homes-annex-a-2025.pdf (Word, a form that is mostly one long ruled table) -----------------------

_UNTAGGED: dict[str, object] = {}


def _both_readings(wild_document, name: str):
    """The PDF as its tag tree reads it, and a copy without the tree, read by geometry (how another
    producer's copy of the same text reads): both must state the same facts about the page."""
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import wild_pdf_path

    if name not in _UNTAGGED:
        _UNTAGGED[name] = read_pdf_bytes(without_tags(wild_pdf_path(name).read_bytes()), "untagged-" + name)
    untagged = _UNTAGGED[name]
    assert untagged.reading.startswith("geometry")
    return (pytest.param(wild_document(name), id="tagged"), pytest.param(untagged, id="untagged"))


def _items_of(document, label: str) -> list[tuple[str | None, str]]:
    return [(block.marker, fold(block.text)) for block in on_page(document, label) if block.kind is BlockKind.LIST_ITEM]


def test_legislation_annotations_are_items_labelled_f8_to_f12_on_page_6(wild_document):
    # legislation.gov.uk's "Textual Amendments" box (p. 6 seen rendered): a bold label, then its text,
    # whose wrapped lines hang under the text, not the label. Read by geometry, the box was one
    # paragraph ("Textual Amendments F8 Words … Sch. 5") and a second cut at a wrapped line.
    for reading in _both_readings(wild_document, CA2004):
        items = dict(_items_of(reading.values[0], "6"))
        assert [label for label in items if label and label.startswith("F")] == ["F8", "F9", "F10", "F11", "F12"]
        assert items["F8"] == ("Words in s. 5(1) substituted (1.4.2014) by Children and Families Act 2014 (c. 6), "
                               "s. 139(5), Sch. 5 para. 3(2)")
        assert items["F12"] == ("S. 5(7) omitted (1.4.2014) by virtue of Children and Families Act 2014 (c. 6), "
                                "s. 139(5), Sch. 5 para. 2(2)(a)")


def test_legislation_annotations_at_the_page_foot_are_not_footnotes(wild_document):
    # p. 7 (seen rendered) ends with the box F13-F16 in small type; F15's text wraps to "5 para. 4(4)",
    # a line that opens with a number, as a footnote would. Nothing on the page is a footnote.
    for reading in _both_readings(wild_document, CA2004):
        document = reading.values[0]
        assert not [block for block in on_page(document, "7") if block.kind is BlockKind.FOOTNOTE]
        items = dict(_items_of(document, "7"))
        assert items["F15"] == ("S. 6(2)(2A) substituted for s. 6(2) (1.4.2014) by Children and Families Act 2014 "
                                "(c. 6), s. 139(5), Sch. 5 para. 4(4)")


@pytest.mark.parametrize("name, page, start, marker, end", [
    # "[F10(2) Subsections (3) to (5) …" (CA 2004 p. 6, seen rendered): the bracket opens inserted
    # text and the subsection's number is inside it; the item's lines hang under "Subsections".
    pytest.param(CA2004, "6", "[Subsections (3) to (5) of section 2", "(2)",
                 "as in relation to the Commissioner's primary function.", id="bracket"),
    # "“(5A) Where a local authority …" (CSWA 2017 Schedule 1, p. 46, seen rendered) inserts a subsection.
    pytest.param(CSWA2017, "46", '"Where a local authority in England or Wales are authorised', "(5A)",
                 'having regard to the terms of any order made by a court under this section."', id="quote"),
])
def test_legislation_subsection_number_after_a_bracket_or_quote_is_the_marker(wild_document, name, page, start,
                                                                             marker, end):
    for reading in _both_readings(wild_document, name):
        document = reading.values[0]
        item = starting(document, start, on_page(document, page))
        assert item.kind is BlockKind.LIST_ITEM and item.marker == marker
        assert fold(item.text).endswith(end)


def test_legislation_text_after_a_nested_list_follows_the_list(wild_document):
    # CSWA 2017 p. 15 (seen rendered): "(1) The safeguarding partners … must make arrangements for—",
    # (a) and (b), then "to work together in exercising their functions, …" back at the subsection's
    # indent. The tree tags the words before and after the nested list as one list item.
    for reading in _both_readings(wild_document, CSWA2017):
        document = reading.values[0]
        page = [fold(block.text) for block in on_page(document, "15")]
        opening = page.index("The safeguarding partners for a local authority area in England must make "
                             "arrangements for—")
        assert page[opening + 1:opening + 3] == ["the safeguarding partners, and",
                                                 "any relevant agencies that they consider appropriate,"]
        assert page[opening + 3].startswith("to work together in exercising their functions, so far as the functions")
        assert page[opening + 3].endswith("in the area.")


def test_legislation_text_under_a_nested_list_that_ran_over_a_page_break_follows_the_list(wild_document):
    # CA 2004 s. 25(11) on pp. 43-44 (seen rendered): "“well-being” means well-being in relation to any of
    # the following—", item (a) at the foot of p. 43, items (b) to (i) at the top of p. 44, then "and it
    # includes “welfare” …" back at the definition's indent. The tree tags those last words as part of
    # the definition's list item, which the tagged reading once read first on p. 44, glued to item (a).
    for reading in _both_readings(wild_document, CA2004):
        document = reading.values[0]
        assert _items_of(document, "43")[-1] == ("(a)", "physical and mental health and emotional well-being;")
        page = [fold(block.text) for block in on_page(document, "44")]
        closing = page.index('and it includes "welfare" as that word is interpreted for the purposes of the '
                             'Children Act 1989.]')
        assert page[closing - 1] == "physical, intellectual, emotional, social and behavioural development;"
        assert [marker for marker, _ in _items_of(document, "44")][:8] == [f"({letter})" for letter in "bcdefghi"]


def test_legislation_definitions_are_one_paragraph_each(wild_document):
    # CSWA 2017 s. 63 on p. 42 (seen rendered): each definition's first line is indented, its wrapped
    # lines go on further left, at the bare line pitch; a one-line definition ends short.
    for reading in _both_readings(wild_document, CSWA2017):
        page = [fold(block.text) for block in on_page(reading.values[0], "42")]
        assert ('"register" means a register mentioned in section 39(1) or (2) (and related expressions are to be '
                'read accordingly);') in page
        assert '"the regulator" has the meaning given by section 36;' in page
        assert '"Minister of the Crown" has the same meaning as in the Ministers of the Crown Act 1975;' in page


def test_legislation_schedule_paragraph_number_opens_its_first_sub_paragraph(wild_document):
    # CSWA 2017 Schedule 1 on p. 46 (seen rendered): "2" in the margin, then "(1) Section 25 (use of
    # accommodation …" on the same line, its next line hanging under "Section". The tree tags the
    # "2" as an item of its own whose body is only the list of sub-paragraphs.
    for reading in _both_readings(wild_document, CSWA2017):
        document = reading.values[0]
        paragraph = next(block for block in on_page(document, "46") if block.number == "2")
        assert fold(paragraph.text) == ("(1) Section 25 (use of accommodation in England for restricting liberty of "
                                        "children looked after by English and Welsh local authorities)—")
        assert "2" not in [fold(block.text) for block in on_page(document, "46")]


def test_legislation_lettered_items_with_inserted_brackets_are_items_not_a_table(wild_document):
    # CA 2004 s. 11(1) on p. 16 (seen rendered): "(a) a [local authority] in England;" … "[(ba) [NHS
    # England];]" … "(j) a local probation board …": the brackets and markers stand in columns of
    # their own, which once made the list an unruled table of three columns.
    for reading in _both_readings(wild_document, CA2004):
        document = reading.values[0]
        assert not [block for block in on_page(document, "16") if block.kind is BlockKind.TABLE_ROW]
        items = dict(_items_of(document, "16"))
        assert items["(a)"] == "a [local authority] in England;"
        assert items["(bb)"] == "[an integrated care board;]"
        assert items["(d)"] == ("a Special Health Authority, so far as exercising functions in relation to England, "
                                "designated by order made by the Secretary of State for the purposes of this section;")
        assert items["(j)"] == "a local probation board for an area in England;"


_REPEALS_PAGE_88 = [
    ("Children Act 1989 (c. 41)", "In Schedule 2, paragraph 1A."),
    ("Education Act 1996 (c. 56)", "Section 527A."),
    ("Education Act 1997 (c. 44)", "Section 9."),
    ("School Standards and Framework Act 1998 (c. 31)",
     'Section 2. Sections 6 and 7. Sections 26 to 26B. In section 27(2), the words "section 26,". Section '
     '119(5)(b) and the preceding "and". Sections 120 and 121. In Schedule 6— (a) paragraph 3(4)(b) and the '
     'preceding "and"; (b) paragraph 8(4). In Schedule 30, paragraph 144.'),
    ("Learning and Skills Act 2000 (c. 21)",
     "In Schedule 7— (a) paragraph 35(2)(b); (b) paragraph 42(2)(a). In Schedule 9, paragraphs 80 and 81."),
    ("Adoption and Children Act 2002 (c. 38)", "Section 5."),
    ("Education Act 2002 (c. 32)",
     'In section 150— (a) subsections (2) to (4); (b) in subsection (5), the words from "and early years '
     'development plans" to "childcare plans"".'),
]


def test_legislation_repeals_table_reads_row_by_row(wild_document):
    # CA 2004 Schedule 5 Part 1 on p. 88 (seen rendered): "Short title and chapter" beside "Extent of
    # repeal", no rules; "School Standards and Framework Act 1998 / (c. 31)" wraps in its cell, close to
    # the second column, which once left the untagged reading with loose lines.
    for reading in _both_readings(wild_document, CA2004):
        document = reading.values[0]
        assert rows_after(document, "Short title and chapter", 1) == [("Short title and chapter", "Extent of repeal")]
        assert rows_after(document, "Children Act 1989 (c. 41)", 5) == _REPEALS_PAGE_88[:5]


@reader_fault("untagged: 'Adoption and Children Act 2002 (c. 38)' nearly fills its column, so 'Education Act 2002 "
              "(c. 32)' on the next line reads as its wrapped words and the two rows are one")
def test_legislation_repeals_table_row_whose_title_nearly_fills_its_column(wild_document):
    # CA 2004 p. 88 (seen rendered): two rows, each title on one line, "Section 5." beside the first.
    untagged = _both_readings(wild_document, CA2004)[1].values[0]
    assert rows_after(untagged, "Children Act 1989 (c. 41)", 7) == _REPEALS_PAGE_88


def test_legislation_repeals_table_whose_titles_fill_their_cells(wild_document):
    # CA 2004 Schedule 5 Part 5 on p. 90 (seen rendered): "Children and Young Persons Act 1933 (c. 12)"
    # fills its cell to 8 pt from the second column, and "Police and Criminal Evidence Act 1984 / (c. 60)"
    # wraps beside "In section 63B(10), in the definition of / “appropriate adult”, …". The untagged reading
    # once read the table as loose lines.
    for reading in _both_readings(wild_document, CA2004):
        rows = [tuple(fold(cell) for cell in block.cells) for block in on_page(reading.values[0], "90")
                if block.kind is BlockKind.TABLE_ROW][:8]
        assert [row[0] for row in rows] == [
            "Short title and chapter", "Children and Young Persons Act 1933 (c. 12)",
            "Children and Young Persons Act 1963 (c. 37)", "Local Authority Social Services Act 1970 (c. 42)",
            "Local Government Act 1972 (c. 70)", "Mental Health Act 1983 (c. 20)",
            "Police and Criminal Evidence Act 1984 (c. 60)", "Local Government and Housing Act 1989 (c. 42)"]
        assert rows[1][1] == 'In section 96(7), the words from "Subject to" to "that committee)".'
        assert rows[2][1].startswith('In section 56(2)— (a) the words "and subsection (1) of section 3')
        assert [row[1] for row in rows[3:5]] == ["Sections 2 to 5.", "Section 101(9)(f)."]
        assert rows[6][1] == ('In section 63B(10), in the definition of "appropriate adult", the words "social services '
                              'department".')


def test_autism_handbook_wingdings_bullets_on_page_86_are_list_items(wild_document):
    # p. 86 (seen rendered): "DO" and four square bullets, "DON'T" and one. The bullets are Wingdings
    # squares that this copy decodes as the letter "n": they read as text, "n make time for them …
    # n talk to them …", one paragraph, with its tags or without.
    for reading in _both_readings(wild_document, AUTISM):
        items = _items_of(reading.values[0], "86")
        assert [text for _, text in items] == [
            "make time for them whenever you can – try to do some activities with just them",
            "talk to them about what's going on and ask if they have any questions or worries",
            "let them have time on their own or with their friends – for example, sleepovers at friends' houses",
            "check the advice from Sibs, a charity for siblings of disabled children www.sibs.org.uk or the Kent "
            "young carers website www.imago.community/Children-and-young-people/kent-young-carers",
            "exclude them in things like meetings with health professionals – it can help them understand "
            "what's going on.",
        ]
        assert {marker for marker, _ in items} == {"•"}


ANNEX_A = "childrens-homes-annex-a-2025.pdf"


def test_annex_a_first_table_rows_on_page_1(wild_document):
    document = wild_document(ANNEX_A)
    rows = rows_after(document, "No.", 5)
    assert rows[0] == ("No.", "Item", "Answer")
    assert [row[:2] for row in rows[1:]] == [
        ("1", "Name of children's home:"),
        ("2", "Unique reference number (URN) of children's home:"),
        ("3", "Name of person completing this form:"),
        ("4", "Date completed:"),
    ]


def test_annex_a_section_1_table_rows_in_page_order_with_one_header(wild_document):
    # The table runs from p. 1 to p. 2, its two header rows printed again at the top of p. 2 (seen rendered);
    # Word tags each repeat right after the row it repeats.
    for reading in _both_readings(wild_document, ANNEX_A):
        rows = [block for block in reading.values[0].blocks if block.kind is BlockKind.TABLE_ROW]
        start = next(i for i, row in enumerate(rows) if fold(row.text) == "Section 1: Information about children")
        first_cells = [fold(row.cells[0]) for row in rows[start:start + 21]]
        assert first_cells == ["Section 1: Information about children", "No.", "5", "6a", "6b", "6c", "7", "8a", "8b",
                               "9a", "9b", "10", "11", "12", "13", "14a", "14b", "15a", "15b", "D1", "D2"]


def test_annex_a_footnotes_below_the_table_are_footnotes(wild_document):
    # Footnotes 1-9 print below the tables of pp. 2, 6 and 7 (seen rendered), a point under the body
    # (10 on 11 pt) and under Word's separator; Word tags each Note inside the cell carrying its marker.
    for reading in _both_readings(wild_document, ANNEX_A):
        _annex_a_footnotes(reading.values[0])


def _annex_a_footnotes(document) -> None:
    assert {str(n) for n in range(1, 12)} <= {block.number for block in document.footnotes}
    note = next(block for block in document.footnotes if block.number == "1")
    assert fold(note.text).startswith("Child criminal exploitation is more commonly known as 'county lines'.")
    assert document.labels(note) == ("2",)
    row = rows_after(document, "12", 1)[0]
    assert row[1] == ("Number of children currently resident who you consider to be at risk of child criminal "
                      "exploitation")


def test_annex_a_footnotes_10_and_11_on_page_8(wild_document):
    document = wild_document(ANNEX_A)
    notes = {block.number: block for block in document.footnotes}
    assert fold(notes["10"].text) == "PEP: personal education plan; EHCP: education, health and care plan."
    assert fold(notes["11"].text).startswith(
        "The question 'If the child has no education, training or employment: date this started' refers to the last "
        "date the child received any education or training")
    assert document.labels(notes["10"]) == document.labels(notes["11"]) == ("8",)


def _rows_on(document, label: str) -> list[tuple[str, ...]]:
    return [tuple(fold(cell) for cell in block.cells) for block in on_page(document, label)
            if block.kind is BlockKind.TABLE_ROW]


_CALL_OUTS_HEADER = ("Child's initials", "Date of police call-out", "Was the child arrested? (Yes/No/Not yet known)",
                     "Was the child convicted? (Yes/No/Not applicable/Not yet known)")


def test_annex_a_ruled_forms_the_tags_leave_as_paragraphs_read_as_their_grid(wild_document):
    # pp. 4 and 5 (seen rendered): ruled tables whose every cell Word tags as a plain P, with no Table
    # element; a row spanning the table (the section title, the question) is one merged cell, and the
    # empty answer rows print nothing. Read by the tags, every cell was a paragraph of its own.
    for reading in _both_readings(wild_document, ANNEX_A):
        document = reading.values[0]
        assert _rows_on(document, "4") == [
            ("Section 5: Missing episodes and return-home interviews offered since the last inspection",),
            (("25. Please include all children who have gone missing at any point since the last full inspection, "
              "with one child on each row."),),
            ("Child's initials", "Name of placing local authority", "Number of episodes of going missing",
             "Number of these episodes where a return-home interview was offered by the local authority"),
        ]
        rows = _rows_on(document, "5")
        assert rows[0] == ("Section 6: Information on police call-outs to manage behaviour",)
        assert rows[2:] == [
            ("26. Police call-outs to manage behaviour since the last full inspection",), _CALL_OUTS_HEADER,
            (("27. Update on police call-outs to manage behaviour reported at the previous full inspection, where "
              "the outcome was 'Not yet known'."),), _CALL_OUTS_HEADER,
        ]


def test_annex_a_header_rows_repeated_on_page_7_are_read_once(wild_document):
    # The Section 7 table runs from p. 6 to p. 7, its two header rows printed again at the top of p. 7
    # (seen rendered); Word tags the repeats as rows of their own.
    for reading in _both_readings(wild_document, ANNEX_A):
        document = reading.values[0]
        assert _rows_on(document, "6")[:3] == [
            ("Section 7: Staffing and other information",), ("No.", "Item", "Answer"),
            ("28.1", "Does the registered manager hold the level 5 diploma or equivalent (answer 'yes' or 'no')?",
             "Yes/No")]
        assert [row[0] for row in _rows_on(document, "7")[:2]] == ["32.2", "33"]


def test_annex_a_guidance_section_headings(wild_document):
    document = wild_document(ANNEX_A)
    assert children_of(document, "Guidance")[:4] == [
        ("Diploma level 4/diploma level 5 or equivalent", "18"), ("Regulation 32/diploma level 3", "18"),
        ("Staff", "18"), ("Instructions: counting staff", "19")]
    assert children_of(document, "Staff") == [
        ("Agency/other staff in a care role", "18"), ("Part-time staff in a care role", "18"),
        ("Permanent staff in a care role", "19")]


def test_annex_a_back_cover_is_not_body_text(wild_document):
    document = wild_document(ANNEX_A)
    assert on_page(document, "25") == []
    assert any("© Crown copyright 2025" in fold(block.text) for block in document.back_matter)


# --- era-adoption-statutory-guidance-2013.pdf (PDFMaker 10.1 for Word, July 2013) -----------------------------

ADOPTION = "era-adoption-statutory-guidance-2013.pdf"


def test_adoption_first_level_is_the_contents_page(wild_document):
    # PDFMaker 10 tagged the chapter headings by their Word styles' names ("Lvl 2 bullet" -> P, "Heading 2"
    # -> H2), so chapters 3, 4, 5, 7-11 read as paragraphs and 'Reports to the adoption panel' (p. 72)
    # took their place; all are printed alike, 18 pt blue bold, as the contents page lists them.
    document = wild_document(ADOPTION)
    assert top_sections(document) == [
        ("Summary", "3"), ("Foreword by Edward Timpson MP", "5"), ("Introduction", "7"),
        ("Chapter 1: Adoption agency arrangements", "14"),
        ("Chapter 2: Considering and deciding whether a child should be placed for adoption", "32"),
        ("Chapter 3 Preparing, assessing and approving prospective adopters", "59"),
        ("Chapter 4: Matching and proposing a placement", "82"),
        ("Chapter 5: Placement and Reviews", "93"),
        ("Chapter 6: Safeguarding and permitting access to adoption records", "109"),
        ("Chapter 7: Contact", "118"),
        ("Chapter 8: Adoption Agency and Local Authority Responsibilities in Court proceedings", "127"),
        ("Chapter 9: Adoption Support Services", "163"),
        ("Chapter 10: Intermediary services and access to information in pre-commencement adoptions "
         "(pre-30 December 2005)", "185"),
        ("Chapter 11: Access to information in post-commencement adoptions (post 30 December 2005)", "206"),
        ("Chapter 12: Post adoption counselling and Adopted Children and Adoption Contact Registers", "224"),
        ("Chapter 13 Inter-country adoption", "228"),
        ("Annex A: Offences and penalties under the Act and regulations", "229"),
        ("Further sources of information", "243"),
    ]


def test_adoption_summary_sub_headings(wild_document):
    document = wild_document(ADOPTION)
    assert children_of(document, "Summary") == [
        ("About this guidance", "3"), ("Expiry or review date", "3"),
        ("What legislation does this guidance refer to?", "3"),
        ("Changes to the previous version of the adoption guidance", "3"),
        ("Cancellation of statutory guidance and circulars", "4")]


def test_adoption_foreword_set_at_wider_line_spacing_reads_as_its_paragraphs(wild_document):
    # p. 5 (seen rendered): the foreword is set at a wider line spacing than the rest of the guide,
    # with a blank line between its paragraphs. By geometry every line was a paragraph of its own.
    for reading in _both_readings(wild_document, ADOPTION):
        paragraphs = [fold(block.text) for block in on_page(reading.values[0], "5")
                      if block.kind is BlockKind.PARAGRAPH]
        assert paragraphs[0].startswith("I grew up with many foster children and adopted siblings and I saw first-hand")
        assert paragraphs[0].endswith("for one of the most important tasks, that of adopting a child.")
        assert paragraphs[1].startswith("The Government published 'An Action Plan for Adoption: Tackling Delay' in "
                                        "March 2012.")
        assert paragraphs[1].endswith("mark an important milestone in delivering the Action Plan.")
        assert paragraphs[2].startswith("Re-structuring the approvals process is not the only thing we have done.")


def test_adoption_footnote_1_on_page_7(wild_document):
    # p. 7 (seen rendered): under a short rule at the page's left edge (the guide's numbered paragraphs
    # hang their text further right), a raised "1" and the note. By geometry it was body text.
    for reading in _both_readings(wild_document, ADOPTION):
        document = reading.values[0]
        note = next(block for block in document.footnotes if block.number == "1")
        assert fold(note.text) == ("Selwyn, J., Sturgess, W., Quinton, D., and Baxter, K. (2006) Costs and outcomes "
                                   "of non-infant adoptions, London BAAF.")
        assert document.labels(note) == ("7",)
        assert not any(fold(block.text) == "1" for block in on_page(document, "7"))


def test_adoption_chapter_numbered_paragraphs_run_without_gaps(wild_document):
    document = wild_document(ADOPTION)
    numbers = dotted_numbers(document)
    assert runs_without_gaps(numbers)
    assert numbers[0] == (1, 1) and (2, 94) in numbers and (3, 1) in numbers and numbers[-1][0] == 12
    assert document.labels(document.paragraph("3.1")) == ("59",)


@reader_fault("the note '1. Publicly funded legal advice may be available from the Community Legal Service.' below "
              "the form on p. 57 (marker '1' after 'signing this form') is read as numbered paragraph 1")
def test_adoption_a_form_footnote_is_not_paragraph_1(wild_document):
    document = wild_document(ADOPTION)
    assert all(re.fullmatch(r"\d+\.\d+", block.number) for block in document.numbered_paragraphs())


def test_adoption_footnote_2_on_page_39(wild_document):
    document = wild_document(ADOPTION)
    notes = {block.number: block for block in document.footnotes}
    assert "2" in notes, f"footnotes found: {sorted(notes, key=str)}"
    note = notes["2"]
    assert fold(note.text) == ("Neil, E., Young, Julie., Cossar, J., Jones, C. and Lorgelly, P. (2010) Supporting "
                               "direct contact after adoption, Adoption Research Initiative study.")
    assert document.labels(note) == ("39",)
    paragraph = document.paragraph("2.32")
    ref = next(ref for ref in paragraph.footnote_refs if ref.label == "2")
    assert paragraph.text[:ref.offset].endswith("or drug or alcohol misuse")


@reader_fault("p. 59: the chapter's opening sentence ('This part of the guidance explains…') is read as a bulleted "
              "list item though no bullet is printed (PDFMaker tagged its paragraph LI)")
def test_adoption_chapter_3_opening_is_a_paragraph_and_its_sub_headings_are_headings(wild_document):
    document = wild_document(ADOPTION)
    opening = starting(document, "This part of the guidance explains the duties of an adoption agency in respect of "
                                 "prospective adopters")
    assert opening.kind is BlockKind.PARAGRAPH
    assert in_order([("Eligibility to Adopt", "59"), ("Establishing Domicile and Habitual Residence Status", "59")],
                    all_headings(document))


def test_adoption_headings_tagged_by_list_style_names_read_as_printed(wild_document):
    # Seen rendered: p. 59 prints "Chapter 3 Preparing, assessing and approving prospective adopters" in the
    # chapters' 18 pt blue bold and "Establishing Domicile and Habitual Residence Status" in the sections'
    # 16 pt; p. 153 prints "Part 1" and "Health" in 12 pt bold over their paragraphs, under "Section B -
    # Information about the child and birth family" (16 pt, like "Section A"). PDFMaker tagged them P by
    # their Word styles' names ("Lvl 2 bullet", "List Bullet 4"), and tagged H2 the form's item "(b) any
    # prospective adopters who may be chosen by the agency." (p. 56, body type) and "The steps are:"
    # (p. 229, body type, before its list). Both readings give the printed headings and levels.
    for reading in _both_readings(wild_document, ADOPTION):
        document = reading.values[0]
        headings = all_headings(document)
        assert in_order([("Chapter 3 Preparing, assessing and approving prospective adopters", "59"),
                         ("Eligibility to Adopt", "59"), ("Establishing Domicile and Habitual Residence Status", "59"),
                         ("Recruitment", "60")], headings)
        assert children_of(document, "Section B - Information about the child and birth family")[:2] == [
            ("Part 1", "153"), ("Health", "153")]
        assert ("Section A – The report and Matters for the Proceedings", "153") in children_of(document,
                                                                                               "Reports to court")
        assert not any(title.startswith(("(b) any prospective", "The steps are")) for title, _ in headings)


@pytest.mark.parametrize("name", ["pocket-tos-2024-old.chromium.pdf", "firefox-pn-2025-old.chromium.pdf"])
def test_a_tree_written_in_word_style_names_reads_the_headings_its_type_prints(name):
    """The adoption guidance's class, on files that rule was not written from: Chromium prints whose
    headings are set in their own type (pocket p. 2 seen rendered: "The Pocket Service", "License Grant"
    in large bold), their trees rewritten as PDFMaker writes them, every role a Word style name through
    /RoleMap and every second heading in a list style that the map sends to P. The heading tree is the
    printed one still; read by the tags alone, half the headings were paragraphs."""
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.structure import build_tree
    from guidediff.testing.variants import with_style_name_roles
    from tests.conftest import prose_pdf_path

    data = prose_pdf_path(name).read_bytes()

    def headings(document):
        return [(section.level, section.heading) for section in build_tree(document).walk()
                if section.heading_block is not None]

    original = read_pdf_bytes(data, name)
    assert len(headings(original)) > 20
    assert headings(read_pdf_bytes(with_style_name_roles(data), name)) == headings(original)


def test_adoption_eligibility_list_on_page_59(wild_document):
    document = wild_document(ADOPTION)
    items = list_items_after(document, "An individual or couple cannot apply for an assessment")
    assert items[0] == "the prospective adopter(s) is at least 21 years old;"
    assert items[2] == ("neither prospective adopter(s) nor an adult member of their household has been convicted "
                        "or cautioned in respect of a specified offence.")
    assert len(items) == 3


def test_adoption_referral_table_rows_1_2_5_6(wild_document):
    document = wild_document(ADOPTION)
    rows = [block for block in document.blocks if block.kind is BlockKind.TABLE_ROW]
    by_number = {fold(row.cells[0]): tuple(fold(cell) for cell in row.cells) for row in rows
                 if row.cells and re.fullmatch(r"[1-6]\.", fold(row.cells[0])) and document.labels(row)[0] in ("49", "50")}
    assert by_number["5."] == ("5.", "Care proceedings in progress", "No", "Yes", "Placement order")
    assert by_number["2."][2:] == ("Yes", "No", "Parental consent")
    assert by_number["6."][1] == ("Care order made and birth parent has indicated that they will not give consent to "
                                  "their child being placed for adoption")


def test_adoption_referral_table_header_keeps_decision_maker(wild_document):
    """p. 49: the header prints 'decision-' / 'maker' in a narrow cell: one word, 'decision-maker'."""
    document = wild_document(ADOPTION)
    assert rows_after(document, "Circumstances", 1)[0][2] == (
        "Refer direct to decision-maker without referral to adoption panel")


@reader_fault("pp. 49-50: table row 3 runs over the page break and is read as three rows (its two halves and the "
              "merged note cell)")
def test_adoption_referral_table_row_3_is_one_row_across_the_page_break(wild_document):
    document = wild_document(ADOPTION)
    rows = rows_after(document, "Circumstances", 8)
    assert [row[0] for row in rows[1:7]] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert rows[3][1] == ("Care Order made and the birth parent has indicated they will consent to their child being "
                          "placed for adoption, but the agency considers there is a possibility that the birth parent "
                          "will change their mind and not give their consent")


# --- era-ca1989-vol3-transitions-2010.pdf (PDFMaker 24) --------------------------------------------------------

CA1989 = "era-ca1989-vol3-transitions-2010.pdf"


def test_ca1989_vol3_first_level_is_the_contents_page(wild_document):
    document = wild_document(CA1989)
    assert top_sections(document) == [
        ("Preface", "5"), ("Chapter 1: Introduction and summary", "7"), ("Chapter 2: The legal framework", "10"),
        ("Chapter 3: Pathway planning and personal advisers", "18"), ("Chapter 4: Care leavers aged 18-24", "33"),
        ("Chapter 5: Education, training and employment", "43"),
        ("Chapter 6: Care leavers who require additional specialist support", "46"),
        ("Chapter 7: Planning and arranging suitable accommodation for the transition to independent living", "57"),
        ("Chapter 8: Finance matters", "75"), ("Chapter 9: Representations and complaints", "85"),
        ("Appendix A", "88"), ("Appendix B", "93"), ("Appendix C", "96"), ("Appendix D", "97"), ("Appendix E", "101"),
        ("Appendix F", "105"), ("Care Leavers (England) Regulations 2010", "107"),
        ("The Children Act 1989 (Higher Education Bursary) (England) Regulations 2009", "117"),
        ("Acknowledgements", "120"),
        ("References and resources to support looked after children's transition to adulthood", "121"),
    ]
    assert children_of(document, "Chapter 1: Introduction and summary") == [
        ("Context", "8"), ("The Children and Young Persons Act 2008", "8"), ("Principles for transition", "9")]
    assert children_of(document, "Chapter 6: Care leavers who require additional specialist support") == [
        ("(a) Disabled young people making the transition to adult services", "46"),
        ("(b) Unaccompanied asylum seeking children (UASC)", "50"),
        ("(c) Care leavers in the youth justice system", "52")]


@reader_fault("p. 51: the indented numbered list 1.-4. inside paragraph 6.24 (outcomes of an asylum claim) is read "
              "as numbered paragraphs 1-4, breaking the paragraph numbering 6.24 -> 6.25 (likewise 7.1 on p. 57)")
def test_ca1989_vol3_numbered_list_inside_a_paragraph_is_a_list(wild_document):
    document = wild_document(CA1989)
    paragraph_numbers = [block.number for block in document.numbered_paragraphs() if document.labels(block)[0] == "51"]
    assert paragraph_numbers == ["6.22", "6.23", "6.24", "6.25"]
    items = list_items_after(document, "Possible outcomes of the asylum claim:")
    assert items[0] == "Granted Refugee Status (i.e. granted asylum). Leave to remain for five years."
    assert items[3] == ("Refused asylum with no grant of leave. In this case the UASC must return to his/her "
                        "country of origin.")


def test_ca1989_vol3_footnotes_1_and_2_on_page_7(wild_document):
    document = wild_document(CA1989)
    notes = [block for block in document.footnotes if document.labels(block) == ("7",)]
    assert [note.number for note in notes] == ["1", "2"]


# --- era-childrens-homes-regs-guide-2015.pdf (PDFMaker 10.0, no bookmarks) --------------------------------------

CHR2015 = "era-childrens-homes-regs-guide-2015.pdf"


def test_childrens_homes_guide_first_level_is_the_contents_page(wild_document):
    document = wild_document(CHR2015)
    assert top_sections(document) == [
        ("Introduction", "4"), ("The Quality Standards", "10"), ("Management and administrative regulations", "60"),
        ("Explanation of terms", "67"), ("ANNEX A –Qualifications for staff working in children's homes", "68"),
        ("ANNEX B –Additional information for secure children's homes", "72")]
    assert children_of(document, "Management and administrative regulations")[:2] == [
        ("Guidance on Chapter 3 of the Regulations – Registered persons", "60"),
        ("Guidance on Chapter 4 of the Regulations – Staffing", "61")]


def test_childrens_homes_guide_paragraph_numbers_as_printed_on_page_61(wild_document):
    document = wild_document(CHR2015)
    # p. 61 itself goes from 13.6 to 14.2: there is no 14.1 on the page.
    numbers = [block.number for block in document.numbered_paragraphs() if document.labels(block)[0] == "61"]
    assert numbers == ["13.1", "13.2", "13.3", "13.4", "13.5", "13.6", "14.2"]


def test_childrens_homes_guide_key_settings_list_on_page_4(wild_document):
    document = wild_document(CHR2015)
    assert list_items_after(document, "Key settings subject to the Regulations are:") == [
        "Children's homes;", "Children's homes that provide short break care;", "Secure children's homes; and",
        "Residential special schools or boarding schools who accommodate children for more than 295 days per year."]


def test_childrens_homes_guide_footnotes_1_and_5(wild_document):
    document = wild_document(CHR2015)
    notes = {block.number: block for block in document.footnotes}
    assert {"1", "5"} <= set(notes), f"footnotes found: {sorted(notes, key=str)}"
    assert fold(notes["1"].text) == ("The term 'home' or 'homes' is used in the widest sense and includes, but is "
                                     "not limited to, those working in the children's home, and the organisation "
                                     "who runs the children's home.")
    assert document.labels(notes["1"]) == ("4",)
    assert fold(notes["5"].text) == ("2006 c.41. Section 1 of the National Health Service Act 2006 was substituted "
                                     "by section 1 of the Health and Social Care Act 2012 (c.7).")
    assert document.labels(notes["5"]) == ("13",)


# --- era-iro-handbook-2010-dcsf.pdf (InDesign CS4, DCSF 2010) ----------------------------------------------------

IRO = "era-iro-handbook-2010-dcsf.pdf"


def test_iro_handbook_numbered_paragraphs_set_after_a_tab_are_whole_on_page_19(wild_document):
    # printed p. 19 (file page 20, seen rendered): "3.33" then a tab, the text hanging under its first word, to 3.37. InDesign
    # writes the tab and a space as blank spans; read by geometry, each paragraph lost its first line.
    for reading in _both_readings(wild_document, IRO):
        document = reading.values[0]
        numbered = {block.number: fold(block.text) for block in on_page(document, "19") if block.number}
        assert numbered["3.33"].startswith("The IRO is required to speak with the child in private prior to the "
                                           "first review and before every subsequent review [regulation 36].")
        assert numbered["3.34"].startswith("There may be some cases where a formal pre-meeting is not always "
                                           "necessary, for example in circumstances")
        assert not [block for block in on_page(document, "19") if not block.number and block.kind is BlockKind.PARAGRAPH
                    and fold(block.text).startswith(("before every subsequent review", "for example in circumstances"))]


def test_iro_handbook_headings_carry_no_layout_marks(wild_document):
    """InDesign's frame headings end in a forced line break and a frame break, mapped to U+000A and U+FFFD."""
    document = wild_document(IRO)
    headings = [heading for heading, _ in all_headings(document)]
    assert ("Chapter 1. Introduction", "4") in all_headings(document)
    assert "References" in headings
    assert not any("\ufffd" in heading or "\n" in heading for heading in headings)


@reader_fault("p. 60's heading 'Annex 1. Overview of statutory framework for care planning' (over a turned diagram) "
              "is not read at all")
def test_iro_handbook_first_level_is_the_contents_page(wild_document):
    document = wild_document(IRO)
    assert top_sections(document) == [
        ("Chapter 1. Introduction", "4"), ("Chapter 2. An overview of the IRO role and functions", "9"),
        ("Chapter 3. IRO responsibilities in the care planning and review process", "13"),
        ("Chapter 4. Considerations for specific groups of children", "33"),
        ("Chapter 5. Planning transition to adulthood", "37"), ("Chapter 6. Dispute resolution and complaints", "43"),
        ("Chapter 7. Strategic and management responsibilities", "46"), ("Chapter 8. Cafcass", "53"),
        ("References", "57"), ("Annex 1. Overview of statutory framework for care planning", "60"),
        ("Annex 2. Overview of the care planning, placement and case review process", "61"),
        ("Annex 3: Key changes to the IRO role and function", "62"),
        ("Annex 4: Involving children with additional communication needs", "64"),
        ("Annex 5: Children in the youth justice system", "68"),
    ]


def test_iro_handbook_headings_broken_by_hand_are_one_heading(wild_document):
    # pp. 33 and 62 (seen rendered): "Chapter 4. Considerations" / "for specific groups of children" in the
    # chapters' large purple type, the second line's first word would have fitted on the first. By geometry
    # the two lines were two headings.
    for reading in _both_readings(wild_document, IRO):
        headings = all_headings(reading.values[0])
        assert ("Chapter 4. Considerations for specific groups of children", "33") in headings
        assert ("Annex 3: Key changes to the IRO role and function", "62") in headings
        assert not any(title.startswith("for specific groups") for title, _ in headings)


def test_iro_handbook_chapter_sections_and_printed_pages(wild_document):
    document = wild_document(IRO)
    # The running heads repeat the cover's subtitle on every page; only the cover keeps it.
    assert sum("Statutory guidance for independent reviewing officers and local authorities on their functions"
               in text for text in texts(document)) == 1
    assert [page.label for page in document.pages][1:5] == ["1", "2", "3", "4"]  # the cover prints no number
    chapter_2 = next(s for s in tree_of(document).children if s.heading.startswith("Chapter 2."))
    assert [(fold(c.heading), start_page(document, c)) for c in chapter_2.children] == [
        ("The care planning and review context", "9"), ("Core functions, tasks and responsibilities", "10"),
        ("Competences and qualifications", "11"), ("Independence", "12")]


def test_iro_handbook_chapter_numbered_paragraphs_run_without_gaps(wild_document):
    document = wild_document(IRO)
    numbers = dotted_numbers(document)
    assert runs_without_gaps(numbers)
    assert numbers[0] == (1, 1) and numbers[-1] == (8, 16)


def test_iro_handbook_list_items_on_page_4(wild_document):
    document = wild_document(IRO)
    assert list_items_after(document, "The guidance draws on models of best practice") == [
        "social workers;", "other children's services staff;", "professionals in other agencies;", "foster carers;",
        "the child; and", "parents and other relevant adults."]


def test_iro_handbook_annex_3_table_rows(wild_document):
    # (It was read one text line per row after its first row, as InDesign CS4 tags it: 'Section | IRO to
    # monitor the | …', '25B(1)(a) | local authority's | …'; the rows the page draws now decide.)
    document = wild_document(IRO)
    rows = rows_after(document, "Statutory provision", 3)
    assert rows[0] == ("Statutory provision", "Key change", "Rationale")
    assert rows[2] == (
        "Section 25B(1)(a) 1989 Act",
        "IRO to monitor the local authority's performance of its functions in relation to the child's case.",
        "This duty extends the IRO's monitoring role, which was previously confined to the authority's functions in "
        "respect of the review. The intention is to give the IRO a more effective independent oversight of the "
        "child's case and ensure that the child's interests are protected.")


def test_iro_handbook_back_cover_is_not_glued_to_the_last_paragraph(wild_document):
    document = wild_document(IRO)
    last = starting(document, "In the event that the child is re-accommodated on release the same IRO should resume")
    assert fold(last.text).endswith("resume his/her role for the child.")
    assert document.labels(last) == ("72",)
    assert not any("www.dcsf.gov.uk" in text for text in texts(document))


# --- iro-young-peoples-guide-2010.pdf (PDFMaker 9 / Distiller 9.4) ----------------------------------------------

YOUNG = "iro-young-peoples-guide-2010.pdf"


def test_young_peoples_guide_italic_text_is_read(wild_document):
    document = wild_document(YOUNG)
    everything = " ".join(texts(document))
    assert ("speak in private with each child before their review (unless this is inappropriate or you say that you "
            "do not want this).") in everything
    assert "Where there has been poor practice (that means decisions or actions that are not always best for you)," \
        in everything
    assert "What is this Guide about?" in everything


def test_young_peoples_guide_headings_of_pages_2_3_and_16(wild_document):
    document = wild_document(YOUNG)
    assert in_order([
        ('What the "Handbook" is for', "2"), ("What the law says", "3"), ("What should be happening", "3"),
        ("How plans should be made for you", "3"), ("Directors of Children's Services", "16"),
        ("Making it happen", "16"),
    ], all_headings(document))


def test_young_peoples_guide_bold_sentences_are_not_headings(wild_document):
    document = wild_document(YOUNG)
    headings = [heading for heading, _ in all_headings(document)]
    assert not any(heading.startswith("Changes the Government wants to see") for heading in headings)
    assert not any("make sure that everyone does what they are meant to" in heading for heading in headings)


def test_young_peoples_guide_list_on_page_3(wild_document):
    document = wild_document(YOUNG)
    assert list_items_after(document, "The Government has been concerned for some time that:") == [
        "IROs aren't doing enough to challenge local authorities that get it wrong",
        "Reviews do not encourage people to challenge when they are concerned that what is going on is not right "
        "for children",
        "Children's views are not taken seriously enough, and",
        "Reviews are sometimes not taking enough notice of what is in the child's care plan",
    ]


def test_young_peoples_guide_numbered_lines_on_page_2_are_four_items(wild_document):
    document = wild_document(YOUNG)
    items = list_items_after(document, 'This Guide will help you understand what the "Handbook" says about:')
    assert items == ["what should be happening at your reviews;", "how certain decisions should be made;",
                     "what IROs do; and", "what they, and you, can do if things aren't happening as they should be."]


# --- lscp-multiagency-pack-2025.pdf (Word 365 "Save as PDF") ------------------------------------------------------

LSCP = "lscp-multiagency-pack-2025.pdf"


def test_lscp_sections_and_appendices_with_printed_pages(wild_document):
    document = wild_document(LSCP)
    labelled = [(section.label, start_page(document, section)) for section in tree_of(document).children
                if section.label]
    assert labelled == [("Section 1", "3"), ("Section 2", "9"), ("Section 3", "20"), ("Section 4", "23"),
                        ("Section 5", "39"), ("Section 6", "40"), ("Appendix 1", "58"), ("Appendix 2", "67")]
    assert in_order([("Defining safeguarding", "3"), ("Key safeguarding principles", "4"),
                     ("Key safeguarding laws", "5"), ("Local Authority Designated Officer (LADO)", "37")],
                    all_headings(document))


def test_lscp_contents_pages_are_set_aside(wild_document):
    # pp. 1-2 (seen rendered): linked titles with page numbers at the right, no dot leaders. Word tags each
    # title and its number as two paragraphs; read by the tags, the pages were body text, a 'Contents'
    # section of list items and paragraphs '3', '4', '5' …
    for reading in _both_readings(wild_document, LSCP):
        document = reading.values[0]
        assert [page.label for page in document.pages if page.is_contents] == ["1", "2"]
        assert on_page(document, "1") == on_page(document, "2") == []


@reader_fault("the cover's two overlapping title texts are interleaved letter by letter: 'SLSCP afeguarMultiding "
              "Lagenceveyl 3 Training Information Pack'; the page shows 'LSCP Multiagency Safeguarding Level 3 "
              "Training Information Pack'")
def test_lscp_cover_title(wild_document):
    document = wild_document(LSCP)
    assert "LSCP Multiagency Safeguarding Level 3 Training Information Pack" in texts(document, on_page(document, "0"))


def test_lscp_wingdings_3_triangles_are_bullets_on_page_57(wild_document):
    # p. 57 (seen rendered): "Key statutory guidance:" and six links, each after a black triangle drawn in
    # Wingdings 3 (its "u", decoded as U+F075). Read by geometry the lines were headings; by the tags,
    # items whose text began with the private-use glyph.
    for reading in _both_readings(wild_document, LSCP):
        document = reading.values[0]
        items = [fold(block.text) for block in on_page(document, "57") if block.kind is BlockKind.LIST_ITEM]
        assert items[:2] == ["Working Together to Safeguard Children 2023", "Keeping Children Safe in Education 2024"]
        assert len(items) == 20 and items[-1] == "Family Hub Directory"


def test_lscp_section_6_heading_keeps_multi_agency(wild_document):
    document = wild_document(LSCP)
    assert ("Section 6: importance, challenges, duties and best practice in multi-agency working", "40") in \
        top_sections(document)


def test_lscp_defining_safeguarding_list_on_page_3(wild_document):
    document = wild_document(LSCP)
    items = list_items_after(document, "Safeguarding refers to the measures and practices put in place")
    assert items[0] == "Providing help and support to meet the needs of children as soon as problems emerge"
    assert items[4] == ("Promoting the upbringing of children with their birth parents, or otherwise their family "
                        "network through a kinship care arrangement, whenever possible and where this is in the best "
                        "interests of the children")
    assert len(items) == 6


def test_lscp_myth_and_truth_table_rows_on_page_3(wild_document):
    document = wild_document(LSCP)
    rows = [tuple(fold(cell) for cell in block.cells) for block in on_page(document, "3")
            if block.kind is BlockKind.TABLE_ROW]
    assert [row[0].split()[-2:] for row in rows] == [["The", "Myth"], ["The", "Truth"], ["The", "Myth"], ["The", "Truth"]]
    assert rows[0][1] == "Safeguarding is the sole responsibility of the local authority and social workers."
    assert rows[2][1] == "It's only child abuse when there is physical or sexual violence."


# --- missing-protocol-2022.pdf (Word 365) -------------------------------------------------------------------------

MISSING = "missing-protocol-2022.pdf"


def test_missing_protocol_sections_are_the_contents_page(wild_document):
    document = wild_document(MISSING)
    assert top_sections(document) == [
        ("Supporting Information", "4"),
        ("Key Processes for Preventing Children Going Missing and Responding If a Child Goes Missing", "8"),
        ("Key Agencies' Responsibilities", "13")]
    numbered = [(heading, page) for heading, page in all_headings(document) if re.match(r"\d+\. ", heading)]
    assert numbered == [
        ("1. BACKGROUND", "4"), ("2. KEY CONTACTS", "7"),
        ("3. OVERVIEW OF THE PROCESS FOR RESPONDING TO CHILDREN MISSING", "8"),
        ("4. MISSING IN SPECIFIC CIRCUMSTANCES", "9"), ("5. RETURNING FROM A MISSING EPISODE", "11"),
        ("6. POLICE RESPONSE", "13"), ("7. CHILDREN'S SOCIAL CARE RESPONSIBILITIES", "15"),
        ("8. CROSS BORDER ISSUES", "19"), ("9. Media releases during Missing Episodes", "20"),
        ("10. GOVERNANCE ARRANGEMENTS", "21")]
    assert children_of(document, "1. BACKGROUND")[:3] == [
        ("Introduction", "4"), ("Legislation and Context", "4"), ("Definitions – Explanation of Terms", "4")]


def test_missing_protocol_lists_on_page_22(wild_document):
    document = wild_document(MISSING)
    assert list_items_after(document, "That the offender has either:") == [
        "Taken the child;", "Kept such a child away from the responsible person; or",
        "Induced/assisted/incited such a child to run/stay away from the responsible person."]
    assert list_items_after(document, "Offence: A person not connected with the child is guilty of an offence") == [
        "So as to remove him from the lawful control of any person having lawful control of the child; or",
        "So as to keep him out of the lawful control of any person entitled to lawful control of the child."]


def test_missing_protocol_points_to_prove_is_not_glued_to_the_paragraph_before(wild_document):
    document = wild_document(MISSING)
    paragraph = starting(document, "Therefore, if the child is in the Care of the Local Authority")
    assert fold(paragraph.text).endswith("not the S2 Child Abduction Act 1984.")


def test_missing_protocol_page_footer_is_not_text(wild_document):
    document = wild_document(MISSING)
    assert not any(re.fullmatch(r"Page \d+", text) or re.search(r"\bPage \d+$", text) for text in texts(document))


# --- nscp-thresholds-2022.pdf (Word 365; prints no page numbers, so labels are the page positions) -------------

NSCP = "nscp-thresholds-2022.pdf"


def test_nscp_first_level_headings_with_pages(wild_document):
    document = wild_document(NSCP)
    assert top_sections(document) == [
        ("1. Introduction", "3"), ("2. Our approach to safety and support", "4"), ("3. Continuum of need", "8"),
        ("4. What to do if you are worried", "10"), ("5. Assessment of a child", "12"),
        ("6. Assessment of a child under the Children Act 1989", "13"), ("7. Statutory intervention", "14"),
        ("8. Sharing information", "15"), ("9. Recording information", "16"), ("10. Still worried?", "17"),
        ("11. Appendix 1: Levels of need: child and young people's developmental needs", "18"),
        ("12. Appendix 2: Section 47 and the duty to investigate", "21")]
    # The page prints "8.1 Consent" (p. 16), though the contents page says 8.2.
    assert children_of(document, "8. Sharing information") == [("8.1 Consent", "16")]


def test_nscp_levels_table_first_row_on_page_10(wild_document):
    document = wild_document(NSCP)
    row = rows_after(document, "1 Universal support", 1)[0]
    assert row == (
        "1 Universal support", "Children with no additional needs, whose needs are met by universal services.",
        "Health Visitors Family information service Family Hubs/libraries Schools and colleges CYP Public Health "
        "nurses Midwives GPs",
        "Children make good progress in most areas of development.",
        "Child, young person or family directed to relevant Universal services for advice/support. No assessment is "
        "required.")


@reader_fault("table header rows lose their cell boundaries: p. 10 'Level | Needs | Services | Outcome | Action' is "
              "read as two cells ('Level Needs Services Outcome', 'Action'), p. 15 'Myth | Fact' as one")
def test_nscp_table_header_cells(wild_document):
    document = wild_document(NSCP)
    rows = [tuple(fold(cell) for cell in block.cells) for block in document.blocks if block.kind is BlockKind.TABLE_ROW]
    assert ("Level", "Needs", "Services", "Outcome", "Action") in rows
    assert ("Myth", "Fact") in rows


def test_nscp_myth_busting_heading_is_not_glued_to_the_paragraph(wild_document):
    document = wild_document(NSCP)
    assert not any(text.startswith("Myth-busting guide to sharing information (Working Together 2018) information")
                   for text in texts(document))


@reader_fault("p. 9: the blue sub-heading '3.1 Diagram 1: Northamptonshire's continuum of need' (styled like '4.1 "
              "Criteria for action') is read as numbered paragraph 3.1")
def test_nscp_diagram_heading_is_a_heading(wild_document):
    document = wild_document(NSCP)
    assert ("3.1 Diagram 1: Northamptonshire's continuum of need", "9") in all_headings(document)


def test_nscp_consent_exceptions_list_on_page_16(wild_document):
    document = wild_document(NSCP)
    items = list_items_after(document, "While it is usually good practice to seek consent for making any referral")
    assert len(items) == 3
    assert items[1] == ("If it might undermine the investigation of a serious crime. This includes making a Child "
                        "Protection (CP) referral for a child who has made an allegation about a physical or sexual "
                        "assault by a parent or carer, or where a delay in getting consent may mean the child or "
                        "young person is put at further risk of harm.")


def test_nscp_footer_is_not_text(wild_document):
    document = wild_document(NSCP)
    assert not any("Revised NSCP Threshold Guidance" in text for text in texts(document))


# --- ofsted-early-years-handbook.pdf (GOV.UK page printed by Chrome) ---------------------------------------------

EARLY_YEARS = "ofsted-early-years-handbook.pdf"


def test_early_years_handbook_parts_with_printed_pages(wild_document):
    document = wild_document(EARLY_YEARS)
    parts = [(heading, page) for heading, page in all_headings(document) if heading.startswith("Part ")]
    assert parts == [
        ("Part 1. How we will inspect early years providers registered with Ofsted", "7"),
        ("Part 2. The evaluation schedule – how early years settings will be judged", "38"),
        ("Part 3. Applying the EIF in different contexts", "55")]


def test_early_years_handbook_paragraphs_1_to_256(wild_document):
    document = wild_document(EARLY_YEARS)
    numbers = [int(block.number) for block in document.numbered_paragraphs()]
    assert numbers[:256] == list(range(1, 257))
    assert document.labels(document.paragraph("18")) == ("7",)


def test_early_years_handbook_end_notes_are_footnotes(wild_document):
    document = wild_document(EARLY_YEARS)
    assert [int(block.number) for block in document.numbered_paragraphs()] == list(range(1, 257))
    assert not any("[footnote" in text for text in texts(document))


def test_early_years_handbook_browser_footer_is_not_text(wild_document):
    document = wild_document(EARLY_YEARS)
    assert not any("early-years-inspection-handbook-for-ofsted-registered-provision" in text
                   for text in texts(document))
    assert not any(re.search(r"\b\d+/66$", text) for text in texts(document))


def test_early_years_handbook_paragraph_18_keeps_its_link_address(wild_document):
    document = wild_document(EARLY_YEARS)
    assert fold(document.paragraph("18").text).endswith(
        "'Statutory framework for the EYFS' "
        "(https://www.gov.uk/government/publications/early-years-foundation-stage-framework--2).")


def test_early_years_handbook_contents_list_is_not_a_section(wild_document):
    document = wild_document(EARLY_YEARS)
    assert "Contents" not in [heading for heading, _ in all_headings(document)]


def test_issue_gov_uk_licence_page_is_back_matter_early_years_and_enforcement(wild_document):
    # p. 3 of both GOV.UK pages printed by Chrome holds only the OGL notice ("© Crown copyright 2024", the
    # licence, third-party copyright, "This publication is available at https://…"); the year changes with
    # every edition, so as body text it would be reported as a change.
    for name in (EARLY_YEARS, ENFORCEMENT):
        document = wild_document(name)
        assert not any("This publication is available at" in text for text in texts(document))
        assert [fold(block.text) for block in document.back_matter][:1] == ["© Crown copyright 2024"]
        assert document.labels(document.back_matter[0]) == ("3",)


def test_early_years_handbook_list_after_paragraph_17(wild_document):
    document = wild_document(EARLY_YEARS)
    assert list_items_after(document, "Inspectors do not require providers to:") == [
        "provide EYFS curriculum planning in any specific format for inspection",
        "prepare any performance and children-tracking information for Ofsted",
        "do additional work or to ask children to do work specifically for the inspection"]


def test_issue_gov_uk_end_note_2_belongs_to_paragraph_24_early_years(wild_document):
    # p. 8: paragraph 24 ends "…no longer meeting requirements.[footnote 2]" (a raised link); p. 65 prints the
    # notes as a numbered list below a rule, note 2 "Enforcement requires the provider to take action…".
    document = wild_document(EARLY_YEARS)
    paragraph = document.paragraph("24")
    assert fold(paragraph.text).endswith("if we find that they are no longer meeting requirements.")
    assert [ref.label for ref in paragraph.footnote_refs] == ["2"]
    notes = {block.number: block for block in document.footnotes}
    assert sorted(notes, key=int) == [str(n) for n in range(1, 17)]
    assert fold(notes["2"].text).startswith("Enforcement requires the provider to take action to remain compliant")
    assert document.labels(notes["2"]) == ("65",)


def test_issue_gov_uk_page_read_by_geometry_agrees_with_its_tags_early_years(wild_document):
    # The same PDF without its tag tree (a copy from another producer reads so): the contents list of
    # pp. 1-2 is still navigation and the notes of pp. 65-66 are still the 16 footnotes.
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import wild_pdf_path

    untagged = read_pdf_bytes(without_tags(wild_pdf_path(EARLY_YEARS).read_bytes()), "untagged.pdf")
    assert untagged.reading.startswith("geometry")
    assert [int(block.number) for block in untagged.numbered_paragraphs()] == list(range(1, 257))
    assert [block.number for block in untagged.footnotes] == [str(n) for n in range(1, 17)]
    assert not any(fold(block.text) == "Contents" for block in untagged.blocks)
    tagged = wild_document(EARLY_YEARS)
    assert [fold(block.text) for block in untagged.footnotes] == [fold(block.text) for block in tagged.footnotes]


def test_early_years_handbook_licence_footer_is_back_matter(wild_document):
    document = wild_document(EARLY_YEARS)
    assert any("© Crown copyright" in fold(block.text) for block in document.back_matter)


def test_early_years_handbook_licence_line_is_not_body_text(wild_document):
    document = wild_document(EARLY_YEARS)
    assert not any("All content is available under the" in text for text in texts(document))


# --- ofsted-social-care-enforcement-policy.pdf (GOV.UK page printed by Chrome) ------------------------------------

ENFORCEMENT = "ofsted-social-care-enforcement-policy.pdf"

ENFORCEMENT_SECTIONS = [
    ("Introduction", "4"), ("Purpose and principles of enforcement", "4"), ("Ofsted's powers of enforcement", "5"),
    ("Legislation and related guidance", "6"), ("How we respond to information we receive", "6"),
    ("Children's homes also registered by DfE as an independent school or approved by DfE as a non-maintained "
     "special school", "14"),
    ("Our enforcement actions: registered persons, providers, service managers and managers", "15"),
    ("Our enforcement actions: registered managers/service managers", "35"), ("Surveillance", "38"),
    ("Referrals to the DBS", "39"), ("Disqualification", "40"), ("Notices of proposal and decision", "44"),
    ("Written representations", "46"), ("Appeals", "48"), ("Prosecution", "51"),
    ("Unregistered social care providers", "56"), ("Print or save to PDF", "60"),
]


def test_enforcement_policy_sections_in_order_with_printed_pages(wild_document):
    document = wild_document(ENFORCEMENT)
    found = children_of(document, "Social care enforcement policy")
    assert in_order([item for item in ENFORCEMENT_SECTIONS if item[1] != "14"], found)


@reader_fault("p. 14: the large heading 'Children's homes also registered by DfE as an independent school or "
              "approved by DfE as a non-maintained special school' is read as a paragraph, so it is not a section")
def test_enforcement_policy_sections_are_the_contents_list(wild_document):
    document = wild_document(ENFORCEMENT)
    found = [item for item in children_of(document, "Social care enforcement policy")
             if item[0] not in ("Applies to England", "Contents")]
    assert found == ENFORCEMENT_SECTIONS


def test_enforcement_policy_print_instructions_list(wild_document):
    document = wild_document(ENFORCEMENT)
    assert list_items_after(document, "To print this content you can:") == [
        "use the 'Print this page' button under the Contents menu",
        "right-click or secondary click on the page and choose 'Print' in the menu",
        "press Ctrl + P on a Windows keyboard or Command + P on a Mac"]


def test_enforcement_policy_list_items_either_side_of_a_page_break_stay_two_items(wild_document):
    # pp. 4-5 (seen rendered): the last bullet of p. 4, "is agile and revises our approach as appropriate"
    # (no full stop, as all its items), then on p. 5 the bullet "secures compliance with the law …".
    # Chromium draws the bullets and tags each <li> once; read as one item cut by the page break, the two
    # were joined. (Read by geometry alone they are still joined: a drawn bullet is no text.)
    document = wild_document(ENFORCEMENT)
    item = starting(document, "is agile and revises our approach as appropriate")
    assert (item.kind, fold(item.text)) == (BlockKind.LIST_ITEM, "is agile and revises our approach as appropriate")
    following = document.blocks[document.blocks.index(item) + 1]
    assert (following.kind, fold(following.text)) == (
        BlockKind.LIST_ITEM, "secures compliance with the law and improves the quality of the setting")


def test_enforcement_policy_link_address_stays_in_its_paragraph(wild_document):
    document = wild_document(ENFORCEMENT)
    paragraph = starting(document, "We have a memorandum of understanding (MoU) with the Department for Education")
    assert fold(paragraph.text).endswith(
        "(https://www.gov.uk/government/publications/memorandum-of-understanding-between-ofsted-and-dfe-secure-"
        "childrens-homes).")


def test_enforcement_policy_licence_footer_is_back_matter(wild_document):
    document = wild_document(ENFORCEMENT)
    assert not any("All content is available under the" in text for text in texts(document))
    assert any("Open Government Licence" in fold(block.text) for block in document.back_matter)


# --- oxfordshire-threshold-2021.pdf (InDesign, untagged: the geometry path) --------------------------------------

OXFORDSHIRE = "oxfordshire-threshold-2021.pdf"


@pytest.mark.parametrize("engine", ["pypdf", "pdfium"])
def test_oxfordshire_bullets_under_lettered_items_are_one_item_each(engine):
    # p. 16 (seen rendered): "d) Hospitals Team … transfers to:" and six bullets under it. pypdf keeps
    # "•  Community" as one span where PDFium parts the bullet from its text; both read six items.
    pytest.importorskip("pypdfium2") if engine == "pdfium" else None
    from guidediff.pdf.reader import read_pdf
    from tests.conftest import wild_pdf_path

    document = read_pdf(wild_pdf_path(OXFORDSHIRE), engine=engine)
    page = [block for block in on_page(document, "16") if block.kind is BlockKind.LIST_ITEM]
    opening = next(index for index, block in enumerate(page) if block.marker == "d)")
    assert [(block.marker, fold(block.text)) for block in page[opening + 1:opening + 7]] == [
        ("•", "Community Early Help (LCSS)"), ("•", "Targeted Early Help"), ("•", "Family Solutions Plus Teams"),
        ("•", "Disability Teams"), ("•", "Youth Justice & Exploitation Team"), ("•", "Closed to services")]


def test_oxfordshire_first_level_headings_with_printed_pages(wild_document):
    document = wild_document(OXFORDSHIRE)
    assert document.reading.startswith("geometry")
    # The contents page (p. 2) says 40 and 41 for the last three; the pages print 39 and 40.
    assert top_sections(document) == [
        ("Welcome", "3"), ("Introduction", "4"), ("Early help", "5"), ("Safeguarding", "6"),
        ("Statutory requirements", "7"), ("Assessment framework", "8"), ("Child-centred assessment", "9"),
        ("The Threshold of Needs", "10"), ("Additional Guidance for Threshold Decision Makers", "14"),
        ("Oxfordshire's Threshold of Needs - Indicators", "18"), ("Tools and resources", "39"),
        ("Further information", "39"), ("Glossary", "40")]


@reader_fault("p. 4: the last line of the introduction ('Oxfordshire and aid in the safeguarding and protection of "
              "children.') is split off as a heading, and the six ▶ items are read as plain paragraphs")
def test_oxfordshire_introduction_paragraph_and_purpose_list(wild_document):
    document = wild_document(OXFORDSHIRE)
    paragraph = starting(document, "This document has been developed to provide guidance for children, families")
    assert fold(paragraph.text).endswith(
        "children and families in Oxfordshire and aid in the safeguarding and protection of children.")
    assert list_items_after(document, "THE PURPOSE OF THIS GUIDANCE IS TO:") == [
        "identify strengths, needs and risks for the whole family", "build on strengths",
        "identify multiple and cumulative risk factors", "suggest actions to manage difficulties and risks",
        "clarify circumstances in which children's services will assist and safeguard children",
        "provide a shared and common language"]


def test_oxfordshire_two_line_heading_is_one_heading(wild_document):
    """p. 11 prints one heading over two lines; its text frame is narrower than the document's widest pages,
    so "Team" did not fit on the first line (it was read as a heading of its own)."""
    document = wild_document(OXFORDSHIRE)
    assert [heading for heading, page in all_headings(document) if page == "11"] == [
        "Level 2 – Additional needs supported by Community EHA/TAFs & the LCSS Team"]


def test_oxfordshire_glossary_rows_on_page_40(wild_document):
    document = wild_document(OXFORDSHIRE)
    rows = rows_after(document, "TERM", 4)
    assert rows == [("TERM", "MEANING"), ("MASH", "Multi Agency Safeguarding Hub"), ("EHE", "Electively Home Educated"),
                    ("MISPER", "Missing Person Return Interview")]
    assert rows_after(document, "SEND", 1) == [("SEND", "Special Educational Needs and Disabilities")]


@reader_fault("p. 39: the tools table (shaded bands, no rules) is read partly as paragraphs with its two columns "
              "interleaved ('Tool for supporting and measuring change across a Outcome Star range of issues') and "
              "rows cut at a line ('record neglect')")
def test_oxfordshire_tools_table_rows_on_page_39(wild_document):
    document = wild_document(OXFORDSHIRE)
    rows = rows_after(document, "TOOLS", 5)
    assert rows == [
        ("TOOLS", "WILL HELP WITH"),
        ("Childcare Development Checklist (Neglect Toolkit)", "Assessing care of children and identifying neglect"),
        ("Graded Care Profile", "Assessing care of children and identifying neglect"),
        ("Outcome Star", "Tool for supporting and measuring change across a range of issues"),
        ("Neglect Practitioners Portal", "Supports practitioners to successfully identify and record neglect"),
    ]


def test_oxfordshire_running_head_is_not_text(wild_document):
    document = wild_document(OXFORDSHIRE)
    assert not any(text == "Oxfordshire's Threshold of Needs: Updated July 2021" for text in texts(document))


# --- threshold-of-needs.pdf (Word 365, a matrix of tables) ---------------------------------------------------------

THRESHOLD = "threshold-of-needs.pdf"


@reader_fault("p. 1: the cover title 'Threshold - Continuum of need matrix' is read as a heading 'Threshold', a "
              "paragraph '-' and a heading 'Continuum of need matrix', after the 'Introduction' printed below it")
def test_threshold_of_needs_title_comes_first_and_whole(wild_document):
    document = wild_document(THRESHOLD)
    assert top_sections(document)[0] == ("Threshold - Continuum of need matrix", "1")
    assert children_of(document, "Threshold - Continuum of need matrix")[0] == ("Introduction", "1")


def test_threshold_of_needs_health_table_on_page_2(wild_document):
    document = wild_document(THRESHOLD)
    assert rows_after(document, "HEALTH", 3)[:2] == [("HEALTH",), ("Level 1", "Level 2", "Level 3", "Level 4")]
    first = rows_after(document, "HEALTH", 3)[2]
    assert first[0] == ("The child appears healthy, and has access to and makes use of appropriate health and health "
                        "advice services")
    assert first[1] == ("The child rarely accesses appropriate health and health advice services, missing "
                        "immunisations.")
    assert len(first) == 4


def test_threshold_of_needs_biases_list_on_page_2(wild_document):
    document = wild_document(THRESHOLD)
    items = list_items_after(document, "There are many biases that can impact on work to safeguard")
    assert [item.split(" ")[0] for item in items] == ["Adultification", "Diffusion", "Source", "Confirmation"]
    # The page itself prints "• Risk aversion" inside the fourth item, not as an item of its own.
    assert "• Risk aversion - preference for certain/safer options over risky options" in items[3]


def test_threshold_of_needs_bold_sentence_is_not_a_heading(wild_document):
    document = wild_document(THRESHOLD)
    assert not any(heading.startswith("This document should be used in conjunction")
                   for heading, _ in all_headings(document))


# --- every wild PDF with a DfE or Ofsted back cover ---------------------------------------------------------------

@pytest.mark.parametrize("name, year", [
    (ADOPTION, "2013"), (CA1989, "2025"), (CHR2015, "2015"), (IRO, "2010"), (ANNEX_A, "2025")])
def test_back_cover_copyright_is_back_matter_not_body(wild_document, name, year):
    document = wild_document(name)
    assert any(fold(block.text) == f"© Crown copyright {year}" for block in document.back_matter)
    assert not any("© Crown copyright" in text for text in texts(document))


# --- every wild PDF: a page's printed number is never a paragraph -----------------------------------------------

WILD = [AUTISM, BEDFORD, CA2004, CSWA2017, ANNEX_A, ADOPTION, CA1989, CHR2015, IRO, YOUNG, LSCP, MISSING, NSCP,
        EARLY_YEARS, ENFORCEMENT, OXFORDSHIRE, THRESHOLD]


@pytest.mark.parametrize("name", WILD)
def test_printed_page_numbers_are_not_text(wild_document, name):
    document = wild_document(name)
    for block in document.blocks:
        number = re.sub(r"^page\s+", "", fold(block.text), flags=re.IGNORECASE)
        assert number not in document.labels(block), (name, document.labels(block), block.text)


def test_bedford_numbered_list_in_the_second_column_is_a_list(wild_document):
    # p. 16 (seen rendered): the right column's "1. Identifying Areas of Concern: …" to "4. Monitoring
    # and Reporting: …", set in from the column's edge; not paragraph numbers (the page's margin is
    # the left column's), and each item whole.
    for reading in _both_readings(wild_document, BEDFORD):
        items = [(marker, text) for marker, text in _items_of(reading.values[0], "16") if marker and marker[0].isdigit()]
        assert [marker for marker, _ in items][-4:] == ["1.", "2.", "3.", "4."]
        assert items[-4][1].startswith("Identifying Areas of Concern: The group will conduct a thorough assessment")
        assert items[-4][1].endswith("the negative impact it may have on the provision of care.")
        assert items[-1][1].endswith("providing ongoing insights and guidance for further reforms.")


def test_two_column_pages_read_by_geometry_are_columns_not_tables_bedford(wild_document):
    # Word's two-column layout without its tag tree (as another producer's copy reads): p. 7 sets
    # "INTRODUCTION" and its bulleted list in the left column and more bullets in the right, p. 9
    # running text in both (both pages seen rendered). The columns share baselines, so each page
    # once read as one table: every line a row "left text | right text".
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import wild_pdf_path

    untagged = read_pdf_bytes(without_tags(wild_pdf_path(BEDFORD).read_bytes()), "untagged.pdf")
    assert untagged.reading.startswith("geometry")
    for index in (6, 8):
        assert not [block for block in untagged.blocks if block.pages[0] == index and block.kind is BlockKind.TABLE_ROW]
    page_7 = [block for block in untagged.blocks if block.pages[0] == 6]
    assert any(fold(block.text).startswith("All children are placed in appropriate placements") for block in page_7)


# --- rules stroked as lines (Apache FOP, InDesign, Word's drawn boxes) --------------------------------------------

def test_legislation_changes_panel_a_box_inside_a_box_is_no_table(wild_document):
    # CA 2004 p. 92 (seen rendered): the "Changes to legislation" panel is a box, and the list of
    # "Changes and effects yet to be applied" a box drawn inside it, every side stroked as a line. Its
    # sides once read as the borders of a three-column table: the ten changes became one table cell.
    for reading in _both_readings(wild_document, CA2004):
        page = on_page(reading.values[0], "92")
        assert not [block for block in page if block.kind is BlockKind.TABLE_ROW and "Changes" in block.text]
        assert [text for _, text in _items_of(reading.values[0], "92")] == [
            "s. 11(1)(f) omitted by 2012 c. 7 Sch. 14 para. 97", "s. 13(3)(f) words omitted by 2012 c. 7 Sch. 14 para. 98",
            "s. 25(4)(f) substituted by 2022 asc 1 Sch. 4 para. 17(2)",
            "s. 28(1)(c) words omitted by 2012 c. 7 Sch. 14 para. 99",
            "s. 29(7)(b) substituted by 2022 asc 1 Sch. 4 para. 17(3)", "s. 32A inserted by 2010 c. 26 s. 9",
            "s. 39 repealed by 2006 c. 47 Sch. 10", "Sch. 1 para. 11 repealed by 2006 c. 47 Sch. 10",
            "Sch. 2 para. 6 repealed by 2006 c. 47 Sch. 10", "Sch. 2 para. 7 repealed by 2006 c. 47 Sch. 10"]


def test_iro_handbook_annex_3_rows_are_the_rows_the_page_draws(wild_document):
    # printed p. 62 (file page 63, seen rendered): four rows under "Statutory provision | Key change |
    # Rationale", ruled with stroked lines. InDesign CS4 tags each printed line as a row ("Section" /
    # "25B(1)(a)" / "1989 Act"); read by geometry, the rules were not seen, and a row ran into the next page's.
    for reading in _both_readings(wild_document, IRO):
        rows = [tuple(fold(cell) for cell in block.cells) for block in on_page(reading.values[0], "62")
                if block.kind is BlockKind.TABLE_ROW]
        assert [row[0] for row in rows[-4:]] == ["Section 25A(1) 1989 Act", "Section 25B(1)(a) 1989 Act",
                                                 "Section 25B(1)(c) 1989 Act", "Regulation 36(2) of the Regulations"]
        assert rows[-1][1:] == (
            "IROs have the authority to adjourn review meetings if they feel that the process would be unproductive.",
            "This new flexibility is meant to prevent the meeting becoming a 'tick box', exercise. So, for example the "
            "IRO might use this flexibility because there is a lack of key documentation or because the child has not "
            "been consulted about the purpose of the review.")


def test_ca1989_vol3_regulations_text_above_the_footnote_rule_is_body(wild_document):
    # p. 108 (seen rendered): the Care Leavers (England) Regulations 2010, then a short stroked rule
    # and the notes "(44)" and "(45)" under it. With the rule unseen, the notes' small type reached up
    # the page and the regulations' text was read as footnotes.
    for reading in _both_readings(wild_document, CA1989):
        page = on_page(reading.values[0], "108")
        cited = starting(reading.values[0], "— These Regulations may be cited as the Care Leavers", page)
        assert cited.kind is BlockKind.PARAGRAPH and cited.number == "1"
        assert fold(cited.text).endswith("and come into force on 1st April 2011.")


def test_bedford_table_28_on_page_48_reads_row_by_row(wild_document):
    # p. 48 (seen rendered): Table 28, "Avg distance from home in miles" for PR0-PR5 in 2022-2024, ruled.
    # Beside it on p. 47 a chart's gridlines are rules with no words between them; a grid read from
    # such rules, or from upright dividers with no rule across, once broke this table into loose figures.
    document = wild_document(BEDFORD)
    rows = [tuple(fold(cell) for cell in block.cells) for block in on_page(document, "48")
            if block.kind is BlockKind.TABLE_ROW]
    assert rows[1:4] == [("2022", "1", "17", "13", "34", "24", "11"), ("2023", "39", "13", "13", "124", "24", "n/a"),
                         ("2024", "10", "14", "45", "n/a", "28", "38")]


def test_ca1989_vol3_regulations_notes_in_brackets_under_a_rule_across_the_measure(wild_document):
    # pp. 108-109 (seen rendered): the regulations' notes are numbered in brackets, "(44) 1989 c.41. …",
    # level with their text, under a rule; on p. 109 the rule runs the width of the text and the notes
    # are tagged as a list. They were read as list items of the body (and, on p. 108, as more of
    # footnote 39 of p. 97).
    document = wild_document(CA1989)
    notes = {block.number: block for block in document.blocks if block.kind is BlockKind.FOOTNOTE}
    assert fold(notes["44"].text).startswith('1989 c.41. For the definition of "prescribed" see section 105(1).')
    assert document.labels(notes["44"]) == ("108",)
    assert fold(notes["47"].text) == "Section 22C was inserted by section 8(1) of the 2008 Act."
    assert [document.labels(notes[str(n)]) for n in range(46, 51)] == [("109",)] * 5
    assert not any(block.kind is BlockKind.LIST_ITEM and fold(block.text).startswith("Section 22C was inserted")
                   for block in document.blocks)


@reader_fault("pp. 110-116: the regulations are set in smaller type than the guidance, and a page with no footnote "
              "rule has its numbered regulations ('5. — The responsible authority must assess the needs…') read as "
              "footnotes, the later pages' bracketed notes joined to them")
def test_ca1989_vol3_regulations_on_a_page_without_notes_are_body(wild_document):
    # p. 110 (seen rendered): regulations 4 and 5 of the Care Leavers Regulations, no rule, no note.
    document = wild_document(CA1989)
    assessment = starting(document, "— The responsible authority must assess the needs of each relevant child")
    assert assessment.kind is BlockKind.PARAGRAPH and assessment.number == "5"


# --- a block repeated under the running head, and tables going on over the page (guards) ------------------------

def test_commencement_information_under_the_running_head_is_text_cswa(wild_document):
    # p. 50 (seen rendered): legislation's running head is a block of five lines, the same on every
    # page; right under it, the first of the page's four boxes "Commencement Information / I84 …", as on
    # a dozen or so of the 73 pages, where such a box comes first. A block repeated past the band is read
    # as furniture as a whole (a table's heading row printed again); this box, at that place on a
    # few of the pages the head is on, went with it.
    for reading in _both_readings(wild_document, CSWA2017):
        assert [fold(block.text) for block in on_page(reading.values[0], "50")].count("Commencement Information") == 4


def test_a_charts_title_over_another_tables_columns_is_no_merged_cell_bedford(wild_document):
    # p. 47 (seen rendered), read by geometry: two columns of text, Table 24 in the left and the
    # chart "Table 25: Placement distance from home by age" above Table 26 in the right. The chart's
    # title spans the channels between Table 26's columns, far below it; taken for a merged cell, it
    # opened them, and the two columns of prose were read as one, line by line ("Table 26 shows that
    # children and young people in our care who have boundary meaning that children in care …").
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import wild_pdf_path

    untagged = read_pdf_bytes(without_tags(wild_pdf_path(BEDFORD).read_bytes()), "untagged.pdf")
    blocks = [fold(block.text) for block in on_page(untagged, "47")]
    assert any("Table 26 shows that children and young people in our care who have" in text for text in blocks)
    assert not any("who have boundary meaning" in text for text in blocks)


def test_two_columns_of_prose_misread_as_a_table_do_not_carry_onto_the_next_page_bedford(wild_document):
    # p. 36 (seen rendered), read by geometry: two columns of prose, the left opening "a volatile market
    # and so that we can fill areas …" (the sentence goes on from p. 35). P. 35's foot is read as a
    # table (two columns of prose and a priority box: a fault of its own); p. 36's lines start at its
    # columns' edges. Taken for that table going on over the page, the prose became rows.
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import wild_pdf_path

    untagged = read_pdf_bytes(without_tags(wild_pdf_path(BEDFORD).read_bytes()), "untagged.pdf")
    page = on_page(untagged, "36")
    assert not [block for block in page if block.kind is BlockKind.TABLE_ROW]
    assert any(fold(block.text).startswith("Only 37.4% of children in our care were in a placement within the local "
                                           "authority boundary in 2024.") for block in page)
