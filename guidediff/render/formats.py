"""Render stage, the registrations: every product and every format it can be written in.

This is the one place a format name appears. The CLI reads ``--format``'s choices,
``-o``'s extensions and the default of each command from these registries, and the
library renders through them (``REPORT.render(report, "html")``). To add a format:
write ``render/PRODUCT_FORMAT.py`` with ``render(subject, options)`` and add one
``Format(...)`` line to its product below. To add a product: one ``Registry(...)``.
Renderers are named by module and imported on first use (``registry.renderer``), so
reading the registries (the CLI's ``--help``) imports no renderer.
"""

from __future__ import annotations

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
    Format("html", HTML, renderer("guidediff.render.report_html"), "one self-contained web page"),
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
            (REPORT, HISTORY, FIND, DOCUMENT, SECTIONS, TERMS, CORPUS_LIST, CORPUS_ENTRY)}
