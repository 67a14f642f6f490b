"""Small generated guidance documents for the batch tests: families of editions whose content is known.

Each family is a title and a seed; its editions share wording (edition 2 rewords one
paragraph and adds one), and different families share none, so the tests know which
document is which and what changed.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

WORDS = (
    "agency assessment child family plan practitioner referral review risk school service support health police "
    "housing education parent carer meeting record concern decision duty partner local authority team worker "
    "visit report early help threshold outcome need safety harm protect share information consent advice court "
    "order placement foster residential leaving care adoption youth justice mental substance domestic abuse"
).split()


def sentences(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 22))).capitalize() + "." for _ in range(count)]


def edition(path: Path, title: str, seed: int, *, edition_number: int = 1, date: str = "July 2024",
            metadata_title: str | None = None, chapters: int = 3) -> Path:
    """A short numbered guidance document of one family; edition 2 rewords paragraph 2 and adds one after 4."""
    from guidediff.testing import DocSpec, Heading, Para
    from guidediff.testing.pdfgen import render

    texts = sentences(seed, chapters * 6 + 1)
    body: list = []
    number = 0
    for chapter in range(chapters):
        body.append(Heading(f"{chapter + 1}. {sentences(seed * 100 + chapter, 1)[0].split()[0]} and "
                            f"{sentences(seed * 100 + chapter, 1)[0].split()[1]}"))
        for paragraph in range(6):
            text = texts[chapter * 6 + paragraph]
            if edition_number > 1 and chapter == 0 and paragraph == 1:
                text = text[:-1] + " and every school must now keep a written record of it."
            number += 1
            body.append(Para(text, f"{number}."))
            if edition_number > 1 and chapter == 0 and paragraph == 3:
                number += 1
                body.append(Para(texts[-1], f"{number}."))
    metadata = (("Title", metadata_title),) if metadata_title else ()
    spec = DocSpec(title=title, date=date, publisher="Generated for guidediff's tests", metadata=metadata,
                   body=tuple(body))
    render(spec, path)
    return path


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guidediff", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)
