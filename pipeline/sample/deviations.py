"""Deviations the checks report as warnings, and input variety that must parse cleanly, each given
to distinct projects that fit it."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ..contract import FACT_FIELDS
from ..formatting import format_date
from .finances import INCOME_LABEL, SOURCE_LABEL, amount_text
from .projects import ProjectSpec, skip_retired_narrative_draws

# Deviations the checks report as warnings, and how many per 40 projects.
DEVIATIONS = {"year_share": 1, "low_outcome": 2, "typed_total_mismatch": 1, "prolonged": 1}
# Input variety that must parse cleanly, and how many per 40 projects.
VARIETY = {
    "amount_text_kr": 1,
    "decimal_comma": 1,
    "swedish_date_text": 1,
    "facts_reordered": 1,
    "extra_sheet": 1,
}


def _fits(feature: str, spec: ProjectSpec) -> bool:
    years = {row[0] for row in spec.cost_rows}
    if feature == "year_share":
        return len(years) >= 2
    if feature == "prolonged":
        return spec.end_date.month <= 9
    if feature == "low_outcome":
        return any(target >= 4 for _, target, _ in spec.indicator_rows)
    return True


def _apply_year_share(spec: ProjectSpec) -> None:
    """Tillväxtverket's money moved into one year (> 50 % that year, ≤ 50 % overall); public cash
    moves the other way so each year's financing still equals its costs."""
    years = sorted({row[0] for row in spec.cost_rows})
    net = {y: sum(_net(r) for r in spec.cost_rows if r[0] == y) for y in years}
    heavy, light = max(years, key=lambda y: net[y]), min(years, key=lambda y: net[y])
    rows = spec.financing_rows
    agency_label, cash_label = SOURCE_LABEL["tillvaxtverket"], SOURCE_LABEL["public_cash"]

    def locate(year, label):
        return next(i for i, r in enumerate(rows) if r[0] == year and r[1] == label)

    agency_light = rows[locate(light, agency_label)][2]
    shift = int(net[light] * 0.56) - agency_light
    agency_heavy = rows[locate(heavy, agency_label)][2]
    shift = min(shift, agency_heavy - 1, rows[locate(light, cash_label)][2])
    for year, sign in ((light, 1), (heavy, -1)):
        i, j = locate(year, agency_label), locate(year, cash_label)
        rows[i] = (year, agency_label, rows[i][2] + sign * shift)
        rows[j] = (year, cash_label, rows[j][2] - sign * shift)


def _net(cost_row) -> int:
    year, label, budget, actual = cost_row
    return -actual if label == INCOME_LABEL else actual


def _apply_low_outcome(spec: ProjectSpec, rng: random.Random) -> None:
    candidates = [i for i, (_, target, _) in enumerate(spec.indicator_rows) if target >= 4]
    i = rng.choice(candidates)
    label, target, _ = spec.indicator_rows[i]
    spec.indicator_rows[i] = (label, target, int(target * rng.uniform(0.2, 0.4)))
    # The narrative is written later, from the figures now reported.
    skip_retired_narrative_draws(spec.indicator_rows, rng, spec.with_good_example)


def _apply_prolonged(spec: ProjectSpec) -> None:
    """Prolonged within its last year: the workbook shows the new end date, the register the
    decided one, and no cost falls outside the years already reported."""
    spec.end_date = dt.date(spec.end_date.year, 12, 31)


def _apply_amount_text(spec: ProjectSpec) -> None:
    i = next(i for i, r in enumerate(spec.cost_rows) if r[1] == "Resor och logi")
    year, label, budget, actual = spec.cost_rows[i]
    spec.cost_rows[i] = (year, label, budget, amount_text(actual, suffix=" kr"))
    spec.totals_typed = True


def _apply_decimal_comma(spec: ProjectSpec) -> None:
    """Öre on one cost and on the same year's public cash, typed with decimal comma: the totals
    still agree exactly."""
    i = next(i for i, r in enumerate(spec.cost_rows) if r[1] == "Resor och logi")
    year, label, budget, actual = spec.cost_rows[i]
    spec.cost_rows[i] = (year, label, budget, amount_text(Decimal(actual) + Decimal("0.50"), decimals=True))
    j = next(
        j for j, r in enumerate(spec.financing_rows) if r[0] == year and r[1] == SOURCE_LABEL["public_cash"]
    )
    spec.financing_rows[j] = (
        year,
        spec.financing_rows[j][1],
        amount_text(Decimal(spec.financing_rows[j][2]) + Decimal("0.50"), decimals=True),
    )
    spec.totals_typed = True


def assign_features(specs: list[ProjectSpec], rng: random.Random) -> None:
    """Give each deviation and variety to distinct projects that fit it."""
    scale = len(specs) / 40
    wanted = [(name, round(count * scale)) for name, count in {**DEVIATIONS, **VARIETY}.items()]
    order = list(range(len(specs)))
    rng.shuffle(order)
    taken: set[int] = set()
    for name, count in wanted:
        for i in order:
            if count == 0:
                break
            if i in taken or not _fits(name, specs[i]):
                continue
            taken.add(i)
            count -= 1
            spec = specs[i]
            spec.features += (name,)
            if name == "year_share":
                _apply_year_share(spec)
            elif name == "low_outcome":
                _apply_low_outcome(spec, rng)
            elif name == "typed_total_mismatch":
                rows_sum = sum(Decimal(r[3]) for r in spec.cost_rows)
                spec.cost_total_actual_typed = rows_sum + rng.choice((-1, 1)) * 10_000
            elif name == "prolonged":
                _apply_prolonged(spec)
            elif name == "amount_text_kr":
                _apply_amount_text(spec)
            elif name == "decimal_comma":
                _apply_decimal_comma(spec)
            elif name == "swedish_date_text":
                spec.start_date_text = format_date(spec.start_date)  # "1 mars 2017"
            elif name == "facts_reordered":
                spec.facts_order = tuple(rng.sample(range(len(FACT_FIELDS)), len(FACT_FIELDS)))
            elif name == "extra_sheet":
                spec.extra_sheet = True
