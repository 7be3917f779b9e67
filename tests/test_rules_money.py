"""The validation rules on amounts: signs, sums, the agency's share, the grant and the frame (V07–V13, V24): each fails at the cell to fix and passes at its boundary
(pipeline/rules/money.py; the valid layer and the checks are in tests/validation_layer.py)."""

from __future__ import annotations

from tests.validation_layer import (
    F1,
    F2,
    FRAME,
    P1,
    P2,
    REGISTER,
    all_of,
    drop_rows,
    find,
    only,
    rule_case_tests,
    run_layer,
    set_row,
)

FAIL_CASES = [
    (
        "V07",
        set_row("costs", {"project_id": P1, "row": "2"}, actual="-5"),
        FRAME,
        [(P1, F1, "Kostnader", "D2")],
    ),
    (
        "V07",
        set_row("financing", {"project_id": P2, "row": "3"}, amount="-100000"),
        FRAME,
        [(P2, F2, "Finansiering", "C3")],
    ),
    (
        "V07",
        set_row("register", {"project_id": P2}, granted_amount="-300000"),
        FRAME,
        [(P2, REGISTER, "Beslut", "F3")],
    ),
    ("V08", drop_rows("costs", project_id=P2), FRAME, [(P2, F2, "Kostnader", "A1")]),
    (
        "V09",
        set_row("financing", {"project_id": P1, "row": "3"}, amount="200002"),
        FRAME,  # the Summa cell
        [(P1, F1, "Finansiering", "C8")],
    ),
    (
        "V09",
        set_row("financing", {"project_id": P2, "row": "3"}, amount="90000"),
        FRAME,  # no Summa: header
        [(P2, F2, "Finansiering", "C1")],
    ),
    (
        "V10",
        all_of(
            set_row("financing", {"project_id": P2, "row": "2"}, amount="120000"),
            set_row("financing", {"project_id": P2, "row": "3"}, amount="80000"),
        ),
        FRAME,
        [(P2, F2, "Finansiering", "C1")],
    ),
    (
        "V11",
        all_of(
            set_row("financing", {"project_id": P1, "row": "2"}, amount="250000"),
            set_row("financing", {"project_id": P1, "row": "3"}, amount="150000"),
            set_row("financing", {"project_id": P1, "row": "4"}, amount="100000"),
            set_row("financing", {"project_id": P1, "row": "5"}, amount="200000"),
        ),
        FRAME,
        [(P1, F1, "Finansiering", "C2")],
    ),
    (
        "V12",
        set_row("register", {"project_id": P1}, granted_amount="350000"),
        FRAME,
        [(P1, F1, "Finansiering", "C8")],
    ),
    ("V13", lambda layer: None, 799_999, [("", REGISTER, "Beslut", "F1")]),
    (
        "V24",
        set_row("workbook_totals", {"column": "actual"}, stated="999999"),
        FRAME,
        [(P1, F1, "Kostnader", "D6")],
    ),
    (
        "V24",
        set_row("workbook_totals", {"column": "amount"}, stated="800001", rows_sum=""),
        FRAME,  # recomputed
        [(P1, F1, "Finansiering", "C8")],
    ),
]

PASS_CASES = [
    ("V09", set_row("financing", {"project_id": P1, "row": "3"}, amount="200001")),  # exactly the tolerance,
    ("V10", lambda layer: None),  # exactly 50 %,
    (
        "V11",
        all_of(
            set_row("financing", {"project_id": P1, "row": "2"}, amount="199999"),
            set_row("financing", {"project_id": P1, "row": "3"}, amount="200001"),
        ),
    ),
    ("V12", set_row("register", {"project_id": P1}, granted_amount="400000")),  # paid == granted,
    ("V13", lambda layer: None),  # frame 800 000 == Σ granted, below,
    ("V24", set_row("workbook_totals", {"column": "actual"}, stated="1000000.00")),
    ("V07", set_row("costs", {"project_id": P1, "row": "2"}, actual="0")),  # zero is not negative,
    ("V08", drop_rows("costs", project_id=P2, row="3")),  # one cost row is enough,
]


test_rule_fires_at_the_cell_to_fix, test_rule_passes_at_its_boundary = rule_case_tests(FAIL_CASES, PASS_CASES)


def test_sum_messages_give_both_figures_in_swedish_style(tmp_path, layer):
    find(layer, "financing", project_id=P1, row="3")["amount"] = "200002.50"
    _, findings, _ = run_layer(tmp_path, layer)
    (finding,) = only(findings, "V09")
    # The report's formatter: narrow no-break spaces between groups, a no-break space before "kr".
    assert "800\u202f000\u00a0kr" in finding["message"] and "800\u202f002,50\u00a0kr" in finding["message"]
    assert finding["value"] == "800002.50"


def test_project_income_is_deducted_from_the_total_cost(tmp_path, layer):
    # Without the deduction P1's cost would be 1 000 000 and financing 800 000 would not match.
    _, findings, _ = run_layer(tmp_path, layer)
    assert only(findings, "V09") == [] and only(findings, "V10") == []


def test_agency_over_granted_uses_the_workbook_when_the_register_has_no_amount(tmp_path, layer):
    find(layer, "register", project_id=P1)["granted_amount"] = ""
    find(layer, "projects", project_id=P1)["granted_amount"] = "399999"
    _, findings, _ = run_layer(tmp_path, layer)
    (finding,) = only(findings, "V12")
    assert (finding["project_id"], finding["cell"]) == (P1, "C8")
    assert "399\u202f999\u00a0kr" in finding["message"] and "Projektuppgifter" in finding["message"]
    assert [f["cell"] for f in only(findings, "V02")] == ["F2"]
