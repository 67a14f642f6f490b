"""The command line as a user meets it: help everywhere, formats, -o, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from guidediff import __version__
from guidediff.cli import cli
from tests.test_bad_input import tiny_pdf


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [path for path, _ in _commands(cli)], ids=lambda path: " ".join(path))
def test_every_command_has_help(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = dict(_commands(cli))[path]
    assert command.help and len(command.help.strip()) > 20
    for parameter in command.params:
        if isinstance(parameter, click.Option) and not parameter.hidden:
            assert parameter.help, f"{' '.join(path)} {parameter.opts} has no help text"


def test_version_and_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "guidediff", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.fixture()
def sample(tmp_path):
    return tiny_pdf(tmp_path / "guidance.pdf", ["Chapter 1: Early help", "1. Children should get help early.", "2. Everyone shares information."])


def test_extract_formats(sample, tmp_path):
    runner = CliRunner()
    text = runner.invoke(cli, ["extract", str(sample)])
    assert text.exit_code == 0
    assert "--- page 1 ---" in text.output and "Children should get help early." in text.output
    as_json = runner.invoke(cli, ["extract", str(sample), "--format", "json"])
    data = json.loads(as_json.output)
    assert data["schema"] == "guidediff.document/1"
    assert data["pages"][0]["label"] == "1"
    assert any(block["text"] == "Children should get help early." and block["number"] == "1" for block in data["blocks"])
    out = tmp_path / "out.md"
    markdown = runner.invoke(cli, ["extract", str(sample), "-o", str(out)])
    assert markdown.exit_code == 0 and markdown.stdout == ""
    assert markdown.stderr == f"guidediff: wrote 208 bytes to '{out}'\n"
    assert "**1.** Children should get help early." in out.read_text()


def test_sections_json(sample):
    result = CliRunner().invoke(cli, ["sections", str(sample), "-f", "json"])
    data = json.loads(result.output)
    assert data["schema"] == "guidediff.sections/1"
    assert data["pages"] == 1


def test_unknown_output_extension_is_an_error(sample, tmp_path):
    result = subprocess.run([sys.executable, "-m", "guidediff", "extract", str(sample), "-o", str(tmp_path / "x.docx")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "use --format" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_markdown_escapes_markup_from_the_pdf(tmp_path):
    hostile = tiny_pdf(tmp_path / "hostile.pdf", ["<script>alert(1)</script> and *stars* and [link](http://x)"])
    result = CliRunner().invoke(cli, ["extract", str(hostile), "-f", "md"])
    assert "<script>" not in result.output
    assert "\\<script\\>" in result.output


def test_issue_output_file_follows_the_umask_not_private(sample, tmp_path):
    out = tmp_path / "report.txt"
    result = CliRunner().invoke(cli, ["extract", str(sample), "-o", str(out)])
    assert result.exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_compare_writes_html_and_history_runs(tmp_path):
    out = tmp_path / "wt.html"
    result = CliRunner().invoke(cli, ["compare", "wt-2013", "wt-2015", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "Working Together 2015" in html
    timeline = CliRunner().invoke(cli, ["history", "wt-2010", "wt-2013", "wt-2015", "-f", "json"])
    assert json.loads(timeline.stdout)["schema"] == "guidediff.history/1"


def _modules_imported_by(arguments: list[str]) -> set[str]:
    """The modules a fresh interpreter has imported after running ``guidediff ARGUMENTS``."""
    script = ("import sys\nfrom guidediff.cli import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
              "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n")
    finished = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True, check=True)
    return set(finished.stderr.split())


@pytest.mark.parametrize("arguments", [["--help"], ["corpus", "list"], ["compare", "--help"]])
def test_issue_16_start_up_imports_only_what_the_command_needs(arguments):
    # `guidediff --help` took 0.35-0.42 s importing the whole package, pypdf and jinja2 included.
    imported = _modules_imported_by(arguments)
    assert "guidediff.cli" in imported and "click" in imported
    heavy = {"pypdf", "pypdfium2", "rapidfuzz", "jinja2", "docx", "diff_match_patch", "guidediff.pdf",
             "guidediff.align", "guidediff.report.model", "guidediff.document", "guidediff.render.report_html"}
    assert not heavy & imported, sorted(heavy & imported)


def test_issue_16_a_cached_compare_to_json_imports_no_pdf_library_pictures_or_process_pool(tmp_path, monkeypatch):
    # A cached compare of two short PDFs spent most of its 0.6 s starting up: pypdfium2 and Pillow were
    # imported to learn that JSON has no pictures, importlib.metadata to name pypdfium2's version in the
    # cache key, importlib.resources to find the watchlist, multiprocessing for a pool no one started.
    old = tiny_pdf(tmp_path / "old.pdf", ["Early help matters.", "Share information early."])
    new = tiny_pdf(tmp_path / "new.pdf", ["Early help matters.", "Share information early and often."])
    monkeypatch.setenv("GUIDEDIFF_CACHE_DIR", str(tmp_path / "cache"))
    arguments = ["compare", str(old), str(new), "-f", "json", "-o", str(tmp_path / "report.json")]
    _modules_imported_by(arguments)  # reads both and fills the cache
    imported = _modules_imported_by(arguments)
    assert "guidediff.report.build" in imported
    heavy = {"pypdf", "pypdfium2", "PIL", "jinja2", "multiprocessing", "concurrent.futures.process",
             "importlib.metadata", "importlib.resources", "guidediff.pdf.reader"}
    assert not heavy & imported, sorted(heavy & imported)


def test_issue_16_the_package_loads_its_names_on_first_use():
    script = ("import sys, guidediff\nassert 'guidediff.api' not in sys.modules\n"
              "import guidediff.history\nassert callable(guidediff.history) and guidediff.History\n"
              "assert guidediff.render.REPORT.get('html').render.__module__ == 'guidediff.render.report_html'\n"
              "assert guidediff.compare and guidediff.Document and guidediff.GuidediffError\n")
    subprocess.run([sys.executable, "-c", script], check=True)
