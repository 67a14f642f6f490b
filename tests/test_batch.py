"""guidediff batch on generated documents: manifests, pairing, the index, resuming, safety, exit status."""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from guidediff.batch.engines import LocalEngine
from guidediff.batch.model import BatchIndex, EntryStatus, PairedBy
from guidediff.batch.pairing import DocumentSummary, content_similarity, pair_documents, title_similarity
from guidediff.batch.plan import ManifestError, pair_ids, plan_folders, read_manifest, DocumentInput
from guidediff.batch.run import BatchOptions, run_batch
from guidediff.cli import main
from guidediff.render import BATCH_INDEX
from tests.batch_helpers import edition, run_cli

SCHEMA = Path(__file__).resolve().parent.parent / "guidediff" / "report" / "schema" / "batch-1.schema.json"


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path]:
    """Three documents in each folder: one retitled, one unchanged, one old only, one new only."""
    pytest.importorskip("reportlab")
    root = tmp_path_factory.mktemp("batch-folders")
    old, new = root / "old", root / "new"
    old.mkdir()
    new.mkdir()
    edition(old / "thresholds.pdf", "Thresholds of need", 1)
    edition(new / "thresholds-2025.pdf", "Thresholds of need", 1, edition_number=2, date="July 2025")
    edition(old / "missing.pdf", "Children missing from home", 2)
    edition(new / "runaway-protocol.pdf", "Runaway and missing protocol", 2, edition_number=2)
    edition(old / "early-help.pdf", "Early help offer", 3)
    edition(new / "early-help.pdf", "Early help offer", 3)  # the same document, printed again
    edition(old / "allegations.pdf", "Managing allegations", 4)  # withdrawn
    edition(new / "exploitation.pdf", "Child exploitation strategy", 5)  # new
    return old, new


def index_of(folder: Path) -> dict:
    return json.loads((folder / "index.json").read_text(encoding="utf-8"))


def by_id(index: dict) -> dict[str, dict]:
    return {entry["id"]: entry for entry in index["pairs"]}


# --- manifests ---------------------------------------------------------------------


def test_a_manifest_series_gives_consecutive_pairs_and_paths_relative_to_it(tmp_path):
    (tmp_path / "team").mkdir()
    manifest = tmp_path / "team" / "batch.toml"
    manifest.write_text('[[series]]\nname = "Working Together"\neditions = ["wt-2010", "wt-2013", "wt-2015"]\n'
                        '[[pair]]\nold = "old/a.pdf"\nnew = "../b.pdf"\nold_pages = "7-24"\n', encoding="utf-8")
    plan = read_manifest(manifest)
    assert [(pair.old.given, pair.new.given) for pair in plan.pairs] == [
        ("wt-2010", "wt-2013"), ("wt-2013", "wt-2015"), ("old/a.pdf", "../b.pdf")]
    assert plan.pairs[0].name == "Working Together" and plan.pairs[0].old.citation == "Working Together 2010"
    assert plan.pairs[2].old.path == str(tmp_path / "team" / "old" / "a.pdf")
    assert plan.pairs[2].old_pages == "7-24" and plan.pairs[2].new_pages is None
    assert [document.given for document in plan.documents] == ["wt-2010", "wt-2013", "wt-2015", "old/a.pdf", "../b.pdf"]


