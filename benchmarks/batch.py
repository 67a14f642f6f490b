"""guidediff batch: wall time with 1 and 2 workers and on a Dask LocalCluster of 2 workers, and how it grows.

    python benchmarks/batch.py [--pairs 12] [--runs 3] [--chapters 7] [--no-dask] [--no-growth]

Documents: ``--pairs`` pairs of synthetic editions from benchmarks/alignment.py's
generator (each pair an edition and an edited copy with known edits), typeset by
guidediff.testing, so 2 x pairs documents (24 by default, about 27 pages each at 7
chapters), in an old and a new folder under their own titles. Every run is
``run_batch(plan_folders(old, new), ...)``, exactly what ``guidediff batch OLD NEW -o
OUT`` does: hash, read and summarise every document, pair them by title and content,
compare every pair, write an HTML and a JSON report per pair and the index.

Tables (medians of ``--runs`` runs, seconds by time.perf_counter, all in this one process):

1. Engines, cold: no read cache (each file read once per run, in a scratch cache) and
   ``force`` (every pair compared): ``LocalEngine(1)`` (this process),
   ``LocalEngine(2)`` (a pool of 2 processes, made afresh each run, as the command
   does), and a Dask ``LocalCluster`` of 2 worker processes x 1 thread (started once,
   before timing; its start-up time is printed apart). Each engine gets one warm-up run
   first (the first run on fresh Dask workers pays their imports; a real cluster pays
   that once). Columns: reading (hash, read, summarise, pair), comparing (compare,
   render, write), total, and the total's ratio to 1 worker.
2. Warm: the same with the read cache filled: what a re-run with new options costs.
3. Growth (1 worker, cold): a quarter, half and all of the pairs, and half of them at
   twice the chapters: seconds per document and per page, to see how time grows.
4. Pairing cost: ``pair_documents`` on N old x N new synthetic summaries (N = 100, 200,
   400), which is O(N^2) and runs in the client: to extrapolate to thousands.
5. Memory: the pickled size of a read Document per page: what a Dask worker holds for
   each document while a pair needs it.

The machine is shared and loaded by others: read ratios, not absolute seconds. No
assertions.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TITLES = ("Early help assessment", "Thresholds of need", "Children missing from home or care",
          "Managing allegations against staff", "Child exploitation strategy", "Private fostering",
          "Domestic abuse protocol", "Neglect strategy", "Escalation and resolution of professional disagreements",
          "Information sharing agreement", "Safer recruitment", "Child protection conferences",
          "Female genital mutilation pathway", "Elective home education", "Radicalisation and Prevent referrals",
          "Allegations in education settings")


def make_folders(root: Path, pairs: int, chapters: int, seed: int = 500) -> tuple[Path, Path, int]:
    """Two folders of ``pairs`` synthetic edition pairs; returns them and the total page count."""
    from alignment import make_pair, to_spec

    from guidediff.testing.pdfgen import render

    old, new = root / "old", root / "new"
    old.mkdir(parents=True)
    new.mkdir(parents=True)
    pages = 0
    for number in range(pairs):
        title = TITLES[number % len(TITLES)] + (f" {number // len(TITLES) + 1}" if number >= len(TITLES) else "")
        old_book, new_book, _ = make_pair(seed + number, chapters=chapters)
        for folder, book in ((old, old_book), (new, new_book)):
            spec, _ = to_spec(book, title)
            layout = render(spec, folder / f"document-{number:02d}.pdf")
            pages += layout.page_count
    return old, new, pages


class Timer:
    """A progress callback that notes when the comparing stage starts."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.comparing: float | None = None

    def __call__(self, state) -> None:  # noqa: ANN001 - a BatchProgress
        if state.stage == "comparing" and self.comparing is None:
            self.comparing = time.perf_counter()


def one_run(old: Path, new: Path, engine, cache, out: Path) -> tuple[float, float, float]:  # noqa: ANN001
    """(reading, comparing, total) seconds of one batch."""
    from guidediff.batch.plan import plan_folders
    from guidediff.batch.run import BatchOptions, run_batch

    shutil.rmtree(out, ignore_errors=True)
    timer = Timer()
    result = run_batch(plan_folders(old, new), out, BatchOptions(cache=cache, force=True), engine=engine,
                       progress=timer)
    end = time.perf_counter()
    assert result.compared == len(result.index.pairs) and not result.index.unpaired, "every pair compared"
    comparing = timer.comparing or end
    return comparing - timer.start, end - comparing, end - timer.start


def measure(old: Path, new: Path, make_engine, cache, runs: int, workdir: Path) -> tuple[float, float, float]:  # noqa: ANN001
    """Medians of (reading, comparing, total) over ``runs`` runs, after one warm-up run."""
    samples = []
    for run in range(runs + 1):
        engine = make_engine()
        try:
            sample = one_run(old, new, engine, cache, workdir / "out")
        finally:
            engine.close()
        if run:
            samples.append(sample)
    return tuple(statistics.median(sample[index] for sample in samples) for index in range(3))  # type: ignore[return-value]


