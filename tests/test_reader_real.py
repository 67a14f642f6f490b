"""The reader on the real DfE PDFs in ../shared/corpus/real (skipped when absent).

Each assertion is something a reader of the paper copy can check: printed page
numbers, paragraph numbers, footnotes, headings. Values were checked by eye
against the PDFs.
"""

from __future__ import annotations

import re

import pytest

from guidediff.document import BlockKind
from guidediff.pdf.furniture import PAGE_NUMBER
from guidediff.structure import build_tree
from tests.printed import children_of, fold, in_order, reader_fault, rows_after, starting, texts, top_sections

REAL = ["wt-2023.pdf", "kcsie-2025-july.pdf", "kcsie-2025-part-one-sept.pdf", "is-2024.pdf", "eyfs-2025-group.pdf"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["wt-2023.pdf", "kcsie-2025-july.pdf"])
def test_no_page_numbers_or_running_heads_in_the_text(real_document, name):
    document = real_document(name)
    for block in document.blocks:
        if block.kind is BlockKind.FOOTNOTE or block.pages[0] == 0:
            continue  # the cover prints the year ("2025") on its own
        assert not PAGE_NUMBER.match(block.text), (block.text, document.labels(block))
        first_label = document.page_label(block.pages[0])
        assert not re.match(re.escape(first_label) + r"\s", block.text), block.text[:80]
        last_label = document.page_label(block.pages[-1])
        assert not re.search(r"\s" + re.escape(last_label) + "$", block.text), block.text[-80:]


@pytest.mark.corpus
@pytest.mark.parametrize("name", REAL)
def test_printed_labels_match_the_printed_page_numbers(real_document, name):
    document = real_document(name)
    # Every one of these prints its number on each page from the second one on, 1-based.
    assert [page.label for page in document.pages] == [str(index + 1) for index in range(len(document.pages))]


@pytest.mark.corpus
def test_kcsie_numbered_paragraphs_run_without_gaps(real_document):
    document = real_document("kcsie-2025-july.pdf")
    numbers = [int(block.number) for block in document.numbered_paragraphs()]
    # The main text runs 1…562; Annex A (printed page 144) numbers its own paragraphs from 1 again.
    restart = numbers.index(1, 1)
    assert numbers[:restart] == list(range(1, 563))
    assert numbers[restart:] == list(range(1, len(numbers) - restart + 1))
    assert document.page_label(document.blocks[[b.seq for b in document.blocks].index(
        [b for b in document.numbered_paragraphs()][restart].seq)].pages[0]) == "144"


@pytest.mark.corpus
def test_kcsie_paragraph_135_sits_on_printed_page_38(real_document):
    document = real_document("kcsie-2025-july.pdf")
    paragraph = document.paragraph("135")
    assert paragraph is not None
    assert document.labels(paragraph) == ("38",)
    assert paragraph.text.startswith("The breadth of issues classified within online safety")


@pytest.mark.corpus
def test_wt2023_section_tree_has_chapters_and_appendices_in_order(real_document):
    document = real_document("wt-2023.pdf")
    tree = build_tree(document)
    top = [(section.label, document.page_label(section.pages[0])) for section in tree.children]
    assert top == [
        (None, "7"),  # Introduction
        ("Chapter 1", "11"),
        ("Chapter 2", "23"),
        ("Chapter 3", "43"),
        ("Chapter 4", "106"),
        ("Chapter 5", "131"),
        ("Chapter 6", "145"),
        ("Appendix A", "154"),
        ("Appendix B", "163"),
    ]
    chapter_3 = tree.children[3]
    assert [child.label for child in chapter_3.children if child.label] == ["Section 1", "Section 2", "Section 3"]
    assert all(section.matched_by == "tag" for section in tree.children)


@pytest.mark.corpus
def test_practitioners15_is_the_word_and_footnote_marker_15(real_document):
    document = real_document("wt-2023.pdf")
    block = next(b for b in document.blocks if "barrier to sharing personal information with other practitioners" in b.text)
    assert "practitioners15" not in block.text
    ref = next(ref for ref in block.footnote_refs if ref.label == "15")
    assert block.text[:ref.offset].endswith("with other practitioners")
    footnote = next(b for b in document.footnotes if b.number == "15")
    assert footnote.text.startswith("Practitioners looking to share information should consider")
    assert document.labels(footnote) == document.labels(block) == ("21",)


