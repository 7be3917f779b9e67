"""Test data: valid input files written with xlsxwriter, with any cell overridable.

Every test builds its inputs in tmp_path with these helpers, so a test states only what it changes.

    from tests.factories import write_programme, write_project_workbook, Formula

    inputs = write_programme(tmp_path / "inputs", n_projects=3)      # a complete, valid inputs folder
    write_project_workbook(
        inputs / "projects" / "p1.xlsx",
        facts={"project_id": "Ä 2014-000001"},                        # merged over default_facts(1)
        overrides={("Kostnader", "C2"): "1 234,50 kr",                 # any cell, any sheet
                   ("Kostnader", "D2"): None,                          # None empties a cell
                   ("Kostnader", "C9"): Formula("=SUM(C2:C8)", 99)},   # formula with stored result
        drop_sheets=("Berättelse",),
    )

Layout (A1 addresses a test can rely on, with the default data):
- "Projektuppgifter": A1 title, row 2 blank, then one row per FACT_FIELDS in contract order from
  row 3 (label in A, value in B): project_id B3, title B4, county_code B5, owner B6,
  owner_org_number B7, contact_role B8, start_date B9, end_date B10, granted_amount B11.
- "Kostnader": header row 1 (År | Kostnadsslag | Budget (kr) | Utfall (kr)), one row per cost
  from row 2, then (totals=True) a "Summa" row with =SUM formulas and their stored results.
- "Finansiering": header row 1 (År | Finansiär | Belopp (kr)), rows from 2, then "Summa".
- "Indikatorer": header row 1 (Indikator | Mål | Utfall), rows from 2, then "Summa".
- "Berättelse": one row per NARRATIVE_FIELDS from row 1 (label in A, text in B).
Tabular sheets (also the register and the meetings list) have their columns in the contract's
order from column A unless `column_orders` (or `column_order`) lists the field names in another
order, e.g. {"Kostnader": ["actual", "year", "category", "budget"]} puts Utfall (kr) in A.

Rows are dicts with canonical column names; category/source/indicator may be the canonical code
(written as its Swedish label) or any text (written as is, e.g. to test an unknown label).
Values: str is written as text (never as a formula), int/float/Decimal as a number, date/datetime
as a date cell, Formula as a formula with a stored result (Formula(text, None) stores no result,
exactly as a file saved by openpyxl does; `save_with_openpyxl` makes such a file the real way).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from pipeline import contract as c
from pipeline.parsing import cell_address

# The tests' own programme (not the committed sample's): amounts below derive from its ceiling.
PROGRAMME_TOML = Path(__file__).resolve().parent / "fixtures" / "programme.toml"
AGENCY_SHARE = Decimal(
    str(tomllib.loads(PROGRAMME_TOML.read_text(encoding="utf-8"))["programme"]["max_agency_share"])
)
YEARS = (2014, 2015, 2016)
COUNTY_CODES = tuple(c.COUNTIES)


@dataclass(frozen=True)
class Formula:
    """A formula cell; `result` is the value Excel would have stored (None: no stored result)."""

    text: str
    result: Any = None


# --- Default, mutually consistent project data. ---------------------------------------------------


def project_id(index: int) -> str:
    return f"Ä 2014-{index:06d}"


def default_facts(index: int = 1) -> dict[str, Any]:
    """Facts of project `index` (1-based); granted_amount equals the agency's financing."""
    return {
        "project_id": project_id(index),
        "title": f"Kompetensplattform {index} – analys och samverkan",
        "county_code": COUNTY_CODES[(index - 1) % len(COUNTY_CODES)],
        "owner": f"Region {index}",
        "owner_org_number": f"{232100 + index % 1000:06d}-{index % 10000:04d}",
        "contact_role": "Projektledare",
        "start_date": dt.date(2014, 1, 1),
        "end_date": dt.date(2016, 12, 31),
        "granted_amount": _agency_total(index),
    }


_COST_SHAPE = {  # category → (budget, actual) per year, before scaling by the project index
    "personnel": (400_000, 390_000),
    "external_services": (150_000, 160_000),
    "travel": (30_000, 25_000),
    "premises_investments": (20_000, 20_000),
    "other_costs": (10_000, 15_000),
    "indirect_flat_rate": (60_000, 58_500),
    "project_income": (10_000, 8_500),
}


