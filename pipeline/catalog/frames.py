"""Hand-overs as pandas DataFrames: `load` with the catalog's dtypes, `save` checked and sorted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..paths import OutputPaths
from ..safe_io import write_bytes_atomic
from .datasets import CatalogError, Dataset, dataset
from .records import (
    check_key,
    csv_bytes,
    is_plain,
    key_is_sound,
    plain_record_columns,
    read_columns,
    sorted_columns,
    write_all,
)

# --- load / save ------------------------------------------------------------------------------------


def load(name: str, outputs: OutputPaths | Path | str = "outputs") -> pd.DataFrame:
    """The hand-over `name` as a DataFrame with the catalog's dtypes.

    A missing file, a missing column, a value that does not fit its type or a duplicate key is a
    CatalogError naming the file, the row and the column.
    """
    return load_with_bytes(name, outputs)[0]


def load_with_bytes(name: str, outputs: OutputPaths | Path | str = "outputs") -> tuple[pd.DataFrame, bytes]:
    """As `load`, with the file's bytes (for a hash or a copy without reading the file twice)."""
    columns, raw = read_columns(name, outputs)  # parsed and checked: records.py
    return _typed_frame(dataset(name), columns), raw


def _typed_frame(ds: Dataset, columns: Mapping[str, list[Any]]) -> pd.DataFrame:
    """Plain values (None for empty) as a typed frame, each column built once with its dtype:
    what `typed` makes of them, without converting every column a second time."""
    return pd.DataFrame(
        {
            column: pd.array(columns[column], dtype=_DTYPES.get(kind, object))
            for column, kind in ds.kinds.items()
        },
        columns=list(ds.columns),
    )


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
    columns = _plain_frame_columns(ds, frame)
    if columns is None or not key_is_sound(ds, columns):
        # Values pandas must judge (a float, a numpy scalar) or a bad key: its checks name the row.
        frame = frame.loc[:, list(ds.columns)].reset_index(drop=True)
        _check_floats(ds, frame)
        _check_key(ds, frame, where=ds.path)
        columns = {
            column: [None if value is pd.NA else value for value in frame[column].tolist()]
            for column in ds.columns
        }
    # Where a missing value sorts: first in the object columns that hold Decimals and dates, last
    # elsewhere, as the files have always been ordered (pandas' sort_values put them so).
    object_columns = {
        column for column, kind in ds.kinds.items() if frame[column].dtype == object and kind != "text"
    }
    return csv_bytes(ds, sorted_columns(ds, columns, object_columns))


def _plain_frame_columns(ds: Dataset, frame: pd.DataFrame) -> dict[str, list[Any]] | None:
    """The frame's columns as lists (<NA> as None) if every value is plain (records.is_plain),
    else None: then the checks, the sort and the messages are pandas' own, below."""
    if not frame.columns.is_unique:
        return None
    columns = {}
    for column, kind in ds.kinds.items():
        values = [None if value is pd.NA else value for value in frame[column].tolist()]
        if not is_plain(kind, values):
            return None
        columns[column] = values
    return columns


def save(name: str, frame: pd.DataFrame, outputs: OutputPaths | Path | str = "outputs") -> Path:
    """Check, sort and write `frame` as the hand-over `name`, atomically; return the path."""
    data = to_csv_bytes(name, frame)
    path = dataset(name).file(outputs)
    write_bytes_atomic(path, data)
    return path


def save_all(frames: Mapping[str, pd.DataFrame], outputs: OutputPaths | Path | str = "outputs") -> list[Path]:
    """Save several hand-overs; every frame is checked before the first file is written."""
    return write_all([(name, to_csv_bytes(name, frame)) for name, frame in frames.items()], outputs)


def _check_floats(ds: Dataset, frame: pd.DataFrame) -> None:
    for column, kind in ds.kinds.items():
        if pd.api.types.is_float_dtype(frame[column].dtype) and frame[column].notna().any():
            raise CatalogError(
                f"{ds.path}, kolumn {column}: flyttal ({frame[column].dtype}) i en "
                f"{kind}-kolumn; räkna med Decimal eller heltal så att beloppen blir exakta."
            )


def _check_key(ds: Dataset, frame: pd.DataFrame, *, where: str) -> None:
    """The key checked as `records.check_key` does, on the frame's key columns (NA as empty)."""
    if not ds.key or frame.empty:
        return
    keys = {
        column: [None if pd.isna(value) else value for value in frame[column].tolist()] for column in ds.key
    }
    check_key(ds, keys, where=where)


def frame_from_records(name: str, records: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A typed frame from dict rows (missing keys are empty): for stages that build rows one by one."""
    ds = dataset(name)
    columns = plain_record_columns(ds, records) if records else None
    if columns is not None:  # values typed already: each column built once, with its dtype
        return _typed_frame(ds, columns)
    frame = pd.DataFrame.from_records(list(records), columns=list(ds.columns)) if records else empty(name)
    return typed(ds.kinds, frame)


# --- dtypes ----------------------------------------------------------------------------------------

_DTYPES = {"text": "string", "int": "Int64", "bool": "boolean"}


def typed(kinds: Mapping[str, str], frame: pd.DataFrame) -> pd.DataFrame:
    """Give each column its kind's dtype (Decimal and date columns stay objects, None for empty)."""
    for column, kind in kinds.items():
        if kind in _DTYPES:
            frame[column] = frame[column].astype(_DTYPES[kind])
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame
