"""The test typesetter: the PDFs it writes really hold what its Layout says, read back with pypdf."""

from __future__ import annotations

import bisect
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("reportlab")

from pypdf import PdfReader
from pypdf.generic import ContentStream

from guidediff.testing import (
    Bullet,
    DocSpec,
    Flowchart,
    Footnote,
    Heading,
    Layout,
    MainMatter,
    PageBreak,
    Para,
    Spacer,
    SpecError,
    Table,
    render,
)

LOREM = (
    "Everyone who works with children has a responsibility for keeping them safe. No single practitioner "
    "can have a full picture of a child's needs and circumstances and, if children and families are to "
    "receive the right help at the right time, everyone who comes into contact with them has a role to play."
)


def rendered(spec: DocSpec) -> tuple[Layout, PdfReader, bytes]:
    buffer = io.BytesIO()
    layout = render(spec, buffer)
    data = buffer.getvalue()
    return layout, PdfReader(io.BytesIO(data)), data


HEADER = "Working Together to Safeguard Children"


def page_lines(reader: PdfReader, page: int) -> list[str]:
    """A page's lines in drawing order: running header and page number first (as Word draws them)."""
    return reader.pages[page].extract_text().splitlines()


def flat_text(reader: PdfReader, page: int) -> str:
    """A page's text on one line, hyphenated line ends joined, so sentences can be searched for."""
    text = reader.pages[page].extract_text()
    return re.sub(r"\s+", " ", re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text))


def body_words(reader: PdfReader, page: int) -> list[str]:
    return flat_text(reader, page).split()


def guidance(**options: object) -> DocSpec:
    """A small guidance-like document: front matter, two chapters, numbered paragraphs, footnotes."""
    body = (
        Heading("Foreword"),
        Para("This edition replaces the 2013 guidance."),
        MainMatter(),
        Heading("Introduction"),
        Para("Safeguarding is everyone's responsibility and practitioners[^prac] should act.", number="1."),
        Footnote("prac", "Practitioners means everyone who works with children."),
        Heading("Who this guidance is for", level=2),
        Para(LOREM, number="2."),
        Bullet("local authorities"),
        Bullet("clinical commissioning groups[^ccg]", level=2),
        Footnote("ccg", "Now integrated care boards."),
        Heading("Assessing need"),
        Para(LOREM, number="3."),
        Heading("Early help", level=2),
        Para(LOREM, number="4."),
    )
    defaults: dict[str, object] = dict(
        title="Working Together to Safeguard Children",
        subtitle="A guide to inter-agency working",
        date="March 2015",
        publisher="HM Government",
        notice="Model edition for testing guidediff. Not the official text.",
        running_header="Working Together to Safeguard Children",
        front_matter="roman",
        body=body,
    )
    defaults.update(options)
    return DocSpec(**defaults)  # type: ignore[arg-type]


# --- page numbers ----------------------------------------------------------------


def test_roman_front_matter_then_arabic_labels_in_the_pdf_and_on_the_page() -> None:
    layout, reader, _ = rendered(guidance())

    assert layout.labels == ("i", "ii", "iii", "1", "2")
    assert list(reader.page_labels) == ["i", "ii", "iii", "1", "2"]
    assert layout.title_page == 0
    assert layout.contents_pages == (1,)
    # Every page but the title page prints the running header and its label.
    for page in range(1, 5):
        assert page_lines(reader, page)[:2] == [HEADER, layout.labels[page]]
    assert page_lines(reader, 0)[:2] == ["Working Together to Safeguard", "Children"]  # the title, no furniture
    assert layout.labels[0] not in page_lines(reader, 0)


def test_main_matter_defaults_to_the_first_body_page() -> None:
    spec = guidance(body=(Heading("Introduction"), Para("Text.")))
    layout, reader, _ = rendered(spec)
    assert layout.labels == ("i", "ii", "1")
    assert list(reader.page_labels) == ["i", "ii", "1"]


def test_arabic_numbering_counts_the_title_page() -> None:
    layout, reader, _ = rendered(guidance(front_matter="none", body=(Heading("Introduction"), Para("Text."))))
    assert layout.labels == ("1", "2", "3")
    assert list(reader.page_labels) == ["1", "2", "3"]


def test_without_page_labels_only_the_printed_numbers_tell_the_page() -> None:
    layout, reader, _ = rendered(guidance(page_labels=False))

    assert "/PageLabels" not in reader.trailer["/Root"]
    assert list(reader.page_labels) == ["1", "2", "3", "4", "5"]  # pypdf's fallback: physical numbers
    assert [page_lines(reader, page)[1] for page in range(1, 5)] == ["ii", "iii", "1", "2"]
    assert layout.labels == ("i", "ii", "iii", "1", "2")


