"""Does a PDF compared with a copy of itself report nothing?

For every PDF in ../shared/corpus/real and ../shared/corpus/wild (or the files
given), three comparisons whose true answer is "no change":

* the file with itself;
* the file with a copy whose outline is Word-style structure bookmarks
  (``guidediff.testing.variants.with_structure_bookmarks``), tagged files only;
* the file with a copy whose tag tree was removed, so that the copy is read by
  geometry (``without_tags``), tagged files only. Two editions from different
  producers are the normal case, so the tagged and untagged readings must agree:
  the table counts the substantive changes, and ``--verbose`` lists them.

Prints a table; asserts nothing.

    python benchmarks/self_consistency.py [--verbose] [PDF ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import guidediff  # noqa: E402
from guidediff.errors import GuidediffError  # noqa: E402
from guidediff.testing.variants import with_structure_bookmarks, without_tags  # noqa: E402


def corpus() -> Path:
    return Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", ROOT.parent / "shared" / "corpus"))


def _count(report) -> tuple[int, int]:  # noqa: ANN001
    changes = report.changes
    return len(changes), sum(1 for change in changes if change.substantive)


def _redline(change) -> str:  # noqa: ANN001
    if change.diff:
        return "".join(text if op == "=" else (f"[-{text}-]" if op == "-" else f"{{+{text}+}}") for op, text in change.diff)
    side = change.new or change.old
    return ("{+" if change.new else "[-") + side.text + ("+}" if change.new else "-]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((corpus() / "real").glob("*.pdf")) + sorted((corpus() / "wild").glob("*.pdf"))
    work = Path(tempfile.mkdtemp(prefix="guidediff-self-"))
    os.environ.setdefault("GUIDEDIFF_CACHE_DIR", str(work / "cache"))
    header = f"{'file':42} {'pages':>5} {'reading':28} {'outline':13} {'blocks':>6} {'self':>5} {'bookm.':>6} {'untag sub/all':>13} {'s':>5}"
    print(header)
    print("-" * len(header))
    verbose: list[str] = []
    sums = [0, 0, 0, 0]  # self changes, bookmarks-copy changes, untagged substantive, untagged all
    for pdf in pdfs:
        started = time.perf_counter()
        try:
            document = guidediff.load(pdf)
        except GuidediffError as error:
            print(f"{pdf.name:42} error: {error}")
            continue
        self_changes = _count(guidediff.compare(document, document, watchlist=None))[0]
        bookmarks = untagged = "-"
        if "tags" in document.reading or "tag tree" in document.reading:
            data = pdf.read_bytes()
            copy = work / f"{pdf.stem}.bookmarks.pdf"
            copy.write_bytes(with_structure_bookmarks(data))
            bookmarks = str(_count(guidediff.compare(document, copy, watchlist=None))[0])
            sums[1] += int(bookmarks)
            plain = work / f"{pdf.stem}.untagged.pdf"
            plain.write_bytes(without_tags(data))
            report = guidediff.compare(document, plain, watchlist=None)
            total, substantive = _count(report)
            untagged = f"{substantive}/{total}"
            sums[2] += substantive
            sums[3] += total
            if args.verbose:
                for change in report.changes:
                    if change.substantive:
                        verbose.append(f"{pdf.name} {change.kind} {change.citation}: {_redline(change)[:200]}")
        sums[0] += self_changes
        reading = document.reading.split(" (")[0]
        print(f"{pdf.name:42} {len(document.pages):5} {reading:28.28} {document.outline_source:13} "
              f"{len(document.blocks):6} {self_changes:5} {bookmarks:>6} {untagged:>13} {time.perf_counter() - started:5.1f}")
    print("-" * len(header))
    print(f"{'total':42} {'':5} {'':28} {'':13} {'':6} {sums[0]:5} {sums[1]:6} {f'{sums[2]}/{sums[3]}':>13}")
    for line in verbose:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
