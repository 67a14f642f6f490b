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
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guidediff.errors import CorpusError, FetchError, GuidediffError, InputError
from guidediff.render.formats import CORPUS_ENTRY, CORPUS_LIST, DOCUMENT, FIND, HISTORY, REPORT, SECTIONS, TERMS
from guidediff.render.registry import Format, Registry, RenderOptions
from guidediff.version import __version__

if TYPE_CHECKING:
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

    The command receives ``output`` (a path or None) and ``output_format`` (a ``Format``):
    the one named by --format, else the one -o's extension asks for, else the default.
    """

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option("-o", "--output", type=click.Path(dir_okay=False, writable=False), default=None,
                               help="Write to this file instead of standard output "
                                    "(the format follows its extension: " + ", ".join(registry.extensions) + ").")(command)
        command = click.option("-f", "--format", "output_format", type=click.Choice(registry.names), default=None,
                               help=f"Output format (default: from -o's extension, else {registry.default}).")(command)

        @functools.wraps(command)
        def wrapper(*args: Any, output: str | None, output_format: str | None, **kwargs: Any) -> Any:
            if output_format is not None:
                chosen = registry.get(output_format)
            elif output is not None:
                chosen = registry.for_path(output)
            else:
                chosen = registry.get(registry.default)
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

def write_output(content: str | bytes, output: str | None) -> None:
    """Write ``content`` (text, or bytes for a binary format) to ``output`` atomically
    (never a half-written file), or to stdout."""
    if output is None:
        if isinstance(content, bytes):
            if sys.stdout.isatty():
                raise InputError("this format is a binary file, not text for a terminal; "
                                 "write it to a file with -o FILE")
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            click.echo(content, nl=False)
        return
    target = Path(output)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"cannot write '{output}': the folder '{directory}' does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
        if isinstance(content, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(content)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(content)
        # mkstemp makes the file private (0600); a report is an ordinary file, so follow the umask.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as error:
        try:
            os.unlink(temporary)
        except (OSError, UnboundLocalError):
            pass
        raise InputError(f"cannot write '{output}': {error.strerror or error}") from None


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
              help="Also show bookkeeping changes (cross-references that only follow renumbering); "
                   "JSON always contains them.")
@click.option("--old-pages", metavar="FIRST-LAST", default=None,
              help="Compare only these printed pages of OLD, e.g. 7-24 (one Part of a long document).")
@click.option("--new-pages", metavar="FIRST-LAST", default=None, help="Compare only these printed pages of NEW.")
@click.option("--exit-code", is_flag=True, default=False,
              help="Exit with status 1 when there are substantive changes (with --all: any changes), as git diff does.")
@quote_options
def compare(old: str, new: str, password: str | None, no_cache: bool, watchlist: str, output: str | None,
            output_format: Format, show_all: bool, old_pages: str | None, new_pages: str | None, exit_code: bool,
            quotes: tuple[str, ...]) -> None:
    """Compare two editions OLD and NEW: sections lined up, changed paragraphs word by word.

    OLD and NEW are PDF files or corpus ids such as wt-2013 (see: guidediff corpus list).
    Every change cites printed pages and paragraph numbers in both editions; watched
    concepts are counted in both, and each --quote is followed from OLD to NEW.
    """
    from guidediff.api import compare as compare_editions
    from guidediff.editions import LoadOptions

    report = compare_editions(old, new, watchlist=watchlist, old_pages=old_pages, new_pages=new_pages,
                              load_options=LoadOptions(password=password, cache=not no_cache), quotes=quotes)
    colour = output is None and sys.stdout.isatty()
    write_output(output_format.render(report, RenderOptions(include_bookkeeping=show_all, colour=colour)), output)
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
                   "The file is still checked: a PDF, the official page count, the edition's title.")
def corpus_fetch(edition_ids: tuple[str, ...], url: str | None) -> None:
    """Download official PDFs into the cache, check them, and use them for these ids from now on.

    Without ID, fetches every edition that has a known download address. Most older
    editions have none: download those from their publisher's page and compare by path,
    or give an address with --url.
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
    """
    from guidediff.editions import LoadOptions
    from guidediff.history import history as build_history

    timeline = build_history(list(editions), watchlist=watchlist, order=order,
                             load_options=LoadOptions(password=password, cache=not no_cache), quotes=quotes)
    write_output(output_format.render(timeline, RenderOptions()), output)


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
        click.echo(f"guidediff: error: {error}", err=True)
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
