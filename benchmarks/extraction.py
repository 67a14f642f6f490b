"""Reading speed: pages per second on the real PDFs, cold with each reader and from the cache, beside pdftotext.

    python benchmarks/extraction.py [--runs 5] [--corpus ../shared/corpus/real] [--cpu]

Prints a table of medians over several runs. "cold" reads the PDF with the cache
bypassed, once with the pypdf reader and once with the pdfium reader (when pypdfium2
is installed); "cached" loads the same document from a warm on-disk cache; pypdf's
own extract_text() is the baseline measured in the same process, and pdftotext
(poppler) is timed as a separate process when it is installed. With ``--cpu`` the
clock is this process's CPU time (``time.process_time``), which a machine busy with
other work inflates far less than wall time (pdftotext is then left out).
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


CLOCK = time.perf_counter


def median_seconds(action, runs: int) -> float:  # noqa: ANN001 - any callable
    times = []
    for _ in range(runs):
        start = CLOCK()
        action()
        times.append(CLOCK() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="time CPU seconds of this process instead of wall seconds")
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", REPO.parent / "shared" / "corpus")) / "real")
    arguments = parser.parse_args()
    global CLOCK
    if arguments.cpu:
        CLOCK = time.process_time
    pdfs = sorted(arguments.corpus.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {arguments.corpus}")

    cache_dir = tempfile.mkdtemp(prefix="guidediff-bench-")
    os.environ["GUIDEDIFF_CACHE_DIR"] = cache_dir
    import pypdf

    from guidediff.api import load
    from guidediff.cache import DocumentCache

    import importlib.util

    from guidediff.editions import LoadOptions
    from guidediff.editions import load as load_edition

    readers = ["pypdf"] + (["pdfium"] if importlib.util.find_spec("pypdfium2") else [])
    pdftotext = None if arguments.cpu else shutil.which("pdftotext")
    clock = "CPU" if arguments.cpu else "wall"
    print(f"median of {arguments.runs} runs, pages per second of {clock} time (higher is better); "
          "ratios are times over pypdf extract_text's")
    print("| file | pages | pypdf extract_text | " + " | ".join(f"cold, {reader}" for reader in readers)
          + " | cached | pdftotext | " + " | ".join(f"{reader} cold / extract_text" for reader in readers) + " |")
    print("|---|---:|---:|" + "---:|" * len(readers) + "---:|---:|" + "---:|" * len(readers))
    for pdf in pdfs:
        pages = len(pypdf.PdfReader(pdf).pages)
        baseline = median_seconds(lambda: [page.extract_text() for page in pypdf.PdfReader(pdf).pages], arguments.runs)
        cold = {reader: median_seconds(lambda: load_edition(pdf, LoadOptions(cache=False, engine=reader)), arguments.runs)
                for reader in readers}
        cache = DocumentCache()
        load(pdf, cache=cache)  # warm it
        cached = median_seconds(lambda: load(pdf, cache=cache), arguments.runs)
        poppler = (median_seconds(lambda: subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                                                         check=True), arguments.runs) if pdftotext else None)
        poppler_rate = f"{pages / poppler:.0f}" if poppler else "n/a"
        print(f"| {pdf.name} | {pages} | {pages / baseline:.0f} | "
              + " | ".join(f"{pages / cold[reader]:.0f}" for reader in readers)
              + f" | {pages / cached:,.0f} | {poppler_rate} | "
              + " | ".join(f"{cold[reader] / baseline:.2f}" for reader in readers) + " |")
    shutil.rmtree(cache_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
