"""The validate stage: every rule passes on valid data and fires, at the right cell, on bad data.

Each test starts from `valid_layer()`, a consistent two-project extracted layer (the layout the
extract stage writes and tests/factories.py documents), changes one thing, runs the stage in
tmp_path and asserts the exact rule id, severity, project id, file, sheet and cell. The layer is
written as CSV text and read back through the catalog, as the stage reads it: a value the CSV
cannot hold as its type (text in an amount column) is a catalog error, never a finding.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline import catalog
from pipeline.config import load_config
from pipeline.contract import (
    COST_COLUMNS,
    EXTRACTED_COLUMNS,
    FACT_FIELDS,
    FINANCING_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    MEETING_COLUMNS,
    PROJECT_STATUS_COLUMNS,
    REGISTER_COLUMNS,
)
from pipeline.errors import PipelineError
from pipeline.paths import InputPaths, OutputPaths
from pipeline.rules import payments as payment_rules
from pipeline.rules.base import sort_findings
from pipeline.rules.layer import limit_percent
from pipeline.rules.reading import BLANK_CELL, EMPTY_FILE, MISSING_FIELD, MISSING_SHEET, TOO_MANY_ROWS
from pipeline.stages import validate
from pipeline.tables import read_rows, write_rows
from tests.factories import PROGRAMME_TOML

P1, P2 = "Ä 2014-000101", "Ä 2015-000202"
F1, F2 = "projects/projekt_0001.xlsx", "projects/projekt_0002.xlsx"
REGISTER, MEETINGS = "beslutsregister.xlsx", "traffar.xlsx"
FRAME = 1_000_000  # Σ granted in the valid register is 800 000


# --- Builder: a valid extracted layer, as rows of strings. ---------------------------------------


def _facts(project_id, file, county, start, end, granted):
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


def _cells(fields, row):
    """`<name>_cell` of every field for the layout of tests/factories.py: contract order from A."""
    return {f"{field.name}_cell": f"{'ABCDEFGH'[n]}{row}" for n, field in enumerate(fields)}


def _headers(file, sheet, fields):
    """sheet_headers rows for a sheet laid out as tests/factories.py does: header row 1."""
    return [
        {"source_file": file, "sheet": sheet, "column": name, "cell": cell}
        for name, cell in ((k[: -len("_cell")], v) for k, v in _cells(fields, 1).items())
    ]


def _cost(project_id, file, row, year, category, amount):
    return {
        "project_id": project_id,
        "year": str(year),
        "category": category,
        "source_file": file,
        "sheet": "Kostnader",
        "row": str(row),
        "budget": str(amount),
        "actual": str(amount),
        **_cells(COST_COLUMNS, row),
    }


def _financing(project_id, file, row, year, source, amount):
    return {
        "project_id": project_id,
        "year": str(year),
        "source": source,
        "source_file": file,
        "sheet": "Finansiering",
        "row": str(row),
        "amount": str(amount),
        **_cells(FINANCING_COLUMNS, row),
    }


def _indicator(project_id, file, row, indicator, target, outcome):
    return {
        "project_id": project_id,
        "indicator": indicator,
        "source_file": file,
        "sheet": "Indikatorer",
        "row": str(row),
        "target": str(target),
        "outcome": str(outcome),
        **_cells(INDICATOR_COLUMNS, row),
    }


def _narrative(project_id, file, field, cell, text):
    return {
        "project_id": project_id,
        "field": field,
        "source_file": file,
        "sheet": "Berättelse",
        "cell": cell,
        "text": text,
    }


def _register(row, project_id, county, granted, start, end):
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
        **_cells(REGISTER_COLUMNS, row),
    }


def valid_layer() -> dict[str, list[dict[str, str]]]:
    """Two consistent projects. P1: 2014–2016, cost 800 000 (income 100 000 deducted), agency
    400 000 = 50 %, granted 500 000, with Summa rows. P2: 2015-03-01–2017-06-30, cost 300 000,
    agency 150 000 = 50 %, granted 300 000, no Summa rows."""
    return {
        "projects": [
            _facts(P1, F1, "14", "2014-01-01", "2016-12-31", "500000"),
            _facts(P2, F2, "01", "2015-03-01", "2017-06-30", "300000"),
        ],
        "costs": [
            _cost(P1, F1, 2, 2014, "personnel", 400000),
            _cost(P1, F1, 3, 2015, "external_services", 300000),
            _cost(P1, F1, 4, 2016, "travel", 200000),
            _cost(P1, F1, 5, 2016, "project_income", 100000),
            _cost(P2, F2, 2, 2015, "personnel", 200000),
            _cost(P2, F2, 3, 2017, "indirect_flat_rate", 100000),
        ],
        "financing": [
            _financing(P1, F1, 2, 2014, "tillvaxtverket", 200000),
            _financing(P1, F1, 3, 2014, "public_cash", 200000),
            _financing(P1, F1, 4, 2015, "tillvaxtverket", 150000),
            _financing(P1, F1, 5, 2015, "public_cash", 150000),
            _financing(P1, F1, 6, 2016, "tillvaxtverket", 50000),
            _financing(P1, F1, 7, 2016, "private_cash", 50000),
            _financing(P2, F2, 2, 2015, "tillvaxtverket", 100000),
            _financing(P2, F2, 3, 2015, "public_cash", 100000),
            _financing(P2, F2, 4, 2017, "tillvaxtverket", 50000),
            _financing(P2, F2, 5, 2017, "private_cash", 50000),
        ],
        "indicators": [
            _indicator(P1, F1, 2, "skills_analyses", 4, 3),
            _indicator(P1, F1, 3, "participating_employers", 10, 8),
            _indicator(P2, F2, 2, "participating_employers", 10, 8),
        ],
        "narratives": [
            _narrative(P1, F1, "results", "B1", "En regional analys togs fram."),
            _narrative(P1, F1, "lessons", "B2", "Samverkan tar tid."),
            _narrative(P1, F1, "good_example_title", "B3", ""),
            _narrative(P1, F1, "good_example", "B4", ""),
            _narrative(P2, F2, "results", "B1", "Branschråd startades."),
            _narrative(P2, F2, "lessons", "B2", "Tidig dialog lönar sig."),
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
            _register(2, P1, "14", 500000, "2014-01-01", "2016-12-31"),
            _register(3, P2, "01", 300000, "2015-03-01", "2017-06-30"),
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
                **_cells(MEETING_COLUMNS, 2),
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
                for header in _headers(file, sheet, fields)
            ),
            *_headers(REGISTER, "Beslut", REGISTER_COLUMNS),
            *_headers(MEETINGS, "Träffar", MEETING_COLUMNS),
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


@pytest.fixture
def layer():
    return valid_layer()


# --- The valid layer passes every rule. -----------------------------------------------------------


def test_valid_layer_has_no_findings_and_every_project_is_accepted(tmp_path, layer):
    summary, findings, statuses = run_layer(tmp_path, layer)
    assert findings == []
    assert summary == {"projekt": 2, "godkända": 2, "undantagna": 0, "fel": 0, "varning": 0}
    assert [
        (s["project_id"], s["source_file"], s["status"], s["errors"], s["warnings"], s["first_error"])
        for s in statuses
    ] == [(P1, F1, "accepted", "0", "0", ""), (P2, F2, "accepted", "0", "0", "")]


# --- Every rule fails at the right place. ----------------------------------------------------------
# Each case: (rule id, mutation of the valid layer, frame, expected findings of that rule as
# (project_id, file, sheet, cell)). Severity is checked against the rule's declaration.


def _set(table, match, **values):
    def mutate(layer):
        find(layer, table, **match).update(values)

    return mutate


def _drop(table, **match):
    def mutate(layer):
        drop(layer, table, **match)

    return mutate


def _all(*mutations):
    def mutate(layer):
        for mutation in mutations:
            mutation(layer)

    return mutate


def _rename_project(layer, file, project_id):
    for table in ("projects", "costs", "financing", "indicators", "narratives", "workbook_totals", "files"):
        for row in layer[table]:
            if row["source_file"] == file:
                row["project_id"] = project_id


def _duplicate_register_row(layer):
    layer["register"].append(
        {**find(layer, "register", project_id=P1), "row": "4", **_cells(REGISTER_COLUMNS, 4)}
    )


def _extract_flags_register(layer):
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


FAIL_CASES = [
    ("V01", _set("projects", {"project_id": P1}, owner=""), FRAME, [(P1, F1, "Projektuppgifter", "B6")]),
    (
        "V01",
        _set("projects", {"project_id": P1}, title="", title_cell=""),
        FRAME,  # label row missing
        [(P1, F1, "Projektuppgifter", "A1")],
    ),
    ("V02", _set("register", {"project_id": P1}, owner=""), FRAME, [(P1, REGISTER, "Beslut", "C2")]),
    (
        "V03",
        _set("projects", {"project_id": P1}, county_code="02"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B5")],
    ),
    ("V03", _set("register", {"project_id": P2}, county_code="99"), FRAME, [(P2, REGISTER, "Beslut", "B3")]),
    (
        "V04",
        _set("projects", {"project_id": P1}, start_date="2012-12-31"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B9")],
    ),
    (
        "V04",
        _set("register", {"project_id": P2}, end_date="2018-01-01"),
        FRAME,
        [(P2, REGISTER, "Beslut", "H3")],
    ),
    ("V04", _set("meetings", {"row": "2"}, date="2018-01-10"), FRAME, [("", MEETINGS, "Träffar", "A2")]),
    (
        "V05",
        _set("projects", {"project_id": P2}, end_date="2015-02-28"),
        FRAME,
        [(P2, F2, "Projektuppgifter", "B10")],
    ),
    (
        "V05",
        _set("register", {"project_id": P1}, start_date="2017-01-01"),
        FRAME,
        [(P1, REGISTER, "Beslut", "H2")],
    ),
    ("V06", _set("costs", {"project_id": P2, "row": "3"}, year="2014"), FRAME, [(P2, F2, "Kostnader", "A3")]),
    (
        "V06",
        _set("financing", {"project_id": P1, "row": "7"}, year="2017"),
        FRAME,
        [(P1, F1, "Finansiering", "A7")],
    ),
    ("V07", _set("costs", {"project_id": P1, "row": "2"}, actual="-5"), FRAME, [(P1, F1, "Kostnader", "D2")]),
    (
        "V07",
        _set("financing", {"project_id": P2, "row": "3"}, amount="-100000"),
        FRAME,
        [(P2, F2, "Finansiering", "C3")],
    ),
    (
        "V07",
        _set("register", {"project_id": P2}, granted_amount="-300000"),
        FRAME,
        [(P2, REGISTER, "Beslut", "F3")],
    ),
    ("V08", _drop("costs", project_id=P2), FRAME, [(P2, F2, "Kostnader", "A1")]),
    (
        "V09",
        _set("financing", {"project_id": P1, "row": "3"}, amount="200002"),
        FRAME,  # the Summa cell
        [(P1, F1, "Finansiering", "C8")],
    ),
    (
        "V09",
        _set("financing", {"project_id": P2, "row": "3"}, amount="90000"),
        FRAME,  # no Summa: header
        [(P2, F2, "Finansiering", "C1")],
    ),
    (
        "V10",
        _all(
            _set("financing", {"project_id": P2, "row": "2"}, amount="120000"),
            _set("financing", {"project_id": P2, "row": "3"}, amount="80000"),
        ),
        FRAME,
        [(P2, F2, "Finansiering", "C1")],
    ),
    (
        "V11",
        _all(
            _set("financing", {"project_id": P1, "row": "2"}, amount="250000"),
            _set("financing", {"project_id": P1, "row": "3"}, amount="150000"),
            _set("financing", {"project_id": P1, "row": "4"}, amount="100000"),
            _set("financing", {"project_id": P1, "row": "5"}, amount="200000"),
        ),
        FRAME,
        [(P1, F1, "Finansiering", "C2")],
    ),
    (
        "V12",
        _set("register", {"project_id": P1}, granted_amount="350000"),
        FRAME,
        [(P1, F1, "Finansiering", "C8")],
    ),
    ("V13", lambda layer: None, 799_999, [("", REGISTER, "Beslut", "F1")]),
    ("V14", lambda layer: layer.update(register=[]), FRAME, [("", REGISTER, "Beslut", "A1")]),
    (
        "V15",
        _all(
            _drop("projects", project_id=P2),
            _drop("costs", project_id=P2),
            _drop("financing", project_id=P2),
            _drop("indicators", project_id=P2),
            _drop("narratives", project_id=P2),
        ),
        FRAME,
        [(P2, REGISTER, "Beslut", "A3")],
    ),
    ("V16", _drop("register", project_id=P2), FRAME, [(P2, F2, "Projektuppgifter", "B3")]),
    (
        "V17",
        lambda layer: _rename_project(layer, F2, P1),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B3"), (P1, F2, "Projektuppgifter", "B3")],
    ),
    ("V18", _duplicate_register_row, FRAME, [(P1, REGISTER, "Beslut", "A2"), (P1, REGISTER, "Beslut", "A4")]),
    (
        "V19",
        _set("register", {"project_id": P1}, county_code="12"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B5")],
    ),
    (
        "V20",
        _set("projects", {"project_id": P1}, granted_amount="450000"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B11")],
    ),
    (
        "V21",
        _set("projects", {"project_id": P2}, end_date="2017-12-31"),
        FRAME,
        [(P2, F2, "Projektuppgifter", "B10")],
    ),
    # Text and decimals in a count are reading findings (extract_bad_int); a negative count is V22.
    (
        "V22",
        _set("indicators", {"project_id": P1, "row": "2"}, target="-4"),
        FRAME,
        [(P1, F1, "Indikatorer", "B2")],
    ),
    (
        "V22",
        _set("indicators", {"project_id": P2, "row": "2"}, outcome="-1"),
        FRAME,
        [(P2, F2, "Indikatorer", "C2")],
    ),
    (
        "V23",
        _set("indicators", {"project_id": P1, "row": "2"}, outcome="1"),
        FRAME,
        [(P1, F1, "Indikatorer", "C2")],
    ),
    (
        "V24",
        _set("workbook_totals", {"column": "actual"}, stated="999999"),
        FRAME,
        [(P1, F1, "Kostnader", "D6")],
    ),
    (
        "V24",
        _set("workbook_totals", {"column": "amount"}, stated="800001", rows_sum=""),
        FRAME,  # recomputed
        [(P1, F1, "Finansiering", "C8")],
    ),
    (
        "V25",
        _set("narratives", {"project_id": P2, "field": "lessons"}, text="  "),
        FRAME,
        [(P2, F2, "Berättelse", "B2")],
    ),
    ("V25", _drop("narratives", project_id=P1, field="results"), FRAME, [(P1, F1, "Berättelse", "A1")]),
    (
        "V26",
        _set("register", {"project_id": P2}, title="Kompetensplattform Stockholm"),
        FRAME,
        [(P2, F2, "Projektuppgifter", "B4")],
    ),
    # P2's decision ends 2016: its 2017 rows (within the workbook's period to 2017-06-30) are
    # prolongation, one finding per sheet and year at the first row's year cell.
    (
        "V27",
        _set("register", {"project_id": P2}, end_date="2016-12-31"),
        FRAME,
        [(P2, F2, "Kostnader", "A3"), (P2, F2, "Finansiering", "A4")],
    ),
]


@pytest.mark.parametrize(
    "rule_id, mutate, frame, expected", FAIL_CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(FAIL_CASES)]
)
def test_rule_fires_at_the_cell_to_fix(tmp_path, layer, rule_id, mutate, frame, expected):
    mutate(layer)
    summary, findings, _ = run_layer(tmp_path, layer, frame=frame)
    rule = next(r for r in validate.RULES if r.rule_id == rule_id)
    fired = only(findings, rule_id)
    assert sorted((f["project_id"], f["file"], f["sheet"], f["cell"]) for f in fired) == sorted(expected)
    assert {f["severity"] for f in fired} == {rule.severity}
    assert all(f["message"] and "{" not in f["message"] for f in fired)


def test_every_rule_has_a_failing_case_and_an_evaluating_function():
    ids = [r.rule_id for r in validate.RULES]
    assert len(ids) == len(set(ids))
    assert all(callable(r.check) for r in validate.RULES)
    # The payment rules (issue 14) have their failing and passing cases in tests/test_payments_rules.py.
    payment_ids = {r.rule_id for r in payment_rules.RULES}
    assert {case[0] for case in FAIL_CASES} == set(ids) - payment_ids
    assert {case[0] for case in PASS_CASES} == set(ids) - payment_ids
    assert {r.severity for r in validate.RULES} == {"fel", "varning"}
    assert all(r.checks.endswith(".") and r.message for r in validate.RULES)


# --- Boundaries that must pass. ------------------------------------------------------------------


PASS_CASES = [
    ("V09", _set("financing", {"project_id": P1, "row": "3"}, amount="200001")),  # exactly the tolerance
    ("V10", lambda layer: None),  # exactly 50 %
    (
        "V11",
        _all(
            _set("financing", {"project_id": P1, "row": "2"}, amount="199999"),
            _set("financing", {"project_id": P1, "row": "3"}, amount="200001"),
        ),
    ),
    ("V12", _set("register", {"project_id": P1}, granted_amount="400000")),  # paid == granted
    ("V13", lambda layer: None),  # frame 800 000 == Σ granted, below
    ("V20", _set("projects", {"project_id": P1}, granted_amount="499999")),  # within tolerance
    ("V23", _set("indicators", {"project_id": P1, "row": "2"}, outcome="2")),  # exactly half the target
    ("V23", _set("indicators", {"project_id": P1, "row": "2"}, target="0", outcome="0")),
    ("V04", _set("projects", {"project_id": P2}, end_date="2017-12-31")),  # the period's last day
    ("V06", _set("costs", {"project_id": P2, "row": "3"}, year="2015")),
    ("V24", _set("workbook_totals", {"column": "actual"}, stated="1000000.00")),
    ("V01", _set("projects", {"project_id": P1}, owner="  Region X")),  # spaces around a value
    ("V02", _set("register", {"project_id": P1}, owner=" Region X ")),
    ("V03", _set("projects", {"project_id": P1}, county_code="25")),  # the highest code
    ("V05", _set("projects", {"project_id": P1}, end_date="2014-01-01")),  # a one-day project
    ("V07", _set("costs", {"project_id": P1, "row": "2"}, actual="0")),  # zero is not negative
    ("V08", _drop("costs", project_id=P2, row="3")),  # one cost row is enough
    ("V14", _drop("register", project_id=P2)),  # one decision is a register
    ("V15", lambda layer: None),  # each decision has exactly one workbook
    ("V16", lambda layer: layer.update(register=[])),  # V14 says it once, not V16 per workbook
    (
        "V17",
        _all(
            lambda layer: _rename_project(layer, F1, ""),  # workbooks without an id are not
            lambda layer: _rename_project(layer, F2, ""),
        ),
    ),  # duplicates of each other
    ("V18", _set("register", {"project_id": P2}, project_id="")),  # one blank id is not a duplicate
    ("V19", _set("register", {"project_id": P1}, county_code="99")),  # unknown code: V03 only
    ("V21", _set("register", {"project_id": P2}, end_date="")),  # no decided date: V02 only
    ("V22", _set("indicators", {"project_id": P1, "row": "2"}, target="0", outcome="0")),
    ("V25", _drop("narratives", project_id=P1, field="good_example")),  # optional
    ("V26", _set("register", {"project_id": P2}, title="  kompetensPLATTFORM ")),  # case and spaces
    ("V27", _set("register", {"project_id": P2}, end_date="2017-01-31")),  # the decided end's year counts
    (
        "V27",
        _all(
            _set("register", {"project_id": P2}, end_date="2016-12-31"),  # outside the workbook's
            _set("projects", {"project_id": P2}, end_date="2016-12-31"),
        ),
    ),  # period too: V06 only
]


@pytest.mark.parametrize("rule_id, mutate", PASS_CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(PASS_CASES)])
def test_rule_passes_at_its_boundary(tmp_path, layer, rule_id, mutate):
    mutate(layer)
    _, findings, _ = run_layer(tmp_path, layer, frame=800_000)
    assert only(findings, rule_id) == []


# --- Details of individual rules. ------------------------------------------------------------------


def test_sum_messages_give_both_figures_in_swedish_style(tmp_path, layer):
    find(layer, "financing", project_id=P1, row="3")["amount"] = "200002.50"
    _, findings, _ = run_layer(tmp_path, layer)
    (finding,) = only(findings, "V09")
    # The report's formatter: narrow no-break spaces between groups, a no-break space before "kr".
    assert "800\u202f000\u00a0kr" in finding["message"] and "800\u202f002,50\u00a0kr" in finding["message"]
    assert finding["value"] == "800002.50"


def test_agency_over_granted_uses_the_workbook_when_the_register_has_no_amount(tmp_path, layer):
    find(layer, "register", project_id=P1)["granted_amount"] = ""
    find(layer, "projects", project_id=P1)["granted_amount"] = "399999"
    _, findings, _ = run_layer(tmp_path, layer)
    (finding,) = only(findings, "V12")
    assert (finding["project_id"], finding["cell"]) == (P1, "C8")
    assert "399\u202f999\u00a0kr" in finding["message"] and "Projektuppgifter" in finding["message"]
    assert [f["cell"] for f in only(findings, "V02")] == ["F2"]


def test_project_income_is_deducted_from_the_total_cost(tmp_path, layer):
    # Without the deduction P1's cost would be 1 000 000 and financing 800 000 would not match.
    _, findings, _ = run_layer(tmp_path, layer)
    assert only(findings, "V09") == [] and only(findings, "V10") == []


def test_a_title_differing_from_the_register_names_both_and_is_a_warning(tmp_path, layer):
    find(layer, "register", project_id=P2)["title"] = "Kompetensplattform Stockholm"
    summary, findings, statuses = run_layer(tmp_path, layer)
    (finding,) = findings
    assert (finding["rule_id"], finding["severity"], finding["value"]) == (
        "V26",
        "varning",
        "Kompetensplattform",
    )
    assert (
        "”Kompetensplattform”" in finding["message"]
        and "”Kompetensplattform Stockholm”" in finding["message"]
    )
    assert f"({REGISTER}, rad 3)" in finding["message"]
    assert find({"s": statuses}, "s", project_id=P2)["status"] == "accepted"


def test_years_after_the_decided_end_name_the_decision_once_per_sheet_and_year(tmp_path, layer):
    find(layer, "register", project_id=P2)["end_date"] = "2016-12-31"
    layer["costs"].append(_cost(P2, F2, 4, 2017, "travel", 10000))  # a second 2017 cost row
    find(layer, "financing", project_id=P2, row="5")["amount"] = "60000"  # still balanced
    summary, findings, _ = run_layer(tmp_path, layer)
    v27 = only(findings, "V27")
    assert [(f["sheet"], f["cell"], f["value"]) for f in v27] == [
        ("Finansiering", "A4", "2017"),
        ("Kostnader", "A3", "2017"),
    ]
    costs = next(f for f in v27 if f["sheet"] == "Kostnader")
    assert costs["message"].startswith(
        f"Året 2017 ligger efter projektslutet 2016-12-31 enligt beslutet i "
        f"{REGISTER} (rad 3); 2 rader på fliken Kostnader gäller det året."
    )
    assert "2 rader på fliken Finansiering" in next(f for f in v27 if f["sheet"] == "Finansiering")["message"]
    assert {f["rule_id"] for f in findings} == {"V21", "V27"}  # the end date differs too; no error
    assert summary["fel"] == 0


def test_validate_is_a_pure_function_of_typed_frames(tmp_path, layer):
    """run() only loads and saves: validate() takes the catalog frames and the config."""
    find(layer, "projects", project_id=P1)["county_code"] = "02"
    inputs, outputs = write_layer(tmp_path, layer)
    frames = {name: catalog.load(name, outputs) for name in validate.INPUT_TABLES}
    findings, statuses = validate.validate(frames, load_config(inputs.config))
    assert list(findings.columns) == list(FINDING_COLUMNS) and list(statuses.columns) == list(
        PROJECT_STATUS_COLUMNS
    )
    assert findings[["rule_id", "cell"]].values.tolist() == [["V03", "B5"]]
    assert statuses["status"].tolist() == ["set_aside", "accepted"]
    assert str(statuses["errors"].dtype) == "Int64"
    assert not outputs.findings.exists()  # nothing written


def test_a_prolonged_project_is_a_warning_not_an_error(tmp_path, layer):
    find(layer, "projects", project_id=P2)["end_date"] = "2017-12-31"
    summary, findings, statuses = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["V21"]
    assert "2017-06-30" in findings[0]["message"]
    assert find({"s": statuses}, "s", project_id=P2)["status"] == "accepted"
    assert summary["varning"] == 1 and summary["fel"] == 0


def test_a_register_project_with_two_workbooks_is_reported_at_the_register_too(tmp_path, layer):
    _rename_project(layer, F2, P1)
    _, findings, _ = run_layer(tmp_path, layer)
    v15 = only(findings, "V15")
    assert {(f["project_id"], f["cell"]) for f in v15} == {(P1, "A2"), (P2, "A3")}
    assert "2 projektarbetsböcker" in next(f for f in v15 if f["project_id"] == P1)["message"]


def test_register_missing_gives_one_finding_not_one_per_project(tmp_path, layer):
    layer["register"] = []
    _, findings, statuses = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["V14"]
    assert {s["status"] for s in statuses} == {"accepted"}


def test_register_reported_missing_by_extract_is_not_reported_again(tmp_path, layer):
    layer["register"] = []
    _extract_flags_register(layer)
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["E01"]


def test_invalid_county_is_not_also_reported_as_disagreeing_with_the_register(tmp_path, layer):
    find(layer, "projects", project_id=P1)["county_code"] = "02"
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["V03"]


def test_cell_already_reported_by_extract_is_not_reported_twice(tmp_path, layer):
    # Extract reported these three cells: two it wrote empty (unreadable or blank) and one value
    # it read but flagged. No rule judges any of them again (V01, V02, V22 would).
    find(layer, "projects", project_id=P1)["start_date"] = ""
    find(layer, "register", project_id=P2)["owner"] = ""
    find(layer, "indicators", project_id=P1, row="2")["target"] = "-4"
    for cell, sheet, file in (
        ("B9", "Projektuppgifter", F1),
        ("B2", "Indikatorer", F1),
        ("C3", "Beslut", REGISTER),
    ):
        layer["extract_findings"].append(
            {
                "rule_id": "E05",
                "severity": "fel",
                "project_id": P1,
                "file": file,
                "sheet": sheet,
                "cell": cell,
                "value": "x",
                "message": "Värdet kan inte läsas.",
            }
        )
    _, findings, _ = run_layer(tmp_path, layer)
    assert [(f["rule_id"], f["sheet"], f["cell"]) for f in findings] == [
        ("E05", "Beslut", "C3"),
        ("E05", "Indikatorer", "B2"),
        ("E05", "Projektuppgifter", "B9"),
    ]


@pytest.mark.parametrize(
    "table, column",
    [
        ("costs", "actual"),
        ("costs", "year"),
        ("financing", "amount"),
        ("financing", "year"),
        ("projects", "start_date"),
        ("projects", "end_date"),
        ("projects", "granted_amount"),
        ("register", "granted_amount"),
        ("register", "end_date"),
        ("indicators", "outcome"),
        ("meetings", "date"),
    ],
)
def test_missing_values_skip_rules_without_crashing(tmp_path, layer, table, column):
    """A blank or unreadable cell arrives empty (None/<NA>), with its reading finding."""
    for row in layer[table]:
        row[column] = ""
    summary, findings, _ = run_layer(tmp_path, layer)
    assert summary["projekt"] == 2
    # only the presence rules may fire; no sum or comparison rule guesses with a missing value
    assert {f["rule_id"] for f in findings} <= {"V01", "V02"}


@pytest.mark.parametrize(
    "table, column, bad",
    [
        ("costs", "actual", "inte ett värde"),
        ("financing", "amount", "NaN"),
        ("indicators", "outcome", "2.5"),
        ("projects", "start_date", "1 mars 2015"),
        ("costs", "year", "2015.0"),
    ],
)
def test_a_value_the_extracted_layer_cannot_hold_is_a_message_to_rerun_extract(
    tmp_path, layer, table, column, bad
):
    """Typed hand-overs: text in an amount, date or count column means the file was not written by
    this version of extract; the stage names the file, row and column and writes nothing."""
    layer[table][0][column] = bad
    inputs, outputs = write_layer(tmp_path, layer)
    with pytest.raises(
        PipelineError, match=rf"{table}\.csv, rad 2, kolumn {column}.*python -m pipeline extract"
    ):
        validate.run(inputs, outputs)
    assert not outputs.findings.exists()


# --- Findings file, carried extract findings, order and statuses. --------------------------------


def test_extract_findings_are_carried_through_and_set_their_project_aside(tmp_path, layer):
    layer["extract_findings"].append(
        {
            "rule_id": "E07",
            "severity": "fel",
            "project_id": P2,
            "file": F2,
            "sheet": "Kostnader",
            "cell": "D3",
            "value": "ca 100 000",
            "message": "Utfallet är inte ett belopp.",
        }
    )
    find(layer, "costs", project_id=P2, row="3")["actual"] = ""
    summary, findings, statuses = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["E07"]
    assert findings[0]["message"] == "Utfallet är inte ett belopp."
    status = find({"s": statuses}, "s", project_id=P2)
    assert (status["status"], status["errors"], status["first_error"]) == (
        "set_aside",
        "1",
        "E07: Utfallet är inte ett belopp.",
    )
    assert summary == {"projekt": 2, "godkända": 1, "undantagna": 1, "fel": 1, "varning": 0}


def test_findings_are_in_a_stable_sorted_order_and_runs_are_identical(tmp_path, layer):
    find(layer, "projects", project_id=P1)["county_code"] = "02"
    find(layer, "indicators", project_id=P2, row="2")["outcome"] = "1"
    find(layer, "narratives", project_id=P1, field="lessons")["text"] = ""
    find(layer, "costs", project_id=P1, row="4")["actual"] = "-200000"
    layer["extract_findings"].append(
        {
            "rule_id": "E02",
            "severity": "varning",
            "project_id": P1,
            "file": F1,
            "sheet": "Indikatorer",
            "cell": "A10",
            "value": "",
            "message": "Okänd rad.",
        }
    )
    _, findings, _ = run_layer(tmp_path / "a", layer, frame=700_000)
    _, again, _ = run_layer(tmp_path / "b", copy.deepcopy(layer), frame=700_000)
    assert findings == sort_findings(findings) == again
    assert (tmp_path / "a/outputs/findings.csv").read_bytes() == (
        tmp_path / "b/outputs/findings.csv"
    ).read_bytes()
    assert [f["file"] for f in findings][0] == REGISTER
    assert list(findings[0]) == list(FINDING_COLUMNS)


def test_set_aside_means_any_error_and_warnings_do_not_set_aside(tmp_path, layer):
    find(layer, "indicators", project_id=P1, row="2")["outcome"] = "1"  # warning only
    find(layer, "narratives", project_id=P1, field="lessons")["text"] = ""  # warning only
    find(layer, "projects", project_id=P2)["owner"] = ""  # error
    summary, findings, statuses = run_layer(tmp_path, layer)
    by_id = {s["project_id"]: s for s in statuses}
    assert (by_id[P1]["status"], by_id[P1]["errors"], by_id[P1]["warnings"]) == ("accepted", "0", "2")
    assert (by_id[P2]["status"], by_id[P2]["errors"], by_id[P2]["warnings"]) == ("set_aside", "1", "0")
    assert by_id[P2]["first_error"].startswith("V01: Uppgiften ”Projektägare” saknas")
    assert summary == {"projekt": 2, "godkända": 1, "undantagna": 1, "fel": 1, "varning": 2}


def test_programme_level_errors_set_no_project_aside(tmp_path, layer):
    summary, findings, statuses = run_layer(tmp_path, layer, frame=100)
    assert [f["rule_id"] for f in findings] == ["V13"]
    assert {s["status"] for s in statuses} == {"accepted"}
    assert summary["fel"] == 1 and summary["undantagna"] == 0


def test_status_lists_register_only_projects_and_workbooks_without_id(tmp_path, layer):
    _rename_project(layer, F2, "")
    _, findings, statuses = run_layer(tmp_path, layer)
    assert [(s["project_id"], s["source_file"], s["status"]) for s in statuses] == [
        ("", F2, "set_aside"),
        (P1, F1, "accepted"),
        (P2, REGISTER, "set_aside"),
    ]
    assert list(statuses[0]) == list(PROJECT_STATUS_COLUMNS)
    assert only(findings, "V01")[0]["file"] == F2  # the id itself is missing
    assert statuses[0]["first_error"].startswith("V01:")


def test_duplicate_workbooks_are_both_set_aside_in_one_status_row(tmp_path, layer):
    _rename_project(layer, F2, P1)
    _, _, statuses = run_layer(tmp_path, layer)
    by_id = {s["project_id"]: s for s in statuses}
    assert by_id[P1]["source_file"] == f"{F1}; {F2}" and by_id[P1]["status"] == "set_aside"


def test_first_error_is_short(tmp_path, layer):
    find(layer, "projects", project_id=P1)["owner"] = ""
    _, _, statuses = run_layer(tmp_path, layer)
    first_error = find({"s": statuses}, "s", project_id=P1)["first_error"]
    assert first_error.startswith("V01:") and len(first_error) <= 160


# --- Missing or stale extracted layer. --------------------------------------------------------------


def test_missing_extracted_layer_says_to_run_extract(tmp_path, layer):
    inputs, outputs = write_layer(tmp_path, layer)
    outputs.extracted_table("costs").unlink()
    with pytest.raises(PipelineError, match=r"python -m pipeline extract.*make report"):
        validate.run(inputs, outputs)
    assert not outputs.findings.exists()


def test_extracted_table_with_wrong_columns_says_to_rerun_extract(tmp_path, layer):
    inputs, outputs = write_layer(tmp_path, layer)
    write_rows(outputs.extracted_table("financing"), ("project_id", "year"), [])
    with pytest.raises(PipelineError, match=r"financing\.csv.*amount.*python -m pipeline extract"):
        validate.run(inputs, outputs)


# --- Formatting helpers. --------------------------------------------------------------------------


@pytest.mark.parametrize("share, text", [("0.5", "50\u00a0%"), ("0.525", "52,5\u00a0%"), ("1", "100\u00a0%")])
def test_configured_limits_are_written_as_configured(share, text):
    from decimal import Decimal

    assert limit_percent(Decimal(share)) == text


# --- Interplay with the extract stage's findings. ---------------------------------------------------


def test_an_unreadable_workbook_gets_a_set_aside_status_row_by_file(tmp_path, layer):
    broken = "projects/trasig.xlsx"
    layer["files"].append(
        {
            "source_file": broken,
            "kind": "workbook",
            "status": "unreadable",
            "size_bytes": "0",
            "sha256": "e" * 64,
            "project_id": "",
        }
    )
    layer["extract_findings"].append(EMPTY_FILE.finding(file=broken))
    summary, _, statuses = run_layer(tmp_path, layer)
    assert [
        (s["project_id"], s["source_file"], s["status"], s["errors"], s["first_error"]) for s in statuses
    ][0] == ("", broken, "set_aside", "1", f"{EMPTY_FILE.rule_id}: {EMPTY_FILE.message}")
    assert summary["projekt"] == 3 and summary["undantagna"] == 1


def test_a_missing_label_row_reported_by_extract_is_not_reported_again(tmp_path, layer):
    find(layer, "projects", project_id=P1).update(owner="", owner_cell="")
    layer["extract_findings"].append(
        MISSING_FIELD.finding(
            project_id=P1, file=F1, sheet="Projektuppgifter", value="Projektägare", label="Projektägare"
        )
    )
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == [MISSING_FIELD.rule_id]


def test_another_sheet_level_error_does_not_hide_a_missing_fact(tmp_path, layer):
    """Only extract's missing-sheet and missing-label findings stand in for validate's; an error
    whose message merely names the sheet (here: too many rows) does not."""
    find(layer, "projects", project_id=P1).update(owner="")
    layer["extract_findings"].append(
        TOO_MANY_ROWS.finding(
            project_id=P1, file=F1, sheet="Projektuppgifter", value="Projektägare", limit=5000
        )
    )
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings if f["rule_id"] == "V01"] == ["V01"]


def test_a_missing_narrative_sheet_reported_by_extract_gives_no_narrative_warnings(tmp_path, layer):
    drop(layer, "narratives", project_id=P2)
    layer["extract_findings"].append(
        MISSING_SHEET.finding(
            project_id=P2, file=F2, sheet="Berättelse", wanted="Berättelse", present="Projektuppgifter"
        )
    )
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == [MISSING_SHEET.rule_id]


def test_a_totals_row_is_not_compared_when_a_row_above_is_unreadable(tmp_path, layer):
    find(layer, "costs", project_id=P1, row="3")["actual"] = ""
    find(layer, "workbook_totals", column="actual")["rows_sum"] = "700000"  # extract summed what it read
    _, findings, _ = run_layer(tmp_path, layer)
    assert only(findings, "V24") == []


def test_a_totals_row_of_counts_is_compared_without_kronor(tmp_path, layer):
    layer["workbook_totals"].append(
        {
            "project_id": "",
            "table": "meetings",
            "column": "participants",
            "source_file": MEETINGS,
            "sheet": "Träffar",
            "cell": "E3",
            "stated": "1400",
            "rows_sum": "",
        }
    )
    _, findings, _ = run_layer(tmp_path, layer)
    (finding,) = only(findings, "V24")
    assert (finding["project_id"], finding["file"], finding["cell"]) == ("", MEETINGS, "E3")
    assert "anger 1\u202f400 men raderna ovanför summerar till 40." in finding["message"]


# --- Through the real extract stage: the cells point into the workbooks a person opens. -----------


def test_findings_point_at_real_workbook_cells_through_extract(tmp_path):
    from pipeline.stages import extract
    from tests import factories

    root = factories.write_programme(tmp_path / "inputs", n_projects=2)
    costs = factories.default_costs(1)
    costs[0]["year"] = 2013  # Kostnader row 2, before the project's start in 2014
    factories.write_project_workbook(
        root / "projects" / "projekt_0001.xlsx",
        index=1,
        costs=costs,
        facts={"owner": None},
        overrides={("Finansiering", "C2"): 1},
    )
    inputs, outputs = InputPaths(root), OutputPaths(tmp_path / "outputs")
    extract.run(inputs, outputs, workers=1)
    summary = validate.run(inputs, outputs)
    findings = read_rows(outputs.findings)
    got = {
        (f["rule_id"], f["sheet"], f["cell"]) for f in findings if f["file"] == "projects/projekt_0001.xlsx"
    }
    assert ("V01", "Projektuppgifter", "B6") in got  # owner's value cell
    assert ("V06", "Kostnader", "A2") in got  # the year cell
    # C2 changed, the stored Summa (C11) did not: costs ≠ financing points at the Summa, and the
    # Summa row itself disagrees with its rows
    assert ("V09", "Finansiering", "C11") in got and ("V24", "Finansiering", "C11") in got
    assert summary["undantagna"] == 1 and summary["godkända"] == 1


@pytest.mark.parametrize("content", [",".join(EXTRACTED_COLUMNS["costs"]).encode() + b"\n\xff\xfe\n", None])
def test_a_damaged_extracted_table_is_a_message_not_a_traceback(tmp_path, layer, content):
    inputs, outputs = write_layer(tmp_path, layer)
    path = outputs.extracted_table("costs")
    if content is None:  # a row with a missing cell
        text = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(text[:2] + [text[2].rsplit(",", 3)[0]]) + "\n", encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(PipelineError, match=r"costs\.csv.*python -m pipeline extract"):
        validate.run(inputs, outputs)


def test_findings_point_at_the_located_cells_when_columns_are_in_another_order(tmp_path):
    """Columns are found by their header label, so a sheet may order them freely: every finding
    must name the cell where the value (or, for a sum without a Summa row, the header) really is,
    never the cell the contract's column order would suggest."""
    from pipeline.stages import extract
    from tests import factories

    root = factories.write_programme(tmp_path / "inputs", n_projects=2)
    workbook = "projects/projekt_0001.xlsx"
    costs = factories.default_costs(1)
    costs[0]["year"] = 2013  # Kostnader row 2, before the project's start in 2014
    financing = factories.default_financing(1)
    financing[1]["amount"] += 2  # public cash: financing ≠ costs by 2 kr, over the 1 kr tolerance
    factories.write_project_workbook(
        root / workbook,
        index=1,
        costs=costs,
        financing=[{}, *financing],
        totals=False,
        column_orders={
            "Kostnader": ["category", "actual", "year", "budget"],  # Utfall before År
            "Finansiering": ["amount", "year", "source"],
        },
    )
    register = [factories.register_row(1), factories.register_row(2)]
    register[1]["county_code"] = None  # Länskod missing for the second decision (row 3)
    factories.write_register(
        root / "beslutsregister.xlsx",
        register,
        column_order=[
            "end_date",
            "project_id",
            "title",
            "county_code",
            "owner",
            "decision_date",
            "granted_amount",
            "start_date",
        ],
    )
    meetings = factories.default_meetings()
    meetings[1]["date"] = dt.date(2018, 1, 10)  # after the programme period (row 3)
    factories.write_meetings(
        root / "traffar.xlsx",
        meetings,
        column_order=["meeting_type", "theme", "date", "place", "participants"],
    )
    config = root / "programme.toml"
    config.write_text(
        re.sub(r"(?m)^frame_amount\s*=\s*\d+", "frame_amount = 1", config.read_text(encoding="utf-8")),
        encoding="utf-8",
    )

    inputs, outputs = InputPaths(root), OutputPaths(tmp_path / "outputs")
    extract.run(inputs, outputs, workers=1)
    validate.run(inputs, outputs)
    findings = read_rows(outputs.findings)
    got = {
        (f["rule_id"], f["file"], f["sheet"], f["cell"])
        for f in findings
        if f["rule_id"] in ("V02", "V04", "V06", "V09", "V13", BLANK_CELL.rule_id)
    }
    assert got == {
        ("V06", workbook, "Kostnader", "C2"),  # the År cell (contract order would say A2)
        ("V09", workbook, "Finansiering", "A1"),  # the Belopp header (a guess would say A2)
        # the empty Länskod cell (contract order: B3), reported once: by extract, not again by V02
        (BLANK_CELL.rule_id, REGISTER, "Beslut", "D3"),
        ("V04", MEETINGS, "Träffar", "C3"),  # the Datum cell (contract order: A3)
        ("V13", REGISTER, "Beslut", "G1"),  # the Beviljat belopp header (contract order: F1)
    }
    extract_rules = [f["rule_id"] for f in findings if f["rule_id"].startswith("extract_")]
    assert [r for r in extract_rules if r != "extract_payments_missing"] == [BLANK_CELL.rule_id]  # issue 14


