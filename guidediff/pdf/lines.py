"""Group a page's text runs into lines, and find superscript footnote markers on them.

Word sets a footnote marker as a separate, smaller, raised string right after its
word ("practitioners" at 12pt, then "15" at 8pt four points higher). A line
keeps that marker apart from its text (``Line.markers``), so "practitioners15."
reads as the word "practitioners" and the marker 15.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from guidediff.pdf.content import TextRun
from guidediff.pdf.normalise import BULLET_GLYPHS
from guidediff.pdf.options import DEFAULT_OPTIONS, ReaderOptions

UnitOf = Callable[[TextRun], "int | None"]  # the tag-tree unit (block element) a run belongs to
Within = Callable[[int, int], bool]  # whether one tag-tree unit lies inside another


# A raised footnote marker; "F1", "C2", "I3", "E4", "M5" are legislation.gov.uk's annotation marks (textual
# amendments, modifications, commencement, extent, marginal citations), printed before the words they annotate.
_MARKER = re.compile(r"^(?:\d{1,4}|[*†‡§¶]{1,3}|[a-z]|[CEFIMX]\d{1,3})$")
_MARKER_LIST = re.compile(r"[\s,]+")
_TRAILING_PUNCTUATION = re.compile(r"[,.;:]*$")
SENTENCE_END = re.compile(r"[.!?:;]['\")\]]*$")  # a text that ends a sentence or a clause


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a line in one style."""

    text: str
    x0: float
    x1: float
    size: float
    bold: bool
    italic: bool


@dataclass(frozen=True, slots=True)
class Marker:
    """A superscript footnote marker found on a line: its label and the text offset after its word."""

    label: str
    offset: int


@dataclass(frozen=True, slots=True)
class Line:
    """A visual line of text on one page, in reading order."""

    page: int
    text: str
    x0: float
    x1: float
    y: float  # baseline of the line's main text
    size: float  # dominant font size
    bold: bool  # every visible character is bold
    italic: bool
    spans: tuple[Span, ...]
    markers: tuple[Marker, ...] = ()
    artifact: str | None = None  # set when every run was painted as an /Artifact
    segments: tuple[tuple[float, float, str], ...] = ()  # (x0, x1, text) split at wide gaps
    lead_marker: str | None = None  # a raised number opening the line (a footnote body's label)
    unit: int | None = None  # the tag-tree element this line's text belongs to (None: untagged)
    links: tuple[tuple[str, str], ...] = ()  # (URI, covered text) of link annotations over this line

    @property
    def top(self) -> float:
        return self.y + self.size * 0.8

    @property
    def bottom(self) -> float:
        return self.y - self.size * 0.25


def group_lines(runs: list[TextRun], page: int, options: ReaderOptions = DEFAULT_OPTIONS) -> list[Line]:
    """Cluster upright runs into lines, top to bottom, each read left to right."""
    return build_lines(cluster_runs(runs, options), page, options=options)


def cluster_runs(runs: list[TextRun], options: ReaderOptions = DEFAULT_OPTIONS) -> list[list[TextRun]]:
    """Upright runs gathered by shared baseline."""
    upright = _drop_hidden([run for run in runs if run.upright])
    clusters: list[list[TextRun]] = []
    anchors: list[TextRun] = []  # each cluster's largest visible run, which sets its baseline
    for run in sorted(upright, key=lambda r: (-round(r.y, 1), r.x0)):
        target = _find_cluster(clusters, anchors, run, options.baseline_tolerance)
        if target is None:
            clusters.append([run])
            anchors.append(run)
        else:
            clusters[target].append(run)
            # A blank run (the space after a cell's "Yes/No", set a point larger) sets no baseline: as
            # anchor, its wider tolerance would reach the next line of a two-line cell beside it.
            if run.size > anchors[target].size and (run.text.strip() or not anchors[target].text.strip()):
                anchors[target] = run
    return clusters


def split_by_unit(cluster: list[TextRun], unit_of: UnitOf) -> list[list[TextRun]]:
    """One cluster per tag unit, left to right; untagged runs (a bullet painted as an artifact,
    a stray space) join the unit of the run after them, else the one before."""
    ordered = sorted(cluster, key=lambda run: run.x0)
    units = [unit_of(run) for run in ordered]
    if len({unit for unit in units if unit is not None}) < 2:
        return [cluster]
    following: int | None = None
    for position in range(len(units) - 1, -1, -1):
        if units[position] is None:
            units[position] = following
        else:
            following = units[position]
    preceding: int | None = None
    for position, unit in enumerate(units):
        if unit is None:
            units[position] = preceding
        else:
            preceding = unit
    parts: dict[int | None, list[TextRun]] = {}
    for run, unit in zip(ordered, units):
        parts.setdefault(unit, []).append(run)
    return list(parts.values())


