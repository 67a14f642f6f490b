"""Start-up time of the command line: ``guidediff --help`` and ``guidediff corpus list``.

    python benchmarks/startup.py [--runs 15]

Each command is run ``--runs`` times in a fresh interpreter, interleaved with ``python -c pass``
(the floor: the interpreter and site-packages alone), and the medians are printed in seconds
and as a ratio to that floor. Wall-clock seconds depend on how busy the machine is; the ratio
much less so. The target (issue 16) is a median under 0.1 s for both commands.

Also lists the guidediff modules each command imports, so a regression names its culprit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def command_line() -> list[str]:
    """The installed ``guidediff`` script beside this interpreter (what a user runs), else ``python -m guidediff``."""
    script = Path(sys.executable).with_name("guidediff")
    return [str(script)] if script.exists() else [sys.executable, "-m", "guidediff"]


def run_once(arguments: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    return time.perf_counter() - start


def imported_modules(arguments: list[str], environment: dict[str, str]) -> list[str]:
    """The guidediff modules (and pypdf, rapidfuzz, jinja2) a command imports, from ``-X importtime``."""
    script = command_line()
    interpreter = [sys.executable, "-X", "importtime"] + (["-m", "guidediff"] if script[0] == sys.executable else script)
    finished = subprocess.run(interpreter + arguments, capture_output=True, text=True, env=environment)
    names = []
    for line in finished.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name.split(".")[0] in ("guidediff", "pypdf", "pypdfium2", "rapidfuzz", "jinja2", "docx"):
                names.append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "GUIDEDIFF_CACHE_DIR": cache}
        floor = [sys.executable, "-c", "pass"]
        commands = {"guidediff --help": ["--help"], "guidediff corpus list": ["corpus", "list"]}
        times: dict[str, list[float]] = {"python -c pass": [], **{name: [] for name in commands}}
        for name, extra in commands.items():  # once each first: the disk cache warm for every run
            run_once(command_line() + extra, environment)
        for _ in range(arguments.runs):
            times["python -c pass"].append(run_once(floor, environment))
            for name, extra in commands.items():
                times[name].append(run_once(command_line() + extra, environment))
        base = statistics.median(times["python -c pass"])
        print(f"Start-up, median of {arguments.runs} runs, interleaved (2-core machine shared with other work)\n")
        print("| command | median s | × python -c pass |")
        print("|---|---:|---:|")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"| {name} | {median:.3f} | {median / base:.2f} |")
        for name, extra in commands.items():
            modules = imported_modules(extra, environment)
            print(f"\n{name} imports: {', '.join(modules) or '(nothing of guidediff)'}")


if __name__ == "__main__":
    main()
