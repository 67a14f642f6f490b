"""Render stage, batch index → Markdown: one table of pairs, then documents with no partner and unreadable ones.

Text from the PDFs (titles, names, error lines) is escaped (``common.escape_markdown``)
so it never becomes markup; each document links to its report by a relative path.
"""

from __future__ import annotations

from guidediff.batch.model import BatchIndex, EntryStatus, IndexEntry
from guidediff.render.common import escape_markdown as escape
from guidediff.render.registry import RenderOptions
from guidediff.render.wording import BATCH_STATUS_WORDS, UNPAIRED_SIDE_WORDS, WARNING_WORDS, pairing_words


def headline(index: BatchIndex) -> str:
    """"7 pairs: 5 changed, 2 unchanged; 1 document with no partner; 1 could not be read"."""
    summary = index.summary()
    parts = [f"{summary[str(status)]} {BATCH_STATUS_WORDS[status]}" for status in EntryStatus if summary[str(status)]]
    text = f"{summary['pairs']} pair{'s' if summary['pairs'] != 1 else ''}" + (": " + ", ".join(parts) if parts else "")
    if summary["unpaired"]:
        text += f"; {summary['unpaired']} document{'s' if summary['unpaired'] != 1 else ''} with no partner"
    if summary["unreadable"]:
        text += f"; {summary['unreadable']} could not be read"
    return text


def _link(entry: IndexEntry) -> str:
    if not entry.reports:
        return "—"
    return ", ".join(f"[{name}]({path})" for name, path in entry.reports)


def render(index: BatchIndex, options: RenderOptions = RenderOptions()) -> str:
    levels = index.levels
    out = ["# Batch: what changed", "", escape(headline(index)) + ".", ""]
    if not index.complete:
        out += ["**Interrupted:** the pairs marked “not compared yet” were not compared; "
                "run the same command again to finish them.", ""]
    if index.pairs:
        out += ["| document | old | new | status | " + " | ".join(levels) + " | topics new | topics gone | report |",
                "|---|---|---|---|" + "---:|" * len(levels) + "---|---|---|"]
        for entry in index.pairs:
            counts = " | ".join(str(entry.counts[level]) if level in entry.counts else "—" for level in levels)
            status = BATCH_STATUS_WORDS[entry.status]
            if entry.error:
                status += ": " + escape(entry.error)
            for kind, message in entry.warnings:
                status += f"; **warning ({WARNING_WORDS[kind]}):** {escape(message)}"
            out.append(
                f"| {escape(entry.name)} | {escape(entry.old.name)} | {escape(entry.new.name)} | {status} | {counts} | "
                f"{', '.join(escape(topic.label) for topic in entry.topics_new) or '—'} | "
                f"{', '.join(escape(topic.label) for topic in entry.topics_gone) or '—'} | {_link(entry)} |")
        out.append("")
        if any(entry.pairing.title is not None for entry in index.pairs):
            out += ["## How the documents were paired", ""]
            out += [f"- {escape(entry.old.path)} → {escape(entry.new.path)}: {pairing_words(entry.pairing)}"
                    for entry in index.pairs]
            out.append("")
    if index.unpaired:
        out += ["## Documents with no partner", ""]
        for item in index.unpaired:
            line = f"- {escape(item.document.path)} ({escape(item.document.name)}): {UNPAIRED_SIDE_WORDS[item.side]}"
            if item.nearest is not None:
                line += (f"; nearest: {escape(item.nearest.path)} (title {item.title or 0:.2f}, "
                         f"content {item.content or 0:.2f})")
            out.append(line)
        out.append("")
    if index.unreadable:
        out += ["## Documents that could not be read", ""]
        out += [f"- {escape(item.path)}: {escape(item.error)}" for item in index.unreadable]
        out.append("")
    out.append(f"Written by guidediff {escape(index.generator_version)}.")
    return "\n".join(out) + "\n"