@pytest.mark.corpus
def test_issue_word_footnote_anchors_leave_bookmarks_but_legal_sections_stay(real_document):
    """'…(CCE)12F' in KCSIE's bookmarks is Word's footnote anchor; 'section 141F' is the Education Act."""
    kcsie = real_document("kcsie-2025-july.pdf")
    titles = [entry.title for entry in kcsie.outline]
    assert "Child criminal exploitation (CCE)" in titles
    assert not any(re.search(r"\d+F$", title) for title in titles)
    assert any("section 141F of the Education Act" in block.text for block in kcsie.blocks)
    wt = real_document("wt-2023.pdf")
    assert any("Children Act 2004 Section 16F" in block.text for block in wt.footnotes)


@pytest.mark.corpus
def test_a_paragraph_across_a_page_break_is_one_block(real_document):
    document = real_document("kcsie-2025-july.pdf")
    block = next(b for b in document.blocks if b.text.startswith("commerce: risks such as online gambling"))
    assert document.labels(block) == ("38", "39")
    assert "If you feel your pupils, students or staff are at risk, please report it" in block.text
    boundary = block.page_offsets[0]
    assert block.text[boundary:].startswith("at risk")
    assert document.page_label(block.page_at(boundary - 2)) == "38"
    assert document.page_label(block.page_at(boundary)) == "39"


@pytest.mark.corpus
@pytest.mark.parametrize("name", REAL)
def test_every_footnote_marker_has_its_footnote(real_document, name):
    document = real_document(name)
    bodies = {block.number for block in document.footnotes}
    markers = {ref.label for block in document.blocks for ref in block.footnote_refs}
    missing = sorted(markers - bodies, key=int)
    # is-2024's footnote 31 sits on a page whose foot is a table continuation (known gap).
    assert missing in ([], ["31"]) if name == "is-2024.pdf" else missing == []


@pytest.mark.corpus
def test_footnote_bodies_keep_their_own_numbers(real_document):
    document = real_document("kcsie-2025-july.pdf")
    # The flowchart on printed page 24 (an image) has its own notes 1–5 below it.
    flowchart = [(block.number, document.labels(block)) for block in document.footnotes if document.labels(block) == ("24",)]
    assert flowchart == [(str(n), ("24",)) for n in range(1, 6)]
    numbers = [int(block.number) for block in document.footnotes
               if block.number.isdigit() and document.labels(block) != ("24",)]
    assert numbers == list(range(1, len(numbers) + 1))
    # Annex E ends with its own notes i.–iv., set as smaller text at the foot of printed page 183.
    roman = [(block.number, document.labels(block)) for block in document.footnotes if not block.number.isdigit()]
    assert roman == [("i", ("183",)), ("ii", ("183",)), ("iii", ("183",)), ("iv", ("183",))]
    note = next(b for b in document.footnotes if b.number == "40")
    assert note.text.startswith("Public Health England: has now been replaced by the UK Health Security Agency")
    assert document.labels(note) == ("38",)


@pytest.mark.corpus
def test_hyphens_in_compound_words_are_kept(real_document):
    text = " ".join(block.text for block in real_document("kcsie-2025-july.pdf").blocks)
    assert "providers of post-16 Education" in text
    assert "sixth-form colleges" in text
    assert "non-consensual" in text


@pytest.mark.corpus
def test_ruled_table_rows_read_cell_by_cell(real_document):
    document = real_document("is-2024.pdf")
    rows = [block for block in document.blocks if block.kind is BlockKind.TABLE_ROW]
    consent = next(row for row in rows if row.cells and row.cells[0] == "Consent")
    assert consent.cells[1].startswith("Consent is one of the lawful bases for processing personal information")
    assert document.labels(consent) == ("23",)


