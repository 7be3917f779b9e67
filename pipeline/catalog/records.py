"""Hand-overs read and written as plain columns, without pandas.

`read_columns(name, outputs)` parses a hand-over CSV into one list of typed values per column
(str, int, Decimal, date, bool; None when empty), checked against its declaration: the one reader
of the catalog, which `load` turns into a DataFrame and `load_rows` into dicts (the render, html
and review stages, which only read values, never import pandas).

The extract stage writes without importing pandas too.

`records_to_csv_bytes(name, records)` gives the bytes `to_csv_bytes(name, frame_from_records(name,
records))` gives, for the common case: every value already of its column's Python type (str, int,
Decimal, date, bool or None); a value pandas would convert goes the general way, through a
DataFrame (`catalog.save_records_all` takes it), so that the conversions are the frame path's own.
A key that is empty or repeated is the same error on both paths (`check_key`). `frames.to_csv_bytes` takes the same
short cut for a frame whose values are plain: checking and sorting a few lists in Python costs
less than the pandas calls on a small frame.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence, Set
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..paths import OutputPaths
from ..safe_io import restore, write_bytes_atomic
from .datasets import CatalogError, Dataset, dataset
from .values import CODE_ORDER, PARSE, cell_order, format_column, formats, kind_words

# Larger ints pass through float64 when pandas builds a column that also has blanks.
_EXACT_INT = 2**53
# Kinds whose typed column has dtype object: there pandas' sort puts a missing value first.
OBJECT_KINDS = frozenset({"amount", "pct", "date"})


# The Python type of a present value of each kind in a typed frame (bool is not an int here).
_PLAIN_TYPES = {"text": str, "int": int, "amount": Decimal, "pct": Decimal, "date": dt.date, "bool": bool}


def is_plain(kind: str, values: list[Any]) -> bool:
    """True if every value is None or of the Python type the typed frame holds for `kind`, as it
    would hold it (an int that float64 represents exactly, a finite Decimal)."""
    types = set(map(type, values)) - {type(None)}
    if not types:
        return True
    if types != {_PLAIN_TYPES[kind]}:
        return False
    present = [value for value in values if value is not None]
    if kind == "int":
        return -_EXACT_INT < min(present) and max(present) < _EXACT_INT
    if kind in ("amount", "pct"):
        return all(value.is_finite() for value in present)
    return True


def plain_record_columns(ds: Dataset, records: Sequence[Any]) -> dict[str, list[Any]] | None:
    """The records as one list per column, or None if any value is not plain."""
    width = len(ds.columns)
    if all(type(record) is tuple and len(record) == width for record in records):
        values = list(zip(*records, strict=True)) if records else [()] * width
        columns = {column: list(values[i]) for i, column in enumerate(ds.columns)}
    elif all(isinstance(record, Mapping) for record in records):
        columns = {column: [record.get(column) for record in records] for column in ds.columns}
    else:
        return None
    if not all(is_plain(kind, columns[column]) for column, kind in ds.kinds.items()):
        return None
    return columns


def key_is_sound(ds: Dataset, columns: Mapping[str, list[Any]]) -> bool:
    """No empty required key column and no repeated key (`check_key` names the row if there is).
    An empty value of a column that may be empty is a value like any other. Only accepted values."""
    if any(set(columns[column]) - {*values, None} for column, values in ds.accepted.items()):
        return False
    if not ds.key:
        return True
    keys = list(zip(*(columns[column] for column in ds.key), strict=True))
    required = [columns[column] for column in ds.key_required]
    return all(None not in values for values in required) and len(set(keys)) == len(keys)


def check_key(ds: Dataset, columns: Mapping[str, list[Any]], *, where: str, first_line: int = 2) -> None:
    """A CatalogError naming the first row whose key is empty, the first two rows sharing one, or
    the first value a column with declared values does not accept (dbt's not_null, unique and
    accepted_values)."""
    if ds.key:
        _check_filled_and_unique(ds, columns, where=where, first_line=first_line)
    for column, accepted in ds.accepted.items():
        allowed = {*accepted, None}  # an empty key is the key check's; elsewhere empty is allowed
        for row, value in enumerate(columns[column]):
            if value not in allowed:
                raise CatalogError(
                    f"{where}, rad {row + first_line}, kolumn {column}: {value!r} är inget av de "
                    f"värden kolumnen tar ({', '.join(accepted)})."
                )


def _check_filled_and_unique(
    ds: Dataset, columns: Mapping[str, list[Any]], *, where: str, first_line: int
) -> None:
    keys = list(zip(*(columns[column] for column in ds.key), strict=True))
    required = [ds.key.index(column) for column in ds.key_required]
    for row, key in enumerate(keys):
        column = next((ds.key[i] for i in required if key[i] is None), None)
        if column is not None:
            raise CatalogError(
                f"{where}, rad {row + first_line}: nyckelkolumnen {column} är tom "
                f"(nyckel: {', '.join(ds.key)})."
            )
    first_row: dict[tuple, int] = {}
    for row, key in enumerate(keys):
        if key in first_row:
            values = ", ".join(f"{k}={v!r}" for k, v in zip(ds.key, key, strict=True))
            raise CatalogError(
                f"{where}, rad {first_row[key] + first_line} och {row + first_line}: samma nyckel "
                f"({values}) förekommer flera gånger; nyckeln {', '.join(ds.key)} ska vara unik."
            )
        first_row[key] = row


def _sort_key(column: str, values: list[Any], missing_first: bool):
    """Per value, its rank: declared code order, cell order (row, then column), else the value."""
    if column in CODE_ORDER:
        declared = CODE_ORDER[column]
        others = sorted({v for v in values if v is not None} - set(declared))
        rank = {code: i for i, code in enumerate((*declared, *others))}
        return lambda v: -1 if v is None else rank[v]
    if column == "cell" or column.endswith("_cell"):
        return lambda v: 0 if v is None else cell_order(v)
    missing = -1 if missing_first else 1
    return lambda v: (missing, 0) if v is None else (0, v)


def sorted_columns(
    ds: Dataset, columns: dict[str, list[Any]], object_columns: Set[str]
) -> dict[str, list[Any]]:
    """The rows in the dataset's order: a stable sort, as `sort_values(kind="stable")`. A missing
    value sorts first in `object_columns`, last in the others (the order the files have always had)."""
    count = len(columns[ds.columns[0]])
    if not ds.sort_by or count <= 1:
        return columns
    ranked = [
        list(map(_sort_key(column, columns[column], column in object_columns), columns[column]))
        for column in ds.sort_by
    ]
    keys = list(zip(*ranked, strict=True))
    order = sorted(range(count), key=keys.__getitem__)
    return {column: [values[i] for i in order] for column, values in columns.items()}


def csv_bytes(ds: Dataset, columns: Mapping[str, list[Any]]) -> bytes:
    """The CSV of checked and sorted columns: every value formatted for its kind."""
    formatted: list[list[str]] = []
    for column, kind in ds.kinds.items():
        values = columns[column]
        try:
            formatted.append(format_column(kind, values))
        except TypeError as exc:
            position = next(i for i, value in enumerate(values) if not formats(kind, value))
            raise CatalogError(f"{ds.path}, rad {position + 2}, kolumn {column}: {exc}.") from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ds.columns)
    writer.writerows(zip(*formatted, strict=True))
    return buffer.getvalue().encode("utf-8")


def records_to_csv_bytes(name: str, records: Sequence[Any]) -> bytes | None:
    """The CSV `save` would write for `frame_from_records(name, records)`, checked the same way;
    None when a value is not plain (the package's `save_records_all` then goes through pandas)."""
    ds = dataset(name)
    columns = plain_record_columns(ds, records)
    if columns is None:
        return None
    check_key(ds, columns, where=ds.path)
    object_columns = {column for column, kind in ds.kinds.items() if kind in OBJECT_KINDS}
    return csv_bytes(ds, sorted_columns(ds, columns, object_columns))


def write_all(prepared: Sequence[tuple[str, bytes]], outputs: OutputPaths | Path | str) -> list[Path]:
    """Write each hand-over's bytes, atomically, once all of them have been checked."""
    paths = []
    for name, data in prepared:
        path = dataset(name).file(outputs)
        write_bytes_atomic(path, data)
        paths.append(path)
    return paths


# --- reading ------------------------------------------------------------------------------------


def _rerun(ds: Dataset) -> str:
    return (
        f"Kör om steget {ds.producer} (`python -m pipeline {ds.producer}` eller `make report`)."
        if ds.producer
        else "Kör om pipelinen."
    )


def read_columns(
    name: str, outputs: OutputPaths | Path | str = "outputs"
) -> tuple[dict[str, list[Any]], bytes]:
    """The hand-over `name` as typed values per column, and the file's bytes.

    A missing file, a missing column, a value that does not fit its type or a duplicate key is a
    CatalogError naming the file, the row and the column, and the stage to run again.
    """
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
    if set(map(len, records)) - {len(header)}:
        line, record = next((i, r) for i, r in enumerate(records, start=2) if len(r) != len(header))
        raise CatalogError(
            f"{path}, rad {line}: {len(record)} fält men rubrikraden har {len(header)}. "
            f"Filen är skapad av pipelinen och ska inte redigeras för hand. {_rerun(ds)}"
        )
    columns = list(zip(*records, strict=True)) if records else [()] * len(header)
    data: dict[str, list[Any]] = {}
    for column, kind in ds.kinds.items():
        parse, texts = PARSE[kind], columns[header.index(column)]
        if kind == "text":  # most fields: PARSE["text"] inline, without a call per field
            data[column] = [(restore(text) if text[0] == "'" else text) if text else None for text in texts]
            continue
        try:
            data[column] = [parse(text) if text else None for text in texts]
        except ValueError:  # find the value, to name its row
            line, text = next((i, t) for i, t in enumerate(texts, start=2) if t and not _parses(parse, t))
            raise CatalogError(
                f"{path}, rad {line}, kolumn {column}: {text!r} är {kind_words(kind)}. {_rerun(ds)}"
            ) from None
    check_key(ds, data, where=str(path))
    return data, raw


def _parses(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def load_rows(name: str, outputs: OutputPaths | Path | str = "outputs") -> list[dict[str, Any]]:
    """The hand-over `name` as one dict per row (None for an empty cell), checked as `load` does."""
    return load_rows_with_bytes(name, outputs)[0]


def load_rows_with_bytes(
    name: str, outputs: OutputPaths | Path | str = "outputs"
) -> tuple[list[dict[str, Any]], bytes]:
    """As `load_rows`, with the file's bytes (for a hash without reading the file twice)."""
    columns, raw = read_columns(name, outputs)
    return rows_of(columns), raw


def rows_of(columns: Mapping[str, list[Any]]) -> list[dict[str, Any]]:
    """Columns of equal length as one dict per row."""
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]
