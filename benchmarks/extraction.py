"""Reading speed: pages per second on the real PDFs, cold and from the cache, beside pdftotext.

    python benchmarks/extraction.py [--runs 5] [--corpus ../shared/corpus/real]

Prints a table of medians over several runs. "cold" reads the PDF with the
cache bypassed; "cached" loads the same document from a warm on-disk cache;
pypdf's own extract_text() is the baseline measured in the same process, and
pdftotext (poppler) is timed as a separate process when it is installed.
No assertions: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def median_seconds(action, runs: int) -> float:  # noqa: ANN001 - any callable
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", REPO.parent / "shared" / "corpus")) / "real")
    arguments = parser.parse_args()
    pdfs = sorted(arguments.corpus.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {arguments.corpus}")

    cache_dir = tempfile.mkdtemp(prefix="guidediff-bench-")
    os.environ["GUIDEDIFF_CACHE_DIR"] = cache_dir
    import pypdf

    from guidediff.api import load
    from guidediff.cache import DocumentCache

    pdftotext = shutil.which("pdftotext")
    header = f"{'file':32} {'pages':>5} {'pypdf text':>11} {'cold':>9} {'cached':>9} {'pdftotext':>10}  cold/pypdf  cached speed-up"
    print(f"median of {arguments.runs} runs, pages per second (higher is better)")
    print(header)
    print("-" * len(header))
    for pdf in pdfs:
        pages = len(pypdf.PdfReader(pdf).pages)
        baseline = median_seconds(lambda: [page.extract_text() for page in pypdf.PdfReader(pdf).pages], arguments.runs)
        cold = median_seconds(lambda: load(pdf, cache=False), arguments.runs)
        cache = DocumentCache()
        load(pdf, cache=cache)  # warm it
        cached = median_seconds(lambda: load(pdf, cache=cache), arguments.runs)
        poppler = (median_seconds(lambda: subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                                                         check=True), arguments.runs) if pdftotext else None)
        poppler_rate = f"{pages / poppler:10.0f}" if poppler else f"{'n/a':>10}"
        print(f"{pdf.name:32} {pages:5d} {pages / baseline:11.0f} {pages / cold:9.0f} {pages / cached:9.0f} "
              f"{poppler_rate}  {cold / baseline:9.2f}x  {cold / cached:9.0f}x")
    shutil.rmtree(cache_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
