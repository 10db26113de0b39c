"""The packages stand in layers, each importing only from those below it (or from itself): the CLI and the web call
ingest and the services; ingest loads through the store, the search seam and the services; nothing below calls up."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = [("config", "nlp"), ("wording",), ("store", "search"), ("services",), ("ingest",), ("app",)]
LEVEL = {package: i for i, layer in enumerate(LAYERS) for package in layer}


def imported_packages(path: Path) -> set[str]:
    """The project's packages a module imports anywhere in it (at the top, in a function, under TYPE_CHECKING)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found & set(LEVEL)


@pytest.mark.parametrize("package", list(LEVEL))
def test_a_package_imports_only_from_the_layers_below_it(package):
    upward = {
        f"{path.relative_to(ROOT)} imports {other}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for other in imported_packages(path)
        if other != package and LEVEL[other] >= LEVEL[package]
    }
    assert not upward


def test_the_nlp_is_pure():
    """nlp/ is functions and data: no web framework, no database."""
    for path in (ROOT / "nlp").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} | {
            node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not {m.split(".")[0] for m in modules} & {"flask", "sqlalchemy", "werkzeug"}, path
