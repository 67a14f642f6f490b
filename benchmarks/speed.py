"""Speed of each pipeline stage on real and synthetic edition pairs, and how it grows with pages.

    python benchmarks/speed.py [--runs 3] [--corpus ../shared/corpus/real] [--sizes 50,100,200,400] [--no-real]

For each pair, per stage, the median over ``--runs`` runs (seconds, time.perf_counter):

    read cold     both PDFs read from their bytes into Documents, with an empty cache
                  (a private GUIDEDIFF_CACHE_DIR in a temporary directory, so "cold" is cold)
    read cached   both Documents loaded back from that warm on-disk cache
    structure     both section trees built (build_tree)
    align         guidediff.align.align (it builds the trees again itself, so this includes structure)
    report        guidediff.report.build.build_report (word diffs, bookkeeping test)
    JSON          REPORT.render(report, "json") (guidediff.render)
    compare       align + report + JSON: a compare from the cache, minus the cache load

Pairs:

- KCSIE 2025 (``kcsie-2025-july.pdf``, 187 pages) against an edited copy made in the
  Document model: every 40th paragraph dropped, every 25th reworded, one
  paragraph inserted every 30, and two sections' blocks swapped. Only the old
  edition is a PDF, so "read" columns count one PDF for this pair.
- Working Together 2023 (``wt-2023.pdf``, 168 pages) against itself (read once).
- Synthetic pairs from benchmarks/alignment.py's generator rendered with
  guidediff.testing at about 50/100/200/400 pages; the last column is the
  total (read cold + compare) relative to the smallest synthetic pair, beside
  the ratio of pages, to show how cost grows.

Page images (``--page-images``; needs guidediff[pages]) are timed on their own, as a ratio
to the compare they add to, both from loaded Documents in the same process, medians of
``--runs``: ``compare`` is ``guidediff.compare`` with ``page_images="off"``; ``+ images``
the same call with ``"changed"`` (figure search over every compared page, then the
snapshots of the substantive changes), on the KCSIE Part one pair (July pp. 7-24 against
September pp. 4-20, 23 changes) and on each real PDF against itself (no change: the
figure search alone). ``--no-images`` skips them.

Real PDFs that are absent are skipped with a message. No assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHAPTERS_PER_PAGE = 7 / 27  # the generator's default 7 chapters make about 27 pages per edition


def timed(action, runs: int) -> tuple[float, object]:  # noqa: ANN001 - any callable
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def edited_copy(document):  # noqa: ANN001, ANN201 - Document -> Document
    """The same document with known edits made in the Document model."""
    from guidediff.document import BlockKind

    blocks = list(document.blocks)
    paragraphs = [index for index, block in enumerate(blocks) if block.kind is BlockKind.PARAGRAPH]
    changed = {}
    for count, index in enumerate(paragraphs):
        if count % 40 == 39:
            changed[index] = None
        elif count % 25 == 24:
            changed[index] = replace(blocks[index], text=blocks[index].text + " This now applies to colleges as well.")
    result = []
    for count, (index, block) in enumerate(enumerate(blocks)):
        if index in changed:
            if changed[index] is not None:
                result.append(changed[index])
            continue
        result.append(block)
        if block.kind is BlockKind.PARAGRAPH and count % 30 == 29:
            result.append(replace(block, text="Inserted for the benchmark: staff should record every concern the same day.",
                                  number=None, footnote_refs=()))
    headings = [index for index, block in enumerate(result) if block.kind is BlockKind.HEADING]
    if len(headings) > 12:
        a, b, c = headings[8], headings[9], headings[10]  # swap two neighbouring sections' runs of blocks
        result[a:c] = result[b:c] + result[a:b]
    result = [replace(block, seq=seq) for seq, block in enumerate(result)]
    return replace(document, blocks=tuple(result), sha256="e" * 64)


def synthetic_pair(pages: int, directory: Path) -> tuple[Path, Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from alignment import make_pair, to_spec

    from guidediff.testing.pdfgen import render

    chapters = max(3, round(pages * CHAPTERS_PER_PAGE))
    old_book, new_book, _ = make_pair(1000 + pages, chapters=chapters)
    paths = []
    for side, book in (("old", old_book), ("new", new_book)):
        spec, _ = to_spec(book, "Working together to protect children")
        path = directory / f"synthetic-{pages}-{side}.pdf"
        render(spec, path)
        paths.append(path)
    return paths[0], paths[1]


def measure(name: str, old_path: Path, new_source, runs: int) -> dict:  # noqa: ANN001 - Path, or a callable Document -> Document
    from guidediff.align import align
    from guidediff.api import load
    from guidediff.cache import DocumentCache
    from guidediff.render import REPORT
    from guidediff.report.build import build_report
    from guidediff.structure import build_tree

    paths = [old_path] + ([new_source] if isinstance(new_source, Path) and new_source != old_path else [])
    cache_root = Path(tempfile.mkdtemp(prefix="guidediff-speed-"))
    try:
        def read_cold() -> list:
            shutil.rmtree(cache_root, ignore_errors=True)
            cache = DocumentCache(cache_root)
            return [load(path, cache=cache) for path in paths]

        cold, _ = timed(read_cold, runs)
        cache = DocumentCache(cache_root)
        cached, documents = timed(lambda: [load(path, cache=cache) for path in paths], runs)
    finally:
        shutil.rmtree(cache_root, ignore_errors=True)
    old = documents[0]
    if callable(new_source) and not isinstance(new_source, Path):
        new = new_source(old)
    else:
        new = documents[-1]
    pages = (len(old.pages), len(new.pages))
    structure, _ = timed(lambda: (build_tree(old), build_tree(new)), runs)
    aligning, alignment = timed(lambda: align(old, new), runs)
    reporting, report = timed(lambda: build_report(alignment), runs)
    rendering, _ = timed(lambda: REPORT.render(report, "json"), runs)
    return {"name": name, "pages": pages, "pdfs": len(paths), "cold": cold, "cached": cached, "structure": structure,
            "align": aligning, "report": reporting, "json": rendering,
            "compare": aligning + reporting + rendering, "changes": len(report.changes)}


def print_table(rows: list[dict], baseline: dict | None) -> None:
    header = (f"{'pair':34} {'pages':>9} {'read cold':>9} {'cached':>7} {'structure':>9} {'align':>7} {'report':>7} "
              f"{'JSON':>6} {'compare':>8} {'changes':>7}  {'vs smallest (time / pages)':>26}")
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = ""
        if baseline is not None and row["name"].startswith("synthetic"):
            total = row["cold"] + row["compare"]
            base_total = baseline["cold"] + baseline["compare"]
            ratio = f"{total / base_total:6.2f}x / {sum(row['pages']) / sum(baseline['pages']):5.2f}x"
        pages = f"{row['pages'][0]}+{row['pages'][1]}"
        print(f"{row['name']:34} {pages:>9} {row['cold']:9.2f} {row['cached']:7.3f} {row['structure']:9.3f} "
              f"{row['align']:7.3f} {row['report']:7.3f} {row['json']:6.3f} {row['compare']:8.3f} {row['changes']:7d}  {ratio:>26}")


def measure_images(name: str, old, new, runs: int, **pages) -> dict:  # noqa: ANN001 - Documents
    """compare without and with page images, from loaded Documents: medians, their ratio, what was made."""
    from guidediff.api import compare

    plain, _ = timed(lambda: compare(old, new, **pages), runs)
    pictured, report = timed(lambda: compare(old, new, page_images="changed", **pages), runs)
    images = report.page_images
    return {"name": name, "compare": plain, "images": pictured, "pictures": len(images.snapshots),
            "bytes": images.used, "figures": report.summary.changes.get("figure", 0)}


def print_images(rows: list[dict]) -> None:
    header = f"{'pair':44} {'compare':>8} {'+ images':>9} {'ratio':>6} {'pictures':>9} {'MB':>6} {'figures':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['name']:44} {row['compare']:8.2f} {row['images']:9.2f} {row['images'] / row['compare']:6.1f} "
              f"{row['pictures']:9d} {row['bytes'] / 1e6:6.2f} {row['figures']:8d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", REPO.parent / "shared" / "corpus")) / "real")
    parser.add_argument("--sizes", default="50,100,200,400", help="approximate pages of the synthetic editions")
    parser.add_argument("--no-real", action="store_true", help="skip the real PDFs")
    parser.add_argument("--no-images", action="store_true", help="skip the page images")
    arguments = parser.parse_args()
    if arguments.no_images:
        pass
    elif arguments.no_real:
        print("page images are measured on the real PDFs; skipped with --no-real")
    else:
        import guidediff

        july, september = arguments.corpus / "kcsie-2025-july.pdf", arguments.corpus / "kcsie-2025-part-one-sept.pdf"
        image_rows = []
        if july.exists() and september.exists():
            old, new = guidediff.load(july), guidediff.load(september)
            image_rows.append(measure_images("KCSIE Part one, July 7-24 vs September 4-20", old, new, arguments.runs,
                                             old_pages="7-24", new_pages="4-20"))
        for name in ("kcsie-2025-part-one-sept.pdf", "is-2024.pdf"):
            if (arguments.corpus / name).exists():
                document = guidediff.load(arguments.corpus / name)
                image_rows.append(measure_images(f"{name} vs itself", document, document, arguments.runs))
        if image_rows:
            print(f"page images: median of {arguments.runs} runs, seconds, from loaded Documents")
            print_images(image_rows)
            print()

    workdir = Path(tempfile.mkdtemp(prefix="guidediff-speed-pdfs-"))
    os.environ["GUIDEDIFF_CACHE_DIR"] = str(workdir / "unused-default-cache")  # nothing may touch the user's cache
    rows: list[dict] = []
    try:
        if not arguments.no_real:
            kcsie = arguments.corpus / "kcsie-2025-july.pdf"
            wt = arguments.corpus / "wt-2023.pdf"
            if kcsie.exists():
                rows.append(measure("KCSIE 2025 vs edited copy (1 PDF)", kcsie, edited_copy, arguments.runs))
            else:
                print(f"skipped KCSIE 2025: {kcsie} is absent")
            if wt.exists():
                rows.append(measure("WT 2023 vs itself (1 PDF)", wt, wt, arguments.runs))
            else:
                print(f"skipped WT 2023: {wt} is absent")
        synthetic: list[dict] = []
        for pages in (int(size) for size in arguments.sizes.split(",") if size):
            old_path, new_path = synthetic_pair(pages, workdir)
            synthetic.append(measure(f"synthetic ~{pages} pages (2 PDFs)", old_path, new_path, arguments.runs))
        rows.extend(synthetic)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"median of {arguments.runs} runs, seconds; read columns cover every PDF of the pair "
          f"(python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print_table(rows, synthetic[0] if synthetic else None)


if __name__ == "__main__":
    main()
