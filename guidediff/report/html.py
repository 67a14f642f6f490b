"""The report as one self-contained HTML page: summary first, then the changes section by section.

Everything the page needs is inline (CSS, a small script, no fonts or images), and a
Content-Security-Policy meta tag allows only that inline style and script, by their
SHA-256 hashes, so the page cannot fetch or run anything else even if some text were
ever left unescaped. All text from the PDFs goes through jinja2's autoescaping; the
only values marked safe are the package's own stylesheet and script.

Only changed paragraphs are embedded, so the file grows with the number of changes,
not with the length of the editions. Filtering and the view switch toggle attributes
on the ``<article>`` of each change; nothing is built per word in the browser.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from guidediff.report.model import Change, Edition, Report, SectionEntry, SectionRef, Side

CHANGE_KINDS = ("modified", "added", "removed", "moved")
STRUCTURAL_KINDS = ("renamed", "renumbered", "moved", "split", "merged", "added", "removed")
BLOCK_WORDS = {"list_item": "list item", "table_row": "table row", "heading": "heading"}


@dataclass(slots=True)
class SectionGroup:
    """One section of the page: a section link (or the changes outside any) and its changes."""

    id: str
    entry: SectionEntry | None
    path: tuple[str, ...]
    changes: list[Change] = field(default_factory=list)

    @property
    def structural(self) -> bool:
        return self.entry is not None and (self.entry.kind != "matched" or bool(self.entry.flags))

    @property
    def substantive(self) -> int:
        return sum(1 for change in self.changes if change.substantive)

    @property
    def bookkeeping(self) -> int:
        return sum(1 for change in self.changes if not change.substantive)

    @property
    def heading(self) -> str:
        if self.entry is not None:
            ref = (self.entry.new or self.entry.old)[0]
            return ref.heading
        return self.path[-1] if self.path else "Front matter"

    @property
    def parents(self) -> tuple[str, ...]:
        if self.entry is not None:
            ref = (self.entry.new or self.entry.old)[0]
            return ref.path[:-1]
        return self.path[:-1]

    @property
    def hidden_by_default(self) -> bool:
        """Only bookkeeping inside and no structural change: hidden until bookkeeping is shown."""
        return not self.structural and self.substantive == 0


def pages(labels: Iterable[str]) -> str:
    """"p. 5", "pp. 5–7" from printed page labels; "" when there are none."""
    labels = tuple(labels)
    if not labels:
        return ""
    return f"p. {labels[0]}" if len(labels) == 1 else f"pp. {labels[0]}–{labels[-1]}"


def page_list(labels: Iterable[str]) -> str:
    """"p. 15", "p. 15, 56": every page, for watched topics, where gaps matter."""
    labels = tuple(labels)
    return f"p. {', '.join(labels)}" if labels else ""


def spaced(text: str) -> tuple[str, str, str]:
    """"  words " as ("  ", "words", " "): the marks of a diff cover words, not the spaces around them."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    return lead, core, text[len(lead) + len(core):]


def where(side: Side | None) -> str:
    """"para 44, p. 26", "footnote 3, p. 12", "list item, p. 8" for one side of a change."""
    if side is None:
        return ""
    if side.block == "footnote":
        label = f"footnote {side.footnote}" if side.footnote else "footnote"
    elif side.number:
        label = f"para {side.number}"
    else:
        label = BLOCK_WORDS.get(side.block, "")
    return ", ".join(part for part in (label, pages(side.pages)) if part)


def group_changes(report: Report) -> tuple[list[SectionGroup], list[SectionEntry]]:
    """The page's sections in reading order, and the sections with nothing to report.

    Changes are listed in the new edition's reading order and sections likewise, so
    each group takes the position of its section link; changes outside any section
    link (front matter) stay just after the group before them.
    """
    position = {entry.id: index for index, entry in enumerate(report.sections)}
    groups: dict[str, SectionGroup] = {}
    keys: list[tuple[int, int, str]] = []
    last_position = -1
    for change in report.changes:
        if change.section_id in position:
            key = change.section_id
            last_position = position[key]
            if key not in groups:
                groups[key] = SectionGroup(key, report.sections[last_position], change.section)
                keys.append((last_position, len(keys), key))
        else:
            key = "gd-part-" + "-".join(change.section) if change.section else "gd-front-matter"
            if key not in groups:
                groups[key] = SectionGroup(f"gd-sec-{len(groups) + 1}", None, change.section)
                keys.append((last_position, len(keys), key))
        groups[key].changes.append(change)
    quiet: list[SectionEntry] = []
    for index, entry in enumerate(report.sections):
        if entry.id in groups:
            continue
        group = SectionGroup(entry.id, entry, (entry.new or entry.old)[0].path)
        if group.structural:
            groups[entry.id] = group
            keys.append((index, -1, entry.id))
        else:
            quiet.append(entry)
    return [groups[key] for _, _, key in sorted(keys)], quiet


