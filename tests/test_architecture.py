"""The shape of the code that a reader relies on: one path for every validation finding."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from pipeline.paths import REPO_ROOT

RULES_DIR = REPO_ROOT / "pipeline" / "rules"


def _finding_calls(path: Path) -> list[int]:
    """Lines where `path` calls `<something>.finding(...)`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "finding"
    ]


def test_every_validation_finding_goes_through_rule_at():
    # ValidationRule.at takes the project, file, sheet, cell and value from the layer's row; a
    # rule that spells them out again is where a wrong cell creeps in.
    modules = [
        p for p in sorted(RULES_DIR.glob("*.py")) if p.name not in ("base.py", "layer.py", "reading.py")
    ]
    assert modules, "no rule modules found"
    direct = {p.name: lines for p in modules if (lines := _finding_calls(p))}
    assert direct == {}


def _make_deps():
    spec = importlib.util.spec_from_file_location("make_deps", REPO_ROOT / "tools" / "make_deps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _import_graph() -> dict[str, set[str]]:
    """pipeline module → the pipeline modules it imports (anywhere in it, lazily too), leaving out
    its own parent packages, which Python runs before any module inside them."""
    make_deps = _make_deps()
    modules = {}
    for path in (REPO_ROOT / "pipeline").rglob("*.py"):
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return {
        name: {
            imported
            for imported in make_deps.imported_names(name, path)
            if imported in modules and imported != name and not name.startswith(imported + ".")
        }
        for name, path in modules.items()
    }


def test_no_import_cycle_under_pipeline():
    graph = _import_graph()
    cycles = []
    for start in sorted(graph):  # a path back to `start` through what it imports
        stack, seen = [(start, (start,))], set()
        while stack:
            name, path = stack.pop()
            for imported in sorted(graph[name]):
                if imported == start:
                    cycles.append(" → ".join((*path, start)))
                elif imported not in seen:
                    seen.add(imported)
                    stack.append((imported, (*path, imported)))
    assert cycles == []


# The editions share the report's making (pipeline/stages/render: context, chapters, HTML, PDF).
SHARED_STAGE_CODE = {"html": {"render"}, "underlag": {"render"}}


def test_a_stage_imports_no_other_stage():
    # Stages meet only through the files of the outputs folder (the render stage reads the changes
    # from changes_page.json, not from the changes stage's code).
    from pipeline.stages import STAGES

    make_deps = _make_deps()
    for stage in STAGES:
        allowed = SHARED_STAGE_CODE.get(stage.name, set())
        others = {
            f"pipeline/stages/{other.name}"
            for other in STAGES
            if other.name != stage.name and other.name not in allowed
        }
        reached = [
            module
            for module in make_deps.stage_modules(stage.name)
            if any(module == f"{o}.py" or module.startswith(f"{o}/") for o in others)
        ]
        assert reached == [], stage.name


def test_no_two_modules_share_a_name():
    # A name says which room you are in: two `payments.py` in one traceback send a reader to the
    # wrong one.
    names: dict[str, list[str]] = {}
    for path in sorted((REPO_ROOT / "pipeline").rglob("*.py")):
        if path.name not in ("__init__.py", "__main__.py"):
            names.setdefault(path.name, []).append(path.relative_to(REPO_ROOT).as_posix())
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
