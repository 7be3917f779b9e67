"""Reading a generated sample programme back the way the extract stage sees it (python-calamine,
pipeline.parsing), for the sample generator's tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from pipeline import contract as c
from pipeline.config import load_config
from pipeline.parsing import parse_amount

COMMITTED_TOML = Path(__file__).resolve().parent.parent / "inputs" / "programme.toml"
CEILING = load_config(COMMITTED_TOML).max_agency_share
LARGE_COUNTIES = ("01", "12", "14")  # Stockholm, Skåne, Västra Götaland
# Words that make a contact value a role rather than a person.
ROLE_WORDS = (
    "ledare",
    "strateg",
    "chef",
    "analytiker",
    "samordnare",
    "handläggare",
    "ansvarig",
    "koordinator",
    "utvecklare",
)
# Common Swedish given names and surnames ("Per" left out: it is also the preposition "per"); none
# may appear anywhere in the generated text.
GIVEN_NAMES = {
    "anna",
    "eva",
    "maria",
    "karin",
    "sara",
    "lena",
    "kerstin",
    "emma",
    "ingrid",
    "lars",
    "erik",
    "anders",
    "johan",
    "karl",
    "nils",
    "mikael",
    "peter",
    "jan",
    "hans",
    "magnus",
    "olof",
    "sven",
    "fredrik",
    "daniel",
    "andersson",
    "johansson",
    "karlsson",
    "nilsson",
    "eriksson",
    "larsson",
    "olsson",
    "persson",
    "svensson",
}


def sheets_of(path: Path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def labelled(rows: list[list]) -> dict[str, object]:
    """Column-A label → column-B value, for the label/value sheets."""
    return {row[0]: (row[1] if len(row) > 1 else "") for row in rows if row and row[0]}


def records_of(rows: list[list]) -> tuple[list[dict], dict | None]:
    """Header row → dict rows; the "Summa" row separately."""
    header, body = rows[0], rows[1:]
    records, total = [], None
    for row in body:
        record = dict(zip(header, row, strict=False))
        if row[0] == c.TOTALS_LABEL:
            total = record
        elif any(v != "" for v in row):
            records.append(record)
    return records, total


def read_project(path: Path) -> dict:
    sheets = sheets_of(path)
    facts = labelled(sheets[c.SHEET_FACTS])
    costs, cost_total = records_of(sheets[c.SHEET_COSTS])
    financing, financing_total = records_of(sheets[c.SHEET_FINANCING])
    indicators, _ = records_of(sheets[c.SHEET_INDICATORS])
    return {
        "sheets": sheets,
        "facts": facts,
        "costs": costs,
        "cost_total": cost_total,
        "financing": financing,
        "financing_total": financing_total,
        "indicators": indicators,
        "narrative": labelled(sheets[c.SHEET_NARRATIVE]),
    }


def label_of(field_name: str, fields=c.FACT_FIELDS) -> str:
    return next(f.label for f in fields if f.name == field_name)


def net_cost(record: dict) -> Decimal:
    amount = parse_amount(record[label_of("actual", c.COST_COLUMNS)]) or Decimal(0)
    code = c.COST_CATEGORIES[record[label_of("category", c.COST_COLUMNS)]]
    return -amount if code in c.DEDUCTED_CATEGORIES else amount


def is_agency(record: dict) -> bool:
    return c.FINANCING_SOURCES[record[label_of("source", c.FINANCING_COLUMNS)]] == c.AGENCY_SOURCE


def amount_of(record: dict, name: str = "amount") -> Decimal:
    return parse_amount(record[label_of(name, c.FINANCING_COLUMNS)])


def register_by_id(programme: dict) -> dict[str, dict]:
    key = label_of("project_id", c.REGISTER_COLUMNS)
    return {row[key]: row for row in programme["register"]}


def read_programme(out: Path) -> dict:
    """The workbooks, register and meetings of a generated programme in `out`, read back."""
    projects = {p.name: read_project(p) for p in sorted((out / "projects").glob("*.xlsx"))}
    register, _ = records_of(sheets_of(out / "beslutsregister.xlsx")[c.REGISTER_SHEET])
    meetings, _ = records_of(sheets_of(out / "traffar.xlsx")[c.MEETINGS_SHEET])
    return {"out": out, "projects": projects, "register": register, "meetings": meetings}
