"""Review stage: the files a reviewer opens beside the report.

- datapackage.json: a Frictionless Tabular Data Package describing every CSV of the extracted,
  validated and aggregated layers and findings.csv (Swedish titles and descriptions from
  `pipeline.column_docs`; a column is typed as declared only if every value conforms).
- review.xlsx: one sheet per CSV (plus a contents sheet), header frozen, numbers as numbers,
  every text written as a text cell (never a formula), fixed document dates: byte-reproducible.
- manifest.json: SHA-256 and size of every input and output file, row counts, the package
  version, the config used and the run timestamp (SOURCE_DATE_EPOCH, else the report date).

Nothing here reads the clock, so a rerun on the same inputs gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__
from ..column_docs import COLUMN_DOCS, TABLE_DOCS, field_descriptor
from ..config import run_timestamp as config_run_timestamp
from ..config import ProgrammeConfig, load_config
from ..errors import PipelineError
from ..paths import InputPaths, OutputPaths
from ..tables import atomic_path, restore, write_text_atomic

PACKAGE_NAME = "regionala-kompetensplattformar"
XLSX_MAX_ROWS = 1_048_576
SHEET_NAME_MAX = 31

# Keys a reviewer can rely on; declared only where the data actually has them unique and filled.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "1_extracted/projects.csv": ("source_file",),
    "1_extracted/costs.csv": ("source_file", "row"),
    "1_extracted/financing.csv": ("source_file", "row"),
    "1_extracted/indicators.csv": ("source_file", "row"),
    "1_extracted/narratives.csv": ("source_file", "field"),
    "1_extracted/workbook_totals.csv": ("source_file", "table", "column"),
    "1_extracted/register.csv": ("row",),
    "1_extracted/meetings.csv": ("row",),
    "1_extracted/files.csv": ("source_file",),
    "1_extracted/sheet_headers.csv": ("source_file", "sheet", "column"),
    "2_validated/project_status.csv": ("source_file",),
    "3_aggregated/project_summary.csv": ("project_id",),
    "3_aggregated/by_region.csv": ("county_code",),
    "3_aggregated/by_year.csv": ("year",),
    "3_aggregated/category_by_year.csv": ("category", "year"),
    "3_aggregated/financing_by_year.csv": ("source", "year"),
    "3_aggregated/region_by_year.csv": ("county_code", "year"),
    "3_aggregated/indicators.csv": ("indicator",),
    "3_aggregated/indicators_by_region.csv": ("indicator", "county_code"),
    "3_aggregated/meetings_by_type_year.csv": ("meeting_type", "year"),
    "3_aggregated/good_examples.csv": ("project_id",),
    "3_aggregated/set_aside.csv": ("source_file",),
    "3_aggregated/project_narratives.csv": ("project_id",),
    "3_aggregated/findings_by_rule.csv": ("rule_id",),
}

_PATTERNS = {
    "integer": re.compile(r"-?\d+"),
    "number": re.compile(r"-?\d+(\.\d+)?"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "boolean": re.compile(r"true|false"),
}

PACKAGE_DESCRIPTION = (
    "Underlag till slutrapporten: det inlästa lagret (1_extracted, med fil, flik och cell för varje "
    "värde), det kontrollerade lagret (2_validated, findings.csv) och sammanställningarna (3_aggregated, "
    "endast godkända projekt). CSV i UTF-8 med kommatecken och rubrikrad. Belopp i kronor som exakta "
    "decimaltal med punkt. En textcell som ett kalkylprogram skulle tolka som formel (börjar med =, +, "
    "-, @, tabb eller vagnretur) skrivs med en inledande apostrof, som ska tas bort vid inläsning."
)


@dataclass
class CsvTable:
    """One CSV of the outputs folder, read once: its header and rows of restored strings."""

    path: Path
    relative: str  # POSIX path relative to the outputs folder
    columns: list[str]
    rows: list[list[str]]
    sha256: str
    size_bytes: int
    field_types: dict[str, str] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.path.stem


# --- Entry point ---------------------------------------------------------------------------------


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    config = load_config(inputs.config)
    timestamp = run_timestamp(config)
    tables = [_read_csv(path, outputs.root) for path in csv_files(outputs)]
    if not tables:
        raise PipelineError(
            f"{outputs.root}: inga CSV-filer att granska. Kör extract, validate och aggregate först."
        )

    package = datapackage(tables, config, timestamp[0])
    write_text_atomic(outputs.datapackage, _json(package))
    write_review_workbook(outputs.review_workbook, tables, timestamp[0])

    output_entries = [{"path": t.relative, "sha256": t.sha256, "size_bytes": t.size_bytes, "rows": len(t.rows)}
                      for t in tables]  # hashed when read: no second pass over the CSVs
    output_entries += [_file_entry(p, outputs.root) for p in (outputs.datapackage, outputs.review_workbook)]
    write_text_atomic(outputs.manifest, _json(manifest(inputs, outputs, config, timestamp, output_entries)))
    undocumented = {name for t in tables for name in t.columns if name not in COLUMN_DOCS}
    return {"tabeller": len(tables), "rader": sum(len(t.rows) for t in tables),
            "odokumenterade_kolumner": len(undocumented)}


# --- What is reviewed ----------------------------------------------------------------------------


def csv_files(outputs: OutputPaths) -> list[Path]:
    """Every CSV of the extracted, validated and aggregated layers, then findings.csv."""
    found = []
    for layer in (outputs.extracted, outputs.validated, outputs.aggregated):
        if layer.is_dir():
            found.extend(sorted(p for p in layer.glob("*.csv") if not p.name.startswith(".")))
    if outputs.findings.is_file():
        found.append(outputs.findings)
    return found


def _read_csv(path: Path, root: Path) -> CsvTable:
    """Read a CSV once: its bytes give the hash and size, their text the header and rows."""
    data = path.read_bytes()
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        columns = next(reader, [])
        rows = [[restore(v) for v in row] for row in reader]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PipelineError(
            f"{path}: kan inte läsas som CSV i UTF-8 ({exc}). Kör om steget som skrev filen."
        ) from None
    table = CsvTable(path, path.relative_to(root).as_posix(), columns, rows,
                     hashlib.sha256(data).hexdigest(), len(data))
    table.field_types = {name: _effective_type(field_descriptor(name)["type"], table.rows, i)
                         for i, name in enumerate(columns)}
    return table


def _effective_type(declared: str, rows: list[list[str]], index: int) -> str:
    """The declared type if every non-empty value conforms to it, else string."""
    pattern = _PATTERNS.get(declared)
    if pattern is None:
        return declared
    for row in rows:
        value = row[index] if index < len(row) else ""
        if value and not pattern.fullmatch(value):
            return "string"
        if value and declared == "date" and not _is_date(value):
            return "string"
    return declared


def _is_date(value: str) -> bool:
    """An ISO date a spreadsheet can hold as a date (Excel's dates start in 1900)."""
    try:
        return dt.date.fromisoformat(value).year >= 1900
    except ValueError:
        return False


# --- datapackage.json ----------------------------------------------------------------------------


def datapackage(tables: Sequence[CsvTable], config: ProgrammeConfig, timestamp: str) -> dict[str, Any]:
    """A Frictionless Tabular Data Package descriptor for the given CSVs."""
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


def _resource(table: CsvTable) -> dict[str, Any]:
    doc = TABLE_DOCS.get(table.stem, {"title": table.stem, "description": ""})
    fields = []
    for name in table.columns:
        descriptor = field_descriptor(name)
        effective = table.field_types[name]
        if effective != descriptor["type"]:
            descriptor = {**descriptor, "type": effective, "description": (
                f"{descriptor['description']} Innehåller värden som inte är av typen "
                f"{descriptor['type']}; beskrivs därför som text.").strip()}
        fields.append(descriptor)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    key = PRIMARY_KEYS.get(table.relative)
    if key and _is_unique_key(table, key):
        schema["primaryKey"] = list(key)
    return {
        "profile": "tabular-data-resource",
        "name": _resource_name(table.relative),
        "path": table.relative,
        "title": doc["title"],
        "description": doc["description"],
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
    if layer == "3_aggregated":
        return stem
    return f"{layer.split('_', 1)[-1]}-{stem}"


def _is_unique_key(table: CsvTable, key: Sequence[str]) -> bool:
    if any(k not in table.columns for k in key):
        return False
    indexes = [table.columns.index(k) for k in key]
    seen = set()
    for row in table.rows:
        values = tuple(row[i] for i in indexes)
        if "" in values or values in seen:
            return False
        seen.add(values)
    return True


# --- review.xlsx ---------------------------------------------------------------------------------


def write_review_workbook(path: Path, tables: Sequence[CsvTable], timestamp: str) -> dict[str, str]:
    """Write the review workbook atomically; return sheet name per CSV (relative path)."""
    import xlsxwriter

    created = dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).replace(tzinfo=None)
    ordered = _review_order(tables)
    sheet_names = _sheet_names([t.relative for t in ordered])
    with atomic_path(path) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary), {
            # Input text must stay text: no formulas, numbers or links guessed from strings.
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            "constant_memory": True,
        })
        workbook.set_properties({"title": "Granskningsunderlag", "author": "pipeline", "created": created})
        formats = _formats(workbook)
        _write_contents_sheet(workbook, formats, ordered, sheet_names)
        for table in ordered:
            _write_table_sheet(workbook.add_worksheet(sheet_names[table.relative]), formats, table)
        workbook.close()
    return sheet_names