def test_sums_without_a_summa_row_point_at_the_located_header(tmp_path, layer):
    for header in layer["sheet_headers"]:  # P2's Finansiering header on row 4, Belopp in E
        if header["source_file"] == F2 and header["column"] == "amount":
            header["cell"] = "E4"
    find(layer, "financing", project_id=P2, row="3")["amount"] = "90000"
    _, findings, _ = run_layer(tmp_path, layer)
    assert [(f["file"], f["sheet"], f["cell"]) for f in only(findings, "V09")] == [(F2, "Finansiering", "E4")]


def test_a_sheet_without_a_located_header_points_at_a1(tmp_path, layer):
    layer["sheet_headers"] = [h for h in layer["sheet_headers"] if h["source_file"] != F2]
    find(layer, "financing", project_id=P2, row="3")["amount"] = "90000"
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["cell"] for f in only(findings, "V09")] == ["A1"]


@pytest.mark.parametrize("sheet, cell", [("Kostnader", "D2"), ("Finansiering", "C2"), ("Indikatorer", "C2")])
def test_a_blank_cell_in_a_data_row_is_reported_once_at_its_cell_through_extract(tmp_path, sheet, cell):
    from pipeline.stages import extract
    from tests import factories

    root = factories.write_programme(tmp_path / "inputs", n_projects=2)
    workbook = "projects/projekt_0001.xlsx"
    factories.write_project_workbook(root / workbook, index=1, overrides={(sheet, cell): None})
    inputs, outputs = InputPaths(root), OutputPaths(tmp_path / "outputs")
    extract.run(inputs, outputs, workers=1)
    summary = validate.run(inputs, outputs)
    mine = [f for f in read_rows(outputs.findings) if f["file"] == workbook]
    assert [(f["rule_id"], f["severity"], f["sheet"], f["cell"]) for f in mine if f["cell"] == cell] == [
        (BLANK_CELL.rule_id, "fel", sheet, cell)
    ]
    # No sum is compared with the blank in it: no V09/V10/V24 guess at a figure.
    assert {f["rule_id"] for f in mine} == {BLANK_CELL.rule_id}
    assert summary["undantagna"] == 1
