"""Where projects are: how many per county, and who owns them (the body responsible for regional
development in that county that year, domain.md) with a plausible organisation number."""

from __future__ import annotations

import hashlib
import random

from ..contract import COUNTIES
from .apportion import split_exactly

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
    extra = split_exactly(projects - len(codes), [COUNTY_WEIGHTS[c] for c in codes])
    allocation = [code for code, more in zip(codes, extra, strict=False) for _ in range(1 + more)]
    rng.shuffle(allocation)
    return allocation
