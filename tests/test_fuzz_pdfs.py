"""Fuzzing: real PDFs damaged structurally, each compared through the command line, end in a report or one clear error.

Hypothesis draws a base (a real PDF from ``../shared/corpus``: DfE guidance and
files from several producers) and one to three structural mutations of it
(``tests/pdf_mutations.py``: truncated objects, broken cross-references, corrupt
streams, page-tree loops, huge dimensions, deep nesting). Each case runs
``guidediff compare BASE MUTATED -f json -o OUT`` in a forked child process with
its address space limited (``MEMORY_LIMIT_BYTES``) and is killed after
``TIME_LIMIT_SECONDS``. It must end either with exit status 0, a JSON report, and
nothing on stderr but warnings and the "wrote" line; or with exit status 2 and one
line "guidediff: error: …" that is not an internal error. A traceback, a hang, a
crash by signal or a half-written report fails the test, and the damaged PDF is
kept (in the pytest temporary folder) with the mutations that made it.

Each example runs two cases at once, one per core. The number of examples is
``GUIDEDIFF_FUZZ_EXAMPLES`` (default 150, so 300 cases, a few minutes on two
cores); the cases are the same on every run unless ``GUIDEDIFF_FUZZ_RANDOM=1``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidediff.cli import main  # imported here, so that each forked case starts with it loaded
from tests import pdf_mutations as mutations
from tests.conftest import shared_corpus

MEMORY_LIMIT_BYTES = 2 * 1024 ** 3  # address space of one case: far above what a short PDF needs
TIME_LIMIT_SECONDS = 90.0  # generous: the machine is shared; a hang is what this catches
EXAMPLES = int(os.environ.get("GUIDEDIFF_FUZZ_EXAMPLES", "150"))
RANDOM = os.environ.get("GUIDEDIFF_FUZZ_RANDOM") == "1"

# Real PDFs: (name, file under ../shared/corpus, pages kept). Pages are cut to keep each case short.
# Hypothesis leans towards the first (its shrinking goes there), so the quick ones come first.
BASES = [
    ("libreoffice", "samples/002-trivial-libre-office-writer/002-trivial-libre-office-writer.pdf", None),
    ("google-docs", "samples/011-google-doc-document/google-doc-document.pdf", None),
    ("pdflatex", "samples/004-pdflatex-4-pages/pdflatex-4-pages.pdf", None),
    ("pdflatex-outline", "samples/006-pdflatex-outline/pdflatex-outline.pdf", None),
    ("kcsie-part-one", "real/kcsie-2025-part-one-sept.pdf", 6),
    ("is-2024", "real/is-2024.pdf", 10),
]

pytestmark = pytest.mark.corpus


@dataclass
class Base:
    name: str
    path: Path
    data: bytes


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def bases(workspace: Path) -> list[Base]:
    import guidediff

    found = []
    for name, relative, pages in BASES:
        source = shared_corpus() / relative
        if not source.is_file():
            pytest.skip(f"real PDF {relative} not found under {shared_corpus()}")
        path = workspace / f"{name}.pdf"
        path.write_bytes(mutations.open_base(source.read_bytes(), max_pages=pages))
        guidediff.load(path)  # into the cache now, so that each case reads only the damaged file
        found.append(Base(name, path, path.read_bytes()))
    return found


# --- mutations as hypothesis draws them -------------------------------------------------------

fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
indices = st.integers(min_value=0, max_value=10_000)
MUTATIONS = st.one_of(
    st.tuples(st.just("truncate"), st.floats(min_value=0.01, max_value=0.999)),
    st.tuples(st.just("truncate_object"), indices, fractions),
    st.tuples(st.just("drop_object"), indices),
    st.tuples(st.just("break_startxref"), st.integers(min_value=0, max_value=10 ** 9)),
    st.tuples(st.just("scramble_xref"), indices, st.integers(min_value=1, max_value=40)),
    st.tuples(st.just("drop_xref")),
    st.tuples(st.just("corrupt_stream"), indices, fractions, st.binary(min_size=1, max_size=400),
              st.one_of(st.none(), st.integers(min_value=0, max_value=10 ** 7))),
    st.tuples(st.just("loop_pages"), st.integers(min_value=0, max_value=2)),
    st.tuples(st.just("huge_dimensions"), st.integers(min_value=0, max_value=2), indices),
    st.tuples(st.just("deep_nesting"), st.integers(min_value=0, max_value=3),
              st.sampled_from([50, 1_000, 20_000, 200_000])),
)
CASES = st.tuples(st.integers(min_value=0, max_value=len(BASES) - 1), st.lists(MUTATIONS, min_size=1, max_size=3))


def damaged(base: Base, steps: list[tuple]) -> bytes:
    data = base.data
    for name, *arguments in steps:
        data = getattr(mutations, name)(data, *arguments)
    return data


# --- one case in a child process, bounded in time and memory -----------------------------------


@dataclass
class Outcome:
    status: int | None  # exit status; None when killed
    signal: int | None
    stderr: str
    seconds: float
    max_rss_kb: int
    report: Path


def start(base: Base, damaged_path: Path, report: Path, stderr_path: Path) -> int:
    """Fork a child that runs the CLI on (base, damaged) with its stdout, stderr and limits its own."""
    pid = os.fork()
    if pid:
        return pid
    code = 3
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
        error_fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(error_fd, 2)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        # pytest's capture replaced the streams; the child writes to its own descriptors.
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        try:
            main(["compare", str(base.path), str(damaged_path), "-f", "json", "-o", str(report)])
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0
    except BaseException:  # noqa: BLE001 - whatever escaped is what the test must see
        traceback.print_exc()
        code = 3
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def finish(pid: int, started: float, stderr_path: Path, report: Path, limit: float = TIME_LIMIT_SECONDS) -> Outcome:
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > limit:
            os.kill(pid, 9)
            _, status, usage = os.wait4(pid, 0)
            return Outcome(None, 9, stderr_path.read_text(errors="replace"), time.monotonic() - started,
                           usage.ru_maxrss, report)
        time.sleep(0.002)
    seconds = time.monotonic() - started
    text = stderr_path.read_text(errors="replace")
    if os.WIFSIGNALED(status):
        return Outcome(None, os.WTERMSIG(status), text, seconds, usage.ru_maxrss, report)
    return Outcome(os.WEXITSTATUS(status), None, text, seconds, usage.ru_maxrss, report)


def problem(outcome: Outcome) -> str | None:
    """What is wrong with a case's ending, or None when it ended as it must."""
    lines = outcome.stderr.strip().splitlines()
    if outcome.status is None:
        return f"killed by signal {outcome.signal} after {outcome.seconds:.0f} s (time limit {TIME_LIMIT_SECONDS:.0f} s)"
    if outcome.status == 0:
        if any(not line.startswith(("guidediff: warning: ", "guidediff: wrote ")) for line in lines):
            return f"succeeded but printed: {outcome.stderr[-800:]}"
        try:
            data = json.loads(outcome.report.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            return f"succeeded without a whole JSON report ({error})"
        return None if data.get("schema") == "guidediff.report/1" else "succeeded with a report of another schema"
    if outcome.status != 2:
        return f"exit status {outcome.status}: {outcome.stderr[-1500:]}"
    if len(lines) != 1 or not lines[0].startswith("guidediff: error: ") or "internal error" in lines[0]:
        return f"failed without one clear line: {outcome.stderr[-1500:]}"
    if outcome.report.exists():
        return "failed but left a report behind"
    return None


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pair=st.tuples(CASES, CASES))
def test_damaged_real_pdfs_end_in_a_report_or_one_clear_error(bases, workspace, pair):
    running = []
    for slot, (base_index, steps) in enumerate(pair):
        base = bases[base_index]
        folder = workspace / f"case-{slot}"
        folder.mkdir(exist_ok=True)
        damaged_path, report, stderr_path = folder / "damaged.pdf", folder / "report.json", folder / "stderr.txt"
        report.unlink(missing_ok=True)
        damaged_path.write_bytes(damaged(base, steps))
        running.append((base, steps, damaged_path, report, stderr_path, start(base, damaged_path, report, stderr_path),
                        time.monotonic()))
    failures = []
    for base, steps, damaged_path, report, stderr_path, pid, started in running:
        outcome = finish(pid, started, stderr_path, report)
        wrong = problem(outcome)
        if wrong is not None:
            kept = workspace / f"failure-{len(list(workspace.glob('failure-*.pdf')))}.pdf"
            kept.write_bytes(damaged_path.read_bytes())
            failures.append(f"{base.name} with {steps}: {wrong} (the damaged PDF is kept at {kept})")
    assert not failures, "\n".join(failures)


