"""The validate stage as a whole: the valid layer passes every rule, every rule has its cases, and
the stage's own work is right (statuses, the findings file, a missing or stale layer, the findings
the extract stage carried, cells through the real extract stage).

The cases of each rule (it fires at the cell to fix, passes at its boundary) stand beside their
module: tests/test_rules_facts.py, _money, _outcomes, _register, and tests/test_payments_rules.py.
The valid two-project layer and the tools to break it are in tests/validation_layer.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import re

import pytest

from pipeline import catalog
from pipeline.config import load_config
from pipeline.contract import (
    EXTRACTED_COLUMNS,
    FINDING_COLUMNS,
    PROJECT_STATUS_COLUMNS,
)
from pipeline.errors import PipelineError
from pipeline.paths import InputPaths, OutputPaths
from pipeline.rules import payments as payment_rules
from pipeline.rules.base import sort_findings
from pipeline.rules.layer import limit_percent
from pipeline.rules.reading import BLANK_CELL, EMPTY_FILE, MISSING_FIELD, MISSING_SHEET, TOO_MANY_ROWS
from pipeline.safe_io import read_rows, write_rows
from pipeline.stages import validate
from tests import test_rules_facts, test_rules_money, test_rules_outcomes, test_rules_register
from tests.validation_layer import (
    F1,
    F2,
    MEETINGS,
    P1,
    P2,
    REGISTER,
    drop,
    extract_flags_register,
    find,
    only,
    rename_project,
    run_layer,
    write_layer,
)

# --- The valid layer passes every rule. -----------------------------------------------------------


def test_valid_layer_has_no_findings_and_every_project_is_accepted(tmp_path, layer):
    summary, findings, statuses = run_layer(tmp_path, layer)
    assert findings == []
    assert summary == {
        "projekt": 2,
        "godkända": 2,
        "undantagna": 0,
        "utan arbetsbok": 0,
        "fel": 0,
        "varning": 0,
    }
    assert [
        (s["project_id"], s["source_file"], s["status"], s["errors"], s["warnings"], s["first_error"])
        for s in statuses
    ] == [(P1, F1, "accepted", "0", "0", ""), (P2, F2, "accepted", "0", "0", "")]


# --- Every rule fails at the right place. ----------------------------------------------------------
# Each case: (rule id, mutation of the valid layer, frame, expected findings of that rule as
# (project_id, file, sheet, cell)). Severity is checked against the rule's declaration.


def test_every_rule_has_a_failing_case_and_an_evaluating_function():
    ids = [r.rule_id for r in validate.RULES]
    assert len(ids) == len(set(ids))
    assert all(callable(r.check) for r in validate.RULES)
    # Each rule module's cases stand in tests/test_rules_<module>.py, the payment rules' (issue 14)
    # in tests/test_payments_rules.py.
    payment_ids = {r.rule_id for r in payment_rules.RULES}
    for module in (test_rules_facts, test_rules_money, test_rules_outcomes, test_rules_register):
        rules = importlib.import_module(f"pipeline.rules.{module.__name__.rpartition('_')[2]}").RULES
        assert {case[0] for case in module.FAIL_CASES} == {r.rule_id for r in rules}, module.__name__
        assert {case[0] for case in module.PASS_CASES} == {r.rule_id for r in rules}, module.__name__
    assert {r.rule_id for r in validate.RULES} - payment_ids == {
        r.rule_id
        for module in ("facts", "money", "outcomes", "register")
        for r in importlib.import_module(f"pipeline.rules.{module}").RULES
    }
    assert {r.severity for r in validate.RULES} == {"fel", "varning"}
    assert all(r.checks.endswith(".") and r.message for r in validate.RULES)


# --- Boundaries that must pass. ------------------------------------------------------------------


# --- Details of individual rules. ------------------------------------------------------------------


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


def test_register_reported_missing_by_extract_is_not_reported_again(tmp_path, layer):
    layer["register"] = []
    extract_flags_register(layer)
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["E01"]


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
    assert summary == {
        "projekt": 2,
        "godkända": 1,
        "undantagna": 1,
        "utan arbetsbok": 0,
        "fel": 1,
        "varning": 0,
    }


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
    assert summary == {
        "projekt": 2,
        "godkända": 1,
        "undantagna": 1,
        "utan arbetsbok": 0,
        "fel": 1,
        "varning": 2,
    }


def test_programme_level_errors_set_no_project_aside(tmp_path, layer):
    summary, findings, statuses = run_layer(tmp_path, layer, frame=100)
    assert [f["rule_id"] for f in findings] == ["V13"]
    assert {s["status"] for s in statuses} == {"accepted"}
    assert summary["fel"] == 1 and summary["undantagna"] == 0


def test_status_lists_register_only_projects_and_workbooks_without_id(tmp_path, layer):
    rename_project(layer, F2, "")
    _, findings, statuses = run_layer(tmp_path, layer)
    assert [(s["project_id"], s["source_file"], s["status"]) for s in statuses] == [
        ("", F2, "set_aside"),
        (P1, F1, "accepted"),
        (P2, REGISTER, "no_workbook"),  # no workbook with its id: awaiting its report
    ]
    assert list(statuses[0]) == list(PROJECT_STATUS_COLUMNS)
    assert only(findings, "V01")[0]["file"] == F2  # the id itself is missing
    assert statuses[0]["first_error"].startswith("V01:")


def test_every_decision_without_a_workbook_awaits_its_report_none_is_set_aside(tmp_path, layer):
    # Both decisions' workbooks have not come in: both share the register's file, so the file
    # alone is no key of project_status (issue 22); each is known by its ärende-id.
    for table in ("projects", "costs", "financing", "indicators", "narratives", "workbook_totals", "files"):
        layer[table] = [row for row in layer[table] if row.get("source_file") not in (F1, F2)]
    summary, findings, statuses = run_layer(tmp_path, layer)
    assert [(s["project_id"], s["source_file"], s["status"], s["errors"]) for s in statuses] == [
        (P1, REGISTER, "no_workbook", "1"),
        (P2, REGISTER, "no_workbook", "1"),
    ]
    assert [(f["rule_id"], f["project_id"], f["severity"]) for f in only(findings, "V15")] == [
        ("V15", P1, "fel"),
        ("V15", P2, "fel"),
    ]
    assert (summary["godkända"], summary["undantagna"], summary["utan arbetsbok"]) == (0, 0, 2)


def test_duplicate_workbooks_are_both_set_aside_in_one_status_row(tmp_path, layer):
    rename_project(layer, F2, P1)
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
