"""Render stage, report → HTML: one self-contained page, summary first, then the changes section by section.

The summary holds the counts per level and kind and the table of substantive changes
(each row links to its change); the changes follow in reading order, section by section.
Only substantive changes show at first: the level filter (substantive / minor /
bookkeeping) shows the others, which are in the page already.

Everything the page needs is inline (CSS, a small script, no fonts; page pictures as
data: URIs), and a Content-Security-Policy meta tag allows only that inline style and
script, by their SHA-256 hashes, and images only from data: URIs (none at all in a
report without page pictures), so the page cannot fetch or run anything else even if
some text were ever left unescaped. Citations link to the page of an edition's PDF
(``file.pdf#page=N``, relative) when that PDF sits beside the report being written. All text from the PDFs goes through jinja2's autoescaping; the
only values marked safe are the package's own stylesheet and script.

Warnings about the inputs (same file, unrelated documents, one side only part of
the other, dates reversed, model editions) are a banner above everything else, and
the title says when the editions are model editions.

Only changed paragraphs are embedded, so the file grows with the number of changes,
not with the length of the editions. Filtering and the view switch toggle attributes
on the ``<article>`` of each change; nothing is built per word in the browser.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from guidediff.render.common import asset, csp_hash, environment
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import WARNING_WORDS, figure_words, flag_badges, model_label, picture_words, quote_fate
from guidediff.align import SectionKind
from guidediff.report.model import Change, ChangeKind, Edition, Report, SectionEntry, SectionRef
from guidediff.textdiff import Level

CHANGE_KINDS = tuple(ChangeKind)
STRUCTURAL_KINDS = tuple(kind for kind in SectionKind if kind is not SectionKind.MATCHED)


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
    def minor(self) -> int:
        return sum(1 for change in self.changes if change.level == "minor")

    @property
    def bookkeeping(self) -> int:
        return sum(1 for change in self.changes if change.level == "bookkeeping")

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
        """Only minor or bookkeeping changes inside and no structural change: hidden until those levels are shown."""
        return not self.structural and self.substantive == 0


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
    """The stylesheet and script, marked safe (they are the package's own) with their CSP sources."""
    style, script = asset("report.css"), asset("report.js")
    # Inline blocks end at the first "</style" or "</script"; ours must not contain one.
    assert "</style" not in style.lower() and "</script" not in script.lower()
    return Markup(style), csp_hash(style), Markup(script), csp_hash(script)


def content_security_policy(style_hash: str, script_hash: str, images: bool = False) -> str:
    """Only the page's own style and script; pictures only as data: URIs, and only when it has page pictures."""
    return (f"default-src 'none'; style-src '{style_hash}'; script-src '{script_hash}'; "
            f"img-src {'data:' if images else chr(39) + 'none' + chr(39)}; base-uri 'none'; form-action 'none'")


def pdf_links(report: Report, output: str | None) -> dict[str, str | None]:
    """For each edition, a relative link to its PDF when the PDF sits beside the report being written, or in a
    folder beside it (never "../": the two travel together), and is the same file (its SHA-256 is checked); else None."""
    links: dict[str, str | None] = {"old": None, "new": None}
    if not output:
        return links
    folder = Path(output).resolve().parent
    for which, edition in (("old", report.old), ("new", report.new)):
        try:
            source = Path(edition.path).resolve()
            relative = source.relative_to(folder)
            with source.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except (OSError, ValueError):
            continue  # elsewhere, or unreadable: no link rather than a broken one
        if digest == edition.sha256:
            links[which] = quote(relative.as_posix())
    return links


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
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
    levels = {level.value: len(report.changes_at(level)) for level in Level}
    data = {"old": report.old.short or report.old.name, "new": report.new.short or report.new.name,
            "view": "redline", "total": len(report.changes), "levels": levels}
    template = environment().get_template("report.html.j2")
    return template.render(
        report=report,
        old=report.old,
        new=report.new,
        groups=groups,
        quiet=quiet,
        substantive=substantive,
        summary_table=report.summary_table,
        levels=levels,
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
        csp=content_security_policy(style_hash, script_hash, bool(report.page_images and report.page_images.snapshots)),
        pdf_links=pdf_links(report, options.output),
        picture_words=picture_words(report.page_images, len({shot.change for shot in report.page_images.snapshots}))
        if report.page_images else "",
        figure_words=figure_words,
        renamed=_renamed,
        renumbered=_renumbered,
        flag_words=flag_badges,
        quote_fate=quote_fate,
        model=model_label((report.old, report.new)),
        warning_words=WARNING_WORDS,
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
