"""The bundled model editions and the edition manifest.

The model editions (guidediff/data/editions/*.pdf) are generated from
corpora/sources/*.gdm by corpora/build.py. These tests check what a user of
``guidediff compare wt-2013 wt-2015`` relies on: the manifest describes every
seed edition, the committed PDFs are up to date, each PDF says it is a model
edition, and the documented facts and changes sit on the printed pages the
facts give. They read the PDFs with pypdf, not with guidediff's own reader.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import tomllib
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "corpora" / "build.py"
SOURCES = ROOT / "corpora" / "sources"
DATA = resources.files("guidediff") / "data"

SEED_IDS = ("wt-2010", "wt-2013", "wt-2015", "wiw-2006", "wiw-2015", "is-2008", "is-2015")
OTHER_IDS = ("wt-2018", "wt-2023", "kcsie-2024", "kcsie-2025", "is-2024")
REQUIRED_SEED_FIELDS = (
    "id", "family", "title", "citation", "published", "publisher", "status", "jurisdiction",
    "supersedes", "superseded_by", "source_urls", "model", "uncertain", "notes",
)
# The concepts FACTS.md documents as new in Working Together 2015.
NEW_IN_2015 = (
    re.compile(r"sexual\s+exploitation", re.IGNORECASE),
    re.compile(r"sexually\s+exploited", re.IGNORECASE),
    re.compile(r"\bCSE\b"),
    re.compile(r"genital\s+mutilation", re.IGNORECASE),
    re.compile(r"\bFGM\b"),
    re.compile(r"radicali[sz]", re.IGNORECASE),
    re.compile(r"extremis", re.IGNORECASE),
    re.compile(r"\bPrevent\b"),
)


# --- helpers -------------------------------------------------------------------------------


@cache
def manifest() -> dict[str, dict]:
    data = tomllib.loads((DATA / "editions.toml").read_text(encoding="utf-8"))
    return {edition["id"]: edition for edition in data["edition"]}


@cache
def model_pdf(edition_id: str) -> bytes:
    return (DATA / manifest()[edition_id]["model"]).read_bytes()


@cache
def pages_by_label(edition_id: str) -> dict[str, str]:
    """Printed page label → the page's text with whitespace collapsed (pypdf)."""
    reader = PdfReader(io.BytesIO(model_pdf(edition_id)))
    return {
        label: re.sub(r"\s+", " ", page.extract_text() or "")
        for label, page in zip(reader.page_labels, reader.pages, strict=True)
    }


def whole_text(edition_id: str) -> str:
    return " ".join(pages_by_label(edition_id).values())


