"""Regenerate the example reports in examples/reports/ for the seed edition pairs.

    python examples/generate.py

The reports compare the bundled model editions (by their path relative to the
repository, so the files are the same on every machine). Each format is one entry
in FORMATS: add a line there to write another.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from guidediff import corpus
from guidediff.api import compare
from guidediff.report.model import Report

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "examples" / "reports"

PAIRS = (("wt-2010", "wt-2013"), ("wt-2013", "wt-2015"), ("wiw-2006", "wiw-2015"), ("is-2008", "is-2015"))

FORMATS: dict[str, Callable[[Report], str]] = {
    "json": Report.to_json,
    "md": Report.to_markdown,
    "html": Report.to_html,
}


def model_path(edition_id: str) -> str:
    """The bundled model of ``edition_id``, relative to the repository (the report records it)."""
    path = corpus.get(edition_id).model_path
    assert path is not None, f"{edition_id} has no bundled model edition"
    return os.path.relpath(path, REPO)


def main() -> None:
    os.chdir(REPO)
    OUT.mkdir(parents=True, exist_ok=True)
    for old, new in PAIRS:
        report = compare(model_path(old), model_path(new))
        for extension, render in FORMATS.items():
            target = OUT / f"{old}_{new}.{extension}"
            target.write_text(render(report), encoding="utf-8", newline="\n")
            print(f"wrote {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
