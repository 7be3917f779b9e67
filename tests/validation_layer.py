"""A valid extracted layer for the validation rules' tests, and the tools to break it.

`valid_layer()` is a consistent two-project extracted layer (the layout the extract stage writes and
tests/factories.py documents). A test changes one thing (`set_row`, `drop_rows`, `all_of` …), runs
the validate stage in tmp_path (`run_layer`) and asserts the exact rule id, severity, project id,
file, sheet and cell (`assert_fires_at`, `assert_passes_at`). The layer is written as CSV text and
read back through the catalog, as the stage reads it: a value the CSV cannot hold as its type (text
in an amount column) is a catalog error, never a finding.

The cases of each rule module stand in tests/test_rules_<module>.py; the stage's own behaviour
(statuses, the findings file, a missing layer) in tests/test_validate.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import catalog
from pipeline.contract import (
    COST_COLUMNS,
    FACT_FIELDS,
    FINANCING_COLUMNS,
    INDICATOR_COLUMNS,
    MEETING_COLUMNS,
    REGISTER_COLUMNS,
)
from pipeline.paths import InputPaths, OutputPaths
from pipeline.safe_io import read_rows, write_rows
from pipeline.stages import validate
from tests.factories import PROGRAMME_TOML

P1, P2 = "Ä 2014-000101", "Ä 2015-000202"
F1, F2 = "projects/projekt_0001.xlsx", "projects/projekt_0002.xlsx"
REGISTER, MEETINGS = "beslutsregister.xlsx", "traffar.xlsx"
FRAME = 1_000_000  # Σ granted in the valid register is 800 000


# --- Builder: a valid extracted layer, as rows of strings. ---------------------------------------


def facts_row(project_id, file, county, start, end, granted):
    values = {
        "project_id": project_id,
        "title": "Kompetensplattform",
        "county_code": county,
        "owner": "Region X",
        "owner_org_number": "232100-0001",
        "contact_role": "Projektledare",
        "start_date": start,
        "end_date": end,
        "granted_amount": granted,
    }
    row = {**values, "source_file": file, "sheet": "Projektuppgifter"}
    for offset, fact in enumerate(FACT_FIELDS):  # label in A, value in B, from row 3
        row[f"{fact.name}_cell"] = f"B{3 + offset}"
    return row


def cells(fields, row):
    """`<name>_cell` of every field for the layout of tests/factories.py: contract order from A."""
    return {f"{field.name}_cell": f"{'ABCDEFGH'[n]}{row}" for n, field in enumerate(fields)}


def header_rows(file, sheet, fields):
    """sheet_headers rows for a sheet laid out as tests/factories.py does: header row 1."""
    return [
        {"source_file": file, "sheet": sheet, "column": name, "cell": cell}
        for name, cell in ((k[: -len("_cell")], v) for k, v in cells(fields, 1).items())
    ]


def cost_row(project_id, file, row, year, category, amount):
    return {
        "project_id": project_id,
        "year": str(year),
        "category": category,
        "source_file": file,
        "sheet": "Kostnader",
        "row": str(row),
        "budget": str(amount),
        "actual": str(amount),
        **cells(COST_COLUMNS, row),
    }


def financing_row(project_id, file, row, year, source, amount):
    return {
        "project_id": project_id,
        "year": str(year),
        "source": source,
        "source_file": file,
        "sheet": "Finansiering",
        "row": str(row),
        "amount": str(amount),
        **cells(FINANCING_COLUMNS, row),
    }


def indicator_row(project_id, file, row, indicator, target, outcome):
    return {
        "project_id": project_id,
        "indicator": indicator,
        "source_file": file,
        "sheet": "Indikatorer",
        "row": str(row),
        "target": str(target),
        "outcome": str(outcome),
        **cells(INDICATOR_COLUMNS, row),
    }


def narrative_row(project_id, file, field, cell, text):
    return {
        "project_id": project_id,
        "field": field,
        "source_file": file,
        "sheet": "Berättelse",
        "cell": cell,
        "text": text,
    }


def register_row(row, project_id, county, granted, start, end):
    return {
        "project_id": project_id,
        "county_code": county,
        "owner": "Region X",
        "title": "Kompetensplattform",
        "decision_date": "2013-11-15",
        "granted_amount": str(granted),
        "start_date": start,
        "end_date": end,
        "source_file": REGISTER,
        "sheet": "Beslut",
        "row": str(row),
        **cells(REGISTER_COLUMNS, row),
    }


def valid_layer() -> dict[str, list[dict[str, str]]]:
    """Two consistent projects. P1: 2014–2016, cost 800 000 (income 100 000 deducted), agency
    400 000 = 50 %, granted 500 000, with Summa rows. P2: 2015-03-01–2017-06-30, cost 300 000,
    agency 150 000 = 50 %, granted 300 000, no Summa rows."""
    return {
        "projects": [
            facts_row(P1, F1, "14", "2014-01-01", "2016-12-31", "500000"),
            facts_row(P2, F2, "01", "2015-03-01", "2017-06-30", "300000"),
        ],
        "costs": [
            cost_row(P1, F1, 2, 2014, "personnel", 400000),
            cost_row(P1, F1, 3, 2015, "external_services", 300000),
            cost_row(P1, F1, 4, 2016, "travel", 200000),
            cost_row(P1, F1, 5, 2016, "project_income", 100000),
            cost_row(P2, F2, 2, 2015, "personnel", 200000),
            cost_row(P2, F2, 3, 2017, "indirect_flat_rate", 100000),
        ],
        "financing": [
            financing_row(P1, F1, 2, 2014, "tillvaxtverket", 200000),
            financing_row(P1, F1, 3, 2014, "public_cash", 200000),
            financing_row(P1, F1, 4, 2015, "tillvaxtverket", 150000),
            financing_row(P1, F1, 5, 2015, "public_cash", 150000),
            financing_row(P1, F1, 6, 2016, "tillvaxtverket", 50000),
            financing_row(P1, F1, 7, 2016, "private_cash", 50000),
            financing_row(P2, F2, 2, 2015, "tillvaxtverket", 100000),
            financing_row(P2, F2, 3, 2015, "public_cash", 100000),
            financing_row(P2, F2, 4, 2017, "tillvaxtverket", 50000),
            financing_row(P2, F2, 5, 2017, "private_cash", 50000),
        ],
        "indicators": [
            indicator_row(P1, F1, 2, "skills_analyses", 4, 3),
            indicator_row(P1, F1, 3, "participating_employers", 10, 8),
            indicator_row(P2, F2, 2, "participating_employers", 10, 8),
        ],
        "narratives": [
            narrative_row(P1, F1, "results", "B1", "En regional analys togs fram."),
            narrative_row(P1, F1, "lessons", "B2", "Samverkan tar tid."),
            narrative_row(P1, F1, "good_example_title", "B3", ""),
            narrative_row(P1, F1, "good_example", "B4", ""),
            narrative_row(P2, F2, "results", "B1", "Branschråd startades."),
            narrative_row(P2, F2, "lessons", "B2", "Tidig dialog lönar sig."),
        ],
        "workbook_totals": [
            {
                "project_id": P1,
                "table": "costs",
                "column": "budget",
                "source_file": F1,
                "sheet": "Kostnader",
                "cell": "C6",
                "stated": "1000000",
                "rows_sum": "1000000",
            },
            {
                "project_id": P1,
                "table": "costs",
                "column": "actual",
                "source_file": F1,
                "sheet": "Kostnader",
                "cell": "D6",
                "stated": "1000000",
                "rows_sum": "1000000",
            },
            {
                "project_id": P1,
                "table": "financing",
                "column": "amount",
                "source_file": F1,
                "sheet": "Finansiering",
                "cell": "C8",
                "stated": "800000",
                "rows_sum": "800000",
            },
        ],
        "register": [
            register_row(2, P1, "14", 500000, "2014-01-01", "2016-12-31"),
            register_row(3, P2, "01", 300000, "2015-03-01", "2017-06-30"),
        ],
        "meetings": [
            {
                "date": "2015-05-20",
                "meeting_type": "experience_meeting",
                "theme": "Analys",
                "place": "Umeå",
                "participants": "40",
                "source_file": MEETINGS,
                "sheet": "Träffar",
                "row": "2",
                **cells(MEETING_COLUMNS, 2),
            },
        ],
        "sheet_headers": [
            *(
                header
                for file in (F1, F2)
                for sheet, fields in (
                    ("Kostnader", COST_COLUMNS),
                    ("Finansiering", FINANCING_COLUMNS),
                    ("Indikatorer", INDICATOR_COLUMNS),
                )
                for header in header_rows(file, sheet, fields)
            ),
            *header_rows(REGISTER, "Beslut", REGISTER_COLUMNS),
            *header_rows(MEETINGS, "Träffar", MEETING_COLUMNS),
        ],
        "files": [
            {
                "source_file": F1,
                "kind": "workbook",
                "status": "read",
                "size_bytes": "9000",
                "sha256": "a" * 64,
                "project_id": P1,
            },
            {
                "source_file": F2,
                "kind": "workbook",
                "status": "read",
                "size_bytes": "9000",
                "sha256": "b" * 64,
                "project_id": P2,
            },
            {
                "source_file": REGISTER,
                "kind": "register",
                "status": "read",
                "size_bytes": "5000",
                "sha256": "c" * 64,
                "project_id": "",
            },
            {
                "source_file": MEETINGS,
                "kind": "meetings",
                "status": "read",
                "size_bytes": "5000",
                "sha256": "d" * 64,
                "project_id": "",
            },
        ],
        "payments": [],
        "extract_findings": [],
    }


def find(layer, table, **match) -> dict[str, str]:
    """The one row of `table` whose values include `match`."""
    rows = [r for r in layer[table] if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, f"{table} {match}: {len(rows)} rows"
    return rows[0]


def drop(layer, table, **match) -> None:
    layer[table] = [r for r in layer[table] if not all(r[k] == v for k, v in match.items())]


def write_layer(root: Path, layer, *, frame: int = FRAME) -> tuple[InputPaths, OutputPaths]:
    """Write programme.toml and the extracted CSVs under `root`; return the paths."""
    inputs, outputs = InputPaths(root / "inputs"), OutputPaths(root / "outputs")
    inputs.root.mkdir(parents=True, exist_ok=True)
    toml = PROGRAMME_TOML.read_text(encoding="utf-8")
    inputs.config.write_text(
        re.sub(r"(?m)^frame_amount\s*=\s*\d+", f"frame_amount = {frame}", toml), encoding="utf-8"
    )
    for name in validate.INPUT_TABLES:
        dataset = catalog.dataset(name)
        write_rows(dataset.file(outputs), dataset.columns, layer[name])
    return inputs, outputs


def run_layer(tmp_path: Path, layer, **options):
    """Run the stage; return (summary, findings, statuses) as read back from the CSVs."""
    inputs, outputs = write_layer(tmp_path, layer, **options)
    summary = validate.run(inputs, outputs)
    return summary, read_rows(outputs.findings), read_rows(outputs.project_status)


def only(findings, rule_id) -> list[dict[str, str]]:
    return [f for f in findings if f["rule_id"] == rule_id]


# --- Mutations of the valid layer. ------------------------------------------------------------------


def set_row(table, match, **values):
    def mutate(layer):
        find(layer, table, **match).update(values)

    return mutate


def drop_rows(table, **match):
    def mutate(layer):
        drop(layer, table, **match)

    return mutate


def all_of(*mutations):
    def mutate(layer):
        for mutation in mutations:
            mutation(layer)

    return mutate


def rename_project(layer, file, project_id):
    for table in ("projects", "costs", "financing", "indicators", "narratives", "workbook_totals", "files"):
        for row in layer[table]:
            if row["source_file"] == file:
                row["project_id"] = project_id


def duplicate_register_row(layer):
    layer["register"].append(
        {**find(layer, "register", project_id=P1), "row": "4", **cells(REGISTER_COLUMNS, 4)}
    )


def extract_flags_register(layer):
    layer["extract_findings"].append(
        {
            "rule_id": "E01",
            "severity": "fel",
            "project_id": "",
            "file": REGISTER,
            "sheet": "",
            "cell": "",
            "value": "",
            "message": "Beslutsregistret saknas.",
        }
    )


# --- The two checks every rule gets. ----------------------------------------------------------------


def assert_fires_at(tmp_path, layer, rule_id, mutate, frame, expected) -> None:
    """After `mutate`, rule `rule_id` fires exactly at `expected` (project_id, file, sheet, cell),
    with its declared severity and a filled-in message."""
    mutate(layer)
    _, findings, _ = run_layer(tmp_path, layer, frame=frame)
    rule = next(r for r in validate.RULES if r.rule_id == rule_id)
    fired = only(findings, rule_id)
    assert sorted((f["project_id"], f["file"], f["sheet"], f["cell"]) for f in fired) == sorted(expected)
    assert {f["severity"] for f in fired} == {rule.severity}
    assert all(f["message"] and "{" not in f["message"] for f in fired)


def assert_passes_at(tmp_path, layer, rule_id, mutate) -> None:
    """After `mutate` (a boundary the rule must let through), rule `rule_id` finds nothing."""
    mutate(layer)
    _, findings, _ = run_layer(tmp_path, layer, frame=800_000)
    assert only(findings, rule_id) == []


def rule_case_tests(fail_cases, pass_cases):
    """The two tests every rule module's cases get, for its test file to bind by name:
    `test_rule_fires_at_the_cell_to_fix, test_rule_passes_at_its_boundary = rule_case_tests(...)`."""

    @pytest.mark.parametrize("rule_id, mutate, frame, expected", fail_cases, ids=_case_ids(fail_cases))
    def test_rule_fires_at_the_cell_to_fix(tmp_path, layer, rule_id, mutate, frame, expected):
        assert_fires_at(tmp_path, layer, rule_id, mutate, frame, expected)

    @pytest.mark.parametrize("rule_id, mutate", pass_cases, ids=_case_ids(pass_cases))
    def test_rule_passes_at_its_boundary(tmp_path, layer, rule_id, mutate):
        assert_passes_at(tmp_path, layer, rule_id, mutate)

    return test_rule_fires_at_the_cell_to_fix, test_rule_passes_at_its_boundary


def _case_ids(cases) -> list[str]:
    return [f"{case[0]}-{n}" for n, case in enumerate(cases)]