def print_engines(title: str, rows: list[tuple[str, tuple[float, float, float]]]) -> None:
    print(title)
    print(f"{'engine':34} {'reading':>8} {'comparing':>9} {'total':>7} {'vs 1 worker':>11}")
    base = rows[0][1][2]
    for name, (reading, comparing, total) in rows:
        print(f"{name:34} {reading:8.2f} {comparing:9.2f} {total:7.2f} {total / base:10.2f}x")
    print()


def pairing_cost() -> list[tuple[int, float]]:
    from guidediff.batch.pairing import DocumentSummary, pair_documents

    rng = random.Random(7)
    rows = []
    for size in (100, 200, 400):
        def summaries(side: str) -> list[DocumentSummary]:
            return [DocumentSummary(f"{side}/{index}.pdf", f"{side}{index}", f"{rng.choice(TITLES)} {index}",
                                    f"doc {index}", 30, tuple(sorted(rng.sample(range(2**32), 256))))
                    for index in range(size)]

        old, new = summaries("old"), summaries("new")
        start = time.perf_counter()
        pair_documents(old, new)
        rows.append((size, time.perf_counter() - start))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=12, help="pairs of synthetic editions (documents = 2 x pairs)")
    parser.add_argument("--chapters", type=int, default=7, help="chapters per edition (7 make about 27 pages)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")
    parser.add_argument("--no-growth", action="store_true", help="skip the growth table")
    arguments = parser.parse_args()

    from guidediff.batch.engines import DaskEngine, LocalEngine
    from guidediff.cache import DocumentCache
    from guidediff.pdf import read_pdf

    workdir = Path(tempfile.mkdtemp(prefix="guidediff-batch-bench-"))
    os.environ["GUIDEDIFF_CACHE_DIR"] = str(workdir / "cache")  # never the user's cache, here or in the workers
    cluster = None
    try:
        old, new, pages = make_folders(workdir / "docs", arguments.pairs, arguments.chapters)
        documents = 2 * arguments.pairs
        print(f"{documents} documents ({arguments.pairs} pairs), {pages} pages; python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs; medians of {arguments.runs} runs after one warm-up run, seconds\n")
        engines = [("1 worker (this process)", lambda: LocalEngine(1)),
                   ("2 workers (process pool)", lambda: LocalEngine(2))]
        if not arguments.no_dask:
            try:
                import distributed
            except ImportError:
                print("Dask LocalCluster skipped: pip install 'guidediff[dask]'\n")
            else:
                start = time.perf_counter()
                cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                   host="127.0.0.1", dashboard_address=None)
                print(f"Dask LocalCluster (2 workers x 1 thread) started in {time.perf_counter() - start:.1f} s\n")
                address = cluster.scheduler_address
                engines.append(("Dask LocalCluster, 2 workers", lambda: DaskEngine.connect(address)))
        cold = [(name, measure(old, new, make, False, arguments.runs, workdir)) for name, make in engines]
        print_engines("Cold (no read cache; every pair compared):", cold)
        cache = DocumentCache(workdir / "warm")
        warm = [(name, measure(old, new, make, cache, arguments.runs, workdir)) for name, make in engines]
        print_engines("Warm (documents from the read cache; every pair compared):", warm)

        if not arguments.no_growth:
            print("Growth, 1 worker, cold (one run each):")
            print(f"{'documents':>9} {'pages':>6} {'total':>7} {'s/document':>10} {'s/page':>7}")
            sizes = sorted({max(1, arguments.pairs // 4), max(1, arguments.pairs // 2), arguments.pairs})
            grown = [(pairs, arguments.chapters) for pairs in sizes]
            grown.append((max(1, arguments.pairs // 2), arguments.chapters * 2))
            for pairs, chapters in grown:
                folder = workdir / f"growth-{pairs}-{chapters}"
                g_old, g_new, g_pages = make_folders(folder, pairs, chapters)
                total = one_run(g_old, g_new, LocalEngine(1), False, workdir / "out")[2]
                print(f"{2 * pairs:9d} {g_pages:6d} {total:7.2f} {total / (2 * pairs):10.3f} {total / g_pages:7.4f}"
                      + (f"   ({chapters} chapters)" if chapters != arguments.chapters else ""))
                shutil.rmtree(folder, ignore_errors=True)
            print()

        print("Pairing two folders (client side, O(N^2)):")
        for size, seconds in pairing_cost():
            print(f"  {size} x {size} documents: {seconds:.2f} s ({seconds / size ** 2 * 1e6:.1f} us per candidate pair)")
        print()
        sizes = []
        for path in sorted(old.glob("*.pdf"))[:4]:
            document = read_pdf(path)
            sizes.append(len(pickle.dumps(document)) / len(document.pages))
        print(f"A read Document, pickled: {statistics.median(sizes) / 1024:.1f} KiB per page (median of {len(sizes)})")
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
