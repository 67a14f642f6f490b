"""guidediff batch over two folders of real PDFs, with edited copies made here with pypdf.

A handful of small PDFs from ../shared/corpus (real/ and wild/), to keep the cost modest:

    old/is-2024.pdf                        Information sharing advice 2024 (real/, 28 pages)
    old/autism-adhd-handbook-section.pdf   iLovePDF extract (wild/, 8 pages)
    old/iro-young-peoples-guide-2010.pdf   Distiller 2010 (wild/, 16 pages): withdrawn, no partner
    new/information-sharing-advice-2025.pdf  is-2024 without its printed page 10
    new/family-handbook-2025.pdf           the handbook, its metadata title set to the IRO guide's title
    new/broken.pdf                         the first third of is-2024.pdf: cannot be read

The retitled handbook has the IRO guide's title but the handbook's wording: pairing
must follow the wording, and leave the IRO guide without a partner. Printed page 10
of is-2024.pdf was checked by eye (pdftoppm -r 60 -f 10 -l 10): it holds the end of
the "lawful basis" section (voluntary sector, special category data), the callout
"You can be confident in sharing personal information…", the whole section "Why
consent is not usually the most appropriate lawful basis in a safeguarding context"
(three paragraphs) and footnotes 15–17; pages 9 and 11 end and start with whole
paragraphs, so removing it removes exactly that.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.batch_helpers import run_cli
from tests.conftest import shared_corpus

pytestmark = pytest.mark.corpus

HANDBOOK = "autism-adhd-handbook-section.pdf"
IRO_GUIDE = "iro-young-peoples-guide-2010.pdf"
IRO_TITLE = "YOUNG PEOPLE'S GUIDE TO THE INDEPENDENT REVIEWING OFFICERS' HANDBOOK"


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path]:
    from pypdf import PdfWriter

    real, wild = shared_corpus() / "real", shared_corpus() / "wild"
    for path in (real / "is-2024.pdf", wild / HANDBOOK, wild / IRO_GUIDE):
        if not path.is_file():
            pytest.skip(f"real PDF {path.name} not found at {path} (set GUIDEDIFF_SHARED_CORPUS)")
    root = tmp_path_factory.mktemp("batch-real")
    old, new = root / "old", root / "new"
    old.mkdir()
    new.mkdir()
    for path in (real / "is-2024.pdf", wild / HANDBOOK, wild / IRO_GUIDE):
        shutil.copyfile(path, old / path.name)
    without_page_10 = PdfWriter(clone_from=real / "is-2024.pdf")
    without_page_10.remove_page(9)  # the tenth page, printed "10"
    without_page_10.write(new / "information-sharing-advice-2025.pdf")
    retitled = PdfWriter(clone_from=wild / HANDBOOK)
    retitled.add_metadata({"/Title": IRO_TITLE})
    retitled.write(new / "family-handbook-2025.pdf")
    data = (real / "is-2024.pdf").read_bytes()
    (new / "broken.pdf").write_bytes(data[: len(data) // 3])
    return old, new


@pytest.fixture(scope="module")
def batch(folders, tmp_path_factory) -> tuple[Path, dict, str]:
    old, new = folders
    out = tmp_path_factory.mktemp("batch-real-out") / "out"
    result = run_cli("batch", str(old), str(new), "-o", str(out), "--exit-code", "--workers", "2")
    # A document that cannot be read is an error (2), even with --exit-code and a changed pair;
    # the batch still finishes everything else and says where.
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    return out, json.loads((out / "index.json").read_text(encoding="utf-8")), result.stderr


def _pairs(index: dict) -> dict[tuple[str, str], dict]:
    return {(Path(entry["old"]["path"]).name, Path(entry["new"]["path"]).name): entry for entry in index["pairs"]}


def test_real_folders_pair_by_content_over_a_misleading_title(batch):
    _, index, _ = batch
    pairs = _pairs(index)
    assert set(pairs) == {("is-2024.pdf", "information-sharing-advice-2025.pdf"), (HANDBOOK, "family-handbook-2025.pdf")}
    handbook = pairs[(HANDBOOK, "family-handbook-2025.pdf")]
    assert handbook["pairing"]["by"] == "content" and handbook["pairing"]["content"] == 1.0
    assert handbook["new"]["title"] == IRO_TITLE
    information = pairs[("is-2024.pdf", "information-sharing-advice-2025.pdf")]
    assert information["pairing"]["by"] == "title and content"


def test_the_document_with_no_partner_and_the_unreadable_one_are_in_the_index(batch):
    out, index, stderr = batch
    assert [(item["side"], Path(item["document"]["path"]).name) for item in index["unpaired"]] == [("old", IRO_GUIDE)]
    nearest = index["unpaired"][0]
    # Its title is the retitled handbook's; its wording is not: that is why it stays alone.
    assert Path(nearest["nearest"]["path"]).name == "family-handbook-2025.pdf"
    assert nearest["title"] == 1.0 and nearest["content"] < 0.05
    assert [(item["side"], Path(item["path"]).name) for item in index["unreadable"]] == [("new", "broken.pdf")]
    assert "truncated or damaged" in index["unreadable"][0]["error"]
    for name in ("index.html", "index.md"):
        text = (out / name).read_text(encoding="utf-8")
        assert IRO_GUIDE in text and "broken.pdf" in text and "truncated or damaged" in text
    assert stderr.strip().splitlines()[-1] == ("guidediff: error: 1 document could not be read; "
                                              "the index lists them with the reason")


def test_the_unchanged_copy_and_the_removed_page(batch):
    out, index, _ = batch
    pairs = _pairs(index)
    assert pairs[(HANDBOOK, "family-handbook-2025.pdf")]["status"] == "unchanged"
    assert pairs[(HANDBOOK, "family-handbook-2025.pdf")]["counts"] == {"substantive": 0, "minor": 0, "bookkeeping": 0}
    information = pairs[("is-2024.pdf", "information-sharing-advice-2025.pdf")]
    assert information["status"] == "changed"
    report = json.loads((out / information["reports"]["json"]).read_text(encoding="utf-8"))
    removed = [change for change in report["changes"] if change["kind"] == "removed"]
    assert not [change for change in report["changes"] if change["kind"] == "added"]
    from_page_10 = [change["old"]["text"] for change in removed if change["old"]["pages"] == ["10"]]
    for start in ("If you work with children and their families within the voluntary or private sectors",
                  "Where the information to be shared is \"special category data\"",
                  "You can be confident in sharing personal information knowing that legislation",
                  "Consent should not be seen as the default lawful basis",
                  "Using consent as a lawful basis means an individual has given agreement",
                  "These conditions are unlikely to be present"):
        assert any(text.startswith(start) for text in from_page_10), start
    # Nothing printed elsewhere is reported removed but footnotes (footnote 17 on p. 10 has the same
    # words as footnote 39 on p. 26, "Special category data | ICO", and either may be the one reported).
    assert all(change["old"]["pages"] == ["10"] or change["old"]["block"] == "footnote" for change in removed)


def test_exit_status_once_the_unreadable_file_is_gone(folders, batch, tmp_path):
    old, new = folders
    out, _, _ = batch
    kept = tmp_path / "new"
    shutil.copytree(new, kept)
    (kept / "broken.pdf").unlink()
    changed = run_cli("batch", str(old), str(kept), "-o", str(tmp_path / "out"), "--exit-code")
    assert changed.returncode == 1, changed.stderr
    # Run again, the same files and options: the reports are current, nothing is compared again.
    plain = run_cli("batch", str(old), str(kept), "-o", str(tmp_path / "out"))
    assert plain.returncode == 0, plain.stderr
    assert "(0 compared now, 2 already current)" in plain.stderr
