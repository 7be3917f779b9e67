"""Aggregate stage: golden CSVs, exclusion, coverage and reconciliation, on three kinds of input.

- tests/fixtures/tiny: committed extracted/validated CSVs with edge cases a workbook can hardly
  carry (formula-like text, öre, a set-aside project's figures that must not show). Ä 2014-000101
  in Stockholm and Ä 2015-000202 in Skåne are accepted; Ä 2016-000303 in Norrbotten is set aside.
  Goldens: tests/fixtures/tiny/golden.
- `real_layers`: an inputs folder written by tests/factories.py, extracted and validated by the
  real stages (issue 9). Goldens: tests/fixtures/tiny/golden_from_inputs.
- tiny inline frames for the pure `aggregate(frames, config, rules)`: exact figures (issue 10),
  in tests/test_aggregate_figures.py.

Both sets of goldens are made by tests/goldens.py. To rewrite them after an intended change:
`make generated`, then review the diff with git.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from pipeline.aggregated_tables import AGGREGATED_COLUMNS
from pipeline.contract import COUNTIES, INDICATORS
from pipeline.errors import PipelineError, ReconciliationError
from pipeline.paths import InputPaths, OutputPaths
from pipeline.safe_io import read_rows, write_rows
from pipeline.stages import aggregate
from tests.goldens import (
    GOLDEN,
    GOLDEN_FROM_INPUTS,
    REGENERATE,
    RULES,
    aggregate_real_layers,
    golden_names,
    make_real_layers,
    run_tiny,
    tiny_copy,
)

ACCEPTED = ("Ä 2014-000101", "Ä 2015-000202")
SET_ASIDE = "Ä 2016-000303"


def table(outputs: OutputPaths, name: str) -> list[dict[str, str]]:
    return read_rows(outputs.aggregated_table(name))


def test_every_table_matches_its_golden_csv_byte_for_byte(tmp_path):
    _, outputs, summary = run_tiny(tmp_path)
    assert summary == {
        "projekt": 2,
        "undantagna": 1,
        "utan arbetsbok": 0,
        "tabeller": len(AGGREGATED_COLUMNS),
    }
    written = sorted(p.name for p in outputs.aggregated.iterdir())
    assert written == sorted(f"{name}.csv" for name in AGGREGATED_COLUMNS)
    assert sorted(p.name for p in GOLDEN.iterdir()) == written
    for name in AGGREGATED_COLUMNS:
        produced = outputs.aggregated_table(name).read_bytes()
        assert produced == (GOLDEN / f"{name}.csv").read_bytes(), (
            f"{name}.csv differs from golden: if the change is intended, run `{REGENERATE}`"
        )


def test_columns_are_exactly_the_contracts(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    for name, columns in AGGREGATED_COLUMNS.items():
        header = outputs.aggregated_table(name).read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(columns)


def test_set_aside_project_is_excluded_everywhere_and_counted(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    for name in AGGREGATED_COLUMNS:
        text = outputs.aggregated_table(name).read_text(encoding="utf-8")
        if name in ("set_aside", "register_decisions"):
            assert SET_ASIDE in text
        elif name != "findings_by_rule":
            assert SET_ASIDE not in text, name
            assert "999999" not in text and "Ska inte synas" not in text, name
    totals = table(outputs, "programme_totals")[0]
    assert totals["projects"] == "2" and totals["projects_set_aside"] == "1"
    assert totals["total_cost"] == "919001"  # 609 000 + 310 001; the set-aside 999 999 is left out
    assert [r["project_id"] for r in table(outputs, "project_summary")] == list(ACCEPTED)
    norrbotten = next(r for r in table(outputs, "by_region") if r["county_code"] == "25")
    assert norrbotten["projects"] == "0" and norrbotten["total_cost"] == "0"
    assert [r["project_id"] for r in table(outputs, "set_aside")] == [SET_ASIDE]
    decisions = {r["project_id"]: r["workbook_status"] for r in table(outputs, "register_decisions")}
    assert decisions == {ACCEPTED[0]: "accepted", ACCEPTED[1]: "accepted", SET_ASIDE: "set_aside"}
    assert (totals["granted_amount"], totals["granted_set_aside"], totals["granted_register_total"]) == (
        "650000",
        "1000000",
        "1650000",
    )  # the set-aside decision is shown apart, not dropped


def test_all_counties_years_and_indicators_are_present(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    assert [r["county_code"] for r in table(outputs, "by_region")] == list(COUNTIES)
    assert [r["county_name"] for r in table(outputs, "by_region")] == list(COUNTIES.values())
    assert [r["year"] for r in table(outputs, "by_year")] == ["2013", "2014", "2015", "2016", "2017"]
    region_years = {(r["county_code"], r["year"]) for r in table(outputs, "region_by_year")}
    assert len(region_years) == 21 * 5
    assert [r["indicator"] for r in table(outputs, "indicators")] == list(INDICATORS.values())
    assert len(table(outputs, "indicators_by_region")) == 7 * 21
    empty_year = next(r for r in table(outputs, "by_year") if r["year"] == "2013")
    assert empty_year == {
        "year": "2013",
        "budget_total": "0",
        "total_cost": "0",
        "agency_paid": "0",
        "cofinancing_total": "0",
        "agency_share_pct": "",
        "financing_total": "0",
    }


def test_project_income_is_its_own_positive_row_and_is_deducted(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    categories = table(outputs, "category_by_year")
    income = next(r for r in categories if r["category"] == "project_income" and r["year"] == "2014")
    assert income["actual"] == "15000" and income["budget"] == "20000"
    net = sum(Decimal(r["actual"]) * (-1 if r["category"] == "project_income" else 1) for r in categories)
    assert net == Decimal(table(outputs, "programme_totals")[0]["total_cost"])


def test_figures_are_exact_decimals_and_shares_round_half_up(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    stockholm, skane = table(outputs, "project_summary")
    assert stockholm["total_cost"] == "609000"  # 190 000,50 + … + 24 999,50 − 15 000
    assert stockholm["public_cash"] == "295000.5"
    assert stockholm["agency_share_pct"] == "49.3"  # 300 000 / 609 000 = 49.26 %
    assert skane["agency_share_pct"] == "50"
    assert stockholm["has_good_example"] == "true" and skane["has_good_example"] == "false"
    assert stockholm["granted_amount"] == "400000"
    totals = table(outputs, "programme_totals")[0]
    assert totals["agency_share_avg_pct"] == "49.6"  # (49.26 + 50.00) / 2
    assert totals["agency_share_weighted_pct"] == "49.5"  # 455 000,50 / 919 001
    assert totals["frame_amount"] == "1000000"  # from the fixture's programme.toml
    assert aggregate.percent(Decimal(1), Decimal(16)) == Decimal("6.3")  # 6.25: half up, not half even
    assert aggregate.percent(Decimal(1), Decimal(0)) is None


def test_whole_period_tables_and_key_shares_reconcile_and_round_half_up(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    totals = table(outputs, "programme_totals")[0]
    categories = table(outputs, "category_totals")
    assert [r["category"] for r in categories][-1] == "project_income"
    income = categories[-1]
    assert (income["budget"], income["actual"], income["actual_vs_budget_pct"]) == ("20000", "15000", "75")
    premises = next(r for r in categories if r["category"] == "premises_investments")
    assert premises["actual_vs_budget_pct"] == ""
    net = sum(Decimal(r["actual"]) * (-1 if r["category"] == "project_income" else 1) for r in categories)
    assert net == Decimal(totals["total_cost"])
    sources = table(outputs, "financing_totals")
    assert (
        sum(Decimal(r["amount"]) for r in sources)
        == Decimal(totals["financing_total"])
        == (Decimal(totals["agency_paid"]) + Decimal(totals["cofinancing_total"]))
    )
    agency = sources[0]
    assert (agency["source"], agency["amount"], agency["share_pct"]) == ("tillvaxtverket", "455000.5", "49.5")
    by_year = {r["year"]: r for r in table(outputs, "by_year")}
    assert by_year["2014"]["agency_share_pct"] == "49.1"  # 140 000 / 285 000,50 = 49.12 %
    assert by_year["2016"]["agency_share_pct"] == "50"  # 80 000,50 / 160 001 = 50.0003 %
    assert totals["unpaid_granted"] == "194999.5"  # 650 000 − 455 000,50
    assert totals["paid_of_granted_pct"] == "70"  # 455 000,50 / 650 000 = 70.0001 %
    assert totals["paid_of_frame_pct"] == "45.5"  # 455 000,50 / 1 000 000 = 45.50005 %
    assert totals["granted_of_frame_pct"] == "65"
    assert totals["cost_of_budget_pct"] == "100.2"  # 919 001 / 917 500 = 100.16 %
    assert (totals["public_total"], totals["private_total"], totals["in_kind_total"]) == (
        "370000.5",
        "94000",
        "13999.5",
    )
    assert totals["public_of_cofinancing_pct"] == "79.7"  # 370 000,50 / 464 000,50 = 79.74 %
    assert totals["private_of_cofinancing_pct"] == "20.3"
    assert totals["in_kind_of_cofinancing_pct"] == "3"  # 13 999,50 / 464 000,50 = 3.017 %


def test_findings_by_rule_lists_declared_rules_with_counts(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    rows = {r["rule_id"]: r for r in table(outputs, "findings_by_rule")}
    assert rows["V010"] == {
        "rule_id": "V010",
        "severity": "fel",
        "checks": "Projektets berättelse är ifylld.",
        "findings": "2",
        "projects": "1",
    }
    assert rows["V030"]["findings"] == "0" and rows["V030"]["checks"]


def test_formula_like_text_is_neutralised_in_csv_and_restored_on_reading(tmp_path):
    _, outputs, _ = run_tiny(tmp_path)
    summary_csv = outputs.aggregated_table("project_summary").read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0" in summary_csv and ",'+1," in summary_csv and ",'-2+3," in summary_csv
    examples_csv = outputs.aggregated_table("good_examples").read_text(encoding="utf-8")
    assert ",'@SUM(A1)," in examples_csv
    example = table(outputs, "good_examples")[0]
    assert example["title"] == "=cmd|' /C calc'!A0" and example["good_example_title"] == "@SUM(A1)"


def perturbed(monkeypatch, change) -> None:
    """Make run() see aggregate's tables after `change(tables)` (a bug in one breakdown)."""
    real = aggregate.aggregate

    def aggregate_then_change(frames, config, rules):
        tables = real(frames, config, rules)
        change(tables)
        return tables

    monkeypatch.setattr(aggregate, "aggregate", aggregate_then_change)


