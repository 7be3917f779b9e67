"""The data catalog: every hand-over between stages, declared once, read and written one way.

Kedro's data catalog is the model. A `Dataset` names one CSV of the outputs folder: its path,
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
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from . import contract as c
from .column_docs import COLUMN_DOCS, TABLE_DOCS
from .errors import PipelineError
from .paths import AGGREGATED_DIR, EXTRACTED_DIR, VALIDATED_DIR, OutputPaths
from .tables import NEUTRALISED_STARTS, decimal_text, neutralise, restore, write_bytes_atomic


class CatalogError(PipelineError):
    """A frame or a file does not fit its declaration (a bug in a stage, or a stale file)."""


# --- Column kinds ---------------------------------------------------------------------------------


# Frictionless type and unit (column_docs) → the kind of a column.
def _kind_of(doc: Mapping[str, str]) -> str:
    declared = doc.get("type", "string")
    if declared == "number":
        return "pct" if doc.get("unit") == "procent" else "amount"
    return {"integer": "int", "date": "date", "boolean": "bool"}.get(declared, "text")


KINDS = ("text", "int", "amount", "pct", "date", "bool")
COLUMN_KINDS: dict[str, str] = {name: _kind_of(doc) for name, doc in COLUMN_DOCS.items()}


# --- Sort order: codes in the contract's order, cells by row then column ---------------------------

# Columns whose values are codes with a declared order (unknown codes follow, sorted).
CODE_ORDER: dict[str, tuple[str, ...]] = {
    "category": tuple(c.COST_CATEGORIES.values()),
    "source": tuple(c.FINANCING_SOURCES.values()),
    "indicator": tuple(c.INDICATORS.values()),
    "meeting_type": tuple(c.MEETING_TYPES.values()),
    "severity": (c.SEVERITY_ERROR, c.SEVERITY_WARNING),
}


def _cell_rank(cell: str) -> tuple[int, int]:
    """A1 addresses by row, then column (B2 before A10); "" first."""
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    column = 0
    for letter in letters.upper():
        column = column * 26 + (ord(letter) - 64)
    return (int(digits) if digits else 0, column)


def _sort_key(series: pd.Series) -> pd.Series:
    """pandas sort key: declared code order for code columns, row/column order for cells."""
    name = str(series.name)
    if name in CODE_ORDER:
        declared = CODE_ORDER[name]
        others = sorted(set(series.dropna()) - set(declared))
        rank = {code: i for i, code in enumerate((*declared, *others))}
        return series.map(lambda v: -1 if pd.isna(v) else rank[v])
    if name == "cell" or name.endswith("_cell"):
        return series.map(lambda v: (0, 0) if pd.isna(v) else _cell_rank(v)).map(
            lambda t: t[0] * 20_000 + t[1]
        )
    if series.dtype == object:  # Decimals and dates sort as themselves; None first
        return series.map(lambda v: (0, v) if v is not None and not pd.isna(v) else (-1, 0))
    return series


# --- Datasets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One hand-over CSV: where it lives, what it holds, how it is keyed and ordered."""

    name: str
    path: str  # relative to the outputs folder, POSIX
    columns: tuple[str, ...]
    key: tuple[str, ...] = ()  # unique and never empty
    order: tuple[str, ...] = ()  # sort order; the key when not given
    producer: str = ""  # the stage that writes it, for messages

    @property
    def kinds(self) -> dict[str, str]:
        return {name: COLUMN_KINDS[name] for name in self.columns}

    @property
    def sort_by(self) -> tuple[str, ...]:
        return self.order or self.key

    @property
    def title(self) -> str:
        return TABLE_DOCS[self.name]["title"]

    @property
    def description(self) -> str:
        return TABLE_DOCS[self.name]["description"]

    def file(self, outputs: OutputPaths | Path | str) -> Path:
        return _root(outputs) / self.path


def _extracted(name: str, key: tuple[str, ...], order: tuple[str, ...] = ()) -> Dataset:
    return Dataset(name, f"{EXTRACTED_DIR}/{name}.csv", c.EXTRACTED_COLUMNS[name], key, order, "extract")


def _aggregated(name: str, key: tuple[str, ...], order: tuple[str, ...] = (), file: str = "") -> Dataset:
    columns = c.AGGREGATED_COLUMNS[file or name]
    return Dataset(name, f"{AGGREGATED_DIR}/{file or name}.csv", columns, key, order, "aggregate")


