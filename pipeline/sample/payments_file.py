"""The agency's payments (utbetalningar.xlsx), as the finance system exports them (issue 14).

Drawn after everything else, from generators of their own (one seeded from the seed for which
projects carry a deviation, one per project seeded from (seed, project id)), so that the payments
never move a figure of the other files. Each project is paid what it reports as Tillväxtverket's
financing: an advance for some, a part payment in the spring after each project year, and a final
payment after the project ends (within the programme period). Deviations, one per 40 projects each:

- late_final_payment: the final payment falls after the programme period (V33);
- recovery: part of the money is recovered (återkrav), but the workbook reports the financing as
  it was before the recovery (V31, at the recovery's cell);
- over_reported: the project reports more agency financing than it was paid (V31, at the
  workbook's Tillväxtverket cell of its last year).
Every difference lies between payment_tolerance and payment_error_bound: warnings, no project is
set aside.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from ..contract import PAYMENT_COLUMNS, PAYMENT_KINDS, PAYMENTS_SHEET
from .config_file import LAST_YEAR
from .deviations import DEVIATIONS
from .finances import SOURCE_LABEL
from .projects import ProjectSpec
from .workbooks import write_table_workbook

PAYMENT_DEVIATIONS = {"late_final_payment": 1, "recovery": 1, "over_reported": 1}
KIND_LABEL = {code: label for label, code in PAYMENT_KINDS.items()}
_AGENCY_LABEL = SOURCE_LABEL["tillvaxtverket"]


def agency_by_year(spec: ProjectSpec) -> dict[int, int]:
    """The Tillväxtverket financing the workbook reports, per year (whole kronor)."""
    years: dict[int, int] = {}
    for year, label, amount in spec.financing_rows:
        if label == _AGENCY_LABEL:
            years[year] = years.get(year, 0) + int(amount)
    return dict(sorted(years.items()))


def _fits(feature: str, spec: ProjectSpec) -> bool:
    reported = agency_by_year(spec)
    if feature == "late_final_payment":
        return spec.end_date.year == LAST_YEAR and spec.end_date.month >= 9
    if feature == "recovery":
        return spec.end_date.year < LAST_YEAR
    return list(reported.values())[-1] > 100_000  # over_reported: room in the final payment


def choose_deviations(specs: list[ProjectSpec], seed: int) -> dict[str, str]:
    """project id → its payment deviation, for distinct projects that fit and carry no other
    planted deviation (so that each deviation is one finding of its own)."""
    rng = random.Random(f"{seed}:payments")
    scale = len(specs) / 40
    order = sorted(specs, key=lambda s: s.project_id)
    rng.shuffle(order)
    chosen: dict[str, str] = {}
    for feature, count in PAYMENT_DEVIATIONS.items():
        wanted = round(count * scale)
        for spec in order:
            if wanted == 0:
                break
            taken = spec.project_id in chosen or set(spec.features) & set(DEVIATIONS)
            if not taken and _fits(feature, spec):
                chosen[spec.project_id] = feature
                wanted -= 1
    return chosen


def _day(rng: random.Random, year: int, first_month: int, last_month: int) -> dt.date:
    return dt.date(year, rng.randint(first_month, last_month), rng.randint(1, 28))


def project_payments(spec: ProjectSpec, seed: int, deviation: str = "") -> list[dict]:
    """One project's payments: (date, kind, amount) rows summing to what it reports, but for its
    deviation."""
    rng = random.Random(f"{seed}:payments:{spec.project_id}")
    reported = agency_by_year(spec)
    total = sum(reported.values())
    years = list(reported)
    rows: list[tuple[dt.date, str, int]] = []
    paid = 0
    if rng.random() < 0.6:
        advance = int(round(total * rng.uniform(0.10, 0.25), -3))
        rows.append((spec.start_date + dt.timedelta(days=rng.randint(14, 45)), "advance", advance))
        paid = advance
    cumulative = 0
    for year in years[:-1]:
        cumulative += reported[year]
        if cumulative > paid:
            day = min(_day(rng, year + 1, 2, 4), spec.end_date)
            rows.append((day, "part_payment", cumulative - paid))
            paid = cumulative
    final = total - paid
    if deviation == "over_reported":
        final -= rng.randint(15, 60) * 1000
    after_end = spec.end_date + dt.timedelta(days=rng.randint(30, 75))
    if deviation == "late_final_payment":
        final_date = max(after_end, _day(rng, LAST_YEAR + 1, 1, 2))
    else:
        final_date = min(after_end, dt.date(LAST_YEAR, 12, rng.randint(10, 20)))
    if final > 0:
        rows.append((final_date, "final_payment", final))
    if deviation == "recovery":
        recovery_date = min(final_date + dt.timedelta(days=rng.randint(90, 180)), dt.date(LAST_YEAR, 11, 30))
        rows.append((recovery_date, "recovery", -rng.randint(12, 45) * 1000))
    return [
        {
            "project_id": spec.project_id,
            "payment_date": date,
            "payment_amount": amount,
            "payment_kind": KIND_LABEL[kind],
        }
        for date, kind, amount in rows
    ]


def draw_payments(specs: list[ProjectSpec], seed: int) -> tuple[list[dict], dict[str, str]]:
    """Every payment of the programme, as the finance system lists them (by date, then case id),
    and the deviations planted (project id → deviation)."""
    chosen = choose_deviations(specs, seed)
    rows = [row for spec in specs for row in project_payments(spec, seed, chosen.get(spec.project_id, ""))]
    rows.sort(key=lambda r: (r["payment_date"], r["project_id"]))
    return rows, chosen


def write_payments(path: Path, specs: list[ProjectSpec], seed: int) -> int:
    """Write utbetalningar.xlsx; return the number of payments."""
    rows, _ = draw_payments(specs, seed)
    write_table_workbook(path, PAYMENTS_SHEET, PAYMENT_COLUMNS, rows)
    return len(rows)