def _review_order(tables: Sequence[CsvTable]) -> list[CsvTable]:
    """Findings first, then what the report shows, then the validated and extracted layers."""
    rank = {"findings.csv": 0, "3_aggregated": 1, "2_validated": 2, "1_extracted": 3}
    return sorted(tables, key=lambda t: (rank.get(t.relative.split("/")[0], 9), t.relative))


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
        "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}),
        "integer": workbook.add_format({"num_format": "0"}),
        "amount": workbook.add_format({"num_format": "#,##0"}),
        "amount_ore": workbook.add_format({"num_format": "#,##0.00"}),
        "percent": workbook.add_format({"num_format": "0.0"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "text": workbook.add_format({"num_format": "@"}),
    }


def _write_contents_sheet(workbook, formats, tables: Sequence[CsvTable], sheet_names: dict[str, str]) -> None:
    sheet = workbook.add_worksheet("Innehåll")
    header = ("Flik", "Fil", "Tabell", "Beskrivning", "Rader", "Anmärkning")
    widths = (24, 40, 32, 90, 10, 40)
    for col, (title, width) in enumerate(zip(header, widths)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, formats["header"])
    sheet.freeze_panes(1, 0)
    for row, table in enumerate(tables, start=1):
        doc = TABLE_DOCS.get(table.stem, {"title": table.stem, "description": ""})
        texts = (sheet_names[table.relative], table.relative, doc["title"], doc["description"])
        for col, text in enumerate(texts):
            sheet.write_string(row, col, text)
        sheet.write_number(row, 4, len(table.rows), formats["integer"])
        if len(table.rows) >= XLSX_MAX_ROWS:
            sheet.write_string(row, 5, f"Fliken visar de första {XLSX_MAX_ROWS - 1} raderna; se CSV-filen.")


def _write_table_sheet(sheet, formats, table: CsvTable) -> None:
    writers = [_cell_writer(field_descriptor(name), table.field_types[name], table, i, formats)
               for i, name in enumerate(table.columns)]
    for col, name in enumerate(table.columns):
        sheet.set_column(col, col, _width(table, col))
    for col, name in enumerate(table.columns):
        sheet.write_string(0, col, name, formats["header"])
    sheet.freeze_panes(1, 0)
    rows = table.rows[: XLSX_MAX_ROWS - 1]
    sheet.autofilter(0, 0, max(len(rows), 1), max(len(table.columns) - 1, 0))
    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values[: len(writers)]):
            if value != "":
                writers[col](sheet, r, col, value)