def _scale(index: int) -> int:
    return 1 + index % 5


def _net_actual_per_year(index: int) -> int:
    total = sum(a for cat, (_, a) in _COST_SHAPE.items() if cat not in c.DEDUCTED_CATEGORIES)
    income = sum(a for cat, (_, a) in _COST_SHAPE.items() if cat in c.DEDUCTED_CATEGORIES)
    return (total - income) * _scale(index)


def _agency_per_year(index: int) -> int:
    """The agency's financing of one year: the ceiling's share of the net cost, whole kronor down."""
    return int(_net_actual_per_year(index) * AGENCY_SHARE)


def _agency_total(index: int) -> int:
    return _agency_per_year(index) * len(YEARS)


def default_costs(index: int = 1) -> list[dict[str, Any]]:
    k = _scale(index)
    return [
        {"year": year, "category": category, "budget": budget * k, "actual": actual * k}
        for year in YEARS
        for category, (budget, actual) in _COST_SHAPE.items()
    ]


def default_financing(index: int = 1) -> list[dict[str, Any]]:
    """Per year: the agency pays its ceiling's share of the net cost, public cash the rest (so they
    balance)."""
    net = _net_actual_per_year(index)
    agency = _agency_per_year(index)
    rows = []
    for year in YEARS:
        rows.append({"year": year, "source": "tillvaxtverket", "amount": agency})
        rows.append({"year": year, "source": "public_cash", "amount": net - agency - 10_000})
        rows.append({"year": year, "source": "private_in_kind", "amount": 10_000})
    return rows


def default_indicators(index: int = 1) -> list[dict[str, Any]]:
    return [
        {"indicator": code, "target": 10 + n, "outcome": 8 + n + index % 3}
        for n, code in enumerate(c.INDICATORS.values())
    ]


def default_narrative(index: int = 1) -> dict[str, Any]:
    narrative = {
        "results": f"Projekt {index} har tagit fram en regional kompetensbehovsanalys.",
        "lessons": "Samverkan med arbetsgivare kräver tid.\nBranschråd fungerar väl.",
    }
    if index % 2 == 0:
        narrative["good_example_title"] = f"Branschråd i region {index}"
        narrative["good_example"] = "Ett branschråd för vård och omsorg startades 2015."
    return narrative


# --- Writing. -------------------------------------------------------------------------------------


