"""A realistic, seeded sample programme (`python -m pipeline sample --projects N --out DIR`).

Every figure is drawn from one `random.Random(seed)` in the main process, in a fixed order, so the
same seed gives the same programme (and the same bytes); no wall-clock anywhere. The narratives
come last, each from a generator of its own seeded from (seed, project id), see
`sample_narratives`: their wording never moves a figure. The drawn projects are plain data
(`ProjectSpec`), written to workbooks by a pure function, in a process pool when there are many.

The 40-project set follows the real programme: every county, more projects in the large regions,
owners that held regional development responsibility in that county that year (domain.md),
whole-krona amounts where costs equal financing, grants summing exactly to the frame. A few
projects carry realistic deviations the checks report as warnings (see `DEVIATIONS`), and a few
carry input variety that must parse cleanly (see `VARIETY`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import random
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .contract import (
    COST_CATEGORIES,
    COST_COLUMNS,
    COUNTIES,
    FACT_FIELDS,
    FINANCING_COLUMNS,
    FINANCING_SOURCES,
    INDICATOR_COLUMNS,
    INDICATORS,
    MEETING_COLUMNS,
    MEETING_TYPES,
    MEETINGS_SHEET,
    NARRATIVE_FIELDS,
    REGISTER_COLUMNS,
    REGISTER_SHEET,
    SHEET_COSTS,
    SHEET_FACTS,
    SHEET_FINANCING,
    SHEET_INDICATORS,
    SHEET_NARRATIVE,
    TOTALS_LABEL,
)
from .errors import PipelineError
from .formatting import format_date
from .parsing import cell_address, parse_amount
from .paths import CONFIG_NAME, MEETINGS_NAME, PROJECTS_DIRNAME, REGISTER_NAME
from .sample_narratives import NarrativeFacts, write_narratives

# --- Programme-level constants of the generator (not programme facts: those are in the toml). ----

FRAME_PER_40_PROJECTS = 60_000_000
FIRST_YEAR, LAST_YEAR = 2013, 2017
# Files the generator writes; a folder holding only these may be regenerated in place.
GENERATED_TOP_LEVEL = frozenset({CONFIG_NAME, REGISTER_NAME, MEETINGS_NAME, PROJECTS_DIRNAME, "README.md"})
PROJECT_FILE_PATTERN = re.compile(r"\d{2}_\d{4}-\d{6}\.xlsx")
# Above this many projects the workbooks are written by a process pool.
POOL_THRESHOLD = 200

# The committed inputs/programme.toml, with the frame substituted; for 40 projects the output is
# byte-identical to the committed file.
PROGRAMME_TOML = """\
# The programme's facts. No programme fact is a constant in the code: change them here.

[programme]
name = "Regionala kompetensplattformar"
agency = "Tillväxtverket"
recipient = "Näringsdepartementet"
commissions = ["N2012/6275/RT", "N2015/02413/RTS"]
period_start = 2013
period_end = 2017
max_agency_share = 0.50          # Tillväxtverket pays at most this share of a project's total cost
frame_amount = {frame_amount}          # kr, the programme's total frame

[report]
title = "Slutrapport. Regionala kompetensplattformar N2012/6275/RT och N2015/02413/RTS"
diarienummer = "Dnr Ä 2018-000318"
date = 2018-03-15                # also the run's timestamp unless SOURCE_DATE_EPOCH is set
place = "Stockholm"
approver_role = "generaldirektören"
case_officer_role = "handläggare vid avdelningen för regional tillväxt"
author = "Tillväxtverket"
max_profile_pages = 60           # projects beyond this get a table row but no profile page

