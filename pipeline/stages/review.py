"""Review stage: the files a reviewer opens beside the report, made from the catalog's declarations.

- datapackage.json: a Frictionless Tabular Data Package describing every hand-over CSV of the
  catalog (path, columns, Frictionless types and units from `column_docs`, primary key, Swedish
  title and description). The types are the declared ones: `catalog.load` has already checked
  that every value fits them, so nothing is guessed from the values.
- review.xlsx: one sheet per CSV (plus a contents sheet); each column headed by its Swedish
  title with the CSV column name below it, both rows frozen; numbers as numbers, dates as dates,
  every text as a text cell (never a formula); fixed document dates: byte-reproducible.
- manifest.json: SHA-256 and size of every input and output file, row counts, the package
  version, the config used and the run timestamp (SOURCE_DATE_EPOCH, else the report date).

Each CSV is read once: `catalog.load_with_bytes` gives the typed rows and the bytes (hash, size).
Nothing here reads the clock, so a rerun on the same inputs gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__, catalog
from ..column_docs import field_descriptor
from ..config import ProgrammeConfig, load_config
from ..config import run_timestamp as config_run_timestamp
from ..paths import AGGREGATED_DIR, EXTRACTED_DIR, VALIDATED_DIR, InputPaths, OutputPaths
from ..tables import atomic_path, write_text_atomic

PACKAGE_NAME = "regionala-kompetensplattformar"
XLSX_MAX_ROWS = 1_048_576
HEADER_ROWS = 2  # Swedish title, then the CSV column name
SHEET_NAME_MAX = 31
EXCEL_FIRST_YEAR = 1900  # Excel cannot hold an earlier date as a date: such a date is written as text

PACKAGE_DESCRIPTION = (
    "Underlag till slutrapporten: det inlästa lagret (1_extracted, med fil, flik och cell för varje "
    "värde), det kontrollerade lagret (2_validated, findings.csv) och sammanställningarna (3_aggregated, "
    "endast godkända projekt). CSV i UTF-8 med kommatecken och rubrikrad. Belopp i kronor som exakta "
    "decimaltal med punkt. En textcell som ett kalkylprogram skulle tolka som formel (börjar med =, +, "
    "-, @, tabb eller vagnretur) skrivs med en inledande apostrof, som ska tas bort vid inläsning."
)

# Order of the layers in datapackage.json and manifest.json (as the folder tree lists them) …
_PACKAGE_RANK = {EXTRACTED_DIR: 0, VALIDATED_DIR: 1, AGGREGATED_DIR: 2}
# … and in review.xlsx: findings first, then what the report shows, then the layers below it.
_WORKBOOK_RANK = {"findings.csv": 0, AGGREGATED_DIR: 1, VALIDATED_DIR: 2, EXTRACTED_DIR: 3}


@dataclass(frozen=True)
class ReviewedTable:
    """One hand-over CSV: its declaration, its typed rows and the hash and size of its bytes."""

    dataset: catalog.Dataset
    frame: pd.DataFrame
    sha256: str
    size_bytes: int

    @property
    def path(self) -> str:
        return self.dataset.path


# --- Entry point ---------------------------------------------------------------------------------


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    config = load_config(inputs.config)
    timestamp = run_timestamp(config)
    tables = read_tables(outputs)

    write_text_atomic(outputs.datapackage, _json(datapackage(tables, config, timestamp[0])))
    write_review_workbook(outputs.review_workbook, tables, timestamp[0])

    output_entries = [
        {"path": t.path, "sha256": t.sha256, "size_bytes": t.size_bytes, "rows": len(t.frame)} for t in tables
    ]  # hashed when read: no second pass over the CSVs
    output_entries += [_file_entry(p, outputs.root) for p in (outputs.datapackage, outputs.review_workbook)]
    write_text_atomic(outputs.manifest, _json(manifest(inputs, outputs, config, timestamp, output_entries)))
    return {"tabeller": len(tables), "rader": sum(len(t.frame) for t in tables)}


# --- What is reviewed ----------------------------------------------------------------------------


def read_tables(outputs: OutputPaths) -> list[ReviewedTable]:
    """Every dataset of the catalog, in the package's order; a missing or stale file is a
    CatalogError naming the stage to run again."""
    tables = []
    for name, dataset in catalog.DATASETS.items():
        frame, data = catalog.load_with_bytes(name, outputs)
        tables.append(ReviewedTable(dataset, frame, hashlib.sha256(data).hexdigest(), len(data)))
    return sorted(tables, key=lambda t: _rank(t.path, _PACKAGE_RANK, last=3))


def _rank(path: str, ranks: dict[str, int], last: int) -> tuple[int, str]:
    return ranks.get(path.split("/")[0], last), path


# --- datapackage.json ----------------------------------------------------------------------------


def datapackage(tables: Sequence[ReviewedTable], config: ProgrammeConfig, timestamp: str) -> dict[str, Any]:
    """A Frictionless Tabular Data Package descriptor for the given tables."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": config.report_title,
        "description": PACKAGE_DESCRIPTION,
        "version": __version__,
        "created": timestamp,
        "contributors": [{"title": config.author, "role": "author"}],
        "resources": [_resource(t) for t in tables],
    }