def test_page_number_top_right_shares_the_line_with_the_running_header() -> None:
    layout, reader, _ = rendered(guidance(page_number_position="top-right"))
    for page in range(1, layout.page_count):
        assert page_lines(reader, page)[0] == f"{HEADER} {layout.labels[page]}"  # one baseline


def test_no_printed_page_numbers() -> None:
    layout, reader, _ = rendered(guidance(page_number_position="none", running_header=None))
    assert not layout.printed_page_numbers
    assert page_lines(reader, 3)[0] == "Introduction"
    assert "1" not in page_lines(reader, 3)


def test_running_header_too_long_for_the_line_beside_the_number_is_an_error() -> None:
    with pytest.raises(SpecError, match="running header"):
        rendered(guidance(page_number_position="top-right", running_header="Working Together " * 12))


# --- footnotes ------------------------------------------------------------------------


def test_footnote_marker_is_fused_to_its_word_and_its_body_is_on_the_same_page() -> None:
    layout, reader, _ = rendered(guidance())

    first, second = layout.footnotes
    assert (first.number, first.id, first.page, first.label, first.referenced_by) == (1, "prac", 3, "1", 4)
    assert (second.number, second.id, second.page, second.label, second.referenced_by) == (2, "ccg", 3, "1", 9)
    assert layout.footnote_pages == {1: (3, "1"), 2: (3, "1")}
    text = flat_text(reader, 3)
    assert "practitioners1 should act." in text
    assert "groups2" in text
    # The footnotes are drawn last, after all body text on the page.
    assert page_lines(reader, 3)[-2:] == [
        "1 Practitioners means everyone who works with children.",
        "2 Now integrated care boards.",
    ]


def test_footnote_marker_is_a_smaller_raised_run() -> None:
    layout, reader, _ = rendered(guidance())
    page = reader.pages[layout.footnote(1).page]
    operations = ContentStream(page.get_contents(), reader).operations
    size = rise = 0.0
    shown: list[tuple[str, float, float]] = []
    for operands, operator in operations:
        if operator == b"Tf":
            size = float(operands[1])
        elif operator == b"Ts":
            rise = float(operands[0])
        elif operator == b"Tj":
            shown.append((str(operands[0]), size, rise))
    marker_at = next(i for i, run in enumerate(shown) if run[0].endswith("practitioners"))
    assert shown[marker_at][1:] == (11.0, 0.0)
    assert shown[marker_at + 1] == ("1", 7.0, 4.0)
    assert shown[marker_at + 2] == (" should act.", 11.0, 0.0)


def test_footnotes_are_numbered_by_first_reference_not_by_definition() -> None:
    spec = DocSpec(
        "Numbering",
        title_page=False,
        contents=False,
        body=(
            Footnote("late", "Defined first, referenced second."),
            Footnote("early", "Defined second, referenced first."),
            Para("First reference[^early] and then the second[^late]."),
        ),
    )
    layout, reader, _ = rendered(spec)
    assert [(f.number, f.id) for f in layout.footnotes] == [(1, "early"), (2, "late")]
    assert layout.element(2).footnote_refs == ((1, 15), (2, 35))
    assert layout.element(2).text == "First reference and then the second."
    assert "First reference1 and then the second2." in flat_text(reader, 0)
    assert layout.element(0).pages == (0,)  # a Footnote element lands where its body is printed


def test_a_line_whose_footnote_does_not_fit_moves_to_the_next_page_with_it() -> None:
    words = [f"word{n:03d}" for n in range(700)]
    plain = DocSpec("Flow", title_page=False, contents=False, body=(Para(" ".join(words)),))
    natural_break = rendered(plain)[0].element(0).page_offsets[0]
    # Reference a long footnote from a word a few lines above the natural page break.
    marker_word = " ".join(words).count(" ", 0, natural_break - 60)
    words[marker_word] += "[^long]"
    long_note = " ".join(["A long footnote that takes many lines at the foot of the page."] * 12)
    spec = DocSpec(
        "Flow", title_page=False, contents=False, body=(Para(" ".join(words)), Footnote("long", long_note))
    )
    layout, reader, _ = rendered(spec)

    paragraph = layout.element(0)
    ref_offset = paragraph.footnote_refs[0][1]
    assert paragraph.pages == (0, 1)
    assert paragraph.page_offsets[0] < natural_break
    assert paragraph.page_offsets[0] <= ref_offset  # the marker's line went to page 2 ...
    assert layout.footnote(1).page == 1  # ... and its footnote with it
    assert words[marker_word].replace("[^long]", "1") in body_words(reader, 1)
    assert "A long footnote" not in flat_text(reader, 0)
    assert "1 A long footnote" in flat_text(reader, 1)


