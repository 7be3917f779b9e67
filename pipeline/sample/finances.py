"""Money: grants summing to the frame, each year's costs by category and financing by source,
split in whole kronor so that costs equal financing exactly, and amounts as people type them."""

from __future__ import annotations

import random
from decimal import Decimal

from ..contract import COST_CATEGORIES, FINANCING_SOURCES
from .apportion import split_exactly

# Typical share of each cost category in a year's gross cost (personnel and the flat-rate
# indirect cost of 15 % on personnel take what is left).
COST_MIX = {
    "Extern sakkunskap och externa tjänster": (0.10, 0.25),
    "Resor och logi": (0.02, 0.05),
    "Investeringar och materiel samt externa lokaler": (0.02, 0.06),
    "Övriga kostnader": (0.02, 0.05),
}
INDIRECT_RATE = Decimal("0.15")
INCOME_LABEL = next(label for label, code in COST_CATEGORIES.items() if code == "project_income")
PERSONNEL_LABEL = next(label for label, code in COST_CATEGORIES.items() if code == "personnel")
INDIRECT_LABEL = next(label for label, code in COST_CATEGORIES.items() if code == "indirect_flat_rate")
SOURCE_LABEL = {code: label for label, code in FINANCING_SOURCES.items()}


def amount_text(value: int | Decimal, *, decimals: bool = False, suffix: str = "") -> str:
    """An amount as a person types it: "125 000 kr", "48 250,50"."""
    if decimals:
        whole, _, fraction = f"{Decimal(value):.2f}".partition(".")
        text = f"{int(whole):,}".replace(",", " ") + "," + fraction
    else:
        text = f"{int(value):,}".replace(",", " ")
    return text + suffix


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


def cost_rows_for_year(year: int, net: int, income: int, budget_net: int, rng: random.Random):
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
    # A category of the contract with no share in COST_MIX (a newly added one) is reported as 0.
    return [(year, label, budget.get(label, 0), actual.get(label, 0)) for label in COST_CATEGORIES]


def financing_for_year(year: int, net: int, agency: int, cofinancing_mix: list[float]):
    cofinancing = split_exactly(net - agency, cofinancing_mix)
    sources = ["tillvaxtverket", "public_cash", "public_in_kind", "private_cash", "private_in_kind"]
    amounts = [agency] + cofinancing
    return [(year, SOURCE_LABEL[source], amount) for source, amount in zip(sources, amounts, strict=False)]
