"""The programme as a whole: its frame and its programme.toml (the facts the pipeline reads).

The generator writes programme.toml from the template beside this module (package data) and
reads its own programme facts from the same file: the period and the agency's ceiling it draws
amounts under are the ones the pipeline will check them against.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

# The committed inputs/programme.toml is this template with the frame for 40 projects (a test
# compares them byte for byte).
TEMPLATE = Path(__file__).with_name("programme.toml")
_PROGRAMME = tomllib.loads(TEMPLATE.read_text(encoding="utf-8"))["programme"]

FIRST_YEAR, LAST_YEAR = _PROGRAMME["period_start"], _PROGRAMME["period_end"]
MAX_AGENCY_SHARE = Decimal(str(_PROGRAMME["max_agency_share"]))
# Programme-level constant of the generator (not a programme fact: the frame is written per size).
FRAME_PER_40_PROJECTS = 60_000_000


def frame_amount_for(projects: int) -> int:
    """The programme frame scaled to the number of projects, in whole kronor."""
    return int((Decimal(FRAME_PER_40_PROJECTS) * projects / 40).quantize(Decimal(1)))


def programme_toml(projects: int) -> str:
    """The template with this programme's frame (the padding after the number is kept)."""
    return re.sub(
        r"(?m)^(frame_amount\s*=\s*)\d+",
        lambda match: f"{match.group(1)}{frame_amount_for(projects)}",
        TEMPLATE.read_text(encoding="utf-8"),
        count=1,
    )