def _concept_labels(report: Report) -> dict[str, str]:
    return {term.concept: term.label for term in report.terms}


def _renamed(refs_old: tuple[SectionRef, ...], refs_new: tuple[SectionRef, ...]) -> bool:
    return bool(refs_old and refs_new) and refs_old[0].heading != refs_new[0].heading


def _renumbered(refs_old: tuple[SectionRef, ...], refs_new: tuple[SectionRef, ...]) -> bool:
    return (bool(refs_old and refs_new) and refs_old[0].label is not None and refs_new[0].label is not None
            and refs_old[0].label != refs_new[0].label)


@cache
def _assets() -> tuple[Markup, str, Markup, str]:
    """The stylesheet and script, marked safe (they are the package's own) with their CSP hashes."""
    folder = resources.files("guidediff.report") / "templates"
    style = (folder / "report.css").read_text(encoding="utf-8")
    script = (folder / "report.js").read_text(encoding="utf-8")
    # Inline blocks end at the first "</style" or "</script"; ours must not contain one.
    assert "</style" not in style.lower() and "</script" not in script.lower()
    return Markup(style), _sha256(style), Markup(script), _sha256(script)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("guidediff.report", "templates"),
        autoescape=True,  # every template here is HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(pages=pages, page_list=page_list, where=where, spaced=spaced)
    return environment


def content_security_policy(style_hash: str, script_hash: str) -> str:
    return (f"default-src 'none'; style-src {style_hash}; script-src {script_hash}; img-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def render_html(report: Report) -> str:
    """The report as a self-contained HTML page (UTF-8 text), byte-identical for the same report."""
    style, style_hash, script, script_hash = _assets()
    groups, quiet = group_changes(report)
    concept_labels = _concept_labels(report)
    substantive = report.substantive_changes
    by_kind = {kind: sum(1 for change in substantive if change.kind == kind) for kind in CHANGE_KINDS}
    all_by_kind = {kind: sum(1 for change in report.changes if change.kind == kind) for kind in CHANGE_KINDS}
    concept_counts: dict[str, int] = {}
    for change in report.changes:
        for concept in change.concepts:
            concept_counts[concept] = concept_counts.get(concept, 0) + 1
    concepts = sorted(concept_counts, key=lambda concept: concept_labels.get(concept, concept).lower())
    structure = {kind: report.summary.sections.get(kind, 0) for kind in STRUCTURAL_KINDS}
    data = {"old": report.old.short or report.old.name, "new": report.new.short or report.new.name,
            "view": "redline", "total": len(report.changes), "bookkeeping": len(report.changes) - len(substantive)}
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        old=report.old,
        new=report.new,
        groups=groups,
        quiet=quiet,
        substantive=substantive,
        by_kind=by_kind,
        all_by_kind=all_by_kind,
        kinds=CHANGE_KINDS,
        structure=structure,
        concepts=concepts,
        concept_counts=concept_counts,
        concept_labels=concept_labels,
        new_terms=[term for term in report.terms if term.status in ("new", "gone")],
        other_terms=[term for term in report.terms if term.status in ("more", "fewer")],
        data=data,
        common=common_title(report.old, report.new),
        style=style,
        script=script,
        csp=content_security_policy(style_hash, script_hash),
        renamed=_renamed,
        renumbered=_renumbered,
        flag_words=_flag_words,
    )


def common_title(old: Edition, new: Edition) -> str | None:
    """"Working Together to Safeguard Children" when the names differ only by their dates."""
    def bare(edition: Edition) -> str:
        for suffix in (f" ({edition.short})", f" {edition.short}"):
            if edition.short and edition.name.endswith(suffix):
                return edition.name[: -len(suffix)]
        return edition.name

    if old.name == new.name or bare(old) != bare(new):
        return None
    # The full title reads better than a short citation name, when both editions share it.
    return old.title if old.title == new.title and old.title.lower().startswith(bare(old).lower()) else bare(old)


def _flag_words(entry: SectionEntry) -> list[str]:
    """Badges for a section link: its kind and what else happened to it."""
    words = [] if entry.kind == "matched" else [entry.kind]
    for flag in entry.flags:
        word = {"new-parent": "new parent", "new-position": "new position"}.get(flag, flag)
        if word not in words:
            words.append(word)
    return words