def _resource(table: ReviewedTable) -> dict[str, Any]:
    dataset = table.dataset
    schema: dict[str, Any] = {
        "fields": [field_descriptor(name) for name in dataset.columns],
        "missingValues": [""],
    }
    if dataset.key:  # catalog.load has checked that it is filled and unique
        schema["primaryKey"] = list(dataset.key)
    return {
        "profile": "tabular-data-resource",
        "name": _resource_name(dataset.path),
        "path": dataset.path,
        "title": dataset.title,
        "description": dataset.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": table.size_bytes,
        "hash": "sha256:" + table.sha256,
        "schema": schema,
    }


def _resource_name(relative: str) -> str:
    """Aggregated tables by their own name; the others prefixed by layer (names must be unique)."""
    parts = relative.removesuffix(".csv").split("/")
    if len(parts) == 1:
        return parts[0]
    layer, stem = parts[0], parts[-1]
    if layer == AGGREGATED_DIR:
        return stem
    return f"{layer.split('_', 1)[-1]}-{stem}"


# --- review.xlsx ---------------------------------------------------------------------------------


def write_review_workbook(path: Path, tables: Sequence[ReviewedTable], timestamp: str) -> dict[str, str]:
    """Write the review workbook atomically; return the sheet name of each CSV (by path)."""
    import xlsxwriter

    created = dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).replace(tzinfo=None)
    ordered = sorted(tables, key=lambda t: _rank(t.path, _WORKBOOK_RANK, last=9))
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
    workbook, formats, tables: Sequence[ReviewedTable], sheet_names: dict[str, str]
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
        sheet.write_number(row, 4, len(table.frame), formats["int"])
        if len(table.frame) > XLSX_MAX_ROWS - HEADER_ROWS:
            sheet.write_string(
                row, 5, f"Fliken visar de första {XLSX_MAX_ROWS - HEADER_ROWS} raderna; se CSV-filen."
            )


def _write_table_sheet(sheet, formats, table: ReviewedTable) -> None:
    columns = table.dataset.columns
    values = {name: _present(table.frame[name].tolist()[: XLSX_MAX_ROWS - HEADER_ROWS]) for name in columns}
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


def _present(values: list[Any]) -> list[Any]:
    """pandas' missing values (<NA>, None) as None, so the writers only meet real values."""
    return [None if value is None or value is pd.NA else value for value in values]


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


# --- manifest.json -------------------------------------------------------------------------------


def manifest(
    inputs: InputPaths,
    outputs: OutputPaths,
    config: ProgrammeConfig,
    timestamp: tuple[str, str],
    output_entries: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The manifest: version, config, timestamp (and where it came from), inputs and outputs."""
    moment, source = timestamp
    return {
        "pipeline_version": __version__,
        "run_timestamp": moment,
        "timestamp_source": source,
        "config": _jsonable(config.raw),
        "inputs": [_file_entry(p, inputs.root) for p in input_files(inputs, outputs)],
        "outputs": sorted(output_entries, key=lambda entry: entry["path"]),
    }


def input_files(inputs: InputPaths, outputs: OutputPaths) -> list[Path]:
    """Every file of the inputs folder (not Office lock files, not an outputs folder inside it)."""
    out_root = outputs.root.resolve()
    files = []
    for path in inputs.root.rglob("*"):
        if not path.is_file() or path.name.startswith("~$"):
            continue
        if path.resolve().is_relative_to(out_root):
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(inputs.root).as_posix())


def _file_entry(path: Path, root: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return {"path": path.relative_to(root).as_posix(), "sha256": digest.hexdigest(), "size_bytes": size}


def run_timestamp(config: ProgrammeConfig) -> tuple[str, str]:
    """(ISO timestamp, its source), as config.run_timestamp decides."""
    moment, source = config_run_timestamp(config)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), source


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
