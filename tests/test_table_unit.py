"""The unit of the programme's tables of amounts: tkr, and mnkr for a very large programme."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from pipeline.formatting import NO_VALUE, format_in_unit, format_millions, format_thousands
from pipeline.stages.render import context as report_context_module
from pipeline.stages.render import report_context
from pipeline.stages.render.context import MNKR_FROM, table_unit
from pipeline.stages.render.templating import render_html

_TOTALS = {"budget_total": None, "total_cost": None, "financing_total": None, "granted_amount": None}


@pytest.mark.parametrize(
    ("name", "amount", "unit"),
    [
        ("budget_total", MNKR_FROM - 1, "tkr"),
        ("budget_total", MNKR_FROM, "mnkr"),
        ("total_cost", -MNKR_FROM, "mnkr"),  # a size, whatever its sign
        ("granted_amount", MNKR_FROM, "mnkr"),
        ("financing_total", Decimal(0), "tkr"),
    ],
)
def test_the_largest_programme_total_decides_the_unit(name, amount, unit):
    assert table_unit({**_TOTALS, name: amount}, []) == unit


def test_a_cost_category_before_income_is_deducted_counts_too():
    # Personnel's outcome is over the net total cost when the projects' income is large.
    categories = [{"budget": MNKR_FROM - 1, "actual": MNKR_FROM}, {"budget": None, "actual": Decimal(5)}]
    assert table_unit({**_TOTALS, "total_cost": MNKR_FROM - 2}, categories) == "mnkr"
    assert table_unit({**_TOTALS, "total_cost": MNKR_FROM - 2}, categories[1:]) == "tkr"


def test_an_amount_in_a_tables_unit_has_no_unit_of_its_own():
    assert format_millions(Decimal("14911184000")) == "14\u202f911,2"
    assert format_in_unit(Decimal("14911184000"), "mnkr") == format_millions(Decimal("14911184000"))
    assert format_in_unit(1_234_567, "tkr") == format_thousands(1_234_567) == "1\u202f235"
    assert format_in_unit(None, "mnkr") == NO_VALUE
    with pytest.raises(ValueError, match="no table unit 'kkr'"):
        format_in_unit(1, "kkr")


def _captions(html: str) -> dict[str, str]:
    return dict(re.findall(r'<caption id="([^"]+)">([^<]*)', html))


def test_a_very_large_programme_has_its_tables_in_mnkr_and_the_profiles_in_tkr(
    small_programme, tmp_path, monkeypatch
):
    inputs, outputs = small_programme.copy_to(tmp_path)
    monkeypatch.setattr(report_context_module, "MNKR_FROM", Decimal(1))
    context, _ = report_context(inputs, outputs)
    html = render_html(context)
    captions = _captions(html)
    for table in ("tabell-ar", "tabell-kostnadsslag", "tabell-finansiering", "tabell-lan", "tabell-lan-ar"):
        assert captions[table].endswith("(mnkr)"), captions[table]
    profile_captions = [text for anchor, text in captions.items() if anchor.endswith("-fakta")]
    assert profile_captions and all(text.endswith("(tkr)") for text in profile_captions)
    total_cost = context["totals"]["total_cost"]
    assert f'<td class="num">{format_millions(total_cost)}</td>' in html
    assert "i tabeller i tkr och mnkr är varje cell avrundad för sig" in html


def test_a_programme_of_the_usual_size_has_its_tables_in_tkr(small_programme, tmp_path):
    inputs, outputs = small_programme.copy_to(tmp_path)
    context, _ = report_context(inputs, outputs)
    captions = _captions(render_html(context))
    assert context["table_unit"] == "tkr"
    assert captions["tabell-kostnadsslag"].endswith("(tkr)")