def _line_unit(runs: list[TextRun], unit_of: UnitOf) -> int | None:
    weights: Counter[int] = Counter()
    for run in runs:
        unit = unit_of(run)
        if unit is not None:
            weights[unit] += len(run.text.strip()) or 1
    return weights.most_common(1)[0][0] if weights else None


def build_lines(clusters: list[list[TextRun]], page: int, unit_of: UnitOf | None = None,
                options: ReaderOptions = DEFAULT_OPTIONS) -> list[Line]:
    lines = [_build_line(cluster, page, unit_of, options) for cluster in clusters if cluster]
    built = [line for line in lines if line is not None]
    built.sort(key=lambda line: (-line.y, line.x0))
    return built


def _drop_hidden(runs: list[TextRun]) -> list[TextRun]:
    """Invisible text is the text when a page has nothing else (an OCR layer), noise otherwise."""
    visible = [run for run in runs if not run.invisible]
    return visible if any(run.text.strip() for run in visible) else runs


def _find_cluster(clusters: list[list[TextRun]], anchors: list[TextRun], run: TextRun, baseline_tolerance: float) -> int | None:
    # Only the most recent lines can hold this run: runs arrive sorted top to bottom.
    for index in range(len(clusters) - 1, max(-1, len(clusters) - 5), -1):
        anchor = anchors[index]
        tolerance = baseline_tolerance * max(anchor.size, run.size)
        if abs(anchor.y - run.y) <= tolerance:
            return index
    return None


# Fonts whose letters are pictures. Word's Wingdings bullets reach a PDF without a Unicode mapping
# in some producers' copies (iLovePDF's re-save of the autism handbook): the square bullet decodes
# as the letter "n", which the private-use code point Word itself writes (U+F06E) names.
_SYMBOL_FONT = re.compile(r"wingdings|webdings|dingbats|symbol", re.IGNORECASE)


def _symbol_bullet(run: TextRun) -> TextRun:
    """The run with a symbol font's bullet, decoded as a plain letter, written as a bullet."""
    text = run.text.strip()
    if len(text) != 1 or ord(text) > 0xFF or not _SYMBOL_FONT.search(run.font):
        return run
    glyph = chr(0xF000 + ord(text))
    return replace(run, text=run.text.replace(text, "•")) if glyph in BULLET_GLYPHS else run


