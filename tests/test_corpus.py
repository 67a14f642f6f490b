"""Corpus ids: resolving to model editions, `guidediff corpus …`, fetching official PDFs.

Fetching is tested against a real HTTP server on 127.0.0.1 started by the test,
never the internet.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import guidediff
from guidediff import corpus
from guidediff.api import compare
from guidediff.cli import main
from guidediff.errors import CorpusError, FetchError
from guidediff.render import REPORT

SEED_IDS = ("wt-2010", "wt-2013", "wt-2015", "wiw-2006", "wiw-2015", "is-2008", "is-2015")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI as the console script does: (exit status, stdout, stderr)."""
    try:
        main(list(args))
        status = 0
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else 0
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, so a fetched official PDF never leaks into other tests."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("GUIDEDIFF_CACHE_DIR", str(directory))
    return directory


# --- a real HTTP server on 127.0.0.1 ------------------------------------------------------


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: list[str] = []

    def serve(self, path: str, body: bytes, *, status: int = 200, content_type: str = "application/pdf") -> str:
        self.routes[path] = (status, content_type, body)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.hits.append(self.path)
            status, content_type, body = state.routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # keep pytest's output clean
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def model_bytes(edition_id: str) -> bytes:
    path = corpus.get(edition_id).model_path
    assert path is not None
    return path.read_bytes()


def unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the manifest and ids -------------------------------------------------------------------


def test_manifest_entries_are_frozen_dataclasses_with_the_seed_editions():
    entries = {entry.id: entry for entry in corpus.editions()}
    assert set(SEED_IDS) <= set(entries)
    entry = entries["wt-2015"]
    assert entry.citation == "Working Together 2015"
    assert entry.status == "statutory"
    assert entry.supersedes == ("wt-2013",)
    with pytest.raises(AttributeError):
        entry.title = "changed"  # type: ignore[misc]


def test_manifest_entries_read_back_from_their_json():
    for entry in corpus.editions():
        assert corpus.EditionEntry.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry


def test_a_manifest_key_with_no_field_is_a_damaged_manifest_not_a_skipped_one(tmp_path, monkeypatch):
    text = (corpus.DATA / "editions.toml").read_text(encoding="utf-8")
    assert "\npublished = " in text
    (tmp_path / "editions.toml").write_text(text.replace("\npublished = ", "\npublised = ", 1), encoding="utf-8")
    monkeypatch.setattr(corpus, "DATA", tmp_path)
    corpus.editions.cache_clear()
    try:
        with pytest.raises(CorpusError, match="damaged .*publised"):
            corpus.editions()
    finally:
        corpus.editions.cache_clear()  # the next caller reads the real manifest again


@pytest.mark.parametrize("edition_id", SEED_IDS)
def test_seed_ids_resolve_to_model_editions(edition_id, cache_dir):
    resolved = corpus.resolve(edition_id)
    assert resolved.source == "model edition"
    assert resolved.id == edition_id
    assert resolved.path.is_file() and resolved.path.name == f"{edition_id}.pdf"
    assert resolved.citation == corpus.get(edition_id).citation


def test_load_by_id_names_the_document_by_its_citation(cache_dir):
    document = guidediff.load("wt-2015")
    assert document.edition == "Working Together 2015"
    assert Path(document.path) == corpus.get("wt-2015").model_path


def test_unknown_id_lists_known_ids_and_suggests_the_nearest(cache_dir):
    with pytest.raises(CorpusError) as error:
        guidediff.load("wt2015")
    message = str(error.value)
    assert "did you mean wt-2015?" in message
    assert all(edition_id in message for edition_id in SEED_IDS)


def test_a_missing_file_is_still_a_missing_file_not_an_unknown_id(cache_dir, tmp_path):
    with pytest.raises(guidediff.GuidediffError) as error:
        guidediff.load(str(tmp_path / "wt-2015.pdf"))
    assert "no such file" in str(error.value)


def test_edition_without_model_or_download_says_what_to_do(cache_dir):
    with pytest.raises(CorpusError) as error:
        corpus.resolve("wt-2023")
    message = str(error.value)
    assert "no bundled model edition" in message
    assert "guidediff corpus fetch wt-2023" in message
    assert "path" in message


def test_compare_by_id_reports_edition_and_source(capsys, cache_dir):
    status, out, err = run(capsys, "compare", "wt-2013", "wt-2015", "-f", "json")
    assert status == 0, err
    report = json.loads(out)
    assert report["old"]["edition"] == "wt-2013"
    assert report["new"]["edition"] == "wt-2015"
    assert report["new"]["source"] == "model edition"
    assert report["new"]["name"] == "Working Together 2015"


def test_text_and_markdown_say_which_file_was_used(cache_dir):
    report = compare("is-2008", "is-2015")
    assert "(model edition is-2015, 16 pages)" in REPORT.render(report, "text")
    assert "(model edition is-2015)" in REPORT.render(report, "md")


