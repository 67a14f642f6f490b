"""The shape of the package: no import cycles, models without renderers, formats in one registry."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import guidediff
from guidediff.render import PRODUCTS
from guidediff.render.registry import Format, Registry, RenderOptions

PACKAGE = Path(guidediff.__file__).parent


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (packages by their ``__init__``)."""
    found = {"guidediff": PACKAGE / "__init__.py"}
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="guidediff."):
        spec = importlib.util.find_spec(info.name)
        assert spec is not None and spec.origin is not None
        found[info.name] = Path(spec.origin)
    return found


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def import_graph() -> dict[str, set[str]]:
    """module -> guidediff modules it imports, at any level (functions included): the real dependencies.

    ``from a import b`` is an edge to ``a.b`` when that is a module, else to ``a``.
    """
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, path, node)
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            elif _lazy_import(node, modules):
                targets = [node.args[0].value]  # renderer("guidediff.render.x") imports x on first use
            for target in targets:
                while target and target not in modules:  # "import guidediff.render.x as y" style
                    target = target.rpartition(".")[0]
                if target.startswith("guidediff") and target != name:
                    graph[name].add(target)
    return graph


def _lazy_import(node: ast.AST, modules: dict[str, Path]) -> bool:
    """A call ``renderer("guidediff.render.x")`` (render.registry): the module is imported when first used."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    argument = node.args[0]
    return name == "renderer" and isinstance(argument, ast.Constant) and argument.value in modules


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_cycle_in_the_package():
    graph = import_graph()
    assert "guidediff.render.report_html" in graph and "guidediff.report.model" in graph
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    # The test above would pass vacuously if the graph missed function-level imports.
    graph = import_graph()
    assert "guidediff.render.formats" in graph["guidediff.render"]
    assert "guidediff.render.report_html" in graph["guidediff.render.formats"]  # named, imported on first use
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    source = "def f():\n    from guidediff.render import REPORT\n"
    imported = [node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)]
    assert imported == ["guidediff.render"]


def test_models_carry_no_renderers():
    graph = import_graph()
    for model in ("guidediff.report.model", "guidediff.history", "guidediff.terms", "guidediff.document",
                  "guidediff.corpus", "guidediff.report.build", "guidediff.api", "guidediff.quotes",
                  "guidediff.lineage"):
        assert not any(target.startswith("guidediff.render") for target in graph[model]), model
    assert not any(hasattr(guidediff.Report, name) for name in ("to_html", "to_markdown", "to_text", "to_json"))
    assert not any(hasattr(guidediff.History, name) for name in ("to_html", "to_markdown", "to_json"))
    from guidediff.quotes import FindResult

    assert not any(hasattr(FindResult, name) for name in ("to_html", "to_markdown", "to_text", "to_json"))


def _format_names() -> set[str]:
    return {chosen.name for registry in PRODUCTS.values() for chosen in registry}


def test_each_format_name_is_written_in_the_registry_and_not_in_the_cli():
    cli = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    formats = (PACKAGE / "render" / "formats.py").read_text(encoding="utf-8")
    for name in _format_names():
        assert f'"{name}"' in formats
        assert not re.search(rf"""["']{re.escape(name)}["']""", cli), f"cli.py names the format {name!r}"
    for registry in PRODUCTS.values():
        for extension in registry.extensions:
            assert extension not in cli, f"cli.py names the extension {extension}"


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_every_registered_renderer_is_a_function_of_subject_and_options(product):
    registry = PRODUCTS[product]
    assert registry.default in registry.names
    for chosen in registry:
        assert chosen.extensions and all(extension.startswith(".") for extension in chosen.extensions)
        assert chosen.description
        module = importlib.import_module(chosen.render.__module__)
        assert module.__doc__ and module.__doc__.startswith("Render stage"), chosen.render.__module__


def test_a_registry_refuses_two_formats_with_one_extension():
    def render(subject, options):  # noqa: ANN001, ANN202
        return str(subject)

    with pytest.raises(ValueError, match="extension .txt"):
        Registry("x", "a", [Format("a", (".txt",), render, "a"), Format("b", (".txt",), render, "b")])
    registry = Registry("x", "a", [Format("a", (".a",), render, "a")])
    assert registry.render(5) == "5" and registry.for_path("OUT.A").name == "a"
    assert registry.get("a").render(6, RenderOptions()) == "6"