@pytest.mark.corpus
def test_table_row_over_a_page_break_is_one_row_is_2024(real_document):
    # "Personal Data (or personal information)" (pp. 24-25, both seen rendered): its definition goes on
    # at the top of p. 25, the first cell empty, "a) an identifier such as a name, …" and "b) one or
    # more factors …". Word leaves that part out of the tag tree; it is still the row's text.
    document = real_document("is-2024.pdf")
    row = next(block for block in document.blocks if block.kind is BlockKind.TABLE_ROW and block.cells
               and block.cells[0] == "Personal Data (or personal information)")
    assert document.labels(row) == ("24", "25")
    assert fold(row.cells[1]).endswith("or social identity of the individual.")
    assert not [block for block in document.blocks if block.kind is BlockKind.LIST_ITEM
                and fold(block.text).startswith("an identifier such as a name, an identification number")]


@pytest.mark.corpus
def test_list_items_without_a_hanging_indent_wrap_under_their_marker_wt_2023(real_document):
    # p. 23 (seen rendered), the "Safeguarding partners" box: "(b) an integrated care board for an area
    # any part of which falls within the local" / "authority area", the second line under "(b)".
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import real_pdf_path

    untagged = read_pdf_bytes(without_tags(real_pdf_path("wt-2023.pdf").read_bytes()), "untagged.pdf")
    for document in (real_document("wt-2023.pdf"), untagged):
        items = {block.marker: fold(block.text) for block in document.blocks
                 if block.kind is BlockKind.LIST_ITEM and document.labels(block) == ("23",)}
        assert items["(b)"] == "an integrated care board for an area any part of which falls within the local authority area"
        assert items["(c)"] == "the chief officer of police for an area any part of which falls within the local authority area"
        assert "authority area" not in [fold(block.text) for block in document.blocks if document.labels(block) == ("23",)]


@pytest.mark.corpus
def test_link_underlines_inside_a_ruled_cell_are_not_row_borders_kcsie_july(real_document):
    # p. 186 (seen rendered): three rows under "Annexes A, B, C, D and E"; the second cells of the last
    # two hold underlined links over two lines ("Resources for education / settings | CSA Centre").
    # Read by geometry, each underline cut its row in two.
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import real_pdf_path

    untagged = read_pdf_bytes(without_tags(real_pdf_path("kcsie-2025-july.pdf").read_bytes()), "untagged.pdf")
    for document in (real_document("kcsie-2025-july.pdf"), untagged):
        rows = [tuple(fold(cell) for cell in block.cells) for block in document.blocks
                if block.kind is BlockKind.TABLE_ROW and document.labels(block) == ("186",)]
        assert ("Annex B – Page 163", "Link added to the CSA Centre's Resources for education settings | CSA Centre.") in rows
        assert ("Annex B – Page 164", "Link added to the Preventing Child Sexual Exploitation | The Children's Society.") in rows


@pytest.mark.corpus
def test_an_address_set_line_by_line_after_a_colon_stays_in_its_paragraph_pocket():
    # Pocket's terms, LibreOffice (p. 1 printed, seen rendered): "… Alternatively, you may contact us at:"
    # then "Mozilla Corporation", "ATTN: Pocket Business Unit", … each on a line of its own, in the
    # same paragraph (no space between). A colon ends a paragraph early only before a list.
    from guidediff.pdf.reader import read_pdf
    from tests.conftest import shared_corpus

    path = shared_corpus() / "prose" / "pocket-tos-2024-old.lo.pdf"
    if not path.is_file():
        pytest.skip(f"prose PDF not found at {path}")
    paragraph = starting(read_pdf(path), "If you have questions or concerns regarding this Agreement")
    assert fold(paragraph.text).endswith("you may contact us at: Mozilla Corporation ATTN: Pocket Business Unit "
                                          "2 Harrison Street, Suite 175 San Francisco, CA 94105")
    # The 2024 edition (p. 1 seen rendered): "149 New Montgomery St." ends with a full stop, and
    # "4th Floor" under it would have fitted on its line: a block set line by line goes on.
    newer = starting(read_pdf(path.with_name("pocket-tos-2024-new.lo.pdf")),
                     "If you have questions or concerns regarding this Agreement")
    assert fold(newer.text).endswith("ATTN: Pocket Business Unit 149 New Montgomery St. 4th Floor")


