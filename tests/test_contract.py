"""The one rule for netting project income against costs, and the documented rules."""

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from pipeline.contract import COST_CATEGORIES, DEDUCTED_CATEGORIES, signed_cost
from pipeline.rules import READING_RULES, VALIDATION_RULES
from pipeline.rules.docs import documented_block, rule_rows, rules_markdown

INPUT_FORMAT = Path(__file__).resolve().parent.parent / "docs" / "input-format.md"


def test_only_deducted_categories_count_negative():
    assert DEDUCTED_CATEGORIES == {"project_income"}
    for code in COST_CATEGORIES.values():
        expected = Decimal("-250.50") if code in DEDUCTED_CATEGORIES else Decimal("250.50")
        assert signed_cost(code, Decimal("250.50")) == expected


# --- The rule table of docs/input-format.md is the rules' declarations. ---------------------------


def test_the_documented_rule_table_is_generated_from_the_declarations():
    committed = documented_block(INPUT_FORMAT.read_text(encoding="utf-8"))
    assert committed, "docs/input-format.md has no generated rule table (run `make generated`)"
    assert committed == rules_markdown(), "regenerate the table with `make generated`"


def test_every_rule_is_in_the_documented_table_with_its_severity_and_checks_sentence():
    rows = {}
    for line in documented_block(INPUT_FORMAT.read_text(encoding="utf-8")).splitlines()[2:]:
        rule_id, stage, severity, checks = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[rule_id.strip("`")] = (stage, severity, checks)
    declared = {r.rule_id: ("extract", r.severity, r.checks) for r in READING_RULES}
    declared |= {r.rule_id: ("validate", r.severity, r.checks) for r in VALIDATION_RULES}
    assert rows == declared
    ids = [r.rule_id for r in VALIDATION_RULES]
    assert ids == [f"V{n:02d}" for n in range(1, len(ids) + 1)]  # consecutive, V35 since issue 22


def test_the_generated_table_fails_on_a_changed_declaration():
    rule = VALIDATION_RULES[0]
    assert rule_rows("validate", [replace(rule, severity="varning")]) != rule_rows("validate", [rule])
    assert rule_rows("validate", [replace(rule, checks="A | B.")]) == [
        f"| `{rule.rule_id}` | validate | fel | A \\| B. |"
    ]
