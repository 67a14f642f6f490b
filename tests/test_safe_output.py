"""-o never destroys a file: inputs refused, links written through, devices and pipes written to, errors one line.

Every case runs the real command line in a subprocess (``python -m guidediff``), as a
user would, and then looks at the file system: the input byte-identical, a link still
a link, a device still a device, no temporary file left behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from guidediff import corpus
from tests.test_bad_input import assert_one_line_error, tiny_pdf

LINES = ["Chapter 1: Early help", "1. Children should get help early.", "2. Everyone shares information."]


def run_cli(*args: str, cwd: Path | None = None, **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guidediff", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120, **options)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_no_temporary_files(folder: Path) -> None:
    assert not [name for name in os.listdir(folder) if name.endswith(".tmp")], os.listdir(folder)


@pytest.fixture()
def pdfs(tmp_path: Path) -> tuple[Path, Path]:
    old = tiny_pdf(tmp_path / "in.pdf", LINES)
    new = tiny_pdf(tmp_path / "other.pdf", [*LINES, "3. A new paragraph about early help."])
    return old, new


# --- an input is never an output -----------------------------------------------------------


def test_issue_output_that_is_an_input_is_refused_and_the_input_is_untouched(pdfs):
    old, new = pdfs
    before = digest(old)
    result = run_cli("compare", str(old), str(new), "-o", str(old), "--format", "json")
    assert_one_line_error(result, "it is the input")
    assert digest(old) == before


def test_output_that_is_an_input_through_a_symlink_or_a_hard_link_is_refused(pdfs, tmp_path):
    old, new = pdfs
    before = digest(new)
    link = tmp_path / "report.json"
    link.symlink_to(new)
    hard = tmp_path / "hard.json"
    os.link(new, hard)
    for output in (link, hard):
        result = run_cli("compare", str(old), str(new), "-o", str(output), "--format", "json")
        assert_one_line_error(result, "it is the input")
    assert link.is_symlink() and digest(new) == before


def test_output_that_is_the_file_a_corpus_id_stands_for_is_refused(tmp_path):
    """An id is an input too: here is-2015 stands for an official PDF fetched into a private cache."""
    cache = tmp_path / "cache"
    official = corpus.official_path("is-2015", cache)
    official.parent.mkdir(parents=True)
    shutil.copyfile(corpus.get("is-2015").model_path, official)
    before = digest(official)
    result = run_cli("compare", "is-2008", "is-2015", "-o", str(official), "--format", "json",
                     env={**os.environ, "GUIDEDIFF_CACHE_DIR": str(cache)})
    assert_one_line_error(result, "it is the input")
    assert digest(official) == before


def test_refusal_comes_before_the_work(pdfs, tmp_path):
    """The check is made before reading: a wrong -o fails at once, whatever the inputs cost to read."""
    old, _ = pdfs
    result = run_cli("extract", str(old), "-o", str(tmp_path / "missing" / "out.txt"))
    assert_one_line_error(result, "does not exist")


# --- links, modes, devices, pipes ------------------------------------------------------------


def test_issue_symlink_output_is_written_through_and_stays_a_link(pdfs, tmp_path):
    old, new = pdfs
    target = tmp_path / "reports" / "target.md"
    target.parent.mkdir()
    target.write_text("old report\n")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = run_cli("compare", str(old), str(new), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("# What changed")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640, "the target keeps its mode"
    assert "wrote" in result.stderr and str(target) in result.stderr
    assert_no_temporary_files(tmp_path)
    assert_no_temporary_files(target.parent)


def test_symlink_to_a_missing_file_creates_the_file_it_names(pdfs, tmp_path):
    old, _ = pdfs
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "made.txt")
    result = run_cli("extract", str(old), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and "Children should get help early." in (tmp_path / "made.txt").read_text()


def test_issue_read_only_output_keeps_its_mode(pdfs, tmp_path):
    old, _ = pdfs
    out = tmp_path / "out.txt"
    out.write_text("before\n")
    out.chmod(0o444)
    result = run_cli("extract", str(old), "-o", str(out))
    if os.geteuid() == 0:  # the superuser may write any file; it must not come back writable
        assert result.returncode == 0, result.stderr
        assert "Children should get help early." in out.read_text()
    else:
        assert_one_line_error(result, "permission denied")
        assert out.read_text() == "before\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o444


def test_issue_dev_full_is_a_clear_error_and_the_link_to_it_is_untouched(pdfs, tmp_path):
    old, new = pdfs
    assert_one_line_error(run_cli("compare", str(old), str(new), "-o", "/dev/full"), "no space is left")
    link = tmp_path / "report.html"
    link.symlink_to("/dev/full")
    result = run_cli("compare", str(old), str(new), "-o", str(link))
    assert_one_line_error(result, "no space is left")
    assert "/dev/full" in result.stderr
    assert link.is_symlink() and os.readlink(link) == "/dev/full"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert_no_temporary_files(tmp_path)


def test_issue_dev_stdout_is_standard_output_not_a_file_to_replace(pdfs):
    old, new = pdfs
    assert os.path.islink("/dev/stdout")
    try:
        result = run_cli("compare", str(old), str(new), "-o", "/dev/stdout", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("{\n") and '"schema": "guidediff.report/1"' in result.stdout
        assert os.path.islink("/dev/stdout"), "/dev/stdout was replaced by a regular file"
    finally:
        if not os.path.islink("/dev/stdout"):  # repair the machine for everyone else before failing
            os.unlink("/dev/stdout")
            os.symlink("/proc/self/fd/1", "/dev/stdout")


def test_a_link_to_dev_stdout_and_dev_fd_1_are_standard_output(pdfs, tmp_path):
    old, _ = pdfs
    link = tmp_path / "out.txt"
    link.symlink_to("/dev/stdout")
    for output in (str(link), "/dev/fd/1", "-"):
        result = run_cli("extract", str(old), "-o", output)
        assert result.returncode == 0, result.stderr
        assert "Children should get help early." in result.stdout, output
    assert link.is_symlink()


def test_dev_null_is_written_to_not_replaced(pdfs):
    old, _ = pdfs
    result = run_cli("extract", str(old), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert re.fullmatch(r"guidediff: wrote \d+ bytes to '/dev/null'\n", result.stderr)


def test_named_pipe_is_written_to_directly(pdfs, tmp_path):
    old, _ = pdfs
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("extract", str(old), "-o", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert b"Children should get help early." in received[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the pipe must stay a pipe"


def test_a_folder_or_a_disk_is_refused(pdfs, tmp_path):
    old, _ = pdfs
    assert_one_line_error(run_cli("extract", str(old), "-o", str(tmp_path)), "it is a folder")
    disk = tmp_path / "disk"
    try:  # a block device node with a number no driver has: even a broken guard could not reach a disk
        os.mknod(disk, 0o600 | stat.S_IFBLK, os.makedev(240, 99))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (needs CAP_MKNOD)")
    assert_one_line_error(run_cli("extract", str(old), "-o", str(disk)), "it is a disk")
    assert stat.S_ISBLK(os.stat(disk).st_mode)


# --- failures leave nothing half-written -----------------------------------------------------


def _limit_file_size() -> None:
    """In the child: files may grow to 4 KB, then writes fail with EFBIG, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_write_that_fails_halfway_leaves_the_old_file_whole(pdfs, tmp_path):
    old, new = pdfs
    out = tmp_path / "report.html"
    out.write_text("the previous report\n")
    result = run_cli("compare", str(old), str(new), "-o", str(out), preexec_fn=_limit_file_size)
    assert_one_line_error(result, "cannot write")
    assert out.read_text() == "the previous report\n"
    assert_no_temporary_files(tmp_path)


