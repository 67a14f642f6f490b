"""Render stage, shared pieces: escaping, the jinja environment, the package's assets and their CSP hashes.

Every renderer of every product takes these from here, so text from a PDF is
escaped the same way in each format and every HTML page has the same policy.
Inputs are plain values (printed page labels, text); outputs are strings. Nothing
here knows a product's model.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from functools import cache
from typing import TYPE_CHECKING

from guidediff.document import Block
from guidediff.render.pages import page_list, page_range
from guidediff.render.wording import where

if TYPE_CHECKING:
    import jinja2

TEMPLATES = "templates"

# --- escaping ----------------------------------------------------------------------

# Every character that can open Markdown or HTML markup anywhere text from a PDF is
# placed: emphasis, code, links, HTML, tables, strikethrough, headings.
_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|~#"})


def escape_markdown(text: str) -> str:
    """Text from a PDF as Markdown that shows exactly that text and never becomes markup."""
    return text.translate(_MARKDOWN_SPECIAL)


def clean_terminal(text: str) -> str:
    """Text from a PDF that cannot drive a terminal: escape and control characters dropped."""
    return "".join(char for char in text if char >= " " or char == "\n").replace("\x7f", "")


def markdown_redline(diff: tuple[tuple[str, str], ...]) -> str:
    """A word diff inline in Markdown: ~~deleted~~ and **inserted**, the text escaped."""
    pieces: list[str] = []
    for op, text in diff:
        if op == "=" or not text.strip():
            pieces.append(escape_markdown(text))
            continue
        marker = "~~" if op == "-" else "**"
        lead, core, tail = spaced(text)
        pieces.append(f"{lead}{marker}{escape_markdown(core)}{marker}{tail}")
    return "".join(pieces)


RED, GREEN, BOLD, DIM, RESET = "\033[31m", "\033[32m", "\033[1m", "\033[2m", "\033[0m"


def terminal_redline(diff: tuple[tuple[str, str], ...], colour: bool = False) -> str:
    """A word diff for a terminal or a log: [-deleted-] and {+inserted+} (git's word-diff markers), coloured when asked."""
    pieces: list[str] = []
    for op, text in diff:
        text = clean_terminal(text)
        if op == "=":
            pieces.append(text)
        elif op == "-":
            pieces.append(f"{RED}[-{text}-]{RESET}" if colour else f"[-{text}-]")
        else:
            pieces.append(f"{GREEN}{{+{text}+}}{RESET}" if colour else f"{{+{text}+}}")
    return "".join(pieces)


def spaced(text: str) -> tuple[str, str, str]:
    """"  words " as ("  ", "words", " "): the marks of a diff cover words, not the spaces around them."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    return lead, core, text[len(lead) + len(core):]


# --- HTML: the package's own assets, their CSP hashes, one jinja environment ---------


def asset(name: str) -> str:
    """The text of a file in ``render/templates`` (a stylesheet, a script, a template)."""
    return (resources.files("guidediff.render") / TEMPLATES / name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """"sha256-…": the Content-Security-Policy hash that allows exactly this inline style or script
    (a policy writes it in single quotes)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def environment() -> jinja2.Environment:
    """The one jinja environment: HTML templates, autoescaped, undefined names an error."""
    import jinja2  # here: a Markdown or text report needs no template engine (jinja2 costs ~30 ms to import)

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("guidediff.render", TEMPLATES),
        autoescape=True,  # every template here is HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(pages=page_range, page_list=page_list, spaced=spaced, where=where)
    return environment


# --- a read document's text ------------------------------------------------------------


def with_markers(block: Block, marker: str = "[{}]") -> str:
    """The block's text with its footnote markers put back, written as ``marker`` ("[15]", "[^15]")."""
    text, pieces, last = block.text, [], 0
    for ref in sorted(block.footnote_refs, key=lambda ref: ref.offset):
        pieces.append(text[last:ref.offset] + marker.format(ref.label))
        last = ref.offset
    pieces.append(text[last:])
    return "".join(pieces)
