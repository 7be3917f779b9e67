"""The data catalog: every hand-over between stages, declared once, read and written one way.

Kedro's data catalog is the model. A `Dataset` (datasets.py) names one CSV of the outputs folder: its path,
its columns (from `contract.py`), each column's type (from `column_docs.py`, where its Swedish
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
8601, booleans true/false, formula-like text prefixed by an apostrophe (see `tables.neutralise`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..paths import OutputPaths
from ..tables import write_bytes_atomic
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
from .values import (
    CODE_ORDER,
    COLUMN_KINDS,
    COMMON_CASE,
    KINDS,
    PARSE,
    formats,
    kind_words,
    sort_key,
    typed,
)

# --- load / save ------------------------------------------------------------------------------------


def _rerun(ds: Dataset) -> str:
    return (
        f"Kör om steget {ds.producer} (`python -m pipeline {ds.producer}` eller `make report`)."
        if ds.producer
        else "Kör om pipelinen."
    )


def load(name: str, outputs: OutputPaths | Path | str = "outputs") -> pd.DataFrame:
    """The hand-over `name` as a DataFrame with the catalog's dtypes.

    A missing file, a missing column, a value that does not fit its type or a duplicate key is a
    CatalogError naming the file, the row and the column.
    """
    return load_with_bytes(name, outputs)[0]


def load_with_bytes(name: str, outputs: OutputPaths | Path | str = "outputs") -> tuple[pd.DataFrame, bytes]:
    """As `load`, with the file's bytes (for a hash or a copy without reading the file twice)."""
    ds = dataset(name)
    path = ds.file(outputs)
    if not path.is_file():
        raise CatalogError(f"{path} saknas. {_rerun(ds)}")
    try:
        raw = path.read_bytes()
        reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
        header = next(reader, None)
        records = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(f"{path} kan inte läsas som CSV i UTF-8 ({exc}). {_rerun(ds)}") from None
    if header is None:
        raise CatalogError(f"{path} är tom (rubrikraden saknas). {_rerun(ds)}")
    absent = [column for column in ds.columns if column not in header]
    if absent:
        raise CatalogError(
            f"{path}: kolumnerna {', '.join(absent)} saknas; filen är skriven av en annan "
            f"version av pipelinen. {_rerun(ds)}"
        )
    for line, record in enumerate(records, start=2):
        if len(record) != len(header):
            raise CatalogError(
                f"{path}, rad {line}: {len(record)} fält men rubrikraden har {len(header)}. "
                f"Filen är skapad av pipelinen och ska inte redigeras för hand. {_rerun(ds)}"
            )
    columns = list(zip(*records, strict=True)) if records else [()] * len(header)
    data: dict[str, list[Any]] = {}
    for column, kind in ds.kinds.items():
        parse, texts = PARSE[kind], columns[header.index(column)]
        try:
            data[column] = [parse(text) if text else None for text in texts]
        except ValueError:  # find the value, to name its row
            line, text = next((i, t) for i, t in enumerate(texts, start=2) if t and not _parses(parse, t))
            raise CatalogError(
                f"{path}, rad {line}, kolumn {column}: {text!r} är {kind_words(kind)}. {_rerun(ds)}"
            ) from None
    frame = typed(ds.kinds, pd.DataFrame(data, columns=list(ds.columns)))
    _check_key(ds, frame, where=str(path), first_line=2)
    return frame, raw


