"""When projects run: the funding rounds (start years), decision, start and end dates, and how a
project's costs spread over its years."""

from __future__ import annotations

import datetime as dt
import random

from .apportion import split_exactly
from .config_file import LAST_YEAR

# When projects start and how long they run: start year -> (relative number of projects,
# (first, last) start month, durations in months, taken in turn). An end after the period is cut to
# 31 December 2017. Projects start in February or later, so they are decided the year they start.
# Most start in three rounds: 2013 (the first commission), 2015 (the second) and 2017 (Cedefop's
# "2017 projects"). Tuned so that Tillväxtverket's payments per year come out about 7–8 mnkr in
# 2013, 11–12 mnkr a year in 2014–2016 and 15–16 mnkr in 2017, near the 16 mnkr forecast.
START_YEARS: dict[int, tuple[float, tuple[int, int], tuple[int, ...]]] = {
    2013: (14, (2, 5), (18, 18, 24, 30)),
    2014: (2, (2, 9), (12, 18, 24, 24)),
    2015: (13, (2, 6), (12, 18, 18, 24, 24, 24)),
    2016: (2, (2, 9), (12, 18, 24)),
    2017: (9, (2, 3), (12,)),
}
# A project's spending per month in its first calendar year, relative to later years.
FIRST_YEAR_PACE = (0.6, 0.85)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    return dt.date(day.year + month_index // 12, month_index % 12 + 1, 1)


def months_in_year(start: dt.date, end: dt.date, year: int) -> int:
    first = max(start, dt.date(year, 1, 1))
    last = min(end, dt.date(year, 12, 31))
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


def allocate_start_years(grants: list[int]) -> list[int]:
    """Start year of each project: as many per year as `START_YEARS` says (largest remainder), the
    projects dealt largest grant first to the year furthest below its share of the money, so each
    year's share of the grants follows its share of the projects however the grants fell."""
    years = list(START_YEARS)
    slots = dict(zip(years, split_exactly(len(grants), [START_YEARS[y][0] for y in years]), strict=False))
    grant_total = sum(grants)
    wanted = {y: grant_total * slots[y] / len(grants) for y in years}
    dealt = dict.fromkeys(years, 0)
    start_years = [0] * len(grants)
    for i in sorted(range(len(grants)), key=lambda i: (-grants[i], i)):
        year = max((y for y in years if slots[y]), key=lambda y: (wanted[y] - dealt[y], -y))
        start_years[i] = year
        slots[year] -= 1
        dealt[year] += grants[i]
    return start_years


def draw_periods(start_years: list[int], rng: random.Random) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(decision date, start date, end date) of each project: decided in the year it starts,
    running 1–3 years and ending by the end of the programme period. Within a start year the
    start months are spread evenly over `START_YEARS`' months and the durations taken in turn from
    its list, then shuffled, so the payments per year vary little from one draw to the next."""
    periods: list = [None] * len(start_years)
    for start_year, (_, (first_month, last_month), durations) in START_YEARS.items():
        indices = [i for i, year in enumerate(start_years) if year == start_year]
        count = len(indices)
        months_span = last_month - first_month + 1
        months = [first_month + int((k + rng.random()) * months_span / count) for k in range(count)]
        cycle = rng.sample(durations, len(durations))
        lengths = [cycle[k % len(cycle)] for k in range(count)]
        rng.shuffle(months)
        rng.shuffle(lengths)
        for i, month, length in zip(indices, months, lengths, strict=False):
            start = dt.date(start_year, month, 1)
            end = min(add_months(start, length) - dt.timedelta(days=1), dt.date(LAST_YEAR, 12, 31))
            # Start month two or later, so the decision falls in the start year (the id's year).
            decision = start - dt.timedelta(days=rng.randint(14, 30))
            periods[i] = (decision, start, end)
    return periods


def draw_year_weights(start: dt.date, end: dt.date, rng: random.Random) -> list[float]:
    """Each year's share of a project's costs: its months in the year, at a slower pace while the
    project starts up (staff recruited, partners gathered) in its first calendar year."""
    weights = []
    for year in range(start.year, end.year + 1):
        pace = rng.uniform(*FIRST_YEAR_PACE) if year == start.year else rng.uniform(0.9, 1.1)
        weights.append(months_in_year(start, end, year) * pace)
    return weights
