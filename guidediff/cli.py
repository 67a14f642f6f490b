"""The command line: a thin click layer over the library.

Every command parses its options, calls the library, and writes the result.
Options shared by several commands are one decorator each, so ``--format``,
``-o`` and ``--password`` behave the same everywhere. Errors are one line on
stderr and exit status 2; output files are written whole or not at all.

Start-up is part of the interface: ``guidediff --help`` and ``guidediff corpus list``
answer in well under a tenth of a second, so this module imports only click and the
format registries at the top, and each command imports the library it calls (the
reader, pypdf, rapidfuzz, the renderers) when it runs.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guidediff import output as output_stage
from guidediff.errors import CorpusError, FetchError, GuidediffError, InputError
from guidediff.render.formats import (BATCH_REPORT_FORMATS, CORPUS_ENTRY, CORPUS_LIST, DOCUMENT, FIND, HISTORY,
                                      REPORT, SECTIONS, TERMS)
from guidediff.render.formats import choose as choose_format
from guidediff.render.registry import Format, Registry, RenderOptions
from guidediff.version import __version__

if TYPE_CHECKING:
    from guidediff.batch.run import BatchProgress
    from guidediff.editions import EditionFacts

PROGRESS_MIN_PAGES = 50


# --- shared option bundles -------------------------------------------------------

def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--password and --no-cache, for every command that reads PDFs."""
    command = click.option("--password", metavar="PASSWORD", default=None,
                           help="Password of an encrypted PDF.")(command)
    command = click.option("--no-cache", is_flag=True, default=False,
                           help="Read the PDF again instead of using the cached result "
                                "(cache location: $GUIDEDIFF_CACHE_DIR or ~/.cache/guidediff).")(command)
    return command


