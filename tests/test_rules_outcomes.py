"""The validation rules on indicators and the narrative (V22, V23, V25): each fails at the cell to fix and passes at its boundary
(pipeline/rules/outcomes.py; the valid layer and the checks are in tests/validation_layer.py)."""

from __future__ import annotations

from tests.validation_layer import (
    F1,
    F2,
    FRAME,
    P1,
    P2,
    drop_rows,
    rule_case_tests,
    set_row,
)

FAIL_CASES = [
    (
        "V22",
        set_row("indicators", {"project_id": P1, "row": "2"}, target="-4"),
        FRAME,
        [(P1, F1, "Indikatorer", "B2")],
    ),
    (
        "V22",
        set_row("indicators", {"project_id": P2, "row": "2"}, outcome="-1"),
        FRAME,
        [(P2, F2, "Indikatorer", "C2")],
    ),
    (
        "V23",
        set_row("indicators", {"project_id": P1, "row": "2"}, outcome="1"),
        FRAME,
        [(P1, F1, "Indikatorer", "C2")],
    ),
    (
        "V25",
        set_row("narratives", {"project_id": P2, "field": "lessons"}, text="  "),
        FRAME,
        [(P2, F2, "Berättelse", "B2")],
    ),
    ("V25", drop_rows("narratives", project_id=P1, field="results"), FRAME, [(P1, F1, "Berättelse", "A1")]),
]

PASS_CASES = [
    ("V23", set_row("indicators", {"project_id": P1, "row": "2"}, outcome="2")),  # exactly half the target,
    ("V23", set_row("indicators", {"project_id": P1, "row": "2"}, target="0", outcome="0")),
    ("V22", set_row("indicators", {"project_id": P1, "row": "2"}, target="0", outcome="0")),
    ("V25", drop_rows("narratives", project_id=P1, field="good_example")),  # optional,
]


test_rule_fires_at_the_cell_to_fix, test_rule_passes_at_its_boundary = rule_case_tests(FAIL_CASES, PASS_CASES)