@cache
def build_module():
    spec = importlib.util.spec_from_file_location("guidediff_corpora_build", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def source_paragraphs(edition_id: str) -> list[tuple[str, str | None, str]]:
    """(level-1 heading, paragraph number, text) for every paragraph of a source."""
    from guidediff.testing.markup import parse_file
    from guidediff.testing.spec import Heading, Para

    division = ""
    out = []
    for element in parse_file(SOURCES / f"{edition_id}.gdm").body:
        if isinstance(element, Heading) and element.level == 1:
            division = element.text
        elif isinstance(element, Para):
            out.append((division, element.number, element.text))
    return out


# --- the manifest -----------------------------------------------------------------------------


def test_manifest_parses_with_tomllib_and_ids_are_unique():
    data = tomllib.loads((DATA / "editions.toml").read_text(encoding="utf-8"))
    ids = [edition["id"] for edition in data["edition"]]
    assert len(ids) == len(set(ids))
    assert set(SEED_IDS) | set(OTHER_IDS) <= set(ids)


@pytest.mark.parametrize("edition_id", SEED_IDS)
def test_every_seed_edition_has_the_required_fields_and_a_model(edition_id):
    edition = manifest()[edition_id]
    missing = [name for name in REQUIRED_SEED_FIELDS if name not in edition]
    assert not missing, f"{edition_id} lacks {missing}"
    assert edition["model"] == f"editions/{edition_id}.pdf"
    assert (DATA / edition["model"]).is_file()
    assert all(isinstance(item, str) and item for item in edition["uncertain"])
    # FACTS.md: no direct official PDF URL is known for the 2006-2015 editions.
    assert "official_pdf_url" not in edition


@pytest.mark.parametrize("edition_id", SEED_IDS + OTHER_IDS)
def test_manifest_values_are_well_formed(edition_id):
    edition = manifest()[edition_id]
    assert edition["status"] in ("statutory", "non-statutory", "mixed")
    assert edition["citation"] and edition["family"] and edition["title"]
    if "published" in edition:
        # ISO 8601, with reduced precision allowed: "2006", "2008-10", "2015-03-26"
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", edition["published"])
        if len(edition["published"]) == 10:
            date.fromisoformat(edition["published"])
    if "source_urls" in edition:
        urls = edition["source_urls"]
        assert all(url["url"].startswith(("http://", "https://")) for url in urls)
        assert all(url["kind"] in ("landing", "archived-landing", "printed", "copy", "contents") for url in urls)
        assert sum(1 for url in urls if url.get("official_landing")) == 1
    if "official_pages" in edition:
        assert isinstance(edition["official_pages"], int) and edition["official_pages"] > 0
    if "model" not in edition:
        assert edition_id in OTHER_IDS


def test_succession_links_in_the_manifest_agree_both_ways():
    editions = manifest()
    for edition_id, edition in editions.items():
        for later in edition.get("superseded_by", []):
            if later in editions:
                assert edition_id in editions[later].get("supersedes", []), (edition_id, later)
        for earlier in edition.get("supersedes", []):
            if earlier in editions:
                assert edition_id in editions[earlier].get("superseded_by", []), (earlier, edition_id)


def test_manifest_keeps_the_documented_facts():
    editions = manifest()
    assert editions["wt-2010"]["isbn"] == "978-1-84775-715-9"
    assert editions["wt-2010"]["reference"] == "DCSF-00305-2010"
    assert editions["wt-2010"]["official_pages"] == 393
    assert editions["wt-2013"]["reference"] == "DFE-00030-2013"
    assert editions["wt-2015"]["published"] == "2015-03-26"
    assert editions["wt-2015"]["citation"] == "Working Together 2015"
    assert editions["kcsie-2025"]["citation"] == "KCSIE 2025"
    assert editions["is-2008"]["reference"] == "DCSF-00807-2008"


# --- the committed PDFs -------------------------------------------------------------------------


def test_build_check_passes_so_the_committed_pdfs_are_up_to_date():
    pytest.importorskip("reportlab")
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_rendering_does_not_depend_on_the_hash_seed():
    pytest.importorskip("reportlab")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import importlib.util as u;"
        "s = u.spec_from_file_location('b', sys.argv[2]); m = u.module_from_spec(s); sys.modules['b'] = m;"
        "s.loader.exec_module(m);"
        "sys.stdout.buffer.write(m.render_model('wt-2015'))"
    )
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code, str(ROOT), str(BUILD_SCRIPT)], capture_output=True, env=env, timeout=120
        )
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout == model_pdf("wt-2015")


@pytest.mark.parametrize("edition_id", SEED_IDS)
def test_title_page_and_metadata_say_it_is_a_model_edition(edition_id):
    reader = PdfReader(io.BytesIO(model_pdf(edition_id)))
    title_page = reader.pages[0].extract_text()
    assert "MODEL EDITION" in title_page
    assert "Not the official text" in title_page
    assert "MODEL EDITION" in reader.metadata.subject
    assert reader.metadata.title == manifest()[edition_id]["title"]


@pytest.mark.parametrize("edition_id", SEED_IDS)
def test_every_page_has_a_printed_label(edition_id):
    reader = PdfReader(io.BytesIO(model_pdf(edition_id)))
    labels = list(reader.page_labels)
    assert len(labels) == len(reader.pages)
    if edition_id == "is-2008":
        assert labels[:2] == ["i", "ii"] and labels[2] == "1"
    else:
        assert labels == [str(number) for number in range(1, len(labels) + 1)]


