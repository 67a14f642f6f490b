"""Regenerate the example reports in examples/reports/ for the seed edition pairs.

    python examples/generate.py

The reports compare the bundled model editions (by their path relative to the
repository, so the files are the same on every machine). Each format is one name
in FORMATS, rendered through the report registry (``guidediff.render.REPORT``).
The PDFs are read by the reference reader (pypdf) whatever is installed: the pdfium
reader places one line end of is-2008 0.011pt further (518.952 for 518.941), which
rounds one region of is-2008_is-2015.json to 519.0.
"""

from __future__ import annotations

import os
from pathlib import Path

from guidediff import corpus
from guidediff.api import compare
from guidediff.render import REPORT, RenderOptions

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "examples" / "reports"

PAIRS = (("wt-2010", "wt-2013"), ("wt-2013", "wt-2015"), ("wiw-2006", "wiw-2015"), ("is-2008", "is-2015"))

FORMATS = ("json", "md", "html")  # each written to a file with its format's first extension


def model_path(edition_id: str) -> str:
    """The bundled model of ``edition_id``, relative to the repository (the report records it)."""
    path = corpus.get(edition_id).model_path
    assert path is not None, f"{edition_id} has no bundled model edition"
    return os.path.relpath(path, REPO)


def main() -> None:
    os.chdir(REPO)
    os.environ["GUIDEDIFF_READER"] = "pypdf"  # the reference, so the examples do not depend on what is installed
    OUT.mkdir(parents=True, exist_ok=True)
    for old, new in PAIRS:
        report = compare(model_path(old), model_path(new))
        for name in FORMATS:
            chosen = REPORT.get(name)
            target = OUT / f"{old}_{new}{chosen.extensions[0]}"
            target.write_text(chosen.render(report, RenderOptions()), encoding="utf-8", newline="\n")
            print(f"wrote {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
