"""Ctrl-C during a batch, for real: a subprocess interrupted once its first pair is written, then run again.

The interrupt is SIGINT sent to the batch's whole process group, as a terminal's
Ctrl-C is (so worker processes get it too). Finished reports must stay as they were,
nothing may be half written, the index must say what is pending, and the second run
must compare only the rest and end with the index an uninterrupted run writes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch_helpers import run_cli
from tests.test_batch_models import MANIFEST, PAIRS

STATE = ".guidediff-batch"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("batch-interrupt") / "models.toml"
    path.write_text(MANIFEST, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(manifest, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch-uninterrupted") / "out"
    result = run_cli("batch", str(manifest), "-o", str(out), "-f", "json", "-f", "md")
    assert result.returncode == 0, result.stderr
    return out


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_after_first_pair(manifest: Path, out: Path, workers: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "guidediff", "batch", str(manifest), "-o", str(out), "-f", "json", "-f", "md",
               "--workers", str(workers), "--no-cache"]
    # Its own process group, as a terminal job is, with Ctrl-C's default action, as at a terminal: a test
    # run started in the background (nohup, a CI runner) hands its children SIGINT ignored.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=_default_sigint)
    deadline = time.monotonic() + 300
    try:
        while not (out / STATE).is_dir() or not any((out / STATE).glob("*.json")):
            if process.poll() is not None or time.monotonic() > deadline:
                stdout, stderr = process.communicate()
                pytest.fail(f"the batch ended (or hung) before its first pair was written: {stderr}")
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@pytest.mark.parametrize("workers", [1, 2])
def test_issue_interrupted_batch_keeps_finished_reports_and_the_next_run_finishes_the_rest(
        manifest, uninterrupted, tmp_path, workers):
    out = tmp_path / "out"
    interrupted = interrupt_after_first_pair(manifest, out, workers)
    assert interrupted.returncode == 130, interrupted.stderr
    assert "Traceback" not in interrupted.stderr
    last = interrupted.stderr.strip().splitlines()[-1]
    assert last.startswith("guidediff: interrupted: ") and "run the same command again" in last, interrupted.stderr

    stamps = sorted(path.stem for path in (out / STATE).glob("*.json"))
    assert 1 <= len(stamps) < len(PAIRS), "the interrupt must come while pairs remain"
    assert f"{len(stamps)} of {len(PAIRS)} pairs are finished" in last
    assert not [path for path in out.rglob("*") if path.name.endswith(".tmp")], "a half-written file was left"
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["complete"] is False
    statuses = {entry["id"]: entry["status"] for entry in index["pairs"]}
    assert sorted(pair for pair, status in statuses.items() if status != "pending") == stamps
    assert "Interrupted" in (out / "index.html").read_text(encoding="utf-8")
    finished = {}
    for pair in stamps:
        for extension in (".json", ".md"):
            report = out / "reports" / f"{pair}{extension}"
            assert report.read_bytes() == (uninterrupted / "reports" / f"{pair}{extension}").read_bytes()
            finished[report] = (report.stat().st_ino, report.stat().st_mtime_ns)

    again = run_cli("batch", str(manifest), "-o", str(out), "-f", "json", "-f", "md", "--workers", str(workers))
    assert again.returncode == 0, again.stderr
    assert f"({len(PAIRS) - len(stamps)} compared now, {len(stamps)} already current)" in again.stderr
    for report, identity in finished.items():
        assert (report.stat().st_ino, report.stat().st_mtime_ns) == identity, f"{report.name} was written again"
    for name in ("index.json", "index.md", "index.html"):
        assert (out / name).read_bytes() == (uninterrupted / name).read_bytes(), name
    for pair in PAIRS:
        for extension in (".json", ".md"):
            path = Path("reports") / f"{pair}{extension}"
            assert (out / path).read_bytes() == (uninterrupted / path).read_bytes(), path
