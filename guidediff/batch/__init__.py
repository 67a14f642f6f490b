"""Batch stage: many pairs of editions compared at once, into a folder of reports and an index.

In: a TOML manifest (series of editions, explicit pairs) or two folders of PDFs, and
the options of ``compare``. Out: one report per pair in the chosen formats, and an
index (``model.BatchIndex``) listing every document: changed or not, counts per
level, watched topics new and gone, its report, documents with no partner and
documents that could not be read.

The modules, in the order a batch uses them:

- ``plan``: a manifest or two folders → the documents and the pairs to compare.
- ``pairing``: read documents → a ``DocumentSummary`` each (title, a sketch of the
  wording) → which old document is which new one, by title and content.
- ``tasks``: the work, as pure functions of (file hashes, options): read one PDF,
  compare one pair and render its reports. They run anywhere: in this process, in a
  process pool, or on Dask workers.
- ``engines``: where tasks run: ``LocalEngine`` (a process pool) or ``DaskEngine``
  (an existing Dask distributed cluster).
- ``run``: ``run_batch``: plan → tasks → files, resumable: a pair whose reports
  are on disk and current (same inputs' SHA-256, options and guidediff) is skipped.
- ``model``: the index, plain data, which ``render`` writes as HTML, JSON, Markdown.

This package file imports nothing, so that the renderers can import ``model``
without importing the rest of the batch machinery.
"""