def test_model_lengths_are_proportionate():
    counts = {edition_id: len(pages_by_label(edition_id)) for edition_id in SEED_IDS}
    assert counts["wt-2010"] > counts["wt-2015"] > counts["wt-2013"]
    assert counts["wiw-2006"] > 2 * counts["wiw-2015"]
    assert counts["is-2008"] > counts["is-2015"]
    assert list(pages_by_label("wiw-2015"))[-1] == "17"  # its contents page ends on p. 17


# --- documented facts on their printed pages ---------------------------------------------------


def test_wt_2015_page_15_names_sexual_exploitation_fgm_and_radicalisation():
    page = pages_by_label("wt-2015")["15"]
    for phrase in ("sexually exploited", "child sexual exploitation", "female genital mutilation (FGM)",
                   "radicalised", "radicalisation"):
        assert phrase in page


@pytest.mark.parametrize("edition_id", ["wt-2010", "wt-2013"])
def test_concepts_new_in_2015_are_absent_from_earlier_working_together(edition_id):
    text = whole_text(edition_id)
    found = [pattern.pattern for pattern in NEW_IN_2015 if pattern.search(text)]
    assert not found


def test_wt_2015_chapter_4_definitions_sit_on_pages_74_and_76():
    pages = pages_by_label("wt-2015")
    assert "An incident involving the care of a child is notifiable when" in pages["74"]
    assert "counts as seriously harmed" in pages["76"]


def test_wt_2013_headings_land_on_the_published_contents_pages():
    pages = pages_by_label("wt-2013")
    for heading, label in (("Chapter 1: Assessing need and providing help", "11"),
                           ("Chapter 2: Organisational responsibilities", "47"),
                           ("Chapter 3: Local Safeguarding Children Boards", "58"),
                           ("Chapter 4: Learning and improvement framework", "65"),
                           ("Chapter 5: Child death reviews", "73")):
        assert heading in pages[label]


def test_designated_officer_replaces_the_lado():
    assert "Local Authority Designated Officer (LADO)" in pages_by_label("wt-2013")["48"]
    assert "LADO" not in whole_text("wt-2015")
    assert "a designated officer, or a team of designated officers" in whole_text("wt-2015")


def test_wiw_2006_flowcharts_are_on_pages_16_to_20():
    pages = pages_by_label("wiw-2006")
    for number, label in zip(range(1, 6), ("16", "17", "18", "19", "20"), strict=True):
        assert f"Flowchart {number}:" in pages[label]


def test_wiw_2015_page_14_says_the_practitioner_must_act():
    assert "responsibility to take action" in pages_by_label("wiw-2015")["14"]
    assert "Referring to children's social care" in pages_by_label("wiw-2015")["14"]


# --- quotations: FACTS.md "Quotations from the 2015 publications", word for word -------------

QUOTED_MODELS = ("wt-2015", "wiw-2015", "is-2015")
OLDER_MODELS = {"wt-2015": ("wt-2010", "wt-2013"), "wiw-2015": ("wiw-2006",), "is-2015": ("is-2008",)}


def facts_quotations() -> list[str]:
    """Every quoted passage of FACTS.md's quotations section, split where the brief shortens it with "…"."""
    corpus = Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", ROOT.parent / "shared" / "corpus"))
    facts = corpus.parent / "editions" / "FACTS.md"
    if not facts.is_file():
        pytest.skip(f"{facts} is not present (it is not part of a clone of guidediff)")
    text = facts.read_text(encoding="utf-8")
    section = text.split("## Quotations from the 2015 publications", 1)[1].split("\n## ", 1)[0]
    quoted = re.findall(r'"([^"]+)"', section.replace("\n", " "))
    return [part.strip() for passage in quoted for part in passage.split("…")]


def quotation_pages(edition_id: str, text: str) -> list[str]:
    """Printed pages where ``text`` stands word for word (its first letter in either case), once per place."""
    text = re.sub(r"\s+", " ", text).strip()
    forms = {text, text[:1].upper() + text[1:]}
    return sorted(label for label, page in list(pages_by_label(edition_id).items())[1:]
                  for form in forms for _ in range(page.count(form)))