_FINDING_ORDER = ("file", "sheet", "cell", "rule_id", "severity", "project_id", "value", "message")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        # 1_extracted: what the files say, every value with its file, sheet and cell.
        _extracted("files", ("source_file",)),
        _extracted("projects", ("source_file",)),
        _extracted("costs", ("source_file", "row")),
        _extracted("financing", ("source_file", "row")),
        _extracted("indicators", ("source_file", "row")),
        _extracted("narratives", ("source_file", "field"), ("source_file", "cell")),
        _extracted("workbook_totals", ("source_file", "table", "column"), ("source_file", "table", "cell")),
        _extracted("register", ("source_file", "row")),
        _extracted("meetings", ("source_file", "row")),
        _extracted("sheet_headers", ("source_file", "sheet", "column"), ("source_file", "sheet", "cell")),
        _extracted("formula_cells", ("source_file", "sheet", "cell")),
        Dataset(
            "extract_findings",
            f"{EXTRACTED_DIR}/extract_findings.csv",
            c.FINDING_COLUMNS,
            (),
            _FINDING_ORDER,
            "extract",
        ),
        # 2_validated and the findings of both stages.
        # No key: decisions without a workbook share the register's file, and a workbook without an
        # id has an empty project_id; (project_id, source_file) is unique but may be empty.
        Dataset(
            "project_status",
            f"{VALIDATED_DIR}/project_status.csv",
            c.PROJECT_STATUS_COLUMNS,
            (),
            ("project_id", "source_file"),
            "validate",
        ),
        Dataset("findings", "findings.csv", c.FINDING_COLUMNS, (), _FINDING_ORDER, "validate"),
        # 3_aggregated: the figures of the report, accepted projects only.
        _aggregated("project_summary", ("project_id",)),
        _aggregated("by_region", ("county_code",)),
        _aggregated("by_year", ("year",)),
        _aggregated("category_by_year", ("category", "year")),
        _aggregated("category_totals", ("category",)),
        _aggregated("financing_by_year", ("source", "year")),
        _aggregated("financing_totals", ("source",)),
        _aggregated("region_by_year", ("county_code", "year")),
        _aggregated("indicator_totals", ("indicator",), file="indicators"),
        _aggregated("indicators_by_region", ("indicator", "county_code")),
        _aggregated("programme_totals", ()),
        _aggregated("meetings_by_type_year", ("meeting_type", "year")),
        _aggregated("meetings_by_type", ("meeting_type",)),
        _aggregated("good_examples", ("project_id",)),
        _aggregated("set_aside", ("source_file",), ("project_id", "source_file")),
        _aggregated("project_narratives", ("project_id",)),
        _aggregated("findings_by_rule", ("rule_id",)),
        _aggregated("register_decisions", ("source_file", "row"), ("project_id", "source_file", "row")),
    )
}

# Written on request after a run (`python -m pipeline changes`), so not one of every run's
# hand-overs in DATASETS (review packages those). changes has no key or order: the stage writes
# it in its own order (by kind of change, figures biggest move first), which a sort would undo.
ON_REQUEST: dict[str, Dataset] = {
    d.name: d for d in (Dataset("changes", "changes.csv", c.CHANGES_COLUMNS, (), (), "changes"),)
}

EXTRACTED = tuple(n for n, d in DATASETS.items() if d.path.startswith(EXTRACTED_DIR + "/"))
AGGREGATED = tuple(n for n, d in DATASETS.items() if d.path.startswith(AGGREGATED_DIR + "/"))


def dataset(name: str) -> Dataset:
    try:
        return DATASETS[name] if name in DATASETS else ON_REQUEST[name]
    except KeyError:
        raise CatalogError(
            f"Ingen tabell heter {name!r} i katalogen; välj en av: {', '.join(DATASETS)}."
        ) from None


def _root(outputs: OutputPaths | Path | str) -> Path:
    return outputs.root if isinstance(outputs, OutputPaths) else Path(outputs)


# --- Typed values: CSV text ↔ Python ---------------------------------------------------------------


def _parse_int(text: str) -> int:
    if not (text.isdigit() or (text[:1] == "-" and text[1:].isdigit())):
        raise ValueError("inte ett heltal")
    return int(text)


def _parse_decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("inte ett tal") from None
    if not number.is_finite() or "e" in text.lower():
        raise ValueError("inte ett tal i decimalform")
    return number


