"""What writing and reading the JSON of the model costs, beside what the json module itself costs.

    python benchmarks/serialisation.py [--runs 5] [--corpus ../shared/corpus/real]

The model's ``to_dict``/``from_dict`` (derived from the dataclasses by ``guidediff.serial``)
turn values into plain data and back; ``json.dumps``/``json.loads`` turn plain data into text
and back. For each subject, the median over ``--runs`` runs (milliseconds, time.perf_counter)
of each of the four, and the ratio of the model's part to the json module's part measured in
the same run (``(to_dict + from_dict) / (dumps + loads)``): the baseline that does not move
when the model's code does.

Subjects:

- every real PDF of the corpus as a ``Document`` (what the reading cache writes and loads:
  a cached compare loads two of them);
- the report of the KCSIE 2025 Part one pair (July pp. 7-24 against September pp. 4-20),
  and of the model editions wt-2013 against wt-2015 and wiw-2006 against wt-2015 (an
  unrelated pair: nearly every paragraph a change).

Run it once on each version of the code to compare them (``PYTHONPATH=OTHER_CHECKOUT``,
from a directory outside both). Real PDFs that are absent are skipped. No assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guidediff import corpus
from guidediff.api import compare, load
from guidediff.document import Document
from guidediff.report.model import Report

REPO = Path(__file__).resolve().parent.parent


def median_ms(function: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(name: str, subject: Any, runs: int) -> tuple[str, float, float, float, float]:
    data = subject.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    loaded = json.loads(text)
    kind = type(subject)
    assert kind.from_dict(loaded).to_dict() == data, f"{name}: the JSON does not read back"
    return (name, median_ms(subject.to_dict, runs), median_ms(lambda: json.dumps(data, ensure_ascii=False), runs),
            median_ms(lambda: json.loads(text), runs), median_ms(lambda: kind.from_dict(loaded), runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "real")
    arguments = parser.parse_args()

    subjects: list[tuple[str, Document | Report]] = []
    for path in sorted(arguments.corpus.glob("*.pdf")):
        subjects.append((f"Document {path.name}", load(path)))
    july, september = arguments.corpus / "kcsie-2025-july.pdf", arguments.corpus / "kcsie-2025-part-one-sept.pdf"
    if july.exists() and september.exists():
        subjects.append(("Report KCSIE Part one", compare(july, september, old_pages="7-24", new_pages="4-20")))
    else:
        print(f"skipped the KCSIE Part one report: {july.name} or {september.name} is not in {arguments.corpus}")
    for old, new in (("wt-2013", "wt-2015"), ("wiw-2006", "wt-2015")):
        paths = [corpus.get(edition).model_path for edition in (old, new)]
        subjects.append((f"Report {old} {new}", compare(*paths)))

    print(f"medians of {arguments.runs} runs, milliseconds")
    header = f"{'subject':<42} {'to_dict':>9} {'dumps':>9} {'loads':>9} {'from_dict':>10} {'model/json':>11}"
    print(header)
    print("-" * len(header))
    for name, subject in subjects:
        _, to_dict, dumps, loads, from_dict = measure(name, subject, arguments.runs)
        ratio = (to_dict + from_dict) / (dumps + loads)
        print(f"{name:<42} {to_dict:>9.1f} {dumps:>9.1f} {loads:>9.1f} {from_dict:>10.1f} {ratio:>11.2f}")


if __name__ == "__main__":
    main()
