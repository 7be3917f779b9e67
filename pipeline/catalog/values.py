"""Column kinds, and how a value of each kind is read from and written to a CSV field.

The kind of a column follows from its Frictionless type and unit in `column_docs/` (one
declaration per column name). Sorting: codes in the contract's order, cells by row then column.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import contract as c
from ..column_docs import COLUMN_DOCS
from ..safe_io import NEUTRALISED_STARTS, decimal_text, neutralise, restore

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


def cell_order(cell: str) -> int:
    """A1 addresses by row, then column (B2 before A10): row × 20,000 + column; "" first."""
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    column = 0
    for letter in letters.upper():
        column = column * 26 + (ord(letter) - 64)
    return (int(digits) if digits else 0) * 20_000 + column


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


PARSE: dict[str, Callable[[str], Any]] = {
    "text": lambda text: restore(text) if text[0] == "'" else text,  # only an apostrophe is ever undone
    "int": _parse_int,
    "amount": _parse_decimal,
    "pct": _parse_decimal,
    "date": dt.date.fromisoformat,
    "bool": _parse_bool,
}


def _missing(value: Any) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return True
    pd = sys.modules.get("pandas")  # no value is pandas' NA or NaT before pandas is imported
    return pd is not None and (value is pd.NA or value is pd.NaT)


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


def formats(kind: str, value: Any) -> bool:
    try:
        _format(kind, value)
    except TypeError:
        return False
    return True


# The common value of each kind formatted without the general checks: writing 4,000 workbooks'
# rows is ~1.5 million fields, and the general path costs ~1 µs more per field.
COMMON_CASE: dict[str, Callable[[Any], str]] = {
    "text": lambda v: v if type(v) is str and v[:1] not in NEUTRALISED_STARTS else _format("text", v),
    "int": lambda v: str(v) if type(v) is int else _format("int", v),
    "amount": lambda v: decimal_text(v) if type(v) is Decimal and v.is_finite() else _format("amount", v),
    "pct": lambda v: decimal_text(v) if type(v) is Decimal and v.is_finite() else _format("pct", v),
    "date": lambda v: v.isoformat() if type(v) is dt.date else _format("date", v),
    "bool": lambda v: ("true" if v else "false") if type(v) is bool else _format("bool", v),
}


def format_column(kind: str, values: list[Any]) -> list[str]:
    """Every value of a column as its CSV field (COMMON_CASE; raises TypeError as _format does).
    Texts, most of the fields, are tested inline rather than with a call per field."""
    if kind == "text":
        return [
            v if type(v) is str and v[:1] not in NEUTRALISED_STARTS else _format("text", v) for v in values
        ]
    return list(map(COMMON_CASE[kind], values))


def kind_words(kind: str) -> str:
    return {
        "text": "ingen text",
        "int": "inget heltal",
        "amount": "inget belopp",
        "pct": "ingen procentsats",
        "date": "inget datum (ÅÅÅÅ-MM-DD)",
        "bool": "inget sanningsvärde",
    }[kind]
