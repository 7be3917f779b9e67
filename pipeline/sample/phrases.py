"""The Swedish phrase banks of the sample programme's narratives, read from `phrases.toml`.

Plain data for `narratives`: the sentences and what they are filled with (counties' towns and
universities, sectors' trade bodies and occupations) are Swedish prose, so they live in the TOML
file beside this module, which also says what each placeholder means. The banks for each focus are
in `focuses`. Here they are given the shapes `narratives` uses: tuples, and dicts keyed by code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

_BANKS = tomllib.loads((Path(__file__).with_name("phrases.toml")).read_text(encoding="utf-8"))

# County → (municipalities, towns, nearest university or university college, typical sectors).
COUNTY_FACTS: dict[str, tuple[int, tuple[str, ...], str, tuple[str, ...]]] = {
    code: (county["municipalities"], tuple(county["towns"]), county["university"], tuple(county["sectors"]))
    for code, county in _BANKS["counties"].items()
}
COMMON_SECTORS: tuple[str, ...] = tuple(_BANKS["common_sectors"])
# Sector → (name after "inom"/"för", trade body or college, occupations as (singular, plural)).
SECTORS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    key: (sector["name"], sector["organisation"], tuple((one, many) for one, many in sector["occupations"]))
    for key, sector in _BANKS["sectors"].items()
}
COUNTED_SENTENCES: tuple[str, ...] = tuple(_BANKS["counted_sentences"])
CONTINUATION: tuple[str, ...] = tuple(_BANKS["continuation"])
WORKED: tuple[str, ...] = tuple(_BANKS["worked"])
DIFFERENTLY: tuple[str, ...] = tuple(_BANKS["differently"])
SHORTFALL_REASONS: dict[str, str] = dict(_BANKS["shortfall_reasons"])
