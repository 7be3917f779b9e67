"""Workbook stage: review.xlsx, every hand-over CSV as a sheet for a reviewer who works in Excel.

One sheet per dataset of the catalog (plus a contents sheet, "Innehåll"), in the order a reviewer
reads them: findings first, then what the report shows (3_aggregated), then the layers below it.
Each column is headed by its Swedish title (column_docs) with the CSV column name below it, both
rows frozen; numbers are numbers, dates are dates, and every text is a text cell, never a
formula. The document's dates come from the run timestamp, so the same CSVs give the same bytes.

The workbook is a view of the CSVs, which stay the authority: the manifest (review stage) holds
their SHA-256, and review.sha256 the workbook's own. It is its own stage so that make can build it beside the report on a second core.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import catalog
from ..column_docs import field_descriptor
from ..config import load_config, run_timestamp
from ..paths import AGGREGATED_DIR, EXTRACTED_DIR, VALIDATED_DIR, InputPaths, OutputPaths
from ..safe_io import atomic_path, checksums, write_text_atomic

XLSX_MAX_ROWS = 1_048_576
HEADER_ROWS = 2  # Swedish title, then the CSV column name
SHEET_NAME_MAX = 31
EXCEL_FIRST_YEAR = 1900  # Excel cannot hold an earlier date as a date: such a date is written as text
# Findings first, then what the report shows, then the layers below it.
_WORKBOOK_RANK = {"findings.csv": 0, AGGREGATED_DIR: 1, VALIDATED_DIR: 2, EXTRACTED_DIR: 3}


@dataclass(frozen=True)
class WorkbookTable:
    """One hand-over CSV: its declaration and its typed rows, as catalog.load_rows gives them."""

    dataset: catalog.Dataset
    rows: list[dict[str, Any]]

    @property
    def path(self) -> str:
        return self.dataset.path


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    """Write outputs/review.xlsx from every dataset of the catalog; a missing or stale CSV is a
    CatalogError naming the stage to run again."""
    config = load_config(inputs.config)
    moment, _ = run_timestamp(config)
    tables = [WorkbookTable(ds, catalog.load_rows(name, outputs)) for name, ds in catalog.DATASETS.items()]
    write_review_workbook(outputs.review_workbook, tables, moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    written = outputs.review_workbook.read_bytes()
    write_text_atomic(outputs.review_checksums, checksums([(outputs.review_workbook, written)], outputs.root))
    return {"flikar": len(tables) + 1, "rader": sum(len(t.rows) for t in tables)}


def write_review_workbook(path: Path, tables: Sequence[WorkbookTable], timestamp: str) -> dict[str, str]:
    """Write the review workbook atomically; return the sheet name of each CSV (by path)."""
    import xlsxwriter

    created = dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).replace(tzinfo=None)
    ordered = sorted(tables, key=lambda t: (_WORKBOOK_RANK.get(t.path.split("/")[0], 9), t.path))
    sheet_names = _sheet_names([t.path for t in ordered])
    with atomic_path(path) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            {
                # Input text must stay text: no formulas, numbers or links guessed from strings.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "constant_memory": True,
            },
        )
        workbook.set_properties({"title": "Granskningsunderlag", "author": "pipeline", "created": created})
        formats = _formats(workbook)
        _write_contents_sheet(workbook, formats, ordered, sheet_names)
        for table in ordered:
            _write_table_sheet(workbook.add_worksheet(sheet_names[table.path]), formats, table)
        workbook.close()
    return sheet_names


def _sheet_names(relatives: Sequence[str]) -> dict[str, str]:
    """'1 projects', '3 by_region', 'findings': ≤ 31 characters, unique, no forbidden characters."""
    names: dict[str, str] = {}
    used: set[str] = {"innehåll"}
    for relative in relatives:
        parts = relative.removesuffix(".csv").split("/")
        base = parts[-1] if len(parts) == 1 else f"{parts[0].split('_')[0]} {parts[-1]}"
        base = re.sub(r"[\[\]:*?/\\']", "_", base)[:SHEET_NAME_MAX]
        name, n = base, 2
        while name.lower() in used:
            suffix = f"~{n}"
            name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names[relative] = name
    return names


def _formats(workbook) -> dict[str, Any]:
    return {
        "title": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        "name": workbook.add_format({"italic": True, "font_color": "#595959", "bottom": 1}),
        "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}),
        "int": workbook.add_format({"num_format": "0"}),
        "amount": workbook.add_format({"num_format": "#,##0"}),
        "amount_ore": workbook.add_format({"num_format": "#,##0.00"}),
        "pct": workbook.add_format({"num_format": "0.0"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }


def _write_contents_sheet(
    workbook, formats, tables: Sequence[WorkbookTable], sheet_names: dict[str, str]
) -> None:
    sheet = workbook.add_worksheet("Innehåll")
    header = ("Flik", "Fil", "Tabell", "Beskrivning", "Rader", "Anmärkning")
    widths = (24, 40, 32, 90, 10, 40)
    for col, (title, width) in enumerate(zip(header, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, formats["header"])
    sheet.freeze_panes(1, 0)
    for row, table in enumerate(tables, start=1):
        texts = (sheet_names[table.path], table.path, table.dataset.title, table.dataset.description)
        for col, text in enumerate(texts):
            sheet.write_string(row, col, text)
        sheet.write_number(row, 4, len(table.rows), formats["int"])
        if len(table.rows) > XLSX_MAX_ROWS - HEADER_ROWS:
            sheet.write_string(
                row, 5, f"Fliken visar de första {XLSX_MAX_ROWS - HEADER_ROWS} raderna; se CSV-filen."
            )


def _write_table_sheet(sheet, formats, table: WorkbookTable) -> None:
    columns = table.dataset.columns
    shown = table.rows[: XLSX_MAX_ROWS - HEADER_ROWS]
    values = {name: [row[name] for row in shown] for name in columns}
    writers = [_cell_writer(kind, values[name], formats) for name, kind in table.dataset.kinds.items()]
    titles = [field_descriptor(name)["title"] for name in columns]
    for col, (name, title) in enumerate(zip(columns, titles, strict=True)):
        sheet.set_column(col, col, _width(name, title, values[name]))
    # Row by row, each row once: constant_memory flushes a row as soon as the next one starts.
    for col, title in enumerate(titles):
        sheet.write_string(0, col, title, formats["title"])
    for col, name in enumerate(columns):
        sheet.write_string(1, col, name, formats["name"])
    sheet.freeze_panes(HEADER_ROWS, 0)
    count = len(values[columns[0]]) if columns else 0
    sheet.autofilter(HEADER_ROWS - 1, 0, HEADER_ROWS - 1 + max(count, 1), max(len(columns) - 1, 0))
    cells = [values[name] for name in columns]
    for index in range(count):
        row = index + HEADER_ROWS
        for col, column in enumerate(cells):
            value = column[index]
            if value is not None:
                writers[col](sheet, row, col, value)


Writer = Callable[[Any, int, int, Any], None]


def _cell_writer(kind: str, values: Sequence[Any], formats) -> Writer:
    """How one column's values are written, by the column's catalog kind."""
    if kind == "int":
        return lambda s, r, c, v: s.write_number(r, c, int(v), formats["int"])
    if kind in ("amount", "pct"):
        if kind == "pct":
            number_format = formats["pct"]
        elif any(v != v.to_integral_value() for v in values if v is not None):
            number_format = formats["amount_ore"]
        else:
            number_format = formats["amount"]
        return lambda s, r, c, v: s.write_number(r, c, float(v), number_format)
    if kind == "date":
        return lambda s, r, c, v: _write_date(s, r, c, v, formats["date"])
    if kind == "bool":
        return lambda s, r, c, v: s.write_boolean(r, c, bool(v))
    return lambda s, r, c, v: s.write_string(r, c, v)


def _write_date(sheet, row: int, col: int, value: dt.date, date_format) -> None:
    if value.year < EXCEL_FIRST_YEAR:
        sheet.write_string(row, col, value.isoformat())
    else:
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_format)


def _width(name: str, title: str, values: Sequence[Any]) -> int:
    """Wide enough for the column name and the first 2,000 values; the title wraps."""
    longest = max([len(name), min(len(title), 24)] + [len(_shown(v)) for v in values[:2000]])
    return min(max(longest + 2, 6), 60)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
