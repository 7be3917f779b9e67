"""The shape of a declaration: what a column means (its documentation entry) and what a table is.

A column's entry is a Frictionless Table Schema field without its name: Swedish `title`, the
`description` (its definition, what docs/figures.md and datapackage.json say), `type` (string,
integer, number, date, boolean) and, for a number, its `unit` ("SEK" or "procent"). The catalog
derives the column's kind (text, int, amount, pct, date, bool) from type and unit.

A `Table` declares one hand-over as dbt's schema.yml declares a model: name, Swedish title, what
its rows are, its columns in CSV order, its key and the values a key column accepts. A column is
named when its meaning is the glossary's (pipeline/column_docs: a name means the same in every
table), or given with its own entry when only this table has it.

This module imports nothing of the pipeline, so every declaration can use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

SEK = "SEK"
PERCENT = "procent"
NUMBER_UNITS = (SEK, PERCENT)

# How a figure is rounded, said once; pipeline/rounding.py does it and docs/figures.md states it.
PCT_ROUNDING = (
    "Procent med en decimal, avrundad en gång ur exakta summor (exakt hälften bort från noll, "
    "se docs/figures.md); tomt när nämnaren är noll."
)


def doc(title: str, description: str, type: str = "string", unit: str | None = None) -> dict[str, str]:
    entry = {"title": title, "description": description, "type": type}
    if unit:
        entry["unit"] = unit
    return entry


def amount(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "number", SEK)


def pct(title: str, description: str) -> dict[str, str]:
    return doc(title, f"{description} {PCT_ROUNDING}", "number", PERCENT)


def count(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "integer")


def flag(title: str, description: str) -> dict[str, str]:
    return doc(title, description, "boolean")


def missing_parts(entry: Mapping[str, str]) -> list[str]:
    """What a column's entry lacks: a title, a definition, or (for a number) its unit."""
    lacking = [part for part in ("title", "description") if not entry.get(part, "").strip()]
    if entry.get("type") == "number" and entry.get("unit") not in NUMBER_UNITS:
        lacking.append("unit")
    return lacking


Column = str | tuple[str, Mapping[str, str]]


@dataclass(frozen=True, eq=False)  # one object per table: compared and hashed by identity
class Table:
    """One hand-over CSV of 3_aggregated, declared once: everything else reads it."""

    name: str
    title: str
    description: str  # which rows the table has, and anything its columns' definitions do not say
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the row's identity: unique, never empty outside key_may_be_empty
    order: tuple[str, ...] = ()  # sort order; the key when not given
    key_may_be_empty: tuple[str, ...] = ()  # key columns that may be empty (a unique key, not primary)
    file: str = ""  # the CSV's stem when it differs from the name
    accepted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # column → accepted values

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c if isinstance(c, str) else c[0] for c in self.columns)

    @property
    def own_docs(self) -> dict[str, Mapping[str, str]]:
        """The entries of the columns only this table has (declared here, not in the glossary)."""
        return {c[0]: c[1] for c in self.columns if not isinstance(c, str)}

    @property
    def stem(self) -> str:
        return self.file or self.name
