"""Does a PDF compared with a copy of itself less one page report that page, and only it?

A page dropped (or added) between editions is the commonest edit a page-based layout
makes visible: it takes one section's end and often the next one's heading with it.
For every PDF in ../shared/corpus/real and ../shared/corpus/wild (or the files given),
three body pages (at 35 %, 55 % and 75 % of the document) are each removed in turn
(``guidediff.testing.variants.without_page``), and the file is compared with each copy. The true answer is known:

* every paragraph printed only on the dropped page is removed, and a paragraph that ran
  onto it from the page before, or off it onto the next, is modified: at most ``touch``
  substantive changes (the paragraphs that touch the page), and at least ``only``;
* nothing was added, and nothing moved: ``moved`` and ``sect+`` (sections reported
  added) should be 0;
* ``sect-`` (sections reported removed) should be at most the headings printed on the page.

Prints one row per copy and the totals; asserts nothing.

    python benchmarks/page_drop.py [--verbose] [PDF ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import guidediff  # noqa: E402
from guidediff.document import BlockKind  # noqa: E402
from guidediff.errors import GuidediffError  # noqa: E402
from guidediff.testing.variants import without_page  # noqa: E402

SHARES = (0.35, 0.55, 0.75)


def corpus() -> Path:
    return Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", ROOT.parent / "shared" / "corpus"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list the moved changes and the sections added")
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((corpus() / "real").glob("*.pdf")) + sorted((corpus() / "wild").glob("*.pdf"))
    work = Path(tempfile.mkdtemp(prefix="guidediff-drop-"))
    os.environ.setdefault("GUIDEDIFF_CACHE_DIR", str(work / "cache"))
    header = (f"{'file':42} {'page':>4} {'only':>4} {'touch':>5} {'subst':>5} {'over':>4} {'moved':>5} "
              f"{'heads':>5} {'sect-':>5} {'sect+':>5}")
    print(header)
    print("-" * len(header))
    totals = {"only": 0, "touch": 0, "subst": 0, "over": 0, "moved": 0, "heads": 0, "removed": 0, "added": 0}
    notes: list[str] = []
    for pdf in pdfs:
        try:
            document = guidediff.load(pdf)
        except GuidediffError as error:
            print(f"{pdf.name:42} error: {error}")
            continue
        data = pdf.read_bytes()
        count = len(document.pages)
        if count < 4:
            continue
        for share in SHARES:
            index = min(count - 2, max(1, round(share * count)))
            blocks = [block for block in document.blocks if index in block.pages]
            only = sum(1 for block in blocks if set(block.pages) == {index} and block.kind is not BlockKind.HEADING)
            touch = sum(1 for block in blocks if block.kind is not BlockKind.HEADING)
            heads = sum(1 for block in blocks if block.kind is BlockKind.HEADING)
            copy = work / f"{pdf.stem}.less-{index + 1}.pdf"
            copy.write_bytes(without_page(data, index))
            try:
                report = guidediff.compare(document, copy, watchlist=None)
            except GuidediffError as error:
                print(f"{pdf.name:42} {index + 1:4} error: {error}")
                continue
            substantive = sum(1 for change in report.changes if change.substantive)
            moved = [change for change in report.changes if change.kind == "moved"]
            added = [link for link in report.sections if link.kind == "added"]
            removed = sum(1 for link in report.sections if link.kind == "removed")
            over = max(0, substantive - touch)
            row = {"only": only, "touch": touch, "subst": substantive, "over": over, "moved": len(moved),
                   "heads": heads, "removed": removed, "added": len(added)}
            for key, value in row.items():
                totals[key] += value
            print(f"{pdf.name:42} {index + 1:4} {only:4} {touch:5} {substantive:5} {over:4} {len(moved):5} "
                  f"{heads:5} {removed:5} {len(added):5}")
            if args.verbose:
                notes.extend(f"{pdf.name} less p.{index + 1}: moved {change.citation}" for change in moved)
                notes.extend(f"{pdf.name} less p.{index + 1}: section added {link.new[0].heading}" for link in added
                             if link.new)
    print("-" * len(header))
    print(f"{'total':42} {'':4} {totals['only']:4} {totals['touch']:5} {totals['subst']:5} {totals['over']:4} "
          f"{totals['moved']:5} {totals['heads']:5} {totals['removed']:5} {totals['added']:5}")
    for line in notes:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