def test_reconciliation_failure_names_both_figures_and_writes_nothing(tmp_path, monkeypatch):
    inputs, outputs = tiny_copy(tmp_path)

    def off_by_one_krona(tables):
        by_region = tables["by_region"]
        by_region.at[0, "total_cost"] = by_region.at[0, "total_cost"] + 1

    perturbed(monkeypatch, off_by_one_krona)
    with pytest.raises(ReconciliationError) as caught:
        aggregate.run(inputs, outputs, rules=RULES)
    assert "Σ per län 919\u202f002\u00a0kr ≠ programtotal 919\u202f001\u00a0kr" in str(caught.value)
    assert "Avstämningen av total kostnad stämmer inte" in str(caught.value)
    assert not outputs.aggregated.exists()
    assert [p.name for p in outputs.root.iterdir() if p.name.startswith(".")] == []


def test_failed_run_leaves_the_previous_layer_untouched(tmp_path, monkeypatch):
    inputs, outputs, _ = run_tiny(tmp_path)
    before = {p.name: p.read_bytes() for p in outputs.aggregated.iterdir()}

    def one_krona_from_the_agency(tables):
        tables["financing_by_year"] = pd.DataFrame(
            {"source": ["tillvaxtverket"], "source_label": [""], "year": [2014], "amount": [Decimal("1")]}
        )

    perturbed(monkeypatch, one_krona_from_the_agency)
    with pytest.raises(
        ReconciliationError, match="Σ per finansiär och år 1\u00a0kr ≠ programtotal 455\u202f000,50\u00a0kr"
    ):
        aggregate.run(inputs, outputs, rules=RULES)
    assert {p.name: p.read_bytes() for p in outputs.aggregated.iterdir()} == before
    assert [p.name for p in outputs.root.iterdir() if p.name.startswith(".")] == []