def test_body_text_never_overlaps_the_footnotes() -> None:
    layout, reader, _ = rendered(many_footnotes_spec())
    assert layout.page_count >= 4
    pages_with_both = 0
    for page_index in range(layout.page_count):
        baselines = baselines_by_size(reader, page_index)
        body, footnotes = baselines.get(11.0, []), baselines.get(8.0, [])
        if body and footnotes:
            pages_with_both += 1
            # 11pt body text descends about 2.5pt; 8pt footnote text rises about 6pt.
            assert min(body) - 2.5 > max(footnotes) + 6
    assert pages_with_both >= 3


def baselines_by_size(reader: PdfReader, page: int) -> dict[float, list[float]]:
    """Font size → baselines of the text drawn at that size, between the header and the page number."""
    found: dict[float, list[float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip() and 60 < tm[5] < 780:
            found.setdefault(round(size * tm[0], 2), []).append(tm[5])

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def many_footnotes_spec() -> DocSpec:
    body = []
    for number in range(1, 25):
        body.append(Para(f"{LOREM} This is paragraph {number}[^n{number}] with a note.", number=f"{number}."))
        body.append(Footnote(f"n{number}", f"Note {number}: " + "detail " * (number % 5 * 12 + 3)))
    return DocSpec("Footnotes", title_page=False, contents=False, body=tuple(body))


# --- flow ------------------------------------------------------------------------------


def test_a_paragraph_spanning_a_page_break_is_on_both_pages() -> None:
    body = (Heading("Introduction"), Para(LOREM, number="1."), Para(" ".join([LOREM] * 12), number="2."))
    layout, reader, _ = rendered(DocSpec("Spanning", contents=False, body=body))

    spanning = [placement for placement in layout.elements if len(placement.pages) > 1]
    assert [placement.index for placement in spanning] == [2]
    for placement in spanning:
        first, second = placement.pages
        assert second == first + 1
        assert placement.labels == (layout.labels[first], layout.labels[second])
        before = placement.text[: placement.page_offsets[0]].split()
        after = placement.text[placement.page_offsets[0] :].split()
        words_on_first = body_words(reader, first)
        words_on_second = body_words(reader, second)[1:]  # after the page number
        assert words_on_first[-len(before[-6:]) :] == before[-6:]
        assert words_on_second[: len(after[:6])] == after[:6]


def test_level_1_headings_start_a_page_and_headings_keep_with_the_next_line() -> None:
    layout, reader, _ = rendered(guidance())
    headings = {heading.text: heading for heading in layout.headings}
    assert headings["Introduction"].page == 3
    assert headings["Assessing need"].page == 4
    assert headings["Who this guidance is for"].page == 3
    assert page_lines(reader, 4)[2] == "Assessing need"
    # Level-2 heading at the foot of a full page goes over with its paragraph.
    filler = tuple(Para(LOREM, number=f"{n}.") for n in range(1, 12))
    spec = DocSpec("Keep", title_page=False, contents=False, body=(*filler, Heading("Over", level=2), Para("Next.")))
    layout, _, _ = rendered(spec)
    heading, paragraph = layout.element(11), layout.element(12)
    assert heading.pages == paragraph.pages


def test_page_break_and_spacer() -> None:
    body = (Para("One."), PageBreak(), PageBreak(), Para("Two."), Spacer(500), Para("Three."))
    layout, _, _ = rendered(DocSpec("Breaks", title_page=False, contents=False, body=body))
    assert [placement.pages for placement in layout.elements] == [(0,), (), (), (1,), (), (1,)]
    long_space = (Para("One."), Spacer(700), Para("Two."))
    layout, _, _ = rendered(DocSpec("Breaks", title_page=False, contents=False, body=long_space))
    assert layout.element(2).pages == (1,)


# --- contents and bookmarks -----------------------------------------------------------------


def test_contents_page_prints_the_real_page_of_each_heading() -> None:
    layout, reader, _ = rendered(guidance())

    entry = re.compile(r"^(?P<text>.+?) \.{3,} (?P<label>\S+)$")
    printed = [m.group("text", "label") for line in page_lines(reader, 1) if (m := entry.match(line))]
    expected = [
        ("Foreword", "iii"),
        ("Introduction", "1"),
        ("Who this guidance is for", "1"),
        ("Assessing need", "2"),
        ("Early help", "2"),
    ]
    assert printed == expected
    assert [(heading.text, heading.label) for heading in layout.headings] == expected
    assert [(entry.text, entry.label, entry.contents_page) for entry in layout.contents] == [
        (text, label, 1) for text, label in expected
    ]
    # ... and the number printed on each heading's page is that label.
    for heading in layout.headings:
        assert page_lines(reader, heading.page)[1] == heading.label


def test_contents_lists_levels_1_and_2_and_runs_over_pages() -> None:
    body = tuple(
        element
        for chapter in range(1, 31)
        for element in (
            Heading(f"Chapter {chapter}"),
            Heading(f"Section {chapter}.1", level=2),
            Heading(f"Detail {chapter}.1.1", level=3),
            Para("Text."),
        )
    )
    layout, reader, _ = rendered(DocSpec("Long contents", front_matter="roman", body=body))
    assert layout.contents_pages == (1, 2)
    assert len(layout.contents) == 60
    assert {entry.contents_page for entry in layout.contents} == {1, 2}
    assert layout.labels[:4] == ("i", "ii", "iii", "1")
    printed = " ".join(page_lines(reader, 1) + page_lines(reader, 2))
    assert page_lines(reader, 1)[:2] == ["ii", "Contents"]
    assert "Detail" not in printed
    assert "Chapter 30 ..." in printed


def test_bookmarks_follow_the_headings() -> None:
    layout, reader, _ = rendered(guidance())

    def walk(outline: list, depth: int = 0) -> list[tuple[int, str, int]]:
        found = []
        for item in outline:
            if isinstance(item, list):
                found.extend(walk(item, depth + 1))
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))
        return found

    assert walk(reader.outline) == [(h.level - 1, h.text, h.page) for h in layout.headings]
    _, no_bookmarks, _ = rendered(guidance(bookmarks=False))
    assert no_bookmarks.outline == []


