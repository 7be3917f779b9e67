"""The data catalog: every hand-over between stages, declared once, read and written one way.

Kedro's data catalog is the model. A `Dataset` (datasets.py) names one CSV of the outputs folder: its path,
its columns (from `contract.py`), each column's type (from `column_docs/`, where its Swedish
title lives too), its primary key and its sort order. Stages never open a hand-over CSV
themselves; they call

    frame = catalog.load("costs", outputs)          # a DataFrame with honest dtypes
    catalog.save("by_region", frame, outputs)       # checked, sorted, formula-safe, atomic

and an analyst in a notebook does the same: `catalog.load("costs", outputs="outputs")`.

Dtypes (one per column kind; see `KINDS`):
- text: pandas' "string" dtype, <NA> when empty. County codes and ids stay text ("09" is "09").
- int: pandas' nullable "Int64".
- amount, pct: exact `decimal.Decimal` objects (dtype object), None when empty. Never float: a
  float reaching `save` is an error, since it would carry binary artefacts (0.1 + 0.2).
- date: `datetime.date` objects (dtype object), None when empty. The contract's dates are
  calendar dates; pandas' datetime64 would add a time of day and a narrower range.
- bool: pandas' nullable "boolean".

`save` fails instead of adapting (as dbt's schema tests do): a missing or extra column, a value
of the wrong type, an empty or duplicate primary key raises `CatalogError` naming the table, the
row and the column. `load` does the same for a file that does not fit its declaration, with a
Swedish message telling the user which stage to run again.

CSV conventions (README, "What is in outputs/"): UTF-8, header row, "\\n" line ends, columns in
the declared order, rows sorted by the declared order, numbers as plain exact decimals, dates ISO
8601, booleans true/false, formula-like text prefixed by an apostrophe (see `safe_io.neutralise`).

Modules: datasets (the declarations), values (kinds, parsing and formatting of one value),
frames (load and save of DataFrames; imports pandas), records (the one CSV reader, and saving
plain rows, without pandas: `load_rows` gives dicts of the same typed values as `load`, for the
stages that only read values; the extract stage writes its tables without importing pandas).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..paths import OutputPaths
from .datasets import (
    AGGREGATED,
    DATASETS,
    EXTRACTED,
    ON_REQUEST,
    TABLE_DOCS,
    CatalogError,
    Dataset,
    dataset,
)
from .records import load_rows, load_rows_with_bytes, records_to_csv_bytes, write_all
from .values import CODE_ORDER, COLUMN_KINDS, KINDS

# The DataFrame side, imported on first use: pandas takes ~0.5 s to import, and a stage that
# writes plain rows (save_records_all) never needs it.
_FRAME_FUNCTIONS = (
    "empty",
    "frame_from_records",
    "load",
    "load_with_bytes",
    "save",
    "save_all",
    "to_csv_bytes",
)


def __getattr__(name: str):
    if name in _FRAME_FUNCTIONS:
        from . import frames

        return getattr(frames, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_FRAME_FUNCTIONS})


def save_records_all(
    tables: Mapping[str, Sequence[Any]], outputs: OutputPaths | Path | str = "outputs"
) -> list[Path]:
    """As `save_all({name: frame_from_records(name, rows)})`, from tuples in column order or dicts.

    Every table is checked before the first file is written.
    """
    prepared = []
    for name, records in tables.items():
        data = records_to_csv_bytes(name, records)
        if data is None:  # a value pandas must convert: the frame path, with its checks
            from . import frames

            data = frames.to_csv_bytes(name, frames.frame_from_records(name, records))
        prepared.append((name, data))
    return write_all(prepared, outputs)


__all__ = [
    "AGGREGATED",
    "CODE_ORDER",
    "COLUMN_KINDS",
    "DATASETS",
    "EXTRACTED",
    "KINDS",
    "ON_REQUEST",
    "TABLE_DOCS",
    "CatalogError",
    "Dataset",
    "dataset",
    "empty",
    "frame_from_records",
    "load",
    "load_rows",
    "load_rows_with_bytes",
    "load_with_bytes",
    "save",
    "save_all",
    "save_records_all",
    "to_csv_bytes",
]
