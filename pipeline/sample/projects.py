"""One project, drawn: `ProjectSpec` (plain data, everything its workbook and register row need) and
the draws that fill it (id, owner, title, costs, financing, indicators), in a fixed order."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ..contract import COUNTIES, INDICATORS
from .apportion import split_exactly
from .config_file import MAX_AGENCY_SHARE
from .counties import org_number, owner_for
from .finances import cost_rows_for_year, financing_for_year
from .narratives import NarrativeFacts
from .periods import draw_year_weights

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

# Title templates with the focus (a key of focuses.FOCUSES) each names.
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
    focus: str = "process"  # what the title names: a key of focuses.FOCUSES
    with_good_example: bool = False


# An indicator of the contract with no range above (a newly added one) gets this one; drawn after
# the known ones, so adding an indicator moves no figure of the others.
DEFAULT_INDICATOR_TARGET = (0, 5)


def _indicator_ranges() -> list[tuple[str, tuple[int, int]]]:
    unknown = [code for code in INDICATORS.values() if code not in INDICATOR_TARGETS]
    return [*INDICATOR_TARGETS.items(), *((code, DEFAULT_INDICATOR_TARGET) for code in unknown)]


def _indicators(size: float, rng: random.Random) -> list[tuple[str, int, int]]:
    rows = []
    for code, (low, high) in _indicator_ranges():
        target = int(round(rng.randint(low, high) * size))
        if target == 0:
            outcome = rng.choice((0, 0, 1))
        else:
            outcome = max(1, int(round(target * rng.uniform(0.8, 1.3))))
        rows.append((INDICATOR_LABEL[code], target, outcome))
    return rows


def skip_retired_narrative_draws(indicator_rows, rng: random.Random, with_example: bool) -> None:
    """Advance the main generator exactly as the retired narrative draws did (see
    `RETIRED_RESULT_PLACEHOLDERS`); `random.sample` and `choice` consume by population size only."""
    outcomes = {INDICATORS[label]: outcome for label, _, outcome in indicator_rows}
    usable = sum(1 for needed in RETIRED_RESULT_PLACEHOLDERS if all(outcomes[code] for code in needed))
    rng.sample(range(usable), min(3, usable))
    rng.sample(range(RETIRED_LESSON_COUNT), 2)
    if with_example:
        rng.choice(range(RETIRED_EXAMPLE_COUNT))


def narrative_facts(spec: ProjectSpec) -> NarrativeFacts:
    return NarrativeFacts(
        project_id=spec.project_id,
        county_code=spec.county_code,
        owner=spec.owner,
        focus=spec.focus,
        end_year=spec.end_date.year,
        with_good_example=spec.with_good_example,
        indicators={INDICATORS[label]: (target, outcome) for label, target, outcome in spec.indicator_rows},
    )


def draw_project(
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

    # Tillväxtverket pays somewhat less than granted for most projects, just under its ceiling of
    # the cost at most (programme.toml's max_agency_share).
    paid = granted if rng.random() < 0.2 else int(round(granted * rng.uniform(0.86, 0.99)))
    highest_share = float(MAX_AGENCY_SHARE - Decimal("0.01"))
    low_share, high_share = max(0.32, paid / 6_000_000), min(highest_share, paid / 1_000_000)
    total_cost = int(round(paid / rng.uniform(low_share, high_share)))
    budget_total = int(round(total_cost * rng.uniform(1.0, 1.12)))

    years = list(range(start.year, end.year + 1))
    year_weights = draw_year_weights(start, end, rng)
    net_by_year = split_exactly(total_cost, year_weights)
    budget_by_year = split_exactly(budget_total, year_weights)
    agency_by_year = split_exactly(paid, net_by_year)
    income_total = 0 if rng.random() < 0.7 else int(round(total_cost * rng.uniform(0.005, 0.02), -2))
    income_by_year = split_exactly(income_total, net_by_year)

    public_cash = rng.uniform(0.55, 0.75)
    public_in_kind = rng.uniform(0.12, 0.30)
    private_cash = rng.uniform(0.0, 0.08)
    private_in_kind = max(0.0, 1 - public_cash - public_in_kind - private_cash)
    mix = [public_cash, public_in_kind, private_cash, private_in_kind]

    cost_rows, financing_rows = [], []
    for year, net, budget_net, agency, income in zip(
        years, net_by_year, budget_by_year, agency_by_year, income_by_year, strict=False
    ):
        cost_rows += cost_rows_for_year(year, net, income, budget_net, rng)
        financing_rows += financing_for_year(year, net, agency, mix)

    indicator_rows = _indicators(total_cost / 3_000_000, rng)
    with_example = rng.random() < 0.5
    # In the order the draws were always made (role, title, then the retired narrative draws).
    contact_role = rng.choice(CONTACT_ROLES)
    title, focus = rng.choice(TITLE_FOCUS)
    skip_retired_narrative_draws(indicator_rows, rng, with_example)
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