def test_years_outside_the_period_get_their_own_rows_and_still_reconcile(tmp_path):
    inputs, outputs = tiny_copy(tmp_path)
    for name in ("costs", "financing"):
        rows = read_rows(outputs.extracted_table(name))
        for row in rows:
            if row["project_id"] == "Ä 2015-000202" and row["year"] == "2016":
                row["year"] = "2018"
        write_rows(outputs.extracted_table(name), tuple(rows[0]), rows)
    aggregate.run(inputs, outputs, rules=RULES)
    by_year = table(outputs, "by_year")
    assert [r["year"] for r in by_year][-1] == "2018"
    assert next(r for r in by_year if r["year"] == "2018")["total_cost"] == "160001"


def test_an_accepted_project_with_an_unknown_county_is_a_clear_error(tmp_path):
    inputs, outputs = tiny_copy(tmp_path)
    rows = read_rows(outputs.extracted_table("projects"))
    rows[0]["county_code"] = "99"
    write_rows(outputs.extracted_table("projects"), tuple(rows[0]), rows)
    with pytest.raises(PipelineError, match=r"P01_stockholm\.xlsx, flik Projektuppgifter, cell B4.*'99'"):
        aggregate.run(inputs, outputs, rules=RULES)
    assert not outputs.aggregated.exists()


