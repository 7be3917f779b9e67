"""Issue 14: the agency's payments — decided, paid and reported reconciled.

On the committed sample (inputs/): each planted payment deviation gives exactly one finding at its
cell, and the three figures per project and in total equal sums computed here, independently,
from the three inputs (register, payments, workbooks) with openpyxl. Without the payments file the
pipeline still runs (exit 0) and says that payments were not reconciled.
"""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from pipeline import catalog
from pipeline.config import load_config
from pipeline.paths import REPO_ROOT, InputPaths, OutputPaths
from pipeline.rules import payments as payment_rules
from pipeline.sample import draw_payments, draw_programme
from pipeline.stages.render.payments_chapter import payments_context
from pipeline.stages.render.templating import template_environment
from tests.conftest import normalise, run_stages

SAMPLE = REPO_ROOT / "inputs"
PAYMENT_RULES = {rule.rule_id for rule in payment_rules.RULES} | {"extract_payments_missing"}
STAGES = ("extract", "validate", "aggregate")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> OutputPaths:
    outputs = tmp_path_factory.mktemp("payments-sample") / "outputs"
    run_stages(SAMPLE, outputs, STAGES)
    return OutputPaths(outputs)


def _sheet_rows(path: Path, sheet: str) -> tuple[list[str], list[tuple[int, tuple]]]:
    """(header labels, [(1-based row number, values)]) of a one-header sheet."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    header_at = next(
        i for i, row in enumerate(rows) if "Belopp" in row or "Belopp (kr)" in row or "Ärende-id" in row
    )
    header = [str(v) if v is not None else "" for v in rows[header_at]]
    body = [(i + 1, row) for i, row in enumerate(rows) if i > header_at and any(v is not None for v in row)]
    return header, body


def _payment_rows() -> list[tuple[int, dict]]:
    header, body = _sheet_rows(SAMPLE / "utbetalningar.xlsx", "Utbetalningar")
    return [(n, dict(zip(header, row, strict=False))) for n, row in body]


def _agency_rows(workbook: Path) -> list[tuple[int, int, Decimal]]:
    """(row number, year, amount) of the Tillväxtverket rows on Finansiering (Summa row excluded)."""
    header, body = _sheet_rows(workbook, "Finansiering")
    year, source, amount = header.index("År"), header.index("Finansiär"), header.index("Belopp (kr)")
    return [
        (n, int(row[year]), Decimal(str(row[amount]))) for n, row in body if row[source] == "Tillväxtverket"
    ]


def _findings(outputs: OutputPaths) -> list[dict]:
    frame = catalog.load("findings", outputs).fillna("")
    return [f for f in frame.to_dict("records") if f["rule_id"] in PAYMENT_RULES]


def test_each_planted_deviation_gives_exactly_one_finding_at_its_cell(sample_run):
    specs, _ = draw_programme(40, 2018)
    _, planted = draw_payments(specs, 2018)
    assert sorted(planted.values()) == ["late_final_payment", "over_reported", "recovery"]
    files = {s.project_id: f"projects/{s.file_name}" for s in specs}
    payments = _payment_rows()
    expected = set()
    for pid, deviation in planted.items():
        own = [(n, r) for n, r in payments if r["Ärende-id"] == pid]
        if deviation == "late_final_payment":
            row = next(n for n, r in own if r["Typ"] == "Slututbetalning")
            expected.add(("V33", pid, "utbetalningar.xlsx", "Utbetalningar", f"B{row}"))
        elif deviation == "recovery":
            row = next(n for n, r in own if r["Typ"] == "Återkrav")
            expected.add(("V31", pid, "utbetalningar.xlsx", "Utbetalningar", f"C{row}"))
        else:
            last = max(_agency_rows(SAMPLE / files[pid]), key=lambda r: (r[1], r[0]))
            expected.add(("V31", pid, files[pid], "Finansiering", f"C{last[0]}"))
    found = [(f["rule_id"], f["project_id"], f["file"], f["sheet"], f["cell"]) for f in _findings(sample_run)]
    assert len(found) == 3
    assert set(found) == expected
    # Warnings only: no project of the sample is set aside by its payments.
    status = catalog.load("project_status", sample_run)
    assert set(status["status"]) == {"accepted"}


def test_three_figures_per_project_equal_independent_sums_of_the_three_inputs(sample_run):
    _, register = _sheet_rows(SAMPLE / "beslutsregister.xlsx", "Beslut")
    decided = {row[0]: Decimal(str(row[5])) for _, row in register}
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for _, row in _payment_rows():
        paid[row["Ärende-id"]] += Decimal(str(row["Belopp"]))
    reported: dict[str, Decimal] = {}
    for workbook in sorted((SAMPLE / "projects").glob("*.xlsx")):
        book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
        facts = {r[0]: r[1] for r in book["Projektuppgifter"].iter_rows(values_only=True) if r and r[0]}
        book.close()
        reported[facts["Ärende-id"]] = sum((a for _, _, a in _agency_rows(workbook)), Decimal(0))

    table = catalog.load("payments_by_project", sample_run).set_index("project_id")
    assert len(table) == 40
    for pid, row in table.iterrows():
        assert (row["decided"], row["paid"], row["reported"]) == (decided[pid], paid[pid], reported[pid]), pid
        assert row["reported_minus_paid"] == reported[pid] - paid[pid]
        assert row["paid_minus_decided"] == paid[pid] - decided[pid]
    totals = catalog.load("payments_totals", sample_run).iloc[0]
    assert bool(totals["payments_reconciled"]) is True
    assert totals["decided"] == sum(decided.values())
    assert totals["paid"] == sum(paid.values()) == totals["paid_all"]
    assert totals["reported"] == sum(reported.values())
    assert totals["projects_differing"] == 2  # the recovery and the over-reporting project
    programme = catalog.load("programme_totals", sample_run).iloc[0]
    assert (programme["granted_amount"], programme["agency_paid"]) == (totals["decided"], totals["reported"])
    by_year = catalog.load("payments_by_project_year", sample_run)
    assert sum(by_year["paid"], Decimal(0)) == totals["paid"]
    assert sum(by_year["reported"], Decimal(0)) == totals["reported"]


def test_without_the_payments_file_the_run_says_payments_were_not_reconciled(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLE, inputs)
    (inputs / "utbetalningar.xlsx").unlink()
    run_stages(inputs, tmp_path / "outputs", STAGES)  # fails the test unless every stage exits 0
    outputs = OutputPaths(tmp_path / "outputs")
    found = _findings(outputs)
    assert [(f["rule_id"], f["severity"], f["file"]) for f in found] == [
        ("extract_payments_missing", "varning", "utbetalningar.xlsx")
    ]
    assert "Utbetalningarna är inte avstämda" in found[0]["message"]
    totals = catalog.load("payments_totals", outputs).iloc[0]
    assert bool(totals["payments_reconciled"]) is False and totals["paid"] is None
    assert catalog.load("payments_by_project", outputs)["paid"].isna().all()


def _render_partial(context: dict) -> str:
    template = template_environment().get_template("payments.html.j2")
    titles = {name: catalog.dataset(name).title for name in catalog.AGGREGATED}
    return template.render(payments=context, table_titles=titles, appendix={"number": 1})


def test_the_partial_lists_deviations_or_says_not_reconciled(sample_run, small_programme):
    from pipeline.stages.render.data import ReportData, load

    def data(outputs):
        tables = {name: load(name, outputs) for name in catalog.AGGREGATED}
        return ReportData(load_config(SAMPLE / "programme.toml"), tables, [], [], {})

    reconciled = payments_context(data(sample_run))
    html = _render_partial(reconciled)
    assert reconciled["reconciled"] and reconciled["utbetalt"]["label"] == "utbetalt"
    assert len(reconciled["deviations"]) == 2
    assert "Beslutat, utbetalt och redovisat" in html and "inte avstämda" not in html
    assert "skiljer sig åt med mer än 1 kr" in normalise(html)
    assert 'data-tables="payments_by_project payments_totals"' in html  # mapped in the reviewers' edition
    for row in reconciled["deviations"]:
        assert row["project_id"] in html
    missing = payments_context(data(small_programme.outputs))
    assert missing and not missing["reconciled"]
    assert missing["utbetalt"]["label"] == "redovisad finansiering från Tillväxtverket"
    assert "Utbetalningarna är inte avstämda" in _render_partial(missing)


def test_reconciliation_failure_names_both_figures(sample_run):
    from pipeline.errors import ReconciliationError
    from pipeline.stages.aggregate.ledger import reconcile_payments

    tables = {name: catalog.load(name, sample_run) for name in catalog.AGGREGATED}
    projects = tables["payments_by_project"].copy()
    projects.loc[0, "paid"] = projects.loc[0, "paid"] + 7
    tables["payments_by_project"] = projects
    total = tables["payments_totals"].iloc[0]["paid"]
    with pytest.raises(ReconciliationError) as failed:
        reconcile_payments(tables)
    message = str(failed.value)
    from pipeline.formatting import format_kr

    assert format_kr(total + 7) in message and format_kr(total) in message and "utbetalt" in message


def test_inputs_paths_know_the_payments_file():
    assert InputPaths(Path("x")).payments == Path("x") / "utbetalningar.xlsx"


def test_shuffling_the_payments_list_changes_no_figure_and_no_finding(sample_run, tmp_path):
    """Issue 22: the sample's payments in another row order give byte-identical aggregated tables
    and the same findings, each at the cell where the same payment now stands."""
    from pipeline.contract import PAYMENT_COLUMNS, PAYMENTS_SHEET
    from pipeline.sample.workbooks import write_table_workbook

    labels = {f.label: f.name for f in PAYMENT_COLUMNS}
    listed = [
        {labels[k]: v.date() if hasattr(v, "date") else v for k, v in row.items() if k in labels}
        for _, row in _payment_rows()
    ]
    shuffled = list(listed)
    random.Random(22).shuffle(shuffled)
    assert shuffled != listed
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLE, inputs)
    write_table_workbook(inputs / "utbetalningar.xlsx", PAYMENTS_SHEET, PAYMENT_COLUMNS, shuffled)
    run_stages(inputs, tmp_path / "outputs", STAGES)
    outputs = OutputPaths(tmp_path / "outputs")
    for before in sorted(sample_run.aggregated.glob("*.csv")):
        assert (outputs.aggregated / before.name).read_bytes() == before.read_bytes(), before.name

    def located(run: OutputPaths, rows: list[dict]) -> list[tuple]:
        """Every finding, a cell of the payments file replaced by the payment that stands there."""
        found = []
        for f in catalog.load("findings", run).fillna("").to_dict("records"):
            if f["file"] == "utbetalningar.xlsx" and f["cell"]:
                f["cell"] = (f["cell"][0], tuple(sorted(rows[int(f["cell"][1:]) - 2].items())))
            found.append(tuple(sorted((k, repr(v)) for k, v in f.items())))
        return sorted(found)

    assert located(outputs, shuffled) == located(sample_run, listed)
