"""The markup format for hand-written test documents and model editions."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from guidediff.testing import (
    Bullet,
    DocSpec,
    Flowchart,
    Footnote,
    Heading,
    MainMatter,
    MarkupError,
    PageBreak,
    Para,
    SpecError,
    Table,
    parse,
    parse_file,
)

SAMPLE = textwrap.dedent(
    r"""
    title: Working Together to Safeguard Children
    subtitle: A guide to inter-agency working to safeguard and promote the welfare of children
    date: March 2015
    publisher: HM Government
    notice: Model edition for testing guidediff. Not the official text.
    page-numbers: bottom-centre
    running-header: Working Together to Safeguard Children
    front-matter: roman
    contents: yes
    bookmarks: yes
    hyphenate: no
    meta.Keywords: safeguarding
    ---
    # Level-1 heading
    ## Level-2 heading
    ### Level-3 heading
    12. A numbered paragraph; the number is printed exactly as written ("12.").
    5.23 A chapter-decimal numbered paragraph (printed "5.23").

    An unnumbered paragraph. Consecutive non-blank lines join into one paragraph;
    a blank line ends it.

    \2010 was … (a leading backslash escapes a paragraph that starts with a number)
    - a bullet
      - a nested bullet (two-space indent)
    A paragraph with a footnote reference[^abc] inside it.
    [^abc]: The footnote's text (a line starting with "[^id]:" anywhere in the file).
    \newpage
    \mainmatter
    \flowchart Title of the flowchart | First step | Second step | Third step
    \table
    | Header A | Header B |
    | cell | cell |
    \endtable
    % a comment line (ignored)
    """
).lstrip()


def document(body: str, header: str = "title: Test") -> DocSpec:
    return parse(f"{header}\n---\n{textwrap.dedent(body)}")


def test_the_sample_parses_to_exactly_these_elements() -> None:
    spec = parse(SAMPLE)
    assert spec == DocSpec(
        title="Working Together to Safeguard Children",
        subtitle="A guide to inter-agency working to safeguard and promote the welfare of children",
        date="March 2015",
        publisher="HM Government",
        notice="Model edition for testing guidediff. Not the official text.",
        page_number_position="bottom-centre",
        running_header="Working Together to Safeguard Children",
        front_matter="roman",
        contents=True,
        bookmarks=True,
        hyphenate=False,
        metadata=(("Keywords", "safeguarding"),),
        body=(
            Heading("Level-1 heading", 1),
            Heading("Level-2 heading", 2),
            Heading("Level-3 heading", 3),
            Para('A numbered paragraph; the number is printed exactly as written ("12.").', "12."),
            Para('A chapter-decimal numbered paragraph (printed "5.23").', "5.23"),
            Para("An unnumbered paragraph. Consecutive non-blank lines join into one paragraph; a blank line ends it."),
            Para("2010 was … (a leading backslash escapes a paragraph that starts with a number)"),
            Bullet("a bullet", 1),
            Bullet("a nested bullet (two-space indent)", 2),
            Para("A paragraph with a footnote reference[^abc] inside it."),
            Footnote("abc", 'The footnote\'s text (a line starting with "[^id]:" anywhere in the file).'),
            PageBreak(),
            MainMatter(),
            Flowchart("Title of the flowchart", ("First step", "Second step", "Third step")),
            Table((("Header A", "Header B"), ("cell", "cell"))),
        ),
    )


def test_the_sample_renders() -> None:
    pytest.importorskip("reportlab")
    from pypdf import PdfReader

    from guidediff.testing import render

    buffer = io.BytesIO()
    layout = render(parse(SAMPLE), buffer)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert layout.labels == ("i", "ii", "iii", "1")
    assert list(reader.page_labels) == list(layout.labels)
    assert [(heading.text, heading.label) for heading in layout.headings] == [
        ("Level-1 heading", "iii"),
        ("Level-2 heading", "iii"),
        ("Level-3 heading", "iii"),
    ]
    assert layout.footnote(1).id == "abc"
    assert "reference1 inside it." in reader.pages[2].extract_text()
    # In a footnote's own text "[^id]" is ordinary text.
    note = '1 The footnote\'s text (a line starting with "[^id]:" anywhere in the file).'
    assert note in reader.pages[2].extract_text()
    assert "Title of the flowchart" in reader.pages[3].extract_text()
    assert reader.metadata is not None and reader.metadata["/Keywords"] == "safeguarding"


def test_parse_file_reads_utf8(tmp_path: Path) -> None:
    path = tmp_path / "sample.gdm"
    path.write_text(SAMPLE, encoding="utf-8")
    assert parse_file(path) == parse(SAMPLE)


def test_parse_file_names_the_line_of_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.gdm"
    path.write_bytes("title: Test\n---\nCaf\u00e9 society.\n".encode("latin-1"))
    with pytest.raises(MarkupError, match=r"line 3: .*latin1\.gdm is not UTF-8 text \(byte 0xe9\)") as error:
        parse_file(path)
    assert error.value.line == 3


# --- header -----------------------------------------------------------------------------------


def test_header_defaults_and_every_key() -> None:
    assert document("Text.") == DocSpec("Test", body=(Para("Text."),))
    header = "\n".join(
        [
            "% a comment",
            "title: T",
            "",
            "page-numbers: top-right",
            "front-matter: none",
            "page-size: Letter",
            "contents: no",
            "bookmarks: false",
            "hyphenate: yes",
            "page-labels: no",
            "title-page: no",
            "meta.Subject: Model edition",
            "meta.guidediff.edition: wt-2015",
        ]
    )
    spec = document("Text.", header)
    assert (spec.page_number_position, spec.front_matter, spec.page_size) == ("top-right", "none", "Letter")
    assert (spec.contents, spec.bookmarks, spec.hyphenate, spec.page_labels, spec.title_page) == (
        False,
        False,
        True,
        False,
        False,
    )
    assert spec.metadata == (("Subject", "Model edition"), ("guidediff.edition", "wt-2015"))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: T\ncolour: blue\n---\n", 2, "unknown header key 'colour'"),
        ("title: T\ntitle: U\n---\n", 2, "header key 'title' repeats line 1"),
        ("title: T\npage-numbers: left\n---\n", 2, "page-numbers must be one of"),
        ("title: T\ncontents: maybe\n---\n", 2, "contents must be yes or no"),
        ("title: T\nsubtitle:\n---\n", 2, "has no value"),
        ("title: T\nmeta.: x\n---\n", 2, "needs a PDF name after 'meta.'"),
        ("title: T\njust words\n---\n", 2, "expected 'key: value'"),
        ("subtitle: S\n---\n", 2, "no 'title:' line"),
        ("title: T\n# Heading\n", 2, "expected 'key: value'"),
        ("title: T\n", 1, "no '---' line ends the header"),
        ("title: Arrows →\n---\n", 1, "U\\+2192"),
    ],
)
def test_header_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(MarkupError, match=message) as error:
        parse(text)
    assert error.value.line == line
    assert str(error.value).startswith(f"line {line}: ")


# --- body ---------------------------------------------------------------------------------------


def test_numbers_start_paragraphs_and_bare_integers_do_not() -> None:
    spec = document(
        """\
        1. First.
        2. Second,
        continued.
        2010 was a year.
        1.5 million children
        \\1.5 million children, escaped, go on with the paragraph.

        \\1.5 million children
        12.
        Text on the next line.
        5.23. Dotted with a final stop.
        """
    )
    assert spec.body == (
        Para("First.", "1."),
        Para("Second, continued. 2010 was a year.", "2."),
        Para("million children 1.5 million children, escaped, go on with the paragraph.", "1.5"),
        Para("1.5 million children"),
        Para("Text on the next line.", "12."),
        Para("Dotted with a final stop.", "5.23."),
    )


def test_escapes_make_any_line_text() -> None:
    spec = document(
        """\
        \\- not a bullet

        \\# not a heading

        \\% of children

        \\\\newpage is not a directive
        Text
        \\- continues a paragraph.
        """
    )
    assert spec.body == (
        Para("- not a bullet"),
        Para("# not a heading"),
        Para("% of children"),
        Para("\\newpage is not a directive Text - continues a paragraph."),
    )


def test_bullets_nest_by_indent_and_continue_only_on_indented_lines() -> None:
    spec = document(
        """\
        - one
          continued
          - two
            continued
            - three
        Not part of the list.
        - again
        """
    )
    assert spec.body == (
        Bullet("one continued", 1),
        Bullet("two continued", 2),
        Bullet("three", 3),
        Para("Not part of the list."),
        Bullet("again", 1),
    )


def test_headings_are_one_line_and_comments_do_not_end_a_paragraph() -> None:
    spec = document(
        """\
        # Chapter one
        First line
        % a note to the author
        second line.
        #hashtag is text
        """
    )
    assert spec.body == (Heading("Chapter one"), Para("First line second line. #hashtag is text"))


def test_footnotes_may_be_defined_before_or_after_and_continue_over_lines() -> None:
    spec = document(
        """\
        [^later]: Defined before its reference,
        over two lines.

        See this[^later] and that[^first].
        [^first]: Defined after.
        """
    )
    assert spec.body == (
        Footnote("later", "Defined before its reference, over two lines."),
        Para("See this[^later] and that[^first]."),
        Footnote("first", "Defined after."),
    )
    assert spec.footnote_numbers() == {"later": 1, "first": 2}


def test_tables_and_flowcharts() -> None:
    spec = document(
        """\
        \\table
        | Agency | Duty \\| role |

        % the one row
        | Police | Investigate |
        \\endtable
        \\flowchart Referral | Concern \\| worry | Decision
        """
    )
    assert spec.body == (
        Table((("Agency", "Duty | role"), ("Police", "Investigate"))),
        Flowchart("Referral", ("Concern | worry", "Decision")),
    )


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Text.\n\\include other.gdm\n", 5, r"unknown directive \\include"),
        ("\\newpage now\n", 4, r"\\newpage takes nothing after it"),
        ("\\table\n| a | b |\n", 4, r"\\table has no \\endtable"),
        ("\\table\n| a | b |\n| c |\n\\endtable\n", 6, "this row has 1 cells, the table's first row has 2"),
        ("\\table\nnot a row\n\\endtable\n", 5, "a table row is written"),
        ("\\table\n\\endtable\n", 4, "the table has no rows"),
        ("\\endtable\n", 4, r"\\endtable without \\table"),
        ("\\flowchart Title only\n", 4, "write \\\\flowchart Title"),
        ("#### Too deep\n", 4, "headings go to level 3"),
        (" - odd indent\n", 4, "indented with 2 spaces per level"),
        ("\t- tab indent\n", 4, "indented with 2 spaces per level"),
        ("Para.\n\n12.\n\n", 6, "paragraph 12. has no text"),
        ("[^x]:\n", 4, r"footnote \[\^x\] has no text"),
        ("First.\n\nSee[^missing].\n", 6, r"footnote \[\^missing\] is referenced but never defined"),
        ("A[^n].\n[^n]: Note.\n\nB[^n].\n", 7, "referenced twice"),
        ("Text.\n\n[^unused]: Never referenced.\n", 6, "defined but never referenced"),
        ("Text.\n\\mainmatter\nMore.\n", 5, "MainMatter only makes sense with front_matter='roman'"),
        ("Text with an arrow →.\n", 4, "U\\+2192"),
    ],
)
def test_body_errors_name_the_line(body: str, line: int, message: str) -> None:
    with pytest.raises(MarkupError, match=message) as error:
        parse(f"% header\ntitle: T\n---\n{body}")
    assert error.value.line == line
    assert isinstance(error.value, ValueError) and isinstance(error.value, SpecError)
    assert "body[" not in str(error.value)  # the line number is the reference, not the element index
