"""The pure `aggregate(frames, config, rules)` on tiny inline frames: what each figure means
(issue 10), exactly, to the öre. The stage on real files is tested in tests/test_aggregate.py."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import pipeline.rules
from pipeline import catalog
from pipeline.config import load_config
from pipeline.errors import ReconciliationError
from pipeline.rules.base import Rule
from pipeline.stages import aggregate
from pipeline.stages.aggregate.inputs import INPUT_TABLES
from tests.goldens import (
    FIXTURE,
)

CONFIG = load_config(FIXTURE / "inputs" / "programme.toml")  # frame 1 000 000 kr, years 2013–2017
A, B, C = "Ä 2014-000001", "Ä 2014-000002", "Ä 2014-000003"  # accepted, set aside, no workbook


def inline_frames(**records: list[dict]) -> dict[str, pd.DataFrame]:
    """Typed input frames (catalog.frame_from_records), empty where a table is not given."""
    return {name: catalog.frame_from_records(name, records.get(name, [])) for name in INPUT_TABLES}


def cost(pid: str, category: str, budget: int, actual: int, row: int, file: str = "a.xlsx") -> dict:
    return {
        "project_id": pid,
        "year": 2014,
        "category": category,
        "source_file": file,
        "sheet": "Kostnader",
        "row": row,
        "budget": Decimal(budget),
        "actual": Decimal(actual),
    }


def financing(pid: str, source: str, amount: int, row: int, file: str = "a.xlsx") -> dict:
    return {
        "project_id": pid,
        "year": 2014,
        "source": source,
        "source_file": file,
        "sheet": "Finansiering",
        "row": row,
        "amount": Decimal(amount),
    }


def decision(pid: str, granted: int, row: int) -> dict:
    return {
        "project_id": pid,
        "county_code": "01",
        "granted_amount": Decimal(granted),
        "source_file": "beslutsregister.xlsx",
        "sheet": "Beslut",
        "row": row,
        "granted_amount_cell": f"F{row}",
    }


def programme(register: list[dict] | None = None) -> dict[str, pd.DataFrame]:
    """A accepted (net budget 900, net cost 850, 150 of it in kind); B set aside; C has no workbook."""
    return inline_frames(
        projects=[
            {
                "project_id": A,
                "county_code": "01",
                "title": "A",
                "owner": "Region A",
                "granted_amount": Decimal(500),
                "source_file": "a.xlsx",
                "sheet": "Projektuppgifter",
            },
            {
                "project_id": B,
                "county_code": "03",
                "title": "B",
                "owner": "Region B",
                "granted_amount": Decimal(2000),
                "source_file": "b.xlsx",
                "sheet": "Projektuppgifter",
            },
        ],
        costs=[
            cost(A, "personnel", 1000, 900, 2),
            cost(A, "project_income", 100, 50, 3),
            cost(B, "personnel", 5000, 5000, 2, "b.xlsx"),
        ],
        financing=[
            financing(A, "tillvaxtverket", 400, 2),
            financing(A, "public_cash", 300, 3),
            financing(A, "private_in_kind", 150, 4),
            financing(B, "tillvaxtverket", 5000, 2, "b.xlsx"),
        ],
        register=register
        if register is not None
        else [decision(A, 500, 2), decision(B, 2000, 3), decision(C, 300, 4)],
        project_status=[
            {"project_id": A, "source_file": "a.xlsx", "status": "accepted", "errors": 0},
            {"project_id": B, "source_file": "b.xlsx", "status": "set_aside", "errors": 1},
        ],
    )


def test_granted_is_every_register_decision_split_by_what_became_of_the_workbook():
    tables = aggregate.aggregate(programme(), CONFIG, rules=())
    aggregate.reconcile(tables)
    totals = tables["programme_totals"].iloc[0]
    assert totals["granted_register_total"] == Decimal(2800)  # 500 + 2 000 + 300
    assert (totals["granted_accepted"], totals["granted_set_aside"], totals["granted_without_workbook"]) == (
        Decimal(500),
        Decimal(2000),
        Decimal(300),
    )
    assert totals["granted_amount"] == totals["granted_accepted"]  # today's figure is unchanged
    counts = (totals["decisions"], totals["decisions_set_aside"], totals["decisions_without_workbook"])
    assert counts == (3, 1, 1)
    assert totals["frame_remaining"] == Decimal(1_000_000 - 2800)
    decisions = tables["register_decisions"]
    assert dict(zip(decisions["project_id"], decisions["workbook_status"], strict=True)) == {
        A: "accepted",
        B: "set_aside",
        C: "no_workbook",
    }
    assert catalog.to_csv_bytes("register_decisions", decisions).decode().splitlines()[3] == (
        f"{C},01,Stockholms län,,,,300,no_workbook,beslutsregister.xlsx,Beslut,4,F4"
    )


def test_a_decision_whose_workbook_could_not_be_read_is_set_aside_not_awaiting_its_report():
    # Extract tied the unreadable c.xlsb to C by its file name: validate set it aside with its fel.
    frames = programme()
    unreadable = {"project_id": C, "source_file": "projects/c.xlsb", "status": "set_aside", "errors": 1}
    frames["project_status"] = pd.concat(
        [frames["project_status"], inline_frames(project_status=[unreadable])["project_status"]],
        ignore_index=True,
    )
    tables = aggregate.aggregate(frames, CONFIG, rules=())
    decisions = tables["register_decisions"]
    statuses = dict(zip(decisions["project_id"], decisions["workbook_status"], strict=True))
    assert statuses == {A: "accepted", B: "set_aside", C: "set_aside"}
    assert tables["programme_totals"].iloc[0]["decisions_without_workbook"] == 0


def test_cash_cost_and_the_agencys_share_of_it_stand_beside_the_share_of_total_cost():
    totals = aggregate.aggregate(programme(), CONFIG, rules=())["programme_totals"].iloc[0]
    assert (totals["total_cost"], totals["in_kind_total"], totals["cash_cost"]) == (
        Decimal(850),
        Decimal(150),
        Decimal(700),
    )  # 900 − 50 income; 150 of it matched in kind
    assert totals["agency_share_weighted_pct"] == Decimal("47.1")  # 400 / 850 = 47.06 %
    assert totals["agency_share_of_cash_pct"] == Decimal("57.1")  # 400 / 700 = 57.14 %


def test_budget_and_cost_are_compared_net_of_project_income_on_both_sides():
    totals = aggregate.aggregate(programme(), CONFIG, rules=())["programme_totals"].iloc[0]
    assert (totals["budget_total"], totals["total_cost"]) == (Decimal(900), Decimal(850))
    assert totals["cost_of_budget_pct"] == Decimal("94.4")  # 850 / 900, not gross 900 / 1 000 = 90 %


def test_category_tables_carry_each_amount_with_the_sign_it_counts_with_in_the_totals():
    tables = aggregate.aggregate(programme(), CONFIG, rules=())
    totals = tables["category_totals"].set_index("category")
    assert totals.loc["personnel", ["budget_signed", "actual_signed", "deducted"]].tolist() == [
        Decimal(1000),
        Decimal(900),
        False,
    ]
    assert totals.loc["project_income", ["budget", "actual"]].tolist() == [Decimal(100), Decimal(50)]
    assert totals.loc["project_income", ["budget_signed", "actual_signed", "deducted"]].tolist() == [
        Decimal(-100),
        Decimal(-50),
        True,
    ]
    assert totals.loc[totals["deducted"]].index.tolist() == ["project_income"]
    by_year = tables["category_by_year"].set_index(["category", "year"])
    assert by_year.loc[("project_income", 2014), ["actual", "actual_signed"]].tolist() == [
        Decimal(50),
        Decimal(-50),
    ]
    assert by_year.loc[("project_income", 2013), "actual_signed"] == 0  # a year with no rows
    programme_totals = tables["programme_totals"].iloc[0]
    assert sum(totals["actual_signed"]) == sum(by_year["actual_signed"]) == programme_totals["total_cost"]
    assert sum(totals["budget_signed"]) == programme_totals["budget_total"] == Decimal(900)


@pytest.mark.parametrize(
    ("table_name", "column", "message"),
    [
        (
            "category_by_year",
            "actual_signed",
            "Avstämningen av total kostnad stämmer inte: Σ utfall med tecken per kostnadsslag och år "
            "(category_by_year.csv, actual_signed) 950\u00a0kr ≠ programtotal 850\u00a0kr.",
        ),
        (
            "category_totals",
            "actual_signed",
            "Avstämningen av total kostnad stämmer inte: Σ utfall med tecken per kostnadsslag hela "
            "perioden (category_totals.csv, actual_signed) 950\u00a0kr ≠ programtotal 850\u00a0kr.",
        ),
        (
            "category_totals",
            "budget_signed",
            "Avstämningen av budget stämmer inte: Σ budget med tecken per kostnadsslag hela "
            "perioden (category_totals.csv, budget_signed) 1\u202f100\u00a0kr ≠ programtotal 900\u00a0kr.",
        ),
    ],
)
def test_signed_category_figures_that_do_not_add_up_fail_reconciliation_naming_both(
    table_name, column, message
):
    tables = aggregate.aggregate(programme(), CONFIG, rules=())
    frame = tables[table_name]
    income = (frame["category"] == "project_income") & (frame.get("year", 2014) == 2014)
    frame.loc[income, column] = [-amount for amount in frame.loc[income, column]]  # counted as a cost
    with pytest.raises(ReconciliationError) as caught:
        aggregate.reconcile(tables)
    assert message in str(caught.value)


def test_the_share_of_cash_cost_is_empty_not_zero_when_every_cost_is_in_kind():
    frames = programme()
    frames["costs"] = catalog.frame_from_records("costs", [cost(A, "personnel", 150, 150, 2)])
    frames["financing"] = catalog.frame_from_records("financing", [financing(A, "public_in_kind", 150, 2)])
    totals = aggregate.aggregate(frames, CONFIG, rules=())["programme_totals"].iloc[0]
    assert (totals["cash_cost"], totals["agency_share_weighted_pct"]) == (Decimal(0), Decimal(0))
    assert totals["agency_share_of_cash_pct"] is None


def test_an_accepted_project_missing_from_the_register_fails_reconciliation_naming_both_figures():
    tables = aggregate.aggregate(programme(register=[]), CONFIG, rules=())
    totals = tables["programme_totals"].iloc[0]
    assert totals["granted_register_total"] == 0 and totals["decisions"] == 0
    assert totals["granted_accepted"] == Decimal(500)  # not in the register: the workbook's figure
    with pytest.raises(
        ReconciliationError,
        match="Avstämningen av beviljat för godkända projekt stämmer "
        "inte: Σ beslut i registret för godkända projekt .* "
        "0\u00a0kr ≠ programtotal 500\u00a0kr",
    ):
        aggregate.reconcile(tables)


def test_a_decision_without_an_amount_that_is_not_accepted_is_listed_empty_and_adds_nothing():
    frames = programme()
    frames["register"].loc[1, "granted_amount"] = None  # B's decision: a V02 finding of validate
    tables = aggregate.aggregate(frames, CONFIG, rules=())
    aggregate.reconcile(tables)
    totals = tables["programme_totals"].iloc[0]
    assert (totals["granted_set_aside"], totals["granted_register_total"], totals["decisions_set_aside"]) == (
        Decimal(0),
        Decimal(800),
        1,
    )
    lines = catalog.to_csv_bytes("register_decisions", tables["register_decisions"]).decode().splitlines()
    assert lines[2] == f"{B},01,Stockholms län,,,,,set_aside,beslutsregister.xlsx,Beslut,3,F3"


def test_a_programme_with_no_rows_at_all_aggregates_to_zeros_and_empty_shares():
    tables = aggregate.aggregate(inline_frames(), CONFIG, rules=())
    aggregate.reconcile(tables)
    files = {name: catalog.to_csv_bytes(name, frame).decode().splitlines() for name, frame in tables.items()}
    assert files["by_year"][1] == "2013,0,0,0,0,,0"
    assert len(files["region_by_year"]) == 1 + 21 * 5 and len(files["project_summary"]) == 1
    totals = tables["programme_totals"].iloc[0]
    assert totals["frame_remaining"] == Decimal(1_000_000)
    assert totals["agency_share_avg_pct"] is None and totals["agency_share_of_cash_pct"] is None


def indicator(pid: str, code: str, target: int | None, outcome: int | None, row: int) -> dict:
    return {
        "project_id": pid,
        "indicator": code,
        "source_file": "a.xlsx",
        "sheet": "Indikatorer",
        "row": row,
        "target": target,
        "outcome": outcome,
    }


def test_the_counts_the_report_states_in_words_are_aggregates_figures():
    """Issue 11: decisions per status, indicators reported and met (target_met) come from aggregate."""
    frames = programme()
    frames["indicators"] = catalog.frame_from_records(
        "indicators",
        [
            indicator(A, "skills_analyses", 10, 10, 2),  # met exactly
            indicator(A, "participating_employers", 20, 19, 3),  # one short
            indicator(A, "sector_councils_started", 0, 2, 4),  # no target: never "met"
            indicator(B, "validation_models", 1, 5, 2),  # set aside: not counted
        ],
    )
    tables = aggregate.aggregate(frames, CONFIG, rules=())
    aggregate.reconcile(tables)
    totals = tables["programme_totals"].iloc[0]
    assert (
        totals["decisions_accepted"],
        totals["decisions_set_aside"],
        totals["decisions_without_workbook"],
    ) == (
        1,
        1,
        1,
    )
    met = tables["indicator_totals"].set_index("indicator")["target_met"]
    assert met[["skills_analyses", "participating_employers", "sector_councils_started"]].tolist() == [
        True,
        False,
        False,
    ]
    assert not met["validation_models"]  # only the set-aside project reported it
    assert (totals["indicators_reported"], totals["indicators_met"]) == (3, 1)
    broken = {**tables, "programme_totals": tables["programme_totals"].assign(indicators_met=2)}
    with pytest.raises(ReconciliationError, match=r"indicators_met 2 ≠ 1"):
        aggregate.reconcile(broken)


def test_an_id_twice_in_the_register_fails_reconciliation_naming_both_figures():
    frames = programme(register=[decision(A, 500, 2), decision(A, 500, 3)])
    tables = aggregate.aggregate(frames, CONFIG, rules=())
    with pytest.raises(ReconciliationError) as caught:
        aggregate.reconcile(tables)
    assert "beviljat för godkända projekt" in str(caught.value)
    assert "1\u202f000\u00a0kr ≠ programtotal 500\u00a0kr" in str(caught.value)


def test_findings_by_rule_takes_every_rule_pipeline_rules_declares(monkeypatch):
    reading = (Rule("extract_x", "fel", "Läses.", "Rätta."),)
    validation = (Rule("V99", "varning", "Stämmer.", "Kontrollera."),)
    monkeypatch.setattr(pipeline.rules, "READING_RULES", reading, raising=False)
    monkeypatch.setattr(pipeline.rules, "VALIDATION_RULES", validation, raising=False)
    assert aggregate.declared_rules() == reading + validation
    findings = [
        {"rule_id": "V99", "severity": "varning", "project_id": A, "file": "a.xlsx"},
        {"rule_id": "V99", "severity": "varning", "project_id": A, "file": "a.xlsx"},
        {"rule_id": "V77", "severity": "fel", "file": "beslutsregister.xlsx"},
    ]
    frames = programme()
    frames["findings"] = catalog.frame_from_records("findings", findings)
    rows = aggregate.aggregate(frames, CONFIG, aggregate.declared_rules())["findings_by_rule"]
    assert rows.to_dict("records") == [
        {"rule_id": "V77", "severity": "fel", "checks": "", "findings": 1, "projects": 0},
        {"rule_id": "V99", "severity": "varning", "checks": "Stämmer.", "findings": 2, "projects": 1},
        {"rule_id": "extract_x", "severity": "fel", "checks": "Läses.", "findings": 0, "projects": 0},
    ]
