"""How long ``guidediff find`` takes, beside a compare of the same editions in the same process.

    python benchmarks/find.py [--runs 5] [--corpus ../shared/corpus/real]

On KCSIE 2025 July (187 pages) and the September Part one (42 pages), both read into
Documents first (the reading is what ``benchmarks/extraction.py`` measures), the median
over ``--runs`` runs (seconds, time.perf_counter) of:

    find, exact      a sentence both editions print word for word (guidediff.quotes.find)
    find, close      a sentence September rewords: exact search, then the close search
    find, --exact    the reworded sentence with exact_only (no close search)
    find_all, 10     ten quotations at once (each edition prepared once)
    compare          align + report of the two whole documents (guidediff.align + build_report)

and each as a ratio to the compare, which is the number to read: the machine is shared,
so absolute seconds say little. No assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXACT = "All staff should be prepared to identify children who may benefit from early help."
CLOSE = ("Annex B contains important additional information about specific forms of abuse, exploitation and "
         "safeguarding issues.")
MORE = [
    "to have \u201cdue regard to the need to prevent people from becoming terrorists or supporting terrorism\u201d.",
    "Prevent referrals are assessed and may be passed to a multi-agency Channel panel",
    "a significant decline in educational performance, signs of self-harm or a significant change in wellbeing",
    "If staff have any concerns about a child's welfare, they should act on them immediately.",
    "Children may be susceptible to radicalisation into terrorism.",
    "Every school and college should have a designated safeguarding lead",
    "The designated safeguarding lead (and any deputies) are most likely to have a complete safeguarding picture",
    "Safeguarding and promoting the welfare of children is everyone's responsibility.",
]


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    args = parser.parse_args(argv)
    july, september = args.corpus / "kcsie-2025-july.pdf", args.corpus / "kcsie-2025-part-one-sept.pdf"
    if not (july.is_file() and september.is_file()):
        print(f"the KCSIE pair is not in {args.corpus}; nothing to measure")
        return 0

    from guidediff.align import DEFAULT_OPTIONS, align
    from guidediff.api import load_many
    from guidediff.quotes import DEFAULT_OPTIONS as FIND_OPTIONS
    from guidediff.quotes import find, find_all
    from guidediff.report.build import build_report

    documents = load_many([july, september])
    exact_only = replace(FIND_OPTIONS, exact_only=True)
    rows = [
        ("find, exact", lambda: find(EXACT, documents)),
        ("find, close", lambda: find(CLOSE, documents)),
        ("find, --exact", lambda: find(CLOSE, documents, options=exact_only)),
        ("find_all, 10", lambda: find_all([EXACT, CLOSE, *MORE], documents)),
        ("compare", lambda: build_report(align(*documents, DEFAULT_OPTIONS))),
    ]
    timings = {name: median_seconds(action, args.runs) for name, action in rows}
    baseline = timings["compare"]
    pages = sum(len(document.pages) for document in documents)
    print(f"KCSIE 2025 July + September Part one ({pages} pages), median of {args.runs} runs")
    print(f"{'':16} {'seconds':>8} {'x compare':>10}")
    for name, seconds in timings.items():
        print(f"{name:16} {seconds:8.3f} {seconds / baseline:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