def _parse_bool(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError("inte true eller false")
    return text == "true"


_PARSE: dict[str, Callable[[str], Any]] = {
    "text": restore,
    "int": _parse_int,
    "amount": _parse_decimal,
    "pct": _parse_decimal,
    "date": dt.date.fromisoformat,
    "bool": _parse_bool,
}


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT


def _format(kind: str, value: Any) -> str:
    """One value as its CSV field; raise TypeError if it is not of the column's kind."""
    if _missing(value):
        return ""
    if kind == "text":
        if isinstance(value, str):
            return neutralise(value)
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) or type(value).__name__.startswith("int"):
            return str(int(value))
    elif kind in ("amount", "pct"):
        if isinstance(value, Decimal) and value.is_finite():
            return decimal_text(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    elif kind == "date":
        if isinstance(value, dt.datetime):
            if value.time() == dt.time():
                return value.date().isoformat()
        elif isinstance(value, dt.date):
            return value.isoformat()
    elif kind == "bool":
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return "true" if value else "false"
    raise TypeError(f"{type(value).__name__} {value!r} passar inte kolumntypen {kind}")


def _formats(kind: str, value: Any) -> bool:
    try:
        _format(kind, value)
    except TypeError:
        return False
    return True


# The common value of each kind formatted without the general checks: writing 4,000 workbooks'
# rows is ~1.5 million fields, and the general path costs ~1 µs more per field.
_COMMON_CASE: dict[str, Callable[[Any], str]] = {
    "text": lambda v: v if type(v) is str and v[:1] not in NEUTRALISED_STARTS else _format("text", v),
    "int": lambda v: str(v) if type(v) is int else _format("int", v),
    "amount": lambda v: decimal_text(v) if type(v) is Decimal and v.is_finite() else _format("amount", v),
    "pct": lambda v: decimal_text(v) if type(v) is Decimal and v.is_finite() else _format("pct", v),
    "date": lambda v: v.isoformat() if type(v) is dt.date else _format("date", v),
    "bool": lambda v: ("true" if v else "false") if type(v) is bool else _format("bool", v),
}


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
    ds = dataset(name)
    path = ds.file(outputs)
    if not path.is_file():
        raise CatalogError(f"{path} saknas. {_rerun(ds)}")
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
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
    positions = {column: header.index(column) for column in ds.columns}
    data: dict[str, list[Any]] = {}
    for column, kind in ds.kinds.items():
        parse, index, values = _PARSE[kind], positions[column], []
        for line, record in enumerate(records, start=2):
            text = record[index]
            if text == "":
                values.append(None)
                continue
            try:
                values.append(parse(text))
            except ValueError as exc:
                raise CatalogError(
                    f"{path}, rad {line}, kolumn {column}: {text!r} är {_kind_words(kind)} "
                    f"({exc}). {_rerun(ds)}"
                ) from None
        data[column] = values
    frame = _typed(ds, pd.DataFrame(data, columns=list(ds.columns)))
    _check_key(ds, frame, where=str(path), first_line=2)
    return frame


def _kind_words(kind: str) -> str:
    return {
        "text": "ingen text",
        "int": "inget heltal",
        "amount": "inget belopp",
        "pct": "ingen procentsats",
        "date": "inget datum (ÅÅÅÅ-MM-DD)",
        "bool": "inget sanningsvärde",
    }[kind]


_DTYPES = {"text": "string", "int": "Int64", "bool": "boolean"}


def _typed(ds: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Give each column its kind's dtype (Decimal and date columns stay objects, None for empty)."""
    for column, kind in ds.kinds.items():
        if kind in _DTYPES:
            frame[column] = frame[column].astype(_DTYPES[kind])
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def empty(name: str) -> pd.DataFrame:
    """A frame with the dataset's columns and dtypes and no rows (a stage with nothing to say)."""
    ds = dataset(name)
    return _typed(ds, pd.DataFrame({column: [] for column in ds.columns}, columns=list(ds.columns)))


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
        frame = frame.sort_values(list(ds.sort_by), key=_sort_key, kind="stable").reset_index(drop=True)
    formatted: list[list[str]] = []
    for column, kind in ds.kinds.items():
        common, values = _COMMON_CASE[kind], frame[column].tolist()
        try:
            formatted.append([common(value) for value in values])
        except TypeError as exc:
            position = next(i for i, value in enumerate(values) if not _formats(kind, value))
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
    return _typed(ds, frame)


__all__ = [
    "CatalogError",
    "DATASETS",
    "Dataset",
    "dataset",
    "empty",
    "frame_from_records",
    "load",
    "save",
    "save_all",
    "to_csv_bytes",
]