[checks]
amount_tolerance = 1             # kr: costs may differ from financing by at most this much
outcome_warning_ratio = 0.5      # outcome below this share of the target gives a warning
"""

# --- Regions --------------------------------------------------------------------------------------

# Relative weight of a county when spreading projects (about the square root of its population,
# the three large regions weighted up so they get 3–4 of 40 projects and every other county 1–2).
COUNTY_WEIGHTS: dict[str, float] = {
    "01": 2.6,
    "03": 0.60,
    "04": 0.54,
    "05": 0.67,
    "06": 0.59,
    "07": 0.44,
    "08": 0.49,
    "09": 0.24,
    "10": 0.40,
    "12": 2.1,
    "13": 0.57,
    "14": 2.3,
    "17": 0.53,
    "18": 0.54,
    "19": 0.52,
    "20": 0.53,
    "21": 0.53,
    "22": 0.49,
    "23": 0.36,
    "24": 0.52,
    "25": 0.50,
}

# Who held regional development responsibility, from which year (domain.md): (from_year, name, kind).
OWNERS: dict[str, tuple[tuple[int, str, str], ...]] = {
    "01": ((2013, "Länsstyrelsen i Stockholms län", "lansstyrelse"),),
    "03": ((2013, "Regionförbundet i Uppsala län", "forbund"), (2017, "Region Uppsala", "landsting")),
    "04": ((2013, "Regionförbundet Sörmland", "forbund"),),
    "05": ((2013, "Regionförbundet Östsam", "forbund"), (2015, "Region Östergötland", "landsting")),
    "06": ((2013, "Regionförbundet Jönköpings län", "forbund"), (2015, "Region Jönköpings län", "landsting")),
    "07": ((2013, "Regionförbundet södra Småland", "forbund"), (2015, "Region Kronoberg", "landsting")),
    "08": ((2013, "Regionförbundet i Kalmar län", "forbund"),),
    "09": ((2013, "Region Gotland", "kommun"),),
    "10": ((2013, "Region Blekinge", "forbund"),),
    "12": ((2013, "Region Skåne", "landsting"),),
    "13": ((2013, "Region Halland", "landsting"),),
    "14": ((2013, "Västra Götalandsregionen", "landsting"),),
    "17": ((2013, "Region Värmland", "forbund"),),
    "18": ((2013, "Regionförbundet Örebro län", "forbund"), (2015, "Region Örebro län", "landsting")),
    "19": (
        (2013, "Länsstyrelsen i Västmanlands län", "lansstyrelse"),
        (2017, "Region Västmanland", "landsting"),
    ),
    "20": ((2013, "Region Dalarna", "forbund"),),
    "21": ((2013, "Region Gävleborg", "forbund"), (2015, "Region Gävleborg", "landsting")),
    "22": (
        (2013, "Länsstyrelsen i Västernorrlands län", "lansstyrelse"),
        (2017, "Region Västernorrland", "landsting"),
    ),
    "23": (
        (2013, "Regionförbundet Jämtlands län", "forbund"),
        (2015, "Region Jämtland Härjedalen", "landsting"),
    ),
    "24": ((2013, "Region Västerbotten", "forbund"),),
    "25": (
        (2013, "Länsstyrelsen i Norrbottens län", "lansstyrelse"),
        (2017, "Region Norrbotten", "landsting"),
    ),
}
# First six digits of public bodies' organisation numbers, by kind (2xxxxx: legal persons).
ORG_NUMBER_PREFIX = {"landsting": "232100", "kommun": "212000", "forbund": "222000", "lansstyrelse": "202100"}

CONTACT_ROLES = (
    "Processledare kompetensförsörjning",
    "Projektledare kompetensplattformen",
    "Utvecklingsstrateg kompetensförsörjning",
    "Enhetschef regional utveckling",
    "Analytiker kompetensförsörjning",
    "Samordnare för kompetensplattformen",
    "Handläggare regional tillväxt",
    "Strateg utbildning och arbetsmarknad",
)

# --- Phrase banks (Swedish) ------------------------------------------------------------------------

# Title templates with the focus (a key of sample_focuses.FOCUSES) each names.
TITLE_FOCUS = (
    ("Kompetensplattform {region} – behovsanalyser och prognoser", "analysis"),
    ("Branschråd för kompetensförsörjning i {region}", "councils"),
    ("Validering som väg till arbete i {region}", "validation"),
    ("Lärcentra i samverkan – {region}", "learning_centres"),
    ("Yrkesvux och arbetsgivardialog i {region}", "vocational_adult"),
    ("Kompetenssamverkan {region}", "process"),
    ("Framtidens kompetens i {region}", "analysis"),
    ("Jämställd kompetensförsörjning i {region}", "gender"),
    ("Kompetensförsörjning och integration i {region}", "integration"),
    ("Utbildningsplanering på analysens grund – {region}", "planning"),
    ("Regional kompetensplattform {region}, etapp 2", "process"),
    ("Arbetsgivare och utbildning i dialog – {region}", "councils"),
)
# The narratives were once drawn from the main generator. Its stream is kept as it was, so every
# figure of a seed stays the same: these are the sizes those draws were made from (result
# sentences and the counted placeholders each needed above zero, lessons, good examples).
RETIRED_RESULT_PLACEHOLDERS = (
    ("skills_analyses",),
    ("participating_employers", "participating_education_providers"),
    ("sector_councils_started",),
    ("education_programmes_changed",),
    (),
    (),
    ("validation_models",),
    (),
)
RETIRED_LESSON_COUNT, RETIRED_EXAMPLE_COUNT = 8, 6
MEETING_THEMES = {
    "Erfarenhetsträff": (
        "Erfarenheter från projektstarten",
        "Uppföljning och utvärdering av projekten",
        "Processledning och samverkan",
        "Halvtidsavstämning av projekten",
        "Resultat och lärdomar inför slutrapporten",
    ),
    "Tematräff": (
        "Kompetensbehovsanalyser och prognoser",
        "Validering",
        "Branschråd och arbetsgivardialog",
        "Lärcentra och yrkesvux",
        "Jämställdhet i kompetensförsörjningen",
        "Integration och nyanländas kompetens",
        "Dimensionering av utbildning",
    ),
}
MEETING_PLACES = (
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Jönköping",
    "Örebro",
    "Umeå",
    "Östersund",
    "Karlstad",
    "Linköping",
    "Sundsvall",
    "Växjö",
    "Luleå",
    "Uppsala",
    "Falun",
)
# Typical share of each cost category in a year's gross cost (personnel and the flat-rate
# indirect cost of 15 % on personnel take what is left).
COST_MIX = {
    "Externa tjänster": (0.10, 0.25),
    "Resor": (0.02, 0.05),
    "Lokaler och investeringar": (0.02, 0.06),
    "Övriga kostnader": (0.02, 0.05),
}
INDIRECT_RATE = Decimal("0.15")
INCOME_LABEL = next(label for label, code in COST_CATEGORIES.items() if code == "project_income")
PERSONNEL_LABEL = next(label for label, code in COST_CATEGORIES.items() if code == "personnel")
INDIRECT_LABEL = next(label for label, code in COST_CATEGORIES.items() if code == "indirect_flat_rate")
SOURCE_LABEL = {code: label for label, code in FINANCING_SOURCES.items()}
INDICATOR_LABEL = {code: label for label, code in INDICATORS.items()}
# Indicator target ranges for a project of about 3 MSEK; scaled by the project's size.
INDICATOR_TARGETS = {
    "skills_analyses": (1, 5),
    "participating_employers": (15, 90),
    "participating_education_providers": (4, 20),
    "sector_councils_started": (0, 4),
    "education_programmes_changed": (0, 8),
    "validation_models": (0, 3),
    "meetings_and_activities": (12, 60),
}

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


@dataclass
class ProjectSpec:
    """Everything needed to write one project workbook and its register row. Plain data."""

    project_id: str
    file_name: str
    county_code: str
    owner: str
    org_number: str
    contact_role: str
    title: str
    decision_date: dt.date
    start_date: dt.date
    end_date: dt.date  # as in the workbook
    register_end_date: dt.date
    granted: int
    # (year, category label, budget, actual); an amount may be a str typed by a person.
    cost_rows: list = field(default_factory=list)
    # (year, source label, amount)
    financing_rows: list = field(default_factory=list)
    # (indicator label, target, outcome)
    indicator_rows: list = field(default_factory=list)
    narrative: dict = field(default_factory=dict)  # label -> text
    # How each Summa row is written: "formula" (with stored result) or a typed number.
    cost_total_actual_typed: Decimal | None = None
    totals_typed: bool = False
    start_date_text: str | None = None
    facts_order: tuple[int, ...] | None = None
    extra_sheet: bool = False
    features: tuple[str, ...] = ()
    focus: str = "process"  # what the title names: a key of sample_focuses.FOCUSES
    with_good_example: bool = False


# --- Small helpers ---------------------------------------------------------------------------------


def frame_amount_for(projects: int) -> int:
    """The programme frame scaled to the number of projects, in whole kronor."""
    return int((Decimal(FRAME_PER_40_PROJECTS) * projects / 40).quantize(Decimal(1)))


def programme_toml(projects: int) -> str:
    return PROGRAMME_TOML.format(frame_amount=frame_amount_for(projects))


def _split(total: int, weights: list[float]) -> list[int]:
    """Split a whole amount by weights into whole parts that sum exactly (largest remainder)."""
    weight_sum = sum(weights)
    raw = [total * w / weight_sum for w in weights]
    parts = [int(r // 1) for r in raw]
    remainder = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[:remainder]:
        parts[i] += 1
    return parts


def _luhn_digit(digits: str) -> str:
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def org_number(name: str, kind: str) -> str:
    """A plausible organisation number (NNNNNN-NNNN, valid check digit), stable per owner."""
    prefix = ORG_NUMBER_PREFIX[kind]
    digest = int(hashlib.sha256(f"{kind}:{name}".encode()).hexdigest(), 16)
    middle = f"{digest % 1000:03d}"
    return f"{prefix}-{middle}{_luhn_digit(prefix + middle)}"


def owner_for(county_code: str, year: int) -> tuple[str, str]:
    """(name, kind) of the body responsible for regional development in that county and year."""
    name, kind = OWNERS[county_code][0][1:]
    for from_year, candidate, candidate_kind in OWNERS[county_code]:
        if year >= from_year:
            name, kind = candidate, candidate_kind
    return name, kind


def amount_text(value: int | Decimal, *, decimals: bool = False, suffix: str = "") -> str:
    """An amount as a person types it: "125 000 kr", "48 250,50"."""
    if decimals:
        whole, _, fraction = f"{Decimal(value):.2f}".partition(".")
        text = f"{int(whole):,}".replace(",", " ") + "," + fraction
    else:
        text = f"{int(value):,}".replace(",", " ")
    return text + suffix


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    return dt.date(day.year + month_index // 12, month_index % 12 + 1, 1)


def _months_in_year(start: dt.date, end: dt.date, year: int) -> int:
    first = max(start, dt.date(year, 1, 1))
    last = min(end, dt.date(year, 12, 31))
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


# --- Drawing the programme -----------------------------------------------------------------------


def allocate_counties(projects: int, rng: random.Random) -> list[str]:
    """County code of each project: every county once when there are enough projects, the rest by
    weight (largest remainder), so large regions get more."""
    codes = list(COUNTIES)
    if projects < len(codes):
        chosen: list[str] = []
        pool = dict(COUNTY_WEIGHTS)
        for _ in range(projects):
            code = rng.choices(list(pool), weights=list(pool.values()))[0]
            chosen.append(code)
            del pool[code]
        return chosen
    extra = _split(projects - len(codes), [COUNTY_WEIGHTS[c] for c in codes])
    allocation = [code for code, more in zip(codes, extra, strict=False) for _ in range(1 + more)]
    rng.shuffle(allocation)
    return allocation


def allocate_grants(projects: int, frame: int, rng: random.Random) -> list[int]:
    """Granted amounts, rounded to thousands, summing exactly to the frame."""
    weights = [rng.uniform(0.8, 2.2) for _ in range(projects)]
    scale = frame / sum(weights)
    grants = [int(round(w * scale / 1000)) * 1000 for w in weights]
    difference = frame - sum(grants)
    step = 1000 if difference > 0 else -1000
    index = 0
    while abs(difference) >= 1000:
        grants[index % projects] += step
        difference -= step
        index += 1
    grants[0] += difference  # any part of a thousand (frames are whole thousands, so usually 0)
    return grants


def allocate_start_years(grants: list[int]) -> list[int]:
    """Start year of each project: as many per year as `START_YEARS` says (largest remainder), the
    projects dealt largest grant first to the year furthest below its share of the money, so each
    year's share of the grants follows its share of the projects however the grants fell."""
    years = list(START_YEARS)
    slots = dict(zip(years, _split(len(grants), [START_YEARS[y][0] for y in years]), strict=False))
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
            end = min(_add_months(start, length) - dt.timedelta(days=1), dt.date(LAST_YEAR, 12, 31))
            # Start month two or later, so the decision falls in the start year (the id's year).
            decision = start - dt.timedelta(days=rng.randint(14, 30))
            periods[i] = (decision, start, end)
    return periods