def _parses(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def empty(name: str) -> pd.DataFrame:
    """A frame with the dataset's columns and dtypes and no rows (a stage with nothing to say)."""
    ds = dataset(name)
    return typed(ds.kinds, pd.DataFrame({column: [] for column in ds.columns}, columns=list(ds.columns)))


def to_csv_bytes(name: str, frame: pd.DataFrame) -> bytes:
    """The CSV of `frame` as `save` writes it, after the same checks (nothing is written)."""
    ds = dataset(name)
    extra = [column for column in frame.columns if column not in ds.columns]
    absent = [column for column in ds.columns if column not in frame.columns]
    if extra or absent:
        raise CatalogError(
            f"{ds.path}: kolumnerna stämmer inte med katalogen (saknas: "
            f"{', '.join(absent) or '–'}; okända: {', '.join(map(str, extra)) or '–'})."
        )
    frame = frame.loc[:, list(ds.columns)].reset_index(drop=True)
    _check_floats(ds, frame)
    _check_key(ds, frame, where=ds.path, first_line=None)
    if ds.sort_by and len(frame) > 1:
        frame = frame.sort_values(list(ds.sort_by), key=sort_key, kind="stable").reset_index(drop=True)
    formatted: list[list[str]] = []
    for column, kind in ds.kinds.items():
        common, values = COMMON_CASE[kind], frame[column].tolist()
        try:
            formatted.append([common(value) for value in values])
        except TypeError as exc:
            position = next(i for i, value in enumerate(values) if not formats(kind, value))
            raise CatalogError(f"{ds.path}, rad {position + 2}, kolumn {column}: {exc}.") from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ds.columns)
    writer.writerows(zip(*formatted, strict=True))
    return buffer.getvalue().encode("utf-8")


def save(name: str, frame: pd.DataFrame, outputs: OutputPaths | Path | str = "outputs") -> Path:
    """Check, sort and write `frame` as the hand-over `name`, atomically; return the path."""
    data = to_csv_bytes(name, frame)
    path = dataset(name).file(outputs)
    write_bytes_atomic(path, data)
    return path


def save_all(frames: Mapping[str, pd.DataFrame], outputs: OutputPaths | Path | str = "outputs") -> list[Path]:
    """Save several hand-overs; every frame is checked before the first file is written."""
    prepared = [(name, to_csv_bytes(name, frame)) for name, frame in frames.items()]
    paths = []
    for name, data in prepared:
        path = dataset(name).file(outputs)
        write_bytes_atomic(path, data)
        paths.append(path)
    return paths


def _check_floats(ds: Dataset, frame: pd.DataFrame) -> None:
    for column, kind in ds.kinds.items():
        if pd.api.types.is_float_dtype(frame[column].dtype) and frame[column].notna().any():
            raise CatalogError(
                f"{ds.path}, kolumn {column}: flyttal ({frame[column].dtype}) i en "
                f"{kind}-kolumn; räkna med Decimal eller heltal så att beloppen blir exakta."
            )


def _check_key(ds: Dataset, frame: pd.DataFrame, *, where: str, first_line: int | None) -> None:
    if not ds.key or frame.empty:
        return
    keys = frame.loc[:, list(ds.key)]
    line = (lambda i: i + first_line) if first_line else (lambda i: i + 2)
    empty_rows = keys.isna().any(axis=1)
    if empty_rows.any():
        first = int(empty_rows.to_numpy().nonzero()[0][0])
        column = next(k for k in ds.key if pd.isna(keys.iloc[first][k]))
        raise CatalogError(
            f"{where}, rad {line(first)}: nyckelkolumnen {column} är tom (nyckel: {', '.join(ds.key)})."
        )
    duplicated = keys.duplicated(keep=False)
    if duplicated.any():
        rows = duplicated.to_numpy().nonzero()[0][:2]
        values = ", ".join(f"{k}={keys.iloc[rows[0]][k]!r}" for k in ds.key)
        raise CatalogError(
            f"{where}, rad {line(int(rows[0]))} och {line(int(rows[1]))}: samma nyckel "
            f"({values}) förekommer flera gånger; nyckeln {', '.join(ds.key)} ska vara unik."
        )


def frame_from_records(name: str, records: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A typed frame from dict rows (missing keys are empty): for stages that build rows one by one."""
    ds = dataset(name)
    frame = pd.DataFrame.from_records(list(records), columns=list(ds.columns)) if records else empty(name)
    return typed(ds.kinds, frame)


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
    "load_with_bytes",
    "save",
    "save_all",
    "to_csv_bytes",
]