def test_missing_validated_layer_says_which_stage_to_run(tmp_path):
    inputs, outputs = tiny_copy(tmp_path)
    outputs.project_status.unlink()
    with pytest.raises(PipelineError, match="project_status.csv saknas. Kör om steget validate"):
        aggregate.run(inputs, outputs, rules=RULES)


def test_an_extracted_amount_that_is_not_a_number_names_the_csv_row_and_column(tmp_path):
    inputs, outputs = tiny_copy(tmp_path)
    rows = read_rows(outputs.extracted_table("costs"))
    rows[1]["actual"] = "110 000 kr"
    write_rows(outputs.extracted_table("costs"), tuple(rows[0]), rows)
    with pytest.raises(
        PipelineError, match=r"costs\.csv, rad 3, kolumn actual: '110 000 kr' är inget belopp"
    ):
        aggregate.run(inputs, outputs, rules=RULES)
    assert not outputs.aggregated.exists()


def test_a_meeting_without_a_valid_date_names_the_csv_row_and_column(tmp_path):
    inputs, outputs = tiny_copy(tmp_path)
    rows = read_rows(outputs.extracted_table("meetings"))
    rows[2]["date"] = "15/11/2015"
    write_rows(outputs.extracted_table("meetings"), tuple(rows[0]), rows)
    with pytest.raises(
        PipelineError, match=r"meetings\.csv, rad 4, kolumn date: '15/11/2015' är inget datum"
    ):
        aggregate.run(inputs, outputs, rules=RULES)


@pytest.mark.parametrize(
    ("table_name", "row", "column", "where"),
    [
        ("costs", 1, "actual", "projects/P01_stockholm.xlsx, flik Kostnader, cell D3"),
        ("costs", 6, "year", "projects/P02_skane.xlsx, flik Kostnader, cell A2"),
        ("costs", 0, "category", "projects/P01_stockholm.xlsx, flik Kostnader, cell B2"),
        ("financing", 0, "amount", "projects/P01_stockholm.xlsx, flik Finansiering, cell C2"),
        ("financing", 5, "source", "projects/P02_skane.xlsx, flik Finansiering, cell B2"),
        ("projects", 1, "county_code", "projects/P02_skane.xlsx, flik Projektuppgifter, cell B4"),
        ("meetings", 1, "date", "traffar.xlsx, flik Träffar, cell A3"),
        ("register", 0, "granted_amount", "beslutsregister.xlsx, flik Beslut, cell F2"),
    ],
)
def test_a_blank_value_an_accepted_row_relies_on_stops_with_file_sheet_and_cell(
    tmp_path, table_name, row, column, where
):
    inputs, outputs = tiny_copy(tmp_path)
    rows = read_rows(outputs.extracted_table(table_name))
    rows[row][column] = ""
    write_rows(outputs.extracted_table(table_name), tuple(rows[0]), rows)
    with pytest.raises(PipelineError) as caught:
        aggregate.run(inputs, outputs, rules=RULES)
    assert str(caught.value).startswith(f"{where}: ")
    assert "kör om extract, validate och aggregate" in str(caught.value)
    assert not outputs.aggregated.exists()


def test_a_blank_value_in_a_set_aside_project_is_left_out_like_the_rest_of_it(tmp_path):
    inputs, outputs = tiny_copy(tmp_path)
    rows = read_rows(outputs.extracted_table("costs"))
    assert rows[-1]["project_id"] == SET_ASIDE
    rows[-1]["actual"] = rows[-1]["year"] = ""
    write_rows(outputs.extracted_table("costs"), tuple(rows[0]), rows)
    aggregate.run(inputs, outputs, rules=RULES)
    assert table(outputs, "programme_totals")[0]["total_cost"] == "919001"