def _year_weights(start: dt.date, end: dt.date, rng: random.Random) -> list[float]:
    """Each year's share of a project's costs: its months in the year, at a slower pace while the
    project starts up (staff recruited, partners gathered) in its first calendar year."""
    weights = []
    for year in range(start.year, end.year + 1):
        pace = rng.uniform(*FIRST_YEAR_PACE) if year == start.year else rng.uniform(0.9, 1.1)
        weights.append(_months_in_year(start, end, year) * pace)
    return weights


def _cost_rows_for_year(year: int, net: int, income: int, budget_net: int, rng: random.Random):
    """Seven category rows for one year: actual amounts summing (gross − income) exactly to `net`."""
    gross = net + income
    actual: dict[str, int] = {}
    for label, (low, high) in COST_MIX.items():
        actual[label] = int(round(gross * rng.uniform(low, high)))
    rest = gross - sum(actual.values())
    personnel = int((Decimal(rest) / (1 + INDIRECT_RATE)).quantize(Decimal(1)))
    actual[PERSONNEL_LABEL] = personnel
    actual[INDIRECT_LABEL] = rest - personnel
    actual[INCOME_LABEL] = income

    budget: dict[str, int] = {}
    for label in actual:
        if label == INCOME_LABEL:
            budget[label] = 0
        else:
            share = actual[label] / gross * rng.uniform(0.9, 1.1)
            budget[label] = int(round(budget_net * share / 1000)) * 1000
    return [(year, label, budget[label], actual[label]) for label in COST_CATEGORIES]


