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
                     "resources", "files", "memo", "kept", "cache", "parallel", "markup",
                     "__init__"],
                    "base"),
    "loader": "load", "yamlsrc": "load", "intake": "load", "schema": "load",
    "formatfile": "load", "issue_format": "load", "page_format": "load", "images": "load",
    "compose": "compose",
    "place": "place",
    "render": "render", "layout_ink": "render",  # readers of the placed page
    "preflight": "preflight",  # of any PDF
    **dict.fromkeys(["cli", "commands", "pipeline", "build", "batch", "report", "__main__",
                     "watch"], "top"),
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


def test_no_module_of_the_place_package_is_long():
    for path in (SRC / "place").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name


def test_the_version_is_written_once():
    import tomllib

    import pagesetter

    project = tomllib.loads((SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/pagesetter/__init__.py"
    assert pagesetter.__version__.count(".") == 2
