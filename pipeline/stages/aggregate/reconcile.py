"""Every breakdown adds up to the programme total, to the krona; otherwise nothing is written.

A failed check is a ReconciliationError naming both figures (the breakdown's sum and the total)
and the Swedish name of the figure.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ...contract import AGENCY_SOURCE, STATUS_ACCEPTED, STATUS_NO_WORKBOOK, STATUS_SET_ASIDE, signed_cost
from ...errors import ReconciliationError
from ...formatting import format_kr
from .ledger import reconcile_payments
from .shares import ZERO

# The Swedish name of each reconciled figure of programme_totals.
FIGURE_NAMES = {
    "total_cost": "total kostnad",
    "budget_total": "budget",
    "agency_paid": "redovisad finansiering från Tillväxtverket",
    "cofinancing_total": "medfinansiering",
    "financing_total": "finansiering totalt",
    "granted_amount": "beviljat belopp",
    "granted_register_total": "beviljat enligt beslutsregistret",
    "granted_accepted": "beviljat för godkända projekt",
    "granted_set_aside": "beviljat för åsidosatta projekt",
    "granted_without_workbook": "beviljat för beslut utan arbetsbok",
}


def _column_sum(tables: Mapping[str, pd.DataFrame], table: str, column: str):
    """Σ of a column; an empty cell adds nothing (only a decision's amount can be empty)."""
    return sum((value for value in tables[table][column] if value is not None), ZERO)


def _net(rows: pd.DataFrame, column: str):
    """Σ of a category table's column with project income deducted."""
    pairs = zip(rows["category"], rows[column], strict=True)
    return sum((signed_cost(category, amount) for category, amount in pairs), ZERO)


def _granted_where(decisions: pd.DataFrame, status: str):
    granted = decisions.loc[decisions["workbook_status"] == status, "granted_amount"]
    return sum(granted.dropna(), ZERO)


# The tables that break a programme total down by the same column, and what each breakdown is.
_PER = {
    "by_region": "Σ per län",
    "by_year": "Σ per år",
    "region_by_year": "Σ per län och år",
    "project_summary": "Σ per projekt",
}
_CATEGORY_TABLES = {
    "category_by_year": "per kostnadsslag och år",
    "category_totals": "per kostnadsslag hela perioden",
}


def breakdowns(tables: Mapping[str, pd.DataFrame]) -> dict[str, tuple[tuple[str, object], ...]]:
    """For each total: (what the breakdown is, its sum), every one of which must equal the total."""
    totals = tables["programme_totals"].iloc[0]
    per_category, per_category_total = tables["category_by_year"], tables["category_totals"]
    decisions = tables["register_decisions"]
    financing = tables["financing_by_year"]

    def col(table: str, column: str):
        return _column_sum(tables, table, column)

    def per(column: str, *names: str) -> tuple[tuple[str, object], ...]:
        return tuple((_PER[name], col(name, column)) for name in names)

    def signed(table: str, column: str, what: str) -> tuple[str, object]:
        return (f"Σ {what} med tecken {_CATEGORY_TABLES[table]} ({table}.csv, {column})", col(table, column))

    return {
        "total_cost": (
            *per("total_cost", "by_region", "by_year"),
            ("Σ per kostnadsslag (intäkter avdragna)", _net(per_category, "actual")),
            ("Σ per kostnadsslag hela perioden (intäkter avdragna)", _net(per_category_total, "actual")),
            signed("category_by_year", "actual_signed", "utfall"),
            signed("category_totals", "actual_signed", "utfall"),
            *per("total_cost", "region_by_year", "project_summary"),
        ),
        "budget_total": (
            *per("budget_total", "by_region", "by_year"),
            ("Σ per kostnadsslag (intäkter avdragna)", _net(per_category, "budget")),
            ("Σ per kostnadsslag hela perioden (intäkter avdragna)", _net(per_category_total, "budget")),
            signed("category_totals", "budget_signed", "budget"),
            *per("budget_total", "project_summary"),
        ),
        "agency_paid": (
            *per("agency_paid", "by_region", "by_year"),
            (
                "Σ per finansiär och år",
                sum(financing.loc[financing["source"] == AGENCY_SOURCE, "amount"], ZERO),
            ),
            *per("agency_paid", "region_by_year", "project_summary"),
        ),
        "cofinancing_total": per("cofinancing_total", "by_region", "by_year", "project_summary"),
        "financing_total": (
            *per("financing_total", "by_year"),
            ("Σ per finansiär", col("financing_totals", "amount")),
            ("Σ per finansiär och år", col("financing_by_year", "amount")),
            (
                "redovisad finansiering från Tillväxtverket + medfinansiering",
                totals["agency_paid"] + totals["cofinancing_total"],
            ),
        ),
        "granted_amount": per("granted_amount", "by_region", "project_summary"),
        "granted_accepted": (
            ("beviljat belopp för de godkända projekten", totals["granted_amount"]),
            (
                "Σ beslut i registret för godkända projekt (ett ärende-id som står två gånger i registret "
                "räknas båda gångerna)",
                _granted_where(decisions, STATUS_ACCEPTED),
            ),
        ),
        "granted_set_aside": (
            ("Σ beslut i registret för åsidosatta projekt", _granted_where(decisions, STATUS_SET_ASIDE)),
        ),
        "granted_without_workbook": (
            ("Σ beslut i registret utan arbetsbok", _granted_where(decisions, STATUS_NO_WORKBOOK)),
        ),
        "granted_register_total": (
            ("Σ per beslut i beslutsregistret", col("register_decisions", "granted_amount")),
            (
                "beviljat för godkända + åsidosatta projekt + beslut utan arbetsbok",
                totals["granted_accepted"] + totals["granted_set_aside"] + totals["granted_without_workbook"],
            ),
        ),
    }


def reconcile(tables: Mapping[str, pd.DataFrame]) -> None:
    """Check that every breakdown adds up to the programme total; raise ReconciliationError if not."""
    totals = tables["programme_totals"].iloc[0]
    for column, parts in breakdowns(tables).items():
        for label, figure in parts:
            if figure != totals[column]:
                raise ReconciliationError(
                    f"Avstämningen av {FIGURE_NAMES[column]} stämmer inte: {label} {format_kr(figure)} ≠ "
                    f"programtotal {format_kr(totals[column])}. Inget har skrivits till 3_aggregated; "
                    "kontrollera att varje godkänt projekt har giltig länskod och år inom perioden och ett "
                    "beslut i beslutsregistret, och kör om validate och aggregate."
                )
    _reconcile_counts(tables, totals)
    reconcile_payments(tables)  # issue 14: decided, paid and reported


def _reconcile_counts(tables: Mapping[str, pd.DataFrame], totals: pd.Series) -> None:
    per_region = int(tables["by_region"]["projects"].sum())
    if totals["projects"] != per_region:
        raise ReconciliationError(
            f"Antal projekt per län {per_region} ≠ programtotal {totals['projects']}. "
            "Inget har skrivits till 3_aggregated."
        )
    listed = len(tables["register_decisions"])
    if totals["decisions"] != listed:
        raise ReconciliationError(
            f"Antal beslut i register_decisions {listed} ≠ programtotal "
            f"{totals['decisions']}. Inget har skrivits till 3_aggregated."
        )
    split = (
        totals["decisions_accepted"] + totals["decisions_set_aside"] + totals["decisions_without_workbook"]
    )
    if totals["decisions"] != split:
        raise ReconciliationError(
            f"Antal beslut för godkända + åsidosatta projekt + utan arbetsbok {split} ≠ programtotal "
            f"{totals['decisions']}. Inget har skrivits till 3_aggregated."
        )
    indicators = tables["indicator_totals"]
    reported = indicators[indicators["projects_reporting"] > 0]
    for column, figure in (
        ("indicators_reported", len(reported)),
        ("indicators_met", int(reported["target_met"].sum())),
    ):
        if totals[column] != figure:
            raise ReconciliationError(
                f"Avstämningen av indikatorer stämmer inte: {column} {totals[column]} ≠ {figure} enligt "
                "indicators.csv. Inget har skrivits till 3_aggregated."
            )
    for column, total in (("meetings", "meetings"), ("participants", "meeting_participants")):
        for table in ("meetings_by_type_year", "meetings_by_type"):
            figure = int(tables[table][column].sum())
            if figure != totals[total]:
                raise ReconciliationError(
                    f"Avstämningen av träffar stämmer inte: {column} i {table} {figure} ≠ "
                    f"programtotal {totals[total]}. Inget har skrivits till 3_aggregated."
                )
