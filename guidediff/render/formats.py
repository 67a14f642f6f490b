"""Render stage, the registrations: every product and every format it can be written in.

This is the one place a format name appears. The CLI reads ``--format``'s choices,
``-o``'s extensions and the default of each command from these registries, and the
library renders through them (``REPORT.render(report, "html")``). To add a format:
write ``render/PRODUCT_FORMAT.py`` with ``render(subject, options)`` and add one
``Format(...)`` line to its product below. To add a product: one ``Registry(...)``.
Renderers are named by module and imported on first use (``registry.renderer``), so
reading the registries (the CLI's ``--help``) imports no renderer.

``choose`` decides the format of one command's output from ``--format`` and
``-o``'s extension, the same way for every command: they must agree.
"""

from __future__ import annotations

from pathlib import PurePath

from guidediff.errors import InputError
from guidediff.render.registry import Format, Registry, renderer

TEXT = (".txt",)
JSON = (".json",)
MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm")

# compare: a ``report.model.Report``.
REPORT = Registry("report", "text", [
    Format("text", TEXT, renderer("guidediff.render.report_text"), "plain text for a terminal; [-deleted-] {+inserted+}"),
    Format("json", JSON, renderer("guidediff.render.report_json"), "the report contract, guidediff.report/1"),
    Format("md", MARKDOWN, renderer("guidediff.render.report_markdown"), "Markdown for pasting into a briefing"),
    Format("html", HTML, renderer("guidediff.render.report_html"), "one self-contained web page", pictures=True),
    Format("docx", (".docx",), renderer("guidediff.render.report_docx"), "a Word briefing to edit and send (needs guidediff[docx])",
           binary=True),
    Format("csv", (".csv",), renderer("guidediff.render.report_csv"), "a change table for spreadsheets, one row per change"),
])

# history: a ``history.History``.
HISTORY = Registry("history", "md", [
    Format("json", JSON, renderer("guidediff.render.history_json"), "guidediff.history/1"),
    Format("md", MARKDOWN, renderer("guidediff.render.history_markdown"), "Markdown: trend table, dropped and new sections"),
    Format("html", HTML, renderer("guidediff.render.history_html"), "one self-contained web page"),
])

# find: a ``quotes.FindResult``.
FIND = Registry("find", "text", [
    Format("text", TEXT, renderer("guidediff.render.find_text"), "plain text for a terminal; close places as [-deleted-] {+inserted+}"),
    Format("json", JSON, renderer("guidediff.render.find_json"), "guidediff.find/1"),
    Format("md", MARKDOWN, renderer("guidediff.render.find_markdown"), "Markdown for pasting into a briefing"),
    Format("html", HTML, renderer("guidediff.render.find_html"), "one self-contained web page"),
])

# batch: a ``batch.model.BatchIndex``, written in every one of these formats beside the reports.
BATCH_INDEX = Registry("batch index", "html", [
    Format("html", HTML, renderer("guidediff.render.batch_index_html"), "one self-contained page linking every report"),
    Format("json", JSON, renderer("guidediff.render.batch_index_json"), "guidediff.batch/1"),
    Format("md", MARKDOWN, renderer("guidediff.render.batch_index_markdown"), "Markdown tables for a briefing"),
])

# batch: the report formats written for each pair unless --format says otherwise.
BATCH_REPORT_FORMATS = ("html", "json")

# extract: a read ``document.Document``.
DOCUMENT = Registry("document", "text", [
    Format("text", TEXT, renderer("guidediff.render.document_text"), "clean text with printed page markers"),
    Format("json", JSON, renderer("guidediff.render.document_json"), "every block, guidediff.document/1"),
    Format("md", MARKDOWN, renderer("guidediff.render.document_markdown"), "Markdown with headings and footnotes"),
])

# sections: a read ``document.Document``, through its section tree.
SECTIONS = Registry("sections", "text", [
    Format("text", TEXT, renderer("guidediff.render.sections_text"), "an indented outline with printed pages"),
    Format("json", JSON, renderer("guidediff.render.sections_json"), "the tree, guidediff.sections/1"),
    Format("md", MARKDOWN, renderer("guidediff.render.sections_markdown"), "a nested Markdown list"),
])

# terms: a ``terms.TrendTable``.
TERMS = Registry("terms", "text", [
    Format("text", TEXT, renderer("guidediff.render.terms_text"), "counts and printed pages per document"),
    Format("json", JSON, renderer("guidediff.render.terms_json"), "guidediff.terms/1"),
    Format("md", MARKDOWN, renderer("guidediff.render.terms_markdown"), "a Markdown table, one column per document"),
])

# corpus list: ``corpus.EditionStatus`` of every edition; corpus show: one of them.
CORPUS_LIST = Registry("corpus list", "text", [
    Format("text", TEXT, renderer("guidediff.render.corpus_list_text"), "a table"),
    Format("json", JSON, renderer("guidediff.render.corpus_list_json"), "one object per edition"),
])
CORPUS_ENTRY = Registry("corpus entry", "text", [
    Format("text", TEXT, renderer("guidediff.render.corpus_entry_text"), "one line per field"),
    Format("json", JSON, renderer("guidediff.render.corpus_entry_json"), "the manifest entry"),
])

PRODUCTS = {registry.product: registry for registry in
            (REPORT, HISTORY, FIND, BATCH_INDEX, DOCUMENT, SECTIONS, TERMS, CORPUS_LIST, CORPUS_ENTRY)}


# Every extension any product writes, and the format it stands for: -o's extension must not say another format.
EXTENSION_FORMATS = {extension: chosen.name for registry in PRODUCTS.values() for chosen in registry
                     for extension in chosen.extensions}


def choose(registry: Registry, format_name: str | None, output: str | None, *, stream: bool = False) -> Format:
    """The format to write: ``--format`` (``format_name``) and ``-o``'s extension (``output``) must agree.

    Without --format the extension decides; without either, the product's default.
    ``stream`` says ``output`` is a device, pipe or standard output (``/dev/stdout``),
    which needs no extension: the default is written there.
    """
    suffix = PurePath(output).suffix.lower() if output else ""
    says = EXTENSION_FORMATS.get(suffix)
    if format_name is not None:
        chosen = registry.get(format_name)
        if says is not None and says != chosen.name:
            raise InputError(f"-o {output} is a {suffix} file, which is {says}, but --format asks for {chosen.name}; "
                             f"drop --format, or give -o a name ending in {chosen.extensions[0]}")
        return chosen
    if output is None or output == "-" or (stream and not suffix):
        return registry.get(registry.default)
    return registry.for_path(output)