def test_bookmark_levels_that_skip_a_level_stay_valid() -> None:
    body = (Heading("Part"), Heading("Deep", level=3), Heading("Also deep", level=3), Heading("Section", level=2))
    _, reader, _ = rendered(DocSpec("Levels", contents=False, body=body))
    part, children = reader.outline
    assert part.title == "Part"
    assert [entry.title for entry in children] == ["Deep", "Also deep", "Section"]


# --- text ------------------------------------------------------------------------------


def test_hyphenated_words_are_split_with_a_hyphen_at_a_line_end() -> None:
    text = " ".join(["Practitioners safeguarding responsibilities interdisciplinary commissioning"] * 12)
    spec = DocSpec("Hyphens", title_page=False, contents=False, hyphenate=True, body=(Para(text),))
    layout, reader, _ = rendered(spec)

    paragraph = layout.element(0)
    assert paragraph.text == text
    assert paragraph.hyphenated, "long words at line ends were meant to be broken"
    broken_lines = [line for line in page_lines(reader, 0) if line.endswith("-")]
    assert len(broken_lines) == len(paragraph.hyphenated)
    lines = page_lines(reader, 0)
    for word, line in zip(paragraph.hyphenated, broken_lines, strict=True):
        head = line.split()[-1][:-1]
        tail = lines[lines.index(line) + 1].split()[0]
        assert head + tail == word
        assert len(head) >= 4 and len(tail) >= 3
    unhyphenated = rendered(DocSpec("No hyphens", title_page=False, contents=False, body=(Para(text),)))[1]
    assert not any(line.endswith("-") for line in page_lines(unhyphenated, 0))


def test_a_word_wider_than_the_line_is_broken_without_a_hyphen() -> None:
    address = "https://www.gov.uk/government/publications/" + "working-together-to-safeguard-children-" * 3 + "2"
    layout, reader, _ = rendered(DocSpec("Link", title_page=False, contents=False, body=(Para(f"See {address} now."),)))
    lines = page_lines(reader, 0)[1:]
    assert lines[0] == "See"  # the address does not fit after it, nor on any line
    assert "".join(lines[1:]) == f"{address} now."
    assert len(lines) == 3
    assert layout.element(0).text == f"See {address} now."


