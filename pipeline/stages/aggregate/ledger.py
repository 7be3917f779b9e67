"""Decided, paid and reported side by side (issue 14): per project, per project and year, in total.

- decided: the granted amount of the register (project_summary.granted_amount);
- paid: Σ of the agency's payments (utbetalningar.xlsx) to the project, recoveries negative, by
  the payment's date (year); empty when the payments are not reconciled (file missing or unusable);
- reported: the Tillväxtverket financing the project reports (project_summary.agency_paid).

A project deviates (`payment_deviation`, rules.payments.deviates) when paid > decided, or reported
and paid differ by more than payment_tolerance: exactly the projects V29, V31 and V32 name. A
decision not paid out in full is no deviation (its remainder is `paid_minus_decided`).

Scope (issue 22): payments_totals counts the ledger. Every row with a readable amount is one of
`payments` and in `paid_all`, which splits into `paid` (to accepted projects, as every aggregated
table: Σ payments_by_project) and `paid_other` (to set-aside projects, decisions without a
workbook, unknown or blank case ids); `paid_before_period` and `paid_after_period` are parts of
`paid_all`, whoever was paid. A row without a readable amount is counted nowhere and has a reading
finding at its cell. `reconcile_payments` checks the tables against each other and against
programme_totals before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ... import catalog
from ...config import ProgrammeConfig
from ...contract import AGENCY_SOURCE, RECOVERY_KIND
from ...errors import ReconciliationError
from ...formatting import format_kr
from ...rules.payments import READ, deviates, payments_state
from .inputs import Accepted
from .shares import ZERO


def _sum(values) -> object:
    return sum((v for v in values if v is not None and v is not pd.NA), ZERO)


def _minus(amount, other):
    """amount − other; empty when either is (paid is empty while the payments are not reconciled)."""
    return None if amount is None or other is None else amount - other


def _side_by_side(decided, paid, reported) -> dict[str, object]:
    """Decided, paid and reported with their differences, as a project's row and the totals give them."""
    return {
        "decided": decided,
        "paid": paid,
        "reported": reported,
        "paid_minus_decided": _minus(paid, decided),
        "reported_minus_paid": _minus(reported, paid),
    }


