"""Kinds are StrEnums, and every member has words in the wording every renderer reads."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

import guidediff
from guidediff.align import ParagraphKind, SectionKind
from guidediff.api import compare
from guidediff.lineage import HOW_VALUES, StepHow
from guidediff.quotes import PlaceKind, Status
from guidediff.checks import WarningKind
from guidediff.render import REPORT, wording
from guidediff.report.model import ChangeKind, QuoteFate, Report, Side
from guidediff.terms import TermStatus

VOCABULARIES = [
    (SectionKind, wording.SECTION_KIND_WORDS),
    (ChangeKind, wording.CHANGE_KIND_WORDS),
    (StepHow, wording.STEP_WORDS),
    (TermStatus, wording.TERM_STATUS_WORDS),
    (Status, wording.QUOTE_STATUS_WORDS),
    (QuoteFate, wording.QUOTE_FATE_WORDS),
    (WarningKind, wording.WARNING_WORDS),
]


@pytest.mark.parametrize(("kind", "words"), VOCABULARIES, ids=lambda value: getattr(value, "__name__", ""))
def test_every_member_of_every_kind_has_words(kind, words):
    missing = [member.value for member in kind if not words.get(member)]
    assert not missing, f"{kind.__name__} members without wording: {missing}"
    assert set(words) == {member.value for member in kind}, "wording for a kind that does not exist"


def test_kinds_agree_between_stages():
    # A change is a paragraph link that is not "same", or a figure (the images stage compares drawings, not paragraphs);
    # a history step is a section link or a thread's start/end.
    assert {member.value for member in ChangeKind} - {"figure"} == {member.value for member in ParagraphKind} - {"same"}
    assert {member.value for member in StepHow} - {"absent", "first appears"} == \
        {member.value for member in SectionKind} - {"added"}
    assert set(HOW_VALUES) == set(StepHow)
    # A report's quotation fate is the new edition's find status against the old one.
    from guidediff.quotes import _PAIR_FATE

    assert set(_PAIR_FATE) == set(Status) - {Status.PRESENT} and set(_PAIR_FATE.values()) == set(QuoteFate)
    assert {member.value for member in PlaceKind} == {"exact", "close"}


def test_no_renderer_keeps_its_own_kind_words():
    render = Path(guidediff.__file__).parent / "render"
    for module in render.glob("*.py"):
        if module.name == "wording.py":
            continue
        source = module.read_text(encoding="utf-8")
        assert "unchanged heading" not in source and "KIND_WORDS = " not in source, module.name


@pytest.fixture(scope="module")
def every_kind_report() -> Report:
    """The model editions' report, with one change of each kind (moved, split and merged ones made from a modified one)."""
    report = compare("wt-2013", "wt-2015", watchlist=None)
    by_kind = {change.kind: change for change in report.substantive_changes}
    modified = by_kind[ChangeKind.MODIFIED]
    by_kind[ChangeKind.MOVED] = replace(modified, id="c-moved", kind=ChangeKind.MOVED,
                                        citation="Working Together 2015, p. 99, para 99 (2013: p. 98, para 98)")
    drawing = Side(None, ("98",), "", "figure")
    by_kind[ChangeKind.FIGURE] = replace(modified, id="c-figure", kind=ChangeKind.FIGURE, diff=(),
                                         old=drawing, new=replace(drawing, pages=("99",)), similarity=0.9, concepts=(),
                                         citation="Working Together 2015, p. 99, figure (2013: p. 98, figure)")
    by_kind[ChangeKind.SPLIT] = replace(modified, id="c-split", kind=ChangeKind.SPLIT, parts=(modified.new, modified.new),
                                        citation="Working Together 2015, p. 97, para 97 (2013: p. 96, para 96)")
    by_kind[ChangeKind.MERGED] = replace(modified, id="c-merged", kind=ChangeKind.MERGED, parts=(modified.old, modified.old),
                                         citation="Working Together 2015, p. 95, para 95 (2013: p. 94, para 94)")
    return replace(report, changes=tuple(by_kind[kind] for kind in ChangeKind))


def _readable(report: Report, name: str) -> str:
    output = REPORT.render(report, name)
    if name == "docx":
        docx = pytest.importorskip("docx")
        document = docx.Document(io.BytesIO(output))
        return "\n".join([p.text for p in document.paragraphs]
                         + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
    return output if isinstance(output, str) else output.decode("utf-8")


@pytest.mark.parametrize("name", REPORT.names)
def test_every_change_kind_is_named_in_every_report_format(every_kind_report, name):
    """Each change is labelled with its kind's words, next to its citation, in every format."""
    text = _readable(every_kind_report, name)
    for change in every_kind_report.changes:
        label = wording.CHANGE_KIND_WORDS[change.kind]
        if name == "json":
            found = [item["kind"] for item in json.loads(text)["changes"] if item["id"] == change.id]
            assert found == [label]
        elif name == "csv":
            rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
            assert [row["kind"] for row in rows if row["id"] == change.id] == [label]
        elif name == "html":
            assert re.search(rf'id="{change.id}".*?class="badge k-{label}">{label}</span>', text, re.DOTALL), change.id
        else:  # text, Markdown, the briefing: the label just before the citation
            at = text.find(change.citation)
            assert at > 0, (name, change.id)
            assert label in text[max(0, at - 30):at].lower(), (name, change.id, text[max(0, at - 30):at])