def test_winansi_punctuation_renders_and_other_characters_are_a_clear_error() -> None:
    text = "“Quoted” – the £5 café… isn’t — ‘fine’ • ok"
    _, reader, _ = rendered(DocSpec("Characters", title_page=False, contents=False, body=(Para(text),)))
    assert page_lines(reader, 0)[1] == text  # after the page number

    with pytest.raises(SpecError, match=r"body\[0\] \(para\): character '→' \(U\+2192, RIGHTWARDS ARROW\)") as error:
        DocSpec("Arrows", body=(Para("Referral → assessment"),))
    assert error.value.index == 0
    with pytest.raises(SpecError, match=r"the title: character 'Ł'"):
        DocSpec("Łódź")
    with pytest.raises(SpecError, match="U\\+00AD"):
        DocSpec("Soft", body=(Para("soft\u00adhyphen"),))


def test_bullets_and_numbers_print_as_written() -> None:
    body = (
        Para("Numbered.", number="5.23"),
        Bullet("Level one"),
        Bullet("Level two", level=2, marker="–"),
        Para("Long.", number="A.12.3"),
    )
    layout, reader, _ = rendered(DocSpec("Lists", title_page=False, contents=False, body=body))
    assert page_lines(reader, 0)[1:5] == ["5.23 Numbered.", "• Level one", "– Level two", "A.12.3 Long."]
    assert layout.element(1).text == "Level one"


def test_table_and_flowchart_text() -> None:
    body = (
        Table((("Agency", "Duty"), ("Police", "Investigate[^p]")), header=True),
        Footnote("p", "Where a crime may have been committed."),
        Flowchart(
            "Referral route",
            ("Practitioner has concerns", "Referral to children's social care", "Decision within one working day"),
        ),
    )
    layout, reader, _ = rendered(DocSpec("Diagrams", title_page=False, contents=False, body=body))
    lines = page_lines(reader, 0)
    assert lines[1:8] == [
        "Agency Duty",
        "Police Investigate1",
        "Referral route",
        "Practitioner has concerns",
        "Referral to children's social care",
        "Decision within one working day",
        "1 Where a crime may have been committed.",
    ]
    assert layout.element(0).text == "Agency\tDuty\nPolice\tInvestigate"
    assert layout.element(0).footnote_refs == ((1, 30),)
    assert layout.element(2).text.splitlines()[0] == "Referral route"


def test_a_table_row_taller_than_a_page_is_an_error() -> None:
    tall = Table((("Heading",), (" ".join(["word"] * 3000),)))
    with pytest.raises(SpecError, match=r"body\[0\]: a line, table row or flowchart needs \d+pt .* more than a page"):
        rendered(DocSpec("Tall", body=(tall,)))


def test_table_cells_may_be_empty() -> None:
    table = Table((("Agency", "Notes"), ("Police", ""), ("", "")))
    layout, reader, _ = rendered(DocSpec("Empty cells", title_page=False, contents=False, body=(table,)))
    assert layout.element(0).text == "Agency\tNotes\nPolice\t\n\t"
    assert page_lines(reader, 0)[1:] == ["Agency Notes", "Police"]


# --- the document ---------------------------------------------------------------------------


def test_title_page_and_metadata() -> None:
    spec = guidance(metadata=(("Keywords", "safeguarding"), ("Edition", "wt-2015")))
    _, reader, _ = rendered(spec)
    assert page_lines(reader, 0) == [
        "Working Together to Safeguard",
        "Children",
        "A guide to inter-agency working",
        "March 2015",
        "HM Government",
        "Model edition for testing guidediff. Not the official text.",
    ]
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Working Together to Safeguard Children"
    assert metadata.author == "HM Government"
    assert metadata.subject == "A guide to inter-agency working"
    assert metadata.creator == "guidediff testing typesetter"
    assert metadata["/Keywords"] == "safeguarding"
    assert metadata["/Edition"] == "wt-2015"


def test_the_same_spec_gives_the_same_bytes() -> None:
    spec = guidance(metadata=(("Edition", "wt-2015"),), hyphenate=True)
    _, _, first = rendered(spec)
    _, _, second = rendered(spec)
    assert first == second


def test_the_same_spec_gives_the_same_bytes_in_fresh_interpreters() -> None:
    script = textwrap.dedent(
        """
        import hashlib, io, sys
        sys.path[:0] = [{tests!r}]
        from test_testing_pdfgen import guidance
        from guidediff.testing import render
        buffer = io.BytesIO()
        render(guidance(), buffer)
        print(hashlib.sha256(buffer.getvalue()).hexdigest())
        """
    ).format(tests=os.path.dirname(__file__))
    digests = set()
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", script]
        result = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
        digests.add(result.stdout.strip())
    _, _, data = rendered(guidance())
    assert digests == {hashlib.sha256(data).hexdigest()}