def payment_tables(
    frames: Mapping[str, pd.DataFrame], summary: pd.DataFrame, accepted: Accepted, config: ProgrammeConfig
) -> dict[str, pd.DataFrame]:
    """payments_by_project, payments_by_project_year and payments_totals."""
    state, _ = payments_state(frames["files"], frames["findings"])
    reconciled = state == READ
    payments = frames["payments"] if reconciled else catalog.empty("payments")
    pids = summary["project_id"].tolist()
    counted = payments[payments["payment_amount"].notna()]
    # An accepted project's payment has a date: a row without one has a reading finding (fel) that
    # carries its case id and sets the project aside.
    to_accepted = (
        counted["project_id"].isin(pids).fillna(False).astype(bool) & counted["payment_date"].notna()
    )
    mine, others = counted[to_accepted], counted[~to_accepted]
    agency = accepted.financing[accepted.financing["source"] == AGENCY_SOURCE]

    # Per project, grouped once (a mask per project is quadratic at 4,000 projects). The amounts
    # are all present here, and groupby sums Decimals exactly (no Python call per project).
    by_pid = mine.groupby(mine["project_id"].astype(object), sort=False)
    paid_of = by_pid["payment_amount"].sum().to_dict()
    count_of = by_pid.size().to_dict()
    dated = mine[mine["payment_date"].notna()].sort_values("payment_date", kind="stable")
    last_date_of = dict(zip(dated["project_id"], dated["payment_date"], strict=True))  # latest wins
    recoveries = mine[mine["payment_kind"] == RECOVERY_KIND]
    recovered_of = (
        recoveries.groupby(recoveries["project_id"].astype(object))["payment_amount"].sum().to_dict()
    )
    by_project = []
    for pid, county, decided, reported in zip(
        pids, summary["county_code"], summary["granted_amount"], summary["agency_paid"], strict=True
    ):
        paid = paid_of.get(pid, ZERO) if reconciled else None
        recovered = -recovered_of.get(pid, ZERO)
        by_project.append(
            {
                "project_id": pid,
                "county_code": county,
                **_side_by_side(decided, paid, reported),
                "recovered": recovered if reconciled else None,
                "payments": count_of.get(pid, 0) if reconciled else None,
                "last_payment_date": last_date_of.get(pid) if reconciled else None,
                "payment_deviation": None
                if paid is None
                else deviates(decided, paid, reported, config.payment_tolerance),
            }
        )
    project_frame = catalog.frame_from_records("payments_by_project", by_project)

    paid_years = pd.DataFrame(
        {
            "project_id": mine["project_id"].astype(object),
            "year": [d.year for d in mine["payment_date"]],
            "amount": mine["payment_amount"],
        }
    )
    # (project_id, year) → Σ, as dicts: a lookup per key in a MultiIndex costs ~50 µs.
    reported_years = agency.groupby(["project_id", "year"])["amount"].sum().to_dict()
    paid_by_year = paid_years.groupby(["project_id", "year"])["amount"].sum().to_dict()
    keys = sorted(set(reported_years) | set(paid_by_year))
    by_year = []
    for pid, year in keys:
        reported = reported_years.get((pid, year), ZERO)
        paid = paid_by_year.get((pid, year), ZERO) if reconciled else None
        by_year.append(
            {
                "project_id": pid,
                "year": int(year),
                "paid": paid,
                "reported": reported,
                "reported_minus_paid": _minus(reported, paid),
            }
        )
    year_frame = catalog.frame_from_records("payments_by_project_year", by_year)

    decided, reported = _sum(summary["granted_amount"]), _sum(summary["agency_paid"])
    paid = _sum(mine["payment_amount"]) if reconciled else None
    dates = counted["payment_date"]
    before = counted[[not pd.isna(d) and d < config.period_first_day for d in dates]]
    after = counted[[not pd.isna(d) and d > config.period_last_day for d in dates]]
    totals = {
        "payments_reconciled": reconciled,
        **_side_by_side(decided, paid, reported),
        "recovered": -_sum(mine.loc[mine["payment_kind"] == RECOVERY_KIND, "payment_amount"])
        if reconciled
        else None,
        "paid_before_period": _sum(before["payment_amount"]) if reconciled else None,
        "paid_after_period": _sum(after["payment_amount"]) if reconciled else None,
        "paid_other": _sum(others["payment_amount"]) if reconciled else None,
        "paid_all": _sum(counted["payment_amount"]) if reconciled else None,
        "payments": len(counted) if reconciled else None,
        "projects_differing": int(project_frame["payment_deviation"].fillna(False).sum())
        if reconciled
        else None,
    }
    return {
        "payments_by_project": project_frame,
        "payments_by_project_year": year_frame,
        "payments_totals": catalog.frame_from_records("payments_totals", [totals]),
    }


__all__ = ["payment_tables", "reconcile_payments"]

_NAMES = {
    "decided": "beslutat",
    "paid": "utbetalt",
    "reported": "redovisat",
    "paid_minus_decided": "utbetalt minus beslutat",
    "reported_minus_paid": "redovisat minus utbetalt",
    "recovered": "återkrävt",
}


def _check(name: str, label: str, figure, total) -> None:
    if figure != total:
        raise ReconciliationError(
            f"Avstämningen av {_NAMES.get(name, name)} stämmer inte: {label} {format_kr(figure)} ≠ "
            f"programtotal {format_kr(total)}. Inget har skrivits till 3_aggregated."
        )


def reconcile_payments(tables: Mapping[str, pd.DataFrame]) -> None:
    """Every payments figure adds up, to the krona, across the three tables and programme_totals."""
    totals = tables["payments_totals"].iloc[0]
    programme = tables["programme_totals"].iloc[0]
    projects, years = tables["payments_by_project"], tables["payments_by_project_year"]
    _check("decided", "beviljat belopp i programme_totals", programme["granted_amount"], totals["decided"])
    _check(
        "reported",
        "redovisad finansiering från Tillväxtverket i programme_totals",
        programme["agency_paid"],
        totals["reported"],
    )
    _check("reported", "Σ per projekt och år", _sum(years["reported"]), totals["reported"])
    names = ["decided", "reported"]
    if bool(totals["payments_reconciled"]):
        names += ["paid", "paid_minus_decided", "reported_minus_paid", "recovered"]
        _check("paid", "Σ per projekt och år", _sum(years["paid"]), totals["paid"])
        _check(
            "paid",
            "utbetalt + utbetalt till övriga ärenden",
            totals["paid"] + totals["paid_other"],
            totals["paid_all"],
        )
    for name in names:
        _check(name, "Σ per projekt", _sum(projects[name]), totals[name])