def _financing_for_year(year: int, net: int, agency: int, cofinancing_mix: list[float]):
    cofinancing = _split(net - agency, cofinancing_mix)
    sources = ["tillvaxtverket", "public_cash", "public_in_kind", "private_cash", "private_in_kind"]
    amounts = [agency] + cofinancing
    return [(year, SOURCE_LABEL[source], amount) for source, amount in zip(sources, amounts, strict=False)]


def _indicators(size: float, rng: random.Random) -> list[tuple[str, int, int]]:
    rows = []
    for code, (low, high) in INDICATOR_TARGETS.items():
        target = int(round(rng.randint(low, high) * size))
        if target == 0:
            outcome = rng.choice((0, 0, 1))
        else:
            outcome = max(1, int(round(target * rng.uniform(0.8, 1.3))))
        rows.append((INDICATOR_LABEL[code], target, outcome))
    return rows


def _skip_retired_narrative_draws(indicator_rows, rng: random.Random, with_example: bool) -> None:
    """Advance the main generator exactly as the retired narrative draws did (see
    `RETIRED_RESULT_PLACEHOLDERS`); `random.sample` and `choice` consume by population size only."""
    outcomes = {INDICATORS[label]: outcome for label, _, outcome in indicator_rows}
    usable = sum(1 for needed in RETIRED_RESULT_PLACEHOLDERS if all(outcomes[code] for code in needed))
    rng.sample(range(usable), min(3, usable))
    rng.sample(range(RETIRED_LESSON_COUNT), 2)
    if with_example:
        rng.choice(range(RETIRED_EXAMPLE_COUNT))


