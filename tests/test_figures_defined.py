"""What docs/figures.md says of a figure is what the code does, on the committed sample (issue 22).

Each test takes one sentence of a definition in pipeline/aggregated_tables/tables.toml and checks it
against the aggregated tables of the sample and, for the payments, the ledger the extract stage read.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from pipeline import catalog
from pipeline.aggregated_tables import AGGREGATED_TABLES
from pipeline.contract import AGENCY_SOURCE, COUNTIES, RECOVERY_KIND
from pipeline.paths import REPO_ROOT, OutputPaths
from pipeline.stages.aggregate.shares import percent
from tests.conftest import run_stages


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> OutputPaths:
    outputs = tmp_path_factory.mktemp("figures-sample") / "outputs"
    run_stages(REPO_ROOT / "inputs", outputs, ("extract", "validate", "aggregate"))
    return OutputPaths(outputs)


def test_the_county_tables_list_every_county_of_the_contract(sample):
    county_tables = [n for n, t in AGGREGATED_TABLES.items() if "county_code" in t.accepted]
    assert county_tables == ["by_region", "region_by_year", "indicators_by_region"]
    for name in county_tables:
        rows = catalog.load_rows(name, sample)
        assert {r["county_code"] for r in rows} == set(COUNTIES), name


def test_last_payment_date_includes_recoveries(sample):
    ledger = catalog.load_rows("payments", sample)
    latest, latest_recovery = {}, {}
    for row in ledger:
        if row["payment_amount"] is None or row["payment_date"] is None:
            continue
        pid = row["project_id"]
        latest[pid] = max(latest.get(pid, row["payment_date"]), row["payment_date"])
        if row["payment_kind"] == RECOVERY_KIND:
            latest_recovery[pid] = row["payment_date"]
    projects = catalog.load_rows("payments_by_project", sample)
    assert latest_recovery, "the sample has a recovery"
    assert all(r["last_payment_date"] == latest.get(r["project_id"]) for r in projects)
    assert any(latest[pid] == day for pid, day in latest_recovery.items())  # a recovery came last


def test_payments_by_project_year_has_every_payment_year_and_every_reported_year(sample):
    accepted = {r["project_id"] for r in catalog.load_rows("project_summary", sample)}
    expected = defaultdict(set)
    for row in catalog.load_rows("payments", sample):
        if row["project_id"] in accepted and row["payment_amount"] is not None and row["payment_date"]:
            expected[row["project_id"]].add(row["payment_date"].year)
    for row in catalog.load_rows("financing", sample):
        if row["project_id"] in accepted and row["source"] == AGENCY_SOURCE:
            expected[row["project_id"]].add(row["year"])
    rows = catalog.load_rows("payments_by_project_year", sample)
    assert {(r["project_id"], r["year"]) for r in rows} == {(p, y) for p, ys in expected.items() for y in ys}
    assert any(r["year"] == 2018 and r["reported"] == 0 for r in rows)  # a final payment after the period


def test_cash_cost_and_the_agency_share_of_it(sample):
    totals = catalog.load_rows("programme_totals", sample)[0]
    assert totals["cash_cost"] == totals["total_cost"] - totals["in_kind_total"]
    assert totals["agency_share_of_cash_pct"] == percent(totals["agency_paid"], totals["cash_cost"])


def test_target_met_and_indicators_met(sample):
    indicators = catalog.load_rows("indicator_totals", sample)
    for row in indicators:
        assert row["target_met"] == (row["target"] > 0 and row["outcome"] >= row["target"]), row["indicator"]
    totals = catalog.load_rows("programme_totals", sample)[0]
    reported = [r for r in indicators if r["projects_reporting"] > 0]
    assert totals["indicators_met"] == sum(r["target_met"] for r in reported)


def test_projects_set_aside_counts_the_rows_of_set_aside(sample):
    totals = catalog.load_rows("programme_totals", sample)[0]
    assert totals["projects_set_aside"] == len(catalog.load_rows("set_aside", sample))
