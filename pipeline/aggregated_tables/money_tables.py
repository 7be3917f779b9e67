"""Costs and financing of the accepted projects: per project, county, year, category and source."""

from __future__ import annotations

from ..contract import COUNTIES
from ..schema import Table, flag

COUNTY_CODES = tuple(COUNTIES)
EVERY_COUNTY = (
    f"alla {len(COUNTIES)} län i kontraktets lista (länskod 01–25, de län Sverige har i dag), "
    "också de utan godkänt projekt"
)
_EVERY_CATEGORY = "kontraktets kostnadsslag i dess ordning, nollor där inget redovisats"
_EVERY_SOURCE = "kontraktets finansiärer i dess ordning, nollor där inget redovisats"

MONEY_TABLES = (
    Table(
        "project_summary",
        "Projektsammanställning",
        "En rad per godkänt projekt (ett projekt vars arbetsbok åsidosatts finns inte här): budget, "
        "kostnad, finansiering och andelar.",
        (
            "project_id",
            "title",
            "county_code",
            "county_name",
            "owner",
            "start_date",
            "end_date",
            "budget_total",
            "total_cost",
            "granted_amount",
            "agency_paid",
            "public_cash",
            "public_in_kind",
            "private_cash",
            "private_in_kind",
            "cofinancing_total",
            "agency_share_pct",
            "actual_vs_budget_pct",
            (
                "has_good_example",
                flag("Gott exempel", "true om projektet beskriver ett gott exempel, annars false."),
            ),
            "source_file",
        ),
        key=("project_id",),
    ),
    Table(
        "by_region",
        "Per län",
        f"En rad för vart och ett av {EVERY_COUNTY}: nollor där inga godkända projekt finns.",
        (
            "county_code",
            "county_name",
            "projects",
            "budget_total",
            "total_cost",
            "granted_amount",
            "agency_paid",
            "cofinancing_total",
            "agency_share_pct",
        ),
        key=("county_code",),
        accepted={"county_code": COUNTY_CODES},
    ),
    Table(
        "by_year",
        "Per år",
        "En rad per år: programperiodens år (programme.toml) och varje annat år som en godkänd "
        "arbetsbok redovisar kostnader eller finansiering för; nollor där inget redovisats.",
        (
            "year",
            "budget_total",
            "total_cost",
            "agency_paid",
            "cofinancing_total",
            "agency_share_pct",
            "financing_total",
        ),
        key=("year",),
    ),
    Table(
        "category_by_year",
        "Kostnadsslag per år",
        f"En rad per kostnadsslag och år: {_EVERY_CATEGORY}, gånger åren i by_year. Budget och "
        "utfall som rapporterade, projektintäkter positiva på egen rad (dras av i totalerna).",
        # *_signed: as the amount counts towards the total cost (contract.signed_cost).
        ("category", "category_label", "year", "budget", "actual", "actual_signed"),
        key=("category", "year"),
    ),
    Table(
        "category_totals",
        "Kostnadsslag hela perioden",
        f"En rad per kostnadsslag ({_EVERY_CATEGORY}): budget och utfall för hela perioden; "
        "projektintäkter positiva på egen rad (dras av i totalerna).",
        (
            "category",
            "category_label",
            "budget",
            "actual",
            "actual_vs_budget_pct",
            "budget_signed",
            "actual_signed",
            "deducted",
        ),
        key=("category",),
    ),
    Table(
        "financing_by_year",
        "Finansiering per år",
        f"En rad per finansiär och år: {_EVERY_SOURCE}, gånger åren i by_year; inbetald finansiering.",
        ("source", "source_label", "year", "amount"),
        key=("source", "year"),
    ),
    Table(
        "financing_totals",
        "Finansiering hela perioden",
        f"En rad per finansiär ({_EVERY_SOURCE}): inbetald finansiering för hela perioden, med "
        "andel av finansieringen och av kostnaderna.",
        ("source", "source_label", "amount", "share_pct", "share_of_cost_pct"),
        key=("source",),
    ),
    Table(
        "region_by_year",
        "Län per år",
        f"En rad per län och år: {EVERY_COUNTY}, gånger åren i by_year; total kostnad och "
        "Tillväxtverkets finansiering som projekten redovisar.",
        ("county_code", "county_name", "year", "total_cost", "agency_paid"),
        key=("county_code", "year"),
        accepted={"county_code": COUNTY_CODES},
    ),
)