def test_build_places_every_quotation_the_facts_give():
    build = build_module()
    placed = [quotation.text for edition_id in QUOTED_MODELS for quotation in build.EXPECTATIONS[edition_id].quotations]
    facts = facts_quotations()
    assert len(facts) >= 12
    assert sorted(facts) == sorted(placed)


@pytest.mark.parametrize("edition_id", QUOTED_MODELS)
def test_quotations_stand_word_for_word_on_their_pages(edition_id):
    for quotation in build_module().EXPECTATIONS[edition_id].quotations:
        assert quotation_pages(edition_id, quotation.text) == sorted(quotation.pages), quotation.text


def test_the_documented_pages_of_the_quotations():
    """The pages the brief gives: the flowchart p. 12, p. 14 of wiw-2015 with its footnote, p. 15 of wt-2015, twice in is-2015."""
    assert quotation_pages("is-2015", "do you have consent") == ["12"]
    assert quotation_pages("is-2015", "is there another reason to share information such as to fulfil a public "
                                      "function or to protect the vital interests of the information subject") == ["12"]
    assert len(quotation_pages("is-2015", "fears about sharing information cannot be allowed to stand in the way "
                                          "of the need to safeguard and promote the welfare of children at risk of "
                                          "abuse or neglect")) == 2
    assert quotation_pages("wiw-2015", "it is your responsibility to take action.") == ["14"]
    page_14 = pages_by_label("wiw-2015")["14"]
    footnote = page_14.index("unlikely to achieve or maintain")
    assert page_14.rindex("a child may be a child in need") < footnote  # the footnote to p. 14 defines it
    assert quotation_pages("wt-2015", "children who have undergone or may undergo female genital mutilation") == ["15"]


@pytest.mark.parametrize("edition_id", QUOTED_MODELS)
def test_older_models_do_not_carry_the_2015_quotations(edition_id):
    for older in OLDER_MODELS[edition_id]:
        text = whole_text(older).casefold()
        for quotation in build_module().EXPECTATIONS[edition_id].quotations:
            assert re.sub(r"\s+", " ", quotation.text).casefold() not in text, (older, quotation.text)


@pytest.mark.parametrize("edition_id", QUOTED_MODELS)
def test_the_notice_says_which_passages_are_quoted_and_that_the_rest_is_paraphrase(edition_id):
    title_page = pages_by_label(edition_id)["1"]
    assert "word for word" in title_page and "paraphrase" in title_page
    for quotation in build_module().EXPECTATIONS[edition_id].quotations:
        assert quotation.cue in title_page


def test_build_checks_catch_a_reworded_quotation():
    pytest.importorskip("reportlab")
    from guidediff.testing.markup import parse
    from guidediff.testing.pdfgen import render

    build = build_module()
    source = (SOURCES / "is-2015.gdm").read_text(encoding="utf-8")
    tampered = source.replace("repeatedly flagged up as an issue", "flagged up again and again as an issue", 1)
    assert tampered != source
    buffer = io.BytesIO()
    render(parse(tampered), buffer)
    problems = build.check_model("is-2015", buffer.getvalue())
    assert problems == ["is-2015: quotation 'poor or non-existent information sharing is…' should stand word for "
                        "word on printed page(s) 5; found on no page"]