@pytest.mark.corpus
def test_heading_wrapped_tail_without_letters_stays_in_the_heading_is_2024(real_document):
    # p. 6 (seen rendered): "Definitions (as defined in Working Together to Safeguard Children" / "2023)".
    from guidediff.pdf.reader import read_pdf_bytes
    from guidediff.testing.variants import without_tags
    from tests.conftest import real_pdf_path

    untagged = read_pdf_bytes(without_tags(real_pdf_path("is-2024.pdf").read_bytes()), "untagged.pdf")
    for document in (real_document("is-2024.pdf"), untagged):
        headings = [fold(block.text) for block in document.blocks if block.kind is BlockKind.HEADING]
        assert "Definitions (as defined in Working Together to Safeguard Children 2023)" in headings
        assert "2023)" not in [fold(block.text) for block in document.blocks]


@pytest.mark.corpus
@pytest.mark.parametrize("name", REAL)
def test_contents_pages_are_not_body_text(real_document, name):
    document = real_document(name)
    contents_pages = {page.index for page in document.pages if page.is_contents}
    if name != "is-2024.pdf":  # is-2024 prints no contents page
        assert contents_pages, "a contents page was expected"
    assert not any(set(block.pages) & contents_pages for block in document.blocks)
    assert document.outline_source == "tags"


@pytest.mark.corpus
def test_reading_is_deterministic(real_document):
    from guidediff.pdf import read_pdf
    from tests.conftest import real_pdf_path

    again = read_pdf(real_pdf_path("is-2024.pdf"))
    assert again == real_document("is-2024.pdf")


def _wild(name: str):
    from tests.conftest import shared_corpus

    path = shared_corpus() / "wild" / name
    if not path.is_file():
        pytest.skip(f"wild PDF {name} not found at {path} (set GUIDEDIFF_SHARED_CORPUS to the corpus folder)")
    return path


@pytest.mark.corpus
@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_landscape_page_turned_by_rotate_is_read_not_refused(degrees):
    """Issue 9: a page whose MediaBox is already landscape and which also carries /Rotate (how wide
    tables are printed) was refused as 'no text layer'. Printed page 8 of the Ofsted annex is a
    landscape table (842 x 595); turned by /Rotate its text reads sideways, and must read the same."""
    from guidediff.pdf import read_pdf_bytes
    from guidediff.testing.variants import with_rotation

    data = _wild("childrens-homes-annex-a-2025.pdf").read_bytes()
    original = read_pdf_bytes(data, "annex.pdf")
    turned = read_pdf_bytes(with_rotation(data, 7, degrees), "turned.pdf")
    texts = [block.text for block in original.blocks if 7 in block.pages]
    assert texts and [block.text for block in turned.blocks if 7 in block.pages] == texts
    assert (turned.pages[7].width, turned.pages[7].height) == (original.pages[7].width, original.pages[7].height)
    # Read in the frame where the table is upright: /Rotate and the further turn cancel out.
    assert turned.pages[7].rotation == original.pages[7].rotation == 0


@pytest.mark.corpus
def test_multi_agency_keeps_its_hyphen_at_a_line_end(real_document):
    """Issue 9: "multi-" at a line end, then "agency", read as "multiagency" 8 times in WT 2023.
    Printed page 24: paragraph 39 ends its first line "…must be covered by a multi-"."""
    document = real_document("wt-2023.pdf")
    paragraph = next(block for block in document.numbered_paragraphs() if block.number == "39")
    assert document.labels(paragraph) == ("24",)
    assert "must be covered by a multi-agency safeguarding arrangement" in paragraph.text
    everything = " ".join(block.text for block in document.blocks)
    assert "multiagency" not in everything.lower() and everything.lower().count("multi-agency") > 100


@pytest.mark.corpus
def test_a_web_address_broken_at_a_hyphen_keeps_it(real_document):
    """The back cover's licence address breaks after "open-" (WT 2023, last page): a URL keeps every character."""
    document = real_document("wt-2023.pdf")
    licence = next(block for block in document.back_matter if "Open Government Licence" in block.text)
    assert "nationalarchives.gov.uk/doc/open-government-licence" in licence.text