@pytest.mark.parametrize(("text", "message"), [
    ("[[series]]\neditions = ['wt-2010']\n", "series 1: a series needs at least two editions"),
    ("[[pair]]\nold = 'a.pdf'\nnew = 'b.pdf'\nolds = 'x'\n", "pair 1 has an unknown field 'olds'"),
    ("[[pair]]\nold = 'a.pdf'\n", "pair 1: 'new' must be a path or an edition id"),
    ("[[series]]\neditions = ['wt-2010', 'wt-1999']\n", "'wt-1999' is neither a file nor a known edition id"),
    ("[options]\nwatchlist = 'x'\n", "unknown table 'options'"),
    ("", "lists no [[series]] and no [[pair]]"),
    ("[[pair]\n", "is not valid TOML"),
])
def test_a_bad_manifest_is_one_sentence_before_any_work(tmp_path, text, message):
    manifest = tmp_path / "batch.toml"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=message.replace("[", r"\[").replace("(", r"\(")):
        read_manifest(manifest)
    result = run_cli("batch", str(manifest), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_pair_ids_are_file_safe_and_unique_ignoring_case():
    def document(path: str) -> DocumentInput:
        return DocumentInput(path, path)

    ids = pair_ids([(document("a/KCSIE 2024.pdf"), document("b/kcsie <2025>.pdf")),
                    (document("a/x.pdf"), document("b/x.pdf")), (document("c/X.pdf"), document("d/X.pdf"))])
    assert ids == ["KCSIE-2024--kcsie-2025", "x", "X-2"]


# --- pairing -------------------------------------------------------------------------


def summary(path: str, title: str, sketch: range | list[int], sha: str | None = None) -> DocumentSummary:
    return DocumentSummary(path, sha or path, title, title, 10, tuple(sorted(sketch)))


def test_title_similarity_ignores_years_months_and_versions():
    assert title_similarity("Keeping children safe in education 2024", "Keeping children safe in education "
                            "September 2025 (draft v3.2)") == 1.0
    assert title_similarity("Threshold", "Working together to safeguard children") < 0.5
    assert title_similarity("", "Anything") == 0.0


def test_content_similarity_estimates_the_share_of_wording_in_common():
    assert content_similarity(range(100), range(100)) == 1.0
    assert content_similarity(range(100), range(50, 150)) == pytest.approx(50 / 150)
    assert content_similarity(range(100), range(1000, 1100)) == 0.0
    assert content_similarity((), range(10)) == 0.0


def test_a_retitled_copy_wins_over_a_document_that_only_shares_the_title():
    old = [summary("old/a.pdf", "Autism handbook", range(0, 256)), summary("old/b.pdf", "Young people's guide",
                                                                            range(1000, 1256))]
    new = [summary("new/c.pdf", "Young people's guide", range(0, 256))]  # a's content under b's title
    matches, leftovers = pair_documents(old, new)
    assert [(match.old, match.new, match.pairing.by) for match in matches] == [(0, 0, PairedBy.CONTENT)]
    assert [(left.side, left.index, left.nearest, left.title, left.content) for left in leftovers] == [
        ("old", 1, 0, 1.0, 0.0)]


def test_rewritten_editions_under_one_title_pair_by_title_and_unrelated_ones_do_not():
    old = [summary("old/wiw.pdf", "What to do if you're worried a child is being abused 2006", range(0, 256)),
           summary("old/t.pdf", "Threshold", range(5000, 5256))]
    new = [summary("new/wiw.pdf", "What to do if you're worried a child is being abused (March 2015)",
                   range(250, 506)),  # 6 of 256 hashes in common: rewritten
           summary("new/n.pdf", "Thresholds guidance", range(9000, 9256))]
    matches, leftovers = pair_documents(old, new)
    assert [(match.old, match.new, match.pairing.by) for match in matches] == [(0, 0, PairedBy.TITLE)]
    assert {(left.side, left.index) for left in leftovers} == {("old", 1), ("new", 1)}


def test_given_pairs_are_kept_and_unpaired_documents_left_out():
    old = [summary("old/a.pdf", "A guide", range(256)), summary("old/b.pdf", "B guide", range(500, 756))]
    new = [summary("new/a.pdf", "A guide", range(256)), summary("new/b.pdf", "B guide", range(500, 756))]
    matches, leftovers = pair_documents(old, new, given=[(0, 1)], excluded_old=[1])
    assert [(match.old, match.new, match.pairing.by) for match in matches] == [(0, 1, PairedBy.GIVEN)]
    assert {(left.side, left.index) for left in leftovers} == {("old", 1), ("new", 0)}


def test_folders_pair_by_title_and_content_with_the_pairing_shown(folders, tmp_path):
    old, new = folders
    out = tmp_path / "out"
    result = run_cli("batch", str(old), str(new), "-o", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    index = index_of(out)
    pairs = {(Path(entry["old"]["path"]).name, Path(entry["new"]["path"]).name): entry for entry in index["pairs"]}
    assert set(pairs) == {("early-help.pdf", "early-help.pdf"), ("missing.pdf", "runaway-protocol.pdf"),
                          ("thresholds.pdf", "thresholds-2025.pdf")}
    assert pairs[("missing.pdf", "runaway-protocol.pdf")]["pairing"]["by"] == "content"
    assert pairs[("thresholds.pdf", "thresholds-2025.pdf")]["pairing"]["by"] == "title and content"
    assert pairs[("early-help.pdf", "early-help.pdf")]["status"] == "unchanged"
    assert pairs[("early-help.pdf", "early-help.pdf")]["counts"] == {"substantive": 0, "minor": 0, "bookkeeping": 0}
    changed = pairs[("thresholds.pdf", "thresholds-2025.pdf")]
    # Edition 2 rewords paragraph 2, adds paragraph 5, and its cover says July 2025.
    assert changed["status"] == "changed" and changed["counts"]["substantive"] == 3
    report = json.loads((out / changed["reports"]["json"]).read_text(encoding="utf-8"))
    assert sorted((change["kind"], (change["new"] or {}).get("number") or "") for change in report["changes"]) == [
        ("added", "5"), ("modified", ""), ("modified", "2")]
    unpaired = {(item["side"], Path(item["document"]["path"]).name) for item in index["unpaired"]}
    assert unpaired == {("old", "allegations.pdf"), ("new", "exploitation.pdf")}
    markdown = (out / "index.md").read_text(encoding="utf-8")
    assert "missing.pdf → " in markdown and "by content (title" in markdown


def test_show_pairs_prints_a_manifest_that_runs_as_it_is(folders, tmp_path):
    old, new = folders
    shown = run_cli("batch", str(old), str(new), "--show-pairs", "--pair", "allegations.pdf=exploitation.pdf")
    assert shown.returncode == 0, shown.stderr
    assert "# No partner:" not in shown.stdout  # every document has a partner now
    manifest = tmp_path / "pairs.toml"
    manifest.write_text(shown.stdout, encoding="utf-8")
    plan = read_manifest(manifest)
    pairs = [(Path(pair.old.path).name, Path(pair.new.path).name) for pair in plan.pairs]
    assert ("allegations.pdf", "exploitation.pdf") in pairs and len(pairs) == 4
    assert "# as given (--pair)" in shown.stdout


def test_pair_and_unpair_override_the_pairing(folders, tmp_path):
    old, new = folders
    plan = plan_folders(old, new, given=[("missing.pdf", "exploitation.pdf")], unpaired=["thresholds-2025.pdf"])
    result = run_batch(plan, tmp_path / "out", BatchOptions(formats=("json",), watchlist=None), engine=LocalEngine(1))
    pairs = {(Path(entry.old.path).name, Path(entry.new.path).name): entry.pairing.by for entry in result.index.pairs}
    assert pairs == {("missing.pdf", "exploitation.pdf"): PairedBy.GIVEN, ("early-help.pdf", "early-help.pdf"): PairedBy.BOTH}
    left = {(item.side, Path(item.document.path).name) for item in result.index.unpaired}
    assert left == {("old", "thresholds.pdf"), ("old", "allegations.pdf"), ("new", "thresholds-2025.pdf"),
                    ("new", "runaway-protocol.pdf")}
    for args, message in ((["--pair", "nothing.pdf=early-help.pdf"], "'nothing.pdf' is not a PDF in the old folder"),
                          (["--pair", "missing.pdf"], "write it as OLD=NEW"),
                          (["--unpair", "nothing.pdf"], "no PDF of that name")):
        failed = run_cli("batch", str(old), str(new), "-o", str(tmp_path / "x"), *args)
        assert failed.returncode == 2 and message in failed.stderr and "Traceback" not in failed.stderr


# --- the index -----------------------------------------------------------------------


def test_the_index_validates_against_its_schema_and_is_the_same_whatever_the_workers(folders, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    old, new = folders
    one = run_batch(plan_folders(old, new), tmp_path / "one", engine=LocalEngine(1))
    two = run_batch(plan_folders(old, new), tmp_path / "two", engine=LocalEngine(2))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(index_of(tmp_path / "one"), schema)
    assert BatchIndex.from_dict(index_of(tmp_path / "one")).to_dict() == index_of(tmp_path / "one")
    for name in ("index.json", "index.html", "index.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    for entry in one.index.pairs:
        for _, path in entry.reports:
            assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), path
    assert one.compared == two.compared == 3


def test_a_batch_report_is_the_report_compare_writes(folders, tmp_path):
    old, new = folders
    run_batch(plan_folders(old, new), tmp_path / "out", BatchOptions(formats=("json", "md")), engine=LocalEngine(1))
    alone = run_cli("compare", str(old / "thresholds.pdf"), str(new / "thresholds-2025.pdf"), "-f", "json")
    pair = by_id(index_of(tmp_path / "out"))["thresholds--thresholds-2025"]
    assert (tmp_path / "out" / pair["reports"]["json"]).read_text(encoding="utf-8") == alone.stdout
    assert set(pair["reports"]) == {"json", "md"}


def test_issue_text_from_a_pdf_never_becomes_markup_in_the_index(tmp_path):
    pytest.importorskip("reportlab")
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    hostile = 'Guide <script>alert(1)</script> | *x* [a](javascript:alert(1)) "q"'
    edition(old / "a.pdf", "Guide", 7, metadata_title=hostile)
    edition(new / "b.pdf", "Guide", 7, metadata_title=hostile, edition_number=2)
    run_batch(plan_folders(old, new), tmp_path / "out", BatchOptions(formats=("json",)), engine=LocalEngine(1))
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html and 'href="javascript' not in html
    markdown = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and r"\<script\>" in markdown and r"\[a\]" in markdown


# --- resuming ------------------------------------------------------------------------


def test_a_second_run_skips_current_reports_and_redoes_what_changed(folders, tmp_path):
    old, new = folders
    out = tmp_path / "out"
    options = BatchOptions(formats=("json",), watchlist=None)
    first = run_batch(plan_folders(old, new), out, options, engine=LocalEngine(1))
    assert (first.compared, first.current) == (3, 0)
    reports = {entry.id: out / entry.reports[0][1] for entry in first.index.pairs}
    stamps = {name: path.stat().st_mtime_ns for name, path in reports.items()}
    again = run_batch(plan_folders(old, new), out, options, engine=LocalEngine(1))
    assert (again.compared, again.current) == (0, 3)
    assert again.index.to_dict() == first.index.to_dict()
    assert {name: path.stat().st_mtime_ns for name, path in reports.items()} == stamps
    # A report edited (or damaged) on disk is written again; so are all when an option changes.
    reports["early-help"].write_text("{}", encoding="utf-8")
    mended = run_batch(plan_folders(old, new), out, options, engine=LocalEngine(1))
    assert (mended.compared, mended.current) == (1, 2)
    assert json.loads(reports["early-help"].read_text(encoding="utf-8"))["schema"] == "guidediff.report/1"
    changed = run_batch(plan_folders(old, new), out, replace(options, watchlist="safeguarding"), engine=LocalEngine(1))
    assert (changed.compared, changed.current) == (3, 0)
    forced = run_batch(plan_folders(old, new), out, replace(options, watchlist="safeguarding", force=True),
                       engine=LocalEngine(1))
    assert (forced.compared, forced.current) == (3, 0)
    assert not list(out.rglob("*.tmp"))


def test_a_changed_input_file_is_compared_again(folders, tmp_path):
    old, new = folders
    old_copy, new_copy = tmp_path / "old", tmp_path / "new"
    shutil.copytree(old, old_copy)
    shutil.copytree(new, new_copy)
    options = BatchOptions(formats=("json",), watchlist=None)
    run_batch(plan_folders(old_copy, new_copy), tmp_path / "out", options, engine=LocalEngine(1))
    edition(new_copy / "early-help.pdf", "Early help offer", 3, edition_number=2)
    again = run_batch(plan_folders(old_copy, new_copy), tmp_path / "out", options, engine=LocalEngine(1))
    assert (again.compared, again.current) == (1, 2)
    assert by_id(index_of(tmp_path / "out"))["early-help"]["status"] == "changed"


# --- safety and exit status ------------------------------------------------------------


def test_the_output_folder_is_never_a_file_or_an_input_folder(folders, tmp_path):
    old, new = folders
    a_file = tmp_path / "report.html"
    a_file.write_text("keep me", encoding="utf-8")
    for target, message in ((a_file, "is a file"), (old, "it is the folder of PDFs being compared"),
                            (tmp_path / "missing" / "out", "does not exist")):
        result = run_cli("batch", str(old), str(new), "-o", str(target))
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert a_file.read_text(encoding="utf-8") == "keep me"
    assert sorted(path.name for path in old.iterdir()) == ["allegations.pdf", "early-help.pdf", "missing.pdf",
                                                           "thresholds.pdf"]


def test_exit_status_follows_exit_code_semantics(folders, tmp_path):
    old, new = folders
    out = tmp_path / "out"
    assert run_cli("batch", str(old), str(new), "-o", str(out), "-f", "json").returncode == 0
    assert run_cli("batch", str(old), str(new), "-o", str(out), "-f", "json", "--exit-code").returncode == 1
    same = tmp_path / "same"
    same.mkdir()
    shutil.copy(old / "early-help.pdf", same / "early-help.pdf")
    unchanged = run_cli("batch", str(same), str(new), "-o", str(tmp_path / "one"), "-f", "json", "--exit-code")
    assert unchanged.returncode == 0, unchanged.stderr  # the one pair is unchanged; unpaired documents are no error
    assert "3 documents with no partner" in unchanged.stderr


def test_scheduler_without_dask_is_one_clear_sentence(folders, tmp_path, monkeypatch, capsys):
    old, new = folders
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if guidediff[dask] were not installed
    with pytest.raises(SystemExit) as exited:
        main(["batch", str(old), str(new), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error == ("guidediff: error: --scheduler needs Dask distributed, which is not installed; "
                     "pip install 'guidediff[dask]'\n")
    assert not (tmp_path / "out").exists()


def test_index_formats_are_registered_and_each_is_written(folders, tmp_path):
    old, new = folders
    result = run_batch(plan_folders(old, new), tmp_path / "out", BatchOptions(formats=("json",)), engine=LocalEngine(1))
    assert sorted(path.name for path in result.index_files) == sorted(
        "index" + chosen.extensions[0] for chosen in BATCH_INDEX)
    assert all(os.path.getsize(path) > 0 for path in result.index_files)
    assert result.index.pairs[0].status in (EntryStatus.CHANGED, EntryStatus.UNCHANGED)


def test_pairing_scores_every_pair_that_is_alike_at_all_as_a_brute_force_would():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from guidediff.batch.pairing import DEFAULT_PAIRING, _scores

    words = st.sampled_from(["early", "help", "threshold", "need", "2024", "guide", "children", "missing"])
    summaries = st.lists(st.tuples(st.lists(words, max_size=4), st.sets(st.integers(0, 60), max_size=12)),
                         min_size=1, max_size=5)

    @settings(max_examples=150, deadline=None)
    @given(summaries, summaries)
    def check(old_specs, new_specs):
        old = [summary(f"o{index}", " ".join(title), sketch) for index, (title, sketch) in enumerate(old_specs)]
        new = [summary(f"n{index}", " ".join(title), sketch) for index, (title, sketch) in enumerate(new_specs)]
        brute = {}
        for i, left in enumerate(old):
            for j, right in enumerate(new):
                title = title_similarity(left.title, right.title)
                content = content_similarity(left.sketch, right.sketch)
                if title >= DEFAULT_PAIRING.near_title or content > 0:
                    brute[(i, j)] = (title, content)
        assert _scores(old, new, DEFAULT_PAIRING) == brute

    check()


def test_progress_counts_documents_read_then_pages_of_pairs_compared(folders, tmp_path):
    old, new = folders
    events = []
    run_batch(plan_folders(old, new), tmp_path / "out", BatchOptions(formats=("json",), watchlist=None),
              engine=LocalEngine(2), progress=events.append)
    reading = [event for event in events if event.stage == "reading"]
    comparing = [event for event in events if event.stage == "comparing"]
    assert events.index(comparing[0]) == len(reading), "reading first, then comparing"
    assert [event.done for event in reading] == list(range(9)) and {event.total for event in reading} == {8}
    assert reading[-1].pages_done == sum(len(PdfReader(path).pages) for path in [*old.iterdir(), *new.iterdir()])
    assert [event.done for event in comparing] == [0, 1, 2, 3] and {event.total for event in comparing} == {3}
    assert comparing[-1].pages_done == comparing[-1].pages_total > 0


def test_a_missing_file_in_a_manifest_fails_its_pairs_only(folders, tmp_path):
    old, new = folders
    manifest = tmp_path / "team.toml"
    manifest.write_text(f'[[series]]\neditions = ["{old / "thresholds.pdf"}", "{new / "thresholds-2025.pdf"}", '
                        f'"gone.pdf"]\n', encoding="utf-8")
    result = run_cli("batch", str(manifest), "-o", str(tmp_path / "out"), "-f", "json", "--exit-code")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == ("guidediff: error: 1 document could not be read and 1 pair "
                                                     "failed; the index lists them with the reason")
    index = index_of(tmp_path / "out")
    assert [entry["status"] for entry in index["pairs"]] == ["changed", "failed"]
    assert index["pairs"][1]["error"] == f"cannot read the new edition: cannot read '{tmp_path / 'gone.pdf'}': no such file"
    assert index["unreadable"] == [{"side": None, "path": str(tmp_path / "gone.pdf"),
                                    "error": f"cannot read '{tmp_path / 'gone.pdf'}': no such file"}]
    assert not (tmp_path / "out" / ".guidediff-batch" / f"{index['pairs'][1]['id']}.json").exists()