def test_layers_from_different_runs_are_refused(tmp_path):
    inputs, outputs = tiny_copy(tmp_path)
    rows = [r for r in read_rows(outputs.extracted_table("projects")) if r["project_id"] != ACCEPTED[1]]
    write_rows(outputs.extracted_table("projects"), tuple(rows[0]), rows)
    with pytest.raises(PipelineError, match="godkänner Ä 2015-000202 .*kör om extract och validate"):
        aggregate.run(inputs, outputs, rules=RULES)


def test_meeting_totals_are_reconciled(tmp_path, monkeypatch):
    inputs, outputs, _ = run_tiny(tmp_path)
    totals = read_rows(outputs.aggregated_table("programme_totals"))[0]
    by_type = read_rows(outputs.aggregated_table("meetings_by_type"))
    assert int(totals["meetings"]) == sum(int(r["meetings"]) for r in by_type) > 0
    assert int(totals["meeting_participants"]) == sum(int(r["participants"]) for r in by_type)
    perturbed(monkeypatch, lambda tables: tables.update(meetings_by_type=tables["meetings_by_type"].iloc[1:]))
    with pytest.raises(
        ReconciliationError, match="träffar stämmer inte: meetings i meetings_by_type 1 ≠ programtotal 3"
    ):
        aggregate.run(inputs, outputs, rules=RULES)


# --- Issue 9: the layers aggregate reads, made by the real extract and validate stages. --------


@pytest.fixture(scope="session")
def real_layers(tmp_path_factory) -> tuple[Path, Path]:
    """Inputs from tests/factories.py, extracted and validated by the real stages (goldens.py)."""
    return make_real_layers(tmp_path_factory.mktemp("real"))


def test_layers_made_by_the_real_stages_aggregate_to_the_golden_csvs(real_layers, tmp_path):
    outputs, summary = aggregate_real_layers(*real_layers, tmp_path)
    assert summary == {
        "projekt": 3,
        "undantagna": 1,
        "utan arbetsbok": 1,
        "tabeller": len(AGGREGATED_COLUMNS),
    }
    names = golden_names()[GOLDEN_FROM_INPUTS]
    assert sorted(p.name for p in GOLDEN_FROM_INPUTS.iterdir()) == sorted(f"{name}.csv" for name in names)
    for name in names:
        produced = outputs.aggregated_table(name).read_bytes()
        golden = (GOLDEN_FROM_INPUTS / f"{name}.csv").read_bytes()
        assert produced == golden, f"{name}.csv differs from golden: if intended, run `{REGENERATE}`"


def test_real_layers_show_the_set_aside_and_the_missing_workbooks_decisions_apart(real_layers, tmp_path):
    inputs, layers = real_layers
    shutil.copytree(layers, tmp_path / "outputs")
    outputs = OutputPaths(tmp_path / "outputs")
    aggregate.run(InputPaths(inputs), outputs)
    totals = table(outputs, "programme_totals")[0]
    # Granted (factories.default_facts): 1 980 000, 2 970 000, 3 960 000 accepted; 4 950 000 set aside;
    # 990 000 for decision 5, which has no workbook.
    assert (
        totals["granted_accepted"],
        totals["granted_set_aside"],
        totals["granted_without_workbook"],
        totals["granted_register_total"],
    ) == ("8910000", "4950000", "990000", "14850000")
    assert (totals["decisions"], totals["decisions_set_aside"], totals["decisions_without_workbook"]) == (
        "5",
        "1",
        "1",
    )
    statuses = [(r["project_id"], r["workbook_status"]) for r in table(outputs, "register_decisions")]
    assert statuses == [
        ("Ä 2014-000001", "accepted"),
        ("Ä 2014-000002", "accepted"),
        ("Ä 2014-000003", "accepted"),
        ("Ä 2014-000004", "set_aside"),
        ("Ä 2014-000005", "no_workbook"),
    ]
    findings = read_rows(outputs.findings)
    by_rule = {r["rule_id"]: r for r in table(outputs, "findings_by_rule")}
    assert {rule.rule_id for rule in aggregate.declared_rules()} <= set(by_rule)
    for rule_id, row in by_rule.items():
        assert int(row["findings"]) == sum(f["rule_id"] == rule_id for f in findings), rule_id
