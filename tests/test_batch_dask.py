"""guidediff batch on a Dask distributed cluster: a LocalCluster of two worker processes on this machine.

The batch must give the same index and reports, byte for byte, as on the local pool:
each task is a pure function of (file hashes, options). Skipped without the dask
extra (pip install 'guidediff[dask]'); test_batch.py checks the error then.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from guidediff.batch import engines, tasks
from guidediff.batch.engines import DaskEngine, LocalEngine
from guidediff.batch.plan import plan_folders
from guidediff.batch.run import BatchOptions, run_batch
from guidediff.cli import main
from guidediff.errors import InputError
from tests.batch_helpers import edition, run_cli

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'guidediff[dask]')")


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path]:
    pytest.importorskip("reportlab")
    root = tmp_path_factory.mktemp("batch-dask")
    old, new = root / "old", root / "new"
    old.mkdir()
    new.mkdir()
    edition(old / "thresholds.pdf", "Thresholds of need", 11)
    edition(new / "thresholds-2025.pdf", "Thresholds of need", 11, edition_number=2, date="July 2025")
    edition(old / "missing.pdf", "Children missing from home", 12)
    edition(new / "missing.pdf", "Children missing from home", 12)
    edition(new / "exploitation.pdf", "Child exploitation strategy", 13)
    (new / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really\n")
    return old, new


def test_the_cluster_writes_what_the_local_pool_writes(cluster, folders, tmp_path):
    old, new = folders
    on_cluster = run_cli("batch", str(old), str(new), "-o", str(tmp_path / "dask"), "-f", "json", "-f", "html",
                         "--scheduler", cluster.scheduler_address)
    assert on_cluster.returncode == 2, on_cluster.stderr  # broken.pdf cannot be read
    assert "Traceback" not in on_cluster.stderr
    local = run_batch(plan_folders(old, new), tmp_path / "local", BatchOptions(formats=("json", "html")),
                      engine=LocalEngine(2))
    for name in ("index.json", "index.html", "index.md"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    for entry in local.index.pairs:
        for _, path in entry.reports:
            assert (tmp_path / "dask" / path).read_bytes() == (tmp_path / "local" / path).read_bytes(), path
    index = json.loads((tmp_path / "dask" / "index.json").read_text(encoding="utf-8"))
    assert [entry["status"] for entry in index["pairs"]] == ["unchanged", "changed"]
    assert [Path(item["path"]).name for item in index["unreadable"]] == ["broken.pdf"]
    # Run again through the cluster: the reports on disk are current, so no task is sent.
    again = run_cli("batch", str(old), str(new), "-o", str(tmp_path / "dask"), "-f", "json", "-f", "html",
                    "--scheduler", cluster.scheduler_address)
    assert "(0 compared now, 2 already current)" in again.stderr


def test_tasks_are_keyed_by_their_inputs(cluster, folders, tmp_path):
    old, new = folders
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        engine = DaskEngine(client)
        with distributed.get_task_stream(client=client) as stream:
            result = run_batch(plan_folders(old, new), tmp_path / "out", BatchOptions(formats=("json",)),
                               engine=engine)
        engine.close()
        # The scheduler forgets released data asynchronously: wait for it, a while at most.
        deadline = time.monotonic() + 30
        while True:
            left = {str(key) for key in client.who_has() if str(key).startswith("guidediff-")}
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    keys = [str(task["key"]) for task in stream.data]
    # Every distinct file is read once (missing.pdf is the same file in both folders), broken.pdf too:
    # its task returns why it cannot be read.
    assert sorted(key for key in keys if key.startswith("guidediff-document-")) == sorted({
        f"guidediff-document-{hashlib.sha256(Path(document.path).read_bytes()).hexdigest()}"
        for document in plan_folders(old, new).documents})
    assert sorted(key for key in keys if key.startswith("guidediff-pair-")) == sorted(
        f"guidediff-pair-{key}" for key in pair_keys(result))
    assert not [key for key in left if key.startswith("guidediff-")], "the batch left its data in the cluster"


def pair_keys(result) -> list[str]:  # noqa: ANN001 - a BatchResult
    """The keys of the result's pairs, from their stamps."""
    return [json.loads((result.folder / ".guidediff-batch" / f"{entry.id}.json").read_text(encoding="utf-8"))["key"]
            for entry in result.index.pairs]


def test_workers_running_another_guidediff_are_refused(cluster, monkeypatch):
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        # This process now says it is another version; the workers still run the installed one.
        monkeypatch.setattr(tasks, "__version__", "0.0.1")
        with pytest.raises(InputError, match=r"runs guidediff .* this is 0\.0\.1 .*install the same guidediff"):
            DaskEngine(client).check_workers()


def test_an_unreachable_scheduler_is_one_clear_sentence(folders, tmp_path, monkeypatch, capsys):
    old, new = folders
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT_SECONDS", 2)
    with pytest.raises(SystemExit) as exited:
        main(["batch", str(old), str(new), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("guidediff: error: cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'")
    assert error.count("\n") == 1 and not (tmp_path / "out").exists()