def _build_line(runs: list[TextRun], page: int, unit_of: UnitOf | None, options: ReaderOptions) -> Line | None:
    unit = _line_unit(runs, unit_of) if unit_of is not None else None
    runs = [_symbol_bullet(run) for run in runs]
    runs = _merge_touching(_dedupe(sorted(runs, key=lambda r: (r.x0, -r.size))), options.word_gap)
    if not any(run.text.strip() for run in runs):
        return None
    weights: Counter[float] = Counter()
    for run in runs:
        weights[round(run.size, 1)] += len(run.text.strip())
    size = weights.most_common(1)[0][0]
    main = [run for run in runs if abs(run.size - size) < 0.5 and run.text.strip()] or runs
    baseline = Counter(round(run.y, 1) for run in main).most_common(1)[0][0]

    text_parts: list[str] = []
    spans: list[Span] = []
    markers: list[Marker] = []
    lead_marker: str | None = None
    segments: list[list[float | str]] = []
    previous: TextRun | None = None
    previous_raised = False
    for run in runs:
        raised = _is_raised(run, size, baseline, options)
        gap = run.x0 - previous.x1 if previous is not None else 0.0
        if previous is not None and gap > options.segment_gap * size:
            segments.append([run.x0, run.x1, ""])
        elif not segments:
            segments.append([run.x0, run.x1, ""])
        current_text = "".join(text_parts)
        needs_space = (
            previous is not None
            and gap > options.word_gap * min(run.size, previous.size if not raised else size)
            and not current_text.endswith(" ")
            and not run.text.startswith(" ")
        ) or (
            # Raised text that is no marker, set tight against a number after it, is a word of its own, or
            # the two fuse: a fraction's numerator over its denominator (pdflatex's "α" over "2", GeoTopo
            # printed p. 74, reads "α 2", not "α2"). Legislation's raised "F1" before "2 Primary function" is a
            # marker (``_MARKER``) and never reaches this.
            previous_raised and not raised and run.text[:1].isdigit() and current_text[-1:].isalnum()
        )
        raised_text = run.text.strip()
        trailing = _TRAILING_PUNCTUATION.search(raised_text).group() if raised else ""
        labels = [label for label in _MARKER_LIST.split(raised_text[: len(raised_text) - len(trailing)]) if label] if raised else []
        if labels and all(_MARKER.match(label) for label in labels):
            if run.text[:1].isspace() and not current_text.endswith(" "):
                text_parts.append(" ")  # "videos ⁸": the space before the marker is the sentence's
                current_text += " "
            if current_text.strip():
                # "needs⁷⁴ ⁷⁵": several markers in one raised run are several footnotes
                markers.extend(Marker(label, len(current_text.rstrip())) for label in labels)
            elif lead_marker is None:
                lead_marker = labels[0]  # a footnote body opens with its raised number
            # "home¹⁷," – Word raises the comma, and the space after a marker, with the marker;
            # both belong to the sentence ("videos⁸ can" must not read "videoscan").
            tail = trailing + (" " if run.text[-1:].isspace() else "")
            if tail and current_text.strip():
                text_parts.append(tail)
                segments[-1][2] = str(segments[-1][2]) + tail
            previous, previous_raised = run, False
            segments[-1][1] = run.x1
            continue
        piece = (" " if needs_space else "") + run.text
        text_parts.append(piece)
        segments[-1][1] = run.x1
        segments[-1][2] = str(segments[-1][2]) + piece
        spans.append(Span(run.text, run.x0, run.x1, run.size, run.bold, run.italic))
        previous, previous_raised = run, raised

    text = "".join(text_parts)
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    markers = [Marker(m.label, max(0, min(m.offset - lead, len(stripped)))) for m in markers]
    visible = [span for span in spans if span.text.strip()]
    artifact_kinds = {run.artifact for run in runs if run.text.strip()}
    artifact = artifact_kinds.pop() if len(artifact_kinds) == 1 else None
    return Line(
        page=page,
        text=stripped,
        x0=min(span.x0 for span in visible) if visible else runs[0].x0,
        x1=max(span.x1 for span in visible) if visible else runs[-1].x1,
        y=baseline,
        size=size,
        bold=bool(visible) and all(span.bold for span in visible),
        italic=bool(visible) and all(span.italic for span in visible),
        spans=tuple(spans),
        markers=tuple(markers),
        artifact=artifact,
        segments=tuple((float(s[0]), float(s[1]), str(s[2]).strip()) for s in segments if str(s[2]).strip()),
        lead_marker=lead_marker,
        unit=unit,
    )


def _is_raised(run: TextRun, size: float, baseline: float, options: ReaderOptions) -> bool:
    return run.size <= options.superscript_max_size * size and run.y - baseline >= options.superscript_min_raise * size


def _merge_touching(runs: list[TextRun], word_gap: float) -> list[TextRun]:
    """Join consecutive runs of one style on one baseline that touch (one TJ array, kerned pairs)."""
    merged: list[TextRun] = []
    texts: list[list[str]] = []  # the pieces of each merged run, joined once at the end
    right: list[float] = []
    for run in runs:
        if merged:
            last = merged[-1]
            same_style = (
                abs(run.size - last.size) < 0.05 and abs(run.y - last.y) < 0.05 * run.size
                and run.bold == last.bold and run.italic == last.italic
            )
            if same_style and -0.5 * run.size < run.x0 - right[-1] <= word_gap * run.size:
                texts[-1].append(run.text)
                right[-1] = max(right[-1], run.x1)
                continue
        merged.append(run)
        texts.append([run.text])
        right.append(run.x1)
    return [run if len(parts) == 1 else replace(run, text="".join(parts), x1=x1)
            for run, parts, x1 in zip(merged, texts, right)]


def _dedupe(runs: list[TextRun]) -> list[TextRun]:
    """Drop a string painted again almost on top of itself (fake bold, shadows)."""
    kept: list[TextRun] = []
    for run in runs:
        if kept:
            last = kept[-1]
            if run.text == last.text and abs(run.x0 - last.x0) < 0.2 * run.size and abs(run.y - last.y) < 0.2 * run.size:
                continue
        kept.append(run)
    return kept
