"""Report stage, links: which link annotations of a paragraph were added, removed or pointed elsewhere.

In: the blocks of each side of a paragraph pair (``Block.links``: each link's target URI
and the words it covers, read by ``guidediff/pdf/links.py``). Out: ``LinkChange`` values.
Publishers list "link added: …" among their substantive changes, so a paragraph whose
words are the same but whose links differ is a change.

Rules: a link is the same when its target is the same (a trailing slash aside), and one
link that goes on with the same target over a line or a paragraph's cut is one link; any
other target, "http" to "https" included, is a re-pointed link, shown with both targets.
Links are paired first by target, then the ones left by the words they cover (folded:
case, spacing and punctuation around them do not count), which are re-pointed; the
rest were added or removed. Order: the new paragraph's order, then the
old one's. Every value is plain text: renderers escape it.
"""

from __future__ import annotations

import re
from collections import Counter

from guidediff.document import Block
from guidediff.report.model import LinkChange, LinkChangeKind
from guidediff.textdiff import normalise

_EDGE = re.compile(r"^\W+|\W+$")


def _target(uri: str) -> str:
    return uri.strip().rstrip("/")


def _words(text: str) -> str:
    return _EDGE.sub("", normalise(text).casefold())


def link_changes(old_blocks: tuple[Block, ...], new_blocks: tuple[Block, ...]) -> tuple[LinkChange, ...]:
    """The link changes between two sides of a paragraph pair (see the module docstring)."""
    old, new = _links(old_blocks), _links(new_blocks)
    # Same target: the same link, whatever the words (their change is in the text's redline).
    unmatched_old = Counter(uri for uri, _ in old)
    left_new: list[tuple[str, str]] = []
    for uri, text in new:
        if unmatched_old[uri]:
            unmatched_old[uri] -= 1
        else:
            left_new.append((uri, text))
    left_old: list[tuple[str, str]] = []
    for uri, text in reversed(old):
        if unmatched_old[uri]:
            unmatched_old[uri] -= 1
            left_old.append((uri, text))
    left_old.reverse()
    changes: list[LinkChange] = []
    for uri, text in left_new:
        partner = next((item for item in left_old if _words(item[1]) == _words(text) and _words(text)), None)
        if partner is not None:
            left_old.remove(partner)
            changes.append(LinkChange(LinkChangeKind.REPOINTED, text, partner[0], uri))
        else:
            changes.append(LinkChange(LinkChangeKind.ADDED, text, None, uri))
    changes.extend(LinkChange(LinkChangeKind.REMOVED, text, uri, None) for uri, text in left_old)
    return tuple(changes)


def _links(blocks: tuple[Block, ...]) -> list[tuple[str, str]]:
    """(target, covered words) of each link of these blocks in reading order, one link where the same
    target goes on over a line or a paragraph's cut: a browser's print annotates a wrapped link line
    by line, and one reading may cut the paragraph there (Ofsted's enforcement policy, p. 17:
    "section 68 of the" / "Children Act 1989 (https://…)")."""
    found: list[tuple[str, str]] = []
    for block in blocks:
        for link in block.links:
            target = _target(link.uri)
            if found and found[-1][0] == target:
                found[-1] = (target, f"{found[-1][1]} {link.text}")
            else:
                found.append((target, link.text))
    return found


SHOWN_TARGET = 60  # characters of a target a one-line description shows


def _short(uri: str | None) -> str:
    uri = uri or ""
    return uri if len(uri) <= SHOWN_TARGET else uri[:SHOWN_TARGET - 1] + "…"


def link_words(change: LinkChange, full: bool = False) -> str:
    """"link added: “UKCIS” → https://…": a link change in words (targets cut short unless ``full``)."""
    show = (lambda uri: uri or "") if full else _short
    quoted = f"“{' '.join(change.text.split()[:8])}{'…' if len(change.text.split()) > 8 else ''}”"
    if change.kind is LinkChangeKind.ADDED:
        return f"link added: {quoted} → {show(change.new)}"
    if change.kind is LinkChangeKind.REMOVED:
        return f"link removed: {quoted} (was {show(change.old)})"
    return f"link re-pointed: {quoted} from {show(change.old)} to {show(change.new)}"