# --- the harness itself must be able to fail ----------------------------------------------------


def test_the_harness_sees_a_traceback_a_hang_and_a_half_written_report(tmp_path):
    report = tmp_path / "report.json"
    traceback_case = Outcome(3, None, "Traceback (most recent call last):\n  ...\nKeyError: 'x'\n", 0.1, 0, report)
    assert "exit status 3" in problem(traceback_case)
    internal = Outcome(2, None, "guidediff: internal error: KeyError: 'x' (this is a bug in guidediff; …)\n", 0.1, 0, report)
    assert "without one clear line" in problem(internal)
    assert "killed by signal 9" in problem(Outcome(None, 9, "", 91.0, 0, report))
    report.write_text('{"schema": "guidediff.report/1", "chan')
    assert "without a whole JSON report" in problem(Outcome(0, None, "guidediff: wrote 1 KB to 'x'\n", 0.1, 0, report))
    assert "left a report behind" in problem(Outcome(2, None, "guidediff: error: damaged\n", 0.1, 0, report))
    report.write_text('{"schema": "guidediff.report/1"}')
    sleeper = os.fork()
    if sleeper == 0:
        time.sleep(60)
        os._exit(0)
    (tmp_path / "stderr.txt").write_text("")
    hung = finish(sleeper, time.monotonic(), tmp_path / "stderr.txt", report, limit=0.5)
    assert hung.status is None and hung.signal == 9 and hung.seconds < 30
    assert problem(Outcome(0, None, "guidediff: warning: same file\nguidediff: wrote 1 KB to 'x'\n", 0.1, 0, report)) is None
    assert problem(Outcome(2, None, "guidediff: error: 'x.pdf' is damaged\n", 0.1, 0, tmp_path / "none.json")) is None
