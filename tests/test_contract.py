"""The one rule for netting project income against costs."""

from decimal import Decimal

from pipeline.contract import COST_CATEGORIES, DEDUCTED_CATEGORIES, signed_cost


def test_only_deducted_categories_count_negative():
    assert DEDUCTED_CATEGORIES == {"project_income"}
    for code in COST_CATEGORIES.values():
        expected = Decimal("-250.50") if code in DEDUCTED_CATEGORIES else Decimal("250.50")
        assert signed_cost(code, Decimal("250.50")) == expected