def test_a_model_given_by_path_is_reported_as_that_edition(cache_dir):
    path = corpus.get("is-2015").model_path
    by_path = compare(str(corpus.get("is-2008").model_path), str(path))
    by_id = compare("is-2008", "is-2015")
    assert by_path.new.edition == "is-2015" and by_path.new.source == "model edition"
    assert by_path.new.name == by_id.new.name == "Information sharing 2015"


def test_a_plain_file_has_no_corpus_edition(cache_dir, tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(corpus.get("is-2015").model_path, copy)
    report = compare("is-2008", str(copy))
    assert report.new.edition is None and report.new.source is None
    assert "edition" not in report.to_dict()["new"]


# --- corpus list / show / path / verify ---------------------------------------------------


def test_corpus_list_shows_status_and_availability(capsys, cache_dir):
    status, out, _ = run(capsys, "corpus", "list")
    assert status == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "statutory" in rows["wt-2015"] and "model edition" in rows["wt-2015"]
    assert "non-statutory" in rows["is-2015"]
    assert "not available" in rows["wt-2023"]


def test_corpus_show_text_and_json(capsys, cache_dir):
    status, out, _ = run(capsys, "corpus", "show", "wt-2015")
    assert status == 0
    assert "citation: Working Together 2015" in out
    assert "official pages: 108" in out
    status, out, _ = run(capsys, "corpus", "show", "wt-2015", "--format", "json")
    data = json.loads(out)
    assert data["id"] == "wt-2015" and data["available"] == "model edition"
    assert data["source_urls"][0]["official_landing"] is True


def test_corpus_path_prints_the_resolved_file(capsys, cache_dir):
    status, out, _ = run(capsys, "corpus", "path", "wiw-2006")
    assert status == 0
    assert Path(out.strip()) == corpus.get("wiw-2006").model_path


def test_corpus_show_unknown_id_is_one_line_and_exit_2(capsys, cache_dir):
    status, out, err = run(capsys, "corpus", "show", "nope-1999")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "known ids" in err


def test_corpus_verify_passes_on_the_bundled_models(capsys, cache_dir):
    status, out, err = run(capsys, "corpus", "verify")
    assert status == 0, out + err
    assert all(f"{edition_id} " in out for edition_id in SEED_IDS)


# --- fetch ----------------------------------------------------------------------------------


def test_fetch_without_a_known_address_names_what_to_do(capsys, cache_dir):
    status, _, err = run(capsys, "corpus", "fetch", "wt-2013")
    assert status == 2
    assert "no download address is known" in err
    assert "https://www.gov.uk/government/publications/working-together-to-safeguard-children" in err
    assert "--url" in err


def test_fetch_downloads_checks_and_records_the_official_pdf(capsys, cache_dir, server):
    body = model_bytes("is-2015")
    url = server.serve("/is-2015.pdf", body)
    status, out, err = run(capsys, "corpus", "fetch", "is-2015", "--url", url)
    assert status == 0, err
    target = cache_dir / "official" / "is-2015.pdf"
    assert target.read_bytes() == body
    record = json.loads((cache_dir / "official" / "is-2015.json").read_text())
    assert record["sha256"] == hashlib.sha256(body).hexdigest() and record["url"] == url
    assert record["pages"] == 16
    assert "is-2015: 16 pages" in out
    # From now on the id stands for the official PDF, and reports say so.
    assert corpus.resolve("is-2015").source == "official PDF"
    report = compare("is-2008", "is-2015")
    assert report.new.source == "official PDF" and report.new.edition == "is-2015"
    status, out, _ = run(capsys, "corpus", "list")
    assert "official PDF" in next(line for line in out.splitlines() if line.startswith("is-2015"))


def test_verify_notices_a_fetched_file_changed_afterwards(capsys, cache_dir, server):
    url = server.serve("/is-2015.pdf", model_bytes("is-2015"))
    corpus.fetch("is-2015", url=url)
    (cache_dir / "official" / "is-2015.pdf").write_bytes(model_bytes("is-2008"))
    status, out, err = run(capsys, "corpus", "verify")
    assert status == 2
    assert "FAILED" in out and "is-2015" in out and "the file was changed" in out
    assert "failed verification" in err


def _assert_nothing_saved(cache_dir: Path) -> None:
    official = cache_dir / "official"
    assert not official.exists() or not any(official.iterdir())


def test_fetch_http_404_is_one_clear_error(cache_dir, server):
    with pytest.raises(FetchError, match=r"the server answered 404"):
        corpus.fetch("is-2015", url=server.url("/missing.pdf"))
    assert server.hits == ["/missing.pdf"]
    _assert_nothing_saved(cache_dir)


def test_fetch_rejects_a_body_that_is_not_a_pdf(cache_dir, server):
    url = server.serve("/landing", b"<!doctype html><title>Information sharing</title>", content_type="text/html")
    with pytest.raises(FetchError, match=r"is not a PDF"):
        corpus.fetch("is-2015", url=url)
    _assert_nothing_saved(cache_dir)


def test_fetch_rejects_the_wrong_page_count(cache_dir, server):
    # The wt-2013 model has 86 pages; the manifest says the official PDF has 96.
    url = server.serve("/wt-2013.pdf", model_bytes("wt-2013"))
    with pytest.raises(FetchError, match=r"has 86 pages, but the official Working Together 2013 PDF has 96"):
        corpus.fetch("wt-2013", url=url)
    _assert_nothing_saved(cache_dir)


def test_fetch_rejects_another_documents_pdf(cache_dir, server):
    url = server.serve("/wiw-2015.pdf", model_bytes("wiw-2015"))
    with pytest.raises(FetchError, match=r"does not carry the title 'Information sharing'"):
        corpus.fetch("is-2015", url=url)
    _assert_nothing_saved(cache_dir)


def test_fetch_connection_refused_is_one_clear_error(capsys, cache_dir):
    url = f"http://127.0.0.1:{unused_port()}/is-2015.pdf"
    status, out, err = run(capsys, "corpus", "fetch", "is-2015", "--url", url)
    assert status == 2 and out == ""
    assert err.startswith("guidediff: error: cannot reach") and err.count("\n") == 1
    _assert_nothing_saved(cache_dir)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x.pdf", "not a url"])
def test_fetch_only_accepts_http_addresses(cache_dir, url):
    with pytest.raises(FetchError, match=r"is not an http:// or https:// address"):
        corpus.fetch("is-2015", url=url)


def test_fetch_url_needs_exactly_one_id(capsys, cache_dir):
    status, _, err = run(capsys, "corpus", "fetch", "is-2008", "is-2015", "--url", "http://127.0.0.1/x.pdf")
    assert status == 2 and "exactly one edition id" in err


# --- fetch checks the edition: title and year, not only the title ---------------------------------


def test_issue_fetch_refuses_another_year_of_the_same_title(cache_dir, server):
    """The model is-2008 carries the title "Information Sharing" too, but its cover says October 2008."""
    url = server.serve("/is-2015.pdf", model_bytes("is-2008"))
    with pytest.raises(FetchError) as refused:
        corpus.fetch("is-2015", url=url)
    message = str(refused.value)
    assert "is another edition, not is-2015 (Information sharing 2015, published March 2015)" in message
    assert "its cover is dated" in message and "2008" in message and message.endswith("not saved")
    _assert_nothing_saved(cache_dir)


def test_fetch_refuses_a_file_with_no_date_anywhere(cache_dir, server, tmp_path):
    from tests.test_bad_input import tiny_pdf

    undated = tiny_pdf(tmp_path / "undated.pdf", ["Information sharing", "Advice for practitioners"]).read_bytes()
    undated = undated.replace(b"/CreationDate", b"/X").replace(b"/ModDate", b"/Y")  # no date in the metadata either
    with pytest.raises(FetchError, match=r"carries no date on its cover nor in its metadata"):
        corpus.fetch("is-2015", url=server.serve("/undated.pdf", undated))
    _assert_nothing_saved(cache_dir)


@pytest.mark.corpus
def test_issue_fetch_of_wt_2023_as_wt_2018_is_refused_saying_what_it_is(capsys, cache_dir, server):
    from tests.conftest import real_pdf_path

    url = server.serve("/wt-2023.pdf", real_pdf_path("wt-2023.pdf").read_bytes())
    status, out, err = run(capsys, "corpus", "fetch", "wt-2018", "--url", url)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert "is another edition, not wt-2018 (Working Together 2018, published July 2018)" in err
    assert "its title says 2023" in err and "its cover is dated December 2023" in err
    _assert_nothing_saved(cache_dir)
    # The right id takes the same file.
    status, out, err = run(capsys, "corpus", "fetch", "wt-2023", "--url", url)
    assert status == 0, err
    assert "wt-2023: 168 pages" in out


@pytest.mark.corpus
@pytest.mark.parametrize(("edition_id", "name", "accepted"), [
    ("is-2024", "is-2024.pdf", True),
    ("kcsie-2025", "kcsie-2025-part-one-sept.pdf", False),  # Part one alone: 42 pages, not 187
    ("is-2015", "is-2024.pdf", False),
])
def test_fetch_checks_real_official_pdfs(cache_dir, server, edition_id, name, accepted):
    from tests.conftest import real_pdf_path

    url = server.serve(f"/{name}", real_pdf_path(name).read_bytes())
    if accepted:
        assert corpus.fetch(edition_id, url=url).id == edition_id
    else:
        with pytest.raises(FetchError, match=r"not saved$"):
            corpus.fetch(edition_id, url=url)
        _assert_nothing_saved(cache_dir)
