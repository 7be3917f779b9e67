"""Issue 22: the payments ledger as an untrusted input, and payment figures that agree.

Every payment row is either counted in a stated total of payments_totals or named by a finding;
a project counts as deviating exactly when a payment rule says why; the figures and the findings do
not depend on the order of the rows. Tiny programmes of tests/factories.py, run through extract,
validate and aggregate.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from pipeline import catalog
from pipeline.contract import PAYMENT_COLUMNS, PAYMENTS_SHEET
from pipeline.paths import InputPaths, OutputPaths
from pipeline.sample.workbooks import write_table_workbook
from pipeline.stages import aggregate, extract, validate
from tests.factories import project_id, write_programme
from tests.test_payments_rules import G1, G2, G3, STRANGER, _kr, _payment, _run, _with

DEVIATION_RULES = {"V29", "V31", "V32"}


def _by_project(outputs: OutputPaths) -> dict[str, dict]:
    frame = catalog.load("payments_by_project", outputs)
    return {row["project_id"]: row for row in frame.to_dict("records")}


def _totals(outputs: OutputPaths) -> dict:
    return catalog.load("payments_totals", outputs).iloc[0].to_dict()


def _status(outputs: OutputPaths) -> dict[str, str]:
    frame = catalog.load("project_status", outputs)
    return dict(zip(frame["project_id"], frame["status"], strict=True))


def _assert_deviations_have_findings(outputs: OutputPaths) -> None:
    """payment_deviation is true exactly for the projects a payment rule (V29, V31, V32) names."""
    findings = catalog.load("findings", outputs).fillna("")
    named = set(findings.loc[findings["rule_id"].isin(DEVIATION_RULES), "project_id"])
    projects = _by_project(outputs)
    assert {pid for pid, row in projects.items() if row["payment_deviation"]} == named & set(projects)
    assert _totals(outputs)["projects_differing"] == len(named & set(projects))


def test_a_difference_within_the_tolerance_is_no_deviation_and_one_beyond_it_has_a_finding(tmp_path):
    payments = [_payment(1, G1 - 1), _payment(2, _kr(G2 - Decimal("1.01"))), _payment(3, G3)]
    found, outputs = _run(tmp_path, payments, aggregate_too=True)
    assert [(f["rule_id"], f["project_id"]) for f in found] == [("V31", project_id(2))]
    projects = _by_project(outputs)
    assert projects[project_id(1)]["reported_minus_paid"] == 1  # shown, but within the tolerance
    assert [projects[project_id(i)]["payment_deviation"] for i in (1, 2, 3)] == [False, True, False]
    assert _totals(outputs)["projects_differing"] == 1
    _assert_deviations_have_findings(outputs)


def test_payments_before_and_after_the_period_are_ledger_totals_whatever_the_project(tmp_path):
    # Project 3 is paid over its decision (V29, fel: set aside) by a payment after the period;
    # project 2 gets an advance dated before it. Both are warnings V33 at their date cells.
    late = _payment(3, 5000, day=dt.date(2018, 2, 1), kind="Slututbetalning")  # row 5
    early = _payment(2, 1000, day=dt.date(2012, 11, 30), kind="Förskott")  # row 6
    payments = _with(_payment(2, G2 - 1000), late, early, skip=(2,))
    found, outputs = _run(tmp_path, payments, aggregate_too=True)
    assert sorted((f["rule_id"], f["project_id"], f["cell"]) for f in found) == [
        ("V29", project_id(3), "C5"),
        ("V31", project_id(3), "C8"),  # on Finansiering in its workbook
        ("V33", project_id(2), "B6"),
        ("V33", project_id(3), "B5"),
    ]
    assert _status(outputs)[project_id(3)] == "set_aside"
    totals = _totals(outputs)
    assert totals["paid_after_period"] == 5000  # paid to a set-aside project, still in the ledger's total
    assert totals["paid_before_period"] == 1000
    assert totals["paid"] == G1 + G2 and totals["paid_other"] == G3 + 5000
    assert totals["paid_all"] == G1 + G2 + G3 + 5000 and totals["payments"] == 5
    _assert_deviations_have_findings(outputs)


def test_every_payment_row_is_counted_in_a_total_or_named_by_a_finding(tmp_path):
    payments = _with(
        _payment(1, G1 - 1000),  # row 3
        _payment(1, 1000, day="31 februari 2016"),  # row 4: no date; its project is set aside
        _payment(2, G2 - 1000),  # row 5
        _payment(2, "tusen kronor"),  # row 6: no amount; its project is set aside
        _payment("", 700),  # row 7: no case id: paid to no project, counted as paid to others
        skip=(1, 2),
    )
    found, outputs = _run(tmp_path, payments, aggregate_too=True)  # no traceback
    findings = catalog.load("findings", outputs).fillna("")
    ledger = findings[findings["file"] == "utbetalningar.xlsx"]
    assert sorted(zip(ledger["rule_id"], ledger["project_id"], ledger["cell"], strict=True)) == [
        ("extract_bad_amount", project_id(2), "C6"),
        ("extract_bad_date", project_id(1), "B4"),
        ("extract_blank_cell", "", "A7"),
    ]
    status = _status(outputs)
    assert [status[project_id(i)] for i in (1, 2, 3)] == ["set_aside", "set_aside", "accepted"]
    totals = _totals(outputs)
    # Row 6 has no amount: counted nowhere, named by its finding. Every other row is in paid_all.
    assert totals["payments"] == 5
    assert totals["paid_all"] == G1 + G2 + G3 - 300
    assert totals["paid"] == G3 and totals["paid_other"] == G1 + G2 - 300
    _assert_deviations_have_findings(outputs)


# --- Row order (issue 22): any order of the rows gives the same figures and the same findings. ---

TIES = [
    # Project 1 passes its decision on a day with two payments: the smaller is counted first.
    _payment(1, G1 - 1000, day=dt.date(2015, 3, 1)),
    _payment(1, 900, day=dt.date(2016, 3, 1), kind="Slututbetalning"),
    _payment(1, 600, day=dt.date(2016, 3, 1), kind="Slututbetalning"),
    # Project 2 has two unreported recoveries on one day.
    _payment(2, G2),
    _payment(2, -20_000, day=dt.date(2016, 9, 1), kind="Återkrav"),
    _payment(2, -10_000, day=dt.date(2016, 9, 1), kind="Återkrav"),
    # Project 3 has a payment listed twice; an unknown case id has two rows, one before the period.
    _payment(3, G3 - 2000),
    _payment(3, 1000),
    _payment(3, 1000),
    _payment(STRANGER, 3000, day=dt.date(2012, 5, 2)),
    _payment(STRANGER, 2000, day=dt.date(2012, 5, 2)),
]


def _ordered_run(tmp_path: Path, payments: list[dict]) -> tuple[dict[str, bytes], list[tuple]]:
    """(every aggregated CSV, the findings with each ledger cell replaced by its row's content)."""
    inputs = write_programme(tmp_path / "inputs", 3)
    write_table_workbook(inputs / "utbetalningar.xlsx", PAYMENTS_SHEET, PAYMENT_COLUMNS, payments)
    outputs = OutputPaths(tmp_path / "outputs")
    extract.run(InputPaths(inputs), outputs, workers=1)
    validate.run(InputPaths(inputs), outputs)
    aggregate.run(InputPaths(inputs), outputs)
    tables = {path.name: path.read_bytes() for path in sorted(outputs.root.glob("3_aggregated/*.csv"))}
    findings = []
    for f in catalog.load("findings", outputs).fillna("").to_dict("records"):
        where = f["cell"]
        if f["file"] == "utbetalningar.xlsx" and where:
            column, row = where[0], int(where[1:])
            where = (column, tuple(sorted((k, str(v)) for k, v in payments[row - 2].items())))
        findings.append(
            (f["rule_id"], f["severity"], f["project_id"], f["file"], f["sheet"], where, f["value"])
        )
    return tables, sorted(findings, key=repr)


def test_shuffled_payment_rows_give_the_same_figures_and_the_same_findings(tmp_path):
    tables, findings = _ordered_run(tmp_path / "listed", TIES)
    assert {f[0] for f in findings} >= {"V29", "V30", "V31", "V33", "V35"}
    for seed in (1, 2, 3):
        shuffled = list(TIES)
        random.Random(seed).shuffle(shuffled)
        assert _ordered_run(tmp_path / f"shuffled-{seed}", shuffled) == (tables, findings), seed
