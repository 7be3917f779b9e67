"""The programme's meetings (experience and theme meetings, 2013–2017) and their workbook."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from ..contract import MEETING_COLUMNS, MEETING_TYPES, MEETINGS_SHEET
from .workbooks import write_table_workbook

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


def write_meetings(path: Path, meetings: list[dict]) -> None:
    assert all(m["meeting_type"] in MEETING_TYPES for m in meetings)
    write_table_workbook(path, MEETINGS_SHEET, MEETING_COLUMNS, meetings)
