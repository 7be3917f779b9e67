"""The programme's totals, summed from the detail rows (never from the other tables), and the
register's decisions in full.

What the figures mean (issue 10):
- Beviljat: `granted_register_total` is every decision in the register; it splits into the
  accepted projects' (`granted_accepted`, the same figure as `granted_amount`), the set-aside
  projects' (`granted_set_aside`) and decisions no workbook could be matched to
  (`granted_without_workbook`); `register_decisions` lists each decision with that status.
  `frame_remaining` is the frame minus every decision.
- `agency_paid` is what the projects report as Tillväxtverket's financing; what the agency paid
  out, from its payments ledger, is `paid` in the payments tables (ledger.py).
- In kind: `cash_cost` is the net cost minus contributions in kind (costs in kind are matched by
  contributions in kind), and `agency_share_of_cash_pct` stands beside the share of total cost.
- Budget vs actual: `budget_total` and `total_cost` are both net of project income.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ...contract import AGENCY_SOURCE, STATUS_ACCEPTED, STATUS_NO_WORKBOOK, STATUS_SET_ASIDE
from .breakdowns import COFINANCING_SOURCES, financing_by_source
from .inputs import Accepted
from .shares import ZERO, exact_share, mean_pct, percent

PUBLIC_SOURCES = tuple(code for code in COFINANCING_SOURCES if code.startswith("public_"))
PRIVATE_SOURCES = tuple(code for code in COFINANCING_SOURCES if code.startswith("private_"))
IN_KIND_SOURCES = tuple(code for code in COFINANCING_SOURCES if code.endswith("_in_kind"))


def decision_totals(decisions: pd.DataFrame) -> dict[str, object]:
    """Count and Σ granted of the register's decisions, in full and by workbook status."""
    count = decisions.groupby("workbook_status").size()
    known = decisions.dropna(subset=["granted_amount"])  # a blank amount adds nothing (see inputs)
    granted = known.groupby("workbook_status")["granted_amount"].sum()
    return {
        "decisions": len(decisions),
        "decisions_accepted": int(count.get(STATUS_ACCEPTED, 0)),
        "decisions_set_aside": int(count.get(STATUS_SET_ASIDE, 0)),
        "decisions_without_workbook": int(count.get(STATUS_NO_WORKBOOK, 0)),
        "granted_register_total": sum(known["granted_amount"], ZERO),
        "granted_set_aside": granted.get(STATUS_SET_ASIDE, ZERO),
        "granted_without_workbook": granted.get(STATUS_NO_WORKBOOK, ZERO),
    }


def indicator_counts(indicators: pd.DataFrame | None) -> dict[str, int]:
    """How many indicators accepted projects reported, and how many of those met their target."""
    if indicators is None or indicators.empty:
        return {"indicators_reported": 0, "indicators_met": 0}
    reported = indicators[indicators["projects_reporting"] > 0]
    return {"indicators_reported": len(reported), "indicators_met": int(reported["target_met"].sum())}


def programme_totals(
    summary: pd.DataFrame,
    accepted: Accepted,
    decisions: pd.DataFrame,
    projects_set_aside: int,
    frame_amount: Decimal,
    meetings: pd.DataFrame,
    indicators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The one row of programme totals (`indicators`: the indicator_totals table, for its counts)."""
    paid = financing_by_source(accepted.financing)
    total_cost = sum(accepted.costs["net_actual"], ZERO)
    budget_total = sum(accepted.costs["net_budget"], ZERO)
    agency_paid = paid.get(AGENCY_SOURCE, ZERO)
    granted = sum(summary["granted_amount"], ZERO)
    cofinancing = sum((amount for source, amount in paid.items() if source != AGENCY_SOURCE), ZERO)
    public, private, in_kind = (
        sum((paid.get(s, ZERO) for s in group), ZERO)
        for group in (PUBLIC_SOURCES, PRIVATE_SOURCES, IN_KIND_SOURCES)
    )
    shares = [
        exact_share(agency, cost)
        for agency, cost in zip(summary["agency_paid"], summary["total_cost"], strict=True)
        if cost > 0
    ]
    register = decision_totals(decisions)
    cash_cost = total_cost - in_kind
    row = {
        "projects": len(summary),
        "projects_set_aside": projects_set_aside,
        "regions": summary["county_code"].nunique(),
        "budget_total": budget_total,
        "total_cost": total_cost,
        "granted_amount": granted,
        "agency_paid": agency_paid,
        "frame_amount": frame_amount,
        "agency_share_avg_pct": mean_pct(shares),
        "agency_share_weighted_pct": percent(agency_paid, total_cost),
        **{source: paid.get(source, ZERO) for source in COFINANCING_SOURCES},
        "cofinancing_total": cofinancing,
        "financing_total": agency_paid + cofinancing,
        "financing_of_cost_pct": percent(agency_paid + cofinancing, total_cost),
        "unpaid_granted": granted - agency_paid,
        "paid_of_granted_pct": percent(agency_paid, granted),
        "paid_of_frame_pct": percent(agency_paid, frame_amount),
        "granted_of_frame_pct": percent(granted, frame_amount),
        "cost_of_budget_pct": percent(total_cost, budget_total),
        "public_total": public,
        "private_total": private,
        "in_kind_total": in_kind,
        "public_of_cofinancing_pct": percent(public, cofinancing),
        "private_of_cofinancing_pct": percent(private, cofinancing),
        "in_kind_of_cofinancing_pct": percent(in_kind, cofinancing),
        "meetings": len(meetings),
        "meeting_participants": int(meetings["participants"].sum()),
        "decisions": register["decisions"],
        "decisions_set_aside": register["decisions_set_aside"],
        "decisions_without_workbook": register["decisions_without_workbook"],
        "granted_register_total": register["granted_register_total"],
        "granted_accepted": granted,
        "granted_set_aside": register["granted_set_aside"],
        "granted_without_workbook": register["granted_without_workbook"],
        "frame_remaining": frame_amount - register["granted_register_total"],
        "cash_cost": cash_cost,
        "agency_share_of_cash_pct": percent(agency_paid, cash_cost),
        "decisions_accepted": register["decisions_accepted"],
        **indicator_counts(indicators),
    }
    return pd.DataFrame([row])
