"""The house rules that no linter holds (DESIGN.md section 5): no import circle between modules, short
functions, a small top of regie/. The layers and the circles between sibling packages are import-linter's
contracts in pyproject.toml (`make lint`)."""
import ast
from pathlib import Path

import grimp
import pytest

pytestmark = pytest.mark.slow  # reads the source; nothing here depends on the date

ROOT = Path(__file__).resolve().parent.parent
APPS = ("regie", "enterprises", "networking", "vouchers")
MAX_FUNCTION_LINES = 30
MAX_TOP_OF_REGIE = 12


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _functions(path):
    """(name, lines) of every function and method in the file, nested ones included."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def long_functions(limit):
    """['path:line name (n lines)'] of the functions longer than `limit` lines, decorators not counted."""
    return [f"{path.relative_to(ROOT)}:{line} {name} ({lines} lines)"
            for path in _sources() for name, line, lines in _functions(path) if lines > limit]


def import_circles():
    """[[module, ...]]: each group of two or more modules that reach each other by imports."""
    graph = grimp.build_graph(*APPS, cache_dir=None)  # imports inside functions count too
    circles = set()
    for module in graph.modules:
        if ".migrations" not in module:
            reach_back = graph.find_upstream_modules(module) & graph.find_downstream_modules(module)
            if reach_back:
                circles.add(tuple(sorted(reach_back | {module})))
    return [list(circle) for circle in sorted(circles)]


def test_no_import_circle_between_modules():
    """Also the circles between a package's __init__ and its own modules, which import-linter's
    acyclic_siblings contract does not look at (it compares siblings only)."""
    assert import_circles() == []


def test_no_function_is_longer_than_30_lines():
    assert long_functions(MAX_FUNCTION_LINES) == []


def test_the_top_of_regie_keeps_the_wiring_only():
    """settings, urls, wsgi, apps, admin site, ...; every shared concern is a package of its own."""
    top = sorted(path.name for path in (ROOT / "regie").glob("*.py"))
    assert len(top) <= MAX_TOP_OF_REGIE, top
