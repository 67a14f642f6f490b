"""The section tree on documents built directly from blocks (no PDF)."""

from __future__ import annotations

from guidediff.document import Block, BlockKind, Document, Page, Region
from guidediff.structure import build_tree


def _document(*items: tuple) -> Document:
    """(kind, text, x0, x1[, cells, bold, size]) per block, all on page 1, top to bottom."""
    blocks = []
    for seq, item in enumerate(items):
        kind, text, x0, x1, *rest = item
        cells, bold, size = (rest + [(), False, 11.0][len(rest):])[:3]
        blocks.append(Block(kind, text, (0,), seq, cells=cells, bold=bold, font_size=size,
                            regions=(Region(0, x0, 700 - 20 * seq, x1, 712 - 20 * seq),)))
    return Document("An Act", "act.pdf", "0" * 64, (Page(0, "1"),), tuple(blocks))


P, H, R = BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TABLE_ROW


def test_a_division_label_and_the_title_under_it_are_one_heading_above_the_section_headings():
    """legislation.gov.uk: 'PART 1' centred, its title in capitals under it, neither set as a heading."""
    document = _document(
        (P, "PART 1", 270, 320, (), False, 9.0), (P, "CHILDREN", 260, 330, (), False, 9.0),
        (H, "1 Corporate parenting principles", 72, 300, (), True),
        (P, "A local authority in England must have regard to the need to act in the best interests.", 90, 520),
        (P, "CHAPTER 2", 265, 325, (), False, 9.0), (P, "SAFEGUARDING OF", 255, 335, (), False, 9.0),
        (P, "CHILDREN", 260, 330, (), False, 9.0), (P, "PROSPECTIVE", 470, 540, (), False, 9.0),
        (H, "16 Child safeguarding practice review panel", 72, 330, (), True),
        (R, "SCHEDULE 1 | Section 10", 72, 540, ("SCHEDULE 1", "Section 10"), False),
        (P, "SECURE ACCOMMODATION", 250, 340, (), False, 9.0),
        (P, "Part 1 of the Schedule is to be read as follows.", 90, 520))
    tree = build_tree(document)
    outline = [(section.level, section.label, section.heading) for section in tree.walk()][1:]
    assert outline == [
        (1, "PART 1", "PART 1 CHILDREN"),
        (3, "1", "1 Corporate parenting principles"),
        (2, "CHAPTER 2", "CHAPTER 2 SAFEGUARDING OF CHILDREN"),  # the banner at the side is no part of it
        (3, "16", "16 Child safeguarding practice review panel"),
        (1, "SCHEDULE 1", "SCHEDULE 1 SECURE ACCOMMODATION"),
    ]
    assert [block.text for block in tree.children[1].blocks] == ["Part 1 of the Schedule is to be read as follows."]


def test_a_sentence_that_names_a_division_is_no_heading():
    document = _document((P, "Part 2", 72, 110), (P, "applies only to England and Wales.", 72, 300),
                         (P, "Schedule 1 has effect.", 72, 200))
    assert build_tree(document).children == ()


def test_a_schedule_label_read_on_one_line_with_its_enacting_section_is_a_division():
    """Read by geometry (no tags), legislation.gov.uk's 'SCHEDULE 1' and 'Section 1' at the right are one line."""
    document = _document((P, "SCHEDULE 1 Section 1", 72, 540), (P, "CHILDREN'S COMMISSIONER", 250, 340, (), False, 9.0),
                         (P, "The Commissioner is to be a corporation sole.", 90, 400))
    assert [(section.level, section.heading) for section in build_tree(document).children] == [
        (1, "SCHEDULE 1 CHILDREN'S COMMISSIONER")]