def test_build_checks_catch_a_quotation_in_an_older_model():
    pytest.importorskip("reportlab")
    from guidediff.testing.markup import parse
    from guidediff.testing.pdfgen import render

    build = build_module()
    source = (SOURCES / "wiw-2006.gdm").read_text(encoding="utf-8")
    tampered = source.replace("Confirm a telephone referral in writing within 48 hours.",
                              "Confirm a telephone referral in writing within 48 hours. If you see further signs of "
                              "potential abuse and neglect, report and refer again.", 1)
    assert tampered != source
    buffer = io.BytesIO()
    render(parse(tampered), buffer)
    assert not build.check_model("wiw-2006", buffer.getvalue())  # a part of a quotation is no quotation
    tampered = tampered.replace("report and refer again.", "report and refer again. This referral can be made by "
                                "any practitioner.", 1)
    whole = ("you should refer immediately to local authority children's social care. This referral can be made by "
             "any practitioner. If you see further signs of potential abuse and neglect, report and refer again.")
    tampered = tampered.replace("Confirm a telephone referral in writing within 48 hours.", "Then " + whole, 1)
    buffer = io.BytesIO()
    render(parse(tampered), buffer)
    problems = build.check_model("wiw-2006", buffer.getvalue())
    assert any("contains the wiw-2015 quotation 'you should refer immediately to" in problem for problem in problems)


def test_build_writes_the_manifest_hash_and_check_catches_a_stale_one(tmp_path, monkeypatch, capsys):
    pytest.importorskip("reportlab")
    import hashlib

    build = build_module()
    manifest = tmp_path / "editions.toml"
    original = (DATA / "editions.toml").read_text(encoding="utf-8")
    stale = original.replace(manifest_hash := hashlib.sha256(model_pdf("is-2015")).hexdigest(), "0" * 64)
    assert stale != original
    manifest.write_text(stale, encoding="utf-8")
    monkeypatch.setattr(build, "MANIFEST", manifest)
    monkeypatch.setattr(build, "ROOT", tmp_path.parent)  # messages print paths relative to ROOT
    monkeypatch.setattr(build, "OUTPUT", tmp_path / "editions")
    (tmp_path / "editions").mkdir()
    (tmp_path / "editions" / "is-2015.pdf").write_bytes(model_pdf("is-2015"))

    assert build.main(["--check", "is-2015"]) == 1
    assert f"records model_sha256 {'0' * 64}, but" in capsys.readouterr().err
    assert manifest.read_text(encoding="utf-8") == stale  # --check writes nothing

    assert build.main(["is-2015"]) == 0
    assert manifest.read_text(encoding="utf-8") == original  # only that hash changed, back to the true one
    assert build.manifest_hashes(original)["is-2015"] == manifest_hash
    assert build.main(["--check", "is-2015"]) == 0


def test_is_2015_flowchart_on_page_12_and_myths_at_the_back():
    pages = pages_by_label("is-2015")
    assert "Flowchart of when and how to share information" in pages["12"]
    labels = list(pages)
    myths = labels.index(next(label for label, text in pages.items()
                              if "Myth-busting guide to information sharing" in text and label != "2"))
    assert myths > labels.index("12")
    assert "Consent is always needed to share personal information" in whole_text("is-2015")


def test_golden_rules_keep_the_documented_wording_differences():
    old, new = whole_text("is-2008"), whole_text("is-2015")
    for before, after in (
        ("the Data Protection Act is not a barrier", "the Data Protection Act 1998 and human rights law are not barriers to justified information sharing"),
        ("living persons", "living individuals"),
        ("Seek advice if you are in any doubt,", "Seek advice from other practitioners if you are in any doubt about sharing the information concerned"),
        ("Share with consent where appropriate", "Share with informed consent where appropriate"),
        ("that lack of consent can be overridden in the public interest", "there is good reason to do so, such as where safety may be at risk"),
        ("Necessary, proportionate, relevant, accurate, timely and secure", "Necessary, proportionate, relevant, adequate, accurate, timely and secure"),
    ):
        assert before in old and before not in new
        assert after in new and after not in old


# --- the sources: revision, renumbering and numbering styles -----------------------------------


def test_wt_2015_carries_most_of_wt_2013_over_word_for_word():
    old = [text for _, _, text in source_paragraphs("wt-2013")]
    new = {text for _, _, text in source_paragraphs("wt-2015")}
    carried = sum(1 for text in old if text in new)
    assert carried / len(old) >= 0.85