def write_project_workbook(
    path: Path,
    *,
    index: int = 1,
    facts: Mapping[str, Any] | None = None,
    costs: Iterable[Mapping[str, Any]] | None = None,
    financing: Iterable[Mapping[str, Any]] | None = None,
    indicators: Iterable[Mapping[str, Any]] | None = None,
    narrative: Mapping[str, Any] | None = None,
    overrides: Mapping[tuple[str, str], Any] | None = None,
    drop_sheets: Iterable[str] = (),
    totals: bool = True,
    sheet_order: Iterable[str] | None = None,
    column_orders: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write one project workbook (see the module docstring for the layout); return its path.

    `facts` and `narrative` are merged over the defaults of project `index`; `costs`, `financing`
    and `indicators` replace the default rows when given. `overrides` maps (sheet, "A1") to a
    value (None empties the cell; an unknown sheet is created). `drop_sheets` removes default
    sheets before the overrides apply: drop a sheet and override its cells to build it from
    scratch. `totals=False` leaves out the Summa rows. `sheet_order` lists sheet names to write
    first, in that order. `column_orders` maps a tabular sheet to its field names in the order
    its columns are written (default: the contract's order).
    """
    orders = column_orders or {}
    facts = {**default_facts(index), **(facts or {})}
    narrative = {**default_narrative(index), **(narrative or {})}
    sheets: dict[str, dict[tuple[int, int], Any]] = {
        c.SHEET_FACTS: _facts_cells(facts),
        c.SHEET_COSTS: _table_cells(
            c.COST_COLUMNS,
            default_costs(index) if costs is None else costs,
            {"category": c.COST_CATEGORIES},
            totals,
            orders.get(c.SHEET_COSTS),
        ),
        c.SHEET_FINANCING: _table_cells(
            c.FINANCING_COLUMNS,
            default_financing(index) if financing is None else financing,
            {"source": c.FINANCING_SOURCES},
            totals,
            orders.get(c.SHEET_FINANCING),
        ),
        c.SHEET_INDICATORS: _table_cells(
            c.INDICATOR_COLUMNS,
            default_indicators(index) if indicators is None else indicators,
            {"indicator": c.INDICATORS},
            totals,
            orders.get(c.SHEET_INDICATORS),
        ),
        c.SHEET_NARRATIVE: _labelled_cells(c.NARRATIVE_FIELDS, narrative, first_row=0),
    }
    for name in drop_sheets:  # before the overrides, so a test can rebuild a sheet from scratch
        sheets.pop(name, None)
    _apply_overrides(sheets, overrides)
    order = [n for n in (sheet_order or ()) if n in sheets]
    order += [n for n in sheets if n not in order]
    _write_workbook(Path(path), [(name, sheets[name]) for name in order])
    return Path(path)


def write_register(
    path: Path,
    rows: Iterable[Mapping[str, Any]],
    *,
    overrides: Mapping[tuple[str, str], Any] | None = None,
    column_order: Sequence[str] | None = None,
) -> Path:
    """The decision register: sheet "Beslut", header row 1, one row per decision from row 2."""
    sheets = {c.REGISTER_SHEET: _table_cells(c.REGISTER_COLUMNS, rows, {}, False, column_order)}
    _apply_overrides(sheets, overrides)
    _write_workbook(Path(path), list(sheets.items()))
    return Path(path)


def write_meetings(
    path: Path,
    rows: Iterable[Mapping[str, Any]],
    *,
    overrides: Mapping[tuple[str, str], Any] | None = None,
    column_order: Sequence[str] | None = None,
) -> Path:
    """The meetings list: sheet "Träffar", header row 1, one row per meeting from row 2.

    meeting_type may be a canonical code (written as its Swedish label) or any text.
    """
    sheets = {
        c.MEETINGS_SHEET: _table_cells(
            c.MEETING_COLUMNS, rows, {"meeting_type": c.MEETING_TYPES}, False, column_order
        )
    }
    _apply_overrides(sheets, overrides)
    _write_workbook(Path(path), list(sheets.items()))
    return Path(path)


def register_row(index: int) -> dict[str, Any]:
    facts = default_facts(index)
    return {
        "project_id": facts["project_id"],
        "county_code": facts["county_code"],
        "owner": facts["owner"],
        "title": facts["title"],
        "decision_date": dt.date(2013, 11, 15),
        "granted_amount": facts["granted_amount"],
        "start_date": facts["start_date"],
        "end_date": facts["end_date"],
    }


def default_meetings() -> list[dict[str, Any]]:
    return [
        {
            "date": dt.date(2014, 5, 20),
            "meeting_type": "experience_meeting",
            "theme": "Kompetensbehovsanalyser",
            "place": "Stockholm",
            "participants": 45,
        },
        {
            "date": dt.date(2015, 10, 8),
            "meeting_type": "theme_meeting",
            "theme": "Validering",
            "place": "Göteborg",
            "participants": 62,
        },
        {
            "date": dt.date(2016, 3, 15),
            "meeting_type": "experience_meeting",
            "theme": "Branschråd",
            "place": "Umeå",
            "participants": 38,
        },
    ]


def write_programme(directory: Path, n_projects: int = 3, *, first_index: int = 1) -> Path:
    """A complete, valid inputs folder: programme.toml (frame_amount = the sum of the granted
    amounts), beslutsregister.xlsx, traffar.xlsx and projects/projekt_NNNN.xlsx. Returns it."""
    directory = Path(directory)
    (directory / "projects").mkdir(parents=True, exist_ok=True)
    indexes = range(first_index, first_index + n_projects)
    for index in indexes:
        write_project_workbook(directory / "projects" / f"projekt_{index:04d}.xlsx", index=index)
    write_register(directory / "beslutsregister.xlsx", [register_row(i) for i in indexes])
    write_meetings(directory / "traffar.xlsx", default_meetings())
    frame = sum(default_facts(i)["granted_amount"] for i in indexes)
    toml = PROGRAMME_TOML.read_text(encoding="utf-8")
    toml = re.sub(r"(?m)^frame_amount\s*=\s*\d+", f"frame_amount = {frame}", toml)
    (directory / "programme.toml").write_text(toml, encoding="utf-8")
    return directory


def save_with_openpyxl(path: Path, cells: Mapping[tuple[str, str], Any]) -> Path:
    """Open `path` with openpyxl, set cells ("=..." text becomes a formula) and save in place.

    openpyxl stores no results for formulas, like a workbook generated by a script and never
    opened in Excel; that is what the extract stage must detect.
    """
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    for (sheet, address), value in cells.items():
        workbook[sheet][address] = value
    workbook.save(path)
    return Path(path)


# --- Internals. -----------------------------------------------------------------------------------


def _facts_cells(facts: Mapping[str, Any]) -> dict[tuple[int, int], Any]:
    cells: dict[tuple[int, int], Any] = {(0, 0): c.SHEET_FACTS}
    cells.update(_labelled_cells(c.FACT_FIELDS, facts, first_row=2))
    return cells


def _labelled_cells(fields, values: Mapping[str, Any], first_row: int) -> dict[tuple[int, int], Any]:
    cells: dict[tuple[int, int], Any] = {}
    for offset, field in enumerate(fields):
        cells[(first_row + offset, 0)] = field.label
        value = values.get(field.name)
        if value is not None:
            cells[(first_row + offset, 1)] = value
    return cells


def _table_cells(
    columns, rows, labels_by_column, totals: bool, order: Sequence[str] | None = None
) -> dict[tuple[int, int], Any]:
    if order is not None:
        by_name = {f.name: f for f in columns}
        assert sorted(order) == sorted(by_name), f"column order must list every field: {order}"
        columns = tuple(by_name[name] for name in order)
    cells: dict[tuple[int, int], Any] = {(0, n): f.label for n, f in enumerate(columns)}
    rows = list(rows)
    for r, row in enumerate(rows, start=1):
        for n, field in enumerate(columns):
            value = row.get(field.name)
            if field.name in labels_by_column and isinstance(value, str):
                label_of = {code: label for label, code in labels_by_column[field.name].items()}
                value = label_of.get(value, value)
            if value is not None:
                cells[(r, n)] = value
    if totals and rows:
        total_row = len(rows) + 1
        cells[(total_row, 0)] = c.TOTALS_LABEL
        for n, field in enumerate(columns):
            if field.kind in ("amount", "int"):
                column = cell_address(0, n)[:-1]
                numbers = [row.get(field.name) for row in rows]
                result = sum(
                    Decimal(str(v))
                    for v in numbers
                    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
                )
                cells[(total_row, n)] = Formula(f"=SUM({column}2:{column}{total_row})", result)
    return cells


def _apply_overrides(sheets, overrides) -> None:
    for (sheet, address), value in (overrides or {}).items():
        cells = sheets.setdefault(sheet, {})
        position = _parse_a1(address)
        if value is None:
            cells.pop(position, None)
        else:
            cells[position] = value


def _parse_a1(address: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", address.upper())
    if not match:
        raise ValueError(f"not an A1 address: {address!r}")
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return int(match[2]) - 1, column - 1


def _write_workbook(path: Path, sheets: list[tuple[str, dict[tuple[int, int], Any]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, cells in sheets:
        sheet = workbook.add_worksheet(name)
        for (row, column), value in sorted(cells.items()):
            _write_cell(sheet, row, column, value, date_format)
    workbook.close()


def _write_cell(sheet, row: int, column: int, value: Any, date_format) -> None:
    if isinstance(value, Formula):
        result = value.result
        if isinstance(result, Decimal):
            result = int(result) if result == result.to_integral_value() else float(result)
        sheet.write_formula(row, column, value.text, None, "" if result is None else result)
    elif isinstance(value, str):
        sheet.write_string(row, column, value)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, column, float(value))
    elif isinstance(value, (dt.date, dt.datetime)):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        sheet.write_datetime(row, column, moment, date_format)
    else:
        raise TypeError(f"cannot write {value!r} to a test workbook")


def copy_workbook(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
