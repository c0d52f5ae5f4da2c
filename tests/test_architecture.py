"""The pipeline's layers, pinned: load < compose < place < render, and nothing reaches back up.

Each stage reads the typed results of the stages before it (model.py, placed.py), not their
code: the composer does not import the loader, renderers read only the placed page. Shared
modules (units, errors, textrules …) import no stage at all.
"""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "pagesetter"

LAYER = {  # the first component of a module's name → its layer
    **dict.fromkeys(["model", "placed", "errors", "units", "textrules", "fonts", "colour",
                     "resources", "files", "interrupts", "memo", "kept", "cache", "parallel",
                     "markup", "options", "face_metrics", "cid_font", "face_file", "cache_size",
                     "grey",
                     "source_profile", "separation",
                     "__init__"],
                    "base"),
    "loader": "load", "yamlsrc": "load", "intake": "load", "schema": "load",
    "issue_checks": "load", "grid_places": "load",
    "formatfile": "load", "issue_format": "load", "page_format": "load", "images": "load",
    "compose": "compose",
    "place": "place",
    "render": "render", "layout_ink": "render",  # readers of the placed page
    "preflight": "preflight",  # of any PDF
    **dict.fromkeys(["cli", "commands", "pipeline", "build", "finishing", "batch", "report",
                     "__main__", "watch", "archive"], "top"),
}
ALLOWED = {  # layers each layer may import
    "base": {"base"},
    "load": {"base", "load"},
    "compose": {"base", "compose"},
    "place": {"base", "compose", "place"},
    "render": {"base", "render"},
    "preflight": {"base", "preflight"},
}


def layer_of(module: str) -> str:
    first = module.split(".")[0]
    assert first in LAYER, f"module {module} belongs to no layer; add it to test_architecture"
    return LAYER[first]


def imports_of(path: Path) -> set[str]:
    """pagesetter modules `path` imports (relative imports resolved), at any depth."""
    package = path.relative_to(SRC).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - node.level + 1])
                if node.module:
                    found.add(".".join(base + [node.module]))
                for alias in node.names if not node.module else ():
                    # `from . import x`: the module x, or a name from the package itself
                    candidate = SRC.joinpath(*base, alias.name)
                    is_module = candidate.with_suffix(".py").is_file() or candidate.is_dir()
                    found.add(".".join(base + [alias.name]) if is_module
                              else ".".join(base) or "__init__")
            elif (node.module or "").startswith("pagesetter."):
                found.add(node.module.removeprefix("pagesetter."))
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("pagesetter.") for a in node.names
                         if a.name.startswith("pagesetter."))
    return found


MODULES = sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_go_down_the_pipeline_only(path):
    module = ".".join(path.relative_to(SRC).with_suffix("").parts)
    own = layer_of(module)
    if own == "top":
        return
    for target in imports_of(path):
        assert layer_of(target) in ALLOWED[own], f"{module} imports {target}"


def test_the_layer_rules_are_not_vacuous():
    """The test above finds what it checks: compose imports fonts, place imports compose."""
    assert "fonts" in imports_of(SRC / "compose" / "__init__.py")
    assert "compose" in {m.split(".")[0] for m in imports_of(SRC / "place" / "article.py")}
    assert layer_of("loader") == "load" and layer_of("render.pdf") == "render"


def test_no_module_is_long_and_the_command_line_stays_thin():
    long = {str(path.relative_to(SRC)): lines for path in MODULES
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
    assert len((SRC / "cli.py").read_text(encoding="utf-8").splitlines()) <= 250


def module_imports(path: Path) -> set[str]:
    """pagesetter modules `path` imports when it is imported (not inside functions)."""
    package = path.relative_to(SRC).with_suffix("").parts[:-1]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - node.level + 1])
            if node.module:
                found.add(".".join(base + [node.module]))
            else:
                found.update(".".join(base + [a.name]) for a in node.names
                             if SRC.joinpath(*base, a.name).with_suffix(".py").is_file())
    return found


def test_no_module_imports_itself_back_when_it_is_imported():
    """No cycle among the imports made at import time: each module can be read after what it
    needs. (A function may import lazily what imports its module, as a Type 3 glyph's walk
    does.)"""
    names = {".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): p
             for p in MODULES}
    graph = {name: {t for t in module_imports(path) if t in names and t != name}
             for name, path in names.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
    assert "compose.segment" in graph["compose"]  # the graph is not empty


def test_the_version_is_written_once():
    import tomllib

    import pagesetter

    project = tomllib.loads((SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/pagesetter/__init__.py"
    assert pagesetter.__version__.count(".") == 2