def test_specs_and_markup_work_without_reportlab_and_render_says_how_to_get_it() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["reportlab"] = None  # as if the [test] extra were not installed
        import guidediff.testing as testing
        assert testing.parse("title: T\\n---\\nText.").body == (testing.Para("Text."),)
        try:
            testing.render
        except ImportError as error:
            print(error)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == (
        "guidediff.testing needs reportlab to render PDFs; install it with: pip install guidediff[test]"
    )


def test_render_writes_to_a_path(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "guidance.pdf")
    layout = render(guidance(), path)
    assert len(PdfReader(path).pages) == layout.page_count


def test_layout_is_plain_data() -> None:
    layout, _, _ = rendered(guidance())
    data = json.loads(json.dumps(layout.to_dict()))
    assert data["labels"] == ["i", "ii", "iii", "1", "2"]
    assert data["footnotes"][0]["id"] == "prac"
    assert data["elements"][4]["footnote_refs"] == [[1, 59]]


@pytest.mark.parametrize(
    ("body", "options", "message"),
    [
        ((Para("See[^x]."),), {}, r"\[\^x\] is referenced but never defined"),
        ((Para("A[^x] B[^x]."), Footnote("x", "Note.")), {}, "referenced twice"),
        ((Para("A."), Footnote("x", "Note.")), {}, "defined but never referenced"),
        ((Para("A [^x]."), Footnote("x", "Note.")), {}, "must follow a word with no space"),
        ((MainMatter(), Para("A.")), {"front_matter": "none"}, "MainMatter only makes sense"),
        ((Para("A."), MainMatter()), {"front_matter": "roman"}, "followed by content"),
        ((Heading("Deep", level=4),), {}, "heading level 4"),
        ((Table((("a", "b"), ("c",))),), {}, "row 2 has 1 cells"),
        ((Flowchart("Empty", ()),), {}, "at least one step"),
        ((), {"page_number_position": "bottom-left"}, "page_number_position"),
        ((), {"metadata": (("Bad Key", "x"),)}, "metadata key"),
        (("not an element",), {}, r"body\[0\] is a str, not a document element"),
        ((Para(""),), {}, r"body\[0\] \(para\) is empty"),
        ((PageBreak(),), {"title_page": False, "contents": False}, "nothing to draw"),
    ],
)
def test_invalid_specs_are_clear_errors(body: tuple, options: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        DocSpec("Invalid", body=body, **options)


# --- the layout agrees with the PDF for any small document -------------------------------------

_words = st.sampled_from(
    ["children", "safeguarding", "practitioners", "assessment", "the", "of", "local", "authority", "welfare", "a"]
)
_paragraph = st.lists(_words, min_size=1, max_size=120).map(" ".join)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(_paragraph, min_size=1, max_size=14),
    noted=st.sets(st.integers(0, 13)),
    hyphenate=st.booleans(),
)
def test_layout_matches_the_pdf(paragraphs: list[str], noted: set[int], hyphenate: bool) -> None:
    body: list = []
    for number, text in enumerate(paragraphs):
        if number in noted:
            text += f"[^n{number}]"
            body.append(Footnote(f"n{number}", f"Footnote for paragraph {number}. " * (number % 4 + 1)))
        body.append(Para(text, number=f"{number + 1}."))
    layout, reader, _ = rendered(DocSpec("Property", contents=False, hyphenate=hyphenate, body=tuple(body)))

    assert list(reader.page_labels) == list(layout.labels)
    assert len(reader.pages) == layout.page_count
    for placement in layout.elements:
        if placement.kind != "para":
            continue
        # Every page's share of the paragraph's words is printed on that page.
        bounds = [0, *placement.page_offsets, len(placement.text)]
        for page, start, end in zip(placement.pages, bounds, bounds[1:], strict=False):
            share = placement.text[start:end].split()
            printed = " ".join(body_words(reader, page))
            printed = re.sub(r"(?<=[a-z])\d+\b", "", printed)  # footnote markers fused to words
            assert " ".join(share) in printed
        for number, offset in placement.footnote_refs:
            marker_page = placement.pages[bisect.bisect_right(placement.page_offsets, offset - 1)]
            assert layout.footnote(number).page == marker_page
            assert f"{number} Footnote for paragraph" in flat_text(reader, marker_page)
