"""The HTML report without a browser: well-formed, self-contained, escaped, complete, proportional in size.

What a browser does with the page (toggles, anchors, no requests) is in
test_html_browser.py; these tests read the markup with html.parser.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import replace
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guidediff.api import compare
from guidediff.render import REPORT
from guidediff.render.report_html import render as render_html
from guidediff.report.model import Change, Edition, Report, SectionEntry, SectionRef, Side, Summary
from guidediff.terms import Mentions, TermChange, TermStatus
from guidediff.testing.pdfgen import render
from guidediff.testing.spec import DocSpec, Heading, Para

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ROOT / "guidediff" / "data" / "editions"
SCRIPT_TAG = "<script>alert(1)</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class Page(HTMLParser):
    """A strict little tree builder: every element closed, in order, and no id used twice."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.feed(html)
        self.close()
        assert self.current is self.root, f"<{self.current.tag}> is never closed"
        self.by_id: dict[str, Node] = {}
        for node in self.root.iter():
            identifier = node.attrs.get("id")
            if identifier is not None:
                assert identifier not in self.by_id, f"id {identifier!r} is used twice"
                self.by_id[identifier] = node

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        assert tag not in VOID, f"</{tag}> closes a void element"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)

    def find_all(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> list[Node]:
        return [node for node in self.root.iter() if (tag is None or node.tag == tag)
                and (class_ is None or class_ in node.classes())
                and all(node.attrs.get(key.replace("_", "-")) == value for key, value in attrs.items())]

    def articles(self) -> list[Node]:
        return [node for node in self.find_all("article") if "chg" in node.classes()]


@pytest.fixture(scope="module")
def model_report() -> Report:
    return compare(EDITIONS / "wt-2013.pdf", EDITIONS / "wt-2015.pdf")


@pytest.fixture(scope="module")
def model_html(model_report) -> str:
    return render_html(model_report)


@pytest.fixture(scope="module")
def model_page(model_html) -> Page:
    return Page(model_html)


def _spec(hostile: bool) -> DocSpec:
    extra = (Para(f"Staff should report {SCRIPT_TAG} at once.", number="3"),
             Para(f"Quote the reference {ATTRIBUTE_BREAKOUT} in every referral.", number="4")) if hostile else ()
    return DocSpec(
        title="Guidance on referrals",
        date="March 2015" if hostile else "March 2013",
        body=(
            Heading("Introduction", 1),
            Para("This guidance explains how to make a referral to children's social care.", number="1"),
            Para("Practitioners should share information early." + (f" {SCRIPT_TAG}" if hostile else ""), number="2"),
            *extra,
            Heading("Making a referral" + (f" {ATTRIBUTE_BREAKOUT}" if hostile else ""), 1),
            Para("A referral should set out the concern and what is known about the child.", number=str(len(extra) + 3)),
        ),
    )


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Report:
    folder = tmp_path_factory.mktemp("hostile")
    render(_spec(False), folder / "old.pdf")
    render(_spec(True), folder / "new.pdf")
    return compare(folder / "old.pdf", folder / "new.pdf", watchlist=None)


def _side(number: int, text: str) -> Side:
    return Side(str(number), (str(number // 3 + 1),), text, section=("Part one", f"Section {number // 10}"))


def synthetic_report(changes: int) -> Report:
    """A report with ``changes`` modified paragraphs, ten to a section."""
    old = Edition("Old guidance", "old.pdf", "a" * 64, 200, "Guidance 2024", "2024")
    new = Edition("New guidance", "new.pdf", "b" * 64, 210, "Guidance 2025", "2025")
    sections, items = [], []
    for index in range(changes):
        section_id = f"s-{index // 10}"
        if index % 10 == 0:
            ref = SectionRef(("Part one", f"Section {index // 10}"), f"Section {index // 10}", (str(index // 3 + 1),))
            sections.append(SectionEntry(section_id, "matched", (ref,), (ref,), 0.95, "heading", (), 10, 0))
        before = f"Practitioners should record decision {index} and the reasons for it in the child's file."
        diff = (("=", f"Practitioners should record decision {index} and the reasons for it "), ("-", "in"),
                ("+", "on"), ("=", " the child's file."))
        items.append(Change(f"c-{index}", "modified", ("Part one", f"Section {index // 10}"), _side(index, before),
                            _side(index, before.replace(" in the", " on the")), diff, 0.97, index % 7 != 0,
                            None if index % 7 else "cross-references only follow the renumbering of paragraphs",
                            ("neglect",) if index % 5 == 0 else (), section_id,
                            f"Guidance 2025, p. {index // 3 + 1}, para {index} (2024: p. {index // 3 + 1}, para {index})"))
    summary = Summary({"modified": len(sections)}, {"substantive": sum(c.substantive for c in items),
                                                     "bookkeeping": sum(not c.substantive for c in items),
                                                     "modified": changes})
    terms = (TermChange("neglect", "Neglect", Mentions(1, ("5",)), Mentions(3, ("5", "9")), TermStatus.MORE, ("9",)),)
    return Report(old, new, summary, tuple(sections), tuple(items), terms, generator_version="test")


# --- well-formed and self-contained --------------------------------------------------


def test_model_report_parses_with_unique_ids(model_page):
    assert model_page.find_all("html")[0].attrs["lang"] == "en"
    assert [node.tag for node in model_page.find_all() if node.tag in ("header", "nav", "main", "section", "article")]


def test_no_external_resources(model_html, model_page):
    loads = [(node.tag, name, value) for node in model_page.root.iter() for name, value in node.attrs.items()
             if name in ("src", "href", "srcset", "poster", "data", "action", "formaction") and node.tag != "a"]
    assert loads == []
    assert not model_page.find_all("link") and not model_page.find_all("img") and not model_page.find_all("iframe")
    for link in model_page.find_all("a"):
        assert link.attrs["href"].startswith("#"), link.attrs["href"]
    assert "@import" not in model_html and "url(" not in model_html


def test_content_security_policy_allows_only_the_inline_style_and_script(model_page):
    meta = [node for node in model_page.find_all("meta") if node.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(meta) == 1
    policy = meta[0].attrs["content"]
    assert "default-src 'none'" in policy and "unsafe" not in policy

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    (style,) = model_page.find_all("style")
    assert f"style-src {digest(style.text())}" in policy
    scripts = [node for node in model_page.find_all("script") if node.attrs.get("type") != "application/json"]
    assert len(scripts) == 1
    assert f"script-src {digest(scripts[0].text())}" in policy
    # The meta tag must come before anything it governs.
    head = model_page.find_all("head")[0]
    tags = [child.tag for child in head.children if isinstance(child, Node)]
    assert tags.index("meta", 1) < tags.index("style")


def test_rendering_is_deterministic(model_report, model_html):
    assert render_html(model_report) == model_html
    assert render_html(Report.from_dict(json.loads(REPORT.render(model_report, "json")))) == model_html


# --- content ---------------------------------------------------------------------------


def test_every_change_has_an_anchor_a_link_and_a_citation(model_report, model_page):
    assert model_report.changes
    for change in model_report.changes:
        article = model_page.by_id[change.id]
        assert article.tag == "article"
        links = [node for node in article.iter() if node.tag == "a" and node.attrs.get("href") == f"#{change.id}"]
        assert links, change.id
        (cite,) = [node for node in article.iter() if "cite-text" in node.classes()]
        assert cite.text() == change.citation
        assert any(node.tag == "button" and node.attrs.get("type") == "button" for node in article.iter())


def test_bookkeeping_changes_are_present_but_hidden(model_report, model_page):
    bookkeeping = [change for change in model_report.changes if not change.substantive]
    assert bookkeeping, "the model editions renumber paragraphs, so some change is bookkeeping"
    for change in model_report.changes:
        article = model_page.by_id[change.id]
        assert ("hidden" in article.attrs) is (not change.substantive), change.id
        assert article.attrs["data-sub"] == ("1" if change.substantive else "0")
    assert model_page.by_id["gd-bookkeeping"].attrs.get("checked") is None


def test_summary_lists_editions_counts_and_new_topics(model_report, model_page):
    summary = model_page.find_all("section", class_="summary")[0]
    text = " ".join(summary.text().split())
    for edition in (model_report.old, model_report.new):
        assert edition.name in text
        assert edition.sha256[:12] in text
        assert any(node.attrs.get("title") == edition.sha256 for node in summary.iter())
    assert f"{len(model_report.substantive_changes)} substantive changes" in text
    assert "Radicalisation — new — p. 15, 56" in text
    assert "Safer recruitment — gone —" in text
    toc = model_page.by_id["gd-toc"]
    targets = {node.attrs["href"][1:] for node in toc.iter() if node.tag == "a"}
    assert targets and all(target in model_page.by_id for target in targets)


def test_summary_names_the_source_and_the_pages_compared():
    report = synthetic_report(2)
    report = replace(report, old=replace(report.old, source="model edition", edition="wt-2013", page_range=("7", "24")))
    page = Page(render_html(report))
    card = " ".join(page.find_all("div", class_="ed-old")[0].text().split())
    assert "model edition wt-2013" in card
    assert "200; printed pages 7–24 compared" in card


def test_sections_show_renames_and_added_sections(model_report, model_page):
    # Section anchors are the heading block's sequence number: found from the report, not hard-coded.
    renamed_id = next(entry.id for entry in model_report.sections
                      if entry.new and entry.new[0].heading == "Home Office immigration and border services")
    added_id = next(entry.id for entry in model_report.sections
                    if entry.kind == "added" and entry.new[0].heading.startswith("Notifiable incidents"))
    renamed = model_page.by_id[renamed_id]
    text = " ".join(renamed.text().split())
    assert "Home Office immigration and border services" in text
    assert "Renamed: was “[deleted: The United Kingdom Border Agency]”" in text
    added = " ".join(model_page.by_id[added_id].text().split())
    short = model_report.new.short
    assert f"New section in {short}" in added and f"{short}: pp. 73–74" in added


def test_each_changed_paragraph_has_both_views_and_numbers(model_report, model_page):
    change = next(c for c in model_report.changes if c.kind == "modified" and c.substantive and c.old.number)
    article = model_page.by_id[change.id]
    text = " ".join(article.text().split())
    assert f"para {change.old.number}, p. {change.old.pages[0]}" in text
    assert f"para {change.new.number}, p. {change.new.pages[0]}" in text
    views = {cls for node in article.iter() for cls in node.classes() & {"rl", "sbs", "col-old", "col-new"}}
    assert views == {"rl", "sbs", "col-old", "col-new"}
    deleted = [node.text() for node in article.iter() if node.tag == "del"]
    inserted = [node.text() for node in article.iter() if node.tag == "ins"]
    assert all(text.startswith("[deleted: ") for text in deleted) and deleted
    assert all(text.startswith("[inserted: ") for text in inserted) and inserted


def test_unchanged_sections_are_collapsed_at_the_end(model_report, model_page):
    quiet = model_page.find_all("section", class_="quiet")[0]
    (details,) = [node for node in quiet.iter() if node.tag == "details"]
    assert "open" not in details.attrs
    items = [node for node in details.iter() if node.tag == "li"]
    assert len(items) == sum(1 for entry in model_report.sections
                             if entry.kind == "matched" and not entry.flags and not entry.changes and not entry.bookkeeping)
    assert re.search(rf"{re.escape(model_report.old.short)}: pp?\. \d", items[0].text())


def test_only_changed_paragraphs_are_embedded(model_report, model_html):
    changed_text = sum(len((c.old.text if c.old else "") + (c.new.text if c.new else "")) for c in model_report.changes)
    # Both views of a change hold its text about twice; the rest is markup and the fixed page.
    assert len(model_html) < 60_000 + 8 * changed_text


def test_structural_sections_say_where_they_came_from_or_went():
    report = synthetic_report(0)

    def ref(path: tuple[str, ...], pages: tuple[str, ...], label: str | None = None) -> SectionRef:
        return SectionRef(path, path[-1], pages, label)

    sections = (
        SectionEntry("s-split", "split", (ref(("Part one", "Referrals and assessment"), ("8", "9")),),
                     (ref(("Part one", "Referrals"), ("8",)), ref(("Part one", "Assessment"), ("10",))), 0.9, "content"),
        SectionEntry("s-merged", "merged", (ref(("Part two", "Police"), ("20",)), ref(("Part two", "Probation"), ("21",))),
                     (ref(("Part two", "Criminal justice"), ("22",)),), 0.9, "content"),
        SectionEntry("s-moved", "moved", (ref(("Part two", "Online safety"), ("30",), "Section 4"),),
                     (ref(("Part three", "Online safety"), ("40",), "Section 7"),), 1.0, "heading", ("moved", "new-parent")),
        SectionEntry("s-removed", "removed", (ref(("Part two", "Connexions"), ("33",)),), (), 0.0, "none"),
        SectionEntry("s-added", "added", (), (ref(("Part three", "Filtering and monitoring"), ("41", "42")),), 0.0, "none"),
    )
    moved = Change("c-moved", "moved", ("Part three", "Online safety"),
                   Side("5", ("30",), "Children should be taught about online safety.", section=("Part two", "Online safety")),
                   Side("9", ("40",), "Children should be taught about online safety.", section=("Part three", "Online safety")),
                   (("=", "Children should be taught about online safety."),), 1.0, True, section_id="s-moved",
                   citation="Guidance 2025, p. 40, para 9 (2024: p. 30, para 5)")
    page = Page(render_html(replace(report, sections=sections, changes=(moved,))))

    def text(identifier: str) -> str:
        return " ".join(page.by_id[identifier].text().split())

    assert "Split: “Referrals and assessment” (2024, pp. 8–9) became “Referrals” (p. 8); “Assessment” (p. 10)" in text("s-split")
    assert "Merged: “Police” (p. 20); “Probation” (p. 21) in 2024 became “Criminal justice” (p. 22)" in text("s-merged")
    assert "was under Part two (2024, p. 30); now under Part three" in text("s-moved")
    assert "Renumbered: Section 4 in 2024, Section 7 in 2025" in text("s-moved")
    assert "Moved from Part two › Online safety" in text("c-moved")
    assert "Removed: in 2024 on p. 33; not in 2025" in text("s-removed")
    assert "New section in 2025" in text("s-added")
    toc = {node.attrs["href"][1:] for node in page.by_id["gd-toc"].iter() if node.tag == "a"}
    assert toc == {"s-split", "s-merged", "s-moved", "s-removed", "s-added"}


# --- safety ------------------------------------------------------------------------------


def test_hostile_pdf_text_is_escaped(hostile_report):
    shown = [c for c in hostile_report.changes if SCRIPT_TAG in (c.new.text if c.new else "")]
    assert shown, "the generated PDF must carry the hostile text into the report"
    html = render_html(hostile_report)
    page = Page(html)
    assert SCRIPT_TAG not in html and ATTRIBUTE_BREAKOUT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not page.find_all("img")
    assert [node.attrs.get("type") for node in page.find_all("script")] == ["application/json", None]
    assert not [name for node in page.root.iter() for name in node.attrs if name.startswith("on")]
    text = page.root.text()
    assert SCRIPT_TAG in text and ATTRIBUTE_BREAKOUT in text


def test_hostile_report_values_are_escaped_everywhere():
    report = synthetic_report(3)
    evil = f"{SCRIPT_TAG}{ATTRIBUTE_BREAKOUT}</script><!--"
    report = replace(
        report,
        old=replace(report.old, name=evil, short=evil, title=evil, path=evil, source=evil, edition=evil),
        new=replace(report.new, name=evil, short=evil, title=evil, sha256=evil * 2),
        sections=tuple(replace(entry, old=(replace(entry.old[0], heading=evil, path=(evil, evil)),), flags=(evil,))
                       for entry in report.sections),
        changes=tuple(replace(change, concepts=(evil,), citation=evil, reason=evil, kind="modified",
                              diff=(("=", evil), ("-", evil), ("+", evil))) for change in report.changes),
        terms=(TermChange(evil, evil, Mentions(0, ()), Mentions(2, (evil,)), TermStatus.NEW, (evil,)),),
        watchlist=evil, generator_version=evil,
    )
    html = render_html(report)
    page = Page(html)
    assert "<script>alert" not in html and "<img" not in html and "<!--" not in html
    assert [node.attrs.get("type") for node in page.find_all("script")] == ["application/json", None]
    (data,) = page.find_all("script", type="application/json")
    assert json.loads(data.text())["old"] == evil
    assert page.root.text().count(SCRIPT_TAG) > 10


# --- scale ---------------------------------------------------------------------------------


def test_size_grows_linearly_with_the_changes():
    base = len(render_html(synthetic_report(0)))
    small = len(render_html(synthetic_report(10))) - base
    large = len(render_html(synthetic_report(1000))) - base
    assert 80 < large / small < 120
    assert large / 1000 < 4000, "a one-word change should cost a few kilobytes at most"


def test_empty_report_renders():
    page = Page(render_html(synthetic_report(0)))
    assert "No paragraph changed." in page.root.text()


def test_changes_outside_any_section_are_grouped_by_path():
    report = synthetic_report(12)
    report = replace(report, changes=tuple(replace(change, section_id=None) for change in report.changes))
    page = Page(render_html(report))
    sections = [node for node in page.find_all("section") if "sec" in node.classes()]
    assert len(sections) == 2
    assert all(change.id in page.by_id for change in report.changes)
