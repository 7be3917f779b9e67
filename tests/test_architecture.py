"""The shape of the code that a reader relies on: one path for every validation finding."""

from __future__ import annotations

import ast
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
