"""guidediff beside the tools people would use instead, on the same edition pairs, in one run.

    python benchmarks/peers.py [--runs 3] [--corpus ../shared/corpus] [--no-pdf-diff] [--prose-only]

Pairs: the ten prose pairs of ``../shared/corpus/prose`` (five documents, each typeset by
LibreOffice and by Chromium, 3–15 pages) and KCSIE 2025 Part one (``kcsie-2025-july.pdf``
pp. 7–24 against ``kcsie-2025-part-one-sept.pdf`` pp. 4–20; the peers get the whole files,
guidediff reads the whole files too and compares the page ranges).

Tools, each run as a user would run it, per pair:

    pdftotext + diff     poppler's pdftotext on both files, then diff(1) on the two texts
    redlines             pdftotext on both files, then redlines' Redlines(old, new).output_markdown
                         (in this process: the library call a script would make)
    pdf-diff             the pdf-diff command (PyPI pdf-diff), which writes a PNG of the differences
    guidediff cold       ``guidediff compare OLD NEW -f json -o FILE --no-cache`` with each reader
                         ($GUIDEDIFF_READER=pypdf or pdfium): both PDFs read, aligned, reported
    guidediff cached     the same command from a warm cache (each reader its own)

For every tool and pair the script takes the median over ``--runs`` runs of two clocks:
CPU seconds (user + system, of this process for the in-process library call and of
every child process for commands, ``resource.getrusage``) and wall seconds. The machine
has two cores that other work shares, so wall seconds include waiting for a core;
CPU seconds are what the tool itself spends and are the ones the ratios use. Ratios are
to ``pdftotext + diff`` on the same pairs, measured in the same run. Rows for tools that
are not installed are marked so. redlines and pdf-diff are benchmark-only dependencies
(``pip install redlines pdf-diff``), never guidediff's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Pair:
    name: str
    old: Path
    new: Path
    old_pages: str | None = None
    new_pages: str | None = None


def pairs(corpus: Path, prose_only: bool) -> list[Pair]:
    index = json.loads((corpus / "prose" / "index.json").read_text(encoding="utf-8"))
    found = [Pair(f"{entry['pair']}.{typesetter}", corpus / "prose" / entry["old"]["pdf"][typesetter],
                  corpus / "prose" / entry["new"]["pdf"][typesetter])
             for entry in index["pairs"] for typesetter in ("lo", "chromium")]
    july, september = corpus / "real" / "kcsie-2025-july.pdf", corpus / "real" / "kcsie-2025-part-one-sept.pdf"
    if not prose_only and july.is_file() and september.is_file():
        found.append(Pair("kcsie-2025-part-one", july, september, "7-24", "4-20"))
    return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(action: Callable[[], None]) -> tuple[float, float]:
    """(CPU seconds of this process and its children, wall seconds) of one run of ``action``."""
    cpu, children, wall = time.process_time(), _children_cpu(), time.perf_counter()
    action()
    return time.process_time() - cpu + _children_cpu() - children, time.perf_counter() - wall


def run(command: list[str], environment: dict[str, str] | None = None, output: Path | None = None) -> None:
    with open(output, "wb") if output else open(os.devnull, "wb") as sink:
        subprocess.run(command, check=True, stdout=sink, stderr=subprocess.DEVNULL, env=environment)


def pdftotext(pdf: Path, target: Path) -> None:
    run(["pdftotext", str(pdf), str(target)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", REPO.parent / "shared" / "corpus")))
    parser.add_argument("--no-pdf-diff", action="store_true", help="leave pdf-diff out (it is the slowest)")
    parser.add_argument("--prose-only", action="store_true", help="leave the KCSIE Part one pair out")
    arguments = parser.parse_args()
    if not shutil.which("pdftotext"):
        raise SystemExit("pdftotext (poppler-utils) is needed: it is the baseline")
    chosen = pairs(arguments.corpus, arguments.prose_only)
    guidediff = [str(Path(sys.executable).with_name("guidediff"))]
    if not Path(guidediff[0]).exists():
        guidediff = [sys.executable, "-m", "guidediff"]
    try:
        from redlines import Redlines
    except ImportError:
        Redlines = None  # noqa: N806 - the class, when installed
    pdf_diff = None if arguments.no_pdf_diff else shutil.which("pdf-diff") or (
        str(Path(sys.executable).with_name("pdf-diff")) if Path(sys.executable).with_name("pdf-diff").exists() else None)
    import importlib.util

    readers = ["pypdf"] + (["pdfium"] if importlib.util.find_spec("pypdfium2") else [])

    work = Path(tempfile.mkdtemp(prefix="guidediff-peers-"))
    caches = {reader: work / f"cache-{reader}" for reader in readers}

    def tools(pair: Pair) -> dict[str, Callable[[], None] | None]:
        old_text, new_text = work / "old.txt", work / "new.txt"

        def text_diff() -> None:
            pdftotext(pair.old, old_text)
            pdftotext(pair.new, new_text)
            subprocess.run(["diff", str(old_text), str(new_text)], stdout=subprocess.DEVNULL)  # 1: they differ

        def redline() -> None:
            pdftotext(pair.old, old_text)
            pdftotext(pair.new, new_text)
            Redlines(old_text.read_text(encoding="utf-8"), new_text.read_text(encoding="utf-8")).output_markdown

        def compare(reader: str, cold: bool) -> Callable[[], None]:
            command = [*guidediff, "compare", str(pair.old), str(pair.new), "-f", "json", "-o", str(work / "report.json")]
            if pair.old_pages:
                command += ["--old-pages", pair.old_pages, "--new-pages", pair.new_pages]
            environment = {**os.environ, "GUIDEDIFF_READER": reader, "GUIDEDIFF_CACHE_DIR": str(caches[reader])}
            return lambda: run(command + (["--no-cache"] if cold else []), environment)

        found: dict[str, Callable[[], None] | None] = {
            "pdftotext + diff": text_diff,
            "redlines on pdftotext text": redline if Redlines is not None else None,
            "pdf-diff": (lambda: run([pdf_diff, str(pair.old), str(pair.new)], output=work / "diff.png"))
            if pdf_diff else None,
        }
        for reader in readers:
            found[f"guidediff cold, {reader} reader"] = compare(reader, cold=True)
            found[f"guidediff cached, {reader} reader"] = compare(reader, cold=False)
        return found

    results: dict[str, dict[str, tuple[float, float] | None]] = {}
    for pair in chosen:
        for reader in readers:  # warm each reader's cache for the "cached" rows
            tools(pair)[f"guidediff cached, {reader} reader"]()  # type: ignore[misc]
        for name, action in tools(pair).items():
            if action is None:
                results.setdefault(name, {})[pair.name] = None
                continue
            samples = [measure(action) for _ in range(arguments.runs)]
            results.setdefault(name, {})[pair.name] = (statistics.median(cpu for cpu, _ in samples),
                                                       statistics.median(wall for _, wall in samples))
        print(f"  measured {pair.name}", file=sys.stderr, flush=True)
    shutil.rmtree(work, ignore_errors=True)

    groups = [("prose pairs", [pair.name for pair in chosen if pair.old_pages is None]),
              ("KCSIE Part one", [pair.name for pair in chosen if pair.old_pages is not None])]
    print(f"Median of {arguments.runs} runs per tool and pair; CPU seconds (user + system, children included) "
          "and wall seconds on a 2-core machine shared with other work; ratio = CPU / pdftotext + diff's CPU.\n")
    for title, names in groups:
        if not names:
            continue
        baseline = statistics.median(results["pdftotext + diff"][name][0] for name in names)  # type: ignore[index]
        print(f"{title} ({len(names)}; median per pair)\n")
        print("| tool | CPU s | wall s | × pdftotext + diff |")
        print("|---|---:|---:|---:|")
        for tool, per_pair in results.items():
            measured = [per_pair[name] for name in names if per_pair.get(name) is not None]
            if not measured:
                print(f"| {tool} | not installed | | |")
                continue
            cpu = statistics.median(value[0] for value in measured)  # type: ignore[index]
            wall = statistics.median(value[1] for value in measured)  # type: ignore[index]
            print(f"| {tool} | {cpu:.2f} | {wall:.2f} | {cpu / baseline:.1f} |")
        print()


if __name__ == "__main__":
    main()