def output_options(registry: Registry) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format and -o for one product: choices, extensions and default from its registry.

    The command receives ``output`` (a path, ``-`` or None) and ``output_format`` (a
    ``Format``): the one --format names, else the one -o's extension asks for, else the
    default; the two must agree. Before the command does any work, -o is checked: it
    must not be one of the command's inputs (every argument naming a file or a corpus
    edition), and its folder must exist. ``write_output`` then writes it safely.
    """

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option("-o", "--output", type=str, default=None, metavar="FILE",
                               help="Write to FILE instead of standard output (- is standard output; the format "
                                    "follows the extension: " + ", ".join(registry.extensions) + "). "
                                    "An input is never overwritten; a link is written through.")(command)
        command = click.option("-f", "--format", "output_format", type=click.Choice(registry.names), default=None,
                               help=f"Output format (default: from -o's extension, else {registry.default}); "
                                    "it must agree with -o's extension.")(command)

        @functools.wraps(command)
        def wrapper(*args: Any, output: str | None, output_format: str | None, **kwargs: Any) -> Any:
            context = click.get_current_context()
            inputs = input_paths(value for name, value in context.params.items() if name != "output")
            target = output_stage.plan(output, inputs)  # fail now, not after reading two long PDFs
            chosen = choose_format(registry, output_format, output, stream=target.is_stream)
            context.meta[_INPUTS] = inputs
            return command(*args, output=output, output_format=chosen, **kwargs)

        return wrapper

    return decorate


def quote_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--quote TEXT (repeatable) and --quotes FILE, for every command that follows quotations.

    The command receives ``quotes``: the --quote texts, then the file's, each once, in order.
    """
    command = click.option("--quotes", "quotes_file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
                           help="A text file of quotations to follow, one per paragraph (blank lines between; "
                                "lines starting with # are comments).")(command)
    command = click.option("--quote", "quote_texts", multiple=True, metavar="TEXT",
                           help="A sentence to follow between the editions: kept (with its pages on both sides), "
                                "reworded (with a redline), dropped or new. Repeat for several.")(command)

    @functools.wraps(command)
    def wrapper(*args: Any, quote_texts: tuple[str, ...], quotes_file: str | None, **kwargs: Any) -> Any:
        quotes = list(dict.fromkeys(quote_texts))
        if quotes_file is not None:
            from guidediff.quotes import read_quotations

            try:
                content = Path(quotes_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8 text"
                raise InputError(f"cannot read the quotations file '{quotes_file}': {reason}") from None
            quotes += [quote for quote in read_quotations(content, source=f"'{quotes_file}'") if quote not in quotes]
        return command(*args, quotes=tuple(quotes), **kwargs)

    return wrapper


# --- helpers ---------------------------------------------------------------------

_INPUTS = "guidediff.inputs"  # click context meta: the files the running command reads


def input_paths(values: Iterable[Any]) -> tuple[str, ...]:
    """The files a command's parameter values name: paths that exist, and the files corpus ids stand for."""
    from guidediff import corpus

    found: list[str] = []
    for value in values:
        for item in value if isinstance(value, (tuple, list)) else (value,):
            if not isinstance(item, str) or not item:
                continue
            if os.path.exists(item):
                found.append(item)
            elif corpus.looks_like_id(item):
                try:
                    found.append(str(corpus.resolve(item).path))
                except GuidediffError:
                    pass  # not an edition id (a page range, a watchlist name): nothing to protect
    return tuple(dict.fromkeys(found))


def write_output(content: str | bytes, output: str | None) -> None:
    """Write ``content`` (text, or bytes for a binary format) to ``output`` or stdout, safely (``output.write``).

    The running command's inputs are never overwritten. After writing a file, one
    line on stderr names it.
    """
    context = click.get_current_context(silent=True)
    inputs = context.meta.get(_INPUTS, ()) if context is not None else ()
    to_stdout = output is None or output == output_stage.STDOUT
    if to_stdout and isinstance(content, bytes) and sys.stdout.isatty():
        raise InputError("this format is a binary file, not text for a terminal; write it to a file with -o FILE")
    sys.stdout.flush()  # text already echoed must come before these bytes
    target = output_stage.write(content, output, inputs, stdout=getattr(sys.stdout, "buffer", None))
    if not to_stdout:
        size = len(content.encode("utf-8") if isinstance(content, str) else content)
        click.echo(f"guidediff: wrote {output_stage.describe_size(size)} to {target.shown}", err=True)


@contextmanager
def progress_reporter(label: str, minimum: int = PROGRESS_MIN_PAGES) -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress callback (done, total) drawing click's progress bar on stderr when stderr is a terminal.

    Used for pages read (shown from ``minimum`` pages up) and bytes downloaded; an
    unknown total (None) draws nothing.
    """
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, Any] = {}

    def report(done: int, total: int | None) -> None:
        if total is None or total < minimum:
            return
        bar = state.get("bar")
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        bar.update(done - bar.pos)

    try:
        yield report
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


def show_warnings(warnings: Iterable[Any]) -> None:
    """Each warning about the inputs (same file, unrelated, part of the whole, model edition...) on stderr, one line."""
    for warning in warnings:
        click.echo(f"guidediff: warning: {warning.message}", err=True)


def page_range_option(value: str | None, option: str) -> str | None:
    """--old-pages/--new-pages checked as they are read: "24-7" and "abc" fail before any PDF is read."""
    from guidediff.editions import parse_page_range

    parse_page_range(value, option)
    return value


def load_for_cli(source: str, password: str | None, no_cache: bool) -> EditionFacts:
    """One edition, read with a progress bar on a terminal, named by the editions stage."""
    from guidediff.editions import LoadOptions, describe
    from guidediff.editions import load as load_edition

    with progress_reporter(f"Reading {Path(source).name}") as progress:
        document = load_edition(source, LoadOptions(password=password, cache=not no_cache, progress=progress))
    return describe(source, document)


# --- commands --------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidediff")
def cli() -> None:
    """guidediff: what changed between editions of long guidance documents.

    Reads PDFs, finds their sections, lines them up across editions, and reports
    word-level changes with printed page and paragraph numbers on both sides.
    """


@cli.command()
@click.argument("pdf")
@input_options
@output_options(DOCUMENT)
def extract(pdf: str, password: str | None, no_cache: bool, output: str | None, output_format: Format) -> None:
    """Print the clean text of PDF: printed page markers, paragraph numbers, footnotes.

    JSON gives every block with its kind, printed pages and paragraph number.
    """
    document = load_for_cli(pdf, password, no_cache).document
    write_output(output_format.render(document, RenderOptions()), output)


@cli.command()
@click.argument("pdf")
@input_options
@output_options(SECTIONS)
def sections(pdf: str, password: str | None, no_cache: bool, output: str | None, output_format: Format) -> None:
    """Print the section tree of PDF (Part › Chapter › Section) with printed page ranges."""
    document = load_for_cli(pdf, password, no_cache).document
    write_output(output_format.render(document, RenderOptions()), output)


def watchlist_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--watchlist", metavar="NAME|FILE", default="safeguarding", show_default=True,
                        help="Watched concepts: a bundled list's name or a TOML file (see README).")(command)


@cli.command()
@click.argument("old")
@click.argument("new")
@input_options
@watchlist_option
@output_options(REPORT)
@click.option("--all", "show_all", is_flag=True, default=False,
              help="Also show bookkeeping changes (cross-references that only follow renumbering, paragraphs "
                   "that only fall under another heading); JSON always contains them.")
@click.option("--old-pages", metavar="FIRST-LAST", default=None, callback=lambda _, __, value: page_range_option(value, "--old-pages"),
              help="Compare only these printed pages of OLD, e.g. 7-24 (one Part of a long document).")
@click.option("--new-pages", metavar="FIRST-LAST", default=None, callback=lambda _, __, value: page_range_option(value, "--new-pages"),
              help="Compare only these printed pages of NEW.")
@click.option("--exit-code", is_flag=True, default=False,
              help="Exit with status 1 when there are substantive changes (with --all: any changes), as git diff does.")
@quote_options
@click.option("--page-images", type=click.Choice(("off", "changed", "all")), default=None,
              help="Picture each change where it is printed in both editions, changed words marked, in the HTML "
                   "(changed: substantive and minor changes; all: bookkeeping too), and report figures whose drawing changed. "
                   "Default: changed for an HTML report when guidediff[pages] is installed, else off "
                   "(the pictures are for people; the figure search costs several times the comparison).")
@click.option("--page-images-max", "page_images_max", metavar="SIZE", default="4MB", show_default=True,
              help="The most the page pictures may add to the HTML file (e.g. 4MB, 800KB; 0 for no limit).")
def compare(old: str, new: str, password: str | None, no_cache: bool, watchlist: str, output: str | None,
            output_format: Format, show_all: bool, old_pages: str | None, new_pages: str | None, exit_code: bool,
            quotes: tuple[str, ...], page_images: str | None, page_images_max: str) -> None:
    """Compare two editions OLD and NEW: sections lined up, changed paragraphs word by word.

    OLD and NEW are PDF files or corpus ids such as wt-2013 (see: guidediff corpus list).
    Every change cites printed pages and paragraph numbers in both editions; watched
    concepts are counted in both, and each --quote is followed from OLD to NEW.

    When the comparison looks doubtful (the same file twice, documents that are not
    editions of one another, one side only a part of the other, the old edition dated
    after the new, model editions), a warning says so on stderr and first in the report;
    for a part, it names the --old-pages/--new-pages that compare just that part.
    """
    from guidediff.api import compare as compare_editions
    from guidediff.api import parse_size
    from guidediff.editions import LoadOptions
    from guidediff.images import pdfium_available

    budget = parse_size(page_images_max)
    if page_images is None:
        # The format first: asking whether pdfium is there imports pypdfium2 and Pillow.
        page_images = "changed" if output_format.pictures and pdfium_available() else "off"
    report = compare_editions(old, new, watchlist=watchlist, old_pages=old_pages, new_pages=new_pages,
                              load_options=LoadOptions(password=password, cache=not no_cache), quotes=quotes,
                              page_images=page_images, image_budget=budget)
    show_warnings(report.warnings)
    colour = output is None and sys.stdout.isatty()
    write_output(output_format.render(report, RenderOptions(include_bookkeeping=show_all, colour=colour,
                                                            output=output)), output)
    changes = report.summary.changes
    if exit_code and (changes.get("substantive", 0) or (show_all and changes.get("bookkeeping", 0))):
        sys.exit(1)


@cli.command()
@click.argument("pdfs", nargs=-1, required=True, metavar="PDF...")
@input_options
@watchlist_option
@output_options(TERMS)
def terms(pdfs: tuple[str, ...], password: str | None, no_cache: bool, watchlist: str, output: str | None,
          output_format: Format) -> None:
    """Count watched concepts (CSE, FGM, radicalisation, early help…) in each PDF, with printed pages.

    Give several editions, oldest first, for a trend table and each concept's first appearance.
    """
    from guidediff.terms import load_watchlist, trend_table

    chosen = load_watchlist(watchlist)
    editions = [load_for_cli(pdf, password, no_cache) for pdf in pdfs]
    write_output(output_format.render(trend_table(editions, chosen), RenderOptions()), output)


@cli.command()
@click.argument("quotation", metavar="TEXT")  # so that cli.py never spells a format name (render/formats.py does)
@click.argument("editions", nargs=-1, required=True, metavar="EDITION...")
@input_options
@output_options(FIND)
@click.option("--exact", is_flag=True, default=False,
              help="Only places that print TEXT word for word (ignoring case, quotes, dashes, line breaks, "
                   "hyphenation and footnote markers); no close matches.")
@click.option("--cutoff", type=click.FloatRange(0, 1, min_open=True), default=None, metavar="0-1",
              help="Least similarity of a close match to TEXT (default 0.8).")
def find(quotation: str, editions: tuple[str, ...], password: str | None, no_cache: bool, output: str | None,
         output_format: Format, exact: bool, cutoff: float | None) -> None:
    """Where does it say that? Every place TEXT is printed in each EDITION, with printed page and paragraph.

    EDITION is a PDF or a corpus id (wt-2015, is-2008…); give several, oldest first, to see
    where TEXT first appears, where it is reworded (with a redline) and where it is gone.
    Exact places come first, then close ones with their similarity and the words that differ.
    TEXT may leave words out with an ellipsis ("…" or "..."): its parts are found in order.
    """
    from guidediff.api import find as find_text
    from guidediff.editions import LoadOptions

    result = find_text(quotation, list(editions), exact=exact, score_cutoff=cutoff,
                       load_options=LoadOptions(password=password, cache=not no_cache))
    colour = output is None and sys.stdout.isatty()
    write_output(output_format.render(result, RenderOptions(colour=colour)), output)


# --- the corpus of known editions ---------------------------------------------------

@cli.group("corpus")
def corpus_group() -> None:
    """Known editions by id (wt-2013, wiw-2015, is-2008…): list, show, locate, fetch, verify.

    Every command that takes a PDF also takes an id. An id stands for the official PDF
    once it has been fetched into the cache, otherwise for guidediff's bundled model
    edition (a paraphrased stand-in reproducing the structure and documented changes).
    """


@corpus_group.command("list")
@output_options(CORPUS_LIST)
def corpus_list(output: str | None, output_format: Format) -> None:
    """List the known editions: id, citation, date, status, and which file an id stands for."""
    from guidediff import corpus

    write_output(output_format.render(corpus.statuses(), RenderOptions()), output)


@corpus_group.command("show")
@click.argument("edition_id", metavar="ID")
@output_options(CORPUS_ENTRY)
def corpus_show(edition_id: str, output: str | None, output_format: Format) -> None:
    """Show everything the manifest records about edition ID, and which file ID stands for."""
    from guidediff import corpus

    write_output(output_format.render(corpus.status(edition_id), RenderOptions()), output)


@corpus_group.command("path")
@click.argument("edition_id", metavar="ID")
def corpus_path(edition_id: str) -> None:
    """Print the path of the file ID stands for (the fetched official PDF, else the model edition)."""
    from guidediff import corpus

    click.echo(str(corpus.resolve(edition_id).path))


@corpus_group.command("fetch")
@click.argument("edition_ids", nargs=-1, metavar="[ID]...")
@click.option("--url", default=None, metavar="URL",
              help="Download from this http(s) address instead of the manifest's (a mirror); needs exactly one ID. "
                   "The file is still checked: a PDF, the official page count, the edition's title and date.")
def corpus_fetch(edition_ids: tuple[str, ...], url: str | None) -> None:
    """Download official PDFs into the cache, check them, and use them for these ids from now on.

    Without ID, fetches every edition that has a known download address. Most older
    editions have none: download those from their publisher's page and compare by path,
    or give an address with --url. A file is kept only when it is the edition the
    manifest describes (page count, title, and the year and month in its title or on
    its cover); otherwise the error says what it is instead.
    """
    from guidediff import corpus

    if url is not None and len(edition_ids) != 1:
        raise InputError("--url needs exactly one edition id, e.g. guidediff corpus fetch wt-2015 --url URL")
    chosen = list(edition_ids) or [entry.id for entry in corpus.editions() if entry.official_pdf_url]
    if not chosen:
        raise FetchError("no edition in the manifest has a known download address; "
                         "give one with: guidediff corpus fetch ID --url URL")
    for edition_id in chosen:
        with progress_reporter(f"Fetching {edition_id}", minimum=0) as progress:
            fetched = corpus.fetch(edition_id, url=url, progress=progress)
        click.echo(f"{fetched.id}: {fetched.pages} pages, SHA-256 {fetched.sha256}, saved to {fetched.path}")


@corpus_group.command("verify")
def corpus_verify() -> None:
    """Check every bundled model edition and every fetched official PDF against its recorded SHA-256.

    Exits with status 2 when a file is missing, unreadable or changed.
    """
    from guidediff import corpus

    checks = corpus.verify()
    for check in checks:
        click.echo(f"{'ok' if check.ok else 'FAILED':6}  {check.id:<10}  {check.subject}: {check.message}")
    failed = [check for check in checks if not check.ok]
    if failed:
        raise CorpusError(f"{len(failed)} of {len(checks)} corpus files failed verification (listed above)")


@cli.command()
@click.argument("editions", nargs=-1, required=True, metavar="A B C...")
@input_options
@watchlist_option
@output_options(HISTORY)
@click.option("--order", type=click.Choice(("date", "given")), default="date", show_default=True,
              help="Put the editions in order by their dates (when known), or keep the order given.")
@quote_options
def history(editions: tuple[str, ...], password: str | None, no_cache: bool, watchlist: str, output: str | None,
            output_format: Format, order: str, quotes: tuple[str, ...]) -> None:
    """Trace sections and watched concepts through three or more editions A B C... (paths or corpus ids).

    Each section of the newest edition is traced back to where it first appeared, and each
    older section forward to where it went or the edition that dropped it. Each --quote is
    followed through every edition: where it first appears, where it is reworded, where it is gone.
    Warnings (an edition given twice, editions of different documents, model editions) go
    to stderr and first in the output.
    """
    from guidediff.editions import LoadOptions
    from guidediff.history import history as build_history

    timeline = build_history(list(editions), watchlist=watchlist, order=order,
                             load_options=LoadOptions(password=password, cache=not no_cache), quotes=quotes)
    show_warnings(timeline.warnings)
    write_output(output_format.render(timeline, RenderOptions()), output)


@contextmanager
def batch_progress() -> Iterator[Callable[[BatchProgress], None] | None]:
    """Progress bars on stderr (when it is a terminal): documents read, then pages of the pairs compared."""
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, Any] = {}

    def report(progress: BatchProgress) -> None:
        if state.get("stage") != progress.stage:
            if "bar" in state:
                state["bar"].__exit__(None, None, None)
            length = progress.total if progress.stage == "reading" else (progress.pages_total or progress.total)
            label = (f"Reading {progress.total} document{'s' if progress.total != 1 else ''}" if progress.stage == "reading"
                     else f"Comparing {progress.total} pair{'s' if progress.total != 1 else ''}")
            state["bar"] = click.progressbar(length=max(length, 1), label=label, file=sys.stderr,
                                             item_show_func=lambda text: text, show_pos=True)
            state["bar"].__enter__()
            state["stage"] = progress.stage
        bar = state["bar"]
        done = progress.done if progress.stage == "reading" else (progress.pages_done if progress.pages_total
                                                                  else progress.done)
        shown = (f"{progress.pages_done} pages read" if progress.stage == "reading"
                 else f"pages; {progress.done} of {progress.total} pairs done")
        bar.update(done - bar.pos, shown)

    try:
        yield report
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="MANIFEST | OLD_DIR NEW_DIR")
@click.option("-o", "--output", "folder", metavar="FOLDER", default=None,
              help="The folder to write the index and the reports into (made if it does not exist).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(REPORT.names), metavar="FORMAT",
              help="Report format for each pair, repeat for several (" + "|".join(REPORT.names) + "; default: "
                   + ", ".join(BATCH_REPORT_FORMATS) + ").")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help=f"Worker processes on this machine (default: one per core, here {os.cpu_count() or 1}).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on an existing Dask distributed cluster instead, e.g. tcp://host:8786 "
                   "(needs pip install 'guidediff[dask]'; the workers need the same guidediff).")
@click.option("--pair", "given_pairs", multiple=True, metavar="OLD=NEW",
              help="With two folders: pair these two files (names in OLD_DIR and NEW_DIR) whatever their "
                   "titles and content say. Repeat for several.")
@click.option("--unpair", "unpaired", multiple=True, metavar="FILE",
              help="With two folders: never pair this file automatically (a file of either folder). Repeat for several.")
@click.option("--show-pairs", is_flag=True, default=False,
              help="With two folders: print how the documents pair, as a manifest to edit and run, and stop.")
@click.option("--force", is_flag=True, default=False,
              help="Compare every pair again, even those whose reports in FOLDER are current.")
@input_options
@watchlist_option
@click.option("--all", "show_all", is_flag=True, default=False,
              help="Reports also show bookkeeping changes (as compare --all); --exit-code counts them too.")
@click.option("--exit-code", is_flag=True, default=False,
              help="Exit with status 1 when any pair has substantive changes (with --all: any changes).")
@quote_options
def batch(sources: tuple[str, ...], folder: str | None, formats: tuple[str, ...], workers: int | None,
          scheduler: str | None, given_pairs: tuple[str, ...], unpaired: tuple[str, ...], show_pairs: bool,
          force: bool, password: str | None, no_cache: bool, watchlist: str, show_all: bool, exit_code: bool,
          quotes: tuple[str, ...]) -> None:
    """Compare many documents at once: a MANIFEST of series and pairs, or every PDF of OLD_DIR with NEW_DIR.

    \b
    A manifest is a TOML file (paths relative to it; an edition is a path or a corpus id):
      [[series]]                     # consecutive editions, oldest first
      name = "Working Together"
      editions = ["wt-2010", "wt-2013", "wt-2015"]
      [[pair]]                       # one pair; old_pages/new_pages optional
      old = "old/thresholds.pdf"
      new = "new/thresholds-2025.pdf"

    Two folders are paired by title and content; --show-pairs prints the pairing as a
    manifest to check and edit, and --pair/--unpair override it. FOLDER gets one report
    per pair in each --format (in FOLDER/reports), and an index in every format of the
    batch index (FOLDER/index.*) listing every document: changed or not, changes per
    level, watched topics new and gone, documents with no partner and documents that
    could not be read.

    Ctrl-C keeps every finished report; running the same command again compares only
    the rest (a report is current when both files' SHA-256, the options and guidediff
    are unchanged). Exit status: 0, or 1 with --exit-code when a pair changed, or 2 when
    a document could not be read or a pair failed (the index says which), 130 when
    interrupted.
    """
    from guidediff.batch import plan as batch_plan
    from guidediff.batch.engines import DaskEngine, LocalEngine
    from guidediff.batch.run import BatchInterrupted, BatchOptions, batch_summary, describe_problems, propose_pairs
    from guidediff.batch.run import run_batch

    if len(sources) > 2:
        raise InputError("give one manifest file, or two folders: OLD_DIR NEW_DIR")
    folders = len(sources) == 2
    if not folders and (given_pairs or unpaired or show_pairs):
        raise InputError("--pair, --unpair and --show-pairs are for two folders; in a manifest, write the pairs")
    if scheduler is not None and workers is not None:
        raise InputError("--workers is for this machine; a Dask cluster (--scheduler) has its own workers")
    if folders:
        overrides = []
        for text in given_pairs:
            old_name, equals, new_name = text.partition("=")
            if not equals or not old_name or not new_name:
                raise InputError(f"--pair {text}: write it as OLD=NEW, a file of each folder")
            overrides.append((old_name, new_name))
        plan: batch_plan.Plan = batch_plan.plan_folders(sources[0], sources[1], overrides, unpaired)
    else:
        plan = batch_plan.read_manifest(sources[0])
    if folder is None and not show_pairs:
        raise InputError("give the folder to write the reports into: -o FOLDER")
    options = BatchOptions(formats=formats or BATCH_REPORT_FORMATS, watchlist=watchlist, quotes=quotes,
                           include_bookkeeping=show_all, password=password, cache=not no_cache, force=force)
    engine = DaskEngine.connect(scheduler) if scheduler is not None else LocalEngine(workers or os.cpu_count() or 1)
    try:
        with batch_progress() as progress:
            if show_pairs:
                assert isinstance(plan, batch_plan.FolderPlan)
                click.echo(propose_pairs(plan, options, engine=engine, progress=progress), nl=False)
                return
            assert folder is not None
            result = run_batch(plan, folder, options, engine=engine, progress=progress)
    except BatchInterrupted as interrupted:
        click.echo(f"guidediff: {interrupted.message}", err=True)
        sys.exit(130)
    finally:
        engine.close()
    click.echo(f"guidediff: {batch_summary(result)}; index: {result.index_files[0]}", err=True)
    problems = result.failed + len(result.index.unreadable)
    if problems:
        raise GuidediffError(f"{describe_problems(result)}; the index lists them with the reason")
    totals = result.index.summary()["counts"]
    if exit_code and (result.index.summary()["changed"] or (show_all and any(totals.values()))):
        sys.exit(1)


@cli.command("cache-dir", hidden=True)
def cache_dir() -> None:
    """Print where read documents are cached."""
    from guidediff.cache import DocumentCache

    click.echo(str(DocumentCache().directory))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every error into one line and exit status 2."""
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # pypdf's repair warnings are not the user's business
    try:
        cli.main(args=argv, prog_name="guidediff", standalone_mode=False)
    except GuidediffError as error:
        for line in str(error).splitlines() or [""]:  # several problems (a watchlist's) are one line each
            click.echo(f"guidediff: error: {line}", err=True)
        sys.exit(error.exit_status)
    except click.exceptions.Abort:
        click.echo("guidediff: aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        click.echo("guidediff: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as error:  # noqa: BLE001 - a bug must still give one line, not a traceback
        if os.environ.get("GUIDEDIFF_DEBUG"):
            raise
        click.echo(f"guidediff: internal error: {type(error).__name__}: {error} "
                   "(this is a bug in guidediff; set GUIDEDIFF_DEBUG=1 for details)", err=True)
        sys.exit(2)