@pytest.mark.corpus
def test_a_footnotes_bullets_stay_in_the_footnote_and_the_paragraph_runs_on(real_document):
    """WT 2023 printed p. 114 (seen rendered, with p. 115): footnote 141 "Potential powers of entry
    include those under:" goes on with four bullets in the note's small type, under the separator.
    Word tags the bullets as a list, and they were read as list items of the body, between the two
    pages of paragraph 250, which was cut at "The Child Exploitation" / "Disruption Toolkit"."""
    document = real_document("wt-2023.pdf")
    note = next(block for block in document.blocks if block.kind is BlockKind.FOOTNOTE and block.number == "141")
    assert fold(note.text).startswith("Potential powers of entry include those under: ")
    assert "Children Act 1989 section 48, a warrant may be obtained to search for children who may be in need of " \
           "emergency protection" in fold(note.text)
    paragraph = next(block for block in document.numbered_paragraphs() if block.number == "250")
    assert document.labels(paragraph) == ("114", "115")
    assert "The Child Exploitation Disruption Toolkit lists a range of useful tools" in fold(paragraph.text)
    assert fold(paragraph.text).endswith("to disrupt child criminal exploitation activity.")


# --- What a person sees on the page (issue 9): headings with printed pages, paragraph runs, rows, back covers ----
# Each value below was read off the rendered page (pdftoppm -png -r 60), not from the reader's output.


@pytest.mark.corpus
def test_kcsie_july_first_level_is_the_contents_page(real_document):
    document = real_document("kcsie-2025-july.pdf")
    assert top_sections(document) == [
        ("Summary", "4"), ("Part one: Safeguarding information for all staff", "7"),
        ("Part two: The management of safeguarding", "25"), ("Part three: Safer recruitment", "57"),
        ("Part four: Safeguarding concerns or allegations made about staff, including supply teachers, volunteers "
         "and contractors", "93"),
        ("Part five: Child-on-child sexual violence and sexual harassment", "112"),
        ("Annex A: Safeguarding information for school and college staff", "144"),
        ("Annex B: Further information", "149"), ("Annex C: Role of the designated safeguarding lead", "171"),
        ("Annex D: Host families - homestay during exchange visits", "178"),
        ("Annex E: Statutory guidance - Regulated activity (children) - Supervision of activity with children which "
         "is regulated activity when unsupervised", "181"),
        # The page prints "…from KCSIE September 2024 version"; the contents page leaves out "KCSIE".
        ("Annex F: Table of changes from KCSIE September 2024 version", "184"),
    ]


@pytest.mark.corpus
def test_kcsie_july_table_of_changes_rows_on_page_184(real_document):
    document = real_document("kcsie-2025-july.pdf")
    rows = rows_after(document, "Summary", 5)
    assert rows[:3] == [("Summary", "About the guidance (no changes made)"),
                        ("Part one", "Safeguarding information for all staff (no changes made)"),
                        ("Part two", "The management of safeguarding")]
    assert rows[4] == ("Page 38", "Para 135 - Updated to clarify misinformation, disinformation and conspiracy "
                                  "theories are safeguarding harms.")
    assert document.labels(starting(document, "Page 38 | Para 135")) == ("184",)


@pytest.mark.corpus
@reader_fault("Annex F's row 'Page 41' runs from p. 184 onto p. 185 (its second paragraph 'Para 144 - …' stands "
              "beside an empty first cell at the top of p. 185); the reader merges it with the next row, giving cells "
              "['Page 41', 'Para 143 … Para 169 - 170 information added…', 'Para 144 - …', 'Page 47']")
def test_kcsie_july_table_of_changes_row_across_the_page_break(real_document):
    document = real_document("kcsie-2025-july.pdf")
    page_41, page_47 = rows_after(document, "Page 41", 2)
    assert page_41 == ("Page 41", "Para 143 - Link added to DfE guidance on the use of generative AI in education "
                                  "(2025) at end of filtering and monitoring (FM) section to support schools and "
                                  "colleges. Para 144 - wording amended in the cybersecurity standards for schools "
                                  "and colleges advice to clarify that it was developed to help schools improve "
                                  "their cyber resilience.")
    assert page_47 == ("Page 47", "Para 169 - 170 information added that clarifies and reflects existing AP Guidance")


