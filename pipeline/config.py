"""The programme's facts, read from `programme.toml` in the inputs folder and checked once."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .errors import UnreadableInputsError


@dataclass(frozen=True)
class ProgrammeConfig:
    name: str
    agency: str
    recipient: str
    commissions: tuple[str, ...]
    period_start: int
    period_end: int
    max_agency_share: Decimal
    frame_amount: Decimal
    report_title: str
    diarienummer: str
    report_date: dt.date
    place: str
    approver_role: str
    case_officer_role: str
    author: str
    max_profile_pages: int
    amount_tolerance: Decimal
    outcome_warning_ratio: Decimal
    raw: dict

    @property
    def period_first_day(self) -> dt.date:
        return dt.date(self.period_start, 1, 1)

    @property
    def period_last_day(self) -> dt.date:
        return dt.date(self.period_end, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))


def run_timestamp(config: ProgrammeConfig) -> tuple[dt.datetime, str]:
    """The run's timestamp (UTC) and where it came from: SOURCE_DATE_EPOCH if set (reproducible
    builds), else midnight of the config's report date. Never the clock, so reruns are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UnreadableInputsError(
                f"SOURCE_DATE_EPOCH={epoch!r} är inte ett heltal (sekunder sedan 1970-01-01 UTC)."
            )
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC), "SOURCE_DATE_EPOCH"
    return (
        dt.datetime.combine(config.report_date, dt.time(0, 0), tzinfo=dt.UTC),
        "programme.toml [report] date",
    )


def load_config(path: Path) -> ProgrammeConfig:
    """Read and check the config; a problem raises UnreadableInputsError naming file and key."""
    if not path.is_file():
        raise UnreadableInputsError(
            f"{path}: programkonfigurationen saknas. Lägg en programme.toml i inputs-mappen "
            "(se docs/input-format.md)."
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UnreadableInputsError(f"{path}: kan inte läsas som TOML: {exc}") from None

    def get(section: str, key: str, kind: type):
        try:
            value = raw[section][key]
        except KeyError:
            raise UnreadableInputsError(f"{path}: [{section}] {key} saknas.") from None
        if kind is Decimal and isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(str(value))
        if kind is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        raise UnreadableInputsError(
            f"{path}: [{section}] {key} = {value!r} har fel typ (väntade {kind.__name__})."
        )

    config = ProgrammeConfig(
        name=get("programme", "name", str),
        agency=get("programme", "agency", str),
        recipient=get("programme", "recipient", str),
        commissions=get("programme", "commissions", tuple),
        period_start=get("programme", "period_start", int),
        period_end=get("programme", "period_end", int),
        max_agency_share=get("programme", "max_agency_share", Decimal),
        frame_amount=get("programme", "frame_amount", Decimal),
        report_title=get("report", "title", str),
        diarienummer=get("report", "diarienummer", str),
        report_date=get("report", "date", dt.date),
        place=get("report", "place", str),
        approver_role=get("report", "approver_role", str),
        case_officer_role=get("report", "case_officer_role", str),
        author=get("report", "author", str),
        max_profile_pages=get("report", "max_profile_pages", int),
        amount_tolerance=get("checks", "amount_tolerance", Decimal),
        outcome_warning_ratio=get("checks", "outcome_warning_ratio", Decimal),
        raw=raw,
    )
    if config.period_start > config.period_end:
        raise UnreadableInputsError(f"{path}: period_start är senare än period_end.")
    if not Decimal(0) < config.max_agency_share <= Decimal(1):
        raise UnreadableInputsError(f"{path}: max_agency_share måste ligga mellan 0 och 1.")
    return config
