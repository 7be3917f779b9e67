"""No silent wrong figure (issue 10): for every cell of a project workbook, blanking it or writing
text that is no value into it gives either a finding that names exactly that cell, or aggregated
figures identical to the untouched programme's — never an exception, never a missing table.

The workbook is kept small (two cost rows, two financing rows, two indicators) so that every
one of its cells can be tried twice within the suite; the checks do not depend on its size.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipeline import catalog
from pipeline.parsing import cell_address
from pipeline.paths import InputPaths, OutputPaths
from pipeline.stages import aggregate, extract, validate
from tests.factories import write_programme, write_project_workbook

MUTATED = "projects/projekt_0001.xlsx"
GARBLE = "x?x"  # no amount, year, date, count, code or label can be read from this
SMALL = {
    "costs": [
        {"year": 2015, "category": "personnel", "budget": 100_000, "actual": 100_000},
        {"year": 2015, "category": "project_income", "budget": 10_000, "actual": 10_000},
    ],
    "financing": [
        {"year": 2015, "source": "tillvaxtverket", "amount": 45_000},
        {"year": 2015, "source": "public_cash", "amount": 45_000},
    ],
    "indicators": [
        {"indicator": "participating_employers", "target": 10, "outcome": 12},
        {"indicator": "skills_analyses", "target": 2, "outcome": 2},
    ],
}


def _write_small_project(inputs: Path, overrides=None) -> None:
    write_project_workbook(inputs / MUTATED, index=1, overrides=overrides, **SMALL)


def _run(inputs_root: Path, outputs_root: Path) -> OutputPaths:
    inputs, outputs = InputPaths(inputs_root), OutputPaths(outputs_root)
    extract.run(inputs, outputs, workers=1)
    validate.run(inputs, outputs)
    aggregate.run(inputs, outputs)
    return outputs


def _figures(outputs: OutputPaths) -> dict[str, list[tuple]]:
    """Every figure (amount, count, share) of every aggregated table, with its row's key.

    findings_by_rule counts findings, so a new warning moves it: it is judged by the findings."""
    figures = {}
    for name in catalog.AGGREGATED:
        if name == "findings_by_rule":
            continue
        ds = catalog.dataset(name)
        columns = [c for c in ds.columns if ds.kinds[c] in ("amount", "int", "pct")]
        frame = catalog.load(name, outputs)
        figures[name] = [
            tuple(row) for row in frame[list(ds.key) + columns].astype(object).itertuples(index=False)
        ]
    return figures


def _cells(path: Path) -> list[tuple[str, str]]:
    """(sheet, A1) of every cell with content."""
    book = CalamineWorkbook.from_path(str(path))
    cells = []
    for sheet in book.sheet_names:
        for r, row in enumerate(book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)):
            cells.extend(
                (sheet, cell_address(r, c)) for c, value in enumerate(row) if value not in ("", None)
            )
    return cells


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    root = tmp_path_factory.mktemp("baseline")
    inputs = write_programme(root / "inputs", n_projects=2)
    _write_small_project(inputs)
    outputs = _run(inputs, root / "outputs")
    findings = catalog.load("findings", outputs)
    assert not (findings["severity"] == "fel").any(), findings.to_dict("records")
    return inputs, _figures(outputs), _cells(inputs / MUTATED)


def test_the_sweep_covers_every_sheet_of_the_workbook(baseline):
    _, _, cells = baseline
    assert {sheet for sheet, _ in cells} == {
        "Projektuppgifter",
        "Kostnader",
        "Finansiering",
        "Indikatorer",
        "Berättelse",
    }
    assert len(cells) > 50


@pytest.mark.parametrize("replacement", [None, GARBLE], ids=["blank", "garbled"])
def test_every_cell_gives_a_finding_naming_it_or_unchanged_figures(baseline, replacement, tmp_path):
    inputs_template, figures, cells = baseline
    silent_changes = []
    for sheet, cell in cells:
        case = tmp_path / f"{sheet}-{cell}"
        inputs = case / "inputs"
        shutil.copytree(inputs_template, inputs)
        _write_small_project(inputs, overrides={(sheet, cell): replacement})
        outputs = _run(inputs, case / "outputs")  # any exception fails the test, naming no cell: fine
        findings = catalog.load("findings", outputs)
        named = findings[
            (findings["file"] == MUTATED) & (findings["sheet"] == sheet) & (findings["cell"] == cell)
        ]
        if named.empty and _figures(outputs) != figures:
            silent_changes.append(f"{sheet}!{cell}")
        shutil.rmtree(case)
    assert silent_changes == [], silent_changes