@pytest.mark.corpus
def test_kcsie_september_sections_and_paragraphs_1_to_74(real_document):
    document = real_document("kcsie-2025-part-one-sept.pdf")
    assert top_sections(document) == [("Summary", "3"), ("Part one: Safeguarding information for all staff", "4"),
                                      ("Annex: Further information", "21")]
    assert children_of(document, "Part one: Safeguarding information for all staff") == [
        ("What school and college staff should know and do", "4"),
        ("What school and college staff need to know", "5"),
        ("What school and college staff should do if they have concerns about a child", "14")]
    numbers = [int(block.number) for block in document.numbered_paragraphs()]
    assert numbers == list(range(1, 75))
    assert document.labels(document.paragraph("1")) == ("4",)
    assert document.labels(document.paragraph("74")) == ("19",)


@pytest.mark.corpus
def test_issue_kcsie_september_paragraph_40_is_one_paragraph_across_the_page_break(real_document):
    """Paragraph 40 (child sexual exploitation) starts at the foot of p. 12 and ends at the top of p. 13."""
    document = real_document("kcsie-2025-part-one-sept.pdf")
    paragraph = document.paragraph("40")
    assert document.labels(paragraph) == ("12", "13")
    assert fold(paragraph.text) == (
        "CSE can affect any child who has been coerced into engaging in sexual activities. This includes 16- and "
        "17-year-olds who can legally consent to have sex. Some children do not realise they are being exploited "
        "and may believe they are in a genuine romantic relationship.")
    assert paragraph.text[paragraph.page_offsets[0]:].startswith("Some children do not realise")


@pytest.mark.corpus
def test_information_sharing_sections_with_printed_pages(real_document):
    document = real_document("is-2024.pdf")
    assert top_sections(document) == [
        ("Introduction", "6"), ("Effective Information Sharing: Your Responsibilities", "14"),
        ("Annex A: Data Protection", "21"), ("Annex B: Useful resources and advice", "27")]
    assert children_of(document, "Annex A: Data Protection") == [
        ("The meaning of data protection", "21"), ("Data sharing code of practice", "21"),
        ("The data protection principles", "21"), ("The rights of individuals", "22"),
        ("Data protection definitions", "23")]


EYFS_FIRST_LEVEL = [
    ("Summary", "4"), ("Introduction", "7"), ("Section 1 – The learning and development requirements", "8"),
    ("Section 2 – Assessment", "18"), ("Section 3 – The safeguarding and welfare requirements", "22"),
    ("Annex A: Criteria for effective Paediatric First Aid (PFA) training", "46"),
    ("Annex B: Statutory guidance for the Reception Baseline Assessment", "48"),
    ("Annex C: Criteria for effective safeguarding training", "53"),
]


@pytest.mark.corpus
def test_eyfs_sections_in_order_with_printed_pages(real_document):
    document = real_document("eyfs-2025-group.pdf")
    assert in_order(EYFS_FIRST_LEVEL, top_sections(document))


@pytest.mark.corpus
@reader_fault("p. 49: 'Introduction and Purpose', a sub-heading of Annex B styled like its 'Summary' (p. 48), is "
              "read as a first-level section, so Annex B ends after its summary")
def test_eyfs_first_level_is_the_contents_page(real_document):
    document = real_document("eyfs-2025-group.pdf")
    assert top_sections(document) == EYFS_FIRST_LEVEL


@pytest.mark.corpus
@pytest.mark.parametrize("name", REAL)
def test_back_cover_is_back_matter_not_body_text(real_document, name):
    document = real_document(name)
    back = " ".join(fold(block.text) for block in document.back_matter)
    assert "© Crown copyright" in back and "Open Government Licence v3.0" in back
    assert not any("© Crown copyright" in text or "Open Government Licence" in text for text in texts(document))
