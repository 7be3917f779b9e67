"""The programme's facts, read from `programme.toml` in the inputs folder and checked once."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .errors import UnreadableInputsError
from .paths import TEXT_DIRNAME

# The report's chapters that the pipeline writes from the figures (render/chapters.py has their
# titles); every other entry of [report] chapters is the stem of a Markdown file in inputs/text/.
GENERATED_CHAPTER_IDS = ("ekonomi", "resultat", "goda_exempel", "projekt", "andringar")
# Without [report] chapters: this order, with the text chapters whose file exists.
DEFAULT_CHAPTERS = (
    "sammanfattning",
    "uppdraget",
    "genomforande",
    "ekonomi",
    "resultat",
    "teman",
    "goda_exempel",
    "bedomning",
    "rekommendationer",
    "projekt",
    "andringar",
)
_CHAPTER_NAME = re.compile(r"[^\W_][\w-]*")


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
    max_listed_projects: int  # above this many projects, the printed list is by county
    max_good_examples: int  # the printed report quotes at most this many good examples
    amount_tolerance: Decimal
    outcome_warning_ratio: Decimal
    payment_tolerance: Decimal  # kr: reported agency financing may differ from paid by this much
    payment_error_bound: Decimal  # kr: a larger difference than this is an error, not a warning
    chapters: tuple[str, ...]  # the report's chapters in order: generated ids and text stems
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
        max_listed_projects=get("report", "max_listed_projects", int),
        max_good_examples=get("report", "max_good_examples", int),
        amount_tolerance=get("checks", "amount_tolerance", Decimal),
        outcome_warning_ratio=get("checks", "outcome_warning_ratio", Decimal),
        payment_tolerance=get("checks", "payment_tolerance", Decimal),
        payment_error_bound=get("checks", "payment_error_bound", Decimal),
        chapters=_chapters(raw, path),
        raw=raw,
    )
    if config.period_start > config.period_end:
        raise UnreadableInputsError(f"{path}: period_start är senare än period_end.")
    if not Decimal(0) < config.max_agency_share <= Decimal(1):
        raise UnreadableInputsError(f"{path}: max_agency_share måste ligga mellan 0 och 1.")
    if config.max_listed_projects < 0:
        raise UnreadableInputsError(
            f"{path}: [report] max_listed_projects = {config.max_listed_projects} ska vara 0 eller mer "
            "(så många projekt listas ett och ett i rapporten; fler ges per län)."
        )
    if config.max_good_examples < 0:
        raise UnreadableInputsError(
            f"{path}: [report] max_good_examples = {config.max_good_examples} ska vara 0 eller mer "
            "(så många goda exempel återges högst i den tryckta rapporten)."
        )
    if not Decimal(0) <= config.payment_tolerance <= config.payment_error_bound:
        raise UnreadableInputsError(
            f"{path}: [checks] payment_tolerance måste vara minst 0 och högst payment_error_bound."
        )
    return config


def _chapters(raw: dict, path: Path) -> tuple[str, ...]:
    """[report] chapters, checked: each entry a generated chapter or an existing inputs/text/<entry>.md."""
    folder = path.parent / TEXT_DIRNAME
    value = raw.get("report", {}).get("chapters")
    if value is None:
        return tuple(
            c for c in DEFAULT_CHAPTERS if c in GENERATED_CHAPTER_IDS or (folder / f"{c}.md").is_file()
        )
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise UnreadableInputsError(
            f"{path}: [report] chapters = {value!r} ska vara en lista med kapitelnamn, "
            't.ex. ["sammanfattning", "ekonomi"] (se docs/report-text.md).'
        )
    for entry in value:
        if value.count(entry) > 1:
            raise UnreadableInputsError(f"{path}: [report] chapters: {entry!r} står flera gånger i listan.")
        if entry in GENERATED_CHAPTER_IDS:
            continue
        if not _CHAPTER_NAME.fullmatch(entry) or not (folder / f"{entry}.md").is_file():
            raise UnreadableInputsError(
                f"{path}: [report] chapters: {entry!r} är varken ett genererat kapitel "
                f"({', '.join(GENERATED_CHAPTER_IDS)}) eller en textfil i {folder} "
                f"({entry}.md finns inte där)."
            )
    return tuple(value)