def _narrative_facts(spec: ProjectSpec) -> NarrativeFacts:
    return NarrativeFacts(
        project_id=spec.project_id,
        county_code=spec.county_code,
        owner=spec.owner,
        focus=spec.focus,
        end_year=spec.end_date.year,
        with_good_example=spec.with_good_example,
        indicators={INDICATORS[label]: (target, outcome) for label, target, outcome in spec.indicator_rows},
    )


def _draw_project(
    county_code: str,
    granted: int,
    period: tuple[dt.date, dt.date, dt.date],
    used_ids: set,
    case_number_max: int,
    rng: random.Random,
) -> ProjectSpec:
    decision, start, end = period
    while True:
        case_number = rng.randint(100, case_number_max)
        if (decision.year, case_number) not in used_ids:
            used_ids.add((decision.year, case_number))
            break
    project_id = f"Ä {decision.year}-{case_number:06d}"
    owner, kind = owner_for(county_code, start.year)

    # Tillväxtverket pays somewhat less than granted for most projects, at most half the cost.
    paid = granted if rng.random() < 0.2 else int(round(granted * rng.uniform(0.86, 0.99)))
    low_share, high_share = max(0.32, paid / 6_000_000), min(0.49, paid / 1_000_000)
    total_cost = int(round(paid / rng.uniform(low_share, high_share)))
    budget_total = int(round(total_cost * rng.uniform(1.0, 1.12)))

    years = list(range(start.year, end.year + 1))
    year_weights = _year_weights(start, end, rng)
    net_by_year = _split(total_cost, year_weights)
    budget_by_year = _split(budget_total, year_weights)
    agency_by_year = _split(paid, net_by_year)
    income_total = 0 if rng.random() < 0.7 else int(round(total_cost * rng.uniform(0.005, 0.02), -2))
    income_by_year = _split(income_total, net_by_year)

    public_cash = rng.uniform(0.55, 0.75)
    public_in_kind = rng.uniform(0.12, 0.30)
    private_cash = rng.uniform(0.0, 0.08)
    private_in_kind = max(0.0, 1 - public_cash - public_in_kind - private_cash)
    mix = [public_cash, public_in_kind, private_cash, private_in_kind]

    cost_rows, financing_rows = [], []
    for year, net, budget_net, agency, income in zip(
        years, net_by_year, budget_by_year, agency_by_year, income_by_year, strict=False
    ):
        cost_rows += _cost_rows_for_year(year, net, income, budget_net, rng)
        financing_rows += _financing_for_year(year, net, agency, mix)

    indicator_rows = _indicators(total_cost / 3_000_000, rng)
    with_example = rng.random() < 0.5
    # In the order the draws were always made (role, title, then the retired narrative draws).
    contact_role = rng.choice(CONTACT_ROLES)
    title, focus = rng.choice(TITLE_FOCUS)
    _skip_retired_narrative_draws(indicator_rows, rng, with_example)
    return ProjectSpec(
        project_id=project_id,
        file_name=f"{county_code}_{decision.year}-{case_number:06d}.xlsx",
        county_code=county_code,
        owner=owner,
        org_number=org_number(owner, kind),
        contact_role=contact_role,
        title=title.format(region=COUNTIES[county_code]),
        focus=focus,
        decision_date=decision,
        start_date=start,
        end_date=end,
        register_end_date=end,
        granted=granted,
        cost_rows=cost_rows,
        financing_rows=financing_rows,
        indicator_rows=indicator_rows,
        with_good_example=with_example,
    )


# --- Deviations (warnings) and variety (parses cleanly) -------------------------------------------


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
    _skip_retired_narrative_draws(spec.indicator_rows, rng, spec.with_good_example)


def _apply_prolonged(spec: ProjectSpec) -> None:
    """Prolonged within its last year: the workbook shows the new end date, the register the
    decided one, and no cost falls outside the years already reported."""
    spec.end_date = dt.date(spec.end_date.year, 12, 31)


def _apply_amount_text(spec: ProjectSpec) -> None:
    i = next(i for i, r in enumerate(spec.cost_rows) if r[1] == "Resor")
    year, label, budget, actual = spec.cost_rows[i]
    spec.cost_rows[i] = (year, label, budget, amount_text(actual, suffix=" kr"))
    spec.totals_typed = True


def _apply_decimal_comma(spec: ProjectSpec) -> None:
    """Öre on one cost and on the same year's public cash, typed with decimal comma: the totals
    still agree exactly."""
    i = next(i for i, r in enumerate(spec.cost_rows) if r[1] == "Resor")
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


