"""The context of templates/payments.html.j2: decided, paid and reported (issue 14), as aggregate
wrote them (payments_totals, payments_by_project). Picks and joins rows; computes nothing.

`utbetalt` is the figure the report may call what the agency paid out: the payments' Σ when they
were reconciled, otherwise the projects' reported Tillväxtverket financing under its true name.
"""

from __future__ import annotations

from typing import Any

from ...paths import PAYMENTS_NAME
from .data import ReportData

PAYMENT_TABLES = "3_aggregated/payments_by_project.csv och payments_totals.csv"


def payments_context(data: ReportData) -> dict[str, Any]:
    """Always a non-empty dict (the partial says so when payments were not reconciled)."""
    tables = data.tables
    totals = tables["payments_totals"][0] if tables.get("payments_totals") else {}
    reconciled = bool(totals.get("payments_reconciled"))
    projects = {row["project_id"]: row for row in tables["project_summary"]}
    deviations = [
        {
            **row,
            "title": projects.get(row["project_id"], {}).get("title", ""),
            "county_name": projects.get(row["project_id"], {}).get("county_name", ""),
        }
        for row in tables.get("payments_by_project", [])
        if row["payment_deviation"]
    ]
    programme = tables["programme_totals"][0]
    if reconciled:
        utbetalt = {"label": "utbetalt", "amount": totals["paid"], "source": PAYMENTS_NAME}
    else:
        utbetalt = {
            "label": "redovisad finansiering från Tillväxtverket",
            "amount": programme["agency_paid"],
            "source": "projektens arbetsböcker",
        }
    period_end = data.config.period_end
    late = [
        {**row, "title": projects.get(row["project_id"], {}).get("title", "")}
        for row in tables.get("payments_by_project", [])
        if row["last_payment_date"] is not None and row["last_payment_date"].year > period_end
    ]
    return {
        "reconciled": reconciled,
        # The projects whose last payment came after the period (named beside paid_after_period).
        "late": late,
        # The frame's fate beside the payments: the part never granted, and whether grants went
        # to projects outside the sums (set aside or without a report).
        "frame_remaining": programme["frame_remaining"],
        "others_decided": bool(programme["decisions_set_aside"] or programme["decisions_without_workbook"]),
        "tolerance": data.config.payment_tolerance,
        "file": PAYMENTS_NAME,
        "source": PAYMENT_TABLES,
        "totals": totals,
        "deviations": deviations,
        "utbetalt": utbetalt,
    }