def test_cross_references_follow_the_renumbering():
    """Chapter 1 paragraph 8 points at the same paragraph in both editions, under its new number."""
    for edition_id, target in (("wt-2013", "24"), ("wt-2015", "26")):
        chapter_1 = {number: text for division, number, text in source_paragraphs(edition_id)
                     if division.startswith("Chapter 1") and number}
        assert f"(see paragraph {target})" in chapter_1["8."]
        assert chapter_1[f"{target}."].startswith("The purpose of an assessment")


@pytest.mark.parametrize(
    ("edition_id", "pattern"),
    [
        ("wt-2010", r"\d+\.\d+"),  # chapter-decimal: 1.1, 2.155
        ("wt-2013", r"\d+\."),  # plain integers
        ("wt-2015", r"\d+\."),
        ("wiw-2015", r"\d+\."),
        ("wiw-2006", r"\d+\.|\d+\.\d+"),  # integers with decimal sub-paragraphs
    ],
)
def test_paragraph_numbering_style(edition_id, pattern):
    numbers = [number for _, number, _ in source_paragraphs(edition_id) if number]
    assert numbers and all(re.fullmatch(pattern, number) for number in numbers)
    if edition_id == "wiw-2006":
        assert {"2.", "3.1", "4.2", "16.1"} <= set(numbers)


def test_wt_numbering_restarts_in_each_chapter():
    for edition_id in ("wt-2013", "wt-2015"):
        firsts = {}
        for division, number, _ in source_paragraphs(edition_id):
            if division.startswith("Chapter") and number:
                firsts.setdefault(division, number)
        assert set(firsts.values()) == {"1."}


# --- the build script's own checks --------------------------------------------------------------


def test_build_checks_catch_a_concept_that_must_not_be_in_wt_2013():
    pytest.importorskip("reportlab")
    from guidediff.testing.markup import parse
    from guidediff.testing.pdfgen import render

    build = build_module()
    source = (SOURCES / "wt-2013.gdm").read_text(encoding="utf-8")
    tampered = source.replace("Safeguarding children who may have been trafficked (2011).",
                              "Safeguarding children who may have been trafficked (2011), and radicalisation.", 1)
    assert tampered != source
    buffer = io.BytesIO()
    render(parse(tampered), buffer)
    problems = build.check_model("wt-2013", buffer.getvalue())
    assert any("radicalis" in problem for problem in problems)


def test_build_checks_catch_a_heading_on_the_wrong_page():
    pytest.importorskip("reportlab")
    from guidediff.testing.markup import parse
    from guidediff.testing.pdfgen import render

    build = build_module()
    source = (SOURCES / "wt-2015.gdm").read_text(encoding="utf-8")
    # Drop the page break that puts the new threshold paragraph on page 15.
    tampered = source.replace("\\newpage\n% p. 15\n", "", 1)
    assert tampered != source
    buffer = io.BytesIO()
    render(parse(tampered), buffer)
    problems = build.check_model("wt-2015", buffer.getvalue())
    assert any("printed page 15" in problem or "printed page 74" in problem for problem in problems)


def test_build_rejects_an_unknown_edition_id():
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--check", "wt-1999"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 2
    assert "unknown edition id wt-1999" in result.stderr


def test_build_expectations_cover_every_page_the_facts_give():
    """build.py checks every (heading, printed page) of shared/editions/editions.json (when present)."""
    import json

    # shared/ sits beside the checkout (shared/corpus is GUIDEDIFF_SHARED_CORPUS when that is set).
    corpus = Path(os.environ.get("GUIDEDIFF_SHARED_CORPUS", ROOT.parent / "shared" / "corpus"))
    facts_file = corpus.parent / "editions" / "editions.json"
    if not facts_file.is_file():
        pytest.skip(f"{facts_file} is not present (it is not part of a clone of guidediff)")
    build = build_module()
    for edition in json.loads(facts_file.read_text(encoding="utf-8")):
        checked = set(build.EXPECTATIONS[edition["id"]].headings)
        for entry in edition["contents"]:
            if entry["page"] is None or "[" in entry["heading"] or "(within" in entry["heading"]:
                continue  # unknown page, or a placeholder rather than a printed heading
            assert (entry["heading"], str(entry["page"])) in checked, (edition["id"], entry["heading"])
