"""Every cell of a table row is accounted for (issue 10, point 1), and formula results are listed.

A row with any content has each contract column read into a typed value or a finding naming file,
sheet and cell; a blank cell is never read as zero. A fully blank row is skipped. Cells whose
value is a formula's stored result are listed in formula_cells for reviewers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    from tests import factories as f
except ImportError:  # tests/ itself on sys.path
    import factories as f
from pipeline import contract as c
from pipeline.rules import reading
from tests.extract_run import run_extract

P1 = "projects/projekt_0001.xlsx"
REGISTER = "beslutsregister.xlsx"
MEETINGS = "traffar.xlsx"


@pytest.fixture
def programme(tmp_path) -> Path:
    return f.write_programme(tmp_path / "inputs", n_projects=2)


def extracted(root: Path, out: Path):
    return run_extract(root, out, workers=1)


def only_finding(findings, file):
    mine = [x for x in findings if x["file"] == file]
    assert len(mine) == 1, mine
    return mine[0]


# (what is blanked, sheet, cell, the column's label, the project of the finding, a phrase of the fix)
PROJECT_BLANKS = {
    "amount": ("Kostnader", "D2", "Utfall (kr)", "Är beloppet noll, skriv 0."),
    "category": ("Kostnader", "B2", "Kostnadsslag", 't.ex. "Personal"'),
    "year": ("Kostnader", "A2", "År", "t.ex. 2015"),
    "source": ("Finansiering", "B2", "Finansiär", 't.ex. "Tillväxtverket"'),
    "financing amount": ("Finansiering", "C2", "Belopp (kr)", "Är beloppet noll, skriv 0."),
    "indicator name": ("Indikatorer", "A2", "Indikator", 't.ex. "Deltagande arbetsgivare"'),
    "target": ("Indikatorer", "B2", "Mål", "Blev det inget, skriv 0."),
    "outcome": ("Indikatorer", "C2", "Utfall", "Blev det inget, skriv 0."),
}


@pytest.mark.parametrize("what", sorted(PROJECT_BLANKS))
def test_a_blank_cell_on_a_filled_in_row_is_an_error_naming_the_cell(programme, tmp_path, what):
    sheet, cell, label, fix = PROJECT_BLANKS[what]
    f.write_project_workbook(programme / P1, index=1, overrides={(sheet, cell): None})
    summary, tables, findings = extracted(programme, tmp_path / "out")
    finding = only_finding(findings, P1)
    assert (
        finding["rule_id"],
        finding["severity"],
        finding["project_id"],
        finding["sheet"],
        finding["cell"],
    ) == ("extract_blank_cell", "fel", f.project_id(1), sheet, cell)
    assert f'kolumnen "{label}" är tom' in finding["message"] and fix in finding["message"]
    assert summary["fel"] == 1
    table = {"Kostnader": "costs", "Finansiering": "financing", "Indikatorer": "indicators"}[sheet]
    row = next(r for r in tables[table] if r["source_file"] == P1 and r["row"] == "2")
    column = next(name for name in c.EXTRACTED_COLUMNS[table] if row.get(f"{name}_cell") == cell)
    assert row[column] == ""  # read as nothing, never as 0


def test_a_blank_register_amount_is_an_error_for_that_decisions_project(programme, tmp_path):
    f.write_register(
        programme / REGISTER, [f.register_row(1), f.register_row(2)], overrides={("Beslut", "F3"): None}
    )
    _, tables, findings = extracted(programme, tmp_path / "out")
    finding = only_finding(findings, REGISTER)
    assert (
        finding["rule_id"],
        finding["severity"],
        finding["project_id"],
        finding["sheet"],
        finding["cell"],
    ) == ("extract_blank_cell", "fel", f.project_id(2), "Beslut", "F3")
    assert 'kolumnen "Beviljat belopp" är tom' in finding["message"] and "skriv 0" in finding["message"]
    assert tables["register"][1]["granted_amount"] == ""


def test_blank_meeting_participants_is_an_error_naming_the_cell(programme, tmp_path):
    f.write_meetings(programme / MEETINGS, f.default_meetings(), overrides={("Träffar", "E3"): None})
    _, _, findings = extracted(programme, tmp_path / "out")
    finding = only_finding(findings, MEETINGS)
    assert (
        finding["rule_id"],
        finding["severity"],
        finding["project_id"],
        finding["sheet"],
        finding["cell"],
    ) == ("extract_blank_cell", "fel", "", "Träffar", "E3")
    assert 'kolumnen "Antal deltagare" är tom' in finding["message"] and "t.ex. 40" in finding["message"]


def test_a_cell_of_only_spaces_is_blank_too(programme, tmp_path):
    f.write_project_workbook(programme / P1, index=1, overrides={("Kostnader", "C3"): " \u00a0 "})
    _, _, findings = extracted(programme, tmp_path / "out")
    finding = only_finding(findings, P1)
    assert (finding["rule_id"], finding["sheet"], finding["cell"]) == (
        "extract_blank_cell",
        "Kostnader",
        "C3",
    )


def test_every_blank_cell_of_a_row_is_named_and_a_fully_blank_row_gives_nothing(programme, tmp_path):
    costs = f.default_costs(1)[:2]
    f.write_project_workbook(
        programme / P1, index=1, costs=[costs[0], {}, {"category": "travel"}, costs[1]], totals=False
    )
    _, tables, findings = extracted(programme, tmp_path / "out")
    mine = [(x["rule_id"], x["sheet"], x["cell"]) for x in findings if x["file"] == P1]
    assert mine == [("extract_blank_cell", "Kostnader", cell) for cell in ("A4", "C4", "D4")]  # not row 3
    assert [r["row"] for r in tables["costs"] if r["source_file"] == P1] == ["2", "4", "5"]


def test_a_formula_without_result_is_reported_once_not_also_as_blank(programme, tmp_path):
    f.write_project_workbook(
        programme / P1, index=1, overrides={("Kostnader", "D2"): f.Formula("=C2-20000", None)}
    )
    _, _, findings = extracted(programme, tmp_path / "out")
    finding = only_finding(findings, P1)
    assert (finding["rule_id"], finding["sheet"], finding["cell"]) == (
        "extract_formula_without_result",
        "Kostnader",
        "D2",
    )


def test_a_cell_read_from_a_formulas_stored_result_is_listed(programme, tmp_path):
    f.write_project_workbook(
        programme / P1,
        index=1,
        totals=False,
        overrides={
            ("Kostnader", "D2"): f.Formula("=700000+80000", 780000),
            ("Finansiering", "B3"): f.Formula(
                '="Offentlig kontant finansiering"', "Offentlig kontant finansiering"
            ),
            ("Kostnader", "H2"): f.Formula("=1+1", 2),
        },
    )  # outside the table: not read, not listed
    _, tables, findings = extracted(programme, tmp_path / "out")
    assert [x for x in findings if x["file"] == P1] == []
    assert [r for r in tables["formula_cells"] if r["source_file"] == P1] == [
        {
            "project_id": f.project_id(1),
            "source_file": P1,
            "sheet": "Finansiering",
            "cell": "B3",
            "value": "Offentlig kontant finansiering",
        },
        {
            "project_id": f.project_id(1),
            "source_file": P1,
            "sheet": "Kostnader",
            "cell": "D2",
            "value": "780000",
        },
    ]
    assert tables["costs"][0]["actual"] == "780000"


def test_summa_formulas_are_listed_with_their_stored_results(programme, tmp_path):
    _, tables, _ = extracted(programme, tmp_path / "out")
    listed = {(r["sheet"], r["cell"]): r["value"] for r in tables["formula_cells"] if r["source_file"] == P1}
    totals = {
        (r["sheet"], r["cell"]): r["stated"] for r in tables["workbook_totals"] if r["source_file"] == P1
    }
    assert listed == totals and len(listed) == 5


def test_every_column_of_every_data_table_has_a_blank_cell_example():
    for columns in (
        c.COST_COLUMNS,
        c.FINANCING_COLUMNS,
        c.INDICATOR_COLUMNS,
        c.REGISTER_COLUMNS,
        c.MEETING_COLUMNS,
    ):
        for field in columns:
            details = reading.blank_cell_details(field)
            message = reading.BLANK_CELL.finding(**details)["message"]
            assert field.label in message and details["example"] in message and "{" not in message


@pytest.mark.parametrize("label", [None, "Projektets nummer"], ids=["blank label", "unknown label"])
def test_a_value_whose_label_is_blank_or_unknown_is_named_at_the_label_cell(programme, tmp_path, label):
    f.write_project_workbook(programme / P1, index=1, overrides={("Projektuppgifter", "A3"): label})
    _, _, findings = extracted(programme, tmp_path / "out")
    (unlabelled,) = [x for x in findings if x["rule_id"] == reading.UNLABELLED_VALUE.rule_id]
    assert (unlabelled["file"], unlabelled["sheet"], unlabelled["cell"]) == (P1, "Projektuppgifter", "A3")
    assert unlabelled["severity"] == "varning" and '"Ärende-id"' in unlabelled["message"]
    (missing,) = [x for x in findings if x["rule_id"] == reading.MISSING_FIELD.rule_id]
    assert missing["value"] == "Ärende-id" and missing["severity"] == "fel"


def test_a_blanked_header_is_named_at_its_own_cell(programme, tmp_path):
    f.write_project_workbook(programme / P1, index=1, overrides={("Finansiering", "B1"): None})
    _, _, findings = extracted(programme, tmp_path / "out")
    (header,) = [x for x in findings if x["rule_id"] == reading.MISSING_HEADER.rule_id]
    assert (header["sheet"], header["cell"]) == ("Finansiering", "B1") and '"Finansiär"' in header["message"]
