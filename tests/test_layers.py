"""The package's import graph: no circles, and the libraries of the CLI stay in the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "qalamoun_cli"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(*, outside: bool = False) -> dict[str, set[str]]:
    """Map each module of the package to the package modules it imports, anywhere in it.

    OUTSIDE: map it to the top-level names of the other packages it imports instead.
    """
    modules = {_module(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                if node.level:  # relative: from the module's own package
                    package = name.split(".")[:len(name.split(".")) - node.level
                                                 + (path.name == "__init__.py")]
                    base = ".".join([*package, node.module])
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            for target in targets:
                if outside and not getattr(node, "level", 0) \
                        and not target.startswith("qalamoun_cli"):
                    graph[name].add(target.split(".")[0])
                elif not outside and target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_sees_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_circle():
    assert cycles(import_graph()) == []


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    # cache.py imports the compiled form inside a function; the edge must still be seen.
    assert "qalamoun_cli.compiled" in graph["qalamoun_cli.cache"]
    assert "qalamoun_cli.cache" not in graph["qalamoun_cli.compiled"]


def test_exit_codes_are_listed_once_and_shown_from_that_list(run):
    from qalamoun_cli.errors import EXIT_CODES, ExitCode, exit_codes_epilog, exit_codes_table

    assert set(EXIT_CODES) == set(ExitCode)
    readme = (PACKAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    assert exit_codes_table() in readme, "run scripts/update_readme.py"
    code, out, _ = run("--help", env={"COLUMNS": "400"})
    assert code == 0
    assert exit_codes_epilog() in " ".join(out.split())


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("cli", "render"):
        return parts[1]
    return "entry" if module == "qalamoun_cli.__main__" else "domain"


COMMAND_MODULES = {f"qalamoun_cli.cli.{name}" for name in (
    "timeline", "place", "casualties", "show", "listings", "stats", "validate", "export",
    "schema", "search")}


def test_imports_point_down_cli_to_domain_and_render_never_back():
    allowed = {"entry": {"entry", "cli", "domain"}, "cli": {"cli", "domain", "render"},
               "render": {"render", "domain"}, "domain": {"domain"}}
    wrong = [(a, b) for a, targets in import_graph().items() for b in targets
             if _layer(b) not in allowed[_layer(a)]]
    assert wrong == []


def test_the_command_modules_are_loaded_by_the_app_s_table_alone():
    import importlib

    from qalamoun_cli.cli.app import COMMANDS

    graph = import_graph()
    assert set(graph) >= COMMAND_MODULES, "a command module was renamed: update this test"
    # Nothing imports a command module: the app loads the one that runs, by its table.
    assert {a for a, targets in graph.items() if targets & COMMAND_MODULES} == set()
    assert {f"qalamoun_cli.cli.{module}" for _, module in COMMANDS} == COMMAND_MODULES
    for name, module in COMMANDS:
        assert callable(getattr(importlib.import_module(f"qalamoun_cli.cli.{module}"), name))


def test_a_run_imports_only_its_own_command_module():
    import json
    import subprocess
    import sys

    code = ("import json, sys; sys.argv = ['qalamoun', 'actors', '--format', 'json']; "
            "from qalamoun_cli.cli import app; app.app.register(app.commands(sys.argv[1:])); "
            "import typer.main; typer.main.get_command(app.app); "
            "print(json.dumps([m for m in sys.modules if m.startswith('qalamoun_cli.cli.')]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = set(json.loads(done.stdout))
    assert loaded & COMMAND_MODULES == {"qalamoun_cli.cli.listings"}


def test_typer_click_and_rich_stay_in_the_cli_and_the_renderers():
    libraries = {"typer": {"cli"}, "click": {"cli"}, "rich": {"cli", "render"}}
    wrong = [(module, library) for module, names in import_graph(outside=True).items()
             for library, layers in libraries.items()
             if library in names and _layer(module) not in layers]
    assert wrong == []
    assert "typer" in import_graph(outside=True)["qalamoun_cli.cli.app"]  # the check sees it
