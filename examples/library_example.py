"""guidediff as a library: what changed between Working Together 2013 and 2015?

Run from anywhere once guidediff is installed:

    python examples/library_example.py [OLD] [NEW]

OLD and NEW are corpus ids (see `guidediff corpus list`) or paths to PDFs.
"""

from __future__ import annotations

import sys

from guidediff.api import compare, load


def main(old_id: str = "wt-2013", new_id: str = "wt-2015") -> None:
    old = load(old_id)  # a corpus id: the fetched official PDF, else the bundled model edition
    new = load(new_id)
    report = compare(old, new)  # watchlist="safeguarding" by default

    print(f"{report.old.name} -> {report.new.name}")
    for side in (report.old, report.new):
        print(f"  {side.name}: {side.path} ({side.source or 'file'}, {side.pages} pages)")

    counts = report.summary.changes
    print(f"\n{counts.get('substantive', 0)} substantive changes, "
          f"{counts.get('bookkeeping', 0)} that only follow renumbering")

    print("\nNewly mentioned topics:")
    for term in report.terms:
        if term.status == "new":
            print(f"  {term.label}: pages {', '.join(term.new_pages)}")

    print("\nSubstantive changes:")
    for change in report.changes:
        if not change.substantive:
            continue
        side = change.new or change.old
        assert side is not None
        text = " ".join(side.text.split())
        print(f"  [{change.kind}] {change.citation}\n      {text[:110]}{'…' if len(text) > 110 else ''}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