def _without_permission_override() -> None:
    """In the child: give up the superuser's right to ignore file permissions (CAP_DAC_OVERRIDE, _READ_SEARCH).

    Dropped from the capability bounding set before exec, so the new program runs as
    root but is refused a folder it may not write, like any other user.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(97)


def test_permission_denied_is_one_line_and_writes_nothing(pdfs, tmp_path):
    old, _ = pdfs
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    options = {"preexec_fn": _without_permission_override} if os.geteuid() == 0 else {}
    result = run_cli("extract", str(old), "-o", str(locked / "out.txt"), **options)
    if result.returncode == 97:
        pytest.skip("cannot give up CAP_DAC_OVERRIDE here (needs CAP_SETPCAP)")
    assert_one_line_error(result, "permission denied")
    assert os.listdir(locked) == []


# --- options that mean what they say ---------------------------------------------------------


def test_issue_extension_and_format_that_disagree_are_an_error(pdfs, tmp_path):
    old, new = pdfs
    out = tmp_path / "report.html"
    result = run_cli("compare", str(old), str(new), "-o", str(out), "--format", "json")
    assert_one_line_error(result, "-o")
    assert ".html" in result.stderr and "json" in result.stderr
    assert not out.exists()
    # An extension no format claims is fine with --format, and agreeing ones are too.
    assert run_cli("extract", str(old), "-o", str(tmp_path / "out.log"), "--format", "json").returncode == 0
    assert run_cli("extract", str(old), "-o", str(tmp_path / "out.md"), "--format", "md").returncode == 0


def test_issue_one_line_names_the_file_written(pdfs, tmp_path):
    old, new = pdfs
    out = tmp_path / "report.json"
    result = run_cli("compare", str(old), str(new), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    wrote = [line for line in result.stderr.splitlines() if "wrote" in line]
    assert len(wrote) == 1 and re.fullmatch(rf"guidediff: wrote [0-9.]+ (bytes|KB) to '{re.escape(str(out))}'", wrote[0])
    assert out.read_text().startswith("{")


def test_the_library_helper_refuses_an_input_and_writes_a_new_file(tmp_path):
    from guidediff import output

    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4 input")
    with pytest.raises(output.OutputError, match="it is the input"):
        output.write("x", str(source), [source])
    assert source.read_bytes() == b"%PDF-1.4 input"
    written = output.write("text\n", str(tmp_path / "new.txt"), [source])
    assert written.kind == "new" and (tmp_path / "new.txt").read_text() == "text\n"
