"""Review stage: the files a reviewer opens beside the report, made from the catalog's declarations.

- datapackage.json: a Frictionless Tabular Data Package describing every hand-over CSV of the
  catalog (path, columns, Frictionless types and units from `column_docs`, primary key, the
  constraints the catalog checks on a key — required, unique, accepted values —, Swedish title and
  description; an aggregated table's from its declaration in pipeline/aggregated_tables). The types are the declared ones: `catalog.load` has already checked
  that every value fits them, so nothing is guessed from the values.
- manifest.json: SHA-256 and size of every input file and every hand-over (each CSV with its
  row count, and datapackage.json), the package version, the config used and the run timestamp
  (SOURCE_DATE_EPOCH, else the report date). The render stage attaches both files to the PDF.

review.xlsx, the same CSVs as an Excel workbook, is the workbook stage's (stages/workbook.py): a
view of the CSVs, which make builds beside the report.

Each CSV is read once: `catalog.load_rows_with_bytes` checks every value against its declaration
and gives the bytes (hash, size); nothing here needs pandas.
Nothing here reads the clock, so a rerun on the same inputs gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__, catalog
from ..column_docs import field_descriptor
from ..config import ProgrammeConfig, load_config
from ..config import run_timestamp as config_run_timestamp
from ..paths import AGGREGATED_DIR, EXTRACTED_DIR, VALIDATED_DIR, InputPaths, OutputPaths
from ..safe_io import write_text_atomic

PACKAGE_NAME = "regionala-kompetensplattformar"

PACKAGE_DESCRIPTION = (
    "Underlag till slutrapporten: det inlästa lagret (1_extracted, med fil, flik och cell för varje "
    "värde), det kontrollerade lagret (2_validated, findings.csv) och sammanställningarna (3_aggregated, "
    "endast godkända projekt). CSV i UTF-8 med kommatecken och rubrikrad. Belopp i kronor som exakta "
    "decimaltal med punkt. En textcell som ett kalkylprogram skulle tolka som formel (börjar med =, +, "
    "-, @, tabb eller vagnretur) skrivs med en inledande apostrof, som ska tas bort vid inläsning."
)

# Order of the layers in datapackage.json and manifest.json (as the folder tree lists them).
_PACKAGE_RANK = {EXTRACTED_DIR: 0, VALIDATED_DIR: 1, AGGREGATED_DIR: 2}


@dataclass(frozen=True)
class ReviewedTable:
    """One hand-over CSV: its declaration, its row count and the hash and size of its bytes."""

    dataset: catalog.Dataset
    rows: int
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

    output_entries = [
        {"path": t.path, "sha256": t.sha256, "size_bytes": t.size_bytes, "rows": t.rows} for t in tables
    ]  # hashed when read: no second pass over the CSVs
    output_entries.append(_file_entry(outputs.datapackage, outputs.root))
    write_text_atomic(outputs.manifest, _json(manifest(inputs, outputs, config, timestamp, output_entries)))
    return {"tabeller": len(tables), "rader": sum(t.rows for t in tables)}


# --- What is reviewed ----------------------------------------------------------------------------


def read_tables(outputs: OutputPaths) -> list[ReviewedTable]:
    """Every dataset of the catalog, in the package's order; a missing or stale file is a
    CatalogError naming the stage to run again."""
    tables = []
    for name, dataset in catalog.DATASETS.items():
        rows, data = catalog.load_rows_with_bytes(name, outputs)  # every value checked
        tables.append(ReviewedTable(dataset, len(rows), hashlib.sha256(data).hexdigest(), len(data)))
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
        "fields": [_field(dataset, name) for name in dataset.columns],
        "missingValues": [""],
    }
    if dataset.primary_key:  # catalog.load has checked that it is filled and unique
        schema["primaryKey"] = list(dataset.primary_key)
    elif dataset.key:  # unique, but a column of it may be empty: not a primary key (Table Schema v2)
        schema["uniqueKeys"] = [list(dataset.key)]
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


def _field(dataset: catalog.Dataset, name: str) -> dict[str, Any]:
    """The column's declared field, with the checks the catalog made on it as constraints."""
    field = field_descriptor(name)
    constraints: dict[str, Any] = {}
    if name in dataset.key_required:
        constraints["required"] = True
    if dataset.key == (name,):
        constraints["unique"] = True
    if name in dataset.accepted:
        constraints["enum"] = list(dataset.accepted[name])
    return {**field, "constraints": constraints} if constraints else field


def _resource_name(relative: str) -> str:
    """Aggregated tables by their own name; the others prefixed by layer (names must be unique)."""
    parts = relative.removesuffix(".csv").split("/")
    if len(parts) == 1:
        return parts[0]
    layer, stem = parts[0], parts[-1]
    if layer == AGGREGATED_DIR:
        return stem
    return f"{layer.split('_', 1)[-1]}-{stem}"


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
