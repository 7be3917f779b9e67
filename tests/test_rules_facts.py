"""The validation rules on single facts: presence, county codes, dates and years (V01–V06): each fails at the cell to fix and passes at its boundary
(pipeline/rules/facts.py; the valid layer and the checks are in tests/validation_layer.py)."""

from __future__ import annotations

from tests.validation_layer import (
    F1,
    F2,
    FRAME,
    MEETINGS,
    P1,
    P2,
    REGISTER,
    find,
    rule_case_tests,
    run_layer,
    set_row,
)

FAIL_CASES = [
    ("V01", set_row("projects", {"project_id": P1}, owner=""), FRAME, [(P1, F1, "Projektuppgifter", "B6")]),
    (
        "V01",
        set_row("projects", {"project_id": P1}, title="", title_cell=""),
        FRAME,  # label row missing
        [(P1, F1, "Projektuppgifter", "A1")],
    ),
    ("V02", set_row("register", {"project_id": P1}, owner=""), FRAME, [(P1, REGISTER, "Beslut", "C2")]),
    (
        "V03",
        set_row("projects", {"project_id": P1}, county_code="02"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B5")],
    ),
    (
        "V03",
        set_row("register", {"project_id": P2}, county_code="99"),
        FRAME,
        [(P2, REGISTER, "Beslut", "B3")],
    ),
    (
        "V04",
        set_row("projects", {"project_id": P1}, start_date="2012-12-31"),
        FRAME,
        [(P1, F1, "Projektuppgifter", "B9")],
    ),
    (
        "V04",
        set_row("register", {"project_id": P2}, end_date="2018-01-01"),
        FRAME,
        [(P2, REGISTER, "Beslut", "H3")],
    ),
    ("V04", set_row("meetings", {"row": "2"}, date="2018-01-10"), FRAME, [("", MEETINGS, "Träffar", "A2")]),
    (
        "V05",
        set_row("projects", {"project_id": P2}, end_date="2015-02-28"),
        FRAME,
        [(P2, F2, "Projektuppgifter", "B10")],
    ),
    (
        "V05",
        set_row("register", {"project_id": P1}, start_date="2017-01-01"),
        FRAME,
        [(P1, REGISTER, "Beslut", "H2")],
    ),
    (
        "V06",
        set_row("costs", {"project_id": P2, "row": "3"}, year="2014"),
        FRAME,
        [(P2, F2, "Kostnader", "A3")],
    ),
    (
        "V06",
        set_row("financing", {"project_id": P1, "row": "7"}, year="2017"),
        FRAME,
        [(P1, F1, "Finansiering", "A7")],
    ),
]

PASS_CASES = [
    ("V04", set_row("projects", {"project_id": P2}, end_date="2017-12-31")),  # the period's last day,
    ("V06", set_row("costs", {"project_id": P2, "row": "3"}, year="2015")),
    ("V01", set_row("projects", {"project_id": P1}, owner="  Region X")),  # spaces around a value,
    ("V02", set_row("register", {"project_id": P1}, owner=" Region X ")),
    ("V03", set_row("projects", {"project_id": P1}, county_code="25")),  # the highest code,
    ("V05", set_row("projects", {"project_id": P1}, end_date="2014-01-01")),  # a one-day project,
]


test_rule_fires_at_the_cell_to_fix, test_rule_passes_at_its_boundary = rule_case_tests(FAIL_CASES, PASS_CASES)


def test_invalid_county_is_not_also_reported_as_disagreeing_with_the_register(tmp_path, layer):
    find(layer, "projects", project_id=P1)["county_code"] = "02"
    _, findings, _ = run_layer(tmp_path, layer)
    assert [f["rule_id"] for f in findings] == ["V03"]