def _assign_features(specs: list[ProjectSpec], rng: random.Random) -> None:
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


def _meeting_day(day: dt.date) -> dt.date:
    """Move a date to a working day outside the summer and Christmas holidays."""
    if day.month == 7 or (day.month == 8 and day.day < 15):
        day = dt.date(day.year, 8, 15)
    elif (day.month == 12 and day.day > 15) or (day.month == 1 and day.day < 10):
        day = dt.date(day.year + (day.month == 12), 1, 10)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def draw_meetings(rng: random.Random) -> list[dict]:
    """10–14 programme meetings 2013–2017, alternating experience meetings (for the granted
    projects: start-up first, results last) and theme meetings (for all platforms, each theme
    once before any repeats). Rows keyed by canonical column name."""
    count = rng.randint(10, 14)
    experience_type, theme_type = "Erfarenhetsträff", "Tematräff"
    experience_count = (count + 1) // 2
    first, *middle, last = MEETING_THEMES[experience_type]
    experience_themes = [first] + [middle[i % len(middle)] for i in range(experience_count - 2)] + [last]
    theme_themes = rng.sample(MEETING_THEMES[theme_type], len(MEETING_THEMES[theme_type]))
    meetings = []
    for i in range(count):
        kind = experience_type if i % 2 == 0 else theme_type
        if kind == experience_type:
            theme = experience_themes[i // 2]
        else:
            theme = theme_themes[(i // 2) % len(theme_themes)]
        # Spread from autumn 2013 to autumn 2017.
        offset_days = int(i * (4 * 365) / (count - 1)) + rng.randint(-20, 20)
        day = _meeting_day(dt.date(2013, 10, 1) + dt.timedelta(days=offset_days))
        day = min(max(day, dt.date(2013, 9, 2)), dt.date(2017, 11, 30))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        participants = rng.randint(30, 75) if kind == experience_type else rng.randint(60, 150)
        meetings.append(
            {
                "date": day,
                "meeting_type": kind,
                "theme": theme,
                "place": rng.choice(MEETING_PLACES),
                "participants": participants,
            }
        )
    return meetings


def draw_programme(projects: int, seed: int) -> tuple[list[ProjectSpec], list[dict]]:
    """All projects and meetings of a programme: the figures drawn from one seeded generator, then
    the narratives (see `sample_narratives`)."""
    rng = random.Random(seed)
    counties = allocate_counties(projects, rng)
    grants = allocate_grants(projects, frame_amount_for(projects), rng)
    used_ids: set = set()
    # Case numbers look like Tillväxtverket's (mostly four digits); a huge programme needs more room.
    case_number_max = min(999_999, max(9_999, 10 * projects))
    periods = draw_periods(allocate_start_years(grants), rng)
    specs = [
        _draw_project(code, grant, period, used_ids, case_number_max, rng)
        for code, grant, period in zip(counties, grants, periods, strict=False)
    ]
    _assign_features(specs, rng)
    meetings = draw_meetings(rng)
    specs.sort(key=lambda s: (s.county_code, s.decision_date, s.project_id))
    # Last, from generators of their own: the wording never moves a figure.
    narratives = write_narratives([_narrative_facts(s) for s in specs], seed)
    for spec, narrative in zip(specs, narratives, strict=True):
        spec.narrative = narrative
    return specs, meetings


# --- Writing ---------------------------------------------------------------------------------------


def _write_amount(worksheet, row: int, column: int, value, formats: dict) -> None:
    if isinstance(value, str):
        worksheet.write_string(row, column, value)
    else:
        worksheet.write_number(row, column, value, formats["amount"])


def _numeric(value) -> Decimal:
    """The amount a cell stands for, read the way the extract stage reads it."""
    return parse_amount(value)


def _write_total(
    worksheet, row: int, column: int, rows_first: int, total: Decimal, typed: bool, formats: dict
) -> None:
    whole = total == total.to_integral_value()
    number = int(total) if whole else float(total)
    style = formats["total_amount"] if whole else formats["total_decimal"]
    if typed:
        worksheet.write_number(row, column, number, style)
    else:
        first, last = cell_address(rows_first, column), cell_address(row - 1, column)
        worksheet.write_formula(row, column, f"=SUM({first}:{last})", style, number)


def write_project_workbook(path: Path, spec: ProjectSpec) -> None:
    """Write one project workbook following the contract (pure function of `spec`)."""
    from .template import (
        FACTS_TITLE,
        FIRST_FACT_ROW,
        new_workbook,
        set_column_widths,
        value_format,
        workbook_formats,
        write_header,
    )

    workbook = new_workbook(str(path))
    formats = workbook_formats(workbook)

    facts = workbook.add_worksheet(SHEET_FACTS)
    set_column_widths(facts, SHEET_FACTS)
    facts.write_string(0, 0, FACTS_TITLE, formats["title"])
    values = {
        "project_id": spec.project_id,
        "title": spec.title,
        "county_code": spec.county_code,
        "owner": spec.owner,
        "owner_org_number": spec.org_number,
        "contact_role": spec.contact_role,
        "start_date": spec.start_date_text or spec.start_date,
        "end_date": spec.end_date,
        "granted_amount": spec.granted,
    }
    order = spec.facts_order or tuple(range(len(FACT_FIELDS)))
    for offset, field_index in enumerate(order):
        fact = FACT_FIELDS[field_index]
        row = FIRST_FACT_ROW + offset
        value = values[fact.name]
        facts.write_string(row, 0, fact.label, formats["label"])
        if isinstance(value, dt.date):
            facts.write_datetime(row, 1, value, formats["date"])
        elif isinstance(value, int):
            facts.write_number(row, 1, value, formats["amount"])
        else:
            facts.write_string(row, 1, value, value_format(fact.kind, formats))

    costs = workbook.add_worksheet(SHEET_COSTS)
    set_column_widths(costs, SHEET_COSTS)
    write_header(costs, COST_COLUMNS, formats)
    for row, (year, label, budget, actual) in enumerate(spec.cost_rows, start=1):
        costs.write_number(row, 0, year)
        costs.write_string(row, 1, label)
        _write_amount(costs, row, 2, budget, formats)
        _write_amount(costs, row, 3, actual, formats)
    total_row = len(spec.cost_rows) + 1
    costs.write_string(total_row, 0, TOTALS_LABEL, formats["total_label"])
    costs.write_blank(total_row, 1, None, formats["total_label"])
    _write_total(
        costs, total_row, 2, 1, sum(_numeric(r[2]) for r in spec.cost_rows), spec.totals_typed, formats
    )
    actual_sum = sum(_numeric(r[3]) for r in spec.cost_rows)
    if spec.cost_total_actual_typed is not None:
        _write_total(costs, total_row, 3, 1, spec.cost_total_actual_typed, True, formats)
    else:
        _write_total(costs, total_row, 3, 1, actual_sum, spec.totals_typed, formats)

    financing = workbook.add_worksheet(SHEET_FINANCING)
    set_column_widths(financing, SHEET_FINANCING)
    write_header(financing, FINANCING_COLUMNS, formats)
    for row, (year, label, amount) in enumerate(spec.financing_rows, start=1):
        financing.write_number(row, 0, year)
        financing.write_string(row, 1, label)
        _write_amount(financing, row, 2, amount, formats)
    total_row = len(spec.financing_rows) + 1
    financing.write_string(total_row, 0, TOTALS_LABEL, formats["total_label"])
    financing.write_blank(total_row, 1, None, formats["total_label"])
    _write_total(
        financing,
        total_row,
        2,
        1,
        sum(_numeric(r[2]) for r in spec.financing_rows),
        spec.totals_typed,
        formats,
    )

    indicators = workbook.add_worksheet(SHEET_INDICATORS)
    set_column_widths(indicators, SHEET_INDICATORS)
    write_header(indicators, INDICATOR_COLUMNS, formats)
    for row, (label, target, outcome) in enumerate(spec.indicator_rows, start=1):
        indicators.write_string(row, 0, label)
        indicators.write_number(row, 1, target, formats["int"])
        indicators.write_number(row, 2, outcome, formats["int"])

    narrative = workbook.add_worksheet(SHEET_NARRATIVE)
    set_column_widths(narrative, SHEET_NARRATIVE)
    for row, narrative_field in enumerate(NARRATIVE_FIELDS):
        narrative.write_string(row, 0, narrative_field.label, formats["label"])
        text = spec.narrative.get(narrative_field.label)
        if text:
            narrative.write_string(row, 1, text, formats["wrap"])

    if spec.extra_sheet:
        notes = workbook.add_worksheet("Anteckningar")
        notes.set_column(0, 0, 90)
        notes.write_string(0, 0, "Interna anteckningar – läses inte av Tillväxtverket", formats["title"])
        notes.write_string(1, 0, "Underlaget till lägesrapporten stämdes av med ekonomienheten.")
        notes.write_string(2, 0, "Slutrapporten granskades av styrgruppen innan den skickades in.")
    workbook.close()


def _register_rows(specs: list[ProjectSpec]) -> list[dict]:
    return [
        {
            "project_id": s.project_id,
            "county_code": s.county_code,
            "owner": s.owner,
            "title": s.title,
            "decision_date": s.decision_date,
            "granted_amount": s.granted,
            "start_date": s.start_date,
            "end_date": s.register_end_date,
        }
        for s in sorted(specs, key=lambda s: (s.decision_date, s.project_id))
    ]


def _write_table_workbook(path: Path, sheet_name: str, columns, rows: list[dict]) -> None:
    from .template import new_workbook, workbook_formats, write_header

    workbook = new_workbook(str(path))
    formats = workbook_formats(workbook)
    sheet = workbook.add_worksheet(sheet_name)
    write_header(sheet, columns, formats)
    for column, spec_field in enumerate(columns):
        width = {"date": 12, "amount": 16, "county": 9, "int": 16}.get(spec_field.kind, 40)
        sheet.set_column(column, column, width)
    for row, record in enumerate(rows, start=1):
        for column, spec_field in enumerate(columns):
            value = record[spec_field.name]
            if isinstance(value, dt.date):
                sheet.write_datetime(row, column, value, formats["date"])
            elif isinstance(value, int):
                style = formats["amount"] if spec_field.kind == "amount" else None
                sheet.write_number(row, column, value, style)
            else:
                sheet.write_string(row, column, value, formats["text"])
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    workbook.close()


def write_register(path: Path, specs: list[ProjectSpec]) -> None:
    _write_table_workbook(path, REGISTER_SHEET, REGISTER_COLUMNS, _register_rows(specs))


def write_meetings(path: Path, meetings: list[dict]) -> None:
    assert all(m["meeting_type"] in MEETING_TYPES for m in meetings)
    _write_table_workbook(path, MEETINGS_SHEET, MEETING_COLUMNS, meetings)


# --- The command ---------------------------------------------------------------------------------


def _check_out_dir(out: Path) -> None:
    """Refuse a non-empty folder unless it holds only what this generator writes."""
    if out.exists() and not out.is_dir():
        raise PipelineError(f"{out}: finns redan och är inte en mapp. Välj en ny mapp med --out.")
    if not out.exists():
        return
    foreign = [p.name for p in out.iterdir() if p.name not in GENERATED_TOP_LEVEL]
    projects_dir = out / PROJECTS_DIRNAME
    if projects_dir.exists():
        if not projects_dir.is_dir():
            foreign.append(PROJECTS_DIRNAME)
        else:
            foreign += [
                f"{PROJECTS_DIRNAME}/{p.name}"
                for p in projects_dir.iterdir()
                if not (p.is_file() and PROJECT_FILE_PATTERN.fullmatch(p.name))
            ]
    for name in (CONFIG_NAME, REGISTER_NAME, MEETINGS_NAME, "README.md"):
        if (out / name).exists() and not (out / name).is_file():
            foreign.append(name)
    if foreign:
        shown = ", ".join(sorted(foreign)[:5])
        raise PipelineError(
            f"{out}: mappen innehåller filer som generatorn inte har skrivit ({shown}). "
            "Välj en tom eller ny mapp med --out, eller flytta filerna."
        )


def _write_projects(projects_dir: Path, specs: list[ProjectSpec], progress: bool) -> None:
    """Write every project workbook: in this process for a small programme, else in a process
    pool (the specs are already drawn, so the bytes do not depend on which process writes)."""
    bar = contextlib.nullcontext()
    if progress:
        import click

        bar = click.progressbar(length=len(specs), label="Skriver projektarbetsböcker", file=sys.stderr)
    with bar as progress_bar:

        def advance(count: int) -> None:
            if progress:
                progress_bar.update(count)

        if len(specs) < POOL_THRESHOLD:
            for spec in specs:
                write_project_workbook(projects_dir / spec.file_name, spec)
                advance(1)
            return
        chunks = [specs[i : i + 50] for i in range(0, len(specs), 50)]
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for written in pool.map(_write_chunk, [(str(projects_dir), chunk) for chunk in chunks]):
                advance(written)


def _write_chunk(job: tuple[str, list[ProjectSpec]]) -> int:
    projects_dir, specs = job
    for spec in specs:
        write_project_workbook(Path(projects_dir) / spec.file_name, spec)
    return len(specs)


def generate_programme(out: Path, *, projects: int, seed: int = 2018, progress: bool = False) -> dict:
    """Write a sample programme into `out`: programme.toml, the register, the meetings and one
    workbook per project. Returns a summary for the CLI."""
    out = Path(out)
    if projects < 1:
        raise PipelineError("--projects måste vara minst 1.")
    _check_out_dir(out)
    specs, meetings = draw_programme(projects, seed)

    projects_dir = out / PROJECTS_DIRNAME
    try:
        projects_dir.mkdir(parents=True, exist_ok=True)
        # Regenerating in place: drop workbooks of an earlier run (only generator-named files are
        # there, checked above) so a smaller programme leaves no stale projects behind.
        for stale in projects_dir.iterdir():
            stale.unlink()
        (out / CONFIG_NAME).write_text(programme_toml(projects), encoding="utf-8")
        write_register(out / REGISTER_NAME, specs)
        write_meetings(out / MEETINGS_NAME, meetings)
        _write_projects(projects_dir, specs, progress)
    except OSError as exc:
        raise PipelineError(
            f"{out}: kan inte skriva ({exc.strerror}). Välj en annan mapp med --out."
        ) from None
    return {
        "projekt": len(specs),
        "län": len({s.county_code for s in specs}),
        "beviljat": sum(s.granted for s in specs),
        "träffar": len(meetings),
        "avvikelser": sum(1 for s in specs for f in s.features if f in DEVIATIONS),
    }
