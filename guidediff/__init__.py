"""guidediff: what changed between editions of long guidance documents.

    import guidediff
    report = guidediff.compare("wt-2013", "wt-2015")       # paths or corpus ids
    guidediff.render.REPORT.render(report, "html")        # or "json", "md", "text", ...
    timeline = guidediff.history(["wt-2010", "wt-2013", "wt-2015"])
    found = guidediff.find("it is your responsibility to take action", ["wiw-2006", "wiw-2015"])
    guidediff.render.FIND.render(found, "md")             # or "text", "json", "html"

The names below are imported on first use (PEP 562), so ``import guidediff`` and the
command line's start-up cost nothing until a name is used.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from guidediff.version import __version__

__all__ = [
    "Block", "BlockKind", "Document", "FootnoteRef", "GuidediffError", "History", "OutlineEntry", "Page", "Report",
    "Section", "__version__", "build_tree", "compare", "find", "history", "load", "load_many", "render",
]


def __getattr__(name: str) -> Any:
    # Each branch imports only the module that defines the name (the import graph sees these imports).
    if name in ("compare", "find", "load", "load_many"):
        from guidediff import api
        value: Any = getattr(api, name)
    elif name in ("Block", "BlockKind", "Document", "FootnoteRef", "OutlineEntry", "Page"):
        from guidediff import document
        value = getattr(document, name)
    elif name == "GuidediffError":
        from guidediff.errors import GuidediffError as value
    elif name in ("History", "history"):
        from guidediff.history import History, history
        value = History if name == "History" else history
    elif name == "Report":
        from guidediff.report.model import Report as value
    elif name in ("Section", "build_tree"):
        from guidediff import structure
        value = getattr(structure, name)
    elif name == "render":
        import guidediff.render as value
    else:
        raise AttributeError(f"module 'guidediff' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """``guidediff.history`` is the function, as it always was, even once the module of that name is imported
    (importing a submodule binds its name on the package)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "history" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
