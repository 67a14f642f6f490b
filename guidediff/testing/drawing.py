"""What to draw on a page: plain data passed from the layout engine to the PDF writer.

Coordinates are PDF points. While an element is being typeset its operations
are relative to the element's top edge (y = 0, negative downwards);
``moved(dy)`` returns the same operation shifted to its place on a page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Run:
    """Characters in one font, size and baseline rise (a footnote marker has a rise > 0)."""

    text: str
    font: str
    size: float
    rise: float = 0.0


@dataclass(frozen=True, slots=True)
class Segment:
    """Runs drawn one after another from ``x``."""

    x: float
    runs: tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text: segments at different x on one baseline, drawn as one PDF text object.

    One text object per line keeps a numbered paragraph's number, a contents
    entry's leader dots and its page number on the same line for extractors.
    """

    y: float
    segments: tuple[Segment, ...]

    def moved(self, dy: float) -> TextLine:
        return replace(self, y=self.y + dy)


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5

    def moved(self, dy: float) -> Rule:
        return replace(self, y1=self.y1 + dy, y2=self.y2 + dy)


@dataclass(frozen=True, slots=True)
class Box:
    """A stroked rectangle; ``y`` is its bottom edge."""

    x: float
    y: float
    width: float
    height: float
    line_width: float = 0.75

    def moved(self, dy: float) -> Box:
        return replace(self, y=self.y + dy)


@dataclass(frozen=True, slots=True)
class Arrow:
    """A vertical arrow from ``y_from`` down to its head at ``y_to``."""

    x: float
    y_from: float
    y_to: float

    def moved(self, dy: float) -> Arrow:
        return replace(self, y_from=self.y_from + dy, y_to=self.y_to + dy)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A bookmark destination at height ``y`` (the top of a heading)."""

    key: str
    title: str
    level: int
    y: float

    def moved(self, dy: float) -> Anchor:
        return replace(self, y=self.y + dy)


Op: TypeAlias = TextLine | Rule | Box | Arrow | Anchor