def _cell_writer(descriptor: dict[str, Any], effective: str, table: CsvTable, index: int, formats):
    """How one column's values are written: as numbers, dates, booleans or text cells."""
    if effective == "integer":
        return lambda s, r, c, v: s.write_number(r, c, int(v), formats["integer"])
    if effective == "number":
        if descriptor.get("unit") == "procent":
            number_format = formats["percent"]
        elif any("." in row[index] for row in table.rows if index < len(row)):
            number_format = formats["amount_ore"]
        else:
            number_format = formats["amount"]
        return lambda s, r, c, v: s.write_number(r, c, float(Decimal(v)), number_format)
    if effective == "date":
        return lambda s, r, c, v: s.write_datetime(r, c, dt.datetime.fromisoformat(v), formats["date"])
    if effective == "boolean":
        return lambda s, r, c, v: s.write_boolean(r, c, v == "true")
    return lambda s, r, c, v: s.write_string(r, c, v)


def _width(table: CsvTable, index: int) -> int:
    longest = max([len(table.columns[index])] + [len(row[index]) for row in table.rows[:2000] if index < len(row)])
    return min(max(longest + 2, 6), 60)


# --- manifest.json -------------------------------------------------------------------------------


def manifest(inputs: InputPaths, outputs: OutputPaths, config: ProgrammeConfig, timestamp: tuple[str, str],
             output_entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
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
    return sorted(files, key=_posix(inputs.root))


def _posix(root: Path):
    return lambda p: p.relative_to(root).as_posix()


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
