"""The golden CSVs of tests/fixtures/tiny, made one way for the tests and for `make generated`.

- golden/: what aggregate makes of the committed tiny layers (tests/fixtures/tiny/outputs), with
  three stand-in rules (`RULES`), so that findings_by_rule does not change with every new rule.
- golden_from_inputs/: what aggregate makes of an inputs folder written by tests/factories.py,
  extracted and validated by the real stages (issue 9); findings_by_rule lists every declared
  rule, so it is checked against findings.csv instead (`RULE_DEPENDENT`).

`python -m tools.regenerate` writes `golden_files()`; the golden tests in tests/test_aggregate.py
compare the same bytes and name that command when they differ.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.aggregated_tables import AGGREGATED_COLUMNS
from pipeline.paths import InputPaths, OutputPaths
from pipeline.rules.base import Rule

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "tiny"
GOLDEN = FIXTURE / "golden"
GOLDEN_FROM_INPUTS = FIXTURE / "golden_from_inputs"
REGENERATE = "make generated"
RULES = (
    Rule("V010", "fel", "Projektets berättelse är ifylld.", "Fyll i {value}."),
    Rule("V020", "varning", "Indikatorernas utfall når minst hälften av målet.", "Kontrollera {value}."),
    Rule("V030", "fel", "Kostnader och finansiering stämmer på kronan.", "Rätta {value}."),
)
RULE_DEPENDENT = ("findings_by_rule",)


def tiny_copy(tmp_path: Path) -> tuple[InputPaths, OutputPaths]:
    shutil.copytree(FIXTURE / "inputs", tmp_path / "inputs")
    shutil.copytree(FIXTURE / "outputs", tmp_path / "outputs")
    return InputPaths(tmp_path / "inputs"), OutputPaths(tmp_path / "outputs")


def run_tiny(tmp_path: Path) -> tuple[InputPaths, OutputPaths, dict]:
    from pipeline.stages import aggregate

    inputs, outputs = tiny_copy(tmp_path)
    summary = aggregate.run(inputs, outputs, rules=RULES)
    return inputs, outputs, summary


def make_real_layers(root: Path) -> tuple[Path, Path]:
    """Inputs from tests/factories.py (projects 1–3 valid, 4 with financing ≠ costs, a decision 5
    without a workbook), extracted and validated by `python -m pipeline`; returns (inputs, outputs)."""
    from tests.factories import (
        default_financing,
        register_row,
        write_programme,
        write_project_workbook,
        write_register,
    )

    inputs = write_programme(root / "inputs", n_projects=3)
    financing = default_financing(4)
    financing[0] = {**financing[0], "amount": financing[0]["amount"] + 5000}
    write_project_workbook(inputs / "projects" / "projekt_0004.xlsx", index=4, financing=financing)
    write_register(inputs / "beslutsregister.xlsx", [register_row(i) for i in range(1, 6)])
    for stage in ("extract", "validate"):
        args = [sys.executable, "-m", "pipeline", stage, "--inputs", str(inputs)]
        done = subprocess.run(
            [*args, "--outputs", str(root / "outputs")], capture_output=True, text=True, cwd=ROOT
        )
        if done.returncode != 0:
            raise RuntimeError(f"{stage}: {done.stdout}{done.stderr}")
    return inputs, root / "outputs"


def aggregate_real_layers(inputs: Path, layers: Path, tmp_path: Path) -> tuple[OutputPaths, dict]:
    from pipeline.stages import aggregate

    shutil.copytree(layers, tmp_path / "outputs")
    outputs = OutputPaths(tmp_path / "outputs")
    return outputs, aggregate.run(InputPaths(inputs), outputs)


def golden_names() -> dict[Path, list[str]]:
    """Which tables each golden folder holds."""
    return {
        GOLDEN: list(AGGREGATED_COLUMNS),
        GOLDEN_FROM_INPUTS: [name for name in AGGREGATED_COLUMNS if name not in RULE_DEPENDENT],
    }


def golden_files() -> dict[Path, bytes]:
    """Every golden CSV as the code makes it today (path → bytes)."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "tiny").mkdir()
        _, tiny, _ = run_tiny(root / "tiny")
        (root / "real").mkdir()
        inputs, layers = make_real_layers(root / "real")
        (root / "agg").mkdir()
        real, _ = aggregate_real_layers(inputs, layers, root / "agg")
        produced = {GOLDEN: tiny, GOLDEN_FROM_INPUTS: real}
        return {
            folder / f"{name}.csv": produced[folder].aggregated_table(name).read_bytes()
            for folder, names in golden_names().items()
            for name in names
        }
