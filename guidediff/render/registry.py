"""Render stage, mechanics: a registry per product from format name to renderer.

A *product* is one kind of thing guidediff writes (a change report, a history, a
document's text...). Its ``Registry`` maps each format name ("html") to a
``Format``: the renderer function, the file extensions that pick it, and whether
it writes text or bytes. The CLI's ``--format`` choices, ``-o`` extensions and
help text all come from here, so a format is added in one place
(``render/formats.py``) and nowhere else.

A renderer is ``render(subject, options) -> str | bytes``: a pure function of the
product's model and the ``RenderOptions``, byte-identical for the same inputs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from guidediff.errors import InputError


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What a reader can ask of any renderer; a renderer ignores what does not apply to its format."""

    include_bookkeeping: bool = False  # also show changes that only follow renumbering (JSON always has them)
    colour: bool = False  # terminal colours (text formats only)
    output: str | None = None  # the file being written, so a page can link to source files beside it (HTML)


Renderer = Callable[[Any, RenderOptions], "str | bytes"]


class LazyRenderer:
    """The ``render`` function of a renderer module, imported on its first call.

    Registering a format must not import its renderer: ``guidediff --help`` reads every
    registry, and the renderers bring in jinja2, python-docx and the report model.
    ``__module__`` names the module, as a plain function's does.
    """

    def __init__(self, module: str) -> None:
        self.__module__ = module
        self._render: Renderer | None = None

    def __call__(self, subject: Any, options: RenderOptions) -> str | bytes:
        if self._render is None:
            self._render = importlib.import_module(self.__module__).render
        return self._render(subject, options)

    def __repr__(self) -> str:
        return f"LazyRenderer({self.__module__!r})"


def renderer(module: str) -> LazyRenderer:
    """``module.render``, imported when first used (the import graph counts the dotted name as an import)."""
    return LazyRenderer(module)


@dataclass(frozen=True, slots=True)
class Format:
    """One output format of one product."""

    name: str  # what --format says: "html"
    extensions: tuple[str, ...]  # what -o's file name may end with, lower case: (".html", ".htm")
    render: Renderer
    description: str  # a few words for --help: "a self-contained web page"
    binary: bool = False  # the renderer returns bytes (a Word file), not text
    pictures: bool = False  # the format shows page pictures, so `compare` makes them by default


class Registry:
    """The formats of one product, in the order help text lists them; ``default`` when none is chosen."""

    def __init__(self, product: str, default: str, formats: Iterable[Format]) -> None:
        self.product = product
        self.formats: dict[str, Format] = {}
        for chosen in formats:
            if chosen.name in self.formats:
                raise ValueError(f"{product}: format {chosen.name!r} registered twice")
            self.formats[chosen.name] = chosen
        if default not in self.formats:
            raise ValueError(f"{product}: default format {default!r} is not registered")
        self.default = default
        owners: dict[str, str] = {}
        for chosen in self.formats.values():
            for extension in chosen.extensions:
                if extension in owners:
                    raise ValueError(f"{product}: extension {extension} belongs to {owners[extension]} and {chosen.name}")
                owners[extension] = chosen.name
        self._by_extension = owners

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.formats)

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_extension))

    def get(self, name: str) -> Format:
        try:
            return self.formats[name]
        except KeyError:
            raise InputError(f"{self.product} has no format '{name}'; choose one of {'|'.join(self.names)}") from None

    def for_path(self, path: str | PurePath) -> Format:
        """The format a file name asks for by its extension; an error naming the choices otherwise."""
        name = self._by_extension.get(PurePath(path).suffix.lower())
        if name is None:
            raise InputError(f"cannot tell which format to write to '{path}' from its extension; "
                             f"use --format ({'|'.join(self.names)})")
        return self.formats[name]

    def render(self, subject: Any, format_name: str | None = None, **options: Any) -> str | bytes:
        """``subject`` in the named format (default: the product's default), with ``RenderOptions`` fields."""
        return self.get(format_name or self.default).render(subject, RenderOptions(**options))

    def __iter__(self):  # noqa: ANN204 - an iterator of Format
        return iter(self.formats.values())

    def __repr__(self) -> str:
        return f"Registry({self.product!r}, formats={self.names})"
