"""The shape of the package: no import cycles, models without renderers, formats in one registry."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
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


# Why an import may wait inside a function. Anything else goes at the top of its module, where a
# reader of the module sees the dependency.
OPTIONAL_EXTRAS = {"PIL", "distributed", "docx", "pypdfium2", "pypdfium2_raw", "reportlab"}
COSTLY = {
    "pypdf": "a compare from the cache, or a pdfium read of a plain file, opens no PDF with pypdf",
    "jinja2": "only the HTML renderers need a template engine (~30 ms to import)",
    "concurrent.futures": "only a parallel cold read needs process pools (multiprocessing, sockets, pickle)",
    "importlib.metadata": "~25 ms; asked only when a cache key is made",
}
START_UP_COMMANDS = (["--help"], ["corpus", "list"])  # issue 16: each under 0.1 s


def _top_level_imports(tree: ast.Module, module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """What a module imports when it is imported: top-level statements, not functions or TYPE_CHECKING blocks."""
    found: set[str] = set()

    def walk(statements: list[ast.stmt]) -> None:
        for statement in statements:
            if isinstance(statement, ast.If) and "TYPE_CHECKING" in ast.unparse(statement.test):
                walk(statement.orelse)
            elif isinstance(statement, (ast.If, ast.Try)):
                walk(statement.body)
                walk(getattr(statement, "orelse", []))
                for handler in getattr(statement, "handlers", []):
                    walk(handler.body)
            elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                found.update(_imported(statement, module, path, modules))
    walk(tree.body)
    return found


def _imported(node: ast.Import | ast.ImportFrom, module: str, path: Path, modules: dict[str, Path]) -> list[str]:
    """The modules an import statement loads: ``from a import b`` is ``a.b`` when that is a module, else ``a``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _resolve(module, path, node)
    names = []
    for alias in node.names:
        dotted = f"{base}.{alias.name}"
        if dotted in modules:
            names.append(dotted)
        elif not base.startswith("guidediff"):
            try:
                names.append(dotted if importlib.util.find_spec(dotted) is not None else base)
            except (ImportError, ValueError):
                names.append(base)
        else:
            names.append(base)
    return names


def _closure(start: str, top: dict[str, set[str]]) -> set[str]:
    """``start`` and everything importing it loads (third-party modules by name, not walked into)."""
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(top.get(name, ()))
    return seen


def _costly(names: set[str]) -> set[str]:
    return {name for name in names
            if name.split(".")[0] in OPTIONAL_EXTRAS or any(name == costly or name.startswith(costly + ".") for costly in COSTLY)}


def _loaded_by(arguments: list[str]) -> set[str]:
    script = ("import atexit, sys\n"
              "atexit.register(lambda: sys.stderr.write('\\n'.join(sorted(sys.modules))))\n"
              "from guidediff.cli import main\n"
              f"sys.argv = ['guidediff', *{arguments!r}]\n"
              "main()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_an_import_waits_inside_a_function_only_to_keep_something_costly_off_a_path():
    # The import graph counts imports inside functions; this keeps them to the few that earn it:
    # an optional extra or a costly library that the module's own imports do not already bring, the
    # start-up of a command with a time budget, or a package's lazy attributes (PEP 562 __getattr__).
    modules = _modules()
    trees = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in modules.items()}
    top = {name: _top_level_imports(trees[name], name, modules[name], modules) for name in modules}
    at_start = [_loaded_by(arguments) for arguments in START_UP_COMMANDS]
    unearned = []
    for name, tree in trees.items():
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function.name == "__getattr__":
                continue
            for node in ast.walk(function):
                if not isinstance(node, (ast.Import, ast.ImportFrom)):
                    continue
                for target in _imported(node, name, modules[name], modules):
                    if _costly(_closure(target, top)) - _costly(_closure(name, top)):
                        continue
                    if any(name in loaded and target not in loaded for loaded in at_start):
                        continue
                    unearned.append(f"{modules[name].relative_to(PACKAGE.parent)}:{node.lineno} {target}")
    assert not unearned, "imports that could stand at the top of their module:\n" + "\n".join(sorted(set(unearned)))
    assert at_start[0] and "guidediff.cli" in at_start[0] and "pypdf" not in at_start[0]
