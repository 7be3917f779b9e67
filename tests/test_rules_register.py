"""The validation rules on the decision register against the workbooks (V14–V21, V26, V27): each fails at the cell to fix and passes at its boundary
(pipeline/rules/register.py; the valid layer and the checks are in tests/validation_layer.py)."""

from __future__ import annotations

from tests.validation_layer import (
    F1,
    F2,
    FRAME,
    P1,
    P2,
    REGISTER,
    all_of,
    cost_row,
    drop_rows,
    duplicate_register_row,
    find,
    only,
    rename_project,
    rule_case_tests,
    run_layer,
    set_row,
)

FAIL_CASES = [
    ("V14", lambda layer: layer.update(register=[]), FRAME, [("", REGISTER, "Beslut", "A1")]),
    (
        "V15",
        all_of(
            drop_rows("projects", project_id=P2),
            drop_rows("costs", project_id=P2),
            drop_rows("financing", project_id=P2),
            drop_rows("indicators", project_id=P2),
            drop_rows("narratives", project_id=P2),
            drop_rows("files", project_id=P2),  # no file at all (one that is there: below)
        ),
        FRAME,
        [(P2, REGISTER, "Beslut", "A3")],
    ),
    ("V16", drop_rows("register", project_id=P2), FRAME, [(P2, F2, "Projektuppgifter", "B3")]),
    (
        "V17",
        lambda layer: rename_project(layer, F2, P1),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B3"), (P1, F2, "Projektuppgifter", "B3")],
    ),
    ("V18", duplicate_register_row, FRAME, [(P1, REGISTER, "Beslut", "A2"), (P1, REGISTER, "Beslut", "A4")]),
    (
        "V19",
        set_row("register", {"project_id": P1}, county_code="12"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B5")],
    ),
    (
        "V20",
        set_row("projects", {"project_id": P1}, granted_amount="450000"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B11")],
    ),
    (
        "V21",
        set_row("projects", {"project_id": P2}, end_date="2017-12-31"),
        FRAME,
        [(P2, F2, "Projektuppgifter", "B10")],
    ),
    (
        "V26",
        set_row("register", {"project_id": P2}, title="Kompetensplattform Stockholm"),
        FRAME,
        [(P2, F2, "Projektuppgifter", "B4")],
    ),
    (
        "V27",
        set_row("register", {"project_id": P2}, end_date="2016-12-31"),
        FRAME,
        [(P2, F2, "Kostnader", "A3"), (P2, F2, "Finansiering", "A4")],
    ),
]

PASS_CASES = [
    ("V20", set_row("projects", {"project_id": P1}, granted_amount="499999")),  # within tolerance,
    ("V14", drop_rows("register", project_id=P2)),  # one decision is a register,
    ("V15", lambda layer: None),  # each decision has exactly one workbook,
    ("V16", lambda layer: layer.update(register=[])),  # V14 says it once, not V16 per workbook,
    (
        "V17",
        all_of(
            lambda layer: rename_project(layer, F1, ""),  # workbooks without an id are not
            lambda layer: rename_project(layer, F2, ""),
        ),
    ),  # duplicates of each other,
    ("V18", set_row("register", {"project_id": P2}, project_id="")),  # one blank id is not a duplicate,
    ("V19", set_row("register", {"project_id": P1}, county_code="99")),  # unknown code: V03 only,
    ("V21", set_row("register", {"project_id": P2}, end_date="")),  # no decided date: V02 only,
    ("V26", set_row("register", {"project_id": P2}, title="  kompetensPLATTFORM ")),  # case and spaces,
    ("V27", set_row("register", {"project_id": P2}, end_date="2017-01-31")),  # the decided end's year counts,
    (
        "V27",
        all_of(
            set_row("register", {"project_id": P2}, end_date="2016-12-31"),  # outside the workbook's
            set_row("projects", {"project_id": P2}, end_date="2016-12-31"),
        ),
    ),  # period too: V06 only,
]


test_rule_fires_at_the_cell_to_fix, test_rule_passes_at_its_boundary = rule_case_tests(FAIL_CASES, PASS_CASES)


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
    layer["costs"].append(cost_row(P2, F2, 4, 2017, "travel", 10000))  # a second 2017 cost row
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


def test_a_prolonged_project_is_a_warning_not_an_error(tmp_path, layer):
    find(layer, "projects", project_id=P2)["end_date"] = "2017-12-31"
    summary, findings, statuses = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["V21"]
    assert "2017-06-30" in findings[0]["message"]
    assert find({"s": statuses}, "s", project_id=P2)["status"] == "accepted"
    assert summary["varning"] == 1 and summary["fel"] == 0


def test_a_register_project_with_two_workbooks_is_reported_at_the_register_too(tmp_path, layer):
    rename_project(layer, F2, P1)
    _, findings, _ = run_layer(tmp_path, layer)
    v15 = only(findings, "V15")
    assert {(f["project_id"], f["cell"]) for f in v15} == {(P1, "A2"), (P2, "A3")}
    assert "2 projektarbetsböcker" in next(f for f in v15 if f["project_id"] == P1)["message"]


def test_register_missing_gives_one_finding_not_one_per_project(tmp_path, layer):
    layer["register"] = []
    _, findings, statuses = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["V14"]
    assert {s["status"] for s in statuses} == {"accepted"}


def _unreadable_p2(layer, project_id):
    """P2's workbook is there but could not be read (extract tied it to P2 by its name, or not)."""
    for table in ("projects", "costs", "financing", "indicators", "narratives", "workbook_totals"):
        layer[table] = [row for row in layer[table] if row["source_file"] != F2]
    find(layer, "files", source_file=F2).update(status="unreadable", project_id=project_id)


def test_a_decision_whose_workbook_could_not_be_read_is_not_one_without_a_workbook(tmp_path, layer):
    _unreadable_p2(layer, P2)
    _, findings, _ = run_layer(tmp_path, layer)
    assert not only(findings, "V15")


def test_a_decision_without_a_read_workbook_names_the_files_that_were_not_read(tmp_path, layer):
    _unreadable_p2(layer, "")
    _, findings, _ = run_layer(tmp_path, layer)
    (v15,) = only(findings, "V15")
    assert v15["project_id"] == P2
    assert f"har 0 projektarbetsböcker som kunde läsas (lästes inte: {F2};" in v15["message"]
